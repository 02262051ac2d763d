import Fluent
import SQLKit

/// Readable running numbers ("P-00000123"), one counter row per series, advanced inside the
/// caller's transaction so a number is never handed out twice, on either database.
package enum Counters {
    package static func next(_ name: String, on db: any Database) async throws -> Int64 {
        let sql = db as! any SQLDatabase
        // Create the series at 0 if it is new (a no-op otherwise), then advance it atomically.
        try await sql.insert(into: "counters").columns("name", "value").values(SQLBind(name), SQLBind(Int64(0)))
            .ignoringConflicts(with: ["name"]).run()
        guard let row = try await sql.update("counters")
            .set(SQLIdentifier("value"), to: SQLRaw("value + 1"))
            .where("name", .equal, SQLBind(name))
            .returning("value")
            .first() else { throw AppError.conflict("error.stale") }
        return try row.decode(column: "value", as: Int64.self)
    }

    package static func format(_ prefix: String, _ value: Int64, width: Int = 8) -> String {
        let digits = String(value)
        return prefix + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
