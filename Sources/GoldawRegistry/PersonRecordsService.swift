import Fluent
import Vapor
import GoldawCore
import GoldawPlatform

/// What is recorded about a person besides their identity: functioning answers, official
/// disability status and family links.
package struct PersonRecordsService {
    package let db: any Database
    package let actor: CurrentUser?
    package let audit: AuditService
    package var now: Date = AppClock.now

    package var today: CalendarDate { CalendarDate.ashgabat(secondsSince1970: now.timeIntervalSince1970) }

    /// Scores the answers with the rules in GoldawCore and stores answers, result and rule version.
    package func recordFunctioning(for person: Person, instrument: FunctioningInstrument, date rawDate: String,
                           respondent: String, answers: [String: Int]) async throws -> (FunctioningRecord, FunctioningResult) {
        var problems: [FieldProblem] = []
        let date = CalendarDate(userInput: rawDate)
        if date == nil || date! > today { problems.append(.init(field: "interviewDate", key: "validation.date")) }
        let respondentValue = respondent.trimmingCharacters(in: .whitespaces)
        if !Self.respondents.contains(respondentValue) { problems.append(.init(field: "respondent", key: "validation.choose")) }
        if let date, let birth = CalendarDate(iso: person.birthDate) {
            let age = Age.years(born: birth, on: date)
            if FunctioningInstrument.forAge(age) != instrument {
                problems.append(.init(field: "instrument", key: "functioning.wrong_instrument_for_age"))
            }
        }
        for problem in FunctioningRules.validate(instrument, answers: answers) {
            problems.append(.init(field: problem.questionID, key: "functioning.problem.\(problem.kind.rawValue)"))
        }
        guard problems.isEmpty, let date else { throw AppError.invalid(problems) }
        let result = FunctioningRules.evaluate(instrument, answers: answers)
        let record = FunctioningRecord()
        record.$person.id = try person.requireID()
        record.instrument = instrument.rawValue
        record.interviewDate = date.iso
        record.respondent = respondentValue
        record.answers = Self.encode(answers)
        record.result = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
        record.hasDifficulty = result.hasFunctionalDifficulty
        record.ruleVersion = result.ruleVersion
        record.recordedBy = actor?.id
        try await db.writing { tx in
            try await record.create(on: tx)
            try await audit.on(tx).record(.functioningRecorded, recordType: "person", recordID: person.id?.uuidString,
                                          detail: "\(instrument.rawValue) \(result.ruleVersion)")
        }
        return (record, result)
    }

    package static let respondents = ["self", "mother", "father", "caregiver", "other"]

    /// "CF1=1;CF2=3": stable, sortable, and readable in the database.
    package static func encode(_ answers: [String: Int]) -> String {
        answers.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
    }

    package static func decode(_ text: String) -> [String: Int] {
        var answers: [String: Int] = [:]
        for item in text.split(separator: ";") {
            let parts = item.split(separator: "=")
            if parts.count == 2, let value = Int(parts[1]) { answers[String(parts[0])] = value }
        }
        return answers
    }

    package static let disabilityGroups = ["I", "II", "III", "child"]

    package func recordDisability(for person: Person, certificate: String, group: String, from: String, to: String,
                          issuedBy: String) async throws -> DisabilityStatus {
        var problems: [FieldProblem] = []
        let number = certificate.trimmingCharacters(in: .whitespaces)
        if number.isEmpty || number.count > 40 { problems.append(.init(field: "certificateNumber", key: "validation.required")) }
        if !Self.disabilityGroups.contains(group) { problems.append(.init(field: "group", key: "validation.choose")) }
        let start = CalendarDate(userInput: from)
        if start == nil { problems.append(.init(field: "validFrom", key: "validation.date")) }
        var end: CalendarDate?
        if !to.trimmingCharacters(in: .whitespaces).isEmpty {
            end = CalendarDate(userInput: to)
            if end == nil { problems.append(.init(field: "validTo", key: "validation.date")) }
            else if let start, end! < start { problems.append(.init(field: "validTo", key: "registry.end_before_start")) }
        }
        if group == "child", let start, let birth = CalendarDate(iso: person.birthDate), Age.years(born: birth, on: start) >= 18 {
            problems.append(.init(field: "group", key: "registry.child_group_adult"))
        }
        guard problems.isEmpty, let start else { throw AppError.invalid(problems) }
        let endDate = end
        let status = DisabilityStatus()
        status.$person.id = try person.requireID()
        status.certificateNumber = number
        status.group = group
        status.validFrom = start.iso
        status.validTo = endDate?.iso
        status.issuedBy = issuedBy.trimmingCharacters(in: .whitespaces).isEmpty ? nil : issuedBy
        status.recordedBy = actor?.id
        try await db.writing { tx in
            try await status.create(on: tx)
            try await RecordChange(recordType: "person", recordID: person.id!, field: "disabilityStatus", old: nil,
                                   new: "\(group) \(number) \(start.iso)–\(endDate?.iso ?? "")", by: actor, at: now).create(on: tx)
            try await audit.on(tx).record(.disabilityRecorded, recordType: "person", recordID: person.id?.uuidString)
        }
        return status
    }

    package static let linkKinds = ["mother", "father", "guardian", "adoptive_parent"]

    /// Links a child to an adult. Guardianship or custody follows the child's age on the
    /// decision date (under 7 / 7–17), as the Law on Guardianship and Custody splits them.
    /// Linking a young child to their mother also opens the birth benefits' applications
    /// (see `ApplicationService.birthRegistered`), in the same transaction.
    package func addLink(child: Person, adult: Person, kind: String, parentState: String, decisionNumber: String,
                 decisionDate: String, from: String) async throws -> (link: FamilyLink, opened: Int) {
        var problems: [FieldProblem] = []
        if !Self.linkKinds.contains(kind) { problems.append(.init(field: "kind", key: "validation.choose")) }
        if ParentState(rawValue: parentState) == nil { problems.append(.init(field: "parentState", key: "validation.choose")) }
        if child.id == adult.id { problems.append(.init(field: "adult", key: "registry.link_self")) }
        let childBirth = CalendarDate(iso: child.birthDate), adultBirth = CalendarDate(iso: adult.birthDate)
        if ["mother", "father", "adoptive_parent"].contains(kind), let childBirth, let adultBirth, adultBirth >= childBirth {
            problems.append(.init(field: "adult", key: "registry.parent_younger"))
        }
        if kind == "mother" && adult.sex != Sex.female.rawValue { problems.append(.init(field: "kind", key: "registry.mother_not_female")) }
        if kind == "father" && adult.sex != Sex.male.rawValue { problems.append(.init(field: "kind", key: "registry.father_not_male")) }
        if ["mother", "father"].contains(kind),
           try await FamilyLink.query(on: db).filter(\.$child.$id == child.requireID()).filter(\.$kind == kind).count() > 0 {
            problems.append(.init(field: "kind", key: "registry.parent_exists"))
        }
        var form: GuardianshipForm?
        var decisionDay: CalendarDate?
        if kind == "guardian" || kind == "adoptive_parent" {
            if decisionNumber.trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append(.init(field: "decisionNumber", key: "validation.required"))
            }
            decisionDay = CalendarDate(userInput: decisionDate)
            if decisionDay == nil || decisionDay! > today { problems.append(.init(field: "decisionDate", key: "validation.date")) }
            if kind == "guardian", let decisionDay, let childBirth {
                form = ChildStatusRules.placementForm(ageYears: Age.years(born: childBirth, on: decisionDay))
                if form == nil { problems.append(.init(field: "decisionDate", key: "registry.guardian_adult_child")) }
            }
        }
        let start = from.trimmingCharacters(in: .whitespaces).isEmpty ? nil : CalendarDate(userInput: from)
        if !from.trimmingCharacters(in: .whitespaces).isEmpty && start == nil { problems.append(.init(field: "from", key: "validation.date")) }
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let link = FamilyLink()
        link.$child.id = try child.requireID()
        link.$adult.id = try adult.requireID()
        link.kind = kind
        link.parentState = parentState
        link.guardianshipForm = form?.rawValue
        link.decisionNumber = decisionNumber.isEmpty ? nil : decisionNumber
        link.decisionDate = decisionDay?.iso
        link.fromDate = (start ?? decisionDay)?.iso
        let opened = try await db.writing { tx -> Int in
            try await link.create(on: tx)
            try await RecordChange(recordType: "person", recordID: child.id!, field: "familyLinks", old: nil,
                                   new: "\(kind) \(adult.number)", by: actor, at: now).create(on: tx)
            try await audit.on(tx).record(.familyLinkAdded, recordType: "person", recordID: child.id?.uuidString,
                                          detail: "\(kind) \(adult.number)")
            let context = RegistryEventContext(db: tx, actor: actor, audit: audit.on(tx), now: now)
            var opened = 0
            for domain in Domains.all {
                opened += try await domain.afterFamilyLink(child: child.requireID(), adult: adult.requireID(), kind: kind, in: context)
            }
            return opened
        }
        return (link, opened)
    }

    package init(db: any Database, actor: CurrentUser?, audit: AuditService, now: Date = AppClock.now) {
        self.db = db
        self.actor = actor
        self.audit = audit
        self.now = now
    }
}

extension Request {
    package var personRecords: PersonRecordsService { PersonRecordsService(db: db, actor: currentUser, audit: audit) }
}

extension PersonRecordsService {
    /// Records a dated circumstance (abroad, full state support, pension, "Ene mähri").
    package func recordCircumstance(for person: Person, kind raw: String, from: String, to: String, note: String) async throws -> PersonCircumstance {
        var problems: [FieldProblem] = []
        let kind = Circumstance(rawValue: raw)
        if kind == nil { problems.append(.init(field: "kind", key: "validation.choose")) }
        if kind == .eneMahri && person.sex != Sex.female.rawValue { problems.append(.init(field: "kind", key: "circumstance.ene_mahri_mother")) }
        let start = CalendarDate(userInput: from)
        if start == nil || start! > today { problems.append(.init(field: "from", key: "validation.date")) }
        let hasEnd = !to.trimmingCharacters(in: .whitespaces).isEmpty
        let end = hasEnd ? CalendarDate(userInput: to) : nil
        if hasEnd && end == nil { problems.append(.init(field: "to", key: "validation.date")) }
        if let start, let end, end < start { problems.append(.init(field: "to", key: "registry.end_before_start")) }
        let text = note.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count > 500 { problems.append(.init(field: "note", key: "validation.too_long")) }
        guard problems.isEmpty, let kind, let start else { throw AppError.invalid(problems) }
        let id = try person.requireID()
        let open = try await PersonCircumstance.query(on: db).filter(\.$person.$id == id).filter(\.$kind == kind.rawValue).all()
        // Periods of the same kind never overlap: [from, to] with an open end running forever.
        let overlaps = open.contains { other in
            other.fromDate <= (end?.iso ?? "9999-12-31") && start.iso <= (other.toDate ?? "9999-12-31")
        }
        if overlaps {
            throw AppError.invalid([.init(field: "from", key: "circumstance.overlaps")])
        }
        let row = PersonCircumstance()
        row.$person.id = id
        row.kind = kind.rawValue
        row.fromDate = start.iso
        row.toDate = end?.iso
        row.note = text.isEmpty ? nil : text
        row.recordedBy = actor?.id
        try await db.writing { tx in
            try await row.create(on: tx)
            try await RecordChange(recordType: "person", recordID: id, field: "circumstance", old: nil,
                                   new: "\(kind.rawValue) \(start.iso)–\(end?.iso ?? "")", by: actor, at: now).create(on: tx)
            try await audit.on(tx).record(.circumstanceRecorded, recordType: "person", recordID: id.uuidString, detail: kind.rawValue)
        }
        return row
    }

    /// Closes an open circumstance on a date (back from abroad, left the institution).
    package func endCircumstance(_ row: PersonCircumstance, of person: Person, on raw: String) async throws {
        guard row.toDate == nil else { throw AppError.conflict("circumstance.already_ended") }
        guard let end = CalendarDate(userInput: raw), end.iso >= row.fromDate, end <= today.adding(days: 366) else {
            throw AppError.invalid([.init(field: "to", key: "validation.date")])
        }
        row.toDate = end.iso
        try await db.writing { tx in
            try await row.update(on: tx)
            try await RecordChange(recordType: "person", recordID: person.id!, field: "circumstance", old: "\(row.kind) \(row.fromDate)–",
                                   new: "\(row.kind) \(row.fromDate)–\(end.iso)", by: actor, at: now).create(on: tx)
            try await audit.on(tx).record(.circumstanceRecorded, recordType: "person", recordID: person.id?.uuidString, detail: "\(row.kind) ended")
        }
    }
}
