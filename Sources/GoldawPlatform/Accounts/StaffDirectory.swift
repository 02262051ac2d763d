import Fluent
import SQLKit
import Vapor
import GoldawCore

/// Who works where: the staff list a user may see, and the wording of a scope.
package struct StaffDirectory {
    package let db: any Database

    package struct Row: Encodable {
        package let id: String
        package let href: String
        package let username: String
        package let fullName: String
        package let role: String
        package let territory: String
        package let active: Bool

        package init(id: String, href: String, username: String, fullName: String, role: String, territory: String, active: Bool) {
            self.id = id
            self.href = href
            self.username = username
            self.fullName = fullName
            self.role = role
            self.territory = territory
            self.active = active
        }
    }

    /// Staff inside `scope`, filtered in SQL by territory path (or organisation), one query.
    package func members(in scope: Scope, locale: AppLocale, localizer: Localizer, limit: Int = 500) async throws -> [Row] {
        var query = User.query(on: db)
            .join(parent: \User.$territory, method: .left)
            .sort(\.$fullName)
            .limit(limit)
        switch scope.kind {
        case .national: break
        case .region, .district:
            query = query.under(Territory.self, \.$path, scope.territoryPath ?? "/none/")
        case .organisation:
            query = query.filter(\.$organisation.$id == UUID(uuidString: scope.organisationID ?? ""))
        }
        return try await query.all().map { user in
            let territory = try? user.joined(Territory.self)
            return Row(id: user.id?.uuidString ?? "", href: AppRoute.staff(user.id ?? AppClock.newID()).path,
                       username: user.username, fullName: user.fullName,
                       role: localizer.t("role.\(user.roleRaw)", locale),
                       territory: territory.map { $0.name(locale) } ?? localizer.t("scope.national", locale),
                       active: user.isActive)
        }
    }

    /// "Mary etraby", "Lebap welaýaty", "National" or the organisation's name.
    package func scopeLabel(of user: User, locale: AppLocale, localizer: Localizer) async throws -> String {
        switch user.scopeKind {
        case .national:
            return localizer.t("scope.national", locale)
        case .region, .district:
            guard let id = user.$territory.id, let territory = try await Territory.find(id, on: db) else { return "—" }
            return territory.name(locale)
        case .organisation:
            guard let id = user.$organisation.id, let organisation = try await Organisation.find(id, on: db) else { return "—" }
            return organisation.name
        }
    }

    /// The territory path and organisation a staff record lives in, for scope checks.
    package func placement(of user: User) async throws -> (path: String?, organisation: String?) {
        let path: String?
        if let id = user.$territory.id { path = try await Territory.find(id, on: db)?.path } else { path = nil }
        return (path, user.$organisation.id?.uuidString)
    }

    package init(db: any Database) {
        self.db = db
    }
}

package enum StaffController {
    package static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.staffList), use: list)
        routes.get(AppRoute.Pattern.staff, use: show)
    }

    package struct ListContent: Encodable { package let rows: [StaffDirectory.Row] 
 package init(rows: [StaffDirectory.Row]) { self.rows = rows } }

    @Sendable package static func list(req: Request) async throws -> Response {
        let me = try await req.require(.viewStaff)
        let rows = try await StaffDirectory(db: req.db).members(in: me.scope, locale: req.locale, localizer: req.localizer)
        return try await req.page("staff/list", titleKey: "staff.title", ListContent(rows: rows))
    }

    package struct ShowContent: Encodable {
        package let fullName: String
        package let username: String
        package let role: String
        package let scope: String
        package let active: Bool
        package let lastLogin: String
        package let adminHref: String?

        package init(fullName: String, username: String, role: String, scope: String, active: Bool, lastLogin: String, adminHref: String?) {
            self.fullName = fullName
            self.username = username
            self.role = role
            self.scope = scope
            self.active = active
            self.lastLogin = lastLogin
            self.adminHref = adminHref
        }
    }

    @Sendable package static func show(req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
        try await req.require(.viewStaff)
        guard let user = try await User.find(id, on: req.db) else { throw AppError.notFound }
        let directory = StaffDirectory(db: req.db)
        let placement = try await directory.placement(of: user)
        let me = try await req.require(.viewStaff, territoryPath: placement.path, organisationID: placement.organisation)
        try await req.audit.record(.staffViewed, recordType: "user", recordID: id.uuidString)
        return try await req.page("staff/show", titleKey: "staff.title", title: user.fullName, ShowContent(
            fullName: user.fullName, username: user.username, role: req.t("role.\(user.roleRaw)"),
            scope: try await directory.scopeLabel(of: user, locale: req.locale, localizer: req.localizer),
            active: user.isActive, lastLogin: user.lastLoginAt.map(DisplayFormat.dateTime) ?? "—",
            adminHref: AccessPolicy.allows(me.role, .manageUsers) ? AppRoute.user(id).path : nil))
    }
}
