import Foundation
import Logging

/// One JSON object per line, for log collectors. Metadata (including Vapor's `request-id`)
/// becomes fields of the object.
package struct JSONLogHandler: LogHandler {
    package let label: String
    package var logLevel: Logger.Level = .info
    package var metadata: Logger.Metadata = [:]

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var object: [String: String] = [
            "time": ISO8601DateFormatter().string(from: Date()),
            "level": event.level.rawValue,
            "label": label,
            "message": event.message.description,
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            object[key] = value.description
        }
        if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]),
           var line = String(data: data, encoding: .utf8) {
            line.append("\n")
            FileHandle.standardOutput.write(Data(line.utf8))
        }
    }

    package init(label: String, logLevel: Logger.Level = .info, metadata: Logger.Metadata = [:]) {
        self.label = label
        self.logLevel = logLevel
        self.metadata = metadata
    }
}
