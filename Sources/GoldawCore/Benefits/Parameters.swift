/// The numbers law or decree can change, each with the date it is valid from. A computation
/// asks for the value valid on the day it is about (the first day of the month being paid).
public enum ParameterKey: String, Sendable, CaseIterable, Codable, Hashable {
    case baseAmount = "base_amount"
    case minimumWage = "minimum_wage"
    case birthGrantOrder1 = "birth_grant.order_1"
    case birthGrantOrder2 = "birth_grant.order_2"
    case birthGrantOrder3 = "birth_grant.order_3"
    case birthGrantOrder4 = "birth_grant.order_4"
    case birthGrantOrder5 = "birth_grant.order_5"
    case birthGrantOrder6 = "birth_grant.order_6"
    case birthGrantOrder7 = "birth_grant.order_7"
    /// The 8th child and every later one.
    case birthGrantOrder8 = "birth_grant.order_8"
    case childCarePercent = "child_care.percent"
    case childCareAgeLimit = "child_care.age_limit"
    case childCareMonthRule = "child_care.month_rule"
    case eneMahriPercent = "ene_mahri.percent"
    case childDisabilityPercent = "child_disability.percent"
    case breadwinnerLossPercent = "breadwinner_loss.percent"
    case childAgeLimit = "child.age_limit"
    case schoolSuppliesWageMultiple = "school_supplies.wage_multiple"
    case schoolSuppliesPayMonth = "school_supplies.pay_month"
    case socialAllowancePercent = "social_allowance.percent"
    case socialAllowanceAgeWomen = "social_allowance.age_women"
    case socialAllowanceAgeMen = "social_allowance.age_men"

    public enum Unit: String, Sendable, Codable {
        /// Teňňe.
        case money
        /// Hundredths of a percent: 7500 is 75 %.
        case percent
        case years
        /// A month of the year, 1–12.
        case monthOfYear = "month_of_year"
        /// One of `ChildCareMonthRule`'s codes.
        case rule
    }

    public var unit: Unit {
        switch self {
        case .baseAmount, .minimumWage: .money
        case .childCareAgeLimit, .childAgeLimit, .socialAllowanceAgeWomen, .socialAllowanceAgeMen: .years
        case .schoolSuppliesPayMonth: .monthOfYear
        case .childCareMonthRule: .rule
        default: .percent
        }
    }

    /// The programme a key belongs to; nil for amounts every programme uses.
    public var programme: Programme? {
        switch self {
        case .baseAmount, .minimumWage, .eneMahriPercent, .childAgeLimit: nil
        case .birthGrantOrder1, .birthGrantOrder2, .birthGrantOrder3, .birthGrantOrder4,
             .birthGrantOrder5, .birthGrantOrder6, .birthGrantOrder7, .birthGrantOrder8: .birthGrant
        case .childCarePercent, .childCareAgeLimit, .childCareMonthRule: .childCare
        case .childDisabilityPercent: .childDisability
        case .breadwinnerLossPercent: .breadwinnerLoss
        case .schoolSuppliesWageMultiple, .schoolSuppliesPayMonth: .schoolSupplies
        case .socialAllowancePercent, .socialAllowanceAgeWomen, .socialAllowanceAgeMen: .socialAllowance
        }
    }

    public static func birthGrant(order: Int) -> ParameterKey {
        [.birthGrantOrder1, .birthGrantOrder2, .birthGrantOrder3, .birthGrantOrder4,
         .birthGrantOrder5, .birthGrantOrder6, .birthGrantOrder7, .birthGrantOrder8][min(max(order, 1), 8) - 1]
    }

    /// Whether `value` makes sense for this key at all.
    public func accepts(_ value: Int64) -> Bool {
        switch unit {
        case .money: value > 0 && value < 100_000_000
        case .percent: value > 0 && value <= 100_000
        case .years: (1...120).contains(value)
        case .monthOfYear: (1...12).contains(value)
        case .rule: ChildCareMonthRule(rawValue: Int(value)) != nil
        }
    }
}

/// Which months of a child's life the child-care benefit pays. The default is the reading
/// written in docs/modules/benefits.md: a month counts when the child is born by its last day
/// and is still under the age limit on its first day, so both the birth month and the month of
/// the third birthday are paid in full.
public enum ChildCareMonthRule: Int, Sendable, CaseIterable, Codable {
    case bornByLastDayUnderLimitOnFirstDay = 1
    /// Whole months only: born by the first day and still under the limit on the last day.
    case wholeMonthsOnly = 2

    public func counts(birth: CalendarDate, month: BenefitMonth, ageLimit: Int) -> Bool {
        switch self {
        case .bornByLastDayUnderLimitOnFirstDay:
            birth <= month.lastDay && Age.years(born: birth, on: month.firstDay) < ageLimit
        case .wholeMonthsOnly:
            birth <= month.firstDay && Age.years(born: birth, on: month.lastDay) < ageLimit
        }
    }

    /// The birth dates the rule accepts for `month`, as an inclusive range: what payroll SQL binds.
    public func birthRange(month: BenefitMonth, ageLimit: Int) -> ClosedRange<CalendarDate> {
        switch self {
        case .bornByLastDayUnderLimitOnFirstDay:
            // Under the limit on the first day ⇔ born after the first day minus the limit.
            month.firstDay.adding(years: -ageLimit).adding(days: 1)...month.lastDay
        case .wholeMonthsOnly:
            month.lastDay.adding(years: -ageLimit).adding(days: 1)...month.firstDay
        }
    }
}

public struct ParameterValue: Sendable, Hashable, Codable {
    public let key: ParameterKey
    public let validFrom: CalendarDate
    public let value: Int64
    /// Entered from an unconfirmed source: shown as such, and a payroll using it cannot be approved.
    public let toBeConfirmed: Bool

    public init(key: ParameterKey, validFrom: CalendarDate, value: Int64, toBeConfirmed: Bool = false) {
        self.key = key
        self.validFrom = validFrom
        self.value = value
        self.toBeConfirmed = toBeConfirmed
    }
}

public enum ParameterProblem: Error, Hashable, Sendable {
    case valueOutOfRange
    /// A value already exists from this date or later: a new value only starts after the last one,
    /// so periods never overlap and a past period is never rewritten.
    case overlaps(existingFrom: CalendarDate)
}

/// All values of all keys; answers "what was the value on this date".
public struct ParameterTable: Sendable {
    private let byKey: [ParameterKey: [ParameterValue]]

    public init(_ values: [ParameterValue]) {
        byKey = Dictionary(grouping: values, by: \.key).mapValues { $0.sorted { $0.validFrom < $1.validFrom } }
    }

    public func value(_ key: ParameterKey, on date: CalendarDate) -> ParameterValue? {
        byKey[key]?.last { $0.validFrom <= date }
    }

    public func history(_ key: ParameterKey) -> [ParameterValue] { byKey[key] ?? [] }

    public func check(_ new: ParameterValue) -> ParameterProblem? {
        guard new.key.accepts(new.value) else { return .valueOutOfRange }
        if let last = byKey[new.key]?.last, last.validFrom >= new.validFrom { return .overlaps(existingFrom: last.validFrom) }
        return nil
    }

    /// The values seeded on installation (reference/domain.md §3.2). Amounts the reference does
    /// not confirm are entered as a share of the base amount and marked to be confirmed.
    public static let seed: [ParameterValue] = {
        let from2022 = CalendarDate(year: 2022, month: 1, day: 1)!
        let from2023 = CalendarDate(year: 2023, month: 1, day: 1)!
        func v(_ key: ParameterKey, _ value: Int64, _ date: CalendarDate = from2022, tbc: Bool = false) -> ParameterValue {
            ParameterValue(key: key, validFrom: date, value: value, toBeConfirmed: tbc)
        }
        return [
            v(.baseAmount, 39_000),
            v(.minimumWage, 116_000, from2023),
            v(.birthGrantOrder1, 13_000), v(.birthGrantOrder2, 13_000), v(.birthGrantOrder3, 25_000),
            v(.birthGrantOrder4, 50_000), v(.birthGrantOrder5, 60_000), v(.birthGrantOrder6, 80_000),
            v(.birthGrantOrder7, 100_000), v(.birthGrantOrder8, 120_000),
            v(.childCarePercent, 7_500), v(.childCareAgeLimit, 3),
            v(.childCareMonthRule, Int64(ChildCareMonthRule.bornByLastDayUnderLimitOnFirstDay.rawValue)),
            v(.eneMahriPercent, 3_000),
            v(.childAgeLimit, 18),
            v(.childDisabilityPercent, 10_000, tbc: true),
            v(.breadwinnerLossPercent, 10_000, tbc: true),
            v(.schoolSuppliesWageMultiple, 10_000, from2023),
            v(.schoolSuppliesPayMonth, 8, from2023),
            v(.socialAllowancePercent, 10_000, tbc: true),
            v(.socialAllowanceAgeWomen, 57), v(.socialAllowanceAgeMen, 62),
        ]
    }()
}

/// Percentages in hundredths, rounded half up to the teňňe.
public enum Percent {
    public static func of(_ amount: Money, _ hundredths: Int64) -> Money {
        Money(tenne: (amount.tenne * hundredths + 5_000) / 10_000)
    }
}
