import Fluent
import GoldawPlatform

/// A save runs in the background: what it counts towards and the heartbeat that says it runs.
package struct M047_AddImportProgress: GoldawMigration {
    package func prepare(on database: any Database) async throws {
        // One column a statement: SQLite adds one column per ALTER TABLE.
        try await database.schema(RegistryImport.schema).field("households_total", .int).update()
        try await database.schema(RegistryImport.schema).field("heartbeat_at", .datetime).update()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(RegistryImport.schema).deleteField("heartbeat_at").update()
        try await database.schema(RegistryImport.schema).deleteField("households_total").update()
    }

    package init() {}
}
