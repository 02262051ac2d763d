import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform

/// The care indicators, counted from the placement episodes by SQL for any territory, date and
/// period: the children in formal care on a date by type, TransMonEE age band and sex, entries
/// and exits with the destinations, and the quality measures of the BCN/UNICEF manual (reference
/// §2.2–2.3). Aggregates only: no name leaves here.
package struct CareFigures: Sendable {
    package let sql: any SQLDatabase

    package init(db: any Database) { self.sql = db as! any SQLDatabase }

    /// One count of children, by the dimensions the TransMonEE series take.
    package struct Cell: Codable, Sendable, Equatable {
        package let type: String
        package let band: String
        package let sex: String
        package let disability: Bool
        package let count: Int
    }

    package struct Flow: Codable, Sendable, Equatable {
        package let type: String
        package let band: String
        package let sex: String
        /// The destination of an exit; nil for an entry.
        package let destination: String?
        package let count: Int
    }

    package struct Report: Codable, Sendable {
        package let territoryPath: String
        package let date: String
        package let from: String
        package let to: String
        package let stock: [Cell]
        package let entries: [Flow]
        package let exits: [Flow]
        /// Children 0–17 alive in the registry in the territory on the date: the rates' denominator.
        package let childrenInRegistry: Int
        /// Entrants of the period placed after a gatekeeping assessment.
        package let entriesGatekept: Int
        /// Children in care on the date whose review was not overdue.
        package let reviewedOnTime: Int
        package let withCarePlan: Int
        /// Children in care on the date with contact with family in the three months before it.
        package let withRecentContact: Int
    }

    /// The TransMonEE age band of a child born on `birth`, on the date in `on` (both ISO text columns).
    func band(birth: String, on: String) -> String {
        func minus(_ years: Int) -> String {
            sql.dialect.name == "postgresql"
                ? "to_char((\(on))::date - interval '\(years) years', 'YYYY-MM-DD')"
                : "date(\(on), '-\(years) years')"
        }
        return "CASE WHEN \(birth) > \(minus(3)) THEN 'Y0T2' WHEN \(birth) > \(minus(7)) THEN 'Y3T6' WHEN \(birth) > \(minus(18)) THEN 'Y7T17' ELSE 'Y_GE18' END"
    }

    /// The five statements a report runs, in order: stock, entries, exits, children, quality.
    /// The benchmark sends them directly as the floor.
    package func statements(under path: String, on date: CalendarDate, from: CalendarDate, to: CalendarDate) -> [SQLQueryString] {
        let like = TerritoryPath.likePattern(path)
        let d = date.iso
        let stockBand = band(birth: "c.birth_date", on: "'\(d)'")
        let entryBand = band(birth: "c.birth_date", on: "p.start_date")
        let exitBand = band(birth: "c.birth_date", on: "p.end_date")
        let eighteen = CareRules.addingMonths(-216, to: date).iso
        let contactSince = CareRules.addingMonths(-3, to: date).iso
        let stock: SQLQueryString = """
            SELECT p.care_type AS type, \(unsafeRaw: stockBand) AS band, c.sex AS sex, p.disability AS disability, COUNT(*) AS n
            FROM care_placements p JOIN persons c ON c.id = p.child_id
            WHERE p.territory_path LIKE \(bind: like) AND p.start_date <= \(bind: d) AND (p.end_date IS NULL OR p.end_date >= \(bind: d))
            GROUP BY p.care_type, \(unsafeRaw: stockBand), c.sex, p.disability
            """
        let entries: SQLQueryString = """
            SELECT p.care_type AS type, \(unsafeRaw: entryBand) AS band, c.sex AS sex, COUNT(*) AS n, SUM(CASE WHEN p.gatekept THEN 1 ELSE 0 END) AS gatekept
            FROM care_placements p JOIN persons c ON c.id = p.child_id
            WHERE p.territory_path LIKE \(bind: like) AND p.start_date >= \(bind: from.iso) AND p.start_date <= \(bind: to.iso)
            GROUP BY p.care_type, \(unsafeRaw: entryBand), c.sex
            """
        let exits: SQLQueryString = """
            SELECT p.care_type AS type, \(unsafeRaw: exitBand) AS band, c.sex AS sex, COALESCE(p.destination, 'other') AS destination, COUNT(*) AS n
            FROM care_placements p JOIN persons c ON c.id = p.child_id
            WHERE p.territory_path LIKE \(bind: like) AND p.end_date >= \(bind: from.iso) AND p.end_date <= \(bind: to.iso)
            GROUP BY p.care_type, \(unsafeRaw: exitBand), c.sex, COALESCE(p.destination, 'other')
            """
        let children: SQLQueryString = """
            SELECT COUNT(*) AS n FROM persons WHERE territory_path LIKE \(bind: like) AND merged_into_id IS NULL
            AND birth_date <= \(bind: d) AND birth_date > \(bind: eighteen) AND (death_date IS NULL OR death_date > \(bind: d))
            """
        let quality: SQLQueryString = """
            SELECT SUM(CASE WHEN p.next_review_on >= \(bind: d) THEN 1 ELSE 0 END) AS reviewed,
                   SUM(CASE WHEN p.plan_goals IS NOT NULL THEN 1 ELSE 0 END) AS planned,
                   SUM(CASE WHEN EXISTS (SELECT 1 FROM care_contacts k WHERE k.placement_id = p.id AND k.contact_on > \(bind: contactSince)
                                         AND k.contact_on <= \(bind: d)) THEN 1 ELSE 0 END) AS contact
            FROM care_placements p
            WHERE p.territory_path LIKE \(bind: like) AND p.start_date <= \(bind: d) AND (p.end_date IS NULL OR p.end_date >= \(bind: d))
            """
        return [stock, entries, exits, children, quality]
    }

    package func report(under path: String, on date: CalendarDate, from: CalendarDate, to: CalendarDate) async throws -> Report {
        let queries = statements(under: path, on: date, from: from, to: to)
        let stock = try await sql.raw(queries[0]).all().map {
            Cell(type: try $0.decode(column: "type", as: String.self), band: try $0.decode(column: "band", as: String.self),
                 sex: try $0.decode(column: "sex", as: String.self), disability: try $0.decode(column: "disability", as: Bool.self),
                 count: try $0.decode(column: "n", as: Int.self))
        }
        var gatekept = 0
        let entries = try await sql.raw(queries[1]).all().map { row -> Flow in
            gatekept += try row.decode(column: "gatekept", as: Int?.self) ?? 0
            return Flow(type: try row.decode(column: "type", as: String.self), band: try row.decode(column: "band", as: String.self),
                        sex: try row.decode(column: "sex", as: String.self), destination: nil, count: try row.decode(column: "n", as: Int.self))
        }
        let exits = try await sql.raw(queries[2]).all().map {
            Flow(type: try $0.decode(column: "type", as: String.self), band: try $0.decode(column: "band", as: String.self),
                 sex: try $0.decode(column: "sex", as: String.self), destination: try $0.decode(column: "destination", as: String.self),
                 count: try $0.decode(column: "n", as: Int.self))
        }
        let children = try await sql.raw(queries[3]).first()?.decode(column: "n", as: Int.self) ?? 0
        let quality = try await sql.raw(queries[4]).first()
        return Report(territoryPath: path, date: date.iso, from: from.iso, to: to.iso, stock: stock, entries: entries, exits: exits,
                      childrenInRegistry: children, entriesGatekept: gatekept,
                      reviewedOnTime: try quality?.decode(column: "reviewed", as: Int?.self) ?? 0,
                      withCarePlan: try quality?.decode(column: "planned", as: Int?.self) ?? 0,
                      withRecentContact: try quality?.decode(column: "contact", as: Int?.self) ?? 0)
    }
}

/// The series a national report takes, named by their TransMonEE codes where one exists.
package struct CareSeries: Codable, Sendable, Equatable {
    package let code: String
    package let labelKey: String
    package let value: Double
    /// Whether the value is a rate or a share rather than a count.
    package let isRate: Bool

    package static func from(_ r: CareFigures.Report) -> [CareSeries] {
        func stock(_ filter: (CareFigures.Cell) -> Bool) -> Int { r.stock.filter(filter).map(\.count).reduce(0, +) }
        func rate(_ n: Int) -> Double { r.childrenInRegistry == 0 ? 0 : (Double(n) * 100_000 / Double(r.childrenInRegistry) * 10).rounded() / 10 }
        func share(_ n: Int, _ of: Int) -> Double { of == 0 ? 0 : (Double(n) * 1000 / Double(of)).rounded() / 10 }
        let children = { (c: CareFigures.Cell) in c.band != CareAgeBand.y18plus.rawValue }
        let residential = stock { $0.type == CareType.residential.rawValue && children($0) }
        let family = stock { $0.type != CareType.residential.rawValue && children($0) }
        let all = residential + family
        var series: [CareSeries] = [
            .init(code: "GOLDAW_INCARE", labelKey: "care.series.in_care", value: Double(all), isRate: false),
            .init(code: "GOLDAW_INCARE_RATE", labelKey: "care.series.in_care_rate", value: rate(all), isRate: true),
            .init(code: "PT_CHLD_INRESIDENTIAL", labelKey: "care.series.residential", value: Double(residential), isRate: false),
            .init(code: "PT_CHLD_INRESIDENTIAL_RATE_B", labelKey: "care.series.residential_rate", value: rate(residential), isRate: true),
        ]
        for band in CareAgeBand.allCases {
            series.append(.init(code: "PT_CHLD_INRESIDENTIAL.\(band.rawValue)", labelKey: "care.series.residential_band.\(band.rawValue)",
                                value: Double(stock { $0.type == CareType.residential.rawValue && $0.band == band.rawValue }), isRate: false))
        }
        series += [
            .init(code: "PT_CHLD_CARED_BY_FOSTER", labelKey: "care.series.foster", value: Double(stock { $0.type == CareType.foster.rawValue && children($0) }), isRate: false),
            .init(code: "PT_CHLD_CARED_GUARDIAN", labelKey: "care.series.guardian",
                  value: Double(stock { ($0.type == CareType.guardianship.rawValue || $0.type == CareType.custody.rawValue) && children($0) }), isRate: false),
            .init(code: "PT_CHLD_INKINSHIP", labelKey: "care.series.kinship", value: Double(stock { $0.type == CareType.kinship.rawValue && children($0) }), isRate: false),
            .init(code: "PT_CHLD_INRESIDENTIAL_PROP", labelKey: "care.series.residential_share", value: share(residential, all), isRate: true),
            .init(code: "PT_CHLD_ALLFAMILY_PROP", labelKey: "care.series.family_share", value: share(family, all), isRate: true),
            .init(code: "PT_CHLD_DISAB_PUBLIC", labelKey: "care.series.disability_residential",
                  value: Double(stock { $0.type == CareType.residential.rawValue && $0.disability && children($0) }), isRate: false),
            .init(code: "PT_CHLD_DISAB_FOSTER", labelKey: "care.series.disability_foster",
                  value: Double(stock { $0.type == CareType.foster.rawValue && $0.disability && children($0) }), isRate: false),
            .init(code: "PT_CHLD_DISAB_CARED_GUARDIAN", labelKey: "care.series.disability_guardian",
                  value: Double(stock { ($0.type == CareType.guardianship.rawValue || $0.type == CareType.custody.rawValue) && $0.disability && children($0) }), isRate: false),
            .init(code: "GOLDAW_YOUNG_ADULTS_INCARE", labelKey: "care.series.young_adults", value: Double(stock { !children($0) }), isRate: false),
        ]
        let entries = r.entries.map(\.count).reduce(0, +)
        series += [
            .init(code: "GOLDAW_ENTERED", labelKey: "care.series.entries", value: Double(entries), isRate: false),
            .init(code: "GOLDAW_ENTERED_RESIDENTIAL", labelKey: "care.series.entries_residential",
                  value: Double(r.entries.filter { $0.type == CareType.residential.rawValue }.map(\.count).reduce(0, +)), isRate: false),
            .init(code: "PT_CHLD_ENTEREDFOSTER", labelKey: "care.series.entries_foster",
                  value: Double(r.entries.filter { $0.type == CareType.foster.rawValue }.map(\.count).reduce(0, +)), isRate: false),
            .init(code: "PT_CHLD_LEFTRESCARE", labelKey: "care.series.left_residential",
                  value: Double(r.exits.filter { $0.type == CareType.residential.rawValue }.map(\.count).reduce(0, +)), isRate: false),
        ]
        for destination in ExitDestination.allCases {
            series.append(.init(code: destination.transMonEECode, labelKey: "care.series.left_to.\(destination.rawValue)",
                                value: Double(r.exits.filter { $0.type == CareType.residential.rawValue && $0.destination == destination.rawValue }
                                    .map(\.count).reduce(0, +)), isRate: false))
        }
        series += [
            .init(code: "PT_CHLD_ADOPTION", labelKey: "care.series.adoptions",
                  value: Double(r.exits.filter { $0.destination == ExitDestination.adopted.rawValue }.map(\.count).reduce(0, +)), isRate: false),
            .init(code: "BCN_8_GATEKEEPING", labelKey: "care.series.gatekept", value: share(r.entriesGatekept, entries), isRate: true),
            .init(code: "BCN_9_REVIEWED", labelKey: "care.series.reviewed", value: share(r.reviewedOnTime, all + stock { !children($0) }), isRate: true),
            .init(code: "BCN_7_CARE_PLAN", labelKey: "care.series.care_plan", value: share(r.withCarePlan, all + stock { !children($0) }), isRate: true),
            .init(code: "BCN_6_CONTACT", labelKey: "care.series.contact", value: share(r.withRecentContact, all + stock { !children($0) }), isRate: true),
            .init(code: "GOLDAW_UNDER3_RESIDENTIAL", labelKey: "care.series.under3_residential",
                  value: Double(stock { $0.type == CareType.residential.rawValue && $0.band == CareAgeBand.y0t2.rawValue }), isRate: false),
        ]
        return series
    }
}

extension CareFigures.Cell: Content {}
extension CareFigures.Flow: Content {}
