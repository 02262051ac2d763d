import Foundation

/// The OpenAPI 3.1 document of the API, built from `APIController.operations`.
enum OpenAPIDocument {
    static var schemas: [String: Any] {
        [
        "TokenRequest": object(["username": ["type": "string"], "password": ["type": "string"]], required: ["username", "password"]),
        "TokenResponse": object(["token": ["type": "string"], "expiresAt": ["type": "string", "format": "date-time"]], required: ["token", "expiresAt"]),
        "Me": object([
            "id": ["type": "string", "format": "uuid"], "username": ["type": "string"], "fullName": ["type": "string"],
            "role": ["type": "string"], "locale": ["type": "string", "enum": ["tk", "ru", "en"]],
            "mustChangePassword": ["type": "boolean"],
            "scope": object(["kind": ["type": "string", "enum": ["national", "region", "district", "organisation"]],
                             "territoryCode": ["type": ["string", "null"]], "organisationId": ["type": ["string", "null"]]],
                            required: ["kind"]),
        ], required: ["id", "username", "fullName", "role", "scope", "locale", "mustChangePassword"]),
        "Territory": object([
            "code": ["type": "string"], "isoCode": ["type": ["string", "null"]],
            "level": ["type": "string", "enum": ["region", "district", "city", "borough"]],
            "parentCode": ["type": ["string", "null"]], "nameTk": ["type": "string"], "nameRu": ["type": "string"],
            "nameEn": ["type": "string"], "validFrom": ["type": "string", "format": "date"],
            "validTo": ["type": ["string", "null"], "format": "date"],
        ], required: ["code", "level", "nameTk", "nameRu", "nameEn", "validFrom"]),
        "TerritoryPage": object([
            "items": ["type": "array", "items": ["$ref": "#/components/schemas/Territory"]],
            "page": ["type": "integer"], "perPage": ["type": "integer"], "total": ["type": "integer"],
        ], required: ["items", "page", "perPage", "total"]),
        "Problem": object([
            "type": ["type": "string"], "title": ["type": "string"], "status": ["type": "integer"],
            "detail": ["type": "string"], "instance": ["type": "string"],
            "errors": ["type": "array", "items": object(["field": ["type": "string"], "code": ["type": "string"], "message": ["type": "string"]],
                                                         required: ["field", "code", "message"])],
        ], required: ["type", "title", "status"]),
        ]
    }

    static func object(_ properties: [String: Any], required: [String]) -> [String: Any] {
        ["type": "object", "properties": properties, "required": required, "additionalProperties": false]
    }

    static func document(operations: [APIOperation]) -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for operation in operations {
            var entry: [String: Any] = ["operationId": operation.operationID, "summary": operation.summary]
            if !operation.parameters.isEmpty {
                entry["parameters"] = operation.parameters.map {
                    ["name": $0.name, "in": $0.location, "required": $0.required, "description": $0.description,
                     "schema": ["type": $0.type]] as [String: Any]
                }
            }
            if let schema = operation.requestSchema {
                entry["requestBody"] = ["required": true, "content": ["application/json": ["schema": ["$ref": "#/components/schemas/\(schema)"]]]]
            }
            var responses: [String: Any] = [:]
            for (status, schema) in operation.responses {
                if let schema {
                    responses[String(status)] = ["description": "OK", "content": ["application/json": ["schema": ["$ref": "#/components/schemas/\(schema)"]]]]
                } else if status < 300 {
                    responses[String(status)] = ["description": "Done"]
                } else {
                    responses[String(status)] = ["description": "Problem (RFC 9457)",
                                                 "content": ["application/problem+json": ["schema": ["$ref": "#/components/schemas/Problem"]]]]
                }
            }
            entry["responses"] = responses
            entry["security"] = operation.authenticated ? [["bearer": [String]()]] : [[String: [String]]]()
            paths[operation.path, default: [:]][operation.method.rawValue.lowercased()] = entry
        }
        return [
            "openapi": "3.1.0",
            "info": ["title": "Goldaw API", "version": "1.0.0",
                     "description": "Social protection and child protection information system of Turkmenistan. Errors are RFC 9457 problem documents."],
            "servers": [["url": "/"]],
            "paths": paths,
            "components": [
                "schemas": schemas,
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
            ],
        ]
    }

    static func json(operations: [APIOperation]) throws -> Data {
        try JSONSerialization.data(withJSONObject: document(operations: operations), options: [.sortedKeys, .prettyPrinted])
    }
}
