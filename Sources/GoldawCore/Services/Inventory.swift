/// The inventory questionnaire: configurable questions with typed answers. An answer of the
/// wrong type is refused, never stored as text to be guessed at later.
public enum QuestionKind: String, Sendable, CaseIterable, Codable {
    case text
    case number
    case choice
    /// A whole number for each etrap of the provider's welaýat (e.g. places per etrap).
    case territoryGrid = "territory_grid"
}

public enum InventoryRoundStatus: String, Sendable, CaseIterable, Codable {
    case draft, open, closed

    /// The step the administrator can take next, if any.
    public var step: InventoryStep? {
        switch self {
        case .draft: .open
        case .open: .close
        case .closed: nil
        }
    }
}

/// What the administrator does with a round: the button on its page, the route and the service's move.
public enum InventoryStep: String, Sendable, CaseIterable, Codable {
    case open, close

    /// The status the round must be in, and the status it moves to.
    public var from: InventoryRoundStatus { self == .open ? .draft : .open }
    public var to: InventoryRoundStatus { self == .open ? .open : .closed }
}

public enum ResponseStatus: String, Sendable, CaseIterable, Codable {
    case submitted, approved, rejected
}

public enum InventoryAnswerProblem: String, Sendable, Error, Equatable, CaseIterable {
    case required
    case notNumber = "not_number"
    case negative
    case notChoice = "not_choice"
    case tooLong = "too_long"
}

public enum AnswerRules {
    public static let textLimit = 2000

    /// Checks one answer and returns the value as stored: trimmed text, a whole number, or a
    /// choice from the list. An empty optional answer is `nil`.
    public static func check(_ kind: QuestionKind, raw: String, required: Bool, choices: [String]) -> Result<String?, InventoryAnswerProblem> {
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if value.isEmpty { return required ? .failure(.required) : .success(nil) }
        switch kind {
        case .text:
            return value.count > textLimit ? .failure(.tooLong) : .success(value)
        case .number, .territoryGrid:
            guard let number = Int(value.replacingOccurrences(of: " ", with: "")) else { return .failure(.notNumber) }
            return number < 0 ? .failure(.negative) : .success(String(number))
        case .choice:
            return choices.contains(value) ? .success(value) : .failure(.notChoice)
        }
    }

    /// A grid answer: one cell per territory code; every cell typed as a number. Empty cells are
    /// allowed unless the question is required and every cell is empty.
    public static func checkGrid(_ cells: [String: String], codes: [String], required: Bool) -> Result<[String: Int], InventoryAnswerProblem> {
        var values: [String: Int] = [:]
        for code in codes {
            switch check(.territoryGrid, raw: cells[code] ?? "", required: false, choices: []) {
            case .failure(let problem): return .failure(problem)
            case .success(let value?): values[code] = Int(value)!
            case .success(nil): break
            }
        }
        if required && values.isEmpty { return .failure(.required) }
        return .success(values)
    }
}
