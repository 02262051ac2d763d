import Fluent
import Foundation
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawCases

/// Every change in justice for children. Each command checks its input first (problems next to
/// their fields, in the user's language) and then writes in one transaction with its audit row
/// and its history line, so that a refusal saves nothing.
package struct JusticeService {
    package let db: any Database
    package let actor: CurrentUser?
    package let audit: AuditService
    package var now: Date = AppClock.now

    package static let textLimit = 20_000

    package init(db: any Database, actor: CurrentUser?, audit: AuditService, now: Date = AppClock.now) {
        self.db = db
        self.actor = actor
        self.audit = audit
        self.now = now
    }

    package var today: CalendarDate { CalendarDate.ashgabat(secondsSince1970: now.timeIntervalSince1970) }
    var nowSeconds: Double { now.timeIntervalSince1970 }

    /// The limits valid on a date (the dated table; the first row when none is older).
    package func limits(on date: CalendarDate) async throws -> JusticeLimits {
        try await JusticeLimitRow.query(on: db).filter(\.$validFrom <= date.iso).sort(\.$validFrom, .descending).first()?.limits
            ?? JusticeLimits.initial
    }

    // MARK: input

    /// The problems of one form, each next to its field.
    package struct Check {
        package var problems: [FieldProblem] = []

        package mutating func add(_ field: String, _ key: String) { problems.append(.init(field: field, key: key)) }

        package mutating func text(_ field: String, _ raw: String?, required: Bool = true, limit: Int = JusticeService.textLimit) -> String {
            let value = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if required && value.isEmpty { add(field, "validation.required") }
            if value.count > limit { add(field, "validation.too_long") }
            return value
        }

        package mutating func date(_ field: String, _ raw: String?, required: Bool = true) -> CalendarDate? {
            let value = (raw ?? "").trimmingCharacters(in: .whitespaces)
            if value.isEmpty { if required { add(field, "validation.required") }; return nil }
            guard let date = CalendarDate(userInput: value) else { add(field, "validation.date"); return nil }
            return date
        }

        package mutating func moment(_ field: String, _ raw: String?, required: Bool = true) -> LocalMoment? {
            let value = (raw ?? "").trimmingCharacters(in: .whitespaces)
            if value.isEmpty { if required { add(field, "validation.required") }; return nil }
            guard let moment = LocalMoment(userInput: value) else { add(field, "justice.validation.moment"); return nil }
            return moment
        }

        package mutating func choice<T: RawRepresentable>(_ field: String, _ raw: String?, _ type: T.Type) -> T? where T.RawValue == String {
            guard let value = T(rawValue: (raw ?? "").trimmingCharacters(in: .whitespaces)) else { add(field, "validation.choose"); return nil }
            return value
        }

        package mutating func number(_ field: String, _ raw: String?, range: ClosedRange<Int>) -> Int? {
            guard let value = Int((raw ?? "").trimmingCharacters(in: .whitespaces)), range.contains(value) else {
                add(field, "justice.validation.number"); return nil
            }
            return value
        }

        package mutating func add(_ map: [String: String]) { for (field, key) in map.sorted(by: { $0.key < $1.key }) { add(field, key) } }

        package func done() throws { if !problems.isEmpty { throw AppError.invalid(problems) } }

        package init() {}
    }

    /// A step's moment must lie between the apprehension and now.
    func checkStep(_ field: String, _ moment: LocalMoment?, of record: JusticeRecord, _ check: inout Check) {
        guard let moment else { return }
        if let problem = JusticeProcedure.check(step: moment.secondsSince1970, apprehendedAt: record.apprehendedAt.timeIntervalSince1970, now: nowSeconds) {
            check.add(field, problem.rawValue)
        }
    }

    func checkDay(_ field: String, _ day: CalendarDate?, of record: JusticeRecord, _ check: inout Check) {
        guard let day else { return }
        if let problem = JusticeProcedure.check(day: day, apprehendedOn: record.apprehended.date, today: today) {
            check.add(field, problem.rawValue)
        }
    }

    func date(_ moment: LocalMoment) -> Date { Date(timeIntervalSince1970: moment.secondsSince1970) }

    var actorName: String { actor?.username ?? "system" }

    /// The social worker a username names, who must work where the child lives (the record's
    /// etrap or its welaýat); a problem next to `field` otherwise.
    func socialWorker(_ raw: String?, for record: JusticeRecord, field: String, required: Bool, _ check: inout Check) async throws -> UUID? {
        let username = (raw ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        if username.isEmpty {
            if required { check.add(field, "validation.required") }
            return nil
        }
        let worker = try await User.query(on: db).filter(\.$username == username).filter(\.$isActive == true).with(\.$territory).first()
        guard let worker, worker.roleRaw == Role.socialWorker.rawValue, let path = worker.territory?.path, record.territoryPath.hasPrefix(path) else {
            check.add(field, "justice.validation.social_worker")
            return nil
        }
        return worker.id
    }

    func event(_ record: UUID, _ kind: String, _ note: String, on tx: any Database) async throws {
        let event = JusticeEvent()
        event.id = AppClock.newID()
        event.$record.id = record
        event.kind = kind
        event.note = note
        event.actorName = actorName
        event.occurredAt = now
        try await event.create(on: tx)
    }

    /// Runs `body` on the record in one transaction, after checking and advancing its version, with
    /// the history line and the audit row.
    func change(_ record: JusticeRecord, version: Int?, kind: String, note: String,
                _ body: @escaping @Sendable (any Database) async throws -> Void) async throws {
        if let version, version != record.version { throw AppError.conflict("error.stale") }
        let id = try record.requireID()
        let expected = record.version
        let audit = self.audit
        let number = record.number
        try await db.writing { tx in
            // The version moves in the same statement that checks it: two edits of one record
            // cannot both land.
            let sql = tx as! any SQLDatabase
            let moved = try await sql.update(JusticeRecord.schema).set("version", to: SQLBind(expected + 1))
                .where("id", .equal, SQLBind(id)).where("version", .equal, SQLBind(expected))
                .returning("id").all()
            guard !moved.isEmpty else { throw AppError.conflict("error.stale") }
            try await body(tx)
            try await self.event(id, kind, note, on: tx)
            try await audit.on(tx).record(.justiceRecordChanged, recordType: "justice_record", recordID: id.uuidString,
                                          detail: "\(number) \(kind)")
        }
        record.version = expected + 1
    }

    // MARK: opening a record

    package struct RecordDraft: Content, Sendable {
        package var apprehendedAt: String?
        package var place: String?
        package var by: String?
        package var offence: String?
        package var offenceOn: String?
        package var offenceNote: String?
        package var inCustody: String?

        package init(apprehendedAt: String? = nil, place: String? = nil, by: String? = nil, offence: String? = nil,
                     offenceOn: String? = nil, offenceNote: String? = nil, inCustody: String? = nil) {
            self.apprehendedAt = apprehendedAt
            self.place = place
            self.by = by
            self.offence = offence
            self.offenceOn = offenceOn
            self.offenceNote = offenceNote
            self.inCustody = inCustody
        }

        package var values: [String: String] {
            ["apprehendedAt": apprehendedAt ?? "", "place": place ?? "", "by": by ?? "", "offence": offence ?? "",
             "offenceOn": offenceOn ?? "", "offenceNote": offenceNote ?? "", "inCustody": inCustody ?? ""]
        }
    }

    /// Records an apprehension. A child below the age of criminal responsibility for the offence is
    /// never charged: the record becomes a referral to child protection and a case is opened (or
    /// the child's open case is linked).
    package func open(child: Person, _ draft: RecordDraft) async throws -> JusticeRecord {
        var check = Check()
        if child.mergedIntoID != nil || child.deathDate != nil { check.add("child", "justice.validation.not_a_child") }
        let apprehended = check.moment("apprehendedAt", draft.apprehendedAt)
        if let apprehended, apprehended.secondsSince1970 > nowSeconds + 60 { check.add("apprehendedAt", "justice.validation.future") }
        let place = check.text("place", draft.place, limit: 300)
        let by = check.text("by", draft.by, limit: 300)
        let offence = check.choice("offence", draft.offence, OffenceClass.self)
        let offenceOn = check.date("offenceOn", draft.offenceOn)
        let note = check.text("offenceNote", draft.offenceNote, required: false)
        if let offenceOn, let apprehended, offenceOn > apprehended.date { check.add("offenceOn", "justice.validation.offence_after_apprehension") }
        var ageAtOffence = 0
        if let offenceOn, let born = CalendarDate(iso: child.birthDate) {
            ageAtOffence = Age.years(born: born, on: offenceOn)
            if ageAtOffence < 0 { check.add("offenceOn", "justice.validation.before_birth") }
            if ageAtOffence >= 18 { check.add("child", "justice.validation.adult_at_offence") }
        }
        try check.done()
        guard let apprehended, let offence, let offenceOn else { throw AppError.invalid(check.problems) }
        let age = ageAtOffence
        let limits = try await self.limits(on: offenceOn)
        let below = limits.isBelowAge(age, offence: offence)
        let territory = try await child.$territory.get(on: db)
        let childID = try child.requireID()
        let inCustody = !below && draft.inCustody == "on"
        let record = try await db.writing { tx in
            let record = JusticeRecord()
            record.id = AppClock.newID()
            let prefix = CaseNumber.regionCode(ofPath: child.territoryPath).flatMap { CaseNumber.prefixes[$0] } ?? "TM"
            let sequence = try await Counters.next("justice-\(prefix)-\(today.year)", on: tx)
            record.number = "JJ-\(prefix)-\(today.year)-" + String(format: "%06d", sequence)
            record.$child.id = childID
            record.$territory.id = territory?.id
            record.territoryPath = child.territoryPath
            record.apprehendedAt = date(apprehended)
            record.apprehensionPlace = place
            record.apprehendedBy = by
            record.offence = offence.rawValue
            record.offenceOn = offenceOn.iso
            record.offenceNote = note
            record.ageAtOffence = age
            record.inCustody = inCustody
            record.status = (below ? JusticeStatus.referred : .apprehended).rawValue
            record.officerID = actor?.id
            record.createdAt = now
            record.version = 1
            try await record.create(on: tx)
            try await event(record.id!, "apprehended", "\(offence.rawValue) age \(age)" + (inCustody ? " custody" : ""), on: tx)
            try await audit.on(tx).record(.justiceRecordChanged, recordType: "justice_record", recordID: record.id!.uuidString,
                                          detail: "\(record.number) opened person \(child.number)")
            return record
        }
        if below {
            try await referToChildProtection(record, child: child, limits: limits)
        }
        return record
    }

    /// Below the age: link the child's open case, or open one (police as the source, "in contact
    /// with the law" as the concern) for the etrap's social workers.
    func referToChildProtection(_ record: JusticeRecord, child: Person, limits: JusticeLimits) async throws {
        let childID = try child.requireID()
        let caseID: UUID
        if let open = try await CaseRecord.query(on: db).filter(\.$child.$id == childID).filter(\.$closedAt == nil).first() {
            caseID = try open.requireID()
        } else {
            let cases = CaseService(db: db, actor: actor, audit: audit, now: now)
            let draft = CaseService.Draft(source: IdentificationSource.police.rawValue, concerns: [ProtectionConcern.inContactWithLaw.rawValue],
                                          urgent: false,
                                          summary: "\(record.number): below the age of criminal responsibility (\(record.ageAtOffence), \(record.offence)). \(record.offenceNote)",
                                          identifiedOn: record.apprehended.date.iso)
            caseID = try await cases.open(for: child, draft).requireID()
        }
        try await change(record, version: nil, kind: "referred", note: "case linked") { tx in
            try await JusticeRecord.query(on: tx).filter(\.$id == record.id!).set(\.$caseID, to: caseID).update()
        }
        record.caseID = caseID
    }

    // MARK: safeguards

    package struct SafeguardsDraft: Content, Sendable {
        package var version: Int?
        package var parentsNotifiedAt: String?
        package var appropriateAdult: String?
        package var lawyerAt: String?
        package var socialWorkerInformedAt: String?
        package var socialWorker: String?
        package var custodyEndedAt: String?

        package init(version: Int? = nil, parentsNotifiedAt: String? = nil, appropriateAdult: String? = nil, lawyerAt: String? = nil,
                     socialWorkerInformedAt: String? = nil, socialWorker: String? = nil, custodyEndedAt: String? = nil) {
            self.version = version
            self.parentsNotifiedAt = parentsNotifiedAt
            self.appropriateAdult = appropriateAdult
            self.lawyerAt = lawyerAt
            self.socialWorkerInformedAt = socialWorkerInformedAt
            self.socialWorker = socialWorker
            self.custodyEndedAt = custodyEndedAt
        }
    }

    /// Records the safeguards: who was told and when, the lawyer, the social worker, the end of
    /// police custody. A field left empty keeps what was recorded; nothing recorded is erased.
    package func safeguards(_ record: JusticeRecord, _ draft: SafeguardsDraft) async throws {
        var check = Check()
        let parents = check.moment("parentsNotifiedAt", draft.parentsNotifiedAt, required: false)
        let lawyer = check.moment("lawyerAt", draft.lawyerAt, required: false)
        let informed = check.moment("socialWorkerInformedAt", draft.socialWorkerInformedAt, required: false)
        let custodyEnd = check.moment("custodyEndedAt", draft.custodyEndedAt, required: false)
        let adult = check.text("appropriateAdult", draft.appropriateAdult, required: false, limit: 300)
        for (field, moment) in [("parentsNotifiedAt", parents), ("lawyerAt", lawyer), ("socialWorkerInformedAt", informed), ("custodyEndedAt", custodyEnd)] {
            checkStep(field, moment, of: record, &check)
        }
        if custodyEnd != nil && !record.inCustody { check.add("custodyEndedAt", "justice.validation.not_in_custody") }
        let workerID = try await socialWorker(draft.socialWorker, for: record, field: "socialWorker", required: false, &check)
        try check.done()
        var noted: [String] = []
        if parents != nil { noted.append("parents") }
        if lawyer != nil { noted.append("lawyer") }
        if informed != nil { noted.append("social worker") }
        if custodyEnd != nil { noted.append("custody ended") }
        if !adult.isEmpty { noted.append("appropriate adult") }
        let id = try record.requireID()
        try await change(record, version: draft.version, kind: "safeguards", note: noted.joined(separator: ", ")) { tx in
            guard let fresh = try await JusticeRecord.find(id, on: tx) else { throw AppError.notFound }
            if let parents { fresh.parentsNotifiedAt = date(parents) }
            if let lawyer { fresh.lawyerAt = date(lawyer) }
            if let informed { fresh.socialWorkerInformedAt = date(informed) }
            if let custodyEnd { fresh.custodyEndedAt = date(custodyEnd) }
            if !adult.isEmpty { fresh.appropriateAdult = adult }
            if let workerID { fresh.$socialWorker.id = workerID }
            try await fresh.update(on: tx)
        }
    }
}
