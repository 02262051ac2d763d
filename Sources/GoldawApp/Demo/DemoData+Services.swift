import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawBenefits
import GoldawGrievances
import GoldawSocialServices
import GoldawCases
import GoldawIndicators
import GoldawTools

/// Demo services: the day centre `provider.mary` works for becomes a provider with two
/// services, with a psychosocial centre (full, so it keeps a waiting list) and a family support
/// centre in Çärjew; an open inventory round with one answer approved and one waiting; workers,
/// posts filled and vacant; referrals at different steps (one overdue). Etrap populations here
/// are illustrative demo figures, labelled as such; the census totals by welaýat come from M015.
extension DemoData {
    package static let demoPopulationSource = "Demo: illustrative figure, not official"

    package static func loadServices(into app: Application) async throws {
        let day: TimeInterval = 86_400
        let audit = AuditService(db: app.db, actor: nil, clientIP: nil, requestID: "demo")
        let admin = try await demoActor("admin", app)
        let directory = DirectoryService(db: app.db, actor: admin, audit: audit)
        guard let dayCentreOrg = try await Organisation.query(on: app.db).filter(\.$name == organisationName).first() else { return }

        // Providers and services.
        let dayCentre = try await directory.makeProvider(organisation: dayCentreOrg, kind: .stateBody, on: app.db)
        dayCentre.address = "Mary etraby, Täze durmuş köçesi, 12"
        dayCentre.phone = "+993 522 6 14 20"
        dayCentre.licence = "MZŠ-2022/114"
        try await dayCentre.save(on: app.db)
        func service(_ provider: Provider, _ type: SeedServiceType, _ name: String, _ form: ServiceForm, _ grounds: [NeedGround],
                     _ areas: [String], capacity: Int?, occupancy: Int, hours: String) async throws -> SocialService {
            try await directory.createService(for: provider, .init(
                typeCode: type.rawValue, name: name, form: form.rawValue, grounds: grounds.map(\.rawValue), areaCodes: areas,
                eligibility: "", capacity: capacity.map(String.init) ?? "", occupancy: String(occupancy), openingHours: hours,
                free: true, costNote: "", languages: "türkmen, rus", active: true))
        }
        let dayCare = try await service(dayCentre, .dayCare, "Maýyplygy bolan çagalar üçin gündizki ideg", .semiStationary, [.disability],
                                        [maryEtrap], capacity: 20, occupancy: 17, hours: "Duşenbe–anna, 8:00–17:00")
        let parenting = try await service(dayCentre, .parentingEducation, "Ene-atalar mekdebi", .semiStationary, [.disability, .familyTrouble],
                                          ["TM-M"], capacity: nil, occupancy: 0, hours: "Şenbe, 10:00–12:00")
        let psychOrg = Organisation(name: "Mary welaýat psihologik goldaw merkezi", territoryID: dayCentre.$territory.id)
        try await psychOrg.create(on: app.db)
        let psych = try await directory.makeProvider(organisation: psychOrg, kind: .stateBody, on: app.db)
        let counselling = try await service(psych, .psychosocialSupport, "Çagalar we ýetginjekler üçin psihologik maslahat", .semiStationary,
                                            [.familyTrouble, .orphanhood], ["TM-M"], capacity: 10, occupancy: 10, hours: "Duşenbe–şenbe, 9:00–18:00")
        guard let lebap = try await Territory.query(on: app.db).filter(\.$code == lebapEtrap).first() else { return }
        let familyOrg = Organisation(name: "Çärjew etrabynyň maşgala goldaw merkezi", territoryID: try lebap.requireID())
        try await familyOrg.create(on: app.db)
        let family = try await directory.makeProvider(organisation: familyOrg, kind: .ngo, on: app.db)
        _ = try await service(family, .familyMediation, "Maşgala araçylygy", .atHome, [.familyTrouble], [lebapEtrap], capacity: 15, occupancy: 4,
                              hours: "Duşenbe–anna, 9:00–17:00")
        _ = try await service(family, .homeCareOlder, "Ýalňyz ýaşulular üçin öýde ideg", .atHome, [.oldAge, .loneliness], [lebapEtrap],
                              capacity: 25, occupancy: 21, hours: "Her gün")

        // Workers, qualifications, trainings, posts.
        let workforce = WorkforceService(db: app.db, actor: admin, audit: audit)
        let roster: [(String, PostType, String, String, Bool)] = [
            ("Ogulbike Hallyýewa", .specialist, maryEtrap, "2020-06-01", true),
            ("Maksat Durdyýew", .specialist, maryEtrap, "2020-06-01", true),
            ("Jemal Rahmanowa", .socialWorker, maryEtrap, "2022-02-01", false),
            ("Aýna Berdiýewa", .supervisor, maryEtrap, "2019-09-01", true),
            ("Serdar Orazow", .specialist, lebapEtrap, "2020-06-01", true),
            ("Gülälek Atamyradowa", .paraProfessional, lebapEtrap, "2023-03-01", false),
        ]
        var workers: [Worker] = []
        for (name, type, etrap, start, degree) in roster {
            let worker = try await workforce.createWorker(.init(fullName: name, postType: type.rawValue, employer: "Etrap zähmet we ilaty durmuş taýdan goramak bölümi",
                                                                territoryCode: etrap, startDate: start, endDate: ""))
            try await workforce.addQualification(to: worker, field: degree ? DegreeField.socialWork.rawValue : DegreeField.other.rawValue,
                                                 title: degree ? "Sosial iş" : "Mugallymçylyk", year: degree ? "2019" : "2012",
                                                 institution: degree ? "Magtymguly adyndaky Türkmen döwlet uniwersiteti" : "Mary döwlet pedagogik instituty")
            if type == .specialist {
                try await workforce.addTraining(to: worker, title: "Sosial işiň esaslary we işi ýöretmek (10 aý)", hours: "320",
                                                completedOn: "2021-10-29", certificate: "JP-2021-\(workers.count + 1)")
            }
            workers.append(worker)
        }
        for worker in workers.prefix(2) {
            let staff = ServiceStaff()
            staff.$service.id = try dayCare.requireID()
            staff.$worker.id = try worker.requireID()
            try await staff.create(on: app.db)
        }
        for (index, worker) in workers.enumerated() {
            let etrap = index < 4 ? maryEtrap : lebapEtrap
            let post = try await workforce.createPost(.init(postType: worker.postType, employer: worker.employer, territoryCode: etrap,
                                                            fullTime: true, fundedFrom: "2022-01-01", fundedTo: ""))
            try await workforce.assign(post, workerNumber: worker.number, start: worker.startDate < "2022-01-01" ? "2022-01-01" : worker.startDate,
                                       end: "", expectedVersion: post.version)
        }
        let vacantMary = try await workforce.createPost(.init(postType: PostType.specialist.rawValue, employer: "Etrap zähmet we ilaty durmuş taýdan goramak bölümi",
                                                              territoryCode: maryEtrap, fullTime: true, fundedFrom: "2026-01-01", fundedTo: ""))
        try await workforce.setRecruitment(vacantMary, status: RecruitmentStatus.advertised.rawValue, expectedVersion: vacantMary.version)
        _ = try await workforce.createPost(.init(postType: PostType.socialWorker.rawValue, employer: "Etrap zähmet we ilaty durmuş taýdan goramak bölümi",
                                                 territoryCode: lebapEtrap, fullTime: true, fundedFrom: "2026-01-01", fundedTo: ""))
        for (code, total, children) in [(maryEtrap, "152000", "58000"), (lebapEtrap, "118000", "45000")] {
            try await workforce.addPopulation(territoryCode: code, asOf: "2025-01-01", total: total, children: children, source: demoPopulationSource)
        }

        // An inventory round: the psychosocial centre's answer approved, the day centre's waiting.
        let inventory = InventoryService(db: app.db, actor: admin, audit: audit)
        let round = try await inventory.createRound(title: "Jemgyýetçilik esasly hyzmatlaryň hasaba alnyşy 2026", closesOn: CalendarDate.today.adding(days: 21).iso)
        try await inventory.addQuestion(to: round, kind: QuestionKind.number.rawValue, prompt: "Hyzmaty berýän işgärleriň sany", required: true, choices: "")
        try await inventory.addQuestion(to: round, kind: QuestionKind.choice.rawValue, prompt: "Garaşylýanlaryň sanawyny alyp barýarsyňyzmy?", required: true, choices: "hawa\nýok")
        try await inventory.addQuestion(to: round, kind: QuestionKind.territoryGrid.rawValue, prompt: "Geçen ýyl hyzmat alan çagalar, etraplar boýunça", required: false, choices: "")
        try await inventory.addQuestion(to: round, kind: QuestionKind.text.rawValue, prompt: "Haýsy hyzmatlar ýetmeýär?", required: false, choices: "")
        try await inventory.move(round, to: .open, expectedVersion: round.version)
        let questions = try await inventory.questions(round)
        func submission(staff: String, waiting: String, grid: [String: String], text: String, services: [SocialService], occupancy: Int) -> InventoryService.Submission {
            var result = InventoryService.Submission()
            result.answers = [questions[0].id!.uuidString: staff, questions[1].id!.uuidString: waiting, questions[3].id!.uuidString: text]
            result.grids = [questions[2].id!.uuidString: grid]
            for service in services { result.services[service.id!.uuidString] = (service.capacity.map(String.init) ?? "", String(occupancy), true) }
            return result
        }
        let provider = try await demoActor("provider.mary", app)
        let answered = try await InventoryService(db: app.db, actor: admin, audit: audit)
            .submit(submission(staff: "4", waiting: "hawa", grid: [maryEtrap: "46", "M-BAY": "9"], text: "Logoped ýetmeýär", services: [counselling], occupancy: 10),
                    round: round, provider: psych)
        try await inventory.review(answered, approve: true, note: "", expectedVersion: answered.version)
        _ = try await InventoryService(db: app.db, actor: provider, audit: audit)
            .submit(submission(staff: "6", waiting: "ýok", grid: [maryEtrap: "31"], text: "Ýetginjekler üçin hünär okuwy", services: [dayCare], occupancy: 18),
                    round: round, provider: dayCentre)

        // Referrals at different steps.
        let people = try await Person.query(on: app.db).filter(\.$territoryPath =~ "/TM-M/").all()
        guard let worker = try await demoActor("worker.mary", app), let officer = try await demoActor("officer.mary", app),
              let arslan = people.first(where: { $0.givenName == "Arslan" }), let maral = people.first(where: { $0.givenName == "Maral" }),
              let batyr = people.first(where: { $0.givenName == "Batyr" }), let merjen = people.first(where: { $0.givenName == "Merjen" }) else { return }
        func sender(_ actor: CurrentUser?, daysAgo: Double) -> ReferralService {
            ReferralService(db: app.db, actor: actor, audit: audit, now: AppClock.now.addingTimeInterval(-daysAgo * day))
        }
        func consent(_ service: SocialService, _ urgency: ReferralUrgency, _ reason: String, daysAgo: Int, source: String = "worker") -> ReferralService.Draft {
            ReferralService.Draft(serviceID: service.id!.uuidString, urgency: urgency.rawValue, reason: reason, information: "",
                                  consentBy: ConsentGiver.caregiver.rawValue, consentScope: ReferralConsentScope.referralAndInformation.rawValue,
                                  consentDate: CalendarDate.today.adding(days: -daysAgo).iso, source: source)
        }
        func move(_ referral: Referral, _ action: ReferralAction, daysAgo: Double, note: String = "") async throws {
            let fresh = try await Referral.find(referral.requireID(), on: app.db)!
            try await ReferralService(db: app.db, actor: provider, audit: audit, now: AppClock.now.addingTimeInterval(-daysAgo * day))
                .perform(action, on: fresh, note: note, expectedVersion: fresh.version)
        }
        let delivered = try await sender(worker, daysAgo: 100).send(consent(dayCare, .medium, "Arslanyň hereket etmekde kynçylygy bar; gündizki ideg we fizioterapiýa gerek.", daysAgo: 100), person: arslan)
        try await move(delivered, .accept, daysAgo: 99)
        try await move(delivered, .start, daysAgo: 95)
        try await move(delivered, .deliver, daysAgo: 3, note: "Üç aý gatnady; indi goldaw bilen ýöreýär. Ene-atasy öý maşklaryny öwrendi.")
        let accepted = try await sender(worker, daysAgo: 6).send(consent(dayCare, .high, "Maral ejesi işdäkä gözegçiliksiz galýar.", daysAgo: 6), person: maral)
        try await move(accepted, .accept, daysAgo: 5)
        let waiting = try await sender(worker, daysAgo: 4).send(consent(counselling, .medium, "Batyr mekdepde agressiw, maşgalada dawa bar.", daysAgo: 4), person: batyr)
        try await move(waiting, .waitlist, daysAgo: 3)
        _ = try await sender(officer, daysAgo: 5).send(consent(parenting, .medium, "Ýaş ene; çaga seretmek boýunça maslahat isleýär.", daysAgo: 5, source: "benefits"), person: merjen)
    }
}
