/// The grievances' person and territory columns.
enum GrievancesDomain: DomainContract {
    static let name = "Grievances"
    static let personReferences: [PersonReference] = [
        .init(table: Grievance.schema, column: "person_id", onMerge: .move),
    ]
    static let territoryReferences: [TerritoryReference] = [
        .init(table: Grievance.schema, column: "territory_id", holds: .id, onChange: .follow),
        .init(table: Grievance.schema, column: "territory_path", holds: .path, onChange: .follow),
    ]
}
