import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// The services directory's commands that register providers and services (the reads are
/// `DirectoryQueries`). Each change is one transaction with its audit record.
package struct DirectoryService {
    package let db: any Database
    package let actor: CurrentUser?
    package let audit: AuditService

    package struct Query: Sendable {
        package var typeCode = ""
        package var ground = ""
        package var territoryCode = ""
        package var form = ""
        /// Only services with a free place (or no fixed number of places).
        package var available = false
        package var text = ""
        package var page = 1
        package var perPage = 25

        package init(typeCode: String = "", ground: String = "", territoryCode: String = "", form: String = "", available: Bool = false, text: String = "", page: Int = 1, perPage: Int = 25) {
            self.typeCode = typeCode
            self.ground = ground
            self.territoryCode = territoryCode
            self.form = form
            self.available = available
            self.text = text
            self.page = page
            self.perPage = perPage
        }
    }

    package struct Entry {
        package let service: SocialService
        package let providerName: String
        package let provider: Provider
        package let grounds: [String]
        package let areas: [Territory]
    }

    package static func problems(_ query: Query) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if !query.ground.isEmpty && NeedGround(rawValue: query.ground) == nil { problems.append(.init(field: "ground", key: "validation.choose")) }
        if !query.form.isEmpty && ServiceForm(rawValue: query.form) == nil { problems.append(.init(field: "form", key: "validation.choose")) }
        if query.page < 1 { problems.append(.init(field: "page", key: "validation.range")) }
        if !(1...APIController.maxPageSize).contains(query.perPage) { problems.append(.init(field: "perPage", key: "validation.range")) }
        return problems
    }

    /// Active services matching the query, by name. A territory matches the services covering
    /// it, its welaýat as a whole, or (for a welaýat) any of its etraps.
    /// Every path from the root down to `path`: "/TM-M/M-MRY/" → ["/TM-M/", "/TM-M/M-MRY/"].
    package static func ancestors(of path: String) -> [String] {
        let codes = path.split(separator: "/").map(String.init)
        return codes.indices.map { TerritoryPath.make(Array(codes[...$0])) }
    }

    // MARK: commands

    package struct ProviderDraft: Sendable {
        package var name = ""
        package var kind = ""
        package var territoryCode = ""
        package var address = ""
        package var phone = ""
        package var email = ""
        package var licence = ""
        package var licenceValidTo = ""
        package var registeredOn = ""

        package var formValues: [String: String] {
            ["name": name, "kind": kind, "territoryCode": territoryCode, "address": address, "phone": phone, "email": email,
             "licence": licence, "licenceValidTo": licenceValidTo, "registeredOn": registeredOn]
        }
    }

    package static let textLimit = 500

    package func createProvider(_ draft: ProviderDraft) async throws -> Provider {
        var problems: [FieldProblem] = []
        let name = trimmed(draft.name)
        if name.isEmpty { problems.append(.init(field: "name", key: "validation.required")) }
        else if name.count > 200 { problems.append(.init(field: "name", key: "validation.too_long")) }
        let kind = ProviderKind(rawValue: draft.kind)
        if kind == nil { problems.append(.init(field: "kind", key: "validation.choose")) }
        let code = trimmed(draft.territoryCode).uppercased()
        let unit = code.isEmpty ? nil : try await Territory.query(on: db).filter(\.$code == code).first()
        if unit == nil { problems.append(.init(field: "territoryCode", key: "validation.choose")) }
        let registered = trimmed(draft.registeredOn).isEmpty ? CalendarDate.today : CalendarDate(userInput: trimmed(draft.registeredOn))
        if registered == nil { problems.append(.init(field: "registeredOn", key: "validation.date")) }
        var licenceTo: CalendarDate?
        if !trimmed(draft.licenceValidTo).isEmpty {
            licenceTo = CalendarDate(userInput: trimmed(draft.licenceValidTo))
            if licenceTo == nil { problems.append(.init(field: "licenceValidTo", key: "validation.date")) }
        }
        for (field, value) in [("address", draft.address), ("phone", draft.phone), ("email", draft.email), ("licence", draft.licence)]
            where trimmed(value).count > Self.textLimit {
            problems.append(.init(field: field, key: "validation.too_long"))
        }
        guard problems.isEmpty, let kind, let unit, let registered else { throw AppError.invalid(problems) }
        let licenceDay = licenceTo
        return try await db.writing { tx in
            let organisation = Organisation(name: name, territoryID: try unit.requireID())
            try await organisation.create(on: tx)
            let provider = Provider()
            provider.id = organisation.id
            provider.kind = kind.rawValue
            provider.$territory.id = unit.id!
            provider.territoryPath = unit.path
            provider.address = optional(draft.address)
            provider.phone = optional(draft.phone)
            provider.email = optional(draft.email)
            provider.licence = optional(draft.licence)
            provider.licenceValidTo = licenceDay?.iso
            provider.registeredOn = registered.iso
            provider.active = true
            provider.version = 1
            try await provider.create(on: tx)
            try await audit.on(tx).record(.providerCreated, recordType: "provider", recordID: provider.id!.uuidString, detail: name)
            return provider
        }
    }

    /// Makes an existing organisation (one a provider account is bound to) a provider.
    package func makeProvider(organisation: Organisation, kind: ProviderKind, on tx: any Database) async throws -> Provider {
        let unit = try await organisation.$territory.get(on: tx)
        let provider = Provider()
        provider.id = organisation.id
        provider.kind = kind.rawValue
        provider.$territory.id = unit.id!
        provider.territoryPath = unit.path
        provider.registeredOn = CalendarDate.today.iso
        provider.active = true
        provider.version = 1
        try await provider.create(on: tx)
        return provider
    }

    package struct ServiceDraft: Sendable {
        package var typeCode = ""
        package var name = ""
        package var form = ""
        package var grounds: [String] = []
        package var areaCodes: [String] = []
        package var eligibility = ""
        package var capacity = ""
        package var occupancy = ""
        package var openingHours = ""
        package var free = true
        package var costNote = ""
        package var languages = ""
        package var active = true

        package init(typeCode: String = "", name: String = "", form: String = "", grounds: [String] = [], areaCodes: [String] = [], eligibility: String = "", capacity: String = "", occupancy: String = "", openingHours: String = "", free: Bool = true, costNote: String = "", languages: String = "", active: Bool = true) {
            self.typeCode = typeCode
            self.name = name
            self.form = form
            self.grounds = grounds
            self.areaCodes = areaCodes
            self.eligibility = eligibility
            self.capacity = capacity
            self.occupancy = occupancy
            self.openingHours = openingHours
            self.free = free
            self.costNote = costNote
            self.languages = languages
            self.active = active
        }
    }

    package struct ValidService {
        package let type: ServiceTypeRow
        package let name: String
        package let form: ServiceForm
        package let grounds: [NeedGround]
        package let areas: [Territory]
        package let capacity: Int?
        package let occupancy: Int
        package let eligibility: String?
        package let openingHours: String?
        package let costNote: String?
        package let languages: String?
    }

    package func validate(_ draft: ServiceDraft) async throws -> ValidService {
        var problems: [FieldProblem] = []
        let type = try await ServiceTypeRow.find(trimmed(draft.typeCode), on: db)
        if type?.active != true { problems.append(.init(field: "typeCode", key: "validation.choose")) }
        let name = trimmed(draft.name)
        if name.isEmpty { problems.append(.init(field: "name", key: "validation.required")) }
        else if name.count > 200 { problems.append(.init(field: "name", key: "validation.too_long")) }
        let form = ServiceForm(rawValue: draft.form)
        if form == nil { problems.append(.init(field: "form", key: "validation.choose")) }
        let grounds = draft.grounds.compactMap(NeedGround.init(rawValue:))
        if grounds.isEmpty || grounds.count != draft.grounds.count { problems.append(.init(field: "grounds", key: "services.problem.grounds")) }
        let codes = Set(draft.areaCodes.map { trimmed($0).uppercased() }.filter { !$0.isEmpty })
        let areas = codes.isEmpty ? [] : try await Territory.query(on: db).filter(\.$code ~~ codes).all()
        if areas.isEmpty || areas.count != codes.count { problems.append(.init(field: "areaCodes", key: "services.problem.areas")) }
        var capacity: Int?
        if !trimmed(draft.capacity).isEmpty {
            capacity = Int(trimmed(draft.capacity))
            if capacity == nil || capacity! < 0 { problems.append(.init(field: "capacity", key: "validation.type")); capacity = nil }
        }
        let occupancy = trimmed(draft.occupancy).isEmpty ? 0 : Int(trimmed(draft.occupancy))
        if occupancy == nil || occupancy! < 0 { problems.append(.init(field: "occupancy", key: "validation.type")) }
        else if let capacity, occupancy! > capacity { problems.append(.init(field: "occupancy", key: "services.problem.over_capacity")) }
        for (field, value) in [("eligibility", draft.eligibility), ("openingHours", draft.openingHours), ("costNote", draft.costNote), ("languages", draft.languages)]
            where trimmed(value).count > Self.textLimit {
            problems.append(.init(field: field, key: "validation.too_long"))
        }
        guard problems.isEmpty, let type, let form, let occupancy else { throw AppError.invalid(problems) }
        return ValidService(type: type, name: name, form: form, grounds: grounds, areas: areas, capacity: capacity, occupancy: occupancy,
                            eligibility: optional(draft.eligibility), openingHours: optional(draft.openingHours),
                            costNote: optional(draft.costNote), languages: optional(draft.languages))
    }

    package func createService(for provider: Provider, _ draft: ServiceDraft) async throws -> SocialService {
        let valid = try await validate(draft)
        return try await db.writing { tx in
            let service = SocialService()
            service.id = AppClock.newID()
            service.$provider.id = try provider.requireID()
            service.territoryPath = provider.territoryPath
            service.version = 1
            try await apply(valid, draft: draft, to: service, on: tx, creating: true)
            try await audit.on(tx).record(.serviceCreated, recordType: "service", recordID: service.id!.uuidString, detail: service.name)
            return service
        }
    }

    package func updateService(_ service: SocialService, _ draft: ServiceDraft, expectedVersion: Int) async throws {
        guard service.version == expectedVersion else { throw AppError.conflict("error.stale") }
        let valid = try await validate(draft)
        try await db.writing { tx in
            try await Self.bumpVersion(SocialService.schema, id: service.requireID(), expected: expectedVersion, on: tx)
            service.version = expectedVersion + 1
            try await apply(valid, draft: draft, to: service, on: tx, creating: false)
            try await audit.on(tx).record(.serviceUpdated, recordType: "service", recordID: service.id!.uuidString, detail: service.name)
        }
    }

    private func apply(_ valid: ValidService, draft: ServiceDraft, to service: SocialService, on tx: any Database, creating: Bool) async throws {
        service.typeCode = valid.type.id!
        service.name = valid.name
        service.form = valid.form.rawValue
        service.eligibility = valid.eligibility
        service.capacity = valid.capacity
        service.occupancy = valid.occupancy
        service.openingHours = valid.openingHours
        service.free = draft.free
        service.costNote = valid.costNote
        service.languages = valid.languages
        service.active = draft.active
        if creating { try await service.create(on: tx) } else { try await service.save(on: tx) }
        let id = try service.requireID()
        try await ServiceGroup.query(on: tx).filter(\.$service.$id == id).delete()
        try await ServiceArea.query(on: tx).filter(\.$service.$id == id).delete()
        for ground in valid.grounds { try await ServiceGroup(serviceID: id, ground: ground).create(on: tx) }
        for area in valid.areas { try await ServiceArea(serviceID: id, territory: area).create(on: tx) }
    }

    /// A new service type for the directory: a stable code and its names in the three languages.
    package func addType(code rawCode: String, tk: String, ru: String, en: String) async throws {
        var problems: [FieldProblem] = []
        let code = trimmed(rawCode).lowercased()
        let valid = (2...40).contains(code.count) && code.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
        if !valid { problems.append(.init(field: "code", key: "services.problem.type_code")) }
        else if try await ServiceTypeRow.find(code, on: db) != nil { problems.append(.init(field: "code", key: "services.problem.type_exists")) }
        for (field, name) in [("nameTk", tk), ("nameRu", ru), ("nameEn", en)] {
            if trimmed(name).isEmpty { problems.append(.init(field: field, key: "validation.required")) }
            else if trimmed(name).count > 200 { problems.append(.init(field: field, key: "validation.too_long")) }
        }
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        try await db.writing { tx in
            try await ServiceTypeRow(code: code, tk: trimmed(tk), ru: trimmed(ru), en: trimmed(en)).create(on: tx)
            try await audit.on(tx).record(.serviceUpdated, recordType: "service_type", recordID: code, detail: "type added")
        }
    }

    /// Records a worker of the registry as delivering the service.
    package func addStaff(to service: SocialService, workerNumber rawNumber: String) async throws {
        let number = trimmed(rawNumber).uppercased()
        guard !number.isEmpty, let worker = try await Worker.query(on: db).filter(\.$number == number).first() else {
            throw AppError.invalid([.init(field: "workerNumber", key: "workforce.problem.worker_unknown")])
        }
        let serviceID = try service.requireID(), workerID = try worker.requireID()
        guard try await ServiceStaff.query(on: db).filter(\.$service.$id == serviceID).filter(\.$worker.$id == workerID).count() == 0 else { return }
        try await db.writing { tx in
            let staff = ServiceStaff()
            staff.$service.id = serviceID
            staff.$worker.id = workerID
            try await staff.create(on: tx)
            try await audit.on(tx).record(.serviceUpdated, recordType: "service", recordID: serviceID.uuidString, detail: "staff \(worker.number)")
        }
    }

    /// Optimistic lock: the row moves to the next version only if nobody saved it first.
    package static func bumpVersion(_ table: String, id: UUID, expected: Int, on tx: any Database) async throws {
        let changed = try await (tx as! any SQLDatabase).update(table)
            .set("version", to: SQLBind(expected + 1))
            .where("id", .equal, SQLBind(id)).where("version", .equal, SQLBind(expected))
            .returning("id").all()
        guard changed.count == 1 else { throw AppError.conflict("error.stale") }
    }

    package init(db: any Database, actor: CurrentUser?, audit: AuditService) {
        self.db = db
        self.actor = actor
        self.audit = audit
    }
}

extension Request {
    package var directory: DirectoryService { DirectoryService(db: db, actor: currentUser, audit: audit) }
}

private func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
private func optional(_ text: String) -> String? { trimmed(text).isEmpty ? nil : trimmed(text) }
