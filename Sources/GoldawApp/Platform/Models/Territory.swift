import Fluent
import Vapor
import GoldawCore

/// One administrative-territorial unit over one period of validity (see `TerritoryEntry`).
final class Territory: Model, @unchecked Sendable {
    static let schema = "territories"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @OptionalField(key: "iso_code") var isoCode: String?
    @Field(key: "level") var level: String
    @OptionalParent(key: "parent_id") var parent: Territory?
    @OptionalField(key: "statistics_parent_code") var statisticsParentCode: String?
    /// Codes from the root down ("/TM-M/M-MRY/"): scope checks are prefix tests on it.
    @Field(key: "path") var path: String
    @Field(key: "name_tk") var nameTk: String
    @Field(key: "name_ru") var nameRu: String
    @Field(key: "name_en") var nameEn: String
    /// ISO dates ("YYYY-MM-DD"), stored as text so that they compare the same on both databases.
    @Field(key: "valid_from") var validFrom: String
    @OptionalField(key: "valid_to") var validTo: String?
    @Field(key: "version") var version: Int

    init() {}

    init(id: UUID? = nil, code: String, isoCode: String?, level: TerritoryLevel, parentID: UUID?,
         statisticsParentCode: String?, path: String, nameTk: String, nameRu: String, nameEn: String,
         validFrom: String, validTo: String?) {
        self.id = id
        self.code = code
        self.isoCode = isoCode
        self.level = level.rawValue
        self.$parent.id = parentID
        self.statisticsParentCode = statisticsParentCode
        self.path = path
        self.nameTk = nameTk
        self.nameRu = nameRu
        self.nameEn = nameEn
        self.validFrom = validFrom
        self.validTo = validTo
        self.version = 1
    }

    func name(_ locale: AppLocale) -> String {
        switch locale {
        case .tk: nameTk
        case .ru: nameRu
        case .en: nameEn
        }
    }

    func isValid(on date: String) -> Bool {
        validFrom <= date && (validTo.map { date <= $0 } ?? true)
    }
}

/// A dated change to the territorial division: the decree's trail, shown on each unit's page.
final class TerritoryChangeRecord: Model, @unchecked Sendable {
    static let schema = "territory_changes"

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: String
    @Field(key: "effective_date") var effectiveDate: String
    @OptionalParent(key: "from_territory_id") var from: Territory?
    @OptionalParent(key: "to_territory_id") var to: Territory?
    @Field(key: "source") var source: String
    @OptionalField(key: "recorded_by") var recordedBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(kind: TerritoryChangeKind, date: String, fromID: UUID?, toID: UUID?, source: String, recordedBy: UUID?) {
        self.kind = kind.rawValue
        self.effectiveDate = date
        self.$from.id = fromID
        self.$to.id = toID
        self.source = source
        self.recordedBy = recordedBy
    }
}
