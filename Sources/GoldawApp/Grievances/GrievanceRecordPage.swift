import Fluent
import Vapor
import GoldawCore

/// The grievance record for staff: details, the complaint, the history, and one form per
/// action the workflow allows now. Rendered after a refused action too, with the reason.
enum GrievanceRecordPage {
    struct Item: Encodable {
        let label: String
        let value: String
        let href: String?
    }

    struct EventRow: Encodable {
        let when: String
        let what: String
        let who: String
        let note: String?
    }

    struct ActionForm: Encodable {
        let action: String
        let title: String
        let href: String
        let noteLabel: String
        let noteRequired: Bool
        let hint: String?
        let css: String
        let assignees: [GrievanceView.Option]?
        let note: String
        let noteError: String?
        let assigneeError: String?
    }

    struct Content: Encodable {
        let number: String
        let trackingCode: String
        let status: String
        let statusClass: String
        let deadline: GrievanceView.Deadline
        let details: [Item]
        let description: String
        let events: [EventRow]
        let actions: [ActionForm]
        let version: Int
        let message: String?
        let backHref: String
    }

    /// What the user typed into the form that was refused, to show it again with the errors.
    struct Failed {
        let action: GrievanceAction
        let note: String
        let errors: [String: String]
    }

    static func render(_ req: Request, _ grievance: Grievance, status: HTTPResponseStatus,
                       failed: Failed? = nil, message: String? = nil) async throws -> Response {
        let id = try grievance.requireID()
        let today = CalendarDate.today
        let territory = try await grievance.$territory.get(on: req.db)
        let assignee = try await grievance.$assignee.get(on: req.db)
        let person = try await grievance.$person.get(on: req.db)
        let events = try await GrievanceEvent.query(on: req.db).filter(\.$grievance.$id == id).sort(\.$occurredAt).all()
        let deadline = GrievanceView.deadline(grievance, today: today, req)

        var details: [Item] = [
            Item(label: req.t("grievance.field.tracking_code"), value: TrackingCode.display(grievance.trackingCode), href: nil),
            Item(label: req.t("grievance.field.category"), value: req.t("grievance.category.\(grievance.category)"), href: nil),
            Item(label: req.t("grievance.field.channel"), value: req.t("grievance.channel.\(grievance.channel)"), href: nil),
            Item(label: req.t("grievance.field.complainant"), value: grievance.complainantName, href: nil),
            Item(label: req.t("grievance.field.contact"), value: grievance.complainantContact ?? "—", href: nil),
        ]
        if let person {
            details.append(Item(label: req.t("grievance.field.person"), value: "\(PersonProfile.fullName(person)) · \(person.number)",
                                href: AppRoute.person(person.id!).path))
        }
        details += [
            Item(label: req.t("grievance.field.subject"),
                 value: [req.t("grievance.subject.\(grievance.subjectKind)"), grievance.subjectReference].compactMap { $0 }.joined(separator: " "), href: nil),
            Item(label: req.t("field.territory"), value: territory?.name(req.locale) ?? "—", href: nil),
            Item(label: req.t("grievance.field.lodged"), value: DisplayFormat.dateTime(grievance.lodgedAt), href: nil),
            Item(label: req.t("grievance.field.due"), value: deadline.due, href: nil),
            Item(label: req.t("grievance.field.assignee"), value: assignee.map { "\($0.fullName) (\($0.username))" } ?? "—", href: nil),
        ]
        if grievance.escalationLevel > 0 {
            details.append(Item(label: req.t("grievance.field.escalation"), value: String(grievance.escalationLevel), href: nil))
        }
        if let resolution = grievance.resolution {
            details.append(Item(label: req.t("grievance.field.resolution"), value: resolution, href: nil))
        }
        if let appeal = grievance.appealReason {
            details.append(Item(label: req.t("grievance.field.appeal"), value: appeal, href: nil))
        }

        let allowed = GrievanceWorkflow.allowed(from: grievance.statusValue, appealedBefore: grievance.appealedAt != nil)
        var forms: [ActionForm] = []
        for action in allowed {
            let mine = failed?.action == action ? failed : nil
            var choices: [GrievanceView.Option]?
            if action == .assign {
                let current = grievance.$assignee.id?.uuidString.lowercased()
                choices = try await req.grievances.assignees(for: grievance).map {
                    .init(value: $0.username, label: "\($0.fullName) · \(req.t("role.\($0.roleRaw)"))", selected: $0.id?.uuidString.lowercased() == current)
                }
            }
            var hint: String?
            if action == .resolve { hint = req.t("grievance.hint.resolution_public") }
            if action == .appeal && grievance.subjectKind == GrievanceSubject.application.rawValue { hint = req.t("grievance.hint.appeal_reopens") }
            forms.append(ActionForm(
                action: action.rawValue, title: req.t("grievance.action.\(action.rawValue)"),
                href: AppRoute.grievanceAction(id, action.rawValue).path,
                noteLabel: req.t("grievance.note.\(action.rawValue)"),
                noteRequired: [.escalate, .resolve, .appeal].contains(action), hint: hint,
                css: action == .escalate ? "danger" : (action == .close || action == .assign ? "secondary" : ""),
                assignees: choices, note: mine?.note ?? "", noteError: mine?.errors["note"], assigneeError: mine?.errors["assignee"]))
        }

        return try await req.page("grievances/show", titleKey: "grievance.title", titleArguments: ["number": grievance.number],
                                  status: status, Content(
            number: grievance.number, trackingCode: TrackingCode.display(grievance.trackingCode),
            status: req.t("grievance.status.\(grievance.status)"), statusClass: GrievanceView.statusClass(grievance.statusValue),
            deadline: deadline, details: details, description: grievance.description,
            events: events.map { event in
                EventRow(when: DisplayFormat.dateTime(event.occurredAt), what: req.t("grievance.event.\(event.kind)"),
                         who: event.actorName ?? req.t("grievance.by_complainant"), note: event.note)
            },
            actions: forms, version: grievance.version, message: message, backHref: AppRoute.grievances.path))
    }
}
