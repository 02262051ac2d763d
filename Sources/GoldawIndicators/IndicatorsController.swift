import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// `/indicators`: people by territory, sex, age band, functional difficulty and official
/// disability, read from the latest snapshot (aggregates only, never a name), with CSV and the
/// refresh for those allowed.
package enum IndicatorsController {
    package static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.indicators), use: page)
        routes.get(AppRoute.components(.indicatorsCSV), use: csv)
        routes.get(AppRoute.components(.indicatorSnapshots), use: snapshots)
        routes.post(AppRoute.components(.indicatorSnapshots), use: refresh)
    }

    @Sendable package static func page(req: Request) async throws -> Response {
        let me = try await req.require(.viewIndicators)
        let report = try await IndicatorReport.load(req, user: me, ageParameter: "age",
                                                    reads: [IndicatorService.territorial, IndicatorService.profile])
        let content = try await IndicatorsPage.content(report, req: req, user: me)
        return try await req.page("indicators/indicators", titleKey: "indicators.title",
                                  status: report.problems.isEmpty ? .ok : .unprocessableEntity, content)
    }

    /// The current filter's counts, one line per stored cell (etrap × sex × band × difficulty ×
    /// certificate), ready for a pivot table. Audited like every export.
    @Sendable package static func csv(req: Request) async throws -> Response {
        let me = try await req.require(.viewIndicators)
        let report = try await IndicatorReport.load(req, user: me, ageParameter: "age")
        guard report.problems.isEmpty else { throw AppError.invalid(report.problems) }
        guard let snapshot = report.snapshot else { throw AppError.notFound }
        var lines = [["as_of", "welayat_code", "territory_code", "territory_path", "territory", "sex", "age_band", "difficulty",
                      "official_disability", "people"].map(CSVText.field).joined(separator: ",")]
        let sorted = report.cells.sorted {
            ($0.territoryPath, $0.sex, $0.ageBand, $0.difficulty, $0.officialDisability ? 1 : 0)
                < ($1.territoryPath, $1.sex, $1.ageBand, $1.difficulty, $1.officialDisability ? 1 : 0)
        }
        for cell in sorted {
            lines.append([snapshot.asOf, report.code(IndicatorTally.unit(of: cell.territoryPath, depth: 1)), report.code(cell.territoryPath),
                          cell.territoryPath, report.name(cell.territoryPath, .tk), cell.sex, cell.ageBand, cell.difficulty,
                          cell.officialDisability ? "yes" : "no"].map(CSVText.field).joined(separator: ",") + ",\(cell.people)")
        }
        try await req.audit.record(.indicatorsExported, recordType: "indicator_snapshot", recordID: snapshot.id?.uuidString,
                                   detail: "as of \(snapshot.asOf) \(report.root ?? "national") sex=\(report.query.sex) age=\(report.query.age)")
        return CSVDownload.response(lines.joined(separator: "\r\n") + "\r\n", filename: "indicators-\(snapshot.asOf).csv")
    }

    package struct SnapshotRow: Encodable {
        package let asOf: String
        package let computedAt: String
        package let by: String
        package let people: Int
        package let seconds: String
        package let current: Bool
    }

    package struct SnapshotsContent: Encodable {
        package let rows: [SnapshotRow]
        package let action: String
        package let backHref: String
        package let help: String
    }

    /// The snapshots kept, who made them and how long they took, with the refresh button.
    @Sendable package static func snapshots(req: Request) async throws -> Response {
        try await req.require(.refreshIndicators)
        let rows = try await IndicatorService(db: req.db).recent()
        let ids = rows.compactMap(\.computedBy)
        let users = ids.isEmpty ? [] : try await User.query(on: req.db).filter(\.$id ~~ ids).all()
        let names = Dictionary(users.map { ($0.id!, $0.fullName) }, uniquingKeysWith: { first, _ in first })
        return try await req.page("indicators/snapshots", titleKey: "indicators.snapshots.title", SnapshotsContent(
            rows: rows.enumerated().map { index, row in
                SnapshotRow(asOf: DisplayFormat.date(iso: row.asOf), computedAt: DisplayFormat.dateTime(row.computedAt),
                            by: row.computedBy.flatMap { names[$0] } ?? req.t("indicators.snapshots.by_command"),
                            people: row.people, seconds: String(format: "%.1f", row.seconds), current: index == 0)
            },
            action: AppRoute.indicatorSnapshots.path, backHref: AppRoute.indicators.path,
            help: req.t("indicators.snapshots.help", ["kept": String(IndicatorService.kept)])))
    }

    /// Counts everyone again as of today. Synchronous: at national scale this takes seconds to
    /// a minute on PostgreSQL; the nightly `goldaw indicators refresh` keeps it rarely needed.
    @Sendable package static func refresh(req: Request) async throws -> Response {
        let me = try await req.require(.refreshIndicators)
        _ = try await IndicatorService.refresh(on: req.db, asOf: CalendarDate.today, by: me.id, audit: req.audit)
        return req.redirect(to: .indicators, flash: "indicators.flash.refreshed")
    }
}
