import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawSocialServices

/// Case pages: the list with filters, opening a case from a registry profile, the case page
/// with one form per step, editing the identification, the supervisor's approval queue and
/// the counts analysts see. Every route names its action in the access policy.
package enum CasesController {
    package static func register(on routes: any RoutesBuilder) {
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
        CaseIntakeController.register(on: routes)
    }

    /// A case the user may act on: its team only (`CaseAccess`); outside the scope it does not exist.
    package static func load(_ req: Request, _ action: Action = .viewCases) async throws -> CaseRecord {
        try await CaseAccess.load(req, action)
    }

    package typealias Option = SelectOption

    package static func options<T: RawRepresentable>(_ values: [T], _ prefix: String, selected: String, _ req: Request) -> [Option]
    where T.RawValue == String {
        req.options(values, prefix: prefix, selected: selected)
    }

    // MARK: list

    package struct Row: Encodable {
        package let href: String
        package let number: String
        package let child: String
        package let risk: String
        package let riskClass: String
        package let step: String
        package let urgent: Bool
        package let worker: String
        package let registered: String
        package let overdue: Bool

        package init(href: String, number: String, child: String, risk: String, riskClass: String, step: String, urgent: Bool, worker: String, registered: String, overdue: Bool) {
            self.href = href
            self.number = number
            self.child = child
            self.risk = risk
            self.riskClass = riskClass
            self.step = step
            self.urgent = urgent
            self.worker = worker
            self.registered = registered
            self.overdue = overdue
        }
    }

    package struct ListContent: Encodable {
        package let action: String
        package let form: [String: String]
        package let risks: [Option]
        package let steps: [Option]
        package let concerns: [Option]
        package let workers: [Option]
        package let rows: [Row]
        package let pager: PageLinks
        /// The reports of a child at risk waiting before there is a case.
        package let intakesHref: String

        package init(action: String, form: [String: String], risks: [Option], steps: [Option], concerns: [Option], workers: [Option], rows: [Row], pager: PageLinks, intakesHref: String = AppRoute.caseIntakes.path) {
            self.intakesHref = intakesHref
            self.action = action
            self.form = form
            self.risks = risks
            self.steps = steps
            self.concerns = concerns
            self.workers = workers
            self.rows = rows
            self.pager = pager
        }
    }

    package static func riskClass(_ risk: RiskLevel?) -> String {
        switch risk {
        case .high?: "danger"
        case .medium?: "warn"
        case .low?: "ok"
        case nil: "off"
        }
    }

    @Sendable package static func list(req: Request) async throws -> Response {
        let me = try await req.require(.viewCases)
        func value(_ key: String) -> String { ((try? req.query.get(String.self, at: key)) ?? "").trimmingCharacters(in: .whitespaces) }
        var filter = CaseQueries.Filter(risk: value("risk"), step: value("step"), concern: value("concern"), worker: value("worker"),
                                        territory: value("territory"), overdue: value("overdue") == "1", text: value("q"))
        filter.page = req.pageNumber
        let queries = CaseQueries(db: req.db)
        let found = try await queries.list(filter, scope: me.scope)
        let rows = found.rows
        let overdue = Set(try await queries.overdueCaseIDs(scope: me.scope, now: AppClock.now))
        try await req.audit.record(.caseListed, recordType: "case", detail: "page \(filter.page) \(rows.count) rows")
        let params = ["risk": filter.risk, "step": filter.step, "concern": filter.concern, "worker": filter.worker,
                      "territory": filter.territory, "overdue": filter.overdue ? "1" : "", "q": filter.text]
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
            pager: found.links(AppRoute.cases.path, filters: params)))
    }

    /// Social workers who can hold cases in a scope (for filters and assignment).
    package static func caseWorkers(_ req: Request, scope: Scope) async throws -> [User] {
        var query = User.query(on: req.db).filter(\.$isActive == true).filter(\.$roleRaw == Role.socialWorker.rawValue)
        if scope.kind != .national, let path = scope.territoryPath {
            query = query.join(parent: \User.$territory).under(Territory.self, \.$path, path)
        }
        return try await query.sort(\.$fullName).limit(300).all()
    }

    /// Active social workers whose scope holds a case in `path` (its etrap, welaýat or national).
    package static func workers(_ req: Request, holding path: String) async throws -> [User] {
        let codes = path.split(separator: "/").map(String.init)
        let ancestors = codes.indices.map { TerritoryPath.make(Array(codes[...$0])) }
        return try await User.query(on: req.db).join(parent: \User.$territory)
            .filter(\.$isActive == true).filter(\.$roleRaw == Role.socialWorker.rawValue)
            .filter(Territory.self, \.$path ~~ ancestors).sort(\.$fullName).limit(300).all()
    }

    // MARK: opening from a profile

    package struct NewContent: Encodable {
        package let action: String
        package let child: String
        package let childHref: String
        package let age: String
        package let form: [String: String]
        package let errors: [String: String]
        package let sources: [Option]
        package let concerns: [Option]
        package let existing: [CaseLink]
        package let cancelHref: String
        /// The intake the case is opened from (a report of a child at risk): its id for the form
        /// and its number for the page.
        package let intake: String?
        package let intakeNumber: String?

        package init(action: String, child: String, childHref: String, age: String, form: [String: String], errors: [String: String], sources: [Option], concerns: [Option], existing: [CaseLink], cancelHref: String, intake: String? = nil, intakeNumber: String? = nil) {
            self.intake = intake
            self.intakeNumber = intakeNumber
            self.action = action
            self.child = child
            self.childHref = childHref
            self.age = age
            self.form = form
            self.errors = errors
            self.sources = sources
            self.concerns = concerns
            self.existing = existing
            self.cancelHref = cancelHref
        }
    }

    package struct CaseLink: Encodable {
        package let number: String
        package let href: String
        package let step: String
    }

    /// The child a case is opened for. From an intake a supervisor may open it too (it then
    /// waits for a worker); otherwise only a social worker.
    package static func person(_ req: Request, intake: CaseIntake? = nil) async throws -> Person {
        let fromIntake = intake != nil && req.currentUser.map { !AccessPolicy.allows($0.role, .workCases) } == true
        let action: Action = fromIntake ? .superviseCases : .workCases
        guard let id = req.parameters.get("id", as: UUID.self), let person = try await Person.find(id, on: req.db) else {
            try await req.require(action)
            throw AppError.notFound
        }
        try await req.require(action, territoryPath: person.territoryPath)
        return person
    }

    package static func renderNew(_ req: Request, _ person: Person, form: [String: String], chosen: [String], errors: [String: String],
                          status: HTTPResponseStatus, intake: CaseIntake? = nil) async throws -> Response {
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
            cancelHref: intake.map { AppRoute.caseIntake($0.id!).path } ?? AppRoute.person(id).path,
            intake: intake?.id?.path, intakeNumber: intake?.number))
    }

    @Sendable package static func newForm(req: Request) async throws -> Response {
        let intake = try await CaseIntakeController.attached(req, try? req.query.get(String.self, at: "intake"))
        let person = try await person(req, intake: intake)
        var form = ["identifiedOn": CalendarDate.today.display]
        if let intake {
            // What the report said, and the day it came, as a start the user corrects.
            form["summary"] = intake.text
            form["identifiedOn"] = CalendarDate.ashgabat(secondsSince1970: intake.receivedAt.timeIntervalSince1970).display
        }
        return try await renderNew(req, person, form: form, chosen: [], errors: [:], status: .ok, intake: intake)
    }

    package struct OpenForm: Content {
        package var source: String?
        package var concerns: [String]?
        package var urgent: String?
        package var summary: String?
        package var identifiedOn: String?
        /// The intake the case is opened from, if any.
        package var intake: String?

        package var draft: CaseService.Draft {
            .init(source: source ?? "", concerns: concerns ?? [], urgent: urgent == "on" || urgent == "1",
                  summary: summary ?? "", identifiedOn: identifiedOn ?? "")
        }
    }

    @Sendable package static func create(req: Request) async throws -> Response {
        let form = try req.content.decode(OpenForm.self)
        let intake = try await CaseIntakeController.attached(req, form.intake)
        let person = try await person(req, intake: intake)
        return try await req.submitForm(kept: form.draft.formValues, render: {
            try await renderNew(req, person, form: $0, chosen: form.concerns ?? [], errors: $1, status: $2, intake: intake)
        }, conflict: { key in
            // The intake was decided by someone else meanwhile.
            try await renderNew(req, person, form: form.draft.formValues, chosen: form.concerns ?? [], errors: ["person": req.t(key)],
                                status: .conflict, intake: intake)
        }) {
            let record = try await req.cases.open(for: person, form.draft, intake: intake)
            return .to(.caseRecord(record.id!), flash: "case.flash.opened")
        }
    }
}
