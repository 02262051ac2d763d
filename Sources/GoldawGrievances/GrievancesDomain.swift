import GoldawPlatform
import GoldawRegistry
import GoldawBenefits
/// The grievances' person and territory columns.
package enum GrievancesDomain: DomainContract {
    package static let name = "Grievances"
    package static let personReferences: [PersonReference] = [
        .init(table: Grievance.schema, column: "person_id", onMerge: .move),
    ]
    package static let territoryReferences: [TerritoryReference] = [
        .init(table: Grievance.schema, column: "territory_id", holds: .id, onChange: .follow),
        .init(table: Grievance.schema, column: "territory_path", holds: .path, onChange: .follow),
    ]
}
