/// Risk levels and the response deadlines they set. The deadlines are a dated setting stored
/// as data (`case_settings`); `DeadlineTable.defaults` only seeds it. Sources in docs/modules/cases.md.

public enum RiskLevel: String, Sendable, CaseIterable, Codable, Hashable, Comparable {
    case high, medium, low

    /// High first, for lists and the home page.
    public var rank: Int {
        switch self {
        case .high: 0
        case .medium: 1
        case .low: 2
        }
    }

    public static func < (lhs: RiskLevel, rhs: RiskLevel) -> Bool { lhs.rank < rhs.rank }
}

/// The deadlines a risk level sets, each a task on the case.
public enum DeadlineKind: String, Sendable, CaseIterable, Codable, Hashable {
    case firstContact = "first_contact"
    case fullAssessment = "full_assessment"
    case casePlan = "case_plan"
    case followUp = "follow_up"
}

/// Hours allowed per risk level and deadline kind, valid from a date.
public struct DeadlineTable: Sendable, Hashable, Codable {
    public let validFrom: CalendarDate
    public let hours: [RiskLevel: [DeadlineKind: Int]]

    public init(validFrom: CalendarDate, hours: [RiskLevel: [DeadlineKind: Int]]) {
        self.validFrom = validFrom
        self.hours = hours
    }

    /// Hours for one deadline; a missing entry is a configuration error the caller reports.
    public func hours(_ risk: RiskLevel, _ kind: DeadlineKind) -> Int? { hours[risk]?[kind] }

    /// Problems that make a table unusable: a missing or non-positive entry, or deadlines that
    /// do not follow the order of the steps (contact ≤ assessment ≤ plan).
    public var problems: [String] {
        var found: [String] = []
        for risk in RiskLevel.allCases {
            for kind in DeadlineKind.allCases {
                guard let value = hours(risk, kind) else { found.append("\(risk.rawValue).\(kind.rawValue).missing"); continue }
                if value <= 0 { found.append("\(risk.rawValue).\(kind.rawValue).not_positive") }
            }
            if let contact = hours(risk, .firstContact), let assessment = hours(risk, .fullAssessment), let plan = hours(risk, .casePlan),
               !(contact <= assessment && assessment <= plan) {
                found.append("\(risk.rawValue).order")
            }
        }
        return found
    }

    /// The seeded defaults, in hours. First contact High 24 h / Medium 72 h / Low 168 h is the
    /// mapping the reference calls "widely used but NOT CONFIRMED" (domain.md §5.2); the
    /// assessment, plan and follow-up times are our proposal for the national SOP to fix.
    public static let defaults = DeadlineTable(validFrom: CalendarDate(year: 2020, month: 1, day: 1)!, hours: [
        .high: [.firstContact: 24, .fullAssessment: 72, .casePlan: 168, .followUp: 168],
        .medium: [.firstContact: 72, .fullAssessment: 168, .casePlan: 336, .followUp: 336],
        .low: [.firstContact: 168, .fullAssessment: 336, .casePlan: 720, .followUp: 720],
    ])

    /// The table in force on `date`: the latest one valid from that date or before.
    public static func inForce(_ tables: [DeadlineTable], on date: CalendarDate) -> DeadlineTable? {
        tables.filter { $0.validFrom <= date }.max { $0.validFrom < $1.validFrom }
    }
}

/// Deadline arithmetic on moments (seconds since 1970), so "24 hours" means 24 hours.
public enum CaseDeadlines {
    /// When each deadline falls for a case whose clock starts at `start` (the moment the case
    /// was registered). The app creates the follow-up deadline only once a plan is approved, with
    /// `nextFollowUp` counted from the approval and then from each visit.
    public static func due(risk: RiskLevel, start: Double, table: DeadlineTable) -> [DeadlineKind: Double] {
        var result: [DeadlineKind: Double] = [:]
        for kind in DeadlineKind.allCases {
            if let hours = table.hours(risk, kind) { result[kind] = start + Double(hours) * 3600 }
        }
        return result
    }

    /// The next follow-up after a visit at `visit`.
    public static func nextFollowUp(risk: RiskLevel, after visit: Double, table: DeadlineTable) -> Double? {
        table.hours(risk, .followUp).map { visit + Double($0) * 3600 }
    }

    public enum State: String, Sendable, CaseIterable, Codable, Hashable {
        case done
        case overdue
        /// Due within the next `soonHours` (default two days).
        case dueSoon = "due_soon"
        case onTrack = "on_track"
    }

    public static func state(due: Double, done: Double?, now: Double, soonHours: Int = 48) -> State {
        if done != nil { return .done }
        if now > due { return .overdue }
        if due - now <= Double(soonHours) * 3600 { return .dueSoon }
        return .onTrack
    }

    /// Whether a task was completed late (for supervision figures).
    public static func wasLate(due: Double, done: Double) -> Bool { done > due }
}
