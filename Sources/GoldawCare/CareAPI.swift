import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// `/api/v1/care`: placements, the child's episodes ("where tonight"), sittings and their
/// decisions, reviews, family contact, settings, carers and the figures, for other systems and
/// field applications. Every read of a child's placement is audited like the page.
package enum CareAPI {
    static let requestParameter = APIOperation.Parameter(name: "requestId", location: "path", type: "string", required: true,
                                                         description: "uuid of a request on the sitting's agenda")

    package static var operations: [APIOperation] {
        [
            APIOperation(method: .GET, path: "/api/v1/care/placements", operationID: "listPlacements",
                         summary: "Placements current today in the caller's scope (a setting's staff: the children placed there), review due first",
                         authenticated: true, parameters: [.page, .perPage(default: 50)], requestSchema: nil,
                         responses: [200: "PlacementPage", 401: nil, 403: nil, 422: nil], handler: listPlacements),
            APIOperation(method: .GET, path: "/api/v1/care/placements/{id}", operationID: "getPlacement",
                         summary: "One placement with its care plan, reviews and contact with the family", authenticated: true,
                         parameters: [.id], requestSchema: nil, responses: [200: "Placement", 401: nil, 403: nil, 404: nil], handler: showPlacement),
            APIOperation(method: .POST, path: "/api/v1/care/placements/{id}/contacts", operationID: "recordCareContact",
                         summary: "Log contact of the child with the family (a visit, a call, a stay at home, a follow-up visit)", authenticated: true,
                         parameters: [.id], requestSchema: "CareContactInput",
                         responses: [201: "Placement", 401: nil, 403: nil, 404: nil, 422: nil], handler: recordContact),
            APIOperation(method: .POST, path: "/api/v1/care/placements/{id}/reviews", operationID: "recordCareReview",
                         summary: "Record a review of the placement; the next is due three months later", authenticated: true,
                         parameters: [.id], requestSchema: "CareReviewInput",
                         responses: [201: "Placement", 401: nil, 403: nil, 404: nil, 409: nil, 422: nil], handler: recordReview),
            APIOperation(method: .GET, path: "/api/v1/people/{id}/placements", operationID: "getChildPlacements",
                         summary: "A child's placement tonight and every episode, the latest first", authenticated: true,
                         parameters: [.id], requestSchema: nil, responses: [200: "ChildPlacements", 401: nil, 403: nil, 404: nil], handler: childPlacements),
            APIOperation(method: .GET, path: "/api/v1/care/reviews/due", operationID: "listCareReviewsDue",
                         summary: "Current placements whose review is overdue or due within two weeks", authenticated: true,
                         parameters: [], requestSchema: nil, responses: [200: "PlacementList", 401: nil, 403: nil], handler: reviewsDue),
            APIOperation(method: .GET, path: "/api/v1/care/sittings", operationID: "listCareSittings",
                         summary: "Commission sittings in the caller's scope, the latest first", authenticated: true,
                         parameters: [.page, .perPage(default: 25)], requestSchema: nil,
                         responses: [200: "SittingPage", 401: nil, 403: nil, 422: nil], handler: listSittings),
            APIOperation(method: .GET, path: "/api/v1/care/sittings/{id}", operationID: "getCareSitting",
                         summary: "A sitting with its members, quorum, agenda and decisions", authenticated: true,
                         parameters: [.id], requestSchema: nil, responses: [200: "Sitting", 401: nil, 403: nil, 404: nil], handler: showSitting),
            APIOperation(method: .POST, path: "/api/v1/care/sittings/{id}/decisions/{requestId}", operationID: "decideCareRequest",
                         summary: "Record the commission's decision on a child of the agenda; a placement decision starts the placement",
                         authenticated: true, parameters: [.id, requestParameter], requestSchema: "CareDecisionInput",
                         responses: [201: "Sitting", 401: nil, 403: nil, 404: nil, 409: nil, 422: nil], handler: decide),
            APIOperation(method: .GET, path: "/api/v1/care/settings", operationID: "listCareSettings",
                         summary: "Residential settings in the caller's scope with their capacity and the children placed today",
                         authenticated: true, parameters: [], requestSchema: nil, responses: [200: "CareSettingList", 401: nil, 403: nil], handler: listSettings),
            APIOperation(method: .GET, path: "/api/v1/care/carers", operationID: "listCarers",
                         summary: "Family-based carers in the caller's scope with their approval and the children placed today",
                         authenticated: true, parameters: [], requestSchema: nil, responses: [200: "CarerList", 401: nil, 403: nil], handler: listCarers),
            APIOperation(method: .GET, path: "/api/v1/care/figures", operationID: "getCareFigures",
                         summary: "The care indicators for a territory and date, named by TransMonEE code where one exists (aggregates only)",
                         authenticated: true, parameters: [
                            .init(name: "territory", location: "query", type: "string", required: false, description: "territory code inside the caller's scope, e.g. TM-L"),
                            .init(name: "date", location: "query", type: "string", required: false, description: "YYYY-MM-DD; default today; flows run from 1 January"),
                         ], requestSchema: nil, responses: [200: "CareFigures", 401: nil, 403: nil, 422: nil], handler: figures),
        ]
    }

    // MARK: bodies

    package struct PlacementSummary: Content {
        let id: UUID
        let childId: UUID
        let careType: String
        let settingId: UUID?
        let carerId: UUID?
        let startDate: String
        let endDate: String?
        let destination: String?
        let territoryPath: String
        let nextReviewOn: String
        let underThree: Bool
        let disability: Bool
        let exception: String?
        let exceptionUntil: String?
        let version: Int

        init(_ p: Placement) {
            id = p.id!; childId = p.$child.id; careType = p.careType; settingId = p.$setting.id; carerId = p.$carer.id
            startDate = p.startDate; endDate = p.endDate; destination = p.destination; territoryPath = p.territoryPath
            nextReviewOn = p.nextReviewOn; underThree = p.underThree; disability = p.disability; exception = p.exception
            exceptionUntil = p.exceptionUntil; version = p.version
        }
    }

    struct Plan: Content { let goals: String; let contact: String?; let school: String?; let health: String?; let permanencyGoal: String?; let updatedOn: String? }
    struct Review: Content { let reviewedOn: String; let outcome: String; let childViews: String; let note: String; let nextDue: String; let reviewer: String }
    struct Contact: Content { let contactOn: String; let kind: String; let withWhom: String; let note: String; let recordedBy: String }

    struct PlacementDetail: Content {
        let placement: PlacementSummary
        let legalBasis: String
        let reasons: [String]
        let decisionId: UUID?
        let plan: Plan?
        let reviews: [Review]
        let contacts: [Contact]
    }

    struct ChildPlacements: Content { let tonight: PlacementSummary?; let episodes: [PlacementSummary] }
    struct PlacementList: Content { let items: [PlacementSummary] }

    struct SittingSummary: Content {
        let id: UUID
        let number: String
        let territoryPath: String
        let heldOn: String
        let place: String
        let status: String
        let version: Int
        init(_ s: CareSitting) { id = s.id!; number = s.number; territoryPath = s.territoryPath; heldOn = s.heldOn; place = s.place; status = s.status; version = s.version }
    }

    struct Decision: Content {
        let id: UUID
        let outcome: String
        let careType: String?
        let settingId: UUID?
        let carerId: UUID?
        let startDate: String?
        let votesFor: Int
        let votesAgainst: Int
        let votesAbstain: Int
        let dissent: String?
        let legalBasis: String
        let reasoning: String
        let childHeard: Bool
        let parentsHeard: Bool
        let placementId: UUID?
        let decidedAt: Date
    }

    struct AgendaItem: Content { let requestId: UUID; let number: String; let childId: UUID; let requestedType: String; let status: String; let decision: Decision? }
    struct Member: Content { let userId: UUID; let name: String; let present: Bool }
    struct Sitting: Content { let sitting: SittingSummary; let members: [Member]; let quorum: Int; let agenda: [AgendaItem] }

    struct SettingItem: Content {
        let id: UUID; let name: String; let kind: String; let capacity: Int; let ageFrom: Int; let ageTo: Int
        let takesDisability: Bool; let ministry: String; let territoryPath: String; let active: Bool; let childrenToday: Int
    }

    struct CarerItem: Content {
        let id: UUID; let personId: UUID; let kind: String; let status: String; let approvalNumber: String?
        let approvedUntil: String?; let capacity: Int; let territoryPath: String; let childrenToday: Int; let version: Int
    }

    struct Series: Content { let code: String; let value: Double; let isRate: Bool }
    struct Figures: Content {
        let territoryPath: String; let date: String; let from: String; let to: String; let childrenInRegistry: Int
        let series: [Series]; let stock: [CareFigures.Cell]; let entries: [CareFigures.Flow]; let exits: [CareFigures.Flow]
    }

    struct ContactInput: Content { let contactOn: String; let kind: String; let withWhom: String; let note: String? }
    struct ReviewInput: Content { let reviewedOn: String; let outcome: String; let childViews: String; let note: String }
    struct DecisionInput: Content {
        let outcome: String
        let careType: String?
        let settingId: String?
        let carerId: String?
        let startDate: String?
        let legalBasis: String
        let reasoning: String
        let childHeard: Bool
        let parentsHeard: Bool
        let votesFor: Int
        let votesAgainst: Int
        let votesAbstain: Int
        let dissent: String?
        let siblings: String?
    }

    // MARK: handlers

    static func detail(_ p: Placement, db: any Database) async throws -> PlacementDetail {
        let id = try p.requireID()
        let reviews = try await CareReview.query(on: db).filter(\.$placement.$id == id).sort(\.$reviewedOn, .descending).all()
        let contacts = try await CareContact.query(on: db).filter(\.$placement.$id == id).sort(\.$contactOn, .descending).limit(500).all()
        return PlacementDetail(
            placement: PlacementSummary(p), legalBasis: p.legalBasis, reasons: p.reasons.split(separator: ",").map(String.init),
            decisionId: p.decisionID,
            plan: p.planGoals.map { Plan(goals: $0, contact: p.planContact, school: p.planSchool, health: p.planHealth, permanencyGoal: p.permanencyGoal, updatedOn: p.planOn) },
            reviews: reviews.map { Review(reviewedOn: $0.reviewedOn, outcome: $0.outcome, childViews: $0.childViews, note: $0.note, nextDue: $0.nextDue, reviewer: $0.reviewerName) },
            contacts: contacts.map { Contact(contactOn: $0.contactOn, kind: $0.kind, withWhom: $0.withWhom, note: $0.note, recordedBy: $0.recordedByName) })
    }

    @Sendable static func listPlacements(req: Request) async throws -> Response {
        let me = try await req.require(.viewCare)
        let (page, perPage) = try req.apiPaging(defaultPerPage: 50)
        let queries = CareQueries(db: req.db)
        let found = try await queries.current(queries.placements(for: me), on: .today).join(Person.self, on: \Placement.$child.$id == \Person.$id)
            .sort(\.$nextReviewOn).sort(Person.self, \.$surname).sort(Person.self, \.$givenName).sort(\.$id)
            .readPage(page, perPage: perPage)
        try await req.audit.record(.careListed, recordType: "placement", detail: "api page \(page)")
        return try await found.map(PlacementSummary.init).api.encodeResponse(for: req)
    }

    @Sendable static func showPlacement(req: Request) async throws -> Response {
        let p = try await req.load(Placement.self, .viewCare)
        try await req.audit.record(.careViewed, recordType: "placement", recordID: p.id!.uuidString, detail: "api")
        return try await detail(p, db: req.db).encodeResponse(for: req)
    }

    @Sendable static func recordContact(req: Request) async throws -> Response {
        let p = try await req.load(Placement.self, .reportCare)
        let input = try req.decodeStrictJSON(ContactInput.self, allowed: ["contactOn", "kind", "withWhom", "note"])
        _ = try await req.care.recordContact(p, .init(contactOn: input.contactOn, kind: input.kind, withWhom: input.withWhom, note: input.note))
        return try await respond(try await detail(p, db: req.db), .created, req)
    }

    @Sendable static func recordReview(req: Request) async throws -> Response {
        let p = try await req.load(Placement.self, .workCare)
        let input = try req.decodeStrictJSON(ReviewInput.self, allowed: ["reviewedOn", "outcome", "childViews", "note"])
        _ = try await req.care.review(p, .init(reviewedOn: input.reviewedOn, outcome: input.outcome, childViews: input.childViews, note: input.note))
        let fresh = try await Placement.find(p.requireID(), on: req.db)!
        return try await respond(try await detail(fresh, db: req.db), .created, req)
    }

    @Sendable static func childPlacements(req: Request) async throws -> Response {
        let me = try await req.require(.viewCare)
        guard me.scope.kind != .organisation, let id = req.parameters.get("id", as: UUID.self),
              let person = try await Person.find(id, on: req.db) else { throw AppError.notFound }
        try await req.require(.viewCare, territoryPath: person.territoryPath)
        let episodes = try await CareQueries(db: req.db).episodes(of: id).filter { me.scope.contains(territoryPath: $0.territoryPath) }
        try await req.audit.record(.careViewed, recordType: "person", recordID: id.uuidString, detail: "api placements")
        let today = CalendarDate.today
        return try await ChildPlacements(tonight: episodes.first { $0.span?.contains(today) == true }.map(PlacementSummary.init),
                                         episodes: episodes.map(PlacementSummary.init)).encodeResponse(for: req)
    }

    @Sendable static func reviewsDue(req: Request) async throws -> Response {
        let me = try await req.require(.viewCare)
        let due = try await CareQueries(db: req.db).reviewsDue(for: me)
        try await req.audit.record(.careListed, recordType: "placement", detail: "api reviews due \(due.count)")
        return try await PlacementList(items: due.map(PlacementSummary.init)).encodeResponse(for: req)
    }

    @Sendable static func listSittings(req: Request) async throws -> Response {
        let me = try await req.require(.viewCare)
        let (page, perPage) = try req.apiPaging(defaultPerPage: 25)
        let found = try await CareSitting.query(on: req.db).within(\.$territoryPath, me.scope).sort(\.$heldOn, .descending).sort(\.$id)
            .readPage(page, perPage: perPage)
        return try await found.map(SittingSummary.init).api.encodeResponse(for: req)
    }

    static func sitting(_ s: CareSitting, db: any Database) async throws -> Sitting {
        let id = try s.requireID()
        let members = try await CareSittingMember.query(on: db).filter(\.$sitting.$id == id).with(\.$user).all()
        let decisions = try await CareDecision.query(on: db).filter(\.$sitting.$id == id).all()
        let requests = try await CareRequest.query(on: db).group(.or) { $0.filter(\.$sittingID == id).filter(\.$id ~~ decisions.map(\.$request.id)) }
            .sort(\.$createdAt).all()
        return Sitting(
            sitting: SittingSummary(s), members: members.map { Member(userId: $0.$user.id, name: $0.user.fullName, present: $0.present) },
            quorum: CareRules.quorum(members: members.count),
            agenda: requests.map { r in
                let d = decisions.filter { $0.$request.id == r.id }.max { $0.decidedAt < $1.decidedAt }
                return AgendaItem(requestId: r.id!, number: r.number, childId: r.$child.id, requestedType: r.requestedType, status: r.status,
                                  decision: d.map { Decision(id: $0.id!, outcome: $0.outcome, careType: $0.careType, settingId: $0.settingID,
                                                             carerId: $0.carerID, startDate: $0.startDate, votesFor: $0.votesFor,
                                                             votesAgainst: $0.votesAgainst, votesAbstain: $0.votesAbstain, dissent: $0.dissent,
                                                             legalBasis: $0.legalBasis, reasoning: $0.reasoning, childHeard: $0.childHeard,
                                                             parentsHeard: $0.parentsHeard, placementId: $0.placementID, decidedAt: $0.decidedAt) })
            })
    }

    @Sendable static func showSitting(req: Request) async throws -> Response {
        let s = try await req.load(CareSitting.self, .viewCare)
        try await req.audit.record(.careViewed, recordType: "care_sitting", recordID: s.id!.uuidString, detail: "api")
        return try await sitting(s, db: req.db).encodeResponse(for: req)
    }

    @Sendable static func decide(req: Request) async throws -> Response {
        let s = try await req.load(CareSitting.self, .decideCare)
        guard let requestID = req.parameters.get("requestId", as: UUID.self), let request = try await CareRequest.find(requestID, on: req.db)
        else { throw AppError.notFound }
        // A request is found at the sitting whose agenda holds it, or that decided it.
        let decidedHere = try await CareDecision.query(on: req.db).filter(\.$request.$id == requestID).filter(\.$sitting.$id == s.requireID()).count()
        guard request.sittingID == s.id || decidedHere > 0 else { throw AppError.notFound }
        let input = try req.decodeStrictJSON(DecisionInput.self, allowed: [
            "outcome", "careType", "settingId", "carerId", "startDate", "legalBasis", "reasoning", "childHeard", "parentsHeard",
            "votesFor", "votesAgainst", "votesAbstain", "dissent", "siblings"])
        try await req.care.decide(s, request, .init(
            outcome: input.outcome, type: input.careType, setting: input.settingId, carer: input.carerId, start: input.startDate,
            legalBasis: input.legalBasis, reasoning: input.reasoning, childHeard: input.childHeard ? "on" : nil,
            parentsHeard: input.parentsHeard ? "on" : nil, votesFor: String(input.votesFor), votesAgainst: String(input.votesAgainst),
            votesAbstain: String(input.votesAbstain), dissent: input.dissent, siblings: input.siblings))
        return try await respond(try await sitting(s, db: req.db), .created, req)
    }

    @Sendable static func listSettings(req: Request) async throws -> Response {
        let me = try await req.require(.viewCare)
        let list = try await CareSetting.query(on: req.db).within(\.$territoryPath, me.scope).sort(\.$name).limit(1000).all()
        let counts = try await placedToday(\.$setting, ids: list.compactMap(\.id), db: req.db)
        let items = list.map { s in
            SettingItem(id: s.id!, name: s.name, kind: s.kind, capacity: s.capacity, ageFrom: s.ageFrom, ageTo: s.ageTo,
                        takesDisability: s.takesDisability, ministry: s.ministry, territoryPath: s.territoryPath, active: s.active,
                        childrenToday: counts[s.id!] ?? 0)
        }
        return try await Items(items: items).encodeResponse(for: req)
    }

    @Sendable static func listCarers(req: Request) async throws -> Response {
        let me = try await req.require(.viewCare)
        let list = try await Carer.query(on: req.db).within(\.$territoryPath, me.scope).sort(\.$appliedOn).limit(1000).all()
        let counts = try await placedToday(\.$carer, ids: list.compactMap(\.id), db: req.db)
        let items = list.map { c in
            CarerItem(id: c.id!, personId: c.$person.id, kind: c.kind, status: c.status, approvalNumber: c.approvalNumber,
                      approvedUntil: c.approvedUntil, capacity: c.capacity, territoryPath: c.territoryPath, childrenToday: counts[c.id!] ?? 0,
                      version: c.version)
        }
        return try await Items(items: items).encodeResponse(for: req)
    }

    struct Items<Item: Content>: Content { let items: [Item] }

    /// Children placed today with each of `ids`, by the placement's setting or carer.
    static func placedToday<P: Model>(_ key: KeyPath<Placement, OptionalParentProperty<Placement, P>>, ids: [UUID], db: any Database) async throws -> [UUID: Int]
    where P.IDValue == UUID {
        let today = CalendarDate.today.iso
        let rows = try await Placement.query(on: db).filter(key.appending(path: \.$id) ~~ ids).filter(\.$startDate <= today)
            .group(.or) { $0.filter(\.$endDate == nil).filter(\.$endDate >= today) }.all()
        return Dictionary(grouping: rows.compactMap { $0[keyPath: key].id }, by: { $0 }).mapValues(\.count)
    }

    @Sendable static func figures(req: Request) async throws -> Response {
        let me = try await req.require(.viewCareFigures)
        var problems: [FieldProblem] = []
        let raw = ((try? req.query.get(String.self, at: "date")) ?? "").trimmingCharacters(in: .whitespaces)
        let date = raw.isEmpty ? CalendarDate.today : CalendarDate(iso: raw)
        if date == nil { problems.append(.init(field: "date", key: "validation.date")) }
        var path = me.scope.kind == .national ? "/" : (me.scope.territoryPath ?? "/none/")
        let code = ((try? req.query.get(String.self, at: "territory")) ?? "").trimmingCharacters(in: .whitespaces)
        if !code.isEmpty {
            switch try await TerritoryLookup.find(code, on: (date ?? .today).iso, within: me.scope, db: req.db) {
            case .found(let unit): path = unit.path
            case .unknown: problems.append(.init(field: "territory", key: "registry.territory_unknown"))
            case .outsideScope: problems.append(.init(field: "territory", key: "registry.territory_outside_scope"))
            }
        }
        guard problems.isEmpty, let date else { throw AppError.invalid(problems) }
        let from = CalendarDate(year: date.year, month: 1, day: 1)!
        let report = try await CareFigures(db: req.db).report(under: path, on: date, from: from, to: date)
        try await req.audit.record(.careFiguresViewed, recordType: "care_figures", detail: "api \(path) \(date.iso)")
        return try await Figures(territoryPath: path, date: report.date, from: report.from, to: report.to, childrenInRegistry: report.childrenInRegistry,
                                 series: CareSeries.from(report).map { Series(code: $0.code, value: $0.value, isRate: $0.isRate) },
                                 stock: report.stock, entries: report.entries, exits: report.exits).encodeResponse(for: req)
    }

    static func respond<T: Content>(_ value: T, _ status: HTTPResponseStatus, _ req: Request) async throws -> Response {
        let response = try await value.encodeResponse(for: req)
        response.status = status
        return response
    }
}
