import Foundation
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// The OpenAPI schemas of the services module, merged into the one document.
extension ServicesAPI {
    package static var string: [String: Any] { ["type": "string"] }
    package static var nullableString: [String: Any] { ["type": ["string", "null"]] }
    package static var integer: [String: Any] { ["type": "integer"] }
    package static var nullableInteger: [String: Any] { ["type": ["integer", "null"]] }
    package static var nullableNumber: [String: Any] { ["type": ["number", "null"]] }
    package static var boolean: [String: Any] { ["type": "boolean"] }
    package static var uuid: [String: Any] { ["type": "string", "format": "uuid"] }
    package static func enumeration(_ values: [String]) -> [String: Any] { ["type": "string", "enum": values] }
    package static func array(_ ref: String) -> [String: Any] { ["type": "array", "items": ["$ref": "#/components/schemas/\(ref)"]] }
    package static func object(_ properties: [String: Any], required: [String]) -> [String: Any] { OpenAPIDocument.object(properties, required: required) }
    package static func page(_ item: String) -> [String: Any] {
        object(["items": array(item), "page": integer, "perPage": integer, "hasMore": boolean], required: ["items", "page", "perPage", "hasMore"])
    }

    package static var schemas: [String: Any] {
        let consent = object(["by": enumeration(ConsentGiver.allCases.map(\.rawValue)), "scope": enumeration(ReferralConsentScope.allCases.map(\.rawValue)),
                              "date": ["type": "string", "description": "YYYY-MM-DD or DD.MM.YYYY; not in the future"]], required: ["by", "scope", "date"])
        return [
        "Service": object([
            "id": uuid, "providerId": uuid, "providerName": string, "type": string, "name": string,
            "form": enumeration(ServiceForm.allCases.map(\.rawValue)),
            "targetGroups": ["type": "array", "items": enumeration(NeedGround.allCases.map(\.rawValue))],
            "territoryCodes": ["type": "array", "items": string], "eligibility": nullableString,
            "capacity": ["type": ["integer", "null"], "description": "null: no fixed number of places"], "occupancy": integer,
            "freePlaces": nullableInteger, "openingHours": nullableString, "free": boolean, "costNote": nullableString,
            "languages": nullableString, "active": boolean, "version": integer,
        ], required: ["id", "providerId", "providerName", "type", "name", "form", "targetGroups", "territoryCodes", "occupancy", "free", "active", "version"]),
        "ServicePage": page("Service"),
        "Provider": object([
            "id": uuid, "name": string, "kind": enumeration(ProviderKind.allCases.map(\.rawValue)), "territoryCode": string,
            "address": nullableString, "phone": nullableString, "email": nullableString, "licence": nullableString,
            "licenceValidTo": nullableString, "registeredOn": string, "active": boolean, "version": integer,
            "services": ["type": ["array", "null"], "items": ["$ref": "#/components/schemas/Service"]],
        ], required: ["id", "name", "kind", "territoryCode", "registeredOn", "active", "version"]),
        "ProviderPage": page("Provider"),
        "ReferralInput": object([
            "personId": uuid, "serviceId": uuid, "urgency": enumeration(ReferralUrgency.allCases.map(\.rawValue)), "reason": string,
            "information": ["type": "string", "description": "shared with the provider; only under consent to share information"],
            "consent": consent,
            "overrideReason": ["type": "string", "description": "supervisors only: send without consent, with the reason (audited)"],
            "source": enumeration(ReferralService.sources), "sourceReference": ["type": "string", "description": "e.g. BA-00000012 or G-00000003"],
        ], required: ["personId", "serviceId", "urgency", "reason"]),
        "Referral": object([
            "id": uuid, "number": string, "status": enumeration(ReferralStatus.allCases.map(\.rawValue)),
            "urgency": enumeration(ReferralUrgency.allCases.map(\.rawValue)),
            "personId": ["type": ["string", "null"], "format": "uuid", "description": "null in the provider's view"], "personName": string,
            "serviceId": uuid, "providerId": uuid, "reason": string,
            "information": ["type": ["string", "null"], "description": "only under consent to share information"],
            "outcome": nullableString, "sentOn": string, "dueDate": ["type": ["string", "null"], "description": "deadline of the current step"],
            "overdue": boolean, "consent": ["oneOf": [consent, ["type": "null"]]], "overridden": boolean, "source": string,
            "sourceReference": nullableString, "caseId": ["type": ["string", "null"], "format": "uuid"],
            "waitingPosition": nullableInteger, "version": integer,
            "events": ["type": "array", "items": object([
                "kind": string, "fromStatus": nullableString, "toStatus": string, "note": nullableString, "actor": nullableString,
                "occurredAt": ["type": "string", "format": "date-time"]], required: ["kind", "toStatus", "occurredAt"])],
        ], required: ["id", "number", "status", "urgency", "personName", "serviceId", "providerId", "reason", "sentOn", "overdue", "overridden", "source", "version", "events"]),
        "ReferralPage": page("Referral"),
        "ReferralTransition": object([
            "version": ["type": "integer", "description": "the version read; a stale one answers 409"],
            "note": ["type": "string", "description": "required to decline (reason), deliver and end (outcome)"],
        ], required: ["version"]),
        "InventoryRound": object([
            "id": uuid, "title": string, "status": enumeration(InventoryRoundStatus.allCases.map(\.rawValue)), "openedOn": nullableString,
            "closesOn": string, "version": integer,
            "questions": ["type": ["array", "null"], "items": object([
                "id": uuid, "position": integer, "kind": enumeration(QuestionKind.allCases.map(\.rawValue)), "prompt": string,
                "required": boolean, "choices": ["type": "array", "items": string]], required: ["id", "position", "kind", "prompt", "required", "choices"])],
        ], required: ["id", "title", "status", "closesOn", "version"]),
        "InventoryRoundList": object(["items": array("InventoryRound")], required: ["items"]),
        "InventoryResponseInput": object([
            "providerId": uuid,
            "answers": ["type": "object", "additionalProperties": string, "description": "question id → answer typed as text; numbers as digits; a choice as listed"],
            "grids": ["type": "object", "additionalProperties": ["type": "object", "additionalProperties": string],
                      "description": "grid question id → etrap code → whole number"],
            "services": ["type": "array", "items": object(["serviceId": uuid, "capacity": nullableInteger, "occupancy": integer, "active": boolean],
                                                          required: ["serviceId", "occupancy", "active"])],
        ], required: ["providerId"]),
        "InventoryResponse": object(["id": uuid, "roundId": uuid, "providerId": uuid, "status": enumeration(ResponseStatus.allCases.map(\.rawValue)),
                                     "version": integer], required: ["id", "roundId", "providerId", "status", "version"]),
        "Worker": object([
            "id": uuid, "number": string, "fullName": string, "postType": enumeration(PostType.allCases.map(\.rawValue)), "employer": string,
            "territoryCode": string, "startDate": string, "endDate": nullableString, "version": integer,
            "qualifications": ["type": ["array", "null"], "items": object(["field": enumeration(DegreeField.allCases.map(\.rawValue)), "title": string,
                                                                           "year": integer, "institution": string], required: ["field", "title", "year", "institution"])],
            "trainings": ["type": ["array", "null"], "items": object(["title": string, "hours": integer, "completedOn": string, "certificate": nullableString],
                                                                      required: ["title", "hours", "completedOn"])],
        ], required: ["id", "number", "fullName", "postType", "employer", "territoryCode", "startDate", "version"]),
        "WorkerPage": page("Worker"),
        "Post": object([
            "id": uuid, "number": string, "postType": enumeration(PostType.allCases.map(\.rawValue)), "employer": string, "territoryCode": string,
            "fullTime": boolean, "fundedFrom": string, "fundedTo": nullableString, "filled": boolean,
            "workerId": ["type": ["string", "null"], "format": "uuid"], "recruitmentStatus": enumeration(RecruitmentStatus.allCases.map(\.rawValue)),
            "version": integer,
        ], required: ["id", "number", "postType", "employer", "territoryCode", "fullTime", "fundedFrom", "filled", "recruitmentStatus", "version"]),
        "PostPage": page("Post"),
        "WorkforceFigures": object(["date": string, "items": ["type": "array", "items": object([
            "level": enumeration(["welayat", "etrap"]), "code": string, "workers": integer,
            "byPostType": ["type": "object", "additionalProperties": integer], "socialWorkQualified": integer,
            "qualifiedSharePercent": nullableNumber, "postsFunded": integer, "postsFilled": integer, "postsVacant": integer,
            "population": nullableInteger, "children": nullableInteger, "workersPer10000": nullableNumber, "workersPer10000Children": nullableNumber,
        ], required: ["level", "code", "workers", "byPostType", "socialWorkQualified", "postsFunded", "postsFilled", "postsVacant"])]],
            required: ["date", "items"]),
        ]
    }
}
