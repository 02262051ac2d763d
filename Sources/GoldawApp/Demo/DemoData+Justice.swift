import Fluent
import Foundation
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawJustice

/// Demo justice for children in Çärjew etraby: the pre-trial facility in Türkmenabat (with its
/// staff account) and the child-friendly interview room of the Türkmenabat police; a 15-year-old
/// diverted to a mediation that completed; a 16-year-old in pre-trial detention whose fortnightly
/// review is overdue; a child witness interviewed once in the room, with a request for a second
/// interview waiting for the supervisor.
extension DemoData {
    package static let detentionOrganisation = "Türkmenabat, kazyýete çenli saklanýan ýer"

    package static func loadJustice(into app: Application) async throws {
        // The demo's inspector for minors is the one justice officer account of the demo.
        guard let officer = accounts.first(where: { $0.role == .justiceOfficer }),
              let inspector = try await demoActor(officer.username, app), let worker = try await demoActor("worker.lebap", app),
              let etrap = try await Territory.query(on: app.db).filter(\.$code == lebapEtrap).first() else { return }
        let audit = AuditService(db: app.db, actor: nil, clientIP: nil, requestID: "demo")
        func service(_ actor: CurrentUser, hoursAgo: Double) -> JusticeService {
            JusticeService(db: app.db, actor: actor, audit: AuditService(db: app.db, actor: actor, clientIP: nil, requestID: "demo"),
                           now: AppClock.now.addingTimeInterval(-hoursAgo * 3600))
        }
        func moment(hoursAgo: Double) -> String { LocalMoment(secondsSince1970: AppClock.now.timeIntervalSince1970 - hoursAgo * 3600).input }
        func day(daysAgo: Int) -> String { CalendarDate.today.adding(days: -daysAgo).display }
        let today = CalendarDate.today
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

        // The places: a pre-trial facility that keeps children apart from adults, and the room.
        let setup = service(inspector, hoursAgo: 24 * 60)
        let facility = try await setup.addPlace(.init(name: detentionOrganisation, kind: JusticePlaceKind.pretrialFacility.rawValue,
                                                      territoryCode: lebapEtrap, capacity: "30", separatesAdults: "on", complaintsMechanism: "on"))
        let room = try await setup.addPlace(.init(name: "Türkmenabat polisiýa bölüminiň çaga dostlukly otagy", kind: JusticePlaceKind.interviewRoom.rawValue,
                                                  territoryCode: lebapEtrap, capacity: "1"))
        _ = etrap
        if let organisation = facility.organisationID {
            let users = UserService(db: app.db, settings: app.settings, audit: audit)
            _ = try await users.create(.init(username: "detention.lebap", fullName: "Bägül Rejepowa", role: Role.detentionStaff.rawValue,
                                             scopeKind: ScopeKind.organisation.rawValue, territoryCode: "", organisationID: organisation.uuidString),
                                       password: password, mustChange: false)
        }

        // A 15-year-old in a fight at the bazaar that damaged a stall (aggravated hooliganism, so
        // chargeable at 15; a theft would be below the age and go to child protection): parents and a lawyer within hours, released
        // the same evening, diverted to a mediation with the stall-holder, completed.
        if let merdan = try await person("Orazow", "Merdan", "Batyrowiç", .male, daysOld: 15 * 365 + 120) {
            let start = service(inspector, hoursAgo: 24 * 40)
            let record = try await start.open(child: merdan, .init(apprehendedAt: moment(hoursAgo: 24 * 40 + 2), place: "Merkezi bazar, Türkmenabat",
                                                                  by: "Kiçi leýtenant A. Annaýew", offence: OffenceClass.hooliganismGrave.rawValue,
                                                                  offenceOn: day(daysAgo: 40), offenceNote: "Bazarda dawa, söwda nokadyna zyýan ýetirildi", inCustody: "on"))
            try await service(inspector, hoursAgo: 0).safeguards(record, .init(version: record.version, parentsNotifiedAt: moment(hoursAgo: 24 * 40 + 1),
                                                      lawyerAt: moment(hoursAgo: 24 * 40), socialWorkerInformedAt: moment(hoursAgo: 24 * 40),
                                                      socialWorker: "worker.lebap", custodyEndedAt: moment(hoursAgo: 24 * 40 - 4)))
            // A service per step, so that each history line has its own time.
            try await service(inspector, hoursAgo: 0).decide(record, .init(version: record.version, decision: CaseDecision.diversion.rawValue, decidedOn: day(daysAgo: 38),
                                                 note: "Ilkinji gezek; ýetirilen zyýan öwezi dolunar", kind: DiversionKind.mediation.rawValue,
                                                 conditions: "Söwdagär bilen duşuşyk, telefonyň gaýtarylmagy, 10 sagat jemgyýetçilik işi",
                                                 provider: "Türkmenabat maşgala goldaw merkezi", startsOn: day(daysAgo: 36)))
            try await service(inspector, hoursAgo: 0).diversionOutcome(record, .init(version: record.version, outcome: DiversionOutcome.completed.rawValue,
                                                                                          on: day(daysAgo: 3), note: "Ylalaşyk ýerine ýetirildi"))
        }

        // A 16-year-old charged with robbery, in pre-trial detention for 20 days; the review due
        // six days ago has not been held.
        if let dowlet = try await person("Hojaýew", "Döwlet", "Serdarowiç", .male, daysOld: 16 * 365 + 200) {
            let start = service(inspector, hoursAgo: 24 * 21)
            let record = try await start.open(child: dowlet, .init(apprehendedAt: moment(hoursAgo: 24 * 21 + 5), place: "Magtymguly köçesi, Türkmenabat",
                                                                  by: "Uly leýtenant M. Durdyýew", offence: OffenceClass.propertyGrave.rawValue,
                                                                  offenceOn: day(daysAgo: 21), offenceNote: "Zorluk bilen talaňçylyk", inCustody: "on"))
            try await service(inspector, hoursAgo: 0).safeguards(record, .init(version: record.version, parentsNotifiedAt: moment(hoursAgo: 24 * 21 + 3),
                                                      lawyerAt: moment(hoursAgo: 24 * 21 + 1), socialWorkerInformedAt: moment(hoursAgo: 24 * 21 + 1),
                                                      socialWorker: "worker.lebap"))
            try await service(inspector, hoursAgo: 0).decide(record, .init(version: record.version, decision: CaseDecision.charge.rawValue, decidedOn: day(daysAgo: 20)))
            try await service(inspector, hoursAgo: 0).pretrial(record, .init(version: record.version, measure: PretrialMeasure.detention.rawValue, orderReference: "Kazyýetiň karary 41/2026",
                                                     orderDate: day(daysAgo: 20), startsAt: moment(hoursAgo: 24 * 20), place: facility.id!.uuidString, separated: "on"))
            if let stay = try await Detention.query(on: app.db).filter(\.$record.$id == record.id!).first() {
                try await service(inspector, hoursAgo: 0).log(record, stay: stay, .init(kind: DetentionEntryKind.visit.rawValue, on: day(daysAgo: 20), note: "Ejesi geldi"))
                try await service(inspector, hoursAgo: 0).log(record, stay: stay, .init(kind: DetentionEntryKind.education.rawValue, on: day(daysAgo: 10),
                                                                note: "Mekdep sapaklary hepdede üç gezek"))
            }
        }

        // A girl of 11 who saw the robbery: interviewed once in the room, recorded; the
        // investigator asks for a second interview, which waits for the supervisor.
        if let aygul = try await person("Berdiýewa", "Aýgül", "Rahmanowna", .female, daysOld: 11 * 365 + 30) {
            let s = service(inspector, hoursAgo: 24 * 15)
            let witness = try await s.addWitness(child: aygul, .init(role: WitnessRole.witness.rawValue, matter: "Magtymguly köçesindäki talaňçylygy gördi",
                                                                     support: "Ejesi; sosial işgär", informedOn: day(daysAgo: 15),
                                                                     information: "Ejesine we özüne işiň barşy düşündirildi"))
            try await service(inspector, hoursAgo: 0).recordInterview(witness, .init(heldAt: moment(hoursAgo: 24 * 14), room: room.id!.uuidString, interviewer: "Derňewçi G. Saparowa",
                                                       trained: "on", protocolName: "NICHD", observers: "Sosial işgär, prokuror",
                                                       recording: "TMB-2026-017", supportPerson: "Ejesi"))
            try await service(inspector, hoursAgo: 24 * 2).requestInterview(witness, .init(reason: "Aklawçy täze sorag berdi: ogry bilen ikinji adam hakda"))
        }
    }
}
