import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// `/api/v1/services`, `/providers`, `/referrals`, `/inventory`, `/workers`, `/posts`,
/// `/workforce`: the services module for other systems (case management, benefits, the
/// ministry's reporting). The same services and access policy as the pages.
package enum ServicesAPI {
    package static let id = APIOperation.Parameter(name: "id", location: "path", type: "string", required: true, description: "uuid")
    package static let paging: [APIOperation.Parameter] = [
        .page,
        .perPage(default: 25),
    ]

    package static var operations: [APIOperation] {
        [
            APIOperation(method: .GET, path: "/api/v1/services", operationID: "listServices",
                         summary: "Search the directory by need, territory, type, form and availability", authenticated: true,
                         parameters: [
                            .init(name: "type", location: "query", type: "string", required: false, description: "service type code"),
                            .init(name: "need", location: "query", type: "string", required: false, description: NeedGround.allCases.map(\.rawValue).joined(separator: " | ")),
                            .init(name: "territory", location: "query", type: "string", required: false, description: "territory code: services covering it"),
                            .init(name: "form", location: "query", type: "string", required: false, description: ServiceForm.allCases.map(\.rawValue).joined(separator: " | ")),
                            .init(name: "available", location: "query", type: "boolean", required: false, description: "only services with a free place"),
                            .init(name: "q", location: "query", type: "string", required: false, description: "part of the name"),
                         ] + paging, requestSchema: nil, responses: [200: "ServicePage", 401: nil, 422: nil], handler: listServices),
            APIOperation(method: .GET, path: "/api/v1/services/{id}", operationID: "getService", summary: "One service of the directory",
                         authenticated: true, parameters: [id], requestSchema: nil, responses: [200: "Service", 401: nil, 404: nil], handler: getService),
            APIOperation(method: .GET, path: "/api/v1/providers", operationID: "listProviders", summary: "Providers, by name",
                         authenticated: true, parameters: paging, requestSchema: nil, responses: [200: "ProviderPage", 401: nil, 422: nil], handler: listProviders),
            APIOperation(method: .GET, path: "/api/v1/providers/{id}", operationID: "getProvider", summary: "One provider with its services",
                         authenticated: true, parameters: [id], requestSchema: nil, responses: [200: "Provider", 401: nil, 404: nil], handler: getProvider),
            APIOperation(method: .POST, path: "/api/v1/referrals", operationID: "createReferral",
                         summary: "Refer a person to a service, with consent or (supervisors) an override with a reason", authenticated: true,
                         parameters: [], requestSchema: "ReferralInput", responses: [201: "Referral", 401: nil, 403: nil, 404: nil, 422: nil], handler: createReferral),
            APIOperation(method: .GET, path: "/api/v1/referrals", operationID: "listReferrals",
                         summary: "Referrals sent from the caller's territory, or (providers) sent to the caller's organisation; open ones by deadline",
                         authenticated: true, parameters: [
                            .init(name: "status", location: "query", type: "string", required: false, description: ReferralStatus.allCases.map(\.rawValue).joined(separator: " | ") + " | all (default: open ones)"),
                            .init(name: "overdue", location: "query", type: "boolean", required: false, description: "only those past their step's deadline"),
                         ] + paging, requestSchema: nil, responses: [200: "ReferralPage", 401: nil, 403: nil, 422: nil], handler: listReferrals),
            APIOperation(method: .GET, path: "/api/v1/referrals/{id}", operationID: "getReferral",
                         summary: "One referral: the sender's full view, or the provider's summary limited by the consent", authenticated: true,
                         parameters: [id], requestSchema: nil, responses: [200: "Referral", 401: nil, 403: nil, 404: nil], handler: getReferral),
        ] + ReferralAction.allCases.map { action in
            APIOperation(method: .POST, path: "/api/v1/referrals/{id}/\(action.rawValue)", operationID: "\(action.rawValue)Referral",
                         summary: "Provider: \(action.rawValue) the referral" + (ReferralWorkflow.needsNote(action) ? " (note: the reason or outcome, required)" : ""),
                         authenticated: true, parameters: [id], requestSchema: "ReferralTransition",
                         responses: [200: "Referral", 401: nil, 403: nil, 404: nil, 409: nil, 422: nil],
                         handler: { req in try await transition(req, action) })
        } + [
            APIOperation(method: .GET, path: "/api/v1/inventory/rounds", operationID: "listInventoryRounds", summary: "Inventory rounds, newest first",
                         authenticated: true, parameters: [], requestSchema: nil, responses: [200: "InventoryRoundList", 401: nil, 403: nil], handler: listRounds),
            APIOperation(method: .GET, path: "/api/v1/inventory/rounds/{id}", operationID: "getInventoryRound", summary: "One round with its questions",
                         authenticated: true, parameters: [id], requestSchema: nil, responses: [200: "InventoryRound", 401: nil, 403: nil, 404: nil], handler: getRound),
            APIOperation(method: .POST, path: "/api/v1/inventory/rounds/{id}/responses", operationID: "submitInventoryResponse",
                         summary: "Answer an open round for a provider; answers are typed and checked, service changes wait for review",
                         authenticated: true, parameters: [id], requestSchema: "InventoryResponseInput",
                         responses: [201: "InventoryResponse", 401: nil, 403: nil, 404: nil, 409: nil, 422: nil], handler: submitResponse),
            APIOperation(method: .GET, path: "/api/v1/workers", operationID: "listWorkers", summary: "Workers in the caller's territory",
                         authenticated: true, parameters: paging, requestSchema: nil, responses: [200: "WorkerPage", 401: nil, 403: nil, 422: nil], handler: listWorkers),
            APIOperation(method: .GET, path: "/api/v1/workers/{id}", operationID: "getWorker", summary: "One worker with qualifications, trainings and posts",
                         authenticated: true, parameters: [id], requestSchema: nil, responses: [200: "Worker", 401: nil, 403: nil, 404: nil], handler: getWorker),
            APIOperation(method: .GET, path: "/api/v1/posts", operationID: "listPosts", summary: "Funded posts in the caller's territory, filled or vacant",
                         authenticated: true, parameters: paging, requestSchema: nil, responses: [200: "PostPage", 401: nil, 403: nil, 422: nil], handler: listPosts),
            APIOperation(method: .GET, path: "/api/v1/workforce/figures", operationID: "getWorkforceFigures",
                         summary: "Workers per 10,000 population and children, qualified share, posts, by welaýat and etrap", authenticated: true,
                         parameters: [], requestSchema: nil, responses: [200: "WorkforceFigures", 401: nil, 403: nil], handler: figures),
        ]
    }

    // MARK: directory

    package struct ServiceDTO: Content {
        package let id: UUID; package let providerId: UUID; package let providerName: String; package let type: String; package let name: String; package let form: String
        package let targetGroups: [String]; package let territoryCodes: [String]; package let eligibility: String?; package let capacity: Int?; package let occupancy: Int
        package let freePlaces: Int?; package let openingHours: String?; package let free: Bool; package let costNote: String?; package let languages: String?
        package let active: Bool; package let version: Int

        package init(_ entry: DirectoryService.Entry) {
            let service = entry.service
            id = service.id!; providerId = entry.provider.id!; providerName = entry.providerName; type = service.typeCode; name = service.name
            form = service.form; targetGroups = entry.grounds; territoryCodes = entry.areas.map(\.code); eligibility = service.eligibility
            capacity = service.capacity; occupancy = service.occupancy; freePlaces = service.freePlaces; openingHours = service.openingHours
            free = service.free; costNote = service.costNote; languages = service.languages; active = service.active; version = service.version
        }
    }

    @Sendable package static func listServices(req: Request) async throws -> Response {
        try await req.require(.viewServices)
        let (page, perPage) = try req.apiPaging()
        var query = DirectoryService.Query(typeCode: ServicesView.query(req, "type"), ground: ServicesView.query(req, "need"),
                                           territoryCode: ServicesView.query(req, "territory"), form: ServicesView.query(req, "form"),
                                           available: ServicesView.query(req, "available") == "true", text: ServicesView.query(req, "q"))
        query.page = page
        query.perPage = perPage
        let problems = DirectoryService.problems(query)
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        return try await req.directoryQueries.search(query).map(ServiceDTO.init).api.encodeResponse(for: req)
    }

    @Sendable package static func getService(req: Request) async throws -> Response {
        let service = try await DirectoryController.loadService(req)
        guard let entry = try await req.directoryQueries.entries([service]).first else { throw AppError.notFound }
        return try await ServiceDTO(entry).encodeResponse(for: req)
    }

    package struct ProviderDTO: Content {
        package let id: UUID; package let name: String; package let kind: String; package let territoryCode: String; package let address: String?; package let phone: String?
        package let email: String?; package let licence: String?; package let licenceValidTo: String?; package let registeredOn: String; package let active: Bool; package let version: Int
        package let services: [ServiceDTO]?
    }

    package static func providerDTO(_ provider: Provider, name: String, code: String, services: [ServiceDTO]?) -> ProviderDTO {
        ProviderDTO(id: provider.id!, name: name, kind: provider.kind, territoryCode: code, address: provider.address, phone: provider.phone,
                    email: provider.email, licence: provider.licence, licenceValidTo: provider.licenceValidTo, registeredOn: provider.registeredOn,
                    active: provider.active, version: provider.version, services: services)
    }

    @Sendable package static func listProviders(req: Request) async throws -> Response {
        try await req.require(.viewServices)
        let (page, perPage) = try req.apiPaging()
        let found = try await Organisation.query(on: req.db).join(Provider.self, on: \Organisation.$id == \Provider.$id)
            .sort(\.$name).sort(\.$id).readPage(page, perPage: perPage)
        let ids = Set(found.rows.compactMap(\.id))
        let providers = try await Provider.query(on: req.db).filter(\.$id ~~ ids).all()
        let codes = Dictionary(uniqueKeysWithValues: try await Territory.query(on: req.db).filter(\.$id ~~ Set(providers.map { $0.$territory.id })).all().map { ($0.id!, $0.code) })
        let byID = Dictionary(uniqueKeysWithValues: providers.map { ($0.id!, $0) })
        return try await found.withRows(found.rows.compactMap { organisation in
            byID[organisation.id!].map { providerDTO($0, name: organisation.name, code: codes[$0.$territory.id] ?? "", services: nil) }
        }).api.encodeResponse(for: req)
    }

    @Sendable package static func getProvider(req: Request) async throws -> Response {
        let (provider, organisation) = try await DirectoryController.loadProvider(req)
        let services = try await SocialService.query(on: req.db).filter(\.$provider.$id == provider.requireID()).sort(\.$name).all()
        let territory = try await provider.$territory.get(on: req.db)
        return try await providerDTO(provider, name: organisation.name, code: territory.code,
                                     services: try await req.directoryQueries.entries(services).map(ServiceDTO.init)).encodeResponse(for: req)
    }

    // MARK: referrals

    package struct ConsentDTO: Content { package let by: String; package let scope: String; package let date: String }
    package struct ReferralInput: Content {
        package let personId: UUID; package let serviceId: UUID; package let urgency: String; package let reason: String; package let information: String?
        package let consent: ConsentDTO?; package let overrideReason: String?; package let source: String?; package let sourceReference: String?
        package static let fields: Set<String> = ["personId", "serviceId", "urgency", "reason", "information", "consent", "overrideReason", "source", "sourceReference"]
    }
    package typealias EventDTO = StatusHistory.Event
    package struct ReferralDTO: Content {
        package let id: UUID; package let number: String; package let status: String; package let urgency: String; package let personId: UUID?; package let personName: String
        package let serviceId: UUID; package let providerId: UUID; package let reason: String; package let information: String?; package let outcome: String?
        package let sentOn: String; package let dueDate: String?; package let overdue: Bool; package let consent: ConsentDTO?; package let overridden: Bool
        package let source: String; package let sourceReference: String?; package let caseId: UUID?; package let waitingPosition: Int?; package let version: Int
        package let events: [EventDTO]
    }
    package struct Transition: Content { package let version: Int; package let note: String? }

    package static func dto(_ referral: Referral, providerView: Bool, req: Request, events withEvents: Bool = true) async throws -> ReferralDTO {
        let person = try await referral.$person.get(on: req.db)
        let events = withEvents ? try await ReferralEvent.query(on: req.db).filter(\.$referral.$id == referral.requireID()).sort(\.$occurredAt).all() : []
        let position = referral.statusValue == .waitlisted
            ? try await req.referrals.waitingList(serviceID: referral.$service.id).firstIndex { $0.id == referral.id }.map { $0 + 1 } : nil
        let consent = zip3(referral.consentBy, referral.consentScope, referral.consentDate).map { ConsentDTO(by: $0.0, scope: $0.1, date: $0.2) }
        return ReferralDTO(
            id: referral.id!, number: referral.number, status: referral.status, urgency: referral.urgency,
            personId: providerView ? nil : person.id, personName: PersonProfile.fullName(person), serviceId: referral.$service.id,
            providerId: referral.$provider.id, reason: referral.reason,
            information: providerView && !referral.sharesInformation ? nil : referral.information, outcome: referral.outcome,
            sentOn: referral.sentOn, dueDate: referral.dueDate, overdue: referral.isOverdue(today: CalendarDate.today.iso), consent: consent,
            overridden: referral.overrideReason != nil, source: referral.source, sourceReference: referral.sourceReference,
            caseId: providerView ? nil : referral.caseID, waitingPosition: position, version: referral.version,
            events: StatusHistory.api(events))
    }

    package static func zip3<A, B, C>(_ a: A?, _ b: B?, _ c: C?) -> (A, B, C)? {
        guard let a, let b, let c else { return nil }
        return (a, b, c)
    }

    @Sendable package static func createReferral(req: Request) async throws -> Response {
        try await req.require(.sendReferrals)
        let input = try req.decodeStrictJSON(ReferralInput.self, allowed: ReferralInput.fields)
        guard let person = try await Person.find(input.personId, on: req.db) else { throw AppError.notFound }
        try await req.require(.sendReferrals, territoryPath: person.territoryPath)
        let draft = ReferralService.Draft(serviceID: input.serviceId.uuidString, urgency: input.urgency, reason: input.reason,
                                          information: input.information ?? "", consentBy: input.consent?.by ?? "",
                                          consentScope: input.consent?.scope ?? "", consentDate: input.consent?.date ?? "",
                                          override: input.overrideReason != nil, overrideReason: input.overrideReason ?? "",
                                          source: input.source ?? "worker", sourceReference: input.sourceReference ?? "")
        let referral = try await req.referrals.send(draft, person: person)
        return try await RegistryAPI.respond(try await dto(referral, providerView: false, req: req), .created, req)
    }

    /// Providers act on their organisation's referrals; everyone else reads those from their territory.
    package static func isProvider(_ req: Request) -> Bool {
        req.currentUser.map { AccessPolicy.allows($0.role, .handleReferrals) } ?? false
    }

    @Sendable package static func listReferrals(req: Request) async throws -> Response {
        let provider = isProvider(req)
        let me = try await req.require(provider ? .handleReferrals : .viewReferrals)
        let (page, perPage) = try req.apiPaging()
        let status = ServicesView.query(req, "status")
        if !status.isEmpty && status != "all" && ReferralStatus(rawValue: status) == nil {
            throw AppError.invalid([.init(field: "status", key: "validation.choose")])
        }
        let query = ReferralService.ListQuery(status: status, overdueOnly: ServicesView.query(req, "overdue") == "true", page: page, perPage: perPage)
        let providerID = provider ? me.scope.organisationID.flatMap(UUID.init(uuidString:)) : nil
        if provider && providerID == nil { throw AppError.notFound }
        let found = try await req.referrals.list(query, scope: me.scope, providerID: providerID)
        return try await found.map { try await dto($0, providerView: provider, req: req, events: false) }.api.encodeResponse(for: req)
    }

    package static func load(_ req: Request) async throws -> (Referral, Bool) {
        let provider = isProvider(req)
        let referral = provider ? try await ReferralController.loadIncoming(req) : try await ReferralController.loadSent(req)
        return (referral, provider)
    }

    @Sendable package static func getReferral(req: Request) async throws -> Response {
        let (referral, provider) = try await load(req)
        try await req.audit.record(.referralViewed, recordType: "referral", recordID: referral.id!.uuidString, detail: "api")
        return try await dto(referral, providerView: provider, req: req).encodeResponse(for: req)
    }

    package static func transition(_ req: Request, _ action: ReferralAction) async throws -> Response {
        let referral = try await ReferralController.loadIncoming(req)
        let input = try req.decodeStrictJSON(Transition.self, allowed: ["version", "note"])
        try await req.referrals.perform(action, on: referral, note: input.note ?? "", expectedVersion: input.version)
        let fresh = try await Referral.find(referral.requireID(), on: req.db)!
        return try await dto(fresh, providerView: true, req: req).encodeResponse(for: req)
    }

    // MARK: inventory

    package struct QuestionDTO: Content { package let id: UUID; package let position: Int; package let kind: String; package let prompt: String; package let required: Bool; package let choices: [String] }
    package struct RoundDTO: Content { package let id: UUID; package let title: String; package let status: String; package let openedOn: String?; package let closesOn: String; package let version: Int; package let questions: [QuestionDTO]? }
    package struct RoundList: Content { package let items: [RoundDTO] }
    package struct ServiceUpdateDTO: Content { package let serviceId: UUID; package let capacity: Int?; package let occupancy: Int; package let active: Bool }
    package struct ResponseInput: Content {
        package let providerId: UUID; package let answers: [String: String]?; package let grids: [String: [String: String]]?; package let services: [ServiceUpdateDTO]?
        package static let fields: Set<String> = ["providerId", "answers", "grids", "services"]
    }
    package struct ResponseDTO: Content { package let id: UUID; package let roundId: UUID; package let providerId: UUID; package let status: String; package let version: Int }

    package static func roundDTO(_ round: InventoryRound, questions: [InventoryQuestion]?) -> RoundDTO {
        RoundDTO(id: round.id!, title: round.title, status: round.status, openedOn: round.openedOn, closesOn: round.closesOn, version: round.version,
                 questions: questions?.map { QuestionDTO(id: $0.id!, position: $0.position, kind: $0.kind, prompt: $0.prompt, required: $0.required, choices: $0.choiceList) })
    }

    @Sendable package static func listRounds(req: Request) async throws -> Response {
        let me = try await req.require(.answerInventory)
        var query = InventoryRound.query(on: req.db).sort(\.$closesOn, .descending)
        if !AccessPolicy.allows(me.role, .manageInventory) { query = query.filter(\.$status != InventoryRoundStatus.draft.rawValue) }
        return try await RoundList(items: try await query.limit(100).all().map { roundDTO($0, questions: nil) }).encodeResponse(for: req)
    }

    @Sendable package static func getRound(req: Request) async throws -> Response {
        let me = try await req.require(.answerInventory)
        let round = try await InventoryController.loadRound(req)
        if round.statusValue == .draft && !AccessPolicy.allows(me.role, .manageInventory) { throw AppError.notFound }
        return try await roundDTO(round, questions: try await req.inventory.questions(round)).encodeResponse(for: req)
    }

    @Sendable package static func submitResponse(req: Request) async throws -> Response {
        try await req.require(.answerInventory)
        let round = try await InventoryController.loadRound(req)
        let input = try req.decodeStrictJSON(ResponseInput.self, allowed: ResponseInput.fields)
        guard let provider = try await Provider.find(input.providerId, on: req.db) else { throw AppError.notFound }
        try await req.require(.answerInventory, territoryPath: provider.territoryPath, organisationID: provider.id!.uuidString)
        var submission = InventoryService.Submission()
        submission.answers = (input.answers ?? [:]).reduce(into: [:]) { $0[$1.key.uppercased()] = $1.value }
        submission.grids = (input.grids ?? [:]).reduce(into: [:]) { $0[$1.key.uppercased()] = $1.value }
        for update in input.services ?? [] {
            submission.services[update.serviceId.uuidString] = (update.capacity.map(String.init) ?? "", String(update.occupancy), update.active)
        }
        let response = try await req.inventory.submit(submission, round: round, provider: provider)
        return try await RegistryAPI.respond(ResponseDTO(id: response.id!, roundId: round.id!, providerId: provider.id!, status: response.status,
                                                         version: response.version), .created, req)
    }

    // MARK: workforce

    package struct WorkerDTO: Content {
        package let id: UUID; package let number: String; package let fullName: String; package let postType: String; package let employer: String; package let territoryCode: String
        package let startDate: String; package let endDate: String?; package let version: Int
        package let qualifications: [QualificationDTO]?; package let trainings: [TrainingDTO]?
    }
    package struct QualificationDTO: Content { package let field: String; package let title: String; package let year: Int; package let institution: String }
    package struct TrainingDTO: Content { package let title: String; package let hours: Int; package let completedOn: String; package let certificate: String? }
    package struct PostDTO: Content {
        package let id: UUID; package let number: String; package let postType: String; package let employer: String; package let territoryCode: String; package let fullTime: Bool
        package let fundedFrom: String; package let fundedTo: String?; package let filled: Bool; package let workerId: UUID?; package let recruitmentStatus: String; package let version: Int
    }

    package static func codes(_ ids: Set<UUID>, _ req: Request) async throws -> [UUID: String] {
        Dictionary(uniqueKeysWithValues: try await Territory.query(on: req.db).filter(\.$id ~~ ids).all().map { ($0.id!, $0.code) })
    }

    @Sendable package static func listWorkers(req: Request) async throws -> Response {
        let me = try await req.require(.viewWorkforce)
        let (page, perPage) = try req.apiPaging()
        let found = try await req.workforceQueries.workers(scope: me.scope, page: page, perPage: perPage)
        let places = try await codes(Set(found.rows.map { $0.$territory.id }), req)
        return try await found.map {
            WorkerDTO(id: $0.id!, number: $0.number, fullName: $0.fullName, postType: $0.postType, employer: $0.employer,
                      territoryCode: places[$0.$territory.id] ?? "", startDate: $0.startDate, endDate: $0.endDate, version: $0.version,
                      qualifications: nil, trainings: nil)
        }.api.encodeResponse(for: req)
    }

    @Sendable package static func getWorker(req: Request) async throws -> Response {
        let worker = try await WorkforceController.loadWorker(req)
        let id = try worker.requireID()
        let qualifications = try await WorkerQualification.query(on: req.db).filter(\.$worker.$id == id).all()
        let trainings = try await WorkerTraining.query(on: req.db).filter(\.$worker.$id == id).all()
        let territory = try await worker.$territory.get(on: req.db)
        try await req.audit.record(.workerViewed, recordType: "worker", recordID: id.uuidString, detail: "api")
        return try await WorkerDTO(id: id, number: worker.number, fullName: worker.fullName, postType: worker.postType, employer: worker.employer,
                                   territoryCode: territory.code, startDate: worker.startDate, endDate: worker.endDate, version: worker.version,
                                   qualifications: qualifications.map { QualificationDTO(field: $0.field, title: $0.title, year: $0.year, institution: $0.institution) },
                                   trainings: trainings.map { TrainingDTO(title: $0.title, hours: $0.hours, completedOn: $0.completedOn, certificate: $0.certificate) })
            .encodeResponse(for: req)
    }

    @Sendable package static func listPosts(req: Request) async throws -> Response {
        let me = try await req.require(.viewWorkforce)
        let (page, perPage) = try req.apiPaging()
        let found = try await req.workforceQueries.posts(scope: me.scope, page: page, perPage: perPage, today: CalendarDate.today.iso)
        let places = try await codes(Set(found.rows.map { $0.post.$territory.id }), req)
        return try await found.map { row in
            let post = row.post
            return PostDTO(id: post.id!, number: post.number, postType: post.postType, employer: post.employer, territoryCode: places[post.$territory.id] ?? "",
                           fullTime: post.fullTime, fundedFrom: post.fundedFrom, fundedTo: post.fundedTo, filled: row.holder != nil,
                           workerId: row.holder?.id, recruitmentStatus: post.recruitmentStatus, version: post.version)
        }.api.encodeResponse(for: req)
    }

    package struct FigureDTO: Content {
        package let level: String; package let code: String; package let workers: Int; package let byPostType: [String: Int]; package let socialWorkQualified: Int
        package let qualifiedSharePercent: Double?; package let postsFunded: Int; package let postsFilled: Int; package let postsVacant: Int
        package let population: Int?; package let children: Int?; package let workersPer10000: Double?; package let workersPer10000Children: Double?
    }
    package struct FiguresDTO: Content { package let date: String; package let items: [FigureDTO] }

    @Sendable package static func figures(req: Request) async throws -> Response {
        try await req.require(.viewWorkforceFigures)
        let rows = try await ServiceFigures(db: req.reportDB).workforce()
        return try await FiguresDTO(date: CalendarDate.today.iso, items: rows.map {
            FigureDTO(level: $0.isRegion ? "welayat" : "etrap", code: $0.unit.code, workers: $0.workers, byPostType: $0.byType,
                      socialWorkQualified: $0.qualified, qualifiedSharePercent: $0.qualifiedShare, postsFunded: $0.postsFunded,
                      postsFilled: $0.postsFilled, postsVacant: $0.postsVacant, population: $0.total, children: $0.children,
                      workersPer10000: $0.perTenThousand, workersPer10000Children: $0.perTenThousandChildren)
        }).encodeResponse(for: req)
    }
}
