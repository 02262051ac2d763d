import Fluent
import SQLKit

package struct M004_CreateAuditEvents: GoldawMigration {
    package func prepare(on database: any Database) async throws {
        try await database.schema(AuditEvent.schema)
            .id()
            .field("occurred_at", .datetime, .required)
            .field("user_id", .uuid)
            .field("username", .string)
            .field("action", .string, .required)
            .field("record_type", .string)
            .field("record_id", .string)
            .field("client_ip", .string)
            .field("outcome", .string, .required)
            .field("detail", .string)
            .field("request_id", .string)
            .create()
        let sql = database as! any SQLDatabase
        // The audit page filters by date, user, record and action, newest first.
        try await sql.create(index: "audit_events_time_idx").on(AuditEvent.schema).column("occurred_at").run()
        try await sql.create(index: "audit_events_user_idx").on(AuditEvent.schema).column("user_id").column("occurred_at").run()
        try await sql.create(index: "audit_events_record_idx").on(AuditEvent.schema).column("record_type").column("record_id").run()
        try await sql.create(index: "audit_events_action_idx").on(AuditEvent.schema).column("action").column("occurred_at").run()

        // Append-only, enforced by the database itself: no code path, and no SQL sent through
        // the app's connection, can change or remove a row.
        if sql.dialect.name == "postgresql" {
            try await sql.raw("""
                CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit_events is append-only'; END; $$
                """).run()
            try await sql.raw("""
                CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
                FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()
                """).run()
        } else {
            try await sql.raw("""
                CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
                BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
                BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END
                """).run()
        }
    }

    package func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if sql.dialect.name == "postgresql" {
            try await sql.raw("DROP TRIGGER IF EXISTS audit_events_no_change ON audit_events").run()
            try await sql.raw("DROP FUNCTION IF EXISTS audit_events_append_only()").run()
        }
        try await database.schema(AuditEvent.schema).delete()
    }

    package init() {}
}
