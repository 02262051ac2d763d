import Fluent
import Vapor
import GoldawPlatform
import GoldawRegistry
import GoldawBenefits

/// The one place where a grievance appeal reaches into benefits. When a complaint about an
/// application is appealed, the benefits decision is re-opened in the same transaction, through
/// the benefits service: the rejected application goes back before an approver.
package enum GrievanceAppeal {
    package static func reopenDecision(applicationNumber: String, reason: String, grievanceNumber: String,
                               on db: any Database, actor: CurrentUser?, audit: AuditService) async throws {
        _ = try await ApplicationService(db: db, actor: actor, audit: audit)
            .reopenOnAppeal(number: applicationNumber.trimmingCharacters(in: .whitespaces).uppercased(),
                            grievanceNumber: grievanceNumber, reason: reason)
    }
}
