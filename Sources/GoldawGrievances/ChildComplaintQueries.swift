import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawBenefits

/// The reads of the children's complaints pages and API: the complaints addressed to one
/// office (the etrap's social services or the independent monitor) inside a scope, most
/// urgent first. Everything else of the desk (`GrievanceDesk`) never shows them.
package struct ChildComplaintQueries {
    package let db: any Database

    package struct Filter: Sendable {
        /// "" the active ones, "all", or a `GrievanceStatus`.
        package var status = ""
        /// "" every kind, or a `ChildComplaintKind`.
        package var kind = ""
        package var page = 1
        package var perPage = 25

        package init(status: String = "", kind: String = "", page: Int = 1, perPage: Int = 25) {
            self.status = status
            self.kind = kind
            self.page = page
            self.perPage = perPage
        }
    }

    package static func problems(_ filter: Filter) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if !filter.status.isEmpty && filter.status != "all" && GrievanceStatus(rawValue: filter.status) == nil {
            problems.append(.init(field: "status", key: "validation.choose"))
        }
        if !filter.kind.isEmpty && ChildComplaintKind(rawValue: filter.kind) == nil { problems.append(.init(field: "kind", key: "validation.choose")) }
        return problems
    }

    /// The complaints addressed to `office` in `scope`.
    package func scoped(office: ComplaintRecipient, scope: Scope) -> QueryBuilder<Grievance> {
        Grievance.query(on: db).filter(\.$recipient == office.rawValue).within(\.$territoryPath, scope)
    }

    package func list(_ filter: Filter, office: ComplaintRecipient, scope: Scope) async throws -> Pager<Grievance> {
        var query = scoped(office: office, scope: scope)
        if let status = GrievanceStatus(rawValue: filter.status) {
            query = query.filter(\.$status == status.rawValue)
        } else if filter.status != "all" {
            query = query.filter(\.$status ~~ GrievanceStatus.active.map(\.rawValue))
        }
        if let kind = ChildComplaintKind(rawValue: filter.kind) { query = query.filter(\.$category == kind.rawValue) }
        if filter.status.isEmpty || GrievanceStatus(rawValue: filter.status)?.isActive == true {
            query = query.sort(\.$dueDate).sort(\.$number)
        } else {
            query = query.sort(\.$lodgedAt, .descending).sort(\.$number, .descending)
        }
        return try await query.readPage(filter.page, perPage: filter.perPage)
    }

    /// Complaints waiting for an answer, for the home card.
    package func activeCount(office: ComplaintRecipient, scope: Scope) async throws -> Int {
        try await scoped(office: office, scope: scope).filter(\.$status ~~ GrievanceStatus.active.map(\.rawValue)).count()
    }
}

extension Request {
    /// The office whose children's complaints the user reads (403 when none).
    package func childComplaintOffice() async throws -> (CurrentUser, ComplaintRecipient) {
        let me = try await require(.handleChildComplaints)
        guard let office = ChildComplaintRouting.office(of: me.role) else { throw AppError.forbidden }
        return (me, office)
    }

    /// A child's complaint the user reads: addressed to their office and in their scope. Any
    /// other answers 404, a desk complaint included, so existence does not leak.
    package func loadChildComplaint() async throws -> Grievance {
        let (_, office) = try await childComplaintOffice()
        return try await load(Grievance.self, .handleChildComplaints) { $0.filter(\.$recipient == office.rawValue) }
    }
}
