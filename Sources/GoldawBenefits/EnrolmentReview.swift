import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// Before every computation: enrolments the registry no longer supports are ended (death, age
/// limit, a pension for the social allowance) or suspended (abroad, full state support), with
/// the reason, and wait in the officer's review list. Set-based: one UPDATE per reason.
package struct EnrolmentReview {
    package let sql: any SQLDatabase
    package let programme: Programme
    package let territoryPath: String
    package let now: Date

    package func run(for month: BenefitMonth, table: ParameterTable) async throws {
        let first = month.firstDay
        let like = TerritoryPath.likePattern(territoryPath)
        let people: SQLQueryString = "SELECT p.id FROM persons p WHERE p.territory_path LIKE \(bind: like) AND "
        if programme != .birthGrant {
            try await stop(.ended, .death, endDate: "(SELECT death_date FROM persons WHERE persons.id = benefit_enrolments.beneficiary_id)",
                           who: people + "p.death_date IS NOT NULL AND p.death_date < \(bind: first.iso)")
        }
        try await stop(.suspended, .payeeDeath, endDate: nil, who: """
            SELECT x.beneficiary_id FROM benefit_enrolments x JOIN persons p ON p.id = x.payee_id \
            JOIN persons b ON b.id = x.beneficiary_id AND b.territory_path LIKE \(bind: like) \
            WHERE x.programme = \(bind: programme.rawValue) AND x.payee_id <> x.beneficiary_id \
            AND p.death_date IS NOT NULL AND p.death_date < \(bind: first.iso)
            """)
        if let range = try PayrollSQL(sql: sql, programme: programme, territoryPath: territoryPath, table: table).birthRange(month) {
            try await stop(.ended, .ageLimit, endDate: "\(bind: first.adding(days: -1).iso)",
                           who: people + "p.birth_date < \(bind: range.lowerBound.iso)")
        }
        func holding(_ kind: Circumstance) -> SQLQueryString {
            "SELECT c.person_id FROM person_circumstances c JOIN persons p ON p.id = c.person_id WHERE p.territory_path LIKE \(bind: like) AND c.kind = \(bind: kind.rawValue) AND c.from_date <= \(bind: first.iso) AND (c.to_date IS NULL OR c.to_date >= \(bind: first.iso))"
        }
        if programme != .birthGrant {
            try await stop(.suspended, .abroad, endDate: nil, who: holding(.abroad))
        }
        if programme != .birthGrant && programme != .socialAllowance {
            try await stop(.suspended, .fullStateSupport, endDate: nil, who: holding(.fullStateSupport))
        }
        if programme == .socialAllowance {
            try await stop(.ended, .pension, endDate: "\(bind: first.adding(days: -1).iso)", who: holding(.pension))
        }
    }

    private func stop(_ status: EnrolmentStatus, _ reason: EnrolmentStopReason, endDate: SQLQueryString?, who: SQLQueryString) async throws {
        var query: SQLQueryString = """
            UPDATE benefit_enrolments SET status = \(bind: status.rawValue), status_reason = \(bind: reason.rawValue), \
            status_changed_at = \(bind: now), review_pending = \(bind: true), version = version + 1
            """
        if let endDate { query = query + ", end_date = " + endDate }
        query = query + " WHERE programme = \(bind: programme.rawValue) AND status = 'active' AND beneficiary_id IN (" + who + ")"
        try await sql.raw(query).run()
    }
}
