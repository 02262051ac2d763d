import Fluent
import SQLKit
import GoldawPlatform
import GoldawRegistry

/// Horizontal emergency measures: a measure either tops up existing payments (vertical) or
/// enrols households that meet its rule (horizontal), and remembers how many it enrolled.
package struct M020_AddHorizontalMeasures: GoldawMigration {
    package func prepare(on database: any Database) async throws {
        // One column per ALTER TABLE: SQLite adds a single column per statement.
        try await database.schema(EmergencyMeasure.schema).field("measure_kind", .string, .required, .sql(.default("vertical"))).update()
        try await database.schema(EmergencyMeasure.schema).field("rule", .string).update()
        try await database.schema(EmergencyMeasure.schema).field("enrolled", .int, .required, .sql(.default(0))).update()
        let sql = database as! any SQLDatabase
        // Ending a measure ends its enrolments: found by measure.
        try await sql.create(index: "enrolments_measure_idx").on(BenefitEnrolment.schema).column("measure_id").run()
    }

    package func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "enrolments_measure_idx").run()
        for field in ["enrolled", "rule", "measure_kind"] {
            try await database.schema(EmergencyMeasure.schema).deleteField(.key(.string(field))).update()
        }
    }

    package init() {}
}
