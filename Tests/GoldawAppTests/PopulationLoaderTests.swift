import Fluent
import SQLKit
import Testing
import Vapor
import GoldawCore
@testable import GoldawApp

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
            let cyrillic = try await search.run(.init(text: someone.surnameCyr!), scope: .national, today: today)
            #expect(cyrillic.people.contains { $0.person.id == someone.id })
        }
    }
}
