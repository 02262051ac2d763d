import Fluent
import Vapor
import GoldawCore

/// The home page: counts that matter to the signed-in role, all from live data.
package enum HomeController {
    package static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.home), use: show)
    }

    package typealias Card = HomeCard

    package struct Content: Encodable {
        package let greeting: String
        package let scope: String
        package let cards: [Card]
        /// Each domain's panel for this user (e.g. `cases`: a worker's deadlines), by domain key.
        package let panels: [String: PagePart]

        package init(greeting: String, scope: String, cards: [Card], panels: [String: PagePart]) {
            self.greeting = greeting
            self.scope = scope
            self.cards = cards
            self.panels = panels
        }
    }

    @Sendable package static func show(req: Request) async throws -> Response {
        let me = try await req.require(.viewHome)
        let cards = try await HomeCounts(db: req.db).cards(for: me, req: req)
        let scopeLabel: String
        if let user = try await User.find(me.id, on: req.db) {
            scopeLabel = try await StaffDirectory(db: req.db).scopeLabel(of: user, locale: req.locale, localizer: req.localizer)
        } else {
            scopeLabel = ""
        }
        return try await req.page("home/home", titleKey: "home.title", Content(
            greeting: req.t("home.greeting", ["name": me.fullName]), scope: scopeLabel, cards: cards,
            panels: try await Domains.homePanels(for: me, req: req)))
    }
}

package struct HomeCounts {
    package let db: any Database

    package func cards(for me: CurrentUser, req: Request) async throws -> [HomeController.Card] {
        let today = CalendarDate.today.iso
        var cards: [HomeController.Card] = []
        let territoriesInScope = try await territoryCount(scope: me.scope, on: today)
        cards.append(.init(label: req.t("home.card.territories"), count: territoriesInScope, href: AppRoute.territories.path))
        if AccessPolicy.allows(me.role, .viewStaff) {
            let staff = try await staffCount(scope: me.scope)
            cards.append(.init(label: req.t("home.card.staff"), count: staff, href: AppRoute.staffList.path))
        }
        if me.role == .nationalAnalyst {
            // Analysts see aggregates only: staff per role nationally, never a name.
            let byRole = try await User.query(on: db).filter(\.$isActive == true).all(\.$roleRaw)
            for role in Role.allCases where role != .administrator {
                cards.append(.init(label: req.t("role.\(role.rawValue)"), count: byRole.filter { $0 == role.rawValue }.count, href: nil))
            }
        }
        if AccessPolicy.allows(me.role, .manageUsers) {
            let now = AppClock.now
            cards.append(.init(label: req.t("home.card.active_users"),
                               count: try await User.query(on: db).filter(\.$isActive == true).count(), href: AppRoute.users.path))
            cards.append(.init(label: req.t("home.card.locked_users"),
                               count: try await User.query(on: db).filter(\.$lockedUntil > now).count(), href: AppRoute.users.path))
        }
        if AccessPolicy.allows(me.role, .viewAudit) {
            let dayAgo = AppClock.now.addingTimeInterval(-86400)
            cards.append(.init(label: req.t("home.card.failed_logins"),
                               count: try await AuditEvent.query(on: db).filter(\.$action == AuditAction.loginFailed.rawValue)
                                .filter(\.$occurredAt > dayAgo).count(), href: AppRoute.audit.path))
            cards.append(.init(label: req.t("home.card.audit_today"),
                               count: try await AuditEvent.query(on: db).filter(\.$occurredAt > dayAgo).count(),
                               href: AppRoute.audit.path))
        }
        // Then what each domain has waiting for this user.
        for domain in Domains.all { cards += try await domain.homeCards(for: me, req: req) }
        let monthAgo = AppClock.now.addingTimeInterval(-30 * 86400)
        cards.append(.init(label: req.t("home.card.my_logins"),
                           count: try await AuditEvent.query(on: db).filter(\.$userID == me.id)
                            .filter(\.$action == AuditAction.login.rawValue).filter(\.$occurredAt > monthAgo).count(),
                           href: nil))
        return cards
    }

    package func territoryCount(scope: Scope, on date: String) async throws -> Int {
        var query = Territory.query(on: db).filter(\.$validFrom <= date)
            .group(.or) { $0.filter(\.$validTo == nil).filter(\.$validTo >= date) }
        if scope.kind == .region || scope.kind == .district, let path = scope.territoryPath {
            query = query.under(\.$path, path)
        }
        return try await query.count()
    }

    package func staffCount(scope: Scope) async throws -> Int {
        var query = User.query(on: db).filter(\.$isActive == true)
        switch scope.kind {
        case .national: break
        case .region, .district:
            query = query.join(parent: \User.$territory)
                .under(Territory.self, \.$path, scope.territoryPath ?? "/none/")
        case .organisation:
            query = query.filter(\.$organisation.$id == UUID(uuidString: scope.organisationID ?? ""))
        }
        return try await query.count()
    }

    package init(db: any Database) {
        self.db = db
    }
}
