import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawCare

/// Demo alternative care in Çärjew etraby: a baby home and a children's home, two approved
/// foster families, a sitting held five months ago whose placements now wait for their reviews
/// (one child under 3 still in the baby home after the exception ran out), a girl back home in
/// her follow-up months, and next week's sitting with three children on the agenda, one of them
/// under 3 proposed for the baby home.
extension DemoData {
    package static let babyHomeOrganisation = "Türkmenabat şäherindäki bäbekler öýi"

    package static func loadCare(into app: Application) async throws {
        guard let worker = try await demoActor("worker.lebap", app), let commission = try await demoActor("commission.lebap", app),
              let etrap = try await Territory.query(on: app.db).filter(\.$code == lebapEtrap).first() else { return }
        func service(_ actor: CurrentUser, daysAgo: Int) -> CareService {
            CareService(db: app.db, actor: actor, audit: AuditService(db: app.db, actor: actor, clientIP: nil, requestID: "demo"),
                        now: AppClock.now.addingTimeInterval(Double(-daysAgo) * 86400))
        }
        let today = CalendarDate.today
        func day(_ offset: Int) -> String { today.adding(days: -offset).display }
        let audit = AuditService(db: app.db, actor: nil, clientIP: nil, requestID: "demo")
        let registry = RegistryService(db: app.db, actor: worker, audit: audit)
        func person(_ surname: String, _ given: String, _ patronymic: String, _ sex: Sex, daysOld: Int) async throws -> Person? {
            var draft = PersonDraft()
            draft.surname = surname
            draft.givenName = given
            draft.patronymic = patronymic
            draft.sex = sex.rawValue
            draft.birthDate = today.adding(days: -daysOld).iso
            draft.territoryCode = lebapEtrap
            draft.locality = "Türkmenabat"
            if case .created(let p) = try await registry.create(draft, confirmedNew: true) { return p }
            return nil
        }

        // The settings, the baby home with its staff account.
        let organisation = Organisation(name: babyHomeOrganisation, territoryID: try etrap.requireID())
        try await organisation.create(on: app.db)
        let users = UserService(db: app.db, settings: app.settings, audit: audit)
        _ = try await users.create(.init(username: "babyhome.lebap", fullName: "Mähri Annamyradowa", role: Role.careStaff.rawValue,
                                         scopeKind: ScopeKind.organisation.rawValue, territoryCode: "",
                                         organisationID: try organisation.requireID().uuidString), password: password, mustChange: false)
        let c = service(commission, daysAgo: 200)
        let babyHome = try await c.createSetting(.init(name: babyHomeOrganisation, kind: SettingKind.babyHome.rawValue, capacity: "40",
                                                       ageFrom: "0", ageTo: "4", takesDisability: "on", ministry: "health", territory: lebapEtrap,
                                                       organisation: try organisation.requireID().uuidString))
        let childrensHome = try await c.createSetting(.init(name: "Çärjew etrabyndaky çagalar öýi", kind: SettingKind.childrensHome.rawValue,
                                                            capacity: "60", ageFrom: "3", ageTo: "17", takesDisability: "on", ministry: "education",
                                                            territory: lebapEtrap))

        // Two foster families, assessed, trained and approved.
        guard let annagul = try await person("Hydyrowa", "Annagül", "Rejepowna", .female, daysOld: 16_800),
              let begench = try await person("Orazow", "Begenç", "Gurbanowiç", .male, daysOld: 18_500) else { return }
        var families: [Carer] = []
        for (carerPerson, capacity, number, until) in [(annagul, "3", "LB-TM-2026-014", today.adding(days: 400)),
                                                       (begench, "2", "LB-TM-2026-021", today.adding(days: 120))] {
            let carer = try await service(commission, daysAgo: 190).createCarer(.init(person: carerPerson.number, kind: CarerKind.foster.rawValue,
                                                                                        appliedOn: day(190), capacity: capacity, note: ""))
            try await service(commission, daysAgo: 180).carerStep(carer, .assess, .init(on: day(180)))
            try await service(commission, daysAgo: 175).carerStep(carer, .train, .init(on: day(175)))
            try await service(commission, daysAgo: 170).carerStep(carer, .approve, .init(on: day(170), number: number, until: until.display))
            families.append(carer)
        }

        // Five months ago: four children brought to the commission and placed.
        guard let jemal = try await person("Ataýewa", "Jemal", "Myradowna", .female, daysOld: 2_300),
              let ruslan = try await person("Kakaýew", "Ruslan", "Batyrowiç", .male, daysOld: 820),
              let nazar = try await person("Gylyjow", "Nazar", "Aşyrowiç", .male, daysOld: 4_100),
              let leyli = try await person("Baýramdurdyýewa", "Leýli", "Hemraýewna", .female, daysOld: 3_000) else { return }
        let records = PersonRecordsService(db: app.db, actor: worker, audit: audit)
        _ = try await records.recordDisability(for: jemal, certificate: "LÇMB-2024-1182", group: "child", from: today.adding(days: -700).iso,
                                               to: today.adding(days: 700).iso, issuedBy: "Lebap welaýat lukmançylyk-sosial bilermenlik topary")
        _ = try await records.recordDisability(for: ruslan, certificate: "LÇMB-2025-0311", group: "child", from: today.adding(days: -400).iso,
                                               to: today.adding(days: 700).iso, issuedBy: "Lebap welaýat lukmançylyk-sosial bilermenlik topary")
        let why = "Ýakyn garyndaşlary ýok ýa-da çagany alyp bilmeýärler; maşgala goldawy synanyşyldy."
        func papers(_ type: CareType, setting: CareSetting? = nil, carer: Carer? = nil, reasons: [EntryReason],
                    exception: UnderThreeException? = nil, until: String? = nil, assessed: Int = 155) -> CareService.RequestDraft {
            .init(type: type.rawValue, setting: setting?.id?.uuidString, carer: carer?.id?.uuidString, reasons: reasons.map(\.rawValue),
                  assessedOn: day(assessed), familyAssessment: "Maşgala baha berildi: öýde howpsuz ideg üpjün edilmeýär.",
                  childViews: "Çaga bilen gürrüňdeşlik geçirildi.", exception: exception?.rawValue, exceptionUntil: until,
                  familySupport: why, kinship: why, guardianship: why, foster: type == .foster ? "" : why)
        }
        let w = service(worker, daysAgo: 153)
        let past = [
            (jemal, try await w.prepareRequest(for: jemal, papers(.residential, setting: childrensHome, reasons: [.neglect, .disabilityCare])), childrensHome as CareSetting?, nil as Carer?),
            (ruslan, try await w.prepareRequest(for: ruslan, papers(.residential, setting: babyHome, reasons: [.abandonment],
                                                                    exception: .plannedShortStay, until: day(30))), babyHome, nil),
            (nazar, try await w.prepareRequest(for: nazar, papers(.foster, carer: families[0], reasons: [.parentDetained])), nil, families[0]),
            (leyli, try await w.prepareRequest(for: leyli, papers(.residential, setting: childrensHome, reasons: [.familyConflict, .neglect])), childrensHome, nil),
        ]
        let held = service(commission, daysAgo: 150)
        let sitting = try await held.createSitting(.init(territory: lebapEtrap, heldOn: day(150), place: "Çärjew etrap häkimliginiň mejlis zaly"))
        let members = try await CareSittingMember.query(on: app.db).filter(\.$sitting.$id == sitting.requireID()).all()
        try await held.recordAttendance(sitting, present: Set(members.map(\.$user.id)))
        for (_, request, setting, carer) in past {
            try await held.addToAgenda(sitting, request)
            try await held.decide(sitting, request, .init(
                outcome: CareOutcome.placement.rawValue, type: request.requestedType, setting: setting?.id?.uuidString, carer: carer?.id?.uuidString,
                start: day(150), legalBasis: "Türkmenistanyň «Hossarlyk we homaýynlyk hakynda» Kanuny", reasoning: "Maşgalada howpsuz ideg ýok; seredilen mümkinçilikler ýeterlik däl.",
                childHeard: "on", parentsHeard: "on", votesFor: String(members.count), votesAgainst: "0", votesAbstain: "0", siblings: SiblingsPlacement.none.rawValue))
        }
        try await held.close(sitting)

        // Nazar's review was held; Jemal's and Ruslan's are overdue. Leýli went home and is followed up.
        let placements = try await Placement.query(on: app.db).filter(\.$child.$id ~~ [jemal.id!, ruslan.id!, nazar.id!, leyli.id!]).all()
        func placement(of child: Person) -> Placement? { placements.first { $0.$child.id == child.id } }
        if let p = placement(of: nazar) {
            try await service(worker, daysAgo: 60).savePlan(p, .init(goals: "Nazar mekdebe gatnaýar, kakasy bilen aragatnaşyk saklanýar.",
                                                                     contact: "Aýda bir gezek kakasy bilen görüşmek.", school: "7-nji mekdep",
                                                                     health: "", permanency: "return_home"))
            _ = try await service(worker, daysAgo: 60).review(p, .init(reviewedOn: day(60), outcome: ReviewOutcome.continuePlacement.rawValue,
                                                                      childViews: "Nazar maşgalada özüni gowy duýýar.", note: "Ýerleşdirme dowam edýär."))
            _ = try await service(worker, daysAgo: 20).recordContact(p, .init(contactOn: day(20), kind: ContactKind.visit.rawValue,
                                                                             withWhom: "Kakasy", note: "Tussaghanada görüşme."))
        }
        if let p = placement(of: jemal) {
            _ = try await service(worker, daysAgo: 100).recordContact(p, .init(contactOn: day(100), kind: ContactKind.call.rawValue, withWhom: "Ejesi", note: ""))
        }
        if let p = placement(of: leyli) {
            let r = service(worker, daysAgo: 70)
            let plan = try await r.planReintegration(p, .init(assessedOn: day(72), assessment: "Ejesi işe ýerleşdi; öýdäki dawa maşgala maslahatlary bilen azaldy.",
                                                              plan: "Hepdede bir gezek öýde bolmak, soň doly gaýdyp gelmek; mekdep we maslahatçy bilen gözegçilik.",
                                                              agreedOn: day(70)))
            try await service(worker, daysAgo: 40).recordReturn(p, plan, returnedOn: day(40))
            _ = try await service(worker, daysAgo: 10).recordContact(p, .init(contactOn: day(10), kind: ContactKind.followUp.rawValue,
                                                                             withWhom: "Ejesi we Leýli", note: "Öýde ýagdaý durnukly."))
        }

        // A girl of 20 months whose worker has not yet brought her to the commission.
        _ = try await person("Öräýewa", "Gülälek", "Merdanowna", .female, daysOld: 610)

        // Next week's sitting with three children on its agenda.
        guard let aygul = try await person("Amanowa", "Aýgül", "Serdarowna", .female, daysOld: 430),
              let meret = try await person("Nurýagdyýew", "Meret", "Kakajanowiç", .male, daysOld: 3_350),
              let bahar = try await person("Sähedowa", "Bahar", "Döwranowna", .female, daysOld: 5_500) else { return }
        let next = service(commission, daysAgo: 2)
        let coming = try await next.createSitting(.init(territory: lebapEtrap, heldOn: today.adding(days: 5).display, place: "Çärjew etrap häkimliginiň mejlis zaly"))
        let now = service(worker, daysAgo: 3)
        for request in [
            try await now.prepareRequest(for: aygul, papers(.residential, setting: babyHome, reasons: [.abandonment, .poverty], exception: .emergency, assessed: 4)),
            try await now.prepareRequest(for: meret, papers(.residential, setting: childrensHome, reasons: [.neglect], assessed: 4)),
            try await now.prepareRequest(for: bahar, papers(.foster, carer: families[1], reasons: [.parentDied, .familyConflict], assessed: 5)),
        ] {
            try await next.addToAgenda(coming, request)
        }
    }
}
