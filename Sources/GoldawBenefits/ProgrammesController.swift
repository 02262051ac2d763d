import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// Programmes with their dated parameters and rule versions; administrators add new values
/// and versions (never edit old ones).
package enum ProgrammesController {
    package static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.programmes), use: show)
        routes.get(AppRoute.components(.parameterNew), use: parameterForm)
        routes.post(AppRoute.components(.parameterNew), use: addParameter)
        routes.get(AppRoute.components(.rulesNew), use: rulesForm)
        routes.post(AppRoute.components(.rulesNew), use: addRules)
    }

    package struct ValueRow: Encodable {
        package let validFrom: String
        package let value: String
        package let toBeConfirmed: Bool
        package let note: String?
        package let current: Bool
    }

    package struct ParameterRow: Encodable {
        package let key: String
        package let label: String
        package let values: [ValueRow]
    }

    package struct VersionRow: Encodable {
        package let validFrom: String
        package let rules: [String]
        package let current: Bool
    }

    package struct ProgrammeBlock: Encodable {
        package let code: String
        package let name: String
        package let frequency: String
        package let documents: [String]
        package let parameters: [ParameterRow]
        package let versions: [VersionRow]
        package let rulesJSON: String
    }

    package struct PageContent: Encodable {
        package let common: [ParameterRow]
        package let programmes: [ProgrammeBlock]
        package let unconfirmed: [String]
        package let parameterHref: String?
        package let rulesHref: String?
        package let childCareRule: String
    }

    package struct FormContent: Encodable {
        package let action: String
        package let cancelHref: String
        package let keys: [BenefitsViews.Option]
        package let programmes: [BenefitsViews.Option]
        package let form: [String: String]
        package let errors: [String: String]

        package init(action: String, cancelHref: String, keys: [BenefitsViews.Option], programmes: [BenefitsViews.Option], form: [String: String], errors: [String: String]) {
            self.action = action
            self.cancelHref = cancelHref
            self.keys = keys
            self.programmes = programmes
            self.form = form
            self.errors = errors
        }
    }

    package static func describe(_ rule: EligibilityRule, _ req: Request) -> String {
        let label = req.t("eligibility.rule.\(rule.name)")
        switch rule {
        case .age(let min, let under):
            return label + ": " + req.t("eligibility.describe.age", ["min": String(min ?? 0), "under": under.map(String.init) ?? "—"])
        case .ageBySex(let women, let men):
            return label + ": " + req.t("eligibility.describe.age_by_sex", ["women": String(women), "men": String(men)])
        case .applicantIs(let relations):
            return label + ": " + relations.map { req.t("benefits.relation.\($0.rawValue)") }.joined(separator: ", ")
        default:
            return label
        }
    }

    package static func render(_ req: Request) async throws -> Response {
        let user = try await req.require(.viewBenefitRules)
        let catalog = req.benefitsCatalog
        let table = try await catalog.parameters()
        let today = CalendarDate.today
        let notes = Dictionary(try await BenefitParameter.query(on: req.db).all().map { ("\($0.key)@\($0.validFrom)", $0.note ?? "") },
                               uniquingKeysWith: { a, _ in a })
        func row(_ key: ParameterKey) -> ParameterRow {
            let current = table.value(key, on: today)
            return ParameterRow(key: key.rawValue, label: req.t("parameter.\(key.rawValue)"), values: table.history(key).map { v in
                ValueRow(validFrom: v.validFrom.display,
                         value: key == .childCareMonthRule ? req.t("parameter.month_rule.\(v.value)") : BenefitsCatalog.display(v.value, unit: key.unit),
                         toBeConfirmed: v.toBeConfirmed, note: notes["\(key.rawValue)@\(v.validFrom.iso)"].flatMap { $0.isEmpty ? nil : $0 }, current: v == current)
            })
        }
        var blocks: [ProgrammeBlock] = []
        for programme in Programme.allCases {
            let versions = try await catalog.ruleVersions(programme)
            let current = RuleSet.current(versions, on: today)
            let json = current.flatMap { try? String(decoding: JSONEncoder().encode($0.rules), as: UTF8.self) } ?? "[]"
            blocks.append(ProgrammeBlock(
                code: programme.rawValue, name: req.t("programme.\(programme.rawValue)"),
                frequency: req.t("programme.frequency.\(programme.frequency.rawValue)"),
                documents: programme.documents.map { req.t("document.\($0.rawValue)") },
                parameters: ParameterKey.allCases.filter { $0.programme == programme }.map(row),
                versions: versions.reversed().map { VersionRow(validFrom: $0.validFrom.display, rules: $0.rules.map { describe($0, req) }, current: $0 == current) },
                rulesJSON: json))
        }
        let unconfirmed = ParameterKey.allCases.filter { table.value($0, on: today)?.toBeConfirmed == true }
            .map { key in (key.programme.map { req.t("programme.\($0.rawValue)") + ": " } ?? "") + req.t("parameter.\(key.rawValue)") }
        let manage = AccessPolicy.allows(user.role, .manageBenefitRules)
        return try await req.page("benefits/programmes", titleKey: "programmes.title", PageContent(
            common: ParameterKey.allCases.filter { $0.programme == nil }.map(row), programmes: blocks, unconfirmed: unconfirmed,
            parameterHref: manage ? AppRoute.parameterNew.path : nil, rulesHref: manage ? AppRoute.rulesNew.path : nil,
            childCareRule: req.t("programmes.child_care_rule")))
    }

    package static func renderForm(_ req: Request, rules: Bool, form: [String: String], errors: [String: String],
                           status: HTTPResponseStatus) async throws -> Response {
        try await req.require(.manageBenefitRules)
        return try await req.page(rules ? "benefits/rules-form" : "benefits/parameter-form",
                                  titleKey: rules ? "programmes.add_rules" : "programmes.add_value", status: status, FormContent(
            action: (rules ? AppRoute.rulesNew : AppRoute.parameterNew).path, cancelHref: AppRoute.programmes.path,
            keys: ParameterKey.allCases.map { .init(value: $0.rawValue, label: req.t("parameter.\($0.rawValue)") + " (\($0.rawValue))", selected: form["key"] == $0.rawValue) },
            programmes: BenefitsViews.programmes(req, selected: form["programme"]), form: form, errors: errors))
    }

    @Sendable package static func parameterForm(req: Request) async throws -> Response {
        try await renderForm(req, rules: false, form: [:], errors: [:], status: .ok)
    }

    /// The form starts from the current version of the chosen programme's rules.
    @Sendable package static func rulesForm(req: Request) async throws -> Response {
        try await req.require(.manageBenefitRules)
        let programme = (try? req.query.get(String.self, at: "programme")).flatMap(Programme.init(rawValue:)) ?? .childCare
        let current = try await req.benefitsCatalog.rules(programme, on: CalendarDate.today)
        let json = current.flatMap { try? String(decoding: JSONEncoder().encode($0.rules), as: UTF8.self) } ?? "[]"
        return try await renderForm(req, rules: true, form: ["programme": programme.rawValue, "rules": json], errors: [:], status: .ok)
    }

    @Sendable package static func show(req: Request) async throws -> Response {
        try await render(req)
    }

    package struct ParameterForm: Content {
        package var key: String?
        package var validFrom: String?
        package var value: String?
        package var toBeConfirmed: String?
        package var note: String?
    }

    @Sendable package static func addParameter(req: Request) async throws -> Response {
        try await req.require(.manageBenefitRules)
        let form = try req.content.decode(ParameterForm.self)
        let kept = ["key": form.key ?? "", "validFrom": form.validFrom ?? "", "value": form.value ?? "",
                    "note": form.note ?? "", "toBeConfirmed": form.toBeConfirmed ?? ""]
        return try await req.submitForm(kept: kept, render: { try await renderForm(req, rules: false, form: $0, errors: $1, status: $2) }) {
            _ = try await req.benefitsCatalog.addParameter(key: form.key ?? "", validFrom: form.validFrom ?? "", value: form.value ?? "",
                                                           toBeConfirmed: form.toBeConfirmed == "1", note: form.note ?? "")
            return .to(.programmes, flash: "programmes.parameter_saved")
        }
    }

    package struct RulesForm: Content {
        package var programme: String?
        package var validFrom: String?
        package var rules: String?
        package var note: String?
    }

    @Sendable package static func addRules(req: Request) async throws -> Response {
        try await req.require(.manageBenefitRules)
        let form = try req.content.decode(RulesForm.self)
        var kept: [String: String] = [:]
        kept["programme"] = form.programme ?? ""
        kept["validFrom"] = form.validFrom ?? ""
        kept["rules"] = form.rules ?? ""
        kept["note"] = form.note ?? ""
        var problems: [FieldProblem] = []
        let programme = Programme(rawValue: form.programme ?? "")
        if programme == nil { problems.append(.init(field: "programme", key: "validation.choose")) }
        let from = CalendarDate(userInput: form.validFrom ?? "")
        if from == nil { problems.append(.init(field: "validFrom", key: "validation.date")) }
        let rules = try? JSONDecoder().decode([EligibilityRule].self, from: Data((form.rules ?? "").utf8))
        if rules == nil { problems.append(.init(field: "rules", key: "programmes.rules_invalid")) }
        return try await req.submitForm(kept: kept, render: { try await renderForm(req, rules: true, form: $0, errors: $1, status: $2) }) {
            guard problems.isEmpty, let programme, let from, let rules else { throw AppError.invalid(problems) }
            _ = try await req.benefitsCatalog.addRuleVersion(RuleSet(programme: programme, validFrom: from, rules: rules), note: form.note ?? "")
            return .to(.programmes, flash: "programmes.rules_saved")
        }
    }
}
