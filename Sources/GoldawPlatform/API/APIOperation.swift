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

    package struct Parameter: Sendable {
        package let name: String
        package let location: String // "path" | "query"
        package let type: String
        package let required: Bool
        package let description: String

        package init(name: String, location: String, type: String, required: Bool, description: String) {
            self.name = name
            self.location = location
            self.type = type
            self.required = required
            self.description = description
        }
    }

    package var pathComponents: [PathComponent] {
        path.split(separator: "/").map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? .parameter(String(part.dropFirst().dropLast())) : .constant(String(part))
        }
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
