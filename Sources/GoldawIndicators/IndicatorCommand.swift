import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// `goldaw indicators refresh [--as-of YYYY-MM-DD]`: a new snapshot, for cron to run nightly.
package struct IndicatorCommand: AsyncCommand {
    package struct Signature: CommandSignature {
        package init() {}
        @Argument(name: "action", help: "refresh")
        package var action: String
        @Option(name: "as-of", help: "the date to count people on, YYYY-MM-DD (default today in Ashgabat)")
        package var asOf: String?
    }

    package var help: String { "Recount the national indicators from the registry into a new snapshot." }

    package func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "refresh" else {
            context.console.error("Unknown action '\(signature.action)': use refresh")
            throw ExitCode(1)
        }
        let asOf: CalendarDate? = if let raw = signature.asOf { CalendarDate(iso: raw) } else { CalendarDate.today }
        guard let asOf else {
            context.console.error("--as-of must be a date, YYYY-MM-DD")
            throw ExitCode(1)
        }
        let app = context.application
        let audit = AuditService(db: app.db, actor: nil, clientIP: nil, requestID: "command")
        let snapshot = try await IndicatorService.refresh(on: app.db, asOf: asOf, by: nil, audit: audit)
        context.console.info(String(format: "Indicators as of %@: %d people counted in %.2f s", asOf.iso, snapshot.people, snapshot.seconds))
    }

    package init() {}
}
