/// Child protection case management: the steps of the Inter-Agency Guidelines for Case
/// Management and Child Protection (CPWG 2014, reference/domain.md §5.1) as a workflow, and
/// the events that move a case between them.

/// Where a case stands. The six steps of the guidelines, with "closed" as the end state.
public enum CaseStep: String, Sendable, CaseIterable, Codable, Hashable {
    case identification
    case assessment
    case casePlan = "case_plan"
    case implementation
    case followUp = "follow_up"
    case closed

    public var isOpen: Bool { self != .closed }
    public static var open: [CaseStep] { allCases.filter(\.isOpen) }
}

/// What happens to a case. Each event is allowed only in some steps; `CaseWorkflow.next`
/// says where it leads, or nil when it is refused.
public enum CaseEvent: String, Sendable, CaseIterable, Codable, Hashable {
    /// The initial assessment sets the risk level; urgent help never waits for it.
    case initialAssessment = "initial_assessment"
    /// The full needs assessment is recorded (and sent for approval).
    case needsAssessment = "needs_assessment"
    case assessmentApproved = "assessment_approved"
    /// A case plan (or a revision of it) is recorded and sent for approval.
    case planSubmitted = "plan_submitted"
    case planApproved = "plan_approved"
    /// A follow-up visit or contact is recorded.
    case followUpVisit = "follow_up_visit"
    case closureRequested = "closure_requested"
    /// Closing needs an approved closure request (checked by `CaseClosure`).
    case close
    case reopen
}

public enum CaseWorkflow {
    /// The step after `event` in `step`, or nil when the event is not possible there.
    public static func next(from step: CaseStep, _ event: CaseEvent) -> CaseStep? {
        switch (step, event) {
        case (.identification, .initialAssessment): .assessment
        // A reassessment after a rejection or on review keeps the case where it is.
        case (.assessment, .initialAssessment): .assessment
        case (.assessment, .needsAssessment): .assessment
        case (.followUp, .needsAssessment): .followUp
        case (.assessment, .assessmentApproved): .casePlan
        case (.followUp, .assessmentApproved): .followUp
        case (.casePlan, .planSubmitted), (.implementation, .planSubmitted), (.followUp, .planSubmitted): step
        case (.casePlan, .planApproved): .implementation
        case (.implementation, .planApproved), (.followUp, .planApproved): step
        // Visits before the plan (first contact) keep the step; after it they are follow-up.
        case (.identification, .followUpVisit), (.assessment, .followUpVisit), (.casePlan, .followUpVisit): step
        case (.implementation, .followUpVisit), (.followUp, .followUpVisit): .followUp
        case (.closed, .closureRequested), (.closed, .close): nil
        case (_, .closureRequested): step
        case (_, .close): .closed
        case (.closed, .reopen): .assessment
        default: nil
        }
    }

    public static func allowed(from step: CaseStep) -> [CaseEvent] {
        CaseEvent.allCases.filter { next(from: step, $0) != nil }
    }
}

/// Why a case was closed. Closing always needs one (and an approved closure request).
public enum ClosureReason: String, Sendable, CaseIterable, Codable, Hashable {
    case planCompleted = "plan_completed"
    case childSafe = "child_safe"
    case reachedAdulthood = "reached_adulthood"
    case movedAway = "moved_away"
    case transferredOut = "transferred_out"
    case childDied = "child_died"
    case duplicate
    case other
}

/// How the child came to the service's attention (the list).
public enum IdentificationSource: String, Sendable, CaseIterable, Codable, Hashable {
    case school
    case healthVisitor = "health_visitor"
    case police
    case familyOrSelf = "family_or_self"
    case community
    case hotline
    case otherService = "other_service"
}

/// The protection concerns seeded into the configurable list (`case_concerns`); more can be
/// added as data without a release.
public enum ProtectionConcern: String, Sendable, CaseIterable, Codable, Hashable {
    case violence
    case neglect
    case childLabour = "child_labour"
    case withoutParentalCare = "without_parental_care"
    case disabilityInstitutionRisk = "disability_institution_risk"
    case inContactWithLaw = "in_contact_with_law"
    case other
}

/// Readable case numbers per welaýat: `MR-2026-000123`. The letters come from the welaýat of
/// the case's etrap; each welaýat and year has its own running number.
public enum CaseNumber {
    /// Two letters per first-level unit, by its territory code (TerritoryCatalog). Our own
    /// choice: the ISO codes have one letter (TM-M), which reads poorly on a letter.
    public static let prefixes: [String: String] = [
        "TM-A": "AH", "TM-B": "BN", "TM-D": "DZ", "TM-L": "LB", "TM-M": "MR", "TM-S": "AS", "TM-AR": "AR",
    ]

    /// The welaýat code of a territory path ("/TM-M/M-MRY/" → "TM-M").
    public static func regionCode(ofPath path: String) -> String? {
        path.split(separator: "/").first.map(String.init)
    }

    /// Letters for a welaýat code; an unknown code falls back to its letters after "TM-".
    public static func prefix(regionCode: String) -> String {
        if let known = prefixes[regionCode] { return known }
        let rest = regionCode.hasPrefix("TM-") ? String(regionCode.dropFirst(3)) : regionCode
        let letters = rest.filter(\.isLetter).uppercased()
        return letters.isEmpty ? "TM" : String(letters.prefix(3))
    }

    /// The counter series a number is drawn from: one per welaýat and year.
    public static func series(prefix: String, year: Int) -> String { "case-\(prefix)-\(year)" }

    public static func format(prefix: String, year: Int, sequence: Int64) -> String {
        let digits = String(sequence)
        return "\(prefix)-\(year)-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// Whether a text is a case number (for the search box).
    public static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return false }
        return (2...3).contains(parts[0].count) && parts[0].allSatisfy { $0.isUppercase && $0.isLetter }
            && parts[1].count == 4 && parts[1].allSatisfy(\.isNumber)
            && parts[2].count >= 6 && parts[2].allSatisfy(\.isNumber)
    }
}
