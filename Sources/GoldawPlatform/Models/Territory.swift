import Fluent
import Vapor
import GoldawCore

/// One administrative-territorial unit over one period of validity (see `TerritoryEntry`).
package final class Territory: Model, @unchecked Sendable {
    package static let schema = "territories"

    @ID(key: .id) package var id: UUID?
    @Field(key: "code") package var code: String
    @OptionalField(key: "iso_code") package var isoCode: String?
    @Field(key: "level") package var level: String
    @OptionalParent(key: "parent_id") package var parent: Territory?
    @OptionalField(key: "statistics_parent_code") package var statisticsParentCode: String?
    /// Codes from the root down ("/TM-M/M-MRY/"): scope checks are prefix tests on it.
    @Field(key: "path") package var path: String
    @Field(key: "name_tk") package var nameTk: String
    @Field(key: "name_ru") package var nameRu: String
    @Field(key: "name_en") package var nameEn: String
    /// ISO dates ("YYYY-MM-DD"), stored as text so that they compare the same on both databases.
    @Field(key: "valid_from") package var validFrom: String
    @OptionalField(key: "valid_to") package var validTo: String?
    @Field(key: "version") package var version: Int

    package init() {}

    package init(id: UUID? = nil, code: String, isoCode: String?, level: TerritoryLevel, parentID: UUID?,
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

    package func name(_ locale: AppLocale) -> String {
        switch locale {
        case .tk: nameTk
        case .ru: nameRu
        case .en: nameEn
        }
    }

    package func isValid(on date: String) -> Bool {
        validFrom <= date && (validTo.map { date <= $0 } ?? true)
    }
}

/// A dated change to the territorial division: the decree's trail, shown on each unit's page.
package final class TerritoryChangeRecord: Model, @unchecked Sendable {
    package static let schema = "territory_changes"

    @ID(key: .id) package var id: UUID?
    @Field(key: "kind") package var kind: String
    @Field(key: "effective_date") package var effectiveDate: String
    @OptionalParent(key: "from_territory_id") package var from: Territory?
    @OptionalParent(key: "to_territory_id") package var to: Territory?
    @Field(key: "source") package var source: String
    @OptionalField(key: "recorded_by") package var recordedBy: UUID?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?

    package init() {}

    package init(kind: TerritoryChangeKind, date: String, fromID: UUID?, toID: UUID?, source: String, recordedBy: UUID?) {
        self.kind = kind.rawValue
        self.effectiveDate = date
        self.$from.id = fromID
        self.$to.id = toID
        self.source = source
        self.recordedBy = recordedBy
    }
}
