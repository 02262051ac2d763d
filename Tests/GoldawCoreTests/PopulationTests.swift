import Foundation
import Testing
@testable import GoldawCore

@Suite("Synthetic population") struct PopulationTests {
    let today = CalendarDate(iso: "2026-11-23")!

    @Test func theSameSeedGivesTheSamePopulation() {
        var a = Population.Generator(seed: 42, today: today), b = Population.Generator(seed: 42, today: today)
        var c = Population.Generator(seed: 43, today: today)
        for _ in 0..<50 {
            let x = a.household(), y = b.household()
            #expect(x.id == y.id && x.members.map(\.id) == y.members.map(\.id) && x.members.map(\.givenName) == y.members.map(\.givenName))
        }
        #expect(a.household().id != c.household().id)
    }

    @Test func sharesAgesAndFamiliesFollowTheReference() {
        var generator = Population.Generator(seed: 7, today: today)
        var people = 0, households = 0, underOne = 0, children = 0
        var byWelayat: [String: Int] = [:]
        var ids = Set<UUID>()
        for _ in 0..<20_000 {
            let household = generator.household()
            households += 1
            let real = household.members.filter { $0.duplicateOf == nil }
            people += real.count
            byWelayat[household.welayat, default: 0] += real.count
            for member in household.members {
                #expect(ids.insert(member.id).inserted, "identifiers never repeat")
                let age = Age.years(born: member.birth, on: today)
                if age < 1 { underOne += 1 }
                if age < 18 { children += 1 }
            }
            // Every child has a mother and a father link, and parents are older than their children.
            for child in real where child.relationship == .child {
                let parents = household.links.filter { $0.child == child.id && $0.kind != "guardian" }
                #expect(parents.count == 2)
                for link in parents {
                    let parent = household.members.first { $0.id == link.adult }!
                    #expect(parent.birth < child.birth)
                }
            }
        }
        let size = Double(people) / Double(households)
        #expect((4.4...5.0).contains(size), "household size \(size)")
        // About 140,000 births a year in 7.06 million: 2 % under one.
        let births = Double(underOne) / Double(people)
        #expect((0.015...0.025).contains(births), "under one: \(births)")
        #expect((0.30...0.42).contains(Double(children) / Double(people)))
        for (code, share) in Population.welayatShares {
            let observed = Double(byWelayat[code] ?? 0) / Double(people)
            #expect(abs(observed - share) < 0.015, "\(code): \(observed) vs \(share)")
        }
    }
}
