import Fluent
import Vapor
import GoldawCore

/// A staff account: one role, one scope.
final class User: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "full_name") var fullName: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "role") var roleRaw: String
    @Field(key: "scope_kind") var scopeKindRaw: String
    @OptionalParent(key: "territory_id") var territory: Territory?
    @OptionalParent(key: "organisation_id") var organisation: Organisation?
    @Field(key: "locale") var locale: String
    @Field(key: "must_change_password") var mustChangePassword: Bool
    /// Until when a one-time password works; nil once the user has chosen their own.
    @OptionalField(key: "password_expires_at") var passwordExpiresAt: Date?
    @Field(key: "is_active") var isActive: Bool
    @Field(key: "failed_attempts") var failedAttempts: Int
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @OptionalField(key: "last_login_at") var lastLoginAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @Field(key: "version") var version: Int

    init() {}

    /// Stored as text; an unknown value (from a newer release) reads as the least-privileged.
    var role: Role {
        get { Role(rawValue: roleRaw) ?? .serviceProvider }
        set { roleRaw = newValue.rawValue }
    }

    var scopeKind: ScopeKind {
        get { ScopeKind(rawValue: scopeKindRaw) ?? .organisation }
        set { scopeKindRaw = newValue.rawValue }
    }

    init(id: UUID? = nil, username: String, fullName: String, passwordHash: String, role: Role,
         scopeKind: ScopeKind, territoryID: UUID?, organisationID: UUID?, locale: AppLocale = .default,
         mustChangePassword: Bool) {
        self.id = id
        self.username = username
        self.fullName = fullName
        self.passwordHash = passwordHash
        self.roleRaw = role.rawValue
        self.scopeKindRaw = scopeKind.rawValue
        self.$territory.id = territoryID
        self.$organisation.id = organisationID
        self.locale = locale.rawValue
        self.mustChangePassword = mustChangePassword
        self.isActive = true
        self.failedAttempts = 0
        self.version = 1
    }
}
