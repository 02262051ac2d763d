import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawBenefits
import GoldawSocialServices
import GoldawCases
import GoldawIndicators

/// `goldaw bench indicators`: on the configured database as it is (no data is generated),
/// times (a) the refresh's aggregate SELECT run directly, the floor; (b) the refresh itself,
/// INSERT … SELECT in its transaction; (c) the national page's reads through Goldaw, 20 times;
/// (d) the same read statements sent directly. Prints figures and ratios; never fails on timing.
package struct IndicatorBench {
    package let app: Application
    package let console: any Console

    package func run() async throws {
        let db = app.db
        let sql = db as! any SQLDatabase
        let asOf = CalendarDate.today
        let people = try await Person.query(on: db).count()
        console.print("indicators: \(people) person records on \(sql.dialect.name), as of \(asOf.iso)")
        func list(_ values: [Double]) -> String { values.map { String(format: "%.2f", $0) }.joined(separator: ", ") }
        func percentile(_ values: [Double], _ p: Double) -> Double {
            let sorted = values.sorted()
            return sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
        }

        var direct: [Double] = [], groups = 0
        for _ in 0..<3 {
            let start = ContinuousClock.now
            groups = try await sql.raw(IndicatorService.aggregate(asOf: asOf)).all().count
            direct.append((ContinuousClock.now - start).seconds)
        }
        let audit = AuditService(db: db, actor: nil, clientIP: nil, requestID: "bench")
        var refresh: [Double] = [], counted = 0
        for _ in 0..<3 {
            let start = ContinuousClock.now
            counted = try await IndicatorService.refresh(on: db, asOf: asOf, by: nil, audit: audit).people
            refresh.append((ContinuousClock.now - start).seconds)
        }
        let floor = direct.min()!, best = refresh.min()!
        console.print(String(format: "(a) aggregate SELECT directly (the floor): best %.2f s of %@ · %d groups", floor, list(direct), groups))
        console.print(String(format: "(b) refresh (INSERT … SELECT, prune, audit, one transaction): best %.2f s of %@ · %d people counted · %.2f× the floor",
                             best, list(refresh), counted, best / max(floor, 0.000_001)))

        // The national page: the latest snapshot, its counts, the territories' names, the tables.
        let analyst = CurrentUser(id: AppClock.newID(), username: "bench", fullName: "Benchmark", role: .nationalAnalyst, scope: .national,
                                  scopeTerritoryID: nil, locale: .en, mustChangePassword: false, sessionID: nil, csrfToken: nil)
        var page: [Double] = [], cells = 0, paths: [String] = []
        for _ in 0..<20 {
            let start = ContinuousClock.now
            let report = try await IndicatorReport.load(.init(), ageParameter: "age", user: analyst, db: db,
                                                        reads: [IndicatorService.territorial, IndicatorService.profile])
            let key: (IndicatorCell) -> String = { IndicatorTally.unit(of: $0.territoryPath, depth: report.rowDepth) }
            _ = IndicatorTally.bySex(report.cells, key: key)
            _ = IndicatorTally.byDifficulty(report.cells, key: key)
            _ = IndicatorTally.byDifficulty(report.reads[1]) { $0.ageBand }
            _ = IndicatorTally.byDifficulty(report.reads[1]) { $0.officialDisability ? "yes" : "no" }
            _ = try await TerritoryService(db: db).valid(on: report.snapshot!.asOf)
            cells = report.reads.map(\.count).reduce(0, +)
            paths = Array(report.units.keys)
            page.append((ContinuousClock.now - start).seconds * 1000)
        }
        let latest = try await IndicatorService(db: db).latest()!
        let id = try latest.requireID()
        var raw: [Double] = []
        for _ in 0..<20 {
            let start = ContinuousClock.now
            _ = try await sql.raw("SELECT id, as_of, computed_at, computed_by, people, seconds FROM indicator_snapshots ORDER BY computed_at DESC, id LIMIT 1").all()
            _ = try await sql.raw(IndicatorService.read(id, .init(), by: IndicatorService.territorial)).all()
            _ = try await sql.raw(IndicatorService.read(id, .init(), by: IndicatorService.profile)).all()
            _ = try await sql.select().column("*").from(Territory.schema).where("path", .in, SQLBind.group(paths)).all()
            _ = try await sql.raw("""
                SELECT * FROM territories WHERE valid_from <= \(bind: latest.asOf) AND (valid_to IS NULL OR valid_to >= \(bind: latest.asOf)) ORDER BY path
                """).all()
            raw.append((ContinuousClock.now - start).seconds * 1000)
        }
        console.print(String(format: "(c) national page reads through Goldaw, 20 runs: p50 %.1f ms · p95 %.1f ms · %d cells",
                             percentile(page, 0.5), percentile(page, 0.95), cells))
        console.print(String(format: "(d) the same read SQL sent directly, 20 runs: p50 %.1f ms · p95 %.1f ms · Goldaw/direct p50 %.2f×",
                             percentile(raw, 0.5), percentile(raw, 0.95), percentile(page, 0.5) / max(percentile(raw, 0.5), 0.000_001)))
        console.print(String(format: "page p50 against the live aggregate (a): %.0f× faster", floor * 1000 / max(percentile(page, 0.5), 0.000_001)))
    }

    package init(app: Application, console: any Console) {
        self.app = app
        self.console = console
    }
}
