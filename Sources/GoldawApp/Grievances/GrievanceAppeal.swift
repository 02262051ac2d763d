import Fluent
import Vapor

/// The one place where a grievance appeal reaches into benefits. When a complaint about an
/// application is appealed, the benefits decision must be re-opened in the same transaction.
enum GrievanceAppeal {
    /// Re-opens the decision on application `applicationNumber` ("BA-00000012") because of an
    /// appeal. The benefits service provides the re-opening; that module is built on another
    /// branch, so until the merge wires it in here, an appeal about an application is refused
    /// with a clear message and the surrounding transaction rolls back (nothing half-saved).
    /// Called only for grievances whose subject is an application.
    static func reopenDecision(applicationNumber: String, reason: String, grievanceNumber: String,
                               on db: any Database, actor: CurrentUser?, audit: AuditService) async throws {
        throw AppError.badRequest("grievance.appeal.decision_unavailable")
    }
}
