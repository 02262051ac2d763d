import Fluent
import Vapor
import GoldawCore

/// The officer's queue and intake form, the approver's queue, and an application's page with
/// its explained eligibility and the decision.
enum ApplicationsController {
    static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.applications), use: queue)
        routes.get(AppRoute.components(.decisions), use: decisions)
        routes.get(AppRoute.components(.applicationNew), use: newForm)
        routes.post(AppRoute.components(.applicationNew), use: create)
        routes.get(AppRoute.Pattern.application, use: show)
        routes.get(AppRoute.Pattern.application + ["intake"], use: intakeForm)
        routes.post(AppRoute.Pattern.application + ["intake"], use: intake)
        routes.post(AppRoute.Pattern.application + ["decision"], use: decide)
    }

    // MARK: queues

    struct Row: Encodable {
        let href: String
        let number: String
        let programme: String
        let beneficiary: String
        let applicant: String
        let status: String
        let statusCode: String
        let source: String
        let eligible: Bool?
        let date: String
    }

    struct QueueContent: Encodable {
        let heading: String
        let intro: String
        let action: String
        let statuses: [BenefitsViews.Option]
        let programmes: [BenefitsViews.Option]
        let rows: [Row]
        let newHref: String?
        let reviewHref: String?
        let reviewCount: Int
        let prevHref: String?
        let nextHref: String?
        let page: Int
    }

    static let pageSize = 50

    static func rows(_ req: Request, statuses: [String], programme: String?, page: Int) async throws -> ([Row], Bool) {
        let user = try await req.require(.viewBenefits)
        var query = BenefitApplication.query(on: req.db).filter(\.$status ~~ statuses)
            .with(\.$beneficiary).with(\.$applicant).sort(\.$createdAt, .ascending)
        if let path = user.scope.territoryPath { query = query.filter(\.$territoryPath =~ path) }
        if let programme, Programme(rawValue: programme) != nil { query = query.filter(\.$programme == programme) }
        let found = try await query.range((page - 1) * pageSize..<(page * pageSize + 1)).all()
        let rows = found.prefix(pageSize).map { application in
            Row(href: AppRoute.application(application.id!).path, number: application.number,
                programme: req.t("programme.\(application.programme)"),
                beneficiary: "\(PersonProfile.fullName(application.beneficiary)) (\(application.beneficiary.number))",
                applicant: PersonProfile.fullName(application.applicant),
                status: req.t("application.status.\(application.status)"), statusCode: application.status,
                source: req.t("application.source.\(application.source)"), eligible: application.eligible,
                date: application.createdAt.map { DisplayFormat.date($0) } ?? "")
        }
        return (Array(rows), found.count > pageSize)
    }

    static func queuePage(_ req: Request, route: AppRoute, heading: String, intro: String, allowed: [ApplicationStatus],
                          defaults: [ApplicationStatus], canCreate: Bool) async throws -> Response {
        let status = (try? req.query.get(String.self, at: "status")).flatMap(ApplicationStatus.init(rawValue:))
        let programme = try? req.query.get(String.self, at: "programme")
        let page = req.pageNumber
        let shown = status.map { [$0] } ?? defaults
        let (rows, more) = try await rows(req, statuses: shown.map(\.rawValue), programme: programme, page: page)
        let reviewCount = canCreate ? try await EnrolmentController.reviewCount(req) : 0
        func link(_ p: Int) -> String {
            route.path + "?status=\(status?.rawValue ?? "")&programme=\(programme ?? "")&page=\(p)"
        }
        return try await req.page("benefits/queue", titleKey: heading, QueueContent(
            heading: req.t(heading), intro: req.t(intro), action: route.path,
            statuses: allowed.map { .init(value: $0.rawValue, label: req.t("application.status.\($0.rawValue)"), selected: $0 == status) },
            programmes: BenefitsViews.programmes(req, selected: programme), rows: rows,
            newHref: canCreate ? AppRoute.applicationNew.path : nil,
            reviewHref: canCreate ? AppRoute.enrolmentReview.path : nil, reviewCount: reviewCount,
            prevHref: page > 1 ? link(page - 1) : nil, nextHref: more ? link(page + 1) : nil, page: page))
    }

    @Sendable static func queue(req: Request) async throws -> Response {
        try await req.require(.takeApplications)
        return try await queuePage(req, route: .applications, heading: "applications.title", intro: "applications.intro",
                                   allowed: ApplicationStatus.allCases, defaults: [.intake, .submitted], canCreate: true)
    }

    @Sendable static func decisions(req: Request) async throws -> Response {
        try await req.require(.decideApplications)
        return try await queuePage(req, route: .decisions, heading: "decisions.title", intro: "decisions.intro",
                                   allowed: [.submitted, .approved, .rejected], defaults: [.submitted], canCreate: false)
    }

    // MARK: intake

    struct FormContent: Encodable {
        let action: String
        let heading: String
        let form: [String: String]
        let errors: [String: String]
        let programmes: [BenefitsViews.Option]
        let channels: [BenefitsViews.Option]
        let documents: [BenefitsViews.DocumentBox]
        let fixedPeople: Bool
        let beneficiary: String?
        let rules: [BenefitsViews.RuleRow]
        let ineligible: Bool
        let cancelHref: String
    }

    static func renderForm(_ req: Request, application: BenefitApplication?, form: [String: String], documents: Set<String>,
                           errors: [String: String], rules: [BenefitsViews.RuleRow] = [], ineligible: Bool = false,
                           status: HTTPResponseStatus) async throws -> Response {
        let programme = Programme(rawValue: application?.programme ?? form["programme"] ?? "")
        return try await req.page("benefits/application-form", titleKey: application == nil ? "applications.new" : "applications.intake",
                                  status: status, FormContent(
            action: application.map { AppRoute.applicationIntake($0.id!).path } ?? AppRoute.applicationNew.path,
            heading: req.t(application == nil ? "applications.new" : "applications.intake"),
            form: form, errors: errors, programmes: BenefitsViews.programmes(req, selected: form["programme"]),
            channels: BenefitsViews.channels(req, selected: form["channel"]),
            documents: BenefitsViews.documents(req, checked: documents, programme: application == nil ? nil : programme),
            fixedPeople: application != nil,
            beneficiary: application.map { "\(req.t("programme.\($0.programme)")): \(PersonProfile.fullName($0.beneficiary)) (\($0.beneficiary.number))" },
            rules: rules, ineligible: ineligible,
            cancelHref: application.map { AppRoute.application($0.id!).path } ?? AppRoute.applications.path))
    }

    @Sendable static func newForm(req: Request) async throws -> Response {
        try await req.require(.takeApplications)
        var form = ["requestedFrom": CalendarDate.today.display, "channel": "post"]
        if let id = try? req.query.get(UUID.self, at: "person"), let person = try await Person.find(id, on: req.db) {
            try await req.require(.takeApplications, territoryPath: person.territoryPath)
            form["beneficiaryNumber"] = person.number
            form["applicantNumber"] = person.number
        }
        return try await renderForm(req, application: nil, form: form, documents: [], errors: [:], status: .ok)
    }

    struct IntakeForm: Content {
        var beneficiaryNumber: String?
        var applicantNumber: String?
        var programme: String?
        var documents: [String]?
        var channel: String?
        var account: String?
        var requestedFrom: String?
        var recordIneligible: String?
        var version: Int?

        var kept: [String: String] {
            ["beneficiaryNumber": beneficiaryNumber ?? "", "applicantNumber": applicantNumber ?? "", "programme": programme ?? "",
             "channel": channel ?? "", "account": account ?? "", "requestedFrom": requestedFrom ?? "", "version": version.map(String.init) ?? ""]
        }

        var intake: ApplicationService.Intake {
            .init(programme: programme ?? "", documents: Set(documents ?? []), channel: channel ?? "", account: account ?? "",
                  requestedFrom: requestedFrom ?? "", recordIneligible: recordIneligible == "1")
        }
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let user = try await req.require(.takeApplications)
        let form = try req.content.decode(IntakeForm.self)
        do {
            let beneficiary = try await BenefitsViews.person(number: form.beneficiaryNumber ?? "", req, user)
            let applicant = try await BenefitsViews.person(number: form.applicantNumber ?? "", req, user)
            var problems: [FieldProblem] = []
            if beneficiary == nil { problems.append(.init(field: "beneficiaryNumber", key: "registry.person_unknown")) }
            if applicant == nil { problems.append(.init(field: "applicantNumber", key: "registry.person_unknown")) }
            guard let beneficiary, let applicant else { throw AppError.invalid(problems) }
            switch try await req.applications.take(form.intake, beneficiary: beneficiary, applicant: applicant) {
            case .saved(let application):
                return req.redirect(to: .application(application.id!), flash: "applications.saved")
            case .ineligible(let decision):
                return try await renderForm(req, application: nil, form: form.kept, documents: Set(form.documents ?? []), errors: [:],
                                            rules: BenefitsViews.rules(decision, req), ineligible: true, status: .unprocessableEntity)
            }
        } catch AppError.invalid(let problems) {
            return try await renderForm(req, application: nil, form: form.kept, documents: Set(form.documents ?? []),
                                        errors: req.messages(problems), status: .unprocessableEntity)
        }
    }

    static func load(_ req: Request, _ action: Action) async throws -> BenefitApplication {
        guard let id = req.parameters.get("id", as: UUID.self),
              let application = try await BenefitApplication.query(on: req.db).filter(\.$id == id)
                .with(\.$beneficiary).with(\.$applicant).first() else {
            try await req.require(action)
            throw AppError.notFound
        }
        try await req.require(action, territoryPath: application.territoryPath)
        return application
    }

    @Sendable static func intake(req: Request) async throws -> Response {
        let application = try await load(req, .takeApplications)
        let form = try req.content.decode(IntakeForm.self)
        do {
            switch try await req.applications.take(form.intake, beneficiary: application.beneficiary, applicant: application.applicant,
                                                   existing: application, expectedVersion: form.version ?? -1) {
            case .saved:
                return req.redirect(to: .application(application.id!), flash: "applications.saved")
            case .ineligible(let decision):
                return try await renderForm(req, application: application, form: form.kept, documents: Set(form.documents ?? []),
                                            errors: [:], rules: BenefitsViews.rules(decision, req), ineligible: true, status: .unprocessableEntity)
            }
        } catch AppError.invalid(let problems) {
            return try await renderForm(req, application: application, form: form.kept, documents: Set(form.documents ?? []),
                                        errors: req.messages(problems), status: .unprocessableEntity)
        }
    }
}
