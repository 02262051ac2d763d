import Fluent
import Vapor
import GoldawCore

/// A person's benefits on their registry profile: applications (as beneficiary or applicant),
/// enrolments, and the latest payments, with links to each.
struct BenefitsHistory: Encodable {
    struct Application: Encodable { let number: String; let href: String; let programme: String; let status: String; let role: String; let date: String }
    struct Enrolment: Encodable { let programme: String; let status: String; let from: String; let reason: String?; let payee: String }
    struct Payment: Encodable { let month: String; let programme: String; let kind: String; let amount: String; let status: String; let cycle: String; let href: String }

    let applications: [Application]
    let enrolments: [Enrolment]
    let payments: [Payment]
    let newApplicationHref: String?

    static func build(personID: UUID, req: Request, canTake: Bool) async throws -> BenefitsHistory {
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
