import Vapor

/// One API operation: registered from this table and documented from it, so the OpenAPI
/// document cannot drift from the routes.
package struct APIOperation: Sendable {
    package let method: HTTPMethod
    /// OpenAPI form, e.g. "/api/v1/territories/{code}".
    package let path: String
    package let operationID: String
    package let summary: String
    package let authenticated: Bool
    package let parameters: [Parameter]
    package let requestSchema: String?
    package let responses: [Int: String?]
    package let handler: @Sendable (Request) async throws -> Response
    /// The media type of the body: JSON with `requestSchema`, or a file such as text/csv.
    package var requestMediaType = "application/json"
    /// A body limit above the default, for uploads.
    package var maxBodyBytes: Int?

    package struct Parameter: Sendable {
        package let name: String
        package let location: String // "path" | "query"
        package let type: String
        package let required: Bool
        package let description: String
        /// Bounds of an integer parameter, in the document and in `Request.apiPaging`.
        package let minimum: Int?
        package let maximum: Int?

        package init(name: String, location: String, type: String, required: Bool, description: String,
                     minimum: Int? = nil, maximum: Int? = nil) {
            self.name = name
            self.location = location
            self.type = type
            self.required = required
            self.description = description
            self.minimum = minimum
            self.maximum = maximum
        }

        /// A record's uuid in the path.
        package static let id = Parameter(name: "id", location: "path", type: "string", required: true, description: "uuid")

        /// `page`, from 1.
        package static let page = Parameter(name: "page", location: "query", type: "integer", required: false,
                                            description: "from 1", minimum: 1, maximum: Paging.maxPage)

        /// `perPage`, from 1 to `maximum`.
        package static func perPage(default fallback: Int, maximum: Int = APIController.maxPageSize) -> Parameter {
            Parameter(name: "perPage", location: "query", type: "integer", required: false,
                      description: "at most \(maximum), default \(fallback)", minimum: 1, maximum: maximum)
        }
    }

    package var pathComponents: [PathComponent] {
        path.split(separator: "/").map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? .parameter(String(part.dropFirst().dropLast())) : .constant(String(part))
        }
    }

    /// An operation whose body is a file of `mediaType` (e.g. text/csv) of at most `maxBodyBytes`.
    package func upload(_ mediaType: String, maxBodyBytes: Int) -> APIOperation {
        var copy = self
        copy.requestMediaType = mediaType
        copy.maxBodyBytes = maxBodyBytes
        return copy
    }

    package init(method: HTTPMethod, path: String, operationID: String, summary: String, authenticated: Bool, parameters: [Parameter], requestSchema: String?, responses: [Int: String?], handler: @escaping @Sendable (Request) async throws -> Response) {
        self.method = method
        self.path = path
        self.operationID = operationID
        self.summary = summary
        self.authenticated = authenticated
        self.parameters = parameters
        self.requestSchema = requestSchema
        self.responses = responses
        self.handler = handler
    }
}

extension Request {
    /// The `page` and `perPage` of an API list. Anything that is not a whole number in bounds is
    /// refused (422), never replaced by the default: a client that sent `perPage=false` learns
    /// that it is wrong instead of getting a page it did not ask for.
    package func apiPaging(defaultPerPage: Int = 25, maxPerPage: Int = APIController.maxPageSize) throws -> (page: Int, perPage: Int) {
        try apiPaging(defaultPerPage: defaultPerPage, maxPerPage: maxPerPage, readsPerPage: true)
    }

    /// The same, adding its problems to `problems` so that they are answered with the others.
    package func apiPaging(defaultPerPage: Int = 25, problems: inout [FieldProblem]) -> (page: Int, perPage: Int) {
        do { return try apiPaging(defaultPerPage: defaultPerPage, maxPerPage: APIController.maxPageSize, readsPerPage: true) }
        catch AppError.invalid(let found) { problems += found }
        catch {}
        return (1, defaultPerPage)
    }

    /// The `page` of an API list whose page size is fixed.
    package func apiPage() throws -> Int {
        try apiPaging(defaultPerPage: 1, maxPerPage: 1, readsPerPage: false).page
    }

    private func apiPaging(defaultPerPage: Int, maxPerPage: Int, readsPerPage: Bool) throws -> (page: Int, perPage: Int) {
        var problems: [FieldProblem] = []
        func number(_ key: String, _ fallback: Int, _ bounds: ClosedRange<Int>) -> Int {
            guard let raw = try? query.get(String.self, at: key), !raw.isEmpty else { return fallback }
            guard let value = Int(raw) else { problems.append(.init(field: key, key: "validation.type")); return fallback }
            if !bounds.contains(value) { problems.append(.init(field: key, key: "validation.range")) }
            return value
        }
        let page = number("page", 1, 1...Paging.maxPage)
        let perPage = readsPerPage ? number("perPage", defaultPerPage, 1...maxPerPage) : defaultPerPage
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        return (page, perPage)
    }

    /// Decodes a JSON body strictly: wrong media type, malformed JSON, unknown fields and
    /// wrong types each get their own problem answer.
    package func decodeStrictJSON<T: Decodable>(_ type: T.Type, allowed: Set<String>) throws -> T {
        guard headers.contentType == .json else { throw Abort(.unsupportedMediaType) }
        guard let buffer = body.data, let object = try? JSONSerialization.jsonObject(with: Data(buffer: buffer)) else {
            throw AppError.badRequest("error.malformed")
        }
        guard let dictionary = object as? [String: Any] else { throw AppError.badRequest("error.malformed") }
        let unknown = Set(dictionary.keys).subtracting(allowed)
        if !unknown.isEmpty {
            throw AppError.invalid(unknown.sorted().map { FieldProblem(field: $0, key: "validation.unknown_field") })
        }
        return try content.decode(T.self)
    }
}
