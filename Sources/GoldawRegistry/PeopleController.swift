import Fluent
import Vapor
import GoldawCore
import GoldawPlatform

/// Search, the person profile, registration with search-before-create, editing and history.
package enum PeopleController {
    package static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.people), use: search)
        routes.get(AppRoute.components(.personNew), use: newForm)
        routes.post(AppRoute.components(.personNew), use: create)
        routes.get(AppRoute.Pattern.person, use: show)
        routes.get(AppRoute.Pattern.person + ["edit"], use: editForm)
        routes.post(AppRoute.Pattern.person + ["edit"], use: update)
        routes.get(AppRoute.Pattern.person + ["history"], use: history)
    }

    /// Loads a person the user may see: outside the scope it does not exist (404).
    package static func load(_ req: Request, _ action: Action = .viewPeople) async throws -> Person {
        try await req.load(Person.self, action)
    }

    // MARK: search

    package struct Row: Encodable {
        package let href: String
        package let number: String
        package let name: String
        package let cyrillic: String?
        package let birth: String
        package let sex: String
        package let place: String

        package init(href: String, number: String, name: String, cyrillic: String?, birth: String, sex: String, place: String) {
            self.href = href
            self.number = number
            self.name = name
            self.cyrillic = cyrillic
            self.birth = birth
            self.sex = sex
            self.place = place
        }
    }

    package struct SearchContent: Encodable {
        package let action: String
        package let form: [String: String]
        package let territories: [TerritoryController.Option]
        package let sexes: [TerritoryController.Option]
        package let ages: [TerritoryController.Option]
        package let markers: [TerritoryController.Option]
        package let rows: [Row]
        package let searched: Bool
        package let capped: Bool
        package let newHref: String?
        package let pager: PageLinks
    }

    @Sendable package static func search(req: Request) async throws -> Response {
        let me = try await req.require(.viewPeople)
        func value(_ key: String) -> String { ((try? req.query.get(String.self, at: key)) ?? "").trimmingCharacters(in: .whitespaces) }
        var query = RegistrySearch.Query(text: value("q"), territoryCode: value("territory"), sex: value("sex"),
                                         ageBand: value("age"), marker: value("marker"))
        query.page = req.pageNumber
        let searched = !(query.text.isEmpty && query.territoryCode.isEmpty && query.sex.isEmpty && query.ageBand.isEmpty && query.marker.isEmpty)
        let today = CalendarDate.today
        var rows: [Row] = []
        var hasMore = false
        var capped = false
        if searched {
            let result = try await RegistrySearch(db: req.db).run(query, scope: me.scope, today: today)
            hasMore = result.hasMore
            capped = result.capped
            let territoryIDs = Set(result.people.compactMap { $0.person.$territory.id })
            let units = try await Territory.query(on: req.db).filter(\.$id ~~ Array(territoryIDs)).all()
            let names = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0.name(req.locale)) })
            rows = result.people.map { person, _ in
                Row(href: AppRoute.person(person.id!).path, number: person.number, name: PersonProfile.fullName(person),
                    cyrillic: PersonProfile.cyrillicName(person),
                    birth: DisplayFormat.date(iso: person.birthDate) + (person.birthDateEstimated ? "*" : ""),
                    sex: req.t("registry.sex.\(person.sex)"),
                    place: [person.$territory.id.flatMap { names[$0] }, person.locality].compactMap { $0 }.joined(separator: ", "))
            }
            try await req.audit.record(.personsSearched, recordType: "person", detail: "\(query.auditDetail) results=\(rows.count)")
        }
        let units = try await TerritoryService(db: req.db).valid(on: today.iso)
            .filter { me.scope.kind == .national || me.scope.contains(territoryPath: $0.path) }
        let filters = ["q": query.text, "territory": query.territoryCode, "sex": query.sex, "age": query.ageBand, "marker": query.marker]
        return try await req.page("registry/search", titleKey: "registry.search.title", SearchContent(
            action: AppRoute.people.path,
            form: ["q": query.text, "territory": query.territoryCode, "sex": query.sex, "age": query.ageBand, "marker": query.marker],
            territories: units.map { .init(value: $0.code, label: $0.name(req.locale), selected: $0.code == query.territoryCode) },
            sexes: req.options(Sex.allCases, prefix: "registry.sex.", selected: query.sex),
            ages: RegistrySearch.AgeBand.allCases.map { .init(value: $0.rawValue, label: req.t("registry.age_band", ["band": $0.rawValue]), selected: $0.rawValue == query.ageBand) },
            markers: req.options(RegistrySearch.Marker.allCases, prefix: "registry.marker.", selected: query.marker),
            rows: rows, searched: searched, capped: capped,
            newHref: AccessPolicy.allows(me.role, .editPeople) ? AppRoute.personNew.path : nil,
            pager: PageLinks(page: query.page, hasMore: hasMore, path: AppRoute.people.path, filters: filters)))
    }

    // MARK: create

    package struct PersonForm: Content {
        package var givenName: String?
        package var surname: String?
        package var patronymic: String?
        package var givenNameCyr: String?
        package var surnameCyr: String?
        package var patronymicCyr: String?
        package var sex: String?
        package var birthDate: String?
        package var birthDateEstimated: String?
        package var deathDate: String?
        package var legalStatus: String?
        package var territoryCode: String?
        package var locality: String?
        package var street: String?
        package var phones: String?
        package var documentType: String?
        package var documentNumber: String?
        package var documentIssuedOn: String?
        package var confirmNew: String?
        /// Text, because a new record's form sends it empty; read with `expectedVersion`.
        package var version: String?

        package var expectedVersion: Int { version.flatMap { Int($0) } ?? -1 }

        package var draft: PersonDraft {
            var draft = PersonDraft()
            draft.givenName = givenName ?? ""
            draft.surname = surname ?? ""
            draft.patronymic = patronymic ?? ""
            draft.givenNameCyr = givenNameCyr ?? ""
            draft.surnameCyr = surnameCyr ?? ""
            draft.patronymicCyr = patronymicCyr ?? ""
            draft.sex = sex ?? ""
            draft.birthDate = birthDate ?? ""
            draft.birthDateEstimated = birthDateEstimated == "1" || birthDateEstimated == "on"
            draft.deathDate = deathDate ?? ""
            draft.legalStatus = legalStatus ?? ""
            draft.territoryCode = territoryCode ?? ""
            draft.locality = locality ?? ""
            draft.street = street ?? ""
            draft.phones = phones ?? ""
            if let number = documentNumber, !number.trimmingCharacters(in: .whitespaces).isEmpty {
                draft.documents = [.init(type: documentType ?? "", number: number, issuedOn: documentIssuedOn ?? "")]
            }
            return draft
        }
    }

    package struct MatchRow: Encodable {
        package let href: String
        package let name: String
        package let number: String
        package let birth: String
        package let score: Int
        package let reasons: [String]
    }

    package struct FormContent: Encodable {
        package let action: String
        package let isNew: Bool
        package let form: [String: String]
        package let errors: [String: String]
        package let sexes: [TerritoryController.Option]
        package let statuses: [TerritoryController.Option]
        package let documentTypes: [TerritoryController.Option]
        package let territories: [TerritoryController.Option]
        package let matches: [MatchRow]
        package let cancelHref: String

        package init(action: String, isNew: Bool, form: [String: String], errors: [String: String], sexes: [TerritoryController.Option], statuses: [TerritoryController.Option], documentTypes: [TerritoryController.Option], territories: [TerritoryController.Option], matches: [MatchRow], cancelHref: String) {
            self.action = action
            self.isNew = isNew
            self.form = form
            self.errors = errors
            self.sexes = sexes
            self.statuses = statuses
            self.documentTypes = documentTypes
            self.territories = territories
            self.matches = matches
            self.cancelHref = cancelHref
        }
    }

    package static func renderForm(_ req: Request, person: Person?, form: [String: String], errors: [String: String],
                           matches: [RegistryService.Match] = [], status: HTTPResponseStatus) async throws -> Response {
        let me = try await req.require(.editPeople)
        let today = CalendarDate.today
        let units = try await TerritoryService(db: req.db).valid(on: today.iso)
            .filter { me.scope.kind == .national || me.scope.contains(territoryPath: $0.path) }
        let content = FormContent(
            action: person.map { AppRoute.personEdit($0.id!).path } ?? AppRoute.personNew.path, isNew: person == nil,
            form: form, errors: errors,
            sexes: req.options(Sex.allCases, prefix: "registry.sex.", selected: form["sex"] ?? ""),
            statuses: req.options(LegalStatus.allCases, prefix: "registry.legal.", selected: form["legalStatus"] ?? "citizen"),
            documentTypes: req.options(DocumentType.allCases, prefix: "registry.document.", selected: form["documentType"] ?? ""),
            territories: units.map { .init(value: $0.code, label: $0.name(req.locale) + " (\($0.code))", selected: form["territoryCode"] == $0.code) },
            matches: matches.map { match in MatchRow(
                href: AppRoute.person(match.person.id!).path, name: PersonProfile.fullName(match.person), number: match.person.number,
                birth: DisplayFormat.date(iso: match.person.birthDate), score: match.score.total,
                reasons: match.score.reasons.map { req.t("duplicates.reason.\($0.reason.rawValue)") + " (\($0.points > 0 ? "+" : "")\($0.points))" }) },
            cancelHref: person.map { AppRoute.person($0.id!).path } ?? AppRoute.people.path)
        return try await req.page("registry/person-form", titleKey: person == nil ? "registry.new.title" : "registry.edit.title",
                                  status: status, content)
    }

    @Sendable package static func newForm(req: Request) async throws -> Response {
        try await req.require(.editPeople)
        var form: [String: String] = ["legalStatus": "citizen"]
        if let q = try? req.query.get(String.self, at: "q") { form["surname"] = q }
        return try await renderForm(req, person: nil, form: form, errors: [:], status: .ok)
    }

    @Sendable package static func create(req: Request) async throws -> Response {
        try await req.require(.editPeople)
        let form = try req.content.decode(PersonForm.self)
        var values = form.draft.formValues
        values["documentIssuedOn"] = form.documentIssuedOn ?? ""
        return try await req.submitForm(kept: values, render: { try await renderForm(req, person: nil, form: $0, errors: $1, status: $2) }) {
            switch try await req.registry.create(form.draft, confirmedNew: form.confirmNew == "1") {
            case .created(let person):
                return .to(.person(person.id!), flash: "registry.created")
            case .possibleMatches(let matches):
                return .response(try await renderForm(req, person: nil, form: values, errors: [:], matches: matches, status: .ok))
            }
        }
    }

    // MARK: profile, edit, history

    @Sendable package static func show(req: Request) async throws -> Response {
        let person = try await load(req)
        let me = try await req.require(.viewPeople)
        try await req.audit.record(.personViewed, recordType: "person", recordID: person.id!.uuidString)
        let profile = try await PersonProfile.build(
            person, req: req,
            canEdit: AccessPolicy.allows(me.role, .editPeople),
            canMerge: AccessPolicy.allows(me.role, .reviewDuplicates))
        return try await req.page("registry/person", titleKey: "registry.search.title", title: profile.fullName, profile)
    }

    package static func values(of person: Person, documents: [PersonDocument]) -> [String: String] {
        var values = RegistryService.snapshot(person)
        values["territoryCode"] = ""
        values["birthDate"] = DisplayFormat.date(iso: person.birthDate)
        values["birthDateEstimated"] = person.birthDateEstimated ? "1" : ""
        values["deathDate"] = DisplayFormat.date(iso: person.deathDate)
        values["version"] = String(person.version)
        if let document = documents.first {
            values["documentType"] = document.type
            values["documentNumber"] = document.number
            values["documentIssuedOn"] = DisplayFormat.date(iso: document.issuedOn)
        }
        return values
    }

    /// The edit form's fields as the record stands now.
    package static func storedValues(_ req: Request, _ person: Person) async throws -> [String: String] {
        let queries = req.registryQueries
        var current = values(of: person, documents: try await queries.documents(of: person))
        current["territoryCode"] = try await queries.territoryCode(of: person)
        return current
    }

    @Sendable package static func editForm(req: Request) async throws -> Response {
        let person = try await load(req, .editPeople)
        guard person.mergedIntoID == nil else { throw AppError.conflict("registry.merged_read_only") }
        return try await renderForm(req, person: person, form: try await storedValues(req, person), errors: [:], status: .ok)
    }

    @Sendable package static func update(req: Request) async throws -> Response {
        let person = try await load(req, .editPeople)
        guard person.mergedIntoID == nil else { throw AppError.conflict("registry.merged_read_only") }
        let form = try req.content.decode(PersonForm.self)
        var typed = form.draft.formValues
        typed["version"] = form.version ?? ""
        typed["documentIssuedOn"] = form.documentIssuedOn ?? ""
        return try await req.submitForm(kept: typed, render: { try await renderForm(req, person: person, form: $0, errors: $1, status: $2) },
                                        conflict: { key in
            let fresh = try await load(req, .editPeople)
            return try await renderForm(req, person: fresh, form: try await storedValues(req, fresh), errors: ["form": req.t(key)], status: .conflict)
        }) {
            var draft = form.draft
            // Documents not shown on the form (a second one) are kept.
            let existing = try await req.registryQueries.documents(of: person)
            for document in existing.dropFirst() {
                draft.documents.append(.init(type: document.type, number: document.number, issuedOn: document.issuedOn ?? ""))
            }
            try await req.registry.update(person, with: draft, expectedVersion: form.expectedVersion)
            return .to(.person(person.id!), flash: "registry.saved")
        }
    }

    package struct HistoryRow: Encodable { package let when: String; package let who: String; package let field: String; package let old: String; package let new: String }
    package struct HistoryContent: Encodable { package let rows: [HistoryRow]; package let backHref: String; package let name: String }

    @Sendable package static func history(req: Request) async throws -> Response {
        let person = try await load(req)
        try await req.audit.record(.personViewed, recordType: "person", recordID: person.id!.uuidString, detail: "history")
        let changes = try await req.registryQueries.history(of: person)
        let rows = changes.map { change in
            HistoryRow(when: DisplayFormat.dateTime(change.changedAt), who: change.changedByName ?? "—",
                       field: req.t("registry.history.field.\(change.field)"),
                       old: change.oldValue ?? "", new: change.newValue ?? "")
        }
        return try await req.page("registry/history", titleKey: "registry.history.title", HistoryContent(
            rows: rows, backHref: AppRoute.person(person.id!).path, name: PersonProfile.fullName(person)))
    }
}
