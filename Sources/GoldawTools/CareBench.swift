import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawCare

/// `goldaw bench care`: on the configured database as it is (after `goldaw generate`), times
/// (a) the care figures' five aggregate statements sent directly, the floor; (b) the national
/// figures page through Goldaw — the handler with its access check, the same statements, the
/// series, the audit row and the Leaf page in Turkmen — 20 times each. Prints figures and the
/// ratio; never fails on timing.
package struct CareBench {
    package let app: Application
    package let console: any Console

    package func run() async throws {
        let db = app.db
        let sql = db as! any SQLDatabase
        let today = CalendarDate.today
        let from = CalendarDate(year: today.year, month: 1, day: 1)!
        let placements = try await Placement.query(on: db).count()
        let people = try await sql.raw("SELECT COUNT(*) AS n FROM persons").first()?.decode(column: "n", as: Int.self) ?? 0
        console.print("care: \(placements) placements among \(people) person records on \(sql.dialect.name), on \(today.iso)")
        func percentile(_ values: [Double], _ p: Double) -> Double {
            let sorted = values.sorted()
            return sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
        }
        let statements = CareFigures(db: db).statements(under: "/", on: today, from: from, to: today)
        var direct: [Double] = []
        for _ in 0..<20 {
            let start = ContinuousClock.now
            for statement in statements { _ = try await sql.raw(statement).all() }
            direct.append((ContinuousClock.now - start).seconds * 1000)
        }
        let analyst = CurrentUser(id: AppClock.newID(), username: "bench", fullName: "Benchmark", role: .nationalAnalyst, scope: .national,
                                  scopeTerritoryID: nil, locale: .tk, mustChangePassword: false, sessionID: nil, csrfToken: nil)
        var page: [Double] = [], bytes = 0
        for _ in 0..<20 {
            let req = Request(application: app, method: .GET, url: URI(path: AppRoute.careFigures.path), on: app.eventLoopGroup.next())
            req.auth.login(analyst)
            let start = ContinuousClock.now
            let response = try await CareController.figures(req: req)
            page.append((ContinuousClock.now - start).seconds * 1000)
            bytes = response.body.count
        }
        let floor = percentile(direct, 0.5), p50 = percentile(page, 0.5)
        console.print(String(format: "(a) the five aggregate statements sent directly, 20 runs: p50 %.1f ms · p95 %.1f ms", floor, percentile(direct, 0.95)))
        console.print(String(format: "(b) the national figures page through Goldaw, 20 runs: p50 %.1f ms · p95 %.1f ms · %d bytes · %.2f× the floor",
                             p50, percentile(page, 0.95), bytes, p50 / max(floor, 0.000_001)))
    }

    package init(app: Application, console: any Console) {
        self.app = app
        self.console = console
    }
}
