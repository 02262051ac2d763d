import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawBenefits

/// The desk's query: grievances in the user's scope, filtered by status, category, SLA state
/// or a number / tracking code / subject reference, most urgent first. Every filter is a
/// comparison on an indexed column (see M009), the SLA ones too, through the stored dates.
package struct GrievanceDesk {
    package let db: any Database

    /// "" means the active ones (what the desk is for); "all" means every status.
    package struct Query: Sendable {
        package var status = ""
        package var category = ""
        package var sla = ""
        package var text = ""
        package var page = 1
        package var perPage = 25

        package init(status: String = "", category: String = "", sla: String = "", text: String = "", page: Int = 1, perPage: Int = 25) {
            self.status = status
            self.category = category
            self.sla = sla
            self.text = text
            self.page = page
            self.perPage = perPage
        }
    }

    /// Names the query's unknown values, for the API; the page just ignores them.
    package static func problems(_ query: Query) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if !query.status.isEmpty && query.status != "all" && GrievanceStatus(rawValue: query.status) == nil {
            problems.append(.init(field: "status", key: "validation.choose"))
        }
        if !query.category.isEmpty && GrievanceCategory(rawValue: query.category) == nil {
            problems.append(.init(field: "category", key: "validation.choose"))
        }
        if !query.sla.isEmpty && SLAState(rawValue: query.sla) == nil { problems.append(.init(field: "sla", key: "validation.choose")) }
        if !(1...Paging.maxPage).contains(query.page) { problems.append(.init(field: "page", key: "validation.range")) }
        if !(1...APIController.maxPageSize).contains(query.perPage) { problems.append(.init(field: "perPage", key: "validation.range")) }
        return problems
    }

    package func run(_ query: Query, scope: Scope, today: CalendarDate) async throws -> Pager<Grievance> {
        var builder = Grievance.query(on: db)
        switch scope.kind {
        case .national: break
        case .region, .district:
            builder = builder.under(\.$territoryPath, scope.territoryPath ?? "/none/")
        case .organisation:
            return .empty(page: query.page, perPage: query.perPage)   // no organisation-bound role works the desk
        }
        // Children's complaints are read by the office they are addressed to, never at the desk.
        builder = builder.filter(\.$recipient == ComplaintRecipient.desk.rawValue)
        let active = GrievanceStatus.active.map(\.rawValue)
        if let status = GrievanceStatus(rawValue: query.status) {
            builder = builder.filter(\.$status == status.rawValue)
        } else if query.status != "all" {
            builder = builder.filter(\.$status ~~ active)
        }
        if let category = GrievanceCategory(rawValue: query.category) {
            builder = builder.filter(\.$category == category.rawValue)
        }
        let day = today.iso
        switch SLAState(rawValue: query.sla) {
        case .breached?: builder = builder.filter(\.$status ~~ active).filter(\.$dueDate < day)
        case .atRisk?: builder = builder.filter(\.$status ~~ active).filter(\.$riskDate <= day).filter(\.$dueDate >= day)
        case .onTrack?: builder = builder.filter(\.$status ~~ active).filter(\.$riskDate > day)
        case nil: break
        }
        let text = query.text.trimmingCharacters(in: .whitespaces).uppercased()
        if !text.isEmpty {
            let code = TrackingCode.normalise(text)
            builder = builder.group(.or) { group in
                group.filter(\.$number == text).filter(\.$subjectReference == text)
                if let code { group.filter(\.$trackingCode == code) }
            }
        }
        // Pending work by deadline; finished work newest first.
        if query.status.isEmpty || GrievanceStatus(rawValue: query.status)?.isActive == true || !query.sla.isEmpty {
            builder = builder.sort(\.$dueDate).sort(\.$number)
        } else {
            builder = builder.sort(\.$lodgedAt, .descending).sort(\.$number, .descending)
        }
        return try await builder.readPage(query.page, perPage: query.perPage)
    }
}
