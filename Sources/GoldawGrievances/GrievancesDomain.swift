import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawBenefits
/// The grievances' person and territory columns, and the children's complaints waiting for the
/// office that reads them (the independent monitor's home page, the etrap's social services').
package enum GrievancesDomain: DomainContract {
    package static let name = "Grievances"
    package static let personReferences: [PersonReference] = [
        .init(table: Grievance.schema, column: "person_id", onMerge: .move),
    ]
    package static let territoryReferences: [TerritoryReference] = [
        .init(table: Grievance.schema, column: "territory_id", holds: .id, onChange: .follow),
        .init(table: Grievance.schema, column: "territory_path", holds: .path, onChange: .follow),
    ]

    package static func homeCards(for me: CurrentUser, req: Request) async throws -> [HomeCard] {
        guard let office = ChildComplaintRouting.office(of: me.role) else { return [] }
        let waiting = try await ChildComplaintQueries(db: req.db).activeCount(office: office, scope: me.scope)
        return [HomeCard(label: req.t("child_complaint.home_card"), count: waiting, href: AppRoute.childComplaints.path)]
    }
}
