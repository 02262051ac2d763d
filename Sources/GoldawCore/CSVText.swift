/// RFC 4180 CSV reading and writing, for imports and exports. Pure: text in, rows out.
public enum CSVText {
    public enum Problem: Error, Equatable {
        case unterminatedQuote(line: Int)
    }

    /// Rows of fields. Accepts comma or semicolon as separator (whichever the header line
    /// uses more), quoted fields with doubled quotes, CRLF or LF line ends; drops empty lines.
    public static func parse(_ text: String) throws -> [[String]] {
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        let firstLine = body.prefix { $0 != "\n" && $0 != "\r\n" }
        let separator: Character = firstLine.filter { $0 == ";" }.count > firstLine.filter { $0 == "," }.count ? ";" : ","
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var quoteStart = 1
        var index = body.startIndex
        while index < body.endIndex {
            let character = body[index]
            if quoted {
                if character == "\"" {
                    let next = body.index(after: index)
                    if next < body.endIndex && body[next] == "\"" {
                        field.append("\"")
                        index = next
                    } else {
                        quoted = false
                    }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
            } else if character == "\"" && field.isEmpty {
                quoted = true
                quoteStart = line
            } else if character == separator {
                row.append(field)
                field = ""
            } else if character == "\n" || character == "\r\n" || character == "\r" {
                row.append(field)
                if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
                row = []
                field = ""
                line += 1
            } else {
                field.append(character)
            }
            index = body.index(after: index)
        }
        // The line where the unclosed field began is where a person has to look.
        if quoted { throw Problem.unterminatedQuote(line: quoteStart) }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
        }
        return rows
    }

    /// A field for a spreadsheet: quoted, with a leading = + - @ (or tab/CR) neutralised by an
    /// apostrophe so that a cell never runs as a formula.
    public static func field(_ raw: String) -> String {
        var value = raw
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            value = "'" + value
        }
        return "\"" + value.replacingAll("\"", with: "\"\"") + "\""
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
