import Foundation
import SQLKit

/// Small additions to the standard types that every domain uses.

extension Duration {
    package var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

extension Optional {
    package func asyncFlatMap<U>(_ transform: (Wrapped) async throws -> U?) async rethrows -> U? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

extension String {
    package var nilIfEmpty: String? { isEmpty ? nil : self }
}

extension Array where Element == SQLQueryString {
    package func joined(_ separator: String) -> SQLQueryString {
        var result: SQLQueryString = ""
        for (index, part) in enumerated() {
            if index > 0 { result.appendLiteral(separator) }
            result.appendInterpolation(part)
        }
        return result
    }
}
