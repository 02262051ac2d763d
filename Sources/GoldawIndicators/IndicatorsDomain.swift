import GoldawPlatform
import GoldawRegistry
/// The indicator snapshots' territory columns: a snapshot's counts follow their unit, so the staff
/// of a renamed or merged unit read its figures until the next refresh counts it afresh.
package enum IndicatorsDomain: DomainContract {
    package static let name = "Indicators"
    package static let personReferences: [PersonReference] = []
    package static let territoryReferences: [TerritoryReference] = [
        .init(table: IndicatorSnapshot.countsSchema, column: "territory_id", holds: .id, onChange: .follow),
        .init(table: IndicatorSnapshot.countsSchema, column: "territory_path", holds: .path, onChange: .follow),
    ]
}
