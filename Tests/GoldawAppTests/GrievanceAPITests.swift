import Fluent
import Testing
import NIOConcurrencyHelpers
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

@Suite("Grievances: JSON API") struct GrievanceAPITests {
    struct Problem: Decodable {
        let status: Int
        let detail: String
        let errors: [Item]?
        struct Item: Decodable { let field: String; let code: String; let message: String }
    }

    struct Summary: Decodable { let id: UUID; let number: String; let status: String; let slaState: String?; let escalated: Bool; let version: Int }
    struct Detail: Decodable { let grievance: Summary; let trackingCode: String; let complainantName: String; let events: [Event] }
    struct Event: Decodable { let kind: String; let actor: String? }
    struct Page: Decodable { let items: [Summary]; let page: Int; let perPage: Int; let hasMore: Bool }

    static func send(_ app: Application, _ method: HTTPMethod, _ path: String, token: String, json: String? = nil) async throws -> TestingHTTPResponse {
        var headers = bearer(token)
        if json != nil { headers.contentType = .json }
        return try await app.testing().sendRequest(method, path, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    static func decode<T: Decodable>(_ type: T.Type, _ response: TestingHTTPResponse) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: Data(response.body.string.utf8))
    }

    static let valid = #"{"category":"payment_missing","channel":"staff_phone","complainantName":"Ogulbibi Ataýewa","complainantContact":"+993 65 000111","subjectKind":"payment","subjectReference":"PAY-9","description":"Töleg iki aý bäri gelmeýär.","territoryCode":"M-MRY"}"#

    @Test func createListGetAndMoveOn() async throws {
        try await withTestApp { app in
            let token = try await apiToken(app, "t.benefits_officer")
            let created = try await Self.send(app, .POST, "/api/v1/grievances", token: token, json: Self.valid)
            #expect(created.status == .created)
            let detail = try Self.decode(Detail.self, created)
            #expect(detail.grievance.status == "open" && detail.grievance.slaState == "on_track" && !detail.grievance.escalated)
            #expect(TrackingCode.normalise(detail.trackingCode) != nil)
            #expect(try await auditCount(app, action: .grievanceLodged, username: "t.benefits_officer") == 1)

            let list = try Self.decode(Page.self, try await Self.send(app, .GET, "/api/v1/grievances?perPage=10", token: token))
            #expect(list.items.map(\.number) == [detail.grievance.number] && list.perPage == 10 && !list.hasMore)
            #expect(!(try await Self.send(app, .GET, "/api/v1/grievances", token: token)).body.string.contains("Ogulbibi"),
                    "lists carry no personal data")

            let path = "/api/v1/grievances/\(detail.grievance.id.path)"
            let one = try await Self.send(app, .GET, path, token: token)
            #expect(one.status == .ok)
            #expect(try Self.decode(Detail.self, one).complainantName == "Ogulbibi Ataýewa")
            #expect(try await auditCount(app, action: .grievanceViewed, username: "t.benefits_officer") == 1)

            let assigned = try await Self.send(app, .POST, path + "/assign", token: token, json: #"{"version":1,"assignee":"t.benefits_approver"}"#)
            #expect(assigned.status == .ok)
            let resolved = try await Self.send(app, .POST, path + "/resolve", token: token, json: #"{"version":2,"note":"Töleg geçirildi."}"#)
            #expect(resolved.status == .ok)
            let after = try Self.decode(Detail.self, resolved)
            #expect(after.grievance.status == "resolved" && after.grievance.version == 3 && after.grievance.slaState == nil)
            #expect(after.events.map(\.kind) == ["lodged", "assign", "resolve"])
            #expect(after.events.last?.actor == "t.benefits_officer")
            let resolvedList = try Self.decode(Page.self, try await Self.send(app, .GET, "/api/v1/grievances?status=resolved", token: token))
            #expect(resolvedList.items.count == 1)

            // Stale and out of order: 409 problem documents, nothing changed.
            let stale = try await Self.send(app, .POST, path + "/close", token: token, json: #"{"version":2}"#)
            #expect(stale.status == .conflict)
            #expect(stale.headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true)
            let outOfOrder = try await Self.send(app, .POST, path + "/escalate", token: token, json: #"{"version":3,"note":"x"}"#)
            #expect(outOfOrder.status == .conflict)
            #expect(try Self.decode(Problem.self, outOfOrder).detail.contains("bu ädimi ätmek bolmaýar"))
            #expect(try await Grievance.find(detail.grievance.id, on: app.db)?.version == 3)
        }
    }

    @Test func aWriteSentAgainWithItsIdempotencyKeyIsDoneOnce() async throws {
        try await withTestApp { app in
            let token = try await apiToken(app, "t.social_worker")
            func lodge(_ key: String?, _ json: String = Self.valid) async throws -> TestingHTTPResponse {
                var headers = bearer(token)
                headers.contentType = .json
                if let key { headers.replaceOrAdd(name: "Idempotency-Key", value: key) }
                return try await app.testing().sendRequest(.POST, "/api/v1/grievances", headers: headers, body: ByteBuffer(string: json))
            }
            let first = try await lodge("lodge-0001")
            #expect(first.status == .created)
            let again = try await lodge("lodge-0001")
            #expect(again.status == .created)
            #expect(again.headers.first(name: "Idempotency-Replayed") == "true")
            #expect(again.body.string == first.body.string)
            #expect(try await Grievance.query(on: app.db).count() == 1)
            // The key with another request is refused, and nothing is written.
            let other = try await lodge("lodge-0001", Self.valid.replacingOccurrences(of: "PAY-9", with: "PAY-10"))
            #expect(other.status == .unprocessableEntity)
            #expect(other.body.string.contains("Idempotency-Key"))
            // A refused request keeps its answer too; without a key every request is its own.
            let bad = try await lodge("lodge-0002", #"{"category":"nope"}"#)
            #expect(bad.status == .badRequest)
            #expect(try await lodge("lodge-0002", #"{"category":"nope"}"#).body.string == bad.body.string)
            #expect(try await lodge(nil).status == .created)
            #expect(try await lodge(nil).status == .created)
            #expect(try await Grievance.query(on: app.db).count() == 3)
            #expect(try await lodge("bad key with spaces").status == .unprocessableEntity)
            // Another user's key of the same name is another key.
            var headers = bearer(try await apiToken(app, "t.supervisor"))
            headers.contentType = .json
            headers.replaceOrAdd(name: "Idempotency-Key", value: "lodge-0001")
            let theirs = try await app.testing().sendRequest(.POST, "/api/v1/grievances", headers: headers, body: ByteBuffer(string: Self.valid))
            #expect(theirs.status == .created && theirs.headers.first(name: "Idempotency-Replayed") == nil)
        }
    }

    @Test func aWriteWhoseAnswerWasLostAfterItsCommitIsNotDoneAgain() async throws {
        try await withTestApp { app in
            // A write that commits and then cannot answer: the database went away in between.
            let territory = try #require(try await Territory.query(on: app.db).filter(\.$code == Fixtures.inScopeEtrap).first())
            let fails = NIOLockedValueBox(true)
            app.grouped(BearerMiddleware(), IdempotencyMiddleware()).post("api", "v1", "test-lost-answer") { req async throws -> Response in
                try await req.db.writing { tx in
                    try await Organisation(name: "Lost answer \(UUID())", territoryID: try territory.requireID()).create(on: tx)
                }
                if fails.withLockedValue({ $0 }) { throw ConnectionPoolTimeoutError.connectionRequestTimeout }
                return Response(status: .created)
            }
            var headers = bearer(try await apiToken(app, "t.social_worker"))
            headers.replaceOrAdd(name: "Idempotency-Key", value: "lost-1")
            let before = try await Organisation.query(on: app.db).count()
            let first = try await app.testing().sendRequest(.POST, "/api/v1/test-lost-answer", headers: headers)
            #expect(first.status == .serviceUnavailable)
            #expect(try await Organisation.query(on: app.db).count() == before + 1)
            fails.withLockedValue { $0 = false }
            let retry = try await app.testing().sendRequest(.POST, "/api/v1/test-lost-answer", headers: headers)
            #expect(retry.status == .conflict)
            #expect(retry.body.string.contains(shown(app, "api.error.idempotency_committed")))
            #expect(retry.body.string.contains(#"problems\/idempotency-committed""#))
            #expect(try await Organisation.query(on: app.db).count() == before + 1, "not done twice")
            // A key whose request failed before it wrote anything runs again.
            headers.replaceOrAdd(name: "Idempotency-Key", value: "lost-2")
            #expect(try await app.testing().sendRequest(.POST, "/api/v1/test-lost-answer", headers: headers).status == .created)
            #expect(try await Organisation.query(on: app.db).count() == before + 2)
        }
    }

    @Test func badInputIsAProblemDocumentWithTheFields() async throws {
        try await withTestApp { app in
            let token = try await apiToken(app, "t.social_worker")
            let bad = #"{"category":"payment_missing","channel":"public_web","complainantName":"A","subjectKind":"application","description":"short","territoryCode":"TM-M"}"#
            let response = try await Self.send(app, .POST, "/api/v1/grievances", token: token, json: bad)
            #expect(response.status == .unprocessableEntity)
            #expect(response.headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true)
            let problem = try Self.decode(Problem.self, response)
            #expect(Set(problem.errors?.map(\.field) ?? []) == ["channel", "subjectReference", "description", "territoryCode"])
            let unknown = try await Self.send(app, .POST, "/api/v1/grievances", token: token,
                                              json: Self.valid.replacingOccurrences(of: "}", with: #","status":"closed"}"#))
            #expect(try Self.decode(Problem.self, unknown).errors?.map(\.field) == ["status"])
            let filters = try await Self.send(app, .GET, "/api/v1/grievances?status=lost&sla=late&perPage=1000&page=x", token: token)
            #expect(filters.status == .unprocessableEntity)
            #expect(Set(try Self.decode(Problem.self, filters).errors?.map(\.field) ?? []) == ["status", "sla", "perPage", "page"])
            let noVersion = try await Self.send(app, .POST, "/api/v1/grievances/\(UUID().path)/close", token: token, json: "{}")
            #expect(noVersion.status == .notFound, "an unknown grievance is not found before the body is read")
            #expect(try await Grievance.query(on: app.db).count() == 0)
        }
    }

    @Test func scopeAndPolicyHoldForTheAPI() async throws {
        try await withTestApp { app in
            let token = try await apiToken(app, "t.benefits_officer")
            let detail = try Self.decode(Detail.self, try await Self.send(app, .POST, "/api/v1/grievances", token: token, json: Self.valid))
            let path = "/api/v1/grievances/\(detail.grievance.id.path)"
            let far = try await apiToken(app, "t.far.worker")
            #expect(try await Self.send(app, .GET, path, token: far).status == .notFound)
            #expect(try await Self.send(app, .POST, path + "/resolve", token: far, json: #"{"version":1,"note":"x"}"#).status == .notFound)
            #expect(try Self.decode(Page.self, try await Self.send(app, .GET, "/api/v1/grievances", token: far)).items.isEmpty)
            let analyst = try await apiToken(app, "t.national_analyst")
            #expect(try await Self.send(app, .GET, "/api/v1/grievances", token: analyst).status == .forbidden)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/grievances").status == .unauthorized)
            let document = try await app.testing().sendRequest(.GET, "/api/v1/openapi.json").body.string
            for operation in ["listGrievances", "createGrievance", "getGrievance", "assignGrievance", "escalateGrievance",
                              "resolveGrievance", "appealGrievance", "closeGrievance", "GrievanceTransition"] {
                #expect(document.contains(operation))
            }
        }
    }
}
