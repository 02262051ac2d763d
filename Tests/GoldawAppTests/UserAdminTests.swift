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

@Suite("User administration") struct UserAdminTests {
    @Test func administratorCreatesAUserWithAOneTimePassword() async throws {
        try await withTestApp { app in
            let admin = Browser(app)
            try await admin.login("t.administrator")
            try await admin.get("/admin/users/new")
            let created = try await admin.post("/admin/users/new", form: [
                "username": "aman.gurbanow", "fullName": "Aman Gurbanow", "role": "benefits_officer",
                "scopeKind": "district", "territoryCode": "L-CAR", "organisationID": "", "version": ""])
            #expect(created.status == .created)
            let html = created.body.string
            let marker = try #require(html.range(of: #"data-otp=""#))
            let otp = String(html[marker.upperBound...].prefix { $0 != "\"" })
            #expect(otp.count == 16)
            let user = try await Fixtures.user(app, "aman.gurbanow")
            #expect(user.mustChangePassword)
            #expect(user.passwordHash != otp)
            #expect(try await auditCount(app, action: .userCreated) > 0)
            let browser = Browser(app)
            #expect(try await browser.login("aman.gurbanow", otp).headers.first(name: .location) == "/account/password")
        }
    }

    @Test func invalidInputIsShownNextToTheFieldAndKept() async throws {
        try await withTestApp { app in
            let admin = Browser(app)
            try await admin.login("t.administrator")
            try await admin.get("/admin/users/new")
            let before = try await User.query(on: app.db).count()
            let response = try await admin.post("/admin/users/new", form: [
                "username": "t.supervisor", "fullName": "Aýgül Ýazmyradowa", "role": "social_worker",
                "scopeKind": "national", "territoryCode": ""])
            #expect(response.status == .unprocessableEntity)
            let html = response.body.string
            #expect(html.contains("Bu ulanyjy ady eýýäm bar."))
            #expect(html.contains("Bu wezipe üçin beýle iş meýdany bolup bilmez."))
            #expect(html.contains(#"value="Aýgül Ýazmyradowa""#))
            #expect(try await User.query(on: app.db).count() == before, "nothing saved")
        }
    }

    @Test func nobodyRaisesTheirOwnRights() async throws {
        try await withTestApp { app in
            let admin = Browser(app)
            try await admin.login("t.administrator")
            let me = try await Fixtures.user(app, "t.administrator")
            try await admin.get(AppRoute.user(me.id!).path)
            let response = try await admin.post(AppRoute.user(me.id!).path, form: [
                "fullName": "Renamed Admin", "role": "social_worker", "scopeKind": "district",
                "territoryCode": "M-MRY", "version": String(me.version)])
            #expect(response.status == .seeOther)
            let after = try await Fixtures.user(app, "t.administrator")
            #expect(after.role == .administrator)
            #expect(after.scopeKind == .national)
            #expect(after.fullName == "Renamed Admin")
            let disable = try await admin.post(AppRoute.userStatus(me.id!).path, form: [:])
            #expect(disable.status == .badRequest)
            // A supervisor cannot reach user management at all.
            let supervisor = Browser(app)
            try await supervisor.login("t.supervisor")
            let own = try await Fixtures.user(app, "t.supervisor")
            #expect(try await supervisor.get(AppRoute.user(own.id!).path).status == .forbidden)
        }
    }

    @Test func aStaleEditIsRefusedNotOverwritten() async throws {
        try await withTestApp { app in
            let admin = Browser(app)
            try await admin.login("t.administrator")
            let target = try await Fixtures.user(app, "t.social_worker")
            try await admin.get(AppRoute.user(target.id!).path)
            let first = try await admin.post(AppRoute.user(target.id!).path, form: [
                "fullName": "First Edit", "role": "social_worker", "scopeKind": "district", "territoryCode": "M-MRY",
                "version": String(target.version)])
            #expect(first.status == .seeOther)
            try await admin.get(AppRoute.user(target.id!).path)
            let second = try await admin.post(AppRoute.user(target.id!).path, form: [
                "fullName": "Second Edit", "role": "supervisor", "scopeKind": "district", "territoryCode": "M-MRY",
                "version": String(target.version)])
            #expect(second.status == .conflict)
            let after = try await Fixtures.user(app, "t.social_worker")
            #expect(after.fullName == "First Edit")
            #expect(after.role == .socialWorker)
        }
    }

    @Test func changingRightsEndsTheUsersSessions() async throws {
        try await withTestApp { app in
            let worker = Browser(app)
            try await worker.login("t.social_worker")
            let admin = Browser(app)
            try await admin.login("t.administrator")
            let target = try await Fixtures.user(app, "t.social_worker")
            try await admin.get(AppRoute.user(target.id!).path)
            _ = try await admin.post(AppRoute.user(target.id!).path, form: [
                "fullName": target.fullName, "role": "social_worker", "scopeKind": "district", "territoryCode": "L-CAR",
                "version": String(target.version)])
            #expect(try await worker.get("/").status == .seeOther)
            #expect(try await auditCount(app, action: .userUpdated) == 1)
        }
    }

    @Test func passwordResetIssuesANewOneTimePassword() async throws {
        try await withTestApp { app in
            let admin = Browser(app)
            try await admin.login("t.administrator")
            let target = try await Fixtures.user(app, "t.social_worker")
            try await admin.get(AppRoute.user(target.id!).path)
            let response = try await admin.post(AppRoute.userPassword(target.id!).path, form: [:])
            #expect(response.status == .ok)
            #expect(response.body.string.contains("data-otp="))
            #expect(try await Fixtures.user(app, "t.social_worker").mustChangePassword)
            #expect(try await auditCount(app, action: .passwordReset) == 1)
        }
    }

    @Test func staffPagesAreScopedAndReadsAudited() async throws {
        try await withTestApp { app in
            let browser = Browser(app)
            try await browser.login("t.social_worker")
            let colleague = try await Fixtures.user(app, "t.supervisor")
            let far = try await Fixtures.user(app, "t.far.worker")
            let page = try await browser.get(AppRoute.staff(colleague.id!).path)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Test supervisor"))
            #expect(try await browser.get(AppRoute.staff(far.id!).path).status == .notFound)
            #expect(try await auditCount(app, action: .staffViewed) == 1)
        }
    }

    @Test func demoDataHasOneAccountPerRole() async throws {
        try await withTestApp(seed: false) { app in
            try await DemoData.load(into: app)
            let roles = Set(try await User.query(on: app.db).all().map(\.role))
            #expect(roles == Set(Role.allCases))
            let admin = try await Fixtures.user(app, "admin")
            #expect(try Bcrypt.verify(DemoData.password, created: admin.passwordHash))
            // A second start does not load it again.
            let count = try await User.query(on: app.db).count()
            try await DemoData.load(into: app)
            #expect(try await User.query(on: app.db).count() == count)
        }
    }

    @Test func usersThroughTheAPIWithTheSameRulesAndNoKeptSecrets() async throws {
        try await withTestApp { app in
            var headers = bearer(try await apiToken(app, "t.administrator"))
            headers.contentType = .json
            headers.replaceOrAdd(name: "Idempotency-Key", value: "new-worker-1")
            let created = try await app.testing().sendRequest(.POST, "/api/v1/users", headers: headers, body: ByteBuffer(
                string: #"{"username":"aýna.new","fullName":"Aýna Täze","role":"social_worker","scopeKind":"district","territoryCode":"M-MRY"}"#))
            #expect(created.status == .unprocessableEntity, "a username is plain ASCII")
            let good = try await app.testing().sendRequest(.POST, "/api/v1/users", headers: { var h = headers; h.replaceOrAdd(name: "Idempotency-Key", value: "new-worker-2"); return h }(),
                body: ByteBuffer(string: #"{"username":"ayna.taze","fullName":"Aýna Täze","role":"social_worker","scopeKind":"district","territoryCode":"m-mry"}"#))
            #expect(good.status == .created)
            struct Made: Decodable { let user: User; let oneTimePassword: String; struct User: Decodable { let id: UUID; let territoryCode: String?; let mustChangePassword: Bool } }
            let made = try good.content.decode(Made.self)
            #expect(made.user.territoryCode == "M-MRY" && made.user.mustChangePassword && made.oneTimePassword.count == 16)
            // The one-time password is in no idempotency record.
            #expect(try await IdempotentRequest.query(on: app.db).all().allSatisfy { !($0.responseBody ?? "").contains(made.oneTimePassword) })
            // A one-time password takes no API token.
            var json = HTTPHeaders()
            json.contentType = .json
            let otp = try await app.testing().sendRequest(.POST, "/api/v1/auth/token", headers: json,
                body: ByteBuffer(string: #"{"username":"ayna.taze","password":"\#(made.oneTimePassword)"}"#))
            #expect(otp.status == .forbidden)
            headers.remove(name: "Idempotency-Key")
            let reset = try await app.testing().sendRequest(.POST, "/api/v1/users/\(made.user.id.path)/password", headers: headers)
            #expect(reset.status == .ok && !reset.body.string.contains(made.oneTimePassword))
            let disabled = try await app.testing().sendRequest(.POST, "/api/v1/users/\(made.user.id.path)/status", headers: headers,
                                                               body: ByteBuffer(string: #"{"active":false}"#))
            #expect(disabled.status == .ok && disabled.body.string.contains(#""active":false"#))
            let me = try await Fixtures.user(app, "t.administrator")
            let own = try await app.testing().sendRequest(.POST, "/api/v1/users/\(me.id!.path)/status", headers: headers,
                                                          body: ByteBuffer(string: #"{"active":false}"#))
            #expect(own.status == .badRequest, "not one's own account")
            let page = try await app.testing().sendRequest(.GET, "/api/v1/users?perPage=5", headers: bearer(try await apiToken(app, "t.administrator")))
            #expect(page.status == .ok && page.body.string.contains(#""perPage":5"#))
            // Only an administrator manages users.
            let worker = try await app.testing().sendRequest(.GET, "/api/v1/users", headers: bearer(try await apiToken(app, "t.social_worker")))
            #expect(worker.status == .forbidden)
            #expect(try await auditCount(app, action: .userDisabled) == 1)
        }
    }
}
