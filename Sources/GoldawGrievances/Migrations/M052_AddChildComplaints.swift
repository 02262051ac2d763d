import Fluent
import SQLKit
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawBenefits

/// Children's complaints on the grievance desk's mechanism: who a complaint is addressed to
/// (the desk for every existing row), whether it was lodged without a name, and the three
/// categories of children's complaints with their deadlines.
package struct M052_AddChildComplaints: GoldawMigration {
    package func prepare(on database: any Database) async throws {
        // One column per ALTER TABLE: SQLite adds a single column per statement.
        try await database.schema(Grievance.schema)
            .field("recipient", .string, .required, .sql(.default(ComplaintRecipient.desk.rawValue))).update()
        try await database.schema(Grievance.schema).field("anonymous", .bool, .required, .sql(.default(false))).update()
        for kind in ChildComplaintKind.allCases {
            try await GrievanceCategoryRow(code: kind.rawValue, slaDays: kind.defaultSLADays).create(on: database)
        }
        let sql = database as! any SQLDatabase
        // The children's complaints of one office in scope, most urgent first.
        try await sql.create(index: "grievances_recipient_idx").on(Grievance.schema)
            .column("recipient").column("territory_path").column("due_date").run()
    }

    package func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "grievances_recipient_idx").run()
        // Children's complaints cannot live without their columns: they go with them.
        try await sql.raw("DELETE FROM grievance_events WHERE grievance_id IN (SELECT id FROM grievances WHERE recipient <> 'desk')").run()
        try await sql.raw("DELETE FROM grievances WHERE recipient <> 'desk'").run()
        try await GrievanceCategoryRow.query(on: database).filter(\.$id ~~ ChildComplaintKind.allCases.map(\.rawValue)).delete()
        for field in ["anonymous", "recipient"] {
            try await database.schema(Grievance.schema).deleteField(.key(.string(field))).update()
        }
    }

    package init() {}
}
