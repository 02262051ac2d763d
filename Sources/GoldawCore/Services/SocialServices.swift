/// The directory's vocabulary, from the Law on Social Services (No. 434-VI of 18 Dec 2021):
/// forms of service and grounds of need are the law's lists; service types start from the
/// Joint Programme's services and are rows of a table, so the ministry can add more.

/// The law's forms of social servicing.
public enum ServiceForm: String, Sendable, CaseIterable, Codable {
    case atHome = "at_home"
    /// Part of the day (day centres).
    case semiStationary = "semi_stationary"
    /// Permanent, temporary or five-day residence.
    case stationary
}

/// The law's grounds for being in need of social services; services name the ones they serve.
public enum NeedGround: String, Sendable, CaseIterable, Codable {
    case disability
    case oldAge = "old_age"
    case occupationalInjury = "occupational_injury"
    case lossOfBreadwinner = "loss_of_breadwinner"
    case loneliness
    case orphanhood
    case homelessnessNeglect = "homelessness_neglect"
    case noFixedAbode = "no_fixed_abode"
    case forcedMigration = "forced_migration"
    case familyTrouble = "family_trouble"
}

/// What kind of body a provider is: the law admits state and non-state providers, individual
/// entrepreneurs among them.
public enum ProviderKind: String, Sendable, CaseIterable, Codable {
    case stateBody = "state_body"
    case school
    case healthHouse = "health_house"
    case ngo
    case entrepreneur
}

/// The service types seeded at first start (codes are stable; names live in the table).
public enum SeedServiceType: String, Sendable, CaseIterable {
    case dayCare = "day_care"
    case parentingEducation = "parenting_education"
    case disabilitySupport = "disability_support"
    case psychosocialSupport = "psychosocial_support"
    case vocationalEducation = "vocational_education"
    case homeCareOlder = "home_care_older"
    case violenceSupport = "violence_support"
    case legalAid = "legal_aid"
    case shelter
    case familyMediation = "family_mediation"
    case healthVisiting = "health_visiting"

    /// Names in Turkmen, Russian and English.
    public var names: (tk: String, ru: String, en: String) {
        switch self {
        case .dayCare: ("Gündizki ideg", "Дневной уход", "Day care")
        case .parentingEducation: ("Ene-atalar üçin okuw", "Обучение родителей", "Parenting education")
        case .disabilitySupport: ("Maýyplygy bolan çagalara goldaw", "Поддержка детей с инвалидностью", "Support for children with disabilities")
        case .psychosocialSupport: ("Psihososial goldaw", "Психосоциальная поддержка", "Psychosocial support")
        case .vocationalEducation: ("Hünär okuwy", "Профессиональное обучение", "Vocational education")
        case .homeCareOlder: ("Ýaşulular üçin öýde ideg", "Уход на дому за пожилыми", "Home care for older persons")
        case .violenceSupport: ("Zorluga uçran aýallara goldaw", "Поддержка женщин, пострадавших от насилия", "Support for women facing violence")
        case .legalAid: ("Hukuk kömegi", "Юридическая помощь", "Legal aid")
        case .shelter: ("Wagtlaýyn ýaşaýyş jaýy", "Приют", "Shelter")
        case .familyMediation: ("Maşgala araçylygy", "Семейная медиация", "Family mediation")
        case .healthVisiting: ("Saglyk barlag gatnawlary", "Патронаж", "Health visiting")
        }
    }
}

/// Services and workers per 10,000 people: the figure planners compare between etraps.
public enum Ratio {
    /// Nil when the population is unknown or zero: a ratio is never made up.
    public static func per10k(_ count: Int, population: Int?) -> Double? {
        guard let population, population > 0 else { return nil }
        return Double(count) * 10_000 / Double(population)
    }

    /// Share in percent, nil for an empty whole.
    public static func percent(_ part: Int, of whole: Int) -> Double? {
        whole > 0 ? Double(part) * 100 / Double(whole) : nil
    }

    /// "1,25" style, two decimals with a comma as in the rest of the interface.
    public static func display(_ value: Double?, decimals: Int = 2) -> String {
        guard let value else { return "—" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = Int((value * scale).rounded())
        let whole = rounded / Int(scale), fraction = rounded % Int(scale)
        guard decimals > 0 else { return String(whole) }
        let digits = String(fraction)
        return "\(whole)," + String(repeating: "0", count: decimals - digits.count) + digits
    }
}
