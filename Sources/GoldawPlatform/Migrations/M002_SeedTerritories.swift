import Fluent
import Foundation
import GoldawCore

/// Loads the territorial division that ships with the code (`TerritoryCatalog`).
package struct M002_SeedTerritories: GoldawMigration {
    package func prepare(on database: any Database) async throws {
        let entries = TerritoryCatalog.entries
        let byCode = Dictionary(uniqueKeysWithValues: entries.map { ($0.code, $0) })
        let ids = Dictionary(uniqueKeysWithValues: entries.map { ($0.code, AppClock.newID()) })

        func path(of entry: TerritoryEntry) -> String {
            var codes = [entry.code]
            var current = entry
            while let parentCode = current.parentCode, let parent = byCode[parentCode] {
                codes.insert(parentCode, at: 0)
                current = parent
            }
            return TerritoryPath.make(codes)
        }

        // Parents first, so the foreign key is satisfied row by row on both databases.
        let ordered = entries.sorted { path(of: $0).count < path(of: $1).count }
        let rows = ordered.map { entry in
            Territory(
                id: ids[entry.code], code: entry.code, isoCode: entry.isoCode, level: entry.level,
                parentID: entry.parentCode.flatMap { ids[$0] },
                statisticsParentCode: entry.statisticsParentCode, path: path(of: entry),
                nameTk: entry.nameTk, nameRu: entry.nameRu, nameEn: entry.nameEn,
                validFrom: entry.validFrom, validTo: entry.validTo)
        }
        try await database.writing { db in
            for level in [TerritoryLevel.region, .district, .city, .borough] {
                let batch = rows.filter { $0.level == level.rawValue }
                if !batch.isEmpty { try await batch.create(on: db) }
            }
            let changes = TerritoryCatalog.changes.map { change in
                TerritoryChangeRecord(
                    kind: change.kind, date: change.date,
                    fromID: change.fromCode.flatMap { ids[$0] }, toID: change.toCode.flatMap { ids[$0] },
                    source: change.source, recordedBy: nil)
            }
            if !changes.isEmpty { try await changes.create(on: db) }
        }
    }

    package func revert(on database: any Database) async throws {
        try await TerritoryChangeRecord.query(on: database).filter(\.$recordedBy == nil).delete()
        try await Territory.query(on: database).delete()
    }

    package init() {}
}
