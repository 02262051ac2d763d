import Vapor
import GoldawCore

/// The signed-in user of a request, with everything the access policy needs, loaded once.
struct CurrentUser: Authenticatable, Sendable {
    let id: UUID
    let username: String
    let fullName: String
    let role: Role
    let scope: Scope
    let scopeTerritoryID: UUID?
    let locale: AppLocale
    let mustChangePassword: Bool
    /// Set for browser sessions; nil for API tokens.
    let sessionID: UUID?
    let csrfToken: String?
}

enum Secrets {
    /// 32 random bytes, URL-safe base64: cookie values, API tokens, CSRF tokens.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Only hashes of tokens are stored: a leaked table does not give working credentials.
    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A readable one-time password for first start and resets: 16 characters without look-alikes.
    static func oneTimePassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet.randomElement(using: &generator)! })
    }

    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<x.count { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}
