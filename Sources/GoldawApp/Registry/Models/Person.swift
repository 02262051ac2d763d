import Fluent
import Vapor
import GoldawCore

/// A person in the registry. Names are kept in Turkmen Latin, with the Cyrillic spelling as
/// written in older documents when known; folded keys for search live in `person_name_keys`.
final class Person: Model, @unchecked Sendable {
    static let schema = "persons"

    @ID(key: .id) var id: UUID?
    /// Readable number shown to people ("P-0001234"), unique.
    @Field(key: "number") var number: String
    @Field(key: "given_name") var givenName: String
    @Field(key: "surname") var surname: String
    @OptionalField(key: "patronymic") var patronymic: String?
    @OptionalField(key: "given_name_cyr") var givenNameCyr: String?
    @OptionalField(key: "surname_cyr") var surnameCyr: String?
    @OptionalField(key: "patronymic_cyr") var patronymicCyr: String?
    /// Folded keys of the Latin surname and first given name: "surname + given name" searches
    /// are one seek on (surname_key, given_key).
    @Field(key: "surname_key") var surnameKey: String
    @Field(key: "given_key") var givenKey: String
    @Field(key: "sex") var sex: String
    /// ISO dates as text: calendar dates, not moments, comparable on both databases.
    @Field(key: "birth_date") var birthDate: String
    @Field(key: "birth_date_estimated") var birthDateEstimated: Bool
    @OptionalField(key: "death_date") var deathDate: String?
    @Field(key: "legal_status") var legalStatus: String
    @OptionalParent(key: "territory_id") var territory: Territory?
    /// Copy of the territory's path, so scope filters are one indexed prefix test.
    @Field(key: "territory_path") var territoryPath: String
    @OptionalField(key: "locality") var locality: String?
    @OptionalField(key: "street") var street: String?
    @OptionalField(key: "address_since") var addressSince: String?
    @OptionalField(key: "phones") var phones: String?
    /// Set when this record was merged into another; it then only points to the survivor.
    @OptionalField(key: "merged_into_id") var mergedIntoID: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "version") var version: Int

    init() {}
}

/// One identity document; unique within its type.
final class PersonDocument: Model, @unchecked Sendable {
    static let schema = "person_documents"

    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: Person
    @Field(key: "type") var type: String
    @Field(key: "number") var number: String
    @OptionalField(key: "issued_on") var issuedOn: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(personID: UUID, type: String, number: String, issuedOn: String?) {
        self.$person.id = personID
        self.type = type
        self.number = number
        self.issuedOn = issuedOn
    }
}

/// Folded search keys of a person's names (both spellings), one row per distinct key.
final class PersonNameKey: Model, @unchecked Sendable {
    static let schema = "person_name_keys"

    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: Person
    @Field(key: "part") var part: String
    @Field(key: "key") var key: String
    /// The person's territory path, repeated here so a scoped name search never reads `persons`.
    @Field(key: "territory_path") var territoryPath: String

    init() {}

    init(personID: UUID, part: String, key: String, territoryPath: String) {
        self.$person.id = personID
        self.part = part
        self.key = key
        self.territoryPath = territoryPath
    }
}

final class Household: Model, @unchecked Sendable {
    static let schema = "households"

    @ID(key: .id) var id: UUID?
    @Field(key: "number") var number: String
    @OptionalParent(key: "territory_id") var territory: Territory?
    @Field(key: "territory_path") var territoryPath: String
    @OptionalField(key: "locality") var locality: String?
    @OptionalField(key: "street") var street: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "version") var version: Int

    init() {}
}

/// A person's membership of a household over dates; moving keeps the history.
final class HouseholdMembership: Model, @unchecked Sendable {
    static let schema = "household_memberships"

    @ID(key: .id) var id: UUID?
    @Parent(key: "household_id") var household: Household
    @Parent(key: "person_id") var person: Person
    @Field(key: "relationship") var relationship: String
    @Field(key: "from_date") var fromDate: String
    @OptionalField(key: "to_date") var toDate: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(householdID: UUID, personID: UUID, relationship: String, from: String, to: String?) {
        self.$household.id = householdID
        self.$person.id = personID
        self.relationship = relationship
        self.fromDate = from
        self.toDate = to
    }
}

/// Who is whose child: mother, father, guardian (with the decision), adoptive parent. These
/// links, not the household, decide family relations for benefits and cases.
final class FamilyLink: Model, @unchecked Sendable {
    static let schema = "family_links"

    @ID(key: .id) var id: UUID?
    @Parent(key: "child_id") var child: Person
    @Parent(key: "adult_id") var adult: Person
    /// mother | father | guardian | adoptive_parent
    @Field(key: "kind") var kind: String
    /// The parent's legal standing towards the child (ParentState), e.g. deprived_of_rights.
    @Field(key: "parent_state") var parentState: String
    /// guardianship (under 7) | custody (7–17), for guardian links.
    @OptionalField(key: "guardianship_form") var guardianshipForm: String?
    @OptionalField(key: "decision_number") var decisionNumber: String?
    @OptionalField(key: "decision_date") var decisionDate: String?
    @OptionalField(key: "from_date") var fromDate: String?
    @OptionalField(key: "to_date") var toDate: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// One recording of functioning questions: raw answers, derived flags and the rule version.
final class FunctioningRecord: Model, @unchecked Sendable {
    static let schema = "functioning_records"

    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: Person
    @Field(key: "instrument") var instrument: String
    @Field(key: "interview_date") var interviewDate: String
    @Field(key: "respondent") var respondent: String
    @Field(key: "answers") var answers: String
    @Field(key: "result") var result: String
    @OptionalField(key: "has_difficulty") var hasDifficulty: Bool?
    @Field(key: "rule_version") var ruleVersion: String
    @OptionalField(key: "recorded_by") var recordedBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// Official disability status (certificate and group): recorded, never derived from functioning.
final class DisabilityStatus: Model, @unchecked Sendable {
    static let schema = "disability_statuses"

    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: Person
    @Field(key: "certificate_number") var certificateNumber: String
    @Field(key: "disability_group") var group: String
    @Field(key: "valid_from") var validFrom: String
    @OptionalField(key: "valid_to") var validTo: String?
    @OptionalField(key: "issued_by") var issuedBy: String?
    @OptionalField(key: "recorded_by") var recordedBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// Field-level change history of registry records: who, when, old and new value.
final class RecordChange: Model, @unchecked Sendable {
    static let schema = "record_changes"

    @ID(key: .id) var id: UUID?
    @Field(key: "record_type") var recordType: String
    @Field(key: "record_id") var recordID: UUID
    @Field(key: "field") var field: String
    @OptionalField(key: "old_value") var oldValue: String?
    @OptionalField(key: "new_value") var newValue: String?
    @OptionalField(key: "changed_by") var changedBy: UUID?
    @OptionalField(key: "changed_by_name") var changedByName: String?
    @Field(key: "changed_at") var changedAt: Date

    init() {}

    init(recordType: String, recordID: UUID, field: String, old: String?, new: String?, by user: CurrentUser?, at: Date) {
        self.recordType = recordType
        self.recordID = recordID
        self.field = field
        self.oldValue = old
        self.newValue = new
        self.changedBy = user?.id
        self.changedByName = user?.username
        self.changedAt = at
    }
}

/// A pair of records that may be the same person, waiting for a supervisor.
final class DuplicatePair: Model, @unchecked Sendable {
    static let schema = "duplicate_pairs"

    @ID(key: .id) var id: UUID?
    @Parent(key: "person_a_id") var personA: Person
    @Parent(key: "person_b_id") var personB: Person
    @Field(key: "score") var score: Int
    @Field(key: "reasons") var reasons: String
    /// open | merged | dismissed
    @Field(key: "status") var status: String
    @Field(key: "source") var source: String
    @Field(key: "territory_path") var territoryPath: String
    @Field(key: "detected_at") var detectedAt: Date
    @OptionalField(key: "reviewed_by") var reviewedBy: UUID?
    @OptionalField(key: "reviewed_at") var reviewedAt: Date?

    init() {}
}

/// A merge, with everything it moved, so that it can be undone.
final class PersonMerge: Model, @unchecked Sendable {
    static let schema = "person_merges"

    @ID(key: .id) var id: UUID?
    @Parent(key: "survivor_id") var survivor: Person
    @Parent(key: "merged_id") var merged: Person
    @OptionalField(key: "pair_id") var pairID: UUID?
    /// JSON: ids of the rows moved per table, for unmerge.
    @Field(key: "moved") var moved: String
    @OptionalField(key: "merged_by") var mergedBy: UUID?
    @Field(key: "merged_at") var mergedAt: Date
    @OptionalField(key: "unmerged_by") var unmergedBy: UUID?
    @OptionalField(key: "unmerged_at") var unmergedAt: Date?

    init() {}
}

/// A dated circumstance (abroad, full state support, pension, "Ene mähri" title).
final class PersonCircumstance: Model, @unchecked Sendable {
    static let schema = "person_circumstances"

    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: Person
    @Field(key: "kind") var kind: String
    @Field(key: "from_date") var fromDate: String
    @OptionalField(key: "to_date") var toDate: String?
    @OptionalField(key: "note") var note: String?
    @OptionalField(key: "recorded_by") var recordedBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    /// Whether the circumstance holds on `date`.
    func holds(on date: CalendarDate) -> Bool {
        fromDate <= date.iso && (toDate.map { $0 >= date.iso } ?? true)
    }
}
