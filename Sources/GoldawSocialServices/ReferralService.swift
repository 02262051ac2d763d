import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// Sending referrals and moving them through their life. Each command is one transaction that
/// changes the referral (and the service's occupancy), appends an event and writes the audit.
package struct ReferralService {
    package let db: any Database
    package let actor: CurrentUser?
    package let audit: AuditService
    package var now: Date = AppClock.now

    package var today: CalendarDate { CalendarDate.ashgabat(secondsSince1970: now.timeIntervalSince1970) }

    package static let textLimit = 4000

    package struct Draft: Sendable {
        package var serviceID = ""
        package var urgency = ""
        package var reason = ""
        package var information = ""
        package var consentBy = ""
        package var consentScope = ""
        package var consentDate = ""
        /// "1" when a supervisor sends without consent.
        package var override = false
        package var overrideReason = ""
        package var source = "worker"
        package var sourceReference = ""

        package var formValues: [String: String] {
            ["serviceID": serviceID, "urgency": urgency, "reason": reason, "information": information, "consentBy": consentBy,
             "consentScope": consentScope, "consentDate": consentDate, "override": override ? "1" : "", "overrideReason": overrideReason,
             "source": source, "sourceReference": sourceReference]
        }

        package init(serviceID: String = "", urgency: String = "", reason: String = "", information: String = "", consentBy: String = "", consentScope: String = "", consentDate: String = "", override: Bool = false, overrideReason: String = "", source: String = "worker", sourceReference: String = "") {
            self.serviceID = serviceID
            self.urgency = urgency
            self.reason = reason
            self.information = information
            self.consentBy = consentBy
            self.consentScope = consentScope
            self.consentDate = consentDate
            self.override = override
            self.overrideReason = overrideReason
            self.source = source
            self.sourceReference = sourceReference
        }
    }

    package static let sources = ["worker", "benefits", "grievance", "case"]

    /// Sends a referral for `person`. Refused with every problem at once: no service, no reason,
    /// and above all no consent and no supervisor's override.
    package func send(_ draft: Draft, person: Person) async throws -> Referral {
        var problems: [FieldProblem] = []
        let service = try await UUID(uuidString: draft.serviceID).asyncFlatMap { try await SocialService.find($0, on: db) }
        if service?.active != true { problems.append(.init(field: "serviceID", key: "validation.choose")) }
        let urgency = ReferralUrgency(rawValue: draft.urgency)
        if urgency == nil { problems.append(.init(field: "urgency", key: "validation.choose")) }
        let reason = trimmed(draft.reason)
        if reason.isEmpty { problems.append(.init(field: "reason", key: "validation.required")) }
        else if reason.count > Self.textLimit { problems.append(.init(field: "reason", key: "validation.too_long")) }
        let information = trimmed(draft.information)
        if information.count > Self.textLimit { problems.append(.init(field: "information", key: "validation.too_long")) }
        if !Self.sources.contains(draft.source) { problems.append(.init(field: "source", key: "validation.choose")) }
        if person.mergedIntoID != nil { problems.append(.init(field: "person", key: "registry.merged_read_only")) }

        var giver: ConsentGiver?, scope: ReferralConsentScope?, consentDay: CalendarDate?
        var overrideReason: String?
        if draft.override {
            if actor?.role != .supervisor { problems.append(.init(field: "override", key: "referrals.problem.override_supervisor")) }
            let text = trimmed(draft.overrideReason)
            if text.isEmpty { problems.append(.init(field: "overrideReason", key: "referrals.problem.override_reason")) }
            else if text.count > Self.textLimit { problems.append(.init(field: "overrideReason", key: "validation.too_long")) }
            overrideReason = text
            // Without consent nothing beyond the referral itself is shared.
            if !information.isEmpty { problems.append(.init(field: "information", key: "referrals.problem.information_without_consent")) }
        } else if draft.consentBy.isEmpty && draft.consentScope.isEmpty && trimmed(draft.consentDate).isEmpty {
            problems.append(.init(field: "consentBy", key: "referrals.problem.consent_required"))
        } else {
            giver = ConsentGiver(rawValue: draft.consentBy)
            if giver == nil { problems.append(.init(field: "consentBy", key: "validation.choose")) }
            scope = ReferralConsentScope(rawValue: draft.consentScope)
            if scope == nil { problems.append(.init(field: "consentScope", key: "validation.choose")) }
            consentDay = CalendarDate(userInput: trimmed(draft.consentDate))
            if consentDay == nil { problems.append(.init(field: "consentDate", key: "validation.date")) }
            else if consentDay! > today { problems.append(.init(field: "consentDate", key: "referrals.problem.consent_future")) }
            if scope == .referralOnly && !information.isEmpty {
                problems.append(.init(field: "information", key: "referrals.problem.information_without_consent"))
            }
        }
        // A referral from a case is linked to it: the case must be this person's.
        var linkedCase: UUID?
        if draft.source == "case" {
            let number = trimmed(draft.sourceReference).uppercased()
            linkedCase = try await Domains.findRecord(.childProtectionCase, number: number, person: person.requireID(), on: db)
            if let linkedCase {
                if let refusal = try await Domains.referralRefusal(from: .childProtectionCase, id: linkedCase, on: db) {
                    problems.append(.init(field: "sourceReference", key: refusal))
                }
            } else {
                problems.append(.init(field: "sourceReference", key: "referrals.problem.case_unknown"))
            }
        }
        guard problems.isEmpty, let service, let urgency else { throw AppError.invalid(problems) }
        let (consentBy, consentScope, consentOn, overrideText, caseID) = (giver, scope, consentDay, overrideReason, linkedCase)
        let days = try await deadlineDays(.respond, urgency)
        return try await db.writing { tx in
            let referral = Referral()
            referral.id = AppClock.newID()
            referral.number = Counters.format("RF-", try await Counters.next("referral", on: tx))
            referral.$person.id = try person.requireID()
            referral.$service.id = try service.requireID()
            referral.$provider.id = service.$provider.id
            referral.territoryPath = person.territoryPath
            referral.urgency = urgency.rawValue
            referral.reason = reason
            referral.information = information.isEmpty ? nil : information
            referral.consentBy = consentBy?.rawValue
            referral.consentScope = consentScope?.rawValue
            referral.consentDate = consentOn?.iso
            referral.overrideReason = overrideText
            referral.overrideBy = overrideText == nil ? nil : actor?.id
            referral.source = draft.source
            referral.caseID = caseID
            let reference = trimmed(draft.sourceReference).uppercased()
            referral.sourceReference = reference.isEmpty ? nil : String(reference.prefix(40))
            referral.status = ReferralStatus.sent.rawValue
            referral.sentOn = today.iso
            referral.dueDate = today.adding(days: days).iso
            referral.senderID = actor?.id
            referral.senderName = actor.map { "\($0.fullName) (\($0.username))" } ?? "—"
            referral.version = 1
            try await referral.create(on: tx)
            try await ReferralEvent(referralID: referral.id!, kind: "sent", from: nil, to: referral.status,
                                    note: nil, actor: actor, at: now).create(on: tx)
            let trail = audit.on(tx)
            try await trail.record(.referralSent, recordType: "referral", recordID: referral.id!.uuidString,
                                   detail: "\(referral.number) \(person.number) → \(service.name)")
            if let overrideReason = overrideText {
                try await trail.record(.referralOverride, recordType: "referral", recordID: referral.id!.uuidString,
                                       detail: "\(referral.number): \(overrideReason)")
            }
            return referral
        }
    }

    /// Days allowed for `step` at `urgency` on today's date: the latest dated row, or the default.
    package func deadlineDays(_ step: ReferralStep, _ urgency: ReferralUrgency) async throws -> Int {
        try await ReferralDeadline.query(on: db).filter(\.$step == step.rawValue).filter(\.$urgency == urgency.rawValue)
            .filter(\.$validFrom <= today.iso).sort(\.$validFrom, .descending).first()?.days ?? step.defaultDays(urgency)
    }

    /// The service's waiting list, in the order places are offered.
    package func waitingList(serviceID: UUID, on database: (any Database)? = nil) async throws -> [Referral] {
        let rows = try await Referral.query(on: database ?? db).filter(\.$service.$id == serviceID)
            .filter(\.$status == ReferralStatus.waitlisted.rawValue).all()
        let order = WaitingList.ordered(rows.map(Self.entry)).map(\.id)
        let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.id!.uuidString, $0) })
        return order.compactMap { byID[$0] }
    }

    package static func entry(_ referral: Referral) -> WaitingList.Entry {
        WaitingList.Entry(id: referral.id!.uuidString, urgency: referral.urgencyValue, sentOn: referral.sentOn, number: referral.number)
    }

    /// Moves a referral on. Refused, in this order: a stale version, a step out of order, a
    /// missing reason or outcome, and for acceptance a full service or someone first in line.
    package func perform(_ action: ReferralAction, on referral: Referral, note rawNote: String, expectedVersion: Int) async throws {
        guard referral.version == expectedVersion else { throw AppError.conflict("error.stale") }
        let from = referral.statusValue
        guard let to = ReferralWorkflow.next(from: from, action) else { throw AppError.conflict("referrals.transition_refused") }
        let note = rawNote.trimmingCharacters(in: .whitespacesAndNewlines)
        if ReferralWorkflow.needsNote(action) && note.isEmpty { throw AppError.invalid([.init(field: "note", key: "referrals.problem.note_required")]) }
        if note.count > Self.textLimit { throw AppError.invalid([.init(field: "note", key: "validation.too_long")]) }
        let startDays = try await deadlineDays(.start, referral.urgencyValue)
        let outcomeDays = try await deadlineDays(.outcome, referral.urgencyValue)

        try await db.writing { tx in
            let id = try referral.requireID()
            let serviceID = referral.$service.id
            let sql = tx as! any SQLDatabase
            if action == .accept {
                guard let service = try await SocialService.find(serviceID, on: tx) else { throw AppError.notFound }
                let waiting = try await waitingList(serviceID: serviceID, on: tx).map(Self.entry)
                switch WaitingList.mayAccept(Self.entry(referral), capacity: service.capacity, occupancy: service.occupancy, waiting: waiting) {
                case .full?: throw AppError.conflict("referrals.full")
                case .notFirst?: throw AppError.conflict("referrals.not_first")
                case nil: break
                }
                // The place is taken in one statement, so two acceptances cannot both get the last one.
                let taken = try await sql.update(SocialService.schema)
                    .set(SQLIdentifier("occupancy"), to: SQLRaw("occupancy + 1"))
                    .where("id", .equal, SQLBind(serviceID))
                    .where(SQLRaw("(capacity IS NULL OR occupancy < capacity)"))
                    .returning("id").all()
                guard taken.count == 1 else { throw AppError.conflict("referrals.full") }
            }
            if from.holdsPlace && !to.holdsPlace {
                try await sql.update(SocialService.schema)
                    .set(SQLIdentifier("occupancy"), to: SQLRaw("CASE WHEN occupancy > 0 THEN occupancy - 1 ELSE 0 END"))
                    .where("id", .equal, SQLBind(serviceID)).run()
            }
            try await DirectoryService.bumpVersion(Referral.schema, id: id, expected: expectedVersion, on: tx)
            referral.version = expectedVersion + 1
            referral.status = to.rawValue
            switch to {
            case .accepted: referral.dueDate = today.adding(days: startDays).iso
            case .started: referral.dueDate = today.adding(days: outcomeDays).iso
            case .waitlisted, .declined, .delivered, .ended, .sent: referral.dueDate = nil
            }
            if [.decline, .deliver, .end].contains(action) { referral.outcome = note }
            try await referral.save(on: tx)
            try await ReferralEvent(referralID: id, kind: action.rawValue, from: from.rawValue, to: to.rawValue,
                                    note: note.isEmpty ? nil : note, actor: actor, at: now).create(on: tx)
            try await audit.on(tx).record(.referralChanged, recordType: "referral", recordID: id.uuidString,
                                          detail: "\(referral.number) \(action.rawValue) \(from.rawValue)→\(to.rawValue)")
        }
    }

    package struct ListQuery: Sendable {
        package var status = ""
        package var overdueOnly = false
        package var page = 1
        package var perPage = 25
    }

    /// Referrals sent from the scope (sender side) or to one provider (provider side): open
    /// ones first by deadline, then finished ones, newest first.
    package func list(_ query: ListQuery, scope: Scope, providerID: UUID? = nil) async throws -> Pager<Referral> {
        var builder = Referral.query(on: db)
        if let providerID {
            builder = builder.filter(\.$provider.$id == providerID)
        } else {
            switch scope.kind {
            case .national: break
            case .region, .district:
                builder = builder.under(\.$territoryPath, scope.territoryPath ?? "/none/")
            case .organisation:
                return .empty(page: query.page, perPage: query.perPage)
            }
        }
        let open = ReferralStatus.allCases.filter(\.isOpen).map(\.rawValue)
        if let status = ReferralStatus(rawValue: query.status) {
            builder = builder.filter(\.$status == status.rawValue)
        } else if query.status != "all" {
            builder = builder.filter(\.$status ~~ open)
        }
        if query.overdueOnly { builder = builder.filter(\.$status ~~ open).filter(\.$dueDate < today.iso) }
        builder = query.status == "all" || ReferralStatus(rawValue: query.status)?.isOpen == false
            ? builder.sort(\.$sentOn, .descending).sort(\.$number, .descending)
            // A referral with no due date last on both databases (SQLite puts NULL first, PostgreSQL last).
            : builder.sort(.custom(SQLRaw("(\"due_date\" IS NULL)"))).sort(\.$dueDate).sort(\.$number)
        let page = try await builder.readPage(query.page, perPage: query.perPage)
        // On the sender side a referral made from a case carries the case's reason: only the
        // case team sees it. The provider side sees what the referral shares with it.
        if providerID == nil, let actor {
            let readable = try await readableCases(page.rows, by: actor)
            return page.withRows(page.rows.filter { $0.caseID.map(readable.contains) ?? true })
        }
        return page
    }

    /// The cases behind these referrals that `reader` may read.
    package func readableCases(_ referrals: [Referral], by reader: CurrentUser) async throws -> Set<UUID> {
        try await Domains.readable(.childProtectionCase, ids: Set(referrals.compactMap(\.caseID)), by: reader, on: db)
    }

    /// How many open referrals are past their step's deadline, for the home cards.
    package func overdueCount(scope: Scope, providerID: UUID? = nil) async throws -> Int {
        var query = ListQuery()
        query.overdueOnly = true
        query.perPage = 500
        return try await list(query, scope: scope, providerID: providerID).rows.count
    }

    package init(db: any Database, actor: CurrentUser?, audit: AuditService, now: Date = AppClock.now) {
        self.db = db
        self.actor = actor
        self.audit = audit
        self.now = now
    }
}

extension ReferralService {
    /// Overdue referrals on the home page: the provider's incoming ones, the sender's sent ones.
    package func homeCards(for me: CurrentUser, req: Request) async throws -> [HomeController.Card] {
        if AccessPolicy.allows(me.role, .handleReferrals), let id = me.scope.organisationID.flatMap(UUID.init(uuidString:)) {
            return [.init(label: req.t("home.card.incoming_overdue"), count: try await overdueCount(scope: me.scope, providerID: id),
                          href: AppRoute.incoming.path + "?overdue=1")]
        }
        if AccessPolicy.allows(me.role, .viewReferrals) {
            return [.init(label: req.t("home.card.referrals_overdue"), count: try await overdueCount(scope: me.scope),
                          href: AppRoute.referrals.path + "?overdue=1")]
        }
        return []
    }
}

extension Request {
    package var referrals: ReferralService { ReferralService(db: db, actor: currentUser, audit: audit) }
}

private func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
