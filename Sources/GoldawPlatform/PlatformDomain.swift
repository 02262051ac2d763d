/// The platform's own tables that point at territorial units.
package enum PlatformDomain: DomainContract {
    package static let name = "Platform"
    package static let personReferences: [PersonReference] = []
    package static let territoryReferences: [TerritoryReference] = [
        .init(table: Territory.schema, column: "parent_id", holds: .id,
              onChange: .keep(because: "the territory service re-parents the units that stay valid")),
        .init(table: Territory.schema, column: "path", holds: .path,
              onChange: .keep(because: "the territory service re-paths the units that stay valid")),
        .init(table: Territory.schema, column: "statistics_parent_code", holds: .code,
              onChange: .keep(because: "the statistical parent as published, a reference to the catalogue")),
        .init(table: TerritoryChangeRecord.schema, column: "from_territory_id", holds: .id,
              onChange: .keep(because: "the log of changes names the units as they were")),
        .init(table: TerritoryChangeRecord.schema, column: "to_territory_id", holds: .id,
              onChange: .keep(because: "the log of changes names the units as they were")),
        .init(table: Organisation.schema, column: "territory_id", holds: .id, onChange: .follow),
        .init(table: User.schema, column: "territory_id", holds: .id, onChange: .follow),
    ]
}
