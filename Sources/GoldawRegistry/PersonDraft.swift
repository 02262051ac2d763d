import Fluent
import Vapor
import GoldawCore
import GoldawPlatform

/// What a form, the API or an import row says about a person, before validation.
package struct PersonDraft: Sendable {
    package var givenName = ""
    package var surname = ""
    package var patronymic = ""
    package var givenNameCyr = ""
    package var surnameCyr = ""
    package var patronymicCyr = ""
    package var sex = ""
    package var birthDate = ""
    package var birthDateEstimated = false
    package var deathDate = ""
    package var legalStatus = LegalStatus.citizen.rawValue
    package var territoryCode = ""
    package var locality = ""
    package var street = ""
    package var phones = ""
    package var documents: [DocumentDraft] = []

    package struct DocumentDraft: Sendable {
        package var type: String
        package var number: String
        package var issuedOn: String = ""
    
        package init(type: String, number: String, issuedOn: String = "") {
            self.type = type
            self.number = number
            self.issuedOn = issuedOn
        }
    }

    /// The form fields as shown back to the user when something is wrong.
    package var formValues: [String: String] {
        var values = ["givenName": givenName, "surname": surname, "patronymic": patronymic,
                      "givenNameCyr": givenNameCyr, "surnameCyr": surnameCyr, "patronymicCyr": patronymicCyr,
                      "sex": sex, "birthDate": birthDate, "birthDateEstimated": birthDateEstimated ? "1" : "",
                      "deathDate": deathDate, "legalStatus": legalStatus, "territoryCode": territoryCode,
                      "locality": locality, "street": street, "phones": phones]
        if let first = documents.first {
            values["documentType"] = first.type
            values["documentNumber"] = first.number
        }
        return values
    }

    package init(givenName: String = "", surname: String = "", patronymic: String = "", givenNameCyr: String = "", surnameCyr: String = "", patronymicCyr: String = "", sex: String = "", birthDate: String = "", birthDateEstimated: Bool = false, deathDate: String = "", legalStatus: String = LegalStatus.citizen.rawValue, territoryCode: String = "", locality: String = "", street: String = "", phones: String = "", documents: [DocumentDraft] = []) {
        self.givenName = givenName
        self.surname = surname
        self.patronymic = patronymic
        self.givenNameCyr = givenNameCyr
        self.surnameCyr = surnameCyr
        self.patronymicCyr = patronymicCyr
        self.sex = sex
        self.birthDate = birthDate
        self.birthDateEstimated = birthDateEstimated
        self.deathDate = deathDate
        self.legalStatus = legalStatus
        self.territoryCode = territoryCode
        self.locality = locality
        self.street = street
        self.phones = phones
        self.documents = documents
    }
}

/// A draft that passed validation, in stored form.
package struct ValidPerson: Sendable {
    package let givenName: String
    package let surname: String
    package let patronymic: String?
    package let givenNameCyr: String?
    package let surnameCyr: String?
    package let patronymicCyr: String?
    package let sex: Sex
    package let birthDate: CalendarDate
    package let birthDateEstimated: Bool
    package let deathDate: CalendarDate?
    package let legalStatus: LegalStatus
    package let territory: Territory
    package let locality: String?
    package let street: String?
    package let phones: [String]
    package let documents: [(type: DocumentType, number: String, issuedOn: String?)]

    package var fingerprint: PersonFingerprint {
        PersonFingerprint(givenName: givenName, surname: surname, patronymic: patronymic, birthDate: birthDate,
                          birthDateEstimated: birthDateEstimated, sex: sex.rawValue,
                          documents: Set(documents.map { "\($0.type.rawValue):\($0.number)" }))
    }
}

extension PersonDraft {
    /// Checks every field; returns all problems at once. `excluding` is the record being edited,
    /// so its own documents do not count as duplicates.
    /// What a batch (an import) looked up once for all its rows, so that checking a row costs
    /// no query: the territories in force by code, and which of the file's documents exist.
    package struct Lookups: Sendable {
        package let territories: [String: Territory]
        package let takenDocuments: Set<String>

        package static func load(on db: any Database, drafts: [PersonDraft], today: CalendarDate) async throws -> Lookups {
            let units = try await TerritoryService(db: db).valid(on: today.iso)
            var numbers: [String] = []
            for draft in drafts {
                for document in draft.documents {
                    if let type = DocumentType(rawValue: document.type), let number = type.normalise(document.number) { numbers.append(number) }
                }
            }
            var taken: Set<String> = []
            for chunk in stride(from: 0, to: numbers.count, by: 500) {
                let rows = try await PersonDocument.query(on: db).filter(\.$number ~~ Array(numbers[chunk..<min(chunk + 500, numbers.count)])).all()
                for row in rows { taken.insert("\(row.type):\(row.number)") }
            }
            return Lookups(territories: Dictionary(units.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first }),
                           takenDocuments: taken)
        }
    }

    package func validate(on db: any Database, scope: Scope, today: CalendarDate, excluding personID: UUID? = nil,
                  lookups: Lookups? = nil) async throws -> ValidPerson {
        var problems: [FieldProblem] = []
        func clean(_ text: String) -> String? {
            let value = NameFolding.normalise(text)
            return value.isEmpty ? nil : value
        }
        let given = clean(givenName), family = clean(surname)
        if given == nil { problems.append(.init(field: "givenName", key: "validation.required")) }
        if family == nil { problems.append(.init(field: "surname", key: "validation.required")) }
        for (field, value) in [("givenName", givenName), ("surname", surname), ("patronymic", patronymic),
                               ("givenNameCyr", givenNameCyr), ("surnameCyr", surnameCyr), ("patronymicCyr", patronymicCyr),
                               ("locality", locality), ("street", street)] {
            if let problem = NameText.problem(value, maximumScalars: field == "street" || field == "locality" ? 200 : 100) {
                problems.append(.init(field: field, key: problem.rawValue))
            }
        }
        let sexValue = Sex(rawValue: sex)
        if sexValue == nil { problems.append(.init(field: "sex", key: "validation.choose")) }
        let birth = CalendarDate(userInput: birthDate)
        if birth == nil { problems.append(.init(field: "birthDate", key: "validation.date")) }
        else if birth! > today { problems.append(.init(field: "birthDate", key: "registry.birth_in_future")) }
        else if birth!.year < 1900 { problems.append(.init(field: "birthDate", key: "validation.date")) }
        var death: CalendarDate?
        if !deathDate.trimmingCharacters(in: .whitespaces).isEmpty {
            death = CalendarDate(userInput: deathDate)
            if death == nil { problems.append(.init(field: "deathDate", key: "validation.date")) }
            else if death! > today { problems.append(.init(field: "deathDate", key: "registry.death_in_future")) }
            else if let birth, death! < birth { problems.append(.init(field: "deathDate", key: "registry.death_before_birth")) }
        }
        let status = LegalStatus(rawValue: legalStatus)
        if status == nil { problems.append(.init(field: "legalStatus", key: "validation.choose")) }

        var territory: Territory?
        let code = TerritoryLookup.code(territoryCode)
        let lookup = lookups != nil ? TerritoryLookup.check(lookups!.territories[code], on: today.iso, within: scope)
            : try await TerritoryLookup.find(code, on: today.iso, within: scope, db: db)
        switch lookup {
        case .found(let unit): territory = unit
        case .outsideScope: problems.append(.init(field: "territoryCode", key: "registry.territory_outside_scope"))
        case .unknown:
            problems.append(.init(field: "territoryCode", key: "registry.territory_unknown"))
        }

        var phoneNumbers: [String] = []
        for raw in phones.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "\n" }) {
            let text = raw.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            if let number = Phone.normalise(text) { if !phoneNumbers.contains(number) { phoneNumbers.append(number) } }
            else { problems.append(.init(field: "phones", key: "registry.phone_invalid")) }
        }

        var documentsOut: [(type: DocumentType, number: String, issuedOn: String?)] = []
        for document in documents where !document.number.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let type = DocumentType(rawValue: document.type) else {
                problems.append(.init(field: "documentType", key: "validation.choose"))
                continue
            }
            guard let number = type.normalise(document.number) else {
                problems.append(.init(field: "documentNumber", key: "registry.document_format.\(type.rawValue)"))
                continue
            }
            if documentsOut.contains(where: { $0.type == type && $0.number == number }) { continue }
            let taken: Bool
            if let lookups {
                taken = lookups.takenDocuments.contains("\(type.rawValue):\(number)")
            } else {
                var existing = PersonDocument.query(on: db).filter(\.$type == type.rawValue).filter(\.$number == number)
                if let personID { existing = existing.filter(\.$person.$id != personID) }
                taken = try await existing.count() > 0
            }
            if taken {
                problems.append(.init(field: "documentNumber", key: "registry.document_taken"))
                continue
            }
            let issued = CalendarDate(userInput: document.issuedOn)?.iso
            documentsOut.append((type, number, issued))
        }
        guard problems.isEmpty, let given, let family, let sexValue, let birth, let status, let territory else {
            throw AppError.invalid(problems)
        }
        return ValidPerson(
            givenName: given, surname: family, patronymic: clean(patronymic),
            givenNameCyr: clean(givenNameCyr), surnameCyr: clean(surnameCyr), patronymicCyr: clean(patronymicCyr),
            sex: sexValue, birthDate: birth, birthDateEstimated: birthDateEstimated, deathDate: death,
            legalStatus: status, territory: territory,
            locality: clean(locality), street: clean(street), phones: phoneNumbers, documents: documentsOut)
    }
}
