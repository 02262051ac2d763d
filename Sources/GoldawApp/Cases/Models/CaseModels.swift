import Fluent
import Vapor
import GoldawCore

/// A child protection case: one child from the registry, from identification to closure.
/// The case row is the only record people edit (with `version`); everything recorded on it
/// (consents, assessments, plans, visits, approvals, notes) is appended, never overwritten.
final class CaseRecord: Model, @unchecked Sendable {
    static let schema = "cases"

    @ID(key: .id) var id: UUID?
    /// `MR-2026-000123`: welaýat letters, year of registration, running number.
    @Field(key: "number") var number: String
    @Parent(key: "person_id") var child: Person
    @OptionalParent(key: "territory_id") var territory: Territory?
    /// The etrap's path, so scope filters are one indexed prefix test.
    @Field(key: "territory_path") var territoryPath: String
    @Field(key: "identification_source") var identificationSource: String
    /// Concern codes wrapped in commas (",violence,neglect,") so a filter is one LIKE.
    @Field(key: "concerns") var concerns: String
    @Field(key: "urgent") var urgent: Bool
    @Field(key: "summary") var summary: String
    /// The calendar day the concern was identified; assessments cannot be dated before it.
    @Field(key: "identified_on") var identifiedOn: String
    @Field(key: "registered_at") var registeredAt: Date
    @Field(key: "step") var step: String
    @OptionalField(key: "risk_level") var riskLevel: String?
    /// Rank of the risk (0 high … 2 low, 9 not yet assessed) for sorting on both databases.
    @Field(key: "risk_rank") var riskRank: Int
    @OptionalParent(key: "worker_id") var worker: User?
    @OptionalField(key: "closure_reason") var closureReason: String?
    @OptionalField(key: "closure_note") var closureNote: String?
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalField(key: "reopen_reason") var reopenReason: String?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "version") var version: Int

    init() {}

    var stepValue: CaseStep { CaseStep(rawValue: step) ?? .identification }
    var risk: RiskLevel? { riskLevel.flatMap(RiskLevel.init(rawValue:)) }
    var concernCodes: [String] { concerns.split(separator: ",").map(String.init) }

    static func encodeConcerns(_ codes: [String]) -> String { codes.isEmpty ? "" : "," + codes.joined(separator: ",") + "," }
}

/// One entry of the configurable list of protection concerns, named in three languages.
final class CaseConcern: Model, @unchecked Sendable {
    static let schema = "case_concerns"

    @ID(custom: "code", generatedBy: .user) var id: String?
    @Field(key: "name_tk") var nameTk: String
    @Field(key: "name_ru") var nameRu: String
    @Field(key: "name_en") var nameEn: String
    @Field(key: "sort_order") var sortOrder: Int
    @Field(key: "active") var active: Bool

    init() {}

    init(code: String, names: (String, String, String), sortOrder: Int) {
        self.id = code
        (nameTk, nameRu, nameEn) = names
        self.sortOrder = sortOrder
        self.active = true
    }

    func name(_ locale: AppLocale) -> String {
        switch locale {
        case .tk: nameTk
        case .ru: nameRu
        case .en: nameEn
        }
    }
}

/// Hours allowed for one deadline at one risk level, from a date: the dated setting.
final class CaseDeadlineSetting: Model, @unchecked Sendable {
    static let schema = "case_deadline_settings"

    @ID(key: .id) var id: UUID?
    @Field(key: "valid_from") var validFrom: String
    @Field(key: "risk_level") var riskLevel: String
    @Field(key: "kind") var kind: String
    @Field(key: "hours") var hours: Int
    @OptionalField(key: "source") var source: String?

    init() {}
}

/// One consent age band, from a date: who must agree for children of these ages.
final class CaseConsentBand: Model, @unchecked Sendable {
    static let schema = "case_consent_bands"

    @ID(key: .id) var id: UUID?
    @Field(key: "valid_from") var validFrom: String
    @Field(key: "min_age") var minAge: Int
    @Field(key: "max_age") var maxAge: Int
    /// Comma-separated `ConsentParty` raw values.
    @Field(key: "parties") var parties: String

    init() {}
}

extension CaseRecord {
    /// An empty record, for listing the fields the history can name.
    static var blank: CaseRecord {
        let record = CaseRecord()
        record.identificationSource = ""; record.concerns = ""; record.urgent = false; record.summary = ""; record.identifiedOn = ""
        return record
    }
}
