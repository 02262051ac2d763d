import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// One referral's page. The sender sees everything that was sent and what the provider did;
/// the provider sees the summary the consent allows, and one form per possible next step.
package enum ReferralPage {
    package struct Item: Encodable { package let label: String; package let value: String; package let href: String?; package init(label: String, value: String, href: String?) { self.label = label; self.value = value; self.href = href } }
    package typealias EventRow = StatusHistory.Row
    package struct ActionForm: Encodable {
        package let action: String
        package let title: String
        package let href: String
        package let noteLabel: String
        package let noteRequired: Bool
        package let css: String
        package let note: String
        package let noteError: String?

        package init(action: String, title: String, href: String, noteLabel: String, noteRequired: Bool, css: String, note: String, noteError: String?) {
            self.action = action
            self.title = title
            self.href = href
            self.noteLabel = noteLabel
            self.noteRequired = noteRequired
            self.css = css
            self.note = note
            self.noteError = noteError
        }
    }

    package struct Content: Encodable {
        package let number: String
        package let status: String
        package let statusClass: String
        package let deadline: ServicesView.Deadline
        package let details: [Item]
        package let reason: String
        package let information: String?
        package let outcome: String?
        package let events: [EventRow]
        package let actions: [ActionForm]
        package let version: Int
        package let message: String?
        package let backHref: String
        package let providerView: Bool
        package let waitingPosition: Int?

        package init(number: String, status: String, statusClass: String, deadline: ServicesView.Deadline, details: [Item], reason: String, information: String?, outcome: String?, events: [EventRow], actions: [ActionForm], version: Int, message: String?, backHref: String, providerView: Bool, waitingPosition: Int?) {
            self.number = number
            self.status = status
            self.statusClass = statusClass
            self.deadline = deadline
            self.details = details
            self.reason = reason
            self.information = information
            self.outcome = outcome
            self.events = events
            self.actions = actions
            self.version = version
            self.message = message
            self.backHref = backHref
            self.providerView = providerView
            self.waitingPosition = waitingPosition
        }
    }

    package static func render(_ req: Request, _ referral: Referral, providerView: Bool, status: HTTPResponseStatus,
                       failed: (ReferralAction, String, String?)? = nil, message: String? = nil) async throws -> Response {
        let id = try referral.requireID()
        let person = try await referral.$person.get(on: req.db)
        let service = try await referral.$service.get(on: req.db)
        let organisation = try await Organisation.find(referral.$provider.id, on: req.db)
        let events = try await ReferralEvent.query(on: req.db).filter(\.$referral.$id == id).sort(\.$occurredAt).all()
        let today = CalendarDate.today
        var details: [Item] = [
            Item(label: req.t("referrals.field.person"), value: PersonProfile.fullName(person),
                 href: providerView ? nil : AppRoute.person(person.id!).path),
        ]
        if !providerView || referral.sharesInformation {
            let age = CalendarDate(iso: person.birthDate).map { birth in
                today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day) ? 1 : 0)
            }
            details.append(Item(label: req.t("registry.field.birth_date"),
                                value: DisplayFormat.date(iso: person.birthDate) + (age.map { " · " + req.t("registry.age_years", ["years": String($0)]) } ?? ""), href: nil))
            details.append(Item(label: req.t("services.field.address"),
                                value: [person.locality, person.street].compactMap { $0 }.joined(separator: ", ").nilIfEmpty ?? "—", href: nil))
            details.append(Item(label: req.t("registry.field.phones"), value: person.phones ?? "—", href: nil))
        }
        details += [
            Item(label: req.t("referrals.field.service"), value: service.name, href: AppRoute.service(service.id!).path),
            Item(label: req.t("services.field.provider"), value: organisation?.name ?? "—", href: AppRoute.provider(referral.$provider.id).path),
            Item(label: req.t("referrals.field.urgency"), value: req.t("referrals.urgency.\(referral.urgency)"), href: nil),
            Item(label: req.t("referrals.field.sent"), value: DisplayFormat.date(iso: referral.sentOn), href: nil),
            Item(label: req.t("referrals.field.sender"), value: referral.senderName, href: nil),
            Item(label: req.t("referrals.field.source"), value: req.t("referrals.source.\(referral.source)") + (referral.sourceReference.map { " " + $0 } ?? ""), href: nil),
        ]
        if let by = referral.consentBy, let scope = referral.consentScope {
            details.append(Item(label: req.t("referrals.section.consent"),
                                value: "\(req.t("referrals.consent_by.\(by)")) · \(req.t("referrals.consent_scope.\(scope)")) · \(DisplayFormat.date(iso: referral.consentDate))", href: nil))
        } else if let reason = referral.overrideReason {
            details.append(Item(label: req.t("referrals.section.consent"), value: req.t("referrals.overridden") + (providerView ? "" : ": " + reason), href: nil))
        }
        if !providerView && referral.caseID != nil {
            details.append(Item(label: req.t("referrals.field.case"), value: referral.caseID!.uuidString, href: nil))
        }
        var waitingPosition: Int?
        if referral.statusValue == .waitlisted {
            let list = try await req.referrals.waitingList(serviceID: service.id!)
            waitingPosition = list.firstIndex { $0.id == id }.map { $0 + 1 }
            details.append(Item(label: req.t("referrals.field.waiting_position"), value: waitingPosition.map(String.init) ?? "—", href: nil))
        }
        var forms: [ActionForm] = []
        if providerView {
            for action in ReferralWorkflow.allowed(from: referral.statusValue) {
                let mine = failed?.0 == action ? failed : nil
                forms.append(ActionForm(action: action.rawValue, title: req.t("referrals.action.\(action.rawValue)"),
                                        href: AppRoute.incomingAction(id, action.rawValue).path,
                                        noteLabel: req.t("referrals.note.\(action.rawValue)"), noteRequired: ReferralWorkflow.needsNote(action),
                                        css: [.decline, .end].contains(action) ? "danger" : (action == .waitlist ? "secondary" : ""),
                                        note: mine?.1 ?? "", noteError: mine?.2))
            }
        }
        return try await req.page("services/referral", titleKey: "referrals.one.title", titleArguments: ["number": referral.number],
                                  status: status, Content(
            number: referral.number, status: req.t("referrals.status.\(referral.status)"),
            statusClass: ServicesView.statusClass(referral.statusValue), deadline: ServicesView.deadline(referral, today: today.iso),
            details: details, reason: referral.reason,
            information: providerView && !referral.sharesInformation ? nil : referral.information,
            outcome: referral.outcome,
            events: StatusHistory.rows(events, prefix: "referrals.event", publicActor: "—", req),
            actions: forms, version: referral.version, message: message,
            backHref: providerView ? AppRoute.incoming.path : AppRoute.referrals.path, providerView: providerView,
            waitingPosition: waitingPosition))
    }
}
