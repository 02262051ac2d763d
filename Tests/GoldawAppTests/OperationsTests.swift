import Fluent
import SQLKit
import PostgresNIO
import Testing
import Vapor
import VaporTesting
@testable import GoldawApp
@testable import GoldawPlatform
@testable import GoldawRegistry
@testable import GoldawBenefits
@testable import GoldawGrievances
@testable import GoldawSocialServices
@testable import GoldawCases
@testable import GoldawIndicators
@testable import GoldawTools

@Suite("Operations, headers, errors and audit") struct OperationsTests {
    /// Databases migrated before the domains became targets recorded every migration under the
    /// module `GoldawApp`; a changed name would make Fluent run a migration a second time.
    @Test func migrationsKeepTheNamesDatabasesRecorded() {
        let names = AppMigrations.all.map(\.name)
        #expect(names.first == "GoldawApp.M001_CreateTerritories")
        #expect(names.contains("GoldawApp.M008_CreateBenefits"))
        #expect(names.contains("GoldawApp.M030_CreateCases"))
        #expect(names.contains("GoldawApp.M042_CreateCaseTeam"))
        #expect(names.allSatisfy { $0.hasPrefix("GoldawApp.M0") })
        #expect(names.contains("GoldawApp.M043_AddPasswordHistory"))
        #expect(names.contains("GoldawApp.M048_CreateCare"))
        #expect(names.contains("GoldawApp.M052_AddChildComplaints") && names.contains("GoldawApp.M053_CreateCaseIntakes"))
        #expect(names.contains("GoldawApp.M050_CreateJustice"))
        #expect(Set(names).count == 32)
    }

    @Test func healthAnswersOkWhenTheDatabaseAnswers() async throws {
        try await withTestApp(seed: false) { app in
            let response = try await app.testing().sendRequest(.GET, "/healthz")
            #expect(response.status == .ok)
            #expect(response.body.string == #"{"status":"ok"}"#)
        }
    }

    /// A request still running at the deadline is answered 503 with Retry-After, as a page or a
    /// problem document, and a quick one is answered as usual.
    // The deadline is 2 s, not less: the quick request after it (a health check that asks the
    // database) must fit in it while the rest of the suite loads both cores.
    @Test func aRequestWithoutAnAnswerByTheDeadlineIsAnswered503() async throws {
        try await withTestApp(settings: { $0.requestSeconds = 2 }) { app in
            app.get("test-slow") { _ async throws -> String in
                try? await Task.sleep(nanoseconds: 20_000_000_000)
                return "late"
            }
            let started = ContinuousClock.now
            var headers = HTTPHeaders()
            headers.add(name: .accept, value: "application/problem+json")
            let slow = try await app.testing().sendRequest(.GET, "/test-slow", headers: headers)
            #expect(slow.status == .serviceUnavailable)
            #expect(slow.headers.first(name: "Retry-After") == "2")
            #expect(ContinuousClock.now - started < .seconds(10))
            #expect(try await app.testing().sendRequest(.GET, "/healthz").status == .ok)
        }
    }

    @Test func healthAnswers503WhenTheDatabaseIsDown() async throws {
        try await withApp(configure: { app in
            pinTestClock()
            var settings = Settings.fromEnvironment([:])
            // Nothing listens on port 1: every connection attempt is refused.
            settings.databaseURL = "postgres://goldaw:goldaw@127.0.0.1:1/goldaw"
            try await configure(app, settings: settings)
        }) { app in
            let response = try await app.testing().sendRequest(.GET, "/healthz")
            #expect(response.status == .serviceUnavailable)
            #expect(response.body.string.contains("unavailable"))
            // Any request that needs the database says so with 503 and when to retry, never 500.
            var headers = HTTPHeaders()
            headers.contentType = .json
            let token = try await app.testing().sendRequest(.POST, "/api/v1/auth/token", headers: headers,
                                                            body: ByteBuffer(string: #"{"username":"a.b","password":"whatever-123"}"#))
            #expect(token.status == .serviceUnavailable)
            #expect(token.headers.first(name: "Retry-After") == "2")
            #expect(token.body.string.contains(#""type":"https:\/\/goldaw.gov.tm\/problems\/unavailable""#))
            let page = try await app.testing().sendRequest(.GET, "/complaints")
            #expect(page.status == .serviceUnavailable)
        }
    }

    /// A PostgreSQL restart reaches the app as one of several error types, depending on which of
    /// PostgresNIO's query paths was running; each must read as "unavailable" (503), never as a
    /// fault in the request (500). The older path's `PostgresError`s were answered 500 before.
    /// (The server's own 57P01 at a shutdown has no public initialiser to build one here.)
    @Test func aDatabaseRestartIsUnavailableWhicheverPathReportsIt() {
        #expect(DatabaseSetup.isUnavailable(PostgresError.connectionClosed))
        #expect(DatabaseSetup.isUnavailable(PostgresError.protocol("Unexpected connection close")))
        // A real fault in the request stays a fault.
        #expect(!DatabaseSetup.isUnavailable(PostgresError.protocol("Error decoding message: bad")))
    }

    @Test func metricsCountRequestsByRoute() async throws {
        try await withTestApp(seed: false) { app in
            _ = try await app.testing().sendRequest(.GET, "/healthz")
            _ = try await app.testing().sendRequest(.GET, "/login")
            // Without the scraper's token, from no loopback peer, there is nothing at /metrics.
            #expect(try await app.testing().sendRequest(.GET, "/metrics").status == .notFound)
            app.settings.metricsToken = "scrape-secret"
            let wrong = try await app.testing().sendRequest(.GET, "/metrics", headers: ["Authorization": "Bearer scrape-secreT"])
            #expect(wrong.status == .notFound)
            let response = try await app.testing().sendRequest(.GET, "/metrics", headers: ["Authorization": "Bearer scrape-secret"])
            #expect(response.status == .ok)
            #expect(response.body.string.contains(#"goldaw_http_requests_total{method="GET",route="/healthz",status="200"} 1"#))
            #expect(response.body.string.contains("goldaw_http_request_duration_seconds_bucket"))
        }
    }

    /// Every list page links its neighbours the same way: filters kept, encoded, in one order.
    @Test func listPagesLinkTheirNeighbours() {
        let filters = ["q": "Öwezow Ş&x", "sex": "", "territory": "M-MRY"]
        #expect(PageLinks.href("/people", filters: filters, page: 2) == "/people?q=%C3%96wezow%20%C5%9E%26x&territory=M-MRY&page=2")
        let first = PageLinks(page: 1, hasMore: true, path: "/people", filters: filters)
        #expect(first.prevHref == nil)
        #expect(first.nextHref == "/people?q=%C3%96wezow%20%C5%9E%26x&territory=M-MRY&page=2")
        let last = PageLinks(page: 3, hasMore: false, path: "/cases", filters: [:])
        #expect(last.prevHref == "/cases?page=2" && last.nextHref == nil && last.page == 3)
    }

    /// A page is read one row past its end: that row tells whether another page follows, and is
    /// never shown.
    @Test func aPagerReadsOneRowAhead() {
        #expect(Paging.window(page: 1, perPage: 25) == 0..<26)
        #expect(Paging.window(page: 3, perPage: 10) == 20..<31)
        let full = Pager(reading: Array(1...11), page: 2, perPage: 10)
        #expect(full.rows == Array(1...10) && full.hasMore)
        let last = Pager(reading: Array(1...10), page: 2, perPage: 10)
        #expect(last.rows.count == 10 && !last.hasMore)
        let sliced = Pager(slicing: Array(1...25), page: 3, perPage: 10)
        #expect(sliced.rows == Array(21...25) && !sliced.hasMore)
        #expect(Pager(slicing: Array(1...25), page: 2, perPage: 10).map { $0 * 2 }.rows == Array(stride(from: 22, through: 40, by: 2)))
        let links = full.links("/cases", filters: ["risk": "high", "q": ""])
        #expect(links.prevHref == "/cases?risk=high&page=1" && links.nextHref == "/cases?risk=high&page=3" && links.page == 2)
        #expect(Pager<Int>.empty(perPage: 10).links("/cases").nextHref == nil)
    }

    @Test func staticFilesAnswerGetAndHeadOnly() async throws {
        try await withTestApp(seed: false) { app in
            let css = try await app.testing().sendRequest(.GET, "/favicon.svg")
            #expect(css.status == .ok)
            #expect(css.headers.contentType?.subType == "svg+xml")
            for method in [HTTPMethod.PUT, .DELETE, .PATCH, .POST] {
                let answer = try await app.testing().sendRequest(method, "/favicon.svg")
                #expect(answer.status == .notFound || answer.status == .methodNotAllowed || answer.status == .forbidden,
                        "\(method) /favicon.svg answered \(answer.status)")
            }
            let cut = try await app.testing().sendRequest(.GET, "/favicon.svg%00.html")
            #expect(cut.status == .notFound)
            #expect(cut.headers.contentType?.subType != "html" || !cut.body.string.contains("<svg"))
        }
    }

    @Test func behindHTTPSBrowsersAreToldToStayOnHTTPS() async throws {
        try await withTestApp(seed: false) { app in
            #expect(try await app.testing().sendRequest(.GET, "/login").headers.first(name: "Strict-Transport-Security") == nil)
            app.settings.secureCookies = true
            let page = try await app.testing().sendRequest(.GET, "/login")
            #expect(page.headers.first(name: "Strict-Transport-Security") == "max-age=31536000; includeSubDomains")
        }
    }

    @Test func pagesCarrySecurityHeadersAndAreNotCached() async throws {
        try await withTestApp(seed: false) { app in
            let page = try await app.testing().sendRequest(.GET, "/login")
            #expect(page.headers.first(name: "Content-Security-Policy")?.contains("script-src 'self'") == true)
            #expect(page.headers.first(name: "Content-Security-Policy")?.contains("unsafe-inline") == false)
            #expect(page.headers.first(name: "X-Frame-Options") == "DENY")
            #expect(page.headers.first(name: "Referrer-Policy") == "same-origin")
            #expect(page.headers.first(name: .cacheControl) == "no-store")
            #expect(!page.body.string.contains("<script>"), "no inline script")
            let css = try await app.testing().sendRequest(.GET, "/css/goldaw.css")
            #expect(css.status == .ok)
            #expect(css.headers.first(name: .cacheControl) != "no-store")
        }
    }

    @Test("error pages in each language", arguments: [("tk", "Tapylmady"), ("ru", "Не найдено"), ("en", "Not found")])
    func errorPagesAreTranslated(locale: String, title: String) async throws {
        try await withTestApp(seed: false) { app in
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .cookie, value: "goldaw_locale=\(locale)")
            let response = try await app.testing().sendRequest(.GET, "/no/such/page", headers: headers)
            #expect(response.status == .notFound)
            #expect(response.body.string.contains(#"<html lang="\#(locale)">"#))
            #expect(response.body.string.contains(title))
            #expect(response.body.string.contains(#"class="error-code">404"#))
        }
    }

    @Test func theAuditTrailIsAppendOnlyInTheDatabase() async throws {
        try await withTestApp { app in
            let sql = app.db as! any SQLDatabase
            let rows = try await AuditEvent.query(on: app.db).count()
            #expect(rows > 0)
            await #expect(throws: (any Error).self) {
                try await sql.raw("UPDATE audit_events SET action = 'x'").run()
            }
            await #expect(throws: (any Error).self) {
                try await sql.raw("DELETE FROM audit_events").run()
            }
            #expect(try await AuditEvent.query(on: app.db).count() == rows)
        }
    }

    @Test func auditLogFiltersAndExportsWithFormulaNeutralised() async throws {
        try await withTestApp { app in
            let admin = Browser(app)
            try await admin.login("t.administrator")
            let bad = Browser(app)
            try await bad.login("t.social_worker", "=HYPERLINK(1)")
            let filtered = try await admin.get("/admin/audit?action=login.failed")
            #expect(filtered.status == .ok)
            #expect(filtered.body.string.contains("t.social_worker"))
            #expect(filtered.body.string.contains("<td>t.social_worker</td>"))
            #expect(!filtered.body.string.contains("<td>t.administrator</td>"))
            let badDate = try await admin.get("/admin/audit?from=31.02.2026")
            #expect(badDate.status == .unprocessableEntity)
            #expect(badDate.body.string.contains("field-error"))
            let csv = try await admin.get("/admin/audit/export.csv?username=t.social_worker")
            #expect(csv.status == .ok)
            #expect(csv.headers.contentType?.subType == "csv")
            #expect(csv.body.string.hasPrefix("occurred_at,username,action"))
            #expect(csv.body.string.contains("login.failed"))
            #expect(try await auditCount(app, action: .auditExported) == 1)
            #expect(CSV.field("=1+2") == "\"'=1+2\"")
            #expect(CSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        }
    }
}
