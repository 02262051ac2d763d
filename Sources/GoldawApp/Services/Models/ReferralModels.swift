import Fluent
import Vapor
import GoldawCore

/// A referral of a person to a service, from sending to the outcome. Carries the consent (or
/// a supervisor's override) it was sent under; the provider sees only what the consent allows.
final class Referral: Model, @unchecked Sendable {
    static let schema = "referrals"

    @ID(key: .id) var id: UUID?
    /// Readable number ("RF-00000012"), unique.
    @Field(key: "number") var number: String
    @Parent(key: "person_id") var person: Person
    @Parent(key: "service_id") var service: SocialService
    @Parent(key: "provider_id") var provider: Provider
    /// The person's etrap path when sent: the sender's scope.
    @Field(key: "territory_path") var territoryPath: String
    @Field(key: "urgency") var urgency: String
    @Field(key: "reason") var reason: String
    /// The sender's notes for the provider, shown only under consent to share information.
    @OptionalField(key: "information") var information: String?
    @OptionalField(key: "consent_by") var consentBy: String?
    @OptionalField(key: "consent_scope") var consentScope: String?
    @OptionalField(key: "consent_date") var consentDate: String?
    @OptionalField(key: "override_reason") var overrideReason: String?
    @OptionalField(key: "override_by") var overrideBy: UUID?
    /// Where it came from: "worker", "benefits", "grievance" (and "case" once cases exist).
    @Field(key: "source") var source: String
    @OptionalField(key: "source_reference") var sourceReference: String?
    /// The case, once case management exists; nullable until then.
    @OptionalField(key: "case_id") var caseID: UUID?
    @Field(key: "status") var status: String
    @Field(key: "sent_on") var sentOn: String
    /// The deadline of the current step (ISO date), nil once finished or while waitlisted.
    @OptionalField(key: "due_date") var dueDate: String?
    @OptionalField(key: "outcome") var outcome: String?
    @OptionalField(key: "sender_id") var senderID: UUID?
    @Field(key: "sender_name") var senderName: String
    @Field(key: "version") var version: Int

    init() {}

    var statusValue: ReferralStatus { ReferralStatus(rawValue: status) ?? .sent }
    var urgencyValue: ReferralUrgency { ReferralUrgency(rawValue: urgency) ?? .medium }
    var sharesInformation: Bool { consentScope == ReferralConsentScope.referralAndInformation.rawValue }

    func isOverdue(today: String) -> Bool {
        guard statusValue.isOpen, let due = dueDate else { return false }
        return due < today
    }
}

/// One step of a referral, append-only: its history for both sides.
final class ReferralEvent: Model, @unchecked Sendable {
    static let schema = "referral_events"

    @ID(key: .id) var id: UUID?
    @Parent(key: "referral_id") var referral: Referral
    @Field(key: "kind") var kind: String
    @OptionalField(key: "from_status") var fromStatus: String?
    @Field(key: "to_status") var toStatus: String
    @OptionalField(key: "note") var note: String?
    @OptionalField(key: "actor_id") var actorID: UUID?
    @OptionalField(key: "actor_name") var actorName: String?
    @Field(key: "occurred_at") var occurredAt: Date

    init() {}

    init(referralID: UUID, kind: String, from: String?, to: String, note: String?, actor: CurrentUser?, at: Date) {
        self.$referral.id = referralID
        self.kind = kind
        self.fromStatus = from
        self.toStatus = to
        self.note = note
        self.actorID = actor?.id
        self.actorName = actor?.username
        self.occurredAt = at
    }
}

/// Days allowed for a step at an urgency, from a date: data, so a procedure can change them.
final class ReferralDeadline: Model, @unchecked Sendable {
    static let schema = "referral_deadlines"

    @ID(key: .id) var id: UUID?
    @Field(key: "step") var step: String
    @Field(key: "urgency") var urgency: String
    @Field(key: "days") var days: Int
    @Field(key: "valid_from") var validFrom: String

    init() {}

    init(step: ReferralStep, urgency: ReferralUrgency, days: Int, validFrom: String) {
        self.step = step.rawValue
        self.urgency = urgency.rawValue
        self.days = days
        self.validFrom = validFrom
    }
}
