/// The national indicators: how people are counted and disaggregated. The counts themselves are
/// computed by the database; these are the definitions they follow, so a test can check them
/// without one.

/// Age bands of the indicator tables. The child bands follow the UNICEF/Washington Group Child
/// Functioning Module (2–4 and 5–17, with 5–17 split into the school stages of the national
/// statistics); under-2s have no functioning questionnaire; adults in the usual planning bands.
public enum IndicatorAgeBand: String, Sendable, CaseIterable, Codable, Hashable {
    case infant = "0-1"
    case early = "2-4"
    case primary = "5-9"
    case lowerSecondary = "10-14"
    case upperSecondary = "15-17"
    case youngAdult = "18-29"
    case adult = "30-59"
    case older = "60+"

    /// The first age in whole years that belongs to the band.
    public var minimumAge: Int {
        switch self {
        case .infant: 0
        case .early: 2
        case .primary: 5
        case .lowerSecondary: 10
        case .upperSecondary: 15
        case .youngAdult: 18
        case .adult: 30
        case .older: 60
        }
    }

    public var isChild: Bool { minimumAge < 18 }

    /// The band of an age in whole years; nil before birth.
    public static func band(age: Int) -> IndicatorAgeBand? {
        guard age >= 0 else { return nil }
        return allCases.last { $0.minimumAge <= age }
    }

    /// The band of someone born on `born`, on `date` (`Age.years`: a 29 February birthday counts
    /// on 1 March in common years).
    public static func band(born: CalendarDate, on date: CalendarDate) -> IndicatorAgeBand? {
        band(age: Age.years(born: born, on: date))
    }

    /// The latest birth date (as ISO text) of someone at least `years` old on `date`: born on or
    /// before it means `Age.years(born:on:) >= years`. The text keeps the month and day of
    /// `date` even when that day does not exist in the earlier year ("2005-02-29"): compared as
    /// text, which is how both databases compare the stored `birth_date`, it sorts exactly
    /// between 28 February and 1 March, which is the `Age.years` rule for leap-day birthdays.
    public static func latestBirth(forAge years: Int, on date: CalendarDate) -> String {
        let year = String(date.year - years)
        let padded = String(repeating: "0", count: max(0, 4 - year.count)) + year
        return padded + String(date.iso.dropFirst(4))
    }

    /// For each band from the oldest down: the latest birth date of the band's first age. A
    /// person belongs to the first band whose limit their birth date does not exceed; that is
    /// the SQL CASE the refresh runs, so the database needs no date arithmetic of its own.
    public static func birthLimits(on date: CalendarDate) -> [(band: IndicatorAgeBand, latestBirth: String)] {
        allCases.reversed().map { ($0, latestBirth(forAge: $0.minimumAge, on: date)) }
    }
}

/// Groups of bands that reports ask for: children and adults, and the two age groups of the
/// Child Functioning Module.
public enum IndicatorAgeGroup: String, Sendable, CaseIterable, Codable, Hashable {
    case children = "0-17"
    case functioningChildren = "2-17"
    case schoolAge = "5-17"
    case adults = "18+"

    public var bands: [IndicatorAgeBand] {
        switch self {
        case .children: IndicatorAgeBand.allCases.filter(\.isChild)
        case .functioningChildren: IndicatorAgeBand.allCases.filter { $0.isChild && $0.minimumAge >= 2 }
        case .schoolAge: IndicatorAgeBand.allCases.filter { $0.isChild && $0.minimumAge >= 5 }
        case .adults: IndicatorAgeBand.allCases.filter { !$0.isChild }
        }
    }
}

/// An age filter: one band or a group of bands, by the value a form or the API sends.
public enum IndicatorAgeFilter: Sendable, Hashable {
    case band(IndicatorAgeBand)
    case group(IndicatorAgeGroup)

    public init?(rawValue: String) {
        if let band = IndicatorAgeBand(rawValue: rawValue) { self = .band(band) }
        else if let group = IndicatorAgeGroup(rawValue: rawValue) { self = .group(group) }
        else { return nil }
    }

    public var rawValue: String {
        switch self {
        case .band(let band): band.rawValue
        case .group(let group): group.rawValue
        }
    }

    public var bands: [IndicatorAgeBand] {
        switch self {
        case .band(let band): [band]
        case .group(let group): group.bands
        }
    }
}

/// Functional difficulty by the person's latest functioning interview (WG-SS or CFM): the
/// social-model measure, kept apart from the official disability certificate.
public enum DifficultyCategory: String, Sendable, CaseIterable, Codable, Hashable {
    case withDifficulty = "with_difficulty"
    case withoutDifficulty = "without_difficulty"
    /// No interview yet, or one whose answers could not decide (too many missing).
    case notAssessed = "not_assessed"

    /// From the latest record's overall flag; no record at all is `nil` too.
    public init(hasDifficulty: Bool?) {
        switch hasDifficulty {
        case true?: self = .withDifficulty
        case false?: self = .withoutDifficulty
        case nil: self = .notAssessed
        }
    }
}

/// One stored count: people in one territory, of one sex, age band, difficulty category and
/// official disability status.
public struct IndicatorCell: Sendable, Hashable, Codable {
    public let territoryPath: String
    public let sex: String
    public let ageBand: String
    public let difficulty: String
    public let officialDisability: Bool
    public let people: Int

    public init(territoryPath: String, sex: String, ageBand: String, difficulty: String, officialDisability: Bool, people: Int) {
        self.territoryPath = territoryPath
        self.sex = sex
        self.ageBand = ageBand
        self.difficulty = difficulty
        self.officialDisability = officialDisability
        self.people = people
    }
}

/// People by difficulty category, with the prevalence among those assessed ("not assessed"
/// says nothing either way, so it is not in the denominator).
public struct DifficultyCounts: Sendable, Hashable {
    public var with = 0
    public var without = 0
    public var notAssessed = 0

    public init() {}

    public var total: Int { with + without + notAssessed }
    public var assessed: Int { with + without }
    public var percentWith: Double? { Ratio.percent(with, of: assessed) }

    public mutating func add(_ cell: IndicatorCell) {
        switch DifficultyCategory(rawValue: cell.difficulty) {
        case .withDifficulty?: with += cell.people
        case .withoutDifficulty?: without += cell.people
        case .notAssessed?, nil: notAssessed += cell.people
        }
    }
}

/// Sums of cells for the indicator tables: pure arithmetic over a snapshot's counts.
public enum IndicatorTally {
    /// How many codes a territory path holds ("/TM-M/M-MRY/" → 2).
    public static func depth(of path: String) -> Int {
        path.split(separator: "/").count
    }

    /// The ancestor of `path` at `depth` ("/TM-M/M-MRY/", 1 → "/TM-M/"); the path itself when shallower.
    public static func unit(of path: String, depth: Int) -> String {
        let codes = path.split(separator: "/").prefix(depth)
        return "/" + codes.joined(separator: "/") + "/"
    }

    /// Female, male and all people per key, in first-seen order of the sorted keys.
    public static func bySex(_ cells: [IndicatorCell], key: (IndicatorCell) -> String) -> [(key: String, female: Int, male: Int, total: Int)] {
        var sums: [String: (Int, Int, Int)] = [:]
        for cell in cells {
            var sum = sums[key(cell)] ?? (0, 0, 0)
            if cell.sex == Sex.female.rawValue { sum.0 += cell.people } else if cell.sex == Sex.male.rawValue { sum.1 += cell.people }
            sum.2 += cell.people
            sums[key(cell)] = sum
        }
        return sums.keys.sorted().map { ($0, sums[$0]!.0, sums[$0]!.1, sums[$0]!.2) }
    }

    /// Difficulty categories per key.
    public static func byDifficulty(_ cells: [IndicatorCell], key: (IndicatorCell) -> String) -> [String: DifficultyCounts] {
        var sums: [String: DifficultyCounts] = [:]
        for cell in cells { sums[key(cell), default: DifficultyCounts()].add(cell) }
        return sums
    }
}
