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

/// Writes a synthetic population (`GoldawCore.Population`) into the configured database through
/// each database's bulk path: households and their members, name keys for search, parent and
/// guardian links, official disability statuses, functioning records, child protection cases
/// (with a referral to a service of the child's welaýat where the directory has one) and the
/// child-care enrolment of every child under 3. Numbers continue the database's own counters.
package struct PopulationLoader {
    package let db: any Database
    package let today: CalendarDate
    /// Write COPY files here instead of the database (see `BulkWriter.dumpFolder`).
    package var dumpFolder: String? = nil

    package struct Progress: Sendable {
        package let people: Int
        package let households: Int
        package let seconds: Double
    }

    /// The tables a load writes, parents first.
    package static let tables = [Household.schema, Person.schema, PersonNameKey.schema, PersonDocument.schema, HouseholdMembership.schema, FamilyLink.schema,
                         DisabilityStatus.schema, FunctioningRecord.schema, CaseRecord.schema, Referral.schema, ReferralEvent.schema,
                         BenefitEnrolment.schema]

    /// A registry this empty, receiving this many people, is loaded without its non-unique
    /// indexes, which are built once at the end: building an index over sorted input is several
    /// times cheaper than maintaining it row by row (24 million name keys at national scale).
    /// Primary keys, unique indexes and foreign keys stay, so nothing is checked less.
    package var deferIndexesFrom = 200_000

    /// Adds households until at least `people` persons were written; returns what was written.
    /// Large loads into an empty registry build the secondary indexes afterwards (see
    /// `deferIndexesFrom`); `say` reports that phase.
    @discardableResult
    package func load(people target: Int, seed: UInt64, batchHouseholds: Int = 2_000,
              say: (String) -> Void = { _ in }, progress: (Progress) -> Void = { _ in }) async throws -> Progress {
        let sql = db as! any SQLDatabase
        var deferred: [(name: String, definition: String)] = []
        if dumpFolder == nil, target >= deferIndexesFrom,
           try await sql.select().column("id").from(Person.schema).limit(1).first() == nil {
            deferred = try await Self.secondaryIndexes(sql)
            say("empty registry: loading without \(deferred.count) secondary indexes, built at the end")
            for index in deferred { try await sql.raw("DROP INDEX \(ident: index.name)").run() }
        }
        let written: Progress
        do {
            written = try await insert(people: target, seed: seed, batchHouseholds: batchHouseholds, progress: progress)
        } catch {
            try? await Self.build(deferred, sql)
            throw error
        }
        let started = ContinuousClock.now
        try await Self.build(deferred, sql)
        if !deferred.isEmpty { say(String(format: "built %d indexes in %.1f s", deferred.count, (ContinuousClock.now - started).seconds)) }
        // Fresh statistics, so the first searches and reports plan for the data just loaded.
        if dumpFolder == nil {
            let analysed = ContinuousClock.now
            for table in Self.tables { try await sql.raw("ANALYZE \(ident: table)").run() }
            say(String(format: "analysed the tables in %.1f s", (ContinuousClock.now - analysed).seconds))
        }
        return Progress(people: written.people, households: written.households, seconds: (ContinuousClock.now - started).seconds + written.seconds)
    }

    /// The non-unique indexes of the loaded tables with their definitions, as the database
    /// reports them (so a later migration's index is included without listing it here).
    package static func secondaryIndexes(_ sql: any SQLDatabase) async throws -> [(name: String, definition: String)] {
        let names = tables.map { "'\($0)'" }.joined(separator: ", ")
        let rows: [any SQLRow]
        if sql.dialect.name == "postgresql" {
            rows = try await sql.raw("""
                SELECT indexname AS name, indexdef AS definition FROM pg_indexes
                WHERE schemaname = current_schema() AND tablename IN (\(unsafeRaw: names))
                  AND indexdef NOT LIKE 'CREATE UNIQUE%' ORDER BY indexname
                """).all()
        } else {
            rows = try await sql.raw("""
                SELECT name, sql AS definition FROM sqlite_master
                WHERE type = 'index' AND tbl_name IN (\(unsafeRaw: names)) AND sql IS NOT NULL
                  AND upper(sql) NOT LIKE 'CREATE UNIQUE%' ORDER BY name
                """).all()
        }
        return try rows.map { (try $0.decode(column: "name", as: String.self), try $0.decode(column: "definition", as: String.self)) }
    }

    package static func build(_ indexes: [(name: String, definition: String)], _ sql: any SQLDatabase) async throws {
        for index in indexes { try await sql.raw("\(unsafeRaw: index.definition)").run() }
    }

    package func insert(people target: Int, seed: UInt64, batchHouseholds: Int, progress: (Progress) -> Void) async throws -> Progress {
        let units = try await TerritoryService(db: db).valid(on: today.iso).filter { $0.level != "region" }
        var etraps: [String: [Territory]] = [:]
        for unit in units {
            guard let top = unit.path.split(separator: "/").first.map(String.init) else { continue }
            etraps[top, default: []].append(unit)
        }
        var generator = Population.Generator(seed: seed, today: today)
        var personNumber = try await counter("person"), householdNumber = try await counter("household")
        var referralNumber = try await counter("referral")
        var caseNumbers: [String: Int64] = [:]
        let services = try await servicesByWelayat()
        // Scoring is pure and the answer sets few: each distinct set is scored once.
        var scored: [String: (result: String, difficulty: Bool?, version: String)] = [:]
        let started = ContinuousClock.now
        var written = 0, households = 0
        let now = AppClock.now
        var writing: Task<Void, any Error>?
        while written < target {
            var persons = BulkWriter.Table(name: Person.schema, columns: [
                "id", "number", "given_name", "surname", "patronymic", "given_name_cyr", "surname_cyr", "surname_key", "given_key", "sex",
                "birth_date", "birth_date_estimated", "death_date", "legal_status", "territory_id", "territory_path", "created_at", "version"])
            var keys = BulkWriter.Table(name: PersonNameKey.schema, columns: ["id", "person_id", "part", "key", "territory_path"])
            var documents = BulkWriter.Table(name: PersonDocument.schema, columns: ["id", "person_id", "type", "number", "created_at"])
            var homes = BulkWriter.Table(name: Household.schema, columns: ["id", "number", "territory_id", "territory_path", "created_at", "version"])
            var memberships = BulkWriter.Table(name: HouseholdMembership.schema, columns: [
                "id", "household_id", "person_id", "relationship", "from_date", "created_at"])
            var links = BulkWriter.Table(name: FamilyLink.schema, columns: [
                "id", "child_id", "adult_id", "kind", "parent_state", "guardianship_form", "decision_number", "decision_date", "from_date", "created_at"])
            var statuses = BulkWriter.Table(name: DisabilityStatus.schema, columns: [
                "id", "person_id", "certificate_number", "disability_group", "valid_from", "created_at"])
            var interviews = BulkWriter.Table(name: FunctioningRecord.schema, columns: [
                "id", "person_id", "instrument", "interview_date", "respondent", "answers", "result", "has_difficulty", "rule_version", "created_at"])
            var cases = BulkWriter.Table(name: CaseRecord.schema, columns: [
                "id", "number", "person_id", "territory_id", "territory_path", "identification_source", "concerns", "urgent", "summary",
                "identified_on", "registered_at", "step", "risk_level", "risk_rank", "closure_reason", "closed_at", "version"])
            var referrals = BulkWriter.Table(name: Referral.schema, columns: [
                "id", "number", "person_id", "service_id", "provider_id", "territory_path", "urgency", "reason", "consent_by", "consent_scope",
                "consent_date", "source", "source_reference", "case_id", "status", "sent_on", "sender_name", "version"])
            var referralEvents = BulkWriter.Table(name: ReferralEvent.schema, columns: [
                "id", "referral_id", "kind", "to_status", "actor_name", "occurred_at"])
            var enrolments = BulkWriter.Table(name: BenefitEnrolment.schema, columns: [
                "id", "programme", "beneficiary_id", "payee_id", "effective_from", "status", "review_pending", "channel", "version", "created_at"])
            var inBatch = 0
            while inBatch < batchHouseholds && written < target {
                let household = generator.household()
                guard let choices = etraps[household.welayat], !choices.isEmpty else { continue }
                let place = choices[household.etrapPick % choices.count]
                householdNumber += 1
                homes.rows.append([.uuid(household.id), .text(Counters.format("H-", householdNumber)), .uuid(place.id!), .text(place.path), .date(now), .int(1)])
                var byID: [UUID: Population.Member] = [:]
                for member in household.members {
                    byID[member.id] = member
                    personNumber += 1
                    persons.rows.append([
                        .uuid(member.id), .text(Counters.format("P-", personNumber)), .text(member.givenName), .text(member.surname),
                        member.patronymic.map(BulkWriter.Cell.text) ?? .null, member.givenNameCyr.map(BulkWriter.Cell.text) ?? .null,
                        member.surnameCyr.map(BulkWriter.Cell.text) ?? .null, .text(NameFolding.surnameKey(member.surname)),
                        .text(NameFolding.key(member.givenName)), .text(member.sex.rawValue), .text(member.birth.iso), .bool(false),
                        member.death.map { .text($0.iso) } ?? .null, .text(LegalStatus.citizen.rawValue), .uuid(place.id!), .text(place.path),
                        .date(now), .int(1)])
                    for (part, key) in RegistryService.keys(given: [member.givenName, member.givenNameCyr], surname: [member.surname, member.surnameCyr],
                                                            patronymic: [member.patronymic]) {
                        keys.rows.append([.uuid(AppClock.newID()), .uuid(member.id), .text(part), .text(key), .text(place.path)])
                    }
                    // Nine in ten hold a document: a passport from 16, a birth certificate before,
                    // numbered in the real pattern (series, welaýat letters, six digits).
                    if personNumber % 10 != 0 {
                        let age = Age.years(born: member.birth, on: today)
                        documents.rows.append([.uuid(AppClock.newID()), .uuid(member.id), .text(age >= 16 ? "passport" : "birth_certificate"),
                                               .text(Self.documentNumber(personNumber, welayat: household.welayat)), .date(now)])
                    }
                    // A near-duplicate record stands alone, as a second registration would.
                    guard member.duplicateOf == nil else { continue }
                    let from = max(member.birth, today.adding(years: -15))
                    memberships.rows.append([.uuid(AppClock.newID()), .uuid(household.id), .uuid(member.id), .text(member.relationship.rawValue),
                                             .text(from.iso), .date(now)])
                    if let interview = member.functioning {
                        let encoded = PersonRecordsService.encode(interview.answers)
                        let key = interview.instrument.rawValue + "|" + encoded
                        if scored[key] == nil {
                            let result = FunctioningRules.evaluate(interview.instrument, answers: interview.answers)
                            scored[key] = (String(decoding: try JSONEncoder().encode(result), as: UTF8.self), result.hasFunctionalDifficulty, result.ruleVersion)
                        }
                        let score = scored[key]!
                        let age = Age.years(born: member.birth, on: interview.on)
                        interviews.rows.append([.uuid(AppClock.newID()), .uuid(member.id), .text(interview.instrument.rawValue), .text(interview.on.iso),
                                                .text(age < 18 ? "mother" : "self"), .text(encoded), .text(score.result),
                                                score.difficulty.map(BulkWriter.Cell.bool) ?? .null, .text(score.version), .date(now)])
                    }
                    if member.disability {
                        let age = Age.years(born: member.birth, on: today)
                        statuses.rows.append([.uuid(AppClock.newID()), .uuid(member.id), .text("SYN-\(personNumber)"),
                                              .text(age < 18 ? "child" : "II"), .text(today.adding(years: -1).iso), .date(now)])
                    }
                }
                for link in household.links {
                    let child = byID[link.child]!
                    let age = Age.years(born: child.birth, on: today)
                    let guardian = link.kind == "guardian"
                    links.rows.append([.uuid(AppClock.newID()), .uuid(link.child), .uuid(link.adult), .text(link.kind), .text(link.state.rawValue),
                                       guardian ? .text((ChildStatusRules.placementForm(ageYears: age) ?? .custody).rawValue) : .null,
                                       guardian ? .text("H-\(householdNumber)/G") : .null, guardian ? .text(today.adding(days: -200).iso) : .null,
                                       guardian ? .text(today.adding(days: -200).iso) : .null, .date(now)])
                }
                for opened in household.cases {
                    let prefix = CaseNumber.prefix(regionCode: household.welayat)
                    let series = CaseNumber.series(prefix: prefix, year: opened.identified.year)
                    if caseNumbers[series] == nil { caseNumbers[series] = try await counter(series) }
                    caseNumbers[series]! += 1
                    let caseID = AppClock.newID()
                    let closed = opened.step == .closed
                    // 09:00 in Ashgabat (UTC+5) on the day the child was identified.
                    let registered = Date(timeIntervalSince1970: Double(opened.identified.dayNumber) * 86_400 + 4 * 3_600)
                    cases.rows.append([.uuid(caseID), .text(CaseNumber.format(prefix: prefix, year: opened.identified.year, sequence: caseNumbers[series]!)),
                                       .uuid(opened.child), .uuid(place.id!), .text(place.path), .text(opened.source.rawValue),
                                       .text(CaseRecord.encodeConcerns([opened.concern.rawValue])), .bool(opened.urgent),
                                       .text("Synthetic case for scale measurements."), .text(opened.identified.iso), .date(registered),
                                       .text(opened.step.rawValue), opened.risk.map { .text($0.rawValue) } ?? .null, .int(Int64(opened.risk?.rank ?? 9)),
                                       closed ? .text(ClosureReason.planCompleted.rawValue) : .null,
                                       closed ? .date(min(now, registered.addingTimeInterval(120 * 86_400))) : .null, .int(1)])
                    guard opened.referred, let choices = services[household.welayat], !choices.isEmpty else { continue }
                    let service = choices[Int(caseNumbers[series]! % Int64(choices.count))]
                    referralNumber += 1
                    let referralID = AppClock.newID()
                    let status: ReferralStatus = closed ? .ended : (referralNumber % 3 == 0 ? .waitlisted : .sent)
                    referrals.rows.append([.uuid(referralID), .text(Counters.format("RF-", referralNumber)), .uuid(opened.child), .uuid(service.id),
                                           .uuid(service.provider), .text(place.path), .text((opened.urgent ? ReferralUrgency.high : .medium).rawValue),
                                           .text("Case plan action (synthetic)."), .text(ConsentGiver.caregiver.rawValue),
                                           .text(ReferralConsentScope.referralOnly.rawValue), .text(opened.identified.iso), .text("case"),
                                           .text(CaseNumber.format(prefix: prefix, year: opened.identified.year, sequence: caseNumbers[series]!)),
                                           .uuid(caseID), .text(status.rawValue), .text(opened.identified.iso), .text("Synthetic"), .int(1)])
                    referralEvents.rows.append([.uuid(AppClock.newID()), .uuid(referralID), .text("sent"), .text(status.rawValue), .text("Synthetic"), .date(registered)])
                }
                // Child care for every child under 3, paid to the mother (or the guardian of an orphan).
                for member in household.members where member.relationship == .child && member.duplicateOf == nil
                    && Age.years(born: member.birth, on: today) < 3 {
                    let carers = household.links.filter { $0.child == member.id && $0.state == .alive }
                    guard let payee = carers.first(where: { $0.kind == "mother" }) ?? carers.first(where: { $0.kind == "guardian" }) else { continue }
                    enrolments.rows.append([.uuid(AppClock.newID()), .text(Programme.childCare.rawValue), .uuid(member.id), .uuid(payee.adult),
                                            .text(BenefitMonth(containing: member.birth).firstDay.iso), .text(EnrolmentStatus.active.rawValue),
                                            .bool(false), .text(member.birth.dayNumber % 2 == 0 ? "bank" : "post"), .int(1), .date(now)])
                }
                written += household.members.count
                households += 1
                inBatch += 1
            }
            // The database writes this batch while the next one is generated: the load takes
            // about as long as the slower of the two, not their sum.
            try await writing?.value
            let batch = [homes, persons, keys, documents, memberships, links, statuses, interviews, cases, referrals, referralEvents, enrolments]
            let numbers = [("person", personNumber), ("household", householdNumber), ("referral", referralNumber)] + caseNumbers.map { ($0.key, $0.value) }
            let (writer, db, dumping) = (BulkWriter(db: db, dumpFolder: dumpFolder), self.db, dumpFolder != nil)
            writing = Task {
                try await writer.write(batch)
                if !dumping {
                    for (name, value) in numbers { try await PopulationLoader(db: db, today: today).setCounter(name, value) }
                }
            }
            progress(Progress(people: written, households: households, seconds: (ContinuousClock.now - started).seconds))
        }
        try await writing?.value
        return Progress(people: written, households: households, seconds: (ContinuousClock.now - started).seconds)
    }

    /// "I-MR 123456": a series for every 900,000 people, so numbers never repeat in a welaýat.
    package static func documentNumber(_ personNumber: Int64, welayat: String) -> String {
        let series = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"][Int(personNumber / 900_000) % 12]
        return "\(series)-\(CaseNumber.prefix(regionCode: welayat)) \(100_000 + personNumber % 900_000)"
    }

    /// Active services of the directory by welaýat code, for the referrals of synthetic cases.
    package func servicesByWelayat() async throws -> [String: [(id: UUID, provider: UUID)]] {
        let rows = try await (db as! any SQLDatabase).select().columns("id", "provider_id", "territory_path").from(SocialService.schema)
            .where("active", .equal, SQLLiteral.boolean(true)).orderBy("id").all()
        var found: [String: [(id: UUID, provider: UUID)]] = [:]
        for row in rows {
            let path = try row.decode(column: "territory_path", as: String.self)
            guard let code = CaseNumber.regionCode(ofPath: path) else { continue }
            found[code, default: []].append((try row.decode(column: "id", as: UUID.self), try row.decode(column: "provider_id", as: UUID.self)))
        }
        return found
    }

    package func counter(_ name: String) async throws -> Int64 {
        let sql = db as! any SQLDatabase
        let row = try await sql.select().column("value").from("counters").where("name", .equal, SQLBind(name)).first()
        return try row?.decode(column: "value", as: Int64.self) ?? 0
    }

    package func setCounter(_ name: String, _ value: Int64) async throws {
        let sql = db as! any SQLDatabase
        try await sql.insert(into: "counters").columns("name", "value").values(SQLBind(name), SQLBind(value))
            .onConflict(with: ["name"]) { $0.set("value", to: SQLBind(value)) }.run()
    }

    package init(db: any Database, today: CalendarDate, dumpFolder: String? = nil, deferIndexesFrom: Int = 200_000) {
        self.db = db
        self.today = today
        self.dumpFolder = dumpFolder
        self.deferIndexesFrom = deferIndexesFrom
    }
}

/// `goldaw generate --people 7060000 --seed 7`: a synthetic population in the configured
/// database, with progress (rows, rate, time left). `--demo` stays the small curated set.
package struct GenerateCommand: AsyncCommand {
    package struct Signature: CommandSignature {
        package init() {}
        @Option(name: "people", help: "how many people to add (default 100000)")
        package var people: Int?
        @Option(name: "seed", help: "random seed (default 7); the same seed gives the same population")
        package var seed: Int?
        @Option(name: "dump", help: "write COPY text files into this folder instead of the database (the benchmark floor's input)")
        package var dump: String?
    }

    package var help: String { "Add a synthetic population of Turkmenistan (census shares, households, parents, child-care enrolments) to the database." }

    package func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let target = signature.people ?? 100_000
        if let folder = signature.dump { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let result = try await PopulationLoader(db: app.db, today: CalendarDate.today, dumpFolder: signature.dump)
            .load(people: target, seed: UInt64(signature.seed ?? 7), say: { context.console.print($0) }) { progress in
                let rate = Double(progress.people) / max(progress.seconds, 0.001)
                context.console.print("\(progress.people) people in \(progress.households) households · \(Int(rate)) people/s · "
                                      + "\(Int(Double(max(0, target - progress.people)) / max(rate, 1))) s left")
            }
        context.console.print(String(format: "generated %d people in %d households in %.1f s", result.people, result.households, result.seconds))
        if signature.dump == nil {
            let started = ContinuousClock.now
            let care = try await CarePopulation(db: app.db, today: CalendarDate.today).place()
            context.console.print(String(format: "alternative care: %d settings, %d foster carers, %d placements (%d current) in %.1f s",
                                         care.settings, care.carers, care.placements, care.current, (ContinuousClock.now - started).seconds))
        }
    }

    package init() {}
}
