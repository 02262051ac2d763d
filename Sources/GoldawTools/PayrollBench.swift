import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawBenefits
import GoldawSocialServices
import GoldawCases
import GoldawIndicators

/// `goldaw bench payroll --beneficiaries 500000`: the monthly child-care payroll for that many
/// enrolled children in Mary welaýat, computed by `PayrollService` and, in the same run on the
/// same database, by one hand-written INSERT … SELECT producing the same lines (the floor).
/// Prints both times and their ratio; never fails on timing.
package struct PayrollBench {
    package let app: Application
    package let console: any Console
    package static let region = "TM-M"
    package static let marker = "B-"

    /// `national`: every welaýat's cycle computed in turn (as the ministry runs the month),
    /// against one hand-written statement over the whole country.
    package func run(beneficiaries target: Int, seed: UInt64, national: Bool = false) async throws {
        let db = app.db
        let sql = db as! any SQLDatabase
        let region = try await Territory.query(on: db).filter(\.$code == Self.region).first()!
        let regions = national ? try await TerritoryService(db: db).valid(on: CalendarDate.today.iso).filter { $0.level == "region" } : [region]
        let etraps = try await TerritoryService(db: db).valid(on: CalendarDate.today.iso).filter { $0.path.hasPrefix(region.path) && $0.path != region.path }
        let month = BenefitMonth(containing: CalendarDate.today)
        var existing = try await BenefitEnrolment.query(on: db).filter(\.$programme == Programme.childCare.rawValue).count()
        var random = SeededRandom(seed: seed)
        let started = ContinuousClock.now
        while existing < target {
            let count = min(sql.dialect.name == "sqlite" ? 1000 : 2000, target - existing)
            try await insertFamilies(count: count, start: existing, month: month, etraps: etraps, random: &random, db: db)
            existing += count
            if existing % 50_000 < count || existing == target {
                let rate = Double(existing) / max((ContinuousClock.now - started).seconds, 0.001)
                console.print("enrolled \(existing) children · \(Int(rate)) per s")
            }
        }
        let officer = CurrentUser(id: AppClock.newID(), username: "bench", fullName: "Benchmark", role: .benefitsOfficer, scope: .national,
                                  scopeTerritoryID: nil, locale: .en, mustChangePassword: false, sessionID: nil, csrfToken: nil)
        let service = PayrollService(db: db, actor: officer, audit: AuditService(db: db, actor: officer))
        let table = try await BenefitsCatalog(db: db, actor: nil, audit: service.audit).parameters()
        // A cycle per measurement, removed afterwards so that runs can repeat.
        func clear() async throws {
            try await sql.raw("DELETE FROM payroll_lines WHERE cycle_id IN (SELECT id FROM payroll_cycles WHERE number LIKE 'BENCH-%')").run()
            try await sql.raw("DELETE FROM payroll_cycles WHERE number LIKE 'BENCH-%'").run()
        }
        func freshCycle(_ label: String, in unit: Territory? = nil, clearing: Bool = true) async throws -> PayrollCycle {
            if clearing { try await clear() }
            let unit = unit ?? region
            let cycle = PayrollCycle()
            cycle.number = "BENCH-\(label)"
            cycle.programme = Programme.childCare.rawValue
            cycle.$territory.id = try unit.requireID()
            cycle.territoryPath = unit.path
            cycle.month = month.iso
            cycle.status = PayrollStatus.draft.rawValue
            cycle.lineCount = 0
            cycle.total = 0
            cycle.usesUnconfirmed = false
            cycle.version = 1
            try await cycle.create(on: db)
            return cycle
        }
        var floorTimes: [Double] = [], goldawTimes: [Double] = []
        var floorResult = (0, Int64(0)), goldawResult = (0, Int64(0))
        for round in 0..<3 {
            let floorCycle = try await freshCycle("floor-\(round)")
            var start = ContinuousClock.now
            try await floor(cycle: floorCycle, month: month, regionPath: national ? "/" : region.path, table: table, sql: sql)
            floorTimes.append((ContinuousClock.now - start).seconds)
            floorResult = try await totals([floorCycle], sql)
            try await clear()
            var cycles: [PayrollCycle] = []
            for unit in regions { cycles.append(try await freshCycle("goldaw-\(round)-\(unit.code)", in: unit, clearing: false)) }
            start = ContinuousClock.now
            for cycle in cycles { try await service.compute(cycle, expectedVersion: cycle.version) }
            goldawTimes.append((ContinuousClock.now - start).seconds)
            goldawResult = try await totals(cycles, sql)
        }
        try await clear()
        let floorBest = floorTimes.min()!, goldawBest = goldawTimes.min()!
        console.print("payroll: child care for \(month.iso), \(existing) enrolled children, "
                      + (national ? "\(regions.count) welaýat cycles (the whole country)" : Self.region) + " on \(sql.dialect.name)")
        console.print(String(format: "floor (one INSERT … SELECT): best %.2f s of %@ · %d lines · %@",
                             floorBest, floorTimes.map { String(format: "%.2f", $0) }.joined(separator: ", "),
                             floorResult.0, Money(tenne: floorResult.1).formatted))
        console.print(String(format: "Goldaw compute (review + lines + adjustments + top-ups + reissues + totals): best %.2f s of %@ · %d lines · %@",
                             goldawBest, goldawTimes.map { String(format: "%.2f", $0) }.joined(separator: ", "),
                             goldawResult.0, Money(tenne: goldawResult.1).formatted))
        console.print(String(format: "ratio to floor: %.2f×%@", goldawBest / max(floorBest, 0.000_001),
                             floorResult == goldawResult ? "" : " — WARNING: the two produced different lines"))
    }

    package func totals(_ cycles: [PayrollCycle], _ sql: any SQLDatabase) async throws -> (Int, Int64) {
        let ids = try cycles.map { try $0.requireID() }
        let row = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .column(SQLFunction("COALESCE", args: SQLFunction("SUM", args: SQLColumn("amount")), SQLLiteral.numeric("0")), as: "total")
            .from(PayrollLine.schema).where("cycle_id", .in, SQLBind.group(ids)).first()!
        return (try row.decode(column: "n", as: Int.self), try PayrollService.decodeSum(row, "total"))
    }

    /// The same lines, written by hand in one statement: what the database alone needs.
    package func floor(cycle: PayrollCycle, month: BenefitMonth, regionPath: String, table: ParameterTable, sql: any SQLDatabase) async throws {
        let plain = try Entitlement.amount(.childCare, month: month, table: table)
        let titled = try Entitlement.amount(.childCare, month: month, table: table, eneMahri: true)
        let range = ChildCareMonthRule.bornByLastDayUnderLimitOnFirstDay.birthRange(month: month, ageLimit: 3)
        let first = month.firstDay.iso
        try await sql.raw("""
            INSERT INTO payroll_lines (\(unsafeRaw: PayrollSQL.lineColumns))
            SELECT \(bind: cycle.requireID()), e.id, e.programme, e.beneficiary_id, e.payee_id, p.surname || ' ' || p.given_name, \(bind: month.iso), 'regular',
              CASE WHEN t.person_id IS NULL THEN \(bind: plain.amount.tenne) ELSE \(bind: titled.amount.tenne) END,
              CASE WHEN t.person_id IS NULL THEN \(bind: plain.trail) ELSE \(bind: titled.trail) END,
              b.territory_path, e.channel, e.account, 'pending', \(bind: false)
            FROM benefit_enrolments e JOIN persons b ON b.id = e.beneficiary_id JOIN persons p ON p.id = e.payee_id
            LEFT JOIN person_circumstances t ON t.person_id = e.payee_id AND t.kind = 'ene_mahri' AND t.from_date <= \(bind: first) AND t.to_date IS NULL
            WHERE e.programme = 'child_care' AND e.status = 'active' AND e.effective_from <= \(bind: month.lastDay.iso)
              AND b.territory_path LIKE \(bind: regionPath + "%") AND b.death_date IS NULL
              AND b.birth_date >= \(bind: range.lowerBound.iso) AND b.birth_date <= \(bind: range.upperBound.iso)
            """).run()
    }

    /// Mothers and their children under 3, each child enrolled in child care; every 40th mother
    /// holds the "Ene mähri" title. Multi-row inserts, one transaction per batch.
    package func insertFamilies(count: Int, start: Int, month: BenefitMonth, etraps: [Territory], random: inout SeededRandom, db: any Database) async throws {
        var persons: [[any SQLExpression]] = [], enrolments: [[any SQLExpression]] = [], titles: [[any SQLExpression]] = []
        let now = AppClock.now
        let youngest = month.firstDay.adding(days: -10).dayNumber, oldest = month.firstDay.adding(years: -3).adding(days: 5).dayNumber
        for offset in 0..<count {
            let index = start + offset
            let place = random.pick(etraps)
            let mother = AppClock.newID(), child = AppClock.newID()
            let motherGiven = random.pick(SyntheticNames.female), childGiven = random.pick(SyntheticNames.female)
            let surname = SyntheticNames.surname(random.pick(SyntheticNames.surnameStems), female: true)
            let childBorn = CalendarDate(dayNumber: random.int(oldest...youngest))
            for (id, given, born, suffix) in [(mother, motherGiven, childBorn.adding(years: -25), "M"), (child, childGiven, childBorn, "C")] {
                persons.append([SQLBind(id), SQLBind("\(Self.marker)\(suffix)\(index)"), SQLBind(given), SQLBind(surname),
                                SQLBind(NameFolding.surnameKey(surname)), SQLBind(NameFolding.key(given)), SQLBind("female"), SQLBind(born.iso),
                                SQLBind(false), SQLBind("citizen"), SQLBind(place.id), SQLBind(place.path), SQLBind(now), SQLBind(1)])
            }
            enrolments.append([SQLBind(AppClock.newID()), SQLBind(Programme.childCare.rawValue), SQLBind(child), SQLBind(mother),
                               SQLBind(BenefitMonth(containing: childBorn).firstDay.iso), SQLBind(EnrolmentStatus.active.rawValue), SQLBind(false),
                               SQLBind(random.chance(0.5) ? "bank" : "post"), SQLBind("TM\(10_000_000_000 + index)"), SQLBind(1), SQLBind(now)])
            if index % 40 == 0 {
                titles.append([SQLBind(AppClock.newID()), SQLBind(mother), SQLBind(Circumstance.eneMahri.rawValue), SQLBind("2022-01-01"), SQLBind(now)])
            }
        }
        let (p, e, t) = (persons, enrolments, titles)
        try await db.writing { tx in
            let sql = tx as! any SQLDatabase
            try await sql.insert(into: Person.schema)
                .columns("id", "number", "given_name", "surname", "surname_key", "given_key", "sex", "birth_date", "birth_date_estimated",
                         "legal_status", "territory_id", "territory_path", "created_at", "version").rows(p).run()
            try await sql.insert(into: BenefitEnrolment.schema)
                .columns("id", "programme", "beneficiary_id", "payee_id", "effective_from", "status", "review_pending", "channel", "account",
                         "version", "created_at").rows(e).run()
            if !t.isEmpty {
                try await sql.insert(into: PersonCircumstance.schema).columns("id", "person_id", "kind", "from_date", "created_at").rows(t).run()
            }
        }
    }

    package init(app: Application, console: any Console) {
        self.app = app
        self.console = console
    }
}
