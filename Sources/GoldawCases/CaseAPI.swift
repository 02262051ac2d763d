import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawSocialServices

/// `/api/v1/cases`: the same commands as the pages, through `CaseService`, with the same
/// policy, scope (404 outside), audit and refusals (422 with field problems, 409 for a refused
/// step or a stale version). Every answer about one case is the whole case with its records.
package enum CaseAPI {
    package static let idParameter = APIOperation.Parameter(name: "id", location: "path", type: "string", required: true, description: "case uuid")

    /// One POST per thing recorded on a case: path, request schema, summary, policy action.
    package struct Command: Sendable {
        package let path: String
        package let schema: String
        package let summary: String
        package let action: Action
        package let fields: Set<String>
        package let run: @Sendable (Request, CaseRecord, [String: JSONValue]) async throws -> Void
    }

    package static var operations: [APIOperation] {
        [
            APIOperation(method: .GET, path: "/api/v1/cases", operationID: "listCases",
                         summary: "Cases in the caller's scope, highest risk and urgent first; open ones unless a step is given",
                         authenticated: true, parameters: [
                            .init(name: "risk", location: "query", type: "string", required: false, description: "high | medium | low | none"),
                            .init(name: "step", location: "query", type: "string", required: false,
                                  description: CaseStep.allCases.map(\.rawValue).joined(separator: " | ") + " | all"),
                            .init(name: "concern", location: "query", type: "string", required: false, description: "a concern code"),
                            .init(name: "worker", location: "query", type: "string", required: false, description: "user uuid"),
                            .init(name: "territory", location: "query", type: "string", required: false, description: "territory code"),
                            .init(name: "overdue", location: "query", type: "boolean", required: false, description: "only cases with an overdue deadline"),
                            .page,
                         ], requestSchema: nil, responses: [200: "CasePage", 401: nil, 403: nil], handler: list),
            APIOperation(method: .POST, path: "/api/v1/cases", operationID: "openCase",
                         summary: "Open a case for a registry child (personId); the case lives in the child's etrap",
                         authenticated: true, parameters: [], requestSchema: "CaseInput",
                         responses: [201: "Case", 401: nil, 403: nil, 404: nil, 422: nil], handler: open),
            APIOperation(method: .GET, path: "/api/v1/cases/{id}", operationID: "getCase",
                         summary: "One case with its consents, assessments, plans, referrals, follow-ups, approvals, deadlines, incidents and notes (audited)",
                         authenticated: true, parameters: [idParameter], requestSchema: nil,
                         responses: [200: "Case", 401: nil, 403: nil, 404: nil], handler: show),
            APIOperation(method: .POST, path: "/api/v1/cases/{id}/approvals/{approvalId}", operationID: "decideCaseApproval",
                         summary: "A supervisor approves or rejects a request (never their own; a rejection needs a comment)",
                         authenticated: true,
                         parameters: [idParameter, .init(name: "approvalId", location: "path", type: "string", required: true, description: "approval uuid")],
                         requestSchema: "CaseDecisionInput", responses: [200: "Case", 401: nil, 403: nil, 404: nil, 409: nil, 422: nil],
                         handler: decide),
            APIOperation(method: .POST, path: "/api/v1/case-transfers/{transferId}", operationID: "decideCaseTransfer",
                         summary: "The receiving supervisor accepts or declines a transfer (a decline needs a comment); the sending side may cancel",
                         authenticated: true,
                         parameters: [.init(name: "transferId", location: "path", type: "string", required: true, description: "transfer uuid")],
                         requestSchema: "CaseTransferDecisionInput", responses: [200: "CaseTransfer", 401: nil, 403: nil, 404: nil, 409: nil, 422: nil],
                         handler: decideTransfer),
        ] + commands.map { command in
            APIOperation(method: .POST, path: "/api/v1/cases/{id}/\(command.path)", operationID: "caseCommand_" + command.path.replacingOccurrences(of: "-", with: "_"),
                         summary: command.summary, authenticated: true, parameters: [idParameter], requestSchema: command.schema,
                         responses: [201: "Case", 401: nil, 403: nil, 404: nil, 409: nil, 422: nil],
                         handler: { req in try await run(req, command) })
        }
    }

    package static func text(_ body: [String: JSONValue], _ key: String) -> String {
        if case .string(let value)? = body[key] { return value }
        return ""
    }

    package static func strings(_ body: [String: JSONValue], _ key: String) -> [String] {
        guard case .array(let values)? = body[key] else { return [] }
        var result: [String] = []
        for value in values { if case .string(let text) = value { result.append(text) } }
        return result
    }

    // Foundation on Linux may read JSON 1 as `true` and `true` as 1, so both helpers accept both.
    package static func flag(_ body: [String: JSONValue], _ key: String) -> Bool {
        switch body[key] {
        case .bool(let value)?: value
        case .number(let value)?: value != 0
        default: false
        }
    }

    package static func int(_ body: [String: JSONValue], _ key: String) -> Int {
        switch body[key] {
        case .number(let value)?: Int(exactly: value.rounded(.towardZero)) ?? -1
        case .bool(let value)?: value ? 1 : 0
        default: -1
        }
    }

    /// Dates travel as ISO `YYYY-MM-DD` in the API and as `DD.MM.YYYY` in the forms.
    package static func date(_ body: [String: JSONValue], _ key: String) -> String {
        let raw = text(body, key)
        return CalendarDate(iso: raw)?.display ?? raw
    }

    package static let commands: [Command] = [
        Command(path: "consents", schema: "CaseConsentInput", summary: "Record a consent, assent or refusal by one party, per scope",
                action: .workCases, fields: ["party", "givenBy", "scopes", "givenOn", "note"]) { req, record, body in
            try await req.cases.recordConsent(record, party: text(body, "party"), givenBy: text(body, "givenBy"),
                                              scopes: Set(strings(body, "scopes").compactMap(ConsentScope.init(rawValue:))),
                                              givenOn: date(body, "givenOn"), note: text(body, "note"))
        },
        Command(path: "consent-overrides", schema: "CaseOverrideInput", summary: "A supervisor allows sharing or referral without consent, with a reason (audited)",
                action: .superviseCases, fields: ["scope", "reason"]) { req, record, body in
            try await req.cases.overrideConsent(record, scope: text(body, "scope"), reason: text(body, "reason"))
        },
        Command(path: "assessments", schema: "CaseAssessmentInput",
                summary: "Record the initial assessment (kind initial: sets the risk and the deadlines) or the needs assessment (kind needs: sent for approval)",
                action: .workCases, fields: ["kind", "assessedOn", "risk", "summary", "risks", "protectiveFactors", "childViews"]) { req, record, body in
            if text(body, "kind") == "initial" {
                try await req.cases.initialAssessment(record, date: date(body, "assessedOn"), risk: text(body, "risk"), summary: text(body, "summary"))
            } else if text(body, "kind") == "needs" {
                try await req.cases.needsAssessment(record, .init(assessedOn: date(body, "assessedOn"), summary: text(body, "summary"),
                                                                  risks: text(body, "risks"), protectiveFactors: text(body, "protectiveFactors"),
                                                                  childViews: text(body, "childViews")))
            } else {
                throw AppError.invalid([.init(field: "kind", key: "validation.choose")])
            }
        },
        Command(path: "plans", schema: "CasePlanInput", summary: "Record a case plan revision (goals and actions) and send it for approval",
                action: .workCases, fields: ["goals", "actions"]) { req, record, body in
            var actions: [CaseService.PlanAction] = []
            if case .array(let items)? = body["actions"] {
                for item in items {
                    guard case .object(let fields) = item else { continue }
                    actions.append(.init(action: text(fields, "action"), responsible: text(fields, "responsible"),
                                         start: date(fields, "startOn"), due: date(fields, "dueOn")))
                }
            }
            try await req.cases.submitPlan(record, goals: text(body, "goals"), actions: actions)
        },
        Command(path: "follow-ups", schema: "CaseFollowUpInput", summary: "Record a follow-up visit or contact",
                action: .workCases, fields: ["visitedOn", "kind", "childSeen", "summary"]) { req, record, body in
            try await req.cases.recordVisit(record, date: date(body, "visitedOn"), kind: text(body, "kind"),
                                            childSeen: flag(body, "childSeen"), summary: text(body, "summary"))
        },
        Command(path: "referrals", schema: "CaseReferralInput", summary: "Refer to a service; refused (409) without the consent the child's age needs or an override",
                action: .workCases, fields: ["service", "provider", "referredOn"]) { req, record, body in
            try await req.cases.refer(record, service: text(body, "service"), provider: text(body, "provider"), date: date(body, "referredOn"))
        },
        Command(path: "incidents", schema: "CaseIncidentInput", summary: "Record a violence incident (seen only by the case team and supervisors)",
                action: .workCases, fields: ["type", "occurredOn", "place", "perpetratorRelationship", "perpetratorName", "reportedTo",
                                             "medicalFollowUp", "legalFollowUp"]) { req, record, body in
            try await req.cases.recordIncident(record, .init(
                type: text(body, "type"), occurredOn: date(body, "occurredOn"), place: text(body, "place"),
                perpetratorRelationship: text(body, "perpetratorRelationship"), perpetratorName: text(body, "perpetratorName"),
                reportedTo: text(body, "reportedTo"), medicalFollowUp: text(body, "medicalFollowUp"), legalFollowUp: text(body, "legalFollowUp")))
        },
        Command(path: "conferences", schema: "CaseConferenceInput",
                summary: "Record a case conference: agencies, participants, decisions and each agency's actions",
                action: .workCases, fields: ["heldOn", "agencies", "participants", "decisions", "actions"]) { req, record, body in
            var actions: [(agency: String, action: String, due: String)] = []
            if case .array(let items)? = body["actions"] {
                for item in items {
                    guard case .object(let fields) = item else { continue }
                    actions.append((text(fields, "agency"), text(fields, "action"), date(fields, "dueOn")))
                }
            }
            try await req.cases.recordConference(record, .init(heldOn: date(body, "heldOn"), agencies: strings(body, "agencies"),
                                                               participants: text(body, "participants"), decisions: text(body, "decisions"),
                                                               actions: actions))
        },
        Command(path: "best-interests", schema: "CaseBestInterestsInput",
                summary: "Record a best-interests assessment when separation or placement is at stake",
                action: .workCases, fields: ["assessedOn", "decisionAtStake", "childViews", "familyViews", "options", "recommendation"]) { req, record, body in
            try await req.cases.recordBestInterests(record, .init(
                assessedOn: date(body, "assessedOn"), decisionAtStake: text(body, "decisionAtStake"), childViews: text(body, "childViews"),
                familyViews: text(body, "familyViews"), options: text(body, "options"), recommendation: text(body, "recommendation")))
        },
        Command(path: "transfers", schema: "CaseTransferInput",
                summary: "Propose a transfer to another etrap (territory code); the receiving supervisor decides",
                action: .workCases, fields: ["territoryCode", "reason"]) { req, record, body in
            try await req.cases.proposeTransfer(record, to: text(body, "territoryCode"), reason: text(body, "reason"))
        },
        Command(path: "assignment", schema: "CaseAssignmentInput", summary: "A supervisor assigns or reassigns the case to a social worker (user uuid)",
                action: .superviseCases, fields: ["workerId"]) { req, record, body in
            try await req.cases.assign(record, worker: text(body, "workerId"))
        },
        Command(path: "notes", schema: "CaseNoteInput", summary: "Add a note (sensitive)", action: .workCases, fields: ["body"]) { req, record, body in
            try await req.cases.addNote(record, body: text(body, "body"))
        },
        Command(path: "closure-requests", schema: "CaseClosureRequestInput", summary: "Ask a supervisor to approve closing the case",
                action: .workCases, fields: ["comment"]) { req, record, body in
            try await req.cases.requestClosure(record, comment: text(body, "comment"))
        },
        Command(path: "close", schema: "CaseCloseInput", summary: "Close with a reason, after an approved closure request (version: the case version read)",
                action: .workCases, fields: ["reason", "note", "version"]) { req, record, body in
            try await req.cases.close(record, reason: text(body, "reason"), note: text(body, "note"), expectedVersion: int(body, "version"))
        },
        Command(path: "reopen", schema: "CaseReopenInput", summary: "Reopen a closed case with a reason", action: .workCases,
                fields: ["reason", "version"]) { req, record, body in
            try await req.cases.reopen(record, reason: text(body, "reason"), expectedVersion: int(body, "version"))
        },
    ]

    // MARK: handlers

    package static func load(_ req: Request, _ action: Action) async throws -> CaseRecord {
        try await CaseAccess.load(req, action)
    }

    package static func body(_ req: Request, allowed: Set<String>) throws -> [String: JSONValue] {
        try req.decodeStrictJSON([String: JSONValue].self, allowed: allowed)
    }

    @Sendable package static func list(req: Request) async throws -> Response {
        let me = try await req.require(.viewCases)
        func value(_ key: String) -> String { (try? req.query.get(String.self, at: key)) ?? "" }
        let page = try req.apiPage()
        let filter = CaseQueries.Filter(risk: value("risk"), step: value("step"), concern: value("concern"), worker: value("worker"),
                                        territory: value("territory"), overdue: value("overdue") == "true", text: "", page: page)
        let found = try await CaseQueries(db: req.db).list(filter, scope: me.scope)
        try await req.audit.record(.caseListed, recordType: "case", detail: "api page \(page) \(found.rows.count) rows")
        return try await found.map(CaseDTO.Summary.init).api.encodeResponse(for: req)
    }

    @Sendable package static func open(req: Request) async throws -> Response {
        try await req.require(.workCases)
        let input = try body(req, allowed: ["personId", "source", "concerns", "urgent", "summary", "identifiedOn"])
        guard let personID = UUID(uuidString: text(input, "personId")), let person = try await Person.find(personID, on: req.db) else {
            throw AppError.invalid([.init(field: "personId", key: "validation.choose")])
        }
        try await req.require(.workCases, territoryPath: person.territoryPath)
        let record = try await req.cases.open(for: person, .init(source: text(input, "source"), concerns: strings(input, "concerns"),
                                                                 urgent: flag(input, "urgent"), summary: text(input, "summary"),
                                                                 identifiedOn: date(input, "identifiedOn")))
        return try await RegistryAPI.respond(try await CaseDTO.detail(record, req: req), .created, req)
    }

    @Sendable package static func show(req: Request) async throws -> Response {
        let record = try await load(req, .viewCases)
        try await req.audit.record(.caseViewed, recordType: "case", recordID: record.id!.uuidString, detail: "api \(record.number)")
        return try await CaseDTO.detail(record, req: req).encodeResponse(for: req)
    }

    package static func run(_ req: Request, _ command: Command) async throws -> Response {
        let record = try await load(req, command.action)
        let input = try body(req, allowed: command.fields)
        try await command.run(req, record, input)
        let fresh = try await CaseRecord.find(record.id, on: req.db)!
        return try await RegistryAPI.respond(try await CaseDTO.detail(fresh, req: req), .created, req)
    }

    @Sendable package static func decide(req: Request) async throws -> Response {
        let record = try await load(req, .superviseCases)
        guard let approvalID = req.parameters.get("approvalId", as: UUID.self),
              let approval = try await CaseApproval.find(approvalID, on: req.db), approval.$caseRecord.id == record.id else {
            throw AppError.notFound
        }
        let input = try body(req, allowed: ["decision", "comment", "version"])
        guard let decision = ApprovalDecision(rawValue: text(input, "decision")) else {
            throw AppError.invalid([.init(field: "decision", key: "validation.choose")])
        }
        try await req.cases.decide(approval, on: record, decision, comment: text(input, "comment"), expectedVersion: int(input, "version"))
        let fresh = try await CaseRecord.find(record.id, on: req.db)!
        return try await CaseDTO.detail(fresh, req: req).encodeResponse(for: req)
    }
}

extension CaseAPI {
    package struct TransferAnswer: Content {
        package let id: UUID
        package let caseId: UUID
        package let status: String
        package let toTerritoryCode: String
        package let version: Int
    }

    @Sendable package static func decideTransfer(req: Request) async throws -> Response {
        let me = try await req.require(.viewCases)
        guard let id = req.parameters.get("transferId", as: UUID.self), let transfer = try await CaseTransfer.find(id, on: req.db),
              let record = try await CaseRecord.find(transfer.$caseRecord.id, on: req.db) else { throw AppError.notFound }
        let canDecide = AccessPolicy.allows(me.role, .superviseCases) && me.scope.contains(territoryPath: transfer.toPath)
        let canCancel = AccessPolicy.allows(me.role, .workCases) && me.scope.contains(territoryPath: record.territoryPath)
            && record.territoryPath == transfer.fromPath
        guard canDecide || canCancel else { throw AppError.notFound }
        let input = try body(req, allowed: ["decision", "comment", "version"])
        guard let decision = TransferDecision(rawValue: text(input, "decision")) else {
            throw AppError.invalid([.init(field: "decision", key: "validation.choose")])
        }
        guard decision == .cancel ? canCancel : canDecide else { throw AppError.forbidden }
        try await req.cases.decideTransfer(transfer, decision, comment: text(input, "comment"), expectedVersion: int(input, "version"))
        let target = try await transfer.$toTerritory.get(on: req.db)
        return try await TransferAnswer(id: id, caseId: record.id!, status: transfer.status, toTerritoryCode: target.code,
                                        version: transfer.version).encodeResponse(for: req)
    }
}

/// A JSON value, for command bodies whose fields differ per command.
package enum JSONValue: Codable, Sendable {
    case string(String), number(Double), bool(Bool), array([JSONValue]), object([String: JSONValue]), null

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }
}
