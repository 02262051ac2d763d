/// Complaints about a benefits decision, a payment or a service, and their appeals: the
/// categories, the status machine, the response deadline (SLA) and the public tracking code.
/// The SLA days themselves are data (`grievance_categories`); the defaults below only seed it.

public enum GrievanceCategory: String, Sendable, CaseIterable, Codable, Hashable {
    case decision
    case paymentMissing = "payment_missing"
    case paymentAmount = "payment_amount"
    case serviceQuality = "service_quality"
    case staffConduct = "staff_conduct"
    case dataCorrection = "data_correction"
    case other

    /// Days to resolve, as first seeded. An order can change them in the table without a release.
    public var defaultSLADays: Int {
        switch self {
        case .decision, .other: 30
        case .paymentMissing, .dataCorrection: 10
        case .paymentAmount, .staffConduct: 15
        case .serviceQuality: 20
        }
    }
}

/// How the complaint reached us. Staff choose phone or visit; the public page is always web.
public enum GrievanceChannel: String, Sendable, CaseIterable, Codable, Hashable {
    case staffPhone = "staff_phone"
    case staffVisit = "staff_visit"
    case publicWeb = "public_web"

    public static let staffChannels: [GrievanceChannel] = [.staffPhone, .staffVisit]
}

/// What the complaint is about; an application's appeal re-opens the benefits decision.
public enum GrievanceSubject: String, Sendable, CaseIterable, Codable, Hashable {
    case application
    case payment
    case other

    /// Application and payment complaints must name the record (e.g. "BA-00000012").
    public var needsReference: Bool { self != .other }
}

public enum GrievanceStatus: String, Sendable, CaseIterable, Codable, Hashable {
    case open
    case assigned
    case escalated
    case resolved
    case appealed
    case closed

    /// Still being worked on: the SLA runs and the desk shows it as pending.
    public var isActive: Bool { self != .resolved && self != .closed }

    public static var active: [GrievanceStatus] { allCases.filter(\.isActive) }
}

/// What staff (or, for appeals, the complainant) can do to a grievance.
public enum GrievanceAction: String, Sendable, CaseIterable, Codable, Hashable {
    case assign
    case escalate
    case resolve
    case appeal
    case close
}

public enum GrievanceWorkflow {
    /// The status after `action`, or nil when the action is not allowed now. Assigning keeps an
    /// escalated or appealed grievance in that status, so the desk still shows why it is urgent.
    /// A grievance is appealed at most once: the appeal's resolution is the final answer here
    /// (after it, the complainant goes to court, outside this system).
    public static func next(from status: GrievanceStatus, _ action: GrievanceAction, appealedBefore: Bool = false) -> GrievanceStatus? {
        switch (action, status) {
        case (.assign, .open), (.assign, .assigned): .assigned
        case (.assign, .escalated): .escalated
        case (.assign, .appealed): .appealed
        case (.escalate, .open), (.escalate, .assigned), (.escalate, .escalated), (.escalate, .appealed): .escalated
        case (.resolve, .open), (.resolve, .assigned), (.resolve, .escalated), (.resolve, .appealed): .resolved
        case (.appeal, .resolved): appealedBefore ? nil : .appealed
        case (.close, .resolved): .closed
        default: nil
        }
    }

    /// Actions offered on a grievance in this status, in the order the page shows them.
    public static func allowed(from status: GrievanceStatus, appealedBefore: Bool) -> [GrievanceAction] {
        GrievanceAction.allCases.filter { next(from: status, $0, appealedBefore: appealedBefore) != nil }
    }
}

public enum SLAState: String, Sendable, CaseIterable, Codable, Hashable {
    case onTrack = "on_track"
    case atRisk = "at_risk"
    case breached
}

/// The response deadline. Dates are calendar dates in Ashgabat; the clock starts on the day a
/// complaint is lodged, and again on the day it is appealed.
public enum GrievanceSLA {
    public static func dueDate(start: CalendarDate, days: Int) -> CalendarDate {
        start.adding(days: max(0, days))
    }

    /// The first day on which at least 75 % of the time between start and due has elapsed.
    /// Stored with the grievance so the desk can filter "at risk" with one date comparison.
    public static func riskDate(start: CalendarDate, due: CalendarDate) -> CalendarDate {
        let total = max(0, due.dayNumber - start.dayNumber)
        return start.adding(days: (3 * total + 3) / 4)
    }

    /// Breached once the due date has passed; at risk from the risk date; else on track.
    /// Only meaningful while the grievance is active (see `GrievanceStatus.isActive`).
    public static func state(start: CalendarDate, due: CalendarDate, today: CalendarDate) -> SLAState {
        if today > due { return .breached }
        return today >= riskDate(start: start, due: due) ? .atRisk : .onTrack
    }

    /// The desk shows a grievance as escalated when staff escalated it or it is past due.
    public static func showsEscalated(status: GrievanceStatus, escalationLevel: Int, state: SLAState?) -> Bool {
        guard status.isActive else { return false }
        return status == .escalated || escalationLevel > 0 || state == .breached
    }
}

/// The code a complainant follows a grievance with. Ten characters from an alphabet without
/// look-alike pairs (of 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B at most one is kept), shown grouped as "ABCD-EFGH-JK" and
/// compared normalised, so "abcd efgh jk" finds the same grievance. 24^10 ≈ 6·10^13 codes make
/// guessing one hopeless.
public enum TrackingCode {
    public static let alphabet: [Character] = Array("ACDEFGHJKMNPQRTUVWXY3479")
    public static let length = 10

    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    public static func generate<R: RandomNumberGenerator>(using generator: inout R) -> String {
        String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// Upper case, without spaces and dashes (of any kind); nil unless it is a well-formed code.
    public static func normalise(_ raw: String) -> String? {
        let separators: Set<Character> = [" ", "-", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2212}", "\t", "\u{00A0}"]
        let text = String(raw.uppercased().filter { !separators.contains($0) })
        guard text.count == length, text.allSatisfy({ alphabet.contains($0) }) else { return nil }
        return text
    }

    /// "ABCDEFGHJK" → "ABCD-EFGH-JK", for reading aloud and writing down.
    public static func display(_ code: String) -> String {
        let chars = Array(code)
        var groups: [String] = []
        var index = 0
        while index < chars.count {
            groups.append(String(chars[index..<min(index + 4, chars.count)]))
            index += 4
        }
        return groups.joined(separator: "-")
    }
}
