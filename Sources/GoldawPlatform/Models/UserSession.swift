import Fluent
import Vapor

/// A signed-in browser session. Kept in the database so that any app instance behind the load
/// balancer can serve any request; the cookie holds a random token, the table only its hash.
package final class UserSession: Model, @unchecked Sendable {
    package static let schema = "user_sessions"

    @ID(key: .id) package var id: UUID?
    @Field(key: "token_hash") package var tokenHash: String
    @Parent(key: "user_id") package var user: User
    @Field(key: "csrf_token") package var csrfToken: String
    @Field(key: "created_at") package var createdAt: Date
    @Field(key: "last_seen_at") package var lastSeenAt: Date
    @OptionalField(key: "ended_at") package var endedAt: Date?
    @OptionalField(key: "client_ip") package var clientIP: String?

    package init() {}

    package init(tokenHash: String, userID: UUID, csrfToken: String, now: Date, clientIP: String?) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.csrfToken = csrfToken
        self.createdAt = now
        self.lastSeenAt = now
        self.clientIP = clientIP
    }
}

/// A bearer token for the JSON API; random, stored hashed, with an expiry, revocable.
package final class APIToken: Model, @unchecked Sendable {
    package static let schema = "api_tokens"

    @ID(key: .id) package var id: UUID?
    @Field(key: "token_hash") package var tokenHash: String
    @Parent(key: "user_id") package var user: User
    @Field(key: "created_at") package var createdAt: Date
    @Field(key: "expires_at") package var expiresAt: Date
    @OptionalField(key: "revoked_at") package var revokedAt: Date?
    @OptionalField(key: "client_ip") package var clientIP: String?

    package init() {}

    package init(tokenHash: String, userID: UUID, now: Date, expiresAt: Date, clientIP: String?) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.createdAt = now
        self.expiresAt = expiresAt
        self.clientIP = clientIP
    }
}
