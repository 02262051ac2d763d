import Fluent
import Foundation
import SQLKit
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// Justice for children: records of children in conflict with the law and their steps, places of
/// detention and interview rooms with inspections, child victims and witnesses with interviews,
/// the dated limits and the national policy facts.
package struct M050_CreateJustice: GoldawMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        let path = DatabaseSetup.byteText(database)
        try await database.schema(JusticePlace.schema)
            .id()
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("organisation_id", .uuid, .references(Organisation.schema, "id"))
            .field("capacity", .int, .required)
            .field("separates_adults", .bool, .required)
            .field("complaints_mechanism", .bool, .required)
            .field("territory_id", .uuid, .references(Territory.schema, "id"))
            .field("territory_path", path, .required)
            .field("active", .bool, .required)
            .field("version", .int, .required)
            .create()
        try await database.schema(JusticeRecord.schema)
            .id()
            .field("number", .string, .required)
            .field("child_id", .uuid, .required, .references(Person.schema, "id"))
            .field("territory_id", .uuid, .references(Territory.schema, "id"))
            .field("territory_path", path, .required)
            .field("case_id", .uuid)
            .field("apprehended_at", .datetime, .required)
            .field("apprehension_place", .string, .required)
            .field("apprehended_by", .string, .required)
            .field("offence", .string, .required)
            .field("offence_on", .string, .required)
            .field("offence_note", .string, .required)
            .field("age_at_offence", .int, .required)
            .field("parents_notified_at", .datetime)
            .field("appropriate_adult", .string)
            .field("lawyer_at", .datetime)
            .field("social_worker_informed_at", .datetime)
            .field("social_worker_id", .uuid, .references(User.schema, "id"))
            .field("in_custody", .bool, .required)
            .field("custody_ended_at", .datetime)
            .field("decision", .string)
            .field("decision_on", .string)
            .field("decision_note", .string)
            .field("court_outcome", .string)
            .field("court_on", .string)
            .field("sentence", .string)
            .field("sentence_months", .int)
            .field("aftercare_plan", .string)
            .field("aftercare_on", .string)
            .field("aftercare_until", .string)
            .field("aftercare_worker_id", .uuid, .references(User.schema, "id"))
            .field("status", .string, .required)
            .field("officer_id", .uuid)
            .field("created_at", .datetime, .required)
            .field("version", .int, .required)
            .unique(on: "number")
            .create()
        try await database.schema(Diversion.schema)
            .id()
            .field("record_id", .uuid, .required, .references(JusticeRecord.schema, "id"))
            .field("kind", .string, .required)
            .field("conditions", .string, .required)
            .field("provider", .string, .required)
            .field("service_id", .uuid)
            .field("starts_on", .string, .required)
            .field("by_commission", .bool, .required)
            .field("outcome", .string)
            .field("outcome_on", .string)
            .field("outcome_note", .string)
            .field("decided_by", .uuid, .required)
            .field("version", .int, .required)
            .create()
        try await database.schema(PretrialOrder.schema)
            .id()
            .field("record_id", .uuid, .required, .references(JusticeRecord.schema, "id"))
            .field("measure", .string, .required)
            .field("order_reference", .string, .required)
            .field("order_date", .string)
            .field("starts_on", .string, .required)
            .field("ends_on", .string)
            .field("next_review_on", .string)
            .field("last_review_on", .string)
            .field("territory_path", path, .required)
            .field("version", .int, .required)
            .create()
        try await database.schema(Detention.schema)
            .id()
            .field("record_id", .uuid, .required, .references(JusticeRecord.schema, "id"))
            .field("place_id", .uuid, .required, .references(JusticePlace.schema, "id"))
            .field("organisation_id", .uuid)
            .field("kind", .string, .required)
            .field("admitted_at", .datetime, .required)
            .field("separated", .bool, .required)
            .field("released_at", .datetime)
            .field("release_kind", .string)
            .field("territory_path", path, .required)
            .field("version", .int, .required)
            .create()
        try await database.schema(JusticeEntry.schema)
            .id()
            .field("record_id", .uuid, .required, .references(JusticeRecord.schema, "id"))
            .field("detention_id", .uuid, .references(Detention.schema, "id"))
            .field("kind", .string, .required)
            .field("entry_on", .string, .required)
            .field("note", .string, .required)
            .field("by_name", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(JusticeEvent.schema)
            .id()
            .field("record_id", .uuid, .required, .references(JusticeRecord.schema, "id"))
            .field("kind", .string, .required)
            .field("note", .string, .required)
            .field("actor_name", .string, .required)
            .field("occurred_at", .datetime, .required)
            .create()
        try await database.schema(Inspection.schema)
            .id()
            .field("place_id", .uuid, .required, .references(JusticePlace.schema, "id"))
            .field("inspected_on", .string, .required)
            .field("inspector", .string, .required)
            .field("independent", .bool, .required)
            .field("findings", .string, .required)
            .field("follow_up", .string, .required)
            .field("territory_path", path, .required)
            .field("recorded_by", .uuid, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(ChildWitness.schema)
            .id()
            .field("number", .string, .required)
            .field("child_id", .uuid, .required, .references(Person.schema, "id"))
            .field("role", .string, .required)
            .field("record_id", .uuid, .references(JusticeRecord.schema, "id"))
            .field("case_id", .uuid)
            .field("matter", .string, .required)
            .field("support", .string, .required)
            .field("informed_on", .string)
            .field("information", .string, .required)
            .field("worker_id", .uuid, .references(User.schema, "id"))
            .field("territory_id", .uuid, .references(Territory.schema, "id"))
            .field("territory_path", path, .required)
            .field("created_at", .datetime, .required)
            .field("version", .int, .required)
            .unique(on: "number")
            .create()
        try await database.schema(Interview.schema)
            .id()
            .field("witness_id", .uuid, .required, .references(ChildWitness.schema, "id"))
            .field("ordinal", .int, .required)
            .field("status", .string, .required)
            .field("held_at", .datetime)
            .field("room_id", .uuid, .references(JusticePlace.schema, "id"))
            .field("interviewer", .string, .required)
            .field("trained", .bool, .required)
            .field("protocol", .string, .required)
            .field("observers", .string, .required)
            .field("recording", .string, .required)
            .field("support_person", .string, .required)
            .field("interpreter", .string, .required)
            .field("reason", .string)
            .field("requested_by", .uuid)
            .field("decided_by", .uuid)
            .field("decided_at", .datetime)
            .field("decision_note", .string)
            .field("territory_path", path, .required)
            .field("created_at", .datetime, .required)
            // Two requests for the same place in the sequence cannot both land.
            .unique(on: "witness_id", "ordinal")
            .create()
        try await database.schema(JusticeLimitRow.schema)
            .id()
            .field("valid_from", .string, .required)
            .field("general_age", .int, .required)
            .field("grave_age", .int, .required)
            .field("custody_hours", .int, .required)
            .field("pretrial_review_days", .int, .required)
            .field("aftercare_days", .int, .required)
            .field("source", .string, .required)
            .unique(on: "valid_from")
            .create()
        try await database.schema(JusticeFact.schema)
            .id()
            .field("valid_from", .string, .required)
            .field("specialised_system", .bool, .required)
            .field("prevention_plan", .bool, .required)
            .field("note", .string, .required)
            .field("recorded_by", .uuid, .required)
            .field("created_at", .datetime, .required)
            .create()

        let limits = JusticeLimitRow()
        limits.id = AppClock.newID()
        limits.validFrom = "2000-01-01"
        limits.generalAge = JusticeLimits.initial.generalAge
        limits.graveAge = JusticeLimits.initial.graveOffenceAge
        limits.custodyHours = JusticeLimits.initial.custodyHours
        limits.pretrialReviewDays = JusticeLimits.initial.pretrialReviewDays
        limits.aftercareDays = JusticeLimits.initial.aftercareDays
        limits.source = "Criminal Code ch. 13 (ages, to verify); CRC General Comment No. 24 (24 hours, review every two weeks)"
        try await limits.create(on: database)

        let sql = database as! any SQLDatabase
        // One index per query path: the scope's open records and their flags, a child's records,
        // the reviews due, a place's children now, the witnesses of a scope, the indicators' ranges.
        let indexes: [(String, String, [String])] = [
            ("justice_records_scope_idx", JusticeRecord.schema, ["territory_path", "status"]),
            ("justice_records_child_idx", JusticeRecord.schema, ["child_id"]),
            ("justice_records_apprehended_idx", JusticeRecord.schema, ["apprehended_at", "territory_path"]),
            ("justice_records_court_idx", JusticeRecord.schema, ["court_on", "territory_path"]),
            ("justice_diversions_record_idx", Diversion.schema, ["record_id"]),
            ("justice_pretrial_record_idx", PretrialOrder.schema, ["record_id"]),
            ("justice_pretrial_review_idx", PretrialOrder.schema, ["next_review_on", "territory_path"]),
            ("justice_detentions_record_idx", Detention.schema, ["record_id"]),
            ("justice_detentions_place_idx", Detention.schema, ["place_id", "released_at"]),
            ("justice_detentions_org_idx", Detention.schema, ["organisation_id", "released_at"]),
            ("justice_detentions_scope_idx", Detention.schema, ["territory_path", "admitted_at"]),
            ("justice_entries_record_idx", JusticeEntry.schema, ["record_id", "entry_on"]),
            ("justice_entries_detention_idx", JusticeEntry.schema, ["detention_id", "kind", "entry_on"]),
            ("justice_events_record_idx", JusticeEvent.schema, ["record_id", "occurred_at"]),
            ("justice_places_scope_idx", JusticePlace.schema, ["territory_path", "kind"]),
            ("justice_inspections_place_idx", Inspection.schema, ["place_id", "inspected_on"]),
            ("justice_witnesses_scope_idx", ChildWitness.schema, ["territory_path", "created_at"]),
            ("justice_witnesses_child_idx", ChildWitness.schema, ["child_id"]),
            ("justice_interviews_status_idx", Interview.schema, ["status", "territory_path"]),
        ]
        for (name, table, columns) in indexes {
            var builder = sql.create(index: name).on(table)
            for column in columns { builder = builder.column(column) }
            try await builder.run()
        }
    }

    package func revert(on database: any Database) async throws {
        for schema in [JusticeFact.schema, JusticeLimitRow.schema, Interview.schema, ChildWitness.schema, Inspection.schema,
                       JusticeEvent.schema, JusticeEntry.schema, Detention.schema, PretrialOrder.schema, Diversion.schema,
                       JusticeRecord.schema, JusticePlace.schema] {
            try await database.schema(schema).delete()
        }
    }
}
