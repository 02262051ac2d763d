import Fluent
import SQLKit
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// Referrals to services, their history, and the dated deadlines of each step.
package struct M012_CreateReferrals: GoldawMigration {
    /// The day the Law on Social Services came into force: the first deadlines apply from it.
    package static let deadlinesFrom = "2022-01-01"

    package func prepare(on database: any Database) async throws {
        let byte = DatabaseSetup.byteText(database)
        try await database.schema(Referral.schema)
            .id()
            .field("number", .string, .required)
            .field("person_id", .uuid, .required, .references(Person.schema, "id"))
            .field("service_id", .uuid, .required, .references(SocialService.schema, "id"))
            .field("provider_id", .uuid, .required, .references(Provider.schema, "id"))
            .field("territory_path", byte, .required)
            .field("urgency", .string, .required)
            .field("reason", .string, .required)
            .field("information", .string)
            .field("consent_by", .string)
            .field("consent_scope", .string)
            .field("consent_date", .string)
            .field("override_reason", .string)
            .field("override_by", .uuid)
            .field("source", .string, .required)
            .field("source_reference", .string)
            .field("case_id", .uuid)
            .field("status", .string, .required)
            .field("sent_on", .string, .required)
            .field("due_date", .string)
            .field("outcome", .string)
            .field("sender_id", .uuid)
            .field("sender_name", .string, .required)
            .field("version", .int, .required)
            .unique(on: "number")
            .create()
        try await database.schema(ReferralEvent.schema)
            .id()
            .field("referral_id", .uuid, .required, .references(Referral.schema, "id"))
            .field("kind", .string, .required)
            .field("from_status", .string)
            .field("to_status", .string, .required)
            .field("note", .string)
            .field("actor_id", .uuid)
            .field("actor_name", .string)
            .field("occurred_at", .datetime, .required)
            .create()
        try await database.schema(ReferralDeadline.schema)
            .id()
            .field("step", .string, .required)
            .field("urgency", .string, .required)
            .field("days", .int, .required)
            .field("valid_from", .string, .required)
            .unique(on: "step", "urgency", "valid_from")
            .create()
        for step in ReferralStep.allCases {
            for urgency in ReferralUrgency.allCases {
                try await ReferralDeadline(step: step, urgency: urgency, days: step.defaultDays(urgency), validFrom: Self.deadlinesFrom)
                    .create(on: database)
            }
        }

        let sql = database as! any SQLDatabase
        let indexes: [(String, [String])] = [
            ("referrals_provider_idx", ["provider_id", "status", "due_date"]),   // the provider's incoming list
            ("referrals_scope_idx", ["territory_path", "status", "due_date"]),   // the sender's list
            ("referrals_service_idx", ["service_id", "status"]),                 // occupancy and waiting list
            ("referrals_person_idx", ["person_id"]),
            ("referrals_sender_idx", ["sender_id", "status"]),
            ("referrals_case_idx", ["case_id"]),
        ]
        for (name, columns) in indexes {
            var builder = sql.create(index: name).on(Referral.schema)
            for column in columns { builder = builder.column(column) }
            try await builder.run()
        }
        try await sql.create(index: "referral_events_referral_idx").on(ReferralEvent.schema)
            .column("referral_id").column("occurred_at").run()
    }

    package func revert(on database: any Database) async throws {
        for schema in [ReferralDeadline.schema, ReferralEvent.schema, Referral.schema] {
            try await database.schema(schema).delete()
        }
    }

    package init() {}
}
