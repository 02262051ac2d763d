import Fluent
import GoldawCore

/// The territorial unit a form names by its code, checked the same way on every form: the code
/// trimmed and upper-cased, the unit in force on the day, of the levels the form accepts, and
/// inside the user's scope. Each form words the refusal its own way; the checks are these.
package enum TerritoryLookup: Equatable {
    case found(Territory)
    /// No such code, a unit abolished or renamed by that day, or one of another level.
    case unknown
    /// A real unit the user may not work in.
    case outsideScope

    /// The levels an etrap-level unit has: a district, a city with etrap status, a city borough.
    package static let etrapLevels: Set<String> = [TerritoryLevel.district.rawValue, TerritoryLevel.city.rawValue, TerritoryLevel.borough.rawValue]

    package var unit: Territory? { if case .found(let unit) = self { unit } else { nil } }

    package static func == (lhs: TerritoryLookup, rhs: TerritoryLookup) -> Bool {
        switch (lhs, rhs) {
        case (.found(let a), .found(let b)): a === b
        case (.unknown, .unknown), (.outsideScope, .outsideScope): true
        default: false
        }
    }

    /// The code as forms compare it.
    package static func code(_ raw: String) -> String { raw.trimmingCharacters(in: .whitespaces).uppercased() }

    /// Looks the code up and checks it.
    package static func find(_ raw: String, on date: String, levels: Set<String>? = nil, within scope: Scope? = nil,
                             db: any Database) async throws -> TerritoryLookup {
        let code = code(raw)
        guard !code.isEmpty else { return .unknown }
        return check(try await Territory.query(on: db).filter(\.$code == code).first(), on: date, levels: levels, within: scope)
    }

    /// Checks a unit already found (an import looks its codes up once for every row).
    package static func check(_ unit: Territory?, on date: String, levels: Set<String>? = nil, within scope: Scope? = nil) -> TerritoryLookup {
        guard let unit, unit.isValid(on: date), levels.map({ $0.contains(unit.level) }) ?? true else { return .unknown }
        if let scope, scope.kind != .national, !scope.contains(territoryPath: unit.path) { return .outsideScope }
        return .found(unit)
    }
}
