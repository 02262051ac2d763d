import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// The officer's queue and intake form, the approver's queue, and an application's page with
/// its explained eligibility and the decision.
package enum ApplicationsController {
    package static func register(on routes: any RoutesBuilder) {
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

    package struct Row: Encodable {
        package let href: String
        package let number: String
        package let programme: String
        package let beneficiary: String
        package let applicant: String
        package let status: String
        package let statusCode: String
        package let source: String
        package let eligible: Bool?
        package let date: String

        package init(href: String, number: String, programme: String, beneficiary: String, applicant: String, status: String, statusCode: String, source: String, eligible: Bool?, date: String) {
            self.href = href
            self.number = number
            self.programme = programme
            self.beneficiary = beneficiary
            self.applicant = applicant
            self.status = status
            self.statusCode = statusCode
            self.source = source
            self.eligible = eligible
            self.date = date
        }
    }

    package struct QueueContent: Encodable {
        package let heading: String
        package let intro: String
        package let action: String
        package let statuses: [BenefitsViews.Option]
        package let programmes: [BenefitsViews.Option]
        package let rows: [Row]
        package let newHref: String?
        package let reviewHref: String?
        package let reviewCount: Int
        package let pager: PageLinks

        package init(heading: String, intro: String, action: String, statuses: [BenefitsViews.Option], programmes: [BenefitsViews.Option], rows: [Row], newHref: String?, reviewHref: String?, reviewCount: Int, pager: PageLinks) {
            self.heading = heading
            self.intro = intro
            self.action = action
            self.statuses = statuses
            self.programmes = programmes
            self.rows = rows
            self.newHref = newHref
            self.reviewHref = reviewHref
            self.reviewCount = reviewCount
            self.pager = pager
        }
    }

    package static let pageSize = 50

    package static func rows(_ req: Request, statuses: [String], programme: String?, page: Int) async throws -> Pager<Row> {
        let user = try await req.require(.viewBenefits)
        return try await req.benefitsQueries.applications(scope: user.scope, statuses: statuses, programme: programme, page: page, perPage: pageSize)
            .map { application in
            Row(href: AppRoute.application(application.id!).path, number: application.number,
                programme: req.t("programme.\(application.programme)"),
                beneficiary: "\(PersonProfile.fullName(application.beneficiary)) (\(application.beneficiary.number))",
                applicant: PersonProfile.fullName(application.applicant),
                status: req.t("application.status.\(application.status)"), statusCode: application.status,
                source: req.t("application.source.\(application.source)"), eligible: application.eligible,
                date: application.createdAt.map { DisplayFormat.date($0) } ?? "")
        }
    }

    package static func queuePage(_ req: Request, route: AppRoute, heading: String, intro: String, allowed: [ApplicationStatus],
                          defaults: [ApplicationStatus], canCreate: Bool) async throws -> Response {
        let status = (try? req.query.get(String.self, at: "status")).flatMap(ApplicationStatus.init(rawValue:))
        let programme = try? req.query.get(String.self, at: "programme")
        let shown = status.map { [$0] } ?? defaults
        let found = try await rows(req, statuses: shown.map(\.rawValue), programme: programme, page: req.pageNumber)
        let reviewCount = canCreate ? try await EnrolmentController.reviewCount(req) : 0
        return try await req.page("benefits/queue", titleKey: heading, QueueContent(
            heading: req.t(heading), intro: req.t(intro), action: route.path,
            statuses: allowed.map { .init(value: $0.rawValue, label: req.t("application.status.\($0.rawValue)"), selected: $0 == status) },
            programmes: BenefitsViews.programmes(req, selected: programme), rows: found.rows,
            newHref: canCreate ? AppRoute.applicationNew.path : nil,
            reviewHref: canCreate ? AppRoute.enrolmentReview.path : nil, reviewCount: reviewCount,
            pager: found.links(route.path, filters: ["status": status?.rawValue ?? "", "programme": programme ?? ""])))
    }

    @Sendable package static func queue(req: Request) async throws -> Response {
        try await req.require(.takeApplications)
        return try await queuePage(req, route: .applications, heading: "applications.title", intro: "applications.intro",
                                   allowed: ApplicationStatus.allCases, defaults: [.intake, .submitted], canCreate: true)
    }

    @Sendable package static func decisions(req: Request) async throws -> Response {
        try await req.require(.decideApplications)
        return try await queuePage(req, route: .decisions, heading: "decisions.title", intro: "decisions.intro",
                                   allowed: [.submitted, .approved, .rejected], defaults: [.submitted], canCreate: false)
    }

    // MARK: intake

    package struct FormContent: Encodable {
        package let action: String
        package let heading: String
        package let form: [String: String]
        package let errors: [String: String]
        package let programmes: [BenefitsViews.Option]
        package let channels: [BenefitsViews.Option]
        package let documents: [BenefitsViews.DocumentBox]
        package let fixedPeople: Bool
        package let beneficiary: String?
        package let rules: [BenefitsViews.RuleRow]
        package let ineligible: Bool
        package let cancelHref: String

        package init(action: String, heading: String, form: [String: String], errors: [String: String], programmes: [BenefitsViews.Option], channels: [BenefitsViews.Option], documents: [BenefitsViews.DocumentBox], fixedPeople: Bool, beneficiary: String?, rules: [BenefitsViews.RuleRow], ineligible: Bool, cancelHref: String) {
            self.action = action
            self.heading = heading
            self.form = form
            self.errors = errors
            self.programmes = programmes
            self.channels = channels
            self.documents = documents
            self.fixedPeople = fixedPeople
            self.beneficiary = beneficiary
            self.rules = rules
            self.ineligible = ineligible
            self.cancelHref = cancelHref
        }
    }

    package static func renderForm(_ req: Request, application: BenefitApplication?, form: [String: String], documents: Set<String>,
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

    @Sendable package static func newForm(req: Request) async throws -> Response {
        try await req.require(.takeApplications)
        var form = ["requestedFrom": CalendarDate.today.display, "channel": "post"]
        if let id = try? req.query.get(UUID.self, at: "person"), let person = try await Person.find(id, on: req.db) {
            try await req.require(.takeApplications, territoryPath: person.territoryPath)
            form["beneficiaryNumber"] = person.number
            form["applicantNumber"] = person.number
        }
        return try await renderForm(req, application: nil, form: form, documents: [], errors: [:], status: .ok)
    }

    package struct IntakeForm: Content {
        package var beneficiaryNumber: String?
        package var applicantNumber: String?
        package var programme: String?
        package var documents: [String]?
        package var channel: String?
        package var account: String?
        package var requestedFrom: String?
        package var recordIneligible: String?
        package var version: Int?

        package var kept: [String: String] {
            ["beneficiaryNumber": beneficiaryNumber ?? "", "applicantNumber": applicantNumber ?? "", "programme": programme ?? "",
             "channel": channel ?? "", "account": account ?? "", "requestedFrom": requestedFrom ?? "", "version": version.map(String.init) ?? ""]
        }

        package var intake: ApplicationService.Intake {
            .init(programme: programme ?? "", documents: Set(documents ?? []), channel: channel ?? "", account: account ?? "",
                  requestedFrom: requestedFrom ?? "", recordIneligible: recordIneligible == "1")
        }
    }

    @Sendable package static func create(req: Request) async throws -> Response {
        let user = try await req.require(.takeApplications)
        let form = try req.content.decode(IntakeForm.self)
        return try await req.submitForm(kept: form.kept, render: {
            try await renderForm(req, application: nil, form: $0, documents: Set(form.documents ?? []), errors: $1, status: $2)
        }) {
            let beneficiary = try await BenefitsViews.person(number: form.beneficiaryNumber ?? "", req, user)
            let applicant = try await BenefitsViews.person(number: form.applicantNumber ?? "", req, user)
            var problems: [FieldProblem] = []
            if beneficiary == nil { problems.append(.init(field: "beneficiaryNumber", key: "registry.person_unknown")) }
            if applicant == nil { problems.append(.init(field: "applicantNumber", key: "registry.person_unknown")) }
            guard let beneficiary, let applicant else { throw AppError.invalid(problems) }
            switch try await req.applications.take(form.intake, beneficiary: beneficiary, applicant: applicant) {
            case .saved(let application):
                return .to(.application(application.id!), flash: "applications.saved")
            case .ineligible(let decision):
                return .response(try await renderForm(req, application: nil, form: form.kept, documents: Set(form.documents ?? []), errors: [:],
                                                  rules: BenefitsViews.rules(decision, req), ineligible: true, status: .unprocessableEntity))
            }
        }
    }

    package static func load(_ req: Request, _ action: Action) async throws -> BenefitApplication {
        try await req.load(BenefitApplication.self, action) { $0.with(\.$beneficiary).with(\.$applicant) }
    }

    @Sendable package static func intake(req: Request) async throws -> Response {
        let application = try await load(req, .takeApplications)
        let form = try req.content.decode(IntakeForm.self)
        return try await req.submitForm(kept: form.kept, render: {
            try await renderForm(req, application: application, form: $0, documents: Set(form.documents ?? []), errors: $1, status: $2)
        }) {
            switch try await req.applications.take(form.intake, beneficiary: application.beneficiary, applicant: application.applicant,
                                                   existing: application, expectedVersion: form.version ?? -1) {
            case .saved:
                return .to(.application(application.id!), flash: "applications.saved")
            case .ineligible(let decision):
                return .response(try await renderForm(req, application: application, form: form.kept, documents: Set(form.documents ?? []),
                                                  errors: [:], rules: BenefitsViews.rules(decision, req), ineligible: true, status: .unprocessableEntity))
            }
        }
    }
}
