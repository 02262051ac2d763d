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

/// `goldaw bench registry --people 1000000 --searches 1000 --seed 7`: fills the configured
/// database with synthetic people (if it holds fewer) and measures name search in any script.
/// Prints figures; it never fails on timing.
package struct RegistryBenchCommand: AsyncCommand {
    package struct Signature: CommandSignature {
        package init() {}
        @Argument(name: "what", help: "registry | payroll | indicators | care")
        package var what: String
        @Option(name: "people", help: "registry size to measure at (default 1000000)")
        package var people: Int?
        @Option(name: "searches", help: "number of searches (default 1000)")
        package var searches: Int?
        @Option(name: "beneficiaries", help: "payroll: enrolled children to pay (default 500000)")
        package var beneficiaries: Int?
        @Option(name: "seed", help: "random seed (default 7)")
        package var seed: Int?
        @Flag(name: "national", help: "payroll: every welaýat's cycle on the data as it is (e.g. after `goldaw generate`)")
        package var national: Bool
        @Option(name: "queries-out", help: "registry: also write the queries, one URL-encoded /people?q=… path a line, for HTTP load tools")
        package var queriesOut: String?
    }

    package var help: String { "Measure registry name search, or the monthly child-care payroll, on synthetic data of the given size; or the indicators and the care figures on the data as it is." }

    package func run(using context: CommandContext, signature: Signature) async throws {
        guard ["registry", "payroll", "indicators", "care"].contains(signature.what) else {
            context.console.error("Unknown benchmark '\(signature.what)'; available: registry, payroll, indicators, care")
            throw ExitCode(1)
        }
        let app = context.application
        try await app.autoMigrate()
        if signature.what == "care" {
            try await CareBench(app: app, console: context.console).run()
            return
        }
        if signature.what == "indicators" {
            try await IndicatorBench(app: app, console: context.console).run()
            return
        }
        if signature.what == "payroll" {
            try await PayrollBench(app: app, console: context.console)
                .run(beneficiaries: signature.beneficiaries ?? (signature.national ? 0 : 500_000), seed: UInt64(signature.seed ?? 7),
                     national: signature.national)
            return
        }
        let target = signature.people ?? 1_000_000
        let seed = UInt64(signature.seed ?? 7)
        var random = SeededRandom(seed: seed)
        let db = app.db
        let sql = db as! any SQLDatabase
        let existing = try await Person.query(on: db).count()
        let districts = try await TerritoryService(db: db).valid(on: CalendarDate.today.iso).filter { $0.level != "region" }
        if existing < target {
            let started = ContinuousClock.now
            var made = existing
            let batch = sql.dialect.name == "sqlite" ? 1500 : 2000
            while made < target {
                let count = min(batch, target - made)
                try await insertBatch(count: count, startNumber: made + 1, random: &random, districts: districts, db: db)
                made += count
                if made % 50_000 < count || made == target {
                    let elapsed = (ContinuousClock.now - started).seconds
                    let rate = Double(made - existing) / max(elapsed, 0.001)
                    context.console.print("loaded \(made) people · \(Int(rate)) people/s · \(Int(Double(target - made) / max(rate, 1))) s left")
                }
            }
        }
        let total = try await Person.query(on: db).count()
        // Queries in the shapes people type: a surname in its own script, in Cyrillic, in
        // plain ASCII, surname and given name, a document, a date of birth.
        var queries: [(String, String)] = []
        let searches = signature.searches ?? 1000
        for index in 0..<searches {
            let female = random.chance(0.5)
            let stem = random.pick(SyntheticNames.surnameStems)
            let given = female ? random.pick(SyntheticNames.female) : random.pick(SyntheticNames.male)
            let surname = SyntheticNames.surname(stem, female: female)
            switch index % 6 {
            case 0: queries.append(("latin surname", surname))
            case 1: queries.append(("cyrillic surname+given", SyntheticNames.cyrillic(surname) + " " + SyntheticNames.cyrillic(given)))
            case 2: queries.append(("ascii surname+given", Self.ascii(surname) + " " + Self.ascii(given)))
            case 3: queries.append(("latin surname+given", surname + " " + given))
            case 4: queries.append(("document", "I-MR " + String(100_000 + random.int(0...899_999))))
            default: queries.append(("date of birth", CalendarDate(dayNumber: random.int(-10_000...20_000)).display))
            }
        }
        if let file = signature.queriesOut {
            // Only unreserved ASCII stays as is: Turkmen and Cyrillic letters are percent-encoded UTF-8.
            let plain = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
            let lines = queries.map { "/people?q=" + ($0.1.addingPercentEncoding(withAllowedCharacters: plain) ?? $0.1) }
            try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        }
        let today = CalendarDate.today
        let search = RegistrySearch(db: db)
        let etrap = try await Territory.query(on: db).filter(\.$code == "M-MRY").first()
        // A welaýat is the widest scope anyone who reads people's records has (supervisors).
        let scopes: [(String, Scope)] = [("national", .national), ("welaýat (Mary)", Scope(kind: .region, territoryPath: "/TM-M/")),
                                         ("etrap", Scope(kind: .district, territoryPath: etrap?.path))]
        context.console.print("registry: \(total) people on \(sql.dialect.name); \(queries.count) searches per scope")
        func percentile(_ values: [Double], _ p: Double) -> Double {
            let sorted = values.sorted()
            return sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
        }
        for (label, scope) in scopes {
            var timings: [Double] = []
            var byKind: [String: [Double]] = [:]
            var found = 0
            for (kind, text) in queries {
                let start = ContinuousClock.now
                let result = try await search.run(.init(text: text), scope: scope, today: today)
                let elapsed = (ContinuousClock.now - start).seconds * 1000
                timings.append(elapsed)
                byKind[kind, default: []].append(elapsed)
                if !result.people.isEmpty { found += 1 }
            }
            context.console.print(String(format: "%@ scope: p50 %.1f ms · p95 %.1f ms · p99 %.1f ms · max %.1f ms · %d of %d found something",
                                         label, percentile(timings, 0.5), percentile(timings, 0.95), percentile(timings, 0.99),
                                         timings.max() ?? 0, found, timings.count))
            for (kind, values) in byKind.sorted(by: { $0.key < $1.key }) {
                context.console.print(String(format: "    %@: p50 %.1f ms · p95 %.1f ms", kind, percentile(values, 0.5), percentile(values, 0.95)))
            }
        }
    }

    package static func ascii(_ text: String) -> String {
        let map: [Character: String] = ["ä": "a", "ç": "ch", "ž": "zh", "ň": "n", "ö": "o", "ş": "sh", "ü": "u", "ý": "y", "w": "v",
                                        "Ä": "A", "Ç": "Ch", "Ž": "Zh", "Ň": "N", "Ö": "O", "Ş": "Sh", "Ü": "U", "Ý": "Y", "W": "V"]
        return text.map { map[$0] ?? String($0) }.joined()
    }

    /// One multi-row INSERT per table per batch, inside one transaction.
    package func insertBatch(count: Int, startNumber: Int, random: inout SeededRandom, districts: [Territory], db: any Database) async throws {
        var people: [[any SQLExpression]] = []
        var keys: [[any SQLExpression]] = []
        var documents: [[any SQLExpression]] = []
        let now = AppClock.now
        for offset in 0..<count {
            let id = AppClock.newID()
            let female = random.chance(0.5)
            let stem = random.pick(SyntheticNames.surnameStems)
            let given = female ? random.pick(SyntheticNames.female) : random.pick(SyntheticNames.male)
            let surname = SyntheticNames.surname(stem, female: female)
            let patronymic = SyntheticNames.patronymic(father: random.pick(SyntheticNames.male), female: female)
            let born = CalendarDate(dayNumber: random.int(-14_000...20_300))
            let older = born.year < 1985 && random.chance(0.4)
            let place = random.pick(districts)
            people.append([
                SQLBind(id), SQLBind(Counters.format("P-", Int64(startNumber + offset))), SQLBind(given), SQLBind(surname),
                SQLBind(patronymic), SQLBind(NameFolding.surnameKey(surname)), SQLBind(NameFolding.key(given)),
                SQLBind(older ? SyntheticNames.cyrillic(given) : nil as String?),
                SQLBind(older ? SyntheticNames.cyrillic(surname) : nil as String?), SQLBind(female ? "female" : "male"),
                SQLBind(born.iso), SQLBind(false), SQLBind("citizen"), SQLBind(place.id), SQLBind(place.path), SQLBind(now), SQLBind(1),
            ])
            for (part, key) in RegistryService.keys(given: [given, older ? SyntheticNames.cyrillic(given) : nil],
                                                     surname: [surname, older ? SyntheticNames.cyrillic(surname) : nil],
                                                     patronymic: [patronymic]) {
                keys.append([SQLBind(AppClock.newID()), SQLBind(id), SQLBind(part), SQLBind(key), SQLBind(place.path)])
            }
            if random.chance(0.5) {
                // Unique numbers in the real format: series by block of 900,000, then six digits.
                let index = startNumber + offset
                let series = ["I", "II", "III", "IV"][(index / 900_000) % 4]
                documents.append([SQLBind(AppClock.newID()), SQLBind(id), SQLBind(born.year < 2008 ? "passport" : "birth_certificate"),
                                  SQLBind("\(series)-MR \(100_000 + index % 900_000)")])
            }
        }
        let (personRows, keyRows, documentRows) = (people, keys, documents)
        try await db.writing { tx in
            let sql = tx as! any SQLDatabase
            try await sql.insert(into: Person.schema)
                .columns("id", "number", "given_name", "surname", "patronymic", "surname_key", "given_key", "given_name_cyr", "surname_cyr", "sex", "birth_date",
                         "birth_date_estimated", "legal_status", "territory_id", "territory_path", "created_at", "version")
                .rows(personRows).run()
            for chunk in stride(from: 0, to: keyRows.count, by: 3000) {
                try await sql.insert(into: PersonNameKey.schema).columns("id", "person_id", "part", "key", "territory_path")
                    .rows(Array(keyRows[chunk..<min(chunk + 3000, keyRows.count)])).run()
            }
            if !documentRows.isEmpty {
                try await sql.insert(into: PersonDocument.schema).columns("id", "person_id", "type", "number").rows(documentRows).run()
            }
        }
    }

    package init() {}
}
