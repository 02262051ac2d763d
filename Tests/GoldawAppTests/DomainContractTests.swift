import Fluent
import SQLKit
import Testing
import Vapor
import VaporTesting
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

/// The domain contract against the real schema, and the two losses it fixes: a merge that left
/// cases and grievances behind, and a territory change that left records outside their unit.
@Suite("Domain contract: person and territory references") struct DomainContractTests {
    @Test func everyPersonAndTerritoryColumnIsDeclaredByADomain() async throws {
        try await withTestApp(seed: false) { app in
            let columns = try await SchemaInspector.columns(on: app.db)
            #expect(columns.count > 300, "the inspector reads the whole schema")
            #expect(columns.contains(.init(table: "cases", name: "person_id", references: "persons")))
            let findings = SchemaInspector.check(columns)
            #expect(findings.undeclaredPersons == [])
            #expect(findings.undeclaredTerritories == [])
            #expect(findings.unknownDeclarations == [])
            #expect(findings.codesThatFollow == [])
        }
    }

    @Test func aNewTableWithAnUndeclaredPersonOrTerritoryColumnIsFound() async throws {
        try await withTestApp(seed: false) { app in
            let sql = app.db as! any SQLDatabase
            // One column found by its foreign key alone, one by its name alone, one territory path.
            try await sql.raw("""
                CREATE TABLE test_placements (id \(unsafeRaw: isPostgres ? "uuid" : "blob") PRIMARY KEY,
                  placed_one \(unsafeRaw: isPostgres ? "uuid" : "blob") REFERENCES persons (id),
                  carer_id \(unsafeRaw: isPostgres ? "uuid" : "blob"), territory_path text NOT NULL, note text)
                """).run()
            let findings = SchemaInspector.check(try await SchemaInspector.columns(on: app.db))
            #expect(findings.undeclaredPersons == ["test_placements.carer_id", "test_placements.placed_one"])
            #expect(findings.undeclaredTerritories == ["test_placements.territory_path"])
            // A declaration naming a column that does not exist is found as well.
            let stale = SchemaInspector.check([], persons: [.init(table: "gone", column: "person_id", onMerge: .move)], territories: [])
            #expect(stale.unknownDeclarations == ["gone.person_id"])
            try await sql.raw("DROP TABLE test_placements").run()
        }
    }

    @Test func aMergeMovesCasesAndGrievancesAndAnUnmergeRestoresThem() async throws {
        try await withTestApp { app in
            let people = try await Fixtures.people(app)
            let survivor = try await CaseTests.child(app, surname: "Myradowa")
            let merged = try #require(try await Person.find(people.here, on: app.db))
            // The survivor has a case of its own: after the merge the child has two open cases.
            let worker = Browser(app)
            try await worker.login("t.social_worker")
            try await worker.get(AppRoute.caseNew(survivor.id!).path)
            #expect(try await worker.post(AppRoute.caseNew(survivor.id!).path, pairs: CaseTests.openForm()).status == .seeOther)
            let own = try await CaseTests.theCase(app, child: survivor)
            var draft = GrievanceDraft()
            draft.category = try #require(try await GrievanceCategoryRow.query(on: app.db).first()?.id)
            draft.channel = GrievanceChannel.staffVisit.rawValue
            draft.complainantName = "Kakajan Mämmedow"
            draft.personNumber = merged.number
            draft.subjectKind = GrievanceSubject.other.rawValue
            draft.description = "The payment did not arrive this month."
            draft.territoryCode = Fixtures.inScopeEtrap
            let grievance = try await GrievanceService(db: app.db, actor: nil, audit: AuditService(db: app.db)).lodge(draft, publicPage: false)
            #expect(grievance.$person.id == merged.id)

            let service = MergeService(db: app.db, actor: nil, audit: AuditService(db: app.db))
            let record = try await service.merge(survivor: survivor, merged: merged, pair: nil)
            #expect(try await CaseRecord.find(people.caseHere, on: app.db)!.$child.id == survivor.id)
            #expect(try await Grievance.find(grievance.id!, on: app.db)!.$person.id == survivor.id)
            // Neither case is closed behind anyone's back: both carry the supervisor's question.
            let reviews = try await CaseTask.query(on: app.db).filter(\.$kind == CasesDomain.duplicateReviewTask).all()
            #expect(Set(reviews.map(\.$caseRecord.id)) == [people.caseHere, own.id!])
            #expect(reviews.allSatisfy { $0.doneAt == nil })
            let page = try await worker.get(AppRoute.caseRecord(own.id!).path)
            #expect(page.body.string.contains("başga açyk iş bar"))

            try await service.unmerge(record)
            #expect(try await CaseRecord.find(people.caseHere, on: app.db)!.$child.id == merged.id)
            #expect(try await CaseRecord.find(own.id!, on: app.db)!.$child.id == survivor.id)
            #expect(try await Grievance.find(grievance.id!, on: app.db)!.$person.id == merged.id)
            #expect(try await CaseTask.query(on: app.db).filter(\.$kind == CasesDomain.duplicateReviewTask)
                .filter(\.$doneAt == nil).count() == 0, "the question is gone with the merge")
        }
    }

    @Test func closingOneOfTwoCasesAfterAMergeSettlesTheQuestionOnBoth() async throws {
        try await withTestApp { app in
            let people = try await Fixtures.people(app)
            let survivor = try await CaseTests.child(app, surname: "Myradowa")
            let worker = Browser(app)
            try await worker.login("t.social_worker")
            try await worker.get(AppRoute.caseNew(survivor.id!).path)
            #expect(try await worker.post(AppRoute.caseNew(survivor.id!).path, pairs: CaseTests.openForm()).status == .seeOther)
            let own = try await CaseTests.theCase(app, child: survivor)
            _ = try await MergeService(db: app.db, actor: nil, audit: AuditService(db: app.db))
                .merge(survivor: survivor, merged: try #require(try await Person.find(people.here, on: app.db)), pair: nil)
            // The supervisor approves closing the fixture case as a duplicate; the worker closes it.
            let team = try await CaseTests.service(app, "t.social_worker")
            try await team.requestClosure(try #require(try await CaseRecord.find(people.caseHere, on: app.db)), comment: "Same child as \(own.number)")
            let request = try #require(try await CaseApproval.query(on: app.db).filter(\.$caseRecord.$id == people.caseHere).first())
            let supervisor = try await CaseTests.service(app, "t.supervisor")
            try await supervisor.decide(request, on: try #require(try await CaseRecord.find(people.caseHere, on: app.db)), .approve,
                                        comment: "", expectedVersion: request.version)
            #expect(try await CaseTask.query(on: app.db).filter(\.$kind == CasesDomain.duplicateReviewTask)
                .filter(\.$doneAt == nil).count() == 2, "still two open cases")
            let closing = try #require(try await CaseRecord.find(people.caseHere, on: app.db))
            try await team.close(closing, reason: "duplicate", note: "", expectedVersion: closing.version)
            #expect(try await CaseTask.query(on: app.db).filter(\.$kind == CasesDomain.duplicateReviewTask)
                .filter(\.$doneAt == nil).count() == 0)
        }
    }

    @Test func aDeathRecordedInTheRegistryPutsAReviewOnTheChildsOpenCases() async throws {
        try await withTestApp { app in
            let people = try await Fixtures.people(app)
            let child = try #require(try await Person.find(people.here, on: app.db))
            var draft = PersonDraft()
            draft.givenName = child.givenName
            draft.surname = child.surname
            draft.sex = child.sex
            draft.birthDate = CalendarDate(iso: child.birthDate)!.display
            draft.deathDate = CalendarDate.today.adding(days: -1).display
            draft.territoryCode = Fixtures.inScopeEtrap
            try await RegistryService(db: app.db, actor: nil, audit: AuditService(db: app.db))
                .update(child, with: draft, expectedVersion: child.version)
            let tasks = try await CaseTask.query(on: app.db).filter(\.$kind == CasesDomain.deathRecordedTask).all()
            #expect(tasks.map(\.$caseRecord.id) == [people.caseHere])
            #expect(try await CaseRecord.find(people.caseHere, on: app.db)!.step != CaseStep.closed.rawValue, "nothing closes by itself")
            // The profile asks the domains for their sections: the case shows on the child's page.
            let worker = Browser(app)
            try await worker.login(Fixtures.username(.socialWorker))
            let profile = try await worker.get(AppRoute.person(people.here).path)
            #expect(profile.body.string.contains(#"id="person-cases""#) && profile.body.string.contains("MR-2026-999990"))
            #expect(profile.body.string.contains(#"id="benefits""#))
        }
    }

    @Test func afterARenameTheUnitsStaffSeeEveryRecordTheySawAndNobodyElseGainsAccess() async throws {
        try await withTestApp { app in
            let people = try await Fixtures.people(app)
            let fixtures = try await Fixtures.services(app, people: people)
            let admin = Browser(app)
            try await admin.login("t.administrator")
            try await admin.get("/territories/changes/new")
            #expect(try await admin.post("/territories/changes/new", form: [
                "kind": "renamed", "date": display(0, 1), "subjectCode": "M-MRY", "newCode": "M-TMR",
                "nameTk": "Täze Mary etraby", "nameRu": "Новый Марыйский этрап", "nameEn": "New Mary District",
                "source": "Mejlis decision No. 1"]).status == .seeOther)
            try await expectRecordsFollow(app, people: people, fixtures: fixtures, to: "/TM-M/M-TMR/")
        }
    }

    @Test func afterAMergeOfEtrapsTheAbsorbingUnitsStaffSeeTheRecordsOfBoth() async throws {
        try await withTestApp { app in
            let people = try await Fixtures.people(app)
            let fixtures = try await Fixtures.services(app, people: people)
            // A cycle of the absorbing etrap for the same programme and month as the absorbed one's.
            let target = try #require(try await Territory.query(on: app.db).filter(\.$code == "M-BAY").first())
            let clash = PayrollCycle()
            clash.number = "PR-FIXTURE-CLASH"
            clash.programme = "child_care"
            clash.$territory.id = target.id!
            clash.territoryPath = target.path
            clash.month = "2026-01"
            clash.status = "approved"
            clash.lineCount = 0
            clash.total = 0
            clash.usesUnconfirmed = false
            clash.version = 1
            try await clash.create(on: app.db)
            let admin = Browser(app)
            try await admin.login("t.administrator")
            try await admin.get("/territories/changes/new")
            let merged = try await admin.post("/territories/changes/new", form: [
                "kind": "merged", "date": display(0, 1), "subjectCode": "M-MRY", "targetCode": target.code,
                "source": "Mejlis decision No. 2"])
            #expect(merged.status == .seeOther, "\(merged.body.string.components(separatedBy: "field-error").dropFirst().map { $0.prefix(200) })")
            try await expectRecordsFollow(app, people: people, fixtures: fixtures, to: target.path, nestedCycle: true)
        }
    }

    /// The staff of Mary etraby (followed to its successor at `path`) open the case, application,
    /// cycle, referral, worker and service they had; the colleagues in Çärjew still do not.
    private func expectRecordsFollow(_ app: Application, people: Fixtures.People, fixtures: Fixtures.Services,
                                     to path: String, nestedCycle: Bool = false) async throws {
        #expect(try await CaseRecord.find(people.caseHere, on: app.db)!.territoryPath == path)
        #expect(try await BenefitApplication.find(people.applicationHere, on: app.db)!.territoryPath == path)
        let cycle = try await PayrollCycle.find(people.cycleHere, on: app.db)!
        #expect(cycle.territoryPath == (nestedCycle ? path + "M-MRY/" : path), "a clashing cycle stays distinct inside the new unit")
        #expect(try await Referral.find(fixtures.referralHere, on: app.db)!.territoryPath.hasPrefix(path))
        #expect(try await Worker.find(fixtures.workerHere, on: app.db)!.territoryPath == path)
        #expect(try await CaseRecord.find(people.caseThere, on: app.db)!.territoryPath == people.pathThere, "nothing elsewhere moved")
        let pages: [(String, String)] = [
            ("t.social_worker", AppRoute.caseRecord(people.caseHere).path),
            ("t.supervisor", AppRoute.caseRecord(people.caseHere).path),
            ("t.benefits_officer", AppRoute.application(people.applicationHere).path),
            ("t.benefits_officer", AppRoute.payrollCycle(people.cycleHere).path),
            ("t.social_worker", AppRoute.referral(fixtures.referralHere).path),
            ("t.supervisor", AppRoute.worker(fixtures.workerHere).path),
        ]
        for (username, page) in pages {
            let browser = Browser(app)
            try await browser.login(username)
            #expect(try await browser.get(page).status == .ok, "\(username) opens \(page)")
        }
        let far = Browser(app)
        try await far.login("t.far.worker")
        #expect(try await far.get(AppRoute.caseRecord(people.caseHere).path).status == .notFound)
    }
}
