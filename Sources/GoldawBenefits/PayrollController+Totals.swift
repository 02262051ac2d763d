import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

extension PayrollController {
    package struct TotalLine: Encodable {
        package let territory: String
        package let programme: String
        package let kind: String
        package let lines: Int
        package let total: String
    }

    package struct TotalsContent: Encodable {
        package let action: String
        package let month: String
        package let rows: [TotalLine]
        package let lines: Int
        package let total: String
        package let csvHref: String
        package let error: String?
    }

    package static func totalRows(_ req: Request) async throws -> (BenefitMonth?, [PayrollService.TotalRow], [String: String]) {
        let user = try await req.require(.viewBenefitTotals)
        let raw = (try? req.query.get(String.self, at: "month")) ?? BenefitMonth(containing: CalendarDate.today).iso
        guard let month = BenefitMonth(iso: raw) else { return (nil, [], [:]) }
        let scope = AccessPolicy.reach(user.role, .viewBenefitTotals) == .everywhere ? nil : user.scope.territoryPath
        let rows = try await req.payroll.totals(month: month, scopePath: scope)
        return (month, rows, try await BenefitsViews.territoryNames(rows.map(\.territoryPath), req))
    }

    /// Totals by territory and programme: aggregates only, so analysts see them too.
    @Sendable package static func totals(req: Request) async throws -> Response {
        let (month, rows, names) = try await totalRows(req)
        let raw = (try? req.query.get(String.self, at: "month")) ?? ""
        return try await req.page("benefits/totals", titleKey: "totals.title", TotalsContent(
            action: AppRoute.payrollTotals.path, month: month?.iso ?? raw,
            rows: rows.map { TotalLine(territory: names[$0.territoryPath] ?? $0.territoryPath, programme: req.t("programme.\($0.programme)"),
                                       kind: req.t("payroll.kind.\($0.kind)"), lines: $0.lines, total: BenefitsViews.money($0.total)) },
            lines: rows.reduce(0) { $0 + $1.lines }, total: BenefitsViews.money(rows.reduce(0) { $0 + $1.total }),
            csvHref: AppRoute.payrollTotalsCSV.path + "?month=\(month?.iso ?? "")",
            error: month == nil ? req.t("benefits.month_invalid") : nil))
    }

    @Sendable package static func totalsCSV(req: Request) async throws -> Response {
        let (month, rows, names) = try await totalRows(req)
        guard let month else { throw AppError.badRequest("benefits.month_invalid") }
        var lines = [["month", "territory_path", "territory", "programme", "kind", "lines", "amount"].map(CSVText.field).joined(separator: ",")]
        for row in rows {
            lines.append([month.iso, row.territoryPath, names[row.territoryPath] ?? "", row.programme, row.kind, String(row.lines),
                          PayrollService.plain(row.total)].map(CSVText.field).joined(separator: ","))
        }
        lines.append([month.iso, "", "total", "", "", String(rows.reduce(0) { $0 + $1.lines }),
                      PayrollService.plain(rows.reduce(0) { $0 + $1.total })].map(CSVText.field).joined(separator: ","))
        try await req.audit.record(.payrollExported, recordType: "payroll_totals", detail: "totals \(month.iso)")
        return CSVDownload.response(lines.joined(separator: "\r\n") + "\r\n", filename: "benefit-totals-\(month.iso).csv")
    }
}
