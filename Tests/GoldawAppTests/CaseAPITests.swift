import Fluent
import Testing
import Vapor
import VaporTesting
import GoldawCore
@testable import GoldawApp
@testable import GoldawPlatform
@testable import GoldawRegistry
@testable import GoldawBenefits
@testable import GoldawGrievances
@testable import GoldawSocialServices
@testable import GoldawCases
@testable import GoldawIndicators
@testable import GoldawTools

@Suite("Cases: API") struct CaseAPITests {
    static func send(_ app: Application, _ method: HTTPMethod, _ path: String, token: String, json: String? = nil) async throws -> TestingHTTPResponse {
        var headers = bearer(token)
        if json != nil { headers.contentType = .json }
        return try await app.testing().sendRequest(method, path, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    @Test func aCaseThroughTheAPI() async throws {
        try await withTestApp { app in
            let child = try await CaseTests.child(app)
            let worker = try await apiToken(app, "t.social_worker")
            let supervisor = try await apiToken(app, "t.supervisor")
            let far = try await apiToken(app, "t.far.worker")
            let today = CalendarDate.today.iso
            let opened = try await Self.send(app, .POST, "/api/v1/cases", token: worker, json: """
                {"personId":"\(child.id!.uuidString)","source":"hotline","concerns":["violence"],"urgent":true,
                 "summary":"Call about shouting and crying","identifiedOn":"\(today)"}
                """)
            #expect(opened.status == .created)
            struct Detail: Decodable {
                struct Summary: Decodable { let id: UUID; let number: String; let step: String; let riskLevel: String?; let version: Int }
                struct Approval: Decodable { let id: UUID; let kind: String; let status: String; let version: Int }
                struct Deadline: Decodable { let kind: String; let state: String }
                let `case`: Summary
                let approvals: [Approval]
                let deadlines: [Deadline]
            }
            let created = try opened.content.decode(Detail.self)
            #expect(created.case.number.hasPrefix("MR-"))
            let base = "/api/v1/cases/\(created.case.id.uuidString.lowercased())"
            // Unknown fields and bad dates are refused with field problems.
            #expect(try await Self.send(app, .POST, base + "/notes", token: worker, json: #"{"body":"x","colour":"red"}"#).status == .unprocessableEntity)
            let early = try await Self.send(app, .POST, base + "/assessments", token: worker, json: """
                {"kind":"initial","assessedOn":"\(CalendarDate.today.adding(days: -3).iso)","risk":"high","summary":"s"}
                """)
            #expect(early.status == .unprocessableEntity)
            #expect(early.body.string.contains("assessedOn"))
            let assessed = try await Self.send(app, .POST, base + "/assessments", token: worker,
                                               json: #"{"kind":"initial","assessedOn":"\#(today)","risk":"high","summary":"Danger"}"#)
            #expect(assessed.status == .created)
            let afterInitial = try assessed.content.decode(Detail.self)
            #expect(afterInitial.case.riskLevel == "high")
            #expect(Set(afterInitial.deadlines.map(\.kind)) == ["first_contact", "full_assessment", "case_plan"])
            // Referral without consent: 409.
            #expect(try await Self.send(app, .POST, base + "/referrals", token: worker,
                                        json: #"{"service":"Shelter","provider":"NGO","referredOn":"\#(today)"}"#).status == .conflict)
            // Needs assessment, then the supervisor decides through the API; the worker cannot.
            let needs = try await Self.send(app, .POST, base + "/assessments", token: worker, json: """
                {"kind":"needs","assessedOn":"\(today)","summary":"s","risks":"r","protectiveFactors":"p","childViews":"v"}
                """)
            let approval = try needs.content.decode(Detail.self).approvals.first { $0.kind == "assessment" }!
            let decision = #"{"decision":"approve","version":\#(approval.version)}"#
            #expect(try await Self.send(app, .POST, base + "/approvals/\(approval.id.uuidString.lowercased())", token: worker, json: decision).status == .forbidden)
            let decided = try await Self.send(app, .POST, base + "/approvals/\(approval.id.uuidString.lowercased())", token: supervisor, json: decision)
            #expect(decided.status == .ok)
            #expect(try decided.content.decode(Detail.self).case.step == "case_plan")
            let plan = try await Self.send(app, .POST, base + "/plans", token: worker, json: """
                {"goals":"Safe at home","actions":[{"action":"Visits","responsible":"Worker","startOn":"\(today)","dueOn":"\(CalendarDate.today.adding(days: 10).iso)"}]}
                """)
            #expect(plan.status == .created)
            // Scope: another etrap's worker gets 404 for reads and writes.
            #expect(try await Self.send(app, .GET, base, token: far).status == .notFound)
            #expect(try await Self.send(app, .POST, base + "/notes", token: far, json: #"{"body":"x"}"#).status == .notFound)
            let list = try await Self.send(app, .GET, "/api/v1/cases?risk=high", token: worker)
            #expect(list.body.string.contains(created.case.number))
            #expect(!(try await Self.send(app, .GET, "/api/v1/cases", token: far)).body.string.contains(created.case.number))
            let analyst = try await apiToken(app, "t.national_analyst")
            #expect(try await Self.send(app, .GET, base, token: analyst).status == .forbidden)
            #expect(try await auditCount(app, action: .caseOpened) == 1)
            // Conferences, best interests and a transfer through the API.
            let conference = try await Self.send(app, .POST, base + "/conferences", token: worker, json: """
                {"heldOn":"\(today)","agencies":["health","police"],"participants":"Doctor; inspector","decisions":"Medical check",
                 "actions":[{"agency":"health","action":"Examine","dueOn":"\(today)"}]}
                """)
            #expect(conference.status == .created)
            #expect(conference.body.string.contains("Examine"))
            #expect(try await Self.send(app, .POST, base + "/best-interests", token: worker, json: """
                {"assessedOn":"\(today)","decisionAtStake":"placement","childViews":"c","familyViews":"f","options":"o","recommendation":"r"}
                """).status == .created)
            #expect(try await Self.send(app, .POST, base + "/transfers", token: worker,
                                        json: #"{"territoryCode":"NOPE","reason":"moved"}"#).status == .unprocessableEntity)
            let proposed = try await Self.send(app, .POST, base + "/transfers", token: worker,
                                               json: #"{"territoryCode":"L-CAR","reason":"moved"}"#)
            #expect(proposed.status == .created)
            let transfer = try await CaseTransfer.query(on: app.db).first()!
            // The sending worker cannot accept; a worker there is no supervisor; the sending side cancels.
            let decisionPath = "/api/v1/case-transfers/\(transfer.id!.uuidString.lowercased())"
            #expect(try await Self.send(app, .POST, decisionPath, token: worker, json: #"{"decision":"accept","version":1}"#).status == .forbidden)
            #expect(try await Self.send(app, .POST, decisionPath, token: far, json: #"{"decision":"accept","version":1}"#).status == .notFound)
            let cancelled = try await Self.send(app, .POST, decisionPath, token: worker, json: #"{"decision":"cancel","version":1}"#)
            #expect(cancelled.status == .ok)
            #expect(cancelled.body.string.contains("cancelled"))
        }
    }

    @Test func everyCaseRouteIsDocumented() async throws {
        try await withTestApp { app in
            let document = try await app.testing().sendRequest(.GET, "/api/v1/openapi.json").body.string
            for path in ["/api/v1/cases", "/api/v1/cases/{id}", "/api/v1/cases/{id}/assessments", "/api/v1/cases/{id}/plans",
                         "/api/v1/cases/{id}/follow-ups", "/api/v1/cases/{id}/referrals", "/api/v1/cases/{id}/incidents",
                         "/api/v1/cases/{id}/notes", "/api/v1/cases/{id}/approvals/{approvalId}", "\"CaseInput\""] {
                #expect(document.contains(path.replacingOccurrences(of: "/", with: "\\/")) || document.contains(path), "\(path)")
            }
        }
    }
}
