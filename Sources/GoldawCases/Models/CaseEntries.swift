import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawSocialServices

// Everything recorded on a case. Appended, never overwritten: a correction is a new record.

/// A recorded consent, assent or refusal by one party, per scope.
package final class CaseConsent: Model, @unchecked Sendable {
    package static let schema = "case_consents"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "case_id") package var caseRecord: CaseRecord
    @Field(key: "party") package var party: String
    @Field(key: "given_by") package var givenBy: String
    @Field(key: "services") package var services: Bool
    @Field(key: "information_sharing") package var informationSharing: Bool
    @Field(key: "referral") package var referral: Bool
    @Field(key: "given_on") package var givenOn: String
    @OptionalField(key: "note") package var note: String?
    @OptionalField(key: "recorded_by") package var recordedBy: UUID?
    @OptionalField(key: "recorded_by_name") package var recordedByName: String?
    @Field(key: "recorded_at") package var recordedAt: Date

    package init() {}

    package var record: ConsentRecord? {
        guard let party = ConsentParty(rawValue: party) else { return nil }
        var scopes: Set<ConsentScope> = []
        if services { scopes.insert(.services) }
        if informationSharing { scopes.insert(.informationSharing) }
        if referral { scopes.insert(.referral) }
        return ConsentRecord(party: party, scopes: scopes, recordedAt: recordedAt.timeIntervalSince1970)
    }
}

/// A supervisor's override of missing consent for one scope, with the reason. Audited.
package final class CaseConsentOverride: Model, @unchecked Sendable {
    package static let schema = "case_consent_overrides"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "case_id") package var caseRecord: CaseRecord
    @Field(key: "scope") package var scope: String
    @Field(key: "reason") package var reason: String
    @OptionalField(key: "decided_by") package var decidedBy: UUID?
    @OptionalField(key: "decided_by_name") package var decidedByName: String?
    @Field(key: "decided_at") package var decidedAt: Date

    package init() {}
}

/// An initial assessment (sets the risk level) or a needs assessment (risks, protective
/// factors, the child's views), as recorded.
package final class CaseAssessment: Model, @unchecked Sendable {
    package static let schema = "case_assessments"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "case_id") package var caseRecord: CaseRecord
    /// "initial" or "needs".
    @Field(key: "kind") package var kind: String
    @Field(key: "assessed_on") package var assessedOn: String
    @OptionalField(key: "risk_level") package var riskLevel: String?
    @Field(key: "summary") package var summary: String
    @OptionalField(key: "risks") package var risks: String?
    @OptionalField(key: "protective_factors") package var protectiveFactors: String?
    @OptionalField(key: "child_views") package var childViews: String?
    @OptionalField(key: "recorded_by") package var recordedBy: UUID?
    @OptionalField(key: "recorded_by_name") package var recordedByName: String?
    @Field(key: "recorded_at") package var recordedAt: Date

    package init() {}
}

/// A case plan revision: goals, and actions with who and when.
package final class CasePlan: Model, @unchecked Sendable {
    package static let schema = "case_plans"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "case_id") package var caseRecord: CaseRecord
    @Field(key: "revision") package var revision: Int
    @Field(key: "goals") package var goals: String
    @OptionalField(key: "recorded_by") package var recordedBy: UUID?
    @OptionalField(key: "recorded_by_name") package var recordedByName: String?
    @Field(key: "recorded_at") package var recordedAt: Date

    package init() {}
}

package final class CasePlanAction: Model, @unchecked Sendable {
    package static let schema = "case_plan_actions"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "plan_id") package var plan: CasePlan
    @Field(key: "position") package var position: Int
    @Field(key: "action") package var action: String
    @Field(key: "responsible") package var responsible: String
    @Field(key: "start_on") package var startOn: String
    @Field(key: "due_on") package var dueOn: String

    package init() {}
}

/// A follow-up visit or contact.
package final class CaseVisit: Model, @unchecked Sendable {
    package static let schema = "case_visits"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "case_id") package var caseRecord: CaseRecord
    @Field(key: "visited_on") package var visitedOn: String
    @Field(key: "kind") package var kind: String
    @Field(key: "child_seen") package var childSeen: Bool
    @Field(key: "summary") package var summary: String
    @OptionalField(key: "recorded_by") package var recordedBy: UUID?
    @OptionalField(key: "recorded_by_name") package var recordedByName: String?
    @Field(key: "recorded_at") package var recordedAt: Date

    package init() {}
}

/// A maker-checker request: the worker asks, a supervisor (never the requester) decides.
package final class CaseApproval: Model, @unchecked Sendable {
    package static let schema = "case_approvals"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "case_id") package var caseRecord: CaseRecord
    @Field(key: "kind") package var kind: String
    /// The assessment or plan the request is about (nil for closure).
    @OptionalField(key: "subject_id") package var subjectID: UUID?
    @Field(key: "status") package var status: String
    @OptionalField(key: "request_comment") package var requestComment: String?
    @Field(key: "requested_by") package var requestedBy: UUID
    @Field(key: "requested_by_name") package var requestedByName: String
    @Field(key: "requested_at") package var requestedAt: Date
    @OptionalField(key: "decision_comment") package var decisionComment: String?
    @OptionalField(key: "decided_by") package var decidedBy: UUID?
    @OptionalField(key: "decided_by_name") package var decidedByName: String?
    @OptionalField(key: "decided_at") package var decidedAt: Date?
    /// Set when an approved closure request has been used to close the case.
    @Field(key: "used") package var used: Bool
    @Field(key: "territory_path") package var territoryPath: String
    @Field(key: "version") package var version: Int

    package init() {}

    package var statusValue: ApprovalStatus { ApprovalStatus(rawValue: status) ?? .requested }
    package var kindValue: ApprovalKind { ApprovalKind(rawValue: kind) ?? .closure }
}

/// A deadline on the case: first contact, full assessment, case plan, follow-up.
package final class CaseTask: Model, @unchecked Sendable {
    package static let schema = "case_tasks"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "case_id") package var caseRecord: CaseRecord
    @Field(key: "kind") package var kind: String
    @Field(key: "due_at") package var dueAt: Date
    @OptionalField(key: "done_at") package var doneAt: Date?
    @Field(key: "territory_path") package var territoryPath: String
    @OptionalField(key: "worker_id") package var workerID: UUID?

    package init() {}
}

/// A case note: sensitive, seen only by the case team and supervisors in scope.
package final class CaseNote: Model, @unchecked Sendable {
    package static let schema = "case_notes"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "case_id") package var caseRecord: CaseRecord
    @Field(key: "body") package var body: String
    @OptionalField(key: "author_id") package var authorID: UUID?
    @Field(key: "author_name") package var authorName: String
    @Field(key: "written_at") package var writtenAt: Date

    package init() {}
}

/// A referral to a service, with the consent it rests on (or the supervisor's override).
package final class CaseReferral: Model, @unchecked Sendable {
    package static let schema = "case_referrals"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "case_id") package var caseRecord: CaseRecord
    @Field(key: "service") package var service: String
    @Field(key: "provider") package var provider: String
    @Field(key: "referred_on") package var referredOn: String
    /// "consent" or "override".
    @Field(key: "basis") package var basis: String
    @OptionalField(key: "recorded_by") package var recordedBy: UUID?
    @OptionalField(key: "recorded_by_name") package var recordedByName: String?
    @Field(key: "recorded_at") package var recordedAt: Date

    package init() {}
}


/// A violence incident on a case. The perpetrator's identity is shown only to the case team
/// and supervisors in scope (`IncidentVisibility`).
package final class CaseIncident: Model, @unchecked Sendable {
    package static let schema = "case_incidents"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "case_id") package var caseRecord: CaseRecord
    @Field(key: "type") package var type: String
    @Field(key: "occurred_on") package var occurredOn: String
    @Field(key: "place") package var place: String
    @Field(key: "perpetrator_relationship") package var perpetratorRelationship: String
    @OptionalField(key: "perpetrator_name") package var perpetratorName: String?
    @Field(key: "reported_to") package var reportedTo: String
    @OptionalField(key: "medical_follow_up") package var medicalFollowUp: String?
    @OptionalField(key: "legal_follow_up") package var legalFollowUp: String?
    @OptionalField(key: "recorded_by") package var recordedBy: UUID?
    @OptionalField(key: "recorded_by_name") package var recordedByName: String?
    @Field(key: "recorded_at") package var recordedAt: Date

    package init() {}
}

/// A proposed move of a case to another etrap. Until the receiving supervisor accepts, the case
/// stays where it is, with its access rules; on acceptance it moves with all its history.
package final class CaseTransfer: Model, @unchecked Sendable {
    package static let schema = "case_transfers"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "case_id") package var caseRecord: CaseRecord
    @Field(key: "from_path") package var fromPath: String
    @Parent(key: "to_territory_id") package var toTerritory: Territory
    @Field(key: "to_path") package var toPath: String
    @Field(key: "reason") package var reason: String
    @Field(key: "status") package var status: String
    @OptionalField(key: "proposed_by") package var proposedBy: UUID?
    @OptionalField(key: "proposed_by_name") package var proposedByName: String?
    @Field(key: "proposed_at") package var proposedAt: Date
    @OptionalField(key: "decision_comment") package var decisionComment: String?
    @OptionalField(key: "decided_by") package var decidedBy: UUID?
    @OptionalField(key: "decided_by_name") package var decidedByName: String?
    @OptionalField(key: "decided_at") package var decidedAt: Date?
    @Field(key: "version") package var version: Int

    package init() {}

    package var statusValue: TransferStatus { TransferStatus(rawValue: status) ?? .cancelled }
}

/// A multidisciplinary case conference: who took part, what was decided, each agency's actions.
package final class CaseConference: Model, @unchecked Sendable {
    package static let schema = "case_conferences"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "case_id") package var caseRecord: CaseRecord
    @Field(key: "held_on") package var heldOn: String
    /// Comma-separated `ConferenceAgency` raw values.
    @Field(key: "agencies") package var agencies: String
    @Field(key: "participants") package var participants: String
    @Field(key: "decisions") package var decisions: String
    @OptionalField(key: "recorded_by") package var recordedBy: UUID?
    @OptionalField(key: "recorded_by_name") package var recordedByName: String?
    @Field(key: "recorded_at") package var recordedAt: Date

    package init() {}
}

package final class CaseConferenceAction: Model, @unchecked Sendable {
    package static let schema = "case_conference_actions"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "conference_id") package var conference: CaseConference
    @Field(key: "position") package var position: Int
    @Field(key: "agency") package var agency: String
    @Field(key: "action") package var action: String
    @Field(key: "due_on") package var dueOn: String

    package init() {}
}

/// A best-interests assessment, recorded when separation or placement is at stake.
package final class CaseBestInterests: Model, @unchecked Sendable {
    package static let schema = "case_best_interests"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "case_id") package var caseRecord: CaseRecord
    @Field(key: "assessed_on") package var assessedOn: String
    @Field(key: "decision_at_stake") package var decisionAtStake: String
    @Field(key: "child_views") package var childViews: String
    @Field(key: "family_views") package var familyViews: String
    @Field(key: "options") package var options: String
    @Field(key: "recommendation") package var recommendation: String
    @OptionalField(key: "recorded_by") package var recordedBy: UUID?
    @OptionalField(key: "recorded_by_name") package var recordedByName: String?
    @Field(key: "recorded_at") package var recordedAt: Date

    package init() {}
}

/// A colleague added to a case's team by a supervisor.
package final class CaseTeamMember: Model, @unchecked Sendable {
    package static let schema = "case_team_members"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "case_id") package var caseRecord: CaseRecord
    @Parent(key: "user_id") package var user: User
    @OptionalField(key: "added_by") package var addedBy: UUID?
    @Field(key: "added_at") package var addedAt: Date
    @OptionalField(key: "removed_by") package var removedBy: UUID?
    @OptionalField(key: "removed_at") package var removedAt: Date?

    package init() {}
}
