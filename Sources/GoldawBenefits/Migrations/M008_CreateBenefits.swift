import Fluent
import SQLKit
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// Benefits: dated parameters and rule versions, applications, enrolments, emergency measures,
/// payroll cycles and their lines. "Paid exactly once" is a unique index, not only code.
package struct M008_CreateBenefits: GoldawMigration {
    package func prepare(on database: any Database) async throws {
        let path = DatabaseSetup.byteText(database)
        try await database.schema(BenefitParameter.schema)
            .id()
            .field("key", .string, .required)
            .field("valid_from", .string, .required)
            .field("value", .int64, .required)
            .field("to_be_confirmed", .bool, .required)
            .field("note", .string)
            .field("created_by", .uuid)
            .field("created_at", .datetime)
            .unique(on: "key", "valid_from")
            .create()
        try await database.schema(BenefitRuleVersion.schema)
            .id()
            .field("programme", .string, .required)
            .field("valid_from", .string, .required)
            .field("rules", .string, .required)
            .field("note", .string)
            .field("created_by", .uuid)
            .field("created_at", .datetime)
            .unique(on: "programme", "valid_from")
            .create()
        try await database.schema(BenefitApplication.schema)
            .id()
            .field("number", .string, .required)
            .field("programme", .string, .required)
            .field("beneficiary_id", .uuid, .required, .references(Person.schema, "id"))
            .field("applicant_id", .uuid, .required, .references(Person.schema, "id"))
            .field("territory_path", path, .required)
            .field("status", .string, .required)
            .field("source", .string, .required)
            .field("documents", .string, .required)
            .field("channel", .string)
            .field("account", .string)
            .field("requested_from", .string, .required)
            .field("eligibility", .string)
            .field("eligible", .bool)
            .field("taken_by", .uuid)
            .field("taken_at", .datetime)
            .field("decided_by", .uuid)
            .field("decided_at", .datetime)
            .field("decision_reason", .string)
            .field("reopened_by_grievance", .string)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            // The approver is never the officer who took the application.
            .constraint(.sql(raw: "CHECK (decided_by IS NULL OR taken_by IS NULL OR decided_by <> taken_by)"))
            .unique(on: "number")
            .create()
        try await database.schema(BenefitEnrolment.schema)
            .id()
            .field("programme", .string, .required)
            .field("beneficiary_id", .uuid, .required, .references(Person.schema, "id"))
            .field("payee_id", .uuid, .required, .references(Person.schema, "id"))
            .field("application_id", .uuid, .references(BenefitApplication.schema, "id"))
            .field("measure_id", .uuid)
            .field("effective_from", .string, .required)
            .field("end_date", .string)
            .field("status", .string, .required)
            .field("status_reason", .string)
            .field("status_changed_at", .datetime)
            .field("review_pending", .bool, .required)
            .field("channel", .string, .required)
            .field("account", .string)
            .field("version", .int, .required)
            .field("created_by", .uuid)
            .field("created_at", .datetime)
            .create()
        try await database.schema(EmergencyMeasure.schema)
            .id()
            .field("number", .string, .required)
            .field("name", .string, .required)
            .field("programmes", .string, .required)
            .field("territory_paths", .string, .required)
            .field("top_up_kind", .string, .required)
            .field("top_up_value", .int64, .required)
            .field("from_month", .string, .required)
            .field("to_month", .string, .required)
            .field("status", .string, .required)
            .field("declared_by", .uuid)
            .field("declared_at", .datetime)
            .field("ended_by", .uuid)
            .field("ended_at", .datetime)
            .field("version", .int, .required)
            .unique(on: "number")
            .create()
        try await database.schema(PayrollCycle.schema)
            .id()
            .field("number", .string, .required)
            .field("programme", .string, .required)
            .field("territory_id", .uuid, .required, .references(Territory.schema, "id"))
            .field("territory_path", path, .required)
            .field("month", .string, .required)
            .field("status", .string, .required)
            .field("line_count", .int, .required)
            .field("total", .int64, .required)
            .field("uses_unconfirmed", .bool, .required)
            .field("created_by", .uuid)
            .field("created_at", .datetime)
            .field("computed_by", .uuid)
            .field("computed_at", .datetime)
            .field("approved_by", .uuid)
            .field("approved_at", .datetime)
            .field("paid_by", .uuid)
            .field("paid_at", .datetime)
            .field("reconciled_at", .datetime)
            .field("version", .int, .required)
            .unique(on: "number")
            .unique(on: "programme", "territory_path", "month")
            .create()
        // Integer ids: lines are bulk-inserted by one statement and referred to by number in
        // payment lists and reconciliation files.
        try await database.schema(PayrollLine.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("cycle_id", .uuid, .required, .references(PayrollCycle.schema, "id"))
            .field("enrolment_id", .uuid, .references(BenefitEnrolment.schema, "id"))
            .field("programme", .string, .required)
            .field("beneficiary_id", .uuid, .required)
            .field("payee_id", .uuid, .required)
            .field("payee_name", .string, .required)
            .field("pay_month", .string, .required)
            .field("kind", .string, .required)
            .field("amount", .int64, .required)
            .field("parameters", .string, .required)
            .field("territory_path", path, .required)
            .field("channel", .string, .required)
            .field("account", .string)
            .field("status", .string, .required)
            .field("failure_reason", .string)
            .field("reissue_of", .int64)
            .field("reissue_requested", .bool, .required)
            .field("measure_id", .uuid)
            .create()

        let sql = database as! any SQLDatabase
        let indexes: [(String, String, [String])] = [
            ("benefit_parameters_key_idx", BenefitParameter.schema, ["key", "valid_from"]),
            ("applications_queue_idx", BenefitApplication.schema, ["status", "territory_path"]),
            ("applications_beneficiary_idx", BenefitApplication.schema, ["beneficiary_id"]),
            ("applications_applicant_idx", BenefitApplication.schema, ["applicant_id"]),
            ("enrolments_payroll_idx", BenefitEnrolment.schema, ["programme", "status", "beneficiary_id"]),
            ("enrolments_beneficiary_idx", BenefitEnrolment.schema, ["beneficiary_id"]),
            ("enrolments_payee_idx", BenefitEnrolment.schema, ["payee_id"]),
            ("enrolments_review_idx", BenefitEnrolment.schema, ["review_pending", "programme"]),
            ("cycles_list_idx", PayrollCycle.schema, ["territory_path", "month"]),
            ("cycles_month_idx", PayrollCycle.schema, ["month", "programme"]),
            ("payroll_lines_reissue_idx", PayrollLine.schema, ["reissue_of"]),
            ("payroll_lines_cycle_idx", PayrollLine.schema, ["cycle_id", "territory_path", "channel"]),
            ("payroll_lines_person_idx", PayrollLine.schema, ["beneficiary_id", "programme", "pay_month"]),
            ("payroll_lines_payee_idx", PayrollLine.schema, ["payee_id"]),
            ("emergency_measures_status_idx", EmergencyMeasure.schema, ["status", "from_month"]),
        ]
        for (name, table, columns) in indexes {
            var builder = sql.create(index: name).on(table)
            for column in columns { builder = builder.column(column) }
            try await builder.run()
        }
        // Nobody is paid twice for the same programme and month: a failed payment does not
        // count (it can be reissued); everything else does, in any cycle of any territory.
        try await sql.raw("""
            CREATE UNIQUE INDEX payroll_lines_once ON payroll_lines (programme, beneficiary_id, pay_month)
            WHERE kind = 'regular' AND status <> 'failed'
            """).run()
        try await sql.raw("""
            CREATE UNIQUE INDEX payroll_lines_top_up_once ON payroll_lines (measure_id, programme, beneficiary_id, pay_month)
            WHERE kind = 'top_up' AND status <> 'failed'
            """).run()
        // One open application and one live enrolment per programme and person.
        try await sql.raw("""
            CREATE UNIQUE INDEX applications_open_once ON benefit_applications (programme, beneficiary_id)
            WHERE status IN ('intake', 'submitted')
            """).run()
        try await sql.raw("""
            CREATE UNIQUE INDEX enrolments_live_once ON benefit_enrolments (programme, beneficiary_id)
            WHERE status <> 'ended'
            """).run()
    }

    package func revert(on database: any Database) async throws {
        for schema in [PayrollLine.schema, PayrollCycle.schema, EmergencyMeasure.schema, BenefitEnrolment.schema,
                       BenefitApplication.schema, BenefitRuleVersion.schema, BenefitParameter.schema] {
            try await database.schema(schema).delete()
        }
    }

    package init() {}
}
