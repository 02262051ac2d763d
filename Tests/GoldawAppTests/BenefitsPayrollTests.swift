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

@Suite("Benefits: registry changes, top-ups, parameters, pages and API") struct BenefitsPayrollTests {
    /// A newborn enrolled in child care from September, paid for October (computed and approved).
    func enrolledAndPaidOctober(_ app: Application, _ officer: Browser, _ approver: Browser) async throws -> (Newborn, PayrollCycle) {
        let family = try await registerNewborn(app, officer: officer)
        let care = family.applications.first { $0.programme == "child_care" }!
        #expect(try await completeIntake(officer, care).status == .seeOther)
        #expect(try await decide(approver, app, care.id!, approve: true).status == .seeOther)
        let october = try await createCycle(officer, app, programme: "child_care", month: month(-1))
        #expect(try await step(officer, app, october, .compute).status == .seeOther)
        #expect(try await step(approver, app, october, .approve).status == .seeOther)
        // The cycle page's reads, without HTTP: the lines add up to the totals by kind, none failed,
        // and the approved application waits in no queue.
        let queries = BenefitsQueries(db: app.db)
        let lines = try await queries.lines(of: october.id!, page: 1, perPage: 100)
        let kinds = try await queries.totalsByKind(of: october.id!)
        #expect(!lines.rows.isEmpty && !lines.hasMore && kinds.map(\.lines).reduce(0, +) == lines.rows.count)
        #expect(kinds.map(\.total).reduce(0, +) == lines.rows.map(\.amount).reduce(0, +))
        #expect(try await queries.failedAwaitingReissue(in: october.id!) == 0)
        #expect(try await queries.applications(scope: .national, statuses: ["submitted"], programme: "child_care", page: 1, perPage: 50)
            .rows.allSatisfy { $0.id != care.id })
        return (family, october)
    }

    @Test func laterRegistryChangesBecomeAdjustmentsNotEdits() async throws {
        try await withTestApp { app in
            let officer = Browser(app), approver = Browser(app)
            try await officer.login("t.benefits_officer")
            try await approver.login("t.benefits_approver")
            let (family, october) = try await enrolledAndPaidOctober(app, officer, approver)
            // The mother's "Ene mähri" title is recorded late, from January.
            try await officer.get(AppRoute.circumstanceNew(family.mother.id!).path)
            #expect(try await officer.post(AppRoute.circumstanceNew(family.mother.id!).path, form: [
                "kind": "ene_mahri", "from": display(-10, 1)]).status == .seeOther)
            let november = try await createCycle(officer, app, programme: "child_care", month: month(0))
            #expect(try await step(officer, app, november, .compute).status == .seeOther)
            let novemberLines = try await lines(app, november)
            // November at 292,50 + 30 %, and October's difference as arrears; October itself is untouched.
            #expect(novemberLines.filter { $0.kind == "regular" }.map(\.amount) == [38_025])
            #expect(novemberLines.filter { $0.kind == "adjustment" }.map { "\($0.payMonth) \($0.amount)" } == ["\(month(-1)) 8775"])
            #expect(try await lines(app, october).map(\.amount) == [29_250])

            // A death recorded late, before October: December ends the enrolment and recovers
            // what was paid for October and November.
            let child = try await Person.find(family.child.id!, on: app.db)!
            child.deathDate = iso(-2, 30)
            try await child.update(on: app.db)
            #expect(try await step(approver, app, november, .approve).status == .seeOther)
            let december = try await createCycle(officer, app, programme: "child_care", month: month(1))
            #expect(try await step(officer, app, december, .compute).status == .seeOther)
            let decemberLines = try await lines(app, december)
            #expect(decemberLines.filter { $0.kind == "regular" }.isEmpty)
            let recovered: Int64 = decemberLines.map(\.amount).reduce(0, +)
            let paidBefore: Int64 = 29_250 + 8_775 + 38_025
            #expect(recovered == -paidBefore)
            let enrolment = try await BenefitEnrolment.query(on: app.db).filter(\.$beneficiary.$id == child.id!).first()!
            #expect(enrolment.status == "ended" && enrolment.statusReason == "death" && enrolment.reviewPending)
            let review = try await officer.get(AppRoute.enrolmentReview.path)
            #expect(review.body.string.contains("Ölüm"))
            try await officer.post(AppRoute.enrolmentReviewed(enrolment.id!).path, form: [:])
            #expect(try await BenefitEnrolment.find(enrolment.id!, on: app.db)!.reviewPending == false)
        }
    }

    @Test func aMoveAbroadSuspendsWithoutRecoveringEarlierMonths() async throws {
        try await withTestApp { app in
            let officer = Browser(app), approver = Browser(app)
            try await officer.login("t.benefits_officer")
            try await approver.login("t.benefits_approver")
            let (family, _) = try await enrolledAndPaidOctober(app, officer, approver)
            try await officer.get(AppRoute.circumstanceNew(family.child.id!).path)
            #expect(try await officer.post(AppRoute.circumstanceNew(family.child.id!).path, form: [
                "kind": "abroad", "from": display(0, 1)]).status == .seeOther)
            let november = try await createCycle(officer, app, programme: "child_care", month: month(0))
            #expect(try await step(officer, app, november, .compute).status == .seeOther)
            // No payment for November, and October (paid before the move) is not taken back.
            #expect(try await lines(app, november).isEmpty)
            let enrolment = try await BenefitEnrolment.query(on: app.db).filter(\.$beneficiary.$id == family.child.id!).first()!
            #expect(enrolment.status == "suspended" && enrolment.statusReason == "abroad" && enrolment.endDate == nil)
            // Back home from December: reinstated, December is paid again.
            let abroad = try await PersonCircumstance.query(on: app.db).filter(\.$person.$id == family.child.id!).first()!
            try await officer.get(AppRoute.person(family.child.id!).path)
            #expect(try await officer.post(AppRoute.circumstanceNew(family.child.id!).path + "/\(abroad.id!.path)/end",
                                           form: ["to": display(0, 30)]).status == .seeOther)
            try await officer.get(AppRoute.enrolmentReview.path)
            #expect(try await officer.post(AppRoute.enrolmentReviewed(enrolment.id!).path, form: ["reinstate": "1"]).status == .seeOther)
            let december = try await createCycle(officer, app, programme: "child_care", month: month(1))
            #expect(try await step(officer, app, december, .compute).status == .seeOther)
            #expect(try await lines(app, december).map { "\($0.kind) \($0.payMonth) \($0.amount)" } == ["regular \(month(1)) 29250"])
        }
    }

    @Test func aPayeesDeathSuspendsAndHugePageNumbersAreHarmless() async throws {
        try await withTestApp { app in
            let officer = Browser(app), approver = Browser(app)
            try await officer.login("t.benefits_officer")
            try await approver.login("t.benefits_approver")
            let (family, _) = try await enrolledAndPaidOctober(app, officer, approver)
            let mother = try await Person.find(family.mother.id!, on: app.db)!
            mother.deathDate = iso(-1, 20)
            try await mother.update(on: app.db)
            let november = try await createCycle(officer, app, programme: "child_care", month: month(0))
            #expect(try await step(officer, app, november, .compute).status == .seeOther)
            #expect(try await lines(app, november).isEmpty)
            let enrolment = try await BenefitEnrolment.query(on: app.db).filter(\.$beneficiary.$id == family.child.id!).first()!
            #expect(enrolment.status == "suspended" && enrolment.statusReason == "payee_death" && enrolment.reviewPending)
            // Another newborn: the approved birth grant is still paid after the child's death,
            // since it is owed for a live birth.
            let other = try await registerNewborn(app, officer: officer, birth: display(-1, 2), mother: "Nurýewa")
            let grant = other.applications.first { $0.programme == "birth_grant" }!
            #expect(try await completeIntake(officer, grant).status == .seeOther)
            #expect(try await decide(approver, app, grant.id!, approve: true).status == .seeOther)
            let child = try await Person.find(other.child.id!, on: app.db)!
            child.deathDate = iso(-1, 25)
            try await child.update(on: app.db)
            let grants = try await createCycle(officer, app, programme: "birth_grant", month: month(0))
            #expect(try await step(officer, app, grants, .compute).status == .seeOther)
            #expect(try await lines(app, grants).map(\.amount) == [50_700])
            for path in [AppRoute.applications.path + "?page=100000000000000000", AppRoute.payrollCycle(november.id!).path + "?page=9223372036854775807"] {
                #expect(try await officer.get(path).status == .ok)
            }
            let token = try await apiToken(app, "t.benefits_officer")
            // The API says what is wrong with it instead: the document gives the page's bounds.
            let api = try await app.testing().sendRequest(.GET, "/api/v1/benefits/applications?page=100000000000000000", headers: bearer(token))
            #expect(api.status == .unprocessableEntity)
            #expect(api.body.string.contains(#""field":"page""#))
        }
    }

    @Test func emergencyTopUpIsItsOwnLineAndEndsWithTheMeasure() async throws {
        try await withTestApp { app in
            let officer = Browser(app), approver = Browser(app)
            try await officer.login("t.benefits_officer")
            try await approver.login("t.benefits_approver")
            let family = try await registerNewborn(app, officer: officer)
            let care = family.applications.first { $0.programme == "child_care" }!
            #expect(try await completeIntake(officer, care).status == .seeOther)
            #expect(try await decide(approver, app, care.id!, approve: true).status == .seeOther)
            try await approver.get(AppRoute.emergencyNew.path)
            let bad = try await approver.post(AppRoute.emergencyNew.path, pairs: [("name", "Sil"), ("kind", "percent"), ("value", "10"),
                                                                                 ("fromMonth", month(1)), ("toMonth", month(-1))])
            #expect(bad.status == .unprocessableEntity)
            #expect(try await EmergencyMeasure.query(on: app.db).count() == 0)
            let declared = try await approver.post(AppRoute.emergencyNew.path, pairs: [
                ("name", "Sil suwy, Mary"), ("programmes[]", "child_care"), ("territories[]", "M-MRY"), ("kind", "percent"), ("value", "10"),
                ("fromMonth", month(-1)), ("toMonth", month(-1))])
            #expect(declared.status == .seeOther)
            let october = try await createCycle(officer, app, programme: "child_care", month: month(-1))
            #expect(try await step(officer, app, october, .compute).status == .seeOther)
            #expect(try await lines(app, october).map { "\($0.kind) \($0.amount)" } == ["regular 29250", "top_up 2925"])
            let november = try await createCycle(officer, app, programme: "child_care", month: month(0))
            #expect(try await step(officer, app, november, .compute).status == .seeOther)
            #expect(try await lines(app, november).map(\.kind) == ["regular"])
            let totals = try await approver.get(AppRoute.payrollTotals.path + "?month=" + month(-1))
            #expect(totals.body.string.contains("321,75 TMT"))
            let csv = try await approver.get(AppRoute.payrollTotalsCSV.path + "?month=" + month(-1))
            #expect(csv.body.string.contains("\"top_up\""))
        }
    }

    @Test func horizontalMeasureEnrolsHouseholdsByItsRuleUntilItEnds() async throws {
        try await withTestApp { app in
            let officer = Browser(app), approver = Browser(app)
            try await officer.login("t.benefits_officer")
            try await approver.login("t.benefits_approver")
            let family = try await registerNewborn(app, officer: officer)
            try await registerPerson(officer, ["surname": "Annaýew", "givenName": "Merdan", "birthDate": "10.10.2019"], confirm: true)
            let brother = try await person(app, surname: "Annaýew")
            let households = HouseholdService(db: app.db, actor: nil, audit: AuditService(db: app.db))
            _ = try await households.create(territoryCode: "M-MRY", locality: "Mary", street: "", members: [
                .init(personID: family.mother.id!, relationship: "head", from: "2019-01-01"),
                .init(personID: brother.id!, relationship: "child", from: "2019-10-10"),
                .init(personID: family.child.id!, relationship: "child", from: iso(-2, 15))])
            try await approver.get(AppRoute.emergencyNew.path)
            let percent = try await approver.post(AppRoute.emergencyNew.path, pairs: [
                ("measureKind", "horizontal"), ("rule", "children:2"), ("name", "Sil"), ("territories[]", "M-MRY"),
                ("kind", "percent"), ("value", "10"), ("fromMonth", month(-1)), ("toMonth", month(1))])
            #expect(percent.status == .unprocessableEntity)
            let declared = try await approver.post(AppRoute.emergencyNew.path, pairs: [
                ("measureKind", "horizontal"), ("rule", "children:2"), ("name", "Sil suwy: köp çagaly maşgalalar"), ("territories[]", "M-MRY"),
                ("kind", "fixed"), ("value", "500"), ("fromMonth", month(-1)), ("toMonth", month(1))])
            #expect(declared.status == .seeOther)
            let measure = try await EmergencyMeasure.query(on: app.db).first()!
            #expect(measure.isHorizontal && measure.enrolled == 1)
            let enrolment = try await BenefitEnrolment.query(on: app.db).filter(\.$measureID == measure.id).first()!
            #expect(enrolment.$beneficiary.id == family.mother.id! && enrolment.programme == "emergency_assistance")
            let october = try await createCycle(officer, app, programme: "emergency_assistance", month: month(-1))
            #expect(try await step(officer, app, october, .compute).status == .seeOther)
            #expect(try await lines(app, october).map { "\($0.amount) \($0.parameters)" } == ["50000 measure=\(measure.number)"])
            // Ended in November: the assistance stops after October.
            try await approver.get(AppRoute.emergencies.path)
            #expect(try await approver.post(AppRoute.emergencyEnd(measure.id!).path, form: ["version": String(measure.version)]).status == .seeOther)
            let ended = try await BenefitEnrolment.find(enrolment.id!, on: app.db)!
            #expect(ended.status == "ended" && ended.statusReason == "measure_ended" && ended.endDate == lastDay(-1))
            let november = try await createCycle(officer, app, programme: "emergency_assistance", month: month(0))
            #expect(try await step(officer, app, november, .compute).status == .seeOther)
            #expect(try await lines(app, november).isEmpty)
            let list = try await approver.get(AppRoute.emergencies.path)
            #expect(list.body.string.contains("1 maşgala ýazyldy"))
        }
    }

    @Test func newParameterValuesOnlyStartAfterTheLastOneAndNeverChangePastPayrolls() async throws {
        try await withTestApp { app in
            let admin = Browser(app), officer = Browser(app), approver = Browser(app)
            try await admin.login("t.administrator")
            try await officer.login("t.benefits_officer")
            try await approver.login("t.benefits_approver")
            let (_, october) = try await enrolledAndPaidOctober(app, officer, approver)
            try await admin.get(AppRoute.parameterNew.path)
            let overlap = try await admin.post(AppRoute.parameterNew.path, form: ["key": "base_amount", "validFrom": "01.01.2022", "value": "400"])
            #expect(overlap.status == .unprocessableEntity)
            #expect(overlap.body.string.contains("eýýäm bar"))
            let raised = try await admin.post(AppRoute.parameterNew.path, form: ["key": "base_amount", "validFrom": display(1, 1), "value": "429"])
            #expect(raised.status == .seeOther)
            #expect(try await lines(app, october).map(\.amount) == [29_250])
            let december = try await createCycle(officer, app, programme: "child_care", month: month(1))
            #expect(try await step(officer, app, december, .compute).status == .seeOther)
            #expect(try await lines(app, december).filter { $0.kind == "regular" }.map(\.amount) == [32_175])
            // Unconfirmed amounts are marked and their payroll cannot be approved.
            let programmes = try await officer.get(AppRoute.programmes.path)
            #expect(programmes.body.string.contains("Tassyklanmaly"))
            #expect(try await admin.get(AppRoute.parameterNew.path).status == .ok)
            #expect(try await officer.get(AppRoute.parameterNew.path).status == .forbidden)
        }
    }

    @Test func benefitPagesRenderInEveryLanguage() async throws {
        try await withTestApp { app in
            let officer = Browser(app), approver = Browser(app)
            try await officer.login("t.benefits_officer")
            try await approver.login("t.benefits_approver")
            let (family, october) = try await enrolledAndPaidOctober(app, officer, approver)
            let pages = [AppRoute.applications.path, AppRoute.applicationNew.path, AppRoute.application(family.applications[0].id!).path,
                         AppRoute.payroll.path, AppRoute.payrollCycle(october.id!).path, AppRoute.payrollTotals.path,
                         AppRoute.programmes.path, AppRoute.emergencies.path, AppRoute.enrolmentReview.path,
                         AppRoute.person(family.child.id!).path, AppRoute.circumstanceNew(family.mother.id!).path]
            for (locale, word) in [("tk", "Arzalar"), ("ru", "Заявления"), ("en", "Applications")] {
                try await officer.get(AppRoute.locale(locale).path)
                for page in pages {
                    let response = try await officer.get(page)
                    #expect(response.status == .ok, "\(locale) \(page)")
                    #expect(response.body.string.contains(word), "\(locale) \(page)")
                }
            }
            for page in [AppRoute.decisions.path, AppRoute.emergencyNew.path, AppRoute.payrollStep(october.id!, .approve).path] {
                #expect(try await approver.get(page).status == .ok, "\(page)")
            }
        }
    }

    @Test func apiRunsTheSameJourneyAndExplainsRefusals() async throws {
        try await withTestApp { app in
            let officerBrowser = Browser(app)
            try await officerBrowser.login("t.benefits_officer")
            let family = try await registerNewborn(app, officer: officerBrowser)
            let officer = try await apiToken(app, "t.benefits_officer"), approver = try await apiToken(app, "t.benefits_approver")
            func send(_ method: HTTPMethod, _ path: String, _ token: String, _ json: String? = nil) async throws -> TestingHTTPResponse {
                var headers = bearer(token)
                if json != nil { headers.contentType = .json }
                return try await app.testing().sendRequest(method, path, headers: headers, body: json.map { ByteBuffer(string: $0) })
            }
            // A six-year-old for child care: 422 with each failing rule.
            let boy = family.mother
            let refused = try await send(.POST, "/api/v1/benefits/applications", officer, """
                {"programme":"child_care","beneficiaryId":"\(boy.id!)","applicantId":"\(boy.id!)","channel":"post","requestedFrom":"\(iso(0, 1))",
                 "documents":["application","carer_passport","birth_certificate","family_composition"]}
                """)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.headers.contentType?.description.contains("problem+json") == true)
            #expect(refused.body.string.contains("eligibility.age"))
            let care = family.applications.first { $0.programme == "child_care" }!
            let intake = try await send(.POST, "/api/v1/benefits/applications/\(care.id!)/intake", officer, """
                {"channel":"post","account":"Mary 745400","requestedFrom":"\(iso(-2, 1))","version":\(care.version),
                 "documents":["application","carer_passport","birth_certificate","family_composition"]}
                """)
            #expect(intake.status == .ok, "\(intake.body.string)")
            let taken = try await BenefitApplication.find(care.id!, on: app.db)!
            let decided = try await send(.POST, "/api/v1/benefits/applications/\(care.id!)/decision", approver,
                                         #"{"outcome":"approve","version":\#(taken.version)}"#)
            #expect(decided.status == .ok, "\(decided.body.string)")
            let created = try await send(.POST, "/api/v1/benefits/payroll", officer, #"{"programme":"child_care","territoryCode":"M-MRY","month":"\#(month(-1))"}"#)
            #expect(created.status == .created)
            let cycle = try await PayrollCycle.query(on: app.db).first()!
            #expect(try await send(.POST, "/api/v1/benefits/payroll/\(cycle.id!)/approve", approver, #"{"version":\#(cycle.version)}"#).status == .conflict)
            #expect(try await send(.POST, "/api/v1/benefits/payroll/\(cycle.id!)/compute", officer, #"{"version":\#(cycle.version)}"#).status == .ok)
            #expect(try await send(.POST, "/api/v1/benefits/payroll/\(cycle.id!)/compute", officer, #"{"version":\#(cycle.version + 1)}"#).status == .conflict)
            let computed = try await PayrollCycle.find(cycle.id!, on: app.db)!
            #expect(try await send(.POST, "/api/v1/benefits/payroll/\(cycle.id!)/approve", approver, #"{"version":\#(computed.version)}"#).status == .ok)
            let lineList = try await send(.GET, "/api/v1/benefits/payroll/\(cycle.id!)/lines", officer)
            #expect(lineList.body.string.contains("\"amount\":29250"))
            let approved = try await PayrollCycle.find(cycle.id!, on: app.db)!
            #expect(try await send(.POST, "/api/v1/benefits/payroll/\(cycle.id!)/paid", officer, #"{"version":\#(approved.version)}"#).status == .ok)
            let line = try await lines(app, cycle)[0]
            var csv = bearer(officer)
            csv.contentType = HTTPMediaType(type: "text", subType: "csv")
            let failed = try await app.testing().sendRequest(.POST, "/api/v1/benefits/payroll/\(cycle.id!)/reconcile", headers: csv,
                                                             body: ByteBuffer(string: "line,result,reason\n\(line.id!),failed,closed account\n"))
            #expect(failed.status == .ok)
            #expect(failed.body.string.contains("\"reconciled\":true"))
            #expect(try await send(.POST, "/api/v1/benefits/payroll/\(cycle.id!)/reissue", officer).status == .ok)
            // The reissue is paid by the next cycle, with the same month and amount.
            _ = try await send(.POST, "/api/v1/benefits/payroll", officer, #"{"programme":"child_care","territoryCode":"M-MRY","month":"\#(month(0))"}"#)
            let next = try await PayrollCycle.query(on: app.db).filter(\.$month == month(0)).first()!
            #expect(try await send(.POST, "/api/v1/benefits/payroll/\(next.id!)/compute", officer, #"{"version":\#(next.version)}"#).status == .ok)
            // Exactly the reissue and November: the failed October line is not paid a second time as arrears.
            let nextLines = try await lines(app, next)
            #expect(nextLines.map { "\($0.kind) \($0.payMonth) \($0.amount) \($0.reissueOf == line.id)" }
                    == ["regular \(month(0)) 29250 false", "regular \(month(-1)) 29250 true"])
            let doc = try await app.testing().sendRequest(.GET, "/api/v1/openapi.json")
            #expect(doc.body.string.contains("reconcilePayrollCycle"))
            #expect(try await send(.GET, "/api/v1/benefits/programmes", officer).body.string.contains("\"toBeConfirmed\":true"))
        }
    }
}
