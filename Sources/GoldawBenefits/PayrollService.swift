import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// Monthly payroll cycles: draft → computed → approved → paid → reconciled. Computing is a
/// handful of set-based statements in one transaction; an interrupted computation rolls back
/// and leaves the cycle a draft with no lines.
package struct PayrollService {
    package let db: any Database
    package let actor: CurrentUser?
    package let audit: AuditService
    package var now: Date = AppClock.now

    /// How many earlier months a computation looks back at for arrears and recoveries.
    package static let adjustmentMonths = 12

    package func create(programme raw: String, territoryCode: String, month raw2: String) async throws -> PayrollCycle {
        var problems: [FieldProblem] = []
        let programme = Programme(rawValue: raw)
        if programme == nil { problems.append(.init(field: "programme", key: "validation.choose")) }
        let month = BenefitMonth(iso: raw2.trimmingCharacters(in: .whitespaces))
        if month == nil { problems.append(.init(field: "month", key: "benefits.month_invalid")) }
        // Next month's lists may be prepared ahead; later months would pay on guesses.
        if let month, month > BenefitMonth(containing: CalendarDate.ashgabat(secondsSince1970: now.timeIntervalSince1970)).adding(months: 1) {
            problems.append(.init(field: "month", key: "payroll.future_month"))
        }
        let territory = try await Territory.query(on: db).filter(\.$code == territoryCode).first()
        if territory == nil || !(actor?.scope.contains(territoryPath: territory!.path) ?? false) {
            problems.append(.init(field: "territory", key: "validation.choose"))
        }
        guard problems.isEmpty, let programme, let month, let territory else { throw AppError.invalid(problems) }
        let exists = try await PayrollCycle.query(on: db).filter(\.$programme == programme.rawValue)
            .filter(\.$territoryPath == territory.path).filter(\.$month == month.iso).count()
        if exists > 0 { throw AppError.invalid([.init(field: "month", key: "payroll.exists")]) }
        let cycle = PayrollCycle()
        cycle.programme = programme.rawValue
        cycle.$territory.id = try territory.requireID()
        cycle.territoryPath = territory.path
        cycle.month = month.iso
        cycle.status = PayrollStatus.draft.rawValue
        cycle.lineCount = 0
        cycle.total = 0
        cycle.usesUnconfirmed = false
        cycle.createdBy = actor?.id
        cycle.version = 1
        try await db.writing { tx in
            cycle.number = Counters.format("PR-", try await Counters.next("payroll", on: tx))
            try await cycle.create(on: tx)
            try await audit.on(tx).record(.payrollChanged, recordType: "payroll", recordID: cycle.id?.uuidString,
                                          detail: "\(cycle.number) created \(programme.rawValue) \(territory.code) \(month.iso)")
        }
        return cycle
    }

    /// Checks enrolments against the registry, then writes the month's lines, arrears and
    /// recoveries for earlier months, emergency top-ups and requested reissues.
    package func compute(_ cycle: PayrollCycle, expectedVersion: Int) async throws {
        guard cycle.version == expectedVersion else { throw AppError.conflict("error.stale") }
        guard cycle.status == PayrollStatus.draft.rawValue else { throw AppError.conflict("payroll.not_draft") }
        guard let programme = Programme(rawValue: cycle.programme), let month = BenefitMonth(iso: cycle.month) else {
            throw AppError.notFound
        }
        let cycleID = try cycle.requireID()
        let table = try await BenefitsCatalog(db: db, actor: actor, audit: audit).parameters()
        do {
            try await db.writing { tx in
                let sql = tx as! any SQLDatabase
                // Claim the cycle first: a second computation waits here and then finds it computed.
                let claimed = try await sql.update(PayrollCycle.schema)
                    .set("status", to: PayrollStatus.computed.rawValue).set("version", to: SQLBind(cycle.version + 1))
                    .where("id", .equal, SQLBind(cycleID)).where("status", .equal, PayrollStatus.draft.rawValue)
                    .returning("id").all()
                guard !claimed.isEmpty else { throw AppError.conflict("payroll.not_draft") }
                // One computation per programme at a time across app instances: arrears read
                // what other cycles paid, so two at once could both pay the same difference.
                if sql.dialect.name == "postgresql" {
                    try await sql.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: "payroll:" + programme.rawValue)))").run()
                }
                let statements = PayrollSQL(sql: sql, programme: programme, territoryPath: cycle.territoryPath, table: table)
                try await EnrolmentReview(sql: sql, programme: programme, territoryPath: cycle.territoryPath, now: now)
                    .run(for: month, table: table)
                var unconfirmed = false
                switch programme.frequency {
                case .monthly:
                    unconfirmed = try await statements.insertRegular(cycle: cycleID, month: month, payFor: month, extra: nil)
                    for earlier in try await adjustmentMonths(programme, cycle.territoryPath, before: month, on: tx) {
                        unconfirmed = try await statements.insertAdjustments(cycle: cycleID, for: earlier) || unconfirmed
                    }
                case .yearly:
                    if let payMonth = table.value(.schoolSuppliesPayMonth, on: month.firstDay), payMonth.value == Int64(month.month) {
                        unconfirmed = try await statements.insertRegular(cycle: cycleID, month: month, payFor: month, extra: nil)
                    }
                case .once:
                    // One statement per birth month, each with the amounts valid in that month.
                    for birthMonth in try await pendingBirthMonths(programme, cycle.territoryPath, upTo: month, on: sql) {
                        let sameMonth: SQLQueryString = "AND b.birth_date >= \(bind: birthMonth.firstDay.iso) AND b.birth_date <= \(bind: birthMonth.lastDay.iso)"
                        unconfirmed = try await statements.insertRegular(cycle: cycleID, month: month, payFor: birthMonth, extra: sameMonth) || unconfirmed
                    }
                }
                for measure in try await EmergencyService.measures(covering: programme, month: month, on: tx) {
                    try await statements.insertTopUps(cycle: cycleID, measure: measure)
                }
                try await statements.insertReissues(cycle: cycleID)
                try await sql.raw("""
                    UPDATE payroll_lines SET reissue_requested = \(bind: false) WHERE id IN \
                    (SELECT reissue_of FROM payroll_lines WHERE cycle_id = \(bind: cycleID) AND reissue_of IS NOT NULL)
                    """).run()
                let totals = try await sql.raw("""
                    SELECT COUNT(*) AS n, COALESCE(SUM(amount), 0) AS total FROM payroll_lines WHERE cycle_id = \(bind: cycleID)
                    """).first()
                let count = try totals?.decode(column: "n", as: Int.self) ?? 0
                let total = try totals.map { try Self.decodeSum($0, "total") } ?? 0
                try await sql.update(PayrollCycle.schema)
                    .set("line_count", to: SQLBind(count)).set("total", to: SQLBind(total))
                    .set("uses_unconfirmed", to: SQLBind(unconfirmed && count > 0))
                    .set("computed_by", to: SQLBind(actor?.id)).set("computed_at", to: SQLBind(now))
                    .where("id", .equal, SQLBind(cycleID)).run()
                try await audit.on(tx).record(.payrollChanged, recordType: "payroll", recordID: cycleID.uuidString,
                                              detail: "\(cycle.number) computed: \(count) lines, \(total) teňňe")
            }
        } catch let problem as EntitlementProblem {
            if case .missingParameter(let key, _) = problem {
                _ = key
                throw AppError.conflict("payroll.missing_parameter")
            }
            throw problem
        }
    }

    /// SUM is numeric on PostgreSQL and integer on SQLite.
    package static func decodeSum(_ row: any SQLRow, _ column: String) throws -> Int64 {
        if let value = try? row.decode(column: column, as: Int64.self) { return value }
        if let value = try? row.decode(column: column, as: Double.self) { return Int64(value.rounded()) }
        return Int64(try row.decode(column: column, as: String.self)) ?? 0
    }

    /// Earlier months this territory's payroll already ran, most recent first, up to the limit.
    package func adjustmentMonths(_ programme: Programme, _ path: String, before month: BenefitMonth, on db: any Database) async throws -> [BenefitMonth] {
        try await PayrollCycle.query(on: db).filter(\.$programme == programme.rawValue).filter(\.$territoryPath == path)
            .filter(\.$month < month.iso).filter(\.$month >= month.adding(months: -Self.adjustmentMonths).iso)
            .filter(\.$status != PayrollStatus.draft.rawValue).all()
            .compactMap { BenefitMonth(iso: $0.month) }.sorted(by: >)
    }

    /// Birth months of children with an active birth-grant enrolment and no grant paid yet.
    package func pendingBirthMonths(_ programme: Programme, _ path: String, upTo month: BenefitMonth, on sql: any SQLDatabase) async throws -> [BenefitMonth] {
        try await sql.raw("""
            SELECT DISTINCT SUBSTR(b.birth_date, 1, 7) AS m FROM benefit_enrolments e JOIN persons b ON b.id = e.beneficiary_id \
            WHERE e.programme = \(bind: programme.rawValue) AND e.status = 'active' AND b.territory_path LIKE \(bind: TerritoryPath.likePattern(path)) \
            AND e.effective_from <= \(bind: month.lastDay.iso) \
            AND NOT EXISTS (SELECT 1 FROM payroll_lines l WHERE l.programme = e.programme AND l.beneficiary_id = e.beneficiary_id \
            AND l.kind = 'regular')
            """).all().compactMap { BenefitMonth(iso: try $0.decode(column: "m", as: String.self)) }
    }

    package func approve(_ cycle: PayrollCycle, expectedVersion: Int) async throws {
        guard cycle.version == expectedVersion else { throw AppError.conflict("error.stale") }
        guard let actor else { throw AppError.conflict(PayrollApproval.Refusal.ownComputation.rawValue) }
        if let refusal = PayrollApproval.refusal(status: PayrollStatus(rawValue: cycle.status) ?? .draft, usesUnconfirmed: cycle.usesUnconfirmed,
                                                 computedBy: cycle.computedBy, approver: actor.id) {
            throw AppError.conflict(refusal.rawValue)
        }
        try await move(cycle, to: .approved) { $0.approvedBy = actor.id; $0.approvedAt = now }
    }

    /// The payment lists went to the bank and the post office.
    package func markPaid(_ cycle: PayrollCycle, expectedVersion: Int) async throws {
        guard cycle.version == expectedVersion else { throw AppError.conflict("error.stale") }
        guard cycle.status == PayrollStatus.approved.rawValue else { throw AppError.conflict("payroll.not_approved") }
        try await move(cycle, to: .paid) { $0.paidBy = actor?.id; $0.paidAt = now }
    }

    private func move(_ cycle: PayrollCycle, to status: PayrollStatus, _ change: (PayrollCycle) -> Void) async throws {
        let from = cycle.status, seen = cycle.version
        cycle.status = status.rawValue
        cycle.version += 1
        change(cycle)
        try await db.writing { tx in
            try await DatabaseSetup.claim(PayrollCycle.schema, id: cycle.requireID(), version: seen, status: from, on: tx as! any SQLDatabase)
            try await cycle.update(on: tx)
            try await audit.on(tx).record(.payrollChanged, recordType: "payroll", recordID: cycle.id?.uuidString,
                                          detail: "\(cycle.number) \(status.rawValue)")
        }
    }

    package init(db: any Database, actor: CurrentUser?, audit: AuditService, now: Date = AppClock.now) {
        self.db = db
        self.actor = actor
        self.audit = audit
        self.now = now
    }
}

extension Request {
    package var payroll: PayrollService { PayrollService(db: db, actor: currentUser, audit: audit) }
}
