import Vapor
import GoldawCore

/// Turns every error into an answer a person or a client can act on: a page in the user's
/// language, or an RFC 9457 problem document under `/api`. Internal details stay in the log.
package struct AppErrorMiddleware: AsyncMiddleware {
    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return await Self.render(error, for: request)
        }
    }

    /// The answer to an error, as this middleware gives it: for a middleware further in that
    /// must keep the answer (the idempotency record).
    package static func render(_ error: any Error, for request: Request) async -> Response {
        let response = await AppErrorMiddleware().answer(error, for: request)
        if response.status == .serviceUnavailable && !response.headers.contains(name: "Retry-After") {
            response.headers.replaceOrAdd(name: "Retry-After", value: "2")
        }
        // An error's own headers that a client needs: Allow with 405, Retry-After with 429.
        if let abort = error as? any AbortError {
            for name in ["Allow", "Retry-After"] {
                if let value = abort.headers.first(name: name) { response.headers.replaceOrAdd(name: name, value: value) }
            }
        }
        SecurityHeadersMiddleware.apply(to: response, request: request)
        return response
    }

    private func classify(_ error: any Error, _ request: Request) -> (HTTPResponseStatus, String, String, [FieldProblem]) {
        switch error {
        case let app as AppError:
            var fields: [FieldProblem] = []
            if case .invalid(let problems) = app { fields = problems }
            return (app.status, app.code, request.t(app.messageKey), fields)
        case let decoding as DecodingError:
            return (.badRequest, "malformed", request.t("error.malformed"), Self.fields(from: decoding))
        case let abort as any AbortError:
            switch abort.status {
            case .notFound: return (.notFound, "not-found", request.t("error.404"), [])
            case .payloadTooLarge: return (.payloadTooLarge, "too-large", request.t("error.too_large"), [])
            case .unsupportedMediaType: return (.unsupportedMediaType, "media-type", request.t("error.media_type"), [])
            case .methodNotAllowed: return (.methodNotAllowed, "method", request.t("error.method"), [])
            case .badRequest: return (.badRequest, "malformed", request.t("error.malformed"), [])
            case .tooManyRequests: return (.tooManyRequests, "rate-limited", request.t("error.rate_limited"), [])
            case .serviceUnavailable: return (.serviceUnavailable, "unavailable", request.t("error.unavailable"), [])
            case .unprocessableEntity: return (.unprocessableEntity, "malformed", request.t("error.malformed"), [])
            default:
                if abort.status.code < 500 { return (abort.status, "client-error", request.t("error.malformed"), []) }
                return (.internalServerError, "internal", request.t("error.500"), [])
            }
        default:
            // A unique index refused a second copy of something two people saved at once
            // (a double-clicked approval, the same cycle created twice): a conflict, not a crash.
            if Self.isUniqueViolation(error) { return (.conflict, "conflict", request.t("error.stale"), []) }
            if DatabaseSetup.isUnavailable(error) { return (.serviceUnavailable, "unavailable", request.t("error.unavailable"), []) }
            return (.internalServerError, "internal", request.t("error.500"), [])
        }
    }

    package static func isUniqueViolation(_ error: any Error) -> Bool {
        let text = String(reflecting: error)
        return text.contains("UNIQUE constraint failed") || (text.contains("sqlState") && text.contains("23505"))
    }

    private static func fields(from error: DecodingError) -> [FieldProblem] {
        func name(_ path: [any CodingKey], _ key: (any CodingKey)? = nil) -> String {
            (path + (key.map { [$0] } ?? [])).map(\.stringValue).joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return [FieldProblem(field: name(context.codingPath, key), key: "validation.required")]
        case .typeMismatch(_, let context): return [FieldProblem(field: name(context.codingPath), key: "validation.type")]
        case .valueNotFound(_, let context): return [FieldProblem(field: name(context.codingPath), key: "validation.required")]
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? [] : [FieldProblem(field: name(context.codingPath), key: "validation.type")]
        @unknown default: return []
        }
    }

    private func answer(_ error: any Error, for request: Request) async -> Response {
        let (status, code, message, fields) = classify(error, request)
        if status == .internalServerError {
            request.logger.report(error: error)
        } else {
            request.logger.info("\(status.code) \(code): \(String(describing: error))")
        }
        if request.url.path.hasPrefix("/api/") || request.url.path == "/api" {
            return problem(status: status, code: code, message: message, fields: fields, request: request)
        }
        // Pages: an anonymous visitor is sent to sign in, remembering why.
        if let app = error as? AppError, app == .unauthenticated || app == .sessionExpired {
            var target = AppRoute.login.path
            if app == .sessionExpired { target += "?expired=1" }
            let response = request.redirect(to: target, redirectType: .normal)
            if app == .sessionExpired { response.cookies[SessionMiddleware.cookieName] = .expired }
            return response
        }
        do {
            let shown = status
            struct ErrorContent: Encodable { let code: Int; let kind: String; let message: String; let homeHref: String }
            let titleKey = status.code == 404 ? "error.404.title" : status.code == 403 ? "error.403.title"
                : status.code >= 500 ? "error.500.title" : "error.generic.title"
            return try await request.page("errors/error", titleKey: titleKey, status: shown,
                                          ErrorContent(code: Int(shown.code), kind: code, message: message,
                                                       homeHref: AppRoute.home.path))
        } catch {
            request.logger.report(error: error)
            let response = Response(status: status, body: .init(string: message))
            response.headers.contentType = .plainText
            return response
        }
    }

    private func problem(status: HTTPResponseStatus, code: String, message: String, fields: [FieldProblem], request: Request) -> Response {
        struct Problem: Encodable {
            let type: String
            let title: String
            let status: Int
            let detail: String
            let instance: String
            let errors: [Item]?
            struct Item: Encodable { let field: String; let code: String; let message: String }
        }
        let body = Problem(
            type: "https://goldaw.gov.tm/problems/\(code)", title: status.reasonPhrase, status: Int(status.code),
            detail: message, instance: request.url.path,
            errors: fields.isEmpty ? nil : fields.map { .init(field: $0.field, code: $0.key, message: request.t($0.key)) })
        let response = Response(status: status)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        response.body = .init(data: (try? encoder.encode(body)) ?? Data())
        response.headers.replaceOrAdd(name: .contentType, value: "application/problem+json; charset=utf-8")
        if status == .unauthorized {
            response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer realm=\"goldaw\"")
        }
        return response
    }

    package init() {}
}

extension AppError: Equatable {
    package static func == (lhs: AppError, rhs: AppError) -> Bool { lhs.code == rhs.code && lhs.messageKey == rhs.messageKey }
}
