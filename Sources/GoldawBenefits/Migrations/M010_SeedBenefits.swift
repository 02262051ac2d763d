import Fluent
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// The parameter values and rule versions Goldaw is installed with (reference/domain.md §3.2).
package struct M010_SeedBenefits: GoldawMigration {
    package func prepare(on database: any Database) async throws {
        for value in ParameterTable.seed {
            try await BenefitParameter(value, note: nil, by: nil).create(on: database)
        }
        for ruleSet in RuleSet.seed {
            try await BenefitRuleVersion(ruleSet, note: nil, by: nil).create(on: database)
        }
    }

    package func revert(on database: any Database) async throws {
        try await BenefitRuleVersion.query(on: database).delete()
        try await BenefitParameter.query(on: database).delete()
    }

    package init() {}
}
