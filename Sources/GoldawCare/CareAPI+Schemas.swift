import Foundation
import GoldawCore
import GoldawPlatform

/// OpenAPI schemas of `/api/v1/care`, next to the handlers they describe. A field that may be
/// absent is left out of `required`: the encoder omits a nil.
extension CareAPI {
    package static var schemas: [String: Any] {
        let object = OpenAPIDocument.object
        let string: [String: Any] = ["type": "string"]
        let integer: [String: Any] = ["type": "integer"]
        let boolean: [String: Any] = ["type": "boolean"]
        let date: [String: Any] = ["type": "string", "format": "date"]
        let dateTime: [String: Any] = ["type": "string", "format": "date-time"]
        let uuid: [String: Any] = ["type": "string", "format": "uuid"]
        func values(_ list: [String]) -> [String: Any] { ["type": "string", "enum": list] }
        func array(_ items: [String: Any]) -> [String: Any] { ["type": "array", "items": items] }
        func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }
        let careTypes = values(CareType.allCases.map(\.rawValue))
        let flow = object(["type": careTypes, "band": values(CareAgeBand.allCases.map(\.rawValue)), "sex": string,
                           "destination": values(ExitDestination.allCases.map(\.rawValue) + ["other"]), "count": integer],
                          ["type", "band", "sex", "count"])
        return [
            "PlacementSummary": object([
                "id": uuid, "childId": uuid, "careType": careTypes, "settingId": uuid, "carerId": uuid, "startDate": date, "endDate": date,
                "destination": values(ExitDestination.allCases.map(\.rawValue)), "territoryPath": string,
                "nextReviewOn": ["type": "string", "format": "date", "description": "at most three months after the start or the last review"],
                "underThree": ["type": "boolean", "description": "under 3 on the day the placement began"],
                "disability": ["type": "boolean", "description": "official disability or a functional difficulty when placed"],
                "exception": values(UnderThreeException.allCases.map(\.rawValue)), "exceptionUntil": date,
                "version": integer,
            ], ["id", "childId", "careType", "startDate", "territoryPath", "nextReviewOn", "underThree", "disability", "version"]),
            "PlacementPage": object(["items": array(ref("PlacementSummary")), "page": integer, "perPage": integer, "hasMore": boolean],
                                    ["items", "page", "perPage", "hasMore"]),
            "PlacementList": object(["items": array(ref("PlacementSummary"))], ["items"]),
            "Placement": object([
                "placement": ref("PlacementSummary"), "legalBasis": string, "reasons": array(values(EntryReason.allCases.map(\.rawValue))),
                "decisionId": uuid,
                "plan": object(["goals": string, "contact": string, "school": string, "health": string,
                                "permanencyGoal": values(CareService.permanencyGoals), "updatedOn": date], ["goals"]),
                "reviews": array(object(["reviewedOn": date, "outcome": values(ReviewOutcome.allCases.map(\.rawValue)), "childViews": string,
                                         "note": string, "nextDue": date, "reviewer": string],
                                        ["reviewedOn", "outcome", "childViews", "note", "nextDue", "reviewer"])),
                "contacts": array(object(["contactOn": date, "kind": values(ContactKind.allCases.map(\.rawValue)), "withWhom": string,
                                          "note": string, "recordedBy": string], ["contactOn", "kind", "withWhom", "note", "recordedBy"])),
            ], ["placement", "legalBasis", "reasons", "reviews", "contacts"]),
            "ChildPlacements": object(["tonight": ref("PlacementSummary"), "episodes": array(ref("PlacementSummary"))], ["episodes"]),
            "CareContactInput": object([
                "contactOn": ["type": "string", "description": "YYYY-MM-DD or DD.MM.YYYY, not in the future, not before the placement"],
                "kind": values(ContactKind.allCases.map(\.rawValue)), "withWhom": string, "note": string,
            ], ["contactOn", "kind", "withWhom"]),
            "CareReviewInput": object([
                "reviewedOn": ["type": "string", "description": "YYYY-MM-DD or DD.MM.YYYY, within the placement, not in the future"],
                "outcome": values(ReviewOutcome.allCases.map(\.rawValue)), "childViews": string, "note": string,
            ], ["reviewedOn", "outcome", "childViews", "note"]),
            "SittingSummary": object(["id": uuid, "number": string, "territoryPath": string, "heldOn": date, "place": string,
                                      "status": values(["planned", "open", "closed"]), "version": integer],
                                     ["id", "number", "territoryPath", "heldOn", "place", "status", "version"]),
            "SittingPage": object(["items": array(ref("SittingSummary")), "page": integer, "perPage": integer, "hasMore": boolean],
                                  ["items", "page", "perPage", "hasMore"]),
            "Sitting": object([
                "sitting": ref("SittingSummary"),
                "members": array(object(["userId": uuid, "name": string, "present": boolean], ["userId", "name", "present"])),
                "quorum": ["type": "integer", "description": "members that must be present: more than half"],
                "agenda": array(object([
                    "requestId": uuid, "number": string, "childId": uuid, "requestedType": careTypes,
                    "status": values(CareRequestStatus.allCases.map(\.rawValue)),
                    "decision": object([
                        "id": uuid, "outcome": values(CareOutcome.allCases.map(\.rawValue)), "careType": careTypes, "settingId": uuid,
                        "carerId": uuid, "startDate": date, "votesFor": integer, "votesAgainst": integer, "votesAbstain": integer,
                        "dissent": string, "legalBasis": string, "reasoning": string, "childHeard": boolean, "parentsHeard": boolean,
                        "placementId": uuid, "decidedAt": dateTime,
                    ], ["id", "outcome", "votesFor", "votesAgainst", "votesAbstain", "legalBasis", "reasoning", "childHeard", "parentsHeard", "decidedAt"]),
                ], ["requestId", "number", "childId", "requestedType", "status"])),
            ], ["sitting", "members", "quorum", "agenda"]),
            "CareDecisionInput": object([
                "outcome": values(CareOutcome.allCases.map(\.rawValue)),
                "careType": ["type": "string", "enum": CareType.allCases.map(\.rawValue), "description": "for a placement"],
                "settingId": ["type": "string", "description": "uuid of a residential setting, for residential care"],
                "carerId": ["type": "string", "description": "uuid of an approved carer with room, for family-based care"],
                "startDate": ["type": "string", "description": "YYYY-MM-DD or DD.MM.YYYY, for a placement"],
                "legalBasis": string, "reasoning": string, "childHeard": boolean, "parentsHeard": boolean,
                "votesFor": integer, "votesAgainst": integer, "votesAbstain": integer,
                "dissent": ["type": "string", "description": "required when anyone voted against"],
                "siblings": values(SiblingsPlacement.allCases.map(\.rawValue)),
            ], ["outcome", "legalBasis", "reasoning", "childHeard", "parentsHeard", "votesFor", "votesAgainst", "votesAbstain"]),
            "CareSettingList": object(["items": array(object([
                "id": uuid, "name": string, "kind": values(SettingKind.allCases.map(\.rawValue)), "capacity": integer, "ageFrom": integer,
                "ageTo": integer, "takesDisability": boolean, "ministry": values(CareService.ministries), "territoryPath": string,
                "active": boolean, "childrenToday": integer,
            ], ["id", "name", "kind", "capacity", "ageFrom", "ageTo", "takesDisability", "ministry", "territoryPath", "active", "childrenToday"]))],
                                      ["items"]),
            "CarerList": object(["items": array(object([
                "id": uuid, "personId": uuid, "kind": values(CarerKind.allCases.map(\.rawValue)),
                "status": values(CarerStatus.allCases.map(\.rawValue)), "approvalNumber": string, "approvedUntil": date,
                "capacity": integer, "territoryPath": string, "childrenToday": integer, "version": integer,
            ], ["id", "personId", "kind", "status", "capacity", "territoryPath", "childrenToday", "version"]))], ["items"]),
            "CareFigures": object([
                "territoryPath": string, "date": date, "from": date, "to": date,
                "childrenInRegistry": ["type": "integer", "description": "children 0–17 alive in the registry in the territory: the rates' denominator"],
                "series": array(object(["code": ["type": "string", "description": "TransMonEE code, BCN_ for the BCN/UNICEF manual, GOLDAW_ for Goldaw's own"],
                                        "value": ["type": "number"], "isRate": boolean], ["code", "value", "isRate"])),
                "stock": array(object(["type": careTypes, "band": values(CareAgeBand.allCases.map(\.rawValue)), "sex": string,
                                       "disability": boolean, "count": integer], ["type", "band", "sex", "disability", "count"])),
                "entries": array(flow), "exits": array(flow),
            ], ["territoryPath", "date", "from", "to", "childrenInRegistry", "series", "stock", "entries", "exits"]),
        ]
    }
}
