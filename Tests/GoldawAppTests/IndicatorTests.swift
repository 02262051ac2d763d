import Fluent
import SQLKit
import Testing
import Vapor
import VaporTesting
import GoldawCore
@testable import GoldawApp
@testable import GoldawPlatform
@testable import GoldawRegistry
@testable import GoldawBenefits
@testable import GoldawGrievances
@testable import GoldawSocialServices
@testable import GoldawCases
@testable import GoldawIndicators
@testable import GoldawTools

@Suite("Indicators") struct IndicatorTests {
    static let asOf = CalendarDate(iso: "2026-06-15")!

    struct Sample {
        let ids: [String: UUID]
    }

    /// People with hand-picked birth dates around the band edges on `asOf`, functioning
    /// interviews and certificates; ten of them count (eight in Mary etraby, two in Çärjew).
    static func seedPeople(_ app: Application) async throws -> Sample {
        let sql = app.db as! any SQLDatabase
        let mary = try await Territory.query(on: app.db).filter(\.$code == Fixtures.inScopeEtrap).first()!
        let lebap = try await Territory.query(on: app.db).filter(\.$code == Fixtures.otherEtrap).first()!
        var ids: [String: UUID] = [:]
        let people: [(String, Territory, String, String, String?, String?)] = [
            // key, place, sex, born, died, merged into
            ("newborn", mary, "female", "2026-06-15", nil, nil),
            ("two", mary, "male", "2024-06-15", nil, nil),
            ("almost-two", mary, "female", "2024-06-16", nil, nil),
            ("seventeen", mary, "male", "2009-06-15", nil, nil),
            ("eighteen", mary, "female", "2008-06-15", nil, nil),
            ("fifty-nine", mary, "male", "1966-06-16", nil, nil),
            ("sixty", mary, "female", "1966-06-15", nil, nil),
            ("leap", mary, "male", "2020-02-29", nil, nil),
            ("dead", mary, "male", "1950-01-01", "2026-01-01", nil),
            ("merged", mary, "female", "2000-01-01", nil, "newborn"),
            ("unborn", mary, "female", "2026-07-01", nil, nil),
            ("far-adult", lebap, "male", "2000-01-01", nil, nil),
            ("far-child", lebap, "female", "2015-03-03", nil, nil),
        ]
        for (index, person) in people.enumerated() {
            let id = UUID()
            ids[person.0] = id
            try await sql.insert(into: Person.schema)
                .columns("id", "number", "given_name", "surname", "surname_key", "given_key", "sex", "birth_date", "birth_date_estimated",
                         "death_date", "legal_status", "territory_id", "territory_path", "merged_into_id", "version")
                .values(SQLBind(id), SQLBind("P-IND-\(index)"), SQLBind("Test"), SQLBind(person.0), SQLBind("T"), SQLBind("T"),
                        SQLBind(person.2), SQLBind(person.3), SQLBind(false), SQLBind(person.4), SQLBind("citizen"),
                        SQLBind(person.1.id!), SQLBind(person.1.path), SQLBind(person.5.flatMap { ids[$0] }), SQLBind(1))
                .run()
        }
        func interview(_ key: String, _ date: String, _ difficulty: Bool?) async throws {
            try await sql.insert(into: FunctioningRecord.schema)
                .columns("id", "person_id", "instrument", "interview_date", "respondent", "answers", "result", "has_difficulty", "rule_version", "created_at")
                .values(SQLBind(UUID()), SQLBind(ids[key]!), SQLBind("wg_ss"), SQLBind(date), SQLBind("self"), SQLBind("{}"), SQLBind("{}"),
                        SQLBind(difficulty), SQLBind("test"), SQLBind(AppClock.now))
                .run()
        }
        func certificate(_ key: String, from: String, to: String?) async throws {
            try await sql.insert(into: DisabilityStatus.schema)
                .columns("id", "person_id", "certificate_number", "disability_group", "valid_from", "valid_to")
                .values(SQLBind(UUID()), SQLBind(ids[key]!), SQLBind("C-\(key)"), SQLBind("II"), SQLBind(from), SQLBind(to))
                .run()
        }
        // The latest interview wins: difficulty a year ago, none at the last one.
        try await interview("two", "2025-01-01", true)
        try await interview("two", "2026-01-01", false)
        try await interview("seventeen", "2026-02-01", true)
        try await interview("eighteen", "2026-03-01", true)
        try await certificate("eighteen", from: "2020-01-01", to: nil)
        // An interview after the date does not count yet; a certificate that ended the day before does not either.
        try await interview("fifty-nine", "2026-07-01", true)
        try await certificate("fifty-nine", from: "2020-01-01", to: "2026-06-14")
        // A certificate ending on the day still holds; an undecided interview is "not assessed".
        try await certificate("sixty", from: "2020-01-01", to: "2026-06-15")
        try await interview("sixty", "2026-05-01", nil)
        try await interview("far-adult", "2026-04-01", true)
        // Those not counted carry records too, which must not leak into the counts.
        try await interview("dead", "2025-05-01", true)
        try await certificate("merged", from: "2020-01-01", to: nil)
        return Sample(ids: ids)
    }

    static func refresh(_ app: Application) async throws -> IndicatorSnapshot {
        try await IndicatorService.refresh(on: app.db, asOf: asOf, by: nil, audit: AuditService(db: app.db))
    }

    @Test func refreshCountsMatchTheRules() async throws {
        try await withTestApp { app in
            _ = try await Self.seedPeople(app)
            let snapshot = try await Self.refresh(app)
            #expect(snapshot.people == 10)
            #expect(snapshot.asOf == "2026-06-15")
            let cells = try await IndicatorService(db: app.db).cells(snapshot.requireID(), .init())
            func count(_ test: (IndicatorCell) -> Bool) -> Int { cells.filter(test).reduce(0) { $0 + $1.people } }
            let marypath = try await Territory.query(on: app.db).filter(\.$code == Fixtures.inScopeEtrap).first()!.path
            #expect(count { $0.territoryPath == marypath } == 8)
            // Age bands on the edges.
            let bands = Dictionary(grouping: cells, by: \.ageBand).mapValues { $0.reduce(0) { $0 + $1.people } }
            #expect(bands == ["0-1": 2, "2-4": 1, "5-9": 1, "10-14": 1, "15-17": 1, "18-29": 2, "30-59": 1, "60+": 1])
            // Difficulty by the latest interview up to the date.
            #expect(count { $0.difficulty == "with_difficulty" } == 3)
            #expect(count { $0.difficulty == "without_difficulty" } == 1)
            #expect(count { $0.difficulty == "not_assessed" } == 6)
            #expect(count { $0.ageBand == "2-4" && $0.difficulty == "without_difficulty" } == 1)
            #expect(count { $0.ageBand == "30-59" && $0.difficulty == "not_assessed" } == 1)
            // Certificates valid on the date: the 18-year-old's and the one ending that day.
            #expect(count { $0.officialDisability } == 2)
            #expect(count { $0.officialDisability && $0.ageBand == "60+" } == 1)
            #expect(count { $0.difficulty == "with_difficulty" && !$0.officialDisability } == 2)
            #expect(count { $0.sex == "female" } == 5)
            // Filters read the same snapshot.
            let girls = try await IndicatorService(db: app.db).cells(snapshot.requireID(), .init(territoryPath: marypath, sex: .female,
                                                                                                   ages: IndicatorAgeGroup.children.bands))
            #expect(girls.reduce(0) { $0 + $1.people } == 2)
        }
    }

    @Test func refreshKeepsTheLastSnapshotsAndIsAudited() async throws {
        try await withTestApp { app in
            _ = try await Self.seedPeople(app)
            var last: IndicatorSnapshot?
            for _ in 0..<(IndicatorService.kept + 2) { last = try await Self.refresh(app) }
            #expect(try await IndicatorSnapshot.query(on: app.db).count() == IndicatorService.kept)
            let sql = app.db as! any SQLDatabase
            let rows = try await sql.raw("SELECT COUNT(DISTINCT snapshot_id) AS n FROM indicator_counts").first()!
            #expect(try rows.decode(column: "n", as: Int.self) == IndicatorService.kept)
            #expect(try await IndicatorService(db: app.db).latest()?.id == last?.id)
            #expect(try await auditCount(app, action: .indicatorsRefreshed) == IndicatorService.kept + 2)
        }
    }

    @Test func pageIsEmptyUntilTheFirstRefreshThenScoped() async throws {
        try await withTestApp { app in
            _ = try await Self.seedPeople(app)
            let analyst = Browser(app)
            try await analyst.login(Fixtures.username(.nationalAnalyst))
            let empty = try await analyst.get(AppRoute.indicators.path)
            #expect(empty.status == .ok)
            #expect(empty.body.string.contains("id=\"indicators-empty\""))
            #expect(empty.body.string.contains("id=\"indicators-refresh\""))
            _ = try await Self.refresh(app)
            let page = try await analyst.get(AppRoute.indicators.path)
            #expect(page.body.string.contains(#"id="indicators-total">10<"#))
            #expect(page.body.string.contains("15.06.2026"))
            #expect(!page.body.string.contains("P-IND-"), "aggregates only")
            let lebap = try await analyst.get(AppRoute.indicators.path + "?welayat=TM-L&etrap=L-CAR")
            #expect(lebap.body.string.contains(#"id="indicators-total">2<"#))
            // An etrap supervisor sees their etrap only, and no refresh button.
            let supervisor = Browser(app)
            try await supervisor.login(Fixtures.username(.supervisor))
            let own = try await supervisor.get(AppRoute.indicators.path)
            #expect(own.status == .ok)
            #expect(own.body.string.contains(#"id="indicators-total">8<"#))
            #expect(!own.body.string.contains("id=\"indicators-refresh\""))
            #expect(own.body.string.contains(#"id="indicators-social-model""#))
            #expect(try await supervisor.get(AppRoute.indicators.path + "?welayat=TM-L").status == .notFound)
            let filtered = try await supervisor.get(AppRoute.indicators.path + "?sex=female&age=0-17")
            #expect(filtered.body.string.contains(#"id="indicators-total">2<"#))
            let wrong = try await supervisor.get(AppRoute.indicators.path + "?sex=x&age=7-8")
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("field-error"))
        }
    }

    @Test func pageRendersInEachLanguage() async throws {
        try await withTestApp { app in
            _ = try await Self.seedPeople(app)
            _ = try await Self.refresh(app)
            let analyst = Browser(app)
            try await analyst.login(Fixtures.username(.nationalAnalyst))
            for (code, title, band) in [("tk", "Milli görkezijiler", "Kynçylygy bar"), ("ru", "Национальные показатели", "С трудностями"),
                                        ("en", "National indicators", "With difficulty")] {
                try await analyst.get("/locale/\(code)?back=%2F")
                let page = try await analyst.get(AppRoute.indicators.path)
                #expect(page.status == .ok)
                #expect(page.body.string.contains(#"id="page-title">\#(title)"#))
                #expect(page.body.string.contains(band))
                #expect(page.body.string.contains("href=\"/indicators\""), "linked in the menu")
                let snapshots = try await analyst.get(AppRoute.indicatorSnapshots.path)
                #expect(snapshots.status == .ok)
            }
        }
    }

    @Test func csvFollowsTheFilterAndIsAudited() async throws {
        try await withTestApp { app in
            _ = try await Self.seedPeople(app)
            let supervisor = Browser(app)
            try await supervisor.login(Fixtures.username(.supervisor))
            #expect(try await supervisor.get(AppRoute.indicatorsCSV.path).status == .notFound, "nothing to download before a refresh")
            _ = try await Self.refresh(app)
            let csv = try await supervisor.get(AppRoute.indicatorsCSV.path + "?sex=female")
            #expect(csv.status == .ok)
            #expect(csv.headers.contentType?.subType == "csv")
            let lines = csv.body.string.split(separator: "\r\n")
            #expect(lines.first?.hasPrefix(#""as_of","welayat_code","territory_code""#) == true)
            let people = lines.dropFirst().compactMap { Int($0.split(separator: ",").last!) }.reduce(0, +)
            #expect(people == 4)
            #expect(lines.count > 1 && lines.dropFirst().allSatisfy { $0.contains(#","M-MRY","#) && $0.contains(#","female","#) })
            #expect(try await auditCount(app, action: .indicatorsExported) == 1)
        }
    }

    @Test func apiAnswersJSONInScopeWithProblems() async throws {
        try await withTestApp { app in
            _ = try await Self.seedPeople(app)
            let analyst = try await apiToken(app, Fixtures.username(.nationalAnalyst))
            let before = try await app.testing().sendRequest(.GET, "/api/v1/indicators", headers: bearer(analyst))
            #expect(before.status == .ok)
            _ = try await Self.refresh(app)
            struct Body: Decodable {
                struct Snapshot: Decodable { let asOf: String; let people: Int }
                struct Item: Decodable { let territoryCode: String; let ageBand: String; let difficulty: String; let officialDisability: Bool; let people: Int }
                struct Totals: Decodable { let people: Int; let withDifficulty: Int; let withDifficultyNoCertificate: Int; let certified: Int }
                let snapshot: Snapshot?
                let items: [Item]
                let totals: Totals
            }
            let all = try await app.testing().sendRequest(.GET, "/api/v1/indicators", headers: bearer(analyst))
            let body = try all.content.decode(Body.self)
            #expect(body.snapshot?.asOf == "2026-06-15")
            #expect(body.totals.people == 10)
            #expect(body.totals.withDifficulty == 3)
            #expect(body.totals.withDifficultyNoCertificate == 2)
            #expect(body.totals.certified == 2)
            #expect(body.items.reduce(0) { $0 + $1.people } == 10)
            let supervisor = try await apiToken(app, Fixtures.username(.supervisor))
            let own = try await app.testing().sendRequest(.GET, "/api/v1/indicators?ageBand=18%2B", headers: bearer(supervisor)).content.decode(Body.self)
            #expect(own.totals.people == 3)
            #expect(own.items.allSatisfy { $0.territoryCode == "M-MRY" })
            let outside = try await app.testing().sendRequest(.GET, "/api/v1/indicators?etrap=L-CAR", headers: bearer(supervisor))
            #expect(outside.status == .notFound)
            let invalid = try await app.testing().sendRequest(.GET, "/api/v1/indicators?sex=unknown", headers: bearer(analyst))
            #expect(invalid.status == .unprocessableEntity)
            #expect(invalid.headers.contentType?.description.hasPrefix("application/problem+json") == true)
            #expect(invalid.body.string.contains("\"sex\""))
            let worker = try await apiToken(app, Fixtures.username(.socialWorker))
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/indicators", headers: bearer(worker)).status == .forbidden)
        }
    }

    @Test func refreshButtonIsForAnalystsOnlyAndAudited() async throws {
        try await withTestApp { app in
            _ = try await Self.seedPeople(app)
            let supervisor = Browser(app)
            try await supervisor.login(Fixtures.username(.supervisor))
            try await supervisor.get(AppRoute.indicators.path)
            #expect(try await supervisor.post(AppRoute.indicatorSnapshots.path, form: [:]).status == .forbidden)
            #expect(try await IndicatorSnapshot.query(on: app.db).count() == 0)
            let analyst = Browser(app)
            try await analyst.login(Fixtures.username(.nationalAnalyst))
            try await analyst.get(AppRoute.indicators.path)
            let done = try await analyst.post(AppRoute.indicatorSnapshots.path, form: [:])
            #expect(done.status == .seeOther)
            #expect(done.headers.first(name: .location) == AppRoute.indicators.path)
            let snapshot = try await IndicatorSnapshot.query(on: app.db).first()
            #expect(snapshot?.computedBy == (try await Fixtures.user(app, Fixtures.username(.nationalAnalyst))).id)
            #expect(snapshot?.asOf == CalendarDate.today.iso)
            #expect(try await auditCount(app, action: .indicatorsRefreshed, username: Fixtures.username(.nationalAnalyst)) == 1)
            let list = try await analyst.get(AppRoute.indicatorSnapshots.path)
            #expect(list.body.string.contains("Test national_analyst"))
        }
    }

    @Test func consoleCommandRefreshes() async throws {
        try await withTestApp { app in
            _ = try await Self.seedPeople(app)
            var context = CommandContext(console: Terminal(), input: CommandInput(arguments: ["goldaw indicators", "refresh", "--as-of", "2026-06-15"]))
            context.application = app
            try await context.console.run(IndicatorCommand(), with: context)
            let snapshot = try await IndicatorService(db: app.db).latest()
            #expect(snapshot?.people == 10)
            #expect(snapshot?.computedBy == nil)
            var bad = CommandContext(console: Terminal(), input: CommandInput(arguments: ["goldaw indicators", "refresh", "--as-of", "15.06.2026"]))
            bad.application = app
            await #expect(throws: (any Error).self) { try await bad.console.run(IndicatorCommand(), with: bad) }
        }
    }
}
