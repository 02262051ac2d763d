import Foundation
import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// How often one client may try something that a guesser or a flood would repeat: signing in,
/// lodging a complaint without an account, looking a tracking code up.
///
/// A token bucket per client and purpose, held in this process. A refused attempt is answered
/// with 429 and the form as it was typed, so nothing is lost; an attempt let through is handled
/// as always, so a complaint the limiter accepted is always saved. Behind several instances
/// each counts for itself, which multiplies the limits by the number of instances; the account
/// lockout, kept in the database, does not depend on this.
package final class RateLimiter: Sendable {
    package struct Rule: Sendable, Equatable {
        package let name: String
        /// Attempts a client may make at once.
        package let burst: Double
        /// Attempts that come back per second.
        package let perSecond: Double

        /// An etrap office signs its staff in from one address in the morning: the limit is per
        /// address and generous; it stops password spraying, the lockout stops guessing.
        package static let signIn = Rule(name: "sign-in", burst: 30, perSecond: 0.5)
        /// Five complaints at once from one address, then one every two minutes.
        package static let complaint = Rule(name: "complaint", burst: 5, perSecond: 1.0 / 120)
        /// Twenty tracking codes at once, then one every six seconds: a person mistyping their
        /// code is never stopped, a guesser of the 10^12 codes gets nowhere.
        package static let trackingCode = Rule(name: "tracking", burst: 20, perSecond: 1.0 / 6)
    }

    private struct Bucket { var tokens: Double; var updated: TimeInterval; var refusing = false }
    private let buckets = NIOLockedValueBox<[String: Bucket]>([:])
    private static let maximumClients = 50_000
    /// Where the limiter reads the time; a test freezes it to count without racing the clock.
    private let clock: @Sendable () -> Date

    package init(clock: @escaping @Sendable () -> Date = { AppClock.now }) {
        self.clock = clock
    }

    package struct Refusal: Sendable, Equatable {
        /// Whole seconds until the client may try again.
        package let wait: Int
        /// The first refusal since the client was last let through: the one worth an audit row.
        package let first: Bool
    }

    /// Takes one attempt from the client's bucket. Nil when it may go ahead.
    package func refusal(_ rule: Rule, client: String, now: Date? = nil) -> Refusal? {
        let now = now ?? clock()
        let key = rule.name + " " + client
        let time = now.timeIntervalSince1970
        return buckets.withLockedValue { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: rule.burst, updated: time)
            bucket.tokens = min(rule.burst, bucket.tokens + max(0, time - bucket.updated) * rule.perSecond)
            bucket.updated = time
            defer {
                buckets[key] = bucket
                if buckets.count > Self.maximumClients {
                    // Forget the clients that are back to a full bucket; they lose nothing.
                    buckets = buckets.filter { $0.value.tokens + (time - $0.value.updated) * rule.perSecond < rule.burst }
                }
            }
            guard bucket.tokens >= 1 else {
                defer { bucket.refusing = true }
                return Refusal(wait: Int(((1 - bucket.tokens) / rule.perSecond).rounded(.up)), first: !bucket.refusing)
            }
            bucket.tokens -= 1
            bucket.refusing = false
            return nil
        }
    }
}

private struct RateLimiterKey: StorageKey { typealias Value = RateLimiter }

extension Application {
    /// Set at start (configure), so that requests only read it.
    package var rateLimiter: RateLimiter {
        get { storage[RateLimiterKey.self] ?? RateLimiter() }
        set { storage[RateLimiterKey.self] = newValue }
    }
}

extension Request {
    /// The client a limit counts: the connecting address, or, when that is this host (a
    /// reverse proxy in front), the first address the proxy forwarded. A client on the internet
    /// cannot choose its own bucket by sending X-Forwarded-For.
    package var limitedClient: String {
        let peer = remoteAddress?.ipAddress ?? "unknown"
        guard peer == "127.0.0.1" || peer == "::1" else { return peer }
        return headers.first(name: "X-Forwarded-For")?.split(separator: ",").first
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? peer
    }

    /// Nil when the client may go ahead, otherwise the seconds to wait. The first refusal of a
    /// run leaves an audit row; a flood does not become a flood of audit rows.
    package func rateLimited(_ rule: RateLimiter.Rule) async throws -> Int? {
        guard let refusal = application.rateLimiter.refusal(rule, client: limitedClient) else { return nil }
        if refusal.first {
            try await audit.record(.rateLimited, outcome: .denied, detail: "\(rule.name) \(limitedClient)")
        }
        return refusal.wait
    }
}
