import Fluent
import SQLKit
import Vapor
import GoldawCore

/// Creating and changing accounts, shared by the admin pages, the API and the `user` command.
package struct UserService {
    package let db: any Database
    package let settings: Settings
    package let audit: AuditService

    package struct Draft {
        package var username: String
        package var fullName: String
        package var role: String
        package var scopeKind: String
        package var territoryCode: String
        package var organisationID: String

        package init(username: String, fullName: String, role: String, scopeKind: String, territoryCode: String, organisationID: String) {
            self.username = username
            self.fullName = fullName
            self.role = role
            self.scopeKind = scopeKind
            self.territoryCode = territoryCode
            self.organisationID = organisationID
        }
    }

    package struct Resolved {
        package let role: Role
        package let scopeKind: ScopeKind
        package let territoryID: UUID?
        package let organisationID: UUID?

        package init(role: Role, scopeKind: ScopeKind, territoryID: UUID?, organisationID: UUID?) {
            self.role = role
            self.scopeKind = scopeKind
            self.territoryID = territoryID
            self.organisationID = organisationID
        }
    }

    /// Checks role, scope and the scope's territory or organisation; every problem at once.
    package func resolve(_ draft: Draft, problems: inout [FieldProblem]) async throws -> Resolved? {
        let role = Role(rawValue: draft.role)
        if role == nil { problems.append(.init(field: "role", key: "validation.choose")) }
        let kind = ScopeKind(rawValue: draft.scopeKind)
        if kind == nil { problems.append(.init(field: "scopeKind", key: "validation.choose")) }
        guard let role, let kind else { return nil }
        if !role.allowedScopes.contains(kind) {
            problems.append(.init(field: "scopeKind", key: "users.scope_not_for_role"))
            return nil
        }
        var territoryID: UUID?
        var organisationID: UUID?
        switch kind {
        case .national:
            break
        case .region, .district:
            guard let territory = try await TerritoryLookup.find(draft.territoryCode, on: CalendarDate.today.iso, db: db).unit else {
                problems.append(.init(field: "territoryCode", key: "users.territory_unknown"))
                return nil
            }
            let isRegion = territory.level == TerritoryLevel.region.rawValue
            if (kind == .region) != isRegion {
                problems.append(.init(field: "territoryCode", key: kind == .region ? "users.territory_not_region" : "users.territory_not_district"))
                return nil
            }
            territoryID = territory.id
        case .organisation:
            guard let id = UUID(uuidString: draft.organisationID),
                  let organisation = try await Organisation.find(id, on: db) else {
                problems.append(.init(field: "organisationID", key: "users.organisation_unknown"))
                return nil
            }
            organisationID = organisation.id
            territoryID = organisation.$territory.id
        }
        return Resolved(role: role, scopeKind: kind, territoryID: territoryID, organisationID: organisationID)
    }

    /// Creates an account with a one-time password the user must change at first sign-in.
    /// Returns the user and that password.
    package func create(_ draft: Draft, password: String? = nil, mustChange: Bool = true) async throws -> (User, String) {
        var problems: [FieldProblem] = []
        let username = draft.username.trimmingCharacters(in: .whitespaces).lowercased()
        if !UsernameRule.isValid(username) { problems.append(.init(field: "username", key: "users.username_invalid")) }
        else if try await User.query(on: db).filter(\.$username == username).count() > 0 {
            problems.append(.init(field: "username", key: "users.username_taken"))
        }
        let fullName = draft.fullName.trimmingCharacters(in: .whitespacesAndNewlines)
        if fullName.isEmpty { problems.append(.init(field: "fullName", key: "validation.required")) }
        else if let problem = NameText.problem(fullName, maximumScalars: 200) { problems.append(.init(field: "fullName", key: problem.rawValue)) }
        let resolved = try await resolve(draft, problems: &problems)
        let secret = password ?? Secrets.oneTimePassword()
        for problem in PasswordRules.problems(password: secret, username: username) {
            problems.append(.init(field: "password", key: problem.rawValue))
        }
        guard problems.isEmpty, let resolved else { throw AppError.invalid(problems) }
        let user = User(username: username, fullName: fullName,
                        passwordHash: try Bcrypt.hash(secret, cost: settings.bcryptCost),
                        role: resolved.role, scopeKind: resolved.scopeKind, territoryID: resolved.territoryID,
                        organisationID: resolved.organisationID, mustChangePassword: mustChange)
        user.passwordExpiresAt = mustChange ? AppClock.now.addingTimeInterval(settings.oneTimePasswordSeconds) : nil
        try await db.writing { tx in
            try await user.create(on: tx)
            try await audit.on(tx).record(.userCreated, recordType: "user", recordID: user.id?.uuidString,
                                          detail: "\(username) \(resolved.role.rawValue) \(resolved.scopeKind.rawValue)")
        }
        return (user, secret)
    }

    /// Changes name, role and scope. The caller has checked the version and that the actor is
    /// not changing their own rights.
    package func update(_ user: User, draft: Draft, expectedVersion: Int) async throws {
        var problems: [FieldProblem] = []
        let fullName = draft.fullName.trimmingCharacters(in: .whitespacesAndNewlines)
        if fullName.isEmpty { problems.append(.init(field: "fullName", key: "validation.required")) }
        else if let problem = NameText.problem(fullName, maximumScalars: 200) { problems.append(.init(field: "fullName", key: problem.rawValue)) }
        let resolved = try await resolve(draft, problems: &problems)
        guard problems.isEmpty, let resolved else { throw AppError.invalid(problems) }
        guard user.version == expectedVersion else { throw AppError.conflict("error.stale") }
        let rightsChanged = user.role != resolved.role || user.scopeKind != resolved.scopeKind
            || user.$territory.id != resolved.territoryID || user.$organisation.id != resolved.organisationID
        let before = "\(user.fullName) \(user.roleRaw) \(user.scopeKindRaw)"
        user.fullName = fullName
        user.role = resolved.role
        user.scopeKind = resolved.scopeKind
        user.$territory.id = resolved.territoryID
        user.$organisation.id = resolved.organisationID
        user.version += 1
        try await db.writing { tx in
            // Optimistic lock: the row changes only if nobody saved it since the form was read.
            let sql = tx as! any SQLDatabase
            let changed = try await sql.update(User.schema)
                .set("full_name", to: SQLBind(user.fullName))
                .set("role", to: SQLBind(user.roleRaw))
                .set("scope_kind", to: SQLBind(user.scopeKindRaw))
                .set("territory_id", to: SQLBind(user.$territory.id))
                .set("organisation_id", to: SQLBind(user.$organisation.id))
                .set("version", to: SQLBind(user.version))
                .set("updated_at", to: SQLBind(AppClock.now))
                .where("id", .equal, SQLBind(user.requireID()))
                .where("version", .equal, SQLBind(expectedVersion))
                .returning("id")
                .all()
            guard changed.count == 1 else { throw AppError.conflict("error.stale") }
            if rightsChanged {
                try await AccountService(db: tx, settings: settings, audit: audit.on(tx))
                    .endEverything(forUser: user.requireID())
            }
            try await audit.on(tx).record(.userUpdated, recordType: "user", recordID: user.id?.uuidString,
                                          detail: "\(before) → \(user.fullName) \(user.roleRaw) \(user.scopeKindRaw)")
        }
    }

    package init(db: any Database, settings: Settings, audit: AuditService) {
        self.db = db
        self.settings = settings
        self.audit = audit
    }
}

extension UserService {
    /// A new one-time password for someone else's account: every session and token of theirs ends.
    package func resetPassword(_ user: User, by actor: CurrentUser) async throws -> String {
        guard user.id != actor.id else { throw AppError.badRequest("users.not_on_self") }
        let password = Secrets.oneTimePassword()
        try await db.writing { tx in
            let accounts = AccountService(db: tx, settings: settings, audit: audit.on(tx))
            try await accounts.setPassword(user, to: password, mustChange: true)
            try await accounts.endEverything(forUser: user.requireID())
            try await audit.on(tx).record(.passwordReset, recordType: "user", recordID: user.id?.uuidString)
        }
        return password
    }

    /// Enables or disables someone else's account; disabling ends their sessions and tokens.
    package func setActive(_ user: User, _ active: Bool, by actor: CurrentUser) async throws {
        guard user.id != actor.id else { throw AppError.badRequest("users.not_on_self") }
        guard user.isActive != active else { return }
        try await db.writing { tx in
            user.isActive = active
            user.version += 1
            try await user.save(on: tx)
            if !active {
                try await AccountService(db: tx, settings: settings, audit: audit.on(tx)).endEverything(forUser: user.requireID())
            }
            try await audit.on(tx).record(active ? .userEnabled : .userDisabled, recordType: "user", recordID: user.id?.uuidString)
        }
    }
}

extension Request {
    package var users: UserService { UserService(db: db, settings: application.settings, audit: audit) }
}
