import Foundation
import GoldawCore

/// The strings of every page in the three languages, read once at start-up from
/// `Resources/Locales/*.json`: one file per domain, each key with its texts side by side
/// (`{"nav.home": {"tk": "…", "ru": "…", "en": "…"}}`). The files are the source; nothing generates them.
/// A missing key shows as the key itself (and a test fails on it before it ships).
package struct Localizer: Sendable {
    package let tables: [AppLocale: [String: String]]

    /// Reads every `*.json` of the folder and refuses to start on a fault, so a broken text never
    /// reaches a page. Files are read in name order, so the same fault is always reported the same way.
    package static func load(directory: String) throws -> Localizer {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
        guard !names.isEmpty else { throw LocaleFileError(file: directory, key: "", fault: .noFiles) }
        var files: [String: [String: [String: String]]] = [:]
        for name in names {
            let data = try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(name))
            // The decoder keeps one of two equal keys without a word; look for them in the text first.
            if let key = repeatedKey(in: data) {
                throw LocaleFileError(file: name, key: key, fault: .duplicateKey(firstIn: name))
            }
            do {
                files[name] = try JSONDecoder().decode([String: [String: String]].self, from: data)
            } catch {
                throw LocaleFileError(file: name, key: "", fault: .unreadable(String(describing: error)))
            }
        }
        return Localizer(tables: try validate(files))
    }

    /// Checks decoded locale files (file name → key → language code → text) and merges them into
    /// one table per language. Takes the contents rather than a folder so a test can feed it faults.
    package static func validate(_ files: [String: [String: [String: String]]]) throws -> [AppLocale: [String: String]] {
        var tables: [AppLocale: [String: String]] = Dictionary(uniqueKeysWithValues: AppLocale.allCases.map { ($0, [:]) })
        var definedIn: [String: String] = [:]
        for name in files.keys.sorted() {
            for (key, texts) in files[name]!.sorted(by: { $0.key < $1.key }) {
                func fault(_ fault: LocaleFileError.Fault) -> LocaleFileError { LocaleFileError(file: name, key: key, fault: fault) }
                if let first = definedIn[key] { throw fault(.duplicateKey(firstIn: first)) }
                definedIn[key] = name
                if let unknown = texts.keys.sorted().first(where: { AppLocale(rawValue: $0) == nil }) {
                    throw fault(.unknownLanguage(unknown))
                }
                for locale in AppLocale.allCases {
                    guard let text = texts[locale.rawValue] else { throw fault(.missingLanguage(locale)) }
                    if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw fault(.emptyText(locale)) }
                }
                // `t(...)` fills `{name}` by name: a language that spells it differently would show
                // the braces, or leave the value out.
                let placeholders = Dictionary(uniqueKeysWithValues: AppLocale.allCases.map { ($0, Self.placeholders(in: texts[$0.rawValue]!)) })
                if Set(placeholders.values).count > 1 { throw fault(.placeholdersDiffer(placeholders.mapValues { $0.sorted() })) }
                for locale in AppLocale.allCases { tables[locale]![key] = texts[locale.rawValue] }
            }
        }
        return tables
    }

    /// The `{name}` placeholders of a text: braces around letters, digits and underscores.
    package static func placeholders(in text: String) -> Set<String> {
        var found: Set<String> = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "{") {
            rest = rest[rest.index(after: open)...]
            guard let close = rest.firstIndex(of: "}") else { break }
            let name = rest[..<close]
            if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) { found.insert(String(name)) }
        }
        return found
    }

    /// The first key written twice in one object of a JSON text, as its dotted path
    /// (`nav.home`, or `nav.home.tk` for a language given twice), or nil. Assumes valid JSON:
    /// the decoder reports anything else.
    package static func repeatedKey(in data: Data) -> String? {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        // One entry per open object or array: the keys seen so far (nil for an array) and the last one.
        var open: [(seen: Set<String>?, last: String?)] = []
        var expectingKey = false
        let bytes = [UInt8](data)
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "{"): open.append(([], nil)); expectingKey = true
            case UInt8(ascii: "["): open.append((nil, nil)); expectingKey = false
            case UInt8(ascii: "}"), UInt8(ascii: "]"): if !open.isEmpty { open.removeLast() }; expectingKey = false
            case UInt8(ascii: ","): expectingKey = open.last?.seen != nil
            case quote:
                var end = index + 1
                while end < bytes.count, bytes[end] != quote { end += bytes[end] == backslash ? 2 : 1 }
                if expectingKey, let seen = open.last?.seen {
                    let key = String(decoding: bytes[(index + 1)..<min(end, bytes.count)], as: UTF8.self)
                    if seen.contains(key) {
                        return (open.compactMap(\.last).dropLast() + [key]).joined(separator: ".")
                    }
                    open[open.count - 1] = (seen.union([key]), key)
                }
                expectingKey = false
                index = end
            default: break
            }
            index += 1
        }
        return nil
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

/// Why the locale files were refused, naming the file and the key so the fix is one edit away.
package struct LocaleFileError: Error, Equatable, CustomStringConvertible {
    package enum Fault: Equatable, Sendable {
        /// The key is also defined in this file (the same file when written twice in it).
        case duplicateKey(firstIn: String)
        case missingLanguage(AppLocale)
        case unknownLanguage(String)
        case emptyText(AppLocale)
        /// Each language with the placeholders its text has.
        case placeholdersDiffer([AppLocale: [String]])
        case unreadable(String)
        case noFiles
    }

    package let file: String
    package let key: String
    package let fault: Fault

    package var description: String {
        let codes = AppLocale.allCases.map(\.rawValue).joined(separator: ", ")
        switch fault {
        case .duplicateKey(let first) where first == file:
            return "locale file \(file): \"\(key)\" is written twice in this file"
        case .duplicateKey(let first):
            return "locale file \(file): \"\(key)\" is already defined in \(first)"
        case .missingLanguage(let locale):
            return "locale file \(file): \"\(key)\" has no \"\(locale.rawValue)\" text (every key needs \(codes))"
        case .unknownLanguage(let code):
            return "locale file \(file): \"\(key)\" has a text in \"\(code)\", which is not one of \(codes)"
        case .emptyText(let locale):
            return "locale file \(file): \"\(key)\" has an empty \"\(locale.rawValue)\" text"
        case .placeholdersDiffer(let byLocale):
            let list = AppLocale.allCases.map { locale in
                let names = byLocale[locale] ?? []
                return "\(locale.rawValue) " + (names.isEmpty ? "none" : names.map { "{\($0)}" }.joined(separator: " "))
            }
            return "locale file \(file): \"\(key)\" has different placeholders in its languages: " + list.joined(separator: "; ")
        case .unreadable(let reason):
            return "locale file \(file) is not an object of keys, each with its texts by language: \(reason)"
        case .noFiles:
            return "no locale files (*.json) in \(file)"
        }
    }

    package init(file: String, key: String, fault: Fault) {
        self.file = file
        self.key = key
        self.fault = fault
    }
}
