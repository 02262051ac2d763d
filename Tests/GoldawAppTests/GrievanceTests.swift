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

/// Lodges a complaint through the public page, as a visitor without an account.
@discardableResult
func lodgePublicly(_ browser: Browser, _ fields: [String: String] = [:]) async throws -> TestingHTTPResponse {
    try await browser.get("/complaints")
    let form = ["category": "payment_missing", "complainantName": "Aýgül Saparowa", "complainantContact": "+993 65 111111",
                "subjectKind": "payment", "subjectReference": "PAY-2026-0001", "description": "Iki aý bäri töleg gelmeýär.",
                "territoryCode": Fixtures.inScopeEtrap].merging(fields) { _, new in new }
    return try await browser.post("/complaints", form: form)
}

/// Lodges a complaint for a caller through the staff form; returns the new grievance.
func lodgeForCaller(_ browser: Browser, _ app: Application, _ fields: [String: String] = [:]) async throws -> Grievance {
    try await browser.get("/grievances/new")
    let form = ["channel": "staff_phone", "category": "payment_amount", "complainantName": "Merdan Gurbanow",
                "complainantContact": "+993 61 222222", "subjectKind": "payment", "subjectReference": "pay-77",
                "description": "Tölegiň möçberi azaldy.", "territoryCode": Fixtures.inScopeEtrap].merging(fields) { _, new in new }
    let response = try await browser.post("/grievances/new", form: form)
    #expect(response.status == .seeOther, "\(response.body.string)")
    return try await Grievance.query(on: app.db).sort(\.$number, .descending).first()!
}

func reload(_ app: Application, _ grievance: Grievance) async throws -> Grievance {
    try await Grievance.find(grievance.id!, on: app.db)!
}

@Suite("Grievances: public page and workflow") struct GrievanceTests {
    @Test func publicLodgingGivesACodeAndTheTrackPageShowsNoPersonalData() async throws {
        try await withTestApp { app in
            let visitor = Browser(app)
            let lodged = try await lodgePublicly(visitor)
            #expect(lodged.status == .seeOther)
            #expect(lodged.headers.first(name: .location) == "/complaints/track")
            let grievance = try #require(try await Grievance.query(on: app.db).first())
            #expect(grievance.channel == "public_web")
            #expect(grievance.status == "open")
            #expect(grievance.subjectReference == "PAY-2026-0001")
            #expect(grievance.dueDate == CalendarDate.today.adding(days: 10).iso)
            #expect(TrackingCode.normalise(grievance.trackingCode) == grievance.trackingCode)
            let page = try await visitor.get("/complaints/track")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains(TrackingCode.display(grievance.trackingCode)))
            #expect(html.contains(grievance.number))
            #expect(html.contains("Täze"), "the status, in Turkmen by default")
            for secret in ["Aýgül", "Saparowa", "111111", "Iki aý bäri", "PAY-2026-0001"] {
                #expect(!html.contains(secret), "\(secret) is not on the public page")
            }
            // Lodged with no actor; the public view is audited too.
            let events = try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.grievanceLodged.rawValue).all()
            #expect(events.count == 1 && events.first?.userID == nil)
            #expect(try await auditCount(app, action: .grievanceViewed) == 1)

            // Someone else with the code, typed loosely, sees the same status.
            let other = Browser(app)
            try await other.get("/complaints/track")
            let typed = TrackingCode.display(grievance.trackingCode).lowercased().replacingOccurrences(of: "-", with: " ")
            let found = try await other.post("/complaints/track", form: ["code": typed])
            #expect(found.status == .seeOther)
            #expect(try await other.get("/complaints/track").body.string.contains(grievance.number))
            // A wrong code: a clear message, nothing shown, and the failure is in the trail.
            let wrong = try await other.post("/complaints/track", form: ["code": "ACDE-FGHJ-KM"])
            #expect(wrong.status == .notFound)
            #expect(wrong.body.string.contains("Bu kod boýunça şikaýat tapylmady"))
            #expect(!wrong.body.string.contains(grievance.number))
            #expect(try await auditCount(app, action: .grievanceTrackFailed) == 1)
        }
    }

    @Test func badPublicInputIsRefusedNextToTheFieldsWithNothingSaved() async throws {
        try await withTestApp { app in
            let visitor = Browser(app)
            let response = try await lodgePublicly(visitor, ["complainantName": " ", "subjectReference": "", "description": "kysga",
                                                             "territoryCode": "TM-M", "category": "nonsense"])
            #expect(response.status == .unprocessableEntity)
            let html = response.body.string
            #expect(html.contains("Bu meýdany dolduryň."))                 // name
            #expect(html.contains("Arzanyň ýa-da tölegiň belgisini ýazyň.")) // reference for a payment
            #expect(html.contains("azyndan 10 harp"))                        // description
            #expect(html.contains("Şikaýatyň degişli etrabyny saýlaň."))     // a welaýat is not an etrap
            #expect(html.contains("Sanawdan saýlaň."))                       // category
            #expect(html.contains(">kysga</textarea>"), "what was typed is kept")
            #expect(try await Grievance.query(on: app.db).count() == 0)
            #expect(try await GrievanceEvent.query(on: app.db).count() == 0)
        }
    }

    @Test func staffLodgeForACallerAndWorkTheGrievanceThroughEveryStep() async throws {
        try await withTestApp { app in
            let people = try await Fixtures.people(app)
            let personNumber = try await Person.find(people.here, on: app.db)!.number
            let officer = Browser(app)
            try await officer.login("t.benefits_officer")
            var grievance = try await lodgeForCaller(officer, app, ["personNumber": personNumber.lowercased()])
            #expect(grievance.$person.id == people.here)
            #expect(grievance.subjectReference == "PAY-77")
            #expect(grievance.channel == "staff_phone")
            let path = "/grievances/\(grievance.id!.path)"
            let detail = try await officer.get(path)
            #expect(detail.status == .ok)
            #expect(detail.body.string.contains("Merdan Gurbanow"))
            #expect(detail.body.string.contains(TrackingCode.display(grievance.trackingCode)))
            #expect(try await auditCount(app, action: .grievanceViewed, username: "t.benefits_officer") == 1)

            func act(_ action: String, _ form: [String: String]) async throws -> TestingHTTPResponse {
                try await officer.post("\(path)/\(action)", form: form)
            }
            #expect(try await act("assign", ["assignee": "t.supervisor", "version": "1"]).status == .seeOther)
            grievance = try await reload(app, grievance)
            #expect(grievance.status == "assigned" && grievance.version == 2)
            #expect(try await grievance.$assignee.get(on: app.db)?.username == "t.supervisor")
            // Nobody outside the etrap can be assigned.
            let far = try await act("assign", ["assignee": "t.far.worker", "version": "2"])
            #expect(far.status == .unprocessableEntity)

            let noReason = try await act("escalate", ["note": " ", "version": "2"])
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.body.string.contains("Bu meýdany dolduryň."))
            #expect(try await reload(app, grievance).version == 2, "a refused step saves nothing")
            #expect(try await act("escalate", ["note": "Bank jogap bermeýär.", "version": "2"]).status == .seeOther)
            grievance = try await reload(app, grievance)
            #expect(grievance.status == "escalated" && grievance.escalationLevel == 1)
            #expect(try await act("resolve", ["note": "Töleg 12-nji iýunda gaýtadan geçirildi.", "version": "3"]).status == .seeOther)
            grievance = try await reload(app, grievance)
            #expect(grievance.status == "resolved" && grievance.resolution?.hasPrefix("Töleg") == true)

            // Someone else saved first: the stale form is refused and the current record shown.
            let stale = try await act("close", ["version": "3"])
            #expect(stale.status == .conflict)
            #expect(stale.body.string.contains("başga biri üýtgetdi"))
            #expect(try await reload(app, grievance).status == "resolved")

            // Appeal (about a payment): the deadline starts again from today.
            #expect(try await act("appeal", ["note": "Töleg henizem gelmedi.", "version": "4"]).status == .seeOther)
            grievance = try await reload(app, grievance)
            #expect(grievance.status == "appealed" && grievance.resolvedAt == nil)
            #expect(grievance.slaStart == CalendarDate.today.iso && grievance.dueDate == CalendarDate.today.adding(days: 15).iso)
            #expect(try await act("resolve", ["note": "Bank tölegi geçirdi.", "version": "5"]).status == .seeOther)
            let second = try await act("appeal", ["note": "Ýene-de.", "version": "6"])
            #expect(second.status == .conflict, "an appeal is heard once")
            #expect(second.body.string.contains("bu ädimi ätmek bolmaýar"))
            #expect(try await act("close", ["version": "6"]).status == .seeOther)
            let closed = try await act("resolve", ["note": "Ýene bir jogap.", "version": "7"])
            #expect(closed.status == .conflict)
            #expect(try await reload(app, grievance).status == "closed")
            #expect(try await act("reopen", ["version": "7"]).status == .notFound)

            let kinds = try await GrievanceEvent.query(on: app.db).filter(\.$grievance.$id == grievance.id!).sort(\.$occurredAt).all().map(\.kind)
            #expect(kinds == ["lodged", "assign", "escalate", "resolve", "appeal", "resolve", "close"])
            #expect(try await auditCount(app, action: .grievanceChanged, username: "t.benefits_officer") == 6)
            let history = try await officer.get(path)
            #expect(history.body.string.contains("Bank jogap bermeýär."))
            #expect(!history.body.string.contains("id=\"action-"), "a closed grievance offers no further step")
        }
    }

    @Test func theComplainantAppealsWithTheCodeAndAnApplicationAppealReopensTheDecision() async throws {
        try await withTestApp { app in
            let visitor = Browser(app)
            try await lodgePublicly(visitor)
            var grievance = try #require(try await Grievance.query(on: app.db).first())
            let staff = Browser(app)
            try await staff.login("t.supervisor")
            try await staff.get("/grievances/\(grievance.id!.path)")
            #expect(try await staff.post("/grievances/\(grievance.id!.path)/resolve",
                                         form: ["note": "Töleg geçirildi.", "version": "1"]).status == .seeOther)
            let page = try await visitor.get("/complaints/track")
            #expect(page.body.string.contains("Töleg geçirildi."), "the answer is shown to the complainant")
            #expect(page.body.string.contains("appeal-form"))
            let code = TrackingCode.display(grievance.trackingCode)
            let empty = try await visitor.post("/complaints/track/appeal", form: ["code": code, "reason": ""])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.string.contains("Bu meýdany dolduryň."))
            let guessed = try await visitor.post("/complaints/track/appeal", form: ["code": "ACDE-FGHJ-KM", "reason": "x"])
            #expect(guessed.status == .notFound)
            let appealed = try await visitor.post("/complaints/track/appeal", form: ["code": code, "reason": "Töleg gelmedi."])
            #expect(appealed.status == .seeOther)
            grievance = try await reload(app, grievance)
            #expect(grievance.status == "appealed" && grievance.appealReason == "Töleg gelmedi.")
            let event = try await GrievanceEvent.query(on: app.db).filter(\.$kind == "appeal").first()
            #expect(event != nil && event?.actorID == nil)
            #expect(!(try await visitor.get("/complaints/track")).body.string.contains("appeal-form"))

            // About an application: an appeal re-opens the rejected benefits decision, in the
            // same transaction; an unknown application refuses the appeal and nothing is saved.
            let unknown = try await lodgeForCaller(staff, app, ["subjectKind": "application", "subjectReference": "BA-00000099",
                                                                "category": "decision"])
            #expect(try await staff.post("/grievances/\(unknown.id!.path)/resolve", form: ["note": "Çözgüt dogry.", "version": "1"]).status == .seeOther)
            let changesBefore = try await auditCount(app, action: .grievanceChanged)
            let refused = try await staff.post("/grievances/\(unknown.id!.path)/appeal", form: ["note": "Ylalaşmaýaryn.", "version": "2"])
            #expect(refused.status == .conflict)
            #expect(refused.body.string.contains("Beýle belgili arza ýok."))
            let after = try await reload(app, unknown)
            #expect(after.status == "resolved" && after.version == 2 && after.appealReason == nil)
            #expect(try await auditCount(app, action: .grievanceChanged) == changesBefore)

            let people = try await Fixtures.people(app)
            let rejected = try await BenefitApplication.find(people.applicationHere, on: app.db)!
            rejected.status = "rejected"
            rejected.decisionReason = "Pensiýa alýar."
            try await rejected.update(on: app.db)
            let about = try await lodgeForCaller(staff, app, ["subjectKind": "application", "subjectReference": rejected.number,
                                                              "category": "decision"])
            let path = "/grievances/\(about.id!.path)"
            #expect(try await staff.post("\(path)/resolve", form: ["note": "Çözgüt dogry.", "version": "1"]).status == .seeOther)
            #expect(try await staff.post("\(path)/appeal", form: ["note": "Pensiýa ýok.", "version": "2"]).status == .seeOther)
            let reopened = try await BenefitApplication.find(rejected.id!, on: app.db)!
            #expect(reopened.status == "submitted" && reopened.reopenedByGrievance == about.number && reopened.decisionReason == nil)
            #expect(try await auditCount(app, action: .applicationReopened) == 1)
        }
    }

    @Test func scopeAndPolicyGuardEveryRoute() async throws {
        try await withTestApp { app in
            let officer = Browser(app)
            try await officer.login("t.benefits_officer")
            let grievance = try await lodgeForCaller(officer, app)
            let path = "/grievances/\(grievance.id!.path)"
            let outside = try await officer.post("/grievances/new", form: [
                "channel": "staff_visit", "category": "other", "complainantName": "A", "subjectKind": "other",
                "description": "Başga etrapda bolan waka.", "territoryCode": Fixtures.otherEtrap])
            #expect(outside.status == .unprocessableEntity)
            #expect(outside.body.string.contains("iş meýdanyňyzdan daşarda"))

            let far = Browser(app)
            try await far.login("t.far.worker")
            #expect(try await far.get(path).status == .notFound)
            #expect(try await far.post("\(path)/resolve", form: ["note": "x", "version": "1"]).status == .notFound)
            #expect(try await far.get("/grievances/\(UUID().path)").status == .notFound)
            #expect(!(try await far.get("/grievances")).body.string.contains(grievance.number))
            #expect(try await reload(app, grievance).status == "open")

            for role in [Role.commissionMember, .serviceProvider, .nationalAnalyst, .administrator] {
                let other = Browser(app)
                try await other.login(Fixtures.username(role))
                #expect(try await other.get("/grievances").status == .forbidden, "\(role)")
                #expect(try await other.get(path).status == .forbidden, "\(role)")
            }
            // Signed out, the desk asks to sign in; the public pages do not.
            let anonymous = Browser(app)
            #expect(try await anonymous.get("/grievances").status == .seeOther)
            #expect(try await anonymous.get("/complaints").status == .ok)
        }
    }

    @Test func theDeskFiltersBySLAStatusCategoryAndPages() async throws {
        try await withTestApp { app in
            let audit = AuditService(db: app.db)
            func lodge(_ category: GrievanceCategory, daysAgo: Double, etrap: String = Fixtures.inScopeEtrap) async throws -> Grievance {
                let service = GrievanceService(db: app.db, actor: nil, audit: audit, now: AppClock.now.addingTimeInterval(-daysAgo * 86_400))
                return try await service.lodge(GrievanceDraft(category: category.rawValue, complainantName: "N", subjectKind: "other",
                                                              description: "Bir zat bolmady.", territoryCode: etrap), publicPage: true)
            }
            let fresh = try await lodge(.decision, daysAgo: 1)           // 30 days: on track
            let atRisk = try await lodge(.paymentMissing, daysAgo: 8)     // 10 days: at risk from day 8
            let breached = try await lodge(.paymentAmount, daysAgo: 16)   // 15 days: overdue
            let elsewhere = try await lodge(.paymentAmount, daysAgo: 20, etrap: Fixtures.otherEtrap)
            let done = try await lodge(.other, daysAgo: 40)
            try await GrievanceService(db: app.db, actor: nil, audit: audit).perform(.resolve, on: done, note: "Jogap.", expectedVersion: 1)

            let browser = Browser(app)
            try await browser.login("t.supervisor")
            func numbers(_ query: String) async throws -> Set<String> {
                let html = try await browser.get("/grievances" + query).body.string
                return Set([fresh, atRisk, breached, elsewhere, done].map(\.number).filter { html.contains($0) })
            }
            #expect(try await numbers("") == [fresh.number, atRisk.number, breached.number])
            #expect(try await numbers("?sla=breached") == [breached.number])
            #expect(try await numbers("?sla=at_risk") == [atRisk.number])
            #expect(try await numbers("?sla=on_track") == [fresh.number])
            #expect(try await numbers("?category=decision") == [fresh.number])
            #expect(try await numbers("?status=resolved") == [done.number])
            #expect(try await numbers("?status=all") == [fresh.number, atRisk.number, breached.number, done.number])
            #expect(try await numbers("?status=all&q=" + done.number.lowercased()) == [done.number])
            #expect(try await numbers("?status=all&q=" + TrackingCode.display(atRisk.trackingCode)) == [atRisk.number])
            let desk = try await browser.get("/grievances?sla=breached").body.string
            #expect(desk.contains("Möhleti geçdi") && desk.contains("Ýokary derejede"), "overdue shows as escalated")

            for _ in 0..<25 { _ = try await lodge(.other, daysAgo: 0) }
            let first = try await browser.get("/grievances").body.string
            #expect(first.contains(#"rel="next""#) && !first.contains(#"rel="prev""#))
            let second = try await browser.get("/grievances?page=2").body.string
            #expect(second.contains(#"rel="prev""#) && !second.contains(#"rel="next""#))
        }
    }

    @Test func everyPageRendersInTurkmenRussianAndEnglish() async throws {
        try await withTestApp { app in
            let staff = Browser(app)
            try await staff.login("t.benefits_officer")
            let grievance = try await lodgeForCaller(staff, app)
            let visitor = Browser(app)
            try await lodgePublicly(visitor)
            let titles: [(String, [String])] = [
                ("tk", ["Şikaýatlar bölümi", "Jaň edene ýa-da gelene şikaýat ýazmak", "Şikaýat \(grievance.number)", "Şikaýat bermek", "Şikaýatyň ýagdaýy"]),
                ("ru", ["Приём жалоб", "Записать жалобу обратившегося", "Жалоба \(grievance.number)", "Подать жалобу", "Статус жалобы"]),
                ("en", ["Grievance desk", "Record a complaint for a caller", "Grievance \(grievance.number)", "Lodge a complaint", "Complaint status"]),
            ]
            for (code, expected) in titles {
                try await staff.get("/locale/\(code)?back=%2F")
                try await visitor.get("/locale/\(code)?back=%2F")
                let pages = [try await staff.get("/grievances"), try await staff.get("/grievances/new"),
                             try await staff.get("/grievances/\(grievance.id!.path)"),
                             try await visitor.get("/complaints"), try await visitor.get("/complaints/track")]
                for (page, title) in zip(pages, expected) {
                    let html = page.body.string
                    #expect(page.status == .ok)
                    #expect(html.contains(#"<html lang="\#(code)">"#))
                    #expect(html.contains(#"id="page-title">\#(title)"#), "\(code): \(title)")
                    #expect(!html.contains("grievance."), "\(code): no untranslated key on \(title)")
                }
            }
            // The login page leads the public to the complaint page.
            let signedOut = Browser(app)
            #expect(try await signedOut.get("/login").body.string.contains(#"href="/complaints""#))
        }
    }
}

@Suite("Limits per client on sign-in, public complaints and tracking codes") struct RateLimitTests {
    @Test func aBucketLetsABurstThroughThenRefillsAtItsRate() {
        let limiter = RateLimiter()
        let rule = RateLimiter.Rule(name: "t", burst: 3, perSecond: 0.5)
        let start = Date(timeIntervalSince1970: 1_000_000)
        for _ in 0..<3 { #expect(limiter.refusal(rule, client: "a", now: start) == nil) }
        #expect(limiter.refusal(rule, client: "a", now: start) == .init(wait: 2, first: true))
        #expect(limiter.refusal(rule, client: "a", now: start) == .init(wait: 2, first: false))
        #expect(limiter.refusal(rule, client: "b", now: start) == nil, "another client has its own bucket")
        #expect(limiter.refusal(rule, client: "a", now: start.addingTimeInterval(2)) == nil, "one attempt back after 2 s")
        #expect(limiter.refusal(rule, client: "a", now: start.addingTimeInterval(2))?.first == true)
    }

    /// The limiter's clock stands still in these tests: nothing comes back while they run, so the
    /// counts and waits are exact on a loaded machine too.
    static func freeze(_ app: Application) {
        let instant = AppClock.now
        app.rateLimiter = RateLimiter(clock: { instant })
    }

    @Test func theSixthComplaintInARowComesBackAsTypedAndTheFiveBeforeAreSaved() async throws {
        try await withTestApp { app in
            Self.freeze(app)
            let visitor = Browser(app)
            for _ in 0..<5 { #expect(try await lodgePublicly(visitor).status == .seeOther) }
            let sixth = try await lodgePublicly(visitor, ["description": "Altynjy arza: hat ýitmeli däl."])
            #expect(sixth.status == .tooManyRequests)
            #expect(sixth.headers.first(name: "Retry-After") == "120")
            #expect(sixth.body.string.contains("Altynjy arza: hat ýitmeli däl."), "the text typed is on the page")
            #expect(sixth.body.string.contains(#"id="complaint-wait""#))
            #expect(try await Grievance.query(on: app.db).count() == 5)
            #expect(try await auditCount(app, action: .rateLimited) == 1)
        }
    }

    @Test func guessingTrackingCodesIsSlowedAndTheCodeTypedIsKept() async throws {
        try await withTestApp { app in
            Self.freeze(app)
            let guesser = Browser(app)
            try await guesser.get("/complaints/track")
            for _ in 0..<20 {
                #expect(try await guesser.post("/complaints/track", form: ["code": "ACDE-FGHJ-KM"]).status == .notFound)
            }
            let limited = try await guesser.post("/complaints/track", form: ["code": "ACDE-FGHJ-KN"])
            #expect(limited.status == .tooManyRequests)
            #expect(limited.body.string.contains("ACDE-FGHJ-KN"))
            #expect(limited.headers.first(name: "Retry-After") == "6")
        }
    }

    @Test func signInIsLimitedPerAddressAndTheUsernameIsKept() async throws {
        try await withTestApp { app in
            Self.freeze(app)
            let browser = Browser(app)
            // A burst of 30 goes through, then the address is told to wait, even with the right
            // password of a real account.
            for _ in 0..<30 { #expect(try await browser.login("t.nobody", "wrong-password-1").status == .unauthorized) }
            let limited = try await browser.login("t.social_worker")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.body.string.contains(#"data-error="rate_limited""#))
            #expect(limited.body.string.contains(#"value="t.social_worker""#))
            var headers = HTTPHeaders()
            headers.contentType = .json
            let api = try await app.testing().sendRequest(.POST, "/api/v1/auth/token", headers: headers,
                body: ByteBuffer(string: #"{"username":"t.social_worker","password":"\#(Fixtures.password)"}"#))
            #expect(api.status == .tooManyRequests)
            #expect(api.headers.first(name: "Retry-After") == "2")
            #expect(api.headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true)
        }
    }
}
