import Vapor
import GoldawCore

/// Loads the browser session behind the cookie (pages only; the API uses bearer tokens).
package struct SessionMiddleware: AsyncMiddleware {
    package static let cookieName = "goldaw_session"

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let token = request.cookies[Self.cookieName]?.string, !token.isEmpty {
            switch try await request.accounts.resumeSession(token: token) {
            case .active(let user):
                request.auth.login(user)
                request.locale = user.locale
            case .expired:
                request.storage[SessionExpiredKey.self] = true
                try await request.audit.record(.sessionExpired, outcome: .failure)
            case .none:
                break
            }
        }
        let response = try await next.respond(to: request)
        if request.storage[SessionExpiredKey.self] == true {
            response.cookies[Self.cookieName] = .expired
        }
        return response
    }

    package init() {}
}

/// Picks the page language from the cookie, else Turkmen; runs for every request, so error
/// pages of unknown paths are translated too. `SessionMiddleware` then applies the signed-in
/// user's own choice. Also reads and clears the one-shot flash message.
package struct LocaleMiddleware: AsyncMiddleware {
    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let code = request.cookies["goldaw_locale"]?.string, let locale = AppLocale(rawValue: code) {
            request.locale = locale
        }
        var hadFlash = false
        if let value = request.cookies["goldaw_flash"]?.string, let colon = value.firstIndex(of: ":") {
            let kind = String(value[..<colon])
            request.storage[FlashKey.self] = (kind: ["notice", "warning", "alert"].contains(kind) ? kind : "notice",
                                              key: String(value[value.index(after: colon)...]))
            hadFlash = true
        }
        let response = try await next.respond(to: request)
        if hadFlash && request.method == .GET && response.cookies["goldaw_flash"] == nil {
            response.cookies["goldaw_flash"] = .expired
        }
        return response
    }

    package init() {}
}

/// Every state-changing form carries a token that only this site's pages know. Signed-in users
/// use their session's token; before sign-in a random cookie is echoed in the form
/// (double submit), which a cross-site page can neither read nor set.
package struct CSRFMiddleware: AsyncMiddleware {
    package static let cookieName = "goldaw_csrf"
    package static let fieldName = "_csrf"

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        var issued: String?
        if request.currentUser == nil {
            if let existing = request.cookies[Self.cookieName]?.string, existing.count >= 32 {
                request.storage[PreLoginCSRFKey.self] = existing
            } else {
                issued = Secrets.randomToken()
                request.storage[PreLoginCSRFKey.self] = issued
            }
        }
        if ![.GET, .HEAD, .OPTIONS].contains(request.method) {
            // A form whose session ran out is a sign-in problem, not a forged request.
            if request.storage[SessionExpiredKey.self] == true { throw AppError.sessionExpired }
            // The token is in the body: collect all of it first. A long case note or a CSV upload
            // arrives in several chunks, and reading only the first lost the token and the text.
            if request.body.data == nil {
                let limit = request.route?.bodyLimit ?? request.application.routes.defaultMaxBodySize.value
                _ = try await request.body.collect(max: limit).get()
            }
            let sent = (try? request.content.get(String.self, at: Self.fieldName)) ?? ""
            let expected = request.csrfToken
            guard issued == nil, !sent.isEmpty, Secrets.constantTimeEquals(sent, expected) else {
                throw AppError.csrf
            }
        }
        let response = try await next.respond(to: request)
        if let issued {
            response.cookies[Self.cookieName] = HTTPCookies.Value(
                string: issued, path: "/", isSecure: request.application.settings.secureCookies,
                isHTTPOnly: true, sameSite: .strict)
        }
        return response
    }

    package init() {}
}

/// Headers that keep pages from being framed, sniffed, leaked through referrers or cached.
package struct SecurityHeadersMiddleware: AsyncMiddleware {
    package static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
        "font-src 'self'", "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'",
        "base-uri 'none'", "object-src 'none'",
    ].joined(separator: "; ")

    /// Error pages get the same headers from `AppErrorMiddleware`, which sits outside this one.
    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        Self.apply(to: response, request: request)
        return response
    }

    package static func apply(to response: Response, request: Request) {
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: contentSecurityPolicy)
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()")
        response.headers.replaceOrAdd(name: "X-Request-ID", value: request.id)
        if request.application.settings.secureCookies {
            // Secure cookies mean the site is served over HTTPS: browsers must not fall back to HTTP.
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains")
        }
        if !StaticFiles.isStatic(request.url.path) {
            // Pages and API answers may hold personal data: never kept by browsers or proxies.
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
    }

    package init() {}
}

/// Serves `Public/` for GET and HEAD only. Any other method, and any path holding an encoded
/// NUL (which the file system would cut short, serving `favicon.svg` for `favicon.svg%00.html`
/// with the type of `.html`), goes on to the router, which answers 404 or 405.
package struct StaticFileMiddleware: AsyncMiddleware {
    let files: FileMiddleware

    package init(publicDirectory: String) {
        files = FileMiddleware(publicDirectory: publicDirectory)
    }

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        guard request.method == .GET || request.method == .HEAD,
              !path.lowercased().contains("%00"), !path.contains("\u{0}") else {
            return try await next.respond(to: request)
        }
        return try await files.respond(to: request, chainingTo: next)
    }
}

package enum StaticFiles {
    package static let prefixes = ["/css/", "/js/", "/favicon.svg", "/robots.txt"]
    package static func isStatic(_ path: String) -> Bool { prefixes.contains { path.hasPrefix($0) } }
}

/// Pages that need a signed-in user; a user with a one-time password may only change it.
package struct RequireSignInMiddleware: AsyncMiddleware {
    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let user = request.currentUser else {
            throw request.storage[SessionExpiredKey.self] == true ? AppError.sessionExpired : AppError.unauthenticated
        }
        let allowed = [AppRoute.accountPassword.path, AppRoute.logout.path, AppRoute.account.path]
        if user.mustChangePassword && !allowed.contains(request.url.path) && !request.url.path.hasPrefix("/locale/") {
            return request.redirect(to: .accountPassword, flash: "account.must_change", kind: "warning")
        }
        return try await next.respond(to: request)
    }

    package init() {}
}

/// API requests authenticate with `Authorization: Bearer <token>` only.
package struct BearerMiddleware: AsyncMiddleware {
    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let bearer = request.headers.bearerAuthorization,
              let (user, tokenID) = try await request.accounts.resumeToken(bearer.token) else {
            throw AppError.unauthenticated
        }
        // Belt and braces: a one-time password never gets a token, and a reset revokes tokens.
        guard !user.mustChangePassword else { throw AppError.forbiddenBecause("api.error.must_change_password") }
        request.auth.login(user)
        request.storage[APITokenIDKey.self] = tokenID
        request.locale = user.locale
        return try await next.respond(to: request)
    }
}

package struct APITokenIDKey: StorageKey { package typealias Value = UUID }

extension Route {
    /// The body size a route accepts when it is larger than the default (an upload), so that the
    /// CSRF check collects the same body the handler will read.
    package var bodyLimit: Int? {
        get { userInfo["goldaw.bodyLimit"] as? Int }
        set { userInfo["goldaw.bodyLimit"] = newValue }
    }
}

extension RoutesBuilder {
    /// A POST that takes a body larger than the default, e.g. a CSV upload.
    @discardableResult
    package func post(_ path: [PathComponent], bodyLimit: ByteCount,
              use closure: @escaping @Sendable (Request) async throws -> Response) -> Route {
        let route = on(.POST, path, body: .collect(maxSize: bodyLimit), use: closure)
        route.bodyLimit = bodyLimit.value
        return route
    }
}

/// TRACE echoes a request back (cookies included, to a script that can read it) and CONNECT
/// opens a tunnel; Goldaw serves neither, on any path, and says so with 405 rather than 404.
package struct MethodGuardMiddleware: AsyncMiddleware {
    static let refused: Set<String> = ["TRACE", "TRACK", "CONNECT"]

    package init() {}

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard !Self.refused.contains(request.method.rawValue.uppercased()) else {
            throw Abort(.methodNotAllowed, headers: ["Allow": "GET, HEAD, POST, PUT, PATCH, DELETE"])
        }
        return try await next.respond(to: request)
    }
}
