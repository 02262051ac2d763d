import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawBenefits

/// The children's page: a child, or someone for them, writes without an account and without a
/// name, chooses who reads it, and follows it with a tracking code like the desk's. Short
/// sentences, big buttons, no JavaScript. The channel writes no client address anywhere: its
/// audit rows carry none, and the rate limiter keeps the address only in memory, in the same
/// bucket as the desk's public page, to slow a flood.
package enum ChildComplaintPublicController {
    /// A form a child can send: 4 000 characters of text in any script, percent-encoded, with
    /// room to spare. Anything larger is not a complaint and is refused (413) before it is read.
    package static let maxBody: ByteCount = "64kb"

    package static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.childComplaintNew), use: form)
        // The limit also binds the CSRF check, which reads the body first (`Route.bodyLimit`).
        routes.post(AppRoute.components(.childComplaintNew), bodyLimit: maxBody, use: lodge)
        routes.get(AppRoute.components(.childComplaintTrack), use: track)
        routes.post(AppRoute.components(.childComplaintTrack), bodyLimit: maxBody, use: lookup)
    }

    /// The channel's audit: no user (whoever may be signed in on this browser), no address, no
    /// request id that a proxy's log could tie to an address.
    package static func quietAudit(_ req: Request) -> AuditService {
        AuditService(db: req.db, actor: nil, clientIP: nil, requestID: nil)
    }

    package static func service(_ req: Request) -> GrievanceService {
        GrievanceService(db: req.db, actor: nil, audit: quietAudit(req))
    }

    /// Nil when the client may go ahead, else the seconds to wait. Like `Request.rateLimited`,
    /// but the one audit row of a run of refusals names no client.
    package static func limited(_ rule: RateLimiter.Rule, _ req: Request) async throws -> Int? {
        guard let refusal = req.application.rateLimiter.refusal(rule, client: req.limitedClient) else { return nil }
        if refusal.first { try await quietAudit(req).record(.rateLimited, outcome: .denied, detail: "\(rule.name) children's page") }
        return refusal.wait
    }

    // MARK: the form

    package struct FormContent: Encodable {
        package let action: String
        package let trackHref: String
        package let adultHref: String
        package let form: [String: String]
        package let errors: [String: String]
        package let kinds: [ChildComplaintView.Choice]
        package let recipients: [ChildComplaintView.Choice]
        package let etraps: [GrievanceView.Group]
    }

    package struct LodgeForm: Content {
        package var kind: String?
        package var recipient: String?
        package var territoryCode: String?
        package var text: String?
        package var name: String?
        package var contact: String?

        package var draft: ChildComplaintDraft {
            ChildComplaintDraft(kind: kind ?? "", recipient: recipient ?? "", territoryCode: territoryCode ?? "", text: text ?? "",
                                name: name ?? "", contact: contact ?? "")
        }
    }

    package static func render(_ req: Request, form: [String: String], errors: [String: String], status: HTTPResponseStatus) async throws -> Response {
        try await req.page("grievances/child-lodge", titleKey: "child_complaint.public.title", status: status, FormContent(
            action: AppRoute.childComplaintNew.path, trackHref: AppRoute.childComplaintTrack.path, adultHref: AppRoute.complaintNew.path,
            form: form, errors: errors,
            kinds: ChildComplaintView.kinds(selected: form["kind"] ?? "", req),
            recipients: ChildComplaintView.recipients(selected: form["recipient"] ?? "", req),
            etraps: try await GrievanceView.etrapGroups(req, scope: nil, selected: form["territoryCode"] ?? "")))
    }

    @Sendable package static func form(req: Request) async throws -> Response {
        // A link may pick the kind ("a child is in danger") and the recipient.
        var form: [String: String] = [:]
        for key in ["kind", "recipient"] {
            if let value = try? req.query.get(String.self, at: key) { form[key] = String(value.prefix(40)) }
        }
        return try await render(req, form: form, errors: [:], status: .ok)
    }

    @Sendable package static func lodge(req: Request) async throws -> Response {
        let draft = try req.content.decode(LodgeForm.self).draft
        if let wait = try await limited(.complaint, req) {
            // Nothing is lost: the form comes back as typed, with when to send it.
            let response = try await render(req, form: draft.formValues,
                                            errors: ["form": req.t("child_complaint.error.wait", ["minutes": String((wait + 59) / 60)])],
                                            status: .tooManyRequests)
            response.headers.replaceOrAdd(name: "Retry-After", value: String(wait))
            return response
        }
        return try await req.submitForm(kept: draft.formValues, render: { try await render(req, form: $0, errors: $1, status: $2) }) {
            let grievance = try await service(req).lodgeChild(draft)
            return .response(GrievancePublicController.remember(
                grievance.trackingCode, req.redirect(to: .childComplaintTrack, flash: "child_complaint.flash.lodged"), req))
        }
    }

    // MARK: following it

    package struct Status: Encodable {
        package let trackingCode: String
        package let status: String
        package let statusClass: String
        package let kind: String
        package let recipient: String
        package let lodged: String
        package let due: String?
        package let answer: String?
        /// The etrap answered and the child may still write to the monitor.
        package let monitorHref: String?
    }

    package struct TrackContent: Encodable {
        package let action: String
        package let lodgeHref: String
        package let code: String
        package let error: String?
        package let message: String?
        package let found: Status?
    }

    package static func renderTrack(_ req: Request, _ grievance: Grievance?, code: String = "", error: String? = nil,
                                    message: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let found: Status? = grievance.map { grievance in
            let answered = !grievance.statusValue.isActive
            return Status(
                trackingCode: TrackingCode.display(grievance.trackingCode), status: req.t(ChildComplaintView.childStatusKey(grievance.statusValue)),
                statusClass: answered ? "ok" : "", kind: ChildComplaintView.categoryLabel(grievance.category, req),
                recipient: req.t(ChildComplaintView.recipientKey(grievance.recipientValue)),
                lodged: DisplayFormat.date(iso: grievance.lodgedAtDay),
                due: answered ? nil : DisplayFormat.date(iso: grievance.dueDate), answer: grievance.resolution,
                monitorHref: answered && grievance.recipientValue == .etrap
                    ? AppRoute.childComplaintNew.path + "?recipient=" + ComplaintRecipient.monitor.rawValue : nil)
        }
        return try await req.page("grievances/child-track", titleKey: "child_complaint.track.title", status: status, TrackContent(
            action: AppRoute.childComplaintTrack.path, lodgeHref: AppRoute.childComplaintNew.path, code: code, error: error,
            message: message, found: found))
    }

    @Sendable package static func track(req: Request) async throws -> Response {
        guard let code = req.cookies[GrievancePublicController.trackCookie]?.string,
              let grievance = try await service(req).find(trackingCode: code) else {
            return try await renderTrack(req, nil)
        }
        // A code of the desk's opens the desk's page.
        guard grievance.isChildComplaint else { return req.redirect(to: .complaintTrack) }
        try await quietAudit(req).record(.grievanceViewed, recordType: "grievance", recordID: grievance.id?.uuidString, detail: "public child")
        return try await renderTrack(req, grievance)
    }

    package struct CodeForm: Content { package var code: String? }

    @Sendable package static func lookup(req: Request) async throws -> Response {
        let typed = String((try req.content.decode(CodeForm.self).code ?? "").prefix(40))
        if let wait = try await limited(.trackingCode, req) {
            let response = try await renderTrack(req, nil, code: typed,
                                                 message: req.t("child_complaint.error.wait", ["minutes": String((wait + 59) / 60)]),
                                                 status: .tooManyRequests)
            response.headers.replaceOrAdd(name: "Retry-After", value: String(wait))
            return response
        }
        guard let grievance = try await service(req).find(trackingCode: typed) else {
            try await quietAudit(req).record(.grievanceTrackFailed, outcome: .failure, recordType: "grievance")
            return try await renderTrack(req, nil, code: typed, error: req.t("child_complaint.track.not_found"), status: .notFound)
        }
        let page: AppRoute = grievance.isChildComplaint ? .childComplaintTrack : .complaintTrack
        return GrievancePublicController.remember(grievance.trackingCode, req.redirect(to: page), req)
    }
}
