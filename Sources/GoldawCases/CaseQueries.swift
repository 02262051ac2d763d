import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawSocialServices

/// The queries behind the case list, the supervisor's queue and the home page, each limited to
/// the user's scope with one indexed prefix test on `territory_path`.
package struct CaseQueries {
    package let db: any Database

    package struct Filter {
        package var risk = ""
        package var step = ""
        package var concern = ""
        package var worker = ""
        package var territory = ""
        package var overdue = false
        package var text = ""
        package var page = 1

        package init(risk: String = "", step: String = "", concern: String = "", worker: String = "", territory: String = "", overdue: Bool = false, text: String = "", page: Int = 1) {
            self.risk = risk
            self.step = step
            self.concern = concern
            self.worker = worker
            self.territory = territory
            self.overdue = overdue
            self.text = text
            self.page = page
        }
    }

    package static let pageSize = 25

    package func scoped(_ scope: Scope) -> QueryBuilder<CaseRecord> {
        CaseRecord.query(on: db).within(\.$territoryPath, scope)
    }

    /// Ids of cases in scope with a deadline past and not met.
    package func overdueCaseIDs(scope: Scope, now: Date) async throws -> [UUID] {
        var query = CaseTask.query(on: db).filter(\.$doneAt == nil).filter(\.$dueAt < now)
        query = query.within(\.$territoryPath, scope)
        return Array(Set(try await query.all(\.$caseRecord.$id)))
    }

    package func list(_ filter: Filter, scope: Scope, now: Date = AppClock.now) async throws -> Pager<CaseRecord> {
        var query = scoped(scope)
        if let risk = RiskLevel(rawValue: filter.risk) { query = query.filter(\.$riskLevel == risk.rawValue) }
        if filter.risk == "none" { query = query.filter(\.$riskLevel == nil) }
        if let step = CaseStep(rawValue: filter.step) { query = query.filter(\.$step == step.rawValue) }
        else if filter.step != "all" { query = query.filter(\.$step != CaseStep.closed.rawValue) }
        if !filter.concern.isEmpty, filter.concern.allSatisfy({ $0.isLetter || $0 == "_" }) {
            query = query.filter(\.$concerns, .custom("LIKE"), "%,\(filter.concern),%")
        }
        if let worker = UUID(uuidString: filter.worker) { query = query.filter(\.$worker.$id == worker) }
        if !filter.territory.isEmpty,
           let territory = try await Territory.query(on: db).filter(\.$code == filter.territory).first() {
            query = query.under(\.$territoryPath, territory.path)
        }
        if filter.overdue { query = query.filter(\.$id ~~ (try await overdueCaseIDs(scope: scope, now: now))) }
        let text = filter.text.trimmingCharacters(in: .whitespaces).uppercased()
        if !text.isEmpty { query = query.filter(\.$number == text) }
        return try await query.sort(\.$riskRank).sort(\.$urgent, .descending).sort(\.$registeredAt, .descending)
            .with(\.$child).with(\.$worker).readPage(filter.page, perPage: Self.pageSize)
    }

    /// Requests waiting for a decision in scope, oldest first.
    package func pendingApprovals(scope: Scope) async throws -> [CaseApproval] {
        var query = CaseApproval.query(on: db).filter(\.$status == ApprovalStatus.requested.rawValue)
        query = query.within(\.$territoryPath, scope)
        return try await query.sort(\.$requestedAt).with(\.$caseRecord).limit(200).all()
    }

    /// Open deadlines in scope (optionally one worker's), due before `until`, earliest first.
    package func openTasks(scope: Scope, worker: UUID?, until: Date) async throws -> [CaseTask] {
        var query = CaseTask.query(on: db).filter(\.$doneAt == nil).filter(\.$dueAt < until)
        if let worker { query = query.filter(\.$workerID == worker) }
        query = query.within(\.$territoryPath, scope)
        return try await query.sort(\.$dueAt).with(\.$caseRecord).limit(100).all()
    }

    /// Open cases counted by risk (nil = not yet assessed) and step: one GROUP BY for a scope,
    /// the rows themselves for one worker's caseload (a few dozen at most).
    package func counts(scope: Scope, worker: UUID? = nil) async throws -> [(risk: String?, step: String, count: Int)] {
        if let worker {
            let rows = try await scoped(scope).filter(\.$step != CaseStep.closed.rawValue).filter(\.$worker.$id == worker).all()
            var tally: [String: Int] = [:]
            for row in rows { tally["\(row.riskLevel ?? "-")|\(row.step)", default: 0] += 1 }
            return tally.map { key, count in
                let parts = key.split(separator: "|").map(String.init)
                return (parts[0] == "-" ? nil : parts[0], parts[1], count)
            }
        }
        let sql = db as! any SQLDatabase
        var select = sql.select().column("risk_level").column("step")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(CaseRecord.schema).where("step", .notEqual, SQLBind(CaseStep.closed.rawValue))
        if scope.kind != .national {
            select = select.where("territory_path", .like, SQLBind(TerritoryPath.likePattern(scope.territoryPath ?? "/none/")))
        }
        struct Row: Decodable { let risk_level: String?; let step: String; let n: Int }
        return try await select.groupBy("risk_level").groupBy("step").all(decoding: Row.self).map { ($0.risk_level, $0.step, $0.n) }
    }
}
