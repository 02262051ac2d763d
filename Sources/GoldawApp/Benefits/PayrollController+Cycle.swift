import Fluent
import SQLKit
import Vapor
import GoldawCore

extension PayrollController {
    struct GroupRow: Encodable {
        let channel: String
        let territory: String
        let lines: Int
        let total: String
        let href: String
    }

    struct KindRow: Encodable {
        let kind: String
        let lines: Int
        let total: String
    }

    struct LineRow: Encodable {
        let id: String
        let payee: String
        let beneficiaryHref: String
        let month: String
        let kind: String
        let amount: String
        let parameters: String
        let status: String
        let statusCode: String
        let channel: String
    }

    struct Step: Encodable {
        let label: String
        let done: Bool
        let current: Bool
    }

    struct CycleContent: Encodable {
        let listHref: String
        let number: String
        let programme: String
        let territory: String
        let month: String
        let status: String
        let statusCode: String
        let steps: [Step]
        let lines: Int
        let total: String
        let unconfirmed: Bool
        let computedAt: String?
        let approvedAt: String?
        let paidAt: String?
        let reconciledAt: String?
        let version: Int
        let groups: [GroupRow]
        let kinds: [KindRow]
        let lineRows: [LineRow]
        let failed: Int
        let canCompute: String?
        let canApprove: String?
        let canMarkPaid: String?
        let canReconcile: String?
        let canReissue: String?
        let ownComputation: Bool
        let errors: [String: String]
        let prevHref: String?
        let nextHref: String?
        let page: Int
    }

    static let linesPerPage = 100

    /// The cycle's lines and total by kind (regular, adjustment, top-up).
    static func kindRows(_ cycleID: UUID, _ req: Request) async throws -> [KindRow] {
        let sql = req.db as! any SQLDatabase
        return try await sql.raw("""
            SELECT kind, COUNT(*) AS n, COALESCE(SUM(amount), 0) AS total FROM payroll_lines WHERE cycle_id = \(bind: cycleID) \
            GROUP BY kind ORDER BY kind
            """).all().map { KindRow(kind: req.t("payroll.kind.\(try $0.decode(column: "kind", as: String.self))"),
                                     lines: try $0.decode(column: "n", as: Int.self),
                                     total: BenefitsViews.money(try PayrollService.decodeSum($0, "total"))) }
    }

    static func renderCycle(_ req: Request, _ cycle: PayrollCycle, errors: [String: String] = [:],
                            status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try await req.require(.viewPayroll)
        let service = req.payroll
        let groups = try await service.groups(cycle)
        let names = try await BenefitsViews.territoryNames(groups.map(\.territoryPath), req)
        let cycleID = try cycle.requireID()
        let sql = req.db as! any SQLDatabase
        let kinds = try await kindRows(cycleID, req)
        let page = req.pageNumber
        let lines = try await PayrollLine.query(on: req.db).filter(\.$cycle.$id == cycleID).sort(\.$id)
            .range((page - 1) * linesPerPage..<(page * linesPerPage + 1)).all()
        let failed = try await sql.raw("""
            SELECT COUNT(*) AS n FROM payroll_lines l WHERE l.cycle_id = \(bind: cycleID) AND l.status = 'failed' \
            AND l.reissue_requested = \(bind: false) AND NOT EXISTS (SELECT 1 FROM payroll_lines r WHERE r.reissue_of = l.id)
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        let current = PayrollStatus(rawValue: cycle.status) ?? .draft
        let order = PayrollStatus.allCases
        let runs = AccessPolicy.allows(user.role, .runPayroll)
        func step(_ name: String) -> String { AppRoute.payrollStep(cycleID, name).path }
        try await req.audit.record(.payrollViewed, recordType: "payroll", recordID: cycleID.uuidString, detail: cycle.number)
        return try await req.page("benefits/cycle", titleKey: "payroll.title", title: cycle.number, status: status, CycleContent(
            listHref: AppRoute.payroll.path, number: cycle.number, programme: req.t("programme.\(cycle.programme)"), territory: cycle.territory.name(req.locale),
            month: BenefitMonth(iso: cycle.month)?.display ?? cycle.month,
            status: req.t("payroll.status.\(cycle.status)"), statusCode: cycle.status,
            steps: order.map { Step(label: req.t("payroll.status.\($0.rawValue)"),
                                   done: order.firstIndex(of: $0)! < order.firstIndex(of: current)!, current: $0 == current) },
            lines: cycle.lineCount, total: BenefitsViews.money(cycle.total), unconfirmed: cycle.usesUnconfirmed,
            computedAt: cycle.computedAt.map(DisplayFormat.dateTime), approvedAt: cycle.approvedAt.map(DisplayFormat.dateTime),
            paidAt: cycle.paidAt.map(DisplayFormat.dateTime), reconciledAt: cycle.reconciledAt.map(DisplayFormat.dateTime),
            version: cycle.version,
            groups: groups.map { g in
                GroupRow(channel: req.t("payment.channel.\(g.channel)"), territory: names[g.territoryPath] ?? g.territoryPath, lines: g.lines,
                         total: BenefitsViews.money(g.total),
                         href: AppRoute.payrollExport(cycleID).path + "?channel=\(g.channel)&territory=\(g.territoryPath.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
            },
            kinds: kinds,
            lineRows: lines.prefix(linesPerPage).map { line in
                LineRow(id: String(line.id ?? 0), payee: line.payeeName, beneficiaryHref: AppRoute.person(line.beneficiaryID).path,
                        month: BenefitMonth(iso: line.payMonth)?.display ?? line.payMonth, kind: req.t("payroll.kind.\(line.kind)"),
                        amount: BenefitsViews.money(line.amount), parameters: line.parameters,
                        status: req.t("payroll.line.\(line.status)") + (line.failureReason.map { ": \($0)" } ?? ""),
                        statusCode: line.status, channel: req.t("payment.channel.\(line.channel)"))
            },
            failed: failed,
            canCompute: runs && current == .draft ? step("compute") : nil,
            canApprove: AccessPolicy.allows(user.role, .approvePayroll) && current == .computed ? step("approve") : nil,
            canMarkPaid: runs && current == .approved ? step("paid") : nil,
            canReconcile: runs && current == .paid ? step("reconcile") : nil,
            canReissue: runs && failed > 0 ? step("reissue") : nil,
            ownComputation: cycle.computedBy == user.id, errors: errors,
            prevHref: page > 1 ? AppRoute.payrollCycle(cycleID).path + "?page=\(page - 1)" : nil,
            nextHref: lines.count > linesPerPage ? AppRoute.payrollCycle(cycleID).path + "?page=\(page + 1)" : nil, page: page))
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let cycle = try await load(req, .viewPayroll)
        return try await renderCycle(req, cycle)
    }

    struct StepForm: Content {
        var version: Int?
        var file: File?
    }

    static func advance(req: Request, step: String) async throws -> Response {
        let action: Action = step == "approve" ? .approvePayroll : .runPayroll
        let cycle = try await load(req, action)
        let form = try req.content.decode(StepForm.self)
        let service = req.payroll
        do {
            switch step {
            case "compute": try await service.compute(cycle, expectedVersion: form.version ?? -1)
            case "approve": try await service.approve(cycle, expectedVersion: form.version ?? -1)
            case "paid": try await service.markPaid(cycle, expectedVersion: form.version ?? -1)
            case "reissue": _ = try await service.requestReissue(cycle)
            default:
                guard let file = form.file, file.data.readableBytes > 0,
                      let text = ImportService.text(from: Data(buffer: file.data)) else {
                    throw AppError.invalid([.init(field: "file", key: "import.no_file")])
                }
                let summary = try await service.reconcile(cycle, csv: text)
                return req.redirect(to: .payrollCycle(cycle.id!), flash: summary.reconciled ? "payroll.reconciled" : "payroll.partly_reconciled")
            }
            return req.redirect(to: .payrollCycle(cycle.id!), flash: "payroll.step.\(step)")
        } catch AppError.invalid(let problems) {
            let fresh = try await load(req, action)
            let messages = problems.map { req.t($0.key) }
            return try await renderCycle(req, fresh, errors: ["action": messages.joined(separator: " ")], status: .unprocessableEntity)
        } catch AppError.conflict(let key) {
            let fresh = try await load(req, action)
            return try await renderCycle(req, fresh, errors: ["action": req.t(key)], status: .conflict)
        }
    }

    @Sendable static func export(req: Request) async throws -> Response {
        let cycle = try await load(req, .runPayroll)
        guard let channel = (try? req.query.get(String.self, at: "channel")).flatMap(PaymentChannel.init(rawValue:)),
              let path = try? req.query.get(String.self, at: "territory") else { throw AppError.badRequest("payroll.export.choose") }
        guard [PayrollStatus.approved.rawValue, PayrollStatus.paid.rawValue, PayrollStatus.reconciled.rawValue].contains(cycle.status) else {
            throw AppError.conflict("payroll.not_approved")
        }
        let text = try await req.payroll.paymentList(cycle, channel: channel, territoryPath: path)
        let name = "\(cycle.number)-\(channel.rawValue)-\(path.split(separator: "/").last ?? "").csv"
        return CSVDownload.response(text, filename: name)
    }
}

extension PayrollController {
    struct ApproveContent: Encodable {
        let number: String
        let programme: String
        let territory: String
        let month: String
        let lines: Int
        let total: String
        let kinds: [KindRow]
        let unconfirmed: Bool
        let ownComputation: Bool
        let computed: Bool
        let action: String
        let cancelHref: String
        let version: Int
    }

    /// The approver's look at the totals before approving: the last step where lines can be stopped.
    @Sendable static func approvePage(req: Request) async throws -> Response {
        let cycle = try await load(req, .approvePayroll)
        let user = try await req.require(.approvePayroll)
        let cycleID = try cycle.requireID()
        let kinds = try await kindRows(cycleID, req)
        return try await req.page("benefits/approve", titleKey: "payroll.approve", ApproveContent(
            number: cycle.number, programme: req.t("programme.\(cycle.programme)"), territory: cycle.territory.name(req.locale),
            month: BenefitMonth(iso: cycle.month)?.display ?? cycle.month, lines: cycle.lineCount, total: BenefitsViews.money(cycle.total),
            kinds: kinds, unconfirmed: cycle.usesUnconfirmed, ownComputation: cycle.computedBy == user.id,
            computed: cycle.status == PayrollStatus.computed.rawValue,
            action: AppRoute.payrollStep(cycleID, "approve").path, cancelHref: AppRoute.payrollCycle(cycleID).path, version: cycle.version))
    }
}
