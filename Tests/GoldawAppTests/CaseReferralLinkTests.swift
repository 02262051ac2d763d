import Fluent
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

@Suite("Cases and the services directory") struct CaseReferralLinkTests {
    @Test func aReferralFromACaseIsLinkedToItAndShownOnTheCase() async throws {
        try await withTestApp { app in
            let people = try await Fixtures.people(app)
            let fixtures = try await Fixtures.services(app, people: people)
            let child = try await CaseTests.child(app, surname: "Orazowa")
            let worker = Browser(app)
            try await worker.login("t.social_worker")
            try await worker.get(AppRoute.caseNew(child.id!).path)
            #expect(try await worker.post(AppRoute.caseNew(child.id!).path, pairs: CaseTests.openForm()).status == .seeOther)
            let record = try await CaseTests.theCase(app, child: child)
            // The case page offers the directory, with the referral form naming the case.
            let page = try await worker.get(AppRoute.caseRecord(record.id!).path)
            let href = AppRoute.referralNew(child.id!).path + "?source=case&reference=" + record.number
            #expect(page.body.string.contains(href.replacingOccurrences(of: "&", with: "&amp;")))
            let form = try await worker.get(href)
            #expect(form.body.string.contains(record.number))
            let fields = ["serviceID": fixtures.serviceHere.uuidString, "urgency": "high", "reason": "Psychosocial support after violence",
                          "consentBy": "caregiver", "consentScope": "referral_only", "consentDate": CalendarDate.today.display,
                          "source": "case", "sourceReference": record.number]
            // A case number that is not this child's is refused.
            let wrong = try await worker.post(AppRoute.referralNew(child.id!).path, form: fields.merging(["sourceReference": "MR-2026-999999"]) { _, new in new })
            #expect(wrong.status == .unprocessableEntity)
            #expect(try await worker.post(AppRoute.referralNew(child.id!).path, form: fields).status == .seeOther)
            let referral = try await ServiceReferral.query(on: app.db).filter(\.$person.$id == child.id!).first()!
            #expect(referral.caseID == record.id)
            let shown = try await worker.get(AppRoute.caseRecord(record.id!).path)
            #expect(shown.body.string.contains(referral.number))
        }
    }
}
