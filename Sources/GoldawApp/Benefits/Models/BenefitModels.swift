import Fluent
import Foundation
import GoldawCore

/// One dated value of a parameter (see `ParameterKey`).
final class BenefitParameter: Model, @unchecked Sendable {
    static let schema = "benefit_parameters"

    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: String
    @Field(key: "valid_from") var validFrom: String
    @Field(key: "value") var value: Int64
    @Field(key: "to_be_confirmed") var toBeConfirmed: Bool
    @OptionalField(key: "note") var note: String?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(_ value: ParameterValue, note: String?, by user: UUID?) {
        key = value.key.rawValue
        validFrom = value.validFrom.iso
        self.value = value.value
        toBeConfirmed = value.toBeConfirmed
        self.note = note
        createdBy = user
    }

    var core: ParameterValue? {
        guard let key = ParameterKey(rawValue: key), let from = CalendarDate(iso: validFrom) else { return nil }
        return ParameterValue(key: key, validFrom: from, value: value, toBeConfirmed: toBeConfirmed)
    }
}

/// A programme's eligibility rules from a date, stored as the JSON of `RuleSet.rules`.
final class BenefitRuleVersion: Model, @unchecked Sendable {
    static let schema = "benefit_rule_versions"

    @ID(key: .id) var id: UUID?
    @Field(key: "programme") var programme: String
    @Field(key: "valid_from") var validFrom: String
    @Field(key: "rules") var rules: String
    @OptionalField(key: "note") var note: String?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(_ set: RuleSet, note: String?, by user: UUID?) {
        programme = set.programme.rawValue
        validFrom = set.validFrom.iso
        rules = String(decoding: (try? JSONEncoder().encode(set.rules)) ?? Data("[]".utf8), as: UTF8.self)
        self.note = note
        createdBy = user
    }

    var core: RuleSet? {
        guard let programme = Programme(rawValue: programme), let from = CalendarDate(iso: validFrom),
              let rules = try? JSONDecoder().decode([EligibilityRule].self, from: Data(rules.utf8)) else { return nil }
        return RuleSet(programme: programme, validFrom: from, rules: rules)
    }
}

enum ApplicationStatus: String, CaseIterable, Codable {
    /// Created from a birth registration, waiting for an officer to check documents.
    case intake
    /// Taken by an officer, waiting for an approver.
    case submitted
    case approved
    case rejected
}

final class BenefitApplication: Model, @unchecked Sendable {
    static let schema = "benefit_applications"

    @ID(key: .id) var id: UUID?
    @Field(key: "number") var number: String
    @Field(key: "programme") var programme: String
    @Parent(key: "beneficiary_id") var beneficiary: Person
    @Parent(key: "applicant_id") var applicant: Person
    @Field(key: "territory_path") var territoryPath: String
    @Field(key: "status") var status: String
    /// officer | birth_registration
    @Field(key: "source") var source: String
    /// Checked documents, comma-separated `BenefitDocument` codes.
    @Field(key: "documents") var documents: String
    @OptionalField(key: "channel") var channel: String?
    @OptionalField(key: "account") var account: String?
    @Field(key: "requested_from") var requestedFrom: String
    /// The last `EligibilityDecision`, as JSON: what the officer and the approver saw.
    @OptionalField(key: "eligibility") var eligibility: String?
    @OptionalField(key: "eligible") var eligible: Bool?
    @OptionalField(key: "taken_by") var takenBy: UUID?
    @OptionalField(key: "taken_at") var takenAt: Date?
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalField(key: "decision_reason") var decisionReason: String?
    @OptionalField(key: "reopened_by_grievance") var reopenedByGrievance: String?
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var documentSet: Set<BenefitDocument> {
        Set(documents.split(separator: ",").compactMap { BenefitDocument(rawValue: String($0)) })
    }

    var decision: EligibilityDecision? {
        eligibility.flatMap { try? JSONDecoder().decode(EligibilityDecision.self, from: Data($0.utf8)) }
    }
}

enum EnrolmentStatus: String, CaseIterable, Codable {
    case active, suspended, ended
}

/// Why an enrolment stopped: from the registry at payroll time, or an officer's decision.
enum EnrolmentStopReason: String, CaseIterable, Codable {
    case death
    /// The parent or guardian paid has died: someone else must take the child's benefit.
    case payeeDeath = "payee_death"
    case ageLimit = "age_limit"
    case abroad
    case fullStateSupport = "full_state_support"
    case pension
    case measureEnded = "measure_ended"
    case officer
}

final class BenefitEnrolment: Model, @unchecked Sendable {
    static let schema = "benefit_enrolments"

    @ID(key: .id) var id: UUID?
    @Field(key: "programme") var programme: String
    @Parent(key: "beneficiary_id") var beneficiary: Person
    @Parent(key: "payee_id") var payee: Person
    @OptionalField(key: "application_id") var applicationID: UUID?
    @OptionalField(key: "measure_id") var measureID: UUID?
    @Field(key: "effective_from") var effectiveFrom: String
    @OptionalField(key: "end_date") var endDate: String?
    @Field(key: "status") var status: String
    @OptionalField(key: "status_reason") var statusReason: String?
    @OptionalField(key: "status_changed_at") var statusChangedAt: Date?
    /// Stopped by a payroll check and not yet looked at by an officer.
    @Field(key: "review_pending") var reviewPending: Bool
    @Field(key: "channel") var channel: String
    @OptionalField(key: "account") var account: String?
    @Field(key: "version") var version: Int
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

final class EmergencyMeasure: Model, @unchecked Sendable {
    static let schema = "emergency_measures"

    @ID(key: .id) var id: UUID?
    @Field(key: "number") var number: String
    @Field(key: "name") var name: String
    /// Comma-separated programme codes.
    @Field(key: "programmes") var programmes: String
    /// Comma-separated territory paths; a beneficiary inside any of them gets the top-up.
    @Field(key: "territory_paths") var territoryPaths: String
    /// percent | fixed
    @Field(key: "top_up_kind") var topUpKind: String
    /// Hundredths of a percent, or teňňe.
    @Field(key: "top_up_value") var topUpValue: Int64
    @Field(key: "from_month") var fromMonth: String
    @Field(key: "to_month") var toMonth: String
    /// active | ended
    @Field(key: "status") var status: String
    /// vertical (a top-up on existing payments) | horizontal (enrols households by `rule`)
    @Field(key: "measure_kind") var measureKind: String
    /// `EmergencyRule.code` of a horizontal measure.
    @OptionalField(key: "rule") var rule: String?
    /// Households a horizontal measure enrolled.
    @Field(key: "enrolled") var enrolled: Int
    @OptionalField(key: "declared_by") var declaredBy: UUID?
    @OptionalField(key: "declared_at") var declaredAt: Date?
    @OptionalField(key: "ended_by") var endedBy: UUID?
    @OptionalField(key: "ended_at") var endedAt: Date?
    @Field(key: "version") var version: Int

    init() {}

    var isHorizontal: Bool { measureKind == "horizontal" }

    var topUp: TopUp {
        topUpKind == "fixed" ? .fixed(Money(tenne: topUpValue)) : .percent(topUpValue)
    }
    var programmeList: [Programme] { programmes.split(separator: ",").compactMap { Programme(rawValue: String($0)) } }
    var pathList: [String] { territoryPaths.split(separator: ",").map(String.init) }
}

final class PayrollCycle: Model, @unchecked Sendable {
    static let schema = "payroll_cycles"

    @ID(key: .id) var id: UUID?
    @Field(key: "number") var number: String
    @Field(key: "programme") var programme: String
    @Parent(key: "territory_id") var territory: Territory
    @Field(key: "territory_path") var territoryPath: String
    @Field(key: "month") var month: String
    @Field(key: "status") var status: String
    @Field(key: "line_count") var lineCount: Int
    @Field(key: "total") var total: Int64
    @Field(key: "uses_unconfirmed") var usesUnconfirmed: Bool
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "computed_by") var computedBy: UUID?
    @OptionalField(key: "computed_at") var computedAt: Date?
    @OptionalField(key: "approved_by") var approvedBy: UUID?
    @OptionalField(key: "approved_at") var approvedAt: Date?
    @OptionalField(key: "paid_by") var paidBy: UUID?
    @OptionalField(key: "paid_at") var paidAt: Date?
    @OptionalField(key: "reconciled_at") var reconciledAt: Date?
    @Field(key: "version") var version: Int

    init() {}
}

/// One payment. Written only by payroll SQL, read by pages, exports and reconciliation.
final class PayrollLine: Model, @unchecked Sendable {
    static let schema = "payroll_lines"

    @ID(custom: "id", generatedBy: .database) var id: Int64?
    @Parent(key: "cycle_id") var cycle: PayrollCycle
    @OptionalField(key: "enrolment_id") var enrolmentID: UUID?
    @Field(key: "programme") var programme: String
    @Field(key: "beneficiary_id") var beneficiaryID: UUID
    @Field(key: "payee_id") var payeeID: UUID
    @Field(key: "payee_name") var payeeName: String
    @Field(key: "pay_month") var payMonth: String
    @Field(key: "kind") var kind: String
    @Field(key: "amount") var amount: Int64
    @Field(key: "parameters") var parameters: String
    @Field(key: "territory_path") var territoryPath: String
    @Field(key: "channel") var channel: String
    @OptionalField(key: "account") var account: String?
    @Field(key: "status") var status: String
    @OptionalField(key: "failure_reason") var failureReason: String?
    @OptionalField(key: "reissue_of") var reissueOf: Int64?
    @Field(key: "reissue_requested") var reissueRequested: Bool
    @OptionalField(key: "measure_id") var measureID: UUID?

    init() {}
}
