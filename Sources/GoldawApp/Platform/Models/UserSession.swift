import Fluent
import Vapor

/// A signed-in browser session. Kept in the database so that any app instance behind the load
/// balancer can serve any request; the cookie holds a random token, the table only its hash.
final class UserSession: Model, @unchecked Sendable {
    static let schema = "user_sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: User
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @OptionalField(key: "ended_at") var endedAt: Date?
    @OptionalField(key: "client_ip") var clientIP: String?

    init() {}

    init(tokenHash: String, userID: UUID, csrfToken: String, now: Date, clientIP: String?) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.csrfToken = csrfToken
        self.createdAt = now
        self.lastSeenAt = now
        self.clientIP = clientIP
    }
}

/// A bearer token for the JSON API; random, stored hashed, with an expiry, revocable.
final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: User
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @OptionalField(key: "client_ip") var clientIP: String?

    init() {}

    init(tokenHash: String, userID: UUID, now: Date, expiresAt: Date, clientIP: String?) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.createdAt = now
        self.expiresAt = expiresAt
        self.clientIP = clientIP
    }
}
