import Fluent
import SQLKit
import GoldawPlatform

/// Dated circumstances of a person that benefits depend on (see `Circumstance`).
package struct M007_CreatePersonCircumstances: GoldawMigration {
    package func prepare(on database: any Database) async throws {
        try await database.schema(PersonCircumstance.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id"))
            .field("kind", .string, .required)
            .field("from_date", .string, .required)
            .field("to_date", .string)
            .field("note", .string)
            .field("recorded_by", .uuid)
            .field("created_at", .datetime)
            .create()
        let sql = database as! any SQLDatabase
        // Payroll asks "does this person have kind K on date D" for every line: person first.
        try await sql.create(index: "person_circumstances_person_idx").on(PersonCircumstance.schema)
            .column("person_id").column("kind").column("from_date").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(PersonCircumstance.schema).delete()
    }

    package init() {}
}
