import Foundation
import Fluent
import SQLKit
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// The set-based statements of a payroll computation. Each one writes or updates every row of a
/// cycle at once; amounts come from `Entitlement` (the rules live in GoldawCore) and are bound
/// as values, so the database only selects who is paid and copies what is frozen.
package struct PayrollSQL {
    package let sql: any SQLDatabase
    package let programme: Programme
    package let territoryPath: String
    package let table: ParameterTable

    package var like: String { TerritoryPath.likePattern(territoryPath) }

    /// "Holds on :date" for a circumstance of `kind` of the person in column `person`.
    package static func circumstance(_ kind: Circumstance, person: String, on date: CalendarDate) -> SQLQueryString {
        """
        EXISTS (SELECT 1 FROM person_circumstances c WHERE c.person_id = \(unsafeRaw: person) \
        AND c.kind = \(bind: kind.rawValue) AND c.from_date <= \(bind: date.iso) \
        AND (c.to_date IS NULL OR c.to_date >= \(bind: date.iso)))
        """
    }

    /// Beneficiaries born in this range are within the programme's age limits for `month`.
    package func birthRange(_ month: BenefitMonth) throws -> ClosedRange<CalendarDate>? {
        let day = month.firstDay
        func years(_ key: ParameterKey) throws -> Int {
            guard let value = table.value(key, on: day) else { throw EntitlementProblem.missingParameter(key, on: day) }
            return Int(value.value)
        }
        switch programme {
        case .childCare:
            let rule = ChildCareMonthRule(rawValue: try years(.childCareMonthRule)) ?? .bornByLastDayUnderLimitOnFirstDay
            return rule.birthRange(month: month, ageLimit: try years(.childCareAgeLimit))
        case .childDisability, .breadwinnerLoss, .schoolSupplies:
            return day.adding(years: -(try years(.childAgeLimit))).adding(days: 1)...month.lastDay
        case .birthGrant, .socialAllowance, .emergencyAssistance:
            return nil
        }
    }

    /// Who is entitled for `month` by the registry as it is now: the FROM and WHERE shared by
    /// the month's lines and by the adjustments of earlier months. `activeOnly` limits it to
    /// enrolments that are active now (the current month); earlier months look at the dates.
    package func entitled(_ month: BenefitMonth, activeOnly: Bool, anywhere: Bool = false) throws -> SQLQueryString {
        let first = month.firstDay, last = month.lastDay
        // Emergency assistance is paid at the amount of the measure that enrolled the household.
        let measure = programme == .emergencyAssistance ? " JOIN emergency_measures em ON em.id = e.measure_id" : ""
        var q: SQLQueryString = """
            FROM benefit_enrolments e JOIN persons b ON b.id = e.beneficiary_id JOIN persons p ON p.id = e.payee_id\(unsafeRaw: measure) \
            WHERE e.programme = \(bind: programme.rawValue) AND e.effective_from <= \(bind: last.iso) \
            AND (e.end_date IS NULL OR e.end_date >= \(bind: first.iso)) \
            AND b.merged_into_id IS NULL AND (p.death_date IS NULL OR p.death_date >= \(bind: first.iso))
            """
        // The birth grant is owed for a live birth, whatever happened since.
        if programme != .birthGrant { q = q + " AND (b.death_date IS NULL OR b.death_date >= \(bind: first.iso))" }
        // A family that moved is still entitled, elsewhere: only the month's own lines and
        // arrears are limited to this territory.
        if !anywhere { q = q + " AND b.territory_path LIKE \(bind: like)" }
        // Earlier months ignore today's status: a suspension is about now, and the dated
        // circumstances below say whether the month itself was payable.
        if activeOnly { q = q + " AND e.status = 'active'" }
        if let range = try birthRange(month) {
            q = q + " AND b.birth_date >= \(bind: range.lowerBound.iso) AND b.birth_date <= \(bind: range.upperBound.iso)"
        }
        if programme != .socialAllowance && programme != .birthGrant {
            q = q + " AND NOT " + Self.circumstance(.fullStateSupport, person: "b.id", on: first)
        }
        q = q + " AND NOT " + Self.circumstance(.abroad, person: "b.id", on: first)
        if programme == .childDisability {
            q = q + """
                 AND EXISTS (SELECT 1 FROM disability_statuses d WHERE d.person_id = b.id \
                AND d.valid_from <= \(bind: first.iso) AND (d.valid_to IS NULL OR d.valid_to >= \(bind: first.iso)))
                """
        }
        if programme == .socialAllowance {
            q = q + " AND NOT " + Self.circumstance(.pension, person: "b.id", on: first)
        }
        return q
    }

    /// The amount and frozen parameter trail for one month, as SQL expressions over `e`, `b`, `p`.
    /// Child care pays the "Ene mähri" addition when the payee holds the title that month.
    package func amountColumns(_ month: BenefitMonth) throws -> (amount: SQLQueryString, trail: SQLQueryString, unconfirmed: Bool) {
        switch programme {
        case .childCare:
            let plain = try Entitlement.amount(.childCare, month: month, table: table)
            let titled = try Entitlement.amount(.childCare, month: month, table: table, eneMahri: true)
            let holds = Self.circumstance(.eneMahri, person: "e.payee_id", on: month.firstDay)
            return ("CASE WHEN " + holds + " THEN \(bind: titled.amount.tenne) ELSE \(bind: plain.amount.tenne) END",
                    "CASE WHEN " + holds + " THEN \(bind: titled.trail) ELSE \(bind: plain.trail) END",
                    plain.usesUnconfirmed || titled.usesUnconfirmed)
        case .birthGrant:
            // Birth order among the mother's children: earlier births, and same-day births
            // registered earlier, come first (`Entitlement.birthOrder`).
            let order: SQLQueryString = """
                (SELECT COUNT(DISTINCT s.id) FROM family_links fm JOIN family_links sib ON sib.adult_id = fm.adult_id AND sib.kind = 'mother' \
                JOIN persons s ON s.id = sib.child_id WHERE fm.child_id = b.id AND fm.kind = 'mother' \
                AND (s.birth_date < b.birth_date OR (s.birth_date = b.birth_date AND s.number < b.number)))
                """
            var amount: SQLQueryString = "CASE " + order
            var trail: SQLQueryString = "CASE " + order
            var unconfirmed = false
            for earlier in 0..<7 {
                let value = try Entitlement.amount(.birthGrant, month: month, table: table, birthOrder: earlier + 1)
                amount = amount + " WHEN \(bind: earlier) THEN \(bind: value.amount.tenne)"
                trail = trail + " WHEN \(bind: earlier) THEN \(bind: value.trail)"
                unconfirmed = unconfirmed || value.usesUnconfirmed
            }
            let later = try Entitlement.amount(.birthGrant, month: month, table: table, birthOrder: 8)
            return (amount + " ELSE \(bind: later.amount.tenne) END", trail + " ELSE \(bind: later.trail) END",
                    unconfirmed || later.usesUnconfirmed)
        case .emergencyAssistance:
            return ("em.top_up_value", "'measure=' || em.number", false)
        default:
            let value = try Entitlement.amount(programme, month: month, table: table)
            return ("\(bind: value.amount.tenne)", "\(bind: value.trail)", value.usesUnconfirmed)
        }
    }

    /// Lines that count as paid for a month: everything but a failed payment that has been
    /// reissued (its reissue line counts instead). A failed line not yet reissued still counts,
    /// so arrears never pay it a second time beside the officer's reissue.
    package static let settled = "(l.status <> 'failed' OR NOT EXISTS (SELECT 1 FROM payroll_lines r WHERE r.reissue_of = l.id))"

    package static let lineColumns = """
        cycle_id, enrolment_id, programme, beneficiary_id, payee_id, payee_name, pay_month, kind, amount, parameters, \
        territory_path, channel, account, status, reissue_requested
        """

    /// The month's regular lines for everyone entitled and not yet paid for it. For the birth
    /// grant the month paid for is the birth month, so "paid once" is the same unique index.
    package func insertRegular(cycle: UUID, month: BenefitMonth, payFor: BenefitMonth, extra: SQLQueryString?) async throws -> Bool {
        let columns = try amountColumns(payFor)
        var query: SQLQueryString = """
            INSERT INTO payroll_lines (\(unsafeRaw: Self.lineColumns)) \
            SELECT \(bind: cycle), e.id, e.programme, e.beneficiary_id, e.payee_id, p.surname || ' ' || p.given_name, \
            \(bind: payFor.iso), 'regular', 
            """
        query = query + columns.amount + ", " + columns.trail
            + ", b.territory_path, e.channel, e.account, 'pending', \(bind: false) " + (try entitled(month, activeOnly: true))
        if let extra { query = query + " " + extra }
        query = query + """
             AND NOT EXISTS (SELECT 1 FROM payroll_lines l WHERE l.programme = e.programme AND l.beneficiary_id = e.beneficiary_id \
            AND l.pay_month = \(bind: payFor.iso) AND l.kind = 'regular')
            """
        try await sql.raw(query).run()
        return columns.unconfirmed
    }

    /// Arrears and recoveries for an earlier month: what the registry now says was due, less
    /// what was paid for it (regular and earlier adjustments, failed payments excluded).
    package func insertAdjustments(cycle: UUID, for month: BenefitMonth) async throws -> Bool {
        let columns = try amountColumns(month)
        let paid: SQLQueryString = """
            COALESCE((SELECT SUM(l.amount) FROM payroll_lines l WHERE l.programme = e.programme \
            AND l.beneficiary_id = e.beneficiary_id AND l.pay_month = \(bind: month.iso) \
            AND l.kind IN ('regular', 'adjustment') AND \(unsafeRaw: Self.settled)), 0)
            """
        var arrears: SQLQueryString = """
            INSERT INTO payroll_lines (\(unsafeRaw: Self.lineColumns)) \
            SELECT \(bind: cycle), x.enrolment_id, \(bind: programme.rawValue), x.beneficiary_id, x.payee_id, x.payee_name, \
            \(bind: month.iso), 'adjustment', x.due - x.paid, x.trail, x.territory_path, x.channel, x.account, 'pending', \(bind: false) \
            FROM (SELECT e.id AS enrolment_id, e.beneficiary_id, e.payee_id, p.surname || ' ' || p.given_name AS payee_name, \
            b.territory_path, e.channel, e.account, 
            """
        arrears = arrears + columns.amount + " AS due, " + columns.trail + " AS trail, " + paid + " AS paid "
            + (try entitled(month, activeOnly: false)) + ") x WHERE x.due <> x.paid"
        try await sql.raw(arrears).run()

        let recovery: SQLQueryString = """
            INSERT INTO payroll_lines (\(unsafeRaw: Self.lineColumns)) \
            SELECT \(bind: cycle), l.enrolment_id, l.programme, l.beneficiary_id, l.payee_id, l.payee_name, l.pay_month, \
            'adjustment', -SUM(l.amount), \(bind: "recovery"), l.territory_path, l.channel, l.account, 'pending', \(bind: false) \
            FROM payroll_lines l WHERE l.programme = \(bind: programme.rawValue) AND l.pay_month = \(bind: month.iso) \
            AND l.kind IN ('regular', 'adjustment') AND \(unsafeRaw: Self.settled) AND l.territory_path LIKE \(bind: like) \
            AND l.beneficiary_id NOT IN (SELECT e.beneficiary_id
            """ + " " + (try entitled(month, activeOnly: false, anywhere: true)) + """
            ) GROUP BY l.enrolment_id, l.programme, l.beneficiary_id, l.payee_id, l.payee_name, l.pay_month, \
            l.territory_path, l.channel, l.account HAVING SUM(l.amount) <> 0
            """
        try await sql.raw(recovery).run()
        return columns.unconfirmed
    }

    /// An emergency measure's vertical top-up on this cycle's regular lines inside its territories.
    package func insertTopUps(cycle: UUID, measure: EmergencyMeasure) async throws {
        let amount: SQLQueryString = switch measure.topUp {
        case .percent(let hundredths): "(l.amount * \(bind: hundredths) + 5000) / 10000"
        case .fixed(let money): "\(bind: money.tenne)"
        }
        var inside: SQLQueryString = "("
        for (index, path) in measure.pathList.enumerated() {
            inside = inside + (index == 0 ? "" : " OR ") + "l.territory_path LIKE \(bind: TerritoryPath.likePattern(path))"
        }
        let query: SQLQueryString = """
            INSERT INTO payroll_lines (\(unsafeRaw: Self.lineColumns), measure_id) \
            SELECT l.cycle_id, l.enrolment_id, l.programme, l.beneficiary_id, l.payee_id, l.payee_name, l.pay_month, 'top_up', 
            """ + amount + """
            , \(bind: "measure=\(measure.number)"), l.territory_path, l.channel, l.account, 'pending', \(bind: false), \(bind: measure.id!) \
            FROM payroll_lines l WHERE l.cycle_id = \(bind: cycle) AND l.kind = 'regular' AND 
            """ + inside + ")"
        try await sql.raw(query).run()
    }

    /// Failed payments an officer asked to reissue, from earlier cycles of the same programme
    /// and territory: paid again with the enrolment's current account.
    package func insertReissues(cycle: UUID) async throws {
        try await sql.raw("""
            INSERT INTO payroll_lines (\(unsafeRaw: Self.lineColumns), measure_id, reissue_of) \
            SELECT \(bind: cycle), l.enrolment_id, l.programme, l.beneficiary_id, l.payee_id, l.payee_name, l.pay_month, l.kind, \
            l.amount, l.parameters, l.territory_path, COALESCE(e.channel, l.channel), COALESCE(e.account, l.account), 'pending', \
            \(bind: false), l.measure_id, l.id \
            FROM payroll_lines l JOIN payroll_cycles c ON c.id = l.cycle_id LEFT JOIN benefit_enrolments e ON e.id = l.enrolment_id \
            WHERE c.programme = \(bind: programme.rawValue) AND c.territory_path = \(bind: territoryPath) AND c.id <> \(bind: cycle) \
            AND l.status = 'failed' AND l.reissue_requested = \(bind: true) \
            AND NOT EXISTS (SELECT 1 FROM payroll_lines r WHERE r.reissue_of = l.id) \
            AND NOT EXISTS (SELECT 1 FROM payroll_lines o WHERE o.programme = l.programme AND o.beneficiary_id = l.beneficiary_id \
            AND o.pay_month = l.pay_month AND o.kind = l.kind AND o.kind <> 'adjustment' AND o.status <> 'failed' \
            AND (o.measure_id = l.measure_id OR (o.measure_id IS NULL AND l.measure_id IS NULL)))
            """).run()
    }
}
