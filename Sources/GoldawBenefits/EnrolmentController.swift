import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// Enrolments a payroll check ended or suspended, waiting for an officer to look at them.
package enum EnrolmentController {
    package static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.enrolmentReview), use: review)
        routes.post(AppRoute.Pattern.enrolment + ["reviewed"], use: reviewed)
    }

    package static func query(_ req: Request, _ user: CurrentUser) -> QueryBuilder<BenefitEnrolment> {
        req.benefitsQueries.enrolmentsToReview(scope: user.scope)
    }

    package static func reviewCount(_ req: Request) async throws -> Int {
        let user = try await req.require(.takeApplications)
        return try await query(req, user).count()
    }

    package struct Row: Encodable {
        package let id: String
        package let programme: String
        package let beneficiary: String
        package let beneficiaryHref: String
        package let status: String
        package let reason: String
        package let endDate: String
        package let changedAt: String
        package let action: String

        package init(id: String, programme: String, beneficiary: String, beneficiaryHref: String, status: String, reason: String, endDate: String, changedAt: String, action: String) {
            self.id = id
            self.programme = programme
            self.beneficiary = beneficiary
            self.beneficiaryHref = beneficiaryHref
            self.status = status
            self.reason = reason
            self.endDate = endDate
            self.changedAt = changedAt
            self.action = action
        }
    }

    package struct PageContent: Encodable {
        package let rows: [Row]
        package let version: Int
    }

    @Sendable package static func review(req: Request) async throws -> Response {
        let user = try await req.require(.takeApplications)
        let enrolments = try await query(req, user).with(\.$beneficiary).sort(\.$statusChangedAt).limit(200).all()
        return try await req.page("benefits/review", titleKey: "enrolments.review", PageContent(rows: enrolments.map { e in
            Row(id: e.id!.uuidString, programme: req.t("programme.\(e.programme)"),
                beneficiary: "\(PersonProfile.fullName(e.beneficiary)) (\(e.beneficiary.number))",
                beneficiaryHref: AppRoute.person(e.$beneficiary.id).path, status: req.t("enrolment.status.\(e.status)"),
                reason: req.t("enrolment.reason.\(e.statusReason ?? "officer")"), endDate: DisplayFormat.date(iso: e.endDate),
                changedAt: e.statusChangedAt.map(DisplayFormat.dateTime) ?? "", action: AppRoute.enrolmentReviewed(e.id!).path)
        }, version: 0))
    }

    /// The officer has seen the change. Reinstating a suspended enrolment is the other choice
    /// (after a return from abroad or from an institution); an ended one stays ended.
    @Sendable package static func reviewed(req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: UUID.self),
              let enrolment = try await BenefitEnrolment.query(on: req.db).filter(\.$id == id).with(\.$beneficiary).first() else {
            try await req.require(.takeApplications)
            throw AppError.notFound
        }
        try await req.require(.takeApplications, territoryPath: enrolment.beneficiary.territoryPath)
        let reinstate = (try? req.content.get(String.self, at: "reinstate")) == "1"
        if reinstate && enrolment.status != EnrolmentStatus.suspended.rawValue { throw AppError.conflict("enrolments.cannot_reinstate") }
        enrolment.reviewPending = false
        if reinstate {
            enrolment.status = EnrolmentStatus.active.rawValue
            enrolment.statusReason = EnrolmentStopReason.officer.rawValue
            enrolment.statusChangedAt = AppClock.now
        }
        enrolment.version += 1
        try await req.db.writing { tx in
            try await enrolment.update(on: tx)
            try await req.audit.on(tx).record(.enrolmentChanged, recordType: "enrolment", recordID: id.uuidString,
                                              detail: reinstate ? "reinstated" : "reviewed \(enrolment.status)")
        }
        return req.redirect(to: .enrolmentReview, flash: reinstate ? "enrolments.reinstated" : "enrolments.reviewed")
    }
}
