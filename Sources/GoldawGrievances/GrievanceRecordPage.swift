import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawBenefits

/// The grievance record for staff: details, the complaint, the history, and one form per
/// action the workflow allows now. Rendered after a refused action too, with the reason.
package enum GrievanceRecordPage {
    package struct Item: Encodable {
        package let label: String
        package let value: String
        package let href: String?

        package init(label: String, value: String, href: String?) {
            self.label = label
            self.value = value
            self.href = href
        }
    }

    package typealias EventRow = StatusHistory.Row

    package struct ActionForm: Encodable {
        package let action: String
        package let title: String
        package let href: String
        package let noteLabel: String
        package let noteRequired: Bool
        package let hint: String?
        package let css: String
        package let assignees: [GrievanceView.Option]?
        package let note: String
        package let noteError: String?
        package let assigneeError: String?

        package init(action: String, title: String, href: String, noteLabel: String, noteRequired: Bool, hint: String?, css: String, assignees: [GrievanceView.Option]?, note: String, noteError: String?, assigneeError: String?) {
            self.action = action
            self.title = title
            self.href = href
            self.noteLabel = noteLabel
            self.noteRequired = noteRequired
            self.hint = hint
            self.css = css
            self.assignees = assignees
            self.note = note
            self.noteError = noteError
            self.assigneeError = assigneeError
        }
    }

    package struct Content: Encodable {
        package let number: String
        package let trackingCode: String
        package let status: String
        package let statusClass: String
        package let deadline: GrievanceView.Deadline
        package let details: [Item]
        package let description: String
        package let events: [EventRow]
        package let actions: [ActionForm]
        package let version: Int
        package let message: String?
        package let backHref: String

        package init(number: String, trackingCode: String, status: String, statusClass: String, deadline: GrievanceView.Deadline, details: [Item], description: String, events: [EventRow], actions: [ActionForm], version: Int, message: String?, backHref: String) {
            self.number = number
            self.trackingCode = trackingCode
            self.status = status
            self.statusClass = statusClass
            self.deadline = deadline
            self.details = details
            self.description = description
            self.events = events
            self.actions = actions
            self.version = version
            self.message = message
            self.backHref = backHref
        }
    }

    /// What the user typed into the form that was refused, to show it again with the errors.
    package struct Failed {
        package let action: GrievanceAction
        package let note: String
        package let errors: [String: String]
    }

    package static func render(_ req: Request, _ grievance: Grievance, status: HTTPResponseStatus,
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
            events: StatusHistory.rows(events, prefix: "grievance.event", publicActor: req.t("grievance.by_complainant"), req),
            actions: forms, version: grievance.version, message: message, backHref: AppRoute.grievances.path))
    }
}
