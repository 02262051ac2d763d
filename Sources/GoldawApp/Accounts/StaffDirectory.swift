import Fluent
import SQLKit
import Vapor
import GoldawCore

/// Who works where: the staff list a user may see, and the wording of a scope.
struct StaffDirectory {
    let db: any Database

    struct Row: Encodable {
        let id: String
        let href: String
        let username: String
        let fullName: String
        let role: String
        let territory: String
        let active: Bool
    }

    /// Staff inside `scope`, filtered in SQL by territory path (or organisation), one query.
    func members(in scope: Scope, locale: AppLocale, localizer: Localizer, limit: Int = 500) async throws -> [Row] {
        var query = User.query(on: db)
            .join(parent: \User.$territory, method: .left)
            .sort(\.$fullName)
            .limit(limit)
        switch scope.kind {
        case .national: break
        case .region, .district:
            query = query.filter(Territory.self, \.$path, .custom("LIKE"), TerritoryPath.likePattern(scope.territoryPath ?? "/none/"))
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
    func scopeLabel(of user: User, locale: AppLocale, localizer: Localizer) async throws -> String {
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
    func placement(of user: User) async throws -> (path: String?, organisation: String?) {
        let path: String?
        if let id = user.$territory.id { path = try await Territory.find(id, on: db)?.path } else { path = nil }
        return (path, user.$organisation.id?.uuidString)
    }
}

enum StaffController {
    static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.staffList), use: list)
        routes.get(AppRoute.Pattern.staff, use: show)
    }

    struct ListContent: Encodable { let rows: [StaffDirectory.Row] }

    @Sendable static func list(req: Request) async throws -> Response {
        let me = try await req.require(.viewStaff)
        let rows = try await StaffDirectory(db: req.db).members(in: me.scope, locale: req.locale, localizer: req.localizer)
        return try await req.page("staff/list", titleKey: "staff.title", ListContent(rows: rows))
    }

    struct ShowContent: Encodable {
        let fullName: String
        let username: String
        let role: String
        let scope: String
        let active: Bool
        let lastLogin: String
        let adminHref: String?
    }

    @Sendable static func show(req: Request) async throws -> Response {
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
