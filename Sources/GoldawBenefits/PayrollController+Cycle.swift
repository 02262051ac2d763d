import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

extension PayrollController {
    package struct GroupRow: Encodable {
        package let channel: String
        package let territory: String
        package let lines: Int
        package let total: String
        package let href: String
    }

    package struct KindRow: Encodable {
        package let kind: String
        package let lines: Int
        package let total: String
    }

    package struct LineRow: Encodable {
        package let id: String
        package let payee: String
        package let beneficiaryHref: String
        package let month: String
        package let kind: String
        package let amount: String
        package let parameters: String
        package let status: String
        package let statusCode: String
        package let channel: String
    }

    package struct Step: Encodable {
        package let label: String
        package let done: Bool
        package let current: Bool

        package init(label: String, done: Bool, current: Bool) {
            self.label = label
            self.done = done
            self.current = current
        }
    }

    package struct CycleContent: Encodable {
        package let listHref: String
        package let number: String
        package let programme: String
        package let territory: String
        package let month: String
        package let status: String
        package let statusCode: String
        package let steps: [Step]
        package let lines: Int
        package let total: String
        package let unconfirmed: Bool
        package let computedAt: String?
        package let approvedAt: String?
        package let paidAt: String?
        package let reconciledAt: String?
        package let version: Int
        package let groups: [GroupRow]
        package let kinds: [KindRow]
        package let lineRows: [LineRow]
        package let failed: Int
        package let canCompute: String?
        package let canApprove: String?
        package let canMarkPaid: String?
        package let canReconcile: String?
        package let canReissue: String?
        package let ownComputation: Bool
        package let errors: [String: String]
        package let pager: PageLinks
    }

    package static let linesPerPage = 100

    /// The cycle's lines and total by kind (regular, adjustment, top-up).
    package static func kindRows(_ cycleID: UUID, _ req: Request) async throws -> [KindRow] {
        try await req.benefitsQueries.totalsByKind(of: cycleID).map {
            KindRow(kind: req.t("payroll.kind.\($0.kind)"), lines: $0.lines, total: BenefitsViews.money($0.total))
        }
    }

    package static func renderCycle(_ req: Request, _ cycle: PayrollCycle, errors: [String: String] = [:],
                            status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try await req.require(.viewPayroll)
        let service = req.payroll
        let groups = try await service.groups(cycle)
        let names = try await BenefitsViews.territoryNames(groups.map(\.territoryPath), req)
        let cycleID = try cycle.requireID()
        let kinds = try await kindRows(cycleID, req)
        let queries = req.benefitsQueries
        let lines = try await queries.lines(of: cycleID, page: req.pageNumber, perPage: linesPerPage)
        let failed = try await queries.failedAwaitingReissue(in: cycleID)
        let current = PayrollStatus(rawValue: cycle.status) ?? .draft
        let order = PayrollStatus.allCases
        // A step is offered to whoever may take it, on a cycle in the status it starts from.
        func offered(_ step: PayrollStep) -> String? {
            guard AccessPolicy.allows(user.role, step.action), step.from.map({ $0 == current }) ?? (failed > 0) else { return nil }
            return AppRoute.payrollStep(cycleID, step).path
        }
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
            lineRows: lines.rows.map { line in
                LineRow(id: String(line.id ?? 0), payee: line.payeeName, beneficiaryHref: AppRoute.person(line.beneficiaryID).path,
                        month: BenefitMonth(iso: line.payMonth)?.display ?? line.payMonth, kind: req.t("payroll.kind.\(line.kind)"),
                        amount: BenefitsViews.money(line.amount), parameters: line.parameters,
                        status: req.t("payroll.line.\(line.status)") + (line.failureReason.map { ": \($0)" } ?? ""),
                        statusCode: line.status, channel: req.t("payment.channel.\(line.channel)"))
            },
            failed: failed,
            canCompute: offered(.compute), canApprove: offered(.approve), canMarkPaid: offered(.paid),
            canReconcile: offered(.reconcile), canReissue: offered(.reissue),
            ownComputation: PayrollApproval.refusal(status: .computed, usesUnconfirmed: false, computedBy: cycle.computedBy, approver: user.id) == .ownComputation, errors: errors,
            pager: lines.links(AppRoute.payrollCycle(cycleID).path)))
    }

    @Sendable package static func show(req: Request) async throws -> Response {
        let cycle = try await load(req, .viewPayroll)
        return try await renderCycle(req, cycle)
    }

    package struct StepForm: Content {
        package var version: Int?
        package var file: File?
    }

    package static func advance(req: Request, step: PayrollStep) async throws -> Response {
        let action = step.action
        let cycle = try await load(req, action)
        let form = try req.content.decode(StepForm.self)
        let service = req.payroll
        do {
            switch step {
            case .compute: try await service.compute(cycle, expectedVersion: form.version ?? -1)
            case .approve: try await service.approve(cycle, expectedVersion: form.version ?? -1)
            case .paid: try await service.markPaid(cycle, expectedVersion: form.version ?? -1)
            case .reissue: _ = try await service.requestReissue(cycle)
            case .reconcile:
                guard let file = form.file, file.data.readableBytes > 0,
                      let text = ImportService.text(from: Data(buffer: file.data)) else {
                    throw AppError.invalid([.init(field: "file", key: "import.no_file")])
                }
                let summary = try await service.reconcile(cycle, csv: text)
                return req.redirect(to: .payrollCycle(cycle.id!), flash: summary.reconciled ? "payroll.reconciled" : "payroll.partly_reconciled")
            }
            return req.redirect(to: .payrollCycle(cycle.id!), flash: "payroll.step.\(step.rawValue)")
        } catch AppError.invalid(let problems) {
            let fresh = try await load(req, action)
            let messages = problems.map { req.t($0.key) }
            return try await renderCycle(req, fresh, errors: ["action": messages.joined(separator: " ")], status: .unprocessableEntity)
        } catch AppError.conflict(let key) {
            let fresh = try await load(req, action)
            return try await renderCycle(req, fresh, errors: ["action": req.t(key)], status: .conflict)
        }
    }

    @Sendable package static func export(req: Request) async throws -> Response {
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
    package struct ApproveContent: Encodable {
        package let number: String
        package let programme: String
        package let territory: String
        package let month: String
        package let lines: Int
        package let total: String
        package let kinds: [KindRow]
        package let unconfirmed: Bool
        package let ownComputation: Bool
        package let computed: Bool
        package let action: String
        package let cancelHref: String
        package let version: Int
    }

    /// The approver's look at the totals before approving: the last step where lines can be stopped.
    @Sendable package static func approvePage(req: Request) async throws -> Response {
        let cycle = try await load(req, .approvePayroll)
        let user = try await req.require(.approvePayroll)
        let cycleID = try cycle.requireID()
        let kinds = try await kindRows(cycleID, req)
        return try await req.page("benefits/approve", titleKey: "payroll.approve", ApproveContent(
            number: cycle.number, programme: req.t("programme.\(cycle.programme)"), territory: cycle.territory.name(req.locale),
            month: BenefitMonth(iso: cycle.month)?.display ?? cycle.month, lines: cycle.lineCount, total: BenefitsViews.money(cycle.total),
            kinds: kinds, unconfirmed: cycle.usesUnconfirmed, ownComputation: PayrollApproval.refusal(status: .computed, usesUnconfirmed: false, computedBy: cycle.computedBy, approver: user.id) == .ownComputation,
            computed: cycle.status == PayrollStatus.computed.rawValue,
            action: AppRoute.payrollStep(cycleID, .approve).path, cancelHref: AppRoute.payrollCycle(cycleID).path, version: cycle.version))
    }
}
