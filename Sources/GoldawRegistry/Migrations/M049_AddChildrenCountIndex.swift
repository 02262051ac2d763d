import Fluent
import SQLKit
import GoldawPlatform

/// Counting the children of a territory on a date (the care figures' denominator, per 100,000
/// children) reads persons by birth date; with the path, the merge and the death in the index the
/// count never visits the rows.
package struct M049_AddChildrenCountIndex: GoldawMigration {
    package func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).create(index: "persons_children_count_idx").on(Person.schema)
            .column("birth_date").column("territory_path").column("merged_into_id").column("death_date").run()
    }

    package func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "persons_children_count_idx").run()
    }

    package init() {}
}
