import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// Workforce figures per welaýat and etrap: workers per 10,000 population and per 10,000
/// children, the share with a social work degree, funded posts filled and vacant. Aggregates
/// only, so analysts may read them; as SVG bar charts, a table, and CSV.
package enum WorkforceFiguresPage {
    package static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.workforceFigures), use: page)
        routes.get(AppRoute.components(.workforceFiguresCSV), use: csv)
    }

    package struct Row: Encodable {
        package let name: String
        package let isRegion: Bool
        package let workers: Int
        package let socialWorkers: Int
        package let specialists: Int
        package let qualifiedShare: String
        package let funded: Int
        package let filled: Int
        package let vacant: Int
        package let population: String
        package let perTenThousand: String
        package let children: String
        package let perTenThousandChildren: String

        package init(name: String, isRegion: Bool, workers: Int, socialWorkers: Int, specialists: Int, qualifiedShare: String, funded: Int, filled: Int, vacant: Int, population: String, perTenThousand: String, children: String, perTenThousandChildren: String) {
            self.name = name
            self.isRegion = isRegion
            self.workers = workers
            self.socialWorkers = socialWorkers
            self.specialists = specialists
            self.qualifiedShare = qualifiedShare
            self.funded = funded
            self.filled = filled
            self.vacant = vacant
            self.population = population
            self.perTenThousand = perTenThousand
            self.children = children
            self.perTenThousandChildren = perTenThousandChildren
        }
    }

    package struct Content: Encodable {
        package let rows: [Row]
        package let charts: [BarChart]
        package let csvHref: String
        package let populationsHref: String?
        package let caseload: String
        package let note: String

        package init(rows: [Row], charts: [BarChart], csvHref: String, populationsHref: String?, caseload: String, note: String) {
            self.rows = rows
            self.charts = charts
            self.csvHref = csvHref
            self.populationsHref = populationsHref
            self.caseload = caseload
            self.note = note
        }
    }

    @Sendable package static func page(req: Request) async throws -> Response {
        let me = try await req.require(.viewWorkforceFigures)
        let rows = try await ServiceFigures(db: req.reportDB).workforce()
        let regions = rows.filter(\.isRegion)
        let etraps = rows.filter { !$0.isRegion && $0.workers > 0 }
        let charts = [
            BarChart(id: "chart-region-population", title: req.t("workforce.chart.per_population_region"),
                     items: regions.map { ($0.unit.name(req.locale), $0.perTenThousand, Ratio.display($0.perTenThousand)) }),
            BarChart(id: "chart-etrap-population", title: req.t("workforce.chart.per_population_etrap"),
                     items: etraps.map { ($0.unit.name(req.locale), $0.perTenThousand, Ratio.display($0.perTenThousand)) }),
            BarChart(id: "chart-etrap-children", title: req.t("workforce.chart.per_children_etrap"),
                     items: etraps.map { ($0.unit.name(req.locale), $0.perTenThousandChildren, Ratio.display($0.perTenThousandChildren)) }),
            BarChart(id: "chart-qualified", title: req.t("workforce.chart.qualified"),
                     items: regions.filter { $0.workers > 0 }.map { ($0.unit.name(req.locale), $0.qualifiedShare, Ratio.display($0.qualifiedShare, decimals: 0) + " %") }),
        ]
        return try await req.page("services/figures", titleKey: "workforce.figures.title", Content(
            rows: rows.map { row in
                Row(name: row.unit.name(req.locale), isRegion: row.isRegion, workers: row.workers,
                    socialWorkers: row.byType[PostType.socialWorker.rawValue] ?? 0, specialists: row.byType[PostType.specialist.rawValue] ?? 0,
                    qualifiedShare: Ratio.display(row.qualifiedShare, decimals: 0) + (row.qualifiedShare == nil ? "" : " %"),
                    funded: row.postsFunded, filled: row.postsFilled, vacant: row.postsVacant,
                    population: row.total.map(String.init) ?? "—", perTenThousand: Ratio.display(row.perTenThousand),
                    children: row.children.map(String.init) ?? "—", perTenThousandChildren: Ratio.display(row.perTenThousandChildren))
            },
            charts: charts, csvHref: AppRoute.workforceFiguresCSV.path,
            populationsHref: AccessPolicy.allows(me.role, .managePopulations) ? AppRoute.populations.path : nil,
            caseload: req.t("workforce.caseload_pending"), note: req.t("workforce.figures.note")))
    }

    @Sendable package static func csv(req: Request) async throws -> Response {
        try await req.require(.viewWorkforceFigures)
        let rows = try await ServiceFigures(db: req.reportDB).workforce()
        func number(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "" }
        var lines = [["level", "code", "name", "workers", "social_workers", "specialists", "para_professionals", "supervisors",
                      "social_work_qualified", "qualified_share_percent", "posts_funded", "posts_filled", "posts_vacant",
                      "population", "workers_per_10000_population", "children", "workers_per_10000_children", "population_source"]]
        for row in rows {
            lines.append([row.isRegion ? "welayat" : "etrap", row.unit.code, row.unit.nameTk, String(row.workers),
                          String(row.byType[PostType.socialWorker.rawValue] ?? 0), String(row.byType[PostType.specialist.rawValue] ?? 0),
                          String(row.byType[PostType.paraProfessional.rawValue] ?? 0), String(row.byType[PostType.supervisor.rawValue] ?? 0),
                          String(row.qualified), number(row.qualifiedShare), String(row.postsFunded), String(row.postsFilled), String(row.postsVacant),
                          row.total.map(String.init) ?? "", number(row.perTenThousand), row.children.map(String.init) ?? "",
                          number(row.perTenThousandChildren), row.populationSource ?? ""])
        }
        try await req.audit.record(.workforceExported, recordType: "workforce_figures", detail: "figures \(CalendarDate.today.iso)")
        return ServicesView.csv(lines, filename: "workforce-\(CalendarDate.today.iso).csv")
    }
}
