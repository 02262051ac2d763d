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

/// Sign-in that cannot be raced, and one-time passwords that open nothing but the change page.
@Suite("Accounts: lockout under parallel guesses, one-time passwords") struct AccountSafetyTests {
    func accounts(_ app: Application) -> AccountService {
        AccountService(db: app.db, settings: app.settings, audit: AuditService(db: app.db))
    }

    @Test func thirtyParallelWrongPasswordsAreCheckedFiveTimesAndLockTheAccount() async throws {
        try await withTestApp { app in
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<30 {
                    group.addTask {
                        switch try await accounts(app).signIn(username: "t.supervisor", password: "wrong-\(index)", channel: "web") {
                        case .invalid: "invalid"
                        case .locked: "locked"
                        default: "other"
                        }
                    }
                }
                return try await group.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
            }
            #expect(outcomes == ["invalid": 5, "locked": 25])
            let user = try await Fixtures.user(app, "t.supervisor")
            #expect(user.lockedUntil != nil)
            // Even the right password waits for the lock to run out.
            if case .locked = try await accounts(app).signIn(username: "t.supervisor", password: Fixtures.password, channel: "web") {} else {
                Issue.record("the locked account let the right password in")
            }
        }
    }

    @Test func aOneTimePasswordGetsNoAPITokenAndExpires() async throws {
        try await withTestApp(settings: { $0.oneTimePasswordSeconds = 3600 }) { app in
            let user = try await Fixtures.user(app, "t.social_worker")
            try await accounts(app).setPassword(user, to: "temporary-pass-7781", mustChange: true)
            let stored = try await Fixtures.user(app, "t.social_worker")
            #expect(abs(try #require(stored.passwordExpiresAt).timeIntervalSince(AppClock.now) - 3600) < 60)
            var headers = HTTPHeaders()
            headers.contentType = .json
            let token = try await app.testing().sendRequest(.POST, "/api/v1/auth/token", headers: headers,
                body: ByteBuffer(string: #"{"username":"t.social_worker","password":"temporary-pass-7781"}"#))
            #expect(token.status == .forbidden)
            #expect(token.body.string.contains("one-time password") || token.body.string.contains("wagtlaýyn"))
            // In the browser it opens the change-password page only.
            let browser = Browser(app)
            let signedIn = try await browser.login("t.social_worker", "temporary-pass-7781")
            #expect(signedIn.status == .seeOther)
            #expect(try await browser.get(AppRoute.people.path).headers.first(name: .location) == AppRoute.accountPassword.path)
            // An hour later it no longer works at all.
            stored.passwordExpiresAt = AppClock.now.addingTimeInterval(-1)
            try await stored.save(on: app.db)
            let late = try await Browser(app).login("t.social_worker", "temporary-pass-7781")
            #expect(late.status == .forbidden && late.body.string.contains(#"data-error="one_time_expired""#))
            // Choosing a password of one's own ends the clock.
            try await accounts(app).setPassword(stored, to: "my-own-long-password-1", mustChange: false)
            #expect(try await Fixtures.user(app, "t.social_worker").passwordExpiresAt == nil)
        }
    }
}
