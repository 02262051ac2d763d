import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// The reads behind the benefits pages and API: the application queues, one application's
/// people and enrolment, the enrolments waiting for review, the payroll cycles and one cycle's
/// lines and totals. A test calls them without HTTP; the controllers only render.
package struct BenefitsQueries {
    package let db: any Database

    package init(db: any Database) { self.db = db }

    /// A page of the applications in `scope` in one of `statuses`, of `programme` when it is one,
    /// oldest first, with their beneficiary and applicant.
    package func applications(scope: Scope, statuses: [String], programme: String?, page: Int, perPage: Int) async throws -> Pager<BenefitApplication> {
        var query = BenefitApplication.query(on: db).filter(\.$status ~~ statuses)
            .with(\.$beneficiary).with(\.$applicant).sort(\.$createdAt, .ascending)
        if let path = scope.territoryPath { query = query.filter(\.$territoryPath =~ path) }
        if let programme, Programme(rawValue: programme) != nil { query = query.filter(\.$programme == programme) }
        return try await query.readPage(page, perPage: perPage)
    }

    /// The staff who took and decided an application, by id, and the enrolment it opened.
    package func record(of application: BenefitApplication) async throws -> (staff: [UUID: String], enrolment: BenefitEnrolment?) {
        let people = try await User.query(on: db).filter(\.$id ~~ [application.takenBy, application.decidedBy].compactMap { $0 }).all()
        let enrolment = try await BenefitEnrolment.query(on: db).filter(\.$applicationID == application.id).first()
        return (Dictionary(uniqueKeysWithValues: people.map { ($0.id!, $0.fullName) }), enrolment)
    }

    /// Enrolments waiting for an officer's review, of beneficiaries in `scope`.
    package func enrolmentsToReview(scope: Scope) -> QueryBuilder<BenefitEnrolment> {
        var query = BenefitEnrolment.query(on: db).filter(\.$reviewPending == true)
            .join(Person.self, on: \BenefitEnrolment.$beneficiary.$id == \Person.$id)
        if let path = scope.territoryPath { query = query.filter(Person.self, \.$territoryPath =~ path) }
        return query
    }

    /// The payroll cycles in `scope`, newest month first (the latest 100), with their territory.
    package func cycles(scope: Scope) async throws -> [PayrollCycle] {
        var query = PayrollCycle.query(on: db).with(\.$territory).sort(\.$month, .descending).sort(\.$number, .descending)
        if let path = scope.territoryPath { query = query.filter(\.$territoryPath =~ path) }
        return try await query.limit(100).all()
    }

    /// A page of a cycle's lines, in the order they were computed.
    package func lines(of cycleID: UUID, page: Int, perPage: Int) async throws -> Pager<PayrollLine> {
        try await PayrollLine.query(on: db).filter(\.$cycle.$id == cycleID).sort(\.$id).readPage(page, perPage: perPage)
    }

    /// A cycle's lines and total by kind (regular, adjustment, top-up), in teňňe.
    package func totalsByKind(of cycleID: UUID) async throws -> [(kind: String, lines: Int, total: Int64)] {
        try await (db as! any SQLDatabase).raw("""
            SELECT kind, COUNT(*) AS n, COALESCE(SUM(amount), 0) AS total FROM payroll_lines WHERE cycle_id = \(bind: cycleID) \
            GROUP BY kind ORDER BY kind
            """).all().map { (try $0.decode(column: "kind", as: String.self), try $0.decode(column: "n", as: Int.self), try PayrollService.decodeSum($0, "total")) }
    }

    /// How many of a cycle's lines failed and wait to be paid again (not yet asked for, not yet reissued).
    package func failedAwaitingReissue(in cycleID: UUID) async throws -> Int {
        try await (db as! any SQLDatabase).raw("""
            SELECT COUNT(*) AS n FROM payroll_lines l WHERE l.cycle_id = \(bind: cycleID) AND l.status = 'failed' \
            AND l.reissue_requested = \(bind: false) AND NOT EXISTS (SELECT 1 FROM payroll_lines r WHERE r.reissue_of = l.id)
            """).first()?.decode(column: "n", as: Int.self) ?? 0
    }
}

extension Request {
    package var benefitsQueries: BenefitsQueries { BenefitsQueries(db: db) }
}
