import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// Emergency (shock-response) measures for chosen territories and months. Vertical: a top-up
/// for existing beneficiaries of chosen programmes, added by payroll as separate lines.
/// Horizontal: households meeting the measure's rule are enrolled in emergency assistance at
/// the measure's amount until it ends.
package struct EmergencyService {
    package let db: any Database
    package let actor: CurrentUser?
    package let audit: AuditService
    package var now: Date = AppClock.now

    package struct Declaration {
        package var measureKind: String = "vertical"
        package var rule: String = ""
        package var name: String
        package var programmes: [String]
        package var territories: [String]
        package var kind: String
        package var value: String
        package var fromMonth: String
        package var toMonth: String
    }

    package func declare(_ d: Declaration) async throws -> EmergencyMeasure {
        var problems: [FieldProblem] = []
        let name = d.name.trimmingCharacters(in: .whitespaces)
        if name.isEmpty || name.count > 200 { problems.append(.init(field: "name", key: "validation.required")) }
        let horizontal = d.measureKind == "horizontal"
        if !horizontal && !["vertical", ""].contains(d.measureKind) { problems.append(.init(field: "measureKind", key: "validation.choose")) }
        let rule = EmergencyRule(code: d.rule)
        if horizontal && rule == nil { problems.append(.init(field: "rule", key: "validation.choose")) }
        let programmes = horizontal ? [Programme.emergencyAssistance]
            : d.programmes.compactMap(Programme.init(rawValue:)).filter { $0.frequency == .monthly && $0 != .emergencyAssistance }
        if !horizontal && (programmes.isEmpty || programmes.count != d.programmes.count) {
            problems.append(.init(field: "programmes", key: "validation.choose"))
        }
        let territories = try await Territory.query(on: db).filter(\.$code ~~ d.territories).all()
        let scope = actor?.scope ?? .national
        if territories.isEmpty || territories.count != Set(d.territories).count
            || !territories.allSatisfy({ scope.contains(territoryPath: $0.path) }) {
            problems.append(.init(field: "territories", key: "validation.choose"))
        }
        let kind = d.kind == "fixed" ? "fixed" : (d.kind == "percent" && !horizontal ? "percent" : nil)
        if kind == nil { problems.append(.init(field: "kind", key: horizontal ? "emergency.horizontal_fixed" : "validation.choose")) }
        let value = BenefitsCatalog.parseValue(d.value, unit: kind == "fixed" ? .money : .percent)
        if kind != nil && (value == nil || value! <= 0 || (kind == "percent" && value! > 100_000)) {
            problems.append(.init(field: "value", key: "benefits.parameter.bad_value"))
        }
        let from = BenefitMonth(iso: d.fromMonth.trimmingCharacters(in: .whitespaces))
        let to = BenefitMonth(iso: d.toMonth.trimmingCharacters(in: .whitespaces))
        if from == nil { problems.append(.init(field: "fromMonth", key: "benefits.month_invalid")) }
        if to == nil { problems.append(.init(field: "toMonth", key: "benefits.month_invalid")) }
        if let from, let to, to < from { problems.append(.init(field: "toMonth", key: "registry.end_before_start")) }
        guard problems.isEmpty, let kind, let value, let from, let to else { throw AppError.invalid(problems) }
        let measure = EmergencyMeasure()
        measure.name = name
        measure.programmes = programmes.map(\.rawValue).joined(separator: ",")
        measure.territoryPaths = territories.map(\.path).sorted().joined(separator: ",")
        measure.topUpKind = kind
        measure.topUpValue = value
        measure.fromMonth = from.iso
        measure.toMonth = to.iso
        measure.status = "active"
        measure.measureKind = horizontal ? "horizontal" : "vertical"
        measure.rule = rule?.code
        measure.enrolled = 0
        measure.declaredBy = actor?.id
        measure.declaredAt = now
        measure.version = 1
        try await db.writing { tx in
            measure.number = Counters.format("EM-", try await Counters.next("emergency", on: tx), width: 4)
            try await measure.create(on: tx)
            if horizontal, let rule {
                measure.enrolled = try await enrol(measure, rule: rule, from: from, to: to, on: tx as! any SQLDatabase)
                try await measure.update(on: tx)
            }
            try await audit.on(tx).record(.emergencyDeclared, recordType: "emergency", recordID: measure.id?.uuidString,
                                          detail: "\(measure.number) \(measure.programmes) \(measure.territoryPaths) \(kind) \(value)")
        }
        return measure
    }

    /// Ends a measure early: no top-up for months from the current one on.
    package func end(_ measure: EmergencyMeasure, expectedVersion: Int) async throws {
        guard measure.version == expectedVersion else { throw AppError.conflict("error.stale") }
        guard measure.status == "active" else { throw AppError.conflict("emergency.not_active") }
        let current = BenefitMonth(containing: CalendarDate.ashgabat(secondsSince1970: now.timeIntervalSince1970))
        // Months already computed keep their top-ups or assistance; the measure stops after them.
        let computed = try await PayrollCycle.query(on: db).filter(\.$programme ~~ measure.programmeList.map(\.rawValue))
            .filter(\.$status != PayrollStatus.draft.rawValue).filter(\.$month >= measure.fromMonth)
            .sort(\.$month, .descending).first().flatMap { BenefitMonth(iso: $0.month) }
        let lastKept = max(current.adding(months: -1), computed ?? current.adding(months: -1))
        if let to = BenefitMonth(iso: measure.toMonth), to > lastKept { measure.toMonth = lastKept.iso }
        measure.status = "ended"
        measure.endedBy = actor?.id
        measure.endedAt = now
        measure.version += 1
        let lastDay = (BenefitMonth(iso: measure.toMonth) ?? current.adding(months: -1)).lastDay
        try await db.writing { tx in
            try await measure.update(on: tx)
            if measure.isHorizontal {
                // The households' assistance ends with the measure: no payment after its last month.
                try await BenefitEnrolment.query(on: tx).filter(\.$measureID == measure.id).filter(\.$status != EnrolmentStatus.ended.rawValue)
                    .set(\.$status, to: EnrolmentStatus.ended.rawValue).set(\.$statusReason, to: EnrolmentStopReason.measureEnded.rawValue)
                    .set(\.$endDate, to: lastDay.iso).set(\.$statusChangedAt, to: now).update()
            }
            try await audit.on(tx).record(.emergencyEnded, recordType: "emergency", recordID: measure.id?.uuidString, detail: measure.number)
        }
    }

    /// Vertical measures that add to `programme` in `month`. A measure ended early keeps the
    /// months it already covered.
    package static func measures(covering programme: Programme, month: BenefitMonth, on db: any Database) async throws -> [EmergencyMeasure] {
        try await EmergencyMeasure.query(on: db).filter(\.$measureKind == "vertical")
            .filter(\.$fromMonth <= month.iso).filter(\.$toMonth >= month.iso).all()
            .filter { $0.programmeList.contains(programme) }
    }

    /// Enrols, in one statement, the head of every current household inside the measure's
    /// territories that meets the rule today, paid by post until the measure's last month.
    package func enrol(_ measure: EmergencyMeasure, rule: EmergencyRule, from: BenefitMonth, to: BenefitMonth, on sql: any SQLDatabase) async throws -> Int {
        let today = CalendarDate.ashgabat(secondsSince1970: now.timeIntervalSince1970)
        let condition: SQLQueryString = switch rule {
        case .children(let minimum):
            """
            (SELECT COUNT(*) FROM household_memberships m JOIN persons c ON c.id = m.person_id WHERE m.household_id = h.id \
            AND m.to_date IS NULL AND c.death_date IS NULL AND c.birth_date > \(bind: today.adding(years: -18).iso)) >= \(bind: minimum)
            """
        case .disability:
            """
            EXISTS (SELECT 1 FROM household_memberships m JOIN disability_statuses d ON d.person_id = m.person_id \
            WHERE m.household_id = h.id AND m.to_date IS NULL AND d.valid_from <= \(bind: today.iso) \
            AND (d.valid_to IS NULL OR d.valid_to >= \(bind: today.iso)))
            """
        }
        var inside: SQLQueryString = "("
        for (index, path) in measure.pathList.enumerated() {
            inside = inside + (index == 0 ? "" : " OR ") + "h.territory_path LIKE \(bind: TerritoryPath.likePattern(path))"
        }
        let query: SQLQueryString = """
            INSERT INTO benefit_enrolments (id, programme, beneficiary_id, payee_id, measure_id, effective_from, end_date, status, \
            review_pending, channel, version, created_by, created_at) \
            SELECT
            """ + " " + DatabaseSetup.newUUID(sql) + """
            , \(bind: Programme.emergencyAssistance.rawValue), hm.person_id, hm.person_id, \(bind: measure.id!), \(bind: from.firstDay.iso), \
            \(bind: to.lastDay.iso), 'active', \(bind: false), 'post', 1, \(bind: actor?.id), \(bind: now) \
            FROM households h JOIN household_memberships hm ON hm.household_id = h.id AND hm.relationship = 'head' AND hm.to_date IS NULL \
            JOIN persons head ON head.id = hm.person_id AND head.death_date IS NULL AND head.merged_into_id IS NULL \
            WHERE
            """ + " " + inside + ") AND " + condition + """
             AND NOT EXISTS (SELECT 1 FROM benefit_enrolments x WHERE x.programme = \(bind: Programme.emergencyAssistance.rawValue) \
            AND x.beneficiary_id = hm.person_id AND x.status <> 'ended')
            """
        try await sql.raw(query).run()
        return try await BenefitEnrolment.query(on: sql as! any Database).filter(\.$measureID == measure.id).count()
    }
}

extension Request {
    package var emergencies: EmergencyService { EmergencyService(db: db, actor: currentUser, audit: audit) }
}
