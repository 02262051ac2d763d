import Fluent
import FluentSQLiteDriver
import SQLKit
import Vapor

/// `goldaw backup <file>`: a consistent copy of the embedded SQLite database, taken while the
/// server runs. On PostgreSQL it prints the pg_dump command instead (docs/deployment.md).
package struct BackupCommand: AsyncCommand {
    package struct Signature: CommandSignature {
        package init() {}
        @Argument(name: "file", help: "where to write the copy; it must not exist yet (unless --force)")
        package var file: String
        @Flag(name: "force", help: "replace an existing file")
        package var force: Bool
    }

    package var help: String {
        "Copy the embedded SQLite database to a file, consistently, while the server runs (PostgreSQL: prints the pg_dump command)."
    }

    package func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard app.settings.usesEmbeddedDatabase else {
            context.console.warning("DATABASE_URL points at PostgreSQL: back it up with pg_dump (and pg_basebackup with WAL archiving for point-in-time recovery), not with this command:")
            context.console.print("  " + SQLiteBackup.pgDumpCommand(file: signature.file))
            throw ExitCode(2)
        }
        do {
            let copy = try await SQLiteBackup.backup(app.db as! any SQLDatabase, livePath: app.settings.sqlitePath,
                                                     to: signature.file, force: signature.force, on: app)
            context.console.info("Backed up \(app.settings.sqlitePath) to \(copy.path): \(copy.summary) in \(copy.secondsText)")
        } catch let refusal as SQLiteBackup.Refusal {
            context.console.error(refusal.message)
            throw ExitCode(1)
        }
    }

    package init() {}
}

/// `goldaw restore <file>`: puts a backup in place of the embedded SQLite database
/// (`GOLDAW_SQLITE_PATH`). The server must be stopped. On PostgreSQL it prints the pg_restore
/// command instead.
package struct RestoreCommand: AsyncCommand {
    package struct Signature: CommandSignature {
        package init() {}
        @Argument(name: "file", help: "a file written by `goldaw backup`")
        package var file: String
        @Flag(name: "force", help: "replace the database that is there now")
        package var force: Bool
    }

    package var help: String {
        "Put a backup in place of the embedded SQLite database; stop the server first (PostgreSQL: prints the pg_restore command)."
    }

    package func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard app.settings.usesEmbeddedDatabase else {
            context.console.warning("DATABASE_URL points at PostgreSQL: restore a pg_dump file with pg_restore into the database, then migrate:")
            for line in SQLiteBackup.pgRestoreCommands(file: signature.file) { context.console.print("  " + line) }
            throw ExitCode(2)
        }
        do {
            // Never through app.db: the database being replaced must not be opened by this process.
            let copy = try await SQLiteBackup.restore(from: signature.file, to: app.settings.sqlitePath, force: signature.force, on: app)
            context.console.info("Restored \(signature.file) to \(copy.path): \(copy.summary) in \(copy.secondsText). Start the server now; it applies any newer migrations.")
        } catch let refusal as SQLiteBackup.Refusal {
            context.console.error(refusal.message)
            throw ExitCode(1)
        }
    }

    package init() {}
}

/// The work behind both commands. A copy is always written to a temporary file next to its
/// destination, checked, and then renamed into place: a backup or restore cut off half-way
/// leaves the destination as it was.
package enum SQLiteBackup {
    package struct Refusal: Error, CustomStringConvertible {
        package let message: String
        package var description: String { message }
        init(_ message: String) { self.message = message }
    }

    /// What a checked copy holds.
    package struct Copy: Sendable {
        package let path: String
        package let tables: Int
        package let migrations: Int
        package let bytes: Int
        package let seconds: Double

        package var summary: String { "\(tables) tables, \(migrations) migrations, \(bytes / 1024) KiB" }
        package var secondsText: String { String(format: "%.2f s", seconds) }
    }

    /// `VACUUM INTO` reads the database in one read transaction, so the copy is the database as
    /// it was at one instant, whatever the server writes meanwhile (the database is in WAL mode:
    /// writers go on while it runs). The copy is compact and in rollback-journal mode.
    package static func backup(_ db: any SQLDatabase, livePath: String, to file: String, force: Bool,
                               on app: Application) async throws -> Copy {
        guard livePath != ":memory:" else { throw Refusal("The database is in memory: there is nothing on disk to back up.") }
        let started = ContinuousClock.now
        let target = absolute(file)
        let live = absolute(livePath)
        guard ![live, live + "-wal", live + "-shm", live + "-journal"].contains(target) else {
            throw Refusal("\(file) is the live database itself; choose another file.")
        }
        let files = FileManager.default
        // Before app.db is touched: opening a missing database would create an empty one.
        guard files.fileExists(atPath: live) else { throw Refusal("There is no database at \(livePath) (GOLDAW_SQLITE_PATH).") }
        if files.fileExists(atPath: target) && !force {
            throw Refusal("\(file) exists already; choose a new name or add --force to replace it.")
        }
        let folder = (target as NSString).deletingLastPathComponent
        try files.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = temporaryPath(next: target, purpose: "partial")
        defer { removeDatabaseFiles(temporary) }
        try await db.raw("VACUUM INTO \(bind: temporary)").run()
        let checked = try await check(temporary, on: app)
        try replace(target, with: temporary)
        return Copy(path: target, tables: checked.tables, migrations: checked.migrations, bytes: size(of: target),
                    seconds: (ContinuousClock.now - started).seconds)
    }

    /// Copies `file` next to `target`, checks the copy (a SQLite database that passes
    /// `PRAGMA quick_check` and holds the migrations table), removes the target's stale `-wal`,
    /// `-shm` and `-journal` files (applied to the restored file they would corrupt it), then
    /// renames the copy into place.
    package static func restore(from file: String, to targetPath: String, force: Bool, on app: Application) async throws -> Copy {
        guard targetPath != ":memory:" else { throw Refusal("GOLDAW_SQLITE_PATH is :memory:; there is no file to restore into.") }
        let started = ContinuousClock.now
        let source = absolute(file), target = absolute(targetPath)
        let files = FileManager.default
        var isFolder: ObjCBool = false
        guard files.fileExists(atPath: source, isDirectory: &isFolder), !isFolder.boolValue else { throw Refusal("\(file): no such file.") }
        guard source != target else { throw Refusal("\(file) is the database itself.") }
        guard let handle = FileHandle(forReadingAtPath: source) else { throw Refusal("\(file) cannot be read.") }
        let header = handle.readData(ofLength: 16)
        try? handle.close()
        guard header == Data("SQLite format 3\u{0}".utf8) else { throw Refusal("\(file) is not a SQLite database.") }
        let present = [target, target + "-wal"].filter { files.fileExists(atPath: $0) }
        if !present.isEmpty && !force {
            throw Refusal("\(targetPath) exists; stop the server and add --force to replace it with \(file).")
        }
        let folder = (target as NSString).deletingLastPathComponent
        try files.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = temporaryPath(next: target, purpose: "restoring")
        defer { removeDatabaseFiles(temporary) }
        try files.copyItem(atPath: source, toPath: temporary)
        let checked = try await check(temporary, on: app)
        for suffix in ["-wal", "-shm", "-journal"] where files.fileExists(atPath: target + suffix) {
            try files.removeItem(atPath: target + suffix)
        }
        try replace(target, with: temporary)
        return Copy(path: target, tables: checked.tables, migrations: checked.migrations, bytes: size(of: target),
                    seconds: (ContinuousClock.now - started).seconds)
    }

    /// Opens a copy on its own connection: it must be whole and hold the migrations table.
    static func check(_ path: String, on app: Application) async throws -> (tables: Int, migrations: Int) {
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: .file(path: path), threadPool: app.threadPool,
                                                         logger: app.logger, on: app.eventLoopGroup.any())
        } catch {
            throw Refusal("The copy cannot be opened as a SQLite database: \(error)")
        }
        do {
            let sql = connection.sql()
            let verdict = try await sql.raw("PRAGMA quick_check").all().compactMap { try? $0.decode(column: "quick_check", as: String.self) }
            guard verdict == ["ok"] else {
                throw Refusal("The copy is damaged (PRAGMA quick_check): \(verdict.prefix(5).joined(separator: "; "))")
            }
            let tables = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all()
                .map { try $0.decode(column: "name", as: String.self) }
            guard tables.contains("_fluent_migrations") else {
                throw Refusal("The file is a SQLite database but not a Goldaw one: it has no _fluent_migrations table.")
            }
            let migrations = try await sql.raw("SELECT COUNT(*) AS n FROM _fluent_migrations").first()?.decode(column: "n", as: Int.self) ?? 0
            try await connection.close()
            return (tables.count, migrations)
        } catch {
            try? await connection.close()
            if error is Refusal { throw error }
            throw Refusal("The copy cannot be read as a SQLite database: \(error)")
        }
    }

    /// The commands for a PostgreSQL deployment, with the URL left to the environment so that no
    /// password is printed.
    package static func pgDumpCommand(file: String) -> String {
        #"pg_dump --format=custom --no-owner --file=\#(shellQuoted(file)) "$DATABASE_URL""#
    }

    package static func pgRestoreCommands(file: String) -> [String] {
        [#"pg_restore --clean --if-exists --no-owner --exit-on-error --dbname="$DATABASE_URL" \#(shellQuoted(file))"#,
         "goldaw migrate --yes"]
    }

    static func shellQuoted(_ text: String) -> String {
        text.allSatisfy({ $0.isLetter || $0.isNumber || "-_./:".contains($0) }) && !text.isEmpty
            ? text : "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    static func temporaryPath(next target: String, purpose: String) -> String {
        let url = URL(fileURLWithPath: target)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(purpose)-\(UUID().uuidString)").path
    }

    static func removeDatabaseFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// rename(2): the destination is either the old file or the new one, never a mix.
    static func replace(_ target: String, with temporary: String) throws {
        guard Foundation.rename(temporary, target) == 0 else {
            throw Refusal("Could not move the copy into place at \(target): \(String(cString: strerror(errno)))")
        }
    }

    static func size(of path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}
