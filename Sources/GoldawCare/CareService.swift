import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// Every change in alternative care. Each command validates first and then writes in one
/// transaction, with its audit row, so that a refusal saves nothing.
package struct CareService {
    package let db: any Database
    package let actor: CurrentUser?
    package let audit: AuditService
    package var now: Date = AppClock.now

    package static let textLimit = 20_000
    package var today: CalendarDate { CalendarDate.ashgabat(secondsSince1970: now.timeIntervalSince1970) }

    package init(db: any Database, actor: CurrentUser?, audit: AuditService, now: Date = AppClock.now) {
        self.db = db
        self.actor = actor
        self.audit = audit
        self.now = now
    }

    // MARK: input helpers

    /// Collects the problems of one form, each next to its field.
    package struct Check {
        package var problems: [FieldProblem] = []

        package mutating func add(_ field: String, _ key: String) { problems.append(.init(field: field, key: key)) }

        package mutating func text(_ field: String, _ raw: String?, required: Bool = true, limit: Int = CareService.textLimit) -> String {
            let value = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if required && value.isEmpty { add(field, "validation.required") }
            if value.count > limit { add(field, "validation.too_long") }
            return value
        }

        package mutating func date(_ field: String, _ raw: String?, required: Bool = true, notAfter: CalendarDate? = nil) -> CalendarDate? {
            let value = (raw ?? "").trimmingCharacters(in: .whitespaces)
            if value.isEmpty { if required { add(field, "validation.required") }; return nil }
            guard let date = CalendarDate(userInput: value) else { add(field, "validation.date"); return nil }
            if let notAfter, date > notAfter { add(field, "care.validation.future"); return nil }
            return date
        }

        package mutating func choice<T: RawRepresentable>(_ field: String, _ raw: String?, _ type: T.Type) -> T? where T.RawValue == String {
            guard let value = T(rawValue: (raw ?? "").trimmingCharacters(in: .whitespaces)) else { add(field, "validation.choose"); return nil }
            return value
        }

        package mutating func count(_ field: String, _ raw: String?, range: ClosedRange<Int>) -> Int {
            guard let value = Int((raw ?? "").trimmingCharacters(in: .whitespaces)), range.contains(value) else {
                add(field, "care.validation.number"); return range.lowerBound
            }
            return value
        }

        package func done() throws { if !problems.isEmpty { throw AppError.invalid(problems) } }

        package init() {}
    }

    package func territory(_ code: String?, field: String, check: inout Check) async throws -> Territory? {
        guard let actor else { return nil }
        switch try await TerritoryLookup.find(code ?? "", on: today.iso, levels: TerritoryLookup.etrapLevels, within: actor.scope, db: db) {
        case .found(let unit): return unit
        case .unknown: check.add(field, "registry.territory_unknown"); return nil
        case .outsideScope: check.add(field, "registry.territory_outside_scope"); return nil
        }
    }

    // MARK: settings and carers

    package struct SettingDraft: Content {
        package var name: String?
        package var kind: String?
        package var capacity: String?
        package var ageFrom: String?
        package var ageTo: String?
        package var takesDisability: String?
        package var ministry: String?
        package var territory: String?
        package var organisation: String?

        package init(name: String? = nil, kind: String? = nil, capacity: String? = nil, ageFrom: String? = nil, ageTo: String? = nil,
                     takesDisability: String? = nil, ministry: String? = nil, territory: String? = nil, organisation: String? = nil) {
            self.name = name; self.kind = kind; self.capacity = capacity; self.ageFrom = ageFrom; self.ageTo = ageTo
            self.takesDisability = takesDisability; self.ministry = ministry; self.territory = territory; self.organisation = organisation
        }
    }

    package static let ministries = ["education", "health", "labour"]

    package func createSetting(_ draft: SettingDraft) async throws -> CareSetting {
        var check = Check()
        let name = check.text("name", draft.name, limit: 200)
        let kind = check.choice("kind", draft.kind, SettingKind.self)
        let capacity = check.count("capacity", draft.capacity, range: 1...2000)
        let from = check.count("ageFrom", draft.ageFrom, range: 0...17)
        let to = check.count("ageTo", draft.ageTo, range: 0...23)
        if to < from { check.add("ageTo", "care.validation.age_range") }
        if !Self.ministries.contains(draft.ministry ?? "") { check.add("ministry", "validation.choose") }
        let unit = try await territory(draft.territory, field: "territory", check: &check)
        var organisation: UUID?
        if let raw = draft.organisation, !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            if let id = UUID(uuidString: raw), try await Organisation.find(id, on: db) != nil { organisation = id }
            else { check.add("organisation", "validation.choose") }
        }
        try check.done()
        let setting = CareSetting()
        setting.id = AppClock.newID()
        setting.name = name
        setting.kind = kind!.rawValue
        setting.capacity = capacity
        setting.ageFrom = from
        setting.ageTo = to
        setting.takesDisability = draft.takesDisability == "on" || draft.takesDisability == "true"
        setting.ministry = draft.ministry!
        setting.organisationID = organisation
        setting.$territory.id = try unit!.requireID()
        setting.territoryPath = unit!.path
        setting.active = true
        setting.version = 1
        try await db.writing { tx in
            try await setting.create(on: tx)
            try await audit.on(tx).record(.careSettingChanged, recordType: "care_setting", recordID: setting.id!.uuidString, detail: "registered")
        }
        return setting
    }

    package struct CarerDraft: Content {
        package var person: String?
        package var kind: String?
        package var appliedOn: String?
        package var capacity: String?
        package var note: String?

        package init(person: String? = nil, kind: String? = nil, appliedOn: String? = nil, capacity: String? = nil, note: String? = nil) {
            self.person = person; self.kind = kind; self.appliedOn = appliedOn; self.capacity = capacity; self.note = note
        }
    }

    /// A carer is a person of the registry, found by the registry number; the carer belongs to the
    /// person's etrap.
    package func createCarer(_ draft: CarerDraft) async throws -> Carer {
        var check = Check()
        let kind = check.choice("kind", draft.kind, CarerKind.self)
        let applied = check.date("appliedOn", draft.appliedOn, notAfter: today)
        let capacity = check.count("capacity", draft.capacity, range: 1...8)
        let note = check.text("note", draft.note, required: false, limit: 2000)
        let number = (draft.person ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        var person: Person?
        if number.isEmpty { check.add("person", "validation.required") }
        else {
            person = try await Person.query(on: db).filter(\.$number == number).filter(\.$mergedIntoID == nil).first()
            if let found = person, let actor, !actor.scope.contains(territoryPath: found.territoryPath) { person = nil }
            if person == nil { check.add("person", "care.validation.person_unknown") }
            else if person!.deathDate != nil { check.add("person", "care.validation.person_dead") }
            else if let born = CalendarDate(iso: person!.birthDate), Age.years(born: born, on: today) < 18 {
                check.add("person", "care.validation.carer_adult")
            }
        }
        try check.done()
        let carer = Carer()
        carer.id = AppClock.newID()
        carer.$person.id = try person!.requireID()
        carer.kind = kind!.rawValue
        // Kinship carers and guardians are appointed by the decision that places the child with them.
        carer.status = kind == .foster ? CarerStatus.applied.rawValue : CarerStatus.approved.rawValue
        carer.appliedOn = applied!.iso
        if kind != .foster { carer.approvedOn = applied!.iso }
        carer.capacity = capacity
        carer.note = note.isEmpty ? nil : note
        if let id = person!.$territory.id { carer.$territory.id = id }
        else if let id = try await Territory.query(on: db).filter(\.$path == person!.territoryPath).first()?.id { carer.$territory.id = id }
        else { throw AppError.invalid([.init(field: "person", key: "care.validation.no_territory")]) }
        carer.territoryPath = person!.territoryPath
        carer.version = 1
        try await db.writing { tx in
            try await carer.create(on: tx)
            try await audit.on(tx).record(.carerChanged, recordType: "carer", recordID: carer.id!.uuidString, detail: "\(kind!.rawValue) registered")
        }
        return carer
    }

    package enum CarerStep: String, CaseIterable, Sendable { case assess, train, approve, suspend, reinstate, withdraw }

    package struct CarerStepDraft: Content {
        package var on: String?
        package var number: String?
        package var until: String?
        package var version: String?
        package init(on: String? = nil, number: String? = nil, until: String? = nil, version: String? = nil) {
            self.on = on; self.number = number; self.until = until; self.version = version
        }
    }

    /// A foster carer's way: assessed, trained, approved with a number and a date until which the
    /// approval holds; a review after that date approves again. Suspension stops new placements.
    package func carerStep(_ carer: Carer, _ step: CarerStep, _ draft: CarerStepDraft) async throws {
        var check = Check()
        let date = check.date("on", draft.on, notAfter: today)
        var until: CalendarDate?
        var number = ""
        let from = carer.statusValue
        let allowed: Bool
        switch step {
        case .assess: allowed = carer.kindValue == .foster && from == .applied
        case .train: allowed = carer.kindValue == .foster && from == .assessed
        case .approve:
            allowed = (carer.kindValue == .foster && (from == .trained || from == .approved)) || (carer.kindValue != .foster && from == .approved)
            number = check.text("number", draft.number, limit: 60)
            until = check.date("until", draft.until)
            if let until, let date, until <= date { check.add("until", "care.validation.until_after") }
        case .suspend: allowed = from == .approved
        case .reinstate: allowed = from == .suspended
        case .withdraw: allowed = from != .withdrawn
        }
        guard allowed else { throw AppError.conflict("care.carer.step_refused") }
        if let raw = draft.version, Int(raw) != carer.version { throw AppError.conflict("error.stale") }
        try check.done()
        switch step {
        case .assess: carer.status = CarerStatus.assessed.rawValue; carer.assessedOn = date!.iso
        case .train: carer.status = CarerStatus.trained.rawValue; carer.trainedOn = date!.iso
        case .approve:
            carer.status = CarerStatus.approved.rawValue
            carer.approvedOn = date!.iso
            carer.approvalNumber = number
            carer.approvedUntil = until!.iso
        case .suspend: carer.status = CarerStatus.suspended.rawValue
        case .reinstate: carer.status = CarerStatus.approved.rawValue
        case .withdraw: carer.status = CarerStatus.withdrawn.rawValue
        }
        let version = carer.version
        carer.version += 1
        try await db.writing { tx in
            // The version in the WHERE makes a concurrent step lose rather than overwrite.
            let changed = try await (tx as! any SQLDatabase).update(Carer.schema)
                .set("status", to: SQLBind(carer.status)).set("assessed_on", to: SQLBind(carer.assessedOn))
                .set("trained_on", to: SQLBind(carer.trainedOn)).set("approved_on", to: SQLBind(carer.approvedOn))
                .set("approval_number", to: SQLBind(carer.approvalNumber)).set("approved_until", to: SQLBind(carer.approvedUntil))
                .set("version", to: SQLBind(carer.version))
                .where("id", .equal, SQLBind(carer.id!)).where("version", .equal, SQLBind(version)).returning("id").all()
            guard changed.count == 1 else { throw AppError.conflict("error.stale") }
            try await audit.on(tx).record(.carerChanged, recordType: "carer", recordID: carer.id!.uuidString, detail: step.rawValue)
        }
    }

    /// Children living with the carer tonight.
    package func placedWith(carer id: UUID, on date: CalendarDate, on database: (any Database)? = nil) async throws -> Int {
        try await Placement.query(on: database ?? db).filter(\.$carer.$id == id).filter(\.$startDate <= date.iso)
            .group(.or) { $0.filter(\.$endDate == nil).filter(\.$endDate >= date.iso) }.count()
    }
}

extension Request {
    package var care: CareService { CareService(db: db, actor: currentUser, audit: audit) }
}
