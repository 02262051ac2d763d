import Fluent
import SQLKit
import Foundation
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// Alternative care: its person and territory columns, what it adds to a child's profile and to
/// the home page, and what it does when the registry records a death.
package enum CareDomain: DomainContract {
    package static let name = "Care"

    package static let personReferences: [PersonReference] = [
        // A placement, a request and a carer follow the person; reviews, contacts, decisions and
        // the return home hang off them.
        .init(table: Placement.schema, column: "child_id", onMerge: .move),
        .init(table: CareRequest.schema, column: "child_id", onMerge: .move),
        .init(table: Carer.schema, column: "person_id", onMerge: .move),
    ]
    package static let territoryReferences: [TerritoryReference] = [
        .init(table: CareSetting.schema, column: "territory_id", holds: .id, onChange: .follow),
        .init(table: CareSetting.schema, column: "territory_path", holds: .path, onChange: .follow),
        .init(table: Carer.schema, column: "territory_id", holds: .id, onChange: .follow),
        .init(table: Carer.schema, column: "territory_path", holds: .path, onChange: .follow),
        .init(table: CareRequest.schema, column: "territory_id", holds: .id, onChange: .follow),
        .init(table: CareRequest.schema, column: "territory_path", holds: .path, onChange: .follow),
        .init(table: CareSitting.schema, column: "territory_id", holds: .id, onChange: .follow),
        .init(table: CareSitting.schema, column: "territory_path", holds: .path, onChange: .follow),
        .init(table: Placement.schema, column: "territory_id", holds: .id, onChange: .follow),
        .init(table: Placement.schema, column: "territory_path", holds: .path, onChange: .follow),
    ]

    /// Two records of one child each with a placement: after the merge the episodes must not
    /// overlap, or the child would be in two places on one night.
    package static func mergeRefusal(survivor: UUID, merged: UUID, on sql: any SQLDatabase) async throws -> String? {
        let rows = try await sql.raw("""
            SELECT child_id, start_date, end_date FROM care_placements WHERE child_id IN (\(bind: survivor), \(bind: merged))
            """).all()
        var spans: [(UUID, PlacementSpan)] = []
        for row in rows {
            guard let start = CalendarDate(iso: try row.decode(column: "start_date", as: String.self)) else { continue }
            let end = try row.decode(column: "end_date", as: String?.self).flatMap(CalendarDate.init(iso:))
            spans.append((try row.decode(column: "child_id", as: UUID.self), PlacementSpan(start: start, end: end)))
        }
        for (i, a) in spans.enumerated() {
            for b in spans[(i + 1)...] where a.0 != b.0 && a.1.overlaps(b.1) { return "care.merge.overlapping_placements" }
        }
        return nil
    }

    package static func recordsHeld(inTerritory id: UUID, on db: any Database) async throws -> Int {
        let settings = try await CareSetting.query(on: db).filter(\.$territory.$id == id).filter(\.$active == true).count()
        let placements = try await Placement.query(on: db).filter(\.$territory.$id == id).filter(\.$endDate == nil).count()
        return settings + placements
    }

    /// The child's placements on the profile: where the child is tonight and the history, and the
    /// way to bring the child to the commission.
    package static func profileSection(for subject: ProfileSubject, req: Request) async throws -> (any Encodable & Sendable)? {
        guard let user = req.currentUser, AccessPolicy.allows(user.role, .viewCare), user.scope.kind != .organisation else { return nil }
        return try await CareQueries(db: req.db).profile(subject, for: user, req: req)
    }

    package static func homeCards(for me: CurrentUser, req: Request) async throws -> [HomeCard] {
        try await CareQueries(db: req.db).homeCards(for: me, req: req)
    }

    /// The death of a child in care ends the placement the day of death, with that destination.
    package static func afterDeathRecorded(person: UUID, on date: String, in context: RegistryEventContext) async throws {
        let open = try await Placement.query(on: context.db).filter(\.$child.$id == person).filter(\.$endDate == nil).all()
        for placement in open where placement.startDate <= date {
            placement.endDate = date
            placement.destination = ExitDestination.died.rawValue
            placement.endReason = "death recorded in the registry"
            placement.version += 1
            try await placement.update(on: context.db)
            let service = CareService(db: context.db, actor: context.actor, audit: context.audit, now: context.now)
            try await service.endStateSupport(placement, on: CalendarDate(iso: date)!, on: context.db)
        }
    }
}
