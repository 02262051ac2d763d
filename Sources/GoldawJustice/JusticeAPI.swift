import Fluent
import Foundation
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// `/api/v1/justice`: reading records with every step, and the register of places with their
/// inspections, for other systems. The same confidentiality rule as the pages (`JusticeQueries`),
/// and every read audited like the page. Recording steps through the API is not built yet.
package enum JusticeAPI {
    package static var operations: [APIOperation] {
        [
            APIOperation(method: .GET, path: "/api/v1/justice/records", operationID: "listJusticeRecords",
                         summary: "Open justice records the caller may read, the latest apprehension first (confidential: justice officers and supervisors in scope, the social worker on a record, the Commission for what it decides, a place of detention for its children)",
                         authenticated: true, parameters: [.page, .perPage(default: 50)], requestSchema: nil,
                         responses: [200: "JusticeRecordPage", 401: nil, 403: nil, 422: nil], handler: listRecords),
            APIOperation(method: .GET, path: "/api/v1/justice/records/{id}", operationID: "getJusticeRecord",
                         summary: "One record with its diversions, measures before trial, stays in detention and history", authenticated: true,
                         parameters: [.id], requestSchema: nil, responses: [200: "JusticeRecord", 401: nil, 403: nil, 404: nil], handler: showRecord),
            APIOperation(method: .GET, path: "/api/v1/justice/places", operationID: "listJusticePlaces",
                         summary: "Places of detention, police custody units and interview rooms in the caller's scope, with the children held now and the last inspection",
                         authenticated: true, parameters: [.page, .perPage(default: 50)], requestSchema: nil,
                         responses: [200: "JusticePlacePage", 401: nil, 403: nil, 422: nil], handler: listPlaces),
        ]
    }

    struct RecordSummary: Content {
        let id: UUID
        let number: String
        let childId: UUID
        let territoryPath: String
        let status: String
        let offence: String
        let ageAtOffence: Int
        let apprehendedAt: Date
        let caseId: UUID?
        let version: Int

        init(_ r: JusticeRecord) {
            id = r.id!; number = r.number; childId = r.$child.id; territoryPath = r.territoryPath; status = r.status; offence = r.offence
            ageAtOffence = r.ageAtOffence; apprehendedAt = r.apprehendedAt; caseId = r.caseID; version = r.version
        }
    }

    struct DiversionItem: Content { let kind: String; let conditions: String; let provider: String; let startsOn: String; let outcome: String?; let outcomeOn: String?; let byCommission: Bool }
    struct PretrialItem: Content { let measure: String; let orderReference: String; let orderDate: String?; let startsOn: String; let endsOn: String?; let nextReviewOn: String? }
    struct StayItem: Content { let placeId: UUID; let kind: String; let admittedAt: Date; let separated: Bool; let releasedAt: Date?; let releaseKind: String? }
    struct EventItem: Content { let kind: String; let note: String; let actor: String; let occurredAt: Date }

    struct RecordDetail: Content {
        let record: RecordSummary
        let apprehensionPlace: String
        let parentsNotifiedAt: Date?
        let appropriateAdult: String?
        let lawyerAt: Date?
        let socialWorkerInformedAt: Date?
        let inCustody: Bool
        let custodyEndedAt: Date?
        let custodyHours: Int?
        let decision: String?
        let decisionOn: String?
        let courtOutcome: String?
        let courtOn: String?
        let sentence: String?
        let sentenceMonths: Int?
        let aftercareOn: String?
        let aftercareUntil: String?
        let diversions: [DiversionItem]
        let pretrial: [PretrialItem]
        let stays: [StayItem]
        let events: [EventItem]
    }

    struct PlaceItem: Content {
        let id: UUID; let name: String; let kind: String; let capacity: Int; let separatesAdults: Bool; let complaintsMechanism: Bool
        let territoryPath: String; let heldNow: Int; let lastInspectedOn: String?
    }

    @Sendable static func listRecords(req: Request) async throws -> Response {
        let me = try await req.require(.viewJustice)
        let (page, perPage) = try req.apiPaging(defaultPerPage: 50)
        let found = try await JusticeQueries(db: req.db).list(for: me, open: true).readPage(page, perPage: perPage)
        try await req.audit.record(.justiceListed, recordType: "justice_record", detail: "api page \(page)")
        return try await found.map(RecordSummary.init).api.encodeResponse(for: req)
    }

    @Sendable static func showRecord(req: Request) async throws -> Response {
        let me = try await req.require(.viewJustice)
        let r = try await JusticeQueries(db: req.db).readable(req.parameters.get("id", as: UUID.self), for: me)
        let id = try r.requireID()
        let diversions = try await Diversion.query(on: req.db).filter(\.$record.$id == id).sort(\.$startsOn).all()
        let orders = try await PretrialOrder.query(on: req.db).filter(\.$record.$id == id).sort(\.$startsOn).all()
        var stays = try await Detention.query(on: req.db).filter(\.$record.$id == id).sort(\.$admittedAt).all()
        if me.role == .detentionStaff { stays = stays.filter { $0.organisationID?.uuidString == me.scope.organisationID } }
        let events = try await JusticeEvent.query(on: req.db).filter(\.$record.$id == id).sort(\.$occurredAt).limit(500).all()
        let end = r.custodyEndedAt ?? (r.inCustody ? AppClock.now : nil)
        try await req.audit.record(.justiceViewed, recordType: "justice_record", recordID: id.uuidString, detail: "api \(r.number)")
        return try await RecordDetail(
            record: RecordSummary(r), apprehensionPlace: r.apprehensionPlace, parentsNotifiedAt: r.parentsNotifiedAt, appropriateAdult: r.appropriateAdult,
            lawyerAt: r.lawyerAt, socialWorkerInformedAt: r.socialWorkerInformedAt, inCustody: r.inCustody, custodyEndedAt: r.custodyEndedAt,
            custodyHours: end.map { JusticeProcedure.custodyHours(from: r.apprehendedAt.timeIntervalSince1970, to: $0.timeIntervalSince1970) },
            decision: r.decision, decisionOn: r.decisionOn, courtOutcome: r.courtOutcome, courtOn: r.courtOn, sentence: r.sentence,
            sentenceMonths: r.sentenceMonths, aftercareOn: r.aftercareOn, aftercareUntil: r.aftercareUntil,
            diversions: diversions.map { DiversionItem(kind: $0.kind, conditions: $0.conditions, provider: $0.provider, startsOn: $0.startsOn,
                                                        outcome: $0.outcome, outcomeOn: $0.outcomeOn, byCommission: $0.byCommission) },
            pretrial: orders.map { PretrialItem(measure: $0.measure, orderReference: $0.orderReference, orderDate: $0.orderDate, startsOn: $0.startsOn,
                                                endsOn: $0.endsOn, nextReviewOn: $0.nextReviewOn) },
            stays: stays.map { StayItem(placeId: $0.$place.id, kind: $0.kind, admittedAt: $0.admittedAt, separated: $0.separated,
                                        releasedAt: $0.releasedAt, releaseKind: $0.releaseKind) },
            events: events.map { EventItem(kind: $0.kind, note: $0.note, actor: $0.actorName, occurredAt: $0.occurredAt) }
        ).encodeResponse(for: req)
    }

    @Sendable static func listPlaces(req: Request) async throws -> Response {
        let me = try await req.requireAny([.managePlaces, .inspectPlaces])
        let (page, perPage) = try req.apiPaging(defaultPerPage: 50)
        let found = try await JusticeQueries(db: req.db).places(for: me).sort(\.$name).sort(\.$id).readPage(page, perPage: perPage)
        let queries = JusticeQueries(db: req.db)
        let held = try await queries.heldNow(at: found.rows.compactMap(\.id))
        let last = try await queries.lastInspected(found.rows.compactMap(\.id))
        let items = found.map { p in
            PlaceItem(id: p.id!, name: p.name, kind: p.kind, capacity: p.capacity, separatesAdults: p.separatesAdults,
                      complaintsMechanism: p.complaintsMechanism, territoryPath: p.territoryPath, heldNow: held[p.id!] ?? 0, lastInspectedOn: last[p.id!])
        }
        return try await items.api.encodeResponse(for: req)
    }

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
        return [
            "JusticeRecordSummary": object([
                "id": uuid, "number": string, "childId": uuid, "territoryPath": string, "status": values(JusticeStatus.allCases.map(\.rawValue)),
                "offence": values(OffenceClass.allCases.map(\.rawValue)), "ageAtOffence": integer, "apprehendedAt": dateTime, "caseId": uuid,
                "version": integer,
            ], ["id", "number", "childId", "territoryPath", "status", "offence", "ageAtOffence", "apprehendedAt", "version"]),
            "JusticeRecordPage": object(["items": array(ref("JusticeRecordSummary")), "page": integer, "perPage": integer, "hasMore": boolean],
                                        ["items", "page", "perPage", "hasMore"]),
            "JusticeRecord": object([
                "record": ref("JusticeRecordSummary"), "apprehensionPlace": string, "parentsNotifiedAt": dateTime, "appropriateAdult": string,
                "lawyerAt": dateTime, "socialWorkerInformedAt": dateTime, "inCustody": boolean, "custodyEndedAt": dateTime,
                "custodyHours": ["type": "integer", "description": "hours in police custody until its end, or until now while held"],
                "decision": values(CaseDecision.allCases.map(\.rawValue)), "decisionOn": date,
                "courtOutcome": values(CourtOutcome.allCases.map(\.rawValue)), "courtOn": date,
                "sentence": values(NonCustodialSentence.allCases.map(\.rawValue)), "sentenceMonths": integer,
                "aftercareOn": date, "aftercareUntil": date,
                "diversions": array(object(["kind": values(DiversionKind.allCases.map(\.rawValue)), "conditions": string, "provider": string,
                                            "startsOn": date, "outcome": values(DiversionOutcome.allCases.map(\.rawValue)), "outcomeOn": date,
                                            "byCommission": boolean], ["kind", "conditions", "provider", "startsOn", "byCommission"])),
                "pretrial": array(object(["measure": values(PretrialMeasure.allCases.map(\.rawValue)), "orderReference": string, "orderDate": date,
                                          "startsOn": date, "endsOn": date, "nextReviewOn": date], ["measure", "orderReference", "startsOn"])),
                "stays": array(object(["placeId": uuid, "kind": values(DetentionKind.allCases.map(\.rawValue)), "admittedAt": dateTime,
                                       "separated": boolean, "releasedAt": dateTime, "releaseKind": values(ReleaseKind.allCases.map(\.rawValue))],
                                      ["placeId", "kind", "admittedAt", "separated"])),
                "events": array(object(["kind": string, "note": string, "actor": string, "occurredAt": dateTime], ["kind", "note", "actor", "occurredAt"])),
            ], ["record", "apprehensionPlace", "inCustody", "diversions", "pretrial", "stays", "events"]),
            "JusticePlace": object([
                "id": uuid, "name": string, "kind": values(JusticePlaceKind.allCases.map(\.rawValue)), "capacity": integer,
                "separatesAdults": boolean, "complaintsMechanism": boolean, "territoryPath": string, "heldNow": integer, "lastInspectedOn": date,
            ], ["id", "name", "kind", "capacity", "separatesAdults", "complaintsMechanism", "territoryPath", "heldNow"]),
            "JusticePlacePage": object(["items": array(ref("JusticePlace")), "page": integer, "perPage": integer, "hasMore": boolean],
                                       ["items", "page", "perPage", "hasMore"]),
        ]
    }
}
