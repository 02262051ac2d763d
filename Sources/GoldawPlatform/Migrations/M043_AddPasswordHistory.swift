import Fluent

/// The passwords a user had before, so that changing a password cannot go back to an old one.
package struct M043_AddPasswordHistory: GoldawMigration {
    package func prepare(on database: any Database) async throws {
        try await database.schema(User.schema).field("previous_password_hashes", .string).update()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(User.schema).deleteField("previous_password_hashes").update()
    }

    package init() {}
}
