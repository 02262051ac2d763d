import Fluent
import SQLKit
import Vapor
import GoldawCore

/// Sign-in, sessions, API tokens and passwords: everything about credentials, testable without HTTP.
package struct AccountService {
    package let db: any Database
    package let settings: Settings
    package let audit: AuditService
    package var now: Date = AppClock.now

    package enum SignInOutcome {
        case success(User)
        case invalid
        case locked
        case disabled
        /// The password was a one-time password and its time ran out: an administrator resets it.
        case oneTimePasswordExpired
    }

    /// Checks a password with lockout. Every attempt, good or bad, leaves an audit row.
    package func signIn(username rawName: String, password: String, channel: String) async throws -> SignInOutcome {
        let username = rawName.trimmingCharacters(in: .whitespaces).lowercased()
        guard let user = try await User.query(on: db).filter(\.$username == username).first() else {
            // Hash anyway so that a wrong username takes as long as a wrong password.
            _ = try? Bcrypt.hash("timing-equaliser", cost: settings.bcryptCost)
            try await audit.record(.loginFailed, outcome: .failure, username: username, detail: "\(channel): unknown user")
            return .invalid
        }
        let rule = LockoutRule()
        // The attempt is counted before the password is checked, in one statement, so parallel
        // guesses cannot all pass the counter: once a lock is set, later attempts find no row to
        // count and are refused without running bcrypt. A lock that has run out starts a new count.
        let sql = db as! any SQLDatabase
        let counted = "CASE WHEN locked_until IS NULL THEN failed_attempts + 1 ELSE 1 END"
        let reserved = try await sql.raw("""
            UPDATE users SET failed_attempts = \(unsafeRaw: counted), \
            locked_until = CASE WHEN \(unsafeRaw: counted) >= \(bind: rule.maxFailures) THEN \(bind: now.addingTimeInterval(rule.lockSeconds)) ELSE NULL END \
            WHERE id = \(bind: try user.requireID()) AND (locked_until IS NULL OR locked_until <= \(bind: now)) \
            RETURNING failed_attempts
            """).first()
        guard let reserved else {
            try await audit.record(.loginFailed, outcome: .denied, user: user, detail: "\(channel): locked")
            return .locked
        }
        let attempts = try reserved.decode(column: "failed_attempts", as: Int.self)
        guard try Bcrypt.verify(password, created: user.passwordHash) else {
            let locked = attempts >= rule.maxFailures
            try await audit.record(.loginFailed, outcome: .failure, user: user,
                                   detail: "\(channel): wrong password" + (locked ? ", account locked" : ""))
            return .invalid
        }
        guard user.isActive else {
            try await audit.record(.loginFailed, outcome: .denied, user: user, detail: "\(channel): account disabled")
            return .disabled
        }
        if user.mustChangePassword, let expires = user.passwordExpiresAt, expires <= now {
            try await audit.record(.loginFailed, outcome: .denied, user: user, detail: "\(channel): one-time password expired")
            return .oneTimePasswordExpired
        }
        try await User.query(on: db).filter(\.$id == user.requireID())
            .set(\.$failedAttempts, to: 0).set(\.$lockedUntil, to: nil).set(\.$lastLoginAt, to: now).update()
        user.failedAttempts = 0
        user.lockedUntil = nil
        user.lastLoginAt = now
        try await audit.record(.login, outcome: .success, user: user, detail: channel)
        return .success(user)
    }

    /// Opens a browser session and returns the raw cookie value (only its hash is stored).
    package func openSession(for user: User, clientIP: String?) async throws -> String {
        let token = Secrets.randomToken()
        let session = UserSession(tokenHash: Secrets.hash(token), userID: try user.requireID(),
                                  csrfToken: Secrets.randomToken(), now: now, clientIP: clientIP)
        try await session.create(on: db)
        return token
    }

    package func endSession(id: UUID) async throws {
        try await UserSession.query(on: db).filter(\.$id == id).filter(\.$endedAt == nil)
            .set(\.$endedAt, to: now).update()
    }

    /// Ends every session and revokes every token of a user: after a password reset, a
    /// disabling or a change of rights, nothing issued before keeps working.
    package func endEverything(forUser userID: UUID) async throws {
        try await UserSession.query(on: db).filter(\.$user.$id == userID).filter(\.$endedAt == nil)
            .set(\.$endedAt, to: now).update()
        try await APIToken.query(on: db).filter(\.$user.$id == userID).filter(\.$revokedAt == nil)
            .set(\.$revokedAt, to: now).update()
    }

    package enum SessionLookup {
        case active(CurrentUser)
        case expired
        case none
    }

    /// Finds the session behind a cookie, enforcing the idle timeout and the absolute lifetime,
    /// in one query. Activity is written at most once a minute to spare the database.
    package func resumeSession(token: String) async throws -> SessionLookup {
        let sql = db as! any SQLDatabase
        guard let row = try await sql.select()
            .column(SQLColumn("id", table: "s"), as: "session_id")
            .column(SQLColumn("csrf_token", table: "s"))
            .column(SQLColumn("created_at", table: "s"))
            .column(SQLColumn("last_seen_at", table: "s"))
            .column(SQLColumn("ended_at", table: "s"))
            .columns(userColumns)
            .from(SQLAlias(SQLIdentifier(UserSession.schema), as: SQLIdentifier("s")))
            .join(SQLAlias(SQLIdentifier(User.schema), as: SQLIdentifier("u")), method: SQLJoinMethod.inner,
                  on: SQLColumn("user_id", table: "s"), .equal, SQLColumn("id", table: "u"))
            .join(SQLAlias(SQLIdentifier(Territory.schema), as: SQLIdentifier("t")), method: SQLJoinMethod.left,
                  on: SQLColumn("territory_id", table: "u"), .equal, SQLColumn("id", table: "t"))
            .where(SQLColumn("token_hash", table: "s"), .equal, SQLBind(Secrets.hash(token)))
            .first()
        else { return .none }
        if try !row.decodeNil(column: "ended_at") { return .expired }
        let sessionID = try row.decode(column: "session_id", as: UUID.self)
        let lastSeen = try row.decode(column: "last_seen_at", as: Date.self)
        let created = try row.decode(column: "created_at", as: Date.self)
        let idle = now.timeIntervalSince(lastSeen) > settings.sessionIdleSeconds
        let tooOld = now.timeIntervalSince(created) > settings.sessionMaxSeconds
        let active = try row.decode(column: "is_active", as: Bool.self)
        if idle || tooOld || !active {
            try await endSession(id: sessionID)
            return .expired
        }
        if now.timeIntervalSince(lastSeen) > 60 {
            try await UserSession.query(on: db).filter(\.$id == sessionID).set(\.$lastSeenAt, to: now).update()
        }
        return .active(try currentUser(from: row, sessionID: sessionID,
                                       csrf: try row.decode(column: "csrf_token", as: String.self)))
    }

    /// Issues an API token after a successful sign-in.
    package func issueToken(for user: User, clientIP: String?) async throws -> (token: String, expiresAt: Date) {
        let token = Secrets.randomToken()
        let expires = now.addingTimeInterval(settings.tokenSeconds)
        try await APIToken(tokenHash: Secrets.hash(token), userID: try user.requireID(), now: now,
                           expiresAt: expires, clientIP: clientIP).create(on: db)
        return (token, expires)
    }

    /// The user behind a bearer token, if the token exists, has not expired and is not revoked.
    package func resumeToken(_ token: String) async throws -> (CurrentUser, UUID)? {
        let sql = db as! any SQLDatabase
        guard let row = try await sql.select()
            .column(SQLColumn("id", table: "k"), as: "token_id")
            .column(SQLColumn("expires_at", table: "k"))
            .column(SQLColumn("revoked_at", table: "k"))
            .columns(userColumns)
            .from(SQLAlias(SQLIdentifier(APIToken.schema), as: SQLIdentifier("k")))
            .join(SQLAlias(SQLIdentifier(User.schema), as: SQLIdentifier("u")), method: SQLJoinMethod.inner,
                  on: SQLColumn("user_id", table: "k"), .equal, SQLColumn("id", table: "u"))
            .join(SQLAlias(SQLIdentifier(Territory.schema), as: SQLIdentifier("t")), method: SQLJoinMethod.left,
                  on: SQLColumn("territory_id", table: "u"), .equal, SQLColumn("id", table: "t"))
            .where(SQLColumn("token_hash", table: "k"), .equal, SQLBind(Secrets.hash(token)))
            .first()
        else { return nil }
        guard try row.decodeNil(column: "revoked_at"),
              try row.decode(column: "expires_at", as: Date.self) > now,
              try row.decode(column: "is_active", as: Bool.self)
        else { return nil }
        let tokenID = try row.decode(column: "token_id", as: UUID.self)
        return (try currentUser(from: row, sessionID: nil, csrf: nil), tokenID)
    }

    package func revokeToken(id: UUID) async throws {
        try await APIToken.query(on: db).filter(\.$id == id).filter(\.$revokedAt == nil)
            .set(\.$revokedAt, to: now).update()
    }

    /// How many passwords are remembered besides the current one.
    package static let rememberedPasswords = 4

    /// Whether the password is the current one or one of the remembered ones.
    package func wasUsedBefore(_ password: String, by user: User) throws -> Bool {
        let hashes = [user.passwordHash] + Self.previousHashes(of: user)
        return try hashes.contains { try Bcrypt.verify(password, created: $0) }
    }

    static func previousHashes(of user: User) -> [String] {
        guard let text = user.previousPasswordHashes, let data = text.data(using: .utf8) else { return [] }
        return (try? JSONDecoder().decode([String].self, from: data)) ?? []
    }

    /// Sets a new password; the caller has checked the rules and the current password.
    package func setPassword(_ user: User, to password: String, mustChange: Bool) async throws {
        // A one-time password is not remembered: it was never the user's own.
        if !user.mustChangePassword {
            let kept = Array(([user.passwordHash] + Self.previousHashes(of: user)).prefix(Self.rememberedPasswords))
            user.previousPasswordHashes = String(decoding: try JSONEncoder().encode(kept), as: UTF8.self)
        }
        user.passwordHash = try Bcrypt.hash(password, cost: settings.bcryptCost)
        user.mustChangePassword = mustChange
        user.passwordExpiresAt = mustChange ? now.addingTimeInterval(settings.oneTimePasswordSeconds) : nil
        user.failedAttempts = 0
        user.lockedUntil = nil
        user.version += 1
        try await user.save(on: db)
    }

    private var userColumns: [any SQLExpression] {
        [
            SQLAlias(SQLColumn("id", table: "u"), as: SQLIdentifier("user_id")),
            SQLColumn("username", table: "u"), SQLColumn("full_name", table: "u"),
            SQLColumn("role", table: "u"), SQLColumn("scope_kind", table: "u"),
            SQLColumn("territory_id", table: "u"), SQLColumn("organisation_id", table: "u"),
            SQLColumn("locale", table: "u"), SQLColumn("must_change_password", table: "u"),
            SQLColumn("is_active", table: "u"), SQLColumn("path", table: "t"),
        ]
    }

    private func currentUser(from row: any SQLRow, sessionID: UUID?, csrf: String?) throws -> CurrentUser {
        let kind = ScopeKind(rawValue: try row.decode(column: "scope_kind", as: String.self)) ?? .organisation
        let organisation = try row.decode(column: "organisation_id", as: UUID?.self)
        let scope = Scope(kind: kind, territoryPath: try row.decode(column: "path", as: String?.self),
                          organisationID: organisation?.uuidString)
        return CurrentUser(
            id: try row.decode(column: "user_id", as: UUID.self),
            username: try row.decode(column: "username", as: String.self),
            fullName: try row.decode(column: "full_name", as: String.self),
            role: Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .serviceProvider,
            scope: scope,
            scopeTerritoryID: try row.decode(column: "territory_id", as: UUID?.self),
            locale: AppLocale(rawValue: try row.decode(column: "locale", as: String.self)) ?? .default,
            mustChangePassword: try row.decode(column: "must_change_password", as: Bool.self),
            sessionID: sessionID, csrfToken: csrf)
    }

    package init(db: any Database, settings: Settings, audit: AuditService, now: Date = AppClock.now) {
        self.db = db
        self.settings = settings
        self.audit = audit
        self.now = now
    }
}

extension Request {
    package var accounts: AccountService {
        AccountService(db: db, settings: application.settings, audit: audit)
    }
}
