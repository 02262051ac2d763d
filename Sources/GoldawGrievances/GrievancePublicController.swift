import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawBenefits

/// The public pages: anyone may lodge a complaint without an account and follow it with the
/// tracking code. The status page shows the grievance's progress and answer, never the name,
/// contact, description or who handled it. The code travels in form posts and a short-lived
/// cookie, never in a URL, so it does not end up in logs, history or referrers.
package enum GrievancePublicController {
    package static let trackCookie = "goldaw_track"

    package static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.complaintNew), use: lodgeForm)
        routes.post(AppRoute.components(.complaintNew), use: lodge)
        routes.get(AppRoute.components(.complaintTrack), use: track)
        routes.post(AppRoute.components(.complaintTrack), use: lookup)
        routes.post(AppRoute.components(.complaintAppeal), use: appeal)
        ChildComplaintPublicController.register(on: routes)
    }

    /// Whatever account may be signed in, the public pages act for the complainant.
    package static func service(_ req: Request) -> GrievanceService {
        var audit = req.audit
        audit.actor = nil
        return GrievanceService(db: req.db, actor: nil, audit: audit)
    }

    // MARK: lodging

    package struct LodgeContent: Encodable {
        package let action: String
        package let trackHref: String
        package let childHref: String
        package let form: [String: String]
        package let errors: [String: String]
        package let categories: [GrievanceView.Option]
        package let subjects: [GrievanceView.Option]
        package let etraps: [GrievanceView.Group]
    }

    package static func renderLodge(_ req: Request, form: [String: String], errors: [String: String], status: HTTPResponseStatus) async throws -> Response {
        try await req.page("grievances/public-lodge", titleKey: "grievance.public.title", status: status, LodgeContent(
            action: AppRoute.complaintNew.path, trackHref: AppRoute.complaintTrack.path, childHref: AppRoute.childComplaintNew.path,
            form: form, errors: errors,
            categories: try await GrievanceView.categoryOptions(req, selected: form["category"] ?? ""),
            subjects: GrievanceView.options(GrievanceSubject.allCases, "grievance.subject.", selected: form["subjectKind"] ?? "", req),
            etraps: try await GrievanceView.etrapGroups(req, scope: nil, selected: form["territoryCode"] ?? "")))
    }

    @Sendable package static func lodgeForm(req: Request) async throws -> Response {
        try await renderLodge(req, form: [:], errors: [:], status: .ok)
    }

    @Sendable package static func lodge(req: Request) async throws -> Response {
        var draft = try req.content.decode(GrievanceController.LodgeForm.self).draft
        draft.channel = GrievanceChannel.publicWeb.rawValue
        draft.personNumber = ""
        if let wait = try await req.rateLimited(.complaint) {
            // The complaint is not lost: the form comes back as typed, with when to send it.
            let response = try await renderLodge(req, form: draft.formValues,
                                                 errors: ["form": req.t("error.rate_limited_wait", ["minutes": String((wait + 59) / 60)])],
                                                 status: .tooManyRequests)
            response.headers.replaceOrAdd(name: "Retry-After", value: String(wait))
            return response
        }
        return try await req.submitForm(kept: draft.formValues, render: { try await renderLodge(req, form: $0, errors: $1, status: $2) }) {
            let grievance = try await service(req).lodge(draft, publicPage: true)
            return .response(remember(grievance.trackingCode, req.redirect(to: .complaintTrack, flash: "grievance.flash.public_lodged"), req))
        }
    }

    package static func remember(_ code: String, _ response: Response, _ req: Request) -> Response {
        response.cookies[trackCookie] = HTTPCookies.Value(
            string: code, maxAge: 15 * 60, path: AppRoute.complaintNew.path, isSecure: req.application.settings.secureCookies,
            isHTTPOnly: true, sameSite: .strict)
        return response
    }

    // MARK: tracking and appeal

    package struct EventRow: Encodable { package let when: String; package let what: String }

    package struct Status: Encodable {
        package let trackingCode: String
        package let number: String
        package let status: String
        package let statusClass: String
        package let category: String
        package let lodged: String
        package let due: String?
        package let resolution: String?
        package let events: [EventRow]
        package let appealAction: String?
    }

    package struct TrackContent: Encodable {
        package let action: String
        package let lodgeHref: String
        package let code: String
        package let error: String?
        package let found: Status?
        package let reason: String
        package let reasonError: String?
        package let message: String?
    }

    package static func renderTrack(_ req: Request, _ grievance: Grievance?, code: String = "", error: String? = nil,
                            reason: String = "", reasonError: String? = nil, message: String? = nil,
                            status: HTTPResponseStatus = .ok) async throws -> Response {
        var found: Status?
        if let grievance {
            let events = try await GrievanceEvent.query(on: req.db).filter(\.$grievance.$id == grievance.requireID()).sort(\.$occurredAt).all()
            let canAppeal = !grievance.isChildComplaint
                && GrievanceWorkflow.next(from: grievance.statusValue, .appeal, appealedBefore: grievance.appealedAt != nil) != nil
            found = Status(
                trackingCode: TrackingCode.display(grievance.trackingCode), number: grievance.number,
                status: req.t("grievance.status.\(grievance.status)"), statusClass: GrievanceView.statusClass(grievance.statusValue),
                category: ChildComplaintView.categoryLabel(grievance.category, req), lodged: DisplayFormat.date(iso: grievance.lodgedAtDay),
                due: grievance.statusValue.isActive ? DisplayFormat.date(iso: grievance.dueDate) : nil,
                resolution: grievance.resolution,
                events: events.map { EventRow(when: DisplayFormat.dateTime($0.occurredAt), what: req.t("grievance.event.\($0.kind)")) },
                appealAction: canAppeal ? AppRoute.complaintAppeal.path : nil)
        }
        return try await req.page("grievances/public-track", titleKey: "grievance.track.title", status: status, TrackContent(
            action: AppRoute.complaintTrack.path, lodgeHref: AppRoute.complaintNew.path, code: code, error: error, found: found,
            reason: reason, reasonError: reasonError, message: message))
    }

    @Sendable package static func track(req: Request) async throws -> Response {
        guard let code = req.cookies[trackCookie]?.string, let grievance = try await service(req).find(trackingCode: code) else {
            return try await renderTrack(req, nil)
        }
        // A child's code opens the children's page, which records no address.
        guard !grievance.isChildComplaint else { return req.redirect(to: .childComplaintTrack) }
        try await service(req).audit.record(.grievanceViewed, recordType: "grievance", recordID: grievance.id?.uuidString, detail: "public")
        return try await renderTrack(req, grievance)
    }

    /// Too many codes tried from one address: the page says when to try again, with the code
    /// (and an appeal's reason) as typed.
    struct TrackingLimited: Error {
        let wait: Int

        func page(_ req: Request, _ form: CodeForm) async throws -> Response {
            let response = try await renderTrack(req, nil, code: form.code ?? "", reason: form.reason ?? "",
                                                 message: req.t("error.rate_limited_wait", ["minutes": String((wait + 59) / 60)]),
                                                 status: .tooManyRequests)
            response.headers.replaceOrAdd(name: "Retry-After", value: String(wait))
            return response
        }
    }

    package struct CodeForm: Content {
        package var code: String?
        package var reason: String?
    }

    /// Finds the grievance behind a typed code, or answers the form again with "not found".
    package static func grievance(for form: CodeForm, _ req: Request) async throws -> Grievance? {
        let typed = form.code ?? ""
        // The code this browser has already opened (an appeal from its status page) proves
        // nothing new and does not count.
        let typedDigits = typed.filter(\.isNumber)
        let known = !typedDigits.isEmpty && req.cookies[trackCookie]?.string.filter(\.isNumber) == typedDigits
        if !known, let wait = try await req.rateLimited(.trackingCode) { throw TrackingLimited(wait: wait) }
        if let grievance = try await service(req).find(trackingCode: typed) { return grievance }
        try await service(req).audit.record(.grievanceTrackFailed, outcome: .failure, recordType: "grievance")
        return nil
    }

    @Sendable package static func lookup(req: Request) async throws -> Response {
        let form = try req.content.decode(CodeForm.self)
        let found: Grievance?
        do { found = try await grievance(for: form, req) } catch let limited as TrackingLimited {
            return try await limited.page(req, form)
        }
        guard let grievance = found else {
            return try await renderTrack(req, nil, code: form.code ?? "", error: req.t("grievance.track.not_found"), status: .notFound)
        }
        return remember(grievance.trackingCode, req.redirect(to: grievance.isChildComplaint ? .childComplaintTrack : .complaintTrack), req)
    }

    @Sendable package static func appeal(req: Request) async throws -> Response {
        let form = try req.content.decode(CodeForm.self)
        let found: Grievance?
        do { found = try await grievance(for: form, req) } catch let limited as TrackingLimited {
            return try await limited.page(req, form)
        }
        guard let grievance = found else {
            return try await renderTrack(req, nil, code: form.code ?? "", error: req.t("grievance.track.not_found"), status: .notFound)
        }
        let reason = form.reason ?? ""
        do {
            return try await req.submitForm(kept: reason, render: { reason, errors, status in
                try await renderTrack(req, try await service(req).find(trackingCode: grievance.trackingCode), reason: reason,
                                      reasonError: errors["note"], status: status)
            }, conflict: { key in
                try await renderTrack(req, try await service(req).find(trackingCode: grievance.trackingCode), message: req.t(key), status: .conflict)
            }) {
                // The complainant acts on what the page showed; a change in between is refused by the workflow.
                try await service(req).perform(.appeal, on: grievance, note: reason, expectedVersion: grievance.version)
                return .response(remember(grievance.trackingCode, req.redirect(to: .complaintTrack, flash: "grievance.flash.appeal"), req))
            }
        } catch AppError.badRequest(let key) {
            return try await renderTrack(req, try await service(req).find(trackingCode: grievance.trackingCode), message: req.t(key), status: .badRequest)
        }
    }
}
