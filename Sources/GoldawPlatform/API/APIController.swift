import Fluent
import Vapor
import GoldawCore

/// The JSON API under /api/v1. The app target passes every domain's operations; the OpenAPI
/// document and the route registration both come from that list.
package enum APIController {
    package static let maxPageSize = 200

    package static let platform: [APIOperation] = [
        APIOperation(method: .POST, path: "/api/v1/auth/token", operationID: "createToken",
                     summary: "Exchange a username and password for a bearer token", authenticated: false,
                     parameters: [], requestSchema: "TokenRequest",
                     responses: [200: "TokenResponse", 401: nil, 403: nil, 422: nil, 429: nil], handler: issueToken),
        APIOperation(method: .DELETE, path: "/api/v1/auth/token", operationID: "revokeToken",
                     summary: "Revoke the bearer token used for this request", authenticated: true,
                     parameters: [], requestSchema: nil, responses: [204: nil, 401: nil], handler: revokeToken),
        APIOperation(method: .GET, path: "/api/v1/me", operationID: "getMe",
                     summary: "The account behind the token, with its role and scope", authenticated: true,
                     parameters: [], requestSchema: nil, responses: [200: "Me", 401: nil], handler: me),
        APIOperation(method: .GET, path: "/api/v1/territories", operationID: "listTerritories",
                     summary: "Territorial units valid on a date, paginated", authenticated: true,
                     parameters: [
                        .init(name: "on", location: "query", type: "string", required: false, description: "date, YYYY-MM-DD (default today)"),
                        .page,
                        .perPage(default: 50),
                     ],
                     requestSchema: nil, responses: [200: "TerritoryPage", 401: nil], handler: territories),
        APIOperation(method: .GET, path: "/api/v1/territories/{code}", operationID: "getTerritory",
                     summary: "One territorial unit by code", authenticated: true,
                     parameters: [.init(name: "code", location: "path", type: "string", required: true, description: "our territory code")],
                     requestSchema: nil, responses: [200: "Territory", 401: nil, 404: nil], handler: territory),
    ]

    /// Registers every operation of the domains (the app target's list) and the OpenAPI document
    /// built from the same list, with the platform's schemas and each domain's `schemas`.
    package static func register(on app: Application, operations: [APIOperation], schemas: [[String: Any]]) {
        let document: Data
        do {
            document = try OpenAPIDocument.json(operations: operations, schemas: schemas.reduce(OpenAPIDocument.platformSchemas) {
                $0.merging($1) { first, _ in first }
            })
        } catch {
            fatalError("the OpenAPI document does not serialise: \(error)")
        }
        let authenticated = app.grouped(BearerMiddleware(), IdempotencyMiddleware())
        for operation in operations {
            let builder: any RoutesBuilder = operation.authenticated ? authenticated : app
            let limit = max(operation.maxBodyBytes ?? 0, app.settings.maxBodyBytes)
            let route = builder.on(operation.method, operation.pathComponents, body: .collect(maxSize: ByteCount(value: limit)),
                                   use: operation.handler)
            if operation.maxBodyBytes != nil { route.bodyLimit = limit }
        }
        app.get("api", "v1", "openapi.json") { req async throws -> Response in
            let response = Response(status: .ok, body: .init(data: document))
            response.headers.contentType = .json
            return response
        }
    }

    package struct TokenRequest: Content {
        package let username: String
        package let password: String

        package init(username: String, password: String) {
            self.username = username
            self.password = password
        }
    }

    package struct TokenResponse: Content {
        package let token: String
        package let expiresAt: Date

        package init(token: String, expiresAt: Date) {
            self.token = token
            self.expiresAt = expiresAt
        }
    }

    @Sendable package static func issueToken(req: Request) async throws -> Response {
        let body = try req.decodeStrictJSON(TokenRequest.self, allowed: ["username", "password"])
        var problems: [FieldProblem] = []
        if body.username.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(.init(field: "username", key: "validation.required")) }
        if body.password.isEmpty { problems.append(.init(field: "password", key: "validation.required")) }
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        if let wait = try await req.rateLimited(.signIn) {
            throw Abort(.tooManyRequests, headers: ["Retry-After": String(wait)])
        }
        switch try await req.accounts.signIn(username: body.username, password: body.password, channel: "api") {
        case .invalid: throw AppError.unauthenticated
        case .disabled: throw AppError.forbidden
        case .locked: throw AppError.unauthenticated  // as a wrong password: no username enumeration
        case .oneTimePasswordExpired: throw AppError.forbiddenBecause("login.error.one_time_expired")
        case .success(let user) where user.mustChangePassword:
            // A one-time password opens the browser's change-password page and nothing else.
            try await req.audit.record(.loginFailed, outcome: .denied, user: user, detail: "api: must change password first")
            throw AppError.forbiddenBecause("api.error.must_change_password")
        case .success(let user):
            let (token, expires) = try await req.accounts.issueToken(for: user, clientIP: req.clientIP)
            try await req.audit.record(.tokenIssued, recordType: "user", recordID: user.id?.uuidString, user: user)
            return try await TokenResponse(token: token, expiresAt: expires).encodeResponse(for: req)
        }
    }

    @Sendable package static func revokeToken(req: Request) async throws -> Response {
        try await req.require(.useAPI)
        guard let id = req.storage[APITokenIDKey.self] else { throw AppError.unauthenticated }
        try await req.accounts.revokeToken(id: id)
        try await req.audit.record(.tokenRevoked, recordType: "api_token", recordID: id.uuidString)
        return Response(status: .noContent)
    }

    package struct Me: Content {
        package let id: UUID
        package let username: String
        package let fullName: String
        package let role: String
        package let scope: ScopeDTO
        package let locale: String
        package let mustChangePassword: Bool

        package init(id: UUID, username: String, fullName: String, role: String, scope: ScopeDTO, locale: String, mustChangePassword: Bool) {
            self.id = id
            self.username = username
            self.fullName = fullName
            self.role = role
            self.scope = scope
            self.locale = locale
            self.mustChangePassword = mustChangePassword
        }
    }

    package struct ScopeDTO: Content {
        package let kind: String
        package let territoryCode: String?
        package let organisationId: String?

        package init(kind: String, territoryCode: String?, organisationId: String?) {
            self.kind = kind
            self.territoryCode = territoryCode
            self.organisationId = organisationId
        }
    }

    @Sendable package static func me(req: Request) async throws -> Response {
        let me = try await req.require(.useAPI)
        let code = me.scope.territoryPath.flatMap { $0.split(separator: "/").last.map(String.init) }
        return try await Me(id: me.id, username: me.username, fullName: me.fullName, role: me.role.rawValue,
                            scope: ScopeDTO(kind: me.scope.kind.rawValue, territoryCode: code, organisationId: me.scope.organisationID),
                            locale: me.locale.rawValue, mustChangePassword: me.mustChangePassword).encodeResponse(for: req)
    }

    package struct TerritoryDTO: Content {
        package let code: String
        package let isoCode: String?
        package let level: String
        package let parentCode: String?
        package let nameTk: String
        package let nameRu: String
        package let nameEn: String
        package let validFrom: String
        package let validTo: String?

        package init(_ unit: Territory) {
            let codes = unit.path.split(separator: "/").map(String.init)
            code = unit.code
            isoCode = unit.isoCode
            level = unit.level
            parentCode = codes.count > 1 ? codes[codes.count - 2] : nil
            nameTk = unit.nameTk
            nameRu = unit.nameRu
            nameEn = unit.nameEn
            validFrom = unit.validFrom
            validTo = unit.validTo
        }
    }

    package struct PageDTO<Item: Content>: Content {
        package let items: [Item]
        package let page: Int
        package let perPage: Int
        package let total: Int

        package init(items: [Item], page: Int, perPage: Int, total: Int) {
            self.items = items
            self.page = page
            self.perPage = perPage
            self.total = total
        }
    }

    @Sendable package static func territories(req: Request) async throws -> Response {
        try await req.require(.useAPI)
        var problems: [FieldProblem] = []
        let onRaw = try? req.query.get(String.self, at: "on")
        let date = onRaw.map { CalendarDate(iso: $0) } ?? CalendarDate.today
        if date == nil { problems.append(.init(field: "on", key: "validation.date")) }
        let (page, perPage) = try req.apiPaging(defaultPerPage: 50)
        guard problems.isEmpty, let date else { throw AppError.invalid(problems) }
        let all = try await TerritoryService(db: req.db).valid(on: date.iso)
        let slice = Pager(slicing: all, page: page, perPage: perPage).rows
        return try await PageDTO(items: slice.map(TerritoryDTO.init), page: page, perPage: perPage, total: all.count)
            .encodeResponse(for: req)
    }

    @Sendable package static func territory(req: Request) async throws -> Response {
        try await req.require(.useAPI)
        guard let code = req.parameters.get("code"), let unit = try await TerritoryService(db: req.db).find(code: code) else {
            throw AppError.notFound
        }
        return try await TerritoryDTO(unit).encodeResponse(for: req)
    }
}
