import Fluent
import Foundation
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// One dated value of a parameter (see `ParameterKey`).
package final class BenefitParameter: Model, @unchecked Sendable {
    package static let schema = "benefit_parameters"

    @ID(key: .id) package var id: UUID?
    @Field(key: "key") package var key: String
    @Field(key: "valid_from") package var validFrom: String
    @Field(key: "value") package var value: Int64
    @Field(key: "to_be_confirmed") package var toBeConfirmed: Bool
    @OptionalField(key: "note") package var note: String?
    @OptionalField(key: "created_by") package var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?

    package init() {}

    package init(_ value: ParameterValue, note: String?, by user: UUID?) {
        key = value.key.rawValue
        validFrom = value.validFrom.iso
        self.value = value.value
        toBeConfirmed = value.toBeConfirmed
        self.note = note
        createdBy = user
    }

    package var core: ParameterValue? {
        guard let key = ParameterKey(rawValue: key), let from = CalendarDate(iso: validFrom) else { return nil }
        return ParameterValue(key: key, validFrom: from, value: value, toBeConfirmed: toBeConfirmed)
    }
}

/// A programme's eligibility rules from a date, stored as the JSON of `RuleSet.rules`.
package final class BenefitRuleVersion: Model, @unchecked Sendable {
    package static let schema = "benefit_rule_versions"

    @ID(key: .id) package var id: UUID?
    @Field(key: "programme") package var programme: String
    @Field(key: "valid_from") package var validFrom: String
    @Field(key: "rules") package var rules: String
    @OptionalField(key: "note") package var note: String?
    @OptionalField(key: "created_by") package var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?

    package init() {}

    package init(_ set: RuleSet, note: String?, by user: UUID?) {
        programme = set.programme.rawValue
        validFrom = set.validFrom.iso
        rules = String(decoding: (try? JSONEncoder().encode(set.rules)) ?? Data("[]".utf8), as: UTF8.self)
        self.note = note
        createdBy = user
    }

    package var core: RuleSet? {
        guard let programme = Programme(rawValue: programme), let from = CalendarDate(iso: validFrom),
              let rules = try? JSONDecoder().decode([EligibilityRule].self, from: Data(rules.utf8)) else { return nil }
        return RuleSet(programme: programme, validFrom: from, rules: rules)
    }
}

package enum ApplicationStatus: String, CaseIterable, Codable {
    /// Created from a birth registration, waiting for an officer to check documents.
    case intake
    /// Taken by an officer, waiting for an approver.
    case submitted
    case approved
    case rejected
}

package final class BenefitApplication: Model, @unchecked Sendable {
    package static let schema = "benefit_applications"

    @ID(key: .id) package var id: UUID?
    @Field(key: "number") package var number: String
    @Field(key: "programme") package var programme: String
    @Parent(key: "beneficiary_id") package var beneficiary: Person
    @Parent(key: "applicant_id") package var applicant: Person
    @Field(key: "territory_path") package var territoryPath: String
    @Field(key: "status") package var status: String
    /// officer | birth_registration
    @Field(key: "source") package var source: String
    /// Checked documents, comma-separated `BenefitDocument` codes.
    @Field(key: "documents") package var documents: String
    @OptionalField(key: "channel") package var channel: String?
    @OptionalField(key: "account") package var account: String?
    @Field(key: "requested_from") package var requestedFrom: String
    /// The last `EligibilityDecision`, as JSON: what the officer and the approver saw.
    @OptionalField(key: "eligibility") package var eligibility: String?
    @OptionalField(key: "eligible") package var eligible: Bool?
    @OptionalField(key: "taken_by") package var takenBy: UUID?
    @OptionalField(key: "taken_at") package var takenAt: Date?
    @OptionalField(key: "decided_by") package var decidedBy: UUID?
    @OptionalField(key: "decided_at") package var decidedAt: Date?
    @OptionalField(key: "decision_reason") package var decisionReason: String?
    @OptionalField(key: "reopened_by_grievance") package var reopenedByGrievance: String?
    @Field(key: "version") package var version: Int
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?

    package init() {}

    package var documentSet: Set<BenefitDocument> {
        Set(documents.split(separator: ",").compactMap { BenefitDocument(rawValue: String($0)) })
    }

    package var decision: EligibilityDecision? {
        eligibility.flatMap { try? JSONDecoder().decode(EligibilityDecision.self, from: Data($0.utf8)) }
    }
}

package enum EnrolmentStatus: String, CaseIterable, Codable {
    case active, suspended, ended
}

/// Why an enrolment stopped: from the registry at payroll time, or an officer's decision.
package enum EnrolmentStopReason: String, CaseIterable, Codable {
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

package final class BenefitEnrolment: Model, @unchecked Sendable {
    package static let schema = "benefit_enrolments"

    @ID(key: .id) package var id: UUID?
    @Field(key: "programme") package var programme: String
    @Parent(key: "beneficiary_id") package var beneficiary: Person
    @Parent(key: "payee_id") package var payee: Person
    @OptionalField(key: "application_id") package var applicationID: UUID?
    @OptionalField(key: "measure_id") package var measureID: UUID?
    @Field(key: "effective_from") package var effectiveFrom: String
    @OptionalField(key: "end_date") package var endDate: String?
    @Field(key: "status") package var status: String
    @OptionalField(key: "status_reason") package var statusReason: String?
    @OptionalField(key: "status_changed_at") package var statusChangedAt: Date?
    /// Stopped by a payroll check and not yet looked at by an officer.
    @Field(key: "review_pending") package var reviewPending: Bool
    @Field(key: "channel") package var channel: String
    @OptionalField(key: "account") package var account: String?
    @Field(key: "version") package var version: Int
    @OptionalField(key: "created_by") package var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?

    package init() {}
}

package final class EmergencyMeasure: Model, @unchecked Sendable {
    package static let schema = "emergency_measures"

    @ID(key: .id) package var id: UUID?
    @Field(key: "number") package var number: String
    @Field(key: "name") package var name: String
    /// Comma-separated programme codes.
    @Field(key: "programmes") package var programmes: String
    /// Comma-separated territory paths; a beneficiary inside any of them gets the top-up.
    @Field(key: "territory_paths") package var territoryPaths: String
    /// percent | fixed
    @Field(key: "top_up_kind") package var topUpKind: String
    /// Hundredths of a percent, or teňňe.
    @Field(key: "top_up_value") package var topUpValue: Int64
    @Field(key: "from_month") package var fromMonth: String
    @Field(key: "to_month") package var toMonth: String
    /// active | ended
    @Field(key: "status") package var status: String
    /// vertical (a top-up on existing payments) | horizontal (enrols households by `rule`)
    @Field(key: "measure_kind") package var measureKind: String
    /// `EmergencyRule.code` of a horizontal measure.
    @OptionalField(key: "rule") package var rule: String?
    /// Households a horizontal measure enrolled.
    @Field(key: "enrolled") package var enrolled: Int
    @OptionalField(key: "declared_by") package var declaredBy: UUID?
    @OptionalField(key: "declared_at") package var declaredAt: Date?
    @OptionalField(key: "ended_by") package var endedBy: UUID?
    @OptionalField(key: "ended_at") package var endedAt: Date?
    @Field(key: "version") package var version: Int

    package init() {}

    package var isHorizontal: Bool { measureKind == "horizontal" }

    package var topUp: TopUp {
        topUpKind == "fixed" ? .fixed(Money(tenne: topUpValue)) : .percent(topUpValue)
    }
    package var programmeList: [Programme] { programmes.split(separator: ",").compactMap { Programme(rawValue: String($0)) } }
    package var pathList: [String] { territoryPaths.split(separator: ",").map(String.init) }
}

package final class PayrollCycle: Model, @unchecked Sendable {
    package static let schema = "payroll_cycles"

    @ID(key: .id) package var id: UUID?
    @Field(key: "number") package var number: String
    @Field(key: "programme") package var programme: String
    @Parent(key: "territory_id") package var territory: Territory
    @Field(key: "territory_path") package var territoryPath: String
    @Field(key: "month") package var month: String
    @Field(key: "status") package var status: String
    @Field(key: "line_count") package var lineCount: Int
    @Field(key: "total") package var total: Int64
    @Field(key: "uses_unconfirmed") package var usesUnconfirmed: Bool
    @OptionalField(key: "created_by") package var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @OptionalField(key: "computed_by") package var computedBy: UUID?
    @OptionalField(key: "computed_at") package var computedAt: Date?
    @OptionalField(key: "approved_by") package var approvedBy: UUID?
    @OptionalField(key: "approved_at") package var approvedAt: Date?
    @OptionalField(key: "paid_by") package var paidBy: UUID?
    @OptionalField(key: "paid_at") package var paidAt: Date?
    @OptionalField(key: "reconciled_at") package var reconciledAt: Date?
    @Field(key: "version") package var version: Int

    package init() {}
}

/// One payment. Written only by payroll SQL, read by pages, exports and reconciliation.
package final class PayrollLine: Model, @unchecked Sendable {
    package static let schema = "payroll_lines"

    @ID(custom: "id", generatedBy: .database) package var id: Int64?
    @Parent(key: "cycle_id") package var cycle: PayrollCycle
    @OptionalField(key: "enrolment_id") package var enrolmentID: UUID?
    @Field(key: "programme") package var programme: String
    @Field(key: "beneficiary_id") package var beneficiaryID: UUID
    @Field(key: "payee_id") package var payeeID: UUID
    @Field(key: "payee_name") package var payeeName: String
    @Field(key: "pay_month") package var payMonth: String
    @Field(key: "kind") package var kind: String
    @Field(key: "amount") package var amount: Int64
    @Field(key: "parameters") package var parameters: String
    @Field(key: "territory_path") package var territoryPath: String
    @Field(key: "channel") package var channel: String
    @OptionalField(key: "account") package var account: String?
    @Field(key: "status") package var status: String
    @OptionalField(key: "failure_reason") package var failureReason: String?
    @OptionalField(key: "reissue_of") package var reissueOf: Int64?
    @Field(key: "reissue_requested") package var reissueRequested: Bool
    @OptionalField(key: "measure_id") package var measureID: UUID?

    package init() {}
}
