/// Justice for children: the path of a child in conflict with the law from apprehension to
/// aftercare, its safeguards and time limits (Beijing Rules r. 10, 11, 13, 21; CRC General Comment
/// No. 24), child victims and witnesses and the one-interview rule (ECOSOC 2005/20; Lanzarote
/// Art. 35), and the age groups of the UNODC/UNICEF juvenile justice indicators (reference §3).

/// The alleged offence, from a short classification list. `grave` offences are those for which the
/// lower age of criminal responsibility applies; TransMonEE reports convictions as violent,
/// property or other (`JJ_CHLD_CONVICTED_VIOLENT/_PROPERTY/_OTHER`).
public enum OffenceClass: String, Sendable, CaseIterable, Codable, Hashable {
    /// Murder, intentional grave bodily harm, rape, kidnapping.
    case violentGrave = "violent_grave"
    /// Assault, threats, other bodily harm.
    case violentOther = "violent_other"
    /// Robbery, aggravated theft.
    case propertyGrave = "property_grave"
    /// Theft, fraud, damage to property.
    case propertyOther = "property_other"
    case drugs
    /// Hooliganism with aggravating circumstances is grave; simple hooliganism is not.
    case hooliganismGrave = "hooliganism_grave"
    case hooliganism
    case traffic
    case other

    public var grave: Bool { [.violentGrave, .propertyGrave, .hooliganismGrave].contains(self) }

    /// TransMonEE's split of convictions.
    public var group: OffenceGroup {
        switch self {
        case .violentGrave, .violentOther: .violent
        case .propertyGrave, .propertyOther: .property
        case .drugs, .hooliganismGrave, .hooliganism, .traffic, .other: .other
        }
    }
}

public enum OffenceGroup: String, Sendable, CaseIterable, Codable, Hashable {
    case violent, property, other
}

/// Limits that law can change, valid from a date (stored as a dated table; these are the values
/// the first row carries). The general age of criminal responsibility (16, with 14 for listed grave
/// offences) follows the Criminal Code's chapter on minors as the reference reads it (domain.md §3.1,
/// marked "to verify"); 24 hours before a child is brought before a competent authority and a
/// review of pre-trial detention every 14 days follow General Comment No. 24.
public struct JusticeLimits: Sendable, Hashable, Codable {
    public var generalAge: Int
    public var graveOffenceAge: Int
    public var custodyHours: Int
    public var pretrialReviewDays: Int
    /// Days of follow-up after a release or a completed diversion.
    public var aftercareDays: Int

    public init(generalAge: Int, graveOffenceAge: Int, custodyHours: Int, pretrialReviewDays: Int, aftercareDays: Int) {
        self.generalAge = generalAge
        self.graveOffenceAge = graveOffenceAge
        self.custodyHours = custodyHours
        self.pretrialReviewDays = pretrialReviewDays
        self.aftercareDays = aftercareDays
    }

    public static let initial = JusticeLimits(generalAge: 16, graveOffenceAge: 14, custodyHours: 24, pretrialReviewDays: 14, aftercareDays: 180)

    /// The age from which a child may be charged with this offence.
    public func ageOfResponsibility(for offence: OffenceClass) -> Int {
        offence.grave ? graveOffenceAge : generalAge
    }

    /// Below the age of criminal responsibility the record becomes a referral to child protection.
    public func isBelowAge(_ age: Int, offence: OffenceClass) -> Bool {
        age < ageOfResponsibility(for: offence)
    }
}

/// The indicators' age groups (UNODC/UNICEF manual: under 14, 14–15, 16–17).
public enum JusticeAgeGroup: String, Sendable, CaseIterable, Codable, Hashable {
    case under14 = "under_14"
    case from14to15 = "14_15"
    case from16to17 = "16_17"

    public init(age: Int) {
        self = age < 14 ? .under14 : (age < 16 ? .from14to15 : .from16to17)
    }
}

/// Where a record stands. Each step is dated; the status follows the last decisive one.
public enum JusticeStatus: String, Sendable, CaseIterable, Codable, Hashable {
    /// Apprehended; the decision on the case is not taken yet.
    case apprehended
    /// Below the age of criminal responsibility: referred to child protection, never charged.
    case referred
    case diverted
    case charged
    case sentenced
    /// Acquitted, diversion completed, or aftercare ended.
    case closed

    public var isOpen: Bool { self != .closed && self != .referred }
}

/// The decision on the case after apprehension.
public enum CaseDecision: String, Sendable, CaseIterable, Codable, Hashable {
    case diversion
    case charge
    /// No further action (no offence, insufficient evidence).
    case noAction = "no_action"
}

/// Diversion away from formal proceedings (reference §6.2).
public enum DiversionKind: String, Sendable, CaseIterable, Codable, Hashable {
    case warning
    case mediation
    case restorativeMeeting = "restorative_meeting"
    /// A community programme from the services directory.
    case communityProgramme = "community_programme"
    /// A compulsory educational measure decided by the Commission on Minors' Affairs.
    case educationalMeasure = "educational_measure"

    /// Only the Commission decides an educational measure.
    public var needsCommission: Bool { self == .educationalMeasure }
}

public enum DiversionOutcome: String, Sendable, CaseIterable, Codable, Hashable {
    case completed, failed
}

/// Measures before trial; detention only as a last resort, with an order and reviews.
public enum PretrialMeasure: String, Sendable, CaseIterable, Codable, Hashable {
    case releaseUnderSupervision = "release_under_supervision"
    case otherNonCustodial = "other_non_custodial"
    case detention

    public var isCustodial: Bool { self == .detention }
}

public enum CourtOutcome: String, Sendable, CaseIterable, Codable, Hashable {
    case acquittal
    case nonCustodial = "non_custodial"
    case custodial
}

/// Non-custodial sentences (TransMonEE `JJ_CHLD_SENTENCE_*`).
public enum NonCustodialSentence: String, Sendable, CaseIterable, Codable, Hashable {
    case probation
    case communityService = "community_service"
    case fine
    case educationalMeasures = "educational_measures"
    case other
}

public enum DetentionKind: String, Sendable, CaseIterable, Codable, Hashable {
    case pretrial, sentenced
}

public enum ReleaseKind: String, Sendable, CaseIterable, Codable, Hashable {
    case atTerm = "at_term"
    case early
    /// Pre-trial detention ended (released pending trial, or moved to a sentence).
    case pretrialEnded = "pretrial_ended"
    case transferred
    case died
}

/// What a place of detention's staff log about a child held there.
public enum DetentionEntryKind: String, Sendable, CaseIterable, Codable, Hashable {
    case visit, call, education, health, complaint, incident

    /// Contact with parents and family for indicator 8.
    public var isFamilyContact: Bool { self == .visit || self == .call }
}

/// The register of places: where children are held and where they are interviewed.
public enum JusticePlaceKind: String, Sendable, CaseIterable, Codable, Hashable {
    case juvenileColony = "juvenile_colony"
    case pretrialFacility = "pretrial_facility"
    case policeCustody = "police_custody"
    /// A child-friendly interview room (the first opened in 2023 in Aşgabat and Türkmenabat).
    case interviewRoom = "interview_room"

    public var holdsChildren: Bool { self != .interviewRoom }
}

/// A child's part in proceedings as a victim or witness.
public enum WitnessRole: String, Sendable, CaseIterable, Codable, Hashable {
    case victim, witness
}

public enum InterviewStatus: String, Sendable, CaseIterable, Codable, Hashable {
    /// Held and recorded.
    case held
    /// A further interview asked for, with its reason, waiting for the supervisor.
    case requested
    /// Approved, not yet held.
    case approved
    case refused
}

/// The one-interview rule: a child victim or witness is interviewed once, recorded, so that the
/// recording serves the whole proceedings. Another interview needs a recorded reason and a
/// supervisor's approval.
public enum InterviewRule {
    public enum Need: Equatable, Sendable {
        /// The first interview: it may be held.
        case none
        /// A further interview: a reason and a supervisor's approval first.
        case reasonAndApproval
    }

    /// What the next interview needs, given how many were held or approved already.
    public static func next(held: Int) -> Need { held == 0 ? .none : .reasonAndApproval }
}

/// A moment entered as a local date and hour in Asia/Ashgabat (UTC+5, no daylight saving).
public struct LocalMoment: Sendable, Hashable, Comparable {
    public let date: CalendarDate
    public let hour: Int
    public let minute: Int

    public init?(date: CalendarDate, hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.date = date
        self.hour = hour
        self.minute = minute
    }

    /// "2026-12-08T14:30" (a datetime-local field), "2026-12-08 14:30" or "08.12.2026 14:30".
    public init?(userInput raw: String) {
        let text = raw.trimmingWhitespace
        let parts = text.split(whereSeparator: { $0 == "T" || $0 == " " }).map(String.init)
        guard parts.count == 2, let date = CalendarDate(userInput: parts[0]) else { return nil }
        let time = parts[1].split(separator: ":").map(String.init)
        guard time.count == 2 || time.count == 3, time[0].count <= 2, time[1].count == 2,
              let hour = Int(time[0]), let minute = Int(time[1]) else { return nil }
        self.init(date: date, hour: hour, minute: minute)
    }

    public init(secondsSince1970 seconds: Double) {
        let shifted = Int((seconds + 5 * 3600).rounded(.down))
        let days = shifted >= 0 ? shifted / 86400 : (shifted - 86399) / 86400
        let rest = shifted - days * 86400
        self.date = CalendarDate(dayNumber: days)
        self.hour = rest / 3600
        self.minute = (rest % 3600) / 60
    }

    public var secondsSince1970: Double {
        Double(date.dayNumber * 86400 + hour * 3600 + minute * 60 - 5 * 3600)
    }

    /// "08.12.2026 14:30"
    public var display: String { date.display + " " + Self.pad(hour) + ":" + Self.pad(minute) }
    /// "2026-12-08T14:30", what a datetime-local field takes back.
    public var input: String { date.iso + "T" + Self.pad(hour) + ":" + Self.pad(minute) }

    public static func < (lhs: LocalMoment, rhs: LocalMoment) -> Bool { lhs.secondsSince1970 < rhs.secondsSince1970 }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

/// The order of the procedure and its time limits, as one function per question so that a table
/// of cases tests each.
public enum JusticeProcedure {
    /// Why a step's moment is refused: before the apprehension, or in the future.
    public enum TimeProblem: String, Sendable, Equatable {
        case beforeApprehension = "justice.validation.before_apprehension"
        case inFuture = "justice.validation.future"
    }

    public static func check(step: Double, apprehendedAt: Double, now: Double) -> TimeProblem? {
        if step > now + 60 { return .inFuture }
        if step < apprehendedAt { return .beforeApprehension }
        return nil
    }

    /// A calendar-day step (an order, a review, a decision) against the day of apprehension.
    public static func check(day: CalendarDate, apprehendedOn: CalendarDate, today: CalendarDate) -> TimeProblem? {
        if day > today { return .inFuture }
        if day < apprehendedOn { return .beforeApprehension }
        return nil
    }

    /// Whole hours in police custody, until its end or now.
    public static func custodyHours(from start: Double, to end: Double) -> Int {
        max(0, Int(((end - start) / 3600).rounded(.down)))
    }

    public static func custodyOverLimit(from start: Double, to end: Double, limits: JusticeLimits) -> Bool {
        end - start > Double(limits.custodyHours) * 3600
    }

    /// Days in detention, counting the day of admission and, when still held, today.
    public static func days(from start: CalendarDate, to end: CalendarDate) -> Int {
        max(0, end.dayNumber - start.dayNumber)
    }

    /// The next review of a pre-trial detention, from its order or its last review.
    public static func nextReview(after last: CalendarDate, limits: JusticeLimits) -> CalendarDate {
        last.adding(days: limits.pretrialReviewDays)
    }

    public static func reviewOverdue(next: CalendarDate, today: CalendarDate) -> Bool { next < today }

    /// A decision's problems, as locale keys by field: a charge below the age of criminal
    /// responsibility, and a diversion measure that only the Commission may decide.
    public static func decisionProblems(_ decision: CaseDecision, age: Int, offence: OffenceClass, limits: JusticeLimits) -> [String: String] {
        var problems: [String: String] = [:]
        if decision == .charge && limits.isBelowAge(age, offence: offence) {
            problems["decision"] = "justice.validation.below_age"
        }
        return problems
    }

    /// A sentence's problems: a custodial sentence needs its length (1 month to 10 years) and a place.
    public static func sentenceProblems(outcome: CourtOutcome, months: Int?, hasPlace: Bool, nonCustodial: NonCustodialSentence?) -> [String: String] {
        var problems: [String: String] = [:]
        switch outcome {
        case .custodial:
            if let months, (1...120).contains(months) {} else { problems["months"] = "justice.validation.sentence_length" }
            if !hasPlace { problems["place"] = "validation.choose" }
        case .nonCustodial:
            if nonCustodial == nil { problems["sentence"] = "validation.choose" }
        case .acquittal:
            break
        }
        return problems
    }

    /// A pre-trial detention needs a court order (its reference and date).
    public static func pretrialProblems(measure: PretrialMeasure, orderReference: String, orderDate: CalendarDate?) -> [String: String] {
        guard measure.isCustodial else { return [:] }
        var problems: [String: String] = [:]
        if orderReference.trimmingWhitespace.isEmpty { problems["orderReference"] = "justice.validation.order_needed" }
        if orderDate == nil { problems["orderDate"] = "justice.validation.order_needed" }
        return problems
    }

    /// A release must come after the admission.
    public static func releaseProblem(admitted: Double, released: Double) -> String? {
        released < admitted ? "justice.validation.release_before_admission" : nil
    }
}

/// Figures for the duration indicators (4 and 5): the median and how many fall in each band.
public enum DurationFigures {
    /// Bands in days: up to a week, a month, three months, six months, a year, more.
    public static let bands: [(label: String, upTo: Int?)] = [
        ("0_7", 7), ("8_30", 30), ("31_90", 90), ("91_180", 180), ("181_365", 365), ("366_plus", nil),
    ]

    /// The median of a list of whole days; with an even count, the mean of the two middle values
    /// rounded down. Nil for an empty list.
    public static func median(_ days: [Int]) -> Int? {
        guard !days.isEmpty else { return nil }
        let sorted = days.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    public static func band(_ days: Int) -> String {
        for band in bands { if let upTo = band.upTo, days <= upTo { return band.label } }
        return bands.last!.label
    }
}
