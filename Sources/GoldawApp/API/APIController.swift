import Fluent
import Vapor
import GoldawCore

/// The JSON API under /api/v1. Every operation is in `operations`; the OpenAPI document and
/// the route registration both come from that list.
enum APIController {
    static let maxPageSize = 200

    static var operations: [APIOperation] {
        platform + RegistryAPI.operations + BenefitsAPI.operations + GrievanceAPI.operations + ServicesAPI.operations + CaseAPI.operations
            + IndicatorsAPI.operations
    }

    static let platform: [APIOperation] = [
        APIOperation(method: .POST, path: "/api/v1/auth/token", operationID: "createToken",
                     summary: "Exchange a username and password for a bearer token", authenticated: false,
                     parameters: [], requestSchema: "TokenRequest",
                     responses: [200: "TokenResponse", 401: nil, 422: nil, 423: nil], handler: issueToken),
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
                        .init(name: "page", location: "query", type: "integer", required: false, description: "page, from 1"),
                        .init(name: "perPage", location: "query", type: "integer", required: false, description: "items per page, at most 200"),
                     ],
                     requestSchema: nil, responses: [200: "TerritoryPage", 400: nil, 401: nil], handler: territories),
        APIOperation(method: .GET, path: "/api/v1/territories/{code}", operationID: "getTerritory",
                     summary: "One territorial unit by code", authenticated: true,
                     parameters: [.init(name: "code", location: "path", type: "string", required: true, description: "our territory code")],
                     requestSchema: nil, responses: [200: "Territory", 401: nil, 404: nil], handler: territory),
    ]

    static func register(on app: Application) {
        let authenticated = app.grouped(BearerMiddleware())
        for operation in operations {
            let builder: any RoutesBuilder = operation.authenticated ? authenticated : app
            builder.on(operation.method, operation.pathComponents, body: .collect(maxSize: ByteCount(value: app.settings.maxBodyBytes)),
                       use: operation.handler)
        }
        app.get("api", "v1", "openapi.json") { req async throws -> Response in
            let response = Response(status: .ok, body: .init(data: try OpenAPIDocument.json(operations: operations)))
            response.headers.contentType = .json
            return response
        }
    }

    struct TokenRequest: Content {
        let username: String
        let password: String
    }

    struct TokenResponse: Content {
        let token: String
        let expiresAt: Date
    }

    @Sendable static func issueToken(req: Request) async throws -> Response {
        let body = try req.decodeStrictJSON(TokenRequest.self, allowed: ["username", "password"])
        var problems: [FieldProblem] = []
        if body.username.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(.init(field: "username", key: "validation.required")) }
        if body.password.isEmpty { problems.append(.init(field: "password", key: "validation.required")) }
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        switch try await req.accounts.signIn(username: body.username, password: body.password, channel: "api") {
        case .invalid: throw AppError.unauthenticated
        case .disabled: throw AppError.forbidden
        case .locked: throw Abort(.locked)
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

    @Sendable static func revokeToken(req: Request) async throws -> Response {
        try await req.require(.useAPI)
        guard let id = req.storage[APITokenIDKey.self] else { throw AppError.unauthenticated }
        try await req.accounts.revokeToken(id: id)
        try await req.audit.record(.tokenRevoked, recordType: "api_token", recordID: id.uuidString)
        return Response(status: .noContent)
    }

    struct Me: Content {
        let id: UUID
        let username: String
        let fullName: String
        let role: String
        let scope: ScopeDTO
        let locale: String
        let mustChangePassword: Bool
    }

    struct ScopeDTO: Content {
        let kind: String
        let territoryCode: String?
        let organisationId: String?
    }

    @Sendable static func me(req: Request) async throws -> Response {
        let me = try await req.require(.useAPI)
        let code = me.scope.territoryPath.flatMap { $0.split(separator: "/").last.map(String.init) }
        return try await Me(id: me.id, username: me.username, fullName: me.fullName, role: me.role.rawValue,
                            scope: ScopeDTO(kind: me.scope.kind.rawValue, territoryCode: code, organisationId: me.scope.organisationID),
                            locale: me.locale.rawValue, mustChangePassword: me.mustChangePassword).encodeResponse(for: req)
    }

    struct TerritoryDTO: Content {
        let code: String
        let isoCode: String?
        let level: String
        let parentCode: String?
        let nameTk: String
        let nameRu: String
        let nameEn: String
        let validFrom: String
        let validTo: String?

        init(_ unit: Territory) {
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

    struct PageDTO<Item: Content>: Content {
        let items: [Item]
        let page: Int
        let perPage: Int
        let total: Int
    }

    @Sendable static func territories(req: Request) async throws -> Response {
        try await req.require(.useAPI)
        var problems: [FieldProblem] = []
        let onRaw = try? req.query.get(String.self, at: "on")
        let date = onRaw.map { CalendarDate(iso: $0) } ?? CalendarDate.today
        if date == nil { problems.append(.init(field: "on", key: "validation.date")) }
        let page = (try? req.query.get(Int.self, at: "page")) ?? 1
        let perPage = (try? req.query.get(Int.self, at: "perPage")) ?? 50
        if !(1...Paging.maxPage).contains(page) { problems.append(.init(field: "page", key: "validation.range")) }
        if !(1...maxPageSize).contains(perPage) { problems.append(.init(field: "perPage", key: "validation.range")) }
        guard problems.isEmpty, let date else { throw AppError.invalid(problems) }
        let all = try await TerritoryService(db: req.db).valid(on: date.iso)
        let slice = all.dropFirst((page - 1) * perPage).prefix(perPage)
        return try await PageDTO(items: slice.map(TerritoryDTO.init), page: page, perPage: perPage, total: all.count)
            .encodeResponse(for: req)
    }

    @Sendable static func territory(req: Request) async throws -> Response {
        try await req.require(.useAPI)
        guard let code = req.parameters.get("code"), let unit = try await TerritoryService(db: req.db).find(code: code) else {
            throw AppError.notFound
        }
        return try await TerritoryDTO(unit).encodeResponse(for: req)
    }
}
