import Fluent
import Foundation
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// A child in conflict with the law, from apprehension to aftercare. Confidential (Beijing Rules
/// r. 21): justice officers, the social worker on it and supervisors in scope read it; the
/// Commission reads what it decides; a place of detention the children it holds.
package final class JusticeRecord: Model, @unchecked Sendable {
    package static let schema = "justice_records"

    @ID(key: .id) package var id: UUID?
    /// "JJ-L-2026-000004": readable, unique.
    @Field(key: "number") package var number: String
    @Parent(key: "child_id") package var child: Person
    @OptionalParent(key: "territory_id") package var territory: Territory?
    @Field(key: "territory_path") package var territoryPath: String
    /// The child protection case the record is linked to (a child below the age, or a case already open).
    @OptionalField(key: "case_id") package var caseID: UUID?
    @Field(key: "apprehended_at") package var apprehendedAt: Date
    @Field(key: "apprehension_place") package var apprehensionPlace: String
    @Field(key: "apprehended_by") package var apprehendedBy: String
    @Field(key: "offence") package var offence: String
    @Field(key: "offence_on") package var offenceOn: String
    @Field(key: "offence_note") package var offenceNote: String
    @Field(key: "age_at_offence") package var ageAtOffence: Int
    // Safeguards (Beijing Rules r. 10): parents or an appropriate adult, a lawyer, a social worker.
    @OptionalField(key: "parents_notified_at") package var parentsNotifiedAt: Date?
    @OptionalField(key: "appropriate_adult") package var appropriateAdult: String?
    @OptionalField(key: "lawyer_at") package var lawyerAt: Date?
    @OptionalField(key: "social_worker_informed_at") package var socialWorkerInformedAt: Date?
    @OptionalParent(key: "social_worker_id") package var socialWorker: User?
    /// Held in police custody from the apprehension until `custodyEndedAt`; false: released at once.
    @Field(key: "in_custody") package var inCustody: Bool
    @OptionalField(key: "custody_ended_at") package var custodyEndedAt: Date?
    @OptionalField(key: "decision") package var decision: String?
    @OptionalField(key: "decision_on") package var decisionOn: String?
    @OptionalField(key: "decision_note") package var decisionNote: String?
    @OptionalField(key: "court_outcome") package var courtOutcome: String?
    @OptionalField(key: "court_on") package var courtOn: String?
    @OptionalField(key: "sentence") package var sentence: String?
    @OptionalField(key: "sentence_months") package var sentenceMonths: Int?
    @OptionalField(key: "aftercare_plan") package var aftercarePlan: String?
    @OptionalField(key: "aftercare_on") package var aftercareOn: String?
    @OptionalField(key: "aftercare_until") package var aftercareUntil: String?
    @OptionalParent(key: "aftercare_worker_id") package var aftercareWorker: User?
    @Field(key: "status") package var status: String
    @OptionalField(key: "officer_id") package var officerID: UUID?
    @Field(key: "created_at") package var createdAt: Date
    @Field(key: "version") package var version: Int

    package init() {}

    package var statusValue: JusticeStatus { JusticeStatus(rawValue: status) ?? .apprehended }
    package var offenceValue: OffenceClass { OffenceClass(rawValue: offence) ?? .other }
    package var apprehended: LocalMoment { LocalMoment(secondsSince1970: apprehendedAt.timeIntervalSince1970) }
}

/// A diversion away from formal proceedings, with its conditions and how it ended.
package final class Diversion: Model, @unchecked Sendable {
    package static let schema = "justice_diversions"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "record_id") package var record: JusticeRecord
    @Field(key: "kind") package var kind: String
    @Field(key: "conditions") package var conditions: String
    @Field(key: "provider") package var provider: String
    /// The community programme in the services directory, when it is one.
    @OptionalField(key: "service_id") package var serviceID: UUID?
    @Field(key: "starts_on") package var startsOn: String
    @Field(key: "by_commission") package var byCommission: Bool
    @OptionalField(key: "outcome") package var outcome: String?
    @OptionalField(key: "outcome_on") package var outcomeOn: String?
    @OptionalField(key: "outcome_note") package var outcomeNote: String?
    @Field(key: "decided_by") package var decidedBy: UUID
    @Field(key: "version") package var version: Int

    package init() {}
}

/// A measure before trial. Detention needs an order, and is reviewed every fortnight.
package final class PretrialOrder: Model, @unchecked Sendable {
    package static let schema = "justice_pretrial"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "record_id") package var record: JusticeRecord
    @Field(key: "measure") package var measure: String
    @Field(key: "order_reference") package var orderReference: String
    @OptionalField(key: "order_date") package var orderDate: String?
    @Field(key: "starts_on") package var startsOn: String
    @OptionalField(key: "ends_on") package var endsOn: String?
    @OptionalField(key: "next_review_on") package var nextReviewOn: String?
    @OptionalField(key: "last_review_on") package var lastReviewOn: String?
    /// A copy of the record's path: the overdue reviews of a scope are one indexed query.
    @Field(key: "territory_path") package var territoryPath: String
    @Field(key: "version") package var version: Int

    package init() {}

    package var measureValue: PretrialMeasure { PretrialMeasure(rawValue: measure) ?? .otherNonCustodial }
}

/// A stay in a place of detention: admission, separation from adults, release.
package final class Detention: Model, @unchecked Sendable {
    package static let schema = "justice_detentions"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "record_id") package var record: JusticeRecord
    @Parent(key: "place_id") package var place: JusticePlace
    /// The place's organisation, copied so that its staff's scope is one indexed test.
    @OptionalField(key: "organisation_id") package var organisationID: UUID?
    @Field(key: "kind") package var kind: String
    @Field(key: "admitted_at") package var admittedAt: Date
    @Field(key: "separated") package var separated: Bool
    @OptionalField(key: "released_at") package var releasedAt: Date?
    @OptionalField(key: "release_kind") package var releaseKind: String?
    @Field(key: "territory_path") package var territoryPath: String
    @Field(key: "version") package var version: Int

    package init() {}

    package var kindValue: DetentionKind { DetentionKind(rawValue: kind) ?? .pretrial }
}

/// What is logged about a child: in detention (contact with family, education, health,
/// complaints, incidents) and in aftercare (follow-up visits). Append-only.
package final class JusticeEntry: Model, @unchecked Sendable {
    package static let schema = "justice_entries"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "record_id") package var record: JusticeRecord
    @OptionalParent(key: "detention_id") package var detention: Detention?
    /// A `DetentionEntryKind`, or "follow_up" for an aftercare visit, or "pretrial_review".
    @Field(key: "kind") package var kind: String
    @Field(key: "entry_on") package var entryOn: String
    @Field(key: "note") package var note: String
    @Field(key: "by_name") package var byName: String
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}

/// One step in a record's life, shown as its history. Append-only.
package final class JusticeEvent: Model, @unchecked Sendable {
    package static let schema = "justice_events"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "record_id") package var record: JusticeRecord
    @Field(key: "kind") package var kind: String
    @Field(key: "note") package var note: String
    @Field(key: "actor_name") package var actorName: String
    @Field(key: "occurred_at") package var occurredAt: Date

    package init() {}
}

/// A place of detention, a police custody unit or a child-friendly interview room.
package final class JusticePlace: Model, @unchecked Sendable {
    package static let schema = "justice_places"

    @ID(key: .id) package var id: UUID?
    @Field(key: "name") package var name: String
    @Field(key: "kind") package var kind: String
    @OptionalField(key: "organisation_id") package var organisationID: UUID?
    @Field(key: "capacity") package var capacity: Int
    /// Children are held wholly separate from adults there.
    @Field(key: "separates_adults") package var separatesAdults: Bool
    /// Children held there can complain to the director and to an independent office.
    @Field(key: "complaints_mechanism") package var complaintsMechanism: Bool
    @OptionalParent(key: "territory_id") package var territory: Territory?
    @Field(key: "territory_path") package var territoryPath: String
    @Field(key: "active") package var active: Bool
    @Field(key: "version") package var version: Int

    package init() {}

    package var kindValue: JusticePlaceKind { JusticePlaceKind(rawValue: kind) ?? .pretrialFacility }
}

/// An inspection of a place: by whom (the independent monitor among them), findings, follow-up.
package final class Inspection: Model, @unchecked Sendable {
    package static let schema = "justice_inspections"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "place_id") package var place: JusticePlace
    @Field(key: "inspected_on") package var inspectedOn: String
    @Field(key: "inspector") package var inspector: String
    @Field(key: "independent") package var independent: Bool
    @Field(key: "findings") package var findings: String
    @Field(key: "follow_up") package var followUp: String
    @Field(key: "territory_path") package var territoryPath: String
    @Field(key: "recorded_by") package var recordedBy: UUID
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}

/// A child victim or witness of a crime, linked to a justice record or a child protection case.
package final class ChildWitness: Model, @unchecked Sendable {
    package static let schema = "justice_witnesses"

    @ID(key: .id) package var id: UUID?
    @Field(key: "number") package var number: String
    @Parent(key: "child_id") package var child: Person
    @Field(key: "role") package var role: String
    @OptionalField(key: "record_id") package var recordID: UUID?
    @OptionalField(key: "case_id") package var caseID: UUID?
    @Field(key: "matter") package var matter: String
    /// Who accompanies the child and the services arranged (psychological, medical: by referral).
    @Field(key: "support") package var support: String
    /// What the child and family were told about the proceedings, and when.
    @OptionalField(key: "informed_on") package var informedOn: String?
    @Field(key: "information") package var information: String
    @OptionalParent(key: "worker_id") package var worker: User?
    @OptionalParent(key: "territory_id") package var territory: Territory?
    @Field(key: "territory_path") package var territoryPath: String
    @Field(key: "created_at") package var createdAt: Date
    @Field(key: "version") package var version: Int

    package init() {}

    package var roleValue: WitnessRole { WitnessRole(rawValue: role) ?? .witness }
}

/// An interview of a child victim or witness. The first is held; any further one is requested
/// with a reason and waits for a supervisor.
package final class Interview: Model, @unchecked Sendable {
    package static let schema = "justice_interviews"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "witness_id") package var witness: ChildWitness
    @Field(key: "ordinal") package var ordinal: Int
    @Field(key: "status") package var status: String
    @OptionalField(key: "held_at") package var heldAt: Date?
    @OptionalParent(key: "room_id") package var room: JusticePlace?
    @Field(key: "interviewer") package var interviewer: String
    @Field(key: "trained") package var trained: Bool
    @Field(key: "protocol") package var protocolName: String
    @Field(key: "observers") package var observers: String
    @Field(key: "recording") package var recording: String
    @Field(key: "support_person") package var supportPerson: String
    @Field(key: "interpreter") package var interpreter: String
    @OptionalField(key: "reason") package var reason: String?
    @OptionalField(key: "requested_by") package var requestedBy: UUID?
    @OptionalField(key: "decided_by") package var decidedBy: UUID?
    @OptionalField(key: "decided_at") package var decidedAt: Date?
    @OptionalField(key: "decision_note") package var decisionNote: String?
    @Field(key: "territory_path") package var territoryPath: String
    @Field(key: "created_at") package var createdAt: Date

    package init() {}

    package var statusValue: InterviewStatus { InterviewStatus(rawValue: status) ?? .held }
}

/// The limits law can change (ages, custody hours, review period), valid from a date.
package final class JusticeLimitRow: Model, @unchecked Sendable {
    package static let schema = "justice_limits"

    @ID(key: .id) package var id: UUID?
    @Field(key: "valid_from") package var validFrom: String
    @Field(key: "general_age") package var generalAge: Int
    @Field(key: "grave_age") package var graveAge: Int
    @Field(key: "custody_hours") package var custodyHours: Int
    @Field(key: "pretrial_review_days") package var pretrialReviewDays: Int
    @Field(key: "aftercare_days") package var aftercareDays: Int
    @Field(key: "source") package var source: String

    package init() {}

    package var limits: JusticeLimits {
        JusticeLimits(generalAge: generalAge, graveOffenceAge: graveAge, custodyHours: custodyHours,
                      pretrialReviewDays: pretrialReviewDays, aftercareDays: aftercareDays)
    }
}

/// The two national facts behind policy indicators 14 and 15, entered by an administrator.
package final class JusticeFact: Model, @unchecked Sendable {
    package static let schema = "justice_facts"

    @ID(key: .id) package var id: UUID?
    @Field(key: "valid_from") package var validFrom: String
    @Field(key: "specialised_system") package var specialisedSystem: Bool
    @Field(key: "prevention_plan") package var preventionPlan: Bool
    @Field(key: "note") package var note: String
    @Field(key: "recorded_by") package var recordedBy: UUID
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}

extension JusticeRecord: ScopedRecord {
    package var scopeTerritoryPath: String? { territoryPath }
}

extension JusticePlace: ScopedRecord {
    package var scopeTerritoryPath: String? { territoryPath }
    package var scopeOrganisationID: String? { organisationID?.uuidString }
}

extension ChildWitness: ScopedRecord {
    package var scopeTerritoryPath: String? { territoryPath }
}

extension Detention: ScopedRecord {
    package var scopeTerritoryPath: String? { territoryPath }
    package var scopeOrganisationID: String? { organisationID?.uuidString }
}
