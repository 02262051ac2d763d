/// An amount of money in integer teňňe (1 manat = 100 teňňe). Never floating point.
public struct Money: Sendable, Hashable, Comparable, Codable {
    public let tenne: Int64

    public init(tenne: Int64) { self.tenne = tenne }
    public init(manat: Int64) { self.tenne = manat * 100 }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.tenne < rhs.tenne }
    public static func + (lhs: Money, rhs: Money) -> Money { Money(tenne: lhs.tenne + rhs.tenne) }

    /// "1 234,50 TMT": a thin space groups thousands, a comma separates teňňe, as written locally.
    public var formatted: String {
        let negative = tenne < 0
        let magnitude = tenne.magnitude
        let whole = String(magnitude / 100)
        let cents = magnitude % 100
        var grouped = ""
        for (index, digit) in whole.reversed().enumerated() {
            if index > 0 && index % 3 == 0 { grouped.append("\u{202F}") }
            grouped.append(digit)
        }
        let centsText = cents < 10 ? "0\(cents)" : "\(cents)"
        return (negative ? "-" : "") + String(grouped.reversed()) + "," + centsText + " TMT"
    }
}
