import Fluent
import Vapor
import GoldawCore

// Everything recorded on a case. Appended, never overwritten: a correction is a new record.

/// A recorded consent, assent or refusal by one party, per scope.
final class CaseConsent: Model, @unchecked Sendable {
    static let schema = "case_consents"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "party") var party: String
    @Field(key: "given_by") var givenBy: String
    @Field(key: "services") var services: Bool
    @Field(key: "information_sharing") var informationSharing: Bool
    @Field(key: "referral") var referral: Bool
    @Field(key: "given_on") var givenOn: String
    @OptionalField(key: "note") var note: String?
    @OptionalField(key: "recorded_by") var recordedBy: UUID?
    @OptionalField(key: "recorded_by_name") var recordedByName: String?
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}

    var record: ConsentRecord? {
        guard let party = ConsentParty(rawValue: party) else { return nil }
        var scopes: Set<ConsentScope> = []
        if services { scopes.insert(.services) }
        if informationSharing { scopes.insert(.informationSharing) }
        if referral { scopes.insert(.referral) }
        return ConsentRecord(party: party, scopes: scopes, recordedAt: recordedAt.timeIntervalSince1970)
    }
}

/// A supervisor's override of missing consent for one scope, with the reason. Audited.
final class CaseConsentOverride: Model, @unchecked Sendable {
    static let schema = "case_consent_overrides"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "scope") var scope: String
    @Field(key: "reason") var reason: String
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @OptionalField(key: "decided_by_name") var decidedByName: String?
    @Field(key: "decided_at") var decidedAt: Date

    init() {}
}

/// An initial assessment (sets the risk level) or a needs assessment (risks, protective
/// factors, the child's views), as recorded.
final class CaseAssessment: Model, @unchecked Sendable {
    static let schema = "case_assessments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    /// "initial" or "needs".
    @Field(key: "kind") var kind: String
    @Field(key: "assessed_on") var assessedOn: String
    @OptionalField(key: "risk_level") var riskLevel: String?
    @Field(key: "summary") var summary: String
    @OptionalField(key: "risks") var risks: String?
    @OptionalField(key: "protective_factors") var protectiveFactors: String?
    @OptionalField(key: "child_views") var childViews: String?
    @OptionalField(key: "recorded_by") var recordedBy: UUID?
    @OptionalField(key: "recorded_by_name") var recordedByName: String?
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}

/// A case plan revision: goals, and actions with who and when.
final class CasePlan: Model, @unchecked Sendable {
    static let schema = "case_plans"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "revision") var revision: Int
    @Field(key: "goals") var goals: String
    @OptionalField(key: "recorded_by") var recordedBy: UUID?
    @OptionalField(key: "recorded_by_name") var recordedByName: String?
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}

final class CasePlanAction: Model, @unchecked Sendable {
    static let schema = "case_plan_actions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: CasePlan
    @Field(key: "position") var position: Int
    @Field(key: "action") var action: String
    @Field(key: "responsible") var responsible: String
    @Field(key: "start_on") var startOn: String
    @Field(key: "due_on") var dueOn: String

    init() {}
}

/// A follow-up visit or contact.
final class CaseVisit: Model, @unchecked Sendable {
    static let schema = "case_visits"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "visited_on") var visitedOn: String
    @Field(key: "kind") var kind: String
    @Field(key: "child_seen") var childSeen: Bool
    @Field(key: "summary") var summary: String
    @OptionalField(key: "recorded_by") var recordedBy: UUID?
    @OptionalField(key: "recorded_by_name") var recordedByName: String?
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}

/// A maker-checker request: the worker asks, a supervisor (never the requester) decides.
final class CaseApproval: Model, @unchecked Sendable {
    static let schema = "case_approvals"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "kind") var kind: String
    /// The assessment or plan the request is about (nil for closure).
    @OptionalField(key: "subject_id") var subjectID: UUID?
    @Field(key: "status") var status: String
    @OptionalField(key: "request_comment") var requestComment: String?
    @Field(key: "requested_by") var requestedBy: UUID
    @Field(key: "requested_by_name") var requestedByName: String
    @Field(key: "requested_at") var requestedAt: Date
    @OptionalField(key: "decision_comment") var decisionComment: String?
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @OptionalField(key: "decided_by_name") var decidedByName: String?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    /// Set when an approved closure request has been used to close the case.
    @Field(key: "used") var used: Bool
    @Field(key: "territory_path") var territoryPath: String
    @Field(key: "version") var version: Int

    init() {}

    var statusValue: ApprovalStatus { ApprovalStatus(rawValue: status) ?? .requested }
    var kindValue: ApprovalKind { ApprovalKind(rawValue: kind) ?? .closure }
}

/// A deadline on the case: first contact, full assessment, case plan, follow-up.
final class CaseTask: Model, @unchecked Sendable {
    static let schema = "case_tasks"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "kind") var kind: String
    @Field(key: "due_at") var dueAt: Date
    @OptionalField(key: "done_at") var doneAt: Date?
    @Field(key: "territory_path") var territoryPath: String
    @OptionalField(key: "worker_id") var workerID: UUID?

    init() {}
}

/// A case note: sensitive, seen only by the case team and supervisors in scope.
final class CaseNote: Model, @unchecked Sendable {
    static let schema = "case_notes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "body") var body: String
    @OptionalField(key: "author_id") var authorID: UUID?
    @Field(key: "author_name") var authorName: String
    @Field(key: "written_at") var writtenAt: Date

    init() {}
}

/// A referral to a service, with the consent it rests on (or the supervisor's override).
final class CaseReferral: Model, @unchecked Sendable {
    static let schema = "case_referrals"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "service") var service: String
    @Field(key: "provider") var provider: String
    @Field(key: "referred_on") var referredOn: String
    /// "consent" or "override".
    @Field(key: "basis") var basis: String
    @OptionalField(key: "recorded_by") var recordedBy: UUID?
    @OptionalField(key: "recorded_by_name") var recordedByName: String?
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}


/// A violence incident on a case. The perpetrator's identity is shown only to the case team
/// and supervisors in scope (`IncidentVisibility`).
final class CaseIncident: Model, @unchecked Sendable {
    static let schema = "case_incidents"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "type") var type: String
    @Field(key: "occurred_on") var occurredOn: String
    @Field(key: "place") var place: String
    @Field(key: "perpetrator_relationship") var perpetratorRelationship: String
    @OptionalField(key: "perpetrator_name") var perpetratorName: String?
    @Field(key: "reported_to") var reportedTo: String
    @OptionalField(key: "medical_follow_up") var medicalFollowUp: String?
    @OptionalField(key: "legal_follow_up") var legalFollowUp: String?
    @OptionalField(key: "recorded_by") var recordedBy: UUID?
    @OptionalField(key: "recorded_by_name") var recordedByName: String?
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}

/// A proposed move of a case to another etrap. Until the receiving supervisor accepts, the case
/// stays where it is, with its access rules; on acceptance it moves with all its history.
final class CaseTransfer: Model, @unchecked Sendable {
    static let schema = "case_transfers"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "from_path") var fromPath: String
    @Parent(key: "to_territory_id") var toTerritory: Territory
    @Field(key: "to_path") var toPath: String
    @Field(key: "reason") var reason: String
    @Field(key: "status") var status: String
    @OptionalField(key: "proposed_by") var proposedBy: UUID?
    @OptionalField(key: "proposed_by_name") var proposedByName: String?
    @Field(key: "proposed_at") var proposedAt: Date
    @OptionalField(key: "decision_comment") var decisionComment: String?
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @OptionalField(key: "decided_by_name") var decidedByName: String?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @Field(key: "version") var version: Int

    init() {}

    var statusValue: TransferStatus { TransferStatus(rawValue: status) ?? .cancelled }
}

/// A multidisciplinary case conference: who took part, what was decided, each agency's actions.
final class CaseConference: Model, @unchecked Sendable {
    static let schema = "case_conferences"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "held_on") var heldOn: String
    /// Comma-separated `ConferenceAgency` raw values.
    @Field(key: "agencies") var agencies: String
    @Field(key: "participants") var participants: String
    @Field(key: "decisions") var decisions: String
    @OptionalField(key: "recorded_by") var recordedBy: UUID?
    @OptionalField(key: "recorded_by_name") var recordedByName: String?
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}

final class CaseConferenceAction: Model, @unchecked Sendable {
    static let schema = "case_conference_actions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "conference_id") var conference: CaseConference
    @Field(key: "position") var position: Int
    @Field(key: "agency") var agency: String
    @Field(key: "action") var action: String
    @Field(key: "due_on") var dueOn: String

    init() {}
}

/// A best-interests assessment, recorded when separation or placement is at stake.
final class CaseBestInterests: Model, @unchecked Sendable {
    static let schema = "case_best_interests"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Field(key: "assessed_on") var assessedOn: String
    @Field(key: "decision_at_stake") var decisionAtStake: String
    @Field(key: "child_views") var childViews: String
    @Field(key: "family_views") var familyViews: String
    @Field(key: "options") var options: String
    @Field(key: "recommendation") var recommendation: String
    @OptionalField(key: "recorded_by") var recordedBy: UUID?
    @OptionalField(key: "recorded_by_name") var recordedByName: String?
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}

/// A colleague added to a case's team by a supervisor.
final class CaseTeamMember: Model, @unchecked Sendable {
    static let schema = "case_team_members"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var caseRecord: CaseRecord
    @Parent(key: "user_id") var user: User
    @OptionalField(key: "added_by") var addedBy: UUID?
    @Field(key: "added_at") var addedAt: Date
    @OptionalField(key: "removed_by") var removedBy: UUID?
    @OptionalField(key: "removed_at") var removedAt: Date?

    init() {}
}
