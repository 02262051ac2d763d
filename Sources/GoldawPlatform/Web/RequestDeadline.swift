import NIOConcurrencyHelpers
import Vapor

/// Every request is answered within `seconds`: after that it is answered 503 with Retry-After
/// (a client retries; an API write under an Idempotency-Key never runs twice). PostgreSQL
/// restarted under load can leave a statement sent on a connection that is gone waiting without
/// an error (docs/reliability.md, finding 1); without a deadline its client waited for ever. The
/// work is cancelled and, should it still finish, its answer is dropped; a transaction it held
/// was rolled back by the database.
package struct RequestDeadlineMiddleware: AsyncMiddleware {
    package let seconds: Double

    package init(seconds: Double) { self.seconds = seconds }

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard seconds > 0 else { return try await next.respond(to: request) }
        let once = Once()
        let nanoseconds = UInt64(seconds * 1_000_000_000)
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Response, any Error>) in
            let work = Task {
                do {
                    let response = try await next.respond(to: request)
                    if once.claim() { continuation.resume(returning: response) }
                } catch {
                    if once.claim() { continuation.resume(throwing: error) }
                }
            }
            Task {
                try? await Task.sleep(nanoseconds: nanoseconds)
                guard once.claim() else { return }
                request.logger.warning("no answer after \(Int(seconds)) s: answered 503 (\(request.method) \(request.url.path))")
                work.cancel()
                continuation.resume(throwing: Abort(.serviceUnavailable, headers: ["Retry-After": "2"]))
            }
        }
    }

    /// The first of the two tasks to finish answers; the other's outcome is dropped.
    final class Once: Sendable {
        private let done = NIOLockedValueBox(false)
        func claim() -> Bool { done.withLockedValue { value in defer { value = true }; return !value } }
    }
}
