import Fluent
import Foundation
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// The steps after the apprehension: the decision (diversion or charge), pre-trial measures and
/// their reviews, the court, detention, what is logged in it, and aftercare.
extension JusticeService {
    // MARK: the decision

    package struct DecisionDraft: Content, Sendable {
        package var version: Int?
        package var decision: String?
        package var decidedOn: String?
        package var note: String?
        // A diversion's terms
        package var kind: String?
        package var conditions: String?
        package var provider: String?
        package var serviceID: String?
        package var startsOn: String?

        package init(version: Int? = nil, decision: String? = nil, decidedOn: String? = nil, note: String? = nil, kind: String? = nil,
                     conditions: String? = nil, provider: String? = nil, serviceID: String? = nil, startsOn: String? = nil) {
            self.version = version
            self.decision = decision
            self.decidedOn = decidedOn
            self.note = note
            self.kind = kind
            self.conditions = conditions
            self.provider = provider
            self.serviceID = serviceID
            self.startsOn = startsOn
        }
    }

    /// Diversion (with its terms), a charge, or no further action. Only the Commission decides an
    /// educational measure; a child below the age is never charged.
    package func decide(_ record: JusticeRecord, _ draft: DecisionDraft) async throws {
        guard let actor else { throw AppError.forbidden }
        var check = Check()
        if record.statusValue != .apprehended { check.add("decision", "justice.validation.already_decided") }
        let decision = check.choice("decision", draft.decision, CaseDecision.self)
        let on = check.date("decidedOn", draft.decidedOn)
        checkDay("decidedOn", on, of: record, &check)
        let note = check.text("note", draft.note, required: false)
        if let decision {
            let limits = try await self.limits(on: CalendarDate(iso: record.offenceOn) ?? today)
            check.add(JusticeProcedure.decisionProblems(decision, age: record.ageAtOffence, offence: record.offenceValue, limits: limits))
        }
        var diversion: Diversion?
        if decision == .diversion {
            let kind = check.choice("kind", draft.kind, DiversionKind.self)
            let conditions = check.text("conditions", draft.conditions)
            let provider = check.text("provider", draft.provider, required: kind != .warning, limit: 300)
            let starts = check.date("startsOn", draft.startsOn)
            checkDay("startsOn", starts, of: record, &check)
            if kind?.needsCommission == true && !AccessPolicy.allows(actor.role, .decideDiversion) {
                check.add("kind", "justice.validation.commission_only")
            }
            if let kind, let starts {
                let row = Diversion()
                row.id = AppClock.newID()
                row.$record.id = try record.requireID()
                row.kind = kind.rawValue
                row.conditions = conditions
                row.provider = provider
                row.serviceID = draft.serviceID.flatMap(UUID.init(uuidString:))
                row.startsOn = starts.iso
                row.byCommission = actor.role == .commissionMember
                row.decidedBy = actor.id
                row.version = 1
                // A warning is complete when given.
                if kind == .warning { row.outcome = DiversionOutcome.completed.rawValue; row.outcomeOn = starts.iso }
                diversion = row
            }
        }
        try check.done()
        guard let decision, let on else { return }
        let status: JusticeStatus = switch decision {
        case .diversion: diversion?.outcome == nil ? .diverted : .closed
        case .charge: .charged
        case .noAction: .closed
        }
        let id = try record.requireID()
        let prepared = diversion
        try await change(record, version: draft.version, kind: "decision", note: decision.rawValue + (prepared.map { " " + $0.kind } ?? "")) { tx in
            guard let fresh = try await JusticeRecord.find(id, on: tx) else { throw AppError.notFound }
            fresh.decision = decision.rawValue
            fresh.decisionOn = on.iso
            fresh.decisionNote = note
            fresh.status = status.rawValue
            try await fresh.update(on: tx)
            try await prepared?.create(on: tx)
        }
        record.status = status.rawValue
    }

    package struct OutcomeDraft: Content, Sendable {
        package var version: Int?
        package var outcome: String?
        package var on: String?
        package var note: String?

        package init(version: Int? = nil, outcome: String? = nil, on: String? = nil, note: String? = nil) {
            self.version = version
            self.outcome = outcome
            self.on = on
            self.note = note
        }
    }

    /// A diversion completed closes the matter; a failed one brings the record back to a decision.
    package func diversionOutcome(_ record: JusticeRecord, _ draft: OutcomeDraft) async throws {
        var check = Check()
        let id = try record.requireID()
        let open = try await Diversion.query(on: db).filter(\.$record.$id == id).filter(\.$outcome == nil).first()
        if open == nil { check.add("outcome", "justice.validation.no_open_diversion") }
        let outcome = check.choice("outcome", draft.outcome, DiversionOutcome.self)
        let on = check.date("on", draft.on)
        checkDay("on", on, of: record, &check)
        if let on, let open, let start = CalendarDate(iso: open.startsOn), on < start { check.add("on", "justice.validation.before_start") }
        let note = check.text("note", draft.note, required: outcome == .failed)
        try check.done()
        guard let open, let outcome, let on else { return }
        let status: JusticeStatus = outcome == .completed ? .closed : .apprehended
        try await change(record, version: draft.version, kind: "diversion_\(outcome.rawValue)", note: note) { tx in
            open.outcome = outcome.rawValue
            open.outcomeOn = on.iso
            open.outcomeNote = note
            open.version += 1
            try await open.update(on: tx)
            guard let fresh = try await JusticeRecord.find(id, on: tx) else { throw AppError.notFound }
            fresh.status = status.rawValue
            if outcome == .failed { fresh.decision = nil; fresh.decisionOn = nil }
            try await fresh.update(on: tx)
        }
        record.status = status.rawValue
    }

    // MARK: pre-trial

    package struct PretrialDraft: Content, Sendable {
        package var version: Int?
        package var measure: String?
        package var orderReference: String?
        package var orderDate: String?
        package var startsAt: String?
        package var place: String?
        package var separated: String?

        package init(version: Int? = nil, measure: String? = nil, orderReference: String? = nil, orderDate: String? = nil,
                     startsAt: String? = nil, place: String? = nil, separated: String? = nil) {
            self.version = version
            self.measure = measure
            self.orderReference = orderReference
            self.orderDate = orderDate
            self.startsAt = startsAt
            self.place = place
            self.separated = separated
        }
    }

    /// A measure before trial for a charged child. Detention needs a court order and a place, is
    /// an admission there, and is reviewed every fortnight.
    package func pretrial(_ record: JusticeRecord, _ draft: PretrialDraft) async throws {
        var check = Check()
        if record.statusValue != .charged { check.add("measure", "justice.validation.not_charged") }
        let measure = check.choice("measure", draft.measure, PretrialMeasure.self)
        let reference = check.text("orderReference", draft.orderReference, required: false, limit: 200)
        let orderDate = check.date("orderDate", draft.orderDate, required: measure?.isCustodial == true)
        checkDay("orderDate", orderDate, of: record, &check)
        let starts = check.moment("startsAt", draft.startsAt)
        checkStep("startsAt", starts, of: record, &check)
        if let measure { check.add(JusticeProcedure.pretrialProblems(measure: measure, orderReference: reference, orderDate: orderDate)) }
        var place: JusticePlace?
        if measure?.isCustodial == true {
            place = try await holdingPlace(draft.place, &check)
        }
        let id = try record.requireID()
        if try await PretrialOrder.query(on: db).filter(\.$record.$id == id).filter(\.$endsOn == nil).first() != nil {
            check.add("measure", "justice.validation.measure_open")
        }
        try check.done()
        guard let measure, let starts else { return }
        let limits = try await self.limits(on: starts.date)
        let path = record.territoryPath
        let chosen = place
        try await change(record, version: draft.version, kind: "pretrial", note: measure.rawValue + (reference.isEmpty ? "" : " " + reference)) { tx in
            let order = PretrialOrder()
            order.id = AppClock.newID()
            order.$record.id = id
            order.measure = measure.rawValue
            order.orderReference = reference
            order.orderDate = orderDate?.iso
            order.startsOn = starts.date.iso
            order.nextReviewOn = measure.isCustodial ? JusticeProcedure.nextReview(after: orderDate ?? starts.date, limits: limits).iso : nil
            order.territoryPath = path
            order.version = 1
            try await order.create(on: tx)
            // A child taken into pre-trial detention leaves police custody at that moment.
            if measure.isCustodial, let fresh = try await JusticeRecord.find(id, on: tx), fresh.inCustody, fresh.custodyEndedAt == nil {
                fresh.custodyEndedAt = self.date(starts)
                try await fresh.update(on: tx)
            }
            if let chosen {
                try await self.admission(recordID: id, place: chosen, kind: .pretrial, at: starts, separated: draft.separated == "on", path: path, on: tx)
            }
        }
    }

    func holdingPlace(_ raw: String?, _ check: inout Check) async throws -> JusticePlace? {
        guard let id = raw.flatMap(UUID.init(uuidString:)), let place = try await JusticePlace.find(id, on: db),
              place.active, place.kindValue.holdsChildren, place.kindValue != .policeCustody else {
            check.add("place", "validation.choose"); return nil
        }
        return place
    }

    func admission(recordID: UUID, place: JusticePlace, kind: DetentionKind, at: LocalMoment, separated: Bool, path: String, on tx: any Database) async throws {
        let stay = Detention()
        stay.id = AppClock.newID()
        stay.$record.id = recordID
        stay.$place.id = try place.requireID()
        stay.organisationID = place.organisationID
        stay.kind = kind.rawValue
        stay.admittedAt = date(at)
        stay.separated = separated
        stay.territoryPath = path
        stay.version = 1
        try await stay.create(on: tx)
    }

    package struct ReviewDraft: Content, Sendable {
        package var version: Int?
        package var reviewedOn: String?
        package var outcome: String?
        package var note: String?

        package init(version: Int? = nil, reviewedOn: String? = nil, outcome: String? = nil, note: String? = nil) {
            self.version = version
            self.reviewedOn = reviewedOn
            self.outcome = outcome
            self.note = note
        }
    }

    /// A review of pre-trial detention: continued (the next review a fortnight on) or ended (the
    /// child released from the place).
    package func reviewPretrial(_ record: JusticeRecord, _ draft: ReviewDraft) async throws {
        var check = Check()
        let id = try record.requireID()
        let order = try await PretrialOrder.query(on: db).filter(\.$record.$id == id).filter(\.$endsOn == nil).first()
        if order?.measureValue.isCustodial != true { check.add("outcome", "justice.validation.no_detention") }
        let on = check.date("reviewedOn", draft.reviewedOn)
        checkDay("reviewedOn", on, of: record, &check)
        if let on, let order, on.iso < order.startsOn { check.add("reviewedOn", "justice.validation.before_start") }
        let outcome = draft.outcome == "end" ? "end" : (draft.outcome == "continue" ? "continue" : nil)
        if outcome == nil { check.add("outcome", "validation.choose") }
        let note = check.text("note", draft.note, required: false)
        try check.done()
        guard let order, let on, let outcome else { return }
        let limits = try await self.limits(on: on)
        try await change(record, version: draft.version, kind: "pretrial_review", note: outcome + (note.isEmpty ? "" : ": " + note)) { tx in
            order.lastReviewOn = on.iso
            if outcome == "end" {
                order.endsOn = on.iso
                order.nextReviewOn = nil
                try await self.releaseOpen(recordID: id, kind: .pretrial, at: LocalMoment(date: on, hour: 12, minute: 0)!, release: .pretrialEnded, on: tx)
            } else {
                order.nextReviewOn = JusticeProcedure.nextReview(after: on, limits: limits).iso
            }
            order.version += 1
            try await order.update(on: tx)
        }
    }

    func releaseOpen(recordID: UUID, kind: DetentionKind, at: LocalMoment, release: ReleaseKind, on tx: any Database) async throws {
        let open = try await Detention.query(on: tx).filter(\.$record.$id == recordID).filter(\.$kind == kind.rawValue).filter(\.$releasedAt == nil).all()
        for stay in open {
            stay.releasedAt = max(date(at), stay.admittedAt)
            stay.releaseKind = release.rawValue
            stay.version += 1
            try await stay.update(on: tx)
        }
    }

    // MARK: the court

    package struct CourtDraft: Content, Sendable {
        package var version: Int?
        package var outcome: String?
        package var decidedOn: String?
        package var sentence: String?
        package var months: String?
        package var place: String?
        package var separated: String?

        package init(version: Int? = nil, outcome: String? = nil, decidedOn: String? = nil, sentence: String? = nil,
                     months: String? = nil, place: String? = nil, separated: String? = nil) {
            self.version = version
            self.outcome = outcome
            self.decidedOn = decidedOn
            self.sentence = sentence
            self.months = months
            self.place = place
            self.separated = separated
        }
    }

    /// The court's decision. Any measure before trial ends that day; a custodial sentence needs its
    /// length and a place and starts a sentenced stay there.
    package func court(_ record: JusticeRecord, _ draft: CourtDraft) async throws {
        var check = Check()
        if record.statusValue != .charged { check.add("outcome", "justice.validation.not_charged") }
        let outcome = check.choice("outcome", draft.outcome, CourtOutcome.self)
        let on = check.date("decidedOn", draft.decidedOn)
        checkDay("decidedOn", on, of: record, &check)
        let months = Int((draft.months ?? "").trimmingCharacters(in: .whitespaces))
        let sentence = NonCustodialSentence(rawValue: draft.sentence ?? "")
        var place: JusticePlace?
        if outcome == .custodial, draft.place.flatMap(UUID.init(uuidString:)) != nil {
            var ignore = Check()
            place = try await holdingPlace(draft.place, &ignore)
        }
        if let outcome { check.add(JusticeProcedure.sentenceProblems(outcome: outcome, months: months, hasPlace: place != nil, nonCustodial: sentence)) }
        try check.done()
        guard let outcome, let on else { return }
        let id = try record.requireID()
        let path = record.territoryPath
        let chosen = place
        let status: JusticeStatus = outcome == .acquittal ? .closed : .sentenced
        try await change(record, version: draft.version, kind: "court", note: outcome.rawValue + (months.map { " \($0) months" } ?? "")) { tx in
            guard let fresh = try await JusticeRecord.find(id, on: tx) else { throw AppError.notFound }
            fresh.courtOutcome = outcome.rawValue
            fresh.courtOn = on.iso
            fresh.sentence = outcome == .nonCustodial ? sentence?.rawValue : nil
            fresh.sentenceMonths = outcome == .custodial ? months : nil
            fresh.status = status.rawValue
            try await fresh.update(on: tx)
            for order in try await PretrialOrder.query(on: tx).filter(\.$record.$id == id).filter(\.$endsOn == nil).all() {
                order.endsOn = on.iso
                order.nextReviewOn = nil
                order.version += 1
                try await order.update(on: tx)
            }
            let noon = LocalMoment(date: on, hour: 12, minute: 0)!
            try await self.releaseOpen(recordID: id, kind: .pretrial, at: noon, release: .pretrialEnded, on: tx)
            if let chosen {
                try await self.admission(recordID: id, place: chosen, kind: .sentenced, at: noon, separated: draft.separated == "on", path: path, on: tx)
            }
        }
        record.status = status.rawValue
    }

    // MARK: detention

    package struct ReleaseDraft: Content, Sendable {
        package var version: Int?
        package var releasedAt: String?
        package var kind: String?

        package init(version: Int? = nil, releasedAt: String? = nil, kind: String? = nil) {
            self.version = version
            self.releasedAt = releasedAt
            self.kind = kind
        }
    }

    /// The release from a stay: never before the admission. A sentenced child released is due aftercare.
    package func release(_ stay: Detention, of record: JusticeRecord, _ draft: ReleaseDraft) async throws {
        var check = Check()
        if stay.releasedAt != nil { check.add("releasedAt", "justice.validation.already_released") }
        let at = check.moment("releasedAt", draft.releasedAt)
        let kind = check.choice("kind", draft.kind, ReleaseKind.self)
        if let at {
            if let problem = JusticeProcedure.releaseProblem(admitted: stay.admittedAt.timeIntervalSince1970, released: at.secondsSince1970) {
                check.add("releasedAt", problem)
            } else if at.secondsSince1970 > nowSeconds + 60 {
                check.add("releasedAt", "justice.validation.future")
            }
        }
        try check.done()
        guard let at, let kind else { return }
        try await change(record, version: draft.version, kind: "released", note: kind.rawValue) { tx in
            stay.releasedAt = date(at)
            stay.releaseKind = kind.rawValue
            stay.version += 1
            try await stay.update(on: tx)
        }
    }

    package struct EntryDraft: Content, Sendable {
        package var kind: String?
        package var on: String?
        package var note: String?

        package init(kind: String? = nil, on: String? = nil, note: String? = nil) {
            self.kind = kind
            self.on = on
            self.note = note
        }
    }

    /// A line in the detention log (family contact, education, health, a complaint, an incident) or
    /// an aftercare follow-up visit (`stay` nil). Appends need no version: two at once both land.
    package func log(_ record: JusticeRecord, stay: Detention?, _ draft: EntryDraft) async throws {
        var check = Check()
        let kind: String
        if stay != nil {
            kind = check.choice("kind", draft.kind, DetentionEntryKind.self)?.rawValue ?? ""
        } else {
            kind = "follow_up"
            if record.aftercareOn == nil { check.add("note", "justice.validation.no_aftercare") }
        }
        let on = check.date("on", draft.on)
        checkDay("on", on, of: record, &check)
        if let on, let stay, on < LocalMoment(secondsSince1970: stay.admittedAt.timeIntervalSince1970).date { check.add("on", "justice.validation.before_start") }
        let note = check.text("note", draft.note)
        try check.done()
        guard let on else { return }
        let id = try record.requireID()
        let stayID = try stay?.requireID()
        let audit = self.audit
        let number = record.number
        try await db.writing { tx in
            let entry = JusticeEntry()
            entry.id = AppClock.newID()
            entry.$record.id = id
            entry.$detention.id = stayID
            entry.kind = kind
            entry.entryOn = on.iso
            entry.note = note
            entry.byName = self.actorName
            entry.createdAt = self.now
            try await entry.create(on: tx)
            try await audit.on(tx).record(.justiceRecordChanged, recordType: "justice_record", recordID: id.uuidString, detail: "\(number) \(kind)")
        }
    }

    // MARK: aftercare

    package struct AftercareDraft: Content, Sendable {
        package var version: Int?
        package var plan: String?
        package var plannedOn: String?
        package var worker: String?

        package init(version: Int? = nil, plan: String? = nil, plannedOn: String? = nil, worker: String? = nil) {
            self.version = version
            self.plan = plan
            self.plannedOn = plannedOn
            self.worker = worker
        }
    }

    /// The aftercare and reintegration plan, made before release: the social worker, services, and
    /// follow-up for the period the limits give.
    package func aftercare(_ record: JusticeRecord, _ draft: AftercareDraft) async throws {
        var check = Check()
        let plan = check.text("plan", draft.plan)
        let on = check.date("plannedOn", draft.plannedOn)
        checkDay("plannedOn", on, of: record, &check)
        let workerID = try await socialWorker(draft.worker, for: record, field: "worker", required: true, &check)
        try check.done()
        guard let on else { return }
        let limits = try await self.limits(on: on)
        let id = try record.requireID()
        let username = (draft.worker ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        try await change(record, version: draft.version, kind: "aftercare", note: username) { tx in
            guard let fresh = try await JusticeRecord.find(id, on: tx) else { throw AppError.notFound }
            fresh.aftercarePlan = plan
            fresh.aftercareOn = on.iso
            fresh.aftercareUntil = on.adding(days: limits.aftercareDays).iso
            fresh.$aftercareWorker.id = workerID
            try await fresh.update(on: tx)
        }
    }
}
