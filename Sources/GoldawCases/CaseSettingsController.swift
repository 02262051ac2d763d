import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawSocialServices

/// The dated case settings: administrators see every deadline table and the consent bands in
/// force, and add a new deadline table from a date (never editing an old one, so a deadline
/// already set keeps the values it was computed with).
package enum CaseSettingsController {
    package static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.caseSettings), use: show)
        routes.post(AppRoute.components(.caseSettings), use: add)
    }

    package struct Table: Encodable {
        package let validFrom: String
        package let rows: [Row]

        package init(validFrom: String, rows: [Row]) {
            self.validFrom = validFrom
            self.rows = rows
        }
    }

    package struct Row: Encodable {
        package let risk: String
        package let hours: [String]

        package init(risk: String, hours: [String]) {
            self.risk = risk
            self.hours = hours
        }
    }

    package struct Band: Encodable {
        package let ages: String
        package let parties: String
    }

    package struct Input: Encodable {
        package let name: String
        package let label: String
        package let value: String
        package let error: String?
    }

    package struct InputRow: Encodable {
        package let risk: String
        package let inputs: [Input]
    }

    package struct Content: Encodable {
        package let kinds: [String]
        package let tables: [Table]
        package let bands: [Band]
        package let action: String
        package let validFrom: String
        package let validFromError: String?
        package let inputRows: [InputRow]
        package let message: String?

        package init(kinds: [String], tables: [Table], bands: [Band], action: String, validFrom: String, validFromError: String?, inputRows: [InputRow], message: String?) {
            self.kinds = kinds
            self.tables = tables
            self.bands = bands
            self.action = action
            self.validFrom = validFrom
            self.validFromError = validFromError
            self.inputRows = inputRows
            self.message = message
        }
    }

    package static func field(_ risk: RiskLevel, _ kind: DeadlineKind) -> String { "\(risk.rawValue)_\(kind.rawValue)" }

    package static func render(_ req: Request, form: [String: String], errors: [String: String], message: String? = nil,
                       status: HTTPResponseStatus = .ok) async throws -> Response {
        let rows = try await CaseDeadlineSetting.query(on: req.db).sort(\.$validFrom, .descending).all()
        let dates = Array(Set(rows.map(\.validFrom))).sorted(by: >)
        let tables = dates.map { date in
            Table(validFrom: DisplayFormat.date(iso: date), rows: RiskLevel.allCases.map { risk in
                Row(risk: req.t("case.risk.\(risk.rawValue)"), hours: DeadlineKind.allCases.map { kind in
                    rows.first { $0.validFrom == date && $0.riskLevel == risk.rawValue && $0.kind == kind.rawValue }.map { String($0.hours) } ?? "—"
                })
            })
        }
        let bands = try await req.cases.consentBands(on: .today).map {
            Band(ages: "\($0.minAge)–\($0.maxAge)", parties: $0.parties.map { req.t("case.party.\($0.rawValue)") }.joined(separator: " + "))
        }
        let inputRows = RiskLevel.allCases.map { risk in
            InputRow(risk: req.t("case.risk.\(risk.rawValue)"), inputs: DeadlineKind.allCases.map { kind in
                let name = field(risk, kind)
                return Input(name: name, label: req.t("case.risk.\(risk.rawValue)") + " · " + req.t("case.deadline.\(kind.rawValue)"),
                             value: form[name] ?? "", error: errors[name])
            })
        }
        return try await req.page("cases/settings", titleKey: "case.settings.title", status: status, Content(
            kinds: DeadlineKind.allCases.map { req.t("case.deadline.\($0.rawValue)") }, tables: tables, bands: bands,
            action: AppRoute.caseSettings.path, validFrom: form["validFrom"] ?? "", validFromError: errors["validFrom"],
            inputRows: inputRows, message: message))
    }

    @Sendable package static func show(req: Request) async throws -> Response {
        try await req.require(.manageCaseSettings)
        // The form starts from the table in force today.
        let current = try await req.cases.deadlineTable(on: .today)
        var form: [String: String] = ["validFrom": CalendarDate.today.adding(days: 1).display]
        for risk in RiskLevel.allCases {
            for kind in DeadlineKind.allCases { form[field(risk, kind)] = current.hours(risk, kind).map(String.init) ?? "" }
        }
        return try await render(req, form: form, errors: [:])
    }

    @Sendable package static func add(req: Request) async throws -> Response {
        try await req.require(.manageCaseSettings)
        let form = try req.content.decode([String: String].self)
        var errors: [String: String] = [:]
        var hours: [RiskLevel: [DeadlineKind: Int]] = [:]
        for risk in RiskLevel.allCases {
            for kind in DeadlineKind.allCases {
                let name = field(risk, kind)
                if let value = Int((form[name] ?? "").trimmingCharacters(in: .whitespaces)), value > 0, value <= 24 * 366 {
                    hours[risk, default: [:]][kind] = value
                } else {
                    errors[name] = req.t("validation.range")
                }
            }
        }
        let latest = try await CaseDeadlineSetting.query(on: req.db).sort(\.$validFrom, .descending).first()?.validFrom
        let validFrom = CalendarDate(userInput: form["validFrom"] ?? "")
        if validFrom == nil { errors["validFrom"] = req.t("validation.date") }
        else if validFrom! <= CalendarDate.today || (latest.map { validFrom!.iso <= $0 } ?? false) {
            errors["validFrom"] = req.t("case.settings.after_latest")
        }
        if errors.isEmpty, let validFrom {
            let table = DeadlineTable(validFrom: validFrom, hours: hours)
            if !table.problems.isEmpty {
                return try await render(req, form: form, errors: [:], message: req.t("case.settings.order"), status: .unprocessableEntity)
            }
            let audit = req.audit
            let values = hours
            try await req.db.writing { tx in
                for risk in RiskLevel.allCases {
                    for kind in DeadlineKind.allCases {
                        let row = CaseDeadlineSetting()
                        row.validFrom = validFrom.iso
                        row.riskLevel = risk.rawValue
                        row.kind = kind.rawValue
                        row.hours = values[risk]![kind]!
                        row.source = "added by an administrator"
                        try await row.create(on: tx)
                    }
                }
                try await audit.on(tx).record(.caseSettingsChanged, recordType: "case_deadline_settings", detail: "from \(validFrom.iso)")
            }
            return req.redirect(to: .caseSettings, flash: "case.flash.saved")
        }
        return try await render(req, form: form, errors: errors, status: .unprocessableEntity)
    }
}
