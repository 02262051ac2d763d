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

/// A mother and her newborn in Mary etraby, linked through the registry form, which opens the
/// birth-grant and child-care applications.
struct Newborn {
    let mother: Person
    let child: Person
    let applications: [BenefitApplication]
}

func registerNewborn(_ app: Application, officer: Browser, birth: String = display(-2, 15), mother motherName: String = "Annaýewa") async throws -> Newborn {
    try await registerPerson(officer, ["surname": motherName, "givenName": "Ogulgerek", "sex": "female", "birthDate": "04.04.1996"], confirm: true)
    try await registerPerson(officer, ["surname": motherName, "givenName": "Aýna", "sex": "female", "birthDate": birth], confirm: true)
    let people = try await Person.query(on: app.db).filter(\.$surname == motherName).all()
    let mother = people.first { $0.givenName == "Ogulgerek" }!, child = people.first { $0.givenName == "Aýna" }!
    try await officer.get(AppRoute.linkNew(child.id!).path)
    let linked = try await officer.post(AppRoute.linkNew(child.id!).path, form: [
        "adultNumber": mother.number, "kind": "mother", "parentState": "alive"])
    #expect(linked.status == .seeOther)
    let applications = try await BenefitApplication.query(on: app.db).filter(\.$beneficiary.$id == child.id!).sort(\.$number).all()
    return Newborn(mother: mother, child: child, applications: applications)
}

/// Completes an intake through the form with every document checked.
func completeIntake(_ officer: Browser, _ application: BenefitApplication, account: String = "TM12000000123456789") async throws -> TestingHTTPResponse {
    let page = try await officer.get(AppRoute.applicationIntake(application.id!).path)
    #expect(page.status == .ok)
    let documents = Programme(rawValue: application.programme)!.documents.filter { !Programme.conditionalDocuments.contains($0) }
    return try await officer.post(AppRoute.applicationIntake(application.id!).path, pairs: [
        ("programme", application.programme), ("channel", "bank"), ("account", account),
        ("requestedFrom", DisplayFormat.date(iso: application.requestedFrom)), ("version", String(application.version)),
    ] + documents.map { ("documents[]", $0.rawValue) })
}

func decide(_ approver: Browser, _ app: Application, _ id: UUID, approve: Bool, reason: String = "") async throws -> TestingHTTPResponse {
    let application = try await BenefitApplication.find(id, on: app.db)!
    try await approver.get(AppRoute.application(id).path)
    return try await approver.post(AppRoute.applicationDecision(id).path, form: [
        "outcome": approve ? "approve" : "reject", "reason": reason, "effectiveFrom": "", "version": String(application.version)])
}

func createCycle(_ officer: Browser, _ app: Application, programme: String, territory: String = "M-MRY", month: String) async throws -> PayrollCycle {
    try await officer.get(AppRoute.payroll.path)
    let created = try await officer.post(AppRoute.payroll.path, form: ["programme": programme, "territory": territory, "month": month])
    #expect(created.status == .seeOther, "\(created.body.string.components(separatedBy: "field-error").dropFirst().map { $0.prefix(80) })")
    return try await PayrollCycle.query(on: app.db).filter(\.$programme == programme).filter(\.$month == month)
        .filter(\.$territoryPath == (try await Territory.query(on: app.db).filter(\.$code == territory).first()!.path)).first()!
}

func step(_ browser: Browser, _ app: Application, _ cycle: PayrollCycle, _ name: PayrollStep) async throws -> TestingHTTPResponse {
    let fresh = try await PayrollCycle.find(cycle.id!, on: app.db)!
    try await browser.get(AppRoute.payrollCycle(cycle.id!).path)
    return try await browser.post(AppRoute.payrollStep(cycle.id!, name).path, form: ["version": String(fresh.version)])
}

func lines(_ app: Application, _ cycle: PayrollCycle) async throws -> [PayrollLine] {
    try await PayrollLine.query(on: app.db).filter(\.$cycle.$id == cycle.id!).sort(\.$id).all()
}

@Suite("Benefits: from a birth to a reconciled payment") struct BenefitsJourneyTests {
    @Test func birthToPaidAndReconciledMonth() async throws {
        try await withTestApp { app in
            let officer = Browser(app), approver = Browser(app)
            try await officer.login("t.benefits_officer")
            try await approver.login("t.benefits_approver")
            let family = try await registerNewborn(app, officer: officer)
            // The link opened both applications, waiting in the officer's queue.
            #expect(family.applications.map(\.programme).sorted() == ["birth_grant", "child_care"])
            #expect(family.applications.allSatisfy { $0.status == "intake" && $0.source == "birth_registration" })
            let queue = try await officer.get(AppRoute.applications.path)
            #expect(queue.body.string.contains(family.applications[0].number))

            for application in family.applications {
                #expect(try await completeIntake(officer, application).status == .seeOther)
            }
            let taken = try await BenefitApplication.query(on: app.db).filter(\.$beneficiary.$id == family.child.id!).all()
            #expect(taken.allSatisfy { $0.status == "submitted" && $0.eligible == true })
            // The explanation is on the page, rule by rule, in the reader's language.
            let shown = try await approver.get(AppRoute.application(taken[0].id!).path)
            #expect(shown.body.string.contains("Hukugy bar"))
            #expect(shown.body.string.contains("Arza berýän: ejesi."))
            for application in taken { #expect(try await decide(approver, app, application.id!, approve: true).status == .seeOther) }
            #expect(try await BenefitEnrolment.query(on: app.db).filter(\.$beneficiary.$id == family.child.id!).count() == 2)

            // Birth grant: 130 % of 390 TMT for a first child.
            let grant = try await createCycle(officer, app, programme: "birth_grant", month: month(0))
            #expect(try await step(officer, app, grant, .compute).status == .seeOther)
            let grantLines = try await lines(app, grant)
            #expect(grantLines.map(\.amount) == [50_700])
            #expect(grantLines[0].payMonth == month(-2))
            #expect(grantLines[0].parameters.contains("birth_grant.order_1=13000@2022-01-01"))
            // Child care for October: 75 % of the base.
            let care = try await createCycle(officer, app, programme: "child_care", month: month(-1))
            #expect(try await step(officer, app, care, .compute).status == .seeOther)
            let careLines = try await lines(app, care)
            #expect(careLines.map(\.amount) == [29_250])
            #expect(careLines[0].payeeID == family.mother.id! && careLines[0].account == "TM12000000123456789")
            #expect(try await PayrollCycle.find(care.id!, on: app.db)!.total == 29_250)

            // Computing twice is refused and changes nothing.
            let again = try await step(officer, app, care, .compute)
            #expect(again.status == .conflict)
            #expect(again.body.string.contains("eýýäm hasaplandy"))
            #expect(try await lines(app, care).count == 1)
            // The officer cannot approve; the approver can, once.
            #expect(try await step(officer, app, care, .approve).status == .forbidden)
            let approvePage = try await approver.get(AppRoute.payrollStep(care.id!, .approve).path)
            #expect(approvePage.body.string.contains("292,50 TMT"))
            #expect(try await step(approver, app, care, .approve).status == .seeOther)
            #expect(try await step(approver, app, care, .approve).status == .conflict)

            // The payment list for the bank and Mary etraby, with its total.
            let path = try await Territory.query(on: app.db).filter(\.$code == "M-MRY").first()!.path
            let list = try await officer.get(AppRoute.payrollExport(care.id!).path + "?channel=bank&territory=" + path)
            #expect(list.status == .ok)
            #expect(list.body.string.contains(",292.50\r\n"))
            #expect(list.body.string.contains("\"total\""))
            #expect(try await step(officer, app, care, .paid).status == .seeOther)

            // Results with an unknown line or a line twice are refused whole.
            let lineID = careLines[0].id!
            try await officer.get(AppRoute.payrollCycle(care.id!).path)
            let unknown = try await officer.upload(AppRoute.payrollStep(care.id!, .reconcile).path, file: "line,result\n\(lineID),paid\n999999,paid\n")
            #expect(unknown.status == .unprocessableEntity)
            let twice = try await officer.upload(AppRoute.payrollStep(care.id!, .reconcile).path, file: "line,result\n\(lineID),paid\n\(lineID),failed\n")
            #expect(twice.status == .unprocessableEntity)
            #expect(try await lines(app, care)[0].status == "pending")
            let good = try await officer.upload(AppRoute.payrollStep(care.id!, .reconcile).path, file: "line,result,reason\n\(lineID),paid,\n")
            #expect(good.status == .seeOther)
            #expect(try await PayrollCycle.find(care.id!, on: app.db)!.status == "reconciled")
            #expect(try await lines(app, care)[0].status == "paid")

            // Nobody is paid twice: a welaýat cycle for the same month (by a welaýat officer) finds nothing left to pay…
            let me = try await Fixtures.user(app, "t.benefits_officer")
            let regional = CurrentUser(id: me.id!, username: me.username, fullName: me.fullName, role: .benefitsOfficer,
                                       scope: Scope(kind: .region, territoryPath: "/TM-M/"), scopeTerritoryID: nil, locale: .tk,
                                       mustChangePassword: false, sessionID: nil, csrfToken: nil)
            let payroll = PayrollService(db: app.db, actor: regional, audit: AuditService(db: app.db, actor: regional))
            let region = try await payroll.create(programme: "child_care", territoryCode: "TM-M", month: month(-1))
            try await payroll.compute(region, expectedVersion: region.version)
            #expect(try await PayrollCycle.find(region.id!, on: app.db)!.status == "computed")
            #expect(try await lines(app, region).isEmpty)
            // …and the database itself refuses a second line for the month.
            let sql = app.db as! any SQLDatabase
            await #expect(throws: (any Error).self) {
                try await sql.raw("""
                    INSERT INTO payroll_lines (\(unsafeRaw: PayrollSQL.lineColumns)) VALUES (\(bind: region.id!), NULL, 'child_care', \
                    \(bind: family.child.id!), \(bind: family.mother.id!), 'x', \(bind: month(-1)), 'regular', 29250, '', '/', 'bank', NULL, 'pending', \(bind: false))
                    """).run()
            }
            // The profile shows the history.
            let profile = try await officer.get(AppRoute.person(family.child.id!).path)
            #expect(profile.body.string.contains("292,50 TMT") && profile.body.string.contains(care.number))
            #expect(try await auditCount(app, action: .payrollExported) >= 1)
        }
    }

    @Test func ineligibleApplicationIsExplainedThenRejected() async throws {
        try await withTestApp { app in
            let officer = Browser(app), approver = Browser(app)
            try await officer.login("t.benefits_officer")
            try await approver.login("t.benefits_approver")
            try await registerPerson(officer, ["surname": "Durdyýewa", "givenName": "Jeren", "sex": "female", "birthDate": "01.01.1990"], confirm: true)
            try await registerPerson(officer, ["surname": "Durdyýew", "givenName": "Serdar", "birthDate": display(-80, 1)], confirm: true)
            let mother = try await person(app, surname: "Durdyýewa"), boy = try await person(app, surname: "Durdyýew")
            let documents = Programme.childCare.documents.filter { !Programme.conditionalDocuments.contains($0) }.map { ("documents[]", $0.rawValue) }
            let fields: [(String, String)] = [("programme", "child_care"), ("beneficiaryNumber", boy.number), ("applicantNumber", mother.number),
                                              ("channel", "post"), ("account", "Mary 745400"), ("requestedFrom", display(0, 1))] + documents
            try await officer.get(AppRoute.applicationNew.path)
            let refused = try await officer.post(AppRoute.applicationNew.path, pairs: fields)
            #expect(refused.status == .unprocessableEntity)
            // Every failing rule, and why: the boy is 6 and no family link exists.
            #expect(refused.body.string.contains("6 ýaşynda, 3 ýaşdan kiçi bolmaly."))
            #expect(refused.body.string.contains("maşgala baglanyşygy ýok"))
            #expect(try await BenefitApplication.query(on: app.db).count() == 0)
            // Recorded anyway, it can only be rejected, with the explanation kept.
            let recorded = try await officer.post(AppRoute.applicationNew.path, pairs: fields + [("recordIneligible", "1")])
            #expect(recorded.status == .seeOther)
            let application = try await BenefitApplication.query(on: app.db).first()!
            #expect(application.eligible == false)
            let approve = try await decide(approver, app, application.id!, approve: true)
            #expect(approve.status == .unprocessableEntity)
            #expect(try await decide(approver, app, application.id!, approve: false).status == .unprocessableEntity) // no reason
            #expect(try await decide(approver, app, application.id!, approve: false, reason: "Çaga 3 ýaşdan uly.").status == .seeOther)
            #expect(try await BenefitApplication.find(application.id!, on: app.db)!.status == "rejected")
            #expect(try await BenefitEnrolment.query(on: app.db).count() == 0)
            // Missing documents are named before anything is saved.
            let noDocuments = try await officer.post(AppRoute.applicationNew.path, pairs: Array(fields.prefix(6)))
            #expect(noDocuments.status == .unprocessableEntity)
            #expect(noDocuments.body.string.contains("Gerekli resminamalaryň hemmesi barlanmady."))
        }
    }

    @Test func theOfficerWhoTookAnApplicationCannotDecideIt() async throws {
        try await withTestApp { app in
            let officer = Browser(app)
            try await officer.login("t.benefits_officer")
            let family = try await registerNewborn(app, officer: officer)
            #expect(try await completeIntake(officer, family.applications[0]).status == .seeOther)
            let application = try await BenefitApplication.find(family.applications[0].id!, on: app.db)!
            let me = try await Fixtures.user(app, "t.benefits_officer")
            let actor = CurrentUser(id: me.id!, username: me.username, fullName: me.fullName, role: .benefitsApprover, scope: .national,
                                    scopeTerritoryID: nil, locale: .en, mustChangePassword: false, sessionID: nil, csrfToken: nil)
            let service = ApplicationService(db: app.db, actor: actor, audit: AuditService(db: app.db, actor: actor))
            await #expect(throws: AppError.self) {
                _ = try await service.decide(application, approve: true, reason: "", effectiveFrom: "", expectedVersion: application.version)
            }
            // The database refuses it too.
            let sql = app.db as! any SQLDatabase
            await #expect(throws: (any Error).self) {
                try await sql.raw("UPDATE benefit_applications SET decided_by = taken_by WHERE id = \(bind: application.id!)").run()
            }
            #expect(try await officer.get(AppRoute.decisions.path).status == .forbidden)
        }
    }
}
