/// Informed consent and assent (reference/domain.md §5.5) and the maker-checker approvals.

/// Who must agree, by the child's age.
public enum ConsentParty: String, Sendable, CaseIterable, Codable, Hashable {
    /// A parent or legal guardian gives consent.
    case caregiverConsent = "caregiver_consent"
    /// The child expresses willingness (assent), alongside the caregiver's consent.
    case childAssent = "child_assent"
    /// The child consents in their own right.
    case childConsent = "child_consent"
}

/// What the agreement covers; each is recorded separately.
public enum ConsentScope: String, Sendable, CaseIterable, Codable, Hashable {
    case services
    case informationSharing = "information_sharing"
    case referral
}

/// One age band: ages `minAge...maxAge` need `parties`.
public struct ConsentBand: Sendable, Hashable, Codable {
    public let minAge: Int
    public let maxAge: Int
    public let parties: [ConsentParty]

    public init(minAge: Int, maxAge: Int, parties: [ConsentParty]) {
        self.minAge = minAge
        self.maxAge = maxAge
        self.parties = parties
    }
}

public enum ConsentRules {
    /// The reference's bands (IRC/UNICEF "Caring for Child Survivors", 2012; NOT CONFIRMED from
    /// the text): 0–5 caregiver only; 6–11 and 12–14 caregiver and the child's assent; 15–17 the
    /// child's consent. Stored as data (`case_consent_bands`) so the national SOP can change it.
    public static let defaultBands: [ConsentBand] = [
        ConsentBand(minAge: 0, maxAge: 5, parties: [.caregiverConsent]),
        ConsentBand(minAge: 6, maxAge: 11, parties: [.caregiverConsent, .childAssent]),
        ConsentBand(minAge: 12, maxAge: 14, parties: [.caregiverConsent, .childAssent]),
        ConsentBand(minAge: 15, maxAge: 17, parties: [.childConsent]),
    ]

    /// Problems that make a set of bands unusable: gaps, overlaps, empty bands, or not starting
    /// at 0 and ending at 17.
    public static func problems(_ bands: [ConsentBand]) -> [String] {
        let sorted = bands.sorted { $0.minAge < $1.minAge }
        var found: [String] = []
        guard let first = sorted.first, let last = sorted.last else { return ["empty"] }
        if first.minAge != 0 { found.append("start") }
        if last.maxAge != 17 { found.append("end") }
        for band in sorted where band.parties.isEmpty || band.minAge > band.maxAge { found.append("band.\(band.minAge)") }
        for (a, b) in zip(sorted, sorted.dropFirst()) {
            if b.minAge <= a.maxAge { found.append("overlap.\(b.minAge)") }
            if b.minAge > a.maxAge + 1 { found.append("gap.\(a.maxAge + 1)") }
        }
        return found
    }

    /// Who must agree for a child of `age`. Outside every band (an adult, or a gap) the person
    /// consents for themselves.
    public static func required(age: Int, bands: [ConsentBand] = defaultBands) -> [ConsentParty] {
        bands.first { $0.minAge <= age && age <= $0.maxAge }?.parties ?? [.childConsent]
    }
}

/// One recorded agreement (or refusal) by a party, with what it covers.
public struct ConsentRecord: Sendable, Hashable, Codable {
    public let party: ConsentParty
    public let scopes: Set<ConsentScope>
    /// Seconds since 1970: the latest record of a party replaces its earlier ones.
    public let recordedAt: Double

    public init(party: ConsentParty, scopes: Set<ConsentScope>, recordedAt: Double) {
        self.party = party
        self.scopes = scopes
        self.recordedAt = recordedAt
    }
}

/// The answer to "may this case be shared or referred now?".
public enum ConsentDecision: Sendable, Hashable {
    case allowed
    /// No agreement covers it, but a supervisor overrode with a reason (audited).
    case allowedByOverride
    /// Refused; the parties whose agreement is missing.
    case blocked(missing: [ConsentParty])

    public var isAllowed: Bool {
        if case .blocked = self { return false }
        return true
    }
}

public enum ConsentCheck {
    /// The latest record per party.
    public static func latest(_ records: [ConsentRecord]) -> [ConsentParty: ConsentRecord] {
        var result: [ConsentParty: ConsentRecord] = [:]
        for record in records where (result[record.party]?.recordedAt ?? -.infinity) <= record.recordedAt {
            result[record.party] = record
        }
        return result
    }

    /// Every party the age band requires has, in their latest record, agreed to `scope`.
    public static func decide(_ scope: ConsentScope, childAge: Int, records: [ConsentRecord],
                              bands: [ConsentBand] = ConsentRules.defaultBands, overridden: Bool = false) -> ConsentDecision {
        let current = latest(records)
        let missing = ConsentRules.required(age: childAge, bands: bands).filter { current[$0]?.scopes.contains(scope) != true }
        if missing.isEmpty { return .allowed }
        return overridden ? .allowedByOverride : .blocked(missing: missing)
    }
}

/// Maker-checker approvals for the assessment, the case plan and the closure.
public enum ApprovalKind: String, Sendable, CaseIterable, Codable, Hashable {
    case assessment
    case casePlan = "case_plan"
    case closure
}

public enum ApprovalStatus: String, Sendable, CaseIterable, Codable, Hashable {
    case requested, approved, rejected
}

/// A yes or no on something waiting for a decision: a case approval, a benefit application,
/// an inventory answer. The page's buttons, the route or form value and the API's input all
/// spell it through this.
public enum ApprovalDecision: String, Sendable, CaseIterable, Codable, Hashable {
    case approve, reject
}

public enum ApprovalRules {
    public enum Refusal: String, Sendable, Hashable, Error {
        /// Only a request that waits can be decided.
        case notPending = "case.approval.not_pending"
        /// Maker-checker: nobody decides their own request.
        case ownRequest = "case.approval.own_request"
        /// A rejection must say why.
        case commentRequired = "case.approval.comment_required"
        /// One request of a kind waits at a time.
        case alreadyPending = "case.approval.already_pending"
    }

    public static func decide(status: ApprovalStatus, requestedBy: String, decidedBy: String,
                              _ decision: ApprovalDecision, comment: String) -> Result<ApprovalStatus, Refusal> {
        guard status == .requested else { return .failure(.notPending) }
        guard requestedBy != decidedBy else { return .failure(.ownRequest) }
        if decision == .reject && comment.trimmingWhitespace.isEmpty { return .failure(.commentRequired) }
        return .success(decision == .approve ? .approved : .rejected)
    }

    /// A new request of a kind may be made when none of that kind waits.
    public static func mayRequest(_ kind: ApprovalKind, pending: [ApprovalKind]) -> Bool { !pending.contains(kind) }
}

/// Closing a case: a reason and an approved closure request that has not been used yet.
public enum CaseClosure {
    public enum Refusal: String, Sendable, Hashable, Error {
        case reasonRequired = "case.closure.reason_required"
        case notApproved = "case.closure.not_approved"
        case notOpen = "case.closure.not_open"
    }

    public static func check(step: CaseStep, reason: ClosureReason?, hasApprovedRequest: Bool) -> Refusal? {
        guard step.isOpen else { return .notOpen }
        guard reason != nil else { return .reasonRequired }
        guard hasApprovedRequest else { return .notApproved }
        return nil
    }
}
