import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// Pieces several benefits pages share: explained eligibility, options and labels.
package enum BenefitsViews {
    package typealias Option = TerritoryController.Option

    package struct RuleRow: Encodable {
        package let rule: String
        package let passed: Bool
        package let because: String
    }

    /// Each rule, whether it passed, and why, in the reader's language.
    package static func rules(_ decision: EligibilityDecision?, _ req: Request) -> [RuleRow] {
        (decision?.outcomes ?? []).map { outcome in
            var arguments = outcome.arguments
            if let relation = arguments["relation"] { arguments["relation"] = req.t("benefits.relation.\(relation)") }
            return RuleRow(rule: req.t("eligibility.rule.\(outcome.rule.name)"), passed: outcome.passed,
                           because: req.t(outcome.reason, arguments))
        }
    }

    package static func programmes(_ req: Request, selected: String?, only: [Programme] = Programme.byApplication) -> [Option] {
        req.options(only, prefix: "programme.", selected: selected ?? "")
    }

    package static func channels(_ req: Request, selected: String?) -> [Option] {
        req.options(PaymentChannel.allCases, prefix: "payment.channel.", selected: selected ?? "")
    }

    package struct DocumentBox: Encodable {
        package let value: String
        package let label: String
        package let checked: Bool
        /// Which programmes ask for it, shown as a hint.
        package let programmes: String?
    }

    package static func documents(_ req: Request, checked: Set<String>, programme: Programme?) -> [DocumentBox] {
        let shown = programme.map(\.documents) ?? BenefitDocument.allCases
        return shown.map { document in
            DocumentBox(value: document.rawValue, label: req.t("document.\(document.rawValue)"), checked: checked.contains(document.rawValue),
                        programmes: Programme.conditionalDocuments.contains(document) ? req.t("benefits.document_if_guardian") : nil)
        }
    }

    /// Names of territories by path, for tables grouped by territory.
    package static func territoryNames(_ paths: [String], _ req: Request) async throws -> [String: String] {
        guard !paths.isEmpty else { return [:] }
        let rows = try await Territory.query(on: req.db).filter(\.$path ~~ Array(Set(paths))).all()
        return Dictionary(rows.map { ($0.path, $0.name(req.locale)) }, uniquingKeysWith: { first, _ in first })
    }

    /// A person in the user's scope by readable number, or nil.
    package static func person(number raw: String, _ req: Request, _ user: CurrentUser) async throws -> Person? {
        let number = raw.trimmingCharacters(in: .whitespaces).uppercased()
        guard !number.isEmpty, let person = try await Person.query(on: req.db).filter(\.$number == number)
            .filter(\.$mergedIntoID == nil).first() else { return nil }
        return user.scope.contains(territoryPath: person.territoryPath) ? person : nil
    }

    package static func money(_ tenne: Int64) -> String { Money(tenne: tenne).formatted }
}
