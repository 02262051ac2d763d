import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawBenefits

/// Lodging a grievance and moving it through its workflow. Each command is one transaction
/// that changes the grievance, appends a `grievance_events` row and writes the audit record,
/// so a failure leaves nothing half-saved.
package struct GrievanceService {
    package let db: any Database
    package let actor: CurrentUser?
    package let audit: AuditService
    package var now: Date = AppClock.now

    package var today: CalendarDate { CalendarDate.ashgabat(secondsSince1970: now.timeIntervalSince1970) }

    package func on(_ database: any Database) -> GrievanceService {
        GrievanceService(db: database, actor: actor, audit: audit.on(database), now: now)
    }

    /// Lodges a complaint. `publicPage` means nobody is signed in: any etrap, channel web.
    package func lodge(_ draft: GrievanceDraft, publicPage: Bool) async throws -> Grievance {
        let valid = try await draft.validate(on: db, scope: publicPage ? nil : (actor?.scope ?? .national), today: today)
        return try await db.writing { tx in
            let grievance = try await insert(valid, recipient: .desk, anonymous: false, on: tx)
            try await audit.on(tx).record(.grievanceLodged, recordType: "grievance", recordID: grievance.id!.uuidString,
                                          detail: "\(grievance.number) \(grievance.channel)")
            return grievance
        }
    }

    /// The new grievance and its first history row, in the caller's transaction: the one way a
    /// complaint is stored, whether the desk's or a child's.
    func insert(_ valid: ValidGrievance, recipient: ComplaintRecipient, anonymous: Bool, on tx: any Database) async throws -> Grievance {
        let grievance = Grievance()
        grievance.id = AppClock.newID()
        grievance.number = Counters.format("G-", try await Counters.next("grievance", on: tx))
        grievance.trackingCode = try await Self.freshTrackingCode(on: tx)
        grievance.category = valid.category.id!
        grievance.channel = valid.channel.rawValue
        grievance.complainantName = valid.complainantName
        grievance.complainantContact = valid.complainantContact
        grievance.$person.id = valid.person?.id
        grievance.subjectKind = valid.subject.rawValue
        grievance.subjectReference = valid.subjectReference
        grievance.description = valid.description
        grievance.$territory.id = valid.territory.id
        grievance.territoryPath = valid.territory.path
        grievance.status = GrievanceStatus.open.rawValue
        grievance.lodgedAt = now
        startClock(grievance, days: valid.category.slaDays)
        grievance.escalationLevel = 0
        grievance.createdBy = actor?.id
        grievance.version = 1
        grievance.recipient = recipient.rawValue
        grievance.anonymous = anonymous
        try await grievance.create(on: tx)
        try await GrievanceEvent(grievanceID: grievance.id!, kind: "lodged", from: nil, to: grievance.status,
                                 note: nil, actor: actor, at: now).create(on: tx)
        return grievance
    }

    /// Moves a grievance on. Refused, in this order: someone saved first (stale version), the
    /// action is not possible in the current status, or a required note or assignee is missing.
    /// `actor == nil` is the complainant appealing through the public tracking page.
    package func perform(_ action: GrievanceAction, on grievance: Grievance, note rawNote: String, assignee: String = "",
                 expectedVersion: Int) async throws {
        guard grievance.version == expectedVersion else { throw AppError.conflict("error.stale") }
        let from = grievance.statusValue
        // A child's complaint takes the steps of its own pages only.
        let offered = !grievance.isChildComplaint || ChildComplaintRouting.staffActions.contains(action)
        guard offered, let to = GrievanceWorkflow.next(from: from, action, appealedBefore: grievance.appealedAt != nil) else {
            throw AppError.conflict("grievance.transition_refused")
        }
        let note = rawNote.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldProblem] = []
        let assignedUser = action == .assign
            ? try await assignees(for: grievance).first { $0.username == assignee || $0.id?.uuidString.lowercased() == assignee.lowercased() }
            : nil
        switch action {
        case .assign:
            if assignedUser == nil { problems.append(.init(field: "assignee", key: "validation.choose")) }
        case .escalate, .resolve, .appeal:
            if note.isEmpty { problems.append(.init(field: "note", key: "validation.required")) }
        case .close:
            break
        }
        if note.count > GrievanceDraft.textLimit { problems.append(.init(field: "note", key: "validation.too_long")) }
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let slaDays = action == .appeal ? try await GrievanceCategoryRow.find(grievance.category, on: db)?.slaDays : nil

        try await db.writing { tx in
            let id = try grievance.requireID()
            let changed = try await (tx as! any SQLDatabase).update(Grievance.schema)
                .set("version", to: SQLBind(expectedVersion + 1))
                .where("id", .equal, SQLBind(id)).where("version", .equal, SQLBind(expectedVersion))
                .returning("id").all()
            guard changed.count == 1 else { throw AppError.conflict("error.stale") }
            grievance.version = expectedVersion + 1
            grievance.status = to.rawValue
            var eventNote: String? = note.isEmpty ? nil : note
            switch action {
            case .assign:
                grievance.$assignee.id = assignedUser?.id
                eventNote = [assignedUser.map { "\($0.fullName) (\($0.username))" }, eventNote].compactMap { $0 }.joined(separator: " · ")
            case .escalate:
                grievance.escalationLevel += 1
            case .resolve:
                grievance.resolution = note
                grievance.resolvedAt = now
            case .appeal:
                grievance.appealReason = note
                grievance.appealedAt = now
                grievance.resolvedAt = nil
                startClock(grievance, days: slaDays ?? GrievanceCategory(rawValue: grievance.category)?.defaultSLADays ?? 30)
                if grievance.subjectKind == GrievanceSubject.application.rawValue, let number = grievance.subjectReference {
                    try await GrievanceAppeal.reopenDecision(applicationNumber: number, reason: note, grievanceNumber: grievance.number,
                                                             on: tx, actor: actor, audit: audit.on(tx))
                }
            case .close:
                grievance.closedAt = now
            }
            try await grievance.save(on: tx)
            try await GrievanceEvent(grievanceID: id, kind: action.rawValue, from: from.rawValue, to: to.rawValue,
                                     note: eventNote, actor: actor, at: now).create(on: tx)
            try await audit.on(tx).record(.grievanceChanged, recordType: "grievance", recordID: id.uuidString,
                                          detail: "\(grievance.number) \(action.rawValue) \(from.rawValue)→\(to.rawValue)")
        }
    }

    /// Active staff who may handle this grievance: a role with the desk, and a scope that holds
    /// the grievance's etrap (national, its welaýat or the etrap itself).
    package func assignees(for grievance: Grievance) async throws -> [User] {
        // A child's complaint stays with the office it is addressed to.
        let roles = ChildComplaintRouting.readers(of: grievance.recipientValue).map(\.rawValue)
        let codes = grievance.territoryPath.split(separator: "/").map(String.init)
        let ancestors = codes.indices.map { TerritoryPath.make(Array(codes[...$0])) }
        return try await User.query(on: db)
            .join(parent: \User.$territory, method: .left)
            .filter(\.$isActive == true)
            .filter(\.$roleRaw ~~ roles)
            .group(.or) { group in
                group.filter(\.$scopeKindRaw == ScopeKind.national.rawValue)
                group.filter(Territory.self, \.$path ~~ ancestors)
            }
            .sort(\.$fullName)
            .limit(500)
            .all()
    }

    /// The SLA clock starts today: due after the category's days, at risk from 75 % of them.
    private func startClock(_ grievance: Grievance, days: Int) {
        let due = GrievanceSLA.dueDate(start: today, days: days)
        grievance.slaStart = today.iso
        grievance.dueDate = due.iso
        grievance.riskDate = GrievanceSLA.riskDate(start: today, due: due).iso
    }

    /// A code nobody holds yet. A clash among 6·10^13 codes is next to impossible; the unique
    /// index would refuse one anyway, so a few tries are plenty.
    package static func freshTrackingCode(on db: any Database) async throws -> String {
        for _ in 0..<5 {
            let code = TrackingCode.generate()
            if try await Grievance.query(on: db).filter(\.$trackingCode == code).count() == 0 { return code }
        }
        throw AppError.conflict("error.stale")
    }

    /// The grievance behind a code typed on the public page, or nil.
    package func find(trackingCode raw: String) async throws -> Grievance? {
        guard let code = TrackingCode.normalise(raw) else { return nil }
        return try await Grievance.query(on: db).filter(\.$trackingCode == code).first()
    }

    package init(db: any Database, actor: CurrentUser?, audit: AuditService, now: Date = AppClock.now) {
        self.db = db
        self.actor = actor
        self.audit = audit
        self.now = now
    }
}

extension Request {
    package var grievances: GrievanceService { GrievanceService(db: db, actor: currentUser, audit: audit) }
}
