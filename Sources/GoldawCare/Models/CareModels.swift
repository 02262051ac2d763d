import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// A residential setting: a baby home, a children's home, a boarding school, a shelter. Its staff
/// accounts are bound to its organisation and see only the children placed there.
package final class CareSetting: Model, @unchecked Sendable {
    package static let schema = "care_settings"

    @ID(key: .id) package var id: UUID?
    @Field(key: "name") package var name: String
    @Field(key: "kind") package var kind: String
    @Field(key: "capacity") package var capacity: Int
    @Field(key: "age_from") package var ageFrom: Int
    @Field(key: "age_to") package var ageTo: Int
    @Field(key: "takes_disability") package var takesDisability: Bool
    /// The ministry responsible: education, health, or labour and social protection.
    @Field(key: "ministry") package var ministry: String
    @OptionalField(key: "organisation_id") package var organisationID: UUID?
    @Parent(key: "territory_id") package var territory: Territory
    @Field(key: "territory_path") package var territoryPath: String
    @Field(key: "active") package var active: Bool
    @Field(key: "version") package var version: Int

    package init() {}
}

/// A family-based carer: a foster carer approved after assessment and training, a kinship carer
/// or a guardian, always a person of the registry. A foster approval runs until a review date.
package final class Carer: Model, @unchecked Sendable {
    package static let schema = "care_carers"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "person_id") package var person: Person
    @Field(key: "kind") package var kind: String
    @Field(key: "status") package var status: String
    @Field(key: "applied_on") package var appliedOn: String
    @OptionalField(key: "assessed_on") package var assessedOn: String?
    @OptionalField(key: "trained_on") package var trainedOn: String?
    @OptionalField(key: "approved_on") package var approvedOn: String?
    @OptionalField(key: "approval_number") package var approvalNumber: String?
    /// The approval must be reviewed by this date; after it no child is placed with the carer.
    @OptionalField(key: "approved_until") package var approvedUntil: String?
    @Field(key: "capacity") package var capacity: Int
    @OptionalField(key: "note") package var note: String?
    @Parent(key: "territory_id") package var territory: Territory
    @Field(key: "territory_path") package var territoryPath: String
    @Field(key: "version") package var version: Int

    package init() {}

    package var kindValue: CarerKind { CarerKind(rawValue: kind) ?? .foster }
    package var statusValue: CarerStatus { CarerStatus(rawValue: status) ?? .applied }
}

/// A worker brings a child to the commission: the gatekeeping file with the assessment of the
/// family and the child, the child's views and the alternatives weighed.
package final class CareRequest: Model, @unchecked Sendable {
    package static let schema = "care_requests"

    @ID(key: .id) package var id: UUID?
    @Field(key: "number") package var number: String
    @Parent(key: "child_id") package var child: Person
    /// The child protection case it comes from, when there is one.
    @OptionalField(key: "case_id") package var caseID: UUID?
    @OptionalField(key: "case_number") package var caseNumber: String?
    @Parent(key: "worker_id") package var worker: User
    @Parent(key: "territory_id") package var territory: Territory
    @Field(key: "territory_path") package var territoryPath: String
    @Field(key: "requested_type") package var requestedType: String
    @OptionalField(key: "setting_id") package var settingID: UUID?
    @OptionalField(key: "carer_id") package var carerID: UUID?
    /// Entry reasons, comma-separated `EntryReason` raw values.
    @Field(key: "reasons") package var reasons: String
    @Field(key: "assessed_on") package var assessedOn: String
    @Field(key: "family_assessment") package var familyAssessment: String
    @Field(key: "child_views") package var childViews: String
    @OptionalField(key: "exception") package var exception: String?
    @OptionalField(key: "exception_until") package var exceptionUntil: String?
    /// Set when the child is proposed for residential care under 3 or with a disability.
    @Field(key: "flagged") package var flagged: Bool
    @Field(key: "status") package var status: String
    @OptionalField(key: "sitting_id") package var sittingID: UUID?
    @Field(key: "created_at") package var createdAt: Date
    @Field(key: "version") package var version: Int

    package init() {}

    package var type: CareType { CareType(rawValue: requestedType) ?? .residential }
    package var reasonSet: Set<EntryReason> { Set(reasons.split(separator: ",").compactMap { EntryReason(rawValue: String($0)) }) }
    package var statusValue: CareRequestStatus { CareRequestStatus(rawValue: status) ?? .prepared }
}

package enum CareRequestStatus: String, Sendable, CaseIterable, Codable {
    /// Ready for a sitting, not yet on an agenda.
    case prepared
    case onAgenda = "on_agenda"
    case decided
    case withdrawn
}

/// One option the assessment weighed, and why it was not enough.
package final class CareAlternativeRow: Model, @unchecked Sendable {
    package static let schema = "care_alternatives"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "request_id") package var request: CareRequest
    @Field(key: "option") package var option: String
    /// A service of the directory that was tried or considered (family support).
    @OptionalField(key: "service_id") package var serviceID: UUID?
    @Field(key: "rejected_because") package var rejectedBecause: String

    package init() {}
}

/// A sitting of a Commission on Minors' Affairs (or the guardianship body) of an etrap or welaýat.
package final class CareSitting: Model, @unchecked Sendable {
    package static let schema = "care_sittings"

    @ID(key: .id) package var id: UUID?
    @Field(key: "number") package var number: String
    @Parent(key: "territory_id") package var territory: Territory
    @Field(key: "territory_path") package var territoryPath: String
    @Field(key: "held_on") package var heldOn: String
    @Field(key: "place") package var place: String
    /// planned → open (attendance taken) → closed (minutes final).
    @Field(key: "status") package var status: String
    @OptionalField(key: "chair_id") package var chairID: UUID?
    @OptionalField(key: "closed_at") package var closedAt: Date?
    @Field(key: "version") package var version: Int

    package init() {}
}

/// A member of the commission at one sitting, present or not.
package final class CareSittingMember: Model, @unchecked Sendable {
    package static let schema = "care_sitting_members"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "sitting_id") package var sitting: CareSitting
    @Parent(key: "user_id") package var user: User
    @Field(key: "present") package var present: Bool

    package init() {}
}

/// The commission's decision on one child of its agenda, with the vote and any dissent.
package final class CareDecision: Model, @unchecked Sendable {
    package static let schema = "care_decisions"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "sitting_id") package var sitting: CareSitting
    @Parent(key: "request_id") package var request: CareRequest
    @Field(key: "outcome") package var outcome: String
    @OptionalField(key: "care_type") package var careType: String?
    @OptionalField(key: "setting_id") package var settingID: UUID?
    @OptionalField(key: "carer_id") package var carerID: UUID?
    @OptionalField(key: "start_date") package var startDate: String?
    @OptionalField(key: "review_on") package var reviewOn: String?
    @Field(key: "legal_basis") package var legalBasis: String
    @Field(key: "reasoning") package var reasoning: String
    @Field(key: "child_heard") package var childHeard: Bool
    @Field(key: "parents_heard") package var parentsHeard: Bool
    @Field(key: "votes_for") package var votesFor: Int
    @Field(key: "votes_against") package var votesAgainst: Int
    @Field(key: "votes_abstain") package var votesAbstain: Int
    @OptionalField(key: "dissent") package var dissent: String?
    @OptionalField(key: "placement_id") package var placementID: UUID?
    @Field(key: "decided_at") package var decidedAt: Date
    @Field(key: "decided_by") package var decidedBy: UUID

    package init() {}
}

/// An appeal against a decision, and what came of it.
package final class CareAppeal: Model, @unchecked Sendable {
    package static let schema = "care_appeals"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "decision_id") package var decision: CareDecision
    @Field(key: "lodged_on") package var lodgedOn: String
    @Field(key: "lodged_by") package var lodgedBy: String
    @Field(key: "grounds") package var grounds: String
    @OptionalField(key: "outcome") package var outcome: String?
    @OptionalField(key: "decided_on") package var decidedOn: String?
    @Field(key: "recorded_by") package var recordedBy: UUID

    package init() {}
}

/// A dated episode of formal care of one child: where and with whom, from when to when, on
/// which decision, and how it ended. Episodes are never overwritten: a move is an end and a start.
package final class Placement: Model, @unchecked Sendable {
    package static let schema = "care_placements"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "child_id") package var child: Person
    @Field(key: "care_type") package var careType: String
    @OptionalParent(key: "setting_id") package var setting: CareSetting?
    @OptionalParent(key: "carer_id") package var carer: Carer?
    /// The setting's organisation, copied so that its staff's scope is one indexed test.
    @OptionalField(key: "organisation_id") package var organisationID: UUID?
    @Field(key: "start_date") package var startDate: String
    @OptionalField(key: "end_date") package var endDate: String?
    @OptionalField(key: "decision_id") package var decisionID: UUID?
    @Field(key: "legal_basis") package var legalBasis: String
    @Field(key: "reasons") package var reasons: String
    @Field(key: "gatekept") package var gatekept: Bool
    @OptionalField(key: "exception") package var exception: String?
    @OptionalField(key: "exception_until") package var exceptionUntil: String?
    @Field(key: "siblings") package var siblings: String
    @Field(key: "under_three") package var underThree: Bool
    @Field(key: "disability") package var disability: Bool
    @Field(key: "next_review_on") package var nextReviewOn: String
    @OptionalField(key: "end_reason") package var endReason: String?
    @OptionalField(key: "destination") package var destination: String?
    // The care plan (Guidelines paras 63–65): one per placement, kept up to date.
    @OptionalField(key: "plan_goals") package var planGoals: String?
    @OptionalField(key: "plan_contact") package var planContact: String?
    @OptionalField(key: "plan_school") package var planSchool: String?
    @OptionalField(key: "plan_health") package var planHealth: String?
    @OptionalField(key: "permanency_goal") package var permanencyGoal: String?
    @OptionalField(key: "plan_on") package var planOn: String?
    @OptionalField(key: "worker_id") package var workerID: UUID?
    @OptionalParent(key: "territory_id") package var territory: Territory?
    @Field(key: "territory_path") package var territoryPath: String
    @Field(key: "created_at") package var createdAt: Date
    @Field(key: "version") package var version: Int

    package init() {}

    package var type: CareType { CareType(rawValue: careType) ?? .residential }
    package var span: PlacementSpan? {
        CalendarDate(iso: startDate).map { PlacementSpan(start: $0, end: endDate.flatMap(CalendarDate.init(iso:))) }
    }
    package var isCurrent: Bool { endDate == nil || endDate! >= CalendarDate.today.iso }
}

/// A review of a placement: who reviewed it, what they decided, when the next one is due.
package final class CareReview: Model, @unchecked Sendable {
    package static let schema = "care_reviews"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "placement_id") package var placement: Placement
    @Field(key: "reviewed_on") package var reviewedOn: String
    @Field(key: "outcome") package var outcome: String
    @Field(key: "child_views") package var childViews: String
    @Field(key: "note") package var note: String
    @Field(key: "next_due") package var nextDue: String
    @Field(key: "reviewer_id") package var reviewerID: UUID
    @Field(key: "reviewer_name") package var reviewerName: String

    package init() {}
}

/// Contact of a child in care with parents and family: a visit, a call, a stay at home, or a
/// follow-up visit after a return.
package final class CareContact: Model, @unchecked Sendable {
    package static let schema = "care_contacts"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "placement_id") package var placement: Placement
    @Field(key: "contact_on") package var contactOn: String
    @Field(key: "kind") package var kind: String
    @Field(key: "with_whom") package var withWhom: String
    @Field(key: "note") package var note: String
    @Field(key: "recorded_by") package var recordedBy: UUID
    @Field(key: "recorded_by_name") package var recordedByName: String

    package init() {}
}

/// A child's way home: the assessment, the plan agreed with the family, the return and the
/// follow-up period after it (Guidelines paras 49–51).
package final class Reintegration: Model, @unchecked Sendable {
    package static let schema = "care_reintegrations"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "placement_id") package var placement: Placement
    @Field(key: "assessed_on") package var assessedOn: String
    @Field(key: "assessment") package var assessment: String
    @Field(key: "plan") package var plan: String
    @Field(key: "agreed_on") package var agreedOn: String
    @OptionalField(key: "returned_on") package var returnedOn: String?
    @OptionalField(key: "follow_up_until") package var followUpUntil: String?
    @Field(key: "version") package var version: Int

    package init() {}
}

extension CareSetting: ScopedRecord {
    package var scopeTerritoryPath: String? { territoryPath }
    package var scopeOrganisationID: String? { organisationID?.uuidString }
}

extension Carer: ScopedRecord {
    package var scopeTerritoryPath: String? { territoryPath }
}

extension CareRequest: ScopedRecord {
    package var scopeTerritoryPath: String? { territoryPath }
}

extension CareSitting: ScopedRecord {
    package var scopeTerritoryPath: String? { territoryPath }
}

extension Placement: ScopedRecord {
    package var scopeTerritoryPath: String? { territoryPath }
    package var scopeOrganisationID: String? { organisationID?.uuidString }
}
