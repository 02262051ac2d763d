import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawBenefits
import GoldawGrievances
import GoldawSocialServices
import GoldawCases
import GoldawCare
import GoldawIndicators
import GoldawTools

/// A small, hand-made dataset for `serve --demo`: two etraps (Mary etraby in Mary welaýat and
/// Çärjew etraby in Lebap) and one account per role, all with the password `goldaw-demo`.
/// Demo accounts exist only when this runs; it does nothing if any account already exists.
package enum DemoData {
    package static let password = "goldaw-demo"

    /// The demo's dates are written as they read on 2026-11-16 and moved by as many days as today
    /// is later, so that on any day the children are as old, and the certificates as current, as
    /// the demo describes.
    package static func dated(_ iso: String) -> String {
        guard let date = CalendarDate(iso: iso), let written = CalendarDate(iso: "2026-11-16") else { return iso }
        return date.adding(days: CalendarDate.today.dayNumber - written.dayNumber).iso
    }

    package struct Account {
        package let username: String
        package let fullName: String
        package let role: Role
        package let scope: ScopeKind
        package let territory: String
    }

    package static let maryEtrap = "M-MRY"
    package static let lebapEtrap = "L-CAR"
    package static let organisationName = "Mary etrabynyň maýyplygy bolan çagalar üçin gündizki merkezi"

    package static let accounts: [Account] = [
        Account(username: "admin", fullName: "Merdan Annaýew", role: .administrator, scope: .national, territory: ""),
        Account(username: "analyst", fullName: "Jeren Orazowa", role: .nationalAnalyst, scope: .national, territory: ""),
        Account(username: "supervisor.mary", fullName: "Aýna Berdiýewa", role: .supervisor, scope: .district, territory: maryEtrap),
        Account(username: "worker.mary", fullName: "Maýsa Gurbanowa", role: .socialWorker, scope: .district, territory: maryEtrap),
        Account(username: "worker.mary2", fullName: "Serdar Nurmuhammedow", role: .socialWorker, scope: .district, territory: maryEtrap),
        Account(username: "officer.mary", fullName: "Bägül Hojageldiýewa", role: .benefitsOfficer, scope: .district, territory: maryEtrap),
        Account(username: "approver.mary", fullName: "Döwlet Saparow", role: .benefitsApprover, scope: .district, territory: maryEtrap),
        Account(username: "supervisor.lebap", fullName: "Ogulgerek Rejepowa", role: .supervisor, scope: .region, territory: "TM-L"),
        Account(username: "worker.lebap", fullName: "Batyr Amanow", role: .socialWorker, scope: .district, territory: lebapEtrap),
        Account(username: "commission.lebap", fullName: "Gülşat Çaryýewa", role: .commissionMember, scope: .district, territory: lebapEtrap),
        Account(username: "commission.lebap2", fullName: "Aýna Myradowa", role: .commissionMember, scope: .district, territory: lebapEtrap),
        Account(username: "commission.lebap3", fullName: "Serdar Hojamow", role: .commissionMember, scope: .district, territory: lebapEtrap),
        Account(username: "justice.lebap", fullName: "Rustam Ataýew", role: .justiceOfficer, scope: .district, territory: lebapEtrap),
        Account(username: "monitor", fullName: "Ogulbibi Durdyýewa", role: .independentMonitor, scope: .national, territory: ""),
    ]

    package static func load(into app: Application) async throws {
        guard try await User.query(on: app.db).count() == 0 else {
            app.logger.notice("Demo: accounts already exist, the demo data is not loaded again")
            return
        }
        let service = UserService(db: app.db, settings: app.settings,
                                  audit: AuditService(db: app.db, actor: nil, clientIP: nil, requestID: "demo"))
        for account in accounts {
            _ = try await service.create(
                .init(username: account.username, fullName: account.fullName, role: account.role.rawValue,
                      scopeKind: account.scope.rawValue, territoryCode: account.territory, organisationID: ""),
                password: password, mustChange: false)
        }
        guard let etrap = try await Territory.query(on: app.db).filter(\.$code == maryEtrap).first() else { return }
        let organisation = Organisation(name: organisationName, territoryID: try etrap.requireID())
        try await organisation.create(on: app.db)
        _ = try await service.create(
            .init(username: "provider.mary", fullName: "Läle Myradowa", role: Role.serviceProvider.rawValue,
                  scopeKind: ScopeKind.organisation.rawValue, territoryCode: "",
                  organisationID: try organisation.requireID().uuidString),
            password: password, mustChange: false)
        try await loadRegistry(into: app)
        try await loadBenefits(into: app)
        try await loadGrievances(into: app)
        try await loadServices(into: app)
        try await loadCases(into: app)
        try await loadCare(into: app)
        try await loadJustice(into: app)
        app.logger.notice("Demo data loaded: \(accounts.count + 1) accounts (password \(password)), \(people.count + 1) people in 3 households")
    }
}
