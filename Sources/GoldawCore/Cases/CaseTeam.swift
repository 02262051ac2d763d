/// Who reads a case. A case holds notes, violence details and medical follow-up: only its team
/// reads them. The team is the worker the case is assigned to, the colleagues a supervisor adds,
/// and the supervisors whose scope holds the case. Every other social worker in scope sees only
/// that the case exists (its number, step and worker), so that nobody opens a second case for a
/// child who already has one.
public enum CaseTeam {
    public enum Access: String, Sendable, Equatable {
        /// The whole record, and the forms the role allows.
        case team
        /// Number, step, worker and how to join the team; nothing else.
        case existence
    }

    public static func access(supervises: Bool, isAssignedWorker: Bool, isMember: Bool) -> Access {
        supervises || isAssignedWorker || isMember ? .team : .existence
    }
}
