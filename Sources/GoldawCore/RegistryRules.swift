/// Pure rules of the people registry: identity values, documents, phones, ages, child status
/// under Turkmen law, and household membership. No storage, no Foundation.

public enum Sex: String, Sendable, CaseIterable, Codable {
    case female, male
}

/// The four groups the Law "On Social Services" applies to (reference §3.1).
public enum LegalStatus: String, Sendable, CaseIterable, Codable {
    case citizen
    case residentForeigner = "resident_foreigner"
    case stateless
    case refugee
}

/// Relationship to the head of the household.
public enum Relationship: String, Sendable, CaseIterable, Codable {
    case head, spouse, child, grandchild, parent, sibling
    case otherRelative = "other_relative"
    case nonRelative = "non_relative"
}

public enum DocumentType: String, Sendable, CaseIterable, Codable {
    case passport
    case birthCertificate = "birth_certificate"
    case other

    /// The normalised number, the form stored and compared for duplicates, or nil when the
    /// text cannot be a number of this type.
    /// - passport, birth certificate: "I-AŞ 123456" (see `TurkmenDocumentSeries`);
    /// - other: 3–30 letters, digits and dashes, upper-case, spaces and "№" removed.
    public func normalise(_ raw: String) -> String? {
        switch self {
        case .passport, .birthCertificate: TurkmenDocumentSeries.normalise(raw)
        case .other: Self.normaliseOther(raw)
        }
    }

    static func normaliseOther(_ raw: String) -> String? {
        var out = ""
        for character in raw.uppercased() {
            if character.isWhitespace || character == "№" { continue }
            if TurkmenDocumentSeries.dashes.contains(character) { out.append("-"); continue }
            guard character.isLetter || character.isNumber else { return nil }
            out.append(character)
        }
        guard (3...30).contains(out.count), out.contains(where: { $0 != "-" }) else { return nil }
        return out
    }
}

/// The series-and-number format of Turkmen passports and birth certificates.
///
/// NOT IN THE REFERENCE: domain.md does not describe document numbers. The format here is the
/// one we were given: a Roman numeral I–IV, a dash, two letters for the welaýat (AŞ, AH, BN,
/// DZ, LB, MR) and six digits, e.g. passport "I-AŞ 123456", birth certificate "II-MR 123456";
/// older documents write the series in Cyrillic ("I-АШ №123456"). Both document types share
/// this rule. If the real format differs, change it here only: everything else calls
/// `DocumentType.normalise`.
enum TurkmenDocumentSeries {
    static let romanNumerals: Set<String> = ["I", "II", "III", "IV"]

    /// Welaýat series in Turkmen Latin, the normalised form.
    static let welayatSeries: Set<String> = ["AŞ", "AH", "BN", "DZ", "LB", "MR"]

    /// Spellings of the welaýat series accepted besides the Latin one: the Cyrillic series of
    /// older documents and "AS" typed without a Turkmen keyboard.
    static let seriesAliases: [String: String] = [
        "АШ": "AŞ", "АХ": "AH", "БН": "BN", "ДЗ": "DZ", "ЛБ": "LB", "МР": "MR",
        "AS": "AŞ",
    ]

    /// Cyrillic letters that look like Latin ones (typed on a Russian layout): "АН" → "AH".
    static let lookAlikes: [Character: Character] = [
        "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
        "С": "C", "Т": "T", "Х": "X", "У": "Y",
        // Ş variants: comma below (Romanian Ș) and the 1993 alphabet's "$" (reference §2.3).
        "Ș": "Ş", "$": "Ş",
    ]

    /// Letters of the Roman numeral: Latin I and V, and the I of a Cyrillic (Ukrainian/Kazakh
    /// "І") or Turkish ("İ") layout.
    static let numeralLetters: [Character: Character] = ["I": "I", "V": "V", "І": "I", "İ": "I"]

    static let dashes: Set<Character> = ["-", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2212}"]

    static func normalise(_ raw: String) -> String? {
        // Upper-case, one dash form, no spaces or "№".
        var text: [Character] = []
        for character in raw.uppercased() {
            if character.isWhitespace || character == "№" { continue }
            text.append(dashes.contains(character) ? "-" : character)
        }
        // Six digits at the end, optionally preceded by a dash ("I-AŞ-123456").
        let digits = text.reversed().prefix { $0.isASCII && $0.isWholeNumber }
        guard digits.count == 6 else { return nil }
        var series = Array(text.dropLast(6))
        if series.last == "-" { series.removeLast() }
        // The Roman numeral, in Latin I and V. No welaýat series starts with I or V, so the
        // numeral ends where they stop.
        let numeral = String(series.prefix { numeralLetters[$0] != nil }.map { numeralLetters[$0]! })
        guard romanNumerals.contains(numeral) else { return nil }
        var letters = series.dropFirst(numeral.count)
        if letters.first == "-" { letters.removeFirst() }
        guard let welayat = welayat(String(letters)) else { return nil }
        return "\(numeral)-\(welayat) \(String(digits.reversed()))"
    }

    /// The Latin series for what was typed: as written, a known alias (Cyrillic), or Cyrillic
    /// look-alikes mapped to Latin ("АН" typed for "AH"). The alias is tried first because
    /// look-alikes would misread Cyrillic series ("МР" would become "MP").
    static func welayat(_ letters: String) -> String? {
        guard letters.count == 2 else { return nil }
        if welayatSeries.contains(letters) { return letters }
        if let alias = seriesAliases[letters] { return alias }
        let mapped = String(letters.map { lookAlikes[$0] ?? $0 })
        if welayatSeries.contains(mapped) { return mapped }
        return seriesAliases[mapped]
    }
}

public enum Phone {
    /// Turkmenistan's country calling code; national numbers have 8 digits (e.g. 65 123456,
    /// 12 345678).
    static let countryCode = "993"
    static let nationalLength = 8

    /// Normalises a phone number to E.164: a Turkmen number to "+993" and eight digits, accepting
    /// "+993 65 12-34-56", "00993…", "993 65123456", "8 65 123456" (trunk prefix 8) and
    /// "65123456". A foreign number written with "+" (or "00") and another country code is kept
    /// as "+<digits>" when it has 8–15 digits (the E.164 maximum). nil when the text has letters
    /// or other signs, or cannot be a number: the caller reports it rather than storing garbage.
    public static func normalise(_ raw: String) -> String? {
        var text = Substring(raw.trimmingWhitespace)
        var international = false
        if text.first == "+" { international = true; text = text.dropFirst() }
        var digits = ""
        for character in text {
            if character.isASCII && character.isWholeNumber { digits.append(character) }
            else if character.isWhitespace || "-().".contains(character) { continue }
            else { return nil }
        }
        if !international && digits.hasPrefix("00") { international = true; digits.removeFirst(2) }
        if international {
            if digits.hasPrefix(countryCode) { return turkmen(digits.dropFirst(countryCode.count)) }
            guard (8...15).contains(digits.count), digits.first != "0" else { return nil }
            return "+" + digits
        }
        switch digits.count {
        case nationalLength: return turkmen(Substring(digits))
        case nationalLength + 1 where digits.first == "8": return turkmen(digits.dropFirst())
        case nationalLength + countryCode.count where digits.hasPrefix(countryCode): return turkmen(digits.dropFirst(countryCode.count))
        default: return nil
        }
    }

    /// A national number: 8 digits, not starting with 0 (no Turkmen area or mobile code does).
    private static func turkmen(_ national: Substring) -> String? {
        guard national.count == nationalLength, national.first != "0" else { return nil }
        return "+" + countryCode + national
    }
}

public enum Age {
    /// Age in whole years on `date`. A birthday on 29 February counts on 1 March in common
    /// years (the person is not a year older on 28 February): the month-and-day comparison
    /// below gives exactly that. Negative when `date` is before `born`; callers treat that as
    /// "not born yet".
    public static func years(born: CalendarDate, on date: CalendarDate) -> Int {
        var years = date.year - born.year
        if (date.month, date.day) < (born.month, born.day) { years -= 1 }
        return years
    }
}

/// A parent's legal standing towards the child, as recorded on the parent–child link.
public enum ParentState: String, Sendable, CaseIterable, Codable {
    case alive
    case dead
    case declaredDead = "declared_dead"
    case deprivedOfRights = "deprived_of_rights"
    case restrictedInRights = "restricted_in_rights"
    case missing
    case incapacitated
    /// Nothing is known: treated as able to care, so no marker is derived from a guess.
    case unknown
}

/// Placement forms for a child without parental care (Law "On Guardianship and Custody", 2017).
public enum GuardianshipForm: String, Sendable, CaseIterable, Codable {
    /// Hossarlyk / опека: children under 7.
    case guardianship
    /// Homaýynlyk / попечительство: children 7–17.
    case custody
}

public enum ChildStatusRules {
    /// A child is a person under 18 (Law "On State Guarantees of the Rights of the Child").
    static let adultAge = 18

    static func isChild(_ ageYears: Int) -> Bool { (0..<adultAge).contains(ageYears) }

    /// Death and a court's declaration of death have the same legal effect.
    static func isGone(_ state: ParentState) -> Bool { state == .dead || state == .declaredDead }

    /// Orphan (Law "On State Guarantees of the Rights of the Child"): a child under 18 both of
    /// whose parents have died or been declared dead, or whose only parent has died.
    /// A nil parent is one not recorded, or legally absent (e.g. no father on the birth
    /// record); exactly one recorded parent is the single-parent case. A declared-dead single
    /// parent counts like a dead one (same legal effect). With no parent recorded nothing can
    /// be derived: false.
    public static func isOrphan(ageYears: Int, mother: ParentState?, father: ParentState?) -> Bool {
        guard isChild(ageYears) else { return false }
        let recorded = [mother, father].compactMap { $0 }
        return !recorded.isEmpty && recorded.allSatisfy(isGone)
    }

    /// Child left without parental care (Law "On Guardianship and Custody"): no recorded parent
    /// can exercise care — each is dead, declared dead, deprived of or restricted in parental
    /// rights, missing or incapacitated — and the child is not an orphan (orphan is the
    /// stronger status and is shown instead). Grounds the registry does not record as a state
    /// (illness, long absence, evading upbringing) are for the caseworker, not this rule.
    public static func isWithoutParentalCare(ageYears: Int, mother: ParentState?, father: ParentState?) -> Bool {
        guard isChild(ageYears), !isOrphan(ageYears: ageYears, mother: mother, father: father) else { return false }
        let unable: Set<ParentState> = [.dead, .declaredDead, .deprivedOfRights, .restrictedInRights, .missing, .incapacitated]
        let recorded = [mother, father].compactMap { $0 }
        return !recorded.isEmpty && recorded.allSatisfy(unable.contains)
    }

    /// Guardianship under 7; custody/trusteeship from 7 until 18 (Law "On Guardianship and
    /// Custody", reference §3.1). nil for adults (and for negative ages).
    public static func placementForm(ageYears: Int) -> GuardianshipForm? {
        switch ageYears {
        case 0..<7: .guardianship
        case 7..<adultAge: .custody
        default: nil
        }
    }
}

/// One person's membership of one household over a period.
public struct MembershipSpan: Sendable, Hashable {
    public let personID: String
    public let householdID: String
    public let relationship: Relationship
    public let from: CalendarDate
    /// Last day of membership, inclusive; nil = ongoing.
    public let to: CalendarDate?

    public init(personID: String, householdID: String, relationship: Relationship, from: CalendarDate, to: CalendarDate?) {
        self.personID = personID
        self.householdID = householdID
        self.relationship = relationship
        self.from = from
        self.to = to
    }

    public func contains(_ date: CalendarDate) -> Bool {
        from <= date && (to.map { date <= $0 } ?? true)
    }

    /// Both spans share at least one day (ends are inclusive, so a span ending on 31 March
    /// and one starting on 1 April do not overlap; two on the same day do).
    public func overlaps(_ other: MembershipSpan) -> Bool {
        (other.to.map { from <= $0 } ?? true) && (to.map { other.from <= $0 } ?? true)
    }
}

public enum HouseholdProblem: Hashable, Sendable {
    case noHead
    case severalHeads
    /// The person is in the household twice on the same date.
    case personTwice(String)
}

public enum HouseholdRules {
    /// Problems of one household's membership on a date: exactly one head, no one twice.
    /// `date` nil checks all the spans given (a draft, where everyone is a current member).
    /// A household nobody belongs to on that date has no membership problems: it had not
    /// been formed yet or had dissolved; requiring members at all is the caller's rule.
    public static func problems(memberships: [MembershipSpan], on date: CalendarDate?) -> [HouseholdProblem] {
        let current = date.map { day in memberships.filter { $0.contains(day) } } ?? memberships
        guard !current.isEmpty else { return [] }
        var problems: [HouseholdProblem] = []
        switch current.filter({ $0.relationship == .head }).count {
        case 0: problems.append(.noHead)
        case 1: break
        default: problems.append(.severalHeads)
        }
        var seen: Set<String> = [], reported: Set<String> = []
        for span in current {
            if !seen.insert(span.personID).inserted, reported.insert(span.personID).inserted {
                problems.append(.personTwice(span.personID))
            }
        }
        return problems
    }

    /// Pairs of memberships of the same person that share a day: a person belongs to one
    /// household at a time, and to a household only once at a time. Spans of different people
    /// never conflict. Pairs are in input order.
    public static func overlapping(_ spans: [MembershipSpan]) -> [(MembershipSpan, MembershipSpan)] {
        var pairs: [(MembershipSpan, MembershipSpan)] = []
        for i in spans.indices {
            for j in spans.indices where j > i && spans[i].personID == spans[j].personID && spans[i].overlaps(spans[j]) {
                pairs.append((spans[i], spans[j]))
            }
        }
        return pairs
    }

    /// A large family ("köp çagaly maşgala"): at least `minimumChildren` children under 18 in
    /// the household. The threshold of 4 is NOT CONFIRMED in the reference (it reports benefit
    /// amounts "for a family with 4 children" and "5+", not a legal definition), so it is a
    /// parameter the caller can change.
    public static func isLargeFamily(childrenUnder18: Int, minimumChildren: Int = 4) -> Bool {
        childrenUnder18 >= minimumChildren
    }
}

/// Facts about a person over a period that decide benefits: living abroad, being on full
/// state support in a residential institution, drawing a pension, holding the "Ene mähri" title.
public enum Circumstance: String, Sendable, CaseIterable, Codable, Hashable {
    case abroad
    case fullStateSupport = "full_state_support"
    case pension
    case eneMahri = "ene_mahri"
}
