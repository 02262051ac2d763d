import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawCare

/// Alternative care for a synthetic population, set-based: per welaýat a baby home, a children's
/// home and a boarding school for children with disabilities; foster carers among the adults;
/// and placement episodes for about 1 child in 300 — residential care for about 2 in 5 of them,
/// 87 % of whom have a disability (reference §7), then guardianship and custody, kinship and
/// foster care — a fifth of them already ended with a destination. The children are picked by
/// their registry number, so the same population gives the same placements.
package struct CarePopulation {
    package let db: any Database
    package let today: CalendarDate

    package init(db: any Database, today: CalendarDate) {
        self.db = db
        self.today = today
    }

    var sql: any SQLDatabase { db as! any SQLDatabase }
    var postgres: Bool { sql.dialect.name == "postgresql" }

    /// The registry number's digits ("P-00001234" → 1234): the deterministic pick.
    var n: String { postgres ? "CAST(substr(c.number, 3) AS BIGINT)" : "CAST(substr(c.number, 3) AS INTEGER)" }

    /// Today moved by a signed number of days, as ISO text.
    func offset(_ days: String) -> String {
        postgres ? "to_char(DATE '\(today.iso)' + CAST(\(days) AS INTEGER), 'YYYY-MM-DD')" : "date('\(today.iso)', (\(days)) || ' days')"
    }

    func before(_ days: String) -> String { offset("-(\(days))") }

    func plus(_ date: String, days: Int) -> String {
        postgres ? "to_char(CAST(\(date) AS DATE) + \(days), 'YYYY-MM-DD')" : "date(\(date), '+\(days) days')"
    }

    func plusMonths(_ date: String, _ months: Int) -> String {
        postgres ? "to_char(CAST(\(date) AS DATE) + interval '\(months) months', 'YYYY-MM-DD')" : "date(\(date), '+\(months) months')"
    }

    package struct Result: Sendable { package let settings: Int; package let carers: Int; package let placements: Int; package let current: Int }

    package func place() async throws -> Result {
        let welayats = try await Territory.query(on: db).filter(\.$level == TerritoryLevel.region.rawValue).all()
            .filter { $0.isValid(on: today.iso) }
        let now = AppClock.now
        var settings = 0
        for welayat in welayats {
            guard let etrap = try await Territory.query(on: db).filter(\.$path =~ welayat.path).filter(\.$path != welayat.path)
                .sort(\.$path).first() else { continue }
            let kinds: [(SettingKind, Int, Int, Int, String)] = [(.babyHome, 60, 0, 4, "health"), (.childrensHome, 120, 3, 17, "education"),
                                                                 (.disabilityBoardingSchool, 150, 4, 23, "labour")]
            var ids: [SettingKind: UUID] = [:]
            for (kind, capacity, from, to, ministry) in kinds {
                let name = "\(welayat.code) " + kind.rawValue.replacingOccurrences(of: "_", with: " ") + " (synthetic)"
                // A second run adds children to the settings of the first.
                if let existing = try await CareSetting.query(on: db).filter(\.$name == name).first() { ids[kind] = existing.id; continue }
                let setting = CareSetting()
                setting.id = AppClock.newID()
                setting.name = name
                setting.kind = kind.rawValue
                setting.capacity = capacity
                setting.ageFrom = from
                setting.ageTo = to
                setting.takesDisability = kind != .childrensHome
                setting.ministry = ministry
                setting.$territory.id = try etrap.requireID()
                setting.territoryPath = etrap.path
                setting.active = true
                setting.version = 1
                try await setting.create(on: db)
                ids[kind] = setting.id
                settings += 1
            }
            try await placeChildren(under: welayat.path, settings: ids, now: now)
        }
        let carers = try await Carer.query(on: db).count()
        let placements = try await Placement.query(on: db).count()
        let current = try await Placement.query(on: db).filter(\.$endDate == nil).count()
        // Residential care today is full state support in the registry, which benefits read.
        try await sql.raw("""
            INSERT INTO person_circumstances (id, person_id, kind, from_date, to_date, note, created_at)
            SELECT \(DatabaseSetup.newUUID(sql)), child_id, 'full_state_support', start_date, end_date, 'care (synthetic)', \(bind: now)
            FROM care_placements WHERE care_type = 'residential' AND end_date IS NULL AND legal_basis = 'synthetic'
            """).run()
        return Result(settings: settings, carers: carers, placements: placements, current: current)
    }

    func placeChildren(under path: String, settings: [SettingKind: UUID], now: Date) async throws {
        let like = TerritoryPath.likePattern(path)
        let eighteen = CareRules.addingMonths(-216, to: today).iso, three = CareRules.addingMonths(-36, to: today).iso
        let seven = CareRules.addingMonths(-84, to: today).iso
        let uuid = DatabaseSetup.newUUID(sql)
        // Foster carers: one adult of 30–60 in about 2,000, able to take two children.
        try await sql.raw("""
            INSERT INTO care_carers (id, person_id, kind, status, applied_on, assessed_on, trained_on, approved_on, approval_number, approved_until,
                                     capacity, territory_id, territory_path, version)
            SELECT \(uuid), c.id, 'foster', 'approved', \(bind: today.adding(days: -400).iso), \(bind: today.adding(days: -380).iso),
                   \(bind: today.adding(days: -370).iso), \(bind: today.adding(days: -365).iso), 'SYN-' || c.number, \(bind: today.adding(days: 365).iso),
                   2, c.territory_id, c.territory_path, 1
            FROM persons c
            WHERE c.territory_path LIKE \(bind: like) AND c.merged_into_id IS NULL AND c.death_date IS NULL AND c.territory_id IS NOT NULL
              AND c.birth_date <= \(bind: CareRules.addingMonths(-360, to: today).iso) AND c.birth_date > \(bind: CareRules.addingMonths(-720, to: today).iso)
              AND \(unsafeRaw: n) % 2000 = 7
            """).run()
        let start = before("((\(n) / 19) * 7) % 1400")
        let startOrBirth = "CASE WHEN c.birth_date > \(start) THEN c.birth_date ELSE \(start) END"
        let ends = "((\(n) / 7) % 5 = 0 AND \(plus(startOrBirth, days: 200)) < '\(today.iso)')"
        let disabled = "EXISTS (SELECT 1 FROM disability_statuses d WHERE d.person_id = c.id)"
        let children = """
            FROM persons c WHERE c.territory_path LIKE '\(like)' AND c.merged_into_id IS NULL AND c.death_date IS NULL
              AND c.birth_date > '\(eighteen)' AND c.birth_date <= '\(today.iso)'
              AND NOT EXISTS (SELECT 1 FROM care_placements x WHERE x.child_id = c.id)
            """
        func insert(type: String, setting: String, carer: String, disability: String, pick: String) async throws {
            try await sql.raw("""
                INSERT INTO care_placements (id, child_id, care_type, setting_id, carer_id, organisation_id, start_date, end_date, decision_id,
                    legal_basis, reasons, gatekept, exception, exception_until, siblings, under_three, disability, next_review_on, end_reason,
                    destination, territory_id, territory_path, created_at, version)
                SELECT \(uuid), c.id, \(unsafeRaw: type), \(unsafeRaw: setting), \(unsafeRaw: carer), NULL, \(unsafeRaw: startOrBirth),
                    CASE WHEN \(unsafeRaw: ends) THEN \(unsafeRaw: plus(startOrBirth, days: 200)) ELSE NULL END, NULL,
                    'synthetic', CASE WHEN (\(unsafeRaw: n) / 13) % 3 = 0 THEN 'neglect' WHEN (\(unsafeRaw: n) / 13) % 3 = 1 THEN 'abandonment' ELSE 'parent_died' END,
                    (\(unsafeRaw: n) / 17) % 9 <> 0, NULL, NULL, 'none', c.birth_date > \(unsafeRaw: before("1095")), \(unsafeRaw: disability),
                    \(unsafeRaw: offset("((\(n) / 3) % 120) - 90")),
                    CASE WHEN \(unsafeRaw: ends) THEN 'synthetic' ELSE NULL END,
                    CASE WHEN NOT \(unsafeRaw: ends) THEN NULL WHEN (\(unsafeRaw: n) / 11) % 4 = 0 THEN 'returned' WHEN (\(unsafeRaw: n) / 11) % 4 = 1 THEN 'family_care'
                         WHEN (\(unsafeRaw: n) / 11) % 4 = 2 THEN 'adopted' ELSE 'transferred' END,
                    c.territory_id, c.territory_path, \(bind: now), 1
                \(unsafeRaw: children) AND \(unsafeRaw: pick)
                """).run()
        }
        func ref(_ kind: SettingKind) -> String {
            settings[kind].map { postgres ? "CAST('\($0.uuidString.lowercased())' AS uuid)" : "'\($0.uuidString)'" } ?? "NULL"
        }
        // Residential: a child with an official disability 1 in 7, in the boarding school (a baby
        // home under 3); a child without one, 1 in 6,000, in the children's home (or the baby home).
        try await insert(type: "'residential'", setting: "CASE WHEN c.birth_date > '\(three)' THEN \(ref(.babyHome)) ELSE \(ref(.disabilityBoardingSchool)) END",
                         carer: "NULL", disability: "\(postgres ? "TRUE" : "1")", pick: "\(disabled) AND \(n) % 7 = 5")
        try await insert(type: "'residential'", setting: "CASE WHEN c.birth_date > '\(three)' THEN \(ref(.babyHome)) ELSE \(ref(.childrensHome)) END",
                         carer: "NULL", disability: "\(postgres ? "FALSE" : "0")", pick: "NOT \(disabled) AND \(n) % 6000 = 11")
        // Family-based: guardianship under 7 and custody from 7 (1 in 1,000), kinship (1 in 1,500),
        // foster care with a carer of the child's etrap (1 in 3,000).
        try await insert(type: "CASE WHEN c.birth_date > '\(seven)' THEN 'guardianship' ELSE 'custody' END", setting: "NULL", carer: "NULL",
                         disability: disabled, pick: "\(n) % 1000 = 2")
        try await insert(type: "'kinship'", setting: "NULL", carer: "NULL", disability: disabled, pick: "\(n) % 1500 = 3")
        try await insert(type: "'foster'", setting: "NULL",
                         carer: "(SELECT k.id FROM care_carers k WHERE k.territory_path = c.territory_path ORDER BY k.id LIMIT 1)",
                         disability: disabled, pick: "\(n) % 3000 = 4")
    }
}
