import Fluent
import GoldawCore
import Vapor
import GoldawPlatform

/// The registry's person and territory columns.
package enum RegistryDomain: DomainContract {
    package static let name = "Registry"
    package static let personReferences: [PersonReference] = [
        // A record merged earlier into the one merged now follows it to the survivor.
        .init(table: Person.schema, column: "merged_into_id", onMerge: .move),
        .init(table: PersonDocument.schema, column: "person_id", onMerge: .move),
        .init(table: PersonNameKey.schema, column: "person_id",
              onMerge: .keep(because: "search keys: the merge deletes the merged record's keys and the unmerge rebuilds them")),
        .init(table: HouseholdMembership.schema, column: "person_id", onMerge: .move),
        .init(table: FamilyLink.schema, column: "child_id", onMerge: .move),
        .init(table: FamilyLink.schema, column: "adult_id", onMerge: .move),
        .init(table: FunctioningRecord.schema, column: "person_id", onMerge: .move),
        .init(table: DisabilityStatus.schema, column: "person_id", onMerge: .move),
        .init(table: PersonCircumstance.schema, column: "person_id", onMerge: .move),
        .init(table: DuplicatePair.schema, column: "person_a_id",
              onMerge: .keep(because: "a reviewed pair records which two records were compared")),
        .init(table: DuplicatePair.schema, column: "person_b_id",
              onMerge: .keep(because: "a reviewed pair records which two records were compared")),
        .init(table: PersonMerge.schema, column: "survivor_id", onMerge: .keep(because: "the merge log itself")),
        .init(table: PersonMerge.schema, column: "merged_id", onMerge: .keep(because: "the merge log itself")),
    ]
    /// Living records of people registered in the unit.
    package static func recordsHeld(inTerritory id: UUID, on db: any Database) async throws -> Int {
        try await Person.query(on: db).filter(\.$territory.$id == id).filter(\.$mergedIntoID == nil).count()
    }

    package static let territoryReferences: [TerritoryReference] = [
        .init(table: Person.schema, column: "territory_id", holds: .id, onChange: .follow),
        .init(table: Person.schema, column: "territory_path", holds: .path, onChange: .follow),
        .init(table: PersonNameKey.schema, column: "territory_path", holds: .path, onChange: .follow),
        .init(table: Household.schema, column: "territory_id", holds: .id, onChange: .follow),
        .init(table: Household.schema, column: "territory_path", holds: .path, onChange: .follow),
        .init(table: DuplicatePair.schema, column: "territory_path", holds: .path, onChange: .follow),
    ]

    /// People and households in the user's scope, and the duplicates waiting for review.
    package static func homeCards(for me: CurrentUser, req: Request) async throws -> [HomeCard] {
        var cards: [HomeCard] = []
        let db = req.db
        if AccessPolicy.allows(me.role, .viewPeople) {
            var people = Person.query(on: db).filter(\.$mergedIntoID == nil)
            var households = Household.query(on: db)
            people = people.within(\.$territoryPath, me.scope)
            households = households.within(\.$territoryPath, me.scope)
            cards.append(.init(label: req.t("home.card.people"), count: try await people.count(), href: AppRoute.people.path))
            cards.append(.init(label: req.t("home.card.households"), count: try await households.count(), href: nil))
        }
        if AccessPolicy.allows(me.role, .reviewDuplicates) {
            var open = DuplicatePair.query(on: db).filter(\.$status == "open")
            open = open.within(\.$territoryPath, me.scope)
            cards.append(.init(label: req.t("home.card.duplicates"), count: try await open.count(), href: AppRoute.duplicates.path))
        }
        return cards
    }
}

extension Person: ScopedRecord {
    package var scopeTerritoryPath: String? { territoryPath }
}

extension Household: ScopedRecord {
    package var scopeTerritoryPath: String? { territoryPath }
}
