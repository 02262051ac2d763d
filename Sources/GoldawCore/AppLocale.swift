/// The three languages of every page. Turkmen (Latin script) is the default.
public enum AppLocale: String, Sendable, CaseIterable, Codable, Hashable {
    case tk, ru, en

    public static let `default`: AppLocale = .tk

    /// Picks the best supported language from an Accept-Language header value.
    public static func negotiate(acceptLanguage: String?) -> AppLocale {
        guard let header = acceptLanguage else { return .default }
        var best: (AppLocale, Double)?
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";")
            guard let tag = pieces.first?.trimmingWhitespace.lowercased() else { continue }
            let primary = String(tag.split(separator: "-").first ?? "")
            guard let locale = AppLocale(rawValue: primary) else { continue }
            var quality = 1.0
            for piece in pieces.dropFirst() {
                let kv = piece.trimmingWhitespace
                if kv.hasPrefix("q="), let q = Double(kv.dropFirst(2)) { quality = q }
            }
            if best == nil || quality > best!.1 { best = (locale, quality) }
        }
        return best?.0 ?? .default
    }
}
