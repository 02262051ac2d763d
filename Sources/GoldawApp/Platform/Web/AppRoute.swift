import Vapor

/// Every page path in one place: routes are registered from these and links are built from
/// them, so no template or controller holds a literal path.
enum AppRoute {
    case home
    case login
    case logout
    case locale(String)
    case account
    case accountPassword
    case territories
    case territory(String)
    case territoryChangeNew
    case staffList
    case staff(UUID)
    case users
    case userNew
    case user(UUID)
    case userPassword(UUID)
    case userStatus(UUID)
    case audit
    case auditExport

    var path: String {
        switch self {
        case .home: "/"
        case .login: "/login"
        case .logout: "/logout"
        case .locale(let code): "/locale/\(code)"
        case .account: "/account"
        case .accountPassword: "/account/password"
        case .territories: "/territories"
        case .territory(let code): "/territories/\(code)"
        case .territoryChangeNew: "/territories/changes/new"
        case .staffList: "/staff"
        case .staff(let id): "/staff/\(id.uuidString.lowercased())"
        case .users: "/admin/users"
        case .userNew: "/admin/users/new"
        case .user(let id): "/admin/users/\(id.uuidString.lowercased())"
        case .userPassword(let id): "/admin/users/\(id.uuidString.lowercased())/password"
        case .userStatus(let id): "/admin/users/\(id.uuidString.lowercased())/status"
        case .audit: "/admin/audit"
        case .auditExport: "/admin/audit/export.csv"
        }
    }

    /// Route patterns for registration, derived from the same cases.
    enum Pattern {
        static let territory: [PathComponent] = ["territories", ":code"]
        static let staff: [PathComponent] = ["staff", ":id"]
        static let user: [PathComponent] = ["admin", "users", ":id"]
        static let locale: [PathComponent] = ["locale", ":code"]
    }

    static func components(_ route: AppRoute) -> [PathComponent] {
        route.path.pathComponents
    }
}
