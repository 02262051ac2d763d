import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawSocialServices

/// A report that a child may be at risk, before there is a case (see `CaseIntakeStatus`). It
/// holds what the report said and where, nothing about who reported it: a report from the
/// children's complaints channel names its complaint by number, and the complaint keeps
/// whatever the reporter chose to give.
package final class CaseIntake: Model, @unchecked Sendable {
    package static let schema = "case_intakes"

    @ID(key: .id) package var id: UUID?
    /// `CI-00000012`, unique.
    @Field(key: "number") package var number: String
    /// A `CaseIntakeSource` raw value.
    @Field(key: "source") package var source: String
    /// The record it came from in its source, e.g. the complaint's number ("G-00000031").
    @OptionalField(key: "source_reference") package var sourceReference: String?
    /// What the report said, as written.
    @Field(key: "text") package var text: String
    @OptionalParent(key: "territory_id") package var territory: Territory?
    /// The etrap's path, so the supervisor's list is one indexed prefix test.
    @Field(key: "territory_path") package var territoryPath: String
    @Field(key: "received_at") package var receivedAt: Date
    /// A `CaseIntakeStatus` raw value.
    @Field(key: "status") package var status: String
    /// The case opened from it.
    @OptionalParent(key: "case_id") package var caseRecord: CaseRecord?
    /// Why it is not a concern (required to close it so).
    @OptionalField(key: "reason") package var reason: String?
    @OptionalField(key: "decided_by") package var decidedBy: UUID?
    @OptionalField(key: "decided_by_name") package var decidedByName: String?
    @OptionalField(key: "decided_at") package var decidedAt: Date?
    @Field(key: "version") package var version: Int

    package init() {}

    package var statusValue: CaseIntakeStatus { CaseIntakeStatus(rawValue: status) ?? .new }
}

extension CaseIntake: ScopedRecord {
    package var scopeTerritoryPath: String? { territoryPath }
}
