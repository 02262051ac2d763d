import Fluent
import Vapor
import GoldawCore

/// A complaint about a benefits decision, a payment or a service, from lodging to closure.
/// Dates that rules compare (SLA start, due, at-risk) are ISO calendar dates stored as text.
final class Grievance: Model, @unchecked Sendable {
    static let schema = "grievances"

    @ID(key: .id) var id: UUID?
    /// Readable number for staff and letters ("G-00000012"), unique.
    @Field(key: "number") var number: String
    /// The complainant's key to the public tracking page, stored normalised (see `TrackingCode`).
    @Field(key: "tracking_code") var trackingCode: String
    @Field(key: "category") var category: String
    @Field(key: "channel") var channel: String
    @Field(key: "complainant_name") var complainantName: String
    @OptionalField(key: "complainant_contact") var complainantContact: String?
    /// Set when staff link the complainant to a registry record.
    @OptionalParent(key: "person_id") var person: Person?
    @Field(key: "subject_kind") var subjectKind: String
    @OptionalField(key: "subject_reference") var subjectReference: String?
    @Field(key: "description") var description: String
    @OptionalParent(key: "territory_id") var territory: Territory?
    /// Copy of the etrap's path, so scope filters are one indexed prefix test.
    @Field(key: "territory_path") var territoryPath: String
    @Field(key: "status") var status: String
    @Field(key: "lodged_at") var lodgedAt: Date
    /// The day the SLA clock (re)started: lodging, or the appeal.
    @Field(key: "sla_start") var slaStart: String
    @Field(key: "due_date") var dueDate: String
    @Field(key: "risk_date") var riskDate: String
    @OptionalParent(key: "assigned_to") var assignee: User?
    @Field(key: "escalation_level") var escalationLevel: Int
    @OptionalField(key: "resolution") var resolution: String?
    @OptionalField(key: "resolved_at") var resolvedAt: Date?
    @OptionalField(key: "appeal_reason") var appealReason: String?
    @OptionalField(key: "appealed_at") var appealedAt: Date?
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "version") var version: Int

    init() {}

    var statusValue: GrievanceStatus { GrievanceStatus(rawValue: status) ?? .open }

    /// Nil once resolved or closed: the deadline no longer runs.
    func slaState(today: CalendarDate) -> SLAState? {
        guard statusValue.isActive, let start = CalendarDate(iso: slaStart), let due = CalendarDate(iso: dueDate) else { return nil }
        return GrievanceSLA.state(start: start, due: due, today: today)
    }
}

/// One step in a grievance's life, shown as its history. Append-only.
final class GrievanceEvent: Model, @unchecked Sendable {
    static let schema = "grievance_events"

    @ID(key: .id) var id: UUID?
    @Parent(key: "grievance_id") var grievance: Grievance
    /// "lodged" or a `GrievanceAction` raw value.
    @Field(key: "kind") var kind: String
    @OptionalField(key: "from_status") var fromStatus: String?
    @Field(key: "to_status") var toStatus: String
    @OptionalField(key: "note") var note: String?
    @OptionalField(key: "actor_id") var actorID: UUID?
    /// Username of the staff member, or nil when the complainant acted through the public page.
    @OptionalField(key: "actor_name") var actorName: String?
    @Field(key: "occurred_at") var occurredAt: Date

    init() {}

    init(grievanceID: UUID, kind: String, from: String?, to: String, note: String?, actor: CurrentUser?, at: Date) {
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
final class GrievanceCategoryRow: Model, @unchecked Sendable {
    static let schema = "grievance_categories"

    @ID(custom: "code", generatedBy: .user) var id: String?
    @Field(key: "sla_days") var slaDays: Int
    @Field(key: "active") var active: Bool

    init() {}

    init(code: String, slaDays: Int, active: Bool = true) {
        self.id = code
        self.slaDays = slaDays
        self.active = active
    }
}
