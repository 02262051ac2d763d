/// Alternative care: the types of formal care, why a child enters and where a child goes on
/// leaving, and the gatekeeping rules the Commissions on Minors' Affairs apply before any
/// placement (UN Guidelines for the Alternative Care of Children, A/RES/64/142, reference §2.1).

/// Type of formal care, by the UNICEF ECA definitions (reference §2.1). Guardianship (under 7)
/// and custody (7–17) are the Law on Guardianship and Custody's family-based forms.
public enum CareType: String, Sendable, CaseIterable, Codable, Hashable {
    /// Within the extended family or with close friends known to the child, ordered by the authority.
    case kinship
    /// Hossarlyk / опека: a guardian appointed for a child under 7.
    case guardianship
    /// Homaýynlyk / попечительство: a custodian appointed for a child of 7–17.
    case custody
    /// A family other than the child's own, selected, approved and supervised.
    case foster
    case otherFamily = "other_family"
    /// Any non-family-based group setting: baby homes, children's homes, boarding schools, shelters.
    case residential

    public var isResidential: Bool { self == .residential }
    public var isFamilyBased: Bool { !isResidential }
    /// Who the child lives with: an approved carer for family-based care, a setting for residential.
    public var needsCarer: Bool { isFamilyBased }
    /// The carer kinds that may take a placement of this type.
    public var carerKinds: [CarerKind] {
        switch self {
        case .kinship: [.kinship]
        case .guardianship, .custody: [.guardian, .kinship]
        case .foster: [.foster]
        case .otherFamily: [.foster, .kinship, .guardian]
        case .residential: []
        }
    }
}

public enum CarerKind: String, Sendable, CaseIterable, Codable, Hashable {
    case foster, kinship, guardian
}

/// A foster carer's way from application to approval; kinship carers and guardians are approved
/// by the decision that appoints them.
public enum CarerStatus: String, Sendable, CaseIterable, Codable, Hashable {
    case applied, assessed, trained, approved, suspended, withdrawn
}

/// Kinds of residential setting in Turkmenistan (reference §7: baby homes exist; children's homes,
/// boarding schools for children with disabilities and shelters).
public enum SettingKind: String, Sendable, CaseIterable, Codable, Hashable {
    case babyHome = "baby_home"
    case childrensHome = "childrens_home"
    case boardingSchool = "boarding_school"
    case disabilityBoardingSchool = "disability_boarding_school"
    case shelter
    case smallGroupHome = "small_group_home"
}

/// Why a child enters care. Poverty is its own reason so that a decision can be refused when it
/// is the only one: poverty alone never justifies removal (Guidelines para 15).
public enum EntryReason: String, Sendable, CaseIterable, Codable, Hashable {
    case abuse, neglect, abandonment
    case parentDied = "parent_died"
    case parentIllness = "parent_illness"
    case parentDetained = "parent_detained"
    case parentalRightsRemoved = "parental_rights_removed"
    case disabilityCare = "disability_care"
    case familyConflict = "family_conflict"
    case poverty
    case other
}

/// Where a child went on leaving a placement (TransMonEE exit destinations, reference §2.3).
public enum ExitDestination: String, Sendable, CaseIterable, Codable, Hashable {
    case returnedToParents = "returned"
    case familyBasedCare = "family_care"
    case adopted
    case independentLiving = "independent"
    case transferred
    case died
    case other

    /// The TransMonEE code of the exit from residential care to this destination.
    public var transMonEECode: String {
        switch self {
        case .returnedToParents: "PT_CHLD_LEFTRESCARE_RETURNED"
        case .familyBasedCare: "PT_CHLD_LEFTRESCARE_INFAMILY"
        case .adopted: "PT_CHLD_LEFTRESCARE_ADOPTED"
        case .independentLiving: "PT_CHLD_LEFTRESCARE_INDEPENDENT"
        case .transferred: "PT_CHLD_LEFTRESCARE_TRANSFERED"
        case .died: "PT_CHLD_LEFTRESCARE_DIED"
        case .other: "PT_CHLD_LEFTRESCARE_OTHER"
        }
    }
}

/// The only grounds on which a child under 3 may be placed in a residential setting (Guidelines
/// para 22; the 2011 call to action: an emergency, or a planned stay of at most six months).
public enum UnderThreeException: String, Sendable, CaseIterable, Codable, Hashable {
    case emergency
    case siblingsTogether = "siblings"
    case plannedShortStay = "planned_stay"
}

/// The options a gatekeeping assessment must weigh before residential care.
public enum CareAlternative: String, Sendable, CaseIterable, Codable, Hashable {
    case familySupport = "family_support"
    case kinship, guardianship, foster
}

/// What a commission decides for one child on its agenda.
public enum CareOutcome: String, Sendable, CaseIterable, Codable, Hashable {
    /// A placement (family-based or residential) starts.
    case placement
    /// The child stays at or returns home with a family support plan.
    case familySupport = "family_support"
    case returnHome = "return_home"
    /// The commission needs more: the child comes back on a later agenda.
    case deferred
    /// The request is refused (for instance poverty was the only reason).
    case refused
}

/// What a review of a placement decides (Guidelines para 67).
public enum ReviewOutcome: String, Sendable, CaseIterable, Codable, Hashable {
    case continuePlacement = "continue"
    case change
    case end
}

public enum ContactKind: String, Sendable, CaseIterable, Codable, Hashable {
    case visit, call
    case homeStay = "home_stay"
    case followUp = "follow_up"
}

public enum SiblingsPlacement: String, Sendable, CaseIterable, Codable, Hashable {
    case none, together, apart
}

/// A placement as the rules see it: dates only.
public struct PlacementSpan: Sendable, Hashable {
    public let start: CalendarDate
    /// Last night in the placement; nil while it lasts.
    public let end: CalendarDate?

    public init(start: CalendarDate, end: CalendarDate?) {
        self.start = start
        self.end = end
    }

    public func overlaps(_ other: PlacementSpan) -> Bool {
        (other.end.map { start <= $0 } ?? true) && (end.map { other.start <= $0 } ?? true)
    }

    public func contains(_ date: CalendarDate) -> Bool { start <= date && (end.map { date <= $0 } ?? true) }
}

/// A proposed placement, as a commission would decide it.
public struct PlacementProposal: Sendable {
    public var type: CareType
    public var start: CalendarDate
    public var end: CalendarDate?
    public var childBirth: CalendarDate
    public var reasons: Set<EntryReason>
    public var gatekept: Bool
    public var exception: UnderThreeException?
    public var exceptionUntil: CalendarDate?
    /// The carer's approval end, capacity and children already placed, for family-based care.
    public var carer: CarerCapacity?
    /// The other placements of the same child.
    public var others: [PlacementSpan]

    public init(type: CareType, start: CalendarDate, end: CalendarDate? = nil, childBirth: CalendarDate, reasons: Set<EntryReason>,
                gatekept: Bool, exception: UnderThreeException? = nil, exceptionUntil: CalendarDate? = nil,
                carer: CarerCapacity? = nil, others: [PlacementSpan] = []) {
        self.type = type
        self.start = start
        self.end = end
        self.childBirth = childBirth
        self.reasons = reasons
        self.gatekept = gatekept
        self.exception = exception
        self.exceptionUntil = exceptionUntil
        self.carer = carer
        self.others = others
    }
}

public struct CarerCapacity: Sendable {
    public var status: CarerStatus
    public var kind: CarerKind
    public var approvedUntil: CalendarDate?
    public var capacity: Int
    public var placed: Int

    public init(status: CarerStatus, kind: CarerKind, approvedUntil: CalendarDate?, capacity: Int, placed: Int) {
        self.status = status
        self.kind = kind
        self.approvedUntil = approvedUntil
        self.capacity = capacity
        self.placed = placed
    }
}

/// Why a placement cannot be made, each with the field it belongs to.
public enum PlacementProblem: String, Sendable, Hashable, CaseIterable {
    case endBeforeStart = "end_before_start"
    case overlaps
    case noReason = "no_reason"
    case povertyOnly = "poverty_only"
    case notGatekept = "not_gatekept"
    case underThreeNeedsException = "under3_exception"
    case exceptionTooLong = "exception_too_long"
    case carerNeeded = "carer_needed"
    case carerWrongKind = "carer_kind"
    case carerNotApproved = "carer_not_approved"
    case carerExpired = "carer_expired"
    case carerFull = "carer_full"
    case notAChild = "not_a_child"

    public var field: String {
        switch self {
        case .endBeforeStart: "end"
        case .overlaps, .notAChild: "start"
        case .noReason, .povertyOnly: "reasons"
        case .notGatekept: "type"
        case .underThreeNeedsException, .exceptionTooLong: "exception"
        case .carerNeeded, .carerWrongKind, .carerNotApproved, .carerExpired, .carerFull: "carer"
        }
    }
}

public enum CareRules {
    /// A planned residential stay of a child under 3 lasts at most six months (the 2011 call to action).
    public static let underThreeMaxDays = 183
    /// A placement is reviewed at least every three months (Guidelines para 67).
    public static let reviewMonths = 3
    /// A reintegrated child is followed up for six months after the return.
    public static let followUpDays = 183

    /// Whether a child of this birth date is under 3 on `date`.
    public static func isUnderThree(born: CalendarDate, on date: CalendarDate) -> Bool {
        Age.years(born: born, on: date) < 3
    }

    /// Everything that refuses the proposal, in a stable order; empty when it may be decided.
    public static func problems(_ p: PlacementProposal) -> [PlacementProblem] {
        var found: [PlacementProblem] = []
        let age = Age.years(born: p.childBirth, on: p.start)
        if age < 0 || age >= 18 { found.append(.notAChild) }
        if let end = p.end, end < p.start { found.append(.endBeforeStart) }
        let span = PlacementSpan(start: p.start, end: p.end)
        if p.others.contains(where: { $0.overlaps(span) }) { found.append(.overlaps) }
        if p.reasons.isEmpty { found.append(.noReason) }
        else if p.reasons == [.poverty] { found.append(.povertyOnly) }
        if p.type.isResidential {
            if !p.gatekept { found.append(.notGatekept) }
            if isUnderThree(born: p.childBirth, on: p.start) {
                switch p.exception {
                case nil: found.append(.underThreeNeedsException)
                case .plannedShortStay?:
                    // A planned stay names its reintegration date, at most six months ahead.
                    guard let until = p.exceptionUntil else { found.append(.underThreeNeedsException); break }
                    if until.dayNumber - p.start.dayNumber > underThreeMaxDays || until < p.start { found.append(.exceptionTooLong) }
                case .emergency?, .siblingsTogether?:
                    if let until = p.exceptionUntil, until.dayNumber - p.start.dayNumber > underThreeMaxDays || until < p.start {
                        found.append(.exceptionTooLong)
                    }
                }
            }
        } else {
            if let carer = p.carer {
                if !p.type.carerKinds.contains(carer.kind) { found.append(.carerWrongKind) }
                else if carer.status != .approved { found.append(.carerNotApproved) }
                else if let until = carer.approvedUntil, until < p.start { found.append(.carerExpired) }
                else if carer.placed >= carer.capacity { found.append(.carerFull) }
            } else {
                found.append(.carerNeeded)
            }
        }
        return found
    }

    /// The day an exception for a child under 3 runs out: the date given, or six months after the start.
    public static func exceptionEnd(start: CalendarDate, until: CalendarDate?) -> CalendarDate {
        until ?? start.adding(days: underThreeMaxDays)
    }

    /// The next review: three months after the last review, or after the start when none was held.
    public static func reviewDue(start: CalendarDate, lastReview: CalendarDate?) -> CalendarDate {
        addingMonths(reviewMonths, to: lastReview ?? start)
    }

    /// `months` calendar months later; a day past the month's end falls on its last day (31 May + 3 = 31 August,
    /// 30 November + 3 = 28 February).
    public static func addingMonths(_ months: Int, to date: CalendarDate) -> CalendarDate {
        let index = date.year * 12 + (date.month - 1) + months
        let year = index / 12, month = index % 12 + 1
        return CalendarDate(year: year, month: month, day: min(date.day, CalendarDate.daysIn(month: month, year: year)))!
    }

    /// A sitting decides only with its quorum present: more than half of its members.
    public static func quorum(members: Int) -> Int { members / 2 + 1 }

    public static func hasQuorum(present: Int, members: Int) -> Bool { present >= quorum(members: members) }

    /// A decision carries when more members vote for it than against it.
    public static func carries(for yes: Int, against no: Int, abstaining: Int, present: Int) -> Bool {
        yes + no + abstaining <= present && yes > no
    }
}

/// The TransMonEE age bands of children in care (reference §2.3).
public enum CareAgeBand: String, Sendable, CaseIterable, Codable, Hashable {
    case y0t2 = "Y0T2", y3t6 = "Y3T6", y7t17 = "Y7T17", y18plus = "Y_GE18"

    public static func of(age: Int) -> CareAgeBand {
        switch age {
        case ..<3: .y0t2
        case 3...6: .y3t6
        case 7...17: .y7t17
        default: .y18plus
        }
    }
}
