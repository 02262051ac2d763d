import Vapor
import GoldawCore
import GoldawPlatform

/// Labels of children's complaints. Each key is written out here (not built from a raw value),
/// so the locale test sees every one of them in use.
package enum ChildComplaintView {
    /// A big radio button: the choice, a line that explains it, whether it is picked.
    package struct Choice: Encodable {
        package let value: String
        package let label: String
        package let hint: String
        package let checked: Bool
    }

    package static func kindKey(_ kind: ChildComplaintKind) -> String {
        switch kind {
        case .rights: "child_complaint.kind.rights"
        case .atRisk: "child_complaint.kind.at_risk"
        case .detention: "child_complaint.kind.detention"
        }
    }

    static func kindHintKey(_ kind: ChildComplaintKind) -> String {
        switch kind {
        case .rights: "child_complaint.kind_hint.rights"
        case .atRisk: "child_complaint.kind_hint.at_risk"
        case .detention: "child_complaint.kind_hint.detention"
        }
    }

    package static func recipientKey(_ recipient: ComplaintRecipient) -> String {
        switch recipient {
        case .desk: "child_complaint.recipient.desk"
        case .etrap: "child_complaint.recipient.etrap"
        case .monitor: "child_complaint.recipient.monitor"
        }
    }

    static func recipientHintKey(_ recipient: ComplaintRecipient) -> String {
        switch recipient {
        case .desk, .etrap: "child_complaint.recipient_hint.etrap"
        case .monitor: "child_complaint.recipient_hint.monitor"
        }
    }

    /// The status in a child's words: we got it, we are working on it, we answered.
    package static func childStatusKey(_ status: GrievanceStatus) -> String {
        switch status {
        case .open: "child_complaint.status.received"
        case .assigned, .escalated, .appealed: "child_complaint.status.working"
        case .resolved, .closed: "child_complaint.status.answered"
        }
    }

    /// A grievance's category as staff and the tracking pages show it, children's ones included.
    package static func categoryLabel(_ category: String, _ req: Request) -> String {
        if let kind = ChildComplaintKind(category: category) { return req.t(kindKey(kind)) }
        return req.t("grievance.category.\(category)")
    }

    package static func kinds(selected: String, _ req: Request) -> [Choice] {
        ChildComplaintKind.allCases.map {
            Choice(value: $0.rawValue, label: req.t(kindKey($0)), hint: req.t(kindHintKey($0)), checked: $0.rawValue == selected)
        }
    }

    package static func recipients(selected: String, _ req: Request) -> [Choice] {
        ComplaintRecipient.forChildren.map {
            Choice(value: $0.rawValue, label: req.t(recipientKey($0)), hint: req.t(recipientHintKey($0)), checked: $0.rawValue == selected)
        }
    }
}
