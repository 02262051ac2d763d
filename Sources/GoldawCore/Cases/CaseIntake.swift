/// A report that a child may be at risk, waiting in child protection before there is a case:
/// a case needs a registry child, a report from the public names none. The etrap's supervisor
/// (or a social worker) reads it, then opens a case for the child it is about, or closes it as
/// not a concern with a reason.
public enum CaseIntakeStatus: String, Sendable, CaseIterable, Codable, Hashable {
    case new
    /// A case was opened for the child; the intake names it.
    case opened
    case notAConcern = "not_a_concern"

    public var isWaiting: Bool { self == .new }
}

/// Where an intake came from.
public enum CaseIntakeSource: String, Sendable, CaseIterable, Codable, Hashable {
    /// The public children's complaints channel ("a child is in danger").
    case childComplaint = "child_complaint"
}

public enum CaseIntakeRules {
    /// Whether a waiting intake may be decided this way. A decided intake is never decided
    /// again (two supervisors at once: the second is told).
    public static func canDecide(from status: CaseIntakeStatus, to next: CaseIntakeStatus) -> Bool {
        status == .new && next != .new
    }
}
