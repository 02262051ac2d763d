import Fluent
import SQLKit
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawSocialServices

/// Reports of a child at risk waiting for the etrap's supervisor before there is a case
/// (`case_intakes`). M052 is the children's complaints on the grievance desk, which send them.
package struct M053_CreateCaseIntakes: GoldawMigration {
    package func prepare(on database: any Database) async throws {
        try await database.schema(CaseIntake.schema)
            .id()
            .field("number", .string, .required)
            .field("source", .string, .required)
            .field("source_reference", .string)
            .field("text", .string, .required)
            .field("territory_id", .uuid, .references(Territory.schema, "id"))
            .field("territory_path", DatabaseSetup.byteText(database), .required)
            .field("received_at", .datetime, .required)
            .field("status", .string, .required)
            .field("case_id", .uuid, .references(CaseRecord.schema, "id"))
            .field("reason", .string)
            .field("decided_by", .uuid)
            .field("decided_by_name", .string)
            .field("decided_at", .datetime)
            .field("version", .int, .required)
            .unique(on: "number")
            .create()
        let sql = database as! any SQLDatabase
        // The supervisor's list and home card: waiting ones in scope, oldest first.
        try await sql.create(index: "case_intakes_queue_idx").on(CaseIntake.schema)
            .column("status").column("territory_path").column("received_at").run()
        try await sql.create(index: "case_intakes_case_idx").on(CaseIntake.schema).column("case_id").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(CaseIntake.schema).delete()
    }

    package init() {}
}
