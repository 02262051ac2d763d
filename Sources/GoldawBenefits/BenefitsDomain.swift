import Foundation
import Fluent
import GoldawCore
import SQLKit
import Vapor
import GoldawPlatform
import GoldawRegistry

/// The benefits' person and territory columns, and the merges benefits refuse.
package enum BenefitsDomain: DomainContract {
    package static let name = "Benefits"
    package static let personReferences: [PersonReference] = [
        .init(table: BenefitApplication.schema, column: "beneficiary_id", onMerge: .move),
        .init(table: BenefitApplication.schema, column: "applicant_id", onMerge: .move),
        .init(table: BenefitEnrolment.schema, column: "beneficiary_id", onMerge: .move),
        .init(table: BenefitEnrolment.schema, column: "payee_id", onMerge: .move),
        // Payments made to or for the merged record follow it, so "paid once" holds for the person.
        .init(table: PayrollLine.schema, column: "beneficiary_id", onMerge: .move, key: .integer),
        .init(table: PayrollLine.schema, column: "payee_id", onMerge: .move, key: .integer),
    ]
    package static let territoryReferences: [TerritoryReference] = [
        .init(table: BenefitApplication.schema, column: "territory_path", holds: .path, onChange: .follow),
        .init(table: EmergencyMeasure.schema, column: "territory_paths", holds: .pathList, onChange: .follow),
        .init(table: PayrollCycle.schema, column: "territory_id", holds: .id, onChange: .follow),
        .init(table: PayrollCycle.schema, column: "territory_path", holds: .path, onChange: .follow,
              uniqueWith: ["programme", "month"]),
        .init(table: PayrollLine.schema, column: "territory_path", holds: .path, onChange: .follow),
    ]

    /// Two live enrolments or open applications in one programme, or two payments for one month,
    /// would become one person paid twice: an officer ends or rejects one first.
    package static func mergeRefusal(survivor: UUID, merged: UUID, on sql: any SQLDatabase) async throws -> String? {
        for (table, live) in [(BenefitEnrolment.schema, "status <> 'ended'"), (BenefitApplication.schema, "status IN ('intake', 'submitted')")] {
            let clash = try await sql.raw("""
                SELECT COUNT(*) AS n FROM \(ident: table) a JOIN \(ident: table) b ON a.programme = b.programme \
                WHERE a.beneficiary_id = \(bind: survivor) AND b.beneficiary_id = \(bind: merged) \
                AND a.\(unsafeRaw: live) AND b.\(unsafeRaw: live)
                """).first()?.decode(column: "n", as: Int.self) ?? 0
            if clash > 0 { return "registry.merge_benefits_clash" }
        }
        // The same pairs of lines the unique indexes payroll_lines_once and payroll_lines_top_up_once guard.
        let paidTwice = try await sql.raw("""
            SELECT COUNT(*) AS n FROM payroll_lines a JOIN payroll_lines b ON a.programme = b.programme AND a.pay_month = b.pay_month \
            AND a.kind = b.kind AND (a.kind = 'regular' OR (a.kind = 'top_up' AND a.measure_id = b.measure_id)) \
            WHERE a.beneficiary_id = \(bind: survivor) AND b.beneficiary_id = \(bind: merged) \
            AND a.status <> 'failed' AND b.status <> 'failed'
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        return paidTwice > 0 ? "registry.merge_paid_twice" : nil
    }

    /// Applications, enrolments and payments of the person, for those who may see benefits.
    package static func profileSection(for subject: ProfileSubject, req: Request) async throws -> (any Encodable & Sendable)? {
        guard let user = req.currentUser, AccessPolicy.allows(user.role, .viewBenefits) else { return nil }
        return try await BenefitsHistory.build(personID: subject.id, req: req, canTake: AccessPolicy.allows(user.role, .takeApplications))
    }

    package static func homeCards(for me: CurrentUser, req: Request) async throws -> [HomeCard] {
        try await benefitCards(for: me, req: req)
    }

    /// A child linked to the mother opens the birth grant and child care applications in the
    /// officer's queue (the birth is the application; the mother does not have to come in).
    package static func afterFamilyLink(child: UUID, adult: UUID, kind: String, in context: RegistryEventContext) async throws -> Int {
        guard kind == "mother",
              let child = try await Person.find(child, on: context.db), let mother = try await Person.find(adult, on: context.db) else { return 0 }
        return try await ApplicationService(db: context.db, actor: context.actor, audit: context.audit, now: context.now)
            .birthRegistered(child: child, mother: mother).count
    }

    /// The benefits queues: what waits for this officer or approver today.
    package static func benefitCards(for me: CurrentUser, req: Request) async throws -> [HomeCard] {
        let db = req.db
        func applications(_ status: ApplicationStatus) async throws -> Int {
            var query = BenefitApplication.query(on: db).filter(\.$status == status.rawValue)
            query = query.within(\.$territoryPath, me.scope)
            return try await query.count()
        }
        var cards: [HomeCard] = []
        if AccessPolicy.allows(me.role, .takeApplications) {
            cards.append(.init(label: req.t("home.card.applications_intake"), count: try await applications(.intake),
                               href: AppRoute.applications.path + "?status=intake"))
            cards.append(.init(label: req.t("enrolments.review"), count: try await EnrolmentController.reviewCount(req),
                               href: AppRoute.enrolmentReview.path))
        }
        if AccessPolicy.allows(me.role, .decideApplications) {
            cards.append(.init(label: req.t("decisions.title"), count: try await applications(.submitted), href: AppRoute.decisions.path))
        }
        if AccessPolicy.allows(me.role, .approvePayroll) {
            var cycles = PayrollCycle.query(on: db).filter(\.$status == PayrollStatus.computed.rawValue)
            cycles = cycles.within(\.$territoryPath, me.scope)
            cards.append(.init(label: req.t("home.card.payroll_to_approve"), count: try await cycles.count(), href: AppRoute.payroll.path))
        }
        return cards
    }
}

extension BenefitApplication: ScopedRecord {
    package var scopeTerritoryPath: String? { territoryPath }
}

extension PayrollCycle: ScopedRecord {
    package var scopeTerritoryPath: String? { territoryPath }
}
