import Foundation
import GoldawCore

/// The strings of every page in the three languages, read once from `Resources/Locales/*.json`.
/// A missing key shows as the key itself (and a test fails on it before it ships).
package struct Localizer: Sendable {
    package let tables: [AppLocale: [String: String]]

    package static func load(directory: String) throws -> Localizer {
        var tables: [AppLocale: [String: String]] = [:]
        for locale in AppLocale.allCases {
            let url = URL(fileURLWithPath: directory).appendingPathComponent("\(locale.rawValue).json")
            let data = try Data(contentsOf: url)
            tables[locale] = try JSONDecoder().decode([String: String].self, from: data)
        }
        return Localizer(tables: tables)
    }

    /// Looks a key up and fills `{name}` placeholders.
    package func t(_ key: String, _ locale: AppLocale, _ arguments: [String: String] = [:]) -> String {
        var text = tables[locale]?[key] ?? tables[.default]?[key] ?? key
        for (name, value) in arguments {
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return text
    }

    package init(tables: [AppLocale: [String: String]]) {
        self.tables = tables
    }
}
