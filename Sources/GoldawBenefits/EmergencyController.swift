import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// Emergency top-up measures: the list, the declaration form and ending a measure early.
package enum EmergencyController {
    package static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.emergencies), use: list)
        routes.get(AppRoute.components(.emergencyNew), use: newForm)
        routes.post(AppRoute.components(.emergencyNew), use: declare)
        routes.post(AppRoute.Pattern.emergency + ["end"], use: end)
    }

    package struct Row: Encodable {
        package let number: String
        package let kind: String
        package let name: String
        package let programmes: String
        package let territories: String
        package let topUp: String
        package let period: String
        package let status: String
        package let active: Bool
        package let endAction: String
        package let version: Int

        package init(number: String, kind: String, name: String, programmes: String, territories: String, topUp: String, period: String, status: String, active: Bool, endAction: String, version: Int) {
            self.number = number
            self.kind = kind
            self.name = name
            self.programmes = programmes
            self.territories = territories
            self.topUp = topUp
            self.period = period
            self.status = status
            self.active = active
            self.endAction = endAction
            self.version = version
        }
    }

    package struct PageContent: Encodable {
        package let rows: [Row]
        package let newHref: String?
    }

    package static func ruleLabel(_ rule: EmergencyRule, _ req: Request) -> String {
        switch rule {
        case .children(let minimum): req.t("emergency.rule.children", ["n": String(minimum)])
        case .disability: req.t("emergency.rule.disability")
        }
    }

    package static let rules: [EmergencyRule] = (2...6).map { .children(minimum: $0) } + [.disability]

    package struct FormContent: Encodable {
        package let rules: [BenefitsViews.Option]
        package let action: String
        package let cancelHref: String
        package let form: [String: String]
        package let errors: [String: String]
        package let programmes: [BenefitsViews.Option]
        package let territories: [BenefitsViews.Option]

        package init(rules: [BenefitsViews.Option], action: String, cancelHref: String, form: [String: String], errors: [String: String], programmes: [BenefitsViews.Option], territories: [BenefitsViews.Option]) {
            self.rules = rules
            self.action = action
            self.cancelHref = cancelHref
            self.form = form
            self.errors = errors
            self.programmes = programmes
            self.territories = territories
        }
    }

    @Sendable package static func list(req: Request) async throws -> Response {
        let user = try await req.require(.viewPayroll)
        let measures = try await EmergencyMeasure.query(on: req.db).sort(\.$fromMonth, .descending).limit(100).all()
            .filter { m in user.scope.kind == .national || m.pathList.contains { user.scope.contains(territoryPath: $0) } }
        let names = try await BenefitsViews.territoryNames(measures.flatMap(\.pathList), req)
        let month: (String) -> String = { BenefitMonth(iso: $0)?.display ?? $0 }
        return try await req.page("benefits/emergencies", titleKey: "emergency.title", PageContent(
            rows: measures.map { m in
                Row(number: m.number, kind: req.t("emergency.measure_kind.\(m.measureKind)")
                        + (m.rule.flatMap(EmergencyRule.init(code:)).map { ": " + ruleLabel($0, req) + " · " + req.t("emergency.enrolled", ["n": String(m.enrolled)]) } ?? ""),
                    name: m.name, programmes: m.programmeList.map { req.t("programme.\($0.rawValue)") }.joined(separator: ", "),
                    territories: m.pathList.map { names[$0] ?? $0 }.joined(separator: ", "),
                    topUp: m.topUpKind == "fixed" ? BenefitsViews.money(m.topUpValue) : "+" + BenefitsCatalog.display(m.topUpValue, unit: .percent),
                    period: month(m.fromMonth) + " – " + month(m.toMonth), status: req.t("emergency.status.\(m.status)"),
                    active: m.status == "active" && AccessPolicy.allows(user.role, .declareEmergency),
                    endAction: AppRoute.emergencyEnd(m.id!).path, version: m.version)
            },
            newHref: AccessPolicy.allows(user.role, .declareEmergency) ? AppRoute.emergencyNew.path : nil))
    }

    package static func renderForm(_ req: Request, form: [String: String], chosen: (programmes: [String], territories: [String]),
                           errors: [String: String], status: HTTPResponseStatus) async throws -> Response {
        let user = try await req.require(.declareEmergency)
        let units = try await PayrollController.scopedUnits(req, user)
        return try await req.page("benefits/emergency-form", titleKey: "emergency.declare", status: status, FormContent(
            rules: rules.map { .init(value: $0.code, label: ruleLabel($0, req), selected: form["rule"] == $0.code) },
            action: AppRoute.emergencyNew.path, cancelHref: AppRoute.emergencies.path, form: form, errors: errors,
            programmes: Programme.byApplication.filter { $0.frequency == .monthly }.map {
                .init(value: $0.rawValue, label: req.t("programme.\($0.rawValue)"), selected: chosen.programmes.contains($0.rawValue)) },
            territories: units.map { .init(value: $0.code, label: $0.name(req.locale), selected: chosen.territories.contains($0.code)) }))
    }

    @Sendable package static func newForm(req: Request) async throws -> Response {
        let month = BenefitMonth(containing: CalendarDate.today).adding(months: 1).iso
        return try await renderForm(req, form: ["fromMonth": month, "toMonth": month, "kind": "percent", "measureKind": "vertical"],
                                    chosen: ([], []), errors: [:], status: .ok)
    }

    package struct DeclareForm: Content {
        package var measureKind: String?
        package var rule: String?
        package var name: String?
        package var programmes: [String]?
        package var territories: [String]?
        package var kind: String?
        package var value: String?
        package var fromMonth: String?
        package var toMonth: String?
    }

    @Sendable package static func declare(req: Request) async throws -> Response {
        try await req.require(.declareEmergency)
        let form = try req.content.decode(DeclareForm.self)
        let kept = ["name": form.name ?? "", "kind": form.kind ?? "", "value": form.value ?? "",
                    "measureKind": form.measureKind ?? "", "rule": form.rule ?? "",
                    "fromMonth": form.fromMonth ?? "", "toMonth": form.toMonth ?? ""]
        return try await req.submitForm(kept: kept, render: {
            try await renderForm(req, form: $0, chosen: (form.programmes ?? [], form.territories ?? []), errors: $1, status: $2)
        }) {
            _ = try await req.emergencies.declare(.init(measureKind: form.measureKind ?? "", rule: form.rule ?? "", name: form.name ?? "", programmes: form.programmes ?? [], territories: form.territories ?? [],
                                                        kind: form.kind ?? "", value: form.value ?? "", fromMonth: form.fromMonth ?? "",
                                                        toMonth: form.toMonth ?? ""))
            return .to(.emergencies, flash: "emergency.declared")
        }
    }

    @Sendable package static func end(req: Request) async throws -> Response {
        let user = try await req.require(.declareEmergency)
        guard let id = req.parameters.get("id", as: UUID.self), let measure = try await EmergencyMeasure.find(id, on: req.db),
              user.scope.kind == .national || measure.pathList.allSatisfy({ user.scope.contains(territoryPath: $0) }) else {
            throw AppError.notFound
        }
        try await req.emergencies.end(measure, expectedVersion: (try? req.content.get(Int.self, at: "version")) ?? -1)
        return req.redirect(to: .emergencies, flash: "emergency.ended")
    }
}
