import Foundation
import GoldawCore

/// The OpenAPI 3.1 document of the API, built from the operations `APIController` registers.
package enum OpenAPIDocument {
    package static var platformSchemas: [String: Any] {
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
        "PersonSummary": object([
            "id": ["type": "string", "format": "uuid"], "number": ["type": "string"], "givenName": ["type": "string"],
            "surname": ["type": "string"], "patronymic": ["type": ["string", "null"]], "sex": ["type": "string", "enum": ["female", "male"]],
            "birthDate": ["type": "string", "format": "date"], "birthDateEstimated": ["type": "boolean"],
            "territoryCode": ["type": ["string", "null"]], "mergedIntoId": ["type": ["string", "null"], "format": "uuid"],
        ], required: ["id", "number", "givenName", "surname", "sex", "birthDate", "birthDateEstimated"]),
        "PersonPage": object([
            "items": ["type": "array", "items": ["$ref": "#/components/schemas/PersonSummary"]],
            "page": ["type": "integer"], "perPage": ["type": "integer"], "hasMore": ["type": "boolean"],
            "truncated": ["type": "boolean", "description": "more people matched than are ranked (1000): narrow the search"],
        ], required: ["items", "page", "perPage", "hasMore", "truncated"]),
        "Document": object(["type": ["type": "string", "enum": ["passport", "birth_certificate", "other"]], "number": ["type": "string"],
                            "issuedOn": ["type": ["string", "null"], "format": "date"]], required: ["type", "number"]),
        "PersonInput": object([
            "givenName": ["type": "string"], "surname": ["type": "string"], "patronymic": ["type": "string"],
            "givenNameCyr": ["type": "string"], "surnameCyr": ["type": "string"], "patronymicCyr": ["type": "string"],
            "sex": ["type": "string", "enum": ["female", "male"]], "birthDate": ["type": "string", "description": "YYYY-MM-DD or DD.MM.YYYY"],
            "birthDateEstimated": ["type": "boolean"], "deathDate": ["type": "string"],
            "legalStatus": ["type": "string", "enum": ["citizen", "resident_foreigner", "stateless", "refugee"]],
            "territoryCode": ["type": "string"], "locality": ["type": "string"], "street": ["type": "string"],
            "phones": ["type": "array", "items": ["type": "string"]],
            "documents": ["type": "array", "items": ["$ref": "#/components/schemas/Document"]],
            "confirmNew": ["type": "boolean", "description": "create even though likely matches exist"],
            "version": ["type": "integer", "description": "required on update: the version read"],
        ], required: ["givenName", "surname", "sex", "birthDate", "territoryCode"]),
        "Person": object([
            "person": ["$ref": "#/components/schemas/PersonSummary"],
            "givenNameCyr": ["type": ["string", "null"]], "surnameCyr": ["type": ["string", "null"]], "patronymicCyr": ["type": ["string", "null"]],
            "deathDate": ["type": ["string", "null"]], "legalStatus": ["type": "string"], "locality": ["type": ["string", "null"]],
            "street": ["type": ["string", "null"]], "phones": ["type": "array", "items": ["type": "string"]],
            "documents": ["type": "array", "items": ["$ref": "#/components/schemas/Document"]],
            "memberships": ["type": "array", "items": ["type": "object"]], "parents": ["type": "array", "items": ["type": "object"]],
            "functioning": ["type": "array", "items": ["type": "object"]], "disabilityStatus": ["type": "array", "items": ["type": "object"]],
            "version": ["type": "integer"],
        ], required: ["person", "legalStatus", "documents", "version"]),
        "HistoryList": object(["items": ["type": "array", "items": object([
            "field": ["type": "string"], "oldValue": ["type": ["string", "null"]], "newValue": ["type": ["string", "null"]],
            "changedBy": ["type": ["string", "null"]], "changedAt": ["type": "string", "format": "date-time"]], required: ["field", "changedAt"])]],
            required: ["items"]),
        "FunctioningInput": object([
            "instrument": ["type": "string", "enum": ["wg_ss", "cfm_2_4", "cfm_5_17"]], "interviewDate": ["type": "string"],
            "respondent": ["type": "string", "enum": ["self", "mother", "father", "caregiver", "other"]],
            "answers": ["type": "object", "additionalProperties": ["type": "integer"], "description": "question id → answer code; 9 = don't know"],
        ], required: ["instrument", "interviewDate", "respondent", "answers"]),
        "FunctioningResult": object([
            "id": ["type": "string", "format": "uuid"], "instrument": ["type": "string"], "ruleVersion": ["type": "string"],
            "hasFunctionalDifficulty": ["type": ["boolean", "null"]],
            "domains": ["type": "array", "items": object(["domain": ["type": "string"], "difficulty": ["type": ["boolean", "null"]],
                                                          "decidingQuestion": ["type": ["string", "null"]], "decidingAnswer": ["type": ["integer", "null"]]],
                                                         required: ["domain"])],
        ], required: ["id", "instrument", "ruleVersion", "domains"]),
        "MergeInput": object(["mergeId": ["type": "string", "format": "uuid"]], required: ["mergeId"]),
        "HouseholdInput": object([
            "territoryCode": ["type": "string"], "locality": ["type": "string"], "street": ["type": "string"],
            "members": ["type": "array", "items": object(["personId": ["type": "string", "format": "uuid"],
                                                          "relationship": ["type": "string"], "from": ["type": "string"]],
                                                         required: ["personId", "relationship", "from"])],
        ], required: ["territoryCode", "members"]),
        "Household": object([
            "id": ["type": "string", "format": "uuid"], "number": ["type": "string"], "territoryCode": ["type": ["string", "null"]],
            "locality": ["type": ["string", "null"]], "street": ["type": ["string", "null"]],
            "members": ["type": "array", "items": ["type": "object"]],
        ], required: ["id", "number", "members"]),
        "GrievanceInput": object([
            "category": ["type": "string", "enum": GrievanceCategory.allCases.map(\.rawValue)],
            "channel": ["type": "string", "enum": GrievanceChannel.staffChannels.map(\.rawValue)],
            "complainantName": ["type": "string"], "complainantContact": ["type": "string"],
            "personNumber": ["type": "string", "description": "registry number, e.g. P-00000012, to link the complainant"],
            "subjectKind": ["type": "string", "enum": GrievanceSubject.allCases.map(\.rawValue)],
            "subjectReference": ["type": "string", "description": "required for application and payment, e.g. BA-00000012"],
            "description": ["type": "string"], "territoryCode": ["type": "string", "description": "the etrap's territory code"],
        ], required: ["category", "channel", "complainantName", "subjectKind", "description", "territoryCode"]),
        "GrievanceSummary": object([
            "id": ["type": "string", "format": "uuid"], "number": ["type": "string"],
            "category": ["type": "string", "enum": GrievanceCategory.allCases.map(\.rawValue)],
            "channel": ["type": "string", "enum": GrievanceChannel.allCases.map(\.rawValue)],
            "subjectKind": ["type": "string", "enum": GrievanceSubject.allCases.map(\.rawValue)],
            "subjectReference": ["type": ["string", "null"]], "territoryCode": ["type": ["string", "null"]],
            "status": ["type": "string", "enum": GrievanceStatus.allCases.map(\.rawValue)],
            "lodgedAt": ["type": "string", "format": "date-time"], "dueDate": ["type": "string", "format": "date"],
            "slaState": ["type": ["string", "null"], "enum": SLAState.allCases.map(\.rawValue) + [NSNull()], "description": "null once resolved or closed"],
            "escalated": ["type": "boolean", "description": "escalated by staff or past its deadline"],
            "escalationLevel": ["type": "integer"], "assignee": ["type": ["string", "null"], "description": "username"],
            "version": ["type": "integer"],
        ], required: ["id", "number", "category", "channel", "subjectKind", "status", "lodgedAt", "dueDate", "escalated", "escalationLevel", "version"]),
        "GrievancePage": object([
            "items": ["type": "array", "items": ["$ref": "#/components/schemas/GrievanceSummary"]],
            "page": ["type": "integer"], "perPage": ["type": "integer"], "hasMore": ["type": "boolean"],
        ], required: ["items", "page", "perPage", "hasMore"]),
        "Grievance": object([
            "grievance": ["$ref": "#/components/schemas/GrievanceSummary"],
            "trackingCode": ["type": "string", "description": "give it to the complainant; it opens the public status page"],
            "complainantName": ["type": "string"], "complainantContact": ["type": ["string", "null"]],
            "personId": ["type": ["string", "null"], "format": "uuid"], "description": ["type": "string"],
            "resolution": ["type": ["string", "null"]], "resolvedAt": ["type": ["string", "null"], "format": "date-time"],
            "appealReason": ["type": ["string", "null"]], "appealedAt": ["type": ["string", "null"], "format": "date-time"],
            "closedAt": ["type": ["string", "null"], "format": "date-time"],
            "events": ["type": "array", "items": object([
                "kind": ["type": "string"], "fromStatus": ["type": ["string", "null"]], "toStatus": ["type": "string"],
                "note": ["type": ["string", "null"]], "actor": ["type": ["string", "null"]],
                "occurredAt": ["type": "string", "format": "date-time"]], required: ["kind", "toStatus", "occurredAt"])],
        ], required: ["grievance", "trackingCode", "complainantName", "description", "events"]),
        "GrievanceTransition": object([
            "version": ["type": "integer", "description": "the version read; a stale one answers 409"],
            "note": ["type": "string", "description": "required to escalate, resolve and appeal"],
            "assignee": ["type": "string", "description": "username; required to assign"],
        ], required: ["version"]),
        "Problem": object([
            "type": ["type": "string"], "title": ["type": "string"], "status": ["type": "integer"],
            "detail": ["type": "string"], "instance": ["type": "string"],
            "errors": ["type": "array", "items": object(["field": ["type": "string"], "code": ["type": "string"], "message": ["type": "string"]],
                                                         required: ["field", "code", "message"])],
        ], required: ["type", "title", "status"]),
        ]
    }

    package static func object(_ properties: [String: Any], required: [String]) -> [String: Any] {
        ["type": "object", "properties": properties, "required": required, "additionalProperties": false]
    }

    package static func document(operations: [APIOperation], schemas: [String: Any]) -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for operation in operations {
            var entry: [String: Any] = ["operationId": operation.operationID, "summary": operation.summary]
            var parameters = operation.parameters
            if operation.authenticated && IdempotencyMiddleware.writeMethods.contains(operation.method) {
                parameters.append(.init(name: IdempotencyMiddleware.header, location: "header", type: "string", required: false,
                                        description: "a key of your choice, new for each write: the same request sent again with it gets the first answer"))
            }
            if !parameters.isEmpty {
                entry["parameters"] = parameters.map { parameter -> [String: Any] in
                    var schema: [String: Any] = ["type": parameter.type]
                    if let minimum = parameter.minimum { schema["minimum"] = minimum }
                    if let maximum = parameter.maximum { schema["maximum"] = maximum }
                    return ["name": parameter.name, "in": parameter.location, "required": parameter.required,
                            "description": parameter.description, "schema": schema]
                }
            }
            if operation.requestMediaType != "application/json" {
                entry["requestBody"] = ["required": true, "content": [operation.requestMediaType: ["schema": ["type": "string"]]]]
            } else if let schema = operation.requestSchema {
                entry["requestBody"] = ["required": true, "content": ["application/json": ["schema": ["$ref": "#/components/schemas/\(schema)"]]]]
            }
            var responses: [String: Any] = [:]
            for (status, schema) in operation.responses.merging(platformResponses(of: operation), uniquingKeysWith: { own, _ in own }) {
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
                "schemas": schemas.mapValues(boundedIntegers),
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
            ],
        ]
    }

    /// Every integer the API reads is a 64-bit integer: the document says so, so that a client
    /// (or a fuzzer) is not told that 10^31 is a valid number of places.
    static func boundedIntegers(_ schema: Any) -> Any {
        if let list = schema as? [Any] { return list.map(boundedIntegers) }
        guard var object = schema as? [String: Any] else { return schema }
        for (key, value) in object where value is [String: Any] || value is [Any] { object[key] = boundedIntegers(value) }
        let type = object["type"]
        let isInteger = (type as? String) == "integer" || ((type as? [String])?.contains("integer") ?? false)
        if isInteger {
            if object["minimum"] == nil { object["minimum"] = Int64.min }
            if object["maximum"] == nil { object["maximum"] = Int64.max }
        }
        return object
    }

    /// The answers the platform gives to any operation of a kind, whatever its handler does:
    /// 401 without a valid token, 403 when the role may not (or a one-time password must be
    /// changed first), 400/415/413 for a body that is not JSON, too large or of another type,
    /// and 422 for parameters out of bounds.
    static func platformResponses(of operation: APIOperation) -> [Int: String?] {
        // A problem answer has no schema of its own (nil); `updateValue` because assigning nil
        // through a subscript would remove the key.
        var found: [Int: String?] = [:]
        var statuses: [Int] = []
        if operation.authenticated { statuses += [401, 403] }
        if operation.authenticated && IdempotencyMiddleware.writeMethods.contains(operation.method) { statuses += [409, 422] }
        if operation.requestSchema != nil || operation.requestMediaType != "application/json" { statuses += [400, 413, 415, 422] }
        if operation.parameters.contains(where: { $0.location == "query" }) { statuses.append(422) }
        if operation.parameters.contains(where: { $0.location == "path" }) { statuses.append(404) }
        for status in statuses { found.updateValue(nil, forKey: status) }
        return found
    }

    package static func json(operations: [APIOperation], schemas: [String: Any]) throws -> Data {
        try JSONSerialization.data(withJSONObject: document(operations: operations, schemas: schemas), options: [.sortedKeys, .prettyPrinted])
    }
}
