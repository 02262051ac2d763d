import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawSocialServices

/// The case section of the home page. A social worker sees their own cases by risk and step,
/// their overdue and upcoming deadlines and the approvals they wait for; a supervisor sees the
/// team's caseload per worker, every overdue deadline in scope and the requests to decide.
package struct CaseHome: Encodable {
    package struct Count: Encodable { package let label: String; package let count: Int; package let href: String }
    package struct TaskRow: Encodable { package let href: String; package let number: String; package let kind: String; package let due: String; package let css: String }
    package struct ApprovalRow: Encodable { package let href: String; package let number: String; package let kind: String; package let requested: String; package let by: String }
    package struct WorkerRow: Encodable { package let name: String; package let href: String; package let cells: [Int]; package let total: Int; package init(name: String, href: String, cells: [Int], total: Int) { self.name = name; self.href = href; self.cells = cells; self.total = total } }

    package let byRisk: [Count]
    package let byStep: [Count]
    package let overdue: [TaskRow]
    package let upcoming: [TaskRow]
    package let waiting: [ApprovalRow]
    package let pending: [ApprovalRow]?
    package let caseload: [WorkerRow]?
    /// Open cases nobody holds yet (supervisors only).
    package let unassigned: [ApprovalRow]?
    /// Transfers proposed into the supervisor's scope, waiting for their decision.
    package let incoming: [ApprovalRow]?
    package let risks: [String]
    package let listHref: String
    package let overdueHref: String

    package static func build(for me: CurrentUser, req: Request) async throws -> CaseHome? {
        let supervisor = AccessPolicy.allows(me.role, .superviseCases)
        guard AccessPolicy.allows(me.role, .workCases) || supervisor else { return nil }
        let queries = CaseQueries(db: req.db)
        let now = AppClock.now
        let mine: UUID? = supervisor ? nil : me.id
        let tally = try await queries.counts(scope: me.scope, worker: mine)
        func listHref(_ params: [String: String]) -> String {
            var items = URLComponents()
            let all = params.merging(mine.map { ["worker": $0.uuidString] } ?? [:]) { a, _ in a }
            items.queryItems = all.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
            return AppRoute.cases.path + (all.isEmpty ? "" : "?" + (items.percentEncodedQuery ?? ""))
        }
        let byRisk = RiskLevel.allCases.map { risk in
            Count(label: req.t("case.risk.\(risk.rawValue)"), count: tally.filter { $0.risk == risk.rawValue }.reduce(0) { $0 + $1.count },
                  href: listHref(["risk": risk.rawValue]))
        } + [Count(label: req.t("case.risk.none"), count: tally.filter { $0.risk == nil }.reduce(0) { $0 + $1.count },
                   href: listHref(["risk": "none"]))]
        let byStep = CaseStep.open.map { step in
            Count(label: req.t("case.step.\(step.rawValue)"), count: tally.filter { $0.step == step.rawValue }.reduce(0) { $0 + $1.count },
                  href: listHref(["step": step.rawValue]))
        }
        let tasks = try await queries.openTasks(scope: me.scope, worker: mine, until: now.addingTimeInterval(7 * 86400))
        func row(_ task: CaseTask) -> TaskRow {
            let state = CaseDeadlines.state(due: task.dueAt.timeIntervalSince1970, done: nil, now: now.timeIntervalSince1970)
            return TaskRow(href: AppRoute.caseRecord(task.$caseRecord.id).path, number: task.caseRecord.number,
                           kind: req.t("case.deadline.\(task.kind)"), due: DisplayFormat.dateTime(task.dueAt), css: CasePage.taskClass(state))
        }
        func approvalRow(_ approval: CaseApproval) -> ApprovalRow {
            ApprovalRow(href: AppRoute.caseRecord(approval.$caseRecord.id).path, number: approval.caseRecord.number,
                        kind: req.t("case.approval.kind.\(approval.kind)"), requested: DisplayFormat.dateTime(approval.requestedAt),
                        by: approval.requestedByName)
        }
        let waiting = try await CaseApproval.query(on: req.db).filter(\.$requestedBy == me.id)
            .filter(\.$status == ApprovalStatus.requested.rawValue).sort(\.$requestedAt).with(\.$caseRecord).limit(50).all()
        var pending: [ApprovalRow]?
        var caseload: [WorkerRow]?
        var unassigned: [ApprovalRow]?
        var incoming: [ApprovalRow]?
        if supervisor {
            var transfers = CaseTransfer.query(on: req.db).filter(\.$status == TransferStatus.proposed.rawValue)
            transfers = transfers.within(\.$toPath, me.scope)
            incoming = try await transfers.sort(\.$proposedAt).with(\.$caseRecord).limit(50).all().map {
                ApprovalRow(href: AppRoute.caseTransfer($0.id!).path, number: $0.caseRecord.number, kind: req.t("case.transfer.title_short"),
                            requested: DisplayFormat.dateTime($0.proposedAt), by: $0.proposedByName ?? "—")
            }
            unassigned = try await queries.scoped(me.scope).filter(\.$worker.$id == nil).filter(\.$step != CaseStep.closed.rawValue)
                .sort(\.$riskRank).sort(\.$registeredAt).limit(50).all().map {
                    ApprovalRow(href: AppRoute.caseRecord($0.id!).path, number: $0.number,
                                kind: $0.risk.map { req.t("case.risk.\($0.rawValue)") } ?? req.t("case.risk.none"),
                                requested: DisplayFormat.dateTime($0.registeredAt), by: req.t("case.step.\($0.step)"))
                }
            pending = try await queries.pendingApprovals(scope: me.scope).map(approvalRow)
            var rows: [WorkerRow] = []
            for worker in try await CasesController.caseWorkers(req, scope: me.scope) {
                let theirs = try await queries.counts(scope: me.scope, worker: worker.id!)
                let cells = RiskLevel.allCases.map { risk in theirs.filter { $0.risk == risk.rawValue }.reduce(0) { $0 + $1.count } }
                    + [theirs.filter { $0.risk == nil }.reduce(0) { $0 + $1.count }]
                var items = URLComponents()
                items.queryItems = [URLQueryItem(name: "worker", value: worker.id!.uuidString)]
                rows.append(WorkerRow(name: worker.fullName, href: AppRoute.cases.path + "?" + (items.percentEncodedQuery ?? ""),
                                      cells: cells, total: cells.reduce(0, +)))
            }
            caseload = rows
        }
        return CaseHome(
            byRisk: byRisk, byStep: byStep,
            overdue: tasks.filter { $0.dueAt < now }.map(row), upcoming: tasks.filter { $0.dueAt >= now }.map(row),
            waiting: waiting.map(approvalRow), pending: pending, caseload: caseload, unassigned: unassigned, incoming: incoming,
            risks: RiskLevel.allCases.map { req.t("case.risk.\($0.rawValue)") } + [req.t("case.risk.none")],
            listHref: listHref([:]), overdueHref: listHref(["overdue": "1"]))
    }
}

/// One line of the "Cases" section on a person's profile.
package struct CaseSummary: Encodable {
    package let number: String
    package let href: String
    package let step: String
    package let risk: String?

    package static func forPerson(_ id: UUID, req: Request) async throws -> [CaseSummary] {
        let scope = req.currentUser?.scope ?? .national
        return try await CaseRecord.query(on: req.db).filter(\.$child.$id == id).sort(\.$registeredAt, .descending).all()
            .filter { scope.contains(territoryPath: $0.territoryPath) }.map {
            CaseSummary(number: $0.number, href: AppRoute.caseRecord($0.id!).path, step: req.t("case.step.\($0.step)"),
                        risk: $0.risk.map { req.t("case.risk.\($0.rawValue)") })
        }
    }
}
