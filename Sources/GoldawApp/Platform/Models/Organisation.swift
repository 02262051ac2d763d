import Fluent
import Vapor

/// A state or non-state organisation that delivers services. Service-provider accounts are
/// scoped to one; the services directory builds on this table.
final class Organisation: Model, @unchecked Sendable {
    static let schema = "organisations"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Parent(key: "territory_id") var territory: Territory
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Field(key: "version") var version: Int

    init() {}

    init(id: UUID? = nil, name: String, territoryID: UUID) {
        self.id = id
        self.name = name
        self.$territory.id = territoryID
        self.version = 1
    }
}
