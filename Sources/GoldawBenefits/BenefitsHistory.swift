import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// A person's benefits on their registry profile: applications (as beneficiary or applicant),
/// enrolments, and the latest payments, with links to each.
package struct BenefitsHistory: Encodable {
    package struct Application: Encodable { package let number: String; package let href: String; package let programme: String; package let status: String; package let role: String; package let date: String }
    package struct Enrolment: Encodable { package let programme: String; package let status: String; package let from: String; package let reason: String?; package let payee: String }
    package struct Payment: Encodable { package let month: String; package let programme: String; package let kind: String; package let amount: String; package let status: String; package let cycle: String; package let href: String }

    package let applications: [Application]
    package let enrolments: [Enrolment]
    package let payments: [Payment]
    package let newApplicationHref: String?

    package static func build(personID: UUID, req: Request, canTake: Bool) async throws -> BenefitsHistory {
        let db = req.db
        let applications = try await BenefitApplication.query(on: db)
            .group(.or) { $0.filter(\.$beneficiary.$id == personID).filter(\.$applicant.$id == personID) }
            .sort(\.$createdAt, .descending).limit(50).all()
        let enrolments = try await BenefitEnrolment.query(on: db)
            .group(.or) { $0.filter(\.$beneficiary.$id == personID).filter(\.$payee.$id == personID) }
            .with(\.$payee).with(\.$beneficiary).sort(\.$effectiveFrom, .descending).limit(50).all()
        let lines = try await PayrollLine.query(on: db)
            .group(.or) { $0.filter(\.$beneficiaryID == personID).filter(\.$payeeID == personID) }
            .with(\.$cycle).sort(\.$payMonth, .descending).sort(\.$id, .descending).limit(36).all()
        return BenefitsHistory(
            applications: applications.map { a in
                Application(number: a.number, href: AppRoute.application(a.id!).path, programme: req.t("programme.\(a.programme)"),
                            status: req.t("application.status.\(a.status)"),
                            role: req.t(a.$beneficiary.id == personID ? "benefits.role.beneficiary" : "benefits.role.applicant"),
                            date: a.createdAt.map { DisplayFormat.date($0) } ?? "")
            },
            enrolments: enrolments.map { e in
                Enrolment(programme: req.t("programme.\(e.programme)") + (e.$beneficiary.id == personID ? "" : " · " + PersonProfile.fullName(e.beneficiary)),
                          status: req.t("enrolment.status.\(e.status)"), from: DisplayFormat.date(iso: e.effectiveFrom),
                          reason: e.statusReason.map { req.t("enrolment.reason.\($0)") }, payee: PersonProfile.fullName(e.payee))
            },
            payments: lines.map { l in
                Payment(month: BenefitMonth(iso: l.payMonth)?.display ?? l.payMonth, programme: req.t("programme.\(l.programme)"),
                        kind: req.t("payroll.kind.\(l.kind)"), amount: BenefitsViews.money(l.amount), status: req.t("payroll.line.\(l.status)"),
                        cycle: l.cycle.number, href: AppRoute.payrollCycle(l.$cycle.id).path)
            },
            newApplicationHref: canTake ? AppRoute.applicationNew.path + "?person=\(personID.path)" : nil)
    }
}
