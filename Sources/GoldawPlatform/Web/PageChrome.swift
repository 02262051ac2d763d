import Vapor
import GoldawCore

/// What every page's layout needs: language, navigation, the user menu, the CSRF token and
/// a flash message. Built here so templates stay free of logic and of literal paths.
package struct PageChrome: Encodable {
    package struct Link: Encodable {
        package let label: String
        package let href: String
        package let current: Bool

        package init(label: String, href: String, current: Bool) {
            self.label = label
            self.href = href
            self.current = current
        }
    }

    package struct LanguageLink: Encodable {
        package let code: String
        package let label: String
        package let href: String
        package let current: Bool

        package init(code: String, label: String, href: String, current: Bool) {
            self.code = code
            self.label = label
            self.href = href
            self.current = current
        }
    }

    package struct UserMenu: Encodable {
        package let username: String
        package let fullName: String
        package let roleLabel: String
        package let accountHref: String
        package let logoutAction: String

        package init(username: String, fullName: String, roleLabel: String, accountHref: String, logoutAction: String) {
            self.username = username
            self.fullName = fullName
            self.roleLabel = roleLabel
            self.accountHref = accountHref
            self.logoutAction = logoutAction
        }
    }

    package struct Flash: Encodable {
        package let kind: String
        package let message: String

        package init(kind: String, message: String) {
            self.kind = kind
            self.message = message
        }
    }

    package let lang: String
    package let title: String
    package let csrf: String
    package let homeHref: String
    package let nav: [Link]
    package let languages: [LanguageLink]
    package let user: UserMenu?
    package let flash: Flash?

    package init(lang: String, title: String, csrf: String, homeHref: String, nav: [Link], languages: [LanguageLink], user: UserMenu?, flash: Flash?) {
        self.lang = lang
        self.title = title
        self.csrf = csrf
        self.homeHref = homeHref
        self.nav = nav
        self.languages = languages
        self.user = user
        self.flash = flash
    }
}

package struct Page<Content: Encodable>: Encodable {
    package let chrome: PageChrome
    package let content: Content

    package init(chrome: PageChrome, content: Content) {
        self.chrome = chrome
        self.content = content
    }
}

/// An empty content for pages that only need the chrome.
package struct NoContent: Encodable {}

extension Request {
    package var locale: AppLocale {
        get { storage[LocaleKey.self] ?? .default }
        set { storage[LocaleKey.self] = newValue }
    }

    package var localizer: Localizer { application.localizer }

    package func t(_ key: String, _ arguments: [String: String] = [:]) -> String {
        localizer.t(key, locale, arguments)
    }

    package var currentUser: CurrentUser? { auth.get(CurrentUser.self) }

    /// The token a form on this page must send back: the session's for a signed-in user,
    /// otherwise the pre-login cookie's (see `CSRFMiddleware`).
    package var csrfToken: String {
        currentUser?.csrfToken ?? storage[PreLoginCSRFKey.self] ?? ""
    }

    package func chrome(titleKey: String, titleArguments: [String: String] = [:], title: String? = nil) -> PageChrome {
        let here = url.path
        let user = currentUser
        let nav: [PageChrome.Link] = user.map { user in
            let items = Navigation.items(for: user.role)
            // The longest matching path is the current section ("/people/import" is Import, not People).
            let current = items.map(\.route.path)
                .filter { $0 == "/" ? here == "/" : here == $0 || here.hasPrefix($0 + "/") }
                .max { $0.count < $1.count }
            return items.map { .init(label: t($0.labelKey), href: $0.route.path, current: $0.route.path == current) }
        } ?? []
        let back = url.string
        let languages = AppLocale.allCases.map { code in
            PageChrome.LanguageLink(
                code: code.rawValue, label: localizer.t("language.\(code.rawValue)", code),
                href: AppRoute.locale(code.rawValue).path + "?back=" + (back.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"),
                current: code == locale)
        }
        let menu = user.map {
            PageChrome.UserMenu(username: $0.username, fullName: $0.fullName, roleLabel: t("role.\($0.role.rawValue)"),
                                accountHref: AppRoute.account.path, logoutAction: AppRoute.logout.path)
        }
        let flash = storage[FlashKey.self].map { PageChrome.Flash(kind: $0.kind, message: t($0.key)) }
        return PageChrome(lang: locale.rawValue, title: title ?? t(titleKey, titleArguments), csrf: csrfToken,
                          homeHref: AppRoute.home.path, nav: nav, languages: languages, user: menu, flash: flash)
    }

    /// Renders a page with the shared chrome. Every page with personal data is `no-store`
    /// (set for all dynamic responses by `SecurityHeadersMiddleware`).
    package func page<C: Encodable>(_ template: String, titleKey: String, titleArguments: [String: String] = [:],
                            title: String? = nil, status: HTTPResponseStatus = .ok, _ content: C) async throws -> Response {
        let view = try await self.view.render(template, Page(chrome: chrome(titleKey: titleKey, titleArguments: titleArguments, title: title), content: content))
        let response = try await view.encodeResponse(for: self)
        response.status = status
        return response
    }

    /// Post/redirect/get: after a successful change, redirect with a message for the next page.
    package func redirect(to route: AppRoute, flash key: String? = nil, kind: String = "notice") -> Response {
        redirect(toPath: route.path, flash: key, kind: kind)
    }

    package func redirect(toPath path: String, flash key: String? = nil, kind: String = "notice") -> Response {
        let response = redirect(to: path, redirectType: .normal)
        if let key {
            response.cookies["goldaw_flash"] = HTTPCookies.Value(
                string: "\(kind):\(key)", maxAge: 60, path: "/", isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }
}

package struct LocaleKey: StorageKey { package typealias Value = AppLocale }
package struct PreLoginCSRFKey: StorageKey { package typealias Value = String }
package struct FlashKey: StorageKey { package typealias Value = (kind: String, key: String) }

/// The menu, per role, derived from the access policy so a link never leads to a 403.
package enum Navigation {
    package struct Item {
        package let route: AppRoute
        package let labelKey: String
        package let action: Action

        package init(route: AppRoute, labelKey: String, action: Action) {
            self.route = route
            self.labelKey = labelKey
            self.action = action
        }
    }

    package static let all: [Item] = [
        Item(route: .home, labelKey: "nav.home", action: .viewHome),
        Item(route: .people, labelKey: "nav.people", action: .viewPeople),
        Item(route: .duplicates, labelKey: "nav.duplicates", action: .reviewDuplicates),
        Item(route: .importNew, labelKey: "nav.import", action: .importPeople),
        Item(route: .applications, labelKey: "nav.applications", action: .takeApplications),
        Item(route: .decisions, labelKey: "nav.decisions", action: .decideApplications),
        Item(route: .payroll, labelKey: "nav.payroll", action: .viewPayroll),
        Item(route: .payrollTotals, labelKey: "nav.benefit_totals", action: .viewBenefitTotals),
        Item(route: .programmes, labelKey: "nav.programmes", action: .viewBenefitRules),
        Item(route: .grievances, labelKey: "nav.grievances", action: .handleGrievances),
        Item(route: .childComplaints, labelKey: "nav.child_complaints", action: .handleChildComplaints),
        Item(route: .services, labelKey: "nav.services", action: .viewServices),
        Item(route: .incoming, labelKey: "nav.incoming", action: .handleReferrals),
        Item(route: .referrals, labelKey: "nav.referrals", action: .viewReferrals),
        Item(route: .inventory, labelKey: "nav.inventory", action: .answerInventory),
        Item(route: .workers, labelKey: "nav.workforce", action: .viewWorkforce),
        Item(route: .workforceFigures, labelKey: "nav.workforce_figures", action: .viewWorkforceFigures),
        Item(route: .cases, labelKey: "nav.cases", action: .viewCases),
        Item(route: .caseApprovals, labelKey: "nav.case_approvals", action: .superviseCases),
        Item(route: .caseCounts, labelKey: "nav.case_counts", action: .viewCaseCounts),
        Item(route: .care, labelKey: "nav.care", action: .viewCare),
        Item(route: .careFigures, labelKey: "nav.care_figures", action: .viewCareFigures),
        Item(route: .justice, labelKey: "nav.justice", action: .viewJustice),
        Item(route: .justiceInspections, labelKey: "nav.justice_places", action: .inspectPlaces),
        Item(route: .indicators, labelKey: "nav.indicators", action: .viewIndicators),
        Item(route: .caseSettings, labelKey: "nav.case_settings", action: .manageCaseSettings),
        Item(route: .staffList, labelKey: "nav.staff", action: .viewStaff),
        Item(route: .territories, labelKey: "nav.territories", action: .viewTerritories),
        Item(route: .users, labelKey: "nav.users", action: .manageUsers),
        Item(route: .audit, labelKey: "nav.audit", action: .viewAudit),
    ]

    package static func items(for role: Role) -> [Item] {
        all.filter { AccessPolicy.allows(role, $0.action) }
    }
}

package struct LocalizerKey: StorageKey { package typealias Value = Localizer }

extension Application {
    package var localizer: Localizer {
        get { storage[LocalizerKey.self]! }
        set { storage[LocalizerKey.self] = newValue }
    }
}
