import Fluent
import SQLKit
import GoldawPlatform
import GoldawRegistry
import GoldawSocialServices

/// Transfers between etraps, case conferences with each agency's actions, and best-interests
/// assessments.
package struct M032_CreateCaseTransfersConferences: GoldawMigration {
    package func prepare(on database: any Database) async throws {
        let text = DatabaseSetup.byteText(database)
        try await database.schema(CaseTransfer.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CaseRecord.schema, "id"))
            .field("from_path", text, .required)
            .field("to_territory_id", .uuid, .required, .references(Territory.schema, "id"))
            .field("to_path", text, .required)
            .field("reason", .string, .required)
            .field("status", .string, .required)
            .field("proposed_by", .uuid).field("proposed_by_name", .string).field("proposed_at", .datetime, .required)
            .field("decision_comment", .string).field("decided_by", .uuid).field("decided_by_name", .string).field("decided_at", .datetime)
            .field("version", .int, .required)
            .create()
        try await database.schema(CaseConference.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CaseRecord.schema, "id"))
            .field("held_on", .string, .required)
            .field("agencies", .string, .required)
            .field("participants", .string, .required)
            .field("decisions", .string, .required)
            .field("recorded_by", .uuid).field("recorded_by_name", .string).field("recorded_at", .datetime, .required)
            .create()
        try await database.schema(CaseConferenceAction.schema)
            .id()
            .field("conference_id", .uuid, .required, .references(CaseConference.schema, "id"))
            .field("position", .int, .required).field("agency", .string, .required)
            .field("action", .string, .required).field("due_on", .string, .required)
            .create()
        try await database.schema(CaseBestInterests.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CaseRecord.schema, "id"))
            .field("assessed_on", .string, .required)
            .field("decision_at_stake", .string, .required)
            .field("child_views", .string, .required)
            .field("family_views", .string, .required)
            .field("options", .string, .required)
            .field("recommendation", .string, .required)
            .field("recorded_by", .uuid).field("recorded_by_name", .string).field("recorded_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "case_transfers_case_idx").on(CaseTransfer.schema).column("case_id").column("status").run()
        try await sql.create(index: "case_transfers_incoming_idx").on(CaseTransfer.schema).column("status").column("to_path").run()
        try await sql.create(index: "case_conferences_case_idx").on(CaseConference.schema).column("case_id").run()
        try await sql.create(index: "case_conference_actions_idx").on(CaseConferenceAction.schema).column("conference_id").run()
        try await sql.create(index: "case_best_interests_case_idx").on(CaseBestInterests.schema).column("case_id").run()
    }

    package func revert(on database: any Database) async throws {
        for schema in [CaseBestInterests.schema, CaseConferenceAction.schema, CaseConference.schema, CaseTransfer.schema] {
            try await database.schema(schema).delete()
        }
    }

    package init() {}
}
