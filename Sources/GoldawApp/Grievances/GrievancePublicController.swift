import Fluent
import Vapor
import GoldawCore

/// The public pages: anyone may lodge a complaint without an account and follow it with the
/// tracking code. The status page shows the grievance's progress and answer, never the name,
/// contact, description or who handled it. The code travels in form posts and a short-lived
/// cookie, never in a URL, so it does not end up in logs, history or referrers.
enum GrievancePublicController {
    static let trackCookie = "goldaw_track"

    static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.complaintNew), use: lodgeForm)
        routes.post(AppRoute.components(.complaintNew), use: lodge)
        routes.get(AppRoute.components(.complaintTrack), use: track)
        routes.post(AppRoute.components(.complaintTrack), use: lookup)
        routes.post(AppRoute.components(.complaintAppeal), use: appeal)
    }

    /// Whatever account may be signed in, the public pages act for the complainant.
    static func service(_ req: Request) -> GrievanceService {
        var audit = req.audit
        audit.actor = nil
        return GrievanceService(db: req.db, actor: nil, audit: audit)
    }

    // MARK: lodging

    struct LodgeContent: Encodable {
        let action: String
        let trackHref: String
        let form: [String: String]
        let errors: [String: String]
        let categories: [GrievanceView.Option]
        let subjects: [GrievanceView.Option]
        let etraps: [GrievanceView.Group]
    }

    static func renderLodge(_ req: Request, form: [String: String], errors: [String: String], status: HTTPResponseStatus) async throws -> Response {
        try await req.page("grievances/public-lodge", titleKey: "grievance.public.title", status: status, LodgeContent(
            action: AppRoute.complaintNew.path, trackHref: AppRoute.complaintTrack.path, form: form, errors: errors,
            categories: try await GrievanceView.categoryOptions(req, selected: form["category"] ?? ""),
            subjects: GrievanceView.options(GrievanceSubject.allCases, "grievance.subject.", selected: form["subjectKind"] ?? "", req),
            etraps: try await GrievanceView.etrapGroups(req, scope: nil, selected: form["territoryCode"] ?? "")))
    }

    @Sendable static func lodgeForm(req: Request) async throws -> Response {
        try await renderLodge(req, form: [:], errors: [:], status: .ok)
    }

    @Sendable static func lodge(req: Request) async throws -> Response {
        var draft = try req.content.decode(GrievanceController.LodgeForm.self).draft
        draft.channel = GrievanceChannel.publicWeb.rawValue
        draft.personNumber = ""
        do {
            let grievance = try await service(req).lodge(draft, publicPage: true)
            return remember(grievance.trackingCode, req.redirect(to: .complaintTrack, flash: "grievance.flash.public_lodged"), req)
        } catch AppError.invalid(let problems) {
            return try await renderLodge(req, form: draft.formValues, errors: req.messages(problems), status: .unprocessableEntity)
        }
    }

    static func remember(_ code: String, _ response: Response, _ req: Request) -> Response {
        response.cookies[trackCookie] = HTTPCookies.Value(
            string: code, maxAge: 15 * 60, path: AppRoute.complaintNew.path, isSecure: req.application.settings.secureCookies,
            isHTTPOnly: true, sameSite: .strict)
        return response
    }

    // MARK: tracking and appeal

    struct EventRow: Encodable { let when: String; let what: String }

    struct Status: Encodable {
        let trackingCode: String
        let number: String
        let status: String
        let statusClass: String
        let category: String
        let lodged: String
        let due: String?
        let resolution: String?
        let events: [EventRow]
        let appealAction: String?
    }

    struct TrackContent: Encodable {
        let action: String
        let lodgeHref: String
        let code: String
        let error: String?
        let found: Status?
        let reason: String
        let reasonError: String?
        let message: String?
    }

    static func renderTrack(_ req: Request, _ grievance: Grievance?, code: String = "", error: String? = nil,
                            reason: String = "", reasonError: String? = nil, message: String? = nil,
                            status: HTTPResponseStatus = .ok) async throws -> Response {
        var found: Status?
        if let grievance {
            let events = try await GrievanceEvent.query(on: req.db).filter(\.$grievance.$id == grievance.requireID()).sort(\.$occurredAt).all()
            let canAppeal = GrievanceWorkflow.next(from: grievance.statusValue, .appeal, appealedBefore: grievance.appealedAt != nil) != nil
            found = Status(
                trackingCode: TrackingCode.display(grievance.trackingCode), number: grievance.number,
                status: req.t("grievance.status.\(grievance.status)"), statusClass: GrievanceView.statusClass(grievance.statusValue),
                category: req.t("grievance.category.\(grievance.category)"), lodged: DisplayFormat.date(iso: grievance.lodgedAtDay),
                due: grievance.statusValue.isActive ? DisplayFormat.date(iso: grievance.dueDate) : nil,
                resolution: grievance.resolution,
                events: events.map { EventRow(when: DisplayFormat.dateTime($0.occurredAt), what: req.t("grievance.event.\($0.kind)")) },
                appealAction: canAppeal ? AppRoute.complaintAppeal.path : nil)
        }
        return try await req.page("grievances/public-track", titleKey: "grievance.track.title", status: status, TrackContent(
            action: AppRoute.complaintTrack.path, lodgeHref: AppRoute.complaintNew.path, code: code, error: error, found: found,
            reason: reason, reasonError: reasonError, message: message))
    }

    @Sendable static func track(req: Request) async throws -> Response {
        guard let code = req.cookies[trackCookie]?.string, let grievance = try await service(req).find(trackingCode: code) else {
            return try await renderTrack(req, nil)
        }
        try await service(req).audit.record(.grievanceViewed, recordType: "grievance", recordID: grievance.id?.uuidString, detail: "public")
        return try await renderTrack(req, grievance)
    }

    struct CodeForm: Content {
        var code: String?
        var reason: String?
    }

    /// Finds the grievance behind a typed code, or answers the form again with "not found".
    static func grievance(for form: CodeForm, _ req: Request) async throws -> Grievance? {
        let typed = form.code ?? ""
        if let grievance = try await service(req).find(trackingCode: typed) { return grievance }
        try await service(req).audit.record(.grievanceTrackFailed, outcome: .failure, recordType: "grievance")
        return nil
    }

    @Sendable static func lookup(req: Request) async throws -> Response {
        let form = try req.content.decode(CodeForm.self)
        guard let grievance = try await grievance(for: form, req) else {
            return try await renderTrack(req, nil, code: form.code ?? "", error: req.t("grievance.track.not_found"), status: .notFound)
        }
        return remember(grievance.trackingCode, req.redirect(to: .complaintTrack), req)
    }

    @Sendable static func appeal(req: Request) async throws -> Response {
        let form = try req.content.decode(CodeForm.self)
        guard let grievance = try await grievance(for: form, req) else {
            return try await renderTrack(req, nil, code: form.code ?? "", error: req.t("grievance.track.not_found"), status: .notFound)
        }
        let reason = form.reason ?? ""
        do {
            // The complainant acts on what the page showed; a change in between is refused by the workflow.
            try await service(req).perform(.appeal, on: grievance, note: reason, expectedVersion: grievance.version)
            return remember(grievance.trackingCode, req.redirect(to: .complaintTrack, flash: "grievance.flash.appeal"), req)
        } catch AppError.invalid(let problems) {
            return try await renderTrack(req, try await service(req).find(trackingCode: grievance.trackingCode), reason: reason,
                                         reasonError: req.messages(problems)["note"], status: .unprocessableEntity)
        } catch AppError.conflict(let key) {
            return try await renderTrack(req, try await service(req).find(trackingCode: grievance.trackingCode), message: req.t(key), status: .conflict)
        } catch AppError.badRequest(let key) {
            return try await renderTrack(req, try await service(req).find(trackingCode: grievance.trackingCode), message: req.t(key), status: .badRequest)
        }
    }
}
