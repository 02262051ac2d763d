import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform

/// One search box for names in any script, document numbers and dates of birth, with
/// filters, ranked and restricted to the user's scope. Set-based SQL over the folded keys.
package struct RegistrySearch {
    package let db: any Database

    package enum AgeBand: String, CaseIterable, Sendable {
        case infant = "0-2", preschool = "3-6", school = "7-17", adult = "18-59", older = "60+"
        package var years: (min: Int, max: Int?) {
            switch self {
            case .infant: (0, 2)
            case .preschool: (3, 6)
            case .school: (7, 17)
            case .adult: (18, 59)
            case .older: (60, nil)
            }
        }
    }

    package enum Marker: String, CaseIterable, Sendable {
        case functionalDifficulty = "functional_difficulty"
        case disabilityStatus = "disability_status"
        case orphan
        case withoutParentalCare = "without_parental_care"
    }

    package struct Query: Sendable {
        package var text = ""
        package var territoryCode = ""
        package var sex = ""
        package var ageBand = ""
        package var marker = ""
        package var page = 1
        package var perPage = 25

        /// What the audit trail keeps of a search: which filters were used and the territory,
        /// never the typed text. A search is usually a child's or a mother's name, and the trail
        /// is read by administrators, who must not learn whom staff looked for.
        package var auditDetail: String {
            let used = [("text", text), ("sex", sex), ("age", ageBand), ("marker", marker)].filter { !$0.1.isEmpty }.map(\.0)
            return "filters=\(used.isEmpty ? "-" : used.joined(separator: ","))" + (territoryCode.isEmpty ? "" : " territory=\(territoryCode)")
        }

        package init(text: String = "", territoryCode: String = "", sex: String = "", ageBand: String = "", marker: String = "", page: Int = 1, perPage: Int = 25) {
            self.text = text
            self.territoryCode = territoryCode
            self.sex = sex
            self.ageBand = ageBand
            self.marker = marker
            self.page = page
            self.perPage = perPage
        }
    }

    package struct Result: Sendable {
        package let people: [(person: Person, score: Int)]
        package let hasMore: Bool
        package let kind: String // names | document | birthDate | filters
        /// More people matched than are ranked: the user should narrow the search.
        package var capped = false
    }

    package func run(_ query: Query, scope: Scope, today: CalendarDate) async throws -> Result {
        let sql = db as! any SQLDatabase
        let text = query.text.trimmingCharacters(in: .whitespacesAndNewlines)
        // Where people may be: the user's scope, narrowed by the territory filter. Both are
        // prefixes of the stored territory path.
        var places: [String] = []
        if scope.kind != .national { places.append(TerritoryPath.likePattern(scope.territoryPath ?? "/none/")) }
        if !query.territoryCode.isEmpty {
            let unit = try await Territory.query(on: db).filter(\.$code == query.territoryCode.uppercased()).first()
            places.append(TerritoryPath.likePattern(unit?.path ?? "/none/"))
        }
        // Conditions on the person record itself; when there are none, a name search never
        // touches the persons table until the page is shown.
        var personConditions: [SQLQueryString] = []
        if let sex = Sex(rawValue: query.sex) { personConditions.append("p.sex = \(bind: sex.rawValue)") }
        if let band = AgeBand(rawValue: query.ageBand) {
            personConditions.append("p.birth_date <= \(bind: Self.yearsBefore(today, band.years.min).iso)")
            if let max = band.years.max {
                personConditions.append("p.birth_date > \(bind: Self.yearsBefore(today, max + 1).iso)")
            }
        }
        if let marker = Marker(rawValue: query.marker) {
            personConditions.append(Self.condition(for: marker, today: today))
        }
        let personPlaces: [SQLQueryString] = places.map { "p.territory_path LIKE \(bind: $0)" }

        var kind = "filters"
        let ranked: SQLQueryString
        let limit = min(max(query.perPage, 1), 100)
        let pageNumber = Paging.clamp(query.page)
        if let date = CalendarDate(userInput: text), text.contains(".") || (text.contains("-") && text.count == 10) {
            kind = "birthDate"
            let conditions = ["p.merged_into_id IS NULL", "p.birth_date = \(bind: date.iso)"] + personPlaces + personConditions
            ranked = "SELECT p.id AS id, 1 AS score FROM persons p WHERE \(conditions.joined(" AND "))"
        } else if let documentIDs = try await documentOwners(text), !documentIDs.isEmpty || Self.looksLikeDocument(text) {
            kind = "document"
            let idList: SQLQueryString = documentIDs.isEmpty ? "NULL" : "\(binds: documentIDs)"
            let conditions = ["p.merged_into_id IS NULL", "p.id IN (\(idList))"] + personPlaces + personConditions
            ranked = "SELECT p.id AS id, 10 AS score FROM persons p WHERE \(conditions.joined(" AND "))"
        } else if !text.isEmpty {
            return try await names(text, places: places, personConditions: personConditions, page: pageNumber, limit: limit)
        } else {
            let conditions = ["p.merged_into_id IS NULL"] + personPlaces + personConditions
            ranked = "SELECT p.id AS id, 0 AS score FROM persons p WHERE \(conditions.joined(" AND "))"
        }
        let window = Paging.window(page: pageNumber, perPage: limit)
        let rows = try await sql.raw("""
            SELECT r.id AS id, r.score AS score FROM (\(ranked)) r
            ORDER BY r.score DESC, r.id
            LIMIT \(unsafeRaw: String(window.count)) OFFSET \(unsafeRaw: String(window.lowerBound))
            """).all()
        let found = Pager(reading: try rows.map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "score", as: Int.self)) },
                          page: pageNumber, perPage: limit)
        let page = found.rows
        let people = try await Person.query(on: db).filter(\.$id ~~ page.map(\.0)).all()
        let byID = Dictionary(uniqueKeysWithValues: people.map { ($0.id!, $0) })
        // Within one score, people are listed by name (the page only, already small).
        let listed = page.compactMap { id, score in byID[id].map { ($0, score) } }
        let sorted = listed.enumerated().sorted { a, b in
            if a.element.1 != b.element.1 { return a.element.1 > b.element.1 }
            return (a.element.0.surname, a.element.0.givenName, a.offset) < (b.element.0.surname, b.element.0.givenName, b.offset)
        }.map(\.element)
        return Result(people: sorted, hasMore: found.hasMore, kind: kind)
    }

    /// At most this many people are ranked for one name search; beyond it the page asks the
    /// user to add a given name, a date or a filter. Nobody pages through 20,000 Baýramows.
    package static let candidateCap = 1000

    /// Name search driven by the first word's folded keys, read in index order (so no sort
    /// over every match), with the other words checked per candidate through the
    /// (person, key) index. Exact key matches rank above prefix matches.
    package func names(_ text: String, places: [String], personConditions: [SQLQueryString], page pageNumber: Int, limit: Int) async throws -> Result {
        let sql = db as! any SQLDatabase
        let words = text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init).prefix(5)
        let tokens = words.map { word in
            Array(Set([NameFolding.key(word), NameFolding.surnameKey(word), NameFolding.patronymicKey(word)].filter { !$0.isEmpty })).sorted()
        }.filter { !$0.isEmpty }
        guard let driving = tokens.first else { return Result(people: [], hasMore: false, kind: "names") }
        let others = tokens.dropFirst()
        var common: [SQLQueryString] = places.map { "k.territory_path LIKE \(bind: $0)" }
        for variants in others {
            let ranges = variants.map { variant -> SQLQueryString in
                variant.count >= 2 ? "(j.key >= \(bind: variant) AND j.key < \(bind: variant + "~"))" : "j.key = \(bind: variant)"
            }
            common.append("EXISTS (SELECT 1 FROM person_name_keys j WHERE j.person_id = k.person_id AND (\(ranges.joined(" OR "))))")
        }
        let join: SQLQueryString = personConditions.isEmpty ? "" : " JOIN persons p ON p.id = k.person_id"
        common += personConditions
        // How many of the other words match a key exactly: the rest of the score.
        var bonus: [SQLQueryString] = []
        for variants in others {
            bonus.append("(CASE WHEN EXISTS (SELECT 1 FROM person_name_keys e WHERE e.person_id = k.person_id AND e.key IN (\(binds: variants))) THEN 2 ELSE 0 END)")
        }
        let bonusSum: SQLQueryString = bonus.isEmpty ? "0" : bonus.joined(" + ")
        var seen: Set<UUID> = []
        var ranked: [(UUID, Int)] = []
        // Two words or more: most often a surname and a given name, in either order. Each
        // reading is one seek on (surname_key, given_key) or (given_key, surname_key).
        if tokens.count >= 2 {
            let second = tokens[1]
            var pairCommon: [SQLQueryString] = ["p.merged_into_id IS NULL"] + places.map { "p.territory_path LIKE \(bind: $0)" }
            for variants in tokens.dropFirst(2) {
                let ranges = variants.map { variant -> SQLQueryString in
                    variant.count >= 2 ? "(j.key >= \(bind: variant) AND j.key < \(bind: variant + "~"))" : "j.key = \(bind: variant)"
                }
                pairCommon.append("EXISTS (SELECT 1 FROM person_name_keys j WHERE j.person_id = p.id AND (\(ranges.joined(" OR "))))")
            }
            pairCommon += personConditions
            for (first, other) in [("surname_key", "given_key"), ("given_key", "surname_key")] {
                for variant in driving {
                    guard ranked.count < Self.candidateCap else { break }
                    let secondRanges = second.map { v -> SQLQueryString in
                        v.count >= 2 ? "(p.\(unsafeRaw: other) >= \(bind: v) AND p.\(unsafeRaw: other) < \(bind: v + "~"))" : "p.\(unsafeRaw: other) = \(bind: v)"
                    }
                    let conditions: [SQLQueryString] = ["p.\(unsafeRaw: first) = \(bind: variant)", "(\(secondRanges.joined(" OR ")))"] + pairCommon
                    let rows = try await sql.raw("""
                        SELECT p.id AS id, CASE WHEN p.\(unsafeRaw: other) IN (\(binds: second)) THEN 5 ELSE 4 END AS score
                        FROM persons p WHERE \(conditions.joined(" AND "))
                        ORDER BY p.\(unsafeRaw: other), p.territory_path, p.id
                        LIMIT \(unsafeRaw: String(Self.candidateCap - ranked.count))
                        """).all()
                    for row in rows {
                        let id = try row.decode(column: "id", as: UUID.self)
                        if seen.insert(id).inserted { ranked.append((id, try row.decode(column: "score", as: Int.self))) }
                    }
                }
            }
        }
        // One word, or no surname-and-given-name reading found anyone (patronymics, second
        // given names, spellings kept only in Cyrillic): the keys of the first word drive,
        // exact keys first, then keys that merely start with it.
        let drivingReads: [(Bool, String)] = ranked.isEmpty
            ? driving.map({ (true, $0) }) + driving.filter({ $0.count >= 2 }).map({ (false, $0) }) : []
        for (exact, variant) in drivingReads {
            guard ranked.count < Self.candidateCap else { break }
            let keyCondition: SQLQueryString = exact ? "k.key = \(bind: variant)" : "k.key > \(bind: variant) AND k.key < \(bind: variant + "~")"
            let order: SQLQueryString = exact ? "k.territory_path, k.person_id" : "k.key, k.territory_path, k.person_id"
            let conditions = [keyCondition] + common
            let rows = try await sql.raw("""
                SELECT k.person_id AS id, \(bonusSum) AS bonus FROM person_name_keys k\(join)
                WHERE \(conditions.joined(" AND ")) ORDER BY \(order)
                LIMIT \(unsafeRaw: String(Self.candidateCap - ranked.count))
                """).all()
            for row in rows {
                let id = try row.decode(column: "id", as: UUID.self)
                if seen.insert(id).inserted {
                    ranked.append((id, (exact ? 3 : 1) + (try row.decode(column: "bonus", as: Int.self))))
                }
            }
        }
        // Stable: within a score, the index order (place, then record) is kept.
        let ordered = ranked.enumerated().sorted { ($0.element.1, -$0.offset) > ($1.element.1, -$1.offset) }.map(\.element)
        let found = Pager(slicing: ordered, page: pageNumber, perPage: limit)
        let people = try await Person.query(on: db).filter(\.$id ~~ found.rows.map(\.0)).all()
        let byID = Dictionary(uniqueKeysWithValues: people.map { ($0.id!, $0) })
        return Result(people: found.rows.compactMap { id, score in byID[id].map { ($0, score) } },
                      hasMore: found.hasMore, kind: "names",
                      capped: ranked.count >= Self.candidateCap)
    }

    package static func yearsBefore(_ date: CalendarDate, _ years: Int) -> CalendarDate {
        CalendarDate(year: date.year - years, month: date.month, day: min(date.day, CalendarDate.daysIn(month: date.month, year: date.year - years)))!
    }

    /// Owners of a document number typed in any accepted form, across document types.
    package func documentOwners(_ text: String) async throws -> [UUID]? {
        var numbers: [(String, String)] = []
        for type in DocumentType.allCases where type != .other {
            if let number = type.normalise(text) { numbers.append((type.rawValue, number)) }
        }
        if numbers.isEmpty && Self.looksLikeDocument(text), let number = DocumentType.other.normalise(text) {
            numbers.append((DocumentType.other.rawValue, number))
        }
        guard !numbers.isEmpty else { return nil }
        var owners: [UUID] = []
        for (type, number) in numbers {
            owners += try await PersonDocument.query(on: db).filter(\.$type == type).filter(\.$number == number).all(\.$person.$id)
        }
        return owners
    }

    /// Letters and digits together, as in "I-AŞ 123456": not a name.
    package static func looksLikeDocument(_ text: String) -> Bool {
        text.contains(where: \.isNumber) && text.contains(where: \.isLetter)
    }

    /// Markers derived from the data in SQL, so they filter before pagination.
    package static func condition(for marker: Marker, today: CalendarDate) -> SQLQueryString {
        let adult = yearsBefore(today, 18).iso
        switch marker {
        case .functionalDifficulty:
            return """
                EXISTS (SELECT 1 FROM functioning_records f WHERE f.person_id = p.id AND f.has_difficulty = \(bind: true)
                  AND NOT EXISTS (SELECT 1 FROM functioning_records g WHERE g.person_id = p.id AND g.interview_date > f.interview_date))
                """
        case .disabilityStatus:
            return """
                EXISTS (SELECT 1 FROM disability_statuses d WHERE d.person_id = p.id AND d.valid_from <= \(bind: today.iso)
                  AND (d.valid_to IS NULL OR d.valid_to >= \(bind: today.iso)))
                """
        case .orphan:
            // Under 18, with at least one parent recorded, and no recorded parent still alive.
            return """
                p.birth_date > \(bind: adult)
                AND EXISTS (SELECT 1 FROM family_links l WHERE l.child_id = p.id AND l.kind IN ('mother', 'father'))
                AND NOT EXISTS (SELECT 1 FROM family_links l JOIN persons a ON a.id = l.adult_id
                  WHERE l.child_id = p.id AND l.kind IN ('mother', 'father') AND a.death_date IS NULL
                  AND l.parent_state NOT IN ('dead', 'declared_dead'))
                """
        case .withoutParentalCare:
            // Under 18, a living parent recorded, but none of them able to care (deprived, missing, …).
            return """
                p.birth_date > \(bind: adult)
                AND EXISTS (SELECT 1 FROM family_links l JOIN persons a ON a.id = l.adult_id
                  WHERE l.child_id = p.id AND l.kind IN ('mother', 'father') AND a.death_date IS NULL
                  AND l.parent_state NOT IN ('dead', 'declared_dead'))
                AND NOT EXISTS (SELECT 1 FROM family_links l JOIN persons a ON a.id = l.adult_id
                  WHERE l.child_id = p.id AND l.kind IN ('mother', 'father') AND a.death_date IS NULL
                  AND l.parent_state = 'alive')
                """
        }
    }

    package init(db: any Database) {
        self.db = db
    }
}
