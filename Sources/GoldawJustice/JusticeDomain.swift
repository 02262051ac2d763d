import Fluent
import Foundation
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// Justice for children: its person and territory columns, its cards on the home page, and what
/// it shows on a child's profile (only to those who may read justice records).
package enum JusticeDomain: DomainContract {
    package static let name = "Justice"

    package static let personReferences: [PersonReference] = [
        // A record and a victim or witness follow the child; everything else hangs off them.
        .init(table: JusticeRecord.schema, column: "child_id", onMerge: .move),
        .init(table: ChildWitness.schema, column: "child_id", onMerge: .move),
    ]
    package static let territoryReferences: [TerritoryReference] = [
        .init(table: JusticeRecord.schema, column: "territory_id", holds: .id, onChange: .follow),
        .init(table: JusticeRecord.schema, column: "territory_path", holds: .path, onChange: .follow),
        .init(table: PretrialOrder.schema, column: "territory_path", holds: .path, onChange: .follow),
        .init(table: Detention.schema, column: "territory_path", holds: .path, onChange: .follow),
        .init(table: JusticePlace.schema, column: "territory_id", holds: .id, onChange: .follow),
        .init(table: JusticePlace.schema, column: "territory_path", holds: .path, onChange: .follow),
        .init(table: Inspection.schema, column: "territory_path", holds: .path, onChange: .follow),
        .init(table: ChildWitness.schema, column: "territory_id", holds: .id, onChange: .follow),
        .init(table: ChildWitness.schema, column: "territory_path", holds: .path, onChange: .follow),
        .init(table: Interview.schema, column: "territory_path", holds: .path, onChange: .follow),
    ]

    package static func recordsHeld(inTerritory id: UUID, on db: any Database) async throws -> Int {
        let places = try await JusticePlace.query(on: db).filter(\.$territory.$id == id).filter(\.$active == true).count()
        let records = try await JusticeRecord.query(on: db).filter(\.$territory.$id == id)
            .filter(\.$status ~~ JusticeStatus.allCases.filter(\.isOpen).map(\.rawValue)).count()
        return places + records
    }

    package static func homeCards(for me: CurrentUser, req: Request) async throws -> [HomeCard] {
        try await JusticeQueries(db: req.db).homeCards(for: me, req: req)
    }

    /// On a child's profile: that there are justice records or victim/witness records, with links,
    /// for those who may read them; nothing at all for anyone else.
    package static func profileSection(for subject: ProfileSubject, req: Request) async throws -> (any Encodable & Sendable)? {
        guard let me = req.currentUser, AccessPolicy.allows(me.role, .viewJustice), me.scope.kind != .organisation else { return nil }
        return try await JusticeQueries(db: req.db).profile(subject.id, for: me, req: req)
    }
}
