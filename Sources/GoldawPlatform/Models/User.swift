import Fluent
import Vapor
import GoldawCore

/// A staff account: one role, one scope.
package final class User: Model, @unchecked Sendable {
    package static let schema = "users"

    @ID(key: .id) package var id: UUID?
    @Field(key: "username") package var username: String
    @Field(key: "full_name") package var fullName: String
    @Field(key: "password_hash") package var passwordHash: String
    @Field(key: "role") package var roleRaw: String
    @Field(key: "scope_kind") package var scopeKindRaw: String
    @OptionalParent(key: "territory_id") package var territory: Territory?
    @OptionalParent(key: "organisation_id") package var organisation: Organisation?
    @Field(key: "locale") package var locale: String
    @Field(key: "must_change_password") package var mustChangePassword: Bool
    /// Until when a one-time password works; nil once the user has chosen their own.
    @OptionalField(key: "password_expires_at") package var passwordExpiresAt: Date?
    /// The bcrypt hashes of the passwords before this one, newest first, as a JSON array: a
    /// password that was given up is not taken back.
    @OptionalField(key: "previous_password_hashes") package var previousPasswordHashes: String?
    @Field(key: "is_active") package var isActive: Bool
    @Field(key: "failed_attempts") package var failedAttempts: Int
    @OptionalField(key: "locked_until") package var lockedUntil: Date?
    @OptionalField(key: "last_login_at") package var lastLoginAt: Date?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?
    @Field(key: "version") package var version: Int

    package init() {}

    /// Stored as text; an unknown value (from a newer release) reads as the least-privileged.
    package var role: Role {
        get { Role(rawValue: roleRaw) ?? .serviceProvider }
        set { roleRaw = newValue.rawValue }
    }

    package var scopeKind: ScopeKind {
        get { ScopeKind(rawValue: scopeKindRaw) ?? .organisation }
        set { scopeKindRaw = newValue.rawValue }
    }

    package init(id: UUID? = nil, username: String, fullName: String, passwordHash: String, role: Role,
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
