import Vapor
import GoldawCore

/// The single gate every route passes: the access policy applied to the request's user.
extension Request {
    /// The signed-in user, allowed to perform `action` at all (403 otherwise).
    @discardableResult
    package func require(_ action: Action) async throws -> CurrentUser {
        guard let user = currentUser else {
            throw storage[SessionExpiredKey.self] == true ? AppError.sessionExpired : AppError.unauthenticated
        }
        guard AccessPolicy.allows(user.role, action) else {
            try await audit.record(.accessDenied, outcome: .denied, detail: "\(action.rawValue) \(method.rawValue) \(url.path)")
            throw AppError.forbidden
        }
        return user
    }

    /// Like `require`, for one record: outside the user's scope the record does not exist (404).
    @discardableResult
    package func require(_ action: Action, territoryPath: String?, organisationID: String? = nil) async throws -> CurrentUser {
        let user = try await require(action)
        switch AccessPolicy.reach(user.role, action) {
        case .everywhere:
            return user
        case .inScope where user.scope.contains(territoryPath: territoryPath, organisationID: organisationID):
            return user
        case .inScope, .denied:
            try await audit.record(.accessDenied, outcome: .denied, detail: "out of scope: \(action.rawValue) \(url.path)")
            throw AppError.notFound
        }
    }
}

package struct SessionExpiredKey: StorageKey { package typealias Value = Bool }
