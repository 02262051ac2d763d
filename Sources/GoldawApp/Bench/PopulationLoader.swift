import Fluent
import SQLKit
import Vapor
import GoldawCore

/// Writes a synthetic population (`GoldawCore.Population`) into the configured database through
/// each database's bulk path: households and their members, name keys for search, parent and
/// guardian links, official disability statuses and the child-care enrolment of every child
/// under 3. Numbers continue the database's own counters.
struct PopulationLoader {
    let db: any Database
    let today: CalendarDate
    /// Write COPY files here instead of the database (see `BulkWriter.dumpFolder`).
    var dumpFolder: String? = nil

    struct Progress: Sendable {
        let people: Int
        let households: Int
        let seconds: Double
    }

    /// Adds households until at least `people` persons were written; returns what was written.
    @discardableResult
    func load(people target: Int, seed: UInt64, batchHouseholds: Int = 2_000,
              progress: (Progress) -> Void = { _ in }) async throws -> Progress {
        let units = try await TerritoryService(db: db).valid(on: today.iso).filter { $0.level != "region" }
        var etraps: [String: [Territory]] = [:]
        for unit in units {
            guard let top = unit.path.split(separator: "/").first.map(String.init) else { continue }
            etraps[top, default: []].append(unit)
        }
        var generator = Population.Generator(seed: seed, today: today)
        var personNumber = try await counter("person"), householdNumber = try await counter("household")
        let started = ContinuousClock.now
        var written = 0, households = 0
        let now = Date()
        var writing: Task<Void, any Error>?
        while written < target {
            var persons = BulkWriter.Table(name: Person.schema, columns: [
                "id", "number", "given_name", "surname", "patronymic", "given_name_cyr", "surname_cyr", "surname_key", "given_key", "sex",
                "birth_date", "birth_date_estimated", "death_date", "legal_status", "territory_id", "territory_path", "created_at", "version"])
            var keys = BulkWriter.Table(name: PersonNameKey.schema, columns: ["id", "person_id", "part", "key", "territory_path"])
            var homes = BulkWriter.Table(name: Household.schema, columns: ["id", "number", "territory_id", "territory_path", "created_at", "version"])
            var memberships = BulkWriter.Table(name: HouseholdMembership.schema, columns: [
                "id", "household_id", "person_id", "relationship", "from_date", "created_at"])
            var links = BulkWriter.Table(name: FamilyLink.schema, columns: [
                "id", "child_id", "adult_id", "kind", "parent_state", "guardianship_form", "decision_number", "decision_date", "from_date", "created_at"])
            var statuses = BulkWriter.Table(name: DisabilityStatus.schema, columns: [
                "id", "person_id", "certificate_number", "disability_group", "valid_from", "created_at"])
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
                        keys.rows.append([.uuid(UUID()), .uuid(member.id), .text(part), .text(key), .text(place.path)])
                    }
                    // A near-duplicate record stands alone, as a second registration would.
                    guard member.duplicateOf == nil else { continue }
                    let from = max(member.birth, today.adding(years: -15))
                    memberships.rows.append([.uuid(UUID()), .uuid(household.id), .uuid(member.id), .text(member.relationship.rawValue),
                                             .text(from.iso), .date(now)])
                    if member.disability {
                        let age = Age.years(born: member.birth, on: today)
                        statuses.rows.append([.uuid(UUID()), .uuid(member.id), .text("SYN-\(personNumber)"),
                                              .text(age < 18 ? "child" : "II"), .text(today.adding(years: -1).iso), .date(now)])
                    }
                }
                for link in household.links {
                    let child = byID[link.child]!
                    let age = Age.years(born: child.birth, on: today)
                    let guardian = link.kind == "guardian"
                    links.rows.append([.uuid(UUID()), .uuid(link.child), .uuid(link.adult), .text(link.kind), .text(link.state.rawValue),
                                       guardian ? .text((ChildStatusRules.placementForm(ageYears: age) ?? .custody).rawValue) : .null,
                                       guardian ? .text("H-\(householdNumber)/G") : .null, guardian ? .text(today.adding(days: -200).iso) : .null,
                                       guardian ? .text(today.adding(days: -200).iso) : .null, .date(now)])
                }
                // Child care for every child under 3, paid to the mother (or the guardian of an orphan).
                for member in household.members where member.relationship == .child && member.duplicateOf == nil
                    && Age.years(born: member.birth, on: today) < 3 {
                    let carers = household.links.filter { $0.child == member.id && $0.state == .alive }
                    guard let payee = carers.first(where: { $0.kind == "mother" }) ?? carers.first(where: { $0.kind == "guardian" }) else { continue }
                    enrolments.rows.append([.uuid(UUID()), .text(Programme.childCare.rawValue), .uuid(member.id), .uuid(payee.adult),
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
            let batch = [homes, persons, keys, memberships, links, statuses, enrolments]
            let (writer, numbers, db, dumping) = (BulkWriter(db: db, dumpFolder: dumpFolder), (personNumber, householdNumber), self.db, dumpFolder != nil)
            writing = Task {
                try await writer.write(batch)
                if !dumping {
                    try await PopulationLoader(db: db, today: today).setCounter("person", numbers.0)
                    try await PopulationLoader(db: db, today: today).setCounter("household", numbers.1)
                }
            }
            progress(Progress(people: written, households: households, seconds: (ContinuousClock.now - started).seconds))
        }
        try await writing?.value
        return Progress(people: written, households: households, seconds: (ContinuousClock.now - started).seconds)
    }

    func counter(_ name: String) async throws -> Int64 {
        let sql = db as! any SQLDatabase
        let row = try await sql.select().column("value").from("counters").where("name", .equal, SQLBind(name)).first()
        return try row?.decode(column: "value", as: Int64.self) ?? 0
    }

    func setCounter(_ name: String, _ value: Int64) async throws {
        let sql = db as! any SQLDatabase
        try await sql.insert(into: "counters").columns("name", "value").values(SQLBind(name), SQLBind(value))
            .onConflict(with: ["name"]) { $0.set("value", to: SQLBind(value)) }.run()
    }
}

/// `goldaw generate --people 7060000 --seed 7`: a synthetic population in the configured
/// database, with progress (rows, rate, time left). `--demo` stays the small curated set.
struct GenerateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "people", help: "how many people to add (default 100000)")
        var people: Int?
        @Option(name: "seed", help: "random seed (default 7); the same seed gives the same population")
        var seed: Int?
        @Option(name: "dump", help: "write COPY text files into this folder instead of the database (the benchmark floor's input)")
        var dump: String?
    }

    var help: String { "Add a synthetic population of Turkmenistan (census shares, households, parents, child-care enrolments) to the database." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let target = signature.people ?? 100_000
        if let folder = signature.dump { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let result = try await PopulationLoader(db: app.db, today: CalendarDate.today, dumpFolder: signature.dump)
            .load(people: target, seed: UInt64(signature.seed ?? 7)) { progress in
                let rate = Double(progress.people) / max(progress.seconds, 0.001)
                context.console.print("\(progress.people) people in \(progress.households) households · \(Int(rate)) people/s · "
                                      + "\(Int(Double(max(0, target - progress.people)) / max(rate, 1))) s left")
            }
        context.console.print(String(format: "generated %d people in %d households in %.1f s", result.people, result.households, result.seconds))
    }
}
