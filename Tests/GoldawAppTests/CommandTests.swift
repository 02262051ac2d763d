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

@Suite("Commands and first start") struct CommandTests {
    func run(_ app: Application, _ arguments: [String]) async throws {
        var context = CommandContext(console: Terminal(), input: CommandInput(arguments: ["goldaw user"] + arguments))
        context.application = app
        try await context.console.run(UserCommand(), with: context)
    }

    @Test func firstStartCreatesAnAdministratorWithAOneTimePassword() async throws {
        try await withTestApp(seed: false) { app in
            try await Startup.ensureAdministrator(app)
            let admin = try await Fixtures.user(app, "admin")
            #expect(admin.role == .administrator)
            #expect(admin.mustChangePassword)
            // Only once: a second start leaves the accounts alone.
            try await Startup.ensureAdministrator(app)
            #expect(try await User.query(on: app.db).count() == 1)
        }
    }

    @Test func userCreateAndResetPassword() async throws {
        try await withTestApp { app in
            try await run(app, ["create", "--username", "jeren.amanowa", "--full-name", "Jeren Amanowa",
                                "--role", "supervisor", "--scope", "region", "--territory", "TM-L"])
            let user = try await Fixtures.user(app, "jeren.amanowa")
            #expect(user.role == .supervisor)
            #expect(user.scopeKind == .region)
            #expect(user.mustChangePassword)
            await #expect(throws: (any Error).self) {
                try await run(app, ["create", "--username", "jeren.amanowa", "--role", "supervisor", "--scope", "region", "--territory", "TM-L"])
            }
            let worker = Browser(app)
            try await worker.login("t.social_worker")
            let before = try await Fixtures.user(app, "t.social_worker").passwordHash
            try await run(app, ["reset-password", "--username", "t.social_worker"])
            let after = try await Fixtures.user(app, "t.social_worker")
            #expect(after.passwordHash != before)
            #expect(after.mustChangePassword)
            #expect(try await worker.get("/").status == .seeOther, "the old session has ended")
            #expect(try await auditCount(app, action: .passwordReset) == 1)
        }
    }
}
