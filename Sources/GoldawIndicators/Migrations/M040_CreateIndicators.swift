import Fluent
import SQLKit
import GoldawPlatform
import GoldawRegistry

/// The indicator snapshots: one row per refresh, and its disaggregated counts. The page and the
/// API read only these (a few thousand rows), never the registry.
package struct M040_CreateIndicators: GoldawMigration {
    package func prepare(on database: any Database) async throws {
        try await database.schema(IndicatorSnapshot.schema)
            .id()
            .field("as_of", .string, .required)
            .field("computed_at", .datetime, .required)
            .field("computed_by", .uuid)
            .field("people", .int, .required)
            .field("seconds", .double, .required)
            .create()
        try await database.schema(IndicatorSnapshot.countsSchema)
            .field("snapshot_id", .uuid, .required, .references(IndicatorSnapshot.schema, "id"))
            .field("territory_id", .uuid)
            .field("territory_path", DatabaseSetup.byteText(database), .required)
            .field("sex", .string, .required)
            .field("age_band", .string, .required)
            .field("difficulty", .string, .required)
            .field("official_disability", .bool, .required)
            .field("people", .int, .required)
            .create()
        let sql = database as! any SQLDatabase
        // Every read is "this snapshot, inside this territory": snapshot id, then a path prefix.
        try await sql.create(index: "indicator_counts_snapshot_path_idx").on(IndicatorSnapshot.countsSchema)
            .column("snapshot_id").column("territory_path").run()
        try await sql.create(index: "indicator_snapshots_computed_idx").on(IndicatorSnapshot.schema).column("computed_at").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(IndicatorSnapshot.countsSchema).delete()
        try await database.schema(IndicatorSnapshot.schema).delete()
    }

    package init() {}
}
