import Fluent
import Vapor
import GoldawCore
import GoldawPlatform

/// `/api/v1/persons` and `/api/v1/households`: the registry for other systems and field apps.
package enum RegistryAPI {
    package static let operations: [APIOperation] = [
        APIOperation(method: .GET, path: "/api/v1/persons", operationID: "searchPersons",
                     summary: "Search people by name in any script, document number or date of birth, within the caller's scope",
                     authenticated: true, parameters: [
                        .init(name: "q", location: "query", type: "string", required: false, description: "name, document number or DD.MM.YYYY"),
                        .init(name: "territory", location: "query", type: "string", required: false, description: "territory code"),
                        .init(name: "sex", location: "query", type: "string", required: false, description: "female | male"),
                        .init(name: "ageBand", location: "query", type: "string", required: false, description: "0-2 | 3-6 | 7-17 | 18-59 | 60+"),
                        .init(name: "marker", location: "query", type: "string", required: false, description: "functional_difficulty | disability_status | orphan | without_parental_care"),
                        .page,
                        .perPage(default: 25, maximum: 100),
                     ], requestSchema: nil, responses: [200: "PersonPage", 401: nil, 403: nil, 422: nil], handler: search),
        APIOperation(method: .POST, path: "/api/v1/persons", operationID: "createPerson",
                     summary: "Register a person; likely matches answer 409 unless confirmNew is true", authenticated: true,
                     parameters: [], requestSchema: "PersonInput", responses: [201: "Person", 409: nil, 422: nil], handler: create),
        APIOperation(method: .GET, path: "/api/v1/persons/{id}", operationID: "getPerson", summary: "One person with documents, household, links, functioning and disability status",
                     authenticated: true, parameters: [idParameter], requestSchema: nil, responses: [200: "Person", 404: nil], handler: show),
        APIOperation(method: .PUT, path: "/api/v1/persons/{id}", operationID: "updatePerson", summary: "Replace a person's details (send the version you read)",
                     authenticated: true, parameters: [idParameter], requestSchema: "PersonInput", responses: [200: "Person", 409: nil, 422: nil], handler: update),
        APIOperation(method: .GET, path: "/api/v1/persons/{id}/history", operationID: "getPersonHistory", summary: "Field-level change history",
                     authenticated: true, parameters: [idParameter], requestSchema: nil, responses: [200: "HistoryList", 404: nil], handler: history),
        APIOperation(method: .POST, path: "/api/v1/persons/{id}/functioning", operationID: "recordFunctioning",
                     summary: "Record Washington Group / UNICEF child functioning answers and get the computed result",
                     authenticated: true, parameters: [idParameter], requestSchema: "FunctioningInput",
                     responses: [201: "FunctioningResult", 404: nil, 422: nil], handler: functioning),
        APIOperation(method: .POST, path: "/api/v1/persons/{id}/merge", operationID: "mergePerson",
                     summary: "Merge another record (mergeId) into this one", authenticated: true, parameters: [idParameter],
                     requestSchema: "MergeInput", responses: [200: "Person", 404: nil, 409: nil], handler: merge),
        APIOperation(method: .POST, path: "/api/v1/households", operationID: "createHousehold",
                     summary: "Create a household with its members (exactly one head)", authenticated: true, parameters: [],
                     requestSchema: "HouseholdInput", responses: [201: "Household", 422: nil], handler: createHousehold),
        APIOperation(method: .GET, path: "/api/v1/households/{id}", operationID: "getHousehold", summary: "A household with its membership history",
                     authenticated: true, parameters: [idParameter], requestSchema: nil, responses: [200: "Household", 404: nil], handler: household),
    ]

    package static let idParameter = APIOperation.Parameter.id

    // MARK: DTOs

    package struct DocumentDTO: Content { package let type: String; package let number: String; package let issuedOn: String? }

    package struct PersonInput: Content {
        package var givenName: String
        package var surname: String
        package var patronymic: String?
        package var givenNameCyr: String?
        package var surnameCyr: String?
        package var patronymicCyr: String?
        package var sex: String
        package var birthDate: String
        package var birthDateEstimated: Bool?
        package var deathDate: String?
        package var legalStatus: String?
        package var territoryCode: String
        package var locality: String?
        package var street: String?
        package var phones: [String]?
        package var documents: [DocumentDTO]?
        package var confirmNew: Bool?
        package var version: Int?

        package static let fields: Set<String> = ["givenName", "surname", "patronymic", "givenNameCyr", "surnameCyr", "patronymicCyr", "sex",
                                          "birthDate", "birthDateEstimated", "deathDate", "legalStatus", "territoryCode", "locality",
                                          "street", "phones", "documents", "confirmNew", "version"]

        package var draft: PersonDraft {
            var draft = PersonDraft()
            draft.givenName = givenName
            draft.surname = surname
            draft.patronymic = patronymic ?? ""
            draft.givenNameCyr = givenNameCyr ?? ""
            draft.surnameCyr = surnameCyr ?? ""
            draft.patronymicCyr = patronymicCyr ?? ""
            draft.sex = sex
            draft.birthDate = birthDate
            draft.birthDateEstimated = birthDateEstimated ?? false
            draft.deathDate = deathDate ?? ""
            draft.legalStatus = legalStatus ?? LegalStatus.citizen.rawValue
            draft.territoryCode = territoryCode
            draft.locality = locality ?? ""
            draft.street = street ?? ""
            draft.phones = (phones ?? []).joined(separator: ",")
            draft.documents = (documents ?? []).map { .init(type: $0.type, number: $0.number, issuedOn: $0.issuedOn ?? "") }
            return draft
        }
    }

    package struct PersonSummary: Content {
        package let id: UUID
        package let number: String
        package let givenName: String
        package let surname: String
        package let patronymic: String?
        package let sex: String
        package let birthDate: String
        package let birthDateEstimated: Bool
        package let territoryCode: String?
        package let mergedIntoId: UUID?
    }

    package struct MembershipDTO: Content { package let householdId: UUID; package let relationship: String; package let from: String; package let to: String? }
    package struct LinkDTO: Content { package let kind: String; package let personId: UUID; package let parentState: String; package let guardianshipForm: String?; package let decisionNumber: String?; package let decisionDate: String? }
    package struct FunctioningDTO: Content { package let id: UUID; package let instrument: String; package let interviewDate: String; package let hasDifficulty: Bool?; package let ruleVersion: String }
    package struct DisabilityDTO: Content { package let certificateNumber: String; package let group: String; package let validFrom: String; package let validTo: String? }

    package struct PersonDTO: Content {
        package let person: PersonSummary
        package let givenNameCyr: String?
        package let surnameCyr: String?
        package let patronymicCyr: String?
        package let deathDate: String?
        package let legalStatus: String
        package let locality: String?
        package let street: String?
        package let phones: [String]
        package let documents: [DocumentDTO]
        package let memberships: [MembershipDTO]
        package let parents: [LinkDTO]
        package let functioning: [FunctioningDTO]
        package let disabilityStatus: [DisabilityDTO]
        package let version: Int
    }

    package static func summary(_ person: Person, codes: [UUID: String]) -> PersonSummary {
        PersonSummary(id: person.id!, number: person.number, givenName: person.givenName, surname: person.surname,
                      patronymic: person.patronymic, sex: person.sex, birthDate: person.birthDate,
                      birthDateEstimated: person.birthDateEstimated,
                      territoryCode: person.$territory.id.flatMap { codes[$0] }, mergedIntoId: person.mergedIntoID)
    }

    package static func detail(_ person: Person, db: any Database) async throws -> PersonDTO {
        let id = person.id!
        let code = try await person.$territory.get(on: db)?.code
        let documents = try await PersonDocument.query(on: db).filter(\.$person.$id == id).all()
        let memberships = try await HouseholdMembership.query(on: db).filter(\.$person.$id == id).all()
        let links = try await FamilyLink.query(on: db).filter(\.$child.$id == id).all()
        let functioning = try await FunctioningRecord.query(on: db).filter(\.$person.$id == id).sort(\.$interviewDate).all()
        let statuses = try await DisabilityStatus.query(on: db).filter(\.$person.$id == id).all()
        return PersonDTO(
            person: summary(person, codes: person.$territory.id.map { [$0: code ?? ""] } ?? [:]),
            givenNameCyr: person.givenNameCyr, surnameCyr: person.surnameCyr, patronymicCyr: person.patronymicCyr,
            deathDate: person.deathDate, legalStatus: person.legalStatus, locality: person.locality, street: person.street,
            phones: person.phones?.components(separatedBy: ", ") ?? [],
            documents: documents.map { DocumentDTO(type: $0.type, number: $0.number, issuedOn: $0.issuedOn) },
            memberships: memberships.map { MembershipDTO(householdId: $0.$household.id, relationship: $0.relationship, from: $0.fromDate, to: $0.toDate) },
            parents: links.map { LinkDTO(kind: $0.kind, personId: $0.$adult.id, parentState: $0.parentState, guardianshipForm: $0.guardianshipForm,
                                         decisionNumber: $0.decisionNumber, decisionDate: $0.decisionDate) },
            functioning: functioning.map { FunctioningDTO(id: $0.id!, instrument: $0.instrument, interviewDate: $0.interviewDate,
                                                          hasDifficulty: $0.hasDifficulty, ruleVersion: $0.ruleVersion) },
            disabilityStatus: statuses.map { DisabilityDTO(certificateNumber: $0.certificateNumber, group: $0.group, validFrom: $0.validFrom, validTo: $0.validTo) },
            version: person.version)
    }

    package static func load(_ req: Request, _ action: Action) async throws -> Person {
        try await req.load(Person.self, action)
    }

    package static func respond<T: Content>(_ value: T, _ status: HTTPResponseStatus, _ req: Request) async throws -> Response {
        let response = try await value.encodeResponse(for: req)
        response.status = status
        return response
    }

    // MARK: handlers

    package struct PersonPage: Content { package let items: [PersonSummary]; package let page: Int; package let perPage: Int; package let hasMore: Bool; package let truncated: Bool }

    @Sendable package static func search(req: Request) async throws -> Response {
        let me = try await req.require(.viewPeople)
        var query = RegistrySearch.Query()
        query.text = (try? req.query.get(String.self, at: "q")) ?? ""
        query.territoryCode = (try? req.query.get(String.self, at: "territory")) ?? ""
        query.sex = (try? req.query.get(String.self, at: "sex")) ?? ""
        query.ageBand = (try? req.query.get(String.self, at: "ageBand")) ?? ""
        query.marker = (try? req.query.get(String.self, at: "marker")) ?? ""
        (query.page, query.perPage) = try req.apiPaging(maxPerPage: 100)
        let today = CalendarDate.today
        let result = try await RegistrySearch(db: req.db).run(query, scope: me.scope, today: today)
        let territoryIDs = Array(Set(result.people.compactMap { $0.person.$territory.id }))
        let codes = Dictionary(uniqueKeysWithValues: try await Territory.query(on: req.db).filter(\.$id ~~ territoryIDs).all().map { ($0.id!, $0.code) })
        try await req.audit.record(.personsSearched, recordType: "person", detail: "api \(query.auditDetail) results=\(result.people.count)")
        return try await PersonPage(items: result.people.map { summary($0.person, codes: codes) }, page: query.page,
                                    perPage: query.perPage, hasMore: result.hasMore, truncated: result.capped).encodeResponse(for: req)
    }

    package struct MatchesProblem: Content {
        package let type: String
        package let title: String
        package let status: Int
        package let detail: String
        package let matches: [Match]
        package struct Match: Content { package let id: UUID; package let number: String; package let score: Int; package let reasons: [String] }
    }

    @Sendable package static func create(req: Request) async throws -> Response {
        try await req.require(.editPeople)
        let input = try req.decodeStrictJSON(PersonInput.self, allowed: PersonInput.fields)
        switch try await req.registry.create(input.draft, confirmedNew: input.confirmNew ?? false) {
        case .created(let person):
            return try await respond(try await detail(person, db: req.db), .created, req)
        case .possibleMatches(let matches):
            let body = MatchesProblem(
                type: "https://goldaw.gov.tm/problems/possible-duplicate", title: "Conflict", status: 409,
                detail: req.t("registry.possible_matches"),
                matches: matches.map { .init(id: $0.person.id!, number: $0.person.number, score: $0.score.total,
                                             reasons: $0.score.reasons.map(\.reason.rawValue)) })
            let response = try await body.encodeResponse(for: req)
            response.status = .conflict
            response.headers.replaceOrAdd(name: .contentType, value: "application/problem+json; charset=utf-8")
            return response
        }
    }

    @Sendable package static func show(req: Request) async throws -> Response {
        let person = try await load(req, .viewPeople)
        try await req.audit.record(.personViewed, recordType: "person", recordID: person.id!.uuidString, detail: "api")
        return try await detail(person, db: req.db).encodeResponse(for: req)
    }

    @Sendable package static func update(req: Request) async throws -> Response {
        let person = try await load(req, .editPeople)
        guard person.mergedIntoID == nil else { throw AppError.conflict("registry.merged_read_only") }
        let input = try req.decodeStrictJSON(PersonInput.self, allowed: PersonInput.fields)
        guard let version = input.version else { throw AppError.invalid([.init(field: "version", key: "validation.required")]) }
        try await req.registry.update(person, with: input.draft, expectedVersion: version)
        return try await detail(person, db: req.db).encodeResponse(for: req)
    }

    package struct HistoryItem: Content { package let field: String; package let oldValue: String?; package let newValue: String?; package let changedBy: String?; package let changedAt: Date }
    package struct HistoryList: Content { package let items: [HistoryItem] }

    @Sendable package static func history(req: Request) async throws -> Response {
        let person = try await load(req, .viewPeople)
        try await req.audit.record(.personViewed, recordType: "person", recordID: person.id!.uuidString, detail: "api history")
        let changes = try await req.registryQueries.history(of: person)
        return try await HistoryList(items: changes.map {
            HistoryItem(field: $0.field, oldValue: $0.oldValue, newValue: $0.newValue, changedBy: $0.changedByName, changedAt: $0.changedAt)
        }).encodeResponse(for: req)
    }

    package struct FunctioningInput: Content {
        package let instrument: String
        package let interviewDate: String
        package let respondent: String
        package let answers: [String: Int]
    }

    package struct FunctioningOutput: Content {
        package let id: UUID
        package let instrument: String
        package let ruleVersion: String
        package let hasFunctionalDifficulty: Bool?
        package let domains: [Domain]
        package struct Domain: Content { package let domain: String; package let difficulty: Bool?; package let decidingQuestion: String?; package let decidingAnswer: Int? }
    }

    @Sendable package static func functioning(req: Request) async throws -> Response {
        let person = try await load(req, .editPeople)
        let input = try req.decodeStrictJSON(FunctioningInput.self, allowed: ["instrument", "interviewDate", "respondent", "answers"])
        guard let instrument = FunctioningInstrument(rawValue: input.instrument) else {
            throw AppError.invalid([.init(field: "instrument", key: "validation.choose")])
        }
        let (record, result) = try await req.personRecords.recordFunctioning(
            for: person, instrument: instrument, date: input.interviewDate, respondent: input.respondent, answers: input.answers)
        return try await respond(FunctioningOutput(
            id: record.id!, instrument: instrument.rawValue, ruleVersion: result.ruleVersion,
            hasFunctionalDifficulty: result.hasFunctionalDifficulty,
            domains: result.domains.map { .init(domain: $0.domain.rawValue, difficulty: $0.difficulty,
                                                decidingQuestion: $0.decidingQuestion, decidingAnswer: $0.decidingAnswer) }), .created, req)
    }

    package struct MergeInput: Content { package let mergeId: UUID }

    @Sendable package static func merge(req: Request) async throws -> Response {
        let survivor = try await load(req, .reviewDuplicates)
        let input = try req.decodeStrictJSON(MergeInput.self, allowed: ["mergeId"])
        let me = try await req.require(.reviewDuplicates)
        guard let merged = try await Person.find(input.mergeId, on: req.db),
              me.scope.kind == .national || me.scope.contains(territoryPath: merged.territoryPath) else { throw AppError.notFound }
        let pair = try await DuplicatePair.query(on: req.db).filter(\.$status == "open")
            .group(.or) { group in
                group.group(.and) { $0.filter(\.$personA.$id == survivor.id!).filter(\.$personB.$id == merged.id!) }
                group.group(.and) { $0.filter(\.$personA.$id == merged.id!).filter(\.$personB.$id == survivor.id!) }
            }.first()
        _ = try await req.merges.merge(survivor: survivor, merged: merged, pair: pair)
        return try await detail(survivor, db: req.db).encodeResponse(for: req)
    }

    package struct HouseholdInput: Content {
        package let territoryCode: String
        package let locality: String?
        package let street: String?
        package let members: [Member]
        package struct Member: Content { package let personId: UUID; package let relationship: String; package let from: String }
    }

    package struct HouseholdDTO: Content {
        package let id: UUID
        package let number: String
        package let territoryCode: String?
        package let locality: String?
        package let street: String?
        package let members: [Member]
        package struct Member: Content { package let personId: UUID; package let relationship: String; package let from: String; package let to: String? }
    }

    package static func householdDTO(_ household: Household, db: any Database) async throws -> HouseholdDTO {
        let members = try await HouseholdMembership.query(on: db).filter(\.$household.$id == household.id!).sort(\.$fromDate).all()
        return HouseholdDTO(id: household.id!, number: household.number, territoryCode: try await household.$territory.get(on: db)?.code,
                            locality: household.locality, street: household.street,
                            members: members.map { .init(personId: $0.$person.id, relationship: $0.relationship, from: $0.fromDate, to: $0.toDate) })
    }

    @Sendable package static func createHousehold(req: Request) async throws -> Response {
        try await req.require(.editPeople)
        let input = try req.decodeStrictJSON(HouseholdInput.self, allowed: ["territoryCode", "locality", "street", "members"])
        let household = try await req.households.create(
            territoryCode: input.territoryCode, locality: input.locality ?? "", street: input.street ?? "",
            members: input.members.map { .init(personID: $0.personId, relationship: $0.relationship, from: $0.from) })
        return try await respond(try await householdDTO(household, db: req.db), .created, req)
    }

    @Sendable package static func household(req: Request) async throws -> Response {
        try await req.require(.viewPeople)
        guard let id = req.parameters.get("id", as: UUID.self), let household = try await Household.find(id, on: req.db) else {
            throw AppError.notFound
        }
        try await req.require(.viewPeople, territoryPath: household.territoryPath)
        try await req.audit.record(.householdViewed, recordType: "household", recordID: id.uuidString, detail: "api")
        return try await householdDTO(household, db: req.db).encodeResponse(for: req)
    }
}
