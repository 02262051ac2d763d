import Fluent
import SQLKit
import GoldawPlatform

package struct M005_CreateRegistry: GoldawMigration {
    package func prepare(on database: any Database) async throws {
        try await database.schema("counters")
            .field("name", .string, .identifier(auto: false))
            .field("value", .int64, .required)
            .create()
        try await database.schema(Person.schema)
            .id()
            .field("number", .string, .required)
            .field("given_name", .string, .required)
            .field("surname", .string, .required)
            .field("patronymic", .string)
            .field("given_name_cyr", .string)
            .field("surname_cyr", .string)
            .field("patronymic_cyr", .string)
            .field("surname_key", DatabaseSetup.byteText(database), .required)
            .field("given_key", DatabaseSetup.byteText(database), .required)
            .field("sex", .string, .required)
            .field("birth_date", .string, .required)
            .field("birth_date_estimated", .bool, .required)
            .field("death_date", .string)
            .field("legal_status", .string, .required)
            .field("territory_id", .uuid, .references(Territory.schema, "id"))
            .field("territory_path", DatabaseSetup.byteText(database), .required)
            .field("locality", .string)
            .field("street", .string)
            .field("address_since", .string)
            .field("phones", .string)
            .field("merged_into_id", .uuid, .references(Person.schema, "id"))
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .field("created_by", .uuid)
            .field("version", .int, .required)
            .unique(on: "number")
            .create()
        try await database.schema(PersonDocument.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id"))
            .field("type", .string, .required)
            .field("number", .string, .required)
            .field("issued_on", .string)
            .field("created_at", .datetime)
            .unique(on: "type", "number")
            .create()
        try await database.schema(PersonNameKey.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id"))
            .field("part", .string, .required)
            .field("key", DatabaseSetup.byteText(database), .required)
            .field("territory_path", DatabaseSetup.byteText(database), .required)
            .create()
        try await database.schema(Household.schema)
            .id()
            .field("number", .string, .required)
            .field("territory_id", .uuid, .references(Territory.schema, "id"))
            .field("territory_path", DatabaseSetup.byteText(database), .required)
            .field("locality", .string)
            .field("street", .string)
            .field("created_at", .datetime)
            .field("created_by", .uuid)
            .field("version", .int, .required)
            .unique(on: "number")
            .create()
        try await database.schema(HouseholdMembership.schema)
            .id()
            .field("household_id", .uuid, .required, .references(Household.schema, "id"))
            .field("person_id", .uuid, .required, .references(Person.schema, "id"))
            .field("relationship", .string, .required)
            .field("from_date", .string, .required)
            .field("to_date", .string)
            .field("created_at", .datetime)
            .create()
        try await database.schema(FamilyLink.schema)
            .id()
            .field("child_id", .uuid, .required, .references(Person.schema, "id"))
            .field("adult_id", .uuid, .required, .references(Person.schema, "id"))
            .field("kind", .string, .required)
            .field("parent_state", .string, .required)
            .field("guardianship_form", .string)
            .field("decision_number", .string)
            .field("decision_date", .string)
            .field("from_date", .string)
            .field("to_date", .string)
            .field("created_at", .datetime)
            .create()
        try await database.schema(FunctioningRecord.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id"))
            .field("instrument", .string, .required)
            .field("interview_date", .string, .required)
            .field("respondent", .string, .required)
            .field("answers", .string, .required)
            .field("result", .string, .required)
            .field("has_difficulty", .bool)
            .field("rule_version", .string, .required)
            .field("recorded_by", .uuid)
            .field("created_at", .datetime)
            .create()
        try await database.schema(DisabilityStatus.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id"))
            .field("certificate_number", .string, .required)
            .field("disability_group", .string, .required)
            .field("valid_from", .string, .required)
            .field("valid_to", .string)
            .field("issued_by", .string)
            .field("recorded_by", .uuid)
            .field("created_at", .datetime)
            .create()
        try await database.schema(RecordChange.schema)
            .id()
            .field("record_type", .string, .required)
            .field("record_id", .uuid, .required)
            .field("field", .string, .required)
            .field("old_value", .string)
            .field("new_value", .string)
            .field("changed_by", .uuid)
            .field("changed_by_name", .string)
            .field("changed_at", .datetime, .required)
            .create()
        try await database.schema(DuplicatePair.schema)
            .id()
            .field("person_a_id", .uuid, .required, .references(Person.schema, "id"))
            .field("person_b_id", .uuid, .required, .references(Person.schema, "id"))
            .field("score", .int, .required)
            .field("reasons", .string, .required)
            .field("status", .string, .required)
            .field("source", .string, .required)
            .field("territory_path", DatabaseSetup.byteText(database), .required)
            .field("detected_at", .datetime, .required)
            .field("reviewed_by", .uuid)
            .field("reviewed_at", .datetime)
            .unique(on: "person_a_id", "person_b_id")
            .create()
        try await database.schema(PersonMerge.schema)
            .id()
            .field("survivor_id", .uuid, .required, .references(Person.schema, "id"))
            .field("merged_id", .uuid, .required, .references(Person.schema, "id"))
            .field("pair_id", .uuid)
            .field("moved", .string, .required)
            .field("merged_by", .uuid)
            .field("merged_at", .datetime, .required)
            .field("unmerged_by", .uuid)
            .field("unmerged_at", .datetime)
            .create()

        let sql = database as! any SQLDatabase
        // One index per query path of the registry pages and API.
        let indexes: [(String, String, [String])] = [
            ("persons_path_idx", Person.schema, ["territory_path"]),
            ("persons_names_idx", Person.schema, ["surname_key", "given_key", "territory_path"]),
            ("persons_given_names_idx", Person.schema, ["given_key", "surname_key", "territory_path"]),
            ("persons_birth_idx", Person.schema, ["birth_date"]),
            ("persons_merged_idx", Person.schema, ["merged_into_id"]),
            ("person_documents_person_idx", PersonDocument.schema, ["person_id"]),
            ("person_documents_number_idx", PersonDocument.schema, ["number"]),
            // Name search reads only this index: key range, scope prefix, person.
            ("person_name_keys_key_idx", PersonNameKey.schema, ["key", "territory_path", "person_id"]),
            // "Does this person also have a key starting with …?" for the other words of a query.
            ("person_name_keys_person_idx", PersonNameKey.schema, ["person_id", "key"]),
            ("households_path_idx", Household.schema, ["territory_path"]),
            ("memberships_household_idx", HouseholdMembership.schema, ["household_id"]),
            ("memberships_person_idx", HouseholdMembership.schema, ["person_id"]),
            ("family_links_child_idx", FamilyLink.schema, ["child_id"]),
            ("family_links_adult_idx", FamilyLink.schema, ["adult_id"]),
            ("functioning_person_idx", FunctioningRecord.schema, ["person_id", "interview_date"]),
            ("disability_person_idx", DisabilityStatus.schema, ["person_id"]),
            ("record_changes_record_idx", RecordChange.schema, ["record_type", "record_id", "changed_at"]),
            ("duplicate_pairs_queue_idx", DuplicatePair.schema, ["status", "territory_path"]),
            ("duplicate_pairs_b_idx", DuplicatePair.schema, ["person_b_id"]),
            ("person_merges_survivor_idx", PersonMerge.schema, ["survivor_id"]),
            ("person_merges_merged_idx", PersonMerge.schema, ["merged_id"]),
        ]
        for (name, table, columns) in indexes {
            var builder = sql.create(index: name).on(table)
            for column in columns { builder = builder.column(column) }
            try await builder.run()
        }
    }

    package func revert(on database: any Database) async throws {
        for schema in [PersonMerge.schema, DuplicatePair.schema, RecordChange.schema, DisabilityStatus.schema,
                       FunctioningRecord.schema, FamilyLink.schema, HouseholdMembership.schema, Household.schema,
                       PersonNameKey.schema, PersonDocument.schema, Person.schema, "counters"] {
            try await database.schema(schema).delete()
        }
    }

    package init() {}
}
