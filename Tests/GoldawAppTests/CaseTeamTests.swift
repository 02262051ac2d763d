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

/// The case team: the assigned worker, colleagues a supervisor adds, and the supervisors in
/// scope read the case; every other colleague in scope learns only that it exists.
@Suite("Cases: the case team") struct CaseTeamAccessTests {
    @Test func aColleagueOutsideTheTeamSeesOnlyThatTheCaseExistsUntilASupervisorAddsThem() async throws {
        try await withTestApp { app in
            let people = try await Fixtures.people(app)
            let service = UserService(db: app.db, settings: app.settings, audit: AuditService(db: app.db))
            let (colleague, _) = try await service.create(.init(username: "t.colleague", fullName: "Jeren Colleague",
                role: Role.socialWorker.rawValue, scopeKind: "district", territoryCode: Fixtures.inScopeEtrap, organisationID: ""),
                password: Fixtures.password, mustChange: false)
            let casePath = AppRoute.caseRecord(people.caseHere).path
            try await CaseService(db: app.db, actor: nil, audit: AuditService(db: app.db))
                .addNote(try #require(try await CaseRecord.find(people.caseHere, on: app.db)), body: "Father threatens the child at night.")

            let outsider = Browser(app)
            try await outsider.login("t.colleague")
            let glimpse = try await outsider.get(casePath)
            #expect(glimpse.status == .ok)
            #expect(glimpse.body.string.contains(#"id="case-not-on-team""#))
            #expect(!glimpse.body.string.contains("Father threatens"), "no note reaches a colleague outside the team")
            #expect(try await outsider.get(AppRoute.cases.path).body.string.contains("MR-2026-999990"), "the list shows the case exists")
            try await outsider.get(casePath)
            let note = try await outsider.post(AppRoute.caseAction(people.caseHere, "note").path, form: ["body": "Mine"])
            #expect(note.status == .forbidden)
            #expect(try await CaseNote.query(on: app.db).filter(\.$body == "Mine").count() == 0)
            let api = try await apiToken(app, "t.colleague")
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/cases/\(people.caseHere)", headers: api).status == .forbidden)

            // The assigned worker reads it; the supervisor adds the colleague, who then reads it too.
            let assigned = Browser(app)
            try await assigned.login(Fixtures.username(.socialWorker))
            #expect(try await assigned.get(casePath).body.string.contains("Father threatens"))
            let supervisor = Browser(app)
            try await supervisor.login(Fixtures.username(.supervisor))
            let page = try await supervisor.get(casePath)
            #expect(page.body.string.contains(#"id="form-team-add""#) && page.body.string.contains("Jeren Colleague"))
            let added = try await supervisor.post(AppRoute.caseAction(people.caseHere, "team-add").path, form: ["member": colleague.id!.uuidString])
            #expect(added.status == .seeOther)
            #expect(try await outsider.get(casePath).body.string.contains("Father threatens"))
            let twice = try await supervisor.post(AppRoute.caseAction(people.caseHere, "team-add").path, form: ["member": colleague.id!.uuidString])
            #expect(twice.status == .unprocessableEntity && twice.body.string.contains(shown(app, "case.team.already")))
            // Taken off again: back to the glimpse; the row stays with who removed whom.
            try await supervisor.get(casePath)
            #expect(try await supervisor.post(AppRoute.caseAction(people.caseHere, "team-remove").path,
                                              form: ["member": colleague.id!.uuidString]).status == .seeOther)
            #expect(try await outsider.get(casePath).body.string.contains(#"id="case-not-on-team""#))
            let row = try #require(try await CaseTeamMember.query(on: app.db).first())
            let supervisorID = try await Fixtures.user(app, Fixtures.username(.supervisor)).id
            #expect(row.removedAt != nil && row.removedBy == supervisorID)
            // A colleague elsewhere still finds nothing at all.
            let far = Browser(app)
            try await far.login("t.far.worker")
            #expect(try await far.get(casePath).status == .notFound)
        }
    }

    @Test func twoNotesAtOnceBothLand() async throws {
        try await withTestApp { app in
            let people = try await Fixtures.people(app)
            let record = try #require(try await CaseRecord.find(people.caseHere, on: app.db))
            let service = try await CaseTests.service(app, Fixtures.username(.socialWorker))
            // Six at once: enough to race every note against the others. More only queues them
            // behind SQLite's one connection per event loop until a waiter meets the pool's
            // 10-second timeout on a loaded two-core machine, which proves nothing about notes.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<6 {
                    group.addTask {
                        let stale = try await CaseRecord.find(record.id!, on: app.db)!
                        try await service.addNote(stale, body: "Visit note \(index)")
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await CaseNote.query(on: app.db).filter(\.$caseRecord.$id == record.id!).count() == 6)
        }
    }

    func apiToken(_ app: Application, _ username: String) async throws -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.contentType = .json
        let response = try await app.testing().sendRequest(.POST, "/api/v1/auth/token", headers: headers,
            body: ByteBuffer(string: #"{"username":"\#(username)","password":"\#(Fixtures.password)"}"#))
        struct Token: Decodable { let token: String }
        let token = try JSONDecoder().decode(Token.self, from: Data(response.body.string.utf8)).token
        var bearer = HTTPHeaders()
        bearer.bearerAuthorization = BearerAuthorization(token: token)
        return bearer
    }
}
