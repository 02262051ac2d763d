import Fluent
import SQLKit
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

@Suite("Sign-in, sessions, CSRF and tokens") struct AuthenticationTests {
    @Test func signInLandsOnHomeAndIsAudited() async throws {
        try await withTestApp { app in
            let browser = Browser(app)
            let response = try await browser.login("t.social_worker")
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/")
            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(home.body.string.contains("id=\"page-title\">Baş sahypa"))
            #expect(try await auditCount(app, action: .login, username: "t.social_worker") == 1)
            // The session lives in the database, so any app instance can serve it.
            #expect(try await UserSession.query(on: app.db).filter(\.$endedAt == nil).count() == 1)
        }
    }

    @Test func wrongPasswordIsRefusedAndAudited() async throws {
        try await withTestApp { app in
            let browser = Browser(app)
            let response = try await browser.login("t.social_worker", "wrong-password-1")
            #expect(response.status == .unauthorized)
            #expect(response.body.string.contains(#"data-error="invalid""#))
            #expect(response.body.string.contains(#"value="t.social_worker""#), "the typed username is kept")
            #expect(try await auditCount(app, action: .loginFailed, username: "t.social_worker") == 1)
            let unknown = try await browser.login("nobody.here", "whatever-123")
            #expect(unknown.status == .unauthorized)
            #expect(try await auditCount(app, action: .loginFailed, username: "nobody.here") == 1)
        }
    }

    @Test func fiveFailuresLockTheAccountForFifteenMinutes() async throws {
        try await withTestApp { app in
            let browser = Browser(app)
            for _ in 0..<5 {
                let response = try await browser.login("t.supervisor", "wrong-password-1")
                #expect(response.body.string.contains(#"data-error="invalid""#))
            }
            // Locked, the right password answers as a wrong one does, and as an unknown username
            // does: the answer never tells which usernames exist.
            let locked = try await browser.login("t.supervisor")
            #expect(locked.status == .unauthorized)
            #expect(locked.body.string.contains(#"data-error="invalid""#))
            let unknown = try await browser.login("t.nobody", "wrong-password-1")
            #expect(unknown.status == locked.status)
            #expect(unknown.body.string.contains(#"data-error="invalid""#))
            let user = try await Fixtures.user(app, "t.supervisor")
            let until = try #require(user.lockedUntil)
            #expect(abs(until.timeIntervalSince(AppClock.now) - 15 * 60) < 60)
            // The API is locked too.
            var headers = HTTPHeaders()
            headers.contentType = .json
            let api = try await app.testing().sendRequest(.POST, "/api/v1/auth/token", headers: headers,
                body: ByteBuffer(string: #"{"username":"t.supervisor","password":"\#(Fixtures.password)"}"#))
            #expect(api.status == .unauthorized)
            // Once the lock has run out, the right password works again.
            user.lockedUntil = AppClock.now.addingTimeInterval(-1)
            try await user.save(on: app.db)
            let after = try await browser.login("t.supervisor")
            #expect(after.status == .seeOther)
            #expect(try await Fixtures.user(app, "t.supervisor").failedAttempts == 0)
        }
    }

    @Test func idleSessionExpiresAfterThirtyMinutes() async throws {
        try await withTestApp { app in
            let browser = Browser(app)
            try await browser.login("t.social_worker")
            #expect(try await browser.get("/").status == .ok)
            try await UserSession.query(on: app.db).set(\.$lastSeenAt, to: AppClock.now.addingTimeInterval(-31 * 60)).update()
            let response = try await browser.get("/")
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/login?expired=1")
            #expect(try await auditCount(app, action: .sessionExpired) == 1)
            let login = try await browser.get("/login?expired=1")
            #expect(login.body.string.contains(#"data-error="expired""#))
            #expect(try await UserSession.query(on: app.db).filter(\.$endedAt == nil).count() == 0)
        }
    }

    @Test func activeSessionWithinTimeoutContinues() async throws {
        try await withTestApp { app in
            let browser = Browser(app)
            try await browser.login("t.social_worker")
            try await UserSession.query(on: app.db).set(\.$lastSeenAt, to: AppClock.now.addingTimeInterval(-29 * 60)).update()
            #expect(try await browser.get("/").status == .ok)
        }
    }

    @Test func logoutEndsTheSession() async throws {
        try await withTestApp { app in
            let browser = Browser(app)
            try await browser.login("t.social_worker")
            try await browser.get("/")
            let out = try await browser.post("/logout", form: [:])
            #expect(out.status == .seeOther)
            #expect(try await browser.get("/").headers.first(name: .location)?.hasPrefix("/login") == true)
            #expect(try await auditCount(app, action: .logout) == 1)
        }
    }

    @Test func formsWithoutTheCSRFTokenAreRefused() async throws {
        try await withTestApp { app in
            let browser = Browser(app)
            try await browser.get("/login")
            let noToken = try await browser.post("/login", form: ["username": "t.social_worker", "password": Fixtures.password], csrf: false)
            #expect(noToken.status == .forbidden)
            #expect(noToken.body.string.contains(#"data-error="csrf""#))
            try await browser.login("t.social_worker")
            try await browser.get("/")
            let forged = try await browser.post("/logout", form: ["_csrf": "forged-token-value"])
            #expect(forged.status == .forbidden)
            #expect(try await UserSession.query(on: app.db).filter(\.$endedAt == nil).count() == 1, "nothing happened")
        }
    }

    @Test func firstSignInWithOneTimePasswordMustChangeIt() async throws {
        try await withTestApp { app in
            let service = UserService(db: app.db, settings: app.settings, audit: AuditService(db: app.db))
            let (_, otp) = try await service.create(.init(username: "new.worker", fullName: "Täze Işgär", role: "social_worker",
                                                          scopeKind: "district", territoryCode: "M-MRY", organisationID: ""))
            let browser = Browser(app)
            let login = try await browser.login("new.worker", otp)
            #expect(login.headers.first(name: .location) == "/account/password")
            #expect(try await browser.get("/").headers.first(name: .location) == "/account/password")
            try await browser.get("/account/password")
            let short = try await browser.post("/account/password", form: ["current": otp, "new": "short", "confirm": "short"])
            #expect(short.status == .unprocessableEntity)
            #expect(short.body.string.contains("field-error"))
            try await browser.get("/account/password")
            let done = try await browser.post("/account/password", form: ["current": otp, "new": "a-long-new-password", "confirm": "a-long-new-password"])
            #expect(done.status == .seeOther)
            #expect(try await browser.get("/").status == .ok)
            #expect(try await auditCount(app, action: .passwordChanged, username: "new.worker") == 1)
        }
    }

    @Test func aPasswordGivenUpIsNotTakenBackAndASimpleOneIsRefused() async throws {
        try await withTestApp { app in
            let browser = Browser(app)
            try await browser.login("t.social_worker")
            func change(_ current: String, _ new: String) async throws -> TestingHTTPResponse {
                try await browser.get("/account/password")
                return try await browser.post("/account/password", form: ["current": current, "new": new, "confirm": new])
            }
            let simple = try await change(Fixtures.password, "aaaaaaaaaaaa")
            #expect(simple.status == .unprocessableEntity)
            #expect(simple.body.string.contains(shown(app, "password.too_simple")))
            #expect(try await change(Fixtures.password, "first-new-password-1").status == .seeOther)
            #expect(try await change("first-new-password-1", "second-new-password-2").status == .seeOther)
            // Back to the first or the original one: both are remembered.
            for old in [Fixtures.password, "first-new-password-1", "second-new-password-2"] {
                let again = try await change("second-new-password-2", old)
                #expect(again.status == .unprocessableEntity)
                #expect(again.body.string.contains(shown(app, "password.reused", ["count": "5"])))
            }
            let user = try await Fixtures.user(app, "t.social_worker")
            #expect(try Bcrypt.verify("second-new-password-2", created: user.passwordHash))
        }
    }

    @Test func apiTokensWorkExpireAndCanBeRevoked() async throws {
        try await withTestApp { app in
            let token = try await apiToken(app, "t.social_worker")
            let me = try await app.testing().sendRequest(.GET, "/api/v1/me", headers: bearer(token))
            #expect(me.status == .ok)
            #expect(me.body.string.contains(#""username":"t.social_worker""#))
            #expect(me.body.string.contains(#""territoryCode":"M-MRY""#))
            // Only the hash is stored.
            #expect(try await APIToken.query(on: app.db).filter(\.$tokenHash == token).count() == 0)
            #expect(try await APIToken.query(on: app.db).filter(\.$tokenHash == Secrets.hash(token)).count() == 1)

            let revoke = try await app.testing().sendRequest(.DELETE, "/api/v1/auth/token", headers: bearer(token))
            #expect(revoke.status == .noContent)
            let after = try await app.testing().sendRequest(.GET, "/api/v1/me", headers: bearer(token))
            #expect(after.status == .unauthorized)
            #expect(after.headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true)
            #expect(try await auditCount(app, action: .tokenRevoked) == 1)

            let second = try await apiToken(app, "t.social_worker")
            try await APIToken.query(on: app.db).filter(\.$tokenHash == Secrets.hash(second))
                .set(\.$expiresAt, to: AppClock.now.addingTimeInterval(-1)).update()
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/me", headers: bearer(second)).status == .unauthorized)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/me").status == .unauthorized)
        }
    }

    @Test func disablingAnAccountEndsItsSessionsAndTokens() async throws {
        try await withTestApp { app in
            let worker = Browser(app)
            try await worker.login("t.social_worker")
            let token = try await apiToken(app, "t.social_worker")
            let admin = Browser(app)
            try await admin.login("t.administrator")
            let target = try await Fixtures.user(app, "t.social_worker")
            try await admin.get(AppRoute.user(target.id!).path)
            let response = try await admin.post(AppRoute.userStatus(target.id!).path, form: [:])
            #expect(response.status == .seeOther)
            #expect(try await worker.get("/").status == .seeOther)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/me", headers: bearer(token)).status == .unauthorized)
            #expect(try await worker.login("t.social_worker").body.string.contains(#"data-error="disabled""#))
            #expect(try await auditCount(app, action: .userDisabled) == 1)
        }
    }
}
