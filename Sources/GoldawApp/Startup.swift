import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawBenefits
import GoldawGrievances
import GoldawSocialServices
import GoldawCases
import GoldawIndicators
import GoldawTools

/// What `serve` does before it listens.
package enum Startup {
    package static func prepare(_ app: Application) async throws {
        let settings = app.settings
        if settings.usesEmbeddedDatabase {
            app.logger.notice("Embedded SQLite database at \(settings.sqlitePath): applying pending migrations automatically")
            if settings.sqlitePath != ":memory:" {
                // Write-ahead logging: a page that reads never waits for a save, and a save never
                // waits for readers. The mode is kept in the file, so this sets it once.
                try await (app.db as! any SQLDatabase).raw("PRAGMA journal_mode=WAL").run()
            }
            try await app.autoMigrate()
        } else {
            app.logger.notice("PostgreSQL configured: migrations are not applied automatically; run `goldaw migrate`")
        }
        if settings.demo {
            try await DemoData.load(into: app)
        }
        try await ensureAdministrator(app)
    }

    /// The first start on an empty database creates `admin` with a one-time password, printed
    /// once, that must be changed at first sign-in.
    package static func ensureAdministrator(_ app: Application) async throws {
        let count: Int
        do {
            count = try await User.query(on: app.db).count()
        } catch {
            app.logger.error("The database is not migrated yet (\(String(describing: error))). Run `goldaw migrate`.")
            return
        }
        guard count == 0 else { return }
        let service = UserService(db: app.db, settings: app.settings,
                                  audit: AuditService(db: app.db, actor: nil, clientIP: nil, requestID: "startup"))
        let (user, password) = try await service.create(
            .init(username: "admin", fullName: "Administrator", role: Role.administrator.rawValue,
                  scopeKind: ScopeKind.national.rawValue, territoryCode: "", organisationID: ""),
            mustChange: true)
        app.logger.notice("""
            Created the first administrator. Sign in once and choose a new password.
              username: \(user.username)
              one-time password: \(password)
            """)
    }
}
