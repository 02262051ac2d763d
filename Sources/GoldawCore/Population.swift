import Foundation

/// A synthetic population of Turkmenistan for scale tests: households by welaýat in the 2022
/// census shares, an age pyramid of about 140,000 births a year, parents linked to their
/// children, a few orphans, official disability for a small share, Cyrillic spellings for
/// older people and a controlled rate of near-duplicate records. Deterministic for a seed.
public enum Population {
    /// 2022 census shares by welaýat (reference/domain.md §1.1); Arkadag is counted in Ahal.
    public static let welayatShares: [(code: String, share: Double)] = [
        ("TM-M", 0.229), ("TM-D", 0.220), ("TM-L", 0.205), ("TM-S", 0.146), ("TM-A", 0.125), ("TM-B", 0.075),
    ]
    /// About 140,000 births a year in 7.06 million people.
    public static let birthsPerPerson = 140_000.0 / 7_057_841.0

    public struct Member: Sendable {
        public let id: UUID
        public let givenName: String
        public let surname: String
        public let patronymic: String?
        public let givenNameCyr: String?
        public let surnameCyr: String?
        public let sex: Sex
        public let birth: CalendarDate
        public let death: CalendarDate?
        public let relationship: Relationship
        public let disability: Bool
        /// Another record of the same person with a variant spelling, to exercise duplicate detection.
        public let duplicateOf: UUID?
        /// The functioning questions asked of this person, if they were.
        public var functioning: Interview? = nil
    }

    /// A recording of the Washington Group or Child Functioning questions.
    public struct Interview: Sendable {
        public let instrument: FunctioningInstrument
        public let answers: [String: Int]
        public let on: CalendarDate
    }

    /// A child protection case opened for a child of the household.
    public struct ProtectionCase: Sendable {
        public let child: UUID
        public let concern: ProtectionConcern
        public let source: IdentificationSource
        public let urgent: Bool
        public let identified: CalendarDate
        /// nil: not yet assessed.
        public let risk: RiskLevel?
        public let step: CaseStep
        /// A referral to a service was made for the case.
        public let referred: Bool
    }

    public struct Link: Sendable {
        public let child: UUID
        public let adult: UUID
        /// mother | father | guardian
        public let kind: String
        public let state: ParentState
    }

    public struct Household: Sendable {
        public let id: UUID
        public let welayat: String
        /// Index into the welaýat's etraps, chosen by the caller's list.
        public let etrapPick: Int
        public let members: [Member]
        public let links: [Link]
        public let cases: [ProtectionCase]
    }

    public struct Generator: Sendable {
        var random: SeededRandom
        /// Identifiers come from their own stream, so they never repeat what names and ages drew.
        var ids: SeededRandom
        let today: CalendarDate
        public var duplicateRate = 0.005

        public init(seed: UInt64, today: CalendarDate) {
            random = SeededRandom(seed: seed)
            ids = SeededRandom(seed: seed ^ 0x5DEE_CE66_D1CE_4E5B)
            self.today = today
        }

        mutating func uuid() -> UUID {
            let a = ids.next(), b = ids.next()
            var bytes = [UInt8](repeating: 0, count: 16)
            for i in 0..<8 { bytes[i] = UInt8(truncatingIfNeeded: a >> (8 * UInt64(i))); bytes[8 + i] = UInt8(truncatingIfNeeded: b >> (8 * UInt64(i))) }
            bytes[6] = (bytes[6] & 0x0F) | 0x40
            bytes[8] = (bytes[8] & 0x3F) | 0x80
            return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                               bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
        }

        static func welayat(_ random: inout SeededRandom) -> String {
            var roll = Double(random.int(0...999_999)) / 1_000_000
            for (code, share) in welayatShares {
                if roll < share { return code }
                roll -= share
            }
            return welayatShares[0].code
        }

        /// Children under 18 per household: mean about 1.77, so that about 1.5 million households
        /// of 4.7 people hold about 2.6 million children (140,000 births a year for 18 years).
        static func childCount(_ random: inout SeededRandom) -> Int {
            let roll = random.int(0...99)
            switch roll {
            case 0..<25: return 0
            case 25..<47: return 1
            case 47..<71: return 2
            case 71..<88: return 3
            case 88..<96: return 4
            default: return 5 + random.int(0...2)
            }
        }

        /// Who has answered the functioning questions, and with what: every holder of a
        /// disability certificate, 40% of children from 2 and a quarter of adults, as if met by
        /// social workers and benefit officers over two years. Difficulty (at the cut-off) for
        /// about 4% of children 2–4, 9% at 5–17 (UNICEF puts it near one child in ten),
        /// 6% of adults under 60 and 25% from 60; "some" difficulty in one domain for as many again.
        func interview(age: Int, birth: CalendarDate, disability: Bool, _ random: inout SeededRandom) -> Interview? {
            guard let instrument = FunctioningInstrument.forAge(age) else { return nil }
            guard disability || random.chance(age < 18 ? 0.4 : 0.25) else { return nil }
            let rate: Double = switch instrument {
            case .cfm2to4: 0.04
            case .cfm5to17: 0.09
            case .wgss: age < 60 ? 0.06 : 0.25
            }
            let sets = SyntheticFunctioning.all[instrument]!
            let roll = random.int(0...9_999)
            let answers: [String: Int]
            if disability ? roll < 8_000 : roll < Int(rate * 10_000) { answers = random.pick(sets.difficulty) }
            else if roll < Int(rate * 20_000) + (disability ? 8_000 : 0) { answers = random.pick(sets.some) }
            else { answers = sets.none }
            // Asked in the last two years, but not before the child reached the instrument's age.
            let earliest = birth.adding(years: instrument == .cfm2to4 ? 2 : instrument == .cfm5to17 ? 5 : 18)
            let on = max(earliest, today.adding(days: -random.int(0...729)))
            return Interview(instrument: instrument, answers: answers, on: min(on, today))
        }

        /// A case for about 3 children in 1,000 (more for orphans and children with a
        /// disability): most still open, spread over the steps of case management.
        func protectionCase(for child: Member, age: Int, orphaned: Bool, _ random: inout SeededRandom) -> ProtectionCase? {
            let chance = orphaned ? 0.3 : child.disability ? 0.05 : 0.003
            guard age < 18, child.death == nil, random.chance(chance) else { return nil }
            let concern: ProtectionConcern = orphaned ? .withoutParentalCare
                : child.disability ? .disabilityInstitutionRisk : random.pick([.violence, .neglect, .neglect, .childLabour, .inContactWithLaw, .other])
            let step = random.pick([CaseStep.identification, .assessment, .casePlan, .implementation, .implementation, .followUp, .closed, .closed])
            let risk: RiskLevel? = step == .identification ? nil : random.pick([RiskLevel.high, .medium, .medium, .low, .low])
            let identified = today.adding(days: -random.int(step == .identification ? 0...20 : 20...700))
            return ProtectionCase(child: child.id, concern: concern, source: random.pick(IdentificationSource.allCases),
                                  urgent: risk == .high, identified: max(identified, child.birth), risk: risk, step: step,
                                  referred: step != .identification && step != .assessment && random.chance(0.6))
        }

        func born(age: Int, _ random: inout SeededRandom) -> CalendarDate {
            today.adding(years: -age).adding(days: -random.int(0...364))
        }

        /// One household: a head couple, their children, sometimes adult children and a grandparent.
        public mutating func household() -> Household {
            var r = random
            let welayat = Self.welayat(&r)
            let stem = r.pick(SyntheticNames.surnameStems)
            let fatherGiven = r.pick(SyntheticNames.male), motherGiven = r.pick(SyntheticNames.female)
            let children = Self.childCount(&r)
            var ages = (0..<children).map { _ in r.int(0...17) }.sorted(by: >)
            let adultChildren = r.chance(0.45) ? r.int(1...2) : 0
            let eldestChild = adultChildren > 0 ? r.int(18...30) : (ages.first ?? r.int(0...10))
            if adultChildren > 0 { ages = ages.map { min($0, eldestChild - 1) } }
            let motherAge = min(75, 20 + eldestChild + r.int(0...8))
            let fatherAge = motherAge + r.int(1...6)
            var members: [Member] = []
            var links: [Link] = []
            let widowed = r.chance(0.01), orphaned = r.chance(0.002)
            func member(_ given: String, _ sex: Sex, age: Int, _ relationship: Relationship, patronymicOf father: String?,
                        died: Bool = false, random: inout SeededRandom, generator: inout Generator) -> Member {
                let birth = generator.born(age: age, &random)
                let surname = SyntheticNames.surname(stem, female: sex == .female)
                let cyrillic = birth.year < 1985 && random.chance(0.4)
                let disability = random.chance(age < 18 ? 0.008 : 0.03)
                return Member(id: generator.uuid(), givenName: given, surname: surname,
                              patronymic: father.map { SyntheticNames.patronymic(father: $0, female: sex == .female) },
                              givenNameCyr: cyrillic ? SyntheticNames.cyrillic(given) : nil, surnameCyr: cyrillic ? SyntheticNames.cyrillic(surname) : nil,
                              sex: sex, birth: birth, death: died ? generator.today.adding(days: -random.int(30...2000)) : nil,
                              relationship: relationship, disability: disability, duplicateOf: nil,
                              functioning: died ? nil : generator.interview(age: Age.years(born: birth, on: generator.today), birth: birth,
                                                                           disability: disability, &random))
            }
            var generator = self
            let father = member(fatherGiven, .male, age: fatherAge, .head, patronymicOf: r.pick(SyntheticNames.male),
                                died: widowed || orphaned, random: &r, generator: &generator)
            let mother = member(motherGiven, .female, age: motherAge, .spouse, patronymicOf: r.pick(SyntheticNames.male),
                                died: orphaned, random: &r, generator: &generator)
            members += [father, mother]
            var guardian: Member?
            var cases: [ProtectionCase] = []
            if orphaned || r.chance(0.25) {
                let old = member(r.pick(SyntheticNames.female), .female, age: min(95, motherAge + 22 + r.int(0...10)), .parent,
                                 patronymicOf: r.pick(SyntheticNames.male), random: &r, generator: &generator)
                members.append(old)
                guardian = orphaned ? old : nil
            }
            for index in 0..<(adultChildren + children) {
                let female = r.chance(0.49)
                let age = index < adultChildren ? max(18, eldestChild - index * 2) : ages[index - adultChildren]
                let child = member(female ? r.pick(SyntheticNames.female) : r.pick(SyntheticNames.male), female ? .female : .male,
                                   age: age, .child, patronymicOf: fatherGiven, random: &r, generator: &generator)
                members.append(child)
                if let opened = generator.protectionCase(for: child, age: age, orphaned: orphaned, &r) { cases.append(opened) }
                links.append(Link(child: child.id, adult: mother.id, kind: "mother", state: orphaned ? .dead : .alive))
                links.append(Link(child: child.id, adult: father.id, kind: "father", state: (widowed || orphaned) ? .dead : .alive))
                if let guardian, age < 18 { links.append(Link(child: child.id, adult: guardian.id, kind: "guardian", state: .alive)) }
            }
            // A near-duplicate: the same person typed again, in Cyrillic or with a variant spelling.
            if r.chance(duplicateRate * Double(members.count)), let original = members.first(where: { $0.death == nil }) {
                members.append(Member(id: generator.uuid(), givenName: original.givenName, surname: SyntheticNames.cyrillic(original.surname),
                                      patronymic: original.patronymic, givenNameCyr: nil, surnameCyr: nil, sex: original.sex,
                                      birth: original.birth, death: nil, relationship: .otherRelative, disability: false, duplicateOf: original.id))
            }
            let id = generator.uuid()
            let pick = r.int(0...1_000_000)
            generator.random = r
            self = generator
            return Household(id: id, welayat: welayat, etrapPick: pick, members: members, links: links, cases: cases)
        }
    }
}
