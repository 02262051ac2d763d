import SQLKit
import Vapor

/// `/healthz` for load balancers and `/metrics` for Prometheus.
package enum OperationsController {
    package static func register(on app: Application) {
        app.get("healthz", use: health)
        app.get("metrics", use: metrics)
    }

    @Sendable package static func health(req: Request) async throws -> Response {
        let healthy: Bool
        do {
            _ = try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    try await (req.db as! any SQLDatabase).raw("SELECT 1").run()
                    return true
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(3))
                    throw Abort(.serviceUnavailable)
                }
                defer { group.cancelAll() }
                return try await group.next()!
            }
            healthy = true
        } catch {
            req.logger.warning("health check: database does not answer: \(String(describing: error))")
            healthy = false
        }
        let response = Response(status: healthy ? .ok : .serviceUnavailable,
                                body: .init(string: healthy ? #"{"status":"ok"}"# : #"{"status":"unavailable"}"#))
        response.headers.contentType = .json
        return response
    }

    /// Request counts by route tell an observer what staff do and when: only the scraper reads
    /// them, by its token, or from the same host when no token is set. Anyone else finds nothing.
    @Sendable package static func metrics(req: Request) async throws -> Response {
        if let token = req.application.settings.metricsToken {
            guard let sent = req.headers.bearerAuthorization?.token,
                  sent.utf8.count == token.utf8.count,
                  zip(sent.utf8, token.utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else { throw AppError.notFound }
        } else {
            guard let peer = req.remoteAddress?.ipAddress, ["127.0.0.1", "::1"].contains(peer) else { throw AppError.notFound }
        }
        let response = Response(status: .ok, body: .init(string: req.application.requestMetrics.exposition()))
        response.headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        return response
    }
}
