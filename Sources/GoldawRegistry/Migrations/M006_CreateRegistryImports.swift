import Fluent
import SQLKit
import GoldawPlatform

package struct M006_CreateRegistryImports: GoldawMigration {
    package func prepare(on database: any Database) async throws {
        try await database.schema(RegistryImport.schema)
            .id()
            .field("filename", .string, .required)
            .field("content", .string, .required)
            .field("mode", .string, .required)
            .field("status", .string, .required)
            .field("report", .string, .required)
            .field("rows_total", .int, .required)
            .field("rows_valid", .int, .required)
            .field("households_saved", .int, .required)
            .field("people_saved", .int, .required)
            .field("uploaded_by", .uuid, .references(User.schema, "id"))
            .field("created_at", .datetime)
            .field("saved_at", .datetime)
            .create()
        try await (database as! any SQLDatabase).create(index: "registry_imports_user_idx")
            .on(RegistryImport.schema).column("uploaded_by").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(RegistryImport.schema).delete()
    }

    package init() {}
}
