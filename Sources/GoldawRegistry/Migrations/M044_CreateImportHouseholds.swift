import Fluent
import SQLKit
import GoldawPlatform

/// One row per household an import wrote, in the same transaction as the household: what a
/// save that was cut off had finished, so that saving again writes only the rest.
package struct M044_CreateImportHouseholds: GoldawMigration {
    package func prepare(on database: any Database) async throws {
        try await database.schema(RegistryImportHousehold.schema)
            .id()
            .field("import_id", .uuid, .required, .references(RegistryImport.schema, "id"))
            .field("household_key", .string, .required)
            .field("household_id", .uuid, .required, .references(Household.schema, "id"))
            .field("people_saved", .int, .required)
            .field("saved_at", .datetime, .required)
            // Two saves of one upload at once: the second insert of a household fails, and its
            // transaction (with the people it created) rolls back.
            .unique(on: "import_id", "household_key")
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(RegistryImportHousehold.schema).delete()
    }

    package init() {}
}
