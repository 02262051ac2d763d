/// A referral's life: sent, then accepted, declined or waitlisted, then started, then delivered
/// or ended with an outcome. The table of moves is the whole workflow; anything else is refused.
public enum ReferralStatus: String, Sendable, CaseIterable, Codable {
    case sent, accepted, waitlisted, declined, started, delivered, ended

    public var isOpen: Bool { ![.declined, .delivered, .ended].contains(self) }
    /// Holding a place in the service: counted in its occupancy.
    public var holdsPlace: Bool { self == .accepted || self == .started }
}

public enum ReferralAction: String, Sendable, CaseIterable, Codable {
    case accept, waitlist, decline, start, deliver, end
}

public enum ReferralUrgency: String, Sendable, CaseIterable, Codable {
    case high, medium, low

    /// Lower comes first on the waiting list.
    public var rank: Int {
        switch self {
        case .high: 0
        case .medium: 1
        case .low: 2
        }
    }
}

/// Who gave consent to the referral, and what it covers.
public enum ConsentGiver: String, Sendable, CaseIterable, Codable {
    case person
    case caregiver
}

public enum ReferralConsentScope: String, Sendable, CaseIterable, Codable {
    /// The provider learns the name, the reason and the urgency.
    case referralOnly = "referral_only"
    /// The provider also sees birth date, address, phone and the sender's notes.
    case referralAndInformation = "referral_and_information"
}

public enum ReferralWorkflow {
    public static func next(from status: ReferralStatus, _ action: ReferralAction) -> ReferralStatus? {
        switch (status, action) {
        case (.sent, .accept), (.waitlisted, .accept): .accepted
        case (.sent, .waitlist): .waitlisted
        case (.sent, .decline), (.waitlisted, .decline): .declined
        case (.accepted, .start): .started
        case (.started, .deliver): .delivered
        case (.accepted, .end), (.started, .end): .ended
        default: nil
        }
    }

    public static func allowed(from status: ReferralStatus) -> [ReferralAction] {
        ReferralAction.allCases.filter { next(from: status, $0) != nil }
    }

    /// Moves that need a written reason or outcome.
    public static func needsNote(_ action: ReferralAction) -> Bool {
        [.decline, .deliver, .end].contains(action)
    }
}

/// The step a deadline belongs to: answering a sent referral, starting an accepted one,
/// reporting the outcome of a started one.
public enum ReferralStep: String, Sendable, CaseIterable, Codable {
    case respond, start, outcome

    public static func of(_ status: ReferralStatus) -> ReferralStep? {
        switch status {
        case .sent: .respond
        case .accepted: .start
        case .started: .outcome
        case .waitlisted, .declined, .delivered, .ended: nil
        }
    }

    /// Days allowed per step and urgency until the national procedure fixes them; they are
    /// seeded as dated rows (`referral_deadlines`) and read from there.
    public func defaultDays(_ urgency: ReferralUrgency) -> Int {
        switch (self, urgency) {
        case (.respond, .high): 1
        case (.respond, .medium): 3
        case (.respond, .low): 7
        case (.start, .high): 3
        case (.start, .medium): 7
        case (.start, .low): 14
        case (.outcome, .high): 60
        case (.outcome, .medium): 90
        case (.outcome, .low): 120
        }
    }
}

/// Places and the waiting list. A full service does not take more people; the waiting list
/// is served in order of urgency, then the day the referral was sent, then its number.
public enum WaitingList {
    public struct Entry: Sendable, Hashable {
        public let id: String
        public let urgency: ReferralUrgency
        public let sentOn: String
        public let number: String

        public init(id: String, urgency: ReferralUrgency, sentOn: String, number: String) {
            self.id = id
            self.urgency = urgency
            self.sentOn = sentOn
            self.number = number
        }
    }

    public static func ordered(_ entries: [Entry]) -> [Entry] {
        entries.sorted { ($0.urgency.rank, $0.sentOn, $0.number) < ($1.urgency.rank, $1.sentOn, $1.number) }
    }

    public enum Refusal: String, Sendable, Error {
        /// No free place: the referral must go on the waiting list.
        case full
        /// Someone on the waiting list comes first.
        case notFirst = "not_first"
    }

    /// Whether `candidate` may take a place now. `capacity == nil` means no limit.
    public static func mayAccept(_ candidate: Entry, capacity: Int?, occupancy: Int, waiting: [Entry]) -> Refusal? {
        if let capacity, occupancy >= capacity { return .full }
        let ahead = ordered(waiting.filter { $0.id != candidate.id } + [candidate])
        return ahead.first?.id == candidate.id ? nil : .notFirst
    }
}
