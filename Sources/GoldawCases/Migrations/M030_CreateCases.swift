import Fluent
import SQLKit
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawSocialServices

/// Child protection case management: cases and everything recorded on them, the configurable
/// list of protection concerns, and the dated deadline and consent-band settings with their
/// defaults (sources in docs/modules/cases.md).
package struct M030_CreateCases: GoldawMigration {
    package static let concernNames: [ProtectionConcern: (String, String, String)] = [
        .violence: ("Zorluk", "Насилие", "Violence"),
        .neglect: ("Äsgermezlik (ideg etmezlik)", "Пренебрежение нуждами ребёнка", "Neglect"),
        .childLabour: ("Çaga zähmeti", "Детский труд", "Child labour"),
        .withoutParentalCare: ("Ata-enesiniň hossarlygyndan mahrum çaga", "Ребёнок без попечения родителей", "Child without parental care"),
        .disabilityInstitutionRisk: ("Edara ýerleşdirilmek howpy bolan maýyp çaga", "Ребёнок с инвалидностью под риском помещения в учреждение",
                                     "Child with a disability at risk of institutionalisation"),
        .inContactWithLaw: ("Kanun bilen gatnaşyga giren çaga", "Ребёнок в контакте с законом", "Child in contact with the law"),
        .other: ("Başga alada", "Другое", "Other concern"),
    ]

    package func prepare(on database: any Database) async throws {
        let text = DatabaseSetup.byteText(database)
        try await database.schema(CaseConcern.schema)
            .field("code", .string, .identifier(auto: false))
            .field("name_tk", .string, .required).field("name_ru", .string, .required).field("name_en", .string, .required)
            .field("sort_order", .int, .required).field("active", .bool, .required)
            .create()
        for (index, concern) in ProtectionConcern.allCases.enumerated() {
            try await CaseConcern(code: concern.rawValue, names: Self.concernNames[concern]!, sortOrder: index * 10).create(on: database)
        }
        try await database.schema(CaseDeadlineSetting.schema)
            .id()
            .field("valid_from", .string, .required).field("risk_level", .string, .required)
            .field("kind", .string, .required).field("hours", .int, .required).field("source", .string)
            .unique(on: "valid_from", "risk_level", "kind")
            .create()
        let table = DeadlineTable.defaults
        for risk in RiskLevel.allCases {
            for kind in DeadlineKind.allCases {
                let row = CaseDeadlineSetting()
                row.validFrom = table.validFrom.iso
                row.riskLevel = risk.rawValue
                row.kind = kind.rawValue
                row.hours = table.hours(risk, kind)!
                row.source = kind == .firstContact ? "domain.md §5.2 (widely used, not confirmed)" : "Goldaw proposal pending the national SOP"
                try await row.create(on: database)
            }
        }
        try await database.schema(CaseConsentBand.schema)
            .id()
            .field("valid_from", .string, .required).field("min_age", .int, .required)
            .field("max_age", .int, .required).field("parties", .string, .required)
            .create()
        for band in ConsentRules.defaultBands {
            let row = CaseConsentBand()
            row.validFrom = "2020-01-01"
            row.minAge = band.minAge
            row.maxAge = band.maxAge
            row.parties = band.parties.map(\.rawValue).joined(separator: ",")
            try await row.create(on: database)
        }

        try await database.schema(CaseRecord.schema)
            .id()
            .field("number", .string, .required)
            .field("person_id", .uuid, .required, .references(Person.schema, "id"))
            .field("territory_id", .uuid, .references(Territory.schema, "id"))
            .field("territory_path", text, .required)
            .field("identification_source", .string, .required)
            .field("concerns", text, .required)
            .field("urgent", .bool, .required)
            .field("summary", .string, .required)
            .field("identified_on", .string, .required)
            .field("registered_at", .datetime, .required)
            .field("step", .string, .required)
            .field("risk_level", .string)
            .field("risk_rank", .int, .required)
            .field("worker_id", .uuid, .references(User.schema, "id"))
            .field("closure_reason", .string)
            .field("closure_note", .string)
            .field("closed_at", .datetime)
            .field("reopen_reason", .string)
            .field("created_by", .uuid)
            .field("version", .int, .required)
            .unique(on: "number")
            .create()
        func child(_ schema: String, _ build: (SchemaBuilder) -> SchemaBuilder) async throws {
            try await build(database.schema(schema).id()
                .field("case_id", .uuid, .required, .references(CaseRecord.schema, "id"))).create()
        }
        try await child(CaseConsent.schema) {
            $0.field("party", .string, .required).field("given_by", .string, .required)
                .field("services", .bool, .required).field("information_sharing", .bool, .required).field("referral", .bool, .required)
                .field("given_on", .string, .required).field("note", .string)
                .field("recorded_by", .uuid).field("recorded_by_name", .string).field("recorded_at", .datetime, .required)
        }
        try await child(CaseConsentOverride.schema) {
            $0.field("scope", .string, .required).field("reason", .string, .required)
                .field("decided_by", .uuid).field("decided_by_name", .string).field("decided_at", .datetime, .required)
        }
        try await child(CaseAssessment.schema) {
            $0.field("kind", .string, .required).field("assessed_on", .string, .required).field("risk_level", .string)
                .field("summary", .string, .required).field("risks", .string).field("protective_factors", .string)
                .field("child_views", .string)
                .field("recorded_by", .uuid).field("recorded_by_name", .string).field("recorded_at", .datetime, .required)
        }
        try await child(CasePlan.schema) {
            $0.field("revision", .int, .required).field("goals", .string, .required)
                .field("recorded_by", .uuid).field("recorded_by_name", .string).field("recorded_at", .datetime, .required)
        }
        try await database.schema(CasePlanAction.schema)
            .id()
            .field("plan_id", .uuid, .required, .references(CasePlan.schema, "id"))
            .field("position", .int, .required).field("action", .string, .required).field("responsible", .string, .required)
            .field("start_on", .string, .required).field("due_on", .string, .required)
            .create()
        try await child(CaseVisit.schema) {
            $0.field("visited_on", .string, .required).field("kind", .string, .required).field("child_seen", .bool, .required)
                .field("summary", .string, .required)
                .field("recorded_by", .uuid).field("recorded_by_name", .string).field("recorded_at", .datetime, .required)
        }
        try await child(CaseApproval.schema) {
            $0.field("kind", .string, .required).field("subject_id", .uuid).field("status", .string, .required)
                .field("request_comment", .string)
                .field("requested_by", .uuid, .required).field("requested_by_name", .string, .required)
                .field("requested_at", .datetime, .required)
                .field("decision_comment", .string).field("decided_by", .uuid).field("decided_by_name", .string)
                .field("decided_at", .datetime).field("used", .bool, .required)
                .field("territory_path", text, .required).field("version", .int, .required)
        }
        try await child(CaseTask.schema) {
            $0.field("kind", .string, .required).field("due_at", .datetime, .required).field("done_at", .datetime)
                .field("territory_path", text, .required).field("worker_id", .uuid)
        }
        try await child(CaseNote.schema) {
            $0.field("body", .string, .required).field("author_id", .uuid).field("author_name", .string, .required)
                .field("written_at", .datetime, .required)
        }
        try await child(CaseReferral.schema) {
            $0.field("service", .string, .required).field("provider", .string, .required).field("referred_on", .string, .required)
                .field("basis", .string, .required)
                .field("recorded_by", .uuid).field("recorded_by_name", .string).field("recorded_at", .datetime, .required)
        }

        let sql = database as! any SQLDatabase
        let indexes: [(String, String, [String])] = [
            ("cases_scope_idx", CaseRecord.schema, ["territory_path", "risk_rank"]),      // lists: scope, highest risk first
            ("cases_step_idx", CaseRecord.schema, ["step", "territory_path"]),
            ("cases_worker_idx", CaseRecord.schema, ["worker_id", "step"]),               // my cases
            ("cases_person_idx", CaseRecord.schema, ["person_id"]),                       // the profile's section
            ("case_tasks_due_idx", CaseTask.schema, ["done_at", "due_at"]),               // overdue and upcoming
            ("case_tasks_worker_idx", CaseTask.schema, ["worker_id", "done_at", "due_at"]),
            ("case_tasks_case_idx", CaseTask.schema, ["case_id", "kind"]),
            ("case_approvals_queue_idx", CaseApproval.schema, ["status", "territory_path"]),
            ("case_approvals_case_idx", CaseApproval.schema, ["case_id", "kind"]),
            ("case_consents_case_idx", CaseConsent.schema, ["case_id"]),
            ("case_assessments_case_idx", CaseAssessment.schema, ["case_id"]),
            ("case_plans_case_idx", CasePlan.schema, ["case_id", "revision"]),
            ("case_visits_case_idx", CaseVisit.schema, ["case_id"]),
            ("case_notes_case_idx", CaseNote.schema, ["case_id"]),
            ("case_referrals_case_idx", CaseReferral.schema, ["case_id"]),
        ]
        for (name, table, columns) in indexes {
            var builder = sql.create(index: name).on(table)
            for column in columns { builder = builder.column(column) }
            try await builder.run()
        }
    }

    package func revert(on database: any Database) async throws {
        for schema in [CaseReferral.schema, CaseNote.schema, CaseTask.schema, CaseApproval.schema, CaseVisit.schema,
                       CasePlanAction.schema, CasePlan.schema, CaseAssessment.schema, CaseConsentOverride.schema, CaseConsent.schema,
                       CaseRecord.schema, CaseConsentBand.schema, CaseDeadlineSetting.schema, CaseConcern.schema] {
            try await database.schema(schema).delete()
        }
    }

    package init() {}
}
