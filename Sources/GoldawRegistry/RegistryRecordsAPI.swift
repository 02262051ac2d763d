import Fluent
import Vapor
import GoldawCore
import GoldawPlatform

/// Family links and circumstances on the API, by the same service and rules as the person's
/// pages: a civil registry or a field app records a mother, a guardian, an Ene mähri title or a
/// stay abroad as a social worker does.
package enum RegistryRecordsAPI {
    static let circumstanceParameter = APIOperation.Parameter(name: "circumstance", location: "path", type: "string",
                                                              required: true, description: "uuid")

    package static let operations: [APIOperation] = [
        APIOperation(method: .POST, path: "/api/v1/persons/{id}/links", operationID: "addFamilyLink",
                     summary: "Link this child to an adult (mother, father, guardian, adoptive parent); a young child's mother also opens the birth benefits' applications",
                     authenticated: true, parameters: [RegistryAPI.idParameter], requestSchema: "FamilyLinkInput",
                     responses: [201: "FamilyLink", 404: nil, 422: nil], handler: addLink),
        APIOperation(method: .GET, path: "/api/v1/persons/{id}/circumstances", operationID: "listCircumstances",
                     summary: "Dated circumstances of a person (abroad, full state support, pension, Ene mähri)", authenticated: true,
                     parameters: [RegistryAPI.idParameter], requestSchema: nil, responses: [200: "CircumstanceList", 404: nil], handler: circumstances),
        APIOperation(method: .POST, path: "/api/v1/persons/{id}/circumstances", operationID: "recordCircumstance",
                     summary: "Record a dated circumstance; periods of one kind never overlap", authenticated: true,
                     parameters: [RegistryAPI.idParameter], requestSchema: "CircumstanceInput",
                     responses: [201: "Circumstance", 404: nil, 422: nil], handler: recordCircumstance),
        APIOperation(method: .POST, path: "/api/v1/persons/{id}/circumstances/{circumstance}/end", operationID: "endCircumstance",
                     summary: "Close an open circumstance on a date", authenticated: true,
                     parameters: [RegistryAPI.idParameter, circumstanceParameter], requestSchema: "CircumstanceEnd",
                     responses: [200: "Circumstance", 404: nil, 409: nil, 422: nil], handler: endCircumstance),
    ]

    package static var schemas: [String: Any] { [
        "FamilyLinkInput": OpenAPIDocument.object([
            "adultId": ["type": "string", "format": "uuid"],
            "kind": ["type": "string", "enum": PersonRecordsService.linkKinds],
            "parentState": ["type": "string", "enum": ParentState.allCases.map(\.rawValue)],
            "decisionNumber": ["type": "string", "description": "required for a guardian or an adoptive parent"],
            "decisionDate": ["type": "string", "description": "YYYY-MM-DD or DD.MM.YYYY; required with a decision"],
            "from": ["type": "string", "description": "since when; YYYY-MM-DD or DD.MM.YYYY"],
        ], required: ["adultId", "kind"]),
        "FamilyLink": OpenAPIDocument.object([
            "id": ["type": "string", "format": "uuid"], "childId": ["type": "string", "format": "uuid"],
            "adultId": ["type": "string", "format": "uuid"], "kind": ["type": "string"], "parentState": ["type": "string"],
            "guardianshipForm": ["type": ["string", "null"]], "from": ["type": ["string", "null"], "format": "date"],
            "applicationsOpened": ["type": "integer", "description": "benefit applications this link opened"],
        ], required: ["id", "childId", "adultId", "kind", "parentState", "applicationsOpened"]),
        "CircumstanceInput": OpenAPIDocument.object([
            "kind": ["type": "string", "enum": Circumstance.allCases.map(\.rawValue)],
            "from": ["type": "string"], "to": ["type": "string"], "note": ["type": "string", "maxLength": 500],
        ], required: ["kind", "from"]),
        "CircumstanceEnd": OpenAPIDocument.object(["to": ["type": "string"]], required: ["to"]),
        "Circumstance": OpenAPIDocument.object([
            "id": ["type": "string", "format": "uuid"], "kind": ["type": "string"],
            "from": ["type": "string", "format": "date"], "to": ["type": ["string", "null"], "format": "date"],
            "note": ["type": ["string", "null"]],
        ], required: ["id", "kind", "from"]),
        "CircumstanceList": OpenAPIDocument.object([
            "items": ["type": "array", "items": ["$ref": "#/components/schemas/Circumstance"]],
        ], required: ["items"]),
    ] }

    struct LinkInput: Content {
        let adultId: UUID
        let kind: String
        let parentState: String?
        let decisionNumber: String?
        let decisionDate: String?
        let from: String?
    }

    struct LinkDTO: Content {
        let id: UUID
        let childId: UUID
        let adultId: UUID
        let kind: String
        let parentState: String
        let guardianshipForm: String?
        let from: String?
        let applicationsOpened: Int
    }

    @Sendable static func addLink(req: Request) async throws -> Response {
        let child = try await RegistryAPI.load(req, .editPeople)
        let input = try req.decodeStrictJSON(LinkInput.self, allowed: ["adultId", "kind", "parentState", "decisionNumber", "decisionDate", "from"])
        let me = try await req.require(.editPeople)
        // An adult outside the caller's scope is as unknown as one who does not exist.
        guard let adult = try await Person.find(input.adultId, on: req.db), adult.mergedIntoID == nil,
              me.scope.kind == .national || me.scope.contains(territoryPath: adult.territoryPath) else {
            throw AppError.invalid([.init(field: "adultId", key: "registry.person_unknown")])
        }
        let saved = try await req.personRecords.addLink(child: child, adult: adult, kind: input.kind,
                                                        parentState: input.parentState ?? ParentState.alive.rawValue,
                                                        decisionNumber: input.decisionNumber ?? "", decisionDate: input.decisionDate ?? "",
                                                        from: input.from ?? "")
        let link = saved.link
        return try await RegistryAPI.respond(LinkDTO(id: try link.requireID(), childId: link.$child.id, adultId: link.$adult.id,
                                                     kind: link.kind, parentState: link.parentState, guardianshipForm: link.guardianshipForm,
                                                     from: link.fromDate, applicationsOpened: saved.opened), .created, req)
    }

    struct CircumstanceDTO: Content {
        let id: UUID
        let kind: String
        let from: String
        let to: String?
        let note: String?

        init(_ row: PersonCircumstance) {
            id = row.id!
            kind = row.kind
            from = row.fromDate
            to = row.toDate
            note = row.note
        }
    }

    struct CircumstanceList: Content { let items: [CircumstanceDTO] }
    struct CircumstanceInput: Content { let kind: String; let from: String; let to: String?; let note: String? }
    struct CircumstanceEnd: Content { let to: String }

    @Sendable static func circumstances(req: Request) async throws -> Response {
        let person = try await RegistryAPI.load(req, .viewPeople)
        let rows = try await PersonCircumstance.query(on: req.db).filter(\.$person.$id == person.requireID())
            .sort(\.$fromDate).sort(\.$kind).all()
        try await req.audit.record(.personViewed, recordType: "person", recordID: person.id?.uuidString, detail: "api circumstances")
        return try await RegistryAPI.respond(CircumstanceList(items: rows.map(CircumstanceDTO.init)), .ok, req)
    }

    @Sendable static func recordCircumstance(req: Request) async throws -> Response {
        let person = try await RegistryAPI.load(req, .editPeople)
        let input = try req.decodeStrictJSON(CircumstanceInput.self, allowed: ["kind", "from", "to", "note"])
        let row = try await req.personRecords.recordCircumstance(for: person, kind: input.kind, from: input.from,
                                                                 to: input.to ?? "", note: input.note ?? "")
        return try await RegistryAPI.respond(CircumstanceDTO(row), .created, req)
    }

    @Sendable static func endCircumstance(req: Request) async throws -> Response {
        let person = try await RegistryAPI.load(req, .editPeople)
        let input = try req.decodeStrictJSON(CircumstanceEnd.self, allowed: ["to"])
        guard let id = req.parameters.get("circumstance", as: UUID.self),
              let row = try await PersonCircumstance.query(on: req.db).filter(\.$id == id)
                .filter(\.$person.$id == person.requireID()).first() else { throw AppError.notFound }
        try await req.personRecords.endCircumstance(row, of: person, on: input.to)
        return try await RegistryAPI.respond(CircumstanceDTO(row), .ok, req)
    }
}
