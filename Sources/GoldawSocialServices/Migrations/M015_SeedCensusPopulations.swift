import Fluent
import Foundation
import GoldawPlatform
import GoldawRegistry

/// The 2022 census totals (reference date 17 Dec 2022) by welaýat, from the reference
/// (domain.md §1.1). The reference has no etrap figures and no count of children, so those are
/// left to the administrator's population table; ratios show "—" where a figure is missing.
package struct M015_SeedCensusPopulations: GoldawMigration {
    package static let censusDay = "2022-12-17"
    package static let source = "Census 2022 (table 1.3)"

    package static let totals: [(code: String, total: Int, note: String)] = [
        ("TM-A", 886_845, " — incl. Arkadag"),
        ("TM-B", 529_895, ""),
        ("TM-D", 1_550_354, ""),
        ("TM-L", 1_447_298, ""),
        ("TM-M", 1_613_386, ""),
        ("TM-S", 1_030_063, ""),
        ("TM-AR", 567, " — counted in Ahal"),
    ]

    package func prepare(on database: any Database) async throws {
        for row in Self.totals {
            guard let unit = try await Territory.query(on: database).filter(\.$code == row.code).first() else { continue }
            let figure = PopulationFigure()
            figure.$territory.id = try unit.requireID()
            figure.territoryPath = unit.path
            figure.asOf = Self.censusDay
            figure.total = row.total
            figure.children = nil
            figure.source = Self.source + row.note
            figure.version = 1
            try await figure.create(on: database)
        }
    }

    package func revert(on database: any Database) async throws {
        try await PopulationFigure.query(on: database).filter(\.$asOf == Self.censusDay).filter(\.$source ~~ Self.source).delete()
    }

    package init() {}
}
