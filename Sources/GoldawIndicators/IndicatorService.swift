import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// Refreshes the indicator snapshot from the registry in one set-based statement, and reads a
/// snapshot's counts for the page, the CSV and the API.
package struct IndicatorService {
    package let db: any Database

    /// Snapshots kept after a refresh. More than one, so that a page that picked the previous
    /// snapshot just before a refresh committed still finds its counts; the previous nights stay
    /// for a comparison by hand. A snapshot is a few thousand rows, so three cost nothing.
    package static let kept = 3

    // SUM over a BIGINT is NUMERIC on PostgreSQL: the sums are cast back so both databases answer an integer.
    package static let countColumns = "snapshot_id, territory_id, territory_path, sex, age_band, difficulty, official_disability, people"

    /// The aggregate over the registry on `asOf`: people alive on that day (born by then, no
    /// death on or before it), not merged into another record, counted by territory, sex, age
    /// band, the difficulty of their latest functioning interview up to that day, and whether a
    /// disability certificate is valid on it. The age band is a CASE over birth-date limits
    /// computed by `IndicatorAgeBand.birthLimits` and compared as text, the way both databases
    /// store dates, so no dialect's date functions are needed. Functioning and disability are
    /// each reduced to one row per person first and joined by hash, not looked up per person.
    package static func aggregate(asOf: CalendarDate) -> SQLQueryString {
        let day = asOf.iso
        var band: SQLQueryString = "CASE"
        for (limit, latest) in IndicatorAgeBand.birthLimits(on: asOf) where limit != .infant {
            band = band + " WHEN p.birth_date <= \(bind: latest) THEN \(bind: limit.rawValue)"
        }
        band = band + " ELSE \(bind: IndicatorAgeBand.infant.rawValue) END"
        let difficulty: SQLQueryString = """
            CASE WHEN f.has_difficulty IS NULL THEN \(bind: DifficultyCategory.notAssessed.rawValue) \
            WHEN f.has_difficulty THEN \(bind: DifficultyCategory.withDifficulty.rawValue) \
            ELSE \(bind: DifficultyCategory.withoutDifficulty.rawValue) END
            """
        return """
            SELECT x.territory_id, x.territory_path, x.sex, x.age_band, x.difficulty, x.official_disability, COUNT(*) AS people \
            FROM (SELECT p.territory_id, p.territory_path, p.sex, 
            """ + band + " AS age_band, " + difficulty + """
             AS difficulty, (d.person_id IS NOT NULL) AS official_disability \
            FROM persons p \
            LEFT JOIN (SELECT r.person_id, r.has_difficulty FROM (SELECT person_id, has_difficulty, \
            ROW_NUMBER() OVER (PARTITION BY person_id ORDER BY interview_date DESC, created_at DESC, id DESC) AS rn \
            FROM functioning_records WHERE interview_date <= \(bind: day)) r WHERE r.rn = 1) f ON f.person_id = p.id \
            LEFT JOIN (SELECT DISTINCT person_id FROM disability_statuses WHERE valid_from <= \(bind: day) \
            AND (valid_to IS NULL OR valid_to >= \(bind: day))) d ON d.person_id = p.id \
            WHERE p.merged_into_id IS NULL AND (p.death_date IS NULL OR p.death_date > \(bind: day)) \
            AND p.birth_date <= \(bind: day)) x \
            GROUP BY x.territory_id, x.territory_path, x.sex, x.age_band, x.difficulty, x.official_disability
            """
    }

    /// Counts everyone on `asOf` into a new snapshot, removes all but the last `kept`, and
    /// writes the audit row, in one transaction: readers see the old snapshot or the new one,
    /// never half of it.
    package static func refresh(on db: any Database, asOf: CalendarDate, by user: UUID?, audit: AuditService) async throws -> IndicatorSnapshot {
        try await db.writing { tx in
            let started = ContinuousClock.now
            let sql = tx as! any SQLDatabase
            let snapshot = IndicatorSnapshot()
            snapshot.id = AppClock.newID()
            snapshot.asOf = asOf.iso
            snapshot.computedAt = AppClock.now
            snapshot.computedBy = user
            snapshot.people = 0
            snapshot.seconds = 0
            try await snapshot.create(on: tx)
            let id = try snapshot.requireID()
            try await sql.raw("INSERT INTO indicator_counts (\(unsafeRaw: countColumns)) SELECT \(bind: id), a.* FROM ("
                              + aggregate(asOf: asOf) + ") a").run()
            let total = try await sql.raw("SELECT CAST(COALESCE(SUM(people), 0) AS BIGINT) AS n FROM indicator_counts WHERE snapshot_id = \(bind: id)").first()
            snapshot.people = try total?.decode(column: "n", as: Int.self) ?? 0
            let older = try await IndicatorSnapshot.query(on: tx).sort(\.$computedAt, .descending).sort(\.$id).all()
                .dropFirst(kept).compactMap(\.id)
            if !older.isEmpty {
                try await sql.delete(from: IndicatorSnapshot.countsSchema).where("snapshot_id", .in, SQLBind.group(older)).run()
                try await IndicatorSnapshot.query(on: tx).filter(\.$id ~~ older).delete()
            }
            snapshot.seconds = (ContinuousClock.now - started).seconds
            try await snapshot.update(on: tx)
            try await audit.on(tx).record(.indicatorsRefreshed, recordType: "indicator_snapshot", recordID: id.uuidString,
                                          detail: "as of \(asOf.iso): \(snapshot.people) people")
            return snapshot
        }
    }

    /// The snapshot the pages show: the one computed last.
    package func latest() async throws -> IndicatorSnapshot? {
        try await IndicatorSnapshot.query(on: db).sort(\.$computedAt, .descending).sort(\.$id).first()
    }

    package func recent() async throws -> [IndicatorSnapshot] {
        try await IndicatorSnapshot.query(on: db).sort(\.$computedAt, .descending).sort(\.$id).all()
    }

    /// What a reader asks for: a territory (path prefix, already limited to their scope), sex,
    /// age bands. Nil means all.
    package struct Filter: Sendable {
        package var territoryPath: String?
        package var sex: Sex?
        package var ages: [IndicatorAgeBand]?

        package init(territoryPath: String? = nil, sex: Sex? = nil, ages: [IndicatorAgeBand]? = nil) {
            self.territoryPath = territoryPath
            self.sex = sex
            self.ages = ages
        }
    }

    /// The columns a read keeps apart; the others are summed over (and come back blank).
    package enum Dimension: String, CaseIterable, Sendable {
        case territory = "territory_path", sex, age = "age_band", difficulty, disability = "official_disability"

        package var blank: String { self == .disability ? "FALSE" : "''" }
    }

    /// Every dimension: one cell per stored territory × sex × band × difficulty × certificate (CSV, API).
    package static let everything = Set(Dimension.allCases)
    /// What the page's tables need, in two reads of a few hundred rows rather than every cell.
    package static let territorial: Set<Dimension> = [.territory, .sex, .difficulty]
    package static let profile: Set<Dimension> = [.age, .difficulty, .disability]

    /// A read of one snapshot's counts inside the filter, by index (snapshot id, path prefix),
    /// summed over the dimensions not asked for.
    package static func read(_ snapshot: UUID, _ filter: Filter, by dimensions: Set<Dimension> = everything) -> SQLQueryString {
        let kept = Dimension.allCases.filter(dimensions.contains).map(\.rawValue)
        let columns = Dimension.allCases.map { dimensions.contains($0) ? $0.rawValue : "\($0.blank) AS \($0.rawValue)" }
        var query: SQLQueryString = """
            SELECT \(unsafeRaw: columns.joined(separator: ", ")), CAST(SUM(people) AS BIGINT) AS people \
            FROM indicator_counts WHERE snapshot_id = \(bind: snapshot)
            """
        if let path = filter.territoryPath { query = query + " AND territory_path LIKE \(bind: TerritoryPath.likePattern(path))" }
        if let sex = filter.sex { query = query + " AND sex = \(bind: sex.rawValue)" }
        if let ages = filter.ages {
            var list: SQLQueryString = " AND age_band IN ("
            for (index, band) in ages.enumerated() {
                if index > 0 { list = list + ", " }
                list = list + "\(bind: band.rawValue)"
            }
            query = query + list + ")"
        }
        return kept.isEmpty ? query : query + " GROUP BY \(unsafeRaw: kept.joined(separator: ", "))"
    }

    package func cells(_ snapshot: UUID, _ filter: Filter, by dimensions: Set<Dimension> = everything) async throws -> [IndicatorCell] {
        struct Row: Decodable {
            let territory_path: String, sex: String, age_band: String, difficulty: String, official_disability: Bool, people: Int
        }
        return try await (db as! any SQLDatabase).raw(Self.read(snapshot, filter, by: dimensions)).all(decoding: Row.self).map {
            IndicatorCell(territoryPath: $0.territory_path, sex: $0.sex, ageBand: $0.age_band, difficulty: $0.difficulty,
                          officialDisability: $0.official_disability, people: $0.people)
        }
    }

    package init(db: any Database) {
        self.db = db
    }
}
