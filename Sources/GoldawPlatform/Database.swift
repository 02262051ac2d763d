import Fluent
import SQLKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Vapor

extension DatabaseID {
    /// The read-only report database (`GOLDAW_REPORT_DATABASE_URL`), when one is configured.
    package static let reports = DatabaseID(string: "reports")
}

extension Application {
    /// Whether `GOLDAW_REPORT_DATABASE_URL` registered a report database.
    package var hasReportDatabase: Bool { databases.ids().contains(.reports) }
    /// Where read-only reports query: the replica when configured, the primary otherwise.
    package var reportDB: any Database { hasReportDatabase ? db(.reports) : db }
}

extension Request {
    /// Where read-only report pages query (aggregates, figures, indicators): the replica when
    /// `GOLDAW_REPORT_DATABASE_URL` is set, otherwise the primary. Never write through it.
    package var reportDB: any Database { application.hasReportDatabase ? db(.reports) : db }
}

package enum DatabaseSetup {
    /// Text compared byte by byte: codes, paths and folded keys that are searched by prefix.
    /// PostgreSQL's language-aware collations can neither use a plain index for `LIKE 'x%'`
    /// nor order punctuation predictably, so these columns use the "C" collation there.
    package static func byteText(_ database: any Database) -> DatabaseSchema.DataType {
        (database as? any SQLDatabase)?.dialect.name == "postgresql" ? .custom(SQLRaw(#"TEXT COLLATE "C""#)) : .string
    }

    /// A fresh random UUID computed by the database, for set-based INSERT … SELECT: stored the
    /// way Fluent stores UUIDs (native on PostgreSQL, upper-case text on SQLite).
    package static func newUUID(_ sql: any SQLDatabase) -> SQLQueryString {
        if sql.dialect.name == "postgresql" { return "gen_random_uuid()" }
        return """
            upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || \
            substr('89AB', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
            """
    }

    /// Takes a record for one change: bumps its version only if it still has the version the
    /// user saw (and, optionally, the status the change starts from). Done first inside the
    /// change's transaction, so of two people saving at once exactly one wins; the other is
    /// told the record changed, whichever app instance served them.
    package static func claim(_ table: String, id: UUID, version: Int, status: String? = nil, on sql: any SQLDatabase) async throws {
        var update = sql.update(table).set("version", to: SQLBind(version + 1))
            .where("id", .equal, SQLBind(id)).where("version", .equal, SQLBind(version))
        if let status { update = update.where("status", .equal, SQLBind(status)) }
        guard !(try await update.returning("id").all().isEmpty) else { throw AppError.conflict("error.stale") }
    }

    /// Sets up the databases and registers `migrations`, in order (the app target's list).
    package static func configure(_ app: Application, migrations: [any Migration]) throws {
        let settings = app.settings
        if let url = settings.databaseURL {
            var config = try SQLPostgresConfiguration(url: url)
            config.searchPath = ["public"]
            // After a database restart, a request must fail fast and a later one find a fresh
            // connection: connecting gives up after 3 s, a request waits at most 5 s for a
            // connection (then 503, which a client retries), and connections idle for a minute are
            // closed and opened again, so none that died with the server stays in the pool.
            config.coreConfiguration.options.connectTimeout = .seconds(3)
            app.databases.use(.postgres(configuration: config, maxConnectionsPerEventLoop: 4,
                                        connectionPoolTimeout: .seconds(5), pruneInterval: .seconds(30),
                                        maxIdleTimeBeforePruning: .seconds(60), encodingContext: .default,
                                        decodingContext: .default), as: .psql)
            if let reportURL = settings.reportDatabaseURL {
                var reports = try SQLPostgresConfiguration(url: reportURL)
                reports.searchPath = ["public"]
                // A replica refuses writes by itself; the session setting makes a report
                // connection to the primary (or a misconfigured URL) refuse them too.
                reports.coreConfiguration.options.additionalStartupParameters = [("default_transaction_read_only", "on")]
                reports.coreConfiguration.options.connectTimeout = .seconds(3)
                app.databases.use(.postgres(configuration: reports, maxConnectionsPerEventLoop: 2,
                                            connectionPoolTimeout: .seconds(5), pruneInterval: .seconds(30),
                                            maxIdleTimeBeforePruning: .seconds(60), encodingContext: .default,
                                            decodingContext: .default), as: .reports, isDefault: false)
            }
        } else {
            if settings.reportDatabaseURL != nil {
                throw SettingsError(message: "GOLDAW_REPORT_DATABASE_URL needs DATABASE_URL: a report replica exists only for PostgreSQL.")
            }
            let path = settings.sqlitePath
            if path != ":memory:" {
                let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            // A file in WAL mode lets readers run beside the one writer, so a page is not kept
            // waiting for a connection while an import saves. An in-memory database (the tests)
            // shares one cache, where a writer locks whole tables: one connection a loop there.
            app.databases.use(.sqlite(path == ":memory:" ? .memory : .file(path),
                                      maxConnectionsPerEventLoop: path == ":memory:" ? 1 : 4), as: .sqlite)
        }
        app.migrations.add(migrations)
    }
}

extension Database {
    /// A transaction that a concurrent writer cannot make fail.
    ///
    /// SQLite has one writer at a time. A transaction that has read and then wants to write,
    /// while another connection writes, is refused at once ("database is locked") rather than
    /// made to wait, because waiting could deadlock. The refused transaction has been rolled back,
    /// so it is run again, a few times, after a short random pause. PostgreSQL waits on row
    /// locks by itself, and the closure runs once. Inside a transaction this is that transaction.
    package func writing<T: Sendable>(_ closure: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        // An API write under an Idempotency-Key marks the key in the same transaction.
        let claim = inTransaction ? nil : IdempotencyClaim.current
        let closure: @Sendable (any Database) async throws -> T = { tx in
            let result = try await closure(tx)
            try await claim?.markCommitted(on: tx)
            return result
        }
        guard !inTransaction, (self as? any SQLDatabase)?.dialect.name == "sqlite" else { return try await transaction(closure) }
        var attempt = 0
        while true {
            do {
                return try await transaction(closure)
            } catch where attempt < Self.sqliteRetries && DatabaseSetup.isSQLiteBusy(error) {
                attempt += 1
                try await Task.sleep(nanoseconds: UInt64.random(in: 2_000_000...(10_000_000 * UInt64(attempt))))
            }
        }
    }

    static var sqliteRetries: Int { 12 }

}

extension DatabaseSetup {
    /// Whether SQLite refused a statement because another connection holds a lock: the work,
    /// rolled back, can simply run again.
    package static func isSQLiteBusy(_ error: any Error) -> Bool {
        guard let sqlite = error as? SQLiteError else { return false }
        switch sqlite.reason {
        case .busy, .locked, .busyInRecovery, .busyInSnapshot, .busyTimeout, .lockedBySharedCache: return true
        default: return false
        }
    }

    /// Whether an error means the database cannot be reached right now (restarting, down, the
    /// pool waited too long), as opposed to a fault in the request. Such a request is answered
    /// 503 with Retry-After, which clients retry, and not 500.
    package static func isUnavailable(_ error: any Error) -> Bool {
        if error is ConnectionPoolTimeoutError || error is ChannelError || error is IOError { return true }
        if let pool = error as? ConnectionPoolError, case .shutdown = pool { return true }
        if let psql = error as? PSQLError {
            switch psql.code {
            case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown, .poolClosed:
                return true
            case .server:
                // 57P01-03: the server is shutting down or starting up; 08xxx: connection exceptions.
                let state = psql.serverInfo?[.sqlState] ?? ""
                return state.hasPrefix("57P") || state.hasPrefix("08")
            default:
                return false
            }
        }
        // PostgresNIO's older query path (the one PostgresKit and so Fluent use) turns the same
        // failures into `PostgresError` before they reach us: a closed connection, an unclean
        // close reported as a protocol error, or the server's own 57P/08 error at a shutdown.
        if let legacy = error as? PostgresError {
            switch legacy {
            case .connectionClosed:
                return true
            case .protocol(let message):
                return message.hasPrefix("Unexpected connection close")
            case .server(let server):
                let state = server.fields[.sqlState] ?? ""
                return state.hasPrefix("57P") || state.hasPrefix("08")
            }
        }
        return false
    }
}
