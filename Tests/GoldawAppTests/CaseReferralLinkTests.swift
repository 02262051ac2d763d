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
            // The directory's form asks the case's consent rule too: an 8-year-old needs the
            // caregiver's consent and the child's assent to referral, recorded on the case.
            let noConsent = try await worker.post(AppRoute.referralNew(child.id!).path, form: fields)
            #expect(noConsent.status == .unprocessableEntity)
            #expect(noConsent.body.string.contains(shown(app, "case.referral.no_consent")))
            #expect(try await ServiceReferral.query(on: app.db).filter(\.$person.$id == child.id!).count() == 0)
            let cases = try await CaseTests.service(app, Fixtures.username(.socialWorker))
            try await cases.recordConsent(record, party: "caregiver_consent", givenBy: "Mother", scopes: [.referral],
                                          givenOn: CalendarDate.today.display, note: "")
            let half = try await worker.post(AppRoute.referralNew(child.id!).path, form: fields)
            #expect(half.status == .unprocessableEntity, "the child's assent is still missing")
            try await cases.recordConsent(record, party: "child_assent", givenBy: "Aýna", scopes: [.referral],
                                          givenOn: CalendarDate.today.display, note: "")
            #expect(try await worker.post(AppRoute.referralNew(child.id!).path, form: fields).status == .seeOther)
            let referral = try await ServiceReferral.query(on: app.db).filter(\.$person.$id == child.id!).first()!
            #expect(referral.caseID == record.id)
            let onCase = try await worker.get(AppRoute.caseRecord(record.id!).path)
            #expect(onCase.body.string.contains(referral.number))
            // The referral carries the case's reason: the case team reads it, nobody else in the etrap.
            #expect(try await worker.get(AppRoute.referral(referral.id!).path).status == .ok)
            let supervisor = Browser(app)
            try await supervisor.login(Fixtures.username(.supervisor))
            #expect(try await supervisor.get(AppRoute.referral(referral.id!).path).status == .ok)
            _ = try await UserService(db: app.db, settings: app.settings, audit: AuditService(db: app.db))
                .create(.init(username: "t.colleague", fullName: "Jeren Colleague", role: Role.socialWorker.rawValue,
                              scopeKind: "district", territoryCode: Fixtures.inScopeEtrap, organisationID: ""),
                        password: Fixtures.password, mustChange: false)
            for username in [Fixtures.username(.benefitsOfficer), "t.colleague"] {
                let other = Browser(app)
                try await other.login(username)
                #expect(try await other.get(AppRoute.referral(referral.id!).path).status == .notFound, "\(username) reads the case's referral")
                let list = try await other.get(AppRoute.referrals.path + "?status=all")
                #expect(list.status == .ok)
                #expect(!list.body.string.contains(referral.number), "\(username) lists the case's referral")
            }
            let mine = try await worker.get(AppRoute.referrals.path + "?status=all")
            #expect(mine.body.string.contains(referral.number))
        }
    }
}
