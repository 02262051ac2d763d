import Foundation

/// What one payment of a programme is worth for one month, and which parameter values made it.
/// Payroll freezes the parameters with every line, so a line always explains its amount.
public struct EntitlementAmount: Sendable, Hashable {
    public let amount: Money
    public let used: [ParameterValue]

    public var usesUnconfirmed: Bool { used.contains(where: \.toBeConfirmed) }

    /// "base_amount=39000@2022-01-01;child_care.percent=7500@2022-01-01": frozen on the line.
    public var trail: String {
        used.map { "\($0.key.rawValue)=\($0.value)@\($0.validFrom.iso)\($0.toBeConfirmed ? "?" : "")" }
            .joined(separator: ";")
    }
}

public enum EntitlementProblem: Error, Hashable, Sendable {
    case missingParameter(ParameterKey, on: CalendarDate)
    /// Emergency assistance is paid at the amount of the measure that enrolled the household.
    case amountSetByMeasure
}

public enum Entitlement {
    /// The amount for `month`. `birthOrder` is needed for the birth grant; `eneMahri` adds the
    /// title's percentage to the child-care benefit of a mother who holds it.
    public static func amount(_ programme: Programme, month: BenefitMonth, table: ParameterTable,
                              birthOrder: Int = 1, eneMahri: Bool = false) throws -> EntitlementAmount {
        let day = month.firstDay
        func get(_ key: ParameterKey) throws -> ParameterValue {
            guard let value = table.value(key, on: day) else { throw EntitlementProblem.missingParameter(key, on: day) }
            return value
        }
        let base = try get(.baseAmount)
        func share(_ key: ParameterKey, of amount: ParameterValue) throws -> EntitlementAmount {
            let percent = try get(key)
            return EntitlementAmount(amount: Percent.of(Money(tenne: amount.value), percent.value), used: [amount, percent])
        }
        switch programme {
        case .birthGrant:
            return try share(.birthGrant(order: birthOrder), of: base)
        case .childCare:
            let plain = try share(.childCarePercent, of: base)
            guard eneMahri else { return plain }
            let title = try get(.eneMahriPercent)
            let raised = Percent.of(plain.amount, 10_000 + title.value)
            return EntitlementAmount(amount: raised, used: plain.used + [title])
        case .childDisability:
            return try share(.childDisabilityPercent, of: base)
        case .breadwinnerLoss:
            return try share(.breadwinnerLossPercent, of: base)
        case .schoolSupplies:
            return try share(.schoolSuppliesWageMultiple, of: try get(.minimumWage))
        case .socialAllowance:
            return try share(.socialAllowancePercent, of: base)
        case .emergencyAssistance:
            throw EntitlementProblem.amountSetByMeasure
        }
    }

    /// Birth order among the mother's live-born children: by date of birth, and children born
    /// the same day (twins) one after the other in the order they were registered.
    public static func birthOrder(of child: (birth: CalendarDate, number: String),
                                  siblings: [(birth: CalendarDate, number: String)]) -> Int {
        1 + siblings.filter { ($0.birth, $0.number) < (child.birth, child.number) && $0.number != child.number }.count
    }
}

/// Where a payroll cycle is in its life.
public enum PayrollStatus: String, Sendable, CaseIterable, Codable {
    case draft, computed, approved, paid, reconciled

    public var next: PayrollStatus? {
        switch self {
        case .draft: .computed
        case .computed: .approved
        case .approved: .paid
        case .paid: .reconciled
        case .reconciled: nil
        }
    }
}

/// A step a user takes a payroll cycle through. One list for the cycle page's buttons, the
/// routes they post to and the API's operations, so a step cannot be added to one and missed in
/// another.
public enum PayrollStep: String, Sendable, CaseIterable, Codable {
    case compute, approve, paid, reissue, reconcile

    /// The maker-checker split: the approver approves, the payroll officer does the rest.
    public var action: Action { self == .approve ? .approvePayroll : .runPayroll }

    /// The status a cycle must be in for the step to be offered; reissue works on any cycle
    /// with failed lines.
    public var from: PayrollStatus? {
        switch self {
        case .compute: .draft
        case .approve: .computed
        case .paid: .approved
        case .reconcile: .paid
        case .reissue: nil
        }
    }
}

/// Who may approve a payroll cycle: the maker-checker rule of payroll, as `ApprovalRules` is
/// the rule of case approvals. The page, the API and the service all ask it.
public enum PayrollApproval {
    public enum Refusal: String, Sendable, Hashable, Error {
        /// Only a computed cycle waits for approval.
        case notComputed = "payroll.not_computed"
        /// Amounts not yet confirmed by an administrator are never paid out.
        case unconfirmed = "payroll.unconfirmed"
        /// Maker-checker: whoever computed the cycle does not approve it.
        case ownComputation = "benefits.four_eyes"
    }

    /// Why `approver` may not approve a cycle in `status` computed by `computedBy`, or nil.
    public static func refusal(status: PayrollStatus, usesUnconfirmed: Bool, computedBy: UUID?, approver: UUID) -> Refusal? {
        guard status == .computed else { return .notComputed }
        if usesUnconfirmed { return .unconfirmed }
        if computedBy == approver { return .ownComputation }
        return nil
    }
}

/// What a payroll line pays.
public enum PayrollLineKind: String, Sendable, CaseIterable, Codable {
    /// The entitlement for the month (a reissue of a failed payment keeps this kind).
    case regular
    /// Arrears (positive) or a recovery (negative) for an earlier month, from a later registry change.
    case adjustment
    /// An emergency measure's addition.
    case topUp = "top_up"
}

public enum PayrollLineStatus: String, Sendable, CaseIterable, Codable {
    case pending, paid, failed
}

public enum PaymentChannel: String, Sendable, CaseIterable, Codable {
    case bank
    case post
}

/// An emergency measure's vertical top-up: a share of each line's amount, or a fixed sum.
public enum TopUp: Sendable, Hashable, Codable {
    case percent(Int64)
    case fixed(Money)

    public func amount(on base: Money) -> Money {
        switch self {
        case .percent(let hundredths): Percent.of(base, hundredths)
        case .fixed(let money): money
        }
    }
}

/// Which households a horizontal emergency measure enrols, by the registry on the day it is declared.
public enum EmergencyRule: Sendable, Hashable {
    /// Households with at least this many members under 18.
    case children(minimum: Int)
    /// Households with a member holding a valid official disability status.
    case disability

    /// Stored form: "children:3" or "disability".
    public var code: String {
        switch self {
        case .children(let minimum): "children:\(minimum)"
        case .disability: "disability"
        }
    }

    public init?(code: String) {
        if code == "disability" { self = .disability; return }
        let parts = code.split(separator: ":")
        guard parts.count == 2, parts[0] == "children", let minimum = Int(parts[1]), (1...20).contains(minimum) else { return nil }
        self = .children(minimum: minimum)
    }
}
