import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform

/// An uploaded CSV of households and members, kept with its check report until it is saved.
package final class RegistryImport: Model, @unchecked Sendable {
    package static let schema = "registry_imports"

    @ID(key: .id) package var id: UUID?
    @Field(key: "filename") package var filename: String
    @Field(key: "content") package var content: String
    /// all_or_nothing | valid_only
    @Field(key: "mode") package var mode: String
    /// checked | saved | refused
    @Field(key: "status") package var status: String
    /// One problem per line: "row|column|key".
    @Field(key: "report") package var report: String
    @Field(key: "rows_total") package var rowsTotal: Int
    @Field(key: "rows_valid") package var rowsValid: Int
    @Field(key: "households_saved") package var householdsSaved: Int
    @Field(key: "people_saved") package var peopleSaved: Int
    @OptionalField(key: "uploaded_by") package var uploadedBy: UUID?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @OptionalField(key: "saved_at") package var savedAt: Date?
    /// Households the valid rows make: what a save in progress counts towards.
    @OptionalField(key: "households_total") package var householdsTotal: Int?
    /// Written by a save in progress after every household: a save whose heartbeat stopped
    /// died with its process, and saving again takes it over.
    @OptionalField(key: "heartbeat_at") package var heartbeatAt: Date?

    package init() {}

    /// checked → saving → saved; a save that failed goes back to checked.
    package var isSaving: Bool { status == "saving" }

    /// Whether a save in progress has stopped beating. All-or-nothing writes every household in
    /// one transaction and cannot beat meanwhile, so it is given longer.
    package func heartbeatStopped(now: Date = AppClock.now) -> Bool {
        guard isSaving else { return false }
        return now.timeIntervalSince(heartbeatAt ?? .distantPast) > Self.heartbeatAllowance(mode: mode)
    }

    package static func heartbeatAllowance(mode: String) -> Double { mode == "all_or_nothing" ? 30 * 60 : 90 }
}

/// A household an import has written: the durable part of an import's progress.
package final class RegistryImportHousehold: Model, @unchecked Sendable {
    package static let schema = "registry_import_households"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "import_id") package var upload: RegistryImport
    /// The household column of the file.
    @Field(key: "household_key") package var householdKey: String
    @Parent(key: "household_id") package var household: Household
    @Field(key: "people_saved") package var peopleSaved: Int
    @Field(key: "saved_at") package var savedAt: Date

    package init() {}

    package init(importID: UUID, householdKey: String, householdID: UUID, peopleSaved: Int, savedAt: Date) {
        self.id = AppClock.newID()
        self.$upload.id = importID
        self.householdKey = householdKey
        self.$household.id = householdID
        self.peopleSaved = peopleSaved
        self.savedAt = savedAt
    }
}

/// Reads, checks and saves a registry CSV. A dry run writes nothing to the registry. Saving in
/// "valid rows" mode writes each household in its own transaction together with a row saying
/// it is done, so a save that was cut off (a killed process, a lost connection) is finished by
/// saving again, and no household is written twice. "All or nothing" writes every household
/// in one transaction.
package struct ImportService {
    package let db: any Database
    package let actor: CurrentUser?
    package let audit: AuditService

    /// Columns, with the English and the Turkmen header each file may use.
    package static let columns: [(key: String, english: String, turkmen: String, required: Bool)] = [
        ("household", "household", "maşgala", true),
        ("relationship", "relationship", "garyndaşlyk", true),
        ("surname", "surname", "familiýasy", true),
        ("givenName", "given_name", "ady", true),
        ("patronymic", "patronymic", "atasynyň_ady", false),
        ("sex", "sex", "jynsy", true),
        ("birthDate", "birth_date", "doglan_senesi", true),
        ("birthDateEstimated", "birth_date_estimated", "takmynan", false),
        ("legalStatus", "legal_status", "hukuk_ýagdaýy", false),
        ("territoryCode", "territory", "territoriýa", true),
        ("locality", "locality", "ýaşaýyş_ýeri", false),
        ("street", "street", "köçe", false),
        ("documentType", "document_type", "resminama_görnüşi", false),
        ("documentNumber", "document_number", "resminama_belgisi", false),
        ("phone", "phone", "telefon", false),
        ("memberSince", "member_since", "agza_bolan_senesi", false),
    ]

    package struct Problem: Sendable { package let row: Int; package let column: String; package let key: String; package init(row: Int, column: String, key: String) { self.row = row; self.column = column; self.key = key } }

    package struct Row: Sendable {
        package let line: Int
        package let household: String
        package let relationship: String
        package let draft: PersonDraft
        package let memberSince: String

        package init(line: Int, household: String, relationship: String, draft: PersonDraft, memberSince: String) {
            self.line = line
            self.household = household
            self.relationship = relationship
            self.draft = draft
            self.memberSince = memberSince
        }
    }

    package struct Checked {
        package var rows: [Row] = []
        package var problems: [Problem] = []
        package var validRows: [Row] {
            let refused = Set(problems.map(\.row))
            return rows.filter { !refused.contains($0.line) && !badHouseholds.contains($0.household) }
        }
        package var badHouseholds: Set<String> = []
        /// The households the valid rows make, each with its members, head first.
        package var households: [(key: String, members: [Row])] {
            Dictionary(grouping: validRows, by: \.household).sorted { $0.key < $1.key }.map { key, members in
                (key, members.sorted { ($0.relationship == "head" ? 0 : 1, $0.line) < ($1.relationship == "head" ? 0 : 1, $1.line) })
            }
        }
    }

    /// Decodes the upload: it must be UTF-8 (a BOM is fine).
    package static func text(from data: Data) -> String? {
        String(data: data, encoding: .utf8)
    }

    /// Decodes an upload without copying it first: it must be UTF-8 (a BOM is fine).
    package static func text(from buffer: ByteBuffer) -> String? {
        String(validating: buffer.readableBytesView, as: UTF8.self)
    }

    /// The file's rows as drafts, with the problems of its header and of rows with the wrong
    /// number of fields; `usable` is false when the header refuses the whole file. The parser's
    /// table of strings (1.3 million of them for 100,000 rows) is gone when this returns, so a
    /// check holds the rows once.
    private static func read(_ text: String, today: CalendarDate) throws -> (rows: [Row], problems: [Problem], usable: Bool) {
        var problems: [Problem] = []
        let table: [[String]]
        do { table = try CSVText.parse(text) } catch CSVText.Problem.unterminatedQuote(let line) {
            return ([], [.init(row: line, column: "", key: "import.unterminated_quote")], false)
        }
        guard let header = table.first else {
            return ([], [.init(row: 1, column: "", key: "import.empty")], false)
        }
        var index: [String: Int] = [:]
        for (position, name) in header.enumerated() {
            let normalised = name.trimmingCharacters(in: .whitespaces).lowercased()
            if let column = Self.columns.first(where: { $0.english == normalised || $0.turkmen == normalised }) {
                index[column.key] = position
            } else if !normalised.isEmpty {
                problems.append(.init(row: 1, column: name, key: "import.unknown_column"))
            }
        }
        for column in Self.columns where column.required && index[column.key] == nil {
            problems.append(.init(row: 1, column: column.english, key: "import.missing_column"))
        }
        guard problems.isEmpty else { return ([], problems, false) }
        var parsed: [Row] = []
        parsed.reserveCapacity(table.count - 1)
        for (offset, fields) in table.dropFirst().enumerated() {
            let line = offset + 2
            func value(_ key: String) -> String {
                guard let position = index[key], position < fields.count else { return "" }
                return fields[position].trimmingCharacters(in: .whitespaces)
            }
            if fields.count != header.count {
                problems.append(.init(row: line, column: "", key: "import.wrong_field_count"))
                continue
            }
            var draft = PersonDraft()
            draft.surname = value("surname")
            draft.givenName = value("givenName")
            draft.patronymic = value("patronymic")
            draft.sex = Self.sex(value("sex"))
            draft.birthDate = value("birthDate")
            draft.birthDateEstimated = ["1", "yes", "hawa", "true"].contains(value("birthDateEstimated").lowercased())
            draft.legalStatus = value("legalStatus").isEmpty ? LegalStatus.citizen.rawValue : value("legalStatus")
            draft.territoryCode = value("territoryCode")
            draft.locality = value("locality")
            draft.street = value("street")
            draft.phones = value("phone")
            if !value("documentNumber").isEmpty {
                draft.documents = [.init(type: value("documentType"), number: value("documentNumber"))]
            }
            parsed.append(Row(line: line, household: value("household"), relationship: Self.relationship(value("relationship")),
                              draft: draft, memberSince: value("memberSince").isEmpty ? today.display : value("memberSince")))
        }
        return (parsed, problems, true)
    }

    package func check(_ text: String) async throws -> Checked {
        var checked = Checked()
        let today = CalendarDate.today
        let read = try Self.read(text, today: today)
        checked.problems = read.problems
        guard read.usable else { return checked }
        let parsed = read.rows
        // Two queries for the whole file, then no query per row.
        let lookups = try await PersonDraft.Lookups.load(on: db, drafts: parsed.map(\.draft), today: today)
        var seenDocuments: Set<String> = []
        for row in parsed {
            let line = row.line
            if row.household.isEmpty { checked.problems.append(.init(row: line, column: "household", key: "validation.required")) }
            if Relationship(rawValue: row.relationship) == nil {
                checked.problems.append(.init(row: line, column: "relationship", key: "validation.choose"))
            }
            // The rules the save applies to a membership, checked here so that what the report
            // calls valid is what the save writes.
            if let since = CalendarDate(userInput: row.memberSince) {
                if since > today {
                    checked.problems.append(.init(row: line, column: "member_since", key: "validation.date"))
                } else if let birth = CalendarDate(userInput: row.draft.birthDate), since < birth {
                    checked.problems.append(.init(row: line, column: "member_since", key: "registry.member_before_birth"))
                }
            } else {
                checked.problems.append(.init(row: line, column: "member_since", key: "validation.date"))
            }
            do {
                let valid = try await row.draft.validate(on: db, scope: actor?.scope ?? .national, today: today, lookups: lookups)
                for document in valid.documents where !seenDocuments.insert("\(document.type.rawValue):\(document.number)").inserted {
                    checked.problems.append(.init(row: line, column: "document_number", key: "import.document_repeated"))
                }
            } catch AppError.invalid(let problems) {
                for problem in problems {
                    let column = Self.columns.first { $0.key == problem.field }?.english ?? problem.field
                    checked.problems.append(.init(row: line, column: column, key: problem.key))
                }
            }
        }
        // Every row read is in the report, valid or not: the same array, not a copy.
        checked.rows = parsed
        // Household rules: exactly one head per household in the file.
        for (household, members) in Dictionary(grouping: checked.rows, by: \.household) where !household.isEmpty {
            let heads = members.filter { $0.relationship == Relationship.head.rawValue }.count
            if heads != 1 {
                checked.badHouseholds.insert(household)
                for member in members {
                    checked.problems.append(.init(row: member.line, column: "relationship",
                                                  key: heads == 0 ? "registry.household_no_head" : "registry.household_two_heads"))
                }
            }
        }
        // A set, not a search of the problems for each row: a file of 100,000 rows whose
        // documents are all taken has 100,000 problems.
        let refused = Set(checked.problems.map(\.row))
        for row in checked.rows where refused.contains(row.line) {
            checked.badHouseholds.insert(row.household)
        }
        return checked
    }

    package static func sex(_ raw: String) -> String {
        switch raw.lowercased() {
        case "f", "female", "aýal", "ayal", "ж", "женский": Sex.female.rawValue
        case "m", "male", "erkek", "м", "мужской": Sex.male.rawValue
        default: raw.lowercased()
        }
    }

    package static func relationship(_ raw: String) -> String {
        let value = raw.lowercased().replacingOccurrences(of: " ", with: "_")
        let turkmen: [String: Relationship] = [
            "maşgala_baştutany": .head, "baştutan": .head, "ýanýoldaşy": .spouse, "çagasy": .child, "agtygy": .grandchild,
            "ene-atasy": .parent, "dogany": .sibling, "beýleki_garyndaşy": .otherRelative, "garyndaş_däl": .nonRelative,
        ]
        return turkmen[value]?.rawValue ?? value
    }

    /// Checks a file and keeps it with its report, for the person who uploaded it to save.
    package func stage(_ text: String, filename: String, mode: String) async throws -> RegistryImport {
        let checked = try await check(text)
        let upload = RegistryImport()
        upload.id = AppClock.newID()
        upload.filename = String(filename.prefix(200))
        upload.content = text
        upload.mode = mode == "valid_only" ? "valid_only" : "all_or_nothing"
        upload.status = "checked"
        upload.report = Self.reportText(checked.problems)
        let valid = checked.validRows
        upload.rowsTotal = checked.rows.count
        upload.rowsValid = valid.count
        upload.householdsTotal = Set(valid.map(\.household)).count
        upload.householdsSaved = 0
        upload.peopleSaved = 0
        upload.uploadedBy = actor?.id
        try await upload.create(on: db)
        return upload
    }

    /// The problems a stored report lists.
    package static func problems(of upload: RegistryImport) -> [Problem] {
        upload.report.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3 else { return nil }
            return Problem(row: Int(parts[0]) ?? 0, column: parts[1], key: parts[2])
        }
    }

    /// Whether a checked upload may be saved: some valid rows, and in all-or-nothing mode none refused.
    package static func canSave(_ upload: RegistryImport) -> Bool {
        (upload.status == "checked" || upload.heartbeatStopped()) && upload.rowsValid > 0
            && !(upload.mode == "all_or_nothing" && !upload.report.isEmpty)
    }

    package struct Saved: Sendable, Equatable {
        package var households = 0
        package var people = 0
        package init(households: Int = 0, people: Int = 0) { self.households = households; self.people = people }
    }

    /// What this upload has written so far.
    package func progress(of upload: RegistryImport) async throws -> Saved {
        // One aggregate, not the rows: the report of a 100,000-row save is read every few seconds.
        // The cast: PostgreSQL sums a bigint column as numeric.
        let row = try await (db as! any SQLDatabase).raw("""
            SELECT COUNT(*) AS households, CAST(COALESCE(SUM(people_saved), 0) AS BIGINT) AS people \
            FROM registry_import_households WHERE import_id = \(bind: try upload.requireID())
            """).first()
        return Saved(households: try row?.decode(column: "households", as: Int.self) ?? 0,
                     people: try row?.decode(column: "people", as: Int.self) ?? 0)
    }

    /// Claims a checked upload for saving (or one whose save died), so that one save runs at a
    /// time. False when it is saved, or another save is running.
    package func begin(_ upload: RegistryImport) async throws -> Bool {
        let now = AppClock.now
        let stale = now.addingTimeInterval(-RegistryImport.heartbeatAllowance(mode: upload.mode))
        // One statement, its condition checked again by the database when two claims meet, so
        // that exactly one wins on either database.
        let claimed = try await (db as! any SQLDatabase).raw("""
            UPDATE registry_imports SET status = 'saving', heartbeat_at = \(bind: now) \
            WHERE id = \(bind: try upload.requireID()) AND (status = 'checked' \
            OR (status = 'saving' AND (heartbeat_at IS NULL OR heartbeat_at < \(bind: stale)))) RETURNING id
            """).all()
        return !claimed.isEmpty
    }

    /// Saves, in the background, an upload `begin` has claimed: the page and the API answer at
    /// once and show the progress. A failure puts the upload back to "checked".
    package static func saveInBackground(_ upload: RegistryImport, app: Application, actor: CurrentUser, audit: AuditService) {
        let db = app.db
        let service = ImportService(db: db, actor: actor, audit: audit.on(db))
        let logger = app.logger
        app.importJobs.run {
            do {
                // A save is safe to run again, so one that met a locked SQLite (a read beside
                // another writer on a shared cache) simply runs again, a few times.
                var attempt = 0
                var saved = ImportService.Saved()
                while true {
                    do {
                        saved = try await service.save(upload)
                        break
                    } catch where attempt < 20 && DatabaseSetup.isSQLiteBusy(error) {
                        attempt += 1
                        try await Task.sleep(nanoseconds: UInt64.random(in: 5_000_000...50_000_000))
                    }
                }
                try await audit.on(db).record(.registryImported, recordType: "registry_import", recordID: upload.id?.uuidString,
                                              detail: "\(upload.filename): \(saved.households) households, \(saved.people) people, mode \(upload.mode)")
            } catch is CancellationError {
                // The server is stopping: the heartbeat stops with it, and saving again resumes.
            } catch {
                logger.report(error: error)
                try? await RegistryImport.query(on: db).filter(\.$id == upload.requireID()).filter(\.$status == "saving")
                    .set(\.$status, to: "checked").set(\.$heartbeatAt, to: nil).update()
            }
        }
    }

    /// Saves the checked households that are not saved yet and returns what the upload has
    /// written in all. In all-or-nothing mode a single problem, or a failure of any household,
    /// saves nothing. Every household leaves an audit row naming the people written. A household
    /// refused at this point in "valid rows" mode (its document taken since the check) is left
    /// out, its problems added to the report, and the others are saved.
    package func save(_ upload: RegistryImport) async throws -> Saved {
        let checked = try await check(upload.content)
        if upload.mode == "all_or_nothing" && !checked.problems.isEmpty {
            // The registry changed since the check (a document now taken, a unit abolished):
            // the report shows the new problems and the upload cannot be saved as it is.
            try await RegistryImport.query(on: db).filter(\.$id == upload.requireID())
                .set(\.$report, to: Self.reportText(checked.problems)).set(\.$rowsValid, to: checked.validRows.count).update()
            throw AppError.conflict("import.changed_since_check")
        }
        let uploadID = try upload.requireID()
        let done = Set(try await RegistryImportHousehold.query(on: db).filter(\.$upload.$id == uploadID).all().map(\.householdKey))
        let pending = checked.households.filter { !done.contains($0.key) }
        let today = CalendarDate.today
        if upload.mode == "all_or_nothing" {
            try await db.writing { tx in
                for household in pending { try await self.on(tx).write(household, of: upload, today: today) }
                try await Self.markSaved(upload, on: tx)
            }
        } else {
            var refused: [Problem] = []
            for household in pending {
                try Task.checkCancellation()
                do {
                    try await db.writing { tx in try await self.on(tx).write(household, of: upload, today: today) }
                } catch let error where AppErrorMiddleware.isUniqueViolation(error) {
                    // Another save of the same upload wrote this household first.
                } catch AppError.invalid(let problems) {
                    for row in household.members {
                        refused += problems.map { Problem(row: row.line, column: $0.field, key: $0.key) }
                    }
                }
                try await RegistryImport.query(on: db).filter(\.$id == uploadID).set(\.$heartbeatAt, to: AppClock.now).update()
            }
            if !refused.isEmpty {
                try await RegistryImport.query(on: db).filter(\.$id == uploadID)
                    .set(\.$report, to: [upload.report, Self.reportText(refused)].filter { !$0.isEmpty }.joined(separator: "\n")).update()
            }
            try await Self.markSaved(upload, on: db)
        }
        return try await progress(of: upload)
    }

    /// The stored form of a check report: one problem a line, "row|column|key".
    package static func reportText(_ problems: [Problem]) -> String {
        problems.map { "\($0.row)|\($0.column)|\($0.key)" }.joined(separator: "\n")
    }

    private func on(_ tx: any Database) -> ImportService { ImportService(db: tx, actor: actor, audit: audit.on(tx)) }

    private static func markSaved(_ upload: RegistryImport, on db: any Database) async throws {
        let id = try upload.requireID()
        let saved = try await RegistryImportHousehold.query(on: db).filter(\.$upload.$id == id).all()
        try await RegistryImport.query(on: db).filter(\.$id == id)
            .set(\.$status, to: "saved").set(\.$heartbeatAt, to: nil).set(\.$householdsSaved, to: saved.count)
            .set(\.$peopleSaved, to: saved.reduce(0) { $0 + $1.peopleSaved }).set(\.$savedAt, to: AppClock.now).update()
    }

    /// One household and its people, with the row that says it is done; inside a transaction.
    private func write(_ household: (key: String, members: [Row]), of upload: RegistryImport, today: CalendarDate) async throws {
        let registry = RegistryService(db: db, actor: actor, audit: audit)
        var created: [(Person, Row)] = []
        for row in household.members {
            let valid = try await row.draft.validate(on: db, scope: actor?.scope ?? .national, today: today)
            let matches = try await registry.candidates(for: valid.fingerprint, excluding: nil)
            created.append((try await registry.insert(valid, matches: matches, source: "import"), row))
        }
        let head = created[0]
        let saved = try await HouseholdService(db: db, actor: actor, audit: audit).create(
            territoryCode: head.1.draft.territoryCode, locality: head.1.draft.locality, street: head.1.draft.street,
            members: created.map { .init(personID: $0.0.id!, relationship: $0.1.relationship, from: $0.1.memberSince) })
        try await RegistryImportHousehold(importID: try upload.requireID(), householdKey: household.key,
                                          householdID: try saved.requireID(), peopleSaved: created.count,
                                          savedAt: AppClock.now).create(on: db)
        try await audit.record(.registryImported, recordType: "household", recordID: saved.id?.uuidString,
                               detail: "\(upload.filename) \(household.key) → \(saved.number): "
                                   + created.map(\.0.number).joined(separator: ", "))
    }
}

/// The import saves running in this process. When the server stops, they are cancelled between
/// two households and awaited, so none touches the database after it has closed; each resumes
/// when its upload is saved again.
package final class ImportJobs: LifecycleHandler, @unchecked Sendable {
    private let tasks = NIOLockedValueBox<[UUID: Task<Void, Never>]>([:])
    static let creation = NIOLock()

    package init() {}

    package func run(_ work: @escaping @Sendable () async -> Void) {
        let id = UUID()
        tasks.withLockedValue { tasks in
            tasks[id] = Task.detached { [weak self] in
                await work()
                self?.tasks.withLockedValue { _ = $0.removeValue(forKey: id) }
            }
        }
    }

    package func shutdownAsync(_ application: Application) async {
        let running = tasks.withLockedValue { Array($0.values) }
        for task in running { task.cancel() }
        for task in running { await task.value }
    }
}

private struct ImportJobsKey: StorageKey { typealias Value = ImportJobs }

extension Application {
    /// Made on first use, under a lock: two first imports at once must share one registry.
    package var importJobs: ImportJobs {
        ImportJobs.creation.withLock {
            if let jobs = storage[ImportJobsKey.self] { return jobs }
            let jobs = ImportJobs()
            storage[ImportJobsKey.self] = jobs
            lifecycle.use(jobs)
            return jobs
        }
    }
}
