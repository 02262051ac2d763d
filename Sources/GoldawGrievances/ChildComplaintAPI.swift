import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawBenefits

/// `/api/v1/child-complaints`: the children's channel for another front end (a helpline's
/// application, a school's kiosk) without an account, rate-limited and recording no client
/// address like the page; and the office's list, reading and steps for staff, audited.
package enum ChildComplaintAPI {
    package static var operations: [APIOperation] {
        [
            APIOperation(method: .POST, path: "/api/v1/child-complaints", operationID: "createChildComplaint",
                         summary: "A child's complaint or a report of a child at risk, without an account and without a name; the answer holds the tracking code",
                         authenticated: false, parameters: [], requestSchema: "ChildComplaintInput",
                         responses: [201: "ChildComplaintStatus", 400: nil, 413: nil, 415: nil, 422: nil, 429: nil], handler: create),
            APIOperation(method: .POST, path: "/api/v1/child-complaints/track", operationID: "trackChildComplaint",
                         summary: "The status and the answer of a child's complaint, by its tracking code (sent in the body, never in the address)",
                         authenticated: false, parameters: [], requestSchema: "ChildComplaintTrack",
                         responses: [200: "ChildComplaintStatus", 400: nil, 404: nil, 415: nil, 429: nil], handler: track),
            APIOperation(method: .GET, path: "/api/v1/child-complaints", operationID: "listChildComplaints",
                         summary: "Children's complaints addressed to the caller's office (the etrap's social services or the independent monitor) in scope, most urgent first",
                         authenticated: true, parameters: [
                            .init(name: "status", location: "query", type: "string", required: false,
                                  description: "open | assigned | resolved | closed | all (default: the active ones)"),
                            .init(name: "kind", location: "query", type: "string", required: false,
                                  description: ChildComplaintKind.allCases.map(\.rawValue).joined(separator: " | ")),
                            .page, .perPage(default: 25),
                         ], requestSchema: nil, responses: [200: "ChildComplaintPage", 401: nil, 403: nil, 422: nil], handler: list),
            APIOperation(method: .GET, path: "/api/v1/child-complaints/{id}", operationID: "getChildComplaint",
                         summary: "One child's complaint with its history; audited", authenticated: true,
                         parameters: [.id], requestSchema: nil, responses: [200: "ChildComplaint", 401: nil, 403: nil, 404: nil], handler: show),
        ] + ChildComplaintRouting.staffActions.map { action in
            APIOperation(method: .POST, path: "/api/v1/child-complaints/{id}/\(action.rawValue)", operationID: "\(action.rawValue)ChildComplaint",
                         summary: summaries[action]!, authenticated: true, parameters: [.id], requestSchema: "GrievanceTransition",
                         responses: [200: "ChildComplaint", 400: nil, 401: nil, 403: nil, 404: nil, 409: nil, 422: nil],
                         handler: { req in try await transition(req, action) })
        }
    }

    static let summaries: [GrievanceAction: String] = [
        .assign: "Give the complaint to a member of the office (assignee: username)",
        .resolve: "Answer the child (note): the answer is what the tracking page shows",
        .close: "Close an answered complaint",
    ]

    // MARK: DTOs

    package struct Input: Content {
        package var kind: String
        package var recipient: String?
        package var territoryCode: String
        package var text: String
        package var name: String?
        package var contact: String?

        package static let fields: Set<String> = ["kind", "recipient", "territoryCode", "text", "name", "contact"]
    }

    package struct TrackInput: Content { package var trackingCode: String }

    /// What the child (or the front end) sees: nothing about who wrote or who answered.
    package struct PublicStatus: Content {
        package let trackingCode: String
        package let kind: String
        package let recipient: String
        package let status: String
        package let lodgedOn: String
        package let answerBy: String?
        package let answer: String?
    }

    package struct Summary: Content {
        package let id: UUID
        package let number: String
        package let kind: String
        package let recipient: String
        package let territoryCode: String?
        package let anonymous: Bool
        package let status: String
        package let lodgedAt: Date
        package let dueDate: String
        package let slaState: String?
        package let assignee: String?
        package let version: Int
    }

    package struct Detail: Content {
        package let complaint: Summary
        package let name: String?
        package let contact: String?
        package let text: String
        package let answer: String?
        package let answeredAt: Date?
        package let events: [StatusHistory.Event]
    }

    static func publicStatus(_ grievance: Grievance) -> PublicStatus {
        PublicStatus(trackingCode: TrackingCode.display(grievance.trackingCode), kind: grievance.category, recipient: grievance.recipient,
                     status: grievance.status, lodgedOn: grievance.lodgedAtDay,
                     answerBy: grievance.statusValue.isActive ? grievance.dueDate : nil, answer: grievance.resolution)
    }

    static func summaries(_ complaints: [Grievance], db: any Database) async throws -> [Summary] {
        let desk = try await GrievanceAPI.summaries(complaints, db: db)
        return zip(complaints, desk).map { complaint, row in
            Summary(id: row.id, number: row.number, kind: complaint.category, recipient: complaint.recipient, territoryCode: row.territoryCode,
                    anonymous: complaint.anonymous, status: row.status, lodgedAt: row.lodgedAt, dueDate: row.dueDate, slaState: row.slaState,
                    assignee: row.assignee, version: row.version)
        }
    }

    static func detail(_ complaint: Grievance, db: any Database) async throws -> Detail {
        let events = try await GrievanceEvent.query(on: db).filter(\.$grievance.$id == complaint.requireID()).sort(\.$occurredAt).all()
        return Detail(complaint: try await summaries([complaint], db: db)[0],
                      name: complaint.complainantName.isEmpty ? nil : complaint.complainantName, contact: complaint.complainantContact,
                      text: complaint.description, answer: complaint.resolution, answeredAt: complaint.resolvedAt, events: StatusHistory.api(events))
    }

    static func tooMany(_ wait: Int) -> Abort { Abort(.tooManyRequests, headers: ["Retry-After": String(wait)]) }

    // MARK: handlers

    @Sendable package static func create(req: Request) async throws -> Response {
        let input = try req.decodeStrictJSON(Input.self, allowed: Input.fields)
        if let wait = try await ChildComplaintPublicController.limited(.complaint, req) { throw tooMany(wait) }
        let draft = ChildComplaintDraft(kind: input.kind, recipient: input.recipient ?? "", territoryCode: input.territoryCode,
                                        text: input.text, name: input.name ?? "", contact: input.contact ?? "")
        let grievance = try await ChildComplaintPublicController.service(req).lodgeChild(draft)
        return try await publicStatus(grievance).encodeResponse(status: .created, for: req)
    }

    @Sendable package static func track(req: Request) async throws -> Response {
        let input = try req.decodeStrictJSON(TrackInput.self, allowed: ["trackingCode"])
        if let wait = try await ChildComplaintPublicController.limited(.trackingCode, req) { throw tooMany(wait) }
        let audit = ChildComplaintPublicController.quietAudit(req)
        guard let grievance = try await ChildComplaintPublicController.service(req).find(trackingCode: input.trackingCode),
              grievance.isChildComplaint else {
            try await audit.record(.grievanceTrackFailed, outcome: .failure, recordType: "grievance")
            throw AppError.notFound
        }
        try await audit.record(.grievanceViewed, recordType: "grievance", recordID: grievance.id?.uuidString, detail: "api child")
        return try await publicStatus(grievance).encodeResponse(for: req)
    }

    @Sendable package static func list(req: Request) async throws -> Response {
        let (me, office) = try await req.childComplaintOffice()
        func value(_ key: String) -> String { (try? req.query.get(String.self, at: key)) ?? "" }
        var filter = ChildComplaintQueries.Filter(status: value("status"), kind: value("kind"))
        var problems: [FieldProblem] = []
        (filter.page, filter.perPage) = req.apiPaging(problems: &problems)
        problems += ChildComplaintQueries.problems(filter)
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let found = try await ChildComplaintQueries(db: req.db).list(filter, office: office, scope: me.scope)
        try await req.audit.record(.grievanceViewed, recordType: "grievance",
                                   detail: "api children's complaints \(office.rawValue) page \(filter.page) \(found.rows.count) rows")
        return try await found.withRows(try await summaries(found.rows, db: req.db)).api.encodeResponse(for: req)
    }

    @Sendable package static func show(req: Request) async throws -> Response {
        let complaint = try await req.loadChildComplaint()
        try await req.audit.record(.grievanceViewed, recordType: "grievance", recordID: complaint.id!.uuidString, detail: "api \(complaint.number)")
        return try await detail(complaint, db: req.db).encodeResponse(for: req)
    }

    static func transition(_ req: Request, _ action: GrievanceAction) async throws -> Response {
        let complaint = try await req.loadChildComplaint()
        let input = try req.decodeStrictJSON(GrievanceAPI.Transition.self, allowed: ["version", "note", "assignee"])
        try await req.grievances.perform(action, on: complaint, note: input.note ?? "", assignee: input.assignee ?? "",
                                         expectedVersion: input.version)
        let fresh = try await Grievance.find(complaint.requireID(), on: req.db)!
        return try await detail(fresh, db: req.db).encodeResponse(for: req)
    }

    // MARK: OpenAPI

    package static var schemas: [String: Any] {
        let object = OpenAPIDocument.object
        let string: [String: Any] = ["type": "string"]
        let nullableString: [String: Any] = ["type": ["string", "null"]]
        let kinds: [String: Any] = ["type": "string", "enum": ChildComplaintKind.allCases.map(\.rawValue)]
        let recipients: [String: Any] = ["type": "string", "enum": ComplaintRecipient.forChildren.map(\.rawValue)]
        let statuses: [String: Any] = ["type": "string", "enum": GrievanceStatus.allCases.map(\.rawValue)]
        return [
            "ChildComplaintInput": object([
                "kind": kinds,
                "recipient": recipients.merging(["description": "who reads it; a complaint from detention always goes to the independent monitor"]) { a, _ in a },
                "territoryCode": ["type": "string", "description": "the etrap's territory code"],
                "text": ["type": "string", "description": "what happened, 1 to 4000 characters"],
                "name": ["type": "string", "description": "optional; without a name and a contact the complaint is anonymous"],
                "contact": ["type": "string", "description": "optional"],
            ], ["kind", "territoryCode", "text"]),
            "ChildComplaintTrack": object(["trackingCode": ["type": "string", "description": "e.g. ACDE-FGHJ-KM"]], ["trackingCode"]),
            "ChildComplaintStatus": object([
                "trackingCode": ["type": "string", "description": "keep it: it is the only way to read the answer"],
                "kind": kinds, "recipient": recipients, "status": statuses,
                "lodgedOn": ["type": "string", "format": "date"],
                "answerBy": ["type": ["string", "null"], "format": "date", "description": "null once answered"],
                "answer": nullableString,
            ], ["trackingCode", "kind", "recipient", "status", "lodgedOn"]),
            "ChildComplaintSummary": object([
                "id": ["type": "string", "format": "uuid"], "number": string, "kind": kinds, "recipient": recipients,
                "territoryCode": nullableString, "anonymous": ["type": "boolean"], "status": statuses,
                "lodgedAt": ["type": "string", "format": "date-time"], "dueDate": ["type": "string", "format": "date"],
                "slaState": ["type": ["string", "null"], "enum": SLAState.allCases.map(\.rawValue) + [NSNull()]],
                "assignee": ["type": ["string", "null"], "description": "username"], "version": ["type": "integer"],
            ], ["id", "number", "kind", "recipient", "anonymous", "status", "lodgedAt", "dueDate", "version"]),
            "ChildComplaintPage": object([
                "items": ["type": "array", "items": ["$ref": "#/components/schemas/ChildComplaintSummary"]],
                "page": ["type": "integer"], "perPage": ["type": "integer"], "hasMore": ["type": "boolean"],
            ], ["items", "page", "perPage", "hasMore"]),
            "ChildComplaint": object([
                "complaint": ["$ref": "#/components/schemas/ChildComplaintSummary"],
                "name": nullableString, "contact": nullableString, "text": string, "answer": nullableString,
                "answeredAt": ["type": ["string", "null"], "format": "date-time"],
                "events": ["type": "array", "items": object([
                    "kind": string, "fromStatus": nullableString, "toStatus": string, "note": nullableString, "actor": nullableString,
                    "occurredAt": ["type": "string", "format": "date-time"]], ["kind", "toStatus", "occurredAt"])],
            ], ["complaint", "text", "events"]),
        ]
    }
}
