import Fluent
import Vapor

/// A state or non-state organisation that delivers services. Service-provider accounts are
/// scoped to one; the services directory builds on this table.
package final class Organisation: Model, @unchecked Sendable {
    package static let schema = "organisations"

    @ID(key: .id) package var id: UUID?
    @Field(key: "name") package var name: String
    @Parent(key: "territory_id") package var territory: Territory
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Field(key: "version") package var version: Int

    package init() {}

    package init(id: UUID? = nil, name: String, territoryID: UUID) {
        self.id = id
        self.name = name
        self.$territory.id = territoryID
        self.version = 1
    }
}
