import Foundation
import Vapor

/// A step in the life of a record that moves through a workflow with notes (a grievance, a
/// referral): append-only, shown as the record's history.
package protocol StatusEvent {
    var kind: String { get }
    var fromStatus: String? { get }
    var toStatus: String { get }
    var note: String? { get }
    /// The staff member's username; nil when the person concerned acted through a public page.
    var actorName: String? { get }
    var occurredAt: Date { get }
}

/// The history of a record, as the record page shows it (`Views/shared/history.leaf`) and the
/// API returns it.
package enum StatusHistory {
    package struct Row: Encodable, Sendable {
        package let when: String
        package let what: String
        package let who: String
        package let note: String?

        package init(when: String, what: String, who: String, note: String?) {
            self.when = when
            self.what = what
            self.who = who
            self.note = note
        }
    }

    /// An event as the API returns it.
    package struct Event: Content {
        package let kind: String
        package let fromStatus: String?
        package let toStatus: String
        package let note: String?
        package let actor: String?
        package let occurredAt: Date

        package init(kind: String, fromStatus: String?, toStatus: String, note: String?, actor: String?, occurredAt: Date) {
            self.kind = kind
            self.fromStatus = fromStatus
            self.toStatus = toStatus
            self.note = note
            self.actor = actor
            self.occurredAt = occurredAt
        }
    }

    /// The page's rows: each event's kind read as `"<prefix>.<kind>"`, and `publicActor` for an
    /// event without a staff member.
    package static func rows(_ events: [some StatusEvent], prefix: String, publicActor: String, _ req: Request) -> [Row] {
        events.map {
            Row(when: DisplayFormat.dateTime($0.occurredAt), what: req.t("\(prefix).\($0.kind)"),
                who: $0.actorName ?? publicActor, note: $0.note)
        }
    }

    package static func api(_ events: [some StatusEvent]) -> [Event] {
        events.map { Event(kind: $0.kind, fromStatus: $0.fromStatus, toStatus: $0.toStatus, note: $0.note, actor: $0.actorName, occurredAt: $0.occurredAt) }
    }
}
