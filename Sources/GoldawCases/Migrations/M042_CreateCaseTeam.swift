import Fluent
import SQLKit
import GoldawPlatform
import GoldawRegistry
import GoldawSocialServices

/// The colleagues a supervisor adds to a case's team (the assigned worker and the supervisors in
/// scope are on it anyway). A removal is kept, with who removed whom and when.
package struct M042_CreateCaseTeam: GoldawMigration {
    package func prepare(on database: any Database) async throws {
        try await database.schema(CaseTeamMember.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CaseRecord.schema, "id"))
            .field("user_id", .uuid, .required, .references(User.schema, "id"))
            .field("added_by", .uuid)
            .field("added_at", .datetime, .required)
            .field("removed_by", .uuid)
            .field("removed_at", .datetime)
            .create()
        let sql = database as! any SQLDatabase
        // The case page lists its team; every case read asks whether the reader is on it.
        try await sql.create(index: "case_team_case_idx").on(CaseTeamMember.schema).column("case_id").column("user_id").run()
        try await sql.create(index: "case_team_user_idx").on(CaseTeamMember.schema).column("user_id").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(CaseTeamMember.schema).delete()
    }

    package init() {}
}
