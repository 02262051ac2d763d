import Fluent
import Vapor
import GoldawCore

/// `goldaw user create …` and `goldaw user reset-password <username>`.
package struct UserCommand: AsyncCommand {
    package struct Signature: CommandSignature {
        package init() {}
        @Argument(name: "action", help: "create | reset-password")
        package var action: String
        @Option(name: "username", help: "login name (lower-case letters, digits, . - _)")
        package var username: String?
        @Option(name: "full-name", help: "the person's full name")
        package var fullName: String?
        @Option(name: "role", help: "one of: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        package var role: String?
        @Option(name: "scope", help: "national | region | district | organisation")
        package var scope: String?
        @Option(name: "territory", help: "territory code for a region or district scope, e.g. M-MRY")
        package var territory: String?
        @Option(name: "organisation", help: "organisation id for a service provider")
        package var organisation: String?
    }

    package var help: String { "Create an account or reset its password; prints a one-time password." }

    package func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let audit = AuditService(db: app.db, actor: nil, clientIP: nil, requestID: "command")
        switch signature.action {
        case "create":
            guard let username = signature.username, let role = signature.role else {
                context.console.error("--username and --role are required")
                throw ExitCode(1)
            }
            let draft = UserService.Draft(
                username: username, fullName: signature.fullName ?? username, role: role,
                scopeKind: signature.scope ?? (Role(rawValue: role)?.allowedScopes.first?.rawValue ?? ""),
                territoryCode: signature.territory ?? "", organisationID: signature.organisation ?? "")
            do {
                let (user, password) = try await UserService(db: app.db, settings: app.settings, audit: audit).create(draft)
                context.console.info("Created \(user.username). One-time password (must be changed at first sign-in): \(password)")
            } catch AppError.invalid(let problems) {
                for problem in problems {
                    context.console.error("\(problem.field): \(app.localizer.t(problem.key, .en))")
                }
                throw ExitCode(1)
            }
        case "reset-password":
            let name = (signature.username ?? "").lowercased()
            guard let user = try await User.query(on: app.db).filter(\.$username == name).first() else {
                context.console.error("No account named '\(name)' (use --username)")
                throw ExitCode(1)
            }
            let password = Secrets.oneTimePassword()
            try await app.db.writing { tx in
                let accounts = AccountService(db: tx, settings: app.settings, audit: audit.on(tx))
                try await accounts.setPassword(user, to: password, mustChange: true)
                try await accounts.endEverything(forUser: user.requireID())
                try await audit.on(tx).record(.passwordReset, recordType: "user", recordID: user.id?.uuidString,
                                              user: user, detail: "command line")
            }
            context.console.info("New one-time password for \(user.username) (must be changed at first sign-in): \(password)")
        default:
            context.console.error("Unknown action '\(signature.action)': use create or reset-password")
            throw ExitCode(1)
        }
    }

    package init() {}
}

package struct ExitCode: Error { package let code: Int32; package init(_ code: Int32) { self.code = code } }
