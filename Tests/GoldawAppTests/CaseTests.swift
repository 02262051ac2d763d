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

/// Case management through the pages: the whole journey of a child at high risk, the refusals,
/// scope, stale edits and every page in three languages.
@Suite("Cases: child protection case management") struct CaseTests {
    /// A child of `age` in Mary etraby, registered through the registry service.
    static func child(_ app: Application, surname: String = "Myradowa", age: Int = 8) async throws -> Person {
        let registry = RegistryService(db: app.db, actor: nil, audit: AuditService(db: app.db))
        var draft = PersonDraft()
        draft.givenName = "Aýna"
        draft.surname = surname
        draft.sex = "female"
        draft.birthDate = CalendarDate.today.adding(days: -(age * 365 + 40)).display
        draft.territoryCode = Fixtures.inScopeEtrap
        guard case .created(let person) = try await registry.create(draft, confirmedNew: true) else { throw AppError.badRequest("fixture") }
        return person
    }

    static func service(_ app: Application, _ username: String, now: Date = AppClock.now) async throws -> CaseService {
        let user = try await Fixtures.user(app, username)
        let actor = CurrentUser(id: user.id!, username: user.username, fullName: user.fullName, role: user.role,
                                scope: Scope(kind: .district, territoryPath: "/TM-M/M-MRY/"), scopeTerritoryID: nil,
                                locale: .en, mustChangePassword: false, sessionID: nil, csrfToken: nil)
        return CaseService(db: app.db, actor: actor, audit: AuditService(db: app.db, actor: actor), now: now)
    }

    static func openForm(_ identified: CalendarDate = CalendarDate.today.adding(days: -2)) -> [(String, String)] {
        [("source", "school"), ("concerns[]", "violence"), ("concerns[]", "neglect"), ("urgent", "on"),
         ("identifiedOn", identified.display), ("summary", "Bruises seen at school; the child is afraid to go home.")]
    }

    static func theCase(_ app: Application, child: Person) async throws -> CaseRecord {
        try await CaseRecord.query(on: app.db).filter(\.$child.$id == child.id!).first()!
    }

    @Test func aHighRiskChildFromIdentificationToClosureAndReopening() async throws {
        try await withTestApp { app in
            let child = try await Self.child(app)
            let worker = Browser(app)
            try await worker.login("t.social_worker")
            let supervisor = Browser(app)
            try await supervisor.login("t.supervisor")
            for browser in [worker, supervisor] { try await browser.get("/locale/en?back=%2F") }

            // Search before create: the case is opened from the child's registry profile.
            let profile = try await worker.get(AppRoute.person(child.id!).path)
            #expect(profile.body.string.contains(AppRoute.caseNew(child.id!).path))
            let form = try await worker.get(AppRoute.caseNew(child.id!).path)
            #expect(form.status == .ok)
            let opened = try await worker.post(AppRoute.caseNew(child.id!).path, pairs: Self.openForm())
            #expect(opened.status == .seeOther, "\(opened.body.string.components(separatedBy: "field-error").dropFirst().map { $0.prefix(200) })")
            let record = try await Self.theCase(app, child: child)
            let year = CalendarDate.today.year
            #expect(record.number == "MR-\(year)-000001")
            #expect(record.concernCodes == ["violence", "neglect"])
            #expect(record.urgent)
            #expect(record.stepValue == .identification)
            let id = record.id!
            let casePath = AppRoute.caseRecord(id).path
            func action(_ name: String) -> String { AppRoute.caseAction(id, name).path }
            let today = CalendarDate.today.display

            // Referral before consent is refused and nothing is saved.
            let refused = try await worker.post(action("referral"), form: ["service": "Psychologist", "provider": "Day centre", "referredOn": today])
            #expect(refused.status == .conflict)
            #expect(refused.body.string.contains("consent it needs is missing"))
            #expect(refused.body.string.contains("Psychologist"), "the input is kept")
            #expect(try await CaseReferral.query(on: app.db).count() == 0)

            // An eight-year-old: the caregiver consents and the child assents, scope by scope.
            _ = try await worker.get(casePath)
            #expect(try await worker.post(action("consent"), pairs: [("party", "caregiver_consent"), ("givenBy", "Gülnara Myradowa"),
                ("scopes[]", "services"), ("scopes[]", "information_sharing"), ("scopes[]", "referral"), ("givenOn", today)]).status == .seeOther)
            #expect(try await worker.post(action("consent"), pairs: [("party", "child_assent"), ("givenBy", "Aýna"),
                ("scopes[]", "services"), ("givenOn", today)]).status == .seeOther)
            #expect(try await worker.post(action("referral"), form: ["service": "Psychologist", "provider": "Day centre", "referredOn": today]).status == .conflict)
            #expect(try await worker.post(action("consent"), pairs: [("party", "child_assent"), ("givenBy", "Aýna"),
                ("scopes[]", "services"), ("scopes[]", "referral"), ("givenOn", today)]).status == .seeOther)
            #expect(try await worker.post(action("referral"), form: ["service": "Psychologist", "provider": "Day centre", "referredOn": today]).status == .seeOther)
            #expect(try await CaseReferral.query(on: app.db).first()?.basis == "consent")

            // An initial assessment dated before the case was identified is refused.
            let early = try await worker.post(action("initial-assessment"), form: [
                "assessedOn": CalendarDate.today.adding(days: -5).display, "risk": "high", "summary": "Visible injuries"])
            #expect(early.status == .unprocessableEntity)
            #expect(early.body.string.contains("before the day the case was identified"))
            #expect(early.body.string.contains("Visible injuries"))
            #expect(try await CaseTask.query(on: app.db).count() == 0)

            // High risk: three deadlines from registration, first contact within 24 hours.
            #expect(try await worker.post(action("initial-assessment"), form: ["assessedOn": today, "risk": "high", "summary": "Visible injuries"]).status == .seeOther)
            let tasks = try await CaseTask.query(on: app.db).filter(\.$caseRecord.$id == id).all()
            #expect(Set(tasks.map(\.kind)) == ["first_contact", "full_assessment", "case_plan"])
            let registered = try await Self.theCase(app, child: child).registeredAt
            let contact = tasks.first { $0.kind == "first_contact" }!
            #expect(abs(contact.dueAt.timeIntervalSince(registered) - 24 * 3600) < 1)
            #expect(abs(tasks.first { $0.kind == "full_assessment" }!.dueAt.timeIntervalSince(registered) - 72 * 3600) < 1)
            #expect(try await Self.theCase(app, child: child).stepValue == .assessment)
            let home = try await worker.get("/")
            #expect(home.body.string.contains("home-upcoming"))
            #expect(home.body.string.contains(record.number))

            // First contact: a home visit meets the first deadline.
            #expect(try await worker.post(action("visit"), form: ["visitedOn": today, "kind": "home_visit", "childSeen": "on",
                                                                 "summary": "Met the child and the mother"]).status == .seeOther)
            #expect(try await CaseTask.query(on: app.db).filter(\.$kind == "first_contact").first()?.doneAt != nil)

            // Needs assessment → supervisor approves.
            #expect(try await worker.post(action("needs-assessment"), form: ["assessedOn": today, "summary": "Needs safety and support",
                "risks": "Father drinks; violence at home", "protectiveFactors": "Grandmother nearby", "childViews": "Wants to stay with mother"]).status == .seeOther)
            let assessmentApproval = try await CaseApproval.query(on: app.db).filter(\.$kind == "assessment").first()!
            #expect(assessmentApproval.status == "requested")
            let waiting = try await worker.get("/")
            #expect(waiting.body.string.contains("home-waiting"))
            // Workers do not decide approvals.
            #expect(try await worker.post(AppRoute.caseApprovalDecision(id, assessmentApproval.id!).path,
                                          form: ["decision": "approve", "version": "1"]).status == .forbidden)
            let supervisorHome = try await supervisor.get("/")
            #expect(supervisorHome.body.string.contains("home-pending"))
            #expect(supervisorHome.body.string.contains("home-caseload"))
            _ = try await supervisor.get(casePath)
            #expect(try await supervisor.post(AppRoute.caseApprovalDecision(id, assessmentApproval.id!).path,
                                              form: ["decision": "approve", "comment": "Good", "version": "1"]).status == .seeOther)
            #expect(try await Self.theCase(app, child: child).stepValue == .casePlan)

            // The case plan: goals, actions, who and when → approved → implementation.
            let due = CalendarDate.today.adding(days: 30).display
            #expect(try await worker.post(action("plan"), form: ["goals": "The child is safe at home", "action1": "Parenting sessions",
                "responsible1": "Day centre", "start1": today, "due1": due]).status == .seeOther)
            let planApproval = try await CaseApproval.query(on: app.db).filter(\.$kind == "case_plan").first()!
            // A rejection needs a comment; the supervisor's input is kept.
            let noComment = try await supervisor.post(AppRoute.caseApprovalDecision(id, planApproval.id!).path,
                                                      form: ["decision": "reject", "comment": "", "version": "1"])
            #expect(noComment.status == .unprocessableEntity)
            #expect(try await supervisor.post(AppRoute.caseApprovalDecision(id, planApproval.id!).path,
                                              form: ["decision": "approve", "version": "1"]).status == .seeOther)
            #expect(try await Self.theCase(app, child: child).stepValue == .implementation)
            // The approved plan starts the follow-up clock: one follow-up interval (7 days at high risk).
            let firstFollowUp = try await CaseTask.query(on: app.db).filter(\.$caseRecord.$id == id).filter(\.$kind == "follow_up").all()
            #expect(firstFollowUp.count == 1)
            // A second decision on the same request is refused.
            #expect(try await supervisor.post(AppRoute.caseApprovalDecision(id, planApproval.id!).path,
                                              form: ["decision": "reject", "comment": "late", "version": "2"]).status == .conflict)

            // Follow-up visit: the step moves on and the next follow-up is scheduled.
            #expect(try await worker.post(action("visit"), form: ["visitedOn": today, "kind": "school", "summary": "Attending school"]).status == .seeOther)
            #expect(try await Self.theCase(app, child: child).stepValue == .followUp)
            let followUps = try await CaseTask.query(on: app.db).filter(\.$caseRecord.$id == id).filter(\.$kind == "follow_up").all()
            #expect(followUps.filter { $0.doneAt == nil }.count == 1)

            // Closure: not without an approved request, not without a reason.
            var current = try await Self.theCase(app, child: child)
            let early2 = try await worker.post(action("close"), form: ["reason": "plan_completed", "version": String(current.version)])
            #expect(early2.status == .conflict)
            #expect(early2.body.string.contains("only after an approved closure request"))
            #expect(try await worker.post(action("closure-request"), form: ["comment": "Plan completed; the child is safe"]).status == .seeOther)
            let closure = try await CaseApproval.query(on: app.db).filter(\.$kind == "closure").first()!
            #expect(try await supervisor.post(AppRoute.caseApprovalDecision(id, closure.id!).path,
                                              form: ["decision": "approve", "version": "1"]).status == .seeOther)
            current = try await Self.theCase(app, child: child)
            let noReason = try await worker.post(action("close"), form: ["reason": "", "version": String(current.version)])
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.body.string.contains("Choose the reason for closure"))
            #expect(try await Self.theCase(app, child: child).stepValue == .followUp)
            #expect(try await worker.post(action("close"), form: ["reason": "plan_completed", "version": String(current.version)]).status == .seeOther)
            current = try await Self.theCase(app, child: child)
            #expect(current.stepValue == .closed)
            #expect(current.closureReason == "plan_completed")
            #expect(try await CaseTask.query(on: app.db).filter(\.$caseRecord.$id == id).filter(\.$doneAt == nil).count() == 0)

            // Reopening needs a reason, and starts a new assessment.
            #expect(try await worker.post(action("reopen"), form: ["reopenReason": "", "version": String(current.version)]).status == .unprocessableEntity)
            #expect(try await worker.post(action("reopen"), form: ["reopenReason": "New report from school", "version": String(current.version)]).status == .seeOther)
            current = try await Self.theCase(app, child: child)
            #expect(current.stepValue == .assessment)
            #expect(current.reopenReason == "New report from school")

            // History and audit: every change and every read.
            let page = try await worker.get(casePath)
            #expect(page.body.string.contains("case-history"))
            let steps = try await RecordChange.query(on: app.db).filter(\.$recordType == "case").filter(\.$recordID == id)
                .filter(\.$field == "step").all().compactMap(\.newValue)
            #expect(steps == ["assessment", "case_plan", "implementation", "follow_up", "closed", "assessment"])
            #expect(try await auditCount(app, action: .caseViewed) >= 3)
            #expect(try await auditCount(app, action: .caseClosed) == 1)
            #expect(try await auditCount(app, action: .caseReopened) == 1)
            #expect(try await auditCount(app, action: .caseApprovalDecided) == 3)
        }
    }

    @Test func nobodyApprovesTheirOwnRequest() async throws {
        try await withTestApp { app in
            let child = try await Self.child(app)
            let supervisor = try await Self.service(app, "t.supervisor")
            let record = try await supervisor.open(for: child, .init(source: "police", concerns: ["violence"], summary: "x",
                                                                     identifiedOn: CalendarDate.today.display))
            try await supervisor.requestClosure(record, comment: "Moved away")
            let approval = try await CaseApproval.query(on: app.db).first()!
            await #expect(throws: AppError.self) {
                try await supervisor.decide(approval, on: record, .approve, comment: "", expectedVersion: approval.version)
            }
            do {
                try await supervisor.decide(approval, on: record, .approve, comment: "", expectedVersion: approval.version)
            } catch AppError.conflict(let key) {
                #expect(key == "case.approval.own_request")
            }
            #expect(try await CaseApproval.find(approval.id, on: app.db)?.status == "requested")
            // A second request of the same kind waits behind the first.
            await #expect(throws: AppError.self) { try await supervisor.requestClosure(record, comment: "again") }
        }
    }

    @Test func aStaleEditKeepsTheInputAndShowsTheOtherChange() async throws {
        try await withTestApp { app in
            let child = try await Self.child(app)
            let first = Browser(app)
            try await first.login("t.social_worker")
            try await first.get("/locale/en?back=%2F")
            try await first.get(AppRoute.caseNew(child.id!).path)
            _ = try await first.post(AppRoute.caseNew(child.id!).path, pairs: Self.openForm())
            let record = try await Self.theCase(app, child: child)
            let second = Browser(app)
            try await second.login("t.social_worker")
            // Both open the edit form at the same version.
            let formA = try await first.get(AppRoute.caseEdit(record.id!).path)
            #expect(formA.body.string.contains(#"name="version" value="1""#))
            _ = try await second.get(AppRoute.caseEdit(record.id!).path)
            let saved = try await second.post(AppRoute.caseEdit(record.id!).path, pairs: [
                ("source", "police"), ("concerns[]", "violence"), ("identifiedOn", CalendarDate.today.adding(days: -2).display),
                ("summary", "Police reported violence at home"), ("version", "1")])
            #expect(saved.status == .seeOther)
            let stale = try await first.post(AppRoute.caseEdit(record.id!).path, pairs: [
                ("source", "school"), ("concerns[]", "violence"), ("concerns[]", "child_labour"),
                ("identifiedOn", CalendarDate.today.adding(days: -2).display), ("summary", "Teacher says the child works at the bazaar"),
                ("version", "1")])
            #expect(stale.status == .conflict)
            let body = stale.body.string
            #expect(body.contains("Someone else changed this record"))
            #expect(body.contains("Teacher says the child works at the bazaar"), "the user's input is kept")
            #expect(body.contains("Police reported violence at home"), "the other change is shown")
            #expect(body.contains("their-changes"))
            #expect(body.contains(#"name="version" value="2""#))
            let stored = try await Self.theCase(app, child: child)
            #expect(stored.summary == "Police reported violence at home")
            #expect(stored.identificationSource == "police")
            // Field-level history of the saved edit.
            let fields = try await RecordChange.query(on: app.db).filter(\.$recordID == record.id!).all().map(\.field)
            #expect(fields.contains("summary") && fields.contains("source") && fields.contains("concerns"))
            // Saving again on the current version goes through.
            #expect(try await first.post(AppRoute.caseEdit(record.id!).path, pairs: [
                ("source", "school"), ("concerns[]", "child_labour"), ("identifiedOn", CalendarDate.today.adding(days: -2).display),
                ("summary", "Teacher says the child works at the bazaar"), ("version", "2")]).status == .seeOther)
        }
    }

    @Test func openingIsRefusedForAdultsAndBadInputSavesNothing() async throws {
        try await withTestApp { app in
            let adult = try await Self.child(app, surname: "Ulyýewa", age: 30)
            let browser = Browser(app)
            try await browser.login("t.social_worker")
            try await browser.get("/locale/en?back=%2F")
            let profile = try await browser.get(AppRoute.person(adult.id!).path)
            #expect(!profile.body.string.contains(AppRoute.caseNew(adult.id!).path))
            _ = try await browser.get(AppRoute.caseNew(adult.id!).path)
            let refused = try await browser.post(AppRoute.caseNew(adult.id!).path, pairs: Self.openForm())
            #expect(refused.status == .unprocessableEntity)
            let child = try await Self.child(app)
            _ = try await browser.get(AppRoute.caseNew(child.id!).path)
            let empty = try await browser.post(AppRoute.caseNew(child.id!).path, pairs: [("source", ""), ("summary", "Keep me"), ("identifiedOn", "31.02.2026")])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.string.contains("Keep me"))
            #expect(empty.body.string.contains("Choose at least one concern"))
            let future = try await browser.post(AppRoute.caseNew(child.id!).path,
                                                pairs: Self.openForm(CalendarDate.today.adding(days: 3)))
            #expect(future.status == .unprocessableEntity)
            #expect(try await CaseRecord.query(on: app.db).count() == 0)
        }
    }

    @Test func scopeAnswersNotFoundAndAnalystsSeeCountsOnly() async throws {
        try await withTestApp { app in
            let child = try await Self.child(app)
            let service = try await Self.service(app, "t.social_worker")
            let record = try await service.open(for: child, .init(source: "hotline", concerns: ["neglect"], summary: "Alone at home",
                                                                  identifiedOn: CalendarDate.today.display))
            try await service.addNote(record, body: "Mother works nights")
            let far = Browser(app)
            try await far.login("t.far.worker")
            #expect(try await far.get(AppRoute.caseRecord(record.id!).path).status == .notFound)
            _ = try await far.get("/cases")
            #expect(try await far.post(AppRoute.caseAction(record.id!, "note").path, form: ["body": "x"]).status == .notFound)
            #expect(!(try await far.get("/cases")).body.string.contains(record.number))
            let analyst = Browser(app)
            try await analyst.login("t.national_analyst")
            #expect(try await analyst.get(AppRoute.caseRecord(record.id!).path).status == .forbidden)
            let counts = try await analyst.get(AppRoute.caseCounts.path)
            #expect(counts.status == .ok)
            #expect(!counts.body.string.contains("Myradowa"))
            #expect(!counts.body.string.contains(record.number))
            // Notes are for the case team and supervisors: a provider never reaches the case.
            let provider = Browser(app)
            try await provider.login("t.service_provider")
            #expect(try await provider.get(AppRoute.caseRecord(record.id!).path).status == .forbidden)
            let supervisor = Browser(app)
            try await supervisor.login("t.supervisor")
            #expect(try await supervisor.get(AppRoute.caseRecord(record.id!).path).body.string.contains("Mother works nights"))
        }
    }

    @Test func overdueDeadlinesReachTheHomePagesAndTheList() async throws {
        try await withTestApp { app in
            let child = try await Self.child(app)
            let past = AppClock.now.addingTimeInterval(-3 * 86400)
            let service = try await Self.service(app, "t.social_worker", now: past)
            let record = try await service.open(for: child, .init(source: "police", concerns: ["violence"], summary: "Injured",
                                                                  identifiedOn: CalendarDate.today.adding(days: -3).display))
            try await service.initialAssessment(record, date: CalendarDate.today.adding(days: -3).display, risk: "high", summary: "High")
            let worker = Browser(app)
            try await worker.login("t.social_worker")
            let home = try await worker.get("/")
            #expect(home.body.string.contains("home-overdue"))
            #expect(home.body.string.contains(record.number))
            let overdue = try await worker.get("/cases?overdue=1")
            #expect(overdue.body.string.contains(record.number))
            let low = try await worker.get("/cases?risk=low")
            #expect(!low.body.string.contains(record.number))
            let byConcern = try await worker.get("/cases?concern=neglect")
            #expect(!byConcern.body.string.contains(record.number))
            #expect(try await worker.get("/cases?concern=violence&step=assessment").body.string.contains(record.number))
            let supervisor = Browser(app)
            try await supervisor.login("t.supervisor")
            let supervisorHome = try await supervisor.get("/")
            #expect(supervisorHome.body.string.contains("home-overdue"))
            #expect(supervisorHome.body.string.contains(record.number))
        }
    }

    @Test func aSupervisorOverrideAllowsAReferralAndIsAudited() async throws {
        try await withTestApp { app in
            let child = try await Self.child(app, age: 16)
            let worker = try await Self.service(app, "t.social_worker")
            let record = try await worker.open(for: child, .init(source: "school", concerns: ["child_labour"], summary: "Works",
                                                                 identifiedOn: CalendarDate.today.display))
            // Sixteen: the caregiver's consent alone is not enough.
            try await worker.recordConsent(record, party: "caregiver_consent", givenBy: "Mother", scopes: Set(ConsentScope.allCases),
                                           givenOn: CalendarDate.today.display, note: "")
            await #expect(throws: AppError.self) {
                try await worker.refer(record, service: "Vocational training", provider: "Centre", date: CalendarDate.today.display)
            }
            let supervisor = Browser(app)
            try await supervisor.login("t.supervisor")
            _ = try await supervisor.get(AppRoute.caseRecord(record.id!).path)
            let noReason = try await supervisor.post(AppRoute.caseAction(record.id!, "consent-override").path, form: ["scope": "referral", "reason": ""])
            #expect(noReason.status == .unprocessableEntity)
            #expect(try await supervisor.post(AppRoute.caseAction(record.id!, "consent-override").path,
                                              form: ["scope": "referral", "reason": "Child in danger at work"]).status == .seeOther)
            #expect(try await auditCount(app, action: .caseConsentOverridden) == 1)
            let fresh = try await CaseRecord.find(record.id, on: app.db)!
            try await worker.refer(fresh, service: "Vocational training", provider: "Centre", date: CalendarDate.today.display)
            #expect(try await CaseReferral.query(on: app.db).first()?.basis == "override")
            // Workers cannot override.
            let browser = Browser(app)
            try await browser.login("t.social_worker")
            #expect(try await browser.post(AppRoute.caseAction(record.id!, "consent-override").path,
                                           form: ["scope": "referral", "reason": "x"]).status == .forbidden)
        }
    }

    @Test func everyCasePageRendersInEachLanguage() async throws {
        try await withTestApp { app in
            let child = try await Self.child(app)
            let service = try await Self.service(app, "t.social_worker")
            let record = try await service.open(for: child, .init(source: "school", concerns: ["neglect"], summary: "s",
                                                                  identifiedOn: CalendarDate.today.display))
            try await service.initialAssessment(record, date: CalendarDate.today.display, risk: "medium", summary: "m")
            let worker = Browser(app)
            try await worker.login("t.social_worker")
            let supervisor = Browser(app)
            try await supervisor.login("t.supervisor")
            let analyst = Browser(app)
            try await analyst.login("t.national_analyst")
            let admin = Browser(app)
            try await admin.login("t.administrator")
            let titles: [(String, String, String)] = [
                ("tk", "Çagalary goramak boýunça işler", "Iş açmak"), ("ru", "Случаи защиты детей", "Открыть случай"),
                ("en", "Child protection cases", "Open a case"),
            ]
            for (code, list, open) in titles {
                for browser in [worker, supervisor, analyst, admin] { _ = try await browser.get("/locale/\(code)?back=%2F") }
                let pages = [
                    (worker, "/cases", list), (worker, AppRoute.caseNew(child.id!).path, open),
                    (worker, AppRoute.caseRecord(record.id!).path, record.number), (worker, AppRoute.caseEdit(record.id!).path, record.number),
                    (worker, "/", "home-cases"), (supervisor, "/cases/approvals", "page-title"), (supervisor, AppRoute.caseRecord(record.id!).path, record.number),
                    (supervisor, "/", "home-caseload"), (analyst, "/cases/counts", "case-counts"), (admin, "/admin/case-settings", "deadline-form"),
                ]
                for (browser, path, text) in pages {
                    let page = try await browser.get(path)
                    #expect(page.status == .ok, "\(code) \(path)")
                    #expect(page.body.string.contains(#"<html lang="\#(code)">"#), "\(code) \(path)")
                    #expect(page.body.string.contains(text), "\(code) \(path)")
                }
            }
        }
    }

    @Test func demoCasesAreAtDifferentStepsWithOneOverdue() async throws {
        try await withTestApp(seed: false) { app in
            try await DemoData.load(into: app)
            let cases = try await CaseRecord.query(on: app.db).all()
            #expect(Set(cases.map(\.step)) == ["assessment", "case_plan", "identification"])
            #expect(cases.allSatisfy { $0.number.hasPrefix("MR-") })
            let overdue = try await CaseTask.query(on: app.db).filter(\.$doneAt == nil).filter(\.$dueAt < AppClock.now).all()
            // Maral's: high risk five days ago, nobody has seen her yet.
            #expect(Set(overdue.map(\.kind)) == ["first_contact", "full_assessment"])
            #expect(Set(overdue.map(\.$caseRecord.id)).count == 1)
            #expect(try await CaseApproval.query(on: app.db).filter(\.$status == "requested").all().map(\.kind) == ["case_plan"])
            let worker = Browser(app)
            try await worker.login("worker.mary", DemoData.password)
            let home = try await worker.get("/")
            #expect(home.body.string.contains("home-overdue"))
            let supervisor = Browser(app)
            try await supervisor.login("supervisor.mary", DemoData.password)
            #expect(try await supervisor.get("/cases/approvals").body.string.contains("approval-queue"))
        }
    }

    @Test func supervisorsAssignAndIncidentsStayWithTheTeam() async throws {
        try await withTestApp { app in
            let child = try await Self.child(app)
            let supervisorService = try await Self.service(app, "t.supervisor")
            // Opened by a supervisor, the case waits for a worker.
            let record = try await supervisorService.open(for: child, .init(source: "police", concerns: ["violence"], summary: "Beaten",
                                                                           identifiedOn: CalendarDate.today.display))
            #expect(record.$worker.id == nil)
            let supervisor = Browser(app)
            try await supervisor.login("t.supervisor")
            try await supervisor.get("/locale/en?back=%2F")
            let home = try await supervisor.get("/")
            #expect(home.body.string.contains("home-unassigned"))
            #expect(home.body.string.contains(record.number))
            let worker = try await Fixtures.user(app, "t.social_worker")
            let far = try await Fixtures.user(app, "t.far.worker")
            let page = try await supervisor.get(AppRoute.caseRecord(record.id!).path)
            #expect(page.body.string.contains("form-assign"))
            #expect(!page.body.string.contains(far.id!.uuidString), "workers who cannot hold the case are not offered")
            // A worker outside the case's etrap is refused; nothing changes.
            #expect(try await supervisor.post(AppRoute.caseAction(record.id!, "assign").path, form: ["worker": far.id!.uuidString]).status
                    == .unprocessableEntity)
            #expect(try await supervisor.post(AppRoute.caseAction(record.id!, "assign").path, form: ["worker": worker.id!.uuidString]).status
                    == .seeOther)
            #expect(try await CaseRecord.find(record.id, on: app.db)?.$worker.id == worker.id)
            let history = try await RecordChange.query(on: app.db).filter(\.$recordID == record.id!).filter(\.$field == "worker").first()
            #expect(history?.newValue == "t.social_worker")

            // The worker records an incident; the perpetrator's name is for the team only.
            let team = Browser(app)
            try await team.login("t.social_worker")
            try await team.get("/locale/en?back=%2F")
            _ = try await team.get(AppRoute.caseRecord(record.id!).path)
            let bad = try await team.post(AppRoute.caseAction(record.id!, "incident").path, form: [
                "type": "physical", "occurredOn": CalendarDate.today.adding(days: 2).display, "place": "Home",
                "perpetratorRelationship": "step_parent", "perpetratorName": "Durdy Ataýew", "reportedTo": "police"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Durdy Ataýew"), "the input is kept")
            #expect(try await team.post(AppRoute.caseAction(record.id!, "incident").path, form: [
                "type": "physical", "occurredOn": CalendarDate.today.display, "place": "Home",
                "perpetratorRelationship": "step_parent", "perpetratorName": "Durdy Ataýew", "reportedTo": "police",
                "medicalFollowUp": "Examined at the etrap hospital"]).status == .seeOther)
            #expect(try await team.get(AppRoute.caseRecord(record.id!).path).body.string.contains("Durdy Ataýew"))
            #expect(try await supervisor.get(AppRoute.caseRecord(record.id!).path).body.string.contains("Durdy Ataýew"))
            // The history names the incident's type and date, never the perpetrator.
            let incidentHistory = try await RecordChange.query(on: app.db).filter(\.$recordID == record.id!).filter(\.$field == "incident").all()
            #expect(incidentHistory.count == 1)
            let historyText = incidentHistory.first?.newValue ?? ""
            #expect(historyText == "physical \(CalendarDate.today.iso)")
            // Service providers never reach the case, its incidents or the perpetrator.
            let provider = Browser(app)
            try await provider.login("t.service_provider")
            let refused = try await provider.get(AppRoute.caseRecord(record.id!).path)
            #expect(refused.status == .forbidden)
            #expect(!refused.body.string.contains("Durdy"))
            #expect(try await provider.post(AppRoute.caseAction(record.id!, "incident").path, form: ["type": "physical"]).status == .forbidden)
        }
    }

    @Test func aTransferIsProposedThenAcceptedByTheReceivingSupervisor() async throws {
        try await withTestApp { app in
            let child = try await Self.child(app)
            let service = try await Self.service(app, "t.social_worker")
            let record = try await service.open(for: child, .init(source: "school", concerns: ["neglect"], summary: "Moving to Lebap",
                                                                  identifiedOn: CalendarDate.today.display))
            try await service.initialAssessment(record, date: CalendarDate.today.display, risk: "medium", summary: "m")
            let worker = Browser(app)
            try await worker.login("t.social_worker")
            try await worker.get("/locale/en?back=%2F")
            _ = try await worker.get(AppRoute.caseRecord(record.id!).path)
            // A territory that does not exist is refused and nothing is saved.
            let unknown = try await worker.post(AppRoute.caseAction(record.id!, "transfer").path, form: ["territory": "X-NOPE", "transferReason": "Family moved"])
            #expect(unknown.status == .unprocessableEntity)
            #expect(unknown.body.string.contains("no such etrap"))
            #expect(unknown.body.string.contains("Family moved"))
            #expect(try await CaseTransfer.query(on: app.db).count() == 0)
            #expect(try await worker.post(AppRoute.caseAction(record.id!, "transfer").path,
                                          form: ["territory": "L-CAR", "transferReason": "Family moved to Çärjew"]).status == .seeOther)
            let transfer = try await CaseTransfer.query(on: app.db).first()!
            // During the transfer the case keeps its place and its access rules.
            let lebap = try await Fixtures.user(app, "t.far.worker")
            let far = Browser(app)
            try await far.login(lebap.username)
            #expect(try await far.get(AppRoute.caseRecord(record.id!).path).status == .notFound)
            #expect(try await far.get(AppRoute.caseTransfer(transfer.id!).path).status == .notFound, "only the receiving supervisor decides")
            // A Lebap supervisor (welaýat scope) sees it waiting and accepts.
            let users = UserService(db: app.db, settings: app.settings, audit: AuditService(db: app.db))
            _ = try await users.create(.init(username: "t.lebap.supervisor", fullName: "Lebap Supervisor", role: Role.supervisor.rawValue,
                                             scopeKind: "region", territoryCode: "TM-L", organisationID: ""),
                                       password: Fixtures.password, mustChange: false)
            let receiving = Browser(app)
            try await receiving.login("t.lebap.supervisor")
            try await receiving.get("/locale/en?back=%2F")
            let home = try await receiving.get("/")
            #expect(home.body.string.contains("home-incoming"))
            #expect(home.body.string.contains(record.number))
            let page = try await receiving.get(AppRoute.caseTransfer(transfer.id!).path)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Family moved to Çärjew"))
            #expect(page.body.string.contains("transfer-decision"))
            let noReason = try await receiving.post(AppRoute.caseTransfer(transfer.id!).path, form: ["decision": "decline", "comment": "", "version": "1"])
            #expect(noReason.status == .unprocessableEntity)
            #expect(try await receiving.post(AppRoute.caseTransfer(transfer.id!).path,
                                             form: ["decision": "accept", "version": "1"]).status == .seeOther)
            let moved = try await CaseRecord.find(record.id, on: app.db)!
            #expect(moved.territoryPath.hasPrefix("/TM-L/"))
            #expect(moved.$worker.id == nil)
            #expect(try await CaseTask.query(on: app.db).filter(\.$caseRecord.$id == record.id!).all().allSatisfy { $0.territoryPath == moved.territoryPath })
            // The history travels with the case; the old etrap no longer reaches it, the new one does.
            #expect(try await worker.get(AppRoute.caseRecord(record.id!).path).status == .notFound)
            let nowThere = try await receiving.get(AppRoute.caseRecord(record.id!).path)
            #expect(nowThere.status == .ok)
            #expect(nowThere.body.string.contains("case-history"))
            // Until the receiving supervisor assigns it, a worker there sees only that it exists.
            #expect(try await far.get(AppRoute.caseRecord(record.id!).path).body.string.contains(#"id="case-not-on-team""#))
            let fields = try await RecordChange.query(on: app.db).filter(\.$recordID == record.id!).all().map(\.field)
            #expect(fields.contains("territory") && fields.contains("step"))
            #expect(try await receiving.post(AppRoute.caseTransfer(transfer.id!).path,
                                             form: ["decision": "accept", "version": "2"]).status == .conflict)
        }
    }

    @Test func conferencesAndBestInterestsAreRecorded() async throws {
        try await withTestApp { app in
            let child = try await Self.child(app)
            let service = try await Self.service(app, "t.social_worker")
            let record = try await service.open(for: child, .init(source: "police", concerns: ["without_parental_care"], summary: "Alone",
                                                                  identifiedOn: CalendarDate.today.display))
            let worker = Browser(app)
            try await worker.login("t.social_worker")
            try await worker.get("/locale/en?back=%2F")
            _ = try await worker.get(AppRoute.caseRecord(record.id!).path)
            let today = CalendarDate.today.display
            let missing = try await worker.post(AppRoute.caseAction(record.id!, "conference").path, pairs: [
                ("heldOn", today), ("participants", "Dr Annaýewa (polyclinic)"), ("decisions", "")])
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.body.string.contains("Dr Annaýewa (polyclinic)"))
            #expect(try await worker.post(AppRoute.caseAction(record.id!, "conference").path, pairs: [
                ("heldOn", today), ("agencies[]", "health"), ("agencies[]", "police"), ("agencies[]", "education"),
                ("participants", "Dr Annaýewa (polyclinic); Inspector Berdiýew; Teacher Orazowa"),
                ("decisions", "Temporary placement with the grandmother"),
                ("agency1", "health"), ("conferenceAction1", "Medical check"), ("conferenceDue1", CalendarDate.today.adding(days: 3).display),
                ("agency2", "police"), ("conferenceAction2", "Locate the father"), ("conferenceDue2", CalendarDate.today.adding(days: 7).display),
            ]).status == .seeOther)
            #expect(try await CaseConferenceAction.query(on: app.db).count() == 2)
            #expect(try await worker.post(AppRoute.caseAction(record.id!, "best-interests").path, form: [
                "biaAssessedOn": today, "decisionAtStake": "placement", "biaChildViews": "Wants to live with grandmother",
                "familyViews": "Grandmother agrees", "options": "Grandmother; foster family", "recommendation": "Grandmother"]).status == .seeOther)
            let page = try await worker.get(AppRoute.caseRecord(record.id!).path).body.string
            #expect(page.contains("Locate the father"))
            #expect(page.contains("Wants to live with grandmother"))
        }
    }

    @Test func administratorsAddADatedDeadlineTable() async throws {
        try await withTestApp { app in
            let admin = Browser(app)
            try await admin.login("t.administrator")
            try await admin.get("/locale/en?back=%2F")
            let page = try await admin.get(AppRoute.caseSettings.path)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("deadline-form"))
            #expect(page.body.string.contains("consent-bands"))
            let tomorrow = CalendarDate.today.adding(days: 1)
            var form: [String: String] = ["validFrom": tomorrow.display]
            for risk in RiskLevel.allCases {
                for kind in DeadlineKind.allCases { form["\(risk.rawValue)_\(kind.rawValue)"] = String(DeadlineTable.defaults.hours(risk, kind)!) }
            }
            // Out of step order: refused, nothing saved, the input kept.
            var wrong = form
            wrong["high_first_contact"] = "500"
            let refused = try await admin.post(AppRoute.caseSettings.path, form: wrong)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("must follow the order of the steps"))
            #expect(refused.body.string.contains(#"value="500""#))
            var today = form
            today["validFrom"] = CalendarDate.today.display
            #expect(try await admin.post(AppRoute.caseSettings.path, form: today).status == .unprocessableEntity)
            form["high_first_contact"] = "12"
            #expect(try await admin.post(AppRoute.caseSettings.path, form: form).status == .seeOther)
            let service = CaseService(db: app.db, actor: nil, audit: AuditService(db: app.db))
            #expect(try await service.deadlineTable(on: tomorrow).hours(.high, .firstContact) == 12)
            #expect(try await service.deadlineTable(on: .today).hours(.high, .firstContact) == 24)
            #expect(try await admin.post(AppRoute.caseSettings.path, form: form).status == .unprocessableEntity, "one table per date, after the last")
            #expect(try await auditCount(app, action: .caseSettingsChanged) == 1)
        }
    }
}
