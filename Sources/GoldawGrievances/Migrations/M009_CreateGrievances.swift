import Fluent
import SQLKit
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawBenefits

/// Grievances and appeals. M007 and M008 are the benefits module's (built on another branch).
package struct M009_CreateGrievances: GoldawMigration {
    package func prepare(on database: any Database) async throws {
        try await database.schema(GrievanceCategoryRow.schema)
            .field("code", .string, .identifier(auto: false))
            .field("sla_days", .int, .required)
            .field("active", .bool, .required)
            .create()
        for category in GrievanceCategory.allCases {
            try await GrievanceCategoryRow(code: category.rawValue, slaDays: category.defaultSLADays).create(on: database)
        }
        try await database.schema(Grievance.schema)
            .id()
            .field("number", .string, .required)
            .field("tracking_code", DatabaseSetup.byteText(database), .required)
            .field("category", .string, .required, .references(GrievanceCategoryRow.schema, "code"))
            .field("channel", .string, .required)
            .field("complainant_name", .string, .required)
            .field("complainant_contact", .string)
            .field("person_id", .uuid, .references(Person.schema, "id"))
            .field("subject_kind", .string, .required)
            .field("subject_reference", DatabaseSetup.byteText(database))
            .field("description", .string, .required)
            .field("territory_id", .uuid, .references(Territory.schema, "id"))
            .field("territory_path", DatabaseSetup.byteText(database), .required)
            .field("status", .string, .required)
            .field("lodged_at", .datetime, .required)
            .field("sla_start", .string, .required)
            .field("due_date", .string, .required)
            .field("risk_date", .string, .required)
            .field("assigned_to", .uuid, .references(User.schema, "id"))
            .field("escalation_level", .int, .required)
            .field("resolution", .string)
            .field("resolved_at", .datetime)
            .field("appeal_reason", .string)
            .field("appealed_at", .datetime)
            .field("closed_at", .datetime)
            .field("created_by", .uuid)
            .field("version", .int, .required)
            .unique(on: "number")
            .unique(on: "tracking_code")
            .create()
        try await database.schema(GrievanceEvent.schema)
            .id()
            .field("grievance_id", .uuid, .required, .references(Grievance.schema, "id"))
            .field("kind", .string, .required)
            .field("from_status", .string)
            .field("to_status", .string, .required)
            .field("note", .string)
            .field("actor_id", .uuid)
            .field("actor_name", .string)
            .field("occurred_at", .datetime, .required)
            .create()

        let sql = database as! any SQLDatabase
        // One index per query path of the desk, the detail page and the API; number and
        // tracking code (the search box and the public page) have their unique indexes.
        let indexes: [(String, [String])] = [
            ("grievances_desk_idx", ["territory_path", "due_date"]),           // the desk: scope, most urgent first
            ("grievances_status_idx", ["status", "territory_path", "due_date"]),
            ("grievances_category_idx", ["category", "territory_path"]),
            ("grievances_due_idx", ["due_date", "status"]),                    // breached
            ("grievances_risk_idx", ["risk_date", "status"]),                  // at risk / on track
            ("grievances_assignee_idx", ["assigned_to", "status"]),
            ("grievances_subject_idx", ["subject_reference"]),                 // complaints about one application
            ("grievances_person_idx", ["person_id"]),
        ]
        for (name, columns) in indexes {
            var builder = sql.create(index: name).on(Grievance.schema)
            for column in columns { builder = builder.column(column) }
            try await builder.run()
        }
        try await sql.create(index: "grievance_events_grievance_idx").on(GrievanceEvent.schema)
            .column("grievance_id").column("occurred_at").run()
    }

    package func revert(on database: any Database) async throws {
        for schema in [GrievanceEvent.schema, Grievance.schema, GrievanceCategoryRow.schema] {
            try await database.schema(schema).delete()
        }
    }

    package init() {}
}
