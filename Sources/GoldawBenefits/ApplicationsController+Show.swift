import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

extension ApplicationsController {
    package struct DocumentLine: Encodable {
        package let label: String
        package let present: Bool
    }

    package struct ShowContent: Encodable {
        package let id: String
        package let number: String
        package let programme: String
        package let status: String
        package let statusCode: String
        package let source: String
        package let beneficiary: String
        package let beneficiaryHref: String
        package let applicant: String
        package let applicantHref: String
        package let channel: String
        package let account: String?
        package let requestedFrom: String
        package let takenBy: String?
        package let takenAt: String
        package let decidedBy: String?
        package let decidedAt: String
        package let reason: String?
        package let reopenedBy: String?
        package let eligible: Bool?
        package let ruleVersion: String
        package let checkedOn: String
        package let checkedText: String
        package let rules: [BenefitsViews.RuleRow]
        package let documents: [DocumentLine]
        package let version: Int
        package let intakeHref: String?
        package let decisionAction: String?
        package let ownIntake: Bool
        package let form: [String: String]
        package let errors: [String: String]
        package let enrolment: String?

        package init(id: String, number: String, programme: String, status: String, statusCode: String, source: String, beneficiary: String, beneficiaryHref: String, applicant: String, applicantHref: String, channel: String, account: String?, requestedFrom: String, takenBy: String?, takenAt: String, decidedBy: String?, decidedAt: String, reason: String?, reopenedBy: String?, eligible: Bool?, ruleVersion: String, checkedOn: String, checkedText: String, rules: [BenefitsViews.RuleRow], documents: [DocumentLine], version: Int, intakeHref: String?, decisionAction: String?, ownIntake: Bool, form: [String: String], errors: [String: String], enrolment: String?) {
            self.id = id
            self.number = number
            self.programme = programme
            self.status = status
            self.statusCode = statusCode
            self.source = source
            self.beneficiary = beneficiary
            self.beneficiaryHref = beneficiaryHref
            self.applicant = applicant
            self.applicantHref = applicantHref
            self.channel = channel
            self.account = account
            self.requestedFrom = requestedFrom
            self.takenBy = takenBy
            self.takenAt = takenAt
            self.decidedBy = decidedBy
            self.decidedAt = decidedAt
            self.reason = reason
            self.reopenedBy = reopenedBy
            self.eligible = eligible
            self.ruleVersion = ruleVersion
            self.checkedOn = checkedOn
            self.checkedText = checkedText
            self.rules = rules
            self.documents = documents
            self.version = version
            self.intakeHref = intakeHref
            self.decisionAction = decisionAction
            self.ownIntake = ownIntake
            self.form = form
            self.errors = errors
            self.enrolment = enrolment
        }
    }

    package static func renderShow(_ req: Request, _ application: BenefitApplication, form: [String: String] = [:],
                           errors: [String: String] = [:], status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try await req.require(.viewBenefits)
        let decision = application.decision
        let (staff, enrolment) = try await req.benefitsQueries.record(of: application)
        func name(_ id: UUID?) -> String? { id.flatMap { staff[$0] } }
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

    @Sendable package static func show(req: Request) async throws -> Response {
        let application = try await load(req, .viewBenefits)
        return try await renderShow(req, application)
    }

    /// The intake form of an application created from a birth registration.
    @Sendable package static func intakeForm(req: Request) async throws -> Response {
        let application = try await load(req, .takeApplications)
        guard application.status == ApplicationStatus.intake.rawValue else { throw AppError.conflict("benefits.application_not_intake") }
        return try await renderForm(req, application: application, form: [
            "programme": application.programme, "channel": "post", "requestedFrom": DisplayFormat.date(iso: application.requestedFrom),
            "version": String(application.version)], documents: [], errors: [:], status: .ok)
    }

    package struct DecisionForm: Content {
        package var outcome: String?
        package var reason: String?
        package var effectiveFrom: String?
        package var version: Int?
    }

    @Sendable package static func decide(req: Request) async throws -> Response {
        let application = try await load(req, .decideApplications)
        let form = try req.content.decode(DecisionForm.self)
        let kept = ["outcome": form.outcome ?? "", "reason": form.reason ?? "", "effectiveFrom": form.effectiveFrom ?? ""]
        guard let outcome = ApprovalDecision(rawValue: form.outcome ?? "") else {
            return try await renderShow(req, application, form: kept, errors: ["outcome": req.t("validation.choose")], status: .unprocessableEntity)
        }
        return try await req.submitForm(kept: kept, render: { try await renderShow(req, application, form: $0, errors: $1, status: $2) },
                                        conflict: { key in
            try await renderShow(req, try await load(req, .decideApplications), form: kept, errors: ["decision": req.t(key)], status: .conflict)
        }) {
            _ = try await req.applications.decide(application, approve: outcome == .approve, reason: form.reason ?? "",
                                                  effectiveFrom: form.effectiveFrom ?? "", expectedVersion: form.version ?? -1)
            return .to(.application(application.id!), flash: outcome == .approve ? "decisions.approved" : "decisions.rejected")
        }
    }
}
