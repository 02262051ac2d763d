import Testing
@testable import GoldawCore

@Suite("Indicator rules") struct IndicatorRulesTests {
    @Test(arguments: [
        (-1, nil), (0, "0-1"), (1, "0-1"), (2, "2-4"), (4, "2-4"), (5, "5-9"), (9, "5-9"), (10, "10-14"), (14, "10-14"),
        (15, "15-17"), (17, "15-17"), (18, "18-29"), (29, "18-29"), (30, "30-59"), (59, "30-59"), (60, "60+"), (104, "60+"),
    ] as [(Int, String?)])
    func bandEdges(age: Int, band: String?) {
        #expect(IndicatorAgeBand.band(age: age)?.rawValue == band)
    }

    @Test func bandsFollowTheBirthdayIncludingLeapDays() {
        let asOf = CalendarDate(iso: "2026-06-15")!
        #expect(IndicatorAgeBand.band(born: CalendarDate(iso: "2024-06-15")!, on: asOf) == .early)
        #expect(IndicatorAgeBand.band(born: CalendarDate(iso: "2024-06-16")!, on: asOf) == .infant)
        #expect(IndicatorAgeBand.band(born: CalendarDate(iso: "2008-06-15")!, on: asOf) == .youngAdult)
        #expect(IndicatorAgeBand.band(born: CalendarDate(iso: "2008-06-16")!, on: asOf) == .upperSecondary)
        #expect(IndicatorAgeBand.band(born: CalendarDate(iso: "2026-06-16")!, on: asOf) == nil)
        // Born on 29 February: 5 on 28 February 2026 still 4, 5 on 1 March.
        let leap = CalendarDate(iso: "2020-02-29")!
        #expect(IndicatorAgeBand.band(born: leap, on: CalendarDate(iso: "2025-02-28")!) == .early)
        #expect(IndicatorAgeBand.band(born: leap, on: CalendarDate(iso: "2025-03-01")!) == .primary)
    }

    /// The refresh's SQL CASE compares birth dates as text with `birthLimits`; it must give
    /// the same band as `Age.years` for every birth date around every edge, leap days included.
    @Test(arguments: ["2026-06-15", "2028-02-29", "2027-02-28", "2027-03-01", "2026-01-01", "2026-12-31"])
    func birthLimitsAgreeWithAge(asOfText: String) {
        let asOf = CalendarDate(iso: asOfText)!
        let limits = IndicatorAgeBand.birthLimits(on: asOf)
        for born in stride(from: asOf.dayNumber - 70 * 366, through: asOf.dayNumber, by: 1).map(CalendarDate.init(dayNumber:))
            where Age.years(born: born, on: asOf) % 5 < 2 || born.month == 2 || born.month == 3 {
            let bySQL = limits.first { born.iso <= $0.latestBirth }?.band ?? .infant
            #expect(bySQL == IndicatorAgeBand.band(born: born, on: asOf), "\(born.iso) on \(asOf.iso)")
        }
        #expect(IndicatorAgeBand.latestBirth(forAge: 5, on: CalendarDate(iso: "2028-02-29")!) == "2023-02-29")
    }

    @Test func groupsAndFilters() {
        #expect(IndicatorAgeGroup.schoolAge.bands == [.primary, .lowerSecondary, .upperSecondary])
        #expect(IndicatorAgeGroup.functioningChildren.bands == [.early, .primary, .lowerSecondary, .upperSecondary])
        #expect(IndicatorAgeGroup.children.bands.count == 5)
        #expect(IndicatorAgeGroup.adults.bands == [.youngAdult, .adult, .older])
        #expect(IndicatorAgeFilter(rawValue: "2-4")?.bands == [.early])
        #expect(IndicatorAgeFilter(rawValue: "5-17") == .group(.schoolAge))
        #expect(IndicatorAgeFilter(rawValue: "7-17") == nil)
    }

    @Test func difficultyAndTallies() {
        #expect(DifficultyCategory(hasDifficulty: true) == .withDifficulty)
        #expect(DifficultyCategory(hasDifficulty: false) == .withoutDifficulty)
        #expect(DifficultyCategory(hasDifficulty: nil) == .notAssessed)
        let cells = [
            IndicatorCell(territoryPath: "/TM-M/M-MRY/", sex: "female", ageBand: "2-4", difficulty: "with_difficulty", officialDisability: false, people: 3),
            IndicatorCell(territoryPath: "/TM-M/M-BAY/", sex: "male", ageBand: "2-4", difficulty: "without_difficulty", officialDisability: false, people: 9),
            IndicatorCell(territoryPath: "/TM-L/L-CAR/", sex: "male", ageBand: "60+", difficulty: "not_assessed", officialDisability: true, people: 5),
        ]
        #expect(IndicatorTally.depth(of: "/TM-M/M-MRY/") == 2)
        #expect(IndicatorTally.unit(of: "/TM-M/M-MRY/", depth: 1) == "/TM-M/")
        #expect(IndicatorTally.unit(of: "/TM-M/", depth: 3) == "/TM-M/")
        let bySex = IndicatorTally.bySex(cells) { IndicatorTally.unit(of: $0.territoryPath, depth: 1) }
        #expect(bySex.map(\.key) == ["/TM-L/", "/TM-M/"])
        #expect(bySex[1].female == 3 && bySex[1].male == 9 && bySex[1].total == 12)
        let byAge = IndicatorTally.byDifficulty(cells) { $0.ageBand }
        #expect(byAge["2-4"]?.total == 12)
        #expect(byAge["2-4"]?.percentWith == 25)
        // Nobody assessed: no share is made up.
        #expect(byAge["60+"]?.percentWith == nil)
    }
}
