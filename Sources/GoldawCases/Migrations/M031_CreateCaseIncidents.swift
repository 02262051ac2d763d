import Fluent
import SQLKit
import GoldawPlatform
import GoldawRegistry
import GoldawSocialServices

/// Violence incidents linked to a case. Appended, never edited: a correction is a new record.
package struct M031_CreateCaseIncidents: GoldawMigration {
    package func prepare(on database: any Database) async throws {
        try await database.schema(CaseIncident.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CaseRecord.schema, "id"))
            .field("type", .string, .required)
            .field("occurred_on", .string, .required)
            .field("place", .string, .required)
            .field("perpetrator_relationship", .string, .required)
            .field("perpetrator_name", .string)
            .field("reported_to", .string, .required)
            .field("medical_follow_up", .string)
            .field("legal_follow_up", .string)
            .field("recorded_by", .uuid)
            .field("recorded_by_name", .string)
            .field("recorded_at", .datetime, .required)
            .create()
        try await (database as! any SQLDatabase).create(index: "case_incidents_case_idx").on(CaseIncident.schema)
            .column("case_id").column("occurred_on").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(CaseIncident.schema).delete()
    }

    package init() {}
}
