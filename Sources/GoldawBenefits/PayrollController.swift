import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// Payroll cycles: the list and the create form, a cycle's page with its totals, payment lists
/// and the buttons for each step, reconciliation upload, and totals by territory and programme.
package enum PayrollController {
    package static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.payroll), use: list)
        routes.post(AppRoute.components(.payroll), use: create)
        routes.get(AppRoute.Pattern.payrollCycle, use: show)
        routes.get(AppRoute.Pattern.payrollCycle + ["export.csv"], use: export)
        routes.get(AppRoute.Pattern.payrollCycle + ["approve"], use: approvePage)
        for step in PayrollStep.allCases {
            let path = AppRoute.Pattern.payrollCycle + [.constant(step.rawValue)]
            let handler: @Sendable (Request) async throws -> Response = { try await advance(req: $0, step: step) }
            // Results files of a welaýat run to megabytes.
            if step == .reconcile { routes.post(path, bodyLimit: "32mb", use: handler) } else { routes.post(path, use: handler) }
        }
        routes.get(AppRoute.components(.payrollTotals), use: totals)
        routes.get(AppRoute.components(.payrollTotalsCSV), use: totalsCSV)
    }

    package struct CycleRow: Encodable {
        package let href: String
        package let number: String
        package let programme: String
        package let territory: String
        package let month: String
        package let status: String
        package let statusCode: String
        package let lines: Int
        package let total: String
    }

    package struct ListContent: Encodable {
        package let rows: [CycleRow]
        package let action: String
        package let form: [String: String]
        package let errors: [String: String]
        package let programmes: [BenefitsViews.Option]
        package let territories: [BenefitsViews.Option]
        package let emergenciesHref: String
        package let canCreate: Bool

        package init(rows: [CycleRow], action: String, form: [String: String], errors: [String: String], programmes: [BenefitsViews.Option], territories: [BenefitsViews.Option], emergenciesHref: String, canCreate: Bool) {
            self.rows = rows
            self.action = action
            self.form = form
            self.errors = errors
            self.programmes = programmes
            self.territories = territories
            self.emergenciesHref = emergenciesHref
            self.canCreate = canCreate
        }
    }

    package static func scopedUnits(_ req: Request, _ user: CurrentUser) async throws -> [Territory] {
        try await TerritoryService(db: req.db).valid(on: CalendarDate.today.iso)
            .filter { user.scope.kind == .national || user.scope.contains(territoryPath: $0.path) }
    }

    package static func renderList(_ req: Request, form: [String: String], errors: [String: String], status: HTTPResponseStatus) async throws -> Response {
        let user = try await req.require(.viewPayroll)
        let cycles = try await req.benefitsQueries.cycles(scope: user.scope)
        let units = try await scopedUnits(req, user)
        return try await req.page("benefits/payroll", titleKey: "payroll.title", status: status, ListContent(
            rows: cycles.map { c in
                CycleRow(href: AppRoute.payrollCycle(c.id!).path, number: c.number, programme: req.t("programme.\(c.programme)"),
                         territory: c.territory.name(req.locale), month: BenefitMonth(iso: c.month)?.display ?? c.month,
                         status: req.t("payroll.status.\(c.status)"), statusCode: c.status, lines: c.lineCount,
                         total: BenefitsViews.money(c.total))
            },
            action: AppRoute.payroll.path, form: form, errors: errors,
            programmes: BenefitsViews.programmes(req, selected: form["programme"], only: Programme.allCases),
            territories: units.map { .init(value: $0.code, label: $0.name(req.locale), selected: form["territory"] == $0.code) },
            emergenciesHref: AppRoute.emergencies.path, canCreate: AccessPolicy.allows(user.role, .runPayroll)))
    }

    @Sendable package static func list(req: Request) async throws -> Response {
        let user = try await req.require(.viewPayroll)
        let month = BenefitMonth(containing: CalendarDate.today)
        let home = try await scopedUnits(req, user).first { $0.path == user.scope.territoryPath }
        return try await renderList(req, form: ["month": month.iso, "territory": home?.code ?? ""], errors: [:], status: .ok)
    }

    package struct CreateForm: Content {
        package var programme: String?
        package var territory: String?
        package var month: String?
    }

    @Sendable package static func create(req: Request) async throws -> Response {
        try await req.require(.runPayroll)
        let form = try req.content.decode(CreateForm.self)
        let kept = ["programme": form.programme ?? "", "territory": form.territory ?? "", "month": form.month ?? ""]
        return try await req.submitForm(kept: kept, render: { try await renderList(req, form: $0, errors: $1, status: $2) }) {
            let cycle = try await req.payroll.create(programme: form.programme ?? "", territoryCode: form.territory ?? "", month: form.month ?? "")
            return .to(.payrollCycle(cycle.id!), flash: "payroll.created")
        }
    }

    package static func load(_ req: Request, _ action: Action) async throws -> PayrollCycle {
        try await req.load(PayrollCycle.self, action) { $0.with(\.$territory) }
    }
}
