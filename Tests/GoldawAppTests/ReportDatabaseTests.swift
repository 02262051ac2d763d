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

/// `GOLDAW_REPORT_DATABASE_URL`: report pages read through `reportDB`, which is the replica when
/// one is configured and refuses writes, and the primary otherwise.
@Suite("Report database (replica URL)") struct ReportDatabaseTests {
    @Test func aReplicaWithoutPostgreSQLIsRefusedAtStartUp() async throws {
        await #expect(throws: SettingsError.self) {
            try await withApp(configure: { app in
            pinTestClock()
                var settings = Settings.fromEnvironment([:])
                settings.databaseURL = nil
                settings.sqlitePath = ":memory:"
                settings.reportDatabaseURL = "postgres://goldaw:goldaw@127.0.0.1:1/replica"
                try await configure(app, settings: settings)
            }) { _ in }
        }
    }

    @Test func withoutTheSettingReportsReadThePrimary() async throws {
        try await withTestApp { app in
            #expect(!app.databases.ids().contains(.reports))
            let rows = try await (app.reportDB as! any SQLDatabase).select().column(SQLFunction("count", args: SQLLiteral.all))
                .from(User.schema).all()
            #expect(try rows.first?.decode(column: rows.first!.allColumns.first!, as: Int.self) == Role.allCases.count + 2)
        }
    }

    /// On PostgreSQL the report URL is pointed at the test database itself (a second connection
    /// pool, as with a replica on the same host): report pages answer from it, and it refuses
    /// writes. On SQLite the setting cannot be used; the page reads the primary.
    @Test func reportPagesReadTheReportDatabaseWhichRefusesWrites() async throws {
        try await withTestApp(settings: { if let own = $0.databaseURL { $0.reportDatabaseURL = own } }) { app in
            #expect(app.databases.ids().contains(.reports) == isPostgres)
            let analyst = Browser(app)
            try await analyst.login(Fixtures.username(.nationalAnalyst))
            let figures = try await analyst.get(AppRoute.workforceFigures.path)
            #expect(figures.status == .ok)
            let counts = try await analyst.get(AppRoute.caseCounts.path)
            #expect(counts.status == .ok)
            let indicators = try await analyst.get(AppRoute.indicators.path)
            #expect(indicators.status == .ok)
            let reports = app.reportDB as! any SQLDatabase
            if isPostgres {
                await #expect(throws: (any Error).self) {
                    try await reports.update(User.schema).set("full_name", to: SQLBind("changed")).run()
                }
                let unchanged = try await User.query(on: app.db).filter(\.$fullName == "changed").count()
                #expect(unchanged == 0)
            } else {
                try await reports.update(User.schema).set("full_name", to: SQLBind("Test")).where("username", .equal, SQLBind("t.far.worker")).run()
                #expect(try await User.query(on: app.db).filter(\.$fullName == "Test").count() == 1)
            }
        }
    }
}
