import Foundation
import GoldawCore

/// OpenAPI schemas of `/api/v1/cases`, next to the handlers they describe.
extension CaseAPI {
    static var schemas: [String: Any] {
        let object = OpenAPIDocument.object
        let string: [String: Any] = ["type": "string"]
        let nullableString: [String: Any] = ["type": ["string", "null"]]
        let date: [String: Any] = ["type": "string", "format": "date"]
        let dateTime: [String: Any] = ["type": "string", "format": "date-time"]
        let uuid: [String: Any] = ["type": "string", "format": "uuid"]
        func values(_ list: [String]) -> [String: Any] { ["type": "string", "enum": list] }
        func array(_ items: [String: Any]) -> [String: Any] { ["type": "array", "items": items] }
        func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }
        return [
            "CaseSummary": object([
                "id": uuid, "number": ["type": "string", "description": "e.g. MR-2026-000123"], "personId": uuid, "territoryPath": string,
                "step": values(CaseStep.allCases.map(\.rawValue)),
                "riskLevel": ["type": ["string", "null"], "enum": RiskLevel.allCases.map(\.rawValue) + [NSNull()]],
                "urgent": ["type": "boolean"], "concerns": array(string),
                "identificationSource": values(IdentificationSource.allCases.map(\.rawValue)), "identifiedOn": date,
                "registeredAt": dateTime, "workerId": ["type": ["string", "null"], "format": "uuid"],
                "version": ["type": "integer", "description": "send it back to close or reopen; a stale one answers 409"],
            ], ["id", "number", "personId", "territoryPath", "step", "urgent", "concerns", "identificationSource", "identifiedOn",
                "registeredAt", "version"]),
            "CasePage": object(["items": array(ref("CaseSummary")), "page": ["type": "integer"], "perPage": ["type": "integer"],
                                "hasMore": ["type": "boolean"]], ["items", "page", "perPage", "hasMore"]),
            "Case": object([
                "case": ref("CaseSummary"), "summary": string, "closureReason": nullableString, "reopenReason": nullableString,
                "consents": array(object(["party": values(ConsentParty.allCases.map(\.rawValue)), "givenBy": string,
                                          "scopes": array(values(ConsentScope.allCases.map(\.rawValue))), "givenOn": date,
                                          "recordedAt": dateTime], ["party", "givenBy", "scopes", "givenOn", "recordedAt"])),
                "consentDecisions": array(object(["scope": values(ConsentScope.allCases.map(\.rawValue)),
                                                  "decision": values(["allowed", "override", "blocked"]),
                                                  "missing": array(values(ConsentParty.allCases.map(\.rawValue)))],
                                                 ["scope", "decision", "missing"])),
                "assessments": array(object(["kind": values(["initial", "needs"]), "assessedOn": date,
                                             "riskLevel": nullableString, "summary": string, "risks": nullableString,
                                             "protectiveFactors": nullableString, "childViews": nullableString, "recordedAt": dateTime],
                                            ["kind", "assessedOn", "summary", "recordedAt"])),
                "plans": array(object(["id": uuid, "revision": ["type": "integer"], "goals": string,
                                       "actions": array(object(["action": string, "responsible": string, "startOn": date, "dueOn": date],
                                                               ["action", "responsible", "startOn", "dueOn"])),
                                       "recordedAt": dateTime], ["id", "revision", "goals", "actions", "recordedAt"])),
                "followUps": array(object(["visitedOn": date, "kind": values(CaseService.visitKinds), "childSeen": ["type": "boolean"],
                                           "summary": string], ["visitedOn", "kind", "childSeen", "summary"])),
                "referrals": array(object(["service": string, "provider": string, "referredOn": date,
                                           "basis": values(["consent", "override"])], ["service", "provider", "referredOn", "basis"])),
                "approvals": array(object(["id": uuid, "kind": values(ApprovalKind.allCases.map(\.rawValue)),
                                           "subjectId": ["type": ["string", "null"], "format": "uuid"],
                                           "status": values(ApprovalStatus.allCases.map(\.rawValue)), "requestComment": nullableString,
                                           "requestedBy": string, "requestedAt": dateTime, "decisionComment": nullableString,
                                           "decidedBy": nullableString, "decidedAt": ["type": ["string", "null"], "format": "date-time"],
                                           "version": ["type": "integer"]],
                                          ["id", "kind", "status", "requestedBy", "requestedAt", "version"])),
                "deadlines": array(object(["kind": values(DeadlineKind.allCases.map(\.rawValue)), "dueAt": dateTime,
                                           "doneAt": ["type": ["string", "null"], "format": "date-time"],
                                           "state": values(CaseDeadlines.State.allCases.map(\.rawValue))], ["kind", "dueAt", "state"])),
                "incidents": array(object(["type": values(IncidentType.allCases.map(\.rawValue)), "occurredOn": date, "place": string,
                                           "perpetratorRelationship": values(PerpetratorRelationship.allCases.map(\.rawValue)),
                                           "perpetratorName": nullableString, "reportedTo": values(IncidentReportedTo.allCases.map(\.rawValue)),
                                           "medicalFollowUp": nullableString, "legalFollowUp": nullableString],
                                          ["type", "occurredOn", "place", "perpetratorRelationship", "reportedTo"])),
                "notes": array(object(["body": string, "author": string, "writtenAt": dateTime], ["body", "author", "writtenAt"])),
            ], ["case", "summary", "consents", "consentDecisions", "assessments", "plans", "followUps", "referrals", "approvals",
                "deadlines", "incidents", "notes"]),
            "CaseInput": object(["personId": uuid, "source": values(IdentificationSource.allCases.map(\.rawValue)),
                                 "concerns": array(string), "urgent": ["type": "boolean"], "summary": string, "identifiedOn": date],
                                ["personId", "source", "concerns", "summary", "identifiedOn"]),
            "CaseConsentInput": object(["party": values(ConsentParty.allCases.map(\.rawValue)), "givenBy": string,
                                        "scopes": array(values(ConsentScope.allCases.map(\.rawValue))), "givenOn": date, "note": string],
                                       ["party", "givenBy", "scopes", "givenOn"]),
            "CaseOverrideInput": object(["scope": values(ConsentScope.allCases.map(\.rawValue)), "reason": string], ["scope", "reason"]),
            "CaseAssessmentInput": object(["kind": values(["initial", "needs"]), "assessedOn": date,
                                           "risk": values(RiskLevel.allCases.map(\.rawValue)), "summary": string, "risks": string,
                                           "protectiveFactors": string, "childViews": string], ["kind", "assessedOn", "summary"]),
            "CasePlanInput": object(["goals": string, "actions": array(object(["action": string, "responsible": string, "startOn": date,
                                                                               "dueOn": date], ["action", "responsible", "startOn", "dueOn"]))],
                                    ["goals", "actions"]),
            "CaseFollowUpInput": object(["visitedOn": date, "kind": values(CaseService.visitKinds), "childSeen": ["type": "boolean"],
                                         "summary": string], ["visitedOn", "kind", "summary"]),
            "CaseReferralInput": object(["service": string, "provider": string, "referredOn": date], ["service", "provider", "referredOn"]),
            "CaseIncidentInput": object(["type": values(IncidentType.allCases.map(\.rawValue)), "occurredOn": date, "place": string,
                                         "perpetratorRelationship": values(PerpetratorRelationship.allCases.map(\.rawValue)),
                                         "perpetratorName": string, "reportedTo": values(IncidentReportedTo.allCases.map(\.rawValue)),
                                         "medicalFollowUp": string, "legalFollowUp": string],
                                        ["type", "occurredOn", "place", "perpetratorRelationship", "reportedTo"]),
            "CaseNoteInput": object(["body": string], ["body"]),
            "CaseClosureRequestInput": object(["comment": string], ["comment"]),
            "CaseCloseInput": object(["reason": values(ClosureReason.allCases.map(\.rawValue)), "note": string, "version": ["type": "integer"]],
                                     ["reason", "version"]),
            "CaseReopenInput": object(["reason": string, "version": ["type": "integer"]], ["reason", "version"]),
            "CaseDecisionInput": object(["decision": values(ApprovalDecision.allCases.map(\.rawValue)), "comment": string,
                                         "version": ["type": "integer", "description": "the approval's version"]], ["decision", "version"]),
        ]
    }
}
