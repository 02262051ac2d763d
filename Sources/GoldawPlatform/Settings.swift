import Vapor

/// Every setting Goldaw reads, each from one environment variable (listed in docs/configuration.md).
/// Read once at start-up; defaults suit the embedded single-office setup.
package struct Settings: Sendable {
    /// `DATABASE_URL`: a postgres:// URL selects PostgreSQL; unset means embedded SQLite.
    package var databaseURL: String?
    /// `GOLDAW_REPORT_DATABASE_URL`: a PostgreSQL streaming replica (hot standby) that read-only
    /// report pages query instead of the primary, so national aggregates never compete with
    /// case work for the primary's cores. Unset: reports read the primary. PostgreSQL only.
    package var reportDatabaseURL: String?
    /// `GOLDAW_SQLITE_PATH`: the embedded database file (default `data/goldaw.sqlite`).
    package var sqlitePath: String
    /// `GOLDAW_SESSION_IDLE_MINUTES`: idle timeout of a signed-in browser session (default 30).
    package var sessionIdleSeconds: Double
    /// `GOLDAW_SESSION_MAX_HOURS`: absolute lifetime of a session whatever the activity (default 12).
    package var sessionMaxSeconds: Double
    /// `GOLDAW_TOKEN_TTL_HOURS`: lifetime of an API token (default 8).
    package var tokenSeconds: Double
    /// `GOLDAW_BCRYPT_COST`: bcrypt work factor (default 12; tests lower it).
    package var bcryptCost: Int
    /// `GOLDAW_SECURE_COOKIES`: mark cookies Secure; set to 1 behind HTTPS (default 0).
    package var secureCookies: Bool
    /// `GOLDAW_MAX_BODY_KB`: largest request body accepted (default 512).
    package var maxBodyBytes: Int
    /// `GOLDAW_LOG_FORMAT`: `text` (default) or `json` for one JSON object per line.
    package var jsonLogs: Bool
    /// `GOLDAW_HOSTNAME` / `GOLDAW_PORT`: where `serve` listens when no flag says otherwise.
    package var hostname: String
    package var port: Int
    /// `GOLDAW_ONE_TIME_PASSWORD_HOURS`: how long a password set by an administrator (or at
    /// creation) works before the user must have chosen their own (default 72).
    package var oneTimePasswordSeconds: Double = 72 * 3600
    /// `GOLDAW_CLOCK_DATE` (YYYY-MM-DD): a training or rehearsal instance runs as if today were this
    /// date (the time of day still advances). Unset in production: the wall clock.
    package var clockDate: String?
    /// `GOLDAW_METRICS_TOKEN`: the bearer token Prometheus sends to `/metrics`. Unset, `/metrics`
    /// answers only on the loopback interface (a scraper on the same host).
    package var metricsToken: String?
    /// The longest a request may take before it is answered 503 (`GOLDAW_REQUEST_SECONDS`):
    /// a statement whose database connection went away unnoticed must not leave the client
    /// waiting for ever. The default leaves room for the national payroll computation.
    package var requestSeconds: Double = 60
    /// `--demo` on the command line (not an environment variable): load the demo dataset.
    package var demo: Bool = false

    package static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> Settings {
        func number(_ key: String, _ fallback: Double) -> Double { env[key].flatMap(Double.init) ?? fallback }
        return Settings(
            databaseURL: env["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 },
            reportDatabaseURL: env["GOLDAW_REPORT_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 },
            sqlitePath: env["GOLDAW_SQLITE_PATH"] ?? "data/goldaw.sqlite",
            sessionIdleSeconds: number("GOLDAW_SESSION_IDLE_MINUTES", 30) * 60,
            sessionMaxSeconds: number("GOLDAW_SESSION_MAX_HOURS", 12) * 3600,
            tokenSeconds: number("GOLDAW_TOKEN_TTL_HOURS", 8) * 3600,
            bcryptCost: Int(number("GOLDAW_BCRYPT_COST", 12)),
            secureCookies: env["GOLDAW_SECURE_COOKIES"] == "1",
            maxBodyBytes: Int(number("GOLDAW_MAX_BODY_KB", 512)) * 1024,
            jsonLogs: env["GOLDAW_LOG_FORMAT"] == "json",
            hostname: env["GOLDAW_HOSTNAME"] ?? "127.0.0.1",
            port: Int(number("GOLDAW_PORT", 8080)),
            oneTimePasswordSeconds: number("GOLDAW_ONE_TIME_PASSWORD_HOURS", 72) * 3600,
            clockDate: env["GOLDAW_CLOCK_DATE"].flatMap { $0.isEmpty ? nil : $0 },
            metricsToken: env["GOLDAW_METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 },
            requestSeconds: number("GOLDAW_REQUEST_SECONDS", 60)
        )
    }

    package var usesEmbeddedDatabase: Bool { databaseURL == nil }

    package init(databaseURL: String? = nil, reportDatabaseURL: String? = nil, sqlitePath: String, sessionIdleSeconds: Double, sessionMaxSeconds: Double, tokenSeconds: Double, bcryptCost: Int, secureCookies: Bool, maxBodyBytes: Int, jsonLogs: Bool, hostname: String, port: Int, oneTimePasswordSeconds: Double = 72 * 3600, clockDate: String? = nil, metricsToken: String? = nil, requestSeconds: Double = 60, demo: Bool = false) {
        self.databaseURL = databaseURL
        self.reportDatabaseURL = reportDatabaseURL
        self.sqlitePath = sqlitePath
        self.sessionIdleSeconds = sessionIdleSeconds
        self.sessionMaxSeconds = sessionMaxSeconds
        self.tokenSeconds = tokenSeconds
        self.bcryptCost = bcryptCost
        self.secureCookies = secureCookies
        self.maxBodyBytes = maxBodyBytes
        self.jsonLogs = jsonLogs
        self.hostname = hostname
        self.port = port
        self.oneTimePasswordSeconds = oneTimePasswordSeconds
        self.clockDate = clockDate
        self.metricsToken = metricsToken
        self.requestSeconds = requestSeconds
        self.demo = demo
    }
}

package struct SettingsKey: StorageKey { package typealias Value = Settings }

extension Application {
    package var settings: Settings {
        get { storage[SettingsKey.self] ?? .fromEnvironment() }
        set { storage[SettingsKey.self] = newValue }
    }
}

/// A setting that cannot work as given; start-up stops with this message.
package struct SettingsError: Error, CustomStringConvertible {
    package let message: String
    package var description: String { message }

    package init(message: String) {
        self.message = message
    }
}
