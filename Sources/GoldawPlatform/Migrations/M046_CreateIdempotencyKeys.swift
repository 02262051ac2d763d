import Fluent
import SQLKit

/// The answers kept for API writes sent with an Idempotency-Key (IdempotencyMiddleware).
package struct M046_CreateIdempotencyKeys: GoldawMigration {
    package func prepare(on database: any Database) async throws {
        try await database.schema(IdempotentRequest.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id"))
            .field("key", .string, .required)
            .field("request_hash", .string, .required)
            .field("state", .string, .required)
            .field("response_status", .int)
            .field("response_type", .string)
            .field("response_body", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "user_id", "key")
            .create()
        try await (database as! any SQLDatabase).create(index: "api_idempotency_keys_created_idx")
            .on(IdempotentRequest.schema).column("user_id").column("created_at").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(IdempotentRequest.schema).delete()
    }

    package init() {}
}
