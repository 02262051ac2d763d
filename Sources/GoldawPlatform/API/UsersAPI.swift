import Fluent
import Vapor
import GoldawCore

/// `/api/v1/users`: user administration for an identity system or a script, by the same service
/// and rules as the administration pages. An answer that carries a one-time password is never
/// kept by an Idempotency-Key (nor, as every API answer, by a cache: no-store).
package enum UsersAPI {
    package static let operations: [APIOperation] = [
        APIOperation(method: .GET, path: "/api/v1/users", operationID: "listUsers", summary: "Accounts, by username, paginated",
                     authenticated: true, parameters: [.page, .perPage(default: 50)], requestSchema: nil,
                     responses: [200: "UserPage"], handler: list),
        APIOperation(method: .POST, path: "/api/v1/users", operationID: "createUser",
                     summary: "Create an account; the answer holds its one-time password, shown once", authenticated: true,
                     parameters: [], requestSchema: "UserInput", responses: [201: "UserWithPassword", 422: nil], handler: create),
        APIOperation(method: .POST, path: "/api/v1/users/{id}/password", operationID: "resetUserPassword",
                     summary: "A new one-time password for an account (not one's own); its sessions and tokens end", authenticated: true,
                     parameters: [idParameter], requestSchema: nil, responses: [200: "UserWithPassword", 400: nil, 404: nil], handler: resetPassword),
        APIOperation(method: .POST, path: "/api/v1/users/{id}/status", operationID: "setUserStatus",
                     summary: "Enable or disable an account (not one's own); disabling ends its sessions and tokens", authenticated: true,
                     parameters: [idParameter], requestSchema: "UserStatus", responses: [200: "User", 400: nil, 404: nil], handler: setStatus),
    ]

    static let idParameter = APIOperation.Parameter.id

    package static var schemas: [String: Any] {
        let user: [String: Any] = OpenAPIDocument.object([
            "id": ["type": "string", "format": "uuid"], "username": ["type": "string"], "fullName": ["type": "string"],
            "role": ["type": "string", "enum": Role.allCases.map(\.rawValue)],
            "scopeKind": ["type": "string", "enum": ScopeKind.allCases.map(\.rawValue)],
            "territoryCode": ["type": ["string", "null"]], "organisationId": ["type": ["string", "null"], "format": "uuid"],
            "active": ["type": "boolean"], "locked": ["type": "boolean"], "mustChangePassword": ["type": "boolean"],
            "version": ["type": "integer"],
        ], required: ["id", "username", "fullName", "role", "scopeKind", "active", "locked", "mustChangePassword", "version"])
        return [
            "User": user,
            "UserPage": OpenAPIDocument.object([
                "items": ["type": "array", "items": ["$ref": "#/components/schemas/User"]],
                "page": ["type": "integer"], "perPage": ["type": "integer"], "total": ["type": "integer"],
            ], required: ["items", "page", "perPage", "total"]),
            "UserWithPassword": OpenAPIDocument.object([
                "user": ["$ref": "#/components/schemas/User"],
                "oneTimePassword": ["type": "string", "description": "works until changed at first sign-in, or until it expires"],
            ], required: ["user", "oneTimePassword"]),
            "UserInput": OpenAPIDocument.object([
                "username": ["type": "string"], "fullName": ["type": "string"],
                "role": ["type": "string", "enum": Role.allCases.map(\.rawValue)],
                "scopeKind": ["type": "string", "enum": ScopeKind.allCases.map(\.rawValue)],
                "territoryCode": ["type": "string"], "organisationId": ["type": "string", "format": "uuid"],
            ], required: ["username", "fullName", "role", "scopeKind"]),
            "UserStatus": OpenAPIDocument.object(["active": ["type": "boolean"]], required: ["active"]),
        ]
    }

    struct UserDTO: Content {
        let id: UUID
        let username: String
        let fullName: String
        let role: String
        let scopeKind: String
        let territoryCode: String?
        let organisationId: UUID?
        let active: Bool
        let locked: Bool
        let mustChangePassword: Bool
        let version: Int

        init(_ user: User, codes: [UUID: String]) {
            id = user.id!
            username = user.username
            fullName = user.fullName
            role = user.roleRaw
            scopeKind = user.scopeKindRaw
            territoryCode = user.$territory.id.flatMap { codes[$0] }
            organisationId = user.$organisation.id
            active = user.isActive
            locked = (user.lockedUntil ?? .distantPast) > AppClock.now
            mustChangePassword = user.mustChangePassword
            version = user.version
        }
    }

    struct UserPage: Content { let items: [UserDTO]; let page: Int; let perPage: Int; let total: Int }
    struct WithPassword: Content { let user: UserDTO; let oneTimePassword: String }
    struct UserInput: Content {
        let username: String; let fullName: String; let role: String; let scopeKind: String
        let territoryCode: String?; let organisationId: String?
    }
    struct UserStatus: Content { let active: Bool }

    static func dto(_ user: User, _ req: Request) async throws -> UserDTO {
        var codes: [UUID: String] = [:]
        if let id = user.$territory.id, let unit = try await Territory.find(id, on: req.db) { codes[id] = unit.code }
        return UserDTO(user, codes: codes)
    }

    /// A secret goes to this client once: no idempotency record keeps it.
    static func secret<T: Content>(_ value: T, _ status: HTTPResponseStatus, _ req: Request) async throws -> Response {
        req.storage[HoldsSecretKey.self] = true
        return try await value.encodeResponse(status: status, for: req)
    }

    static func load(_ req: Request) async throws -> User {
        guard let id = req.parameters.get("id", as: UUID.self), let user = try await User.find(id, on: req.db) else {
            throw AppError.notFound
        }
        return user
    }

    @Sendable static func list(req: Request) async throws -> Response {
        try await req.require(.manageUsers)
        let (page, perPage) = try req.apiPaging(defaultPerPage: 50)
        let total = try await User.query(on: req.db).count()
        let users = try await User.query(on: req.db).sort(\.$username).readPage(page, perPage: perPage).rows
        let ids = Array(Set(users.compactMap { $0.$territory.id }))
        let codes = Dictionary(uniqueKeysWithValues: try await Territory.query(on: req.db).filter(\.$id ~~ ids).all().map { ($0.id!, $0.code) })
        return try await UserPage(items: users.map { UserDTO($0, codes: codes) }, page: page, perPage: perPage, total: total)
            .encodeResponse(for: req)
    }

    @Sendable static func create(req: Request) async throws -> Response {
        try await req.require(.manageUsers)
        let input = try req.decodeStrictJSON(UserInput.self, allowed: ["username", "fullName", "role", "scopeKind", "territoryCode", "organisationId"])
        let (user, password) = try await req.users.create(.init(
            username: input.username, fullName: input.fullName, role: input.role, scopeKind: input.scopeKind,
            territoryCode: input.territoryCode ?? "", organisationID: input.organisationId ?? ""))
        return try await secret(WithPassword(user: try await dto(user, req), oneTimePassword: password), .created, req)
    }

    @Sendable static func resetPassword(req: Request) async throws -> Response {
        let me = try await req.require(.manageUsers)
        let user = try await load(req)
        let password = try await req.users.resetPassword(user, by: me)
        return try await secret(WithPassword(user: try await dto(user, req), oneTimePassword: password), .ok, req)
    }

    @Sendable static func setStatus(req: Request) async throws -> Response {
        let me = try await req.require(.manageUsers)
        let user = try await load(req)
        let input = try req.decodeStrictJSON(UserStatus.self, allowed: ["active"])
        try await req.users.setActive(user, input.active, by: me)
        return try await dto(user, req).encodeResponse(for: req)
    }
}
