import Vapor

/// One API operation: registered from this table and documented from it, so the OpenAPI
/// document cannot drift from the routes.
struct APIOperation: Sendable {
    let method: HTTPMethod
    /// OpenAPI form, e.g. "/api/v1/territories/{code}".
    let path: String
    let operationID: String
    let summary: String
    let authenticated: Bool
    let parameters: [Parameter]
    let requestSchema: String?
    let responses: [Int: String?]
    let handler: @Sendable (Request) async throws -> Response

    struct Parameter: Sendable {
        let name: String
        let location: String // "path" | "query"
        let type: String
        let required: Bool
        let description: String
    }

    var pathComponents: [PathComponent] {
        path.split(separator: "/").map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? .parameter(String(part.dropFirst().dropLast())) : .constant(String(part))
        }
    }
}

extension Request {
    /// Decodes a JSON body strictly: wrong media type, malformed JSON, unknown fields and
    /// wrong types each get their own problem answer.
    func decodeStrictJSON<T: Decodable>(_ type: T.Type, allowed: Set<String>) throws -> T {
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
