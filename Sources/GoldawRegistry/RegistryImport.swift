import Fluent
import Vapor
import GoldawCore
import GoldawPlatform

/// An uploaded CSV of households and members, kept with its check report until it is saved.
package final class RegistryImport: Model, @unchecked Sendable {
    package static let schema = "registry_imports"

    @ID(key: .id) package var id: UUID?
    @Field(key: "filename") package var filename: String
    @Field(key: "content") package var content: String
    /// all_or_nothing | valid_only
    @Field(key: "mode") package var mode: String
    /// checked | saved | refused
    @Field(key: "status") package var status: String
    /// One problem per line: "row|column|key".
    @Field(key: "report") package var report: String
    @Field(key: "rows_total") package var rowsTotal: Int
    @Field(key: "rows_valid") package var rowsValid: Int
    @Field(key: "households_saved") package var householdsSaved: Int
    @Field(key: "people_saved") package var peopleSaved: Int
    @OptionalField(key: "uploaded_by") package var uploadedBy: UUID?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @OptionalField(key: "saved_at") package var savedAt: Date?

    package init() {}
}

/// Reads, checks and saves a registry CSV. A dry run writes nothing to the registry; saving
/// writes each household in its own transaction, so a household is never half-written.
package struct ImportService {
    package let db: any Database
    package let actor: CurrentUser?
    package let audit: AuditService

    /// Columns, with the English and the Turkmen header each file may use.
    package static let columns: [(key: String, english: String, turkmen: String, required: Bool)] = [
        ("household", "household", "maşgala", true),
        ("relationship", "relationship", "garyndaşlyk", true),
        ("surname", "surname", "familiýasy", true),
        ("givenName", "given_name", "ady", true),
        ("patronymic", "patronymic", "atasynyň_ady", false),
        ("sex", "sex", "jynsy", true),
        ("birthDate", "birth_date", "doglan_senesi", true),
        ("birthDateEstimated", "birth_date_estimated", "takmynan", false),
        ("legalStatus", "legal_status", "hukuk_ýagdaýy", false),
        ("territoryCode", "territory", "territoriýa", true),
        ("locality", "locality", "ýaşaýyş_ýeri", false),
        ("street", "street", "köçe", false),
        ("documentType", "document_type", "resminama_görnüşi", false),
        ("documentNumber", "document_number", "resminama_belgisi", false),
        ("phone", "phone", "telefon", false),
        ("memberSince", "member_since", "agza_bolan_senesi", false),
    ]

    package struct Problem: Sendable { package let row: Int; package let column: String; package let key: String; package init(row: Int, column: String, key: String) { self.row = row; self.column = column; self.key = key } }

    package struct Row: Sendable {
        package let line: Int
        package let household: String
        package let relationship: String
        package let draft: PersonDraft
        package let memberSince: String

        package init(line: Int, household: String, relationship: String, draft: PersonDraft, memberSince: String) {
            self.line = line
            self.household = household
            self.relationship = relationship
            self.draft = draft
            self.memberSince = memberSince
        }
    }

    package struct Checked {
        package var rows: [Row] = []
        package var problems: [Problem] = []
        package var validRows: [Row] { rows.filter { row in !problems.contains { $0.row == row.line } && !badHouseholds.contains(row.household) } }
        package var badHouseholds: Set<String> = []
    }

    /// Decodes the upload: it must be UTF-8 (a BOM is fine).
    package static func text(from data: Data) -> String? {
        String(data: data, encoding: .utf8)
    }

    package func check(_ text: String) async throws -> Checked {
        var checked = Checked()
        let table: [[String]]
        do { table = try CSVText.parse(text) } catch CSVText.Problem.unterminatedQuote(let line) {
            checked.problems.append(.init(row: line, column: "", key: "import.unterminated_quote"))
            return checked
        }
        guard let header = table.first else {
            checked.problems.append(.init(row: 1, column: "", key: "import.empty"))
            return checked
        }
        var index: [String: Int] = [:]
        for (position, name) in header.enumerated() {
            let normalised = name.trimmingCharacters(in: .whitespaces).lowercased()
            if let column = Self.columns.first(where: { $0.english == normalised || $0.turkmen == normalised }) {
                index[column.key] = position
            } else if !normalised.isEmpty {
                checked.problems.append(.init(row: 1, column: name, key: "import.unknown_column"))
            }
        }
        for column in Self.columns where column.required && index[column.key] == nil {
            checked.problems.append(.init(row: 1, column: column.english, key: "import.missing_column"))
        }
        guard checked.problems.isEmpty else { return checked }
        let today = CalendarDate.today
        var parsed: [Row] = []
        for (offset, fields) in table.dropFirst().enumerated() {
            let line = offset + 2
            func value(_ key: String) -> String {
                guard let position = index[key], position < fields.count else { return "" }
                return fields[position].trimmingCharacters(in: .whitespaces)
            }
            if fields.count != header.count {
                checked.problems.append(.init(row: line, column: "", key: "import.wrong_field_count"))
                continue
            }
            var draft = PersonDraft()
            draft.surname = value("surname")
            draft.givenName = value("givenName")
            draft.patronymic = value("patronymic")
            draft.sex = Self.sex(value("sex"))
            draft.birthDate = value("birthDate")
            draft.birthDateEstimated = ["1", "yes", "hawa", "true"].contains(value("birthDateEstimated").lowercased())
            draft.legalStatus = value("legalStatus").isEmpty ? LegalStatus.citizen.rawValue : value("legalStatus")
            draft.territoryCode = value("territoryCode")
            draft.locality = value("locality")
            draft.street = value("street")
            draft.phones = value("phone")
            if !value("documentNumber").isEmpty {
                draft.documents = [.init(type: value("documentType"), number: value("documentNumber"))]
            }
            parsed.append(Row(line: line, household: value("household"), relationship: Self.relationship(value("relationship")),
                              draft: draft, memberSince: value("memberSince").isEmpty ? today.display : value("memberSince")))
        }
        // Two queries for the whole file, then no query per row.
        let lookups = try await PersonDraft.Lookups.load(on: db, drafts: parsed.map(\.draft), today: today)
        var seenDocuments: Set<String> = []
        for row in parsed {
            let line = row.line
            if row.household.isEmpty { checked.problems.append(.init(row: line, column: "household", key: "validation.required")) }
            if Relationship(rawValue: row.relationship) == nil {
                checked.problems.append(.init(row: line, column: "relationship", key: "validation.choose"))
            }
            if CalendarDate(userInput: row.memberSince) == nil {
                checked.problems.append(.init(row: line, column: "member_since", key: "validation.date"))
            }
            do {
                let valid = try await row.draft.validate(on: db, scope: actor?.scope ?? .national, today: today, lookups: lookups)
                for document in valid.documents where !seenDocuments.insert("\(document.type.rawValue):\(document.number)").inserted {
                    checked.problems.append(.init(row: line, column: "document_number", key: "import.document_repeated"))
                }
            } catch AppError.invalid(let problems) {
                for problem in problems {
                    let column = Self.columns.first { $0.key == problem.field }?.english ?? problem.field
                    checked.problems.append(.init(row: line, column: column, key: problem.key))
                }
            }
            checked.rows.append(row)
        }
        // Household rules: exactly one head per household in the file.
        for (household, members) in Dictionary(grouping: checked.rows, by: \.household) where !household.isEmpty {
            let heads = members.filter { $0.relationship == Relationship.head.rawValue }.count
            if heads != 1 {
                checked.badHouseholds.insert(household)
                for member in members {
                    checked.problems.append(.init(row: member.line, column: "relationship",
                                                  key: heads == 0 ? "registry.household_no_head" : "registry.household_two_heads"))
                }
            }
        }
        for row in checked.rows where checked.problems.contains(where: { $0.row == row.line }) {
            checked.badHouseholds.insert(row.household)
        }
        return checked
    }

    package static func sex(_ raw: String) -> String {
        switch raw.lowercased() {
        case "f", "female", "aýal", "ayal", "ж", "женский": Sex.female.rawValue
        case "m", "male", "erkek", "м", "мужской": Sex.male.rawValue
        default: raw.lowercased()
        }
    }

    package static func relationship(_ raw: String) -> String {
        let value = raw.lowercased().replacingOccurrences(of: " ", with: "_")
        let turkmen: [String: Relationship] = [
            "maşgala_baştutany": .head, "baştutan": .head, "ýanýoldaşy": .spouse, "çagasy": .child, "agtygy": .grandchild,
            "ene-atasy": .parent, "dogany": .sibling, "beýleki_garyndaşy": .otherRelative, "garyndaş_däl": .nonRelative,
        ]
        return turkmen[value]?.rawValue ?? value
    }

    /// Saves the checked households. In all-or-nothing mode a single problem saves nothing.
    package func save(_ upload: RegistryImport) async throws -> (households: Int, people: Int) {
        let checked = try await check(upload.content)
        if upload.mode == "all_or_nothing" && !checked.problems.isEmpty { return (0, 0) }
        let registry = RegistryService(db: db, actor: actor, audit: audit)
        var households = 0, people = 0
        for (_, members) in Dictionary(grouping: checked.validRows, by: \.household).sorted(by: { $0.key < $1.key }) {
            let ordered = members.sorted { ($0.relationship == "head" ? 0 : 1, $0.line) < ($1.relationship == "head" ? 0 : 1, $1.line) }
            let today = CalendarDate.today
            try await db.transaction { tx in
                let service = registry.on(tx)
                var created: [(Person, Row)] = []
                for row in ordered {
                    let valid = try await row.draft.validate(on: tx, scope: actor?.scope ?? .national, today: today)
                    let matches = try await service.candidates(for: valid.fingerprint, excluding: nil)
                    created.append((try await service.insert(valid, matches: matches, source: "import"), row))
                }
                let head = created[0]
                try await HouseholdService(db: tx, actor: actor, audit: audit.on(tx)).create(
                    territoryCode: head.1.draft.territoryCode, locality: head.1.draft.locality, street: head.1.draft.street,
                    members: created.map { .init(personID: $0.0.id!, relationship: $0.1.relationship, from: $0.1.memberSince) })
            }
            households += 1
            people += members.count
        }
        return (households, people)
    }
}
