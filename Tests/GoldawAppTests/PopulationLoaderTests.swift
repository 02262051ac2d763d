import Fluent
import SQLKit
import Testing
import Vapor
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

@Suite("Synthetic population loader") struct PopulationLoaderTests {
    @Test func loadsThroughTheBulkPathAndTheRegistryUsesIt() async throws {
        try await withTestApp { app in
            let today = CalendarDate.today
            let loader = PopulationLoader(db: app.db, today: today)
            let first = try await loader.load(people: 1_500, seed: 11, batchHouseholds: 100)
            #expect(first.people >= 1_500)
            #expect(try await Person.query(on: app.db).count() == first.people)
            #expect(try await Household.query(on: app.db).count() == first.households)
            // Numbers continue the counters, so a second load and a new registration never clash.
            let second = try await loader.load(people: 300, seed: 12, batchHouseholds: 100)
            let numbers = try await Person.query(on: app.db).all(\.$number)
            #expect(Set(numbers).count == first.people + second.people)
            #expect(try await loader.counter("person") == Int64(first.people + second.people))
            // Child care for children under 3 only, paid to a living mother or guardian.
            let enrolments = try await BenefitEnrolment.query(on: app.db).with(\.$beneficiary).with(\.$payee).all()
            #expect(!enrolments.isEmpty)
            for enrolment in enrolments {
                #expect(Age.years(born: CalendarDate(iso: enrolment.beneficiary.birthDate)!, on: today) < 3)
                #expect(enrolment.payee.deathDate == nil)
            }
            // The registry search finds the generated people by name, in either script.
            let someone = try await Person.query(on: app.db).filter(\.$surnameCyr != nil).first()!
            let search = RegistrySearch(db: app.db)
            let latin = try await search.run(.init(text: someone.surname + " " + someone.givenName), scope: .national, today: today)
            #expect(latin.people.contains { $0.person.id == someone.id })
            let cyrillic = try await search.run(.init(text: someone.surnameCyr! + " " + someone.givenNameCyr!), scope: .national, today: today)
            #expect(cyrillic.people.contains { $0.person.id == someone.id })
        }
    }

    /// Functioning answers that pass the questionnaire's own validation and give plausible
    /// difficulty rates; cases for children with numbers that continue the counters; referrals
    /// from cases to services of the child's welaýat.
    @Test func functioningCasesAndReferralsFollowTheRules() async throws {
        try await withTestApp { app in
            let today = CalendarDate.today
            let people = try await Fixtures.people(app)
            let directory = try await Fixtures.services(app, people: people)
            let loader = PopulationLoader(db: app.db, today: today)
            let loaded = try await loader.load(people: 8_000, seed: 21, batchHouseholds: 500)
            let records = try await FunctioningRecord.query(on: app.db).with(\.$person).all()
            #expect(records.count > loaded.people / 5 && records.count < loaded.people / 2)
            for record in records {
                let instrument = FunctioningInstrument(rawValue: record.instrument)!
                let answers = PersonRecordsService.decode(record.answers)
                #expect(FunctioningRules.validate(instrument, answers: answers).isEmpty)
                #expect(FunctioningRules.evaluate(instrument, answers: answers).hasFunctionalDifficulty == record.hasDifficulty)
                let born = CalendarDate(iso: record.person.birthDate)!
                #expect(FunctioningInstrument.forAge(Age.years(born: born, on: CalendarDate(iso: record.interviewDate)!)) == instrument)
                #expect(record.interviewDate <= today.iso)
            }
            let withDifficulty = records.filter { $0.hasDifficulty == true }.count
            #expect(withDifficulty > records.count / 50 && withDifficulty < records.count / 4)
            // Cases: children only, unique numbers, the counters moved on.
            let cases = try await CaseRecord.query(on: app.db).filter(\.$summary == "Synthetic case for scale measurements.").with(\.$child).all()
            #expect(cases.count >= 10)
            for opened in cases {
                #expect(Age.years(born: CalendarDate(iso: opened.child.birthDate)!, on: CalendarDate(iso: opened.identifiedOn)!) < 18)
                #expect(opened.territoryPath == opened.child.territoryPath)
                #expect(CaseStep(rawValue: opened.step) != nil)
            }
            #expect(Set(cases.map(\.number)).count == cases.count)
            // Each welaýat-and-year series' counter stands at its last synthetic number.
            var lastNumbers: [String: Int64] = [:]
            for opened in cases {
                let parts = opened.number.split(separator: "-")
                let series = CaseNumber.series(prefix: String(parts[0]), year: Int(parts[1])!)
                lastNumbers[series] = max(lastNumbers[series] ?? 0, Int64(parts[2])!)
            }
            for (series, last) in lastNumbers {
                let counted = try await loader.counter(series)
                #expect(counted == last, "\(series): counter \(counted), last number \(last)")
            }
            // Referrals from cases go to the services of the child's welaýat (the fixtures have
            // one in Mary and one in Lebap); every one carries its case and a "sent" event.
            let referrals = try await Referral.query(on: app.db).filter(\.$source == "case").all()
            #expect(!referrals.isEmpty)
            let services = [directory.serviceHere: people.pathHere, directory.serviceThere: people.pathThere]
            for referral in referrals {
                let linked = cases.first { $0.id == referral.caseID }
                #expect(linked != nil)
                #expect(CaseNumber.regionCode(ofPath: services[referral.$service.id]!) == CaseNumber.regionCode(ofPath: referral.territoryPath))
            }
            #expect(try await ReferralEvent.query(on: app.db).count() == referrals.count + 2)
        }
    }

    /// A large load into an empty registry drops the secondary indexes and builds them at the
    /// end: afterwards the same indexes exist and the search uses them.
    @Test func aLoadIntoAnEmptyRegistryBuildsTheIndexesAtTheEnd() async throws {
        try await withTestApp { app in
            let sql = app.db as! any SQLDatabase
            let before = try await PopulationLoader.secondaryIndexes(sql)
            #expect(before.contains { $0.name == "person_name_keys_key_idx" || $0.definition.contains("person_name_keys") })
            var loader = PopulationLoader(db: app.db, today: CalendarDate.today)
            loader.deferIndexesFrom = 1_000
            var said: [String] = []
            try await loader.load(people: 1_200, seed: 5, batchHouseholds: 100, say: { said.append($0) })
            #expect(said.first?.contains("\(before.count) secondary indexes") == true)
            let after = try await PopulationLoader.secondaryIndexes(sql)
            #expect(after.map(\.name) == before.map(\.name))
            // A second load is not into an empty registry: the indexes stay where they are.
            said = []
            try await loader.load(people: 1_200, seed: 6, batchHouseholds: 100, say: { said.append($0) })
            #expect(!said.contains { $0.contains("secondary indexes") })
            let someone = try await Person.query(on: app.db).first()!
            let found = try await RegistrySearch(db: app.db).run(.init(text: someone.surname + " " + someone.givenName), scope: .national, today: .today)
            #expect(found.people.contains { $0.person.id == someone.id })
        }
    }
}
