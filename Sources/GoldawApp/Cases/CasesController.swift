import Fluent
import Vapor
import GoldawCore

/// Case pages: the list with filters, opening a case from a registry profile, the case page
/// with one form per step, editing the identification, the supervisor's approval queue and
/// the counts analysts see. Every route names its action in the access policy.
enum CasesController {
    static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.cases), use: list)
        routes.get(AppRoute.components(.caseApprovals), use: approvals)
        routes.get(AppRoute.components(.caseCounts), use: counts)
        routes.get(AppRoute.Pattern.caseNew, use: newForm)
        routes.post(AppRoute.Pattern.caseNew, use: create)
        routes.get(AppRoute.Pattern.caseRecord, use: show)
        routes.get(AppRoute.Pattern.caseRecord + ["edit"], use: editForm)
        routes.post(AppRoute.Pattern.caseRecord + ["edit"], use: update)
        routes.post(AppRoute.Pattern.caseRecord + [":action"], use: perform)
        routes.post(AppRoute.Pattern.caseRecord + ["approvals", ":approval"], use: decide)
        routes.get("cases", "transfers", ":transfer", use: transferPage)
        routes.post("cases", "transfers", ":transfer", use: decideTransfer)
    }

    /// A case the user may act on; outside the scope it does not exist (404).
    static func load(_ req: Request, _ action: Action = .viewCases) async throws -> CaseRecord {
        guard let id = req.parameters.get("id", as: UUID.self), let record = try await CaseRecord.find(id, on: req.db) else {
            try await req.require(action)
            throw AppError.notFound
        }
        try await req.require(action, territoryPath: record.territoryPath)
        return record
    }

    struct Option: Encodable {
        let value: String
        let label: String
        let selected: Bool
    }

    static func options<T: RawRepresentable>(_ values: [T], _ prefix: String, selected: String, _ req: Request) -> [Option]
    where T.RawValue == String {
        values.map { Option(value: $0.rawValue, label: req.t(prefix + $0.rawValue), selected: $0.rawValue == selected) }
    }

    // MARK: list

    struct Row: Encodable {
        let href: String
        let number: String
        let child: String
        let risk: String
        let riskClass: String
        let step: String
        let urgent: Bool
        let worker: String
        let registered: String
        let overdue: Bool
    }

    struct ListContent: Encodable {
        let action: String
        let form: [String: String]
        let risks: [Option]
        let steps: [Option]
        let concerns: [Option]
        let workers: [Option]
        let rows: [Row]
        let prevHref: String?
        let nextHref: String?
        let page: Int
    }

    static func riskClass(_ risk: RiskLevel?) -> String {
        switch risk {
        case .high?: "danger"
        case .medium?: "warn"
        case .low?: "ok"
        case nil: "off"
        }
    }

    @Sendable static func list(req: Request) async throws -> Response {
        let me = try await req.require(.viewCases)
        func value(_ key: String) -> String { ((try? req.query.get(String.self, at: key)) ?? "").trimmingCharacters(in: .whitespaces) }
        var filter = CaseQueries.Filter(risk: value("risk"), step: value("step"), concern: value("concern"), worker: value("worker"),
                                        territory: value("territory"), overdue: value("overdue") == "1", text: value("q"))
        filter.page = max(1, Int(value("page")) ?? 1)
        let queries = CaseQueries(db: req.db)
        let (rows, hasMore) = try await queries.list(filter, scope: me.scope)
        let overdue = Set(try await queries.overdueCaseIDs(scope: me.scope, now: Date()))
        try await req.audit.record(.caseListed, recordType: "case", detail: "page \(filter.page) \(rows.count) rows")
        let params = ["risk": filter.risk, "step": filter.step, "concern": filter.concern, "worker": filter.worker,
                      "territory": filter.territory, "overdue": filter.overdue ? "1" : "", "q": filter.text]
        func pageLink(_ page: Int) -> String {
            var items = URLComponents()
            items.queryItems = params.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
                + [URLQueryItem(name: "page", value: String(page))]
            return AppRoute.cases.path + "?" + (items.percentEncodedQuery ?? "")
        }
        let workers = try await caseWorkers(req, scope: me.scope)
        return try await req.page("cases/list", titleKey: "case.list.title", ListContent(
            action: AppRoute.cases.path, form: params,
            risks: options(RiskLevel.allCases, "case.risk.", selected: filter.risk, req),
            steps: options(CaseStep.allCases, "case.step.", selected: filter.step, req),
            concerns: try await req.cases.concerns().map { Option(value: $0.id!, label: $0.name(req.locale), selected: $0.id == filter.concern) },
            workers: workers.map { Option(value: $0.id!.uuidString, label: $0.fullName, selected: $0.id!.uuidString == filter.worker) },
            rows: rows.map { row in
                Row(href: AppRoute.caseRecord(row.id!).path, number: row.number, child: PersonProfile.fullName(row.child),
                    risk: row.risk.map { req.t("case.risk.\($0.rawValue)") } ?? req.t("case.risk.none"), riskClass: riskClass(row.risk),
                    step: req.t("case.step.\(row.step)"), urgent: row.urgent, worker: row.worker?.fullName ?? "—",
                    registered: DisplayFormat.date(row.registeredAt), overdue: overdue.contains(row.id!))
            },
            prevHref: filter.page > 1 ? pageLink(filter.page - 1) : nil, nextHref: hasMore ? pageLink(filter.page + 1) : nil,
            page: filter.page))
    }

    /// Social workers who can hold cases in a scope (for filters and assignment).
    static func caseWorkers(_ req: Request, scope: Scope) async throws -> [User] {
        var query = User.query(on: req.db).filter(\.$isActive == true).filter(\.$roleRaw == Role.socialWorker.rawValue)
        if scope.kind != .national, let path = scope.territoryPath {
            query = query.join(parent: \User.$territory).filter(Territory.self, \.$path, .custom("LIKE"), TerritoryPath.likePattern(path))
        }
        return try await query.sort(\.$fullName).limit(300).all()
    }

    /// Active social workers whose scope holds a case in `path` (its etrap, welaýat or national).
    static func workers(_ req: Request, holding path: String) async throws -> [User] {
        let codes = path.split(separator: "/").map(String.init)
        let ancestors = codes.indices.map { TerritoryPath.make(Array(codes[...$0])) }
        return try await User.query(on: req.db).join(parent: \User.$territory)
            .filter(\.$isActive == true).filter(\.$roleRaw == Role.socialWorker.rawValue)
            .filter(Territory.self, \.$path ~~ ancestors).sort(\.$fullName).limit(300).all()
    }

    // MARK: opening from a profile

    struct NewContent: Encodable {
        let action: String
        let child: String
        let childHref: String
        let age: String
        let form: [String: String]
        let errors: [String: String]
        let sources: [Option]
        let concerns: [Option]
        let existing: [CaseLink]
        let cancelHref: String
    }

    struct CaseLink: Encodable {
        let number: String
        let href: String
        let step: String
    }

    static func person(_ req: Request) async throws -> Person {
        guard let id = req.parameters.get("id", as: UUID.self), let person = try await Person.find(id, on: req.db) else {
            try await req.require(.workCases)
            throw AppError.notFound
        }
        try await req.require(.workCases, territoryPath: person.territoryPath)
        return person
    }

    static func renderNew(_ req: Request, _ person: Person, form: [String: String], chosen: [String], errors: [String: String],
                          status: HTTPResponseStatus) async throws -> Response {
        let id = try person.requireID()
        let existing = try await CaseRecord.query(on: req.db).filter(\.$child.$id == id).sort(\.$registeredAt, .descending).all()
        let age = CalendarDate(iso: person.birthDate).map { Age.years(born: $0, on: .today) }
        return try await req.page("cases/new", titleKey: "case.new.title", status: status, NewContent(
            action: AppRoute.caseNew(id).path, child: PersonProfile.fullName(person) + " · " + person.number,
            childHref: AppRoute.person(id).path, age: age.map { req.t("registry.age_years", ["years": String($0)]) } ?? "",
            form: form, errors: errors,
            sources: options(IdentificationSource.allCases, "case.source.", selected: form["source"] ?? "", req),
            concerns: try await req.cases.concerns().map { Option(value: $0.id!, label: $0.name(req.locale), selected: chosen.contains($0.id!)) },
            existing: existing.map { CaseLink(number: $0.number, href: AppRoute.caseRecord($0.id!).path, step: req.t("case.step.\($0.step)")) },
            cancelHref: AppRoute.person(id).path))
    }

    @Sendable static func newForm(req: Request) async throws -> Response {
        let person = try await person(req)
        return try await renderNew(req, person, form: ["identifiedOn": CalendarDate.today.display], chosen: [], errors: [:], status: .ok)
    }

    struct OpenForm: Content {
        var source: String?
        var concerns: [String]?
        var urgent: String?
        var summary: String?
        var identifiedOn: String?

        var draft: CaseService.Draft {
            .init(source: source ?? "", concerns: concerns ?? [], urgent: urgent == "on" || urgent == "1",
                  summary: summary ?? "", identifiedOn: identifiedOn ?? "")
        }
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let person = try await person(req)
        let form = try req.content.decode(OpenForm.self)
        do {
            let record = try await req.cases.open(for: person, form.draft)
            return req.redirect(to: .caseRecord(record.id!), flash: "case.flash.opened")
        } catch AppError.invalid(let problems) {
            return try await renderNew(req, person, form: form.draft.formValues, chosen: form.concerns ?? [],
                                       errors: req.messages(problems), status: .unprocessableEntity)
        }
    }

    // MARK: the case page

    @Sendable static func show(req: Request) async throws -> Response {
        let record = try await load(req)
        try await req.audit.record(.caseViewed, recordType: "case", recordID: record.id!.uuidString, detail: record.number)
        return try await CasePage.render(req, record, status: .ok)
    }

    struct ActionForm: Content {
        var version: String?
        var party: String?
        var givenBy: String?
        var scopes: [String]?
        var givenOn: String?
        var note: String?
        var assessedOn: String?
        var risk: String?
        var summary: String?
        var risks: String?
        var protectiveFactors: String?
        var childViews: String?
        var goals: String?
        var action1: String?, responsible1: String?, start1: String?, due1: String?
        var action2: String?, responsible2: String?, start2: String?, due2: String?
        var action3: String?, responsible3: String?, start3: String?, due3: String?
        var visitedOn: String?
        var kind: String?
        var childSeen: String?
        var comment: String?
        var reason: String?
        var reopenReason: String?
        var body: String?
        var service: String?
        var provider: String?
        var referredOn: String?
        var scope: String?
        var worker: String?
        var type: String?
        var occurredOn: String?
        var place: String?
        var perpetratorRelationship: String?
        var perpetratorName: String?
        var reportedTo: String?
        var medicalFollowUp: String?
        var legalFollowUp: String?
        var territory: String?
        var transferReason: String?
        var heldOn: String?
        var agencies: [String]?
        var participants: String?
        var decisions: String?
        var agency1: String?, conferenceAction1: String?, conferenceDue1: String?
        var agency2: String?, conferenceAction2: String?, conferenceDue2: String?
        var agency3: String?, conferenceAction3: String?, conferenceDue3: String?
        var biaAssessedOn: String?
        var decisionAtStake: String?
        var biaChildViews: String?
        var familyViews: String?
        var options: String?
        var recommendation: String?

        /// Every text field as typed, to show the refused form again.
        var values: [String: String] {
            let all: [String: String?] = [
                "party": party, "givenBy": givenBy, "givenOn": givenOn, "note": note, "assessedOn": assessedOn, "risk": risk,
                "summary": summary, "risks": risks, "protectiveFactors": protectiveFactors, "childViews": childViews, "goals": goals,
                "action1": action1, "responsible1": responsible1, "start1": start1, "due1": due1,
                "action2": action2, "responsible2": responsible2, "start2": start2, "due2": due2,
                "action3": action3, "responsible3": responsible3, "start3": start3, "due3": due3,
                "visitedOn": visitedOn, "kind": kind, "childSeen": childSeen, "comment": comment, "reason": reason,
                "reopenReason": reopenReason, "body": body, "service": service, "provider": provider, "referredOn": referredOn,
                "scope": scope, "worker": worker, "type": type, "occurredOn": occurredOn, "place": place,
                "perpetratorRelationship": perpetratorRelationship, "perpetratorName": perpetratorName, "reportedTo": reportedTo,
                "medicalFollowUp": medicalFollowUp, "legalFollowUp": legalFollowUp,
                "territory": territory, "transferReason": transferReason, "heldOn": heldOn, "participants": participants,
                "decisions": decisions, "agency1": agency1, "conferenceAction1": conferenceAction1, "conferenceDue1": conferenceDue1,
                "agency2": agency2, "conferenceAction2": conferenceAction2, "conferenceDue2": conferenceDue2,
                "agency3": agency3, "conferenceAction3": conferenceAction3, "conferenceDue3": conferenceDue3,
                "biaAssessedOn": biaAssessedOn, "decisionAtStake": decisionAtStake, "biaChildViews": biaChildViews,
                "familyViews": familyViews, "options": options, "recommendation": recommendation,
            ]
            return all.compactMapValues { $0 }
        }
    }

    /// The forms on the case page. Each names the policy action it needs.
    enum Command: String, CaseIterable {
        case consent, initialAssessment = "initial-assessment", needsAssessment = "needs-assessment", plan, visit
        case referral, closureRequest = "closure-request", close, reopen, note, consentOverride = "consent-override"
        case assign, incident, transfer, conference, bestInterests = "best-interests"

        var action: Action {
            switch self {
            case .consentOverride, .assign: .superviseCases
            case .note, .transfer: .viewCases
            default: .workCases
            }
        }
    }

    @Sendable static func perform(req: Request) async throws -> Response {
        guard let command = Command(rawValue: req.parameters.get("action") ?? "") else { throw AppError.notFound }
        let record = try await load(req, command.action)
        if command == .note || command == .transfer {
            // Notes: the case team and the supervisors, never anyone else.
            let me = try await req.require(.viewCases, territoryPath: record.territoryPath)
            guard AccessPolicy.allows(me.role, .workCases) || AccessPolicy.allows(me.role, .superviseCases) else { throw AppError.forbidden }
        }
        let form = try req.content.decode(ActionForm.self)
        let service = req.cases
        let version = form.version.flatMap { Int($0) } ?? -1
        do {
            switch command {
            case .consent:
                try await service.recordConsent(record, party: form.party ?? "", givenBy: form.givenBy ?? "",
                                                scopes: Set((form.scopes ?? []).compactMap(ConsentScope.init(rawValue:))),
                                                givenOn: form.givenOn ?? "", note: form.note ?? "")
            case .initialAssessment:
                try await service.initialAssessment(record, date: form.assessedOn ?? "", risk: form.risk ?? "", summary: form.summary ?? "")
            case .needsAssessment:
                try await service.needsAssessment(record, .init(assessedOn: form.assessedOn ?? "", summary: form.summary ?? "",
                                                                risks: form.risks ?? "", protectiveFactors: form.protectiveFactors ?? "",
                                                                childViews: form.childViews ?? ""))
            case .plan:
                try await service.submitPlan(record, goals: form.goals ?? "", actions: [
                    .init(action: form.action1 ?? "", responsible: form.responsible1 ?? "", start: form.start1 ?? "", due: form.due1 ?? ""),
                    .init(action: form.action2 ?? "", responsible: form.responsible2 ?? "", start: form.start2 ?? "", due: form.due2 ?? ""),
                    .init(action: form.action3 ?? "", responsible: form.responsible3 ?? "", start: form.start3 ?? "", due: form.due3 ?? ""),
                ])
            case .visit:
                try await service.recordVisit(record, date: form.visitedOn ?? "", kind: form.kind ?? "",
                                              childSeen: form.childSeen == "on" || form.childSeen == "1", summary: form.summary ?? "")
            case .referral:
                try await service.refer(record, service: form.service ?? "", provider: form.provider ?? "", date: form.referredOn ?? "")
            case .closureRequest:
                try await service.requestClosure(record, comment: form.comment ?? "")
            case .close:
                try await service.close(record, reason: form.reason ?? "", note: form.note ?? "", expectedVersion: version)
            case .reopen:
                try await service.reopen(record, reason: form.reopenReason ?? "", expectedVersion: version)
            case .note:
                try await service.addNote(record, body: form.body ?? "")
            case .consentOverride:
                try await service.overrideConsent(record, scope: form.scope ?? "", reason: form.reason ?? "")
            case .assign:
                try await service.assign(record, worker: form.worker ?? "")
            case .transfer:
                try await service.proposeTransfer(record, to: form.territory ?? "", reason: form.transferReason ?? "")
            case .conference:
                try await service.recordConference(record, .init(
                    heldOn: form.heldOn ?? "", agencies: form.agencies ?? [], participants: form.participants ?? "",
                    decisions: form.decisions ?? "", actions: [
                        (form.agency1 ?? "", form.conferenceAction1 ?? "", form.conferenceDue1 ?? ""),
                        (form.agency2 ?? "", form.conferenceAction2 ?? "", form.conferenceDue2 ?? ""),
                        (form.agency3 ?? "", form.conferenceAction3 ?? "", form.conferenceDue3 ?? ""),
                    ]))
            case .bestInterests:
                try await service.recordBestInterests(record, .init(
                    assessedOn: form.biaAssessedOn ?? "", decisionAtStake: form.decisionAtStake ?? "", childViews: form.biaChildViews ?? "",
                    familyViews: form.familyViews ?? "", options: form.options ?? "", recommendation: form.recommendation ?? ""))
            case .incident:
                try await service.recordIncident(record, .init(
                    type: form.type ?? "", occurredOn: form.occurredOn ?? "", place: form.place ?? "",
                    perpetratorRelationship: form.perpetratorRelationship ?? "", perpetratorName: form.perpetratorName ?? "",
                    reportedTo: form.reportedTo ?? "", medicalFollowUp: form.medicalFollowUp ?? "", legalFollowUp: form.legalFollowUp ?? ""))
            }
            return req.redirect(to: .caseRecord(record.id!), flash: "case.flash.saved")
        } catch AppError.invalid(let problems) {
            let fresh = try await load(req, command.action)
            return try await CasePage.render(req, fresh, status: .unprocessableEntity,
                                             failed: .init(command: command.rawValue, values: form.values, errors: req.messages(problems)))
        } catch AppError.conflict(let key) {
            let fresh = try await load(req, command.action)
            return try await CasePage.render(req, fresh, status: .conflict, message: req.t(key),
                                             failed: .init(command: command.rawValue, values: form.values, errors: [:]))
        }
    }

    struct DecisionForm: Content {
        var decision: String?
        var comment: String?
        var version: String?
    }

    @Sendable static func decide(req: Request) async throws -> Response {
        let record = try await load(req, .superviseCases)
        guard let approvalID = req.parameters.get("approval", as: UUID.self),
              let approval = try await CaseApproval.find(approvalID, on: req.db), approval.$caseRecord.id == record.id else {
            throw AppError.notFound
        }
        let form = try req.content.decode(DecisionForm.self)
        guard let decision = ApprovalDecision(rawValue: form.decision ?? "") else { throw AppError.badRequest("validation.choose") }
        do {
            try await req.cases.decide(approval, on: record, decision, comment: form.comment ?? "",
                                       expectedVersion: form.version.flatMap { Int($0) } ?? -1)
            return req.redirect(to: .caseRecord(record.id!), flash: "case.flash.decided")
        } catch AppError.invalid(let problems) {
            return try await CasePage.render(req, try await load(req, .superviseCases), status: .unprocessableEntity,
                                             failed: .init(command: "approval-\(approvalID.path)", values: ["comment": form.comment ?? ""],
                                                           errors: req.messages(problems)))
        } catch AppError.conflict(let key) {
            return try await CasePage.render(req, try await load(req, .superviseCases), status: .conflict, message: req.t(key),
                                             failed: .init(command: "approval-\(approvalID.path)", values: ["comment": form.comment ?? ""], errors: [:]))
        }
    }
}
