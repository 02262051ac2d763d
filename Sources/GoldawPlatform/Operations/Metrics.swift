import Prometheus
import Vapor

/// Request counts and latencies by route, exposed at `/metrics` in Prometheus text format.
/// Uses its own registry rather than the process-wide MetricsSystem, so several apps (tests)
/// can live in one process.
package final class RequestMetrics: Sendable {
    package let registry = PrometheusCollectorRegistry()
    package static let buckets: [Duration] = [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                                      .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
                                      .seconds(2.5), .seconds(5)]

    package func record(method: String, route: String, status: UInt, duration: Duration) {
        registry.makeCounter(name: "goldaw_http_requests_total",
                             labels: [("method", method), ("route", route), ("status", String(status))]).increment()
        registry.makeDurationHistogram(name: "goldaw_http_request_duration_seconds",
                                       labels: [("method", method), ("route", route)],
                                       buckets: Self.buckets).record(duration)
    }

    package func exposition() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}

package struct MetricsMiddleware: AsyncMiddleware {
    package let metrics: RequestMetrics

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next.respond(to: request)
        // The route pattern, not the concrete path, keeps the label set small.
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") }
            ?? (StaticFiles.isStatic(request.url.path) ? "static" : "unmatched")
        metrics.record(method: request.method.rawValue, route: route, status: response.status.code,
                       duration: ContinuousClock.now - start)
        return response
    }

    package init(metrics: RequestMetrics) {
        self.metrics = metrics
    }
}

package struct MetricsKey: StorageKey { package typealias Value = RequestMetrics }

extension Application {
    package var requestMetrics: RequestMetrics {
        if let existing = storage[MetricsKey.self] { return existing }
        let created = RequestMetrics()
        storage[MetricsKey.self] = created
        return created
    }
}
