/// Who the applicant is to the beneficiary, from the registry's family links.
public enum ApplicantRelation: String, Sendable, CaseIterable, Codable, Hashable {
    case mother, father, guardian
    case adoptiveParent = "adoptive_parent"
    /// The applicant is the beneficiary (an older person applying for the social allowance).
    case beneficiary = "self"
}

/// One typed condition over the registry. A programme's rules are a list of these, stored as
/// data with the date they are valid from and evaluated here, never inside a controller.
public enum EligibilityRule: Sendable, Hashable, Codable {
    case alive
    /// Age on the assessment date: at least `min` and under `under` (years), either bound optional.
    case age(min: Int?, under: Int?)
    /// Age at least `women` or `men` years, by the beneficiary's sex (old-age rules).
    case ageBySex(women: Int, men: Int)
    case applicantIs([ApplicantRelation])
    case residesInTurkmenistan
    case orphanOrWithoutParentalCare
    case parentDeceased
    case officialDisability
    case birthOrderKnown
    case notOnFullStateSupport
    case noPension

    /// The stable name used for translations ("eligibility.rule.age").
    public var name: String {
        switch self {
        case .alive: "alive"
        case .age: "age"
        case .ageBySex: "age_by_sex"
        case .applicantIs: "applicant"
        case .residesInTurkmenistan: "residence"
        case .orphanOrWithoutParentalCare: "parental_care"
        case .parentDeceased: "parent_deceased"
        case .officialDisability: "disability"
        case .birthOrderKnown: "birth_order"
        case .notOnFullStateSupport: "state_support"
        case .noPension: "pension"
        }
    }
}

/// What the registry says about a beneficiary and applicant on the assessment date.
public struct EligibilityFacts: Sendable, Hashable {
    public var birth: CalendarDate
    public var sex: Sex
    public var deathDate: CalendarDate?
    /// nil when the registry holds no link between applicant and beneficiary.
    public var applicant: ApplicantRelation?
    public var abroad: Bool = false
    public var fullStateSupport: Bool = false
    public var pension: Bool = false
    public var officialDisability: Bool = false
    public var mother: ParentState?
    public var father: ParentState?
    /// nil when no mother is linked, so the order cannot be counted.
    public var birthOrder: Int?

    public init(birth: CalendarDate, sex: Sex) {
        self.birth = birth
        self.sex = sex
    }
}

/// One rule's verdict, with what is needed to say why in any language.
public struct RuleOutcome: Sendable, Hashable, Codable {
    public let rule: EligibilityRule
    public let passed: Bool
    /// Translation key of the explanation, e.g. "eligibility.age.under".
    public let reason: String
    public let arguments: [String: String]
}

public struct EligibilityDecision: Sendable, Hashable, Codable {
    public let date: CalendarDate
    public let ruleVersion: String
    public let outcomes: [RuleOutcome]
    public var eligible: Bool { outcomes.allSatisfy(\.passed) }
}

/// A programme's rules from a date. A change is a new version; old versions stay as they were.
public struct RuleSet: Sendable, Hashable, Codable {
    public let programme: Programme
    public let validFrom: CalendarDate
    public let rules: [EligibilityRule]

    public init(programme: Programme, validFrom: CalendarDate, rules: [EligibilityRule]) {
        self.programme = programme
        self.validFrom = validFrom
        self.rules = rules
    }

    public var version: String { "\(programme.rawValue)@\(validFrom.iso)" }

    public func evaluate(_ facts: EligibilityFacts, on date: CalendarDate) -> EligibilityDecision {
        EligibilityDecision(date: date, ruleVersion: version, outcomes: rules.map { Self.evaluate($0, facts, date) })
    }

    static func evaluate(_ rule: EligibilityRule, _ f: EligibilityFacts, _ date: CalendarDate) -> RuleOutcome {
        func outcome(_ passed: Bool, _ reason: String, _ args: [String: String] = [:]) -> RuleOutcome {
            RuleOutcome(rule: rule, passed: passed, reason: "eligibility.\(rule.name).\(reason)", arguments: args)
        }
        let age = Age.years(born: f.birth, on: date)
        switch rule {
        case .alive:
            if let death = f.deathDate, death <= date { return outcome(false, "dead", ["date": death.display]) }
            return outcome(true, "ok")
        case .age(let min, let under):
            let args = ["age": String(age), "min": min.map(String.init) ?? "", "under": under.map(String.init) ?? ""]
            if let min, age < min { return outcome(false, "young", args) }
            if let under, age >= under { return outcome(false, "old", args) }
            return outcome(true, "ok", args)
        case .ageBySex(let women, let men):
            let needed = f.sex == .female ? women : men
            return outcome(age >= needed, age >= needed ? "ok" : "young", ["age": String(age), "min": String(needed)])
        case .applicantIs(let allowed):
            guard let relation = f.applicant else { return outcome(false, "unlinked") }
            return outcome(allowed.contains(relation), allowed.contains(relation) ? "ok" : "other",
                           ["relation": relation.rawValue])
        case .residesInTurkmenistan:
            return outcome(!f.abroad, f.abroad ? "abroad" : "ok")
        case .orphanOrWithoutParentalCare:
            if ChildStatusRules.isOrphan(ageYears: age, mother: f.mother, father: f.father) { return outcome(true, "orphan") }
            if ChildStatusRules.isWithoutParentalCare(ageYears: age, mother: f.mother, father: f.father) {
                return outcome(true, "without_care")
            }
            return outcome(false, "in_care")
        case .parentDeceased:
            let gone: (ParentState?) -> Bool = { $0 == .dead || $0 == .declaredDead }
            return outcome(gone(f.mother) || gone(f.father), gone(f.mother) || gone(f.father) ? "ok" : "none")
        case .officialDisability:
            return outcome(f.officialDisability, f.officialDisability ? "ok" : "none")
        case .birthOrderKnown:
            guard let order = f.birthOrder else { return outcome(false, "unknown") }
            return outcome(true, "ok", ["order": String(order)])
        case .notOnFullStateSupport:
            return outcome(!f.fullStateSupport, f.fullStateSupport ? "supported" : "ok")
        case .noPension:
            return outcome(!f.pension, f.pension ? "pension" : "ok")
        }
    }

    /// The rules installed with Goldaw, valid from 1 January 2022 (reference/domain.md §3.2).
    /// Where the law leaves a bound open (how old a newborn may be for the birth grant), the
    /// value here is Goldaw's default and can be changed by a new version.
    public static let seed: [RuleSet] = {
        let from = CalendarDate(year: 2022, month: 1, day: 1)!
        let carers: [ApplicantRelation] = [.mother, .father, .guardian, .adoptiveParent]
        return [
            RuleSet(programme: .birthGrant, validFrom: from, rules: [
                .alive, .age(min: nil, under: 1), .applicantIs(carers), .residesInTurkmenistan, .birthOrderKnown]),
            RuleSet(programme: .childCare, validFrom: from, rules: [
                .alive, .age(min: nil, under: 3), .applicantIs(carers), .residesInTurkmenistan, .notOnFullStateSupport]),
            RuleSet(programme: .childDisability, validFrom: from, rules: [
                .alive, .age(min: nil, under: 18), .officialDisability, .applicantIs(carers), .residesInTurkmenistan]),
            RuleSet(programme: .breadwinnerLoss, validFrom: from, rules: [
                .alive, .age(min: nil, under: 18), .parentDeceased, .applicantIs(carers), .residesInTurkmenistan]),
            RuleSet(programme: .schoolSupplies, validFrom: from, rules: [
                .alive, .age(min: 6, under: 18), .orphanOrWithoutParentalCare, .notOnFullStateSupport,
                .applicantIs(carers), .residesInTurkmenistan]),
            RuleSet(programme: .socialAllowance, validFrom: from, rules: [
                .alive, .ageBySex(women: 57, men: 62), .noPension, .applicantIs([.beneficiary, .guardian]),
                .residesInTurkmenistan]),
        ]
    }()

    /// The version valid on `date` among a programme's versions.
    public static func current(_ versions: [RuleSet], on date: CalendarDate) -> RuleSet? {
        versions.filter { $0.validFrom <= date }.max { $0.validFrom < $1.validFrom }
    }
}
