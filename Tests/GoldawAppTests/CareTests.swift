import Foundation
import Fluent
import Testing
import Vapor
import VaporTesting
import GoldawCore
@testable import GoldawApp
@testable import GoldawPlatform
@testable import GoldawRegistry
@testable import GoldawCare

/// Alternative care: gatekeeping, commission sittings, placement episodes, reviews, the benefits
/// that follow a residential placement, the figures, and the pages in three languages.
@Suite("Care: alternative care and gatekeeping") struct CareTests {
    static func child(_ app: Application, _ given: String = "Aýna", days: Int) async throws -> Person {
        let registry = RegistryService(db: app.db, actor: nil, audit: AuditService(db: app.db))
        var draft = PersonDraft()
        draft.givenName = given
        draft.surname = "Myradowa"
        draft.sex = "female"
        draft.birthDate = CalendarDate.today.adding(days: -days).display
        draft.territoryCode = Fixtures.inScopeEtrap
        guard case .created(let person) = try await registry.create(draft, confirmedNew: true) else { throw AppError.badRequest("fixture") }
        return person
    }

    static func actor(_ app: Application, _ username: String) async throws -> CurrentUser {
        let user = try await Fixtures.user(app, username)
        return CurrentUser(id: user.id!, username: user.username, fullName: user.fullName, role: user.role,
                           scope: Scope(kind: .district, territoryPath: "/TM-M/M-MRY/"), scopeTerritoryID: user.$territory.id,
                           locale: .en, mustChangePassword: false, sessionID: nil, csrfToken: nil)
    }

    static func service(_ app: Application, _ username: String, daysAgo: Int = 0) async throws -> CareService {
        let actor = try await actor(app, username)
        return CareService(db: app.db, actor: actor, audit: AuditService(db: app.db, actor: actor),
                           now: AppClock.now.addingTimeInterval(Double(-daysAgo) * 86_400))
    }

    static func problems(_ body: () async throws -> Void) async -> [String] {
        do { try await body(); return [] } catch AppError.invalid(let problems) { return problems.map(\.key) } catch { return ["\(error)"] }
    }

    static let why = "Tried for two months; not enough."

    static func draft(_ type: CareType, setting: CareSetting? = nil, carer: Carer? = nil, reasons: [EntryReason] = [.neglect],
                      exception: UnderThreeException? = nil, until: String? = nil, alternatives: Bool = true) -> CareService.RequestDraft {
        .init(type: type.rawValue, setting: setting?.id?.uuidString, carer: carer?.id?.uuidString, reasons: reasons.map(\.rawValue),
              assessedOn: CalendarDate.today.adding(days: -1).display, familyAssessment: "The mother is in hospital for a year.",
              childViews: "She wants to stay with her aunt.", exception: exception?.rawValue, exceptionUntil: until,
              familySupport: alternatives ? why : nil, kinship: alternatives ? why : nil, guardianship: alternatives ? why : nil,
              foster: alternatives ? why : nil)
    }

    /// A baby home and a foster carer in Mary etraby, and a sitting of its commission in session.
    struct World {
        let babyHome: CareSetting
        let carer: Carer
        let sitting: CareSitting
    }

    static func world(_ app: Application, carerCapacity: String = "2", approvedUntilDays: Int = 300) async throws -> World {
        let commission = try await service(app, "t.commission_member", daysAgo: 30)
        let babyHome = try await commission.createSetting(.init(name: "Mary baby home", kind: "baby_home", capacity: "20", ageFrom: "0",
                                                                ageTo: "4", takesDisability: "on", ministry: "health", territory: "m-mry"))
        let adult = try await child(app, "Bibi", days: 40 * 365)
        let carer = try await commission.createCarer(.init(person: adult.number, kind: "foster", appliedOn: CalendarDate.today.adding(days: -30).display,
                                                           capacity: carerCapacity))
        let now = try await service(app, "t.commission_member")
        for step in [CareService.CarerStep.assess, .train] { try await now.carerStep(carer, step, .init(on: CalendarDate.today.adding(days: -29).display)) }
        try await now.carerStep(carer, .approve, .init(on: CalendarDate.today.adding(days: -28).display, number: "MR-F-1",
                                                              until: CalendarDate.today.adding(days: approvedUntilDays - 28).display))
        let sitting = try await now.createSitting(.init(territory: "M-MRY", heldOn: CalendarDate.today.display, place: "Hall"))
        let members = try await CareSittingMember.query(on: app.db).filter(\.$sitting.$id == sitting.id!).all()
        try await now.recordAttendance(sitting, present: Set(members.map(\.$user.id)))
        return World(babyHome: babyHome, carer: carer, sitting: sitting)
    }

    static func decision(_ type: CareType, setting: CareSetting? = nil, carer: Carer? = nil, start: CalendarDate = .today,
                         reasons: [EntryReason]? = nil) -> CareService.DecisionDraft {
        .init(outcome: "placement", type: type.rawValue, setting: setting?.id?.uuidString, carer: carer?.id?.uuidString, start: start.display,
              legalBasis: "Law on Guardianship and Custody", reasoning: "A family can care for her.", reasons: reasons?.map(\.rawValue),
              childHeard: "on", parentsHeard: "on", votesFor: "1", votesAgainst: "0", votesAbstain: "0")
    }

    @Test func aChildUnder3IsPlacedWithAFosterFamilyInsteadOfTheBabyHomeAndTheReviewComesDue() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let baby = try await Self.child(app, "Gül", days: 400)
            let worker = try await Self.service(app, "t.social_worker")
            // The baby home for a child under 3 needs an exception reason.
            let refused = await Self.problems { _ = try await worker.prepareRequest(for: baby, Self.draft(.residential, setting: w.babyHome)) }
            #expect(refused == ["validation.choose"])
            let request = try await worker.prepareRequest(for: baby, Self.draft(.residential, setting: w.babyHome, exception: .emergency))
            #expect(request.flagged)
            #expect(request.number.hasPrefix("CR-\(CalendarDate.today.year)-"))
            let commission = try await Self.service(app, "t.commission_member")
            try await commission.addToAgenda(w.sitting, request)
            let decided = try await commission.decide(w.sitting, request, Self.decision(.foster, carer: w.carer))
            #expect(decided.placementID != nil)
            let queries = CareQueries(db: app.db)
            let tonight = try #require(try await queries.whereTonight(baby.id!, on: .today))
            #expect(tonight.type == .foster)
            #expect(tonight.$carer.id == w.carer.id)
            #expect(tonight.underThree)
            #expect(tonight.exceptionUntil == nil)
            #expect(tonight.nextReviewOn == CareRules.addingMonths(3, to: .today).iso)
            // Family-based: no full state support in the registry.
            let facts = try await RegistryFacts(db: app.db).circumstances(of: baby.id!, on: .today)
            #expect(!facts.contains(.fullStateSupport))
            // Three months on, the review is due on the worker's and the commission's list.
            let commissionUser = try await Self.actor(app, "t.commission_member")
            let later = CalendarDate.today.adding(days: 95)
            let due = try await queries.reviewsDue(for: commissionUser, today: later)
            #expect(due.map(\.id) == [tonight.id])
            #expect(try await queries.reviewsDue(for: commissionUser, today: .today).isEmpty)
            let reloaded = try #require(try await CareRequest.find(request.id!, on: app.db))
            #expect(reloaded.statusValue == .decided)
        }
    }

    @Test func episodesNeverOverlapAndEveryExitHasADestination() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let girl = try await Self.child(app, days: 9 * 365)
            let worker = try await Self.service(app, "t.social_worker")
            let commission = try await Self.service(app, "t.commission_member")
            let first = try await worker.prepareRequest(for: girl, Self.draft(.foster, carer: w.carer))
            try await commission.addToAgenda(w.sitting, first)
            try await commission.decide(w.sitting, first, Self.decision(.foster, carer: w.carer, start: CalendarDate.today.adding(days: -10)))
            // A second placement over the same nights is refused, and nothing of it is saved.
            let second = try await worker.prepareRequest(for: girl, Self.draft(.foster, carer: w.carer))
            try await commission.addToAgenda(w.sitting, second)
            let overlap = await Self.problems { try await commission.decide(w.sitting, second, Self.decision(.foster, carer: w.carer)) }
            #expect(overlap == ["care.problem.overlaps"])
            #expect(try await CareDecision.query(on: app.db).filter(\.$request.$id == second.id!).count() == 0)
            #expect(try await Placement.query(on: app.db).filter(\.$child.$id == girl.id!).count() == 1)
            #expect(try await CareRequest.find(second.id!, on: app.db)?.statusValue == .onAgenda)
            // The end needs a destination and cannot precede the start.
            let placement = try #require(try await Placement.query(on: app.db).filter(\.$child.$id == girl.id!).first())
            let noDestination = await Self.problems { try await worker.end(placement, .init(end: CalendarDate.today.adding(days: -20).display, reason: "x")) }
            #expect(noDestination == ["care.problem.end_before_start", "validation.choose"])
            try await worker.end(placement, .init(end: CalendarDate.today.adding(days: -1).display, destination: "returned", reason: "Mother is home."))
            // After the end, the second placement fits.
            try await commission.decide(w.sitting, second, Self.decision(.foster, carer: w.carer))
            let episodes = try await CareQueries(db: app.db).episodes(of: girl.id!)
            #expect(episodes.map(\.startDate) == [CalendarDate.today.iso, CalendarDate.today.adding(days: -10).iso])
            #expect(episodes.map(\.destination) == [nil, "returned"])
            #expect(try await CareQueries(db: app.db).whereTonight(girl.id!, on: .today)?.id == episodes[0].id)
        }
    }

    @Test func theGateRefusesWhatTheGuidelinesForbid() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app, carerCapacity: "1")
            let worker = try await Self.service(app, "t.social_worker")
            let commission = try await Self.service(app, "t.commission_member")
            let boy = try await Self.child(app, "Merdan", days: 7 * 365)
            // Residential care without the alternatives weighed is not even put to the commission.
            let bare = await Self.problems { _ = try await worker.prepareRequest(for: boy, Self.draft(.residential, setting: w.babyHome, alternatives: false)) }
            #expect(bare == ["validation.required", "validation.required", "validation.required", "validation.required"])
            // Poverty alone never justifies a placement.
            let poor = try await worker.prepareRequest(for: boy, Self.draft(.residential, setting: w.babyHome, reasons: [.poverty]))
            try await commission.addToAgenda(w.sitting, poor)
            #expect(await Self.problems { try await commission.decide(w.sitting, poor, Self.decision(.residential, setting: w.babyHome)) }
                    == ["care.problem.poverty_only"])
            // A family support plan for the same request is a decision the commission may take.
            var support = Self.decision(.residential)
            support.outcome = "family_support"
            try await commission.decide(w.sitting, poor, support)
            #expect(try await Placement.query(on: app.db).filter(\.$child.$id == boy.id!).count() == 0)
            // A carer with one place left takes one child, not two.
            let a = try await Self.child(app, "Ata", days: 5 * 365), b = try await Self.child(app, "Bagt", days: 6 * 365)
            for (child, expected) in [(a, [String]()), (b, ["care.problem.carer_full"])] {
                let request = try await worker.prepareRequest(for: child, Self.draft(.foster, carer: w.carer))
                try await commission.addToAgenda(w.sitting, request)
                #expect(await Self.problems { try await commission.decide(w.sitting, request, Self.decision(.foster, carer: w.carer)) } == expected)
            }
            // A votes count that does not carry, or exceeds the members present, decides nothing.
            let c = try await Self.child(app, "Çary", days: 8 * 365)
            let request = try await worker.prepareRequest(for: c, Self.draft(.foster, carer: w.carer))
            try await commission.addToAgenda(w.sitting, request)
            var lost = Self.decision(.foster, carer: w.carer)
            lost.votesFor = "0"; lost.votesAgainst = "1"
            #expect(await Self.problems { try await commission.decide(w.sitting, request, lost) } == ["care.problem.not_carried", "validation.required"])
            lost.votesFor = "2"; lost.votesAgainst = "0"
            #expect(await Self.problems { try await commission.decide(w.sitting, request, lost) } == ["care.validation.number"])
        }
    }

    @Test func anExpiredCarerAndASittingWithoutQuorumDecideNothing() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app, approvedUntilDays: 20)
            let worker = try await Self.service(app, "t.social_worker")
            let commission = try await Self.service(app, "t.commission_member")
            let girl = try await Self.child(app, days: 10 * 365)
            let request = try await worker.prepareRequest(for: girl, Self.draft(.foster, carer: w.carer))
            try await commission.addToAgenda(w.sitting, request)
            #expect(await Self.problems { try await commission.decide(w.sitting, request, Self.decision(.foster, carer: w.carer)) }
                    == ["care.problem.carer_expired"])
            // Nobody present: no quorum.
            try await commission.recordAttendance(w.sitting, present: [])
            #expect(await Self.problems { try await commission.decide(w.sitting, request, Self.decision(.foster, carer: w.carer)) }
                    == ["care.problem.no_quorum"])
        }
    }

    @Test func aResidentialPlacementPutsTheChildOnFullStateSupportAndItsEndTakesItOff() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let worker = try await Self.service(app, "t.social_worker")
            let commission = try await Self.service(app, "t.commission_member")
            let baby = try await Self.child(app, "Leýla", days: 500)
            let start = CalendarDate.today.adding(days: -40)
            let request = try await worker.prepareRequest(for: baby, Self.draft(.residential, setting: w.babyHome, exception: .plannedShortStay,
                                                                                until: CalendarDate.today.adding(days: 60).display))
            try await commission.addToAgenda(w.sitting, request)
            try await commission.decide(w.sitting, request, Self.decision(.residential, setting: w.babyHome, start: start))
            let placement = try #require(try await Placement.query(on: app.db).filter(\.$child.$id == baby.id!).first())
            #expect(placement.exceptionUntil == CalendarDate.today.adding(days: 60).iso)
            // The alert: a child under 3 in residential care, seen by the supervisor.
            let supervisor = try await Self.actor(app, "t.supervisor")
            #expect(try await CareQueries(db: app.db).alerts(for: supervisor).map(\.id) == [placement.id])
            // Benefits read the registry: child care stops, the birth grant does not look at it.
            let facts = try await RegistryFacts(db: app.db).eligibilityFacts(beneficiary: baby, applicant: baby, on: .today)
            #expect(facts.fullStateSupport)
            let rules = Dictionary(uniqueKeysWithValues: RuleSet.seed.map { ($0.programme, $0) })
            #expect(rules[.childCare]!.evaluate(facts, on: .today).outcomes.first { $0.rule == .notOnFullStateSupport }?.passed == false)
            #expect(!rules[.birthGrant]!.rules.contains(.notOnFullStateSupport))
            #expect(rules[.schoolSupplies]!.rules.contains(.notOnFullStateSupport))
            // Home again: the support ends with the placement's last night.
            let last = CalendarDate.today.adding(days: -2)
            try await worker.end(placement, .init(end: last.display, destination: "returned", reason: "The mother is well."))
            #expect(try await RegistryFacts(db: app.db).circumstances(of: baby.id!, on: last).contains(.fullStateSupport))
            #expect(!(try await RegistryFacts(db: app.db).circumstances(of: baby.id!, on: .today).contains(.fullStateSupport)))
        }
    }

    @Test func reviewsAreDueThreeMonthsAfterTheLastAndNeverBeforeThePlacement() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let worker = try await Self.service(app, "t.social_worker")
            let commission = try await Self.service(app, "t.commission_member")
            let girl = try await Self.child(app, days: 12 * 365)
            let start = CalendarDate.today.adding(days: -100)
            let request = try await worker.prepareRequest(for: girl, Self.draft(.foster, carer: w.carer))
            try await commission.addToAgenda(w.sitting, request)
            try await commission.decide(w.sitting, request, Self.decision(.foster, carer: w.carer, start: start))
            let placement = try #require(try await Placement.query(on: app.db).filter(\.$child.$id == girl.id!).first())
            #expect(placement.nextReviewOn == CareRules.addingMonths(3, to: start).iso)
            let early = await Self.problems { _ = try await worker.review(placement, .init(reviewedOn: start.adding(days: -1).display, outcome: "continue",
                                                                                          childViews: "Fine", note: "Fine")) }
            #expect(early == ["care.validation.review_before_start"])
            let on = CalendarDate.today.adding(days: -5)
            let review = try await worker.review(placement, .init(reviewedOn: on.display, outcome: "continue", childViews: "She likes school.", note: "Stays."))
            #expect(review.nextDue == CareRules.addingMonths(3, to: on).iso)
            #expect(try await Placement.find(placement.id!, on: app.db)?.nextReviewOn == review.nextDue)
        }
    }

    /// Hand-checked: on today's date, two children in residential care (one under 3, one with a
    /// disability, 7–17), one in foster care (3–6), one who left residential care for her parents
    /// this year, among the fixtures' children 0–17.
    @Test func theFiguresCountTheEpisodes() async throws {
        try await withTestApp { app in
            let path = "/TM-M/M-MRY/"
            let territory = try await Territory.query(on: app.db).filter(\.$code == "M-MRY").first()!
            let specs: [(String, Int, CareType, String, String?, String?, Bool)] = [
                ("Bir", 400, .residential, iso(-2, 1), nil, nil, false),
                ("Iki", 10 * 365, .residential, iso(-3, 1), nil, nil, true),
                ("Üç", 4 * 365, .foster, iso(-1, 1), nil, nil, false),
                ("Dört", 8 * 365, .residential, iso(-20, 1), CalendarDate.today.adding(days: -3).iso, "returned", false),
            ]
            for (name, days, type, start, end, destination, disability) in specs {
                let person = try await Self.child(app, name, days: days)
                let p = Placement()
                p.$child.id = person.id!
                p.careType = type.rawValue
                p.startDate = start
                p.endDate = end
                p.destination = destination
                p.legalBasis = "Test"
                p.reasons = "neglect"
                p.gatekept = name != "Üç"
                p.siblings = "none"
                p.underThree = days < 3 * 365
                p.disability = disability
                p.nextReviewOn = CalendarDate.today.adding(days: name == "Iki" ? -1 : 10).iso
                p.planGoals = name == "Bir" ? "Home" : nil
                p.$territory.id = territory.id
                p.territoryPath = path
                p.createdAt = AppClock.now
                p.version = 1
                try await p.create(on: app.db)
            }
            let from = CalendarDate(year: CalendarDate.today.year, month: 1, day: 1)!
            let report = try await CareFigures(db: app.db).report(under: path, on: .today, from: from, to: .today)
            #expect(report.childrenInRegistry == 4)
            let series = Dictionary(uniqueKeysWithValues: CareSeries.from(report).map { ($0.code, $0.value) })
            #expect(series["GOLDAW_INCARE"] == 3)
            #expect(series["PT_CHLD_INRESIDENTIAL"] == 2)
            #expect(series["PT_CHLD_INRESIDENTIAL.Y0T2"] == 1)
            #expect(series["PT_CHLD_INRESIDENTIAL.Y7T17"] == 1)
            #expect(series["PT_CHLD_CARED_BY_FOSTER"] == 1)
            #expect(series["PT_CHLD_INRESIDENTIAL_RATE_B"] == 50_000)
            #expect(series["PT_CHLD_INRESIDENTIAL_PROP"] == 66.7)
            #expect(series["PT_CHLD_DISAB_PUBLIC"] == 1)
            #expect(series["GOLDAW_UNDER3_RESIDENTIAL"] == 1)
            #expect(series["PT_CHLD_LEFTRESCARE_RETURNED"] == 1)
            #expect(series["PT_CHLD_LEFTRESCARE"] == 1)
            #expect(series["BCN_9_REVIEWED"] == 66.7)
            #expect(series["BCN_7_CARE_PLAN"] == 33.3)
            // Entries this year: those that started in it.
            let entries = [iso(-2, 1), iso(-3, 1), iso(-1, 1), iso(-20, 1)].filter { $0 >= from.iso }.count
            #expect(series["GOLDAW_ENTERED"] == Double(entries))
        }
    }

    @Test func theCarePagesRenderInThreeLanguages() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let baby = try await Self.child(app, "Gül", days: 400)
            let worker = Browser(app)
            try await worker.login("t.social_worker")
            let form = try await worker.get(AppRoute.careRequestNew(baby.id!).path)
            #expect(form.status == .ok)
            // A refused form keeps every word typed and says why next to the field.
            let refused = try await worker.post(AppRoute.careRequestNew(baby.id!).path, pairs: [
                ("type", "residential"), ("setting", w.babyHome.id!.uuidString), ("reasons[]", "neglect"),
                ("assessedOn", CalendarDate.today.display), ("familyAssessment", "Mother in hospital"), ("childViews", "Too young to say"),
                ("familySupport", "Tried"), ("kinship", "None"), ("guardianship", "None"), ("foster", "None")])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("Mother in hospital"))
            let created = try await worker.post(AppRoute.careRequestNew(baby.id!).path, pairs: [
                ("type", "residential"), ("setting", w.babyHome.id!.uuidString), ("reasons[]", "neglect"), ("exception", "emergency"),
                ("assessedOn", CalendarDate.today.display), ("familyAssessment", "Mother in hospital"), ("childViews", "Too young to say"),
                ("familySupport", "Tried"), ("kinship", "None"), ("guardianship", "None"), ("foster", "None")])
            #expect(created.status == .seeOther)
            let commission = Browser(app)
            try await commission.login("t.commission_member")
            for (lang, word) in [("tk", "Gün tertibi"), ("ru", "Повестка"), ("en", "Agenda")] {
                _ = try await commission.get("/locale/\(lang)?back=%2F")
                for path in [AppRoute.care.path, AppRoute.careSittings.path, AppRoute.careCarers.path, AppRoute.careSettings.path,
                             AppRoute.carePlacements.path, AppRoute.careReviews.path, AppRoute.careFigures.path, AppRoute.careSittingNew.path,
                             AppRoute.carerNew.path, AppRoute.careSettingNew.path, AppRoute.carer(w.carer.id!).path, AppRoute.careMinutes(w.sitting.id!).path] {
                    let page = try await commission.get(path)
                    #expect(page.status == .ok, "\(lang) \(path)")
                    #expect(page.body.string.range(of: #"care\.[a-z_]+\.[a-z_]+"#, options: .regularExpression) == nil,
                            "\(lang) \(path) shows a locale key")
                }
                let sitting = try await commission.get(AppRoute.careSitting(w.sitting.id!).path)
                #expect(sitting.body.string.contains(word))
            }
            let csv = try await commission.get(AppRoute.careFiguresCSV.path)
            #expect(csv.headers.contentType?.subType == "csv")
            #expect(csv.body.string.hasPrefix("code,label,value"))
            // A benefits officer has no care pages; an analyst has the figures but no child.
            let officer = Browser(app)
            try await officer.login("t.benefits_officer")
            #expect(try await officer.get(AppRoute.care.path).status == .forbidden)
            let analyst = Browser(app)
            try await analyst.login("t.national_analyst")
            #expect(try await analyst.get(AppRoute.careFigures.path).status == .ok)
            #expect(try await analyst.get(AppRoute.careSitting(w.sitting.id!).path).status == .forbidden)
        }
    }

    static func send(_ app: Application, _ method: HTTPMethod, _ path: String, token: String, json: String? = nil) async throws -> TestingHTTPResponse {
        var headers = bearer(token)
        if json != nil { headers.contentType = .json }
        return try await app.testing().sendRequest(method, path, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    @Test func theAPIDecidesAndReadsWhereTheChildIsTonight() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let girl = try await Self.child(app, days: 9 * 365)
            let request = try await Self.service(app, "t.social_worker").prepareRequest(for: girl, Self.draft(.foster, carer: w.carer))
            try await Self.service(app, "t.commission_member").addToAgenda(w.sitting, request)
            let commission = try await apiToken(app, "t.commission_member")
            let path = "/api/v1/care/sittings/\(w.sitting.id!.path)/decisions/\(request.id!.path)"
            let unknownField = try await Self.send(app, .POST, path, token: commission, json: """
                {"outcome":"placement","careType":"foster","carerId":"\(w.carer.id!.uuidString)","startDate":"\(CalendarDate.today.iso)",
                 "legalBasis":"Law","reasoning":"Why","childHeard":true,"parentsHeard":false,"votesFor":1,"votesAgainst":0,"votesAbstain":0,
                 "colour":"red"}
                """)
            #expect(unknownField.status == .unprocessableEntity)
            let decided = try await Self.send(app, .POST, path, token: commission, json: """
                {"outcome":"placement","careType":"foster","carerId":"\(w.carer.id!.uuidString)","startDate":"\(CalendarDate.today.iso)",
                 "legalBasis":"Law","reasoning":"Why","childHeard":true,"parentsHeard":false,"votesFor":1,"votesAgainst":0,"votesAbstain":0}
                """)
            #expect(decided.status == .created)
            #expect(decided.body.string.contains(#""outcome":"placement""#))
            let again = try await Self.send(app, .POST, path, token: commission, json: """
                {"outcome":"deferred","legalBasis":"Law","reasoning":"Why","childHeard":true,"parentsHeard":false,"votesFor":1,"votesAgainst":0,"votesAbstain":0}
                """)
            #expect(again.status == .conflict)
            let worker = try await apiToken(app, "t.social_worker")
            let tonight = try await Self.send(app, .GET, "/api/v1/people/\(girl.id!.path)/placements", token: worker)
            #expect(tonight.status == .ok)
            #expect(tonight.body.string.contains(#""careType":"foster""#))
            let placement = try #require(try await Placement.query(on: app.db).filter(\.$child.$id == girl.id!).first())
            let contact = try await Self.send(app, .POST, "/api/v1/care/placements/\(placement.id!.path)/contacts", token: worker, json: """
                {"contactOn":"\(CalendarDate.today.iso)","kind":"call","withWhom":"Aunt"}
                """)
            #expect(contact.status == .created)
            #expect(contact.body.string.contains(#""withWhom":"Aunt""#))
            let early = try await Self.send(app, .POST, "/api/v1/care/placements/\(placement.id!.path)/reviews", token: worker, json: """
                {"reviewedOn":"\(CalendarDate.today.adding(days: -3).iso)","outcome":"continue","childViews":"Fine","note":"Fine"}
                """)
            #expect(early.status == .unprocessableEntity)
            // Out of scope, the child does not exist; an analyst reads figures but no child.
            let far = try await apiToken(app, "t.far.worker")
            #expect(try await Self.send(app, .GET, "/api/v1/care/placements/\(placement.id!.path)", token: far).status == .notFound)
            let analyst = try await apiToken(app, "t.national_analyst")
            #expect(try await Self.send(app, .GET, "/api/v1/care/placements", token: analyst).status == .forbidden)
            let figures = try await Self.send(app, .GET, "/api/v1/care/figures?territory=M-MRY", token: analyst)
            #expect(figures.status == .ok)
            let body = try JSONSerialization.jsonObject(with: Data(figures.body.readableBytesView)) as? [String: Any]
            let series = (body?["series"] as? [[String: Any]]) ?? []
            #expect(series.first { $0["code"] as? String == "PT_CHLD_CARED_BY_FOSTER" }?["value"] as? Double == 1)
            let spec = try await app.testing().sendRequest(.GET, "/api/v1/openapi.json")
            for operation in ["listPlacements", "getChildPlacements", "decideCareRequest", "recordCareContact", "recordCareReview",
                              "getCareSitting", "getCareFigures", "listCareSettings", "listCarers", "listCareReviewsDue"] {
                #expect(spec.body.string.contains(#""\#(operation)""#), "\(operation)")
            }
        }
    }
}
