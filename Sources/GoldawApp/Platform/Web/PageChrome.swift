import Vapor
import GoldawCore

/// What every page's layout needs: language, navigation, the user menu, the CSRF token and
/// a flash message. Built here so templates stay free of logic and of literal paths.
struct PageChrome: Encodable {
    struct Link: Encodable {
        let label: String
        let href: String
        let current: Bool
    }

    struct LanguageLink: Encodable {
        let code: String
        let label: String
        let href: String
        let current: Bool
    }

    struct UserMenu: Encodable {
        let username: String
        let fullName: String
        let roleLabel: String
        let accountHref: String
        let logoutAction: String
    }

    struct Flash: Encodable {
        let kind: String
        let message: String
    }

    let lang: String
    let title: String
    let csrf: String
    let homeHref: String
    let nav: [Link]
    let languages: [LanguageLink]
    let user: UserMenu?
    let flash: Flash?
}

struct Page<Content: Encodable>: Encodable {
    let chrome: PageChrome
    let content: Content
}

/// An empty content for pages that only need the chrome.
struct NoContent: Encodable {}

extension Request {
    var locale: AppLocale {
        get { storage[LocaleKey.self] ?? .default }
        set { storage[LocaleKey.self] = newValue }
    }

    var localizer: Localizer { application.localizer }

    func t(_ key: String, _ arguments: [String: String] = [:]) -> String {
        localizer.t(key, locale, arguments)
    }

    var currentUser: CurrentUser? { auth.get(CurrentUser.self) }

    /// The token a form on this page must send back: the session's for a signed-in user,
    /// otherwise the pre-login cookie's (see `CSRFMiddleware`).
    var csrfToken: String {
        currentUser?.csrfToken ?? storage[PreLoginCSRFKey.self] ?? ""
    }

    func chrome(titleKey: String, titleArguments: [String: String] = [:], title: String? = nil) -> PageChrome {
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
    func page<C: Encodable>(_ template: String, titleKey: String, titleArguments: [String: String] = [:],
                            title: String? = nil, status: HTTPResponseStatus = .ok, _ content: C) async throws -> Response {
        let view = try await self.view.render(template, Page(chrome: chrome(titleKey: titleKey, titleArguments: titleArguments, title: title), content: content))
        let response = try await view.encodeResponse(for: self)
        response.status = status
        return response
    }

    /// Post/redirect/get: after a successful change, redirect with a message for the next page.
    func redirect(to route: AppRoute, flash key: String? = nil, kind: String = "notice") -> Response {
        redirect(toPath: route.path, flash: key, kind: kind)
    }

    func redirect(toPath path: String, flash key: String? = nil, kind: String = "notice") -> Response {
        let response = redirect(to: path, redirectType: .normal)
        if let key {
            response.cookies["goldaw_flash"] = HTTPCookies.Value(
                string: "\(kind):\(key)", maxAge: 60, path: "/", isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }
}

struct LocaleKey: StorageKey { typealias Value = AppLocale }
struct PreLoginCSRFKey: StorageKey { typealias Value = String }
struct FlashKey: StorageKey { typealias Value = (kind: String, key: String) }

/// The menu, per role, derived from the access policy so a link never leads to a 403.
enum Navigation {
    struct Item {
        let route: AppRoute
        let labelKey: String
        let action: Action
    }

    static let all: [Item] = [
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
        Item(route: .services, labelKey: "nav.services", action: .viewServices),
        Item(route: .incoming, labelKey: "nav.incoming", action: .handleReferrals),
        Item(route: .referrals, labelKey: "nav.referrals", action: .viewReferrals),
        Item(route: .inventory, labelKey: "nav.inventory", action: .answerInventory),
        Item(route: .workers, labelKey: "nav.workforce", action: .viewWorkforce),
        Item(route: .workforceFigures, labelKey: "nav.workforce_figures", action: .viewWorkforceFigures),
        Item(route: .cases, labelKey: "nav.cases", action: .viewCases),
        Item(route: .caseApprovals, labelKey: "nav.case_approvals", action: .superviseCases),
        Item(route: .caseCounts, labelKey: "nav.case_counts", action: .viewCaseCounts),
        Item(route: .indicators, labelKey: "nav.indicators", action: .viewIndicators),
        Item(route: .caseSettings, labelKey: "nav.case_settings", action: .manageCaseSettings),
        Item(route: .staffList, labelKey: "nav.staff", action: .viewStaff),
        Item(route: .territories, labelKey: "nav.territories", action: .viewTerritories),
        Item(route: .users, labelKey: "nav.users", action: .manageUsers),
        Item(route: .audit, labelKey: "nav.audit", action: .viewAudit),
    ]

    static func items(for role: Role) -> [Item] {
        all.filter { AccessPolicy.allows(role, $0.action) }
    }
}

struct LocalizerKey: StorageKey { typealias Value = Localizer }

extension Application {
    var localizer: Localizer {
        get { storage[LocalizerKey.self]! }
        set { storage[LocalizerKey.self] = newValue }
    }
}
