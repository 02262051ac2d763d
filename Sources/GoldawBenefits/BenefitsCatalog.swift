import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// Programmes' parameter values and rule versions: reading them for a computation, and adding
/// new dated ones. Nothing here edits or deletes a value once it is saved.
package struct BenefitsCatalog {
    package let db: any Database
    package let actor: CurrentUser?
    package let audit: AuditService

    package func parameters() async throws -> ParameterTable {
        ParameterTable(try await BenefitParameter.query(on: db).all().compactMap(\.core))
    }

    package func ruleVersions(_ programme: Programme) async throws -> [RuleSet] {
        try await BenefitRuleVersion.query(on: db).filter(\.$programme == programme.rawValue)
            .sort(\.$validFrom).all().compactMap(\.core)
    }

    package func rules(_ programme: Programme, on date: CalendarDate) async throws -> RuleSet? {
        RuleSet.current(try await ruleVersions(programme), on: date)
    }

    /// Adds a value from a date after every existing one of the same key (so no period is
    /// rewritten and payrolls already computed keep the value they froze).
    package func addParameter(key raw: String, validFrom: String, value raw2: String, toBeConfirmed: Bool, note: String) async throws -> BenefitParameter {
        var problems: [FieldProblem] = []
        let key = ParameterKey(rawValue: raw)
        if key == nil { problems.append(.init(field: "key", key: "validation.choose")) }
        let from = CalendarDate(userInput: validFrom)
        if from == nil { problems.append(.init(field: "validFrom", key: "validation.date")) }
        let value = key.flatMap { Self.parseValue(raw2, unit: $0.unit) }
        if key != nil && value == nil { problems.append(.init(field: "value", key: "benefits.parameter.bad_value")) }
        if let from, from.day != 1 { problems.append(.init(field: "validFrom", key: "benefits.parameter.first_day")) }
        guard problems.isEmpty, let key, let from, let value else { throw AppError.invalid(problems) }
        let new = ParameterValue(key: key, validFrom: from, value: value, toBeConfirmed: toBeConfirmed)
        switch try await parameters().check(new) {
        case .valueOutOfRange?: throw AppError.invalid([.init(field: "value", key: "benefits.parameter.bad_value")])
        case .overlaps?: throw AppError.invalid([.init(field: "validFrom", key: "benefits.parameter.overlaps")])
        case nil: break
        }
        // A month already computed keeps its amounts: a value may not start in or before it.
        if let last = try await PayrollCycle.query(on: db).filter(\.$status != PayrollStatus.draft.rawValue)
            .sort(\.$month, .descending).first(), let month = BenefitMonth(iso: last.month), from <= month.lastDay {
            throw AppError.invalid([.init(field: "validFrom", key: "benefits.parameter.computed")])
        }
        let row = BenefitParameter(new, note: note.trimmingCharacters(in: .whitespaces).isEmpty ? nil : note, by: actor?.id)
        try await db.writing { tx in
            try await row.create(on: tx)
            try await audit.on(tx).record(.benefitParameterAdded, recordType: "benefit_parameter", recordID: row.id?.uuidString,
                                          detail: "\(key.rawValue)=\(value) from \(from.iso)")
        }
        return row
    }

    /// Money as "390" or "390,50" manat; percentages as "75" or "7,5"; other units as integers.
    package static func parseValue(_ raw: String, unit: ParameterKey.Unit) -> Int64? {
        let text = raw.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "")
            .replacingOccurrences(of: ",", with: ".").replacingOccurrences(of: "%", with: "")
        switch unit {
        case .money, .percent:
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), parts[0].count <= 12, let whole = Int64(parts[0]), whole >= 0,
                  parts.count == 1 || (parts[1].count <= 2 && parts[1].allSatisfy(\.isNumber)) else { return nil }
            var fraction = parts.count == 2 ? String(parts[1]) : "0"
            while fraction.count < 2 { fraction += "0" }
            return whole * 100 + Int64(fraction)!
        case .years, .monthOfYear, .rule:
            return text.count <= 6 ? Int64(text) : nil
        }
    }

    /// The value as people write it: "390,00 TMT", "75 %", "3".
    package static func display(_ value: Int64, unit: ParameterKey.Unit) -> String {
        switch unit {
        case .money: return Money(tenne: value).formatted
        case .percent:
            let cents = value % 100
            return "\(value / 100)" + (cents == 0 ? "" : "," + (cents < 10 ? "0\(cents)" : "\(cents)")) + " %"
        case .years, .monthOfYear, .rule: return String(value)
        }
    }

    /// A new version of a programme's rules from a date after the current one.
    package func addRuleVersion(_ set: RuleSet, note: String) async throws -> BenefitRuleVersion {
        let versions = try await ruleVersions(set.programme)
        if let last = versions.last, last.validFrom >= set.validFrom {
            throw AppError.invalid([.init(field: "validFrom", key: "benefits.parameter.overlaps")])
        }
        if set.rules.isEmpty { throw AppError.invalid([.init(field: "rules", key: "validation.required")]) }
        let row = BenefitRuleVersion(set, note: note.isEmpty ? nil : note, by: actor?.id)
        try await db.writing { tx in
            try await row.create(on: tx)
            try await audit.on(tx).record(.benefitRulesAdded, recordType: "benefit_rules", recordID: row.id?.uuidString,
                                          detail: set.version)
        }
        return row
    }

    package init(db: any Database, actor: CurrentUser?, audit: AuditService) {
        self.db = db
        self.actor = actor
        self.audit = audit
    }
}
