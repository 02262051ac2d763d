import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// The care pages: the overview with its alerts, bringing a child to the commission, the request
/// file, sittings with their agenda, decisions and minutes, placements with plan, reviews, family
/// contact and the return home, the register of settings and carers, and the figures.
package enum CareController {
    package static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.care), use: overview)
        routes.get(AppRoute.Pattern.careRequestNew, use: newRequest)
        routes.post(AppRoute.Pattern.careRequestNew, use: createRequest)
        routes.get(AppRoute.Pattern.careRequest, use: showRequest)
        routes.post(AppRoute.Pattern.careRequest + [":action"], use: requestAction)
        routes.get(AppRoute.components(.careSittings), use: sittings)
        routes.get(AppRoute.components(.careSittingNew), use: newSitting)
        routes.post(AppRoute.components(.careSittingNew), use: createSitting)
        routes.get(AppRoute.Pattern.careSitting, use: showSitting)
        routes.get(AppRoute.Pattern.careSitting + ["minutes"], use: minutes)
        routes.post(AppRoute.Pattern.careSitting + [":action"], use: sittingAction)
        routes.post(AppRoute.Pattern.careSitting + ["decisions", ":request"], use: decide)
        routes.post("care", "decisions", ":id", "appeal", use: appeal)
        routes.post("care", "appeals", ":id", use: appealOutcome)
        routes.get(AppRoute.components(.carePlacements), use: placements)
        routes.get(AppRoute.Pattern.carePlacement, use: showPlacement)
        routes.post(AppRoute.Pattern.carePlacement + [":action"], use: placementAction)
        routes.get(AppRoute.components(.careReviews), use: reviews)
        routes.get(AppRoute.components(.careSettings), use: settings)
        routes.get(AppRoute.components(.careSettingNew), use: newSetting)
        routes.post(AppRoute.components(.careSettingNew), use: createSetting)
        routes.get(AppRoute.components(.careCarers), use: carers)
        routes.get(AppRoute.components(.carerNew), use: newCarer)
        routes.post(AppRoute.components(.carerNew), use: createCarer)
        routes.get(AppRoute.Pattern.carer, use: showCarer)
        routes.post(AppRoute.Pattern.carer + [":step"], use: carerStep)
        routes.get(AppRoute.components(.careFigures), use: figures)
        routes.get(AppRoute.components(.careFiguresCSV), use: figuresCSV)
    }

    static func date(_ iso: String?) -> String { iso.flatMap(CalendarDate.init(iso:))?.display ?? "" }

    /// Nil for an empty text: Leaf's `#if` is true for any string, even an empty one.
    static func shown(_ text: String?) -> String? { text.flatMap { $0.isEmpty ? nil : $0 } }

    static func options<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ prefix: String, _ selected: String?, _ req: Request) -> [SelectOption]
    where T.RawValue == String, T.AllCases == [T] {
        req.options(T.allCases, prefix: prefix, selected: selected ?? "")
    }

    // MARK: overview

    struct AlertRow: Encodable {
        let href: String
        let child: String
        let age: String
        let place: String
        let since: String
        let flags: [String]
        let exception: String?
        let until: String?
        let expired: Bool
    }

    struct Overview: Encodable {
        let alerts: [AlertRow]
        let requests: [CareQueries.RequestRow]
        let links: [PageChrome.Link]
    }

    static func alertRows(_ placements: [Placement], req: Request) -> [AlertRow] {
        let today = CalendarDate.today
        return placements.map { p in
            let born = CalendarDate(iso: p.child.birthDate)
            var flags: [String] = []
            if p.underThree { flags.append(req.t("care.alert.under3")) }
            if p.disability { flags.append(req.t("care.alert.disability")) }
            return AlertRow(href: AppRoute.carePlacement(p.id!).path, child: PersonProfile.fullName(p.child),
                            age: born.map { req.t("registry.age_years", ["years": String(Age.years(born: $0, on: today))]) } ?? "",
                            place: CareQueries.whereLabel(p, req: req), since: date(p.startDate), flags: flags,
                            exception: p.exception.map { req.t("care.exception.\($0)") },
                            until: shown(date(p.exceptionUntil)), expired: p.exceptionUntil.map { $0 < today.iso } ?? false)
        }
    }

    @Sendable static func overview(req: Request) async throws -> Response {
        let me = try await req.require(.viewCare)
        if me.scope.kind == .organisation { return req.redirect(to: AppRoute.carePlacements.path) }
        let queries = CareQueries(db: req.db)
        let alerts = try await queries.alerts(for: me)
        let requests = try await queries.openRequests(for: me)
        try await req.audit.record(.careListed, recordType: "care", detail: "overview \(requests.count) requests \(alerts.count) alerts")
        var links: [PageChrome.Link] = [
            .init(label: req.t("care.nav.sittings"), href: AppRoute.careSittings.path, current: false),
            .init(label: req.t("care.nav.placements"), href: AppRoute.carePlacements.path, current: false),
            .init(label: req.t("care.nav.reviews"), href: AppRoute.careReviews.path, current: false),
            .init(label: req.t("care.nav.settings"), href: AppRoute.careSettings.path, current: false),
            .init(label: req.t("care.nav.carers"), href: AppRoute.careCarers.path, current: false),
        ]
        if AccessPolicy.allows(me.role, .viewCareFigures) {
            links.append(.init(label: req.t("nav.care_figures"), href: AppRoute.careFigures.path, current: false))
        }
        return try await req.page("care/overview", titleKey: "care.overview.title", Overview(
            alerts: alertRows(alerts, req: req), requests: requests.map { queries.requestRow($0, req: req) }, links: links))
    }

    // MARK: bringing a child to the commission

    struct RequestForm: Encodable {
        let action: String
        let child: String
        let childHref: String
        let age: String
        let underThree: Bool
        let disability: Bool
        let form: [String: String]
        let errors: [String: String]
        let types: [SelectOption]
        let settings: [SelectOption]
        let carers: [SelectOption]
        let reasons: [SelectOption]
        let exceptions: [SelectOption]
        let alternatives: [SelectOption]
        let referralHref: String?
    }

    static func child(_ req: Request, _ action: Action) async throws -> Person {
        try await req.require(action)
        guard let id = req.parameters.get("id", as: UUID.self), let person = try await Person.find(id, on: req.db) else { throw AppError.notFound }
        try await req.require(action, territoryPath: person.territoryPath)
        return person
    }

    static func settingOptions(_ req: Request, selected: String?) async throws -> [SelectOption] {
        try await CareSetting.query(on: req.db).filter(\.$active == true).sort(\.$name).limit(300).all().map {
            SelectOption(value: $0.id!.uuidString, label: $0.name + " · " + req.t("care.setting_kind.\($0.kind)"), selected: $0.id!.uuidString == selected)
        }
    }

    static func carerOptions(_ req: Request, scope: Scope, selected: String?) async throws -> [SelectOption] {
        let carers = try await Carer.query(on: req.db).within(\.$territoryPath, scope).filter(\.$status == CarerStatus.approved.rawValue)
            .with(\.$person).limit(300).all()
        return carers.sorted { PersonProfile.fullName($0.person) < PersonProfile.fullName($1.person) }.map {
            SelectOption(value: $0.id!.uuidString, label: PersonProfile.fullName($0.person) + " · " + req.t("care.carer_kind.\($0.kind)")
                         + ($0.approvedUntil.map { " · " + req.t("care.carer.until", ["date": date($0)]) } ?? ""),
                         selected: $0.id!.uuidString == selected)
        }
    }

    static func renderRequestForm(_ req: Request, _ person: Person, form: [String: String], reasons: [String], errors: [String: String],
                                  status: HTTPResponseStatus) async throws -> Response {
        let me = try await req.require(.workCare)
        let id = try person.requireID()
        let born = CalendarDate(iso: person.birthDate)
        let disability = try await req.care.hasDisability(person, on: .today)
        return try await req.page("care/request-new", titleKey: "care.request.new_title", status: status, RequestForm(
            action: AppRoute.careRequestNew(id).path, child: PersonProfile.fullName(person) + " · " + person.number,
            childHref: AppRoute.person(id).path,
            age: born.map { req.t("registry.age_years", ["years": String(Age.years(born: $0, on: .today))]) } ?? "",
            underThree: born.map { CareRules.isUnderThree(born: $0, on: .today) } ?? false, disability: disability,
            form: form, errors: errors,
            types: options(CareType.self, "care.type.", form["type"], req),
            settings: try await settingOptions(req, selected: form["setting"]),
            carers: try await carerOptions(req, scope: me.scope, selected: form["carer"]),
            reasons: EntryReason.allCases.map { SelectOption(value: $0.rawValue, label: req.t("care.reason.\($0.rawValue)"), selected: reasons.contains($0.rawValue)) },
            exceptions: options(UnderThreeException.self, "care.exception.", form["exception"], req),
            alternatives: CareAlternative.allCases.map { SelectOption(value: $0.rawValue, label: req.t("care.alternative.\($0.rawValue)"), selected: false) },
            referralHref: AccessPolicy.allows(me.role, .sendReferrals) ? AppRoute.referralNew(id).path : nil))
    }

    @Sendable static func newRequest(req: Request) async throws -> Response {
        let person = try await child(req, .workCare)
        return try await renderRequestForm(req, person, form: ["assessedOn": CalendarDate.today.display], reasons: [], errors: [:], status: .ok)
    }

    @Sendable static func createRequest(req: Request) async throws -> Response {
        let person = try await child(req, .workCare)
        let draft = try req.content.decode(CareService.RequestDraft.self)
        return try await req.submitForm(kept: draft.values, render: {
            try await renderRequestForm(req, person, form: $0, reasons: draft.reasons ?? [], errors: $1, status: $2)
        }) {
            let request = try await req.care.prepareRequest(for: person, draft)
            return .to(.careRequest(request.id!), flash: "care.flash.request_prepared")
        }
    }

    // MARK: the request file

    struct Papers: Encodable {
        let number: String
        let href: String
        let child: String
        let childHref: String
        let age: String
        let status: String
        let type: String
        let place: String?
        let reasons: String
        let povertyOnly: Bool
        let assessedOn: String
        let familyAssessment: String
        let childViews: String
        let alternatives: [Alternative]
        let exception: String?
        let exceptionUntil: String?
        let flagged: Bool
        let underThree: Bool
        let disability: Bool
        let functioning: String
        let officialDisability: Bool
        let worker: String
        let caseNumber: String?
    }

    struct Alternative: Encodable {
        let option: String
        let why: String
    }

    /// What the commission reads about a child on its agenda.
    static func papers(_ request: CareRequest, req: Request) async throws -> Papers {
        let child = try await request.$child.get(on: req.db)
        let worker = try await request.$worker.get(on: req.db)
        let alternatives = try await CareAlternativeRow.query(on: req.db).filter(\.$request.$id == request.requireID()).all()
        let born = CalendarDate(iso: child.birthDate)
        let latest = try await FunctioningRecord.query(on: req.db).filter(\.$person.$id == child.requireID()).sort(\.$interviewDate, .descending).first()
        let official = try await RegistryFacts(db: req.db).hasOfficialDisability(child.requireID(), on: .today)
        var place = ""
        if let id = request.settingID, let setting = try await CareSetting.find(id, on: req.db) { place = setting.name }
        if let id = request.carerID, let carer = try await Carer.query(on: req.db).filter(\.$id == id).with(\.$person).first() {
            place = PersonProfile.fullName(carer.person)
        }
        let functioning: String = if let latest {
            date(latest.interviewDate) + " · " + (latest.hasDifficulty == true ? req.t("care.papers.difficulty") : req.t("care.papers.no_difficulty"))
        } else { req.t("care.papers.no_functioning") }
        return Papers(
            number: request.number, href: AppRoute.careRequest(request.id!).path, child: PersonProfile.fullName(child) + " · " + child.number,
            childHref: AppRoute.person(child.id!).path,
            age: born.map { req.t("registry.age_years", ["years": String(Age.years(born: $0, on: .today))]) } ?? "",
            status: req.t("care.request_status.\(request.status)"), type: req.t("care.type.\(request.requestedType)"), place: shown(place),
            reasons: EntryReason.allCases.filter(request.reasonSet.contains).map { req.t("care.reason.\($0.rawValue)") }.joined(separator: ", "),
            povertyOnly: request.reasonSet == [.poverty],
            assessedOn: date(request.assessedOn), familyAssessment: request.familyAssessment, childViews: request.childViews,
            alternatives: CareAlternative.allCases.map { option in
                Alternative(option: req.t("care.alternative.\(option.rawValue)"),
                            why: alternatives.first { $0.option == option.rawValue }?.rejectedBecause ?? req.t("care.papers.not_considered"))
            },
            exception: request.exception.map { req.t("care.exception.\($0)") }, exceptionUntil: shown(date(request.exceptionUntil)),
            flagged: request.flagged, underThree: born.map { CareRules.isUnderThree(born: $0, on: .today) } ?? false,
            disability: latest?.hasDifficulty == true || official, functioning: functioning, officialDisability: official,
            worker: worker.fullName, caseNumber: request.caseNumber)
    }

    struct RequestPage: Encodable {
        let papers: Papers
        let csrf: String
        let agendaAction: String?
        let sittings: [SelectOption]
        let withdrawAction: String?
        let decision: DecisionView?
        let referralHref: String?
        let sittingHref: String?
    }

    struct DecisionView: Encodable {
        let outcome: String
        let detail: String?
        let votes: String
        let dissent: String?
        let legalBasis: String
        let reasoning: String
        let childHeard: Bool
        let parentsHeard: Bool
        let placementHref: String?
        let decidedAt: String
        let appeals: [AppealView]
        let appealAction: String?
        let errors: [String: String]
        let form: [String: String]
    }

    struct AppealView: Encodable {
        let lodgedOn: String
        let lodgedBy: String
        let grounds: String
        let outcome: String?
        let decidedOn: String
        let action: String?
    }

    static func decisionView(_ decision: CareDecision, req: Request, canDecide: Bool, errors: [String: String] = [:],
                             form: [String: String] = [:]) async throws -> DecisionView {
        var detail = ""
        if let type = decision.careType { detail = req.t("care.type.\(type)") }
        if let id = decision.settingID, let setting = try await CareSetting.find(id, on: req.db) { detail += " · " + setting.name }
        if let id = decision.carerID, let carer = try await Carer.query(on: req.db).filter(\.$id == id).with(\.$person).first() {
            detail += " · " + PersonProfile.fullName(carer.person)
        }
        if let start = decision.startDate { detail += " · " + req.t("care.decision.from", ["date": date(start)]) }
        let appeals = try await CareAppeal.query(on: req.db).filter(\.$decision.$id == decision.requireID()).sort(\.$lodgedOn).all()
        return DecisionView(
            outcome: req.t("care.outcome.\(decision.outcome)"), detail: shown(detail),
            votes: req.t("care.decision.votes", ["for": String(decision.votesFor), "against": String(decision.votesAgainst), "abstain": String(decision.votesAbstain)]),
            dissent: decision.dissent, legalBasis: decision.legalBasis, reasoning: decision.reasoning,
            childHeard: decision.childHeard, parentsHeard: decision.parentsHeard,
            placementHref: decision.placementID.map { AppRoute.carePlacement($0).path },
            decidedAt: DisplayFormat.date(decision.decidedAt),
            appeals: appeals.map { a in
                AppealView(lodgedOn: date(a.lodgedOn), lodgedBy: a.lodgedBy, grounds: a.grounds, outcome: a.outcome, decidedOn: date(a.decidedOn),
                           action: canDecide && a.outcome == nil ? AppRoute.careAppealOutcome(a.id!).path : nil)
            },
            appealAction: canDecide ? AppRoute.careAppeal(decision.id!).path : nil, errors: errors, form: form)
    }

    static func renderRequest(_ req: Request, _ request: CareRequest, status: HTTPResponseStatus = .ok,
                              appealErrors: [String: String] = [:], appealForm: [String: String] = [:]) async throws -> Response {
        let me = try await req.require(.viewCare)
        let canDecide = AccessPolicy.allows(me.role, .decideCare)
        let open = request.statusValue == .prepared
        var sittings: [SelectOption] = []
        if canDecide && open {
            sittings = try await CareSitting.query(on: req.db).within(\.$territoryPath, me.scope).filter(\.$status != "closed")
                .sort(\.$heldOn).limit(50).all()
                .filter { TerritoryPath.isWithin(request.territoryPath, ancestor: $0.territoryPath) }
                .map { SelectOption(value: $0.id!.uuidString, label: $0.number + " · " + date($0.heldOn), selected: false) }
        }
        let decision = try await CareDecision.query(on: req.db).filter(\.$request.$id == request.requireID()).sort(\.$decidedAt, .descending).first()
        let canWithdraw = AccessPolicy.allows(me.role, .workCare) && (open || request.statusValue == .onAgenda)
        return try await req.page("care/request", titleKey: "care.request.title", titleArguments: ["number": request.number], status: status, RequestPage(
            papers: try await papers(request, req: req), csrf: req.csrfToken,
            agendaAction: canDecide && open ? AppRoute.careRequestAction(request.id!, "agenda").path : nil, sittings: sittings,
            withdrawAction: canWithdraw ? AppRoute.careRequestAction(request.id!, "withdraw").path : nil,
            decision: try await decision.asyncMap { try await decisionView($0, req: req, canDecide: canDecide, errors: appealErrors, form: appealForm) },
            referralHref: AccessPolicy.allows(me.role, .sendReferrals) && open ? AppRoute.referralNew(request.$child.id).path : nil,
            sittingHref: request.sittingID.map { AppRoute.careSitting($0).path }))
    }

    @Sendable static func showRequest(req: Request) async throws -> Response {
        let request = try await req.load(CareRequest.self, .viewCare)
        try await req.audit.record(.careViewed, recordType: "care_request", recordID: request.id!.uuidString, detail: request.number)
        return try await renderRequest(req, request)
    }

    struct AgendaForm: Content { var sitting: String? }

    @Sendable static func requestAction(req: Request) async throws -> Response {
        switch req.parameters.get("action") {
        case "agenda":
            let request = try await req.load(CareRequest.self, .decideCare)
            let form = try req.content.decode(AgendaForm.self)
            guard let id = form.sitting.flatMap(UUID.init(uuidString:)), let sitting = try await CareSitting.find(id, on: req.db),
                  req.currentUser!.scope.contains(territoryPath: sitting.territoryPath) else { throw AppError.badRequest("care.validation.sitting") }
            try await req.care.addToAgenda(sitting, request)
            return req.redirect(to: .careSitting(id), flash: "care.flash.on_agenda")
        case "withdraw":
            let request = try await req.load(CareRequest.self, .workCare)
            try await req.care.withdraw(request)
            return req.redirect(to: .careRequest(request.id!), flash: "care.flash.withdrawn")
        default:
            throw AppError.notFound
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let value): try await transform(value)
        case .none: nil
        }
    }
}
