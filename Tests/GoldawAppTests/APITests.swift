import Testing
import Vapor
import VaporTesting
@testable import GoldawApp
@testable import GoldawPlatform
@testable import GoldawRegistry
@testable import GoldawBenefits
@testable import GoldawGrievances
@testable import GoldawSocialServices
@testable import GoldawCases
@testable import GoldawIndicators
@testable import GoldawTools

@Suite("JSON API and bad input") struct APITests {
    func postToken(_ app: Application, body: String, contentType: HTTPMediaType? = .json) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let contentType { headers.contentType = contentType }
        return try await app.testing().sendRequest(.POST, "/api/v1/auth/token", headers: headers, body: ByteBuffer(string: body))
    }

    struct Problem: Decodable {
        let status: Int
        let detail: String
        let errors: [Item]?
        struct Item: Decodable { let field: String; let code: String; let message: String }
    }

    @Test func tokenResponseHasTokenAndExpiry() async throws {
        try await withTestApp { app in
            let response = try await postToken(app, body: #"{"username":"t.supervisor","password":"\#(Fixtures.password)"}"#)
            #expect(response.status == .ok)
            struct Token: Decodable { let token: String; let expiresAt: Date }
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            let token = try decoder.decode(Token.self, from: Data(response.body.string.utf8))
            #expect(token.token.count >= 40)
            #expect(abs(token.expiresAt.timeIntervalSince(AppClock.now) - 8 * 3600) < 120)
        }
    }

    @Test func malformedJSONIsAProblemDocument() async throws {
        try await withTestApp { app in
            let response = try await postToken(app, body: #"{"username": "#)
            #expect(response.status == .badRequest)
            #expect(response.headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true)
            let problem = try JSONDecoder().decode(Problem.self, from: Data(response.body.string.utf8))
            #expect(problem.status == 400)
        }
    }

    @Test func unknownFieldsAreNamed() async throws {
        try await withTestApp { app in
            let response = try await postToken(app, body: #"{"username":"a","password":"b","role":"administrator"}"#)
            #expect(response.status == .unprocessableEntity)
            let problem = try JSONDecoder().decode(Problem.self, from: Data(response.body.string.utf8))
            #expect(problem.errors?.map(\.field) == ["role"])
            #expect(problem.errors?.first?.code == "validation.unknown_field")
        }
    }

    @Test func wrongTypesAndMissingFieldsAreNamed() async throws {
        try await withTestApp { app in
            let wrongType = try await postToken(app, body: #"{"username":42,"password":"b"}"#)
            #expect(wrongType.status == .badRequest)
            let problem = try JSONDecoder().decode(Problem.self, from: Data(wrongType.body.string.utf8))
            #expect(problem.errors?.first?.field == "username")
            let missing = try await postToken(app, body: #"{"username":"t.supervisor"}"#)
            #expect(missing.status == .badRequest)
            let missingProblem = try JSONDecoder().decode(Problem.self, from: Data(missing.body.string.utf8))
            #expect(missingProblem.errors?.first?.field == "password")
            let empty = try await postToken(app, body: #"{"username":"","password":""}"#)
            #expect(empty.status == .unprocessableEntity)
            let emptyProblem = try JSONDecoder().decode(Problem.self, from: Data(empty.body.string.utf8))
            #expect(Set(emptyProblem.errors?.map(\.field) ?? []) == ["username", "password"])
        }
    }

    @Test func wrongMediaTypeAndOversizedBodies() async throws {
        try await withTestApp(settings: { $0.maxBodyBytes = 1024 }) { app in
            let form = try await postToken(app, body: "username=a&password=b", contentType: .urlEncodedForm)
            #expect(form.status == .unsupportedMediaType)
            // The size limit applies while a body streams in, so this part runs a real server.
            let big = String(repeating: "x", count: 4096)
            var headers = HTTPHeaders()
            headers.contentType = .json
            let oversized = try await app.testing(method: .running(port: 0)).sendRequest(
                .POST, "/api/v1/auth/token", headers: headers, body: ByteBuffer(string: #"{"username":"\#(big)","password":"b"}"#))
            #expect(oversized.status == .payloadTooLarge)
            #expect(oversized.headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true)
        }
    }

    @Test func problemMessagesFollowTheUsersLanguage() async throws {
        try await withTestApp { app in
            let user = try await Fixtures.user(app, "t.supervisor")
            user.locale = "ru"
            try await user.save(on: app.db)
            let token = try await apiToken(app, "t.supervisor")
            let response = try await app.testing().sendRequest(.GET, "/api/v1/territories?perPage=1000", headers: bearer(token))
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("Значение вне допустимого диапазона"))
        }
    }

    @Test func territoriesArePaginated() async throws {
        try await withTestApp { app in
            let token = try await apiToken(app, "t.national_analyst")
            let response = try await app.testing().sendRequest(.GET, "/api/v1/territories?on=2025-10-01&perPage=10&page=1", headers: bearer(token))
            #expect(response.status == .ok)
            struct Page: Decodable { let items: [Item]; let total: Int; struct Item: Decodable { let code: String } }
            let page = try response.content.decode(Page.self)
            #expect(page.items.count == 10)
            #expect(page.total == 64)
            let unknown = try await app.testing().sendRequest(.GET, "/api/v1/territories/NOPE", headers: bearer(token))
            #expect(unknown.status == .notFound)
        }
    }

    @Test func everyAPIRouteIsInTheOpenAPIDocument() async throws {
        try await withTestApp(seed: false) { app in
            let response = try await app.testing().sendRequest(.GET, "/api/v1/openapi.json")
            #expect(response.status == .ok)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(response.body.string.utf8)) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let registered = app.routes.all.filter { $0.path.first?.description == "api" }
            #expect(registered.count - 1 == paths.values.reduce(0) { $0 + $1.count })
            for route in registered {
                let path = "/" + route.path.map { component -> String in
                    if case .parameter(let name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
                if path == "/api/v1/openapi.json" { continue }
                let methods = paths[path]
                #expect(methods?[route.method.rawValue.lowercased()] != nil, "\(route.method.rawValue) \(path) is not documented")
            }
        }
    }

    @Test func pageBoundsAreRefusedAndDocumented() async throws {
        try await withTestApp { app in
            let token = try await apiToken(app, "t.national_analyst")
            for query in ["perPage=false", "perPage=0", "page=0", "page=abc", "perPage=201"] {
                let response = try await app.testing().sendRequest(.GET, "/api/v1/territories?\(query)", headers: bearer(token))
                #expect(response.status == .unprocessableEntity, "\(query) answered \(response.status)")
            }
            for query in ["perPage=false", "page=0"] {
                let cases = try await app.testing().sendRequest(.GET, "/api/v1/grievances?\(query)", headers: bearer(try await apiToken(app, "t.benefits_officer")))
                #expect(cases.status == .unprocessableEntity, "grievances \(query) answered \(cases.status)")
            }
            let document = try #require(try JSONSerialization.jsonObject(with: Data(
                try await app.testing().sendRequest(.GET, "/api/v1/openapi.json").body.string.utf8)) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
            let list = try #require(paths["/api/v1/territories"]?["get"])
            let parameters = try #require(list["parameters"] as? [[String: Any]])
            let perPage = try #require(parameters.first { $0["name"] as? String == "perPage" }?["schema"] as? [String: Any])
            #expect(perPage["minimum"] as? Int == 1)
            #expect(perPage["maximum"] as? Int == 200)
            let responses = try #require(list["responses"] as? [String: Any])
            #expect(Set(responses.keys) == ["200", "401", "403", "422"])
            let create = try #require(paths["/api/v1/persons"]?["post"]?["responses"] as? [String: Any])
            for status in ["400", "401", "403", "413", "415", "422"] {
                #expect(create[status] != nil, "POST /api/v1/persons does not document \(status)")
            }
        }
    }

    @Test func traceIsRefusedWith405Everywhere() async throws {
        try await withTestApp(seed: false) { app in
            for path in ["/", "/login", "/api/v1/me", "/favicon.svg"] {
                let response = try await app.testing().sendRequest(.TRACE, path)
                #expect(response.status == .methodNotAllowed, "TRACE \(path) answered \(response.status)")
                #expect(response.headers.first(name: "Allow")?.contains("TRACE") == false)
            }
            let api = try await app.testing().sendRequest(.TRACE, "/api/v1/me")
            #expect(api.headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true)
        }
    }
}
