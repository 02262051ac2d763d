import Fluent
import Vapor
import GoldawCore

extension ApplicationsController {
    struct DocumentLine: Encodable {
        let label: String
        let present: Bool
    }

    struct ShowContent: Encodable {
        let id: String
        let number: String
        let programme: String
        let status: String
        let statusCode: String
        let source: String
        let beneficiary: String
        let beneficiaryHref: String
        let applicant: String
        let applicantHref: String
        let channel: String
        let account: String?
        let requestedFrom: String
        let takenBy: String?
        let takenAt: String
        let decidedBy: String?
        let decidedAt: String
        let reason: String?
        let reopenedBy: String?
        let eligible: Bool?
        let ruleVersion: String
        let checkedOn: String
        let checkedText: String
        let rules: [BenefitsViews.RuleRow]
        let documents: [DocumentLine]
        let version: Int
        let intakeHref: String?
        let decisionAction: String?
        let ownIntake: Bool
        let form: [String: String]
        let errors: [String: String]
        let enrolment: String?
    }

    static func renderShow(_ req: Request, _ application: BenefitApplication, form: [String: String] = [:],
                           errors: [String: String] = [:], status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try await req.require(.viewBenefits)
        let decision = application.decision
        let people = try await User.query(on: req.db).filter(\.$id ~~ [application.takenBy, application.decidedBy].compactMap { $0 }).all()
        func name(_ id: UUID?) -> String? { people.first { $0.id == id }?.fullName }
        let enrolment = try await BenefitEnrolment.query(on: req.db).filter(\.$applicationID == application.id).first()
        let canDecide = AccessPolicy.allows(user.role, .decideApplications) && application.status == ApplicationStatus.submitted.rawValue
        let canTake = AccessPolicy.allows(user.role, .takeApplications) && application.status == ApplicationStatus.intake.rawValue
        try await req.audit.record(.applicationViewed, recordType: "application", recordID: application.id?.uuidString, detail: application.number)
        let programme = Programme(rawValue: application.programme)
        var defaults = form
        if defaults["effectiveFrom"] == nil { defaults["effectiveFrom"] = DisplayFormat.date(iso: application.requestedFrom) }
        return try await req.page("benefits/application", titleKey: "applications.title", title: application.number, status: status, ShowContent(
            id: application.id!.uuidString, number: application.number, programme: req.t("programme.\(application.programme)"),
            status: req.t("application.status.\(application.status)"), statusCode: application.status,
            source: req.t("application.source.\(application.source)"),
            beneficiary: "\(PersonProfile.fullName(application.beneficiary)) (\(application.beneficiary.number))",
            beneficiaryHref: AppRoute.person(application.$beneficiary.id).path,
            applicant: "\(PersonProfile.fullName(application.applicant)) (\(application.applicant.number))",
            applicantHref: AppRoute.person(application.$applicant.id).path,
            channel: application.channel.map { req.t("payment.channel.\($0)") } ?? "", account: application.account,
            requestedFrom: DisplayFormat.date(iso: application.requestedFrom),
            takenBy: name(application.takenBy), takenAt: application.takenAt.map(DisplayFormat.dateTime) ?? "",
            decidedBy: name(application.decidedBy), decidedAt: application.decidedAt.map(DisplayFormat.dateTime) ?? "",
            reason: application.decisionReason, reopenedBy: application.reopenedByGrievance,
            eligible: application.eligible, ruleVersion: decision?.ruleVersion ?? "", checkedOn: decision?.date.display ?? "",
            checkedText: req.t("eligibility.checked", ["date": decision?.date.display ?? "", "version": decision?.ruleVersion ?? ""]),
            rules: BenefitsViews.rules(decision, req),
            documents: (programme?.documents ?? []).map { DocumentLine(label: req.t("document.\($0.rawValue)"), present: application.documentSet.contains($0)) },
            version: application.version,
            intakeHref: canTake ? AppRoute.applicationIntake(application.id!).path : nil,
            decisionAction: canDecide ? AppRoute.applicationDecision(application.id!).path : nil,
            ownIntake: application.takenBy == user.id, form: defaults, errors: errors,
            enrolment: enrolment.map { req.t("enrolment.status.\($0.status)") + " · " + req.t("enrolment.from", ["date": DisplayFormat.date(iso: $0.effectiveFrom)]) }))
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let application = try await load(req, .viewBenefits)
        return try await renderShow(req, application)
    }

    /// The intake form of an application created from a birth registration.
    @Sendable static func intakeForm(req: Request) async throws -> Response {
        let application = try await load(req, .takeApplications)
        guard application.status == ApplicationStatus.intake.rawValue else { throw AppError.conflict("benefits.application_not_intake") }
        return try await renderForm(req, application: application, form: [
            "programme": application.programme, "channel": "post", "requestedFrom": DisplayFormat.date(iso: application.requestedFrom),
            "version": String(application.version)], documents: [], errors: [:], status: .ok)
    }

    struct DecisionForm: Content {
        var outcome: String?
        var reason: String?
        var effectiveFrom: String?
        var version: Int?
    }

    @Sendable static func decide(req: Request) async throws -> Response {
        let application = try await load(req, .decideApplications)
        let form = try req.content.decode(DecisionForm.self)
        let kept = ["outcome": form.outcome ?? "", "reason": form.reason ?? "", "effectiveFrom": form.effectiveFrom ?? ""]
        guard form.outcome == "approve" || form.outcome == "reject" else {
            return try await renderShow(req, application, form: kept, errors: ["outcome": req.t("validation.choose")], status: .unprocessableEntity)
        }
        do {
            _ = try await req.applications.decide(application, approve: form.outcome == "approve", reason: form.reason ?? "",
                                                  effectiveFrom: form.effectiveFrom ?? "", expectedVersion: form.version ?? -1)
            return req.redirect(to: .application(application.id!), flash: form.outcome == "approve" ? "decisions.approved" : "decisions.rejected")
        } catch AppError.invalid(let problems) {
            return try await renderShow(req, application, form: kept, errors: req.messages(problems), status: .unprocessableEntity)
        } catch AppError.conflict(let key) {
            let fresh = try await load(req, .decideApplications)
            return try await renderShow(req, fresh, form: kept, errors: ["decision": req.t(key)], status: .conflict)
        }
    }
}
