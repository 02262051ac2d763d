/// The cash benefits Goldaw administers (Code "On Social Protection of the Population" and the
/// benefit-assignment instruction; reference/domain.md §3.2).
public enum Programme: String, Sendable, CaseIterable, Codable, Hashable {
    case birthGrant = "birth_grant"
    case childCare = "child_care"
    case childDisability = "child_disability"
    case breadwinnerLoss = "breadwinner_loss"
    case schoolSupplies = "school_supplies"
    case socialAllowance = "social_allowance"
    /// Temporary household assistance paid by a horizontal emergency measure: enrolled by the
    /// measure's rule, not by application, at the measure's amount.
    case emergencyAssistance = "emergency_assistance"

    /// Programmes people apply for (the emergency one enrols by a measure's rule).
    public static let byApplication: [Programme] = allCases.filter { $0 != .emergencyAssistance }

    public enum Frequency: String, Sendable, Codable {
        /// Paid once per beneficiary (birth grant).
        case once
        /// Paid for every month the beneficiary is entitled.
        case monthly
        /// Paid once a year in the month given by a parameter (school supplies, a month before school).
        case yearly
    }

    public var frequency: Frequency {
        switch self {
        case .birthGrant: .once
        case .schoolSupplies: .yearly
        case .childCare, .childDisability, .breadwinnerLoss, .socialAllowance, .emergencyAssistance: .monthly
        }
    }

    /// Short letters in readable numbers of applications and cycles ("BA-…" is shared; this goes in CSVs).
    public var code: String { rawValue }

    /// The documents an officer checks at intake (turkmenportal.com/tm/compositions/997 for the
    /// birth and child-care benefits; the others follow the same pattern with the proof they need).
    public var documents: [BenefitDocument] {
        switch self {
        case .birthGrant, .childCare:
            [.application, .carerPassport, .birthCertificate, .familyComposition, .guardianshipOrAdoptionDecision]
        case .childDisability:
            [.application, .carerPassport, .birthCertificate, .disabilityCertificate, .guardianshipOrAdoptionDecision]
        case .breadwinnerLoss:
            [.application, .carerPassport, .birthCertificate, .deathCertificate, .familyComposition, .guardianshipOrAdoptionDecision]
        case .schoolSupplies:
            [.application, .carerPassport, .birthCertificate, .schoolCertificate, .guardianshipOrAdoptionDecision]
        case .socialAllowance:
            [.application, .applicantPassport, .noPensionStatement]
        case .emergencyAssistance:
            []
        }
    }

    /// Documents that only apply in some cases (a guardian or adoptive parent applies).
    public static let conditionalDocuments: Set<BenefitDocument> = [.guardianshipOrAdoptionDecision]
}

public enum BenefitDocument: String, Sendable, CaseIterable, Codable, Hashable {
    case application
    case carerPassport = "carer_passport"
    case applicantPassport = "applicant_passport"
    case birthCertificate = "birth_certificate"
    case familyComposition = "family_composition"
    case guardianshipOrAdoptionDecision = "guardianship_decision"
    case disabilityCertificate = "disability_certificate"
    case deathCertificate = "death_certificate"
    case schoolCertificate = "school_certificate"
    case noPensionStatement = "no_pension_statement"
}

/// A calendar month, the unit benefits are paid for.
public struct BenefitMonth: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1...12).contains(month), (1900...9999).contains(year) else { return nil }
        self.year = year
        self.month = month
    }

    public init(containing date: CalendarDate) {
        self.year = date.year
        self.month = date.month
    }

    /// "2026-03"
    public init?(iso: String) {
        let parts = iso.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        self.init(year: y, month: m)
    }

    public var iso: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }
    public var display: String { "\(month < 10 ? "0" : "")\(month).\(year)" }
    public var description: String { iso }
    public var firstDay: CalendarDate { CalendarDate(year: year, month: month, day: 1)! }
    public var lastDay: CalendarDate {
        CalendarDate(year: year, month: month, day: CalendarDate.daysIn(month: month, year: year))!
    }

    public func adding(months: Int) -> BenefitMonth {
        let index = year * 12 + (month - 1) + months
        return BenefitMonth(year: index / 12, month: index % 12 + 1)!
    }

    public static func < (lhs: BenefitMonth, rhs: BenefitMonth) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }
}

extension CalendarDate {
    /// The same day `years` earlier or later; 29 February becomes 1 March in a common year,
    /// the way `Age.years` counts a leap-day birthday.
    public func adding(years: Int) -> CalendarDate {
        let y = year + years
        if let date = CalendarDate(year: y, month: month, day: day) { return date }
        return CalendarDate(year: y, month: 3, day: 1)!
    }
}
