import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawBenefits

/// The grievance desk: the list with filters, lodging for a caller, and the record page with
/// its history and the action forms. Every route asks the policy for `.handleGrievances`.
package enum GrievanceController {
    package static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.grievances), use: desk)
        routes.get(AppRoute.components(.grievanceNew), use: newForm)
        routes.post(AppRoute.components(.grievanceNew), use: create)
        routes.get(AppRoute.Pattern.grievance, use: show)
        routes.post(AppRoute.Pattern.grievance + [":action"], use: transition)
        ChildComplaintController.register(on: routes)
    }

    /// A grievance the user may handle; outside the scope it does not exist (404), and neither
    /// does a child's complaint, which only the office it is addressed to reads.
    package static func load(_ req: Request) async throws -> Grievance {
        try await req.load(Grievance.self, .handleGrievances) { $0.filter(\.$recipient == ComplaintRecipient.desk.rawValue) }
    }

    // MARK: desk

    package struct Row: Encodable {
        package let href: String
        package let number: String
        package let lodged: String
        package let category: String
        package let subject: String
        package let place: String
        package let status: String
        package let statusClass: String
        package let deadline: GrievanceView.Deadline
        package let assignee: String

        package init(href: String, number: String, lodged: String, category: String, subject: String, place: String, status: String, statusClass: String, deadline: GrievanceView.Deadline, assignee: String) {
            self.href = href
            self.number = number
            self.lodged = lodged
            self.category = category
            self.subject = subject
            self.place = place
            self.status = status
            self.statusClass = statusClass
            self.deadline = deadline
            self.assignee = assignee
        }
    }

    package struct DeskContent: Encodable {
        package let action: String
        package let form: [String: String]
        package let statuses: [GrievanceView.Option]
        package let categories: [GrievanceView.Option]
        package let slaStates: [GrievanceView.Option]
        package let rows: [Row]
        package let newHref: String
        package let pager: PageLinks
    }

    @Sendable package static func desk(req: Request) async throws -> Response {
        let me = try await req.require(.handleGrievances)
        func value(_ key: String) -> String { ((try? req.query.get(String.self, at: key)) ?? "").trimmingCharacters(in: .whitespaces) }
        var query = GrievanceDesk.Query(status: value("status"), category: value("category"), sla: value("sla"), text: value("q"))
        query.page = req.pageNumber
        let today = CalendarDate.today
        let found = try await GrievanceDesk(db: req.db).run(query, scope: me.scope, today: today)
        let grievances = found.rows
        let territories = try await Territory.query(on: req.db).filter(\.$id ~~ Set(grievances.compactMap { $0.$territory.id })).all()
        let names = Dictionary(uniqueKeysWithValues: territories.map { ($0.id!, $0) })
        let users = try await User.query(on: req.db).filter(\.$id ~~ Set(grievances.compactMap { $0.$assignee.id })).all()
        let assignees = Dictionary(uniqueKeysWithValues: users.map { ($0.id!, $0.fullName) })
        let rows = grievances.map { grievance in
            Row(href: AppRoute.grievance(grievance.id!).path, number: grievance.number,
                lodged: DisplayFormat.date(iso: grievance.lodgedAtDay), category: req.t("grievance.category.\(grievance.category)"),
                subject: [req.t("grievance.subject.\(grievance.subjectKind)"), grievance.subjectReference].compactMap { $0 }.joined(separator: " "),
                place: GrievanceView.place(grievance.$territory.id, names: names, req),
                status: req.t("grievance.status.\(grievance.status)"), statusClass: GrievanceView.statusClass(grievance.statusValue),
                deadline: GrievanceView.deadline(grievance, today: today, req),
                assignee: grievance.$assignee.id.flatMap { assignees[$0] } ?? "—")
        }
        let filters = ["status": query.status, "category": query.category, "sla": query.sla, "q": query.text]
        var statuses = [GrievanceView.Option(value: "all", label: req.t("grievance.filter.all"), selected: query.status == "all")]
        statuses += GrievanceView.options(GrievanceStatus.allCases, "grievance.status.", selected: query.status, req)
        return try await req.page("grievances/desk", titleKey: "grievance.desk.title", DeskContent(
            action: AppRoute.grievances.path, form: filters, statuses: statuses,
            categories: GrievanceView.options(GrievanceCategory.allCases, "grievance.category.", selected: query.category, req),
            slaStates: GrievanceView.options(SLAState.allCases, "grievance.sla.", selected: query.sla, req),
            rows: rows, newHref: AppRoute.grievanceNew.path,
            pager: found.links(AppRoute.grievances.path, filters: filters)))
    }

    // MARK: lodging for a caller

    package struct LodgeForm: Content {
        package var category: String?
        package var channel: String?
        package var complainantName: String?
        package var complainantContact: String?
        package var personNumber: String?
        package var subjectKind: String?
        package var subjectReference: String?
        package var description: String?
        package var territoryCode: String?

        package var draft: GrievanceDraft {
            GrievanceDraft(category: category ?? "", channel: channel ?? "", complainantName: complainantName ?? "",
                           complainantContact: complainantContact ?? "", personNumber: personNumber ?? "",
                           subjectKind: subjectKind ?? "", subjectReference: subjectReference ?? "",
                           description: description ?? "", territoryCode: territoryCode ?? "")
        }
    }

    package struct NewContent: Encodable {
        package let action: String
        package let form: [String: String]
        package let errors: [String: String]
        package let channels: [GrievanceView.Option]
        package let categories: [GrievanceView.Option]
        package let subjects: [GrievanceView.Option]
        package let etraps: [GrievanceView.Group]
        package let cancelHref: String

        package init(action: String, form: [String: String], errors: [String: String], channels: [GrievanceView.Option], categories: [GrievanceView.Option], subjects: [GrievanceView.Option], etraps: [GrievanceView.Group], cancelHref: String) {
            self.action = action
            self.form = form
            self.errors = errors
            self.channels = channels
            self.categories = categories
            self.subjects = subjects
            self.etraps = etraps
            self.cancelHref = cancelHref
        }
    }

    package static func renderNew(_ req: Request, form: [String: String], errors: [String: String], status: HTTPResponseStatus) async throws -> Response {
        let me = try await req.require(.handleGrievances)
        return try await req.page("grievances/new", titleKey: "grievance.new.title", status: status, NewContent(
            action: AppRoute.grievanceNew.path, form: form, errors: errors,
            channels: GrievanceView.options(GrievanceChannel.staffChannels, "grievance.channel.", selected: form["channel"] ?? "", req),
            categories: try await GrievanceView.categoryOptions(req, selected: form["category"] ?? ""),
            subjects: GrievanceView.options(GrievanceSubject.allCases, "grievance.subject.", selected: form["subjectKind"] ?? "", req),
            etraps: try await GrievanceView.etrapGroups(req, scope: me.scope, selected: form["territoryCode"] ?? ""),
            cancelHref: AppRoute.grievances.path))
    }

    @Sendable package static func newForm(req: Request) async throws -> Response {
        let me = try await req.require(.handleGrievances)
        // A district user's own etrap is the likely one.
        let own = me.scope.kind == .district ? me.scope.territoryPath?.split(separator: "/").last.map(String.init) ?? "" : ""
        return try await renderNew(req, form: ["channel": GrievanceChannel.staffPhone.rawValue, "territoryCode": own], errors: [:], status: .ok)
    }

    @Sendable package static func create(req: Request) async throws -> Response {
        try await req.require(.handleGrievances)
        let form = try req.content.decode(LodgeForm.self)
        return try await req.submitForm(kept: form.draft.formValues, render: { try await renderNew(req, form: $0, errors: $1, status: $2) }) {
            let grievance = try await req.grievances.lodge(form.draft, publicPage: false)
            return .to(.grievance(grievance.id!), flash: "grievance.flash.lodged")
        }
    }

    // MARK: the record and its actions

    @Sendable package static func show(req: Request) async throws -> Response {
        let grievance = try await load(req)
        try await req.audit.record(.grievanceViewed, recordType: "grievance", recordID: grievance.id!.uuidString, detail: grievance.number)
        return try await GrievanceRecordPage.render(req, grievance, status: .ok)
    }

    package struct TransitionForm: Content {
        package var note: String?
        package var assignee: String?
        package var version: String?
    }

    @Sendable package static func transition(req: Request) async throws -> Response {
        let grievance = try await load(req)
        guard let action = GrievanceAction(rawValue: req.parameters.get("action") ?? "") else { throw AppError.notFound }
        let form = try req.content.decode(TransitionForm.self)
        let id = try grievance.requireID()
        do {
            return try await req.submitForm(kept: form.note ?? "", render: { note, errors, status in
                try await GrievanceRecordPage.render(req, try await load(req), status: status, failed: .init(action: action, note: note, errors: errors))
            }, conflict: { key in
                // Stale or out of order: the current record is shown again with the reason.
                try await GrievanceRecordPage.render(req, try await load(req), status: .conflict, message: req.t(key))
            }) {
                try await req.grievances.perform(action, on: grievance, note: form.note ?? "", assignee: form.assignee ?? "",
                                                 expectedVersion: form.version.flatMap { Int($0) } ?? -1)
                return .to(.grievance(id), flash: "grievance.flash.\(action.rawValue)")
            }
        } catch AppError.badRequest(let key) {
            // The appeal could not re-open the decision; the transaction saved nothing.
            return try await GrievanceRecordPage.render(req, try await load(req), status: .badRequest, message: req.t(key))
        }
    }
}

extension Grievance {
    /// The Ashgabat calendar day the grievance was lodged, ISO.
    package var lodgedAtDay: String { CalendarDate.ashgabat(secondsSince1970: lodgedAt.timeIntervalSince1970).iso }
}
