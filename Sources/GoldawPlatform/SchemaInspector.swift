import Fluent
import SQLKit

/// Reads the real schema of the database after migration and compares it with what the domains
/// declare (`DomainContract`): a column that holds a person or a territory must be declared by
/// some domain, and every declaration must name a real column.
package enum SchemaInspector {
    package struct Column: Hashable, Sendable, CustomStringConvertible {
        package let table: String
        package let name: String
        /// The table a foreign key on the column points at, if any.
        package let references: String?
        package var description: String { "\(table).\(name)" }

        package init(table: String, name: String, references: String?) {
            self.table = table
            self.name = name
            self.references = references
        }
    }

    /// Every column of every application table, with its foreign key.
    package static func columns(on db: any Database) async throws -> [Column] {
        let sql = db as! any SQLDatabase
        if sql.dialect.name == "sqlite" {
            let tables = try await sql.raw("""
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_fluent_migrations'
                """).all().map { try $0.decode(column: "name", as: String.self) }
            var columns: [Column] = []
            for table in tables {
                var keys: [String: String] = [:]
                for row in try await sql.raw("SELECT * FROM pragma_foreign_key_list(\(bind: table))").all() {
                    keys[try row.decode(column: "from", as: String.self)] = try row.decode(column: "table", as: String.self)
                }
                for row in try await sql.raw("SELECT name FROM pragma_table_info(\(bind: table))").all() {
                    let name = try row.decode(column: "name", as: String.self)
                    columns.append(Column(table: table, name: name, references: keys[name]))
                }
            }
            return columns
        }
        var keys: [String: String] = [:]
        for row in try await sql.raw("""
            SELECT kcu.table_name AS t, kcu.column_name AS c, ccu.table_name AS r
            FROM information_schema.table_constraints tc
            JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
            JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
            WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()
            """).all() {
            keys["\(try row.decode(column: "t", as: String.self)).\(try row.decode(column: "c", as: String.self))"] =
                try row.decode(column: "r", as: String.self)
        }
        return try await sql.raw("""
            SELECT c.table_name AS t, c.column_name AS c FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name <> '_fluent_migrations'
            """).all().map { row in
            let table = try row.decode(column: "t", as: String.self), name = try row.decode(column: "c", as: String.self)
            return Column(table: table, name: name, references: keys["\(table).\(name)"])
        }
    }

    /// Names that mean "a person" in this schema, whether or not a foreign key says so.
    package static func holdsPerson(_ column: Column) -> Bool {
        if column.references == "persons" { return true }
        // A foreign key says what the column holds: `care_placements.carer_id` names a row of
        // `care_carers` (which itself holds the carer's person), not a person.
        if column.references != nil { return false }
        let name = column.name
        let roles = ["person", "child", "adult", "beneficiary", "applicant", "payee", "mother", "father", "guardian",
                     "member", "survivor", "merged", "merged_into", "person_a", "person_b", "victim", "witness", "offender",
                     "carer", "caregiver", "head", "complainant", "subject_person"]
        return roles.contains { name == "\($0)_id" } || name.hasSuffix("_person_id")
    }

    /// Names that mean "a territorial unit": its id, its path or its code.
    package static func holdsTerritory(_ column: Column) -> Bool {
        if column.references == "territories" { return true }
        let name = column.name
        return name.hasPrefix("territory_") || name.hasSuffix("_territory_id") || name == "path" || name.hasSuffix("_path")
            || name.hasSuffix("_paths") || name.hasSuffix("_territory_code")
    }

    package struct Findings: Equatable, Sendable {
        /// Columns that hold a person and that no domain declares.
        package var undeclaredPersons: [String] = []
        /// Columns that hold a territory and that no domain declares.
        package var undeclaredTerritories: [String] = []
        /// Declarations that name no real column.
        package var unknownDeclarations: [String] = []
        /// Code columns declared as following their unit (a code cannot follow: see TerritoryService).
        package var codesThatFollow: [String] = []
        package var isClean: Bool { self == Findings() }

        package init(undeclaredPersons: [String] = [], undeclaredTerritories: [String] = [], unknownDeclarations: [String] = [], codesThatFollow: [String] = []) {
            self.undeclaredPersons = undeclaredPersons
            self.undeclaredTerritories = undeclaredTerritories
            self.unknownDeclarations = unknownDeclarations
            self.codesThatFollow = codesThatFollow
        }
    }

    package static func check(_ columns: [Column], persons: [PersonReference] = Domains.personReferences,
                      territories: [TerritoryReference] = Domains.territoryReferences) -> Findings {
        let real = Set(columns.map(\.description))
        let personKeys = Set(persons.map { "\($0.table).\($0.column)" })
        let territoryKeys = Set(territories.map { "\($0.table).\($0.column)" })
        var findings = Findings()
        findings.undeclaredPersons = columns.filter { holdsPerson($0) && !personKeys.contains($0.description) }.map(\.description).sorted()
        findings.undeclaredTerritories = columns.filter { holdsTerritory($0) && !territoryKeys.contains($0.description) }
            .map(\.description).sorted()
        findings.unknownDeclarations = personKeys.union(territoryKeys).subtracting(real).sorted()
        findings.codesThatFollow = territories.filter { $0.holds == .code && $0.follows }.map { "\($0.table).\($0.column)" }.sorted()
        return findings
    }
}
