import Fluent
import SQLKit
import Testing
import Vapor
import VaporTesting
import GoldawCore
@testable import GoldawApp
@testable import GoldawPlatform
@testable import GoldawRegistry
@testable import GoldawGrievances
@testable import GoldawCases

/// The address every child in these tests writes from, as a proxy in front would pass it on.
let childAddress = "203.0.113.77"

func forwarded(_ address: String = childAddress) -> HTTPHeaders {
    var headers = HTTPHeaders()
    headers.add(name: "X-Forwarded-For", value: address)
    headers.add(name: "X-Request-ID", value: "req-from-the-proxy-42")
    return headers
}

extension Browser {
    /// A form post with extra headers (the forwarded address).
    @discardableResult
    func post(_ path: String, form: [String: String], headers extra: HTTPHeaders) async throws -> TestingHTTPResponse {
        var fields = form
        if fields["_csrf"] == nil { fields["_csrf"] = lastCSRF }
        let body = fields.map { "\($0.key.urlFormEncoded)=\($0.value.urlFormEncoded)" }.joined(separator: "&")
        var headers = extra
        headers.contentType = .urlEncodedForm
        return try await send(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }
}

/// Writes on the children's page as a child without an account, from `childAddress`.
@discardableResult
func lodgeChild(_ browser: Browser, _ fields: [String: String] = [:]) async throws -> TestingHTTPResponse {
    try await browser.get("/complaints/child", headers: forwarded())
    let form = ["kind": "child_rights", "recipient": "etrap_social_services", "territoryCode": Fixtures.inScopeEtrap,
                "text": "Mekdepde bizi urýarlar.", "name": "", "contact": ""].merging(fields) { _, new in new }
    return try await browser.post("/complaints/child", form: form, headers: forwarded())
}

func latestComplaint(_ app: Application) async throws -> Grievance {
    try await Grievance.query(on: app.db).sort(\.$number, .descending).first()!
}

/// Every text value of every row of `table`, joined: to look for what must not be there.
func everything(in table: String, _ app: Application) async throws -> String {
    let rows = try await (app.db as! any SQLDatabase).raw("SELECT * FROM \(unsafeRaw: table)").all()
    return rows.map { row in row.allColumns.compactMap { (try? row.decode(column: $0, as: String?.self)) ?? nil }.joined(separator: "|") }
        .joined(separator: "\n")
}

@Suite("Children's complaints: anonymity, routing, the intake, bad input, the answer") struct ChildComplaintTests {
    @Test func anAnonymousComplaintKeepsNothingAboutWhoWroteIt() async throws {
        try await withTestApp { app in
            let before = Set(try await AuditEvent.query(on: app.db).all().compactMap(\.id))
            let child = Browser(app)
            let response = try await lodgeChild(child, ["kind": "child_at_risk", "text": "Goňşy gyz ýeke galýar, iýmit ýok."])
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/complaints/child/track")
            let complaint = try await latestComplaint(app)
            #expect(complaint.anonymous)
            #expect(complaint.complainantName == "" && complaint.complainantContact == nil)
            #expect(complaint.$person.id == nil && complaint.createdBy == nil)
            #expect(complaint.category == "child_at_risk" && complaint.recipient == "etrap_social_services" && complaint.channel == "public_web")
            #expect(complaint.dueDate == CalendarDate.today.adding(days: 3).iso, "a child in danger is answered within 3 days")
            let page = try await child.get("/complaints/child/track", headers: forwarded())
            #expect(page.status == .ok && page.body.string.contains(TrackingCode.display(complaint.trackingCode)))

            // The trail says what happened and never from where: no address, no request id.
            let rows = try await AuditEvent.query(on: app.db).all().filter { !before.contains($0.id!) }
            #expect(Set(rows.map(\.action)) == ["grievance.lodged", "case.intake_received", "grievance.viewed"])
            for row in rows {
                #expect(row.clientIP == nil && row.requestID == nil && row.userID == nil, "\(row.action)")
            }
            // Nowhere in what was stored: the address, the proxy's request id.
            for table in ["grievances", "grievance_events", "case_intakes", "audit_events"] {
                let stored = try await everything(in: table, app)
                #expect(!stored.contains(childAddress) && !stored.contains("req-from-the-proxy-42"), "\(table)")
            }
            let event = try #require(try await GrievanceEvent.query(on: app.db).first())
            #expect(event.actorID == nil && event.actorName == nil)

            // A child who gives a name and a contact is not anonymous; the address is still not kept.
            try await lodgeChild(child, ["name": "Aýna", "contact": "+993 65 000001"])
            let named = try await latestComplaint(app)
            #expect(!named.anonymous && named.complainantName == "Aýna" && named.complainantContact == "+993 65 000001")
            #expect(try await AuditEvent.query(on: app.db).all().allSatisfy { $0.clientIP == nil })

            // The desk's public page is not the children's: its rows keep the address, as before.
            try await child.get("/complaints", headers: forwarded())
            let adult = try await child.post("/complaints", form: [
                "category": "payment_missing", "complainantName": "Aýgül Saparowa", "subjectKind": "payment",
                "subjectReference": "PAY-2026-0001", "description": "Iki aý bäri töleg gelmeýär.", "territoryCode": Fixtures.inScopeEtrap,
            ], headers: forwarded())
            #expect(adult.status == .seeOther)
            let lodged = try await AuditEvent.query(on: app.db).filter(\.$action == "grievance.lodged").all()
            #expect(lodged.filter { $0.clientIP == childAddress }.count == 1)
        }
    }

    @Test func aRefusalOfTheLimiterKeepsTheTextAndNoAddress() async throws {
        try await withTestApp { app in
            RateLimitTests.freeze(app)
            let child = Browser(app)
            for _ in 0..<5 { #expect(try await lodgeChild(child).status == .seeOther) }
            let sixth = try await lodgeChild(child, ["text": "Altynjy hat: ýitmeli däl."])
            #expect(sixth.status == .tooManyRequests)
            #expect(sixth.headers.first(name: "Retry-After") == "120")
            #expect(sixth.body.string.contains("Altynjy hat: ýitmeli däl."), "what the child wrote is on the page")
            #expect(sixth.body.string.contains("minutdan soň ýene iber"))
            #expect(try await Grievance.query(on: app.db).count() == 5, "the five accepted are all saved")
            let refusal = try #require(try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.rateLimited.rawValue).first())
            #expect(refusal.clientIP == nil && !(refusal.detail ?? "").contains(childAddress))
        }
    }

    @Test func aComplaintFromDetentionReachesTheMonitorAndNobodyElse() async throws {
        try await withTestApp { app in
            let child = Browser(app)
            // The child chose the etrap; from detention it goes to the independent monitor all the same.
            try await lodgeChild(child, ["kind": "child_detention", "recipient": "etrap_social_services",
                                         "text": "Ejem bilen gepleşmäge rugsat bermeýärler."])
            let detention = try await latestComplaint(app)
            #expect(detention.recipient == "independent_monitor")
            try await lodgeChild(child, ["kind": "child_rights", "recipient": "etrap_social_services", "text": "Mugallym gygyrýar."])
            let toEtrap = try await latestComplaint(app)
            #expect(toEtrap.recipient == "etrap_social_services")
            let toMonitor = "/child-complaints/\(detention.id!.path)"
            let toTheEtrap = "/child-complaints/\(toEtrap.id!.path)"

            let monitor = Browser(app)
            try await monitor.login(Fixtures.username(.independentMonitor))
            let list = try await monitor.get("/child-complaints").body.string
            #expect(list.contains(detention.number) && !list.contains(toEtrap.number))
            #expect(try await monitor.get(toMonitor).status == .ok)
            #expect(try await monitor.get(toTheEtrap).status == .notFound, "the monitor reads what is addressed to it")
            #expect(try await monitor.get("/").body.string.contains("/child-complaints"), "the monitor's home card")

            // The etrap's social workers and supervisors: not the monitor's complaint, not even at the desk.
            for username in [Fixtures.username(.socialWorker), Fixtures.username(.supervisor)] {
                let etrap = Browser(app)
                try await etrap.login(username)
                let theirs = try await etrap.get("/child-complaints").body.string
                #expect(theirs.contains(toEtrap.number) && !theirs.contains(detention.number), "\(username)")
                #expect(try await etrap.get(toTheEtrap).status == .ok, "\(username)")
                #expect(try await etrap.get(toMonitor).status == .notFound, "\(username)")
                #expect(try await etrap.post("\(toMonitor)/resolve", form: ["note": "x", "version": "1"]).status == .notFound)
                #expect(try await etrap.get("/grievances/\(detention.id!.path)").status == .notFound, "the desk does not show it")
                #expect(try await etrap.get("/grievances/\(toEtrap.id!.path)").status == .notFound)
                let desk = try await etrap.get("/grievances?status=all").body.string
                #expect(!desk.contains(detention.number) && !desk.contains(toEtrap.number))
            }
            // A place of detention's staff read no child's complaint at all; nor do other roles.
            for role in [Role.detentionStaff, .justiceOfficer, .benefitsOfficer, .careStaff, .nationalAnalyst, .administrator] {
                let other = Browser(app)
                try await other.login(Fixtures.username(role))
                #expect(try await other.get("/child-complaints").status == .forbidden, "\(role)")
                #expect(try await other.get(toMonitor).status == .forbidden, "\(role)")
                #expect(!(try await other.get("/").body.string.contains("/child-complaints")), "\(role): no card, no menu entry")
            }
            let detentionStaff = Browser(app)
            try await detentionStaff.login(Fixtures.username(.detentionStaff))
            #expect(try await detentionStaff.get("/grievances/\(detention.id!.path)").status == .forbidden)
            // Outside the scope: another etrap's worker.
            let far = Browser(app)
            try await far.login("t.far.worker")
            #expect(try await far.get(toTheEtrap).status == .notFound)
            #expect(!(try await far.get("/child-complaints").body.string.contains(toEtrap.number)))
            #expect(try await Grievance.find(detention.id!, on: app.db)?.status == "open", "nothing was changed by a refused step")

            // The API answers the same.
            let workerToken = try await apiToken(app, Fixtures.username(.socialWorker))
            let monitorToken = try await apiToken(app, Fixtures.username(.independentMonitor))
            let detentionToken = try await apiToken(app, Fixtures.username(.detentionStaff))
            let officerToken = try await apiToken(app, Fixtures.username(.benefitsOfficer))
            func get(_ path: String, _ token: String) async throws -> HTTPStatus {
                try await app.testing().sendRequest(.GET, path, headers: bearer(token)).status
            }
            #expect(try await get("/api/v1/child-complaints/\(detention.id!.path)", monitorToken) == .ok)
            #expect(try await get("/api/v1/child-complaints/\(detention.id!.path)", workerToken) == .notFound)
            #expect(try await get("/api/v1/child-complaints/\(detention.id!.path)", detentionToken) == .forbidden)
            #expect(try await get("/api/v1/grievances/\(detention.id!.path)", officerToken) == .notFound)
            let deskList = try await app.testing().sendRequest(.GET, "/api/v1/grievances?status=all", headers: bearer(officerToken)).body.string
            #expect(!deskList.contains(detention.number))
        }
    }

    @Test func aChildAtRiskBecomesAnIntakeTheSupervisorOpensAsACaseOrCloses() async throws {
        try await withTestApp { app in
            let reporter = Browser(app)
            try await lodgeChild(reporter, ["kind": "child_at_risk", "recipient": "independent_monitor",
                                            "text": "Kiçijik oglan her gün köçede ýeke galýar."])
            let report = try await latestComplaint(app)
            let intake = try #require(try await CaseIntake.query(on: app.db).first())
            #expect(intake.status == "new" && intake.source == "child_complaint" && intake.sourceReference == report.number)
            #expect(intake.text == "Kiçijik oglan her gün köçede ýeke galýar." && intake.territoryPath == "/TM-M/M-MRY/")
            #expect(intake.number == "CI-00000001")

            let supervisor = Browser(app)
            try await supervisor.login(Fixtures.username(.supervisor))
            let home = try await supervisor.get("/").body.string
            #expect(home.contains("Howp abanýan çagalar barada garaşýan habarlar") && home.contains(#"href="/cases/intakes""#))
            #expect(try await supervisor.get("/cases/intakes").body.string.contains("CI-00000001"))
            let page = "/cases/intakes/\(intake.id!.path)"
            #expect(try await supervisor.get(page).body.string.contains("Kiçijik oglan"))
            #expect(try await auditCount(app, action: .caseIntakeViewed, username: "t.supervisor") == 2)

            // A social worker finds the child and goes on to the ordinary case-open form.
            let child = try await CaseTests.child(app, surname: "Annaýewa", age: 6)
            let worker = Browser(app)
            try await worker.login(Fixtures.username(.socialWorker))
            try await worker.get(page)
            let unknown = try await worker.post("\(page)/child", form: ["personNumber": "P-99999999"])
            #expect(unknown.status == .unprocessableEntity)
            #expect(unknown.body.string.contains("Şeýle belgili adam siziň iş meýdanyňyzda tapylmady."))
            let chosen = try await worker.post("\(page)/child", form: ["personNumber": child.number.lowercased()])
            #expect(chosen.status == .seeOther)
            let formPath = "/people/\(child.id!.path)/cases/new?intake=\(intake.id!.path)"
            #expect(chosen.headers.first(name: .location) == formPath)
            let form = try await worker.get(formPath).body.string
            #expect(form.contains(#"name="intake" value="\#(intake.id!.path)""#) && form.contains(">Kiçijik oglan her gün köçede ýeke galýar.</textarea>"))
            let opened = try await worker.post("/people/\(child.id!.path)/cases/new",
                                               pairs: CaseTests.openForm() + [("intake", intake.id!.path)])
            #expect(opened.status == .seeOther)
            let record = try await CaseTests.theCase(app, child: child)
            let decided = try #require(try await CaseIntake.find(intake.id!, on: app.db))
            #expect(decided.status == "opened" && decided.$caseRecord.id == record.id && decided.decidedByName == "t.social_worker")
            #expect(record.$worker.id == (try await Fixtures.user(app, "t.social_worker")).id)
            #expect(try await auditCount(app, action: .caseIntakeDecided) == 1)
            #expect(try await worker.get(page).body.string.contains(record.number), "the intake names its case")
            // Decided once: a second try is told so, and nothing is opened twice.
            let again = try await worker.post("/people/\(child.id!.path)/cases/new", pairs: CaseTests.openForm() + [("intake", intake.id!.path)])
            #expect(again.status == .conflict)
            #expect(again.body.string.contains("eýýäm çözgüt kabul edildi"))
            #expect(try await CaseRecord.query(on: app.db).filter(\.$child.$id == child.id!).count() == 1)

            // A second report: not a concern. Only a supervisor closes it, and only with a reason.
            try await lodgeChild(reporter, ["kind": "child_at_risk", "text": "Goňşylar gygyryşýar."])
            let second = try #require(try await CaseIntake.query(on: app.db).filter(\.$number == "CI-00000002").first())
            let secondPage = "/cases/intakes/\(second.id!.path)"
            #expect(try await worker.post("\(secondPage)/close", form: ["reason": "x", "version": "1"]).status == .forbidden)
            try await supervisor.get(secondPage)
            let noReason = try await supervisor.post("\(secondPage)/close", form: ["reason": " ", "version": "1"])
            #expect(noReason.status == .unprocessableEntity && noReason.body.string.contains("Bu meýdany dolduryň."))
            #expect(try await supervisor.post("\(secondPage)/close", form: ["reason": "Barlandy: çagalar howpsuz.", "version": "1"]).status == .seeOther)
            let closed = try #require(try await CaseIntake.find(second.id!, on: app.db))
            #expect(closed.status == "not_a_concern" && closed.reason == "Barlandy: çagalar howpsuz." && closed.version == 2)

            // A third: the supervisor opens the case; it waits for a worker.
            try await lodgeChild(reporter, ["kind": "child_at_risk", "text": "Gyz mekdebe gelmeýär."])
            let third = try #require(try await CaseIntake.query(on: app.db).filter(\.$number == "CI-00000003").first())
            let girl = try await CaseTests.child(app, surname: "Rejepowa", age: 9)
            try await supervisor.get("/cases/intakes/\(third.id!.path)")
            #expect(try await supervisor.post("/cases/intakes/\(third.id!.path)/child", form: ["personNumber": girl.number]).status == .seeOther)
            #expect(try await supervisor.get("/people/\(girl.id!.path)/cases/new").status == .forbidden, "without an intake, workers open cases")
            #expect(try await supervisor.get("/people/\(girl.id!.path)/cases/new?intake=\(third.id!.path)").status == .ok)
            #expect(try await supervisor.post("/people/\(girl.id!.path)/cases/new",
                                              pairs: CaseTests.openForm() + [("intake", third.id!.path)]).status == .seeOther)
            let girlsCase = try await CaseTests.theCase(app, child: girl)
            #expect(girlsCase.$worker.id == nil)
            #expect(try await CaseIntake.find(third.id!, on: app.db)?.status == "opened")
            #expect(try await supervisor.get("/cases/intakes").body.string.contains("intake-none"), "nothing waits any more")

            // Another etrap's worker does not see them.
            let far = Browser(app)
            try await far.login("t.far.worker")
            #expect(try await far.get(page).status == .notFound)
            #expect(!(try await far.get("/cases/intakes?status=all").body.string.contains("CI-00000001")))
        }
    }

    @Test func badInputComesBackInTheChildsLanguageWithWhatWasTyped() async throws {
        try await withTestApp { app in
            let child = Browser(app)
            let empty = try await lodgeChild(child, ["text": "   ", "name": "Merjen"])
            #expect(empty.status == .unprocessableEntity)
            var html = empty.body.string
            #expect(html.contains("Näme bolandygyny ýaz."))
            #expect(html.contains(#"value="child_rights" checked"#) && html.contains(#"value="etrap_social_services" checked"#))
            #expect(html.contains(#"value="M-MRY" selected"#) && html.contains(#"value="Merjen""#), "what was typed is kept")

            try await child.get("/locale/ru?back=%2Fcomplaints%2Fchild")
            let nothingChosen = try await lodgeChild(child, ["kind": "", "recipient": "", "territoryCode": "TM-M", "text": ""])
            html = nothingChosen.body.string
            #expect(nothingChosen.status == .unprocessableEntity)
            for message in ["Выбери, что случилось.", "Выбери свой этрап.", "Напиши, что случилось.", "Посмотри подсказки ниже и исправь."] {
                #expect(html.contains(message), "\(message)")
            }
            let noRecipient = try await lodgeChild(child, ["recipient": ""])
            #expect(noRecipient.body.string.contains("Выбери, кто должен это прочитать."))
            let strange = try await lodgeChild(child, ["kind": "child_<script>", "recipient": "desk"])
            #expect(strange.status == .unprocessableEntity && !strange.body.string.contains("<script>"))

            // Too long for a complaint: refused, and kept; far too long: refused before it is read.
            let long = String(repeating: "a", count: 4001)
            let tooLong = try await lodgeChild(child, ["text": long])
            #expect(tooLong.status == .unprocessableEntity && tooLong.body.string.contains("Слишком длинно. Напиши короче."))
            #expect(tooLong.body.string.contains(long))
            // The size limit applies while a body streams in, so this part runs a real server.
            var big = forwarded()
            big.contentType = .urlEncodedForm
            big.replaceOrAdd(name: .cookie, value: child.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
            let huge = "_csrf=\(child.lastCSRF)&kind=child_rights&recipient=etrap_social_services&territoryCode=M-MRY&text="
                + String(repeating: "%C3%BD", count: 40_000)
            let oversized = try await app.testing(method: .running(port: 0)).sendRequest(.POST, "/complaints/child", headers: big,
                                                                                          body: ByteBuffer(string: huge))
            #expect(oversized.status == .payloadTooLarge)
            // Not a form at all.
            var headers = forwarded()
            headers.contentType = .json
            let json = try await child.send(.POST, "/complaints/child", headers: headers,
                                            body: ByteBuffer(string: #"{"_csrf":"\#(child.lastCSRF)","text":["a"]}"#))
            #expect(json.status == .badRequest)
            #expect(try await Grievance.query(on: app.db).count() == 0, "nothing was saved")
            #expect(try await CaseIntake.query(on: app.db).count() == 0)
            // The desk's forms do not take a child's category.
            let staff = Browser(app)
            try await staff.login(Fixtures.username(.benefitsOfficer))
            try await staff.get("/grievances/new")
            let desk = try await staff.post("/grievances/new", form: [
                "channel": "staff_phone", "category": "child_rights", "complainantName": "A", "subjectKind": "other",
                "description": "Bir zat bolmady.", "territoryCode": Fixtures.inScopeEtrap])
            #expect(desk.status == .unprocessableEntity)
        }
    }

    @Test func theChildReadsTheAnswerWithTheCode() async throws {
        try await withTestApp { app in
            let child = Browser(app)
            try await lodgeChild(child, ["kind": "child_detention", "text": "Maňa kitap bermeýärler."])
            let complaint = try await latestComplaint(app)
            let waiting = try await child.get("/complaints/child/track").body.string
            #expect(waiting.contains("Aldyk") && waiting.contains("Jogap entek ýok.") && waiting.contains("Garaşsyz gözegçi (Ombudsmen)"))

            let monitor = Browser(app)
            try await monitor.login(Fixtures.username(.independentMonitor))
            let path = "/child-complaints/\(complaint.id!.path)"
            #expect(try await monitor.get(path).body.string.contains("Maňa kitap bermeýärler."))
            let blank = try await monitor.post("\(path)/resolve", form: ["note": "", "version": "1"])
            #expect(blank.status == .unprocessableEntity && blank.body.string.contains("Bu meýdany dolduryň."))
            #expect(try await monitor.post("\(path)/appeal", form: ["note": "x", "version": "1"]).status == .notFound)
            let answer = "Biz koloniýa bardyk. Indi her hepde kitaphana açyk bolar."
            #expect(try await monitor.post("\(path)/resolve", form: ["note": answer, "version": "1"]).status == .seeOther)
            #expect(try await auditCount(app, action: .grievanceChanged, username: "t.independent_monitor") == 1)
            #expect(try await auditCount(app, action: .grievanceViewed, username: "t.independent_monitor") == 1)

            let read = try await child.get("/complaints/child/track").body.string
            #expect(read.contains(answer) && read.contains("Jogap berildi"))
            #expect(!read.contains("t.independent_monitor") && !read.contains("Test independent_monitor"), "not who answered")

            // Someone with the code, typed loosely, on another phone; a wrong code is told so.
            let other = Browser(app)
            try await other.get("/complaints/child/track")
            let typed = TrackingCode.display(complaint.trackingCode).lowercased().replacingOccurrences(of: "-", with: " ")
            #expect(try await other.post("/complaints/child/track", form: ["code": typed]).headers.first(name: .location) == "/complaints/child/track")
            #expect(try await other.get("/complaints/child/track").body.string.contains(answer))
            let wrong = try await other.post("/complaints/child/track", form: ["code": "ACDE-FGHJ-KM"])
            #expect(wrong.status == .notFound && wrong.body.string.contains("Bu kod tapylmady."))
            // The desk's status page sends a child's code to the children's page, and takes no appeal.
            let desk = Browser(app)
            try await desk.get("/complaints/track")
            #expect(try await desk.post("/complaints/track", form: ["code": typed]).headers.first(name: .location) == "/complaints/child/track")
            #expect(try await desk.get("/complaints/track").headers.first(name: .location) == "/complaints/child/track")
            #expect(try await desk.post("/complaints/track/appeal", form: ["code": typed, "reason": "Ýok"]).status == .conflict)
            #expect(try await Grievance.find(complaint.id!, on: app.db)?.status == "resolved")
            let kinds = try await GrievanceEvent.query(on: app.db).filter(\.$grievance.$id == complaint.id!).sort(\.$occurredAt).all().map(\.kind)
            #expect(kinds == ["lodged", "resolve"])

            // Answered by the etrap, the child may still write to the monitor.
            try await lodgeChild(child, ["kind": "child_rights", "recipient": "etrap_social_services"])
            let toEtrap = try await latestComplaint(app)
            let worker = Browser(app)
            try await worker.login(Fixtures.username(.socialWorker))
            try await worker.get("/child-complaints/\(toEtrap.id!.path)")
            #expect(try await worker.post("/child-complaints/\(toEtrap.id!.path)/assign",
                                          form: ["assignee": "t.independent_monitor", "version": "1"]).status == .unprocessableEntity,
                    "the etrap's complaint stays with the etrap")
            #expect(try await worker.post("/child-complaints/\(toEtrap.id!.path)/assign",
                                          form: ["assignee": "t.supervisor", "version": "1"]).status == .seeOther)
            #expect(try await worker.post("/child-complaints/\(toEtrap.id!.path)/resolve",
                                          form: ["note": "Mugallym bilen gürleşdik.", "version": "2"]).status == .seeOther)
            let etrapAnswer = try await child.get("/complaints/child/track").body.string
            #expect(etrapAnswer.contains("Mugallym bilen gürleşdik.") && etrapAnswer.contains(#"href="/complaints/child?recipient=independent_monitor""#))
        }
    }

    @Test func thePublicAPILodgesAndTracksAndStaffAnswerThroughIt() async throws {
        try await withTestApp { app in
            func post(_ path: String, _ json: String, contentType: HTTPMediaType = .json) async throws -> TestingHTTPResponse {
                var headers = forwarded()
                headers.contentType = contentType
                return try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: json))
            }
            let created = try await post("/api/v1/child-complaints",
                                         #"{"kind":"child_detention","recipient":"etrap_social_services","territoryCode":"M-MRY","text":"Bize hat bermeýärler."}"#)
            #expect(created.status == .created)
            let receipt = try created.content.decode(ChildComplaintAPI.PublicStatus.self)
            #expect(receipt.recipient == "independent_monitor" && receipt.status == "open" && receipt.answer == nil)
            #expect(receipt.answerBy == CalendarDate.today.adding(days: 7).iso)
            #expect(try await post("/api/v1/child-complaints", #"{"kind":"child_rights","recipient":"independent_monitor","territoryCode":"M-MRY","text":""}"#).status == .unprocessableEntity)
            #expect(try await post("/api/v1/child-complaints", #"{"kind":"child_rights","territoryCode":"M-MRY","text":"x","ip":"1"}"#).status == .unprocessableEntity)
            #expect(try await post("/api/v1/child-complaints", #"{"kind":"#).status == .badRequest)
            #expect(try await post("/api/v1/child-complaints", "kind=child_rights", contentType: .urlEncodedForm).status == .unsupportedMediaType)
            #expect(try await Grievance.query(on: app.db).count() == 1)

            let token = try await apiToken(app, Fixtures.username(.independentMonitor))
            let list = try await app.testing().sendRequest(.GET, "/api/v1/child-complaints", headers: bearer(token))
            let page = try list.content.decode(APIPage<ChildComplaintAPI.Summary>.self)
            #expect(page.items.count == 1 && page.items[0].anonymous && page.items[0].kind == "child_detention")
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/child-complaints?kind=nonsense", headers: bearer(token)).status == .unprocessableEntity)
            var headers = bearer(token)
            headers.contentType = .json
            let answered = try await app.testing().sendRequest(.POST, "/api/v1/child-complaints/\(page.items[0].id.path)/resolve", headers: headers,
                                                               body: ByteBuffer(string: #"{"version":1,"note":"Hat bermäge rugsat berildi."}"#))
            #expect(answered.status == .ok)
            let tracked = try await post("/api/v1/child-complaints/track", #"{"trackingCode":"\#(receipt.trackingCode.lowercased())"}"#)
            #expect(tracked.status == .ok)
            #expect(try tracked.content.decode(ChildComplaintAPI.PublicStatus.self).answer == "Hat bermäge rugsat berildi.")
            #expect(try await post("/api/v1/child-complaints/track", #"{"trackingCode":"ACDE-FGHJ-KM"}"#).status == .notFound)
            // The public calls left no address behind.
            #expect(try await AuditEvent.query(on: app.db).filter(\.$userID == nil).all().allSatisfy { $0.clientIP == nil })

            let document = try await app.testing().sendRequest(.GET, "/api/v1/openapi.json").body.string
            for operation in ["createChildComplaint", "trackChildComplaint", "listChildComplaints", "getChildComplaint",
                              "resolveChildComplaint", "ChildComplaintInput", "ChildComplaintStatus"] {
                #expect(document.contains(operation), "\(operation)")
            }
        }
    }

    @Test func thePagesReadInTurkmenRussianAndEnglish() async throws {
        try await withTestApp { app in
            let child = Browser(app)
            try await lodgeChild(child)
            let complaint = try await latestComplaint(app)
            let staff = Browser(app)
            try await staff.login(Fixtures.username(.socialWorker))
            let titles: [(String, [String])] = [
                ("tk", ["Çagalar üçin: bize ýaz", "Jogaby okamak", "Çagalaryň şikaýatlary", "Çaganyň şikaýaty \(complaint.number)"]),
                ("ru", ["Для детей: напиши нам", "Прочитать ответ", "Жалобы детей", "Жалоба ребёнка \(complaint.number)"]),
                ("en", ["For children: write to us", "Read the answer", "Children's complaints", "Child's complaint \(complaint.number)"]),
            ]
            for (code, expected) in titles {
                try await child.get("/locale/\(code)?back=%2F")
                try await staff.get("/locale/\(code)?back=%2F")
                let pages = [try await child.get("/complaints/child"), try await child.get("/complaints/child/track"),
                             try await staff.get("/child-complaints"), try await staff.get("/child-complaints/\(complaint.id!.path)")]
                for (page, title) in zip(pages, expected) {
                    let html = page.body.string
                    #expect(page.status == .ok, "\(code): \(title)")
                    #expect(html.contains(#"<html lang="\#(code)">"#))
                    let escaped = title.replacingOccurrences(of: "'", with: "&#39;")
                    #expect(html.contains(#"id="page-title">\#(title)"#) || html.contains(#"id="page-title">\#(escaped)"#), "\(code): \(title)")
                    #expect(!html.contains("child_complaint.") && !html.contains("grievance."), "\(code): no untranslated key on \(title)")
                }
            }
            // The ways in: the sign-in page and the desk's public page lead to the children's page.
            let signedOut = Browser(app)
            #expect(try await signedOut.get("/login").body.string.contains(#"href="/complaints/child""#))
            #expect(try await signedOut.get("/complaints").body.string.contains(#"href="/complaints/child""#))
        }
    }
}
