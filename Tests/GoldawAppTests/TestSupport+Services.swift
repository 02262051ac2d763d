import Fluent
import Vapor
import GoldawCore
@testable import GoldawApp
@testable import GoldawPlatform
@testable import GoldawRegistry
@testable import GoldawBenefits
@testable import GoldawGrievances
@testable import GoldawSocialServices
@testable import GoldawCases
@testable import GoldawIndicators
@testable import GoldawTools

extension Fixtures {
    struct Services {
        let providerHere: UUID
        let providerThere: UUID
        let serviceHere: UUID
        let serviceThere: UUID
        let referralHere: UUID
        let referralThere: UUID
        let round: UUID
        let question: UUID
        let workerHere: UUID
        let workerThere: UUID
    }

    /// The two fixture organisations as providers, a day-care service each (two places in
    /// Mary), a referral to each from a person of the same etrap, an open inventory round with
    /// one number question, and a worker in each etrap.
    static func services(_ app: Application, people: People) async throws -> Services {
        let audit = AuditService(db: app.db)
        let directory = DirectoryService(db: app.db, actor: nil, audit: audit)
        let organisations = try await Organisation.query(on: app.db).sort(\.$createdAt).all()
        let here = organisations.first { $0.name.contains("Mary") }!, there = organisations.first { $0.name.contains("Çärjew") }!
        var providers: [Provider] = []
        var services: [SocialService] = []
        for (organisation, code) in [(here, inScopeEtrap), (there, otherEtrap)] {
            let provider = try await directory.makeProvider(organisation: organisation, kind: .stateBody, on: app.db)
            providers.append(provider)
            var draft = DirectoryService.ServiceDraft()
            draft.typeCode = SeedServiceType.dayCare.rawValue
            draft.name = "Day care \(code)"
            draft.form = ServiceForm.semiStationary.rawValue
            draft.grounds = [NeedGround.disability.rawValue]
            draft.areaCodes = [code]
            draft.capacity = "2"
            draft.occupancy = "0"
            services.append(try await directory.createService(for: provider, draft))
        }
        let referrals = ReferralService(db: app.db, actor: nil, audit: audit)
        var sent: [Referral] = []
        for (personID, service) in [(people.here, services[0]), (people.there, services[1])] {
            let person = try await Person.find(personID, on: app.db)!
            sent.append(try await referrals.send(consented(service: service.id!), person: person))
        }
        let inventory = InventoryService(db: app.db, actor: nil, audit: audit)
        let round = try await inventory.createRound(title: "Inventory 2026", closesOn: CalendarDate.today.adding(days: 30).iso)
        try await inventory.addQuestion(to: round, kind: QuestionKind.number.rawValue, prompt: "How many staff?", required: true, choices: "")
        try await inventory.move(round, to: .open, expectedVersion: round.version)
        let question = try await InventoryQuestion.query(on: app.db).filter(\.$round.$id == round.requireID()).first()!
        let workforce = WorkforceService(db: app.db, actor: nil, audit: audit)
        var workers: [Worker] = []
        for code in [inScopeEtrap, otherEtrap] {
            workers.append(try await workforce.createWorker(.init(fullName: "Worker \(code)", postType: PostType.socialWorker.rawValue,
                                                                  employer: "Etrap social protection department", territoryCode: code,
                                                                  startDate: "2024-01-01", endDate: "")))
        }
        return Services(providerHere: providers[0].id!, providerThere: providers[1].id!, serviceHere: services[0].id!, serviceThere: services[1].id!,
                        referralHere: sent[0].id!, referralThere: sent[1].id!, round: round.id!, question: question.id!,
                        workerHere: workers[0].id!, workerThere: workers[1].id!)
    }

    /// A referral draft with the caregiver's consent to refer and share information, given today.
    static func consented(service: UUID, urgency: ReferralUrgency = .medium, reason: String = "Needs day care while the mother works") -> ReferralService.Draft {
        var draft = ReferralService.Draft()
        draft.serviceID = service.uuidString
        draft.urgency = urgency.rawValue
        draft.reason = reason
        draft.consentBy = ConsentGiver.caregiver.rawValue
        draft.consentScope = ReferralConsentScope.referralAndInformation.rawValue
        draft.consentDate = CalendarDate.today.iso
        return draft
    }
}
