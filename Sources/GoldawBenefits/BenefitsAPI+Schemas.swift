import Foundation
import GoldawCore
import GoldawPlatform
import GoldawRegistry

extension BenefitsAPI {
    package static var string: [String: Any] { ["type": "string"] }
    package static var nullableString: [String: Any] { ["type": ["string", "null"]] }
    package static var integer: [String: Any] { ["type": "integer"] }
    package static var boolean: [String: Any] { ["type": "boolean"] }
    package static var uuid: [String: Any] { ["type": "string", "format": "uuid"] }
    package static func array(_ ref: String) -> [String: Any] { ["type": "array", "items": ["$ref": "#/components/schemas/\(ref)"]] }
    package static func object(_ properties: [String: Any], required: [String]) -> [String: Any] {
        OpenAPIDocument.object(properties, required: required)
    }
    package static var rules: [String: Any] {
        ["type": "array", "description": "typed rules, e.g. {\"age\":{\"min\":null,\"under\":3}}, {\"alive\":{}}", "items": ["type": "object"]]
    }

    package static var schemas: [String: Any] {
        [
        "ParameterValue": object(["key": string, "validFrom": string, "value": ["type": "integer", "description": "teňňe, hundredths of a percent, years or a month"],
                                  "unit": ["type": "string", "enum": ["money", "percent", "years", "month_of_year", "rule"]], "toBeConfirmed": boolean],
                                 required: ["key", "validFrom", "value", "unit", "toBeConfirmed"]),
        "ParameterInput": object(["key": string, "validFrom": ["type": "string", "description": "DD.MM.YYYY or YYYY-MM-DD"],
                                  "value": ["type": "string", "description": "390 or 390,50 (manat); 75 or 7,5 (percent); whole numbers otherwise"],
                                  "toBeConfirmed": boolean, "note": string], required: ["key", "validFrom", "value"]),
        "RuleVersion": object(["programme": string, "validFrom": string, "rules": rules], required: ["programme", "validFrom", "rules"]),
        "RuleVersionInput": object(["programme": string, "validFrom": string, "rules": rules, "note": string], required: ["programme", "validFrom", "rules"]),
        "ProgrammeList": object([
            "commonParameters": array("ParameterValue"),
            "items": ["type": "array", "items": object(["code": string, "frequency": ["type": "string", "enum": ["once", "monthly", "yearly"]],
                                                         "documents": ["type": "array", "items": string], "parameters": array("ParameterValue"),
                                                         "ruleVersions": array("RuleVersion")],
                                                        required: ["code", "frequency", "documents", "parameters", "ruleVersions"])],
        ], required: ["commonParameters", "items"]),
        "Application": object([
            "id": uuid, "number": string, "programme": string, "status": ["type": "string", "enum": ["intake", "submitted", "approved", "rejected"]],
            "source": string, "beneficiaryId": uuid, "applicantId": uuid, "documents": ["type": "array", "items": string],
            "channel": nullableString, "account": nullableString, "requestedFrom": string, "eligible": ["type": ["boolean", "null"]],
            "ruleVersion": nullableString,
            "eligibility": ["type": "array", "items": object(["rule": string, "passed": boolean, "reason": string, "message": string],
                                                              required: ["rule", "passed", "reason", "message"])],
            "decisionReason": nullableString, "version": integer,
        ], required: ["id", "number", "programme", "status", "source", "beneficiaryId", "applicantId", "documents", "requestedFrom", "eligibility", "version"]),
        "ApplicationPage": object(["items": array("Application"), "page": integer, "perPage": integer, "hasMore": boolean],
                                  required: ["items", "page", "perPage", "hasMore"]),
        "ApplicationInput": object([
            "programme": string, "beneficiaryId": uuid, "applicantId": uuid, "documents": ["type": "array", "items": string],
            "channel": ["type": "string", "enum": ["bank", "post"]], "account": string, "requestedFrom": string,
            "recordIneligible": ["type": "boolean", "description": "record an ineligible application so that it can be rejected"],
            "version": ["type": "integer", "description": "when completing an intake: the version read"],
        ], required: ["channel", "requestedFrom"]),
        "DecisionInput": object(["outcome": ["type": "string", "enum": ApprovalDecision.allCases.map(\.rawValue)], "reason": string,
                                 "effectiveFrom": string, "version": integer], required: ["outcome", "version"]),
        "EnrolmentList": object(["items": ["type": "array", "items": object([
            "id": uuid, "programme": string, "beneficiaryId": uuid, "payeeId": uuid, "effectiveFrom": string, "endDate": nullableString,
            "status": ["type": "string", "enum": ["active", "suspended", "ended"]], "statusReason": nullableString,
            "reviewPending": boolean, "channel": string, "version": integer,
        ], required: ["id", "programme", "beneficiaryId", "payeeId", "effectiveFrom", "status", "reviewPending", "channel", "version"])]],
                                required: ["items"]),
        "Cycle": object([
            "id": uuid, "number": string, "programme": string, "territoryPath": string, "month": string,
            "status": ["type": "string", "enum": ["draft", "computed", "approved", "paid", "reconciled"]],
            "lineCount": integer, "total": ["type": "integer", "description": "teňňe"], "usesUnconfirmed": boolean, "version": integer,
            "paymentLists": ["type": ["array", "null"], "items": object(["channel": string, "territoryPath": string, "lines": integer, "total": integer],
                                                                         required: ["channel", "territoryPath", "lines", "total"])],
        ], required: ["id", "number", "programme", "territoryPath", "month", "status", "lineCount", "total", "usesUnconfirmed", "version"]),
        "CycleList": object(["items": array("Cycle")], required: ["items"]),
        "CycleInput": object(["programme": string, "territoryCode": string, "month": ["type": "string", "description": "YYYY-MM"]],
                             required: ["programme", "territoryCode", "month"]),
        "VersionInput": object(["version": integer], required: ["version"]),
        "LinePage": object(["items": ["type": "array", "items": object([
            "id": integer, "beneficiaryId": uuid, "payeeId": uuid, "payeeName": string, "payMonth": string,
            "kind": ["type": "string", "enum": ["regular", "adjustment", "top_up"]], "amount": integer,
            "parameters": ["type": "string", "description": "the parameter values the amount used, key=value@validFrom"],
            "territoryPath": string, "channel": string, "status": ["type": "string", "enum": ["pending", "paid", "failed"]],
            "reissueOf": ["type": ["integer", "null"]],
        ], required: ["id", "beneficiaryId", "payeeId", "payeeName", "payMonth", "kind", "amount", "parameters", "territoryPath", "channel", "status"])],
            "page": integer, "perPage": integer, "hasMore": boolean], required: ["items", "page", "perPage", "hasMore"]),
        "ReconcileSummary": object(["paid": integer, "failed": integer, "pending": integer, "reconciled": boolean],
                                   required: ["paid", "failed", "pending", "reconciled"]),
        "TotalList": object(["month": string, "items": ["type": "array", "items": object([
            "territoryPath": string, "programme": string, "kind": string, "lines": integer, "total": integer],
            required: ["territoryPath", "programme", "kind", "lines", "total"])]], required: ["month", "items"]),
        "Measure": object([
            "id": uuid, "number": string, "measureKind": ["type": "string", "enum": ["vertical", "horizontal"]],
            "rule": ["type": ["string", "null"], "description": "horizontal: children:N or disability"], "enrolled": integer, "name": string, "programmes": ["type": "array", "items": string],
            "territoryPaths": ["type": "array", "items": string], "topUpKind": ["type": "string", "enum": ["percent", "fixed"]],
            "topUpValue": ["type": "integer", "description": "hundredths of a percent, or teňňe"], "fromMonth": string, "toMonth": string,
            "status": ["type": "string", "enum": ["active", "ended"]], "version": integer,
        ], required: ["id", "number", "measureKind", "enrolled", "name", "programmes", "territoryPaths", "topUpKind", "topUpValue", "fromMonth", "toMonth", "status", "version"]),
        "MeasureList": object(["items": array("Measure")], required: ["items"]),
        "MeasureInput": object([
            "measureKind": ["type": "string", "enum": ["vertical", "horizontal"], "description": "default vertical"],
            "rule": ["type": "string", "description": "horizontal: children:N (households with at least N children under 18) or disability"],
            "name": string, "programmes": ["type": "array", "items": string], "territoryCodes": ["type": "array", "items": string],
            "kind": ["type": "string", "enum": ["percent", "fixed"]], "value": ["type": "string", "description": "10 (percent) or 100,00 (manat)"],
            "fromMonth": string, "toMonth": string,
        ], required: ["name", "programmes", "territoryCodes", "kind", "value", "fromMonth", "toMonth"]),
        ]
    }
}
