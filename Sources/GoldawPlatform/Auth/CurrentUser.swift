import Vapor
import GoldawCore

/// The signed-in user of a request, with everything the access policy needs, loaded once.
package struct CurrentUser: Authenticatable, Sendable {
    package let id: UUID
    package let username: String
    package let fullName: String
    package let role: Role
    package let scope: Scope
    package let scopeTerritoryID: UUID?
    package let locale: AppLocale
    package let mustChangePassword: Bool
    /// Set for browser sessions; nil for API tokens.
    package let sessionID: UUID?
    package let csrfToken: String?

    package init(id: UUID, username: String, fullName: String, role: Role, scope: Scope, scopeTerritoryID: UUID?, locale: AppLocale, mustChangePassword: Bool, sessionID: UUID?, csrfToken: String?) {
        self.id = id
        self.username = username
        self.fullName = fullName
        self.role = role
        self.scope = scope
        self.scopeTerritoryID = scopeTerritoryID
        self.locale = locale
        self.mustChangePassword = mustChangePassword
        self.sessionID = sessionID
        self.csrfToken = csrfToken
    }
}

package enum Secrets {
    /// 32 random bytes, URL-safe base64: cookie values, API tokens, CSRF tokens.
    package static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Only hashes of tokens are stored: a leaked table does not give working credentials.
    package static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A readable one-time password for first start and resets: 16 characters without look-alikes.
    package static func oneTimePassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet.randomElement(using: &generator)! })
    }

    package static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<x.count { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}
