import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawBenefits

/// Children's complaints for the office they are addressed to: the etrap's social workers and
/// supervisors read those addressed to the etrap, the independent monitor those addressed to
/// it (every complaint from detention). The list, one complaint with its history, and the steps:
/// take it on, answer (what the child reads on the tracking page), close. Every read and every
/// step is audited.
package enum ChildComplaintController {
    package static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.childComplaints), use: list)
        routes.get(AppRoute.Pattern.childComplaint, use: show)
        routes.post(AppRoute.Pattern.childComplaint + [":action"], use: transition)
    }

    // MARK: list

    package struct Row: Encodable {
        package let href: String
        package let number: String
        package let lodged: String
        package let kind: String
        package let place: String
        package let from: String
        package let status: String
        package let statusClass: String
        package let deadline: GrievanceView.Deadline
        package let assignee: String
    }

    package struct ListContent: Encodable {
        package let action: String
        package let office: String
        package let form: [String: String]
        package let statuses: [GrievanceView.Option]
        package let kinds: [GrievanceView.Option]
        package let rows: [Row]
        package let pager: PageLinks
    }

    @Sendable package static func list(req: Request) async throws -> Response {
        let (me, office) = try await req.childComplaintOffice()
        func value(_ key: String) -> String { ((try? req.query.get(String.self, at: key)) ?? "").trimmingCharacters(in: .whitespaces) }
        var filter = ChildComplaintQueries.Filter(status: value("status"), kind: value("kind"))
        filter.page = req.pageNumber
        let today = CalendarDate.today
        let found = try await ChildComplaintQueries(db: req.db).list(filter, office: office, scope: me.scope)
        let complaints = found.rows
        let territories = try await Territory.query(on: req.db).filter(\.$id ~~ Set(complaints.compactMap { $0.$territory.id })).all()
        let names = Dictionary(uniqueKeysWithValues: territories.map { ($0.id!, $0) })
        let users = try await User.query(on: req.db).filter(\.$id ~~ Set(complaints.compactMap { $0.$assignee.id })).all()
        let assignees = Dictionary(uniqueKeysWithValues: users.map { ($0.id!, $0.fullName) })
        try await req.audit.record(.grievanceViewed, recordType: "grievance",
                                   detail: "children's complaints \(office.rawValue) page \(filter.page) \(complaints.count) rows")
        let rows = complaints.map { complaint in
            Row(href: AppRoute.childComplaint(complaint.id!).path, number: complaint.number,
                lodged: DisplayFormat.date(iso: complaint.lodgedAtDay), kind: ChildComplaintView.categoryLabel(complaint.category, req),
                place: GrievanceView.place(complaint.$territory.id, names: names, req), from: from(complaint, req),
                status: req.t("grievance.status.\(complaint.status)"), statusClass: GrievanceView.statusClass(complaint.statusValue),
                deadline: GrievanceView.deadline(complaint, today: today, req),
                assignee: complaint.$assignee.id.flatMap { assignees[$0] } ?? "—")
        }
        let filters = ["status": filter.status, "kind": filter.kind]
        var statuses = [GrievanceView.Option(value: "all", label: req.t("grievance.filter.all"), selected: filter.status == "all")]
        statuses += GrievanceView.options(GrievanceStatus.allCases.filter { $0 != .appealed && $0 != .escalated }, "grievance.status.",
                                          selected: filter.status, req)
        return try await req.page("grievances/child-list", titleKey: "child_complaint.list.title", ListContent(
            action: AppRoute.childComplaints.path, office: req.t(ChildComplaintView.recipientKey(office)), form: filters,
            statuses: statuses,
            kinds: ChildComplaintKind.allCases.map { .init(value: $0.rawValue, label: req.t(ChildComplaintView.kindKey($0)), selected: $0.rawValue == filter.kind) },
            rows: rows, pager: found.links(AppRoute.childComplaints.path, filters: filters)))
    }

    /// Who wrote: "without a name", or the name they gave.
    static func from(_ complaint: Grievance, _ req: Request) -> String {
        complaint.complainantName.isEmpty ? req.t("child_complaint.field.anonymous") : complaint.complainantName
    }

    // MARK: one complaint

    package struct Content: Encodable {
        package let number: String
        package let status: String
        package let statusClass: String
        package let deadline: GrievanceView.Deadline
        package let details: [GrievanceRecordPage.Item]
        package let text: String
        package let answer: String?
        package let anonymous: Bool
        package let events: [GrievanceRecordPage.EventRow]
        package let actions: [GrievanceRecordPage.ActionForm]
        package let version: Int
        package let message: String?
        package let backHref: String
    }

    package static func render(_ req: Request, _ complaint: Grievance, status: HTTPResponseStatus,
                               failed: GrievanceRecordPage.Failed? = nil, message: String? = nil) async throws -> Response {
        let id = try complaint.requireID()
        let territory = try await complaint.$territory.get(on: req.db)
        let assignee = try await complaint.$assignee.get(on: req.db)
        let events = try await GrievanceEvent.query(on: req.db).filter(\.$grievance.$id == id).sort(\.$occurredAt).all()
        let deadline = GrievanceView.deadline(complaint, today: CalendarDate.today, req)
        typealias Item = GrievanceRecordPage.Item
        var details: [Item] = [
            Item(label: req.t("child_complaint.field.kind"), value: ChildComplaintView.categoryLabel(complaint.category, req), href: nil),
            Item(label: req.t("child_complaint.field.recipient"), value: req.t(ChildComplaintView.recipientKey(complaint.recipientValue)), href: nil),
            Item(label: req.t("field.territory"), value: territory?.name(req.locale) ?? "—", href: nil),
            Item(label: req.t("child_complaint.field.from"), value: from(complaint, req), href: nil),
        ]
        if let contact = complaint.complainantContact {
            details.append(Item(label: req.t("grievance.field.contact"), value: contact, href: nil))
        }
        details += [
            Item(label: req.t("grievance.field.lodged"), value: DisplayFormat.dateTime(complaint.lodgedAt), href: nil),
            Item(label: req.t("grievance.field.due"), value: deadline.due, href: nil),
            Item(label: req.t("grievance.field.assignee"), value: assignee.map { "\($0.fullName) (\($0.username))" } ?? "—", href: nil),
        ]
        var forms: [GrievanceRecordPage.ActionForm] = []
        for action in ChildComplaintRouting.allowed(from: complaint.statusValue) {
            let mine = failed?.action == action ? failed : nil
            var choices: [GrievanceView.Option]?
            if action == .assign {
                let current = complaint.$assignee.id
                choices = try await req.grievances.assignees(for: complaint).map {
                    .init(value: $0.username, label: "\($0.fullName) · \(req.t("role.\($0.roleRaw)"))", selected: $0.id == current)
                }
            }
            forms.append(GrievanceRecordPage.ActionForm(
                action: action.rawValue, title: req.t(actionKey(action)), href: AppRoute.childComplaintAction(id, action.rawValue).path,
                noteLabel: req.t(action == .resolve ? "child_complaint.field.answer" : "grievance.note.\(action.rawValue)"),
                noteRequired: action == .resolve, hint: action == .resolve ? req.t("child_complaint.hint.answer") : nil,
                css: action == .resolve ? "" : "secondary", assignees: choices, note: mine?.note ?? "",
                noteError: mine?.errors["note"], assigneeError: mine?.errors["assignee"]))
        }
        return try await req.page("grievances/child-show", titleKey: "child_complaint.title", titleArguments: ["number": complaint.number],
                                  status: status, Content(
            number: complaint.number, status: req.t("grievance.status.\(complaint.status)"),
            statusClass: GrievanceView.statusClass(complaint.statusValue), deadline: deadline, details: details,
            text: complaint.description, answer: complaint.resolution, anonymous: complaint.anonymous,
            events: StatusHistory.rows(events, prefix: "grievance.event", publicActor: req.t("child_complaint.by_child"), req),
            actions: forms, version: complaint.version, message: message, backHref: AppRoute.childComplaints.path))
    }

    /// The button of a step: answering a child is not "resolving" a case file.
    static func actionKey(_ action: GrievanceAction) -> String {
        action == .resolve ? "child_complaint.action.answer" : "grievance.action.\(action.rawValue)"
    }

    @Sendable package static func show(req: Request) async throws -> Response {
        let complaint = try await req.loadChildComplaint()
        try await req.audit.record(.grievanceViewed, recordType: "grievance", recordID: complaint.id!.uuidString, detail: complaint.number)
        return try await render(req, complaint, status: .ok)
    }

    @Sendable package static func transition(req: Request) async throws -> Response {
        let complaint = try await req.loadChildComplaint()
        guard let action = GrievanceAction(rawValue: req.parameters.get("action") ?? ""),
              ChildComplaintRouting.staffActions.contains(action) else { throw AppError.notFound }
        let form = try req.content.decode(GrievanceController.TransitionForm.self)
        let id = try complaint.requireID()
        return try await req.submitForm(kept: form.note ?? "", render: { note, errors, status in
            try await render(req, try await req.loadChildComplaint(), status: status, failed: .init(action: action, note: note, errors: errors))
        }, conflict: { key in
            try await render(req, try await req.loadChildComplaint(), status: .conflict, message: req.t(key))
        }) {
            try await req.grievances.perform(action, on: complaint, note: form.note ?? "", assignee: form.assignee ?? "",
                                             expectedVersion: form.version.flatMap { Int($0) } ?? -1)
            return .to(.childComplaint(id), flash: action == .resolve ? "child_complaint.flash.answered" : "grievance.flash.\(action.rawValue)")
        }
    }
}
