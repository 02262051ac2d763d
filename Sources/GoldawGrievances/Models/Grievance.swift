import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawBenefits

/// A complaint about a benefits decision, a payment or a service, from lodging to closure.
/// Dates that rules compare (SLA start, due, at-risk) are ISO calendar dates stored as text.
package final class Grievance: Model, @unchecked Sendable {
    package static let schema = "grievances"

    @ID(key: .id) package var id: UUID?
    /// Readable number for staff and letters ("G-00000012"), unique.
    @Field(key: "number") package var number: String
    /// The complainant's key to the public tracking page, stored normalised (see `TrackingCode`).
    @Field(key: "tracking_code") package var trackingCode: String
    @Field(key: "category") package var category: String
    @Field(key: "channel") package var channel: String
    @Field(key: "complainant_name") package var complainantName: String
    @OptionalField(key: "complainant_contact") package var complainantContact: String?
    /// Set when staff link the complainant to a registry record.
    @OptionalParent(key: "person_id") package var person: Person?
    @Field(key: "subject_kind") package var subjectKind: String
    @OptionalField(key: "subject_reference") package var subjectReference: String?
    @Field(key: "description") package var description: String
    @OptionalParent(key: "territory_id") package var territory: Territory?
    /// Copy of the etrap's path, so scope filters are one indexed prefix test.
    @Field(key: "territory_path") package var territoryPath: String
    @Field(key: "status") package var status: String
    @Field(key: "lodged_at") package var lodgedAt: Date
    /// The day the SLA clock (re)started: lodging, or the appeal.
    @Field(key: "sla_start") package var slaStart: String
    @Field(key: "due_date") package var dueDate: String
    @Field(key: "risk_date") package var riskDate: String
    @OptionalParent(key: "assigned_to") package var assignee: User?
    @Field(key: "escalation_level") package var escalationLevel: Int
    @OptionalField(key: "resolution") package var resolution: String?
    @OptionalField(key: "resolved_at") package var resolvedAt: Date?
    @OptionalField(key: "appeal_reason") package var appealReason: String?
    @OptionalField(key: "appealed_at") package var appealedAt: Date?
    @OptionalField(key: "closed_at") package var closedAt: Date?
    @OptionalField(key: "created_by") package var createdBy: UUID?
    @Field(key: "version") package var version: Int
    /// Who reads it: the desk (benefits and services, as before M052), or, for a child's
    /// complaint, the etrap's social services or the independent monitor (`ComplaintRecipient`).
    @Field(key: "recipient") package var recipient: String
    /// Lodged without a name: no name, no contact and no client address were stored.
    @Field(key: "anonymous") package var anonymous: Bool

    package init() {}

    package var statusValue: GrievanceStatus { GrievanceStatus(rawValue: status) ?? .open }
    package var recipientValue: ComplaintRecipient { ComplaintRecipient(rawValue: recipient) ?? .desk }
    /// A child's complaint (its own pages, read by the office it is addressed to), not the desk's.
    package var isChildComplaint: Bool { recipientValue != .desk }
    package var childKind: ChildComplaintKind? { ChildComplaintKind(category: category) }

    /// Nil once resolved or closed: the deadline no longer runs.
    package func slaState(today: CalendarDate) -> SLAState? {
        guard statusValue.isActive, let start = CalendarDate(iso: slaStart), let due = CalendarDate(iso: dueDate) else { return nil }
        return GrievanceSLA.state(start: start, due: due, today: today)
    }
}

/// One step in a grievance's life, shown as its history. Append-only.
package final class GrievanceEvent: Model, @unchecked Sendable {
    package static let schema = "grievance_events"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "grievance_id") package var grievance: Grievance
    /// "lodged" or a `GrievanceAction` raw value.
    @Field(key: "kind") package var kind: String
    @OptionalField(key: "from_status") package var fromStatus: String?
    @Field(key: "to_status") package var toStatus: String
    @OptionalField(key: "note") package var note: String?
    @OptionalField(key: "actor_id") package var actorID: UUID?
    /// Username of the staff member, or nil when the complainant acted through the public page.
    @OptionalField(key: "actor_name") package var actorName: String?
    @Field(key: "occurred_at") package var occurredAt: Date

    package init() {}

    package init(grievanceID: UUID, kind: String, from: String?, to: String, note: String?, actor: CurrentUser?, at: Date) {
        self.$grievance.id = grievanceID
        self.kind = kind
        self.fromStatus = from
        self.toStatus = to
        self.note = note
        self.actorID = actor?.id
        self.actorName = actor?.username
        self.occurredAt = at
    }
}

/// A category with its response deadline in days: data, so an order can change it.
package final class GrievanceCategoryRow: Model, @unchecked Sendable {
    package static let schema = "grievance_categories"

    @ID(custom: "code", generatedBy: .user) package var id: String?
    @Field(key: "sla_days") package var slaDays: Int
    @Field(key: "active") package var active: Bool

    package init() {}

    package init(code: String, slaDays: Int, active: Bool = true) {
        self.id = code
        self.slaDays = slaDays
        self.active = active
    }
}

extension Grievance: ScopedRecord {
    package var scopeTerritoryPath: String? { territoryPath }
}

extension GrievanceEvent: StatusEvent {}
