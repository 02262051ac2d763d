import Fluent
import SQLKit

package struct M003_CreateAccounts: GoldawMigration {
    package func prepare(on database: any Database) async throws {
        try await database.schema(Organisation.schema)
            .id()
            .field("name", .string, .required)
            .field("territory_id", .uuid, .required, .references(Territory.schema, "id"))
            .field("created_at", .datetime)
            .field("version", .int, .required)
            .create()
        try await database.schema(User.schema)
            .id()
            .field("username", .string, .required)
            .field("full_name", .string, .required)
            .field("password_hash", .string, .required)
            .field("role", .string, .required)
            .field("scope_kind", .string, .required)
            .field("territory_id", .uuid, .references(Territory.schema, "id"))
            .field("organisation_id", .uuid, .references(Organisation.schema, "id"))
            .field("locale", .string, .required)
            .field("must_change_password", .bool, .required)
            .field("is_active", .bool, .required)
            .field("failed_attempts", .int, .required)
            .field("locked_until", .datetime)
            .field("last_login_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .field("version", .int, .required)
            .unique(on: "username")
            .create()
        try await database.schema(UserSession.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references(User.schema, "id"))
            .field("csrf_token", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("ended_at", .datetime)
            .field("client_ip", .string)
            .unique(on: "token_hash")
            .create()
        try await database.schema(APIToken.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references(User.schema, "id"))
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .field("client_ip", .string)
            .unique(on: "token_hash")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "users_territory_idx").on(User.schema).column("territory_id").run()
        try await sql.create(index: "users_organisation_idx").on(User.schema).column("organisation_id").run()
        try await sql.create(index: "user_sessions_user_idx").on(UserSession.schema).column("user_id").run()
        try await sql.create(index: "api_tokens_user_idx").on(APIToken.schema).column("user_id").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(APIToken.schema).delete()
        try await database.schema(UserSession.schema).delete()
        try await database.schema(User.schema).delete()
        try await database.schema(Organisation.schema).delete()
    }

    package init() {}
}
