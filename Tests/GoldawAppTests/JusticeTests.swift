import Foundation
import Fluent
import Testing
import Vapor
import VaporTesting
import GoldawCore
@testable import GoldawApp
@testable import GoldawPlatform
@testable import GoldawRegistry
@testable import GoldawCases
@testable import GoldawJustice

/// Justice for children: the record from apprehension to aftercare with its order and limits,
/// the referral of a child below the age, the one-interview rule, and who may read a record.
@Suite("Justice for children") struct JusticeTests {
    static func child(_ app: Application, _ given: String = "Merdan", years: Int) async throws -> Person {
        let registry = RegistryService(db: app.db, actor: nil, audit: AuditService(db: app.db))
        var draft = PersonDraft()
        draft.givenName = given
        draft.surname = "Orazow"
        draft.sex = "male"
        draft.birthDate = CalendarDate.today.adding(days: -(years * 365 + 100)).display
        draft.territoryCode = Fixtures.inScopeEtrap
        guard case .created(let person) = try await registry.create(draft, confirmedNew: true) else { throw AppError.badRequest("fixture") }
        return person
    }

    static func service(_ app: Application, _ role: Role, scope: Scope = Scope(kind: .district, territoryPath: "/TM-M/M-MRY/")) async throws -> JusticeService {
        let user = try await Fixtures.user(app, Fixtures.username(role))
        let actor = CurrentUser(id: user.id!, username: user.username, fullName: user.fullName, role: role, scope: scope,
                                scopeTerritoryID: user.$territory.id, locale: .en, mustChangePassword: false, sessionID: nil, csrfToken: nil)
        return JusticeService(db: app.db, actor: actor, audit: AuditService(db: app.db, actor: actor))
    }

    static func problems(_ body: () async throws -> Void) async -> [String] {
        do { try await body(); return [] } catch AppError.invalid(let problems) { return problems.map(\.key).sorted() } catch { return ["\(error)"] }
    }

    static func hoursAgo(_ hours: Double) -> String {
        LocalMoment(secondsSince1970: AppClock.now.timeIntervalSince1970 - hours * 3600).input
    }

    static func apprehension(offence: OffenceClass = .propertyOther, hoursAgo: Double = 30, custody: Bool = true) -> JusticeService.RecordDraft {
        .init(apprehendedAt: Self.hoursAgo(hoursAgo), place: "Market, Mary", by: "Inspector Annaýew", offence: offence.rawValue,
              offenceOn: CalendarDate.ashgabat(secondsSince1970: AppClock.now.timeIntervalSince1970 - hoursAgo * 3600).display,
              offenceNote: "A phone taken from a stall", inCustody: custody ? "on" : nil)
    }

    @Test func aRecordFollowsTheProcedureFromApprehensionToAftercare() async throws {
        try await withTestApp { app in
            let officer = try await Self.service(app, .justiceOfficer)
            let boy = try await Self.child(app, years: 16)
            let record = try await officer.open(child: boy, Self.apprehension())
            #expect(record.status == "apprehended")
            #expect(record.ageAtOffence == 16)
            #expect(record.number.hasPrefix("JJ-MR-"))

            // Safeguards before the apprehension or in the future are refused; nothing is saved.
            let early = await Self.problems {
                try await officer.safeguards(record, .init(version: record.version, parentsNotifiedAt: Self.hoursAgo(31), lawyerAt: Self.hoursAgo(-2)))
            }
            #expect(early == ["justice.validation.before_apprehension", "justice.validation.future"])
            #expect(try await JusticeRecord.find(record.id!, on: app.db)?.parentsNotifiedAt == nil)
            try await officer.safeguards(record, .init(version: record.version, parentsNotifiedAt: Self.hoursAgo(29), lawyerAt: Self.hoursAgo(28),
                                                       socialWorker: Fixtures.username(.socialWorker), custodyEndedAt: Self.hoursAgo(20)))
            let safe = try #require(try await JusticeRecord.find(record.id!, on: app.db))
            #expect(safe.parentsNotifiedAt != nil && safe.lawyerAt != nil && safe.custodyEndedAt != nil)
            // A stale form (the version before the safeguards) is refused.
            await #expect(throws: AppError.self) { try await officer.safeguards(safe, .init(version: 1, appropriateAdult: "Aunt")) }

            // Charged; pre-trial detention without an order is refused, with one it is an admission.
            let colony = try await officer.addPlace(.init(name: "Pre-trial facility, Mary", kind: "pretrial_facility", territoryCode: "M-MRY",
                                                          capacity: "40", separatesAdults: "on", complaintsMechanism: "on"))
            try await officer.decide(safe, .init(version: safe.version, decision: "charge", decidedOn: CalendarDate.today.display))
            #expect(safe.status == "charged")
            let noOrder = await Self.problems {
                try await officer.pretrial(safe, .init(version: safe.version, measure: "detention", startsAt: Self.hoursAgo(19), place: colony.id!.uuidString))
            }
            #expect(noOrder == ["justice.validation.order_needed", "justice.validation.order_needed", "validation.required"])
            try await officer.pretrial(safe, .init(version: safe.version, measure: "detention", orderReference: "12/2026", orderDate: CalendarDate.today.display,
                                                   startsAt: Self.hoursAgo(19), place: colony.id!.uuidString, separated: "on"))
            let order = try #require(try await PretrialOrder.query(on: app.db).filter(\.$record.$id == record.id!).first())
            #expect(order.nextReviewOn == CalendarDate.today.adding(days: 14).iso)
            let stay = try #require(try await Detention.query(on: app.db).filter(\.$record.$id == record.id!).first())
            #expect(stay.kind == "pretrial" && stay.releasedAt == nil && stay.organisationID == colony.organisationID)
            #expect(try await JusticeRecord.find(record.id!, on: app.db)?.custodyEndedAt == safe.custodyEndedAt, "custody had already ended")

            // A custodial sentence needs its length; the court ends the pre-trial stay and starts the sentence.
            let fresh = try #require(try await JusticeRecord.find(record.id!, on: app.db))
            let noLength = await Self.problems {
                try await officer.court(fresh, .init(version: fresh.version, outcome: "custodial", decidedOn: CalendarDate.today.display, place: colony.id!.uuidString))
            }
            #expect(noLength == ["justice.validation.sentence_length"])
            try await officer.court(fresh, .init(version: fresh.version, outcome: "custodial", decidedOn: CalendarDate.today.display, months: "8",
                                                 place: colony.id!.uuidString, separated: "on"))
            let stays = try await Detention.query(on: app.db).filter(\.$record.$id == record.id!).sort(\.$admittedAt).all()
            #expect(stays.map(\.kind) == ["pretrial", "sentenced"])
            #expect(stays[0].releaseKind == "pretrial_ended")
            #expect(try await PretrialOrder.find(order.id!, on: app.db)?.endsOn == CalendarDate.today.iso)

            // A release before the admission is refused; the aftercare plan names a social worker of the etrap.
            let sentenced = try #require(try await JusticeRecord.find(record.id!, on: app.db))
            let early2 = await Self.problems {
                try await officer.release(stays[1], of: sentenced, .init(version: sentenced.version, releasedAt: Self.hoursAgo(40), kind: "early"))
            }
            #expect(early2 == ["justice.validation.release_before_admission"])
            let noWorker = await Self.problems {
                try await officer.aftercare(sentenced, .init(version: sentenced.version, plan: "School, a mentor", plannedOn: CalendarDate.today.display, worker: "t.far.worker"))
            }
            #expect(noWorker == ["justice.validation.social_worker"])
            try await officer.aftercare(sentenced, .init(version: sentenced.version, plan: "School, a mentor", plannedOn: CalendarDate.today.display,
                                                         worker: Fixtures.username(.socialWorker)))
            let planned = try #require(try await JusticeRecord.find(record.id!, on: app.db))
            #expect(planned.aftercareUntil == CalendarDate.today.adding(days: 180).iso)
            let events = try await JusticeEvent.query(on: app.db).filter(\.$record.$id == record.id!).sort(\.$occurredAt).all().map(\.kind)
            #expect(events == ["apprehended", "safeguards", "decision", "pretrial", "court", "aftercare"])
        }
    }

    @Test func aChildBelowTheAgeIsReferredToChildProtectionNeverCharged() async throws {
        try await withTestApp { app in
            let officer = try await Self.service(app, .justiceOfficer)
            let boy = try await Self.child(app, "Aman", years: 13)
            let record = try await officer.open(child: boy, Self.apprehension(offence: .propertyOther, custody: true))
            #expect(record.status == "referred")
            #expect(record.inCustody == false)
            let linked = try #require(record.caseID)
            let opened = try #require(try await CaseRecord.find(linked, on: app.db))
            #expect(opened.$child.id == boy.id)
            #expect(opened.identificationSource == "police")
            #expect(opened.concerns.contains("in_contact_with_law"))
            // A grave offence at 14 may be charged; at 13 it may not.
            let older = try await Self.child(app, "Serdar", years: 14)
            let grave = try await officer.open(child: older, Self.apprehension(offence: .violentGrave))
            #expect(grave.status == "apprehended")
            let fifteen = try await Self.child(app, "Döwlet", years: 15)
            let theft = try await officer.open(child: fifteen, Self.apprehension(offence: .propertyOther))
            #expect(theft.status == "referred")
        }
    }

    @Test func aChildInterviewedOnceNeedsAReasonAndApprovalForAnother() async throws {
        try await withTestApp { app in
            let officer = try await Self.service(app, .justiceOfficer)
            let supervisor = try await Self.service(app, .supervisor)
            let room = try await officer.addPlace(.init(name: "Interview room, Mary police", kind: "interview_room", territoryCode: "M-MRY", capacity: "1"))
            let girl = try await Self.child(app, "Aýgül", years: 11)
            let witness = try await officer.addWitness(child: girl, .init(role: "witness", matter: "Saw a theft at the market", support: "Mother; a social worker"))
            let interview = JusticeService.InterviewDraft(heldAt: Self.hoursAgo(2), room: room.id!.uuidString, interviewer: "Investigator Berdiýewa",
                                                          trained: "on", protocolName: "NICHD", observers: "Social worker", recording: "REC-2026-14",
                                                          supportPerson: "Mother")
            try await officer.recordInterview(witness, interview)
            // A second interview straight away is refused, and so is one asked for without a reason.
            #expect(await Self.problems { try await officer.recordInterview(witness, interview) } == ["justice.validation.second_interview"])
            #expect(await Self.problems { try await officer.requestInterview(witness, .init(reason: " ")) } == ["validation.required"])
            try await officer.requestInterview(witness, .init(reason: "The recording failed in its second half."))
            #expect(await Self.problems { try await officer.recordInterview(witness, interview) } == ["justice.validation.second_interview"])
            // The officer cannot approve (no right), the supervisor can; a refusal needs a note.
            #expect(await Self.problems { try await supervisor.decideInterview(witness, .init(approve: "no")) } == ["validation.required"])
            try await supervisor.decideInterview(witness, .init(approve: "yes", note: "Once more, same interviewer."))
            try await officer.recordInterview(witness, interview)
            let rows = try await Interview.query(on: app.db).filter(\.$witness.$id == witness.id!).sort(\.$ordinal).all()
            #expect(rows.map(\.ordinal) == [1, 2])
            #expect(rows.map(\.status) == ["held", "held"])
            #expect(rows[1].reason == "The recording failed in its second half.")
        }
    }

    @Test func aRecordIsReadOnlyByThoseTheRuleNames() async throws {
        try await withTestApp { app in
            let officer = try await Self.service(app, .justiceOfficer)
            let boy = try await Self.child(app, years: 16)
            let record = try await officer.open(child: boy, Self.apprehension())
            let path = AppRoute.justiceRecord(record.id!).path
            for (role, status) in [(Role.justiceOfficer, HTTPStatus.ok), (.supervisor, .ok), (.commissionMember, .ok),
                                   (.socialWorker, .notFound), (.benefitsOfficer, .forbidden), (.serviceProvider, .forbidden),
                                   (.nationalAnalyst, .forbidden), (.administrator, .forbidden), (.independentMonitor, .forbidden)] {
                let client = Browser(app)
                _ = try await client.login(Fixtures.username(role))
                #expect(try await client.get(path).status == status, "\(role)")
            }
            // The social worker named on the record reads it.
            try await officer.safeguards(record, .init(version: record.version, socialWorkerInformedAt: Self.hoursAgo(10), socialWorker: Fixtures.username(.socialWorker)))
            let worker = Browser(app)
            _ = try await worker.login(Fixtures.username(.socialWorker))
            #expect(try await worker.get(path).status == .ok)
            // A justice officer no longer browses the registry.
            let inspector = Browser(app)
            _ = try await inspector.login(Fixtures.username(.justiceOfficer))
            #expect(try await inspector.get(AppRoute.person(boy.id!).path).status == .forbidden)
            let found = try await inspector.get(AppRoute.justiceFind.path + "?purpose=apprehension&q=Orazow")
            #expect(found.status == .ok)
            #expect(found.body.string.contains(boy.number))
            let audit = try await AuditEvent.query(on: app.db).filter(\.$action == "justice.child_searched").all()
            #expect(audit.map(\.detail) == ["purpose=apprehension results=1"])
        }
    }

    @Test func theAPIReadsARecordUnderTheSameRule() async throws {
        try await withTestApp { app in
            let officer = try await Self.service(app, .justiceOfficer)
            let boy = try await Self.child(app, years: 16)
            let record = try await officer.open(child: boy, Self.apprehension(hoursAgo: 30, custody: true))
            let token = try await apiToken(app, Fixtures.username(.justiceOfficer))
            let one = try await app.testing().sendRequest(.GET, "/api/v1/justice/records/\(record.id!)", headers: bearer(token))
            #expect(one.status == .ok)
            #expect(one.body.string.contains(#""custodyHours":30"#))
            #expect(one.body.string.contains(#""status":"apprehended""#))
            let list = try await app.testing().sendRequest(.GET, "/api/v1/justice/records", headers: bearer(token))
            #expect(list.body.string.contains(record.number))
            let worker = try await apiToken(app, Fixtures.username(.socialWorker))
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/justice/records/\(record.id!)", headers: bearer(worker)).status == .notFound)
            let officerOfBenefits = try await apiToken(app, Fixtures.username(.benefitsOfficer))
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/justice/records", headers: bearer(officerOfBenefits)).status == .forbidden)
        }
    }
}
