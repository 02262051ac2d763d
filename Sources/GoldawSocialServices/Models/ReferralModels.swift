import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// A referral of a person to a service, from sending to the outcome. Carries the consent (or
/// a supervisor's override) it was sent under; the provider sees only what the consent allows.
package final class Referral: Model, @unchecked Sendable {
    package static let schema = "referrals"

    @ID(key: .id) package var id: UUID?
    /// Readable number ("RF-00000012"), unique.
    @Field(key: "number") package var number: String
    @Parent(key: "person_id") package var person: Person
    @Parent(key: "service_id") package var service: SocialService
    @Parent(key: "provider_id") package var provider: Provider
    /// The person's etrap path when sent: the sender's scope.
    @Field(key: "territory_path") package var territoryPath: String
    @Field(key: "urgency") package var urgency: String
    @Field(key: "reason") package var reason: String
    /// The sender's notes for the provider, shown only under consent to share information.
    @OptionalField(key: "information") package var information: String?
    @OptionalField(key: "consent_by") package var consentBy: String?
    @OptionalField(key: "consent_scope") package var consentScope: String?
    @OptionalField(key: "consent_date") package var consentDate: String?
    @OptionalField(key: "override_reason") package var overrideReason: String?
    @OptionalField(key: "override_by") package var overrideBy: UUID?
    /// Where it came from: "worker", "benefits", "grievance" (and "case" once cases exist).
    @Field(key: "source") package var source: String
    @OptionalField(key: "source_reference") package var sourceReference: String?
    /// The case, once case management exists; nullable until then.
    @OptionalField(key: "case_id") package var caseID: UUID?
    @Field(key: "status") package var status: String
    @Field(key: "sent_on") package var sentOn: String
    /// The deadline of the current step (ISO date), nil once finished or while waitlisted.
    @OptionalField(key: "due_date") package var dueDate: String?
    @OptionalField(key: "outcome") package var outcome: String?
    @OptionalField(key: "sender_id") package var senderID: UUID?
    @Field(key: "sender_name") package var senderName: String
    @Field(key: "version") package var version: Int

    package init() {}

    package var statusValue: ReferralStatus { ReferralStatus(rawValue: status) ?? .sent }
    package var urgencyValue: ReferralUrgency { ReferralUrgency(rawValue: urgency) ?? .medium }
    package var sharesInformation: Bool { consentScope == ReferralConsentScope.referralAndInformation.rawValue }

    package func isOverdue(today: String) -> Bool {
        guard statusValue.isOpen, let due = dueDate else { return false }
        return due < today
    }
}

/// One step of a referral, append-only: its history for both sides.
package final class ReferralEvent: Model, @unchecked Sendable {
    package static let schema = "referral_events"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "referral_id") package var referral: Referral
    @Field(key: "kind") package var kind: String
    @OptionalField(key: "from_status") package var fromStatus: String?
    @Field(key: "to_status") package var toStatus: String
    @OptionalField(key: "note") package var note: String?
    @OptionalField(key: "actor_id") package var actorID: UUID?
    @OptionalField(key: "actor_name") package var actorName: String?
    @Field(key: "occurred_at") package var occurredAt: Date

    package init() {}

    package init(referralID: UUID, kind: String, from: String?, to: String, note: String?, actor: CurrentUser?, at: Date) {
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
package final class ReferralDeadline: Model, @unchecked Sendable {
    package static let schema = "referral_deadlines"

    @ID(key: .id) package var id: UUID?
    @Field(key: "step") package var step: String
    @Field(key: "urgency") package var urgency: String
    @Field(key: "days") package var days: Int
    @Field(key: "valid_from") package var validFrom: String

    package init() {}

    package init(step: ReferralStep, urgency: ReferralUrgency, days: Int, validFrom: String) {
        self.step = step.rawValue
        self.urgency = urgency.rawValue
        self.days = days
        self.validFrom = validFrom
    }
}

extension ReferralEvent: StatusEvent {}
