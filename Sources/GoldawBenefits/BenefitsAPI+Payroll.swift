import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

extension BenefitsAPI {
    package static func loadCycle(_ req: Request, _ action: Action) async throws -> PayrollCycle {
        try await PayrollController.load(req, action)
    }

    @Sendable package static func listCycles(req: Request) async throws -> Response {
        let user = try await req.require(.viewPayroll)
        let page = try req.apiPage()
        var query = PayrollCycle.query(on: req.db).sort(\.$month, .descending).sort(\.$number, .descending)
        if let path = user.scope.territoryPath { query = query.filter(\.$territoryPath =~ path) }
        let rows = try await query.readPage(page, perPage: perPage).rows
        return try await respond(CycleList(items: rows.map { dto($0) }), .ok, req)
    }

    @Sendable package static func createCycle(req: Request) async throws -> Response {
        try await req.require(.runPayroll)
        let input = try req.decodeStrictJSON(CycleInput.self, allowed: ["programme", "territoryCode", "month"])
        let cycle = try await req.payroll.create(programme: input.programme, territoryCode: input.territoryCode, month: input.month)
        return try await respond(dto(cycle), .created, req)
    }

    @Sendable package static func getCycle(req: Request) async throws -> Response {
        let cycle = try await loadCycle(req, .viewPayroll)
        try await req.audit.record(.payrollViewed, recordType: "payroll", recordID: cycle.id?.uuidString, detail: cycle.number)
        return try await respond(dto(cycle, groups: try await req.payroll.groups(cycle)), .ok, req)
    }

    /// The API's operation for each step of the cycle page: the same steps, the same rights.
    package static func operation(_ step: PayrollStep) -> APIOperation {
        let path = "/payroll/{id}/\(step.rawValue)"
        let answers: [Int: String?] = [200: "Cycle", 404: nil, 409: nil]
        return switch step {
        case .compute: op(.POST, path, "computePayrollCycle", "Compute a draft cycle (refused if already computed)",
                          parameters: [id], body: "VersionInput", responses: answers, handler(step))
        case .approve: op(.POST, path, "approvePayrollCycle", "Approve a computed cycle (not by whoever computed it)",
                          parameters: [id], body: "VersionInput", responses: answers, handler(step))
        case .paid: op(.POST, path, "markPayrollCyclePaid", "Record that the payment lists went out",
                       parameters: [id], body: "VersionInput", responses: answers, handler(step))
        case .reissue: op(.POST, path, "reissueFailedPayments", "Pay this cycle's failed lines again in the next computed cycle",
                          parameters: [id], responses: answers, handler(step))
        case .reconcile: op(.POST, path, "reconcilePayrollCycle",
                            "Send the payment results as text/csv with columns line,result,reason; unknown or repeated lines refuse the whole file",
                            parameters: [id], responses: [200: "ReconcileSummary", 404: nil, 409: nil, 422: nil], handler(step))
        }
    }

    package static func handler(_ step: PayrollStep) -> @Sendable (Request) async throws -> Response {
        { req in
            let cycle = try await loadCycle(req, step.action)
            func version() throws -> Int { try req.decodeStrictJSON(VersionInput.self, allowed: ["version"]).version }
            switch step {
            case .compute: try await req.payroll.compute(cycle, expectedVersion: try version())
            case .approve: try await req.payroll.approve(cycle, expectedVersion: try version())
            case .paid: try await req.payroll.markPaid(cycle, expectedVersion: try version())
            case .reissue: _ = try await req.payroll.requestReissue(cycle)
            case .reconcile:
                guard let buffer = req.body.data, let text = String(data: Data(buffer: buffer), encoding: .utf8) else {
                    throw AppError.invalid([.init(field: "file", key: "import.no_file")])
                }
                return try await respond(try await req.payroll.reconcile(cycle, csv: text), .ok, req)
            }
            let fresh = try await PayrollCycle.find(cycle.requireID(), on: req.db)!
            return try await respond(dto(fresh), .ok, req)
        }
    }

    @Sendable package static func lines(req: Request) async throws -> Response {
        let cycle = try await loadCycle(req, .viewPayroll)
        let page = try req.apiPage()
        let found = try await req.benefitsQueries.lines(of: try cycle.requireID(), page: page, perPage: 500)
        try await req.audit.record(.payrollViewed, recordType: "payroll", recordID: cycle.id?.uuidString, detail: "\(cycle.number) lines page \(page)")
        return try await respond(found.map {
            LineDTO(id: $0.id!, beneficiaryId: $0.beneficiaryID, payeeId: $0.payeeID, payeeName: $0.payeeName, payMonth: $0.payMonth,
                    kind: $0.kind, amount: $0.amount, parameters: $0.parameters, territoryPath: $0.territoryPath, channel: $0.channel,
                    status: $0.status, reissueOf: $0.reissueOf)
        }.api, .ok, req)
    }

    @Sendable package static func export(req: Request) async throws -> Response {
        let cycle = try await loadCycle(req, .runPayroll)
        guard let channel = (try? req.query.get(String.self, at: "channel")).flatMap(PaymentChannel.init(rawValue:)),
              let path = try? req.query.get(String.self, at: "territory") else {
            throw AppError.invalid([.init(field: "channel", key: "payroll.export.choose")])
        }
        guard [PayrollStatus.approved, .paid, .reconciled].map(\.rawValue).contains(cycle.status) else { throw AppError.conflict("payroll.not_approved") }
        return CSVDownload.response(try await req.payroll.paymentList(cycle, channel: channel, territoryPath: path), filename: nil)
    }

    @Sendable package static func totals(req: Request) async throws -> Response {
        let user = try await req.require(.viewBenefitTotals)
        guard let month = (try? req.query.get(String.self, at: "month")).flatMap(BenefitMonth.init(iso:)) else {
            throw AppError.invalid([.init(field: "month", key: "benefits.month_invalid")])
        }
        let scope = AccessPolicy.reach(user.role, .viewBenefitTotals) == .everywhere ? nil : user.scope.territoryPath
        return try await respond(TotalList(month: month.iso, items: try await req.payroll.totals(month: month, scopePath: scope)), .ok, req)
    }

    // MARK: emergencies

    @Sendable package static func listMeasures(req: Request) async throws -> Response {
        let user = try await req.require(.viewPayroll)
        let rows = try await EmergencyMeasure.query(on: req.db).sort(\.$fromMonth, .descending).limit(200).all()
            .filter { m in user.scope.kind == .national || m.pathList.contains { user.scope.contains(territoryPath: $0) } }
        return try await respond(MeasureList(items: rows.map(dto)), .ok, req)
    }

    @Sendable package static func declareMeasure(req: Request) async throws -> Response {
        try await req.require(.declareEmergency)
        let input = try req.decodeStrictJSON(MeasureInput.self, allowed: ["measureKind", "rule", "name", "programmes", "territoryCodes", "kind",
                                                                            "value", "fromMonth", "toMonth"])
        let measure = try await req.emergencies.declare(.init(measureKind: input.measureKind ?? "vertical", rule: input.rule ?? "", name: input.name, programmes: input.programmes, territories: input.territoryCodes,
                                                              kind: input.kind, value: input.value, fromMonth: input.fromMonth, toMonth: input.toMonth))
        return try await respond(dto(measure), .created, req)
    }

    @Sendable package static func endMeasure(req: Request) async throws -> Response {
        let user = try await req.require(.declareEmergency)
        guard let id = req.parameters.get("id", as: UUID.self), let measure = try await EmergencyMeasure.find(id, on: req.db),
              user.scope.kind == .national || measure.pathList.allSatisfy({ user.scope.contains(territoryPath: $0) }) else {
            throw AppError.notFound
        }
        let input = try req.decodeStrictJSON(VersionInput.self, allowed: ["version"])
        try await req.emergencies.end(measure, expectedVersion: input.version)
        return try await respond(dto(measure), .ok, req)
    }
}
