import Fluent
import Vapor
import GoldawCore

/// One referral's page. The sender sees everything that was sent and what the provider did;
/// the provider sees the summary the consent allows, and one form per possible next step.
enum ReferralPage {
    struct Item: Encodable { let label: String; let value: String; let href: String? }
    struct EventRow: Encodable { let when: String; let what: String; let who: String; let note: String? }
    struct ActionForm: Encodable {
        let action: String
        let title: String
        let href: String
        let noteLabel: String
        let noteRequired: Bool
        let css: String
        let note: String
        let noteError: String?
    }

    struct Content: Encodable {
        let number: String
        let status: String
        let statusClass: String
        let deadline: ServicesView.Deadline
        let details: [Item]
        let reason: String
        let information: String?
        let outcome: String?
        let events: [EventRow]
        let actions: [ActionForm]
        let version: Int
        let message: String?
        let backHref: String
        let providerView: Bool
        let waitingPosition: Int?
    }

    static func render(_ req: Request, _ referral: Referral, providerView: Bool, status: HTTPResponseStatus,
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
            events: events.map { EventRow(when: DisplayFormat.dateTime($0.occurredAt), what: req.t("referrals.event.\($0.kind)"),
                                          who: $0.actorName ?? "—", note: $0.note) },
            actions: forms, version: referral.version, message: message,
            backHref: providerView ? AppRoute.incoming.path : AppRoute.referrals.path, providerView: providerView,
            waitingPosition: waitingPosition))
    }
}
