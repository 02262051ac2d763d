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

/// A child registered in an etrap, for referrals.
func registerChild(_ app: Application, given: String = "Aýna", etrap: String = Fixtures.inScopeEtrap) async throws -> Person {
    var draft = PersonDraft()
    draft.givenName = given
    draft.surname = "Öwezowa"
    draft.sex = "female"
    draft.birthDate = "12.04.2019"
    draft.territoryCode = etrap
    draft.locality = "Mary"
    draft.street = "Gurtly köçesi, 7"
    guard case .created(let person) = try await RegistryService(db: app.db, actor: nil, audit: AuditService(db: app.db))
        .create(draft, confirmedNew: true) else { throw AppError.badRequest("fixture") }
    return person
}

/// The message as a page shows it (Turkmen, HTML-escaped).
func shown(_ app: Application, _ key: String, _ arguments: [String: String] = [:], locale: AppLocale = .tk) -> String {
    app.localizer.t(key, locale, arguments).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
        .replacingOccurrences(of: "'", with: "&#39;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
}

@Suite("Services: inventory, referrals, capacity and the workforce") struct ServicesTests {
    @Test func anInventoryRoundEndsInACoverageMapByEtrap() async throws {
        try await withTestApp { app in
            let people = try await Fixtures.people(app)
            let fixtures = try await Fixtures.services(app, people: people)
            let admin = Browser(app)
            try await admin.login(Fixtures.username(.administrator))
            try await admin.get(AppRoute.inventoryNew.path)
            let created = try await admin.post(AppRoute.inventoryNew.path, form: ["title": "Inventory of community services 2026",
                                                                                 "closesOn": CalendarDate.today.adding(days: 20).display])
            #expect(created.status == .seeOther)
            let round = try #require(try await InventoryRound.query(on: app.db).filter(\.$title == "Inventory of community services 2026").first())
            let roundPath = AppRoute.inventoryRound(round.id!).path
            try await admin.get(roundPath)
            for (prompt, kind, choices) in [("How many places do you offer?", "number", ""), ("Do you keep a waiting list?", "choice", "yes\nno"),
                                            ("Children served per etrap", "territory_grid", ""), ("What is missing?", "text", "")] {
                let added = try await admin.post(AppRoute.inventoryQuestions(round.id!).path,
                                                 form: ["prompt": prompt, "kind": kind, "choices": choices, "required": kind == "text" ? "" : "1"])
                #expect(added.status == .seeOther, "\(prompt)")
            }
            let oneChoice = try await admin.post(AppRoute.inventoryQuestions(round.id!).path, form: ["prompt": "Pick", "kind": "choice", "choices": "only", "required": "1"])
            #expect(oneChoice.status == .unprocessableEntity)
            #expect(oneChoice.body.string.contains(shown(app, "inventory.problem.choices")))
            try await admin.get(roundPath)
            #expect(try await admin.post(AppRoute.inventoryStep(round.id!, .open).path, form: ["version": "1"]).status == .seeOther)
            let questions = try await InventoryQuestion.query(on: app.db).filter(\.$round.$id == round.id!).sort(\.$position).all()
            #expect(questions.count == 4)

            // The provider answers; a word where a number is asked is refused with the reason.
            let provider = Browser(app)
            try await provider.login(Fixtures.username(.serviceProvider))
            let answerPath = AppRoute.inventoryAnswer(round.id!, fixtures.providerHere).path
            let form = try await provider.get(answerPath)
            #expect(form.status == .ok)
            #expect(form.body.string.contains("Mary etraby"), "the grid asks per etrap of the welaýat")
            let service = fixtures.serviceHere.uuidString
            var answers = ["q-\(questions[0].id!.uuidString)": "many", "q-\(questions[1].id!.uuidString)": "yes",
                           "g-\(questions[2].id!.uuidString)-M-MRY": "5", "q-\(questions[3].id!.uuidString)": "A speech therapist",
                           "cap-\(service)": "10", "occ-\(service)": "3", "act-\(service)": "1"]
            let wrong = try await provider.post(answerPath, form: answers)
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains(shown(app, "inventory.answer.not_number")))
            #expect(try await InventoryResponse.query(on: app.db).filter(\.$round.$id == round.id!).count() == 0)
            answers["q-\(questions[0].id!.uuidString)"] = "12"
            #expect(try await provider.post(answerPath, form: answers).status == .seeOther)
            // The far provider's questionnaire does not exist for this provider user.
            #expect(try await provider.get(AppRoute.inventoryAnswer(round.id!, fixtures.providerThere).path).status == .notFound)

            // Nothing reaches the directory before review.
            #expect(try await SocialService.find(fixtures.serviceHere, on: app.db)?.capacity == 2)
            let response = try #require(try await InventoryResponse.query(on: app.db).filter(\.$round.$id == round.id!).first())
            // The pages' reads, without HTTP: what was sent comes back as the form's fields, and the review lists the change.
            let queries = InventoryQueries(db: app.db)
            let here = try #require(try await Provider.find(fixtures.providerHere, on: app.db))
            let sent = try await queries.sent(round: round, provider: here)
            #expect(sent.response?.id == response.id && sent.answers["g-\(questions[2].id!.uuidString)-M-MRY"] == "5")
            #expect(try await queries.coverage(of: round).responses[fixtures.providerHere]?.id == response.id)
            #expect(try await queries.review(of: response).updates.map { $0.update.capacity } == [10])
            let review = try await admin.get(AppRoute.inventoryResponse(response.id!).path)
            #expect(review.body.string.contains("A speech therapist") && review.body.string.contains("M-MRY: 5"))
            let rejectEmpty = try await admin.post(AppRoute.inventoryReview(response.id!, .reject).path, form: ["version": "1", "note": ""])
            #expect(rejectEmpty.status == .unprocessableEntity)
            #expect(try await admin.post(AppRoute.inventoryReview(response.id!, .approve).path, form: ["version": "1"]).status == .seeOther)
            let updated = try #require(try await SocialService.find(fixtures.serviceHere, on: app.db))
            #expect(updated.capacity == 10 && updated.occupancy == 3 && updated.version == 2)
            #expect(try await auditCount(app, action: .inventoryReviewed) == 1)

            // Results: who answered, the gaps, and coverage by etrap.
            let results = try await admin.get(AppRoute.inventoryResults(round.id!).path)
            #expect(results.status == .ok)
            let html = results.body.string
            #expect(html.contains(#"id="coverage""#) && html.contains("Mary etraby") && html.contains("Çärjew etraby"))
            #expect(html.contains("Family support, Çärjew"), "the provider that has not answered is listed")
            #expect(html.contains(shown(app, "inventory.results.no_children")))
            #expect(html.contains("jemi 12"), "number answers are summed")

            // With a child population for the etrap, services per 10,000 children appear.
            try await admin.get(AppRoute.populations.path)
            let population = try await admin.post(AppRoute.populations.path, form: ["territoryCode": "M-MRY", "asOf": "01.01.2025", "total": "200000",
                                                                                   "children": "100000", "source": "Etrap statistics office"])
            #expect(population.status == .seeOther)
            let csv = try await admin.get(AppRoute.inventoryResultsCSV(round.id!).path)
            #expect(csv.headers.contentType?.subType == "csv")
            let lines = csv.body.string.replacingOccurrences(of: "\"", with: "").split(separator: "\r\n").map(String.init)
            #expect(lines.first?.hasPrefix("welayat,etrap_code,etrap,children,services,services_per_10000_children,") == true)
            let mary = try #require(lines.first { $0.contains(",M-MRY,") })
            #expect(mary.contains(",100000,1,0.10,"), "\(mary)")
            let carjew = try #require(lines.first { $0.contains(",L-CAR,") })
            #expect(carjew.contains(",,1,,"), "no child figure: no ratio made up: \(carjew)")
            #expect(try await auditCount(app, action: .inventoryExported) == 1)
            let responses = try await admin.get(AppRoute.inventoryResultsCSV(round.id!).path + "?part=responses")
            #expect(responses.body.string.contains(#""Family support, Çärjew","not_answered""#))
        }
    }

    @Test func aWorkerRefersAChildAndTheProviderClosesTheLoop() async throws {
        try await withTestApp { app in
            let people = try await Fixtures.people(app)
            let fixtures = try await Fixtures.services(app, people: people)
            let child = try await registerChild(app)
            let worker = Browser(app)
            try await worker.login(Fixtures.username(.socialWorker))
            let profile = try await worker.get(AppRoute.person(child.id!).path)
            #expect(profile.body.string.contains(AppRoute.referralNew(child.id!).path))
            let newPath = AppRoute.referralNew(child.id!).path
            let form = try await worker.get(newPath)
            #expect(form.status == .ok && form.body.string.contains("Day care M-MRY"))
            var fields = ["serviceID": fixtures.serviceHere.uuidString, "urgency": "medium", "reason": "Needs day care and physiotherapy",
                          "information": "Mother works shifts at the textile mill", "source": "worker"]
            let refused = try await worker.post(newPath, form: fields)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains(shown(app, "referrals.problem.consent_required")))
            #expect(try await Referral.query(on: app.db).filter(\.$person.$id == child.id!).count() == 0)
            fields.merge(["consentBy": "caregiver", "consentScope": "referral_and_information", "consentDate": CalendarDate.today.display]) { _, new in new }
            let sent = try await worker.post(newPath, form: fields)
            #expect(sent.status == .seeOther)
            let referral = try #require(try await Referral.query(on: app.db).filter(\.$person.$id == child.id!).first())
            #expect(sent.headers.first(name: .location) == AppRoute.referral(referral.id!).path)
            #expect(referral.status == "sent" && referral.dueDate == CalendarDate.today.adding(days: 3).iso && referral.caseID == nil)

            // The provider sees it in its inbox, with the information the consent allows.
            let provider = Browser(app)
            try await provider.login(Fixtures.username(.serviceProvider))
            let inbox = try await provider.get(AppRoute.incoming.path)
            #expect(inbox.body.string.contains(referral.number))
            let page = try await provider.get(AppRoute.incomingReferral(referral.id!).path)
            #expect(page.body.string.contains("Mother works shifts") && page.body.string.contains("12.04.2019"))
            let far = Browser(app)
            try await far.login("t.far.provider")
            #expect(try await far.get(AppRoute.incomingReferral(referral.id!).path).status == .notFound)
            #expect(!(try await far.get(AppRoute.incoming.path)).body.string.contains(referral.number))

            // Out of order: delivered before it was accepted.
            let early = try await provider.post(AppRoute.incomingAction(referral.id!, "deliver").path, form: ["version": "1", "note": "Done"])
            #expect(early.status == .conflict)
            #expect(early.body.string.contains(shown(app, "referrals.transition_refused")))
            #expect(try await provider.post(AppRoute.incomingAction(referral.id!, "accept").path, form: ["version": "1"]).status == .seeOther)
            #expect(try await SocialService.find(fixtures.serviceHere, on: app.db)?.occupancy == 1)
            #expect(try await provider.post(AppRoute.incomingAction(referral.id!, "start").path, form: ["version": "2"]).status == .seeOther)
            let stale = try await provider.post(AppRoute.incomingAction(referral.id!, "deliver").path, form: ["version": "2", "note": "x"])
            #expect(stale.status == .conflict)
            let noOutcome = try await provider.post(AppRoute.incomingAction(referral.id!, "deliver").path, form: ["version": "3", "note": " "])
            #expect(noOutcome.status == .unprocessableEntity)
            #expect(noOutcome.body.string.contains(shown(app, "referrals.problem.note_required")))
            let delivered = try await provider.post(AppRoute.incomingAction(referral.id!, "deliver").path,
                                                    form: ["version": "3", "note": "Attended for three months; now walks with support"])
            #expect(delivered.status == .seeOther)
            #expect(try await SocialService.find(fixtures.serviceHere, on: app.db)?.occupancy == 0, "the place is free again")

            // The sender sees the outcome.
            let closed = try await worker.get(AppRoute.referral(referral.id!).path)
            #expect(closed.body.string.contains(shown(app, "referrals.status.delivered")))
            #expect(closed.body.string.contains("now walks with support"))
            let events = try await ReferralEvent.query(on: app.db).filter(\.$referral.$id == referral.id!).all()
            #expect(events.map(\.kind).sorted() == ["accept", "deliver", "sent", "start"])
            #expect(try await auditCount(app, action: .referralChanged) == 3)
            #expect(try await auditCount(app, action: .referralViewed) >= 2)
        }
    }

    @Test func aFullServiceKeepsAWaitingListByUrgencyThenDate() async throws {
        try await withTestApp { app in
            let people = try await Fixtures.people(app)
            let fixtures = try await Fixtures.services(app, people: people)
            let service = try #require(try await SocialService.find(fixtures.serviceHere, on: app.db))
            service.capacity = 1
            try await service.save(on: app.db)
            let sender = ReferralService(db: app.db, actor: nil, audit: AuditService(db: app.db))
            var referrals: [Referral] = []
            for (name, urgency) in [("Merjen", ReferralUrgency.medium), ("Bahar", .medium), ("Aýgözel", .high)] {
                referrals.append(try await sender.send(Fixtures.consented(service: fixtures.serviceHere, urgency: urgency),
                                                       person: try await registerChild(app, given: name)))
            }
            let provider = Browser(app)
            try await provider.login(Fixtures.username(.serviceProvider))
            func act(_ referral: Referral, _ action: String, note: String = "") async throws -> TestingHTTPResponse {
                let version = try await Referral.find(referral.id!, on: app.db)!.version
                try await provider.get(AppRoute.incomingReferral(referral.id!).path)
                return try await provider.post(AppRoute.incomingAction(referral.id!, action).path, form: ["version": String(version), "note": note])
            }
            #expect(try await act(referrals[0], "accept").status == .seeOther)
            let full = try await act(referrals[1], "accept")
            #expect(full.status == .conflict)
            #expect(full.body.string.contains(shown(app, "referrals.full")))
            #expect(try await act(referrals[1], "waitlist").status == .seeOther)
            #expect(try await act(referrals[2], "waitlist").status == .seeOther)
            let list = try await ReferralService(db: app.db, actor: nil, audit: AuditService(db: app.db)).waitingList(serviceID: fixtures.serviceHere)
            #expect(list.map(\.id) == [referrals[2].id, referrals[1].id], "high urgency first")
            #expect(try await act(referrals[0], "end", note: "The family moved to Baýramaly").status == .seeOther)
            let notFirst = try await act(referrals[1], "accept")
            #expect(notFirst.status == .conflict)
            #expect(notFirst.body.string.contains(shown(app, "referrals.not_first")))
            #expect(try await act(referrals[2], "accept").status == .seeOther)
            let page = try await provider.get(AppRoute.service(fixtures.serviceHere).path)
            #expect(page.body.string.contains(#"<dd id="waiting">1</dd>"#))
            let after = try #require(try await SocialService.find(fixtures.serviceHere, on: app.db))
            #expect(after.occupancy == 1 && after.freePlaces == 0)
        }
    }

    @Test func consentOrASupervisorsOverrideDecidesWhatIsShared() async throws {
        try await withTestApp { app in
            let people = try await Fixtures.people(app)
            let fixtures = try await Fixtures.services(app, people: people)
            let child = try await registerChild(app)
            let path = AppRoute.referralNew(child.id!).path
            let base = ["serviceID": fixtures.serviceHere.uuidString, "urgency": "high", "reason": "Left alone at home for days", "source": "worker"]
            let worker = Browser(app)
            try await worker.login(Fixtures.username(.socialWorker))
            try await worker.get(path)
            let notSupervisor = try await worker.post(path, form: base.merging(["override": "1", "overrideReason": "Danger at home"]) { _, new in new })
            #expect(notSupervisor.status == .unprocessableEntity)
            #expect(notSupervisor.body.string.contains(shown(app, "referrals.problem.override_supervisor")))
            let future = try await worker.post(path, form: base.merging(["consentBy": "person", "consentScope": "referral_only",
                                                                          "consentDate": CalendarDate.today.adding(days: 2).display]) { _, new in new })
            #expect(future.body.string.contains(shown(app, "referrals.problem.consent_future")))
            let tooMuch = try await worker.post(path, form: base.merging(["consentBy": "caregiver", "consentScope": "referral_only",
                                                                           "consentDate": CalendarDate.today.display, "information": "Father drinks"]) { _, new in new })
            #expect(tooMuch.status == .unprocessableEntity)
            #expect(tooMuch.body.string.contains(shown(app, "referrals.problem.information_without_consent")))
            let onlyReferral = try await worker.post(path, form: base.merging(["consentBy": "caregiver", "consentScope": "referral_only",
                                                                                "consentDate": CalendarDate.today.display]) { _, new in new })
            #expect(onlyReferral.status == .seeOther)

            let supervisor = Browser(app)
            try await supervisor.login(Fixtures.username(.supervisor))
            let form = try await supervisor.get(path)
            #expect(form.body.string.contains(#"name="override""#))
            let noReason = try await supervisor.post(path, form: base.merging(["override": "1"]) { _, new in new })
            #expect(noReason.body.string.contains(shown(app, "referrals.problem.override_reason")))
            let overridden = try await supervisor.post(path, form: base.merging(["override": "1", "overrideReason": "The child is in danger tonight"]) { _, new in new })
            #expect(overridden.status == .seeOther)
            #expect(try await auditCount(app, action: .referralOverride) == 1)

            // The provider learns the name, reason and urgency; not the birth date, and not why consent was overridden.
            let provider = Browser(app)
            try await provider.login(Fixtures.username(.serviceProvider))
            for referral in try await Referral.query(on: app.db).filter(\.$person.$id == child.id!).all() {
                let page = try await provider.get(AppRoute.incomingReferral(referral.id!).path).body.string
                #expect(page.contains("Left alone at home") && page.contains("Öwezowa"))
                #expect(!page.contains("12.04.2019") && !page.contains("Gurtly"))
                #expect(!page.contains("in danger tonight"))
            }
            let senderView = try await supervisor.get(AppRoute.referral(try await Referral.query(on: app.db).filter(\.$overrideReason != nil).first()!.id!).path)
            #expect(senderView.body.string.contains("in danger tonight"))
        }
    }

    @Test func theWorkforceRegisterRefusesOverlappingFullTimePostsAndShowsRatios() async throws {
        try await withTestApp { app in
            let people = try await Fixtures.people(app)
            _ = try await Fixtures.services(app, people: people)
            let admin = Browser(app)
            try await admin.login(Fixtures.username(.administrator))
            try await admin.get(AppRoute.workerNew.path)
            let badDates = try await admin.post(AppRoute.workerNew.path, form: ["fullName": "Ogulbike Hallyýewa", "postType": "specialist_social_work",
                                                                               "employer": "Mary etrap social protection department", "territoryCode": "M-MRY",
                                                                               "startDate": "01.06.2020", "endDate": "01.01.2020"])
            #expect(badDates.body.string.contains(shown(app, "workforce.problem.end_before_start")))
            let created = try await admin.post(AppRoute.workerNew.path, form: ["fullName": "Ogulbike Hallyýewa", "postType": "specialist_social_work",
                                                                              "employer": "Mary etrap social protection department", "territoryCode": "M-MRY",
                                                                              "startDate": "01.06.2020"])
            #expect(created.status == .seeOther)
            let worker = try #require(try await Worker.query(on: app.db).filter(\.$fullName == "Ogulbike Hallyýewa").first())
            try await admin.get(AppRoute.worker(worker.id!).path)
            #expect(try await admin.post(AppRoute.workerQualifications(worker.id!).path, form: ["field": "social_work", "title": "Bachelor of social work",
                                                                                               "year": "2019", "institution": "Turkmen State University"]).status == .seeOther)
            #expect(try await admin.post(AppRoute.workerTrainings(worker.id!).path, form: ["title": "Case management foundations", "hours": "80",
                                                                                          "completedOn": "30.10.2021", "certificate": "JP-2021-017"]).status == .seeOther)
            let page = try await admin.get(AppRoute.worker(worker.id!).path)
            #expect(page.body.string.contains("Turkmen State University") && page.body.string.contains("JP-2021-017"))

            try await admin.get(AppRoute.postNew.path)
            for fullTime in ["1", "1", ""] {
                let post = try await admin.post(AppRoute.postNew.path, form: ["postType": "specialist_social_work", "employer": "Mary etrap department",
                                                                             "territoryCode": "M-MRY", "fullTime": fullTime, "fundedFrom": "01.01.2022"])
                #expect(post.status == .seeOther)
            }
            let posts = try await Post.query(on: app.db).sort(\.$number).all()
            try await admin.get(AppRoute.posts.path)
            #expect(try await admin.post(AppRoute.postAssign(posts[0].id!).path, form: ["workerNumber": worker.number, "startDate": "01.01.2024", "version": "1"]).status == .seeOther)
            let overlap = try await admin.post(AppRoute.postAssign(posts[1].id!).path, form: ["workerNumber": worker.number, "startDate": "01.06.2025", "version": "1"])
            #expect(overlap.status == .unprocessableEntity)
            #expect(overlap.body.string.contains(shown(app, "workforce.problem.full_time_overlap")))
            #expect(try await admin.post(AppRoute.postAssign(posts[2].id!).path, form: ["workerNumber": worker.number, "startDate": "01.06.2025", "version": "1"]).status == .seeOther,
                    "a part-time post may be combined")
            #expect(try await admin.post(AppRoute.postRecruitment(posts[1].id!).path, form: ["status": "advertised", "version": "1"]).status == .seeOther)
            #expect(try await Post.find(posts[1].id!, on: app.db)?.recruitmentStatus == "advertised")

            // The pages' reads, without HTTP.
            let queries = WorkforceQueries(db: app.db)
            let holdings = try await queries.posts(scope: .national, today: CalendarDate.today.iso)
            #expect(holdings.filter { $0.holder?.id == worker.id }.map(\.post.id) == [posts[0].id, posts[2].id])
            let record = try await queries.record(of: worker)
            #expect(record.qualifications.map(\.institution) == ["Turkmen State University"] && record.assignments.count == 2)
            #expect(try await queries.workers(scope: .national, territoryCode: "m-mry").contains { $0.id == worker.id })

            // Figures: two workers in Mary welaýat (the fixture's and this one), one with a social work degree.
            let analyst = Browser(app)
            try await analyst.login(Fixtures.username(.nationalAnalyst))
            let figures = try await analyst.get(AppRoute.workforceFigures.path)
            #expect(figures.status == .ok)
            #expect(figures.body.string.contains(#"<svg id="chart-region-population""#))
            #expect(try await analyst.get(AppRoute.worker(worker.id!).path).status == .forbidden, "analysts see aggregates, not names")
            let csv = try await analyst.get(AppRoute.workforceFiguresCSV.path).body.string.replacingOccurrences(of: "\"", with: "")
            let mary = try #require(csv.split(separator: "\r\n").first { $0.hasPrefix("welayat,TM-M,") })
            #expect(mary.contains(",2,1,1,0,0,1,50.00,3,2,1,1613386,0.01,,,Census 2022 (table 1.3)"), "\(mary)")
            #expect(try await auditCount(app, action: .workforceExported) == 1)

            // With an etrap figure the etrap ratio appears too.
            try await admin.get(AppRoute.populations.path)
            let duplicate = try await admin.post(AppRoute.populations.path, form: ["territoryCode": "TM-M", "asOf": "17.12.2022", "total": "1", "source": "x"])
            #expect(duplicate.body.string.contains(shown(app, "workforce.problem.population_exists")))
            #expect(try await admin.post(AppRoute.populations.path, form: ["territoryCode": "M-MRY", "asOf": "01.01.2025", "total": "40000",
                                                                           "children": "16000", "source": "Etrap statistics office"]).status == .seeOther)
            let etrap = try #require((try await analyst.get(AppRoute.workforceFiguresCSV.path)).body.string.replacingOccurrences(of: "\"", with: "").split(separator: "\r\n").first { $0.hasPrefix("etrap,M-MRY,") })
            #expect(etrap.contains(",40000,0.50,16000,1.25,"), "\(etrap)")
        }
    }

    @Test func theDirectoryIsSearchableAndThePublicPageHasNoStaff() async throws {
        try await withTestApp { app in
            let people = try await Fixtures.people(app)
            let fixtures = try await Fixtures.services(app, people: people)
            let staff = ServiceStaff()
            staff.$service.id = fixtures.serviceHere
            staff.$worker.id = fixtures.workerHere
            try await staff.create(on: app.db)
            // The directory's reads, without HTTP: the search by etrap, and the service's staff.
            let queries = DirectoryQueries(db: app.db)
            let found = try await queries.search(.init(territoryCode: "l-car"))
            #expect(found.rows.map(\.service.name).contains("Day care L-CAR") && !found.rows.map(\.service.name).contains("Day care M-MRY"))
            let here = try #require(try await SocialService.find(fixtures.serviceHere, on: app.db))
            #expect(try await queries.staff(of: here).map(\.id) == [fixtures.workerHere])
            let visitor = Browser(app)
            let all = try await visitor.get(AppRoute.servicesPublic.path)
            #expect(all.status == .ok)
            #expect(all.body.string.contains("Day care M-MRY") && all.body.string.contains("Day care L-CAR"))
            #expect(!all.body.string.contains("Worker M-MRY"))
            let near = try await visitor.get(AppRoute.servicesPublic.path + "?territory=L-CAR")
            #expect(near.body.string.contains("Day care L-CAR") && !near.body.string.contains("Day care M-MRY"))
            let welayat = try await visitor.get(AppRoute.servicesPublic.path + "?territory=TM-M")
            #expect(welayat.body.string.contains("Day care M-MRY") && !welayat.body.string.contains("Day care L-CAR"))
            let none = try await visitor.get(AppRoute.servicesPublic.path + "?ground=old_age")
            #expect(!none.body.string.contains("Day care"))
            let service = try #require(try await SocialService.find(fixtures.serviceThere, on: app.db))
            service.occupancy = 2
            try await service.save(on: app.db)
            let available = try await visitor.get(AppRoute.servicesPublic.path + "?available=1")
            #expect(available.body.string.contains("Day care M-MRY") && !available.body.string.contains("Day care L-CAR"))

            let worker = Browser(app)
            try await worker.login(Fixtures.username(.justiceOfficer))
            let page = try await worker.get(AppRoute.service(fixtures.serviceHere).path)
            #expect(page.body.string.contains("Worker M-MRY"), "staff see who delivers the service")
            for (code, title) in [("ru", "Справочник социальных услуг"), ("en", "Social services directory"), ("tk", "Sosial hyzmatlaryň sanawy")] {
                try await worker.get("/locale/\(code)?back=%2F")
                #expect(try await worker.get(AppRoute.services.path).body.string.contains(#"id="page-title">\#(title)"#))
            }
            // Administrators register providers and services; a service needs a target group and a territory.
            let admin = Browser(app)
            try await admin.login(Fixtures.username(.administrator))
            try await admin.get(AppRoute.providerNew.path)
            let created = try await admin.post(AppRoute.providerNew.path, form: ["name": "Bagtyýar maşgala", "kind": "ngo", "territoryCode": "M-MRY",
                                                                                "phone": "+993 522 1 23 45"])
            #expect(created.status == .seeOther)
            let provider = try #require(try await Organisation.query(on: app.db).filter(\.$name == "Bagtyýar maşgala").first())
            try await admin.get(AppRoute.serviceNew(provider.id!).path)
            let incomplete = try await admin.post(AppRoute.serviceNew(provider.id!).path, pairs: [("typeCode", "family_mediation"), ("name", "Mediation"), ("form", "at_home")])
            #expect(incomplete.status == .unprocessableEntity)
            #expect(incomplete.body.string.contains(shown(app, "services.problem.grounds")))
            let saved = try await admin.post(AppRoute.serviceNew(provider.id!).path, pairs: [
                ("typeCode", "family_mediation"), ("name", "Mediation for families"), ("form", "at_home"), ("grounds[]", "family_trouble"),
                ("areaCodes[]", "TM-M"), ("free", "1"), ("active", "1"), ("occupancy", "0")])
            #expect(saved.status == .seeOther)
            let mediation = try #require(try await SocialService.query(on: app.db).filter(\.$name == "Mediation for families").first())
            try await admin.get(AppRoute.serviceEdit(mediation.id!).path)
            let stale = try await admin.post(AppRoute.serviceEdit(mediation.id!).path, pairs: [
                ("version", "7"), ("typeCode", "family_mediation"), ("name", "Mediation"), ("form", "at_home"), ("grounds[]", "family_trouble"), ("areaCodes[]", "TM-M")])
            #expect(stale.status == .conflict)
            #expect(try await auditCount(app, action: .serviceCreated) == 3)
        }
    }

    @Test func theAPIRefersMovesAndReports() async throws {
        try await withTestApp { app in
            let people = try await Fixtures.people(app)
            let fixtures = try await Fixtures.services(app, people: people)
            let child = try await registerChild(app)
            let worker = try await apiToken(app, Fixtures.username(.benefitsOfficer))
            var headers = bearer(worker)
            headers.contentType = .json
            let withoutConsent = try await app.testing().sendRequest(.POST, "/api/v1/referrals", headers: headers, body: ByteBuffer(string:
                #"{"personId":"\#(child.id!.uuidString)","serviceId":"\#(fixtures.serviceHere.uuidString)","urgency":"low","reason":"Parenting support","source":"benefits"}"#))
            #expect(withoutConsent.status == .unprocessableEntity)
            #expect(withoutConsent.body.string.contains("consentBy"))
            let sent = try await app.testing().sendRequest(.POST, "/api/v1/referrals", headers: headers, body: ByteBuffer(string:
                #"{"personId":"\#(child.id!.uuidString)","serviceId":"\#(fixtures.serviceHere.uuidString)","urgency":"low","reason":"Parenting support","source":"benefits","sourceReference":"BA-00000001","consent":{"by":"caregiver","scope":"referral_only","date":"\#(CalendarDate.today.iso)"}}"#))
            #expect(sent.status == .created)
            struct Ref: Decodable { let id: UUID; let status: String; let version: Int; let personId: UUID?; let information: String? }
            let referral = try sent.content.decode(Ref.self)
            #expect(referral.status == "sent" && referral.personId == child.id)

            let provider = try await apiToken(app, Fixtures.username(.serviceProvider))
            var providerHeaders = bearer(provider)
            providerHeaders.contentType = .json
            let outOfOrder = try await app.testing().sendRequest(.POST, "/api/v1/referrals/\(referral.id)/start", headers: providerHeaders,
                                                                 body: ByteBuffer(string: #"{"version":1}"#))
            #expect(outOfOrder.status == .conflict)
            let accepted = try await app.testing().sendRequest(.POST, "/api/v1/referrals/\(referral.id)/accept", headers: providerHeaders,
                                                               body: ByteBuffer(string: #"{"version":1}"#))
            #expect(accepted.status == .ok)
            let moved = try accepted.content.decode(Ref.self)
            #expect(moved.status == "accepted" && moved.personId == nil, "the provider's view has no registry id")
            let list = try await app.testing().sendRequest(.GET, "/api/v1/referrals", headers: bearer(provider))
            #expect(list.status == .ok && list.body.string.contains(referral.id.uuidString))
            let senderList = try await app.testing().sendRequest(.GET, "/api/v1/referrals?status=all", headers: bearer(worker))
            #expect(senderList.body.string.contains(referral.id.uuidString))
            let farWorker = try await apiToken(app, "t.far.worker")
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/referrals/\(referral.id)", headers: bearer(farWorker)).status == .notFound)

            let services = try await app.testing().sendRequest(.GET, "/api/v1/services?territory=M-MRY&need=disability", headers: bearer(worker))
            #expect(services.status == .ok && services.body.string.contains("Day care M-MRY") && !services.body.string.contains("Day care L-CAR"))
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/services?perPage=500", headers: bearer(worker)).status == .unprocessableEntity)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/providers/\(fixtures.providerHere)", headers: bearer(worker)).status == .ok)

            // Inventory answers through the API are typed too.
            let wrong = try await app.testing().sendRequest(.POST, "/api/v1/inventory/rounds/\(fixtures.round)/responses", headers: providerHeaders,
                body: ByteBuffer(string: #"{"providerId":"\#(fixtures.providerHere.uuidString)","answers":{"\#(fixtures.question.uuidString)":"a few"}}"#))
            #expect(wrong.status == .unprocessableEntity)
            let right = try await app.testing().sendRequest(.POST, "/api/v1/inventory/rounds/\(fixtures.round)/responses", headers: providerHeaders,
                body: ByteBuffer(string: #"{"providerId":"\#(fixtures.providerHere.uuidString)","answers":{"\#(fixtures.question.uuidString)":"4"},"services":[{"serviceId":"\#(fixtures.serviceHere.uuidString)","capacity":3,"occupancy":1,"active":true}]}"#))
            #expect(right.status == .created)

            let analyst = try await apiToken(app, Fixtures.username(.nationalAnalyst))
            let figures = try await app.testing().sendRequest(.GET, "/api/v1/workforce/figures", headers: bearer(analyst))
            #expect(figures.status == .ok && figures.body.string.contains("\"code\":\"TM-M\""))
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/workers", headers: bearer(analyst)).status == .forbidden)
            let admin = try await apiToken(app, Fixtures.username(.administrator))
            let workers = try await app.testing().sendRequest(.GET, "/api/v1/workers", headers: bearer(admin))
            #expect(workers.body.string.contains("Worker M-MRY") && workers.body.string.contains("Worker L-CAR"))
            let posts = try await app.testing().sendRequest(.GET, "/api/v1/posts", headers: bearer(admin))
            #expect(posts.status == .ok)
        }
    }
}

@Suite("Services: demo data") struct ServicesDemoTests {
    @Test func theDemoShowsEveryPartOfTheModule() async throws {
        try await withTestApp(seed: false) { app in
            try await DemoData.load(into: app)
            let provider = Browser(app)
            try await provider.login("provider.mary", DemoData.password)
            let inbox = try await provider.get(AppRoute.incoming.path)
            #expect(inbox.status == .ok)
            #expect(inbox.body.string.contains(#"id="overdue-notice""#), "the benefits officer's referral waits past its deadline")
            #expect(inbox.body.string.contains("Baýramowa Maral") && inbox.body.string.contains("Baýramowa Merjen"))
            #expect(!inbox.body.string.contains("Öwezow Batyr"), "a referral to another provider is not shown")
            let home = try await provider.get(AppRoute.home.path)
            #expect(home.body.string.contains(AppRoute.incoming.path + "?overdue=1"))
            let rounds = try await provider.get(AppRoute.inventory.path)
            #expect(rounds.body.string.contains(shown(app, "inventory.response.submitted")))

            let admin = Browser(app)
            try await admin.login("admin", DemoData.password)
            let round = try #require(try await InventoryRound.query(on: app.db).first())
            let results = try await admin.get(AppRoute.inventoryResults(round.id!).path)
            #expect(results.status == .ok && results.body.string.contains("jemi 10"))
            let csv = try await admin.get(AppRoute.workforceFiguresCSV.path).body.string.replacingOccurrences(of: "\"", with: "")
            let mary = try #require(csv.split(separator: "\r\n").first { $0.hasPrefix("etrap,M-MRY,") })
            #expect(mary.contains(",4,1,2,0,1,3,75.00,5,4,1,152000,0.26,58000,0.69,\(DemoData.demoPopulationSource)"), "\(mary)")
            let worker = Browser(app)
            try await worker.login("worker.mary", DemoData.password)
            let sent = try await worker.get(AppRoute.referrals.path + "?status=delivered")
            #expect(sent.body.string.contains("Baýramow Arslan"))
            let figures = try await admin.get(AppRoute.workforceFigures.path)
            #expect(figures.body.string.contains(#"id="chart-etrap-children""#))
        }
    }
}

@Suite("Services: registry merges") struct ServicesMergeTests {
    @Test func aMergeMovesReferralsToTheSurvivor() async throws {
        try await withTestApp { app in
            let people = try await Fixtures.people(app)
            let fixtures = try await Fixtures.services(app, people: people)
            let survivor = try await registerChild(app, given: "Jeren")
            let merged = try #require(try await Person.find(people.here, on: app.db))
            _ = try await MergeService(db: app.db, actor: nil, audit: AuditService(db: app.db)).merge(survivor: survivor, merged: merged, pair: nil)
            let referral = try #require(try await Referral.find(fixtures.referralHere, on: app.db))
            #expect(referral.$person.id == survivor.id)
        }
    }
}

@Suite("Services: configurable types and staff") struct ServicesConfigurationTests {
    @Test func administratorsAddServiceTypesAndTheStaffWhoDeliverAService() async throws {
        try await withTestApp { app in
            let people = try await Fixtures.people(app)
            let fixtures = try await Fixtures.services(app, people: people)
            let admin = Browser(app)
            try await admin.login(Fixtures.username(.administrator))
            try await admin.get(AppRoute.serviceTypes.path)
            let bad = try await admin.post(AppRoute.serviceTypes.path, form: ["code": "Respite Care", "nameTk": "Dynç alyş", "nameRu": "Передышка", "nameEn": "Respite"])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains(shown(app, "services.problem.type_code")))
            let taken = try await admin.post(AppRoute.serviceTypes.path, form: ["code": "day_care", "nameTk": "a", "nameRu": "b", "nameEn": "c"])
            #expect(taken.body.string.contains(shown(app, "services.problem.type_exists")))
            #expect(try await admin.post(AppRoute.serviceTypes.path, form: ["code": "respite_care", "nameTk": "Maşgala üçin dynç alyş ideg",
                                                                            "nameRu": "Временный уход (передышка)", "nameEn": "Respite care"]).status == .seeOther)
            let directory = try await admin.get(AppRoute.services.path)
            #expect(directory.body.string.contains("Maşgala üçin dynç alyş ideg"), "the new type is a search choice")
            let worker = try #require(try await Worker.find(fixtures.workerHere, on: app.db))
            try await admin.get(AppRoute.service(fixtures.serviceHere).path)
            let unknown = try await admin.post(AppRoute.serviceStaff(fixtures.serviceHere).path, form: ["workerNumber": "W-99999999"])
            #expect(unknown.status == .unprocessableEntity)
            #expect(try await admin.post(AppRoute.serviceStaff(fixtures.serviceHere).path, form: ["workerNumber": worker.number]).status == .seeOther)
            #expect(try await admin.get(AppRoute.service(fixtures.serviceHere).path).body.string.contains("Worker M-MRY"))
            let provider = Browser(app)
            try await provider.login(Fixtures.username(.serviceProvider))
            #expect(try await provider.get(AppRoute.serviceTypes.path).status == .forbidden)
        }
    }
}
