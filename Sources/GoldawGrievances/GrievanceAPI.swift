import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawBenefits

/// `/api/v1/grievances`: the desk for other systems (a call-centre application, the benefits
/// module). Lists carry no personal data; reading one grievance is audited like the page.
package enum GrievanceAPI {
    package static let idParameter = APIOperation.Parameter.id

    package static var operations: [APIOperation] {
        [
            APIOperation(method: .GET, path: "/api/v1/grievances", operationID: "listGrievances",
                         summary: "Grievances in the caller's scope, most urgent first; active ones unless a status is given",
                         authenticated: true, parameters: [
                            .init(name: "status", location: "query", type: "string", required: false,
                                  description: "open | assigned | escalated | resolved | appealed | closed | all (default: the active ones)"),
                            .init(name: "category", location: "query", type: "string", required: false, description: GrievanceCategory.allCases.map(\.rawValue).joined(separator: " | ")),
                            .init(name: "sla", location: "query", type: "string", required: false, description: "on_track | at_risk | breached"),
                            .init(name: "q", location: "query", type: "string", required: false, description: "grievance number, tracking code or subject reference"),
                            .page,
                            .perPage(default: 25),
                         ], requestSchema: nil, responses: [200: "GrievancePage", 401: nil, 403: nil, 422: nil], handler: list),
            APIOperation(method: .POST, path: "/api/v1/grievances", operationID: "createGrievance",
                         summary: "Lodge a grievance for a caller (phone or visit); the answer holds the tracking code to give them",
                         authenticated: true, parameters: [], requestSchema: "GrievanceInput",
                         responses: [201: "Grievance", 401: nil, 403: nil, 422: nil], handler: create),
            APIOperation(method: .GET, path: "/api/v1/grievances/{id}", operationID: "getGrievance",
                         summary: "One grievance with the complainant's details and its history", authenticated: true,
                         parameters: [idParameter], requestSchema: nil, responses: [200: "Grievance", 401: nil, 404: nil], handler: show),
        ] + GrievanceAction.allCases.map { action in
            APIOperation(method: .POST, path: "/api/v1/grievances/{id}/\(action.rawValue)", operationID: "\(action.rawValue)Grievance",
                         summary: summaries[action]!, authenticated: true, parameters: [idParameter], requestSchema: "GrievanceTransition",
                         responses: [200: "Grievance", 400: nil, 404: nil, 409: nil, 422: nil],
                         handler: { req in try await transition(req, action) })
        } + ChildComplaintAPI.operations
    }

    package static let summaries: [GrievanceAction: String] = [
        .assign: "Assign to a staff member who may handle it (assignee: username)",
        .escalate: "Escalate one level, with a reason (note)",
        .resolve: "Resolve, with the answer the complainant will read (note)",
        .appeal: "Appeal a resolved grievance once, with a reason (note); restarts the deadline and, for an application, re-opens the decision",
        .close: "Close a resolved grievance",
    ]

    // MARK: DTOs

    package struct Input: Content {
        package var category: String
        package var channel: String
        package var complainantName: String
        package var complainantContact: String?
        package var personNumber: String?
        package var subjectKind: String
        package var subjectReference: String?
        package var description: String
        package var territoryCode: String

        package static let fields: Set<String> = ["category", "channel", "complainantName", "complainantContact", "personNumber",
                                          "subjectKind", "subjectReference", "description", "territoryCode"]

        package init(category: String, channel: String, complainantName: String, complainantContact: String? = nil, personNumber: String? = nil, subjectKind: String, subjectReference: String? = nil, description: String, territoryCode: String) {
            self.category = category
            self.channel = channel
            self.complainantName = complainantName
            self.complainantContact = complainantContact
            self.personNumber = personNumber
            self.subjectKind = subjectKind
            self.subjectReference = subjectReference
            self.description = description
            self.territoryCode = territoryCode
        }
    }

    package struct Summary: Content {
        package let id: UUID
        package let number: String
        package let category: String
        package let channel: String
        package let subjectKind: String
        package let subjectReference: String?
        package let territoryCode: String?
        package let status: String
        package let lodgedAt: Date
        package let dueDate: String
        package let slaState: String?
        package let escalated: Bool
        package let escalationLevel: Int
        package let assignee: String?
        package let version: Int

        package init(id: UUID, number: String, category: String, channel: String, subjectKind: String, subjectReference: String?, territoryCode: String?, status: String, lodgedAt: Date, dueDate: String, slaState: String?, escalated: Bool, escalationLevel: Int, assignee: String?, version: Int) {
            self.id = id
            self.number = number
            self.category = category
            self.channel = channel
            self.subjectKind = subjectKind
            self.subjectReference = subjectReference
            self.territoryCode = territoryCode
            self.status = status
            self.lodgedAt = lodgedAt
            self.dueDate = dueDate
            self.slaState = slaState
            self.escalated = escalated
            self.escalationLevel = escalationLevel
            self.assignee = assignee
            self.version = version
        }
    }

    package typealias Event = StatusHistory.Event

    package struct Detail: Content {
        package let grievance: Summary
        package let trackingCode: String
        package let complainantName: String
        package let complainantContact: String?
        package let personId: UUID?
        package let description: String
        package let resolution: String?
        package let resolvedAt: Date?
        package let appealReason: String?
        package let appealedAt: Date?
        package let closedAt: Date?
        package let events: [Event]

        package init(grievance: Summary, trackingCode: String, complainantName: String, complainantContact: String?, personId: UUID?, description: String, resolution: String?, resolvedAt: Date?, appealReason: String?, appealedAt: Date?, closedAt: Date?, events: [Event]) {
            self.grievance = grievance
            self.trackingCode = trackingCode
            self.complainantName = complainantName
            self.complainantContact = complainantContact
            self.personId = personId
            self.description = description
            self.resolution = resolution
            self.resolvedAt = resolvedAt
            self.appealReason = appealReason
            self.appealedAt = appealedAt
            self.closedAt = closedAt
            self.events = events
        }
    }

    package typealias Page = APIPage<Summary>

    package struct Transition: Content { package let version: Int; package let note: String?; package let assignee: String? }

    package static func summaries(_ grievances: [Grievance], db: any Database) async throws -> [Summary] {
        let today = CalendarDate.today
        let codes = Dictionary(uniqueKeysWithValues: try await Territory.query(on: db)
            .filter(\.$id ~~ Set(grievances.compactMap { $0.$territory.id })).all().map { ($0.id!, $0.code) })
        let users = Dictionary(uniqueKeysWithValues: try await User.query(on: db)
            .filter(\.$id ~~ Set(grievances.compactMap { $0.$assignee.id })).all().map { ($0.id!, $0.username) })
        return grievances.map { grievance in
            let state = grievance.slaState(today: today)
            return Summary(id: grievance.id!, number: grievance.number, category: grievance.category, channel: grievance.channel,
                           subjectKind: grievance.subjectKind, subjectReference: grievance.subjectReference,
                           territoryCode: grievance.$territory.id.flatMap { codes[$0] }, status: grievance.status,
                           lodgedAt: grievance.lodgedAt, dueDate: grievance.dueDate, slaState: state?.rawValue,
                           escalated: GrievanceSLA.showsEscalated(status: grievance.statusValue, escalationLevel: grievance.escalationLevel, state: state),
                           escalationLevel: grievance.escalationLevel, assignee: grievance.$assignee.id.flatMap { users[$0] },
                           version: grievance.version)
        }
    }

    package static func detail(_ grievance: Grievance, db: any Database) async throws -> Detail {
        let events = try await GrievanceEvent.query(on: db).filter(\.$grievance.$id == grievance.requireID()).sort(\.$occurredAt).all()
        return Detail(grievance: try await summaries([grievance], db: db)[0], trackingCode: TrackingCode.display(grievance.trackingCode),
                      complainantName: grievance.complainantName, complainantContact: grievance.complainantContact,
                      personId: grievance.$person.id, description: grievance.description, resolution: grievance.resolution,
                      resolvedAt: grievance.resolvedAt, appealReason: grievance.appealReason, appealedAt: grievance.appealedAt,
                      closedAt: grievance.closedAt,
                      events: StatusHistory.api(events))
    }

    package static func load(_ req: Request) async throws -> Grievance {
        try await GrievanceController.load(req)
    }

    // MARK: handlers

    @Sendable package static func list(req: Request) async throws -> Response {
        let me = try await req.require(.handleGrievances)
        func value(_ key: String) -> String { (try? req.query.get(String.self, at: key)) ?? "" }
        var query = GrievanceDesk.Query(status: value("status"), category: value("category"), sla: value("sla"), text: value("q"))
        var problems: [FieldProblem] = []
        (query.page, query.perPage) = req.apiPaging(problems: &problems)
        problems += GrievanceDesk.problems(query)
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let found = try await GrievanceDesk(db: req.db).run(query, scope: me.scope, today: CalendarDate.today)
        return try await found.withRows(try await summaries(found.rows, db: req.db)).api.encodeResponse(for: req)
    }

    @Sendable package static func create(req: Request) async throws -> Response {
        try await req.require(.handleGrievances)
        let input = try req.decodeStrictJSON(Input.self, allowed: Input.fields)
        let draft = GrievanceDraft(category: input.category, channel: input.channel, complainantName: input.complainantName,
                                   complainantContact: input.complainantContact ?? "", personNumber: input.personNumber ?? "",
                                   subjectKind: input.subjectKind, subjectReference: input.subjectReference ?? "",
                                   description: input.description, territoryCode: input.territoryCode)
        let grievance = try await req.grievances.lodge(draft, publicPage: false)
        return try await RegistryAPI.respond(try await detail(grievance, db: req.db), .created, req)
    }

    @Sendable package static func show(req: Request) async throws -> Response {
        let grievance = try await load(req)
        try await req.audit.record(.grievanceViewed, recordType: "grievance", recordID: grievance.id!.uuidString, detail: "api")
        return try await detail(grievance, db: req.db).encodeResponse(for: req)
    }

    package static func transition(_ req: Request, _ action: GrievanceAction) async throws -> Response {
        let grievance = try await load(req)
        let input = try req.decodeStrictJSON(Transition.self, allowed: ["version", "note", "assignee"])
        try await req.grievances.perform(action, on: grievance, note: input.note ?? "", assignee: input.assignee ?? "",
                                         expectedVersion: input.version)
        let fresh = try await Grievance.find(grievance.requireID(), on: req.db)!
        return try await detail(fresh, db: req.db).encodeResponse(for: req)
    }
}
