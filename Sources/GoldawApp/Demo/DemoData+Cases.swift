import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawBenefits
import GoldawGrievances
import GoldawSocialServices
import GoldawCases
import GoldawIndicators
import GoldawTools

/// Demo cases in Mary etraby: Maral (9), high risk, whose first contact is overdue; Batyr (15),
/// medium risk, assessed and approved, with his case plan waiting for the supervisor; Arslan (13),
/// just identified by his school as working at the bazaar, not yet assessed.
extension DemoData {
    package static func loadCases(into app: Application) async throws {
        guard let worker = try await demoActor("worker.mary", app), let worker2 = try await demoActor("worker.mary2", app),
              let supervisor = try await demoActor("supervisor.mary", app) else { return }
        let people = try await Person.query(on: app.db).filter(\.$territoryPath =~ "/TM-M/").all()
        guard let maral = people.first(where: { $0.givenName == "Maral" }), let batyr = people.first(where: { $0.givenName == "Batyr" }),
              let arslan = people.first(where: { $0.givenName == "Arslan" }) else { return }
        func service(_ actor: CurrentUser, daysAgo: Int) -> CaseService {
            CaseService(db: app.db, actor: actor, audit: AuditService(db: app.db, actor: actor, clientIP: nil, requestID: "demo"),
                        now: AppClock.now.addingTimeInterval(Double(-daysAgo) * 86400))
        }
        let today = CalendarDate.today
        func day(_ offset: Int) -> String { today.adding(days: -offset).display }

        // Maral: identified by the health visitor five days ago, high risk, nobody has seen her since.
        let maralCase = try await service(worker, daysAgo: 5).open(for: maral, .init(
            source: IdentificationSource.healthVisitor.rawValue, concerns: [ProtectionConcern.neglect.rawValue], urgent: true,
            summary: "Galdy öýde köp wagtlap ýeke galýar; iýmiti ýetmezçilik edýär.", identifiedOn: day(5)))
        try await service(worker, daysAgo: 5).initialAssessment(maralCase, date: day(5), risk: RiskLevel.high.rawValue,
                                                                summary: "Ýokary howp: kiçi çaga gözegçiliksiz galýar.")

        // Batyr: medium risk, consent recorded, assessed and approved; the plan waits for approval.
        let batyrCase = try await service(worker2, daysAgo: 20).open(for: batyr, .init(
            source: IdentificationSource.school.rawValue, concerns: [ProtectionConcern.violence.rawValue], urgent: false,
            summary: "Mekdepde urlan yzlary görüldi.", identifiedOn: day(20)))
        let b = service(worker2, daysAgo: 19)
        try await b.recordConsent(batyrCase, party: ConsentParty.childConsent.rawValue, givenBy: "Batyr Öwezow",
                                  scopes: Set(ConsentScope.allCases), givenOn: day(19), note: "")
        try await b.initialAssessment(batyrCase, date: day(19), risk: RiskLevel.medium.rawValue, summary: "Orta howp.")
        try await b.recordVisit(batyrCase, date: day(19), kind: "home_visit", childSeen: true, summary: "Ejesi we Batyr bilen gürrüňdeşlik.")
        try await service(worker2, daysAgo: 15).needsAssessment(batyrCase, .init(
            assessedOn: day(15), summary: "Maşgala goldaw gerek.", risks: "Öýde jedeller.", protectiveFactors: "Ejesi we mugallymy goldaýar.",
            childViews: "Batyr ejesi bilen ýaşamak isleýär."))
        if let approval = try await CaseApproval.query(on: app.db).filter(\.$caseRecord.$id == batyrCase.id!).first() {
            try await service(supervisor, daysAgo: 14).decide(approval, on: batyrCase, .approve, comment: "Ylalaşýaryn.",
                                                              expectedVersion: approval.version)
        }
        try await service(worker2, daysAgo: 10).submitPlan(batyrCase, goals: "Batyr öýde we mekdepde howpsuz.", actions: [
            .init(action: "Maşgala maslahatlary", responsible: "Gündizki merkez", start: day(10), due: today.adding(days: 30).display),
            .init(action: "Mekdep bilen gözegçilik", responsible: "Mekdebiň psihology", start: day(10), due: today.adding(days: 60).display),
        ])

        // Arslan: identified today, urgent, not yet assessed.
        _ = try await service(worker, daysAgo: 0).open(for: arslan, .init(
            source: IdentificationSource.school.rawValue, concerns: [ProtectionConcern.childLabour.rawValue], urgent: true,
            summary: "Mekdebe gatnamaýar; bazarda işleýär diýlip habar berildi.", identifiedOn: day(0)))
    }
}
