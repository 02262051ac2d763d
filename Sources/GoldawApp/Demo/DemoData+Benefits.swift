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

/// Demo benefits in Mary etraby: Enejan's newborn daughter, whose registration opened the birth
/// grant and child-care applications (waiting in the officer's queue); Merjen's child-care
/// benefit, taken, approved and paid two months ago; last month's payroll computed and waiting
/// for the approver.
extension DemoData {
    /// A demo account acting as itself, for demo data written through the services.
    package static func demoActor(_ username: String, _ app: Application) async throws -> CurrentUser? {
        guard let user = try await User.query(on: app.db).filter(\.$username == username).with(\.$territory).first() else { return nil }
        return CurrentUser(id: try user.requireID(), username: user.username, fullName: user.fullName, role: user.role,
                           scope: Scope(kind: user.scopeKind, territoryPath: user.territory?.path), scopeTerritoryID: user.$territory.id,
                           locale: .default, mustChangePassword: false, sessionID: nil, csrfToken: nil)
    }

    package static func loadBenefits(into app: Application) async throws {
        guard let officer = try await demoActor("officer.mary", app), let approver = try await demoActor("approver.mary", app) else { return }
        let audit = AuditService(db: app.db, actor: nil, clientIP: nil, requestID: "demo")
        let today = CalendarDate.today
        let people = try await Person.query(on: app.db).filter(\.$territoryPath =~ "/TM-M/").all()
        guard let enejan = people.first(where: { $0.givenName == "Enejan" }),
              let merjen = people.first(where: { $0.givenName == "Merjen" }),
              let gozel = people.first(where: { $0.givenName == "Gözel" }) else { return }

        // A newborn registered and linked to her mother: both applications open themselves.
        var draft = PersonDraft()
        draft.surname = "Öwezowa"
        draft.givenName = "Aýgül"
        draft.sex = Sex.female.rawValue
        draft.birthDate = today.adding(days: -50).iso
        draft.territoryCode = maryEtrap
        draft.locality = "Mary"
        let registry = RegistryService(db: app.db, actor: officer, audit: audit)
        if case .created(let baby) = try await registry.create(draft, confirmedNew: true) {
            _ = try await PersonRecordsService(db: app.db, actor: officer, audit: audit)
                .addLink(child: baby, adult: enejan, kind: "mother", parentState: "alive", decisionNumber: "", decisionDate: "", from: "")
        }

        // Merjen's child care: the application her registration opened, taken and approved.
        let applications = ApplicationService(db: app.db, actor: officer, audit: audit)
        if let care = try await BenefitApplication.query(on: app.db).filter(\.$beneficiary.$id == merjen.requireID())
            .filter(\.$programme == Programme.childCare.rawValue).with(\.$beneficiary).with(\.$applicant).first() {
            let intake = ApplicationService.Intake(
                programme: care.programme, documents: Set(Programme.childCare.documents.map(\.rawValue)), channel: PaymentChannel.bank.rawValue,
                account: "TM21000000318842001", requestedFrom: care.requestedFrom, recordIneligible: false)
            _ = try await applications.take(intake, beneficiary: merjen, applicant: gozel, existing: care, expectedVersion: care.version)
            let taken = try await BenefitApplication.find(care.id, on: app.db)!
            _ = try await ApplicationService(db: app.db, actor: approver, audit: audit)
                .decide(taken, approve: true, reason: "", effectiveFrom: "", expectedVersion: taken.version)
        }

        // Two months ago: paid and reconciled. Last month: computed, waiting for the approver.
        let payrollAsOfficer = PayrollService(db: app.db, actor: officer, audit: audit)
        let payrollAsApprover = PayrollService(db: app.db, actor: approver, audit: audit)
        let thisMonth = BenefitMonth(containing: today)
        let paid = try await payrollAsOfficer.create(programme: Programme.childCare.rawValue, territoryCode: maryEtrap,
                                                     month: thisMonth.adding(months: -2).iso)
        try await payrollAsOfficer.compute(paid, expectedVersion: paid.version)
        var cycle = try await PayrollCycle.find(paid.id, on: app.db)!
        try await payrollAsApprover.approve(cycle, expectedVersion: cycle.version)
        cycle = try await PayrollCycle.find(paid.id, on: app.db)!
        try await payrollAsOfficer.markPaid(cycle, expectedVersion: cycle.version)
        cycle = try await PayrollCycle.find(paid.id, on: app.db)!
        let lines = try await PayrollLine.query(on: app.db).filter(\.$cycle.$id == paid.requireID()).all()
        let results = "line,result\n" + lines.map { "\($0.id!),paid" }.joined(separator: "\n")
        _ = try await payrollAsOfficer.reconcile(cycle, csv: results)
        let waiting = try await payrollAsOfficer.create(programme: Programme.childCare.rawValue, territoryCode: maryEtrap,
                                                        month: thisMonth.adding(months: -1).iso)
        try await payrollAsOfficer.compute(waiting, expectedVersion: waiting.version)
    }
}
