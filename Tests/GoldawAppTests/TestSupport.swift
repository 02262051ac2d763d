import Fluent
import SQLKit
import Testing
import Vapor
import VaporTesting
import FluentPostgresDriver
import GoldawCore
@testable import GoldawApp
@testable import GoldawPlatform
@testable import GoldawRegistry
@testable import GoldawBenefits
@testable import GoldawGrievances
@testable import GoldawSocialServices
@testable import GoldawCases
@testable import GoldawIndicators
@testable import GoldawTools

/// Runs a test against a fresh app: in-memory SQLite by default, or, when `TEST_DATABASE_URL`
/// names a PostgreSQL server, a database of the test's own cloned from a migrated template
/// (`TestDatabases`), so that the PostgreSQL suite runs in parallel as the SQLite one does.
func withTestApp(settings adjust: @escaping (inout Settings) -> Void = { _ in }, seed: Bool = true,
                 _ body: (Application) async throws -> Void) async throws {
    pinTestClock()
    if TestDatabases.serverURL != nil {
        try await TestDatabases.withDatabase(seeded: seed) { url in
            try await withApp(configure: { app in
                var settings = Settings.fromEnvironment([:])
                settings.bcryptCost = 4
                settings.databaseURL = url
                adjust(&settings)
                try await configure(app, settings: settings)
                // A test that asked for a database of its own (an SQLite file) starts it empty.
                if settings.databaseURL != url {
                    try await app.autoMigrate()
                    if seed { try await Fixtures.seed(app) }
                }
            }, body)
        }
        return
    }
    try await withApp(configure: { app in
        var settings = Settings.fromEnvironment([:])
        settings.bcryptCost = 4
        settings.sqlitePath = ":memory:"
        adjust(&settings)
        try await configure(app, settings: settings)
        try await app.autoMigrate()
        if seed { try await Fixtures.seed(app) }
    }, body)
}

/// One PostgreSQL database per test, cloned with `CREATE DATABASE … TEMPLATE` from a template
/// migrated (and, for most tests, seeded with the fixture accounts) once per run. A clone takes
/// a fraction of a second; migrating took most of a test's time. At most `parallel` tests hold
/// a database at once, which keeps the connections under the server's limit.
enum TestDatabases {
    static var serverURL: String? {
        let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] ?? ""
        return url.isEmpty ? nil : url
    }

    static let parallel = 6
    static let slots = TestSlots(count: parallel)
    static let templates = TemplateMaker()

    static func url(for database: String) -> String {
        var components = URLComponents(string: serverURL!)!
        components.path = "/" + database
        return components.string!
    }

    /// Runs `statement` on the server's own database (the one in TEST_DATABASE_URL).
    static func admin(_ statement: String) async throws {
        let configuration = try SQLPostgresConfiguration(url: serverURL!)
        let connection = try await PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.any(),
                                                              configuration: configuration.coreConfiguration, id: 1,
                                                              logger: Logger(label: "test-databases"))
        defer { Task { try? await connection.close() } }
        _ = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: Logger(label: "test-databases"))
    }

    static func withDatabase(seeded: Bool, _ body: (String) async throws -> Void) async throws {
        let template = try await templates.name(seeded: seeded)
        try await slots.acquire()
        let name = "goldaw_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        var failure: (any Error)?
        do {
            try await templates.clone(template, as: String(name))
            try await body(url(for: String(name)))
        } catch {
            failure = error
        }
        try? await admin("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        await slots.release()
        if let failure { throw failure }
    }
}

/// Makes the two templates once, and clones one at a time: PostgreSQL refuses to copy a
/// template that another session is copying.
actor TemplateMaker {
    // An actor lets another call in while one awaits, so the work in flight is kept as a task
    // and the clones queue on a lock of their own.
    private var making: [Bool: Task<String, any Error>] = [:]
    private let cloning = TestSlots(count: 1)

    func name(seeded: Bool) async throws -> String {
        if let task = making[seeded] { return try await task.value }
        let task = Task { try await Self.make(seeded: seeded) }
        making[seeded] = task
        return try await task.value
    }

    private static func make(seeded: Bool) async throws -> String {
        let name = seeded ? "goldaw_template_seeded" : "goldaw_template"
        try await TestDatabases.admin("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        try await TestDatabases.admin("CREATE DATABASE \(name)")
        let app = try await Application.make(.testing)
        do {
            var settings = Settings.fromEnvironment([:])
            settings.bcryptCost = 4
            settings.databaseURL = TestDatabases.url(for: name)
            try await configure(app, settings: settings)
            try await app.autoMigrate()
            if seeded { try await Fixtures.seed(app) }
        } catch {
            try await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        return name
    }

    func clone(_ template: String, as name: String) async throws {
        try await cloning.acquire()
        do {
            try await TestDatabases.admin("CREATE DATABASE \(name) TEMPLATE \(template)")
        } catch {
            await cloning.release()
            throw error
        }
        await cloning.release()
    }
}

/// A counting semaphore for async tests.
actor TestSlots {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(count: Int) { free = count }

    func acquire() async throws {
        if free > 0 { free -= 1; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}

/// The date every test runs on: 2026-11-16 (a Monday), or `GOLDAW_TEST_TODAY` (YYYY-MM-DD), which
/// scripts/test uses to run the date-dependent suites a year later as well.
let testToday: CalendarDate = {
    if let raw = ProcessInfo.processInfo.environment["GOLDAW_TEST_TODAY"], !raw.isEmpty {
        guard let date = CalendarDate(iso: raw) else { fatalError("GOLDAW_TEST_TODAY must be YYYY-MM-DD, not \(raw)") }
        return date
    }
    return CalendarDate(iso: "2026-11-16")!
}()

/// Months and days relative to `testToday`, so that a test reads the same at any pinned date.
/// `month(-1)` is last month as YYYY-MM; `iso(-1, 20)` the 20th of last month; `display(0, 1)` the
/// first of this month as a user types it (DD.MM.YYYY); `lastDay(-1)` the last day of last month.
func month(_ offset: Int) -> String { monthStart(offset).iso.prefix(7).description }
func iso(_ offset: Int, _ day: Int) -> String { date(offset, day).iso }
func display(_ offset: Int, _ day: Int) -> String { date(offset, day).display }
func lastDay(_ offset: Int) -> String { monthStart(offset + 1).adding(days: -1).iso }
private func monthStart(_ offset: Int) -> CalendarDate {
    let index = testToday.year * 12 + (testToday.month - 1) + offset
    return CalendarDate(year: index / 12, month: index % 12 + 1, day: 1)!
}
private func date(_ offset: Int, _ day: Int) -> CalendarDate {
    let start = monthStart(offset)
    return CalendarDate(year: start.year, month: start.month, day: day)!
}

/// Pins the process clock to `testToday`, once: no test depends on the day it runs.
func pinTestClock() { _ = clockPinned }
private let clockPinned: Void = { AppClock.current = .pinned(on: testToday) }()

var isPostgres: Bool { !(ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] ?? "").isEmpty }

/// Accounts for tests: one per role in Mary etraby (M-MRY), plus colleagues elsewhere to test scope.
enum Fixtures {
    static let password = "correct-horse-battery"
    static let inScopeEtrap = "M-MRY"
    static let otherEtrap = "L-CAR"

    static func username(_ role: Role) -> String { "t." + role.rawValue }

    static func seed(_ app: Application) async throws {
        let service = UserService(db: app.db, settings: app.settings,
                                  audit: AuditService(db: app.db, actor: nil, clientIP: nil, requestID: "fixtures"))
        let mary = try await Territory.query(on: app.db).filter(\.$code == inScopeEtrap).first()!
        let lebap = try await Territory.query(on: app.db).filter(\.$code == otherEtrap).first()!
        let orgHere = Organisation(name: "Day centre, Mary", territoryID: try mary.requireID())
        let orgThere = Organisation(name: "Family support, Çärjew", territoryID: try lebap.requireID())
        try await orgHere.create(on: app.db)
        try await orgThere.create(on: app.db)
        for role in Role.allCases {
            let scope: ScopeKind = role.allowedScopes.contains(.district) ? .district : role.allowedScopes.first!
            _ = try await service.create(.init(
                username: username(role), fullName: "Test \(role.rawValue)", role: role.rawValue, scopeKind: scope.rawValue,
                territoryCode: scope == .district ? inScopeEtrap : "",
                organisationID: scope == .organisation ? orgHere.id!.uuidString : ""), password: password, mustChange: false)
        }
        // Out of everybody's etrap scope: a social worker in Lebap and a provider of another organisation.
        _ = try await service.create(.init(username: "t.far.worker", fullName: "Far Worker", role: Role.socialWorker.rawValue,
                                           scopeKind: "district", territoryCode: otherEtrap, organisationID: ""),
                                     password: password, mustChange: false)
        _ = try await service.create(.init(username: "t.far.provider", fullName: "Far Provider", role: Role.serviceProvider.rawValue,
                                           scopeKind: "organisation", territoryCode: "", organisationID: orgThere.id!.uuidString),
                                     password: password, mustChange: false)
    }

    struct People {
        let here: UUID
        let there: UUID
        let pairHere: UUID
        let pairThere: UUID
        let applicationHere: UUID
        let applicationThere: UUID
        let cycleHere: UUID
        let cycleThere: UUID
        let pathHere: String
        let pathThere: String
        let caseHere: UUID
        let caseThere: UUID
    }

    /// Two people in Mary etraby and two in Çärjew etraby, each pair queued as duplicates.
    static func people(_ app: Application) async throws -> People {
        let registry = RegistryService(db: app.db, actor: nil, audit: AuditService(db: app.db))
        var ids: [UUID] = []
        var pairs: [UUID] = []
        for (code, surname) in [(inScopeEtrap, "Mämmedow"), (otherEtrap, "Nepesow")] {
            var draft = PersonDraft()
            draft.givenName = "Kakajan"
            draft.surname = surname
            draft.sex = "male"
            draft.birthDate = "01.01.1990"
            draft.territoryCode = code
            guard case .created(let first) = try await registry.create(draft, confirmedNew: true),
                  case .created(let second) = try await registry.create(draft, confirmedNew: true) else {
                throw AppError.badRequest("fixture")
            }
            ids.append(first.id!)
            let pair = try await DuplicatePair.query(on: app.db).filter(\.$personB.$id ~~ [first.id!, second.id!])
                .filter(\.$personA.$id ~~ [first.id!, second.id!]).first()
            pairs.append(pair!.id!)
        }
        // A submitted application and an approved (empty) payroll cycle on each side.
        var applications: [UUID] = []
        var cycles: [UUID] = []
        var paths: [String] = []
        for (index, code) in [inScopeEtrap, otherEtrap].enumerated() {
            let territory = try await Territory.query(on: app.db).filter(\.$code == code).first()!
            let application = BenefitApplication()
            application.number = "BA-FIXTURE-\(index)"
            application.programme = "social_allowance"
            application.$beneficiary.id = ids[index]
            application.$applicant.id = ids[index]
            application.territoryPath = territory.path
            application.status = "submitted"
            application.source = "officer"
            application.documents = ""
            application.requestedFrom = "2026-01-01"
            application.version = 1
            try await application.create(on: app.db)
            applications.append(application.id!)
            let cycle = PayrollCycle()
            cycle.number = "PR-FIXTURE-\(index)"
            cycle.programme = "child_care"
            cycle.$territory.id = territory.id!
            cycle.territoryPath = territory.path
            cycle.month = "2026-01"
            cycle.status = "approved"
            cycle.lineCount = 0
            cycle.total = 0
            cycle.usesUnconfirmed = false
            cycle.version = 1
            try await cycle.create(on: app.db)
            cycles.append(cycle.id!)
            paths.append(territory.path)
        }
        // A child protection case on each side, assigned to that side's social worker.
        var cases: [UUID] = []
        let workers = [try await user(app, username(.socialWorker)).id!, try await user(app, "t.far.worker").id!]
        for (index, path) in paths.enumerated() {
            let record = CaseRecord()
            record.$worker.id = workers[index]
            record.number = "MR-2026-99999\(index)"
            record.$child.id = ids[index]
            record.territoryPath = path
            record.identificationSource = "school"
            record.concerns = ",neglect,"
            record.urgent = false
            record.summary = "Fixture"
            record.identifiedOn = "2026-01-01"
            record.registeredAt = AppClock.now
            record.step = "identification"
            record.riskRank = 9
            record.version = 1
            try await record.create(on: app.db)
            cases.append(record.id!)
        }
        return People(here: ids[0], there: ids[1], pairHere: pairs[0], pairThere: pairs[1],
                      applicationHere: applications[0], applicationThere: applications[1],
                      cycleHere: cycles[0], cycleThere: cycles[1], pathHere: paths[0], pathThere: paths[1],
                      caseHere: cases[0], caseThere: cases[1])
    }

    static func user(_ app: Application, _ username: String) async throws -> User {
        try await User.query(on: app.db).filter(\.$username == username).first()!
    }
}

/// A cookie-keeping client over the in-memory tester, like a browser with one tab.
final class Browser: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]
    var lastCSRF: String = ""
    var acceptLanguage: String?

    init(_ app: Application) { self.app = app }

    @discardableResult
    func get(_ path: String, headers extra: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        try await send(.GET, path, headers: extra)
    }

    @discardableResult
    func post(_ path: String, form: [String: String], csrf: Bool = true) async throws -> TestingHTTPResponse {
        var fields = form
        if csrf && fields["_csrf"] == nil { fields["_csrf"] = lastCSRF }
        let body = fields.map { key, value in
            "\(key.urlFormEncoded)=\(value.urlFormEncoded)"
        }.joined(separator: "&")
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        return try await send(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }

    /// A form with repeated names (checkbox lists such as `documents[]`).
    @discardableResult
    func post(_ path: String, pairs: [(String, String)]) async throws -> TestingHTTPResponse {
        let body = ([("_csrf", lastCSRF)] + pairs).map { "\($0.0.urlFormEncoded)=\($0.1.urlFormEncoded)" }.joined(separator: "&")
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        return try await send(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }

    /// A form with one file, as a browser uploads it.
    @discardableResult
    func upload(_ path: String, file: String, named filename: String = "results.csv") async throws -> TestingHTTPResponse {
        let boundary = "GoldawTestBoundary"
        var body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(lastCSRF)\r\n"
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: text/csv\r\n\r\n\(file)\r\n"
        body += "--\(boundary)--\r\n"
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
        return try await send(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }

    func send(_ method: HTTPMethod, _ path: String, headers extra: HTTPHeaders = [:], body: ByteBuffer? = nil) async throws -> TestingHTTPResponse {
        var headers = extra
        if !cookies.isEmpty {
            headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: body)
        for (name, value) in response.headers.setCookie?.all ?? [:] {
            if value.expires.map({ $0 < AppClock.now }) == true || value.string.isEmpty {
                cookies.removeValue(forKey: name)
            } else {
                cookies[name] = value.string
            }
        }
        let html = response.body.string
        if let range = html.range(of: #"name="_csrf" value=""#) {
            let rest = html[range.upperBound...]
            if let end = rest.firstIndex(of: "\"") { lastCSRF = String(rest[..<end]) }
        }
        return response
    }

    /// Signs in through the login form; returns the final response after the redirect.
    @discardableResult
    func login(_ username: String, _ password: String = Fixtures.password) async throws -> TestingHTTPResponse {
        try await get("/login")
        return try await post("/login", form: ["username": username, "password": password])
    }
}

extension String {
    var urlFormEncoded: String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return addingPercentEncoding(withAllowedCharacters: allowed) ?? self
    }
}

/// Gets an API token for a user.
func apiToken(_ app: Application, _ username: String, _ password: String = Fixtures.password) async throws -> String {
    var headers = HTTPHeaders()
    headers.contentType = .json
    let response = try await app.testing().sendRequest(.POST, "/api/v1/auth/token", headers: headers,
                                                       body: ByteBuffer(string: #"{"username":"\#(username)","password":"\#(password)"}"#))
    struct Token: Decodable { let token: String }
    return try response.content.decode(Token.self).token
}

func bearer(_ token: String) -> HTTPHeaders {
    var headers = HTTPHeaders()
    headers.bearerAuthorization = .init(token: token)
    return headers
}

func auditCount(_ app: Application, action: AuditAction, username: String? = nil) async throws -> Int {
    var query = AuditEvent.query(on: app.db).filter(\.$action == action.rawValue)
    if let username { query = query.filter(\.$username == username) }
    return try await query.count()
}
