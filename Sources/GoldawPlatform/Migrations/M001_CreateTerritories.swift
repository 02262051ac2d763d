import Fluent
import SQLKit

package struct M001_CreateTerritories: GoldawMigration {
    package func prepare(on database: any Database) async throws {
        try await database.schema(Territory.schema)
            .id()
            .field("code", .string, .required)
            .field("iso_code", .string)
            .field("level", .string, .required)
            .field("parent_id", .uuid, .references(Territory.schema, "id"))
            .field("statistics_parent_code", .string)
            .field("path", DatabaseSetup.byteText(database), .required)
            .field("name_tk", .string, .required)
            .field("name_ru", .string, .required)
            .field("name_en", .string, .required)
            .field("valid_from", .string, .required)
            .field("valid_to", .string)
            .field("version", .int, .required)
            .unique(on: "code")
            .create()
        try await database.schema(TerritoryChangeRecord.schema)
            .id()
            .field("kind", .string, .required)
            .field("effective_date", .string, .required)
            .field("from_territory_id", .uuid, .references(Territory.schema, "id"))
            .field("to_territory_id", .uuid, .references(Territory.schema, "id"))
            .field("source", .string, .required)
            .field("recorded_by", .uuid)
            .field("created_at", .datetime)
            .create()
        let sql = database as! any SQLDatabase
        // Scope checks filter by path prefix; the tree page walks parents.
        try await sql.create(index: "territories_path_idx").on(Territory.schema).column("path").run()
        try await sql.create(index: "territories_parent_idx").on(Territory.schema).column("parent_id").run()
        try await sql.create(index: "territory_changes_from_idx").on(TerritoryChangeRecord.schema).column("from_territory_id").run()
        try await sql.create(index: "territory_changes_to_idx").on(TerritoryChangeRecord.schema).column("to_territory_id").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(TerritoryChangeRecord.schema).delete()
        try await database.schema(Territory.schema).delete()
    }

    package init() {}
}
