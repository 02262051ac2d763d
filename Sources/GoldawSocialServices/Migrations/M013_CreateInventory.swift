import Fluent
import SQLKit
import GoldawPlatform
import GoldawRegistry

/// Inventory rounds, their questions, the providers' responses and proposed directory changes.
package struct M013_CreateInventory: GoldawMigration {
    package func prepare(on database: any Database) async throws {
        try await database.schema(InventoryRound.schema)
            .id()
            .field("title", .string, .required)
            .field("status", .string, .required)
            .field("opened_on", .string)
            .field("closes_on", .string, .required)
            .field("created_by", .uuid)
            .field("created_at", .datetime)
            .field("version", .int, .required)
            .create()
        try await database.schema(InventoryQuestion.schema)
            .id()
            .field("round_id", .uuid, .required, .references(InventoryRound.schema, "id"))
            .field("position", .int, .required)
            .field("kind", .string, .required)
            .field("prompt", .string, .required)
            .field("required", .bool, .required)
            .field("choices", .string)
            .create()
        try await database.schema(InventoryResponse.schema)
            .id()
            .field("round_id", .uuid, .required, .references(InventoryRound.schema, "id"))
            .field("provider_id", .uuid, .required, .references(Provider.schema, "id"))
            .field("territory_path", DatabaseSetup.byteText(database), .required)
            .field("status", .string, .required)
            .field("submitted_at", .datetime, .required)
            .field("submitted_by", .uuid)
            .field("submitted_by_name", .string, .required)
            .field("reviewed_at", .datetime)
            .field("reviewed_by", .uuid)
            .field("review_note", .string)
            .field("version", .int, .required)
            .unique(on: "round_id", "provider_id")
            .create()
        try await database.schema(InventoryAnswer.schema)
            .id()
            .field("response_id", .uuid, .required, .references(InventoryResponse.schema, "id"))
            .field("question_id", .uuid, .required, .references(InventoryQuestion.schema, "id"))
            .field("territory_code", .string)
            .field("value", .string, .required)
            .create()
        try await database.schema(InventoryServiceUpdate.schema)
            .id()
            .field("response_id", .uuid, .required, .references(InventoryResponse.schema, "id"))
            .field("service_id", .uuid, .required, .references(SocialService.schema, "id"))
            .field("capacity", .int)
            .field("occupancy", .int, .required)
            .field("active", .bool, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "inventory_questions_round_idx").on(InventoryQuestion.schema).column("round_id").column("position").run()
        try await sql.create(index: "inventory_responses_status_idx").on(InventoryResponse.schema).column("round_id").column("status").run()
        try await sql.create(index: "inventory_answers_response_idx").on(InventoryAnswer.schema).column("response_id").run()
        try await sql.create(index: "inventory_answers_question_idx").on(InventoryAnswer.schema).column("question_id").run()
        try await sql.create(index: "inventory_updates_response_idx").on(InventoryServiceUpdate.schema).column("response_id").run()
    }

    package func revert(on database: any Database) async throws {
        for schema in [InventoryServiceUpdate.schema, InventoryAnswer.schema, InventoryResponse.schema, InventoryQuestion.schema, InventoryRound.schema] {
            try await database.schema(schema).delete()
        }
    }

    package init() {}
}
