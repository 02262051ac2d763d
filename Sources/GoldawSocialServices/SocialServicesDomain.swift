import Vapor
import GoldawPlatform
import GoldawRegistry

/// The services directory, referrals, inventory and workforce: their person and territory columns.
package enum SocialServicesDomain: DomainContract {
    package static let name = "SocialServices"
    package static let personReferences: [PersonReference] = [
        .init(table: Referral.schema, column: "person_id", onMerge: .move),
    ]
    package static let territoryReferences: [TerritoryReference] = [
        .init(table: Provider.schema, column: "territory_id", holds: .id, onChange: .follow),
        .init(table: Provider.schema, column: "territory_path", holds: .path, onChange: .follow),
        .init(table: SocialService.schema, column: "territory_path", holds: .path, onChange: .follow),
        // A service that covered both units covers the merged unit once.
        .init(table: ServiceArea.schema, column: "territory_id", holds: .id, onChange: .follow, uniqueWith: ["service_id"]),
        .init(table: ServiceArea.schema, column: "territory_path", holds: .path, onChange: .follow),
        .init(table: Referral.schema, column: "territory_path", holds: .path, onChange: .follow),
        .init(table: InventoryResponse.schema, column: "territory_path", holds: .path, onChange: .follow),
        .init(table: InventoryAnswer.schema, column: "territory_code", holds: .code,
              onChange: .keep(because: "an answer as the respondent gave it in its round")),
        .init(table: Worker.schema, column: "territory_id", holds: .id, onChange: .follow),
        .init(table: Worker.schema, column: "territory_path", holds: .path, onChange: .follow),
        .init(table: Post.schema, column: "territory_id", holds: .id, onChange: .follow),
        .init(table: Post.schema, column: "territory_path", holds: .path, onChange: .follow),
        .init(table: PopulationFigure.schema, column: "territory_id", holds: .id,
              onChange: .keep(because: "a census figure describes the unit as it was on its date")),
        .init(table: PopulationFigure.schema, column: "territory_path", holds: .path,
              onChange: .keep(because: "a census figure describes the unit as it was on its date")),
    ]

    /// Referrals waiting for the user: sent and not yet answered, or arrived at their provider.
    package static func homeCards(for me: CurrentUser, req: Request) async throws -> [HomeCard] {
        try await ReferralService(db: req.db, actor: me, audit: req.audit).homeCards(for: me, req: req)
    }
}

extension Worker: ScopedRecord {
    package var scopeTerritoryPath: String? { territoryPath }
}

extension Post: ScopedRecord {
    package var scopeTerritoryPath: String? { territoryPath }
}
