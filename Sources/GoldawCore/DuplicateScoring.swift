/// What the duplicate check knows about one person record. Names are compared through
/// `NameFolding` keys, so they may be in any script as typed.
public struct PersonFingerprint: Sendable, Hashable {
    public var givenName: String
    public var surname: String
    public var patronymic: String?
    public var birthDate: CalendarDate?
    /// True when the date of birth is an estimate (e.g. only the year is known): then only the
    /// year is compared.
    public var birthDateEstimated: Bool
    /// "female" | "male"
    public var sex: String?
    /// Normalised "type:NUMBER" strings; compared without case and whitespace.
    public var documents: Set<String>
    public var motherID: String?
    public var fatherID: String?

    public init(givenName: String, surname: String, patronymic: String? = nil,
                birthDate: CalendarDate? = nil, birthDateEstimated: Bool = false, sex: String? = nil,
                documents: Set<String> = [], motherID: String? = nil, fatherID: String? = nil) {
        self.givenName = givenName
        self.surname = surname
        self.patronymic = patronymic
        self.birthDate = birthDate
        self.birthDateEstimated = birthDateEstimated
        self.sex = sex
        self.documents = documents
        self.motherID = motherID
        self.fatherID = fatherID
    }
}

/// One scoring signal. The declaration order is the order reasons are listed in a score.
public enum DuplicateReason: String, Sendable, CaseIterable, Codable {
    case documentMatch = "document_match"
    case namesSwapped = "names_swapped"
    case surnameKeyMatch = "surname_key_match"
    case surnameSimilar = "surname_similar"
    case givenKeyMatch = "given_key_match"
    case givenSimilar = "given_similar"
    case givenConflict = "given_conflict"
    case patronymicMatch = "patronymic_match"
    case patronymicConflict = "patronymic_conflict"
    case birthDateExact = "birth_date_exact"
    case birthDateNear = "birth_date_near"
    case birthYearMatch = "birth_year_match"
    case birthDateConflict = "birth_date_conflict"
    case sexConflict = "sex_conflict"
    case sameMother = "same_mother"
    case sameFather = "same_father"
    case differentMother = "different_mother"
    case differentFather = "different_father"
}

public struct DuplicateScore: Sendable, Hashable, Codable {
    /// Sum of the points, clamped to 0...100.
    public let total: Int
    /// Each signal that fired with its points (negative for conflicts), in `DuplicateReason` order.
    public let reasons: [Item]

    public struct Item: Sendable, Hashable, Codable {
        public let reason: DuplicateReason
        public let points: Int
        public init(reason: DuplicateReason, points: Int) {
            self.reason = reason
            self.points = points
        }
    }

    public init(reasons: [Item]) {
        let order = Dictionary(uniqueKeysWithValues: DuplicateReason.allCases.enumerated().map { ($1, $0) })
        self.reasons = reasons.sorted { order[$0.reason]! < order[$1.reason]! }
        self.total = min(100, max(0, reasons.reduce(0) { $0 + $1.points }))
    }

    public var isLikelyDuplicate: Bool { total >= DuplicateScorer.threshold }

    public func points(for reason: DuplicateReason) -> Int? {
        reasons.first { $0.reason == reason }?.points
    }
}

/// Scores how likely two person records describe the same person.
///
/// Weights (rule version "dup-1"); the total is the sum, clamped to 0...100, threshold 70:
///
/// | reason               | points | when                                                                 |
/// |----------------------|-------:|----------------------------------------------------------------------|
/// | document_match       |    +90 | any document "type:NUMBER" in common                                 |
/// | names_swapped        |    +40 | given and surname entered in each other's fields (both keys cross-match) |
/// | surname_key_match    |    +20 | surname keys equal (gendered endings stripped)                        |
/// | surname_similar      |    +10 | surname keys differ but look like a typo (see `looksLikeTypo`)        |
/// | given_key_match      |    +25 | given-name keys equal                                                 |
/// | given_similar        |    +12 | given keys differ but look like a typo                                |
/// | given_conflict       |    −45 | given keys differ and are not a typo of each other: a different name  |
/// | patronymic_match     |    +10 | both present, patronymic keys equal                                   |
/// | patronymic_conflict  |    −15 | both present, Jaro–Winkler < 0.80                                     |
/// | birth_date_exact     |    +40 | same date, neither estimated                                          |
/// | birth_date_near      |    +25 | neither estimated; ≤ 2 days apart, day/month swapped, one digit of the month/day mistyped or two adjacent digits swapped (same year), or same day and month one year apart |
/// | birth_year_match     |    +20 | either date estimated, years at most 1 apart                          |
/// | birth_date_conflict  | −20/−40 | neither estimated: −20 within 366 days, −40 further; either estimated: −20 if years ≥ 3 apart |
/// | sex_conflict         |    −50 | both present and different                                            |
/// | same_mother          |    +10 | both mother IDs present and equal                                     |
/// | same_father          |     +5 | both father IDs present and equal                                     |
/// | different_mother     |    −15 | both present and different                                            |
/// | different_father     |    −10 | both present and different                                            |
///
/// Why these numbers:
/// - A shared document is near-proof on its own (90), but a sex conflict (−50) or clearly
///   different names and dates pull it back under the threshold: that pattern is usually a
///   parent's passport typed on a child's record, which is a data error, not a duplicate.
/// - Surname + given name + exact date = 85, so exact matches are flagged even without a sex or
///   patronymic; a typo'd date gives 70 (80 with the patronymic), right at the threshold.
/// - No penalty for different surnames: women change surname on marriage, so given name +
///   patronymic + exact date (75) still flags a maiden/married pair.
/// - A different given name is a strong "different person" signal (−45): twins share surname,
///   date, parents and patronymic (20+40+10+10+5 = 85) and must come out well below 50 (40).
/// - Parents are weak positives but only mild negatives: a mother registered twice gives her
///   child two different mother IDs, and that must not hide the child's own duplicate.
/// - Exact key equality is the strong name signal; similarity is only a weak one, and only for
///   keys of five letters or more that differ in length by at most one, because Jaro–Winkler is
///   high for many pairs of different short names: Aýna/Anna 0.93, Batyr/Bagtyýar 0.92,
///   Gurban/Gurbanguly 0.92, Jeren/Jerenbike 0.91. Maral/Marat (0.92) still counts as a typo;
///   the sex conflict usually separates that pair.
public enum DuplicateScorer {
    public static let ruleVersion = "dup-1"
    public static let threshold = 70

    static let similarNames = 0.90
    static let differentPatronymics = 0.80

    /// Two different keys that are probably one name mistyped: Jaro–Winkler ≥ 0.90, both at least
    /// five letters, lengths within one (GURBANGULI/GURBANGUL yes; AYNA/ANA, BATIR/BAGTIAR no).
    static func looksLikeTypo(_ a: String, _ b: String) -> Bool {
        min(a.count, b.count) >= 5 && abs(a.count - b.count) <= 1
            && NameFolding.similarity(a, b) >= similarNames
    }

    /// Scores how likely two records are the same person, and why.
    public static func score(_ a: PersonFingerprint, _ b: PersonFingerprint) -> DuplicateScore {
        var items: [DuplicateScore.Item] = []
        func add(_ reason: DuplicateReason, _ points: Int) {
            items.append(.init(reason: reason, points: points))
        }

        // Documents.
        let docsA = Set(a.documents.map(normaliseDocument).filter { !$0.isEmpty })
        let docsB = Set(b.documents.map(normaliseDocument).filter { !$0.isEmpty })
        if !docsA.isDisjoint(with: docsB) { add(.documentMatch, 90) }

        // Names.
        let surnameA = NameFolding.surnameKey(a.surname), surnameB = NameFolding.surnameKey(b.surname)
        let givenA = NameFolding.key(a.givenName), givenB = NameFolding.key(b.givenName)
        let swapped = !givenA.isEmpty && !surnameA.isEmpty && (givenA != givenB || surnameA != surnameB)
            && NameFolding.surnameKey(a.givenName) == surnameB && surnameA == NameFolding.surnameKey(b.givenName)
        if swapped {
            add(.namesSwapped, 40)
        } else {
            if !surnameA.isEmpty, !surnameB.isEmpty {
                if surnameA == surnameB {
                    add(.surnameKeyMatch, 20)
                } else if looksLikeTypo(surnameA, surnameB) {
                    add(.surnameSimilar, 10)
                }
            }
            if !givenA.isEmpty, !givenB.isEmpty {
                if givenA == givenB {
                    add(.givenKeyMatch, 25)
                } else if looksLikeTypo(givenA, givenB) {
                    add(.givenSimilar, 12)
                } else {
                    add(.givenConflict, -45)
                }
            }
        }
        let patronymicA = NameFolding.patronymicKey(a.patronymic ?? "")
        let patronymicB = NameFolding.patronymicKey(b.patronymic ?? "")
        if !patronymicA.isEmpty, !patronymicB.isEmpty {
            if patronymicA == patronymicB {
                add(.patronymicMatch, 10)
            } else if NameFolding.similarity(patronymicA, patronymicB) < differentPatronymics {
                add(.patronymicConflict, -15)
            }
        }

        // Date of birth.
        if let dateA = a.birthDate, let dateB = b.birthDate {
            if a.birthDateEstimated || b.birthDateEstimated {
                let years = abs(dateA.year - dateB.year)
                if years <= 1 {
                    add(.birthYearMatch, 20)
                } else if years >= 3 {
                    add(.birthDateConflict, -20)
                }
            } else if dateA == dateB {
                add(.birthDateExact, 40)
            } else if isNear(dateA, dateB) {
                add(.birthDateNear, 25)
            } else {
                add(.birthDateConflict, abs(dateA.dayNumber - dateB.dayNumber) <= 366 ? -20 : -40)
            }
        }

        // Sex.
        let sexA = (a.sex ?? "").trimmingWhitespace.lowercased()
        let sexB = (b.sex ?? "").trimmingWhitespace.lowercased()
        if !sexA.isEmpty, !sexB.isEmpty, sexA != sexB { add(.sexConflict, -50) }

        // Parents.
        if let m1 = nonEmpty(a.motherID), let m2 = nonEmpty(b.motherID) {
            if m1 == m2 { add(.sameMother, 10) } else { add(.differentMother, -15) }
        }
        if let f1 = nonEmpty(a.fatherID), let f2 = nonEmpty(b.fatherID) {
            if f1 == f2 { add(.sameFather, 5) } else { add(.differentFather, -10) }
        }

        return DuplicateScore(reasons: items)
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text = text?.trimmingWhitespace, !text.isEmpty else { return nil }
        return text
    }

    /// Documents are compared without case and whitespace ("passport: I-AŞ 123" = "PASSPORT:I-AŞ123").
    private static func normaliseDocument(_ document: String) -> String {
        String(document.filter { !$0.isWhitespace }).uppercased()
    }

    /// The typing mistakes a date of birth usually suffers (both dates exact, and different).
    static func isNear(_ a: CalendarDate, _ b: CalendarDate) -> Bool {
        if abs(a.dayNumber - b.dayNumber) <= 2 { return true }
        // Same day and month, year off by one (1985 typed as 1986).
        if a.month == b.month, a.day == b.day, abs(a.year - b.year) == 1 { return true }
        guard a.year == b.year else { return false }
        // Day and month swapped (05.03 for 03.05).
        if a.day == b.month, a.month == b.day { return true }
        // One digit of MMDD mistyped, or two adjacent digits swapped (12 ↔ 21, 0112 ↔ 1012).
        let x = Array(a.iso.dropFirst(5).filter(\.isNumber)), y = Array(b.iso.dropFirst(5).filter(\.isNumber))
        let differing = x.indices.filter { x[$0] != y[$0] }
        if differing.count == 1 { return true }
        if differing.count == 2, differing[1] == differing[0] + 1,
           x[differing[0]] == y[differing[1]], x[differing[1]] == y[differing[0]] { return true }
        return false
    }
}
