import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// Sittings of the commission: planning one, taking attendance, hearing each child on the agenda
/// and deciding, closing, the minutes, and appeals against a decision.
extension CareController {
    struct SittingRow: Encodable {
        let href: String
        let number: String
        let heldOn: String
        let place: String
        let status: String
        let agenda: Int
    }

    struct SittingsPage: Encodable {
        let rows: [SittingRow]
        let newHref: String?
    }

    struct SittingForm: Encodable {
        let action: String
        let cancelHref: String
        let form: [String: String]
        let errors: [String: String]
    }

    @Sendable static func sittings(req: Request) async throws -> Response {
        let me = try await req.require(.viewCare)
        let list = try await CareSitting.query(on: req.db).within(\.$territoryPath, me.scope).sort(\.$heldOn, .descending).limit(100).all()
        let counts = Dictionary(grouping: try await CareRequest.query(on: req.db).filter(\.$sittingID ~~ list.compactMap(\.id)).all(),
                                by: { $0.sittingID! }).mapValues(\.count)
        let decided = Dictionary(grouping: try await CareDecision.query(on: req.db).filter(\.$sitting.$id ~~ list.compactMap(\.id)).all(),
                                 by: { $0.$sitting.id }).mapValues(\.count)
        return try await req.page("care/sittings", titleKey: "care.sittings.title", SittingsPage(
            rows: list.map {
                SittingRow(href: AppRoute.careSitting($0.id!).path, number: $0.number, heldOn: date($0.heldOn), place: $0.place,
                           status: req.t("care.sitting_status.\($0.status)"), agenda: (counts[$0.id!] ?? 0) + (decided[$0.id!] ?? 0))
            },
            newHref: AccessPolicy.allows(me.role, .decideCare) ? AppRoute.careSittingNew.path : nil))
    }

    static func renderSittingForm(_ req: Request, form: [String: String], errors: [String: String], status: HTTPResponseStatus) async throws -> Response {
        try await req.require(.decideCare)
        return try await req.page("care/sitting-new", titleKey: "care.sittings.plan", status: status, SittingForm(
            action: AppRoute.careSittingNew.path, cancelHref: AppRoute.careSittings.path, form: form, errors: errors))
    }

    @Sendable static func newSitting(req: Request) async throws -> Response {
        let me = try await req.require(.decideCare)
        let code = try await me.scopeTerritoryID.asyncMap { try await Territory.find($0, on: req.db)?.code } ?? nil
        return try await renderSittingForm(req, form: ["territory": code ?? "", "heldOn": CalendarDate.today.display], errors: [:], status: .ok)
    }

    @Sendable static func createSitting(req: Request) async throws -> Response {
        try await req.require(.decideCare)
        let draft = try req.content.decode(CareService.SittingDraft.self)
        let form = ["territory": draft.territory ?? "", "heldOn": draft.heldOn ?? "", "place": draft.place ?? ""]
        return try await req.submitForm(kept: form, render: { try await renderSittingForm(req, form: $0, errors: $1, status: $2) }) {
            let sitting = try await req.care.createSitting(draft)
            return .to(.careSitting(sitting.id!), flash: "care.flash.sitting_planned")
        }
    }

    struct Member: Encodable {
        let id: String
        let name: String
        let present: Bool
    }

    struct AgendaItem: Encodable {
        let papers: Papers
        let decision: DecisionView?
        let action: String?
        let form: [String: String]
        let errors: [String: String]
        let types: [SelectOption]
        let outcomes: [SelectOption]
        let settings: [SelectOption]
        let carers: [SelectOption]
        let siblings: [SelectOption]
    }

    struct SittingPage: Encodable {
        let number: String
        let heldOn: String
        let place: String
        let status: String
        let members: [Member]
        let present: Int
        let quorum: Int
        let hasQuorum: Bool
        let attendanceAction: String?
        let agenda: [AgendaItem]
        let addAction: String?
        let waiting: [SelectOption]
        let closeAction: String?
        let minutesHref: String
        let planned: Bool
        let csrf: String
        let quorumError: String?
        let sittingsHref: String
    }

    /// The sitting page; `failed` is the agenda item whose decision form came back refused, with its input.
    static func renderSitting(_ req: Request, _ sitting: CareSitting, failed: (UUID, [String: String], [String: String])? = nil,
                              status: HTTPResponseStatus = .ok) async throws -> Response {
        let me = try await req.require(.viewCare)
        let canDecide = AccessPolicy.allows(me.role, .decideCare)
        let id = try sitting.requireID()
        let members = try await CareSittingMember.query(on: req.db).filter(\.$sitting.$id == id).with(\.$user).all()
            .sorted { $0.user.fullName < $1.user.fullName }
        let present = members.filter(\.present).count
        let decisions = try await CareDecision.query(on: req.db).filter(\.$sitting.$id == id).all()
        let decidedIDs = Set(decisions.map(\.$request.id))
        let agenda = try await CareRequest.query(on: req.db).group(.or) { $0.filter(\.$sittingID == id).filter(\.$id ~~ Array(decidedIDs)) }
            .sort(\.$createdAt).all()
        let open = sitting.status == "open"
        var items: [AgendaItem] = []
        for request in agenda {
            let decision = decisions.filter { $0.$request.id == request.id }.max { $0.decidedAt < $1.decidedAt }
            let mine = failed?.0 == request.id
            let form = mine ? failed!.1 : ["type": request.requestedType, "setting": request.settingID?.uuidString ?? "",
                                            "carer": request.carerID?.uuidString ?? "", "start": CalendarDate.today.display,
                                            "votesFor": String(present), "votesAgainst": "0", "votesAbstain": "0"]
            let pending = decision == nil && request.statusValue == .onAgenda
            items.append(AgendaItem(
                papers: try await papers(request, req: req),
                decision: try await decision.asyncMap { try await decisionView($0, req: req, canDecide: canDecide) },
                action: canDecide && open && pending ? AppRoute.careDecision(id, request.id!).path : nil,
                form: form, errors: mine ? failed!.2 : [:],
                types: options(CareType.self, "care.type.", form["type"], req),
                outcomes: options(CareOutcome.self, "care.outcome.", form["outcome"], req),
                settings: pending ? try await settingOptions(req, selected: form["setting"]) : [],
                carers: pending ? try await carerOptions(req, scope: .init(kind: .region, territoryPath: regionPath(sitting.territoryPath)), selected: form["carer"]) : [],
                siblings: options(SiblingsPlacement.self, "care.siblings.", form["siblings"], req)))
        }
        var waiting: [SelectOption] = []
        if canDecide && sitting.status != "closed" {
            waiting = try await CareRequest.query(on: req.db).under(\.$territoryPath, sitting.territoryPath)
                .filter(\.$status == CareRequestStatus.prepared.rawValue).with(\.$child).sort(\.$createdAt).limit(100).all()
                .map { SelectOption(value: $0.id!.uuidString, label: $0.number + " · " + PersonProfile.fullName($0.child), selected: false) }
        }
        let quorum = CareRules.quorum(members: members.count)
        return try await req.page("care/sitting", titleKey: "care.sitting.title", titleArguments: ["number": sitting.number], status: status, SittingPage(
            number: sitting.number, heldOn: date(sitting.heldOn), place: sitting.place, status: req.t("care.sitting_status.\(sitting.status)"),
            members: members.map { Member(id: $0.$user.id.uuidString, name: $0.user.fullName, present: $0.present) },
            present: present, quorum: quorum, hasQuorum: CareRules.hasQuorum(present: present, members: members.count),
            attendanceAction: canDecide && sitting.status != "closed" ? AppRoute.careSittingAction(id, "attendance").path : nil,
            agenda: items,
            addAction: canDecide && sitting.status != "closed" ? AppRoute.careSittingAction(id, "agenda").path : nil, waiting: waiting,
            closeAction: canDecide && open ? AppRoute.careSittingAction(id, "close").path : nil,
            minutesHref: AppRoute.careMinutes(id).path, planned: sitting.status == "planned" && canDecide, csrf: req.csrfToken,
            quorumError: failed?.2["quorum"], sittingsHref: AppRoute.careSittings.path))
    }

    /// The welaýat of a path ("/TM-L/L-CAR/" → "/TM-L/"): carers of the whole welaýat can take a child.
    static func regionPath(_ path: String) -> String {
        let codes = path.split(separator: "/").map(String.init)
        return TerritoryPath.make(Array(codes.prefix(1)))
    }

    @Sendable static func showSitting(req: Request) async throws -> Response {
        let sitting = try await req.load(CareSitting.self, .viewCare)
        try await req.audit.record(.careViewed, recordType: "care_sitting", recordID: sitting.id!.uuidString, detail: sitting.number)
        return try await renderSitting(req, sitting)
    }

    struct AttendanceForm: Content { var present: [String]? }
    struct AddForm: Content { var request: String? }

    @Sendable static func sittingAction(req: Request) async throws -> Response {
        let sitting = try await req.load(CareSitting.self, .decideCare)
        switch req.parameters.get("action") {
        case "attendance":
            let form = try req.content.decode(AttendanceForm.self)
            try await req.care.recordAttendance(sitting, present: Set((form.present ?? []).compactMap(UUID.init(uuidString:))))
            return req.redirect(to: .careSitting(sitting.id!), flash: "care.flash.attendance")
        case "agenda":
            let form = try req.content.decode(AddForm.self)
            guard let id = form.request.flatMap(UUID.init(uuidString:)), let request = try await CareRequest.find(id, on: req.db),
                  req.currentUser!.scope.contains(territoryPath: request.territoryPath) else { throw AppError.badRequest("care.validation.request") }
            try await req.care.addToAgenda(sitting, request)
            return req.redirect(to: .careSitting(sitting.id!), flash: "care.flash.on_agenda")
        case "close":
            try await req.care.close(sitting)
            return req.redirect(to: .careSitting(sitting.id!), flash: "care.flash.sitting_closed")
        default:
            throw AppError.notFound
        }
    }

    @Sendable static func decide(req: Request) async throws -> Response {
        let sitting = try await req.load(CareSitting.self, .decideCare)
        guard let requestID = req.parameters.get("request", as: UUID.self), let request = try await CareRequest.find(requestID, on: req.db),
              request.sittingID == sitting.id else { throw AppError.notFound }
        let draft = try req.content.decode(CareService.DecisionDraft.self)
        return try await req.submitForm(kept: draft.values, render: { try await renderSitting(req, sitting, failed: (requestID, $0, $1), status: $2) }) {
            try await req.care.decide(sitting, request, draft)
            return .redirect(path: AppRoute.careSitting(sitting.id!).path + "#item-" + request.number, flash: "care.flash.decided")
        }
    }

    // MARK: minutes

    struct Minutes: Encodable {
        let number: String
        let heldOn: String
        let place: String
        let territory: String
        let present: [String]
        let absent: [String]
        let quorum: Int
        let items: [MinutesItem]
        let backHref: String
        let status: String
    }

    struct MinutesItem: Encodable {
        let number: String
        let child: String
        let age: String
        let type: String
        let reasons: String
        let familyAssessment: String
        let childViews: String
        let alternatives: [Alternative]
        let decision: DecisionView?
    }

    @Sendable static func minutes(req: Request) async throws -> Response {
        let sitting = try await req.load(CareSitting.self, .viewCare)
        let id = try sitting.requireID()
        let members = try await CareSittingMember.query(on: req.db).filter(\.$sitting.$id == id).with(\.$user).all()
        let decisions = try await CareDecision.query(on: req.db).filter(\.$sitting.$id == id).all()
        let requests = try await CareRequest.query(on: req.db).filter(\.$id ~~ decisions.map(\.$request.id)).sort(\.$createdAt).all()
        var items: [MinutesItem] = []
        for request in requests {
            let p = try await papers(request, req: req)
            let decision = decisions.first { $0.$request.id == request.id }
            items.append(MinutesItem(number: p.number, child: p.child, age: p.age, type: p.type, reasons: p.reasons,
                                     familyAssessment: p.familyAssessment, childViews: p.childViews, alternatives: p.alternatives,
                                     decision: try await decision.asyncMap { try await decisionView($0, req: req, canDecide: false) }))
        }
        let unit = try await sitting.$territory.get(on: req.db)
        try await req.audit.record(.careViewed, recordType: "care_sitting", recordID: id.uuidString, detail: "\(sitting.number) minutes")
        return try await req.page("care/minutes", titleKey: "care.minutes.title", titleArguments: ["number": sitting.number], Minutes(
            number: sitting.number, heldOn: date(sitting.heldOn), place: sitting.place, territory: unit.name(req.locale),
            present: members.filter(\.present).map(\.user.fullName).sorted(), absent: members.filter { !$0.present }.map(\.user.fullName).sorted(),
            quorum: CareRules.quorum(members: members.count), items: items, backHref: AppRoute.careSitting(id).path,
            status: req.t("care.sitting_status.\(sitting.status)")))
    }

    // MARK: appeals

    @Sendable static func appeal(req: Request) async throws -> Response {
        try await req.require(.decideCare)
        guard let id = req.parameters.get("id", as: UUID.self), let decision = try await CareDecision.find(id, on: req.db) else { throw AppError.notFound }
        let request = try await decision.$request.get(on: req.db)
        try await req.require(.decideCare, territoryPath: request.territoryPath)
        let draft = try req.content.decode(CareService.AppealDraft.self)
        let form = ["lodgedOn": draft.lodgedOn ?? "", "lodgedBy": draft.lodgedBy ?? "", "grounds": draft.grounds ?? ""]
        return try await req.submitForm(kept: form, render: { try await renderRequest(req, request, status: $2, appealErrors: $1, appealForm: $0) }) {
            _ = try await req.care.appeal(decision, draft)
            return .to(.careRequest(request.id!), flash: "care.flash.appeal_lodged")
        }
    }

    struct AppealOutcomeForm: Content { var outcome: String?; var decidedOn: String? }

    @Sendable static func appealOutcome(req: Request) async throws -> Response {
        try await req.require(.decideCare)
        guard let id = req.parameters.get("id", as: UUID.self), let appeal = try await CareAppeal.find(id, on: req.db) else { throw AppError.notFound }
        let decision = try await appeal.$decision.get(on: req.db)
        let request = try await decision.$request.get(on: req.db)
        try await req.require(.decideCare, territoryPath: request.territoryPath)
        let form = try req.content.decode(AppealOutcomeForm.self)
        let kept = ["outcome": form.outcome ?? "", "decidedOn": form.decidedOn ?? ""]
        return try await req.submitForm(kept: kept, render: { try await renderRequest(req, request, status: $2, appealErrors: $1, appealForm: $0) }) {
            try await req.care.appealOutcome(appeal, outcome: form.outcome, on: form.decidedOn)
            return .to(.careRequest(request.id!), flash: "care.flash.appeal_decided")
        }
    }
}
