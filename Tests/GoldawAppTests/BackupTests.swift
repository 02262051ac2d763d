import Fluent
import FluentSQLiteDriver
import SQLKit
import Testing
import Vapor
import VaporTesting
import GoldawCore
@testable import GoldawApp
@testable import GoldawPlatform
@testable import GoldawRegistry

/// `goldaw backup` and `goldaw restore` on the embedded database. Always SQLite files (VACUUM
/// INTO needs one), also when the suite runs against PostgreSQL.
@Suite("Backup and restore (SQLite)") struct BackupTests {
    func run(_ command: any AsyncCommand, _ name: String, _ app: Application, _ arguments: [String]) async throws {
        var context = CommandContext(console: Terminal(), input: CommandInput(arguments: ["goldaw \(name)"] + arguments))
        context.application = app
        try await context.console.run(command, with: context)
    }

    /// Rows per table, every table of the file.
    func rowCounts(_ sql: any SQLDatabase) async throws -> [String: Int] {
        let tables = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .all().map { try $0.decode(column: "name", as: String.self) }
        var counts: [String: Int] = [:]
        for table in tables {
            counts[table] = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self)
        }
        return counts
    }

    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("goldaw-backup-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// An app on `path` that has not opened it: restore must find the file as it is.
    func withUnopenedApp(_ path: String, _ body: (Application) async throws -> Void) async throws {
        try await withApp(configure: { app in
            var settings = Settings.fromEnvironment([:])
            settings.bcryptCost = 4
            settings.sqlitePath = path
            try await configure(app, settings: settings)
        }, body)
    }

    @Test func aBackupTakenFromALiveDatabaseIsRestoredElsewhereWithEveryRowOfEveryTable() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let live = dir + "/live.sqlite", backup = dir + "/backups/copy.sqlite", target = dir + "/restored/goldaw.sqlite"
        var before: [String: Int] = [:]
        try await withTestApp(settings: { $0.databaseURL = nil; $0.sqlitePath = live }) { app in
            let sql = app.db as! any SQLDatabase
            try await sql.raw("PRAGMA journal_mode=WAL").run()
            _ = try await Fixtures.people(app)
            before = try await rowCounts(sql)
            #expect(before.count > 40, "every domain's tables")
            #expect(before["persons"] == 4)
            try await run(BackupCommand(), "backup", app, [backup])
            // Written after the backup: not in the copy.
            let registry = RegistryService(db: app.db, actor: nil, audit: AuditService(db: app.db))
            var draft = PersonDraft()
            (draft.givenName, draft.surname, draft.sex, draft.birthDate, draft.territoryCode) = ("Jeren", "Amanowa", "female", "05.05.1995", "M-MRY")
            _ = try await registry.create(draft, confirmedNew: true)
            #expect(try await Person.query(on: app.db).count() == 5)
            // The name is taken; the live database is never its own backup.
            await #expect(throws: ExitCode.self) { try await run(BackupCommand(), "backup", app, [backup]) }
            await #expect(throws: ExitCode.self) { try await run(BackupCommand(), "backup", app, [live, "--force"]) }
        }
        #expect(!FileManager.default.fileExists(atPath: backup + "-wal"), "the copy is one self-contained file")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir + "/backups")
        #expect(leftovers == ["copy.sqlite"], "no temporary file is left behind")

        try await withUnopenedApp(target) { app in
            #expect(!FileManager.default.fileExists(atPath: target), "configuring the app does not create the database")
            try await run(RestoreCommand(), "restore", app, [backup])
            // A database is there now: replacing it needs --force, and the stale WAL of the old one goes.
            await #expect(throws: ExitCode.self) { try await run(RestoreCommand(), "restore", app, [backup]) }
            try Data("stale write-ahead log".utf8).write(to: URL(fileURLWithPath: target + "-wal"))
            try await run(RestoreCommand(), "restore", app, [backup, "--force"])
            #expect(!FileManager.default.fileExists(atPath: target + "-wal"))
            let after = try await rowCounts(app.db as! any SQLDatabase)
            #expect(after == before, "every table has the rows it had when the backup was taken")
            let numbers = try await Person.query(on: app.db).sort(\.$number).all().map(\.number)
            #expect(numbers.count == 4)
            // The restored database works: the accounts sign in.
            #expect(try await apiToken(app, Fixtures.username(.socialWorker)).isEmpty == false)
        }
    }

    @Test func restoreRefusesWhatIsNotAGoldawDatabase() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = dir + "/goldaw.sqlite"
        try Data("household,relationship\n".utf8).write(to: URL(fileURLWithPath: dir + "/people.csv"))
        let other = try await SQLiteConnection.open(storage: .file(path: dir + "/other.sqlite"))
        try await other.sql().raw("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)").run()
        try await other.close()
        try await withUnopenedApp(target) { app in
            for file in [dir + "/missing.sqlite", dir + "/people.csv", dir + "/other.sqlite"] {
                await #expect(throws: ExitCode.self, "\(file)") { try await run(RestoreCommand(), "restore", app, [file]) }
            }
            #expect(!FileManager.default.fileExists(atPath: target), "nothing was put in place")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
            #expect(leftovers == ["other.sqlite", "people.csv"], "no temporary file is left behind")
        }
    }

    @Test func backupRefusesADatabaseThatIsNotThere() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await withUnopenedApp(dir + "/typo.sqlite") { app in
            await #expect(throws: ExitCode.self) { try await run(BackupCommand(), "backup", app, [dir + "/copy.sqlite"]) }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty, "no empty database was made, no copy written")
    }

    @Test func onPostgreSQLBothCommandsPrintThePostgreSQLToolsInstead() async throws {
        try await withApp(configure: { app in
            var settings = Settings.fromEnvironment([:])
            settings.databaseURL = "postgres://goldaw:secret@127.0.0.1:1/goldaw"
            try await configure(app, settings: settings)
        }) { app in
            await #expect(throws: ExitCode.self) { try await run(BackupCommand(), "backup", app, ["/tmp/never.dump"]) }
            await #expect(throws: ExitCode.self) { try await run(RestoreCommand(), "restore", app, ["/tmp/never.dump"]) }
            #expect(!FileManager.default.fileExists(atPath: "/tmp/never.dump"))
        }
        #expect(SQLiteBackup.pgDumpCommand(file: "/backups/goldaw 1.dump")
                == #"pg_dump --format=custom --no-owner --file='/backups/goldaw 1.dump' "$DATABASE_URL""#)
        #expect(SQLiteBackup.pgRestoreCommands(file: "/backups/goldaw.dump").first
                == #"pg_restore --clean --if-exists --no-owner --exit-on-error --dbname="$DATABASE_URL" /backups/goldaw.dump"#)
    }
}
