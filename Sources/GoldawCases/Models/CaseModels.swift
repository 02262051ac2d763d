import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawSocialServices

/// A child protection case: one child from the registry, from identification to closure.
/// The case row is the only record people edit (with `version`); everything recorded on it
/// (consents, assessments, plans, visits, approvals, notes) is appended, never overwritten.
package final class CaseRecord: Model, @unchecked Sendable {
    package static let schema = "cases"

    @ID(key: .id) package var id: UUID?
    /// `MR-2026-000123`: welaýat letters, year of registration, running number.
    @Field(key: "number") package var number: String
    @Parent(key: "person_id") package var child: Person
    @OptionalParent(key: "territory_id") package var territory: Territory?
    /// The etrap's path, so scope filters are one indexed prefix test.
    @Field(key: "territory_path") package var territoryPath: String
    @Field(key: "identification_source") package var identificationSource: String
    /// Concern codes wrapped in commas (",violence,neglect,") so a filter is one LIKE.
    @Field(key: "concerns") package var concerns: String
    @Field(key: "urgent") package var urgent: Bool
    @Field(key: "summary") package var summary: String
    /// The calendar day the concern was identified; assessments cannot be dated before it.
    @Field(key: "identified_on") package var identifiedOn: String
    @Field(key: "registered_at") package var registeredAt: Date
    @Field(key: "step") package var step: String
    @OptionalField(key: "risk_level") package var riskLevel: String?
    /// Rank of the risk (0 high … 2 low, 9 not yet assessed) for sorting on both databases.
    @Field(key: "risk_rank") package var riskRank: Int
    @OptionalParent(key: "worker_id") package var worker: User?
    @OptionalField(key: "closure_reason") package var closureReason: String?
    @OptionalField(key: "closure_note") package var closureNote: String?
    @OptionalField(key: "closed_at") package var closedAt: Date?
    @OptionalField(key: "reopen_reason") package var reopenReason: String?
    @OptionalField(key: "created_by") package var createdBy: UUID?
    @Field(key: "version") package var version: Int

    package init() {}

    package var stepValue: CaseStep { CaseStep(rawValue: step) ?? .identification }
    package var risk: RiskLevel? { riskLevel.flatMap(RiskLevel.init(rawValue:)) }
    package var concernCodes: [String] { concerns.split(separator: ",").map(String.init) }

    package static func encodeConcerns(_ codes: [String]) -> String { codes.isEmpty ? "" : "," + codes.joined(separator: ",") + "," }
}

/// One entry of the configurable list of protection concerns, named in three languages.
package final class CaseConcern: Model, @unchecked Sendable {
    package static let schema = "case_concerns"

    @ID(custom: "code", generatedBy: .user) package var id: String?
    @Field(key: "name_tk") package var nameTk: String
    @Field(key: "name_ru") package var nameRu: String
    @Field(key: "name_en") package var nameEn: String
    @Field(key: "sort_order") package var sortOrder: Int
    @Field(key: "active") package var active: Bool

    package init() {}

    package init(code: String, names: (String, String, String), sortOrder: Int) {
        self.id = code
        (nameTk, nameRu, nameEn) = names
        self.sortOrder = sortOrder
        self.active = true
    }

    package func name(_ locale: AppLocale) -> String {
        switch locale {
        case .tk: nameTk
        case .ru: nameRu
        case .en: nameEn
        }
    }
}

/// Hours allowed for one deadline at one risk level, from a date: the dated setting.
package final class CaseDeadlineSetting: Model, @unchecked Sendable {
    package static let schema = "case_deadline_settings"

    @ID(key: .id) package var id: UUID?
    @Field(key: "valid_from") package var validFrom: String
    @Field(key: "risk_level") package var riskLevel: String
    @Field(key: "kind") package var kind: String
    @Field(key: "hours") package var hours: Int
    @OptionalField(key: "source") package var source: String?

    package init() {}
}

/// One consent age band, from a date: who must agree for children of these ages.
package final class CaseConsentBand: Model, @unchecked Sendable {
    package static let schema = "case_consent_bands"

    @ID(key: .id) package var id: UUID?
    @Field(key: "valid_from") package var validFrom: String
    @Field(key: "min_age") package var minAge: Int
    @Field(key: "max_age") package var maxAge: Int
    /// Comma-separated `ConsentParty` raw values.
    @Field(key: "parties") package var parties: String

    package init() {}
}

extension CaseRecord {
    /// An empty record, for listing the fields the history can name.
    package static var blank: CaseRecord {
        let record = CaseRecord()
        record.identificationSource = ""; record.concerns = ""; record.urgent = false; record.summary = ""; record.identifiedOn = ""
        return record
    }
}
