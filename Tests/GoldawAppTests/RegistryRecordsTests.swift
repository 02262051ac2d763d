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

@Suite("Registry: households, functioning, merge, import, API") struct RegistryRecordsTests {
    /// A mother and two children, registered through the form.
    func family(_ browser: Browser, _ app: Application) async throws -> (mother: Person, child: Person, baby: Person) {
        try await registerPerson(browser, ["surname": "Hojagulyýewa", "givenName": "Bägül", "sex": "female", "birthDate": "02.02.1988"])
        try await registerPerson(browser, ["surname": "Hojagulyýew", "givenName": "Aman", "birthDate": "15.06.2012"])
        try await registerPerson(browser, ["surname": "Hojagulyýewa", "givenName": "Maral", "sex": "female", "birthDate": "20.01.2023"], confirm: true)
        let all = try await Person.query(on: app.db).all()
        return (all.first { $0.givenName == "Bägül" }!, all.first { $0.givenName == "Aman" }!, all.first { $0.givenName == "Maral" }!)
    }

    @Test func householdKeepsOneHeadAndOneHouseholdPerPerson() async throws {
        try await withTestApp { app in
            let browser = Browser(app)
            try await browser.login("t.social_worker")
            let (mother, child, baby) = try await family(browser, app)
            try await browser.get(AppRoute.householdNew.path + "?head=\(mother.id!.path)")
            let created = try await browser.post(AppRoute.householdNew.path, form: [
                "head": mother.id!.path, "territoryCode": "M-MRY", "locality": "Mary", "from": "01.01.2020"])
            #expect(created.status == .seeOther)
            let household = try await Household.query(on: app.db).first()!
            let page = AppRoute.household(household.id!).path
            try await browser.get(page)
            #expect(try await browser.post(AppRoute.householdMembers(household.id!).path, form: [
                "personNumber": child.number, "relationship": "child", "from": "15.06.2012"]).status == .seeOther)
            try await browser.get(page)
            let secondHead = try await browser.post(AppRoute.householdMembers(household.id!).path, form: [
                "personNumber": baby.number, "relationship": "head", "from": "20.01.2023"])
            #expect(secondHead.status == .unprocessableEntity)
            #expect(secondHead.body.string.contains("diňe bir baştutany"))
            // The child cannot be in a second household over the same dates.
            try await browser.get(AppRoute.householdNew.path + "?head=\(child.id!.path)")
            let twice = try await browser.post(AppRoute.householdNew.path, form: [
                "head": child.id!.path, "territoryCode": "M-MRY", "from": "01.01.2024"])
            #expect(twice.status == .unprocessableEntity)
            #expect(try await Household.query(on: app.db).count() == 1)
            // The head cannot leave while no one else heads the household.
            let headRow = try await HouseholdMembership.query(on: app.db).filter(\.$relationship == "head").first()!
            try await browser.get(page)
            let leaving = try await browser.post(AppRoute.membershipEnd(household.id!, headRow.id!).path, form: ["toDate": "01.01.2025"])
            #expect(leaving.status == .unprocessableEntity)
            // The child leaves; history is kept.
            let childRow = try await HouseholdMembership.query(on: app.db).filter(\.$person.$id == child.id!).first()!
            try await browser.get(page)
            #expect(try await browser.post(AppRoute.membershipEnd(household.id!, childRow.id!).path, form: ["toDate": "01.09.2024"]).status == .seeOther)
            let shown = try await browser.get(page)
            #expect(shown.body.string.contains("01.09.2024"))
        }
    }

    @Test func familyLinksDecideOrphanhoodAndGuardianshipForm() async throws {
        try await withTestApp { app in
            let browser = Browser(app)
            try await browser.login("t.social_worker")
            let (mother, child, _) = try await family(browser, app)
            try await browser.get(AppRoute.linkNew(child.id!).path)
            #expect(try await browser.post(AppRoute.linkNew(child.id!).path, form: [
                "adultNumber": mother.number, "kind": "mother", "parentState": "alive"]).status == .seeOther)
            // A man cannot be recorded as the mother; a mother cannot be younger than the child.
            try await browser.get(AppRoute.linkNew(mother.id!).path)
            let wrong = try await browser.post(AppRoute.linkNew(mother.id!).path, form: ["adultNumber": child.number, "kind": "mother", "parentState": "alive"])
            #expect(wrong.status == .unprocessableEntity)
            #expect(try await !(browser.get(AppRoute.person(child.id!).path).body.string.contains("Ýetim")))
            // The only recorded parent dies: the child is an orphan, derived, not typed.
            mother.deathDate = "2024-05-01"
            try await mother.save(on: app.db)
            let profile = try await browser.get(AppRoute.person(child.id!).path)
            #expect(profile.body.string.contains("Ýetim"))
            #expect(try await browser.get("/people?marker=orphan").body.string.contains(child.number))
            // A guardian appointed when the child was 11 holds custody (7–17), not guardianship.
            try await registerPerson(browser, ["surname": "Rejepow", "givenName": "Rustam", "birthDate": "01.01.1970"])
            let guardian = try await person(app, surname: "Rejepow")
            try await browser.get(AppRoute.linkNew(child.id!).path)
            #expect(try await browser.post(AppRoute.linkNew(child.id!).path, form: [
                "adultNumber": guardian.number, "kind": "guardian", "parentState": "alive",
                "decisionNumber": "17/2024", "decisionDate": "01.07.2024"]).status == .seeOther)
            let link = try await FamilyLink.query(on: app.db).filter(\.$kind == "guardian").first()!
            #expect(link.guardianshipForm == "custody")
        }
    }

    @Test func functioningIsScoredExplainedAndKeptApartFromDisabilityStatus() async throws {
        try await withTestApp { app in
            let browser = Browser(app)
            try await browser.login("t.social_worker")
            let (_, child, _) = try await family(browser, app)
            let form = try await browser.get(AppRoute.functioningNew(child.id!).path)
            #expect(form.status == .ok)
            #expect(form.body.string.contains(#"value="cfm_5_17""#))
            // Everything "no difficulty", anxiety daily: a functional difficulty through anxiety only.
            var answers: [String: String] = ["instrument": "cfm_5_17", "interviewDate": "01.10.2026", "respondent": "mother"]
            for question in FunctioningRules.questions(for: .cfm5to17) where question.askedWhen == nil {
                answers["q_\(question.id)"] = question.scale == .yesNo ? "2" : (question.scale == .frequency ? "5" : "1")
            }
            for question in FunctioningRules.questions(for: .cfm5to17) where question.askedWhen != nil {
                if FunctioningRules.validate(.cfm5to17, answers: [question.id: 1].merging(
                    answers.filter { $0.key.hasPrefix("q_") }.reduce(into: [String: Int]()) { $0[String($1.key.dropFirst(2))] = Int($1.value) }) { a, _ in a })
                    .isEmpty { answers["q_\(question.id)"] = "1" }
            }
            let anxiety = try #require(FunctioningRules.questions(for: .cfm5to17).first { $0.domain == .anxiety })
            answers["q_\(anxiety.id)"] = "1"
            let saved = try await browser.post(AppRoute.functioningNew(child.id!).path, form: answers)
            #expect(saved.status == .seeOther, "\(saved.body.string.prefix(2000))")
            let record = try #require(try await FunctioningRecord.query(on: app.db).first())
            #expect(record.hasDifficulty == true)
            #expect(record.ruleVersion == FunctioningRules.ruleVersion(for: .cfm5to17))
            let result = try await browser.get(try #require(saved.headers.first(name: .location)))
            #expect(result.body.string.contains("functioning-summary"))
            #expect(result.body.string.contains(#"id="domains""#))
            // Functioning never creates an official disability status.
            #expect(try await DisabilityStatus.query(on: app.db).count() == 0)
            try await browser.get(AppRoute.disabilityNew(child.id!).path)
            #expect(try await browser.post(AppRoute.disabilityNew(child.id!).path, form: [
                "certificateNumber": "MSE-2024-55", "group": "child", "validFrom": "01.01.2024"]).status == .seeOther)
            #expect(try await FunctioningRecord.query(on: app.db).count() == 1)
            let profile = try await browser.get(AppRoute.person(child.id!).path)
            #expect(profile.body.string.contains("MSE-2024-55"))
            #expect(profile.body.string.contains("Resmi maýyplyk"))
            // A questionnaire for the wrong age is refused.
            let wrong = try await browser.post(AppRoute.functioningNew(child.id!).path, form: [
                "instrument": "wg_ss", "interviewDate": "01.10.2026", "respondent": "mother"])
            #expect(wrong.status == .unprocessableEntity)
        }
    }

    @Test func mergeMovesEverythingAndUnmergeRestoresIt() async throws {
        try await withTestApp { app in
            let worker = Browser(app)
            try await worker.login("t.social_worker")
            try await registerPerson(worker, ["surname": "Nurmuhammedow", "givenName": "Serdar", "birthDate": "07.07.1980",
                                              "documentType": "passport", "documentNumber": "I-MR 111111"])
            try await registerPerson(worker, ["surname": "Нурмухаммедов", "givenName": "Сердар", "birthDate": "07.07.1980",
                                              "documentType": "birth_certificate", "documentNumber": "II-MR 222222"], confirm: true)
            let pair = try #require(try await DuplicatePair.query(on: app.db).first())
            let supervisor = Browser(app)
            try await supervisor.login("t.supervisor")
            let compare = try await supervisor.get(AppRoute.duplicate(pair.id!).path)
            #expect(compare.status == .ok)
            let latin = try await person(app, surname: "Nurmuhammedow")
            let cyrillic = try await person(app, surname: "Нурмухаммедов")
            let merged = try await supervisor.post(AppRoute.duplicateMerge(pair.id!).path, form: ["survivor": latin.id!.path])
            #expect(merged.status == .seeOther)
            #expect(try await PersonDocument.query(on: app.db).filter(\.$person.$id == latin.id!).count() == 2)
            #expect(try await Person.find(cyrillic.id!, on: app.db)?.mergedIntoID == latin.id)
            #expect(try await DuplicatePair.find(pair.id!, on: app.db)?.status == "merged")
            #expect(try await auditCount(app, action: .personsMerged) == 1)
            // The merged record no longer turns up in search.
            #expect(!(try await worker.get("/people?q=II-MR+222222").body.string.contains(cyrillic.number)))
            let record = try #require(try await PersonMerge.query(on: app.db).first())
            #expect(try await supervisor.post(AppRoute.unmerge(record.id!).path, form: [:]).status == .seeOther)
            #expect(try await PersonDocument.query(on: app.db).filter(\.$person.$id == latin.id!).count() == 1)
            #expect(try await PersonDocument.query(on: app.db).filter(\.$person.$id == cyrillic.id!).count() == 1)
            #expect(try await Person.find(cyrillic.id!, on: app.db)?.mergedIntoID == nil)
            #expect(try await DuplicatePair.find(pair.id!, on: app.db)?.status == "open")
            #expect(try await auditCount(app, action: .personsUnmerged) == 1)
        }
    }

    func upload(_ browser: Browser, csv: Data, mode: String) async throws -> TestingHTTPResponse {
        let boundary = "goldaw-test-boundary"
        var body = Data()
        func part(_ name: String, _ value: String) {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        part("_csrf", browser.lastCSRF)
        part("mode", mode)
        body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"households.csv\"\r\nContent-Type: text/csv\r\n\r\n".utf8)
        body += csv
        body += Data("\r\n--\(boundary)--\r\n".utf8)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await browser.send(.POST, "/people/import", headers: headers, body: ByteBuffer(data: body))
    }

    /// Saves run in the background: waits until no upload is saving any more.
    static func settled(_ app: Application) async throws {
        for _ in 0..<2_400 {
            if try await RegistryImport.query(on: app.db).filter(\.$status == "saving").count() == 0 { return }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        Issue.record("an import was still saving after 120 s")
    }

    static let csv = """
        household,relationship,surname,given_name,patronymic,sex,birth_date,territory,locality,document_type,document_number
        A,head,Baýramow,Kerim,,male,01.01.1980,M-MRY,Mary,passport,I-MR 300001
        A,spouse,Baýramowa,Gözel,,female,02.02.1982,M-MRY,Mary,,
        A,child,Baýramow,Arslan,,male,03.03.2015,M-MRY,Mary,birth_certificate,II-MR 300003
        B,head,Çaryýew,Ata,,male,01.01.2999,M-MRY,Mary,,
        B,child,Çaryýew,Aýdogdy,,male,01.01.2010,M-MRY,Mary,,
        C,child,Myradow,Döwran,,male,01.01.2012,M-MRY,Mary,,
        """

    @Test func importChecksFirstAndNeverHalfWritesAHousehold() async throws {
        try await withTestApp { app in
            let browser = Browser(app)
            try await browser.login("t.social_worker")
            try await browser.get("/people/import")
            let strict = try await upload(browser, csv: Data(Self.csv.utf8), mode: "all_or_nothing")
            #expect(strict.status == .seeOther)
            let report = try await browser.get(try #require(strict.headers.first(name: .location)))
            #expect(report.body.string.contains("Doglan senesi geljekde bolup bilmez."))
            #expect(report.body.string.contains("<td class=\"num\">5</td>"), "the row of the future birth date is named")
            #expect(report.body.string.contains("Öý hojalygynyň bir baştutany bolmaly."))
            #expect(!report.body.string.contains("import-save"), "all-or-nothing with problems cannot be saved")
            #expect(try await Person.query(on: app.db).count() == 0, "a check writes nothing")

            try await browser.get("/people/import")
            let lenient = try await upload(browser, csv: Data(Self.csv.utf8), mode: "valid_only")
            let location = try #require(lenient.headers.first(name: .location))
            let second = try await browser.get(location)
            #expect(second.body.string.contains("import-save"))
            let saved = try await browser.post(location + "/commit", form: [:])
            #expect(saved.status == .seeOther)
            try await Self.settled(app)
            #expect(try await Person.query(on: app.db).count() == 3, "only household A")
            #expect(try await Household.query(on: app.db).count() == 1)
            #expect(try await HouseholdMembership.query(on: app.db).count() == 3)
            // One audit row for the household, naming its people, and one for the upload.
            #expect(try await auditCount(app, action: .registryImported) == 2)
            let householdAudit = try #require(try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.registryImported.rawValue)
                .filter(\.$recordType == "household").first())
            let numbers = try await Person.query(on: app.db).sort(\.$number).all().map(\.number)
            #expect(householdAudit.detail == "households.csv A → H-00000001: " + numbers.joined(separator: ", "))

            try await browser.get("/people/import")
            let latin1 = try await upload(browser, csv: Data([0x68, 0x6F, 0x75, 0x73, 0x65, 0xFC, 0x0A]), mode: "valid_only")
            #expect(latin1.status == .unprocessableEntity)
            #expect(latin1.body.string.contains("UTF-8"))
        }
    }

    static let threeHouseholds = """
        household,relationship,surname,given_name,sex,birth_date,territory,document_type,document_number
        A,head,Baýramow,Kerim,male,01.01.1980,M-MRY,passport,I-MR 300001
        A,child,Baýramow,Arslan,male,03.03.2015,M-MRY,,
        B,head,Çaryýew,Ata,male,01.01.1975,M-MRY,passport,I-MR 300002
        C,head,Myradowa,Ogulgerek,female,01.01.1990,M-MRY,passport,I-MR 300003
        C,child,Myradow,Döwran,male,01.01.2012,M-MRY,,
        """

    @Test func aSaveCutOffHalfWayIsFinishedBySavingAgainAndNothingIsWrittenTwice() async throws {
        try await withTestApp { app in
            let browser = Browser(app)
            try await browser.login("t.social_worker")
            try await browser.get("/people/import")
            let uploaded = try await upload(browser, csv: Data(Self.threeHouseholds.utf8), mode: "valid_only")
            let location = try #require(uploaded.headers.first(name: .location))
            let upload = try #require(try await RegistryImport.query(on: app.db).first())
            // The state a process killed after two households leaves: households A and B and
            // their rows written, the upload still "checked".
            let partial = RegistryImport()
            partial.id = upload.id
            partial.filename = upload.filename
            partial.mode = upload.mode
            partial.content = Self.threeHouseholds.split(separator: "\n").prefix(4).joined(separator: "\n")
            let user = try await Fixtures.user(app, "t.social_worker")
            let me = CurrentUser(id: user.id!, username: user.username, fullName: user.fullName, role: user.role,
                                 scope: Scope(kind: .district, territoryPath: "/TM-M/M-MRY/"), scopeTerritoryID: nil,
                                 locale: .tk, mustChangePassword: false, sessionID: nil, csrfToken: nil)
            _ = try await ImportService(db: app.db, actor: me, audit: AuditService(db: app.db)).save(partial)
            // While its heartbeat beats, the save is running: the page says how far and refreshes.
            try await RegistryImport.query(on: app.db).set(\.$status, to: "saving").set(\.$heartbeatAt, to: AppClock.now)
                .set(\.$householdsTotal, to: 3).update()
            #expect(try await Household.query(on: app.db).count() == 2)
            let running = try await browser.get(location)
            #expect(running.body.string.contains(shown(app, "import.outcome.saving", ["households": "2", "total": "3"])))
            #expect(running.headers.first(name: "Refresh") == "3")
            #expect(!running.body.string.contains("import-save"))
            // The process died: the heartbeat stopped two minutes ago.
            try await RegistryImport.query(on: app.db).set(\.$heartbeatAt, to: AppClock.now.addingTimeInterval(-120)).update()

            let report = try await browser.get(location)
            #expect(report.body.string.contains(shown(app, "import.outcome.interrupted", ["households": "2", "people": "3"])))
            #expect(report.body.string.contains("import-save"))
            let again = try await browser.post(location + "/commit", form: [:])
            #expect(again.status == .seeOther)
            try await Self.settled(app)
            #expect(try await Household.query(on: app.db).count() == 3, "only C was written")
            #expect(try await Person.query(on: app.db).count() == 5)
            #expect(try await RegistryImportHousehold.query(on: app.db).count() == 3)
            let done = try await browser.get(location)
            #expect(done.body.string.contains(shown(app, "import.outcome.saved", ["households": "3", "people": "5"])))
            #expect(!done.body.string.contains("import-save"))
            // A second save of a saved upload is refused.
            #expect(try await browser.post(location + "/commit", form: [:]).status == .conflict)
            #expect(try await Person.query(on: app.db).count() == 5)
        }
    }

    @Test func twelveImportsSavedAtOnceAllLandOnSQLiteAsOnPostgreSQL() async throws {
        try await withTestApp { app in
            var locations: [(Browser, String)] = []
            for index in 0..<12 {
                let browser = Browser(app)
                try await browser.login("t.social_worker")
                try await browser.get("/people/import")
                let csv = """
                    household,relationship,surname,given_name,sex,birth_date,territory
                    A,head,Baýramow,Kerim\(index),male,01.01.1980,M-MRY
                    A,child,Baýramow,Arslan\(index),male,03.03.2015,M-MRY
                    B,head,Çaryýew,Ata\(index),male,01.01.1975,M-MRY
                    """
                let uploaded = try await upload(browser, csv: Data(csv.utf8), mode: index % 2 == 0 ? "valid_only" : "all_or_nothing")
                locations.append((browser, try #require(uploaded.headers.first(name: .location))))
            }
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for (browser, location) in locations {
                    group.addTask { try await browser.post(location + "/commit", form: [:]).status }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .seeOther }, "\(statuses)")
            try await Self.settled(app)
            #expect(try await RegistryImport.query(on: app.db).filter(\.$status == "saved").count() == 12)
            #expect(try await Household.query(on: app.db).count() == 24)
            #expect(try await Person.query(on: app.db).count() == 36)
        }
    }

    @Test func theCheckAppliesTheSavesRulesAndAllOrNothingSavesNothingWhenTheRegistryChanged() async throws {
        try await withTestApp { app in
            let browser = Browser(app)
            try await browser.login("t.social_worker")
            try await browser.get("/people/import")
            let early = """
                household,relationship,surname,given_name,sex,birth_date,territory,member_since
                A,head,Baýramow,Kerim,male,01.01.1980,M-MRY,01.01.2010
                A,child,Baýramow,Arslan,male,03.03.2015,M-MRY,01.01.2010
                """
            let checked = try await browser.get(try #require(try await upload(browser, csv: Data(early.utf8), mode: "valid_only")
                .headers.first(name: .location)))
            #expect(checked.body.string.contains(shown(app, "registry.member_before_birth")), "a child cannot join before birth")
            #expect(checked.body.string.contains("<td class=\"num\">3</td>"))

            try await browser.get("/people/import")
            let strict = try await upload(browser, csv: Data(Self.threeHouseholds.utf8), mode: "all_or_nothing")
            let location = try #require(strict.headers.first(name: .location))
            #expect(try await browser.get(location).body.string.contains("import-save"))
            // Between the check and the save, someone registers the passport of household C's head.
            var headers = bearer(try await apiToken(app, "t.social_worker"))
            headers.contentType = .json
            let taken = try await app.testing().sendRequest(.POST, "/api/v1/persons", headers: headers, body: ByteBuffer(
                string: #"{"givenName":"Bilbil","surname":"Saparowa","sex":"female","birthDate":"1991-05-05","territoryCode":"M-MRY","documents":[{"type":"passport","number":"I-MR 300003"}]}"#))
            #expect(taken.status == .created)
            let save = try await browser.post(location + "/commit", form: [:])
            #expect(save.status == .seeOther)
            try await Self.settled(app)
            #expect(try await Person.query(on: app.db).count() == 1, "nothing of the file was saved")
            #expect(try await Household.query(on: app.db).count() == 0)
            let report = try await browser.get(location)
            #expect(report.body.string.contains(shown(app, "registry.document_taken")))
            #expect(!report.body.string.contains("import-save"))
        }
    }

    @Test func theImportAPIChecksSavesOnceAndSaysWhatItSaved() async throws {
        try await withTestApp { app in
            let token = try await apiToken(app, "t.social_worker")
            var csv = bearer(token)
            csv.contentType = HTTPMediaType(type: "text", subType: "csv")
            let checked = try await app.testing().sendRequest(.POST, "/api/v1/imports?mode=valid_only&filename=etrap.csv", headers: csv,
                                                              body: ByteBuffer(string: Self.csv))
            #expect(checked.status == .created)
            struct Report: Decodable {
                let id: UUID; let status: String; let rowsTotal: Int; let rowsValid: Int; let householdsSaved: Int; let peopleSaved: Int
                let canSave: Bool; let problems: [Problem]
                struct Problem: Decodable { let row: Int; let code: String }
            }
            let report = try checked.content.decode(Report.self)
            #expect(report.rowsTotal == 6 && report.rowsValid == 3 && report.canSave)
            #expect(report.problems.contains { $0.row == 5 && $0.code == "registry.birth_in_future" })
            #expect(try await Person.query(on: app.db).count() == 0)
            var post = bearer(token)
            post.replaceOrAdd(name: "Idempotency-Key", value: "commit-1")
            let accepted = try await app.testing().sendRequest(.POST, "/api/v1/imports/\(report.id.path)/commit", headers: post)
            #expect(accepted.status == .accepted)
            // The same commit sent again with its key gets the same answer and starts nothing.
            #expect(try await app.testing().sendRequest(.POST, "/api/v1/imports/\(report.id.path)/commit", headers: post).body.string == accepted.body.string)
            try await Self.settled(app)
            let saved = try await app.testing().sendRequest(.GET, "/api/v1/imports/\(report.id.path)", headers: bearer(token))
            let after = try saved.content.decode(Report.self)
            #expect(after.status == "saved" && after.householdsSaved == 1 && after.peopleSaved == 3 && !after.canSave)
            #expect(try await app.testing().sendRequest(.POST, "/api/v1/imports/\(report.id.path)/commit", headers: bearer(token)).status == .conflict)
            #expect(try await Person.query(on: app.db).count() == 3)
            // A supervisor does not import (403); a JSON body is refused.
            let other = try await apiToken(app, "t.supervisor")
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/imports/\(report.id.path)", headers: bearer(other)).status == .forbidden)
            var json = bearer(token)
            json.contentType = .json
            #expect(try await app.testing().sendRequest(.POST, "/api/v1/imports", headers: json, body: ByteBuffer(string: "{}")).status == .unsupportedMediaType)
        }
    }

    /// 5,000 rows through the API (scripts/import-rows takes 100,000 and times them,
    /// docs/benchmarks.md): every row counted, and a file whose every row is refused reports
    /// every problem without searching them row by row.
    @Test func theImportAPIChecksFiveThousandRowsAndCountsEveryOne() async throws {
        try await withTestApp { app in
            var csv = bearer(try await apiToken(app, "t.social_worker"))
            csv.contentType = HTTPMediaType(type: "text", subType: "csv")
            func file(born: String) -> ByteBuffer {
                var text = "household,relationship,surname,given_name,sex,birth_date,territory,document_type,document_number\n"
                for row in 0..<5_000 {
                    text += "H\(row / 4),\(row % 4 == 0 ? "head" : "child"),Baýramow,Kerim,male,\(born),M-MRY,passport,I-MR \(600_000 + row)\n"
                }
                return ByteBuffer(string: text)
            }
            struct Report: Decodable { let rowsTotal: Int; let rowsValid: Int; let canSave: Bool; let problems: [Problem]; struct Problem: Decodable { let row: Int } }
            let valid = try await app.testing().sendRequest(.POST, "/api/v1/imports?mode=valid_only", headers: csv, body: file(born: "01.01.1990"))
            #expect(valid.status == .created)
            let report = try valid.content.decode(Report.self)
            #expect(report.rowsTotal == 5_000 && report.rowsValid == 5_000 && report.problems.isEmpty && report.canSave)
            let refused = try await app.testing().sendRequest(.POST, "/api/v1/imports?mode=valid_only", headers: csv, body: file(born: "01.01.2999"))
            let future = try refused.content.decode(Report.self)
            #expect(future.rowsTotal == 5_000 && future.rowsValid == 0 && !future.canSave)
            #expect(Set(future.problems.map(\.row)).count == 5_000)
            #expect(try await Person.query(on: app.db).count() == 0)
        }
    }

    @Test func familyLinksAndCircumstancesThroughTheAPI() async throws {
        try await withTestApp { app in
            var headers = bearer(try await apiToken(app, "t.social_worker"))
            headers.contentType = .json
            func post(_ path: String, _ json: String) async throws -> TestingHTTPResponse {
                try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: json))
            }
            func person(_ given: String, _ surname: String, _ sex: String, _ born: String, territory: String = "M-MRY") async throws -> UUID {
                let created = try await post("/api/v1/persons", #"{"givenName":"\#(given)","surname":"\#(surname)","sex":"\#(sex)","birthDate":"\#(born)","territoryCode":"\#(territory)","confirmNew":true}"#)
                struct Made: Decodable { let person: Summary; struct Summary: Decodable { let id: UUID } }
                return try created.content.decode(Made.self).person.id
            }
            let mother = try await person("Gözel", "Amanowa", "female", "1990-02-02")
            let child = try await person("Arslan", "Amanow", "male", "2026-09-01")
            let linked = try await post("/api/v1/persons/\(child.path)/links", #"{"adultId":"\#(mother.uuidString)","kind":"mother"}"#)
            #expect(linked.status == .created)
            #expect(linked.body.string.contains(#""kind":"mother""#))
            #expect(try await FamilyLink.query(on: app.db).filter(\.$child.$id == child).count() == 1)
            // The same rules as the page: a second mother is refused, and so is a father who is a woman.
            let second = try await post("/api/v1/persons/\(child.path)/links", #"{"adultId":"\#(mother.uuidString)","kind":"mother"}"#)
            #expect(second.status == .unprocessableEntity && second.body.string.contains("registry.parent_exists"))
            let wrong = try await post("/api/v1/persons/\(child.path)/links", #"{"adultId":"\#(mother.uuidString)","kind":"father"}"#)
            #expect(wrong.body.string.contains("registry.father_not_male"))
            // An adult outside the worker's etrap is not found.
            let people = try await Fixtures.people(app)
            let far = try await post("/api/v1/persons/\(child.path)/links", #"{"adultId":"\#(people.there.uuidString)","kind":"guardian","decisionNumber":"12","decisionDate":"2026-10-01"}"#)
            #expect(far.status == .unprocessableEntity && far.body.string.contains(#""field":"adultId""#))

            let title = try await post("/api/v1/persons/\(mother.path)/circumstances", #"{"kind":"ene_mahri","from":"2026-03-08"}"#)
            #expect(title.status == .created)
            struct Row: Decodable { let id: UUID; let kind: String; let to: String? }
            let row = try title.content.decode(Row.self)
            let overlap = try await post("/api/v1/persons/\(mother.path)/circumstances", #"{"kind":"ene_mahri","from":"2026-04-01"}"#)
            #expect(overlap.status == .unprocessableEntity && overlap.body.string.contains("circumstance.overlaps"))
            let ended = try await post("/api/v1/persons/\(mother.path)/circumstances/\(row.id.path)/end", #"{"to":"2026-11-01"}"#)
            #expect(ended.status == .ok && ended.body.string.contains(#""to":"2026-11-01""#))
            let listed = try await app.testing().sendRequest(.GET, "/api/v1/persons/\(mother.path)/circumstances", headers: bearer(try await apiToken(app, "t.social_worker")))
            struct List: Decodable { let items: [Row] }
            #expect(try listed.content.decode(List.self).items.map(\.kind) == ["ene_mahri"])
            #expect(try await post("/api/v1/persons/\(mother.path)/circumstances/\(row.id.path)/end", #"{"to":"2026-11-02"}"#).status == .conflict)
        }
    }

    @Test func apiCreatesSearchesScoresAndMerges() async throws {
        try await withTestApp { app in
            let token = try await apiToken(app, "t.social_worker")
            var headers = bearer(token)
            headers.contentType = .json
            let body = #"{"givenName":"Jeren","surname":"Amanowa","sex":"female","birthDate":"2016-04-10","territoryCode":"M-MRY","documents":[{"type":"birth_certificate","number":"II-MR 777777"}]}"#
            let created = try await app.testing().sendRequest(.POST, "/api/v1/persons", headers: headers, body: ByteBuffer(string: body))
            #expect(created.status == .created)
            struct Detail: Decodable { let person: Summary; let version: Int; struct Summary: Decodable { let id: UUID; let number: String } }
            let detail = try created.content.decode(Detail.self)
            let again = try await app.testing().sendRequest(.POST, "/api/v1/persons", headers: headers,
                body: ByteBuffer(string: #"{"givenName":"Джерен","surname":"Аманова","sex":"female","birthDate":"2016-04-10","territoryCode":"M-MRY"}"#))
            #expect(again.status == .conflict)
            #expect(again.body.string.contains(detail.person.number))
            let found = try await app.testing().sendRequest(.GET, "/api/v1/persons?q=amanova", headers: bearer(token))
            #expect(found.body.string.contains(detail.person.number))
            let scored = try await app.testing().sendRequest(.POST, "/api/v1/persons/\(detail.person.id.path)/functioning", headers: headers,
                body: ByteBuffer(string: #"{"instrument":"cfm_5_17","interviewDate":"2026-10-01","respondent":"mother","answers":{"\#(FunctioningRules.questions(for: .cfm5to17).first { $0.domain == .depression }!.id)":1}}"#))
            #expect(scored.status == .created)
            #expect(scored.body.string.contains(#""hasFunctionalDifficulty":true"#))
            let history = try await app.testing().sendRequest(.GET, "/api/v1/persons/\(detail.person.id.path)/history", headers: bearer(token))
            #expect(history.status == .ok)
            let badDate = try await app.testing().sendRequest(.POST, "/api/v1/persons", headers: headers,
                body: ByteBuffer(string: #"{"givenName":"A","surname":"B","sex":"male","birthDate":"2999-01-01","territoryCode":"M-MRY","confirmNew":true}"#))
            #expect(badDate.status == .unprocessableEntity)
            #expect(badDate.body.string.contains("birthDate"))
            // Merging needs a supervisor.
            let denied = try await app.testing().sendRequest(.POST, "/api/v1/persons/\(detail.person.id.path)/merge", headers: headers,
                body: ByteBuffer(string: #"{"mergeId":"\#(detail.person.id.uuidString)"}"#))
            #expect(denied.status == .forbidden)
        }
    }

    @Test func aNameWithControlOrDirectionCharactersIsRefusedAndNothingIsSaved() async throws {
        try await withTestApp { app in
            var headers = bearer(try await apiToken(app, "t.social_worker"))
            headers.contentType = .json
            let before = try await Person.query(on: app.db).count()
            let marks = String(repeating: "\\u0301", count: 2_000)
            for (name, code) in [(#"Jeren\u0000"#, "validation.name_characters"), (#"\u202Enerej"#, "validation.name_characters"),
                                 (#"Jeren\u001b[2J"#, "validation.name_characters"), ("J" + marks, "validation.too_long")] {
                let response = try await app.testing().sendRequest(.POST, "/api/v1/persons", headers: headers, body: ByteBuffer(
                    string: #"{"givenName":"\#(name)","surname":"Amanowa","sex":"female","birthDate":"2016-04-10","territoryCode":"M-MRY","confirmNew":true}"#))
                #expect(response.status == .unprocessableEntity, "\(name.prefix(20)) answered \(response.status)")
                #expect(response.body.string.contains(#""field":"givenName""#))
                #expect(response.body.string.contains(code))
            }
            #expect(try await Person.query(on: app.db).count() == before)
        }
    }
}
