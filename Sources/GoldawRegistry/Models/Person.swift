import Fluent
import Vapor
import GoldawCore
import GoldawPlatform

/// A person in the registry. Names are kept in Turkmen Latin, with the Cyrillic spelling as
/// written in older documents when known; folded keys for search live in `person_name_keys`.
package final class Person: Model, @unchecked Sendable {
    package static let schema = "persons"

    @ID(key: .id) package var id: UUID?
    /// Readable number shown to people ("P-0001234"), unique.
    @Field(key: "number") package var number: String
    @Field(key: "given_name") package var givenName: String
    @Field(key: "surname") package var surname: String
    @OptionalField(key: "patronymic") package var patronymic: String?
    @OptionalField(key: "given_name_cyr") package var givenNameCyr: String?
    @OptionalField(key: "surname_cyr") package var surnameCyr: String?
    @OptionalField(key: "patronymic_cyr") package var patronymicCyr: String?
    /// Folded keys of the Latin surname and first given name: "surname + given name" searches
    /// are one seek on (surname_key, given_key).
    @Field(key: "surname_key") package var surnameKey: String
    @Field(key: "given_key") package var givenKey: String
    @Field(key: "sex") package var sex: String
    /// ISO dates as text: calendar dates, not moments, comparable on both databases.
    @Field(key: "birth_date") package var birthDate: String
    @Field(key: "birth_date_estimated") package var birthDateEstimated: Bool
    @OptionalField(key: "death_date") package var deathDate: String?
    @Field(key: "legal_status") package var legalStatus: String
    @OptionalParent(key: "territory_id") package var territory: Territory?
    /// Copy of the territory's path, so scope filters are one indexed prefix test.
    @Field(key: "territory_path") package var territoryPath: String
    @OptionalField(key: "locality") package var locality: String?
    @OptionalField(key: "street") package var street: String?
    @OptionalField(key: "address_since") package var addressSince: String?
    @OptionalField(key: "phones") package var phones: String?
    /// Set when this record was merged into another; it then only points to the survivor.
    @OptionalField(key: "merged_into_id") package var mergedIntoID: UUID?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?
    @OptionalField(key: "created_by") package var createdBy: UUID?
    @Field(key: "version") package var version: Int

    package init() {}
}

/// One identity document; unique within its type.
package final class PersonDocument: Model, @unchecked Sendable {
    package static let schema = "person_documents"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "person_id") package var person: Person
    @Field(key: "type") package var type: String
    @Field(key: "number") package var number: String
    @OptionalField(key: "issued_on") package var issuedOn: String?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?

    package init() {}

    package init(personID: UUID, type: String, number: String, issuedOn: String?) {
        self.$person.id = personID
        self.type = type
        self.number = number
        self.issuedOn = issuedOn
    }
}

/// Folded search keys of a person's names (both spellings), one row per distinct key.
package final class PersonNameKey: Model, @unchecked Sendable {
    package static let schema = "person_name_keys"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "person_id") package var person: Person
    @Field(key: "part") package var part: String
    @Field(key: "key") package var key: String
    /// The person's territory path, repeated here so a scoped name search never reads `persons`.
    @Field(key: "territory_path") package var territoryPath: String

    package init() {}

    package init(personID: UUID, part: String, key: String, territoryPath: String) {
        self.$person.id = personID
        self.part = part
        self.key = key
        self.territoryPath = territoryPath
    }
}

package final class Household: Model, @unchecked Sendable {
    package static let schema = "households"

    @ID(key: .id) package var id: UUID?
    @Field(key: "number") package var number: String
    @OptionalParent(key: "territory_id") package var territory: Territory?
    @Field(key: "territory_path") package var territoryPath: String
    @OptionalField(key: "locality") package var locality: String?
    @OptionalField(key: "street") package var street: String?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @OptionalField(key: "created_by") package var createdBy: UUID?
    @Field(key: "version") package var version: Int

    package init() {}
}

/// A person's membership of a household over dates; moving keeps the history.
package final class HouseholdMembership: Model, @unchecked Sendable {
    package static let schema = "household_memberships"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "household_id") package var household: Household
    @Parent(key: "person_id") package var person: Person
    @Field(key: "relationship") package var relationship: String
    @Field(key: "from_date") package var fromDate: String
    @OptionalField(key: "to_date") package var toDate: String?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?

    package init() {}

    package init(householdID: UUID, personID: UUID, relationship: String, from: String, to: String?) {
        self.$household.id = householdID
        self.$person.id = personID
        self.relationship = relationship
        self.fromDate = from
        self.toDate = to
    }
}

/// Who is whose child: mother, father, guardian (with the decision), adoptive parent. These
/// links, not the household, decide family relations for benefits and cases.
package final class FamilyLink: Model, @unchecked Sendable {
    package static let schema = "family_links"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "child_id") package var child: Person
    @Parent(key: "adult_id") package var adult: Person
    /// mother | father | guardian | adoptive_parent
    @Field(key: "kind") package var kind: String
    /// The parent's legal standing towards the child (ParentState), e.g. deprived_of_rights.
    @Field(key: "parent_state") package var parentState: String
    /// guardianship (under 7) | custody (7–17), for guardian links.
    @OptionalField(key: "guardianship_form") package var guardianshipForm: String?
    @OptionalField(key: "decision_number") package var decisionNumber: String?
    @OptionalField(key: "decision_date") package var decisionDate: String?
    @OptionalField(key: "from_date") package var fromDate: String?
    @OptionalField(key: "to_date") package var toDate: String?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?

    package init() {}
}

/// One recording of functioning questions: raw answers, derived flags and the rule version.
package final class FunctioningRecord: Model, @unchecked Sendable {
    package static let schema = "functioning_records"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "person_id") package var person: Person
    @Field(key: "instrument") package var instrument: String
    @Field(key: "interview_date") package var interviewDate: String
    @Field(key: "respondent") package var respondent: String
    @Field(key: "answers") package var answers: String
    @Field(key: "result") package var result: String
    @OptionalField(key: "has_difficulty") package var hasDifficulty: Bool?
    @Field(key: "rule_version") package var ruleVersion: String
    @OptionalField(key: "recorded_by") package var recordedBy: UUID?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?

    package init() {}
}

/// Official disability status (certificate and group): recorded, never derived from functioning.
package final class DisabilityStatus: Model, @unchecked Sendable {
    package static let schema = "disability_statuses"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "person_id") package var person: Person
    @Field(key: "certificate_number") package var certificateNumber: String
    @Field(key: "disability_group") package var group: String
    @Field(key: "valid_from") package var validFrom: String
    @OptionalField(key: "valid_to") package var validTo: String?
    @OptionalField(key: "issued_by") package var issuedBy: String?
    @OptionalField(key: "recorded_by") package var recordedBy: UUID?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?

    package init() {}
}

/// Field-level change history of registry records: who, when, old and new value.
package final class RecordChange: Model, @unchecked Sendable {
    package static let schema = "record_changes"

    @ID(key: .id) package var id: UUID?
    @Field(key: "record_type") package var recordType: String
    @Field(key: "record_id") package var recordID: UUID
    @Field(key: "field") package var field: String
    @OptionalField(key: "old_value") package var oldValue: String?
    @OptionalField(key: "new_value") package var newValue: String?
    @OptionalField(key: "changed_by") package var changedBy: UUID?
    @OptionalField(key: "changed_by_name") package var changedByName: String?
    @Field(key: "changed_at") package var changedAt: Date

    package init() {}

    package init(recordType: String, recordID: UUID, field: String, old: String?, new: String?, by user: CurrentUser?, at: Date) {
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
package final class DuplicatePair: Model, @unchecked Sendable {
    package static let schema = "duplicate_pairs"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "person_a_id") package var personA: Person
    @Parent(key: "person_b_id") package var personB: Person
    @Field(key: "score") package var score: Int
    @Field(key: "reasons") package var reasons: String
    /// open | merged | dismissed
    @Field(key: "status") package var status: String
    @Field(key: "source") package var source: String
    @Field(key: "territory_path") package var territoryPath: String
    @Field(key: "detected_at") package var detectedAt: Date
    @OptionalField(key: "reviewed_by") package var reviewedBy: UUID?
    @OptionalField(key: "reviewed_at") package var reviewedAt: Date?

    package init() {}
}

/// A merge, with everything it moved, so that it can be undone.
package final class PersonMerge: Model, @unchecked Sendable {
    package static let schema = "person_merges"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "survivor_id") package var survivor: Person
    @Parent(key: "merged_id") package var merged: Person
    @OptionalField(key: "pair_id") package var pairID: UUID?
    /// JSON: ids of the rows moved per table, for unmerge.
    @Field(key: "moved") package var moved: String
    @OptionalField(key: "merged_by") package var mergedBy: UUID?
    @Field(key: "merged_at") package var mergedAt: Date
    @OptionalField(key: "unmerged_by") package var unmergedBy: UUID?
    @OptionalField(key: "unmerged_at") package var unmergedAt: Date?

    package init() {}
}

/// A dated circumstance (abroad, full state support, pension, "Ene mähri" title).
package final class PersonCircumstance: Model, @unchecked Sendable {
    package static let schema = "person_circumstances"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "person_id") package var person: Person
    @Field(key: "kind") package var kind: String
    @Field(key: "from_date") package var fromDate: String
    @OptionalField(key: "to_date") package var toDate: String?
    @OptionalField(key: "note") package var note: String?
    @OptionalField(key: "recorded_by") package var recordedBy: UUID?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?

    package init() {}

    /// Whether the circumstance holds on `date`.
    package func holds(on date: CalendarDate) -> Bool {
        fromDate <= date.iso && (toDate.map { $0 >= date.iso } ?? true)
    }
}
