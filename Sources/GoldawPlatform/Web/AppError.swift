import Vapor

/// A field that failed validation, with the locale key of its message.
package struct FieldProblem: Codable, Sendable, Equatable {
    package let field: String
    package let key: String

    package init(field: String, key: String) {
        self.field = field
        self.key = key
    }
}

/// Errors the app raises on purpose. The error middleware turns each into a page in the
/// user's language or an RFC 9457 problem document for the API.
package enum AppError: Error {
    case unauthenticated
    case sessionExpired
    case forbidden
    /// Refused for a reason the user can act on (the locale key of the message).
    case forbiddenBecause(String)
    case notFound
    case csrf
    case invalid([FieldProblem])
    case conflict(String)
    /// An API write sent again under an Idempotency-Key whose first request was done and whose
    /// answer was lost: 409 with a problem type of its own, so that a client knows it is done.
    case alreadyDone
    case badRequest(String)

    package var status: HTTPResponseStatus {
        switch self {
        case .unauthenticated, .sessionExpired: .unauthorized
        case .forbidden, .forbiddenBecause, .csrf: .forbidden
        case .notFound: .notFound
        case .invalid: .unprocessableEntity
        case .conflict, .alreadyDone: .conflict
        case .badRequest: .badRequest
        }
    }

    /// Locale key of the message shown to people.
    package var messageKey: String {
        switch self {
        case .unauthenticated: "error.unauthenticated"
        case .sessionExpired: "error.session_expired"
        case .forbidden: "error.403"
        case .notFound: "error.404"
        case .csrf: "error.csrf"
        case .invalid: "error.invalid"
        case .conflict(let key), .badRequest(let key), .forbiddenBecause(let key): key
        case .alreadyDone: "api.error.idempotency_committed"
        }
    }

    /// A stable machine-readable code, used in problem types and `data-error` attributes.
    package var code: String {
        switch self {
        case .unauthenticated: "unauthenticated"
        case .sessionExpired: "session-expired"
        case .forbidden, .forbiddenBecause: "forbidden"
        case .notFound: "not-found"
        case .csrf: "csrf"
        case .invalid: "validation"
        case .conflict: "conflict"
        case .alreadyDone: "idempotency-committed"
        case .badRequest: "bad-request"
        }
    }
}
