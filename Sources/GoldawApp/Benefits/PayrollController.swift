import Fluent
import Vapor
import GoldawCore

/// Payroll cycles: the list and the create form, a cycle's page with its totals, payment lists
/// and the buttons for each step, reconciliation upload, and totals by territory and programme.
enum PayrollController {
    static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.payroll), use: list)
        routes.post(AppRoute.components(.payroll), use: create)
        routes.get(AppRoute.Pattern.payrollCycle, use: show)
        routes.get(AppRoute.Pattern.payrollCycle + ["export.csv"], use: export)
        routes.get(AppRoute.Pattern.payrollCycle + ["approve"], use: approvePage)
        for step in ["compute", "approve", "paid", "reissue"] {
            routes.post(AppRoute.Pattern.payrollCycle + [.constant(step)], use: { try await advance(req: $0, step: step) })
        }
        // Results files of a welaýat run to megabytes.
        routes.post(AppRoute.Pattern.payrollCycle + ["reconcile"], bodyLimit: "32mb") {
            try await advance(req: $0, step: "reconcile")
        }
        routes.get(AppRoute.components(.payrollTotals), use: totals)
        routes.get(AppRoute.components(.payrollTotalsCSV), use: totalsCSV)
    }

    struct CycleRow: Encodable {
        let href: String
        let number: String
        let programme: String
        let territory: String
        let month: String
        let status: String
        let statusCode: String
        let lines: Int
        let total: String
    }

    struct ListContent: Encodable {
        let rows: [CycleRow]
        let action: String
        let form: [String: String]
        let errors: [String: String]
        let programmes: [BenefitsViews.Option]
        let territories: [BenefitsViews.Option]
        let emergenciesHref: String
        let canCreate: Bool
    }

    static func scopedUnits(_ req: Request, _ user: CurrentUser) async throws -> [Territory] {
        try await TerritoryService(db: req.db).valid(on: CalendarDate.today.iso)
            .filter { user.scope.kind == .national || user.scope.contains(territoryPath: $0.path) }
    }

    static func renderList(_ req: Request, form: [String: String], errors: [String: String], status: HTTPResponseStatus) async throws -> Response {
        let user = try await req.require(.viewPayroll)
        var query = PayrollCycle.query(on: req.db).with(\.$territory).sort(\.$month, .descending).sort(\.$number, .descending)
        if let path = user.scope.territoryPath { query = query.filter(\.$territoryPath =~ path) }
        let cycles = try await query.limit(100).all()
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

    @Sendable static func list(req: Request) async throws -> Response {
        let user = try await req.require(.viewPayroll)
        let month = BenefitMonth(containing: CalendarDate.today)
        let home = try await scopedUnits(req, user).first { $0.path == user.scope.territoryPath }
        return try await renderList(req, form: ["month": month.iso, "territory": home?.code ?? ""], errors: [:], status: .ok)
    }

    struct CreateForm: Content {
        var programme: String?
        var territory: String?
        var month: String?
    }

    @Sendable static func create(req: Request) async throws -> Response {
        try await req.require(.runPayroll)
        let form = try req.content.decode(CreateForm.self)
        do {
            let cycle = try await req.payroll.create(programme: form.programme ?? "", territoryCode: form.territory ?? "", month: form.month ?? "")
            return req.redirect(to: .payrollCycle(cycle.id!), flash: "payroll.created")
        } catch AppError.invalid(let problems) {
            return try await renderList(req, form: ["programme": form.programme ?? "", "territory": form.territory ?? "", "month": form.month ?? ""],
                                        errors: req.messages(problems), status: .unprocessableEntity)
        }
    }

    static func load(_ req: Request, _ action: Action) async throws -> PayrollCycle {
        guard let id = req.parameters.get("id", as: UUID.self),
              let cycle = try await PayrollCycle.query(on: req.db).filter(\.$id == id).with(\.$territory).first() else {
            try await req.require(action)
            throw AppError.notFound
        }
        try await req.require(action, territoryPath: cycle.territoryPath)
        return cycle
    }
}
