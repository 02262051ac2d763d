import Fluent
import SQLKit
import GoldawPlatform
import GoldawRegistry

/// Alternative care: settings, carers, gatekeeping requests, commission sittings and decisions,
/// placement episodes with their reviews, family contact and reintegration.
package struct M048_CreateCare: GoldawMigration {
    package func prepare(on database: any Database) async throws {
        let path = DatabaseSetup.byteText(database)
        try await database.schema(CareSetting.schema)
            .id()
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("capacity", .int, .required)
            .field("age_from", .int, .required)
            .field("age_to", .int, .required)
            .field("takes_disability", .bool, .required)
            .field("ministry", .string, .required)
            .field("organisation_id", .uuid, .references(Organisation.schema, "id"))
            .field("territory_id", .uuid, .required, .references(Territory.schema, "id"))
            .field("territory_path", path, .required)
            .field("active", .bool, .required)
            .field("version", .int, .required)
            .create()
        try await database.schema(Carer.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id"))
            .field("kind", .string, .required)
            .field("status", .string, .required)
            .field("applied_on", .string, .required)
            .field("assessed_on", .string)
            .field("trained_on", .string)
            .field("approved_on", .string)
            .field("approval_number", .string)
            .field("approved_until", .string)
            .field("capacity", .int, .required)
            .field("note", .string)
            .field("territory_id", .uuid, .required, .references(Territory.schema, "id"))
            .field("territory_path", path, .required)
            .field("version", .int, .required)
            .create()
        try await database.schema(CareSitting.schema)
            .id()
            .field("number", .string, .required)
            .field("territory_id", .uuid, .required, .references(Territory.schema, "id"))
            .field("territory_path", path, .required)
            .field("held_on", .string, .required)
            .field("place", .string, .required)
            .field("status", .string, .required)
            .field("chair_id", .uuid, .references(User.schema, "id"))
            .field("closed_at", .datetime)
            .field("version", .int, .required)
            .unique(on: "number")
            .create()
        try await database.schema(CareRequest.schema)
            .id()
            .field("number", .string, .required)
            .field("child_id", .uuid, .required, .references(Person.schema, "id"))
            .field("case_id", .uuid)
            .field("case_number", .string)
            .field("worker_id", .uuid, .required, .references(User.schema, "id"))
            .field("territory_id", .uuid, .required, .references(Territory.schema, "id"))
            .field("territory_path", path, .required)
            .field("requested_type", .string, .required)
            .field("setting_id", .uuid, .references(CareSetting.schema, "id"))
            .field("carer_id", .uuid, .references(Carer.schema, "id"))
            .field("reasons", .string, .required)
            .field("assessed_on", .string, .required)
            .field("family_assessment", .string, .required)
            .field("child_views", .string, .required)
            .field("exception", .string)
            .field("exception_until", .string)
            .field("flagged", .bool, .required)
            .field("status", .string, .required)
            .field("sitting_id", .uuid, .references(CareSitting.schema, "id"))
            .field("created_at", .datetime, .required)
            .field("version", .int, .required)
            .unique(on: "number")
            .create()
        try await database.schema(CareAlternativeRow.schema)
            .id()
            .field("request_id", .uuid, .required, .references(CareRequest.schema, "id"))
            .field("option", .string, .required)
            .field("service_id", .uuid)
            .field("rejected_because", .string, .required)
            .unique(on: "request_id", "option")
            .create()
        try await database.schema(CareSittingMember.schema)
            .id()
            .field("sitting_id", .uuid, .required, .references(CareSitting.schema, "id"))
            .field("user_id", .uuid, .required, .references(User.schema, "id"))
            .field("present", .bool, .required)
            .unique(on: "sitting_id", "user_id")
            .create()
        try await database.schema(Placement.schema)
            .id()
            .field("child_id", .uuid, .required, .references(Person.schema, "id"))
            .field("care_type", .string, .required)
            .field("setting_id", .uuid, .references(CareSetting.schema, "id"))
            .field("carer_id", .uuid, .references(Carer.schema, "id"))
            .field("organisation_id", .uuid)
            .field("start_date", .string, .required)
            .field("end_date", .string)
            .field("decision_id", .uuid)
            .field("legal_basis", .string, .required)
            .field("reasons", .string, .required)
            .field("gatekept", .bool, .required)
            .field("exception", .string)
            .field("exception_until", .string)
            .field("siblings", .string, .required)
            .field("under_three", .bool, .required)
            .field("disability", .bool, .required)
            .field("next_review_on", .string, .required)
            .field("end_reason", .string)
            .field("destination", .string)
            .field("plan_goals", .string)
            .field("plan_contact", .string)
            .field("plan_school", .string)
            .field("plan_health", .string)
            .field("permanency_goal", .string)
            .field("plan_on", .string)
            .field("worker_id", .uuid, .references(User.schema, "id"))
            .field("territory_id", .uuid, .references(Territory.schema, "id"))
            .field("territory_path", path, .required)
            .field("created_at", .datetime, .required)
            .field("version", .int, .required)
            .create()
        try await database.schema(CareDecision.schema)
            .id()
            .field("sitting_id", .uuid, .required, .references(CareSitting.schema, "id"))
            .field("request_id", .uuid, .required, .references(CareRequest.schema, "id"))
            .field("outcome", .string, .required)
            .field("care_type", .string)
            .field("setting_id", .uuid, .references(CareSetting.schema, "id"))
            .field("carer_id", .uuid, .references(Carer.schema, "id"))
            .field("start_date", .string)
            .field("review_on", .string)
            .field("legal_basis", .string, .required)
            .field("reasoning", .string, .required)
            .field("child_heard", .bool, .required)
            .field("parents_heard", .bool, .required)
            .field("votes_for", .int, .required)
            .field("votes_against", .int, .required)
            .field("votes_abstain", .int, .required)
            .field("dissent", .string)
            .field("placement_id", .uuid, .references(Placement.schema, "id"))
            .field("decided_at", .datetime, .required)
            .field("decided_by", .uuid, .required)
            .create()
        try await database.schema(CareAppeal.schema)
            .id()
            .field("decision_id", .uuid, .required, .references(CareDecision.schema, "id"))
            .field("lodged_on", .string, .required)
            .field("lodged_by", .string, .required)
            .field("grounds", .string, .required)
            .field("outcome", .string)
            .field("decided_on", .string)
            .field("recorded_by", .uuid, .required)
            .create()
        try await database.schema(CareReview.schema)
            .id()
            .field("placement_id", .uuid, .required, .references(Placement.schema, "id"))
            .field("reviewed_on", .string, .required)
            .field("outcome", .string, .required)
            .field("child_views", .string, .required)
            .field("note", .string, .required)
            .field("next_due", .string, .required)
            .field("reviewer_id", .uuid, .required)
            .field("reviewer_name", .string, .required)
            .create()
        try await database.schema(CareContact.schema)
            .id()
            .field("placement_id", .uuid, .required, .references(Placement.schema, "id"))
            .field("contact_on", .string, .required)
            .field("kind", .string, .required)
            .field("with_whom", .string, .required)
            .field("note", .string, .required)
            .field("recorded_by", .uuid, .required)
            .field("recorded_by_name", .string, .required)
            .create()
        try await database.schema(Reintegration.schema)
            .id()
            .field("placement_id", .uuid, .required, .references(Placement.schema, "id"))
            .field("assessed_on", .string, .required)
            .field("assessment", .string, .required)
            .field("plan", .string, .required)
            .field("agreed_on", .string, .required)
            .field("returned_on", .string)
            .field("follow_up_until", .string)
            .field("version", .int, .required)
            .unique(on: "placement_id")
            .create()

        let sql = database as! any SQLDatabase
        // One index per query path: the child's episodes ("where tonight"), the scope's current
        // placements and reviews due, the setting's and the carer's children, the agenda, the
        // indicators' date ranges.
        let indexes: [(String, String, [String])] = [
            ("care_placements_child_idx", Placement.schema, ["child_id", "start_date"]),
            ("care_placements_scope_idx", Placement.schema, ["territory_path", "end_date"]),
            ("care_placements_review_idx", Placement.schema, ["next_review_on", "territory_path"]),
            ("care_placements_org_idx", Placement.schema, ["organisation_id", "end_date"]),
            ("care_placements_setting_idx", Placement.schema, ["setting_id", "end_date"]),
            ("care_placements_carer_idx", Placement.schema, ["carer_id", "end_date"]),
            ("care_placements_start_idx", Placement.schema, ["start_date", "territory_path"]),
            ("care_placements_end_idx", Placement.schema, ["end_date", "territory_path"]),
            ("care_requests_child_idx", CareRequest.schema, ["child_id"]),
            ("care_requests_scope_idx", CareRequest.schema, ["territory_path", "status"]),
            ("care_requests_sitting_idx", CareRequest.schema, ["sitting_id"]),
            ("care_sittings_scope_idx", CareSitting.schema, ["territory_path", "held_on"]),
            ("care_decisions_request_idx", CareDecision.schema, ["request_id"]),
            ("care_decisions_sitting_idx", CareDecision.schema, ["sitting_id"]),
            ("care_reviews_placement_idx", CareReview.schema, ["placement_id", "reviewed_on"]),
            ("care_contacts_placement_idx", CareContact.schema, ["placement_id", "contact_on"]),
            ("care_carers_scope_idx", Carer.schema, ["territory_path", "status"]),
            ("care_carers_person_idx", Carer.schema, ["person_id"]),
            ("care_settings_scope_idx", CareSetting.schema, ["territory_path"]),
            ("care_appeals_decision_idx", CareAppeal.schema, ["decision_id"]),
        ]
        for (name, table, columns) in indexes {
            var builder = sql.create(index: name).on(table)
            for column in columns { builder = builder.column(column) }
            try await builder.run()
        }
    }

    package func revert(on database: any Database) async throws {
        for schema in [Reintegration.schema, CareContact.schema, CareReview.schema, CareAppeal.schema, CareDecision.schema,
                       Placement.schema, CareSittingMember.schema, CareAlternativeRow.schema, CareRequest.schema,
                       CareSitting.schema, Carer.schema, CareSetting.schema] {
            try await database.schema(schema).delete()
        }
    }

    package init() {}
}
