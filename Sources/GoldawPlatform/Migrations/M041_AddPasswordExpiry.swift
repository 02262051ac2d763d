import Fluent

/// A one-time password (set at creation or by a reset) works until this moment only.
package struct M041_AddPasswordExpiry: GoldawMigration {
    package func prepare(on database: any Database) async throws {
        try await database.schema(User.schema).field("password_expires_at", .datetime).update()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(User.schema).deleteField("password_expires_at").update()
    }

    package init() {}
}
