import Fluent
import Vapor
import GoldawCore

/// Administrators manage accounts: list, create, change role and scope, disable, reset a password.
/// Nobody can change their own role, scope or status here: raising one's own rights is impossible.
package enum UserAdminController {
    package static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.users), use: list)
        routes.get(AppRoute.components(.userNew), use: newForm)
        routes.post(AppRoute.components(.userNew), use: create)
        routes.get(AppRoute.Pattern.user, use: edit)
        routes.post(AppRoute.Pattern.user, use: update)
        routes.post(AppRoute.Pattern.user + ["password"], use: resetPassword)
        routes.post(AppRoute.Pattern.user + ["status"], use: toggleStatus)
    }

    package struct Row: Encodable {
        package let username: String
        package let fullName: String
        package let role: String
        package let scope: String
        package let active: Bool
        package let locked: Bool
        package let href: String

        package init(username: String, fullName: String, role: String, scope: String, active: Bool, locked: Bool, href: String) {
            self.username = username
            self.fullName = fullName
            self.role = role
            self.scope = scope
            self.active = active
            self.locked = locked
            self.href = href
        }
    }

    package struct ListContent: Encodable {
        package let rows: [Row]
        package let q: String
        package let roles: [TerritoryController.Option]
        package let newHref: String
        package let action: String
        package let pager: PageLinks
        package let pages: Int

        package init(rows: [Row], q: String, roles: [TerritoryController.Option], newHref: String, action: String, pager: PageLinks, pages: Int) {
            self.rows = rows
            self.q = q
            self.roles = roles
            self.newHref = newHref
            self.action = action
            self.pager = pager
            self.pages = pages
        }
    }

    package static let pageSize = 50

    @Sendable package static func list(req: Request) async throws -> Response {
        try await req.require(.manageUsers)
        let q = ((try? req.query.get(String.self, at: "q")) ?? "").trimmingCharacters(in: .whitespaces)
        let role = (try? req.query.get(String.self, at: "role")) ?? ""
        var query = User.query(on: req.db).join(parent: \User.$territory, method: .left)
        if !q.isEmpty {
            let pattern = "%" + q.lowercased().replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
            query = query.group(.or) {
                $0.filter(\.$username, .custom("LIKE"), pattern).filter(\.$fullName, .custom("LIKE"), pattern)
            }
        }
        if Role(rawValue: role) != nil { query = query.filter(\.$roleRaw == role) }
        let total = try await query.count()
        let users = try await query.sort(\.$username).readPage(req.pageNumber, perPage: pageSize)
        let now = AppClock.now
        let rows = users.rows.map { user in
            let territory = try? user.joined(Territory.self)
            return Row(username: user.username, fullName: user.fullName, role: req.t("role.\(user.roleRaw)"),
                       scope: user.scopeKind == .national ? req.t("scope.national")
                           : user.scopeKind == .organisation ? req.t("scope.organisation") + (territory.map { " · " + $0.name(req.locale) } ?? "")
                           : territory?.name(req.locale) ?? "—",
                       active: user.isActive, locked: (user.lockedUntil ?? .distantPast) > now,
                       href: AppRoute.user(user.id!).path)
        }
        let pages = max(1, (total + pageSize - 1) / pageSize)
        let roles = Role.allCases.map { TerritoryController.Option(value: $0.rawValue, label: req.t("role.\($0.rawValue)"), selected: $0.rawValue == role) }
        return try await req.page("admin/users", titleKey: "users.title", ListContent(
            rows: rows, q: q, roles: roles, newHref: AppRoute.userNew.path, action: AppRoute.users.path,
            pager: users.links(AppRoute.users.path, filters: ["q": q, "role": role]), pages: pages))
    }

    package struct FormContent: Encodable {
        package let action: String
        package let isNew: Bool
        package let isSelf: Bool
        package let form: [String: String]
        package let errors: [String: String]
        package let roles: [TerritoryController.Option]
        package let scopes: [TerritoryController.Option]
        package let territories: [TerritoryController.Option]
        package let organisations: [TerritoryController.Option]
        package let passwordAction: String?
        package let statusAction: String?
        package let active: Bool
        package let createdPassword: String?
        package let cancelHref: String

        package init(action: String, isNew: Bool, isSelf: Bool, form: [String: String], errors: [String: String], roles: [TerritoryController.Option], scopes: [TerritoryController.Option], territories: [TerritoryController.Option], organisations: [TerritoryController.Option], passwordAction: String?, statusAction: String?, active: Bool, createdPassword: String?, cancelHref: String) {
            self.action = action
            self.isNew = isNew
            self.isSelf = isSelf
            self.form = form
            self.errors = errors
            self.roles = roles
            self.scopes = scopes
            self.territories = territories
            self.organisations = organisations
            self.passwordAction = passwordAction
            self.statusAction = statusAction
            self.active = active
            self.createdPassword = createdPassword
            self.cancelHref = cancelHref
        }
    }

    package struct UserForm: Content {
        package var username: String?
        package var fullName: String?
        package var role: String?
        package var scopeKind: String?
        package var territoryCode: String?
        package var organisationID: String?
        /// Text, because a new record's form sends it empty; read with `expectedVersion`.
        package var version: String?

        package var expectedVersion: Int { version.flatMap { Int($0) } ?? -1 }

        package init(username: String? = nil, fullName: String? = nil, role: String? = nil, scopeKind: String? = nil, territoryCode: String? = nil, organisationID: String? = nil, version: String? = nil) {
            self.username = username
            self.fullName = fullName
            self.role = role
            self.scopeKind = scopeKind
            self.territoryCode = territoryCode
            self.organisationID = organisationID
            self.version = version
        }
    }

    package static func renderForm(_ req: Request, user: User?, form: [String: String], errors: [String: String],
                           status: HTTPResponseStatus, createdPassword: String? = nil) async throws -> Response {
        let units = try await TerritoryService(db: req.db).valid(on: CalendarDate.today.iso)
        let organisations = try await Organisation.query(on: req.db).sort(\.$name).all()
        let me = req.currentUser
        let roles = Role.allCases.map { TerritoryController.Option(value: $0.rawValue, label: req.t("role.\($0.rawValue)"), selected: form["role"] == $0.rawValue) }
        let scopes = ScopeKind.allCases.map { TerritoryController.Option(value: $0.rawValue, label: req.t("scope.\($0.rawValue)"), selected: form["scopeKind"] == $0.rawValue) }
        let territories = units.map { unit in
            TerritoryController.Option(value: unit.code, label: String(repeating: "— ", count: max(0, unit.path.split(separator: "/").count - 1)) + unit.name(req.locale),
                                       selected: form["territoryCode"] == unit.code)
        }
        let orgs = organisations.map { TerritoryController.Option(value: $0.id!.uuidString, label: $0.name, selected: form["organisationID"] == $0.id!.uuidString) }
        let title = user.map { $0.fullName }
        return try await req.page("admin/user-form", titleKey: user == nil ? "users.new.title" : "users.edit.title", title: title, status: status, FormContent(
            action: user.map { AppRoute.user($0.id!).path } ?? AppRoute.userNew.path, isNew: user == nil,
            isSelf: user?.id == me?.id, form: form, errors: errors, roles: roles, scopes: scopes, territories: territories,
            organisations: orgs, passwordAction: user.map { AppRoute.userPassword($0.id!).path },
            statusAction: user.map { AppRoute.userStatus($0.id!).path }, active: user?.isActive ?? true,
            createdPassword: createdPassword, cancelHref: AppRoute.users.path))
    }

    @Sendable package static func newForm(req: Request) async throws -> Response {
        try await req.require(.manageUsers)
        return try await renderForm(req, user: nil, form: [:], errors: [:], status: .ok)
    }

    package static func draft(_ form: UserForm) -> UserService.Draft {
        .init(username: form.username ?? "", fullName: form.fullName ?? "", role: form.role ?? "",
              scopeKind: form.scopeKind ?? "", territoryCode: form.territoryCode ?? "", organisationID: form.organisationID ?? "")
    }

    package static func kept(_ form: UserForm) -> [String: String] {
        ["username": form.username ?? "", "fullName": form.fullName ?? "", "role": form.role ?? "",
         "scopeKind": form.scopeKind ?? "", "territoryCode": form.territoryCode ?? "",
         "organisationID": form.organisationID ?? "", "version": form.version ?? ""]
    }

    @Sendable package static func create(req: Request) async throws -> Response {
        try await req.require(.manageUsers)
        let form = try req.content.decode(UserForm.self)
        return try await req.submitForm(kept: kept(form), render: { try await renderForm(req, user: nil, form: $0, errors: $1, status: $2) }) {
            let (user, password) = try await req.users.create(draft(form))
            // The one-time password is shown once, on this answer only; it is never stored in clear.
            return .response(try await renderForm(req, user: user, form: values(of: user), errors: [:], status: .created, createdPassword: password))
        }
    }

    package static func values(of user: User) -> [String: String] {
        ["username": user.username, "fullName": user.fullName, "role": user.roleRaw, "scopeKind": user.scopeKindRaw,
         "territoryCode": user.$territory.value??.code ?? "", "organisationID": user.$organisation.id?.uuidString ?? "",
         "version": String(user.version)]
    }

    package static func load(_ req: Request) async throws -> User {
        guard let id = req.parameters.get("id", as: UUID.self),
              let user = try await User.query(on: req.db).filter(\.$id == id).with(\.$territory).first() else {
            throw AppError.notFound
        }
        return user
    }

    @Sendable package static func edit(req: Request) async throws -> Response {
        try await req.require(.manageUsers)
        let user = try await load(req)
        return try await renderForm(req, user: user, form: values(of: user), errors: [:], status: .ok)
    }

    @Sendable package static func update(req: Request) async throws -> Response {
        let me = try await req.require(.manageUsers)
        let user = try await load(req)
        let form = try req.content.decode(UserForm.self)
        var input = draft(form)
        if user.id == me.id {
            // One's own rights are never changed through one's own session.
            input.role = user.roleRaw
            input.scopeKind = user.scopeKindRaw
            input.territoryCode = user.$territory.value??.code ?? ""
            input.organisationID = user.$organisation.id?.uuidString ?? ""
        }
        return try await req.submitForm(kept: kept(form), render: { try await renderForm(req, user: user, form: $0, errors: $1, status: $2) },
                                        conflict: { key in
            let fresh = try await load(req)
            return try await renderForm(req, user: fresh, form: values(of: fresh), errors: ["form": req.t(key)], status: .conflict)
        }) {
            try await req.users.update(user, draft: input, expectedVersion: form.expectedVersion)
            return .to(.user(user.id!), flash: "users.saved")
        }
    }

    @Sendable package static func resetPassword(req: Request) async throws -> Response {
        let me = try await req.require(.manageUsers)
        let user = try await load(req)
        let password = try await req.users.resetPassword(user, by: me)
        return try await renderForm(req, user: user, form: values(of: user), errors: [:], status: .ok, createdPassword: password)
    }

    @Sendable package static func toggleStatus(req: Request) async throws -> Response {
        let me = try await req.require(.manageUsers)
        let user = try await load(req)
        let enabling = !user.isActive
        try await req.users.setActive(user, enabling, by: me)
        return req.redirect(to: .user(user.id!), flash: enabling ? "users.enabled" : "users.disabled")
    }
}
