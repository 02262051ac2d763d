import Fluent

/// A migration of any Goldaw target.
///
/// Fluent records each applied migration by name in `_fluent_migrations`, and its default name
/// carries the Swift module ("GoldawApp.M008_CreateBenefits"). Every migration up to M042 was
/// applied under the module `GoldawApp`, before the domains became targets of their own; a
/// database migrated then must not see them as new and run them again. So every migration keeps
/// the name it would have had in one module, whichever target holds it now.
package protocol GoldawMigration: AsyncMigration {}

extension GoldawMigration {
    package var name: String { "GoldawApp." + String(describing: Self.self) }
}
