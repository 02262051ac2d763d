import Fluent
import Vapor
import GoldawCore

/// Sign-in and sign-out, the language switch, and the user's own account and password.
package enum AccountController {
    package static func register(public routes: any RoutesBuilder, signedIn: any RoutesBuilder) {
        routes.get(AppRoute.components(.login), use: loginForm)
        routes.post(AppRoute.components(.login), use: login)
        routes.post(AppRoute.components(.logout), use: logout)
        routes.get(AppRoute.Pattern.locale, use: switchLocale)
        signedIn.get(AppRoute.components(.account), use: account)
        signedIn.get(AppRoute.components(.accountPassword), use: passwordForm)
        signedIn.post(AppRoute.components(.accountPassword), use: changePassword)
    }

    package struct LoginContent: Encodable {
        package let action: String
        package let username: String
        package let error: String?
        package let errorMessage: String?
        package let expired: Bool
        package let next: String
        /// The public complaint page, for people who came here without an account.
        package var complaintHref = AppRoute.complaintNew.path
        /// The children's complaint page, in simple words.
        package var childComplaintHref = AppRoute.childComplaintNew.path

        package init(action: String, username: String, error: String?, errorMessage: String?, expired: Bool, next: String) {
            self.action = action
            self.username = username
            self.error = error
            self.errorMessage = errorMessage
            self.expired = expired
            self.next = next
        }
    }

    package struct LoginForm: Content {
        package var username: String?
        package var password: String?
        package var next: String?

        package init(username: String? = nil, password: String? = nil, next: String? = nil) {
            self.username = username
            self.password = password
            self.next = next
        }
    }

    @Sendable package static func loginForm(req: Request) async throws -> Response {
        if req.currentUser != nil { return req.redirect(to: .home) }
        let next = (try? req.query.get(String.self, at: "next")).flatMap(localPath) ?? ""
        return try await renderLogin(req, username: "", error: nil, status: .ok, next: next,
                                     expired: (try? req.query.get(String.self, at: "expired")) == "1")
    }

    package static func renderLogin(_ req: Request, username: String, error: String?, status: HTTPResponseStatus,
                            next: String, expired: Bool = false) async throws -> Response {
        try await req.page("accounts/login", titleKey: "login.title", status: status,
                           LoginContent(action: AppRoute.login.path, username: username, error: error,
                                        errorMessage: error.map { req.t("login.error.\($0)") },
                                        expired: expired, next: next))
    }

    @Sendable package static func login(req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let username = (form.username ?? "").trimmingCharacters(in: .whitespaces)
        let next = form.next.flatMap(localPath) ?? ""
        guard !username.isEmpty, let password = form.password, !password.isEmpty else {
            return try await renderLogin(req, username: username, error: "missing", status: .unprocessableEntity, next: next)
        }
        if let wait = try await req.rateLimited(.signIn) {
            let response = try await renderLogin(req, username: username, error: "rate_limited", status: .tooManyRequests, next: next)
            response.headers.replaceOrAdd(name: "Retry-After", value: String(wait))
            return response
        }
        switch try await req.accounts.signIn(username: username, password: password, channel: "web") {
        case .invalid:
            return try await renderLogin(req, username: username, error: "invalid", status: .unauthorized, next: next)
        case .locked:
            // The same answer as a wrong password: a distinct one would tell a guesser which
            // usernames exist. The message says that an account locks after five attempts.
            return try await renderLogin(req, username: username, error: "invalid", status: .unauthorized, next: next)
        case .disabled:
            return try await renderLogin(req, username: username, error: "disabled", status: .forbidden, next: next)
        case .oneTimePasswordExpired:
            return try await renderLogin(req, username: username, error: "one_time_expired", status: .forbidden, next: next)
        case .success(let user):
            // A fresh session id at sign-in, so a planted cookie is worthless (session fixation).
            if let old = req.cookies[SessionMiddleware.cookieName]?.string,
               case .active(let previous) = try await req.accounts.resumeSession(token: old),
               let id = previous.sessionID {
                try await req.accounts.endSession(id: id)
            }
            let token = try await req.accounts.openSession(for: user, clientIP: req.clientIP)
            let target = user.mustChangePassword ? AppRoute.accountPassword.path : (next.isEmpty ? AppRoute.home.path : next)
            let response = req.redirect(to: target, redirectType: .normal)
            response.cookies[SessionMiddleware.cookieName] = HTTPCookies.Value(
                string: token, path: "/", isSecure: req.application.settings.secureCookies,
                isHTTPOnly: true, sameSite: .lax)
            response.cookies["goldaw_locale"] = HTTPCookies.Value(string: user.locale, maxAge: 365 * 86400, path: "/",
                                                                  isHTTPOnly: true, sameSite: .lax)
            return response
        }
    }

    @Sendable package static func logout(req: Request) async throws -> Response {
        if let user = req.currentUser, let session = user.sessionID {
            try await req.accounts.endSession(id: session)
            try await req.audit.record(.logout)
        }
        let response = req.redirect(to: .login)
        response.cookies[SessionMiddleware.cookieName] = .expired
        return response
    }

    /// Only paths on this site are followed after sign-in or a language switch.
    package static func localPath(_ raw: String) -> String? {
        guard raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.contains("\\"), !raw.contains("\r"), !raw.contains("\n")
        else { return nil }
        return raw
    }

    @Sendable package static func switchLocale(req: Request) async throws -> Response {
        guard let code = req.parameters.get("code"), let locale = AppLocale(rawValue: code) else {
            throw AppError.notFound
        }
        let back = (try? req.query.get(String.self, at: "back")).flatMap(localPath) ?? AppRoute.home.path
        if let user = req.currentUser {
            try await User.query(on: req.db).filter(\.$id == user.id).set(\.$locale, to: locale.rawValue).update()
            try await req.audit.record(.localeChanged, recordType: "user", recordID: user.id.uuidString, detail: locale.rawValue)
        }
        let response = req.redirect(to: back, redirectType: .normal)
        response.cookies["goldaw_locale"] = HTTPCookies.Value(string: locale.rawValue, maxAge: 365 * 86400, path: "/",
                                                              isHTTPOnly: true, sameSite: .lax)
        return response
    }

    package struct AccountContent: Encodable {
        package let username: String
        package let fullName: String
        package let role: String
        package let scope: String
        package let lastLogin: String
        package let passwordHref: String

        package init(username: String, fullName: String, role: String, scope: String, lastLogin: String, passwordHref: String) {
            self.username = username
            self.fullName = fullName
            self.role = role
            self.scope = scope
            self.lastLogin = lastLogin
            self.passwordHref = passwordHref
        }
    }

    @Sendable package static func account(req: Request) async throws -> Response {
        let me = try await req.require(.manageOwnAccount)
        guard let user = try await User.find(me.id, on: req.db) else { throw AppError.notFound }
        let scope = try await StaffDirectory(db: req.db).scopeLabel(of: user, locale: req.locale, localizer: req.localizer)
        return try await req.page("accounts/account", titleKey: "account.title", AccountContent(
            username: user.username, fullName: user.fullName, role: req.t("role.\(user.roleRaw)"), scope: scope,
            lastLogin: user.lastLoginAt.map(DisplayFormat.dateTime) ?? "—", passwordHref: AppRoute.accountPassword.path))
    }

    package struct PasswordContent: Encodable {
        package let action: String
        package let forced: Bool
        package let errors: [String: String]
        package let minLength: Int

        package init(action: String, forced: Bool, errors: [String: String], minLength: Int) {
            self.action = action
            self.forced = forced
            self.errors = errors
            self.minLength = minLength
        }
    }

    package struct PasswordForm: Content {
        package var current: String?
        package var new: String?
        package var confirm: String?

        package init(current: String? = nil, new: String? = nil, confirm: String? = nil) {
            self.current = current
            self.new = new
            self.confirm = confirm
        }
    }

    @Sendable package static func passwordForm(req: Request) async throws -> Response {
        let me = try await req.require(.manageOwnAccount)
        return try await req.page("accounts/password", titleKey: "password.title", PasswordContent(
            action: AppRoute.accountPassword.path, forced: me.mustChangePassword, errors: [:],
            minLength: PasswordRules.minimumLength))
    }

    @Sendable package static func changePassword(req: Request) async throws -> Response {
        let me = try await req.require(.manageOwnAccount)
        let form = try req.content.decode(PasswordForm.self)
        guard let user = try await User.find(me.id, on: req.db) else { throw AppError.notFound }
        var errors: [String: String] = [:]
        if !(try Bcrypt.verify(form.current ?? "", created: user.passwordHash)) {
            errors["current"] = req.t("password.current_wrong")
        }
        let new = form.new ?? ""
        if let problem = PasswordRules.problems(password: new, username: user.username).first {
            errors["new"] = req.t(problem.rawValue, ["min": String(PasswordRules.minimumLength)])
        } else if try req.accounts.wasUsedBefore(new, by: user) {
            errors["new"] = req.t("password.reused", ["count": String(AccountService.rememberedPasswords + 1)])
        }
        if new != (form.confirm ?? "") { errors["confirm"] = req.t("password.mismatch") }
        guard errors.isEmpty else {
            return try await req.page("accounts/password", titleKey: "password.title", status: .unprocessableEntity,
                                      PasswordContent(action: AppRoute.accountPassword.path, forced: me.mustChangePassword,
                                                      errors: errors, minLength: PasswordRules.minimumLength))
        }
        try await req.db.writing { tx in
            let accounts = AccountService(db: tx, settings: req.application.settings, audit: req.audit.on(tx))
            try await accounts.setPassword(user, to: new, mustChange: false)
            // Other sessions and tokens end; this browser keeps its session.
            try await UserSession.query(on: tx).filter(\.$user.$id == me.id).filter(\.$endedAt == nil)
                .filter(\.$id != me.sessionID ?? AppClock.newID()).set(\.$endedAt, to: AppClock.now).update()
            try await APIToken.query(on: tx).filter(\.$user.$id == me.id).filter(\.$revokedAt == nil)
                .set(\.$revokedAt, to: AppClock.now).update()
            try await req.audit.on(tx).record(.passwordChanged, recordType: "user", recordID: me.id.uuidString)
        }
        return req.redirect(to: .home, flash: "password.changed")
    }
}

/// Dates and times as people read them here: DD.MM.YYYY, Ashgabat time.
package enum DisplayFormat {
    package static func dateTime(_ date: Date) -> String {
        let day = CalendarDate.ashgabat(secondsSince1970: date.timeIntervalSince1970)
        let secondsOfDay = (Int(date.timeIntervalSince1970) + 5 * 3600) % 86400
        let hh = secondsOfDay / 3600, mm = (secondsOfDay % 3600) / 60
        return day.display + " " + (hh < 10 ? "0" : "") + "\(hh):" + (mm < 10 ? "0" : "") + "\(mm)"
    }

    package static func date(_ date: Date) -> String {
        CalendarDate.ashgabat(secondsSince1970: date.timeIntervalSince1970).display
    }

    package static func date(iso: String?) -> String {
        guard let iso, let date = CalendarDate(iso: iso) else { return "" }
        return date.display
    }
}
