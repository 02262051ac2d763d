import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawSocialServices

/// The transfer page for the receiving etrap's supervisor: enough about the case to decide
/// (no notes, no incidents, no names beyond the child's), and the accept and decline forms.
/// The sending side cancels from the same route.
extension CasesController {
    package struct TransferContent: Encodable {
        package let number: String
        package let details: [CasePage.Item]
        package let status: String
        package let action: String
        package let version: Int
        package let canDecide: Bool
        package let comment: String
        package let commentError: String?
        package let message: String?
    }

    /// The transfer and what the user may do with it: decide (receiving supervisor), cancel
    /// (the case team where the case is), or nothing (404, so a transfer does not leak).
    package static func loadTransfer(_ req: Request) async throws -> (CaseTransfer, CaseRecord, canDecide: Bool, canCancel: Bool) {
        let me = try await req.require(.viewCases)
        guard let id = req.parameters.get("transfer", as: UUID.self), let transfer = try await CaseTransfer.find(id, on: req.db),
              let record = try await CaseRecord.find(transfer.$caseRecord.id, on: req.db) else { throw AppError.notFound }
        let canDecide = AccessPolicy.allows(me.role, .superviseCases) && me.scope.contains(territoryPath: transfer.toPath)
        let canCancel = me.scope.contains(territoryPath: record.territoryPath) && record.territoryPath == transfer.fromPath
        guard canDecide || canCancel else { throw AppError.notFound }
        return (transfer, record, canDecide, canCancel)
    }

    package static func renderTransfer(_ req: Request, status: HTTPResponseStatus = .ok, comment: String = "", commentError: String? = nil,
                               message: String? = nil) async throws -> Response {
        let (transfer, record, canDecide, _) = try await loadTransfer(req)
        let child = try await record.$child.get(on: req.db)
        let from = try await Territory.query(on: req.db).filter(\.$path == transfer.fromPath).first()
        let to = try await transfer.$toTerritory.get(on: req.db)
        let names = Dictionary(uniqueKeysWithValues: try await req.cases.concerns().map { ($0.id!, $0.name(req.locale)) })
        let age = CalendarDate(iso: child.birthDate).map { Age.years(born: $0, on: .today) } ?? 0
        try await req.audit.record(.caseViewed, recordType: "case", recordID: record.id!.uuidString, detail: "transfer \(record.number)")
        let details: [CasePage.Item] = [
            .init(label: req.t("case.field.child"), value: PersonProfile.fullName(child), href: nil),
            .init(label: req.t("case.field.age"), value: req.t("registry.age_years", ["years": String(age)]), href: nil),
            .init(label: req.t("case.transfer.from"), value: from?.name(req.locale) ?? transfer.fromPath, href: nil),
            .init(label: req.t("case.transfer.to"), value: to.name(req.locale), href: nil),
            .init(label: req.t("case.field.risk"), value: record.risk.map { req.t("case.risk.\($0.rawValue)") } ?? req.t("case.risk.none"), href: nil),
            .init(label: req.t("case.field.step"), value: req.t("case.step.\(record.step)"), href: nil),
            .init(label: req.t("case.field.concerns"), value: record.concernCodes.map { names[$0] ?? $0 }.joined(separator: ", "), href: nil),
            .init(label: req.t("case.transfer.reason"), value: transfer.reason, href: nil),
            .init(label: req.t("case.approval.by"), value: "\(transfer.proposedByName ?? "—") · \(DisplayFormat.dateTime(transfer.proposedAt))", href: nil),
        ]
        return try await req.page("cases/transfer", titleKey: "case.transfer.title", titleArguments: ["number": record.number], status: status,
                                  TransferContent(number: record.number, details: details, status: req.t("case.transfer.status.\(transfer.status)"),
                                                  action: AppRoute.caseTransfer(transfer.id!).path, version: transfer.version,
                                                  canDecide: canDecide && transfer.statusValue == .proposed, comment: comment,
                                                  commentError: commentError, message: message))
    }

    @Sendable package static func transferPage(req: Request) async throws -> Response {
        try await renderTransfer(req)
    }

    package struct TransferDecisionForm: Content {
        package var decision: String?
        package var comment: String?
        package var version: String?
    }

    @Sendable package static func decideTransfer(req: Request) async throws -> Response {
        let (transfer, record, canDecide, canCancel) = try await loadTransfer(req)
        let form = try req.content.decode(TransferDecisionForm.self)
        guard let decision = TransferDecision(rawValue: form.decision ?? "") else { throw AppError.badRequest("validation.choose") }
        guard decision == .cancel ? canCancel : canDecide else { throw AppError.forbidden }
        return try await req.submitForm(kept: form.comment ?? "", render: { comment, errors, status in
            try await renderTransfer(req, status: status, comment: comment, commentError: errors["comment"])
        }, conflict: { key in
            try await renderTransfer(req, status: .conflict, comment: form.comment ?? "", message: req.t(key))
        }) {
            try await req.cases.decideTransfer(transfer, decision, comment: form.comment ?? "",
                                               expectedVersion: form.version.flatMap { Int($0) } ?? -1)
            // The receiving supervisor lands on the case once it is theirs; otherwise back to where it is.
            switch decision {
            case .accept: return .to(.caseRecord(record.id!), flash: "case.flash.transfer_accepted")
            case .decline: return .to(.home, flash: "case.flash.decided")
            case .cancel: return .to(.caseRecord(record.id!), flash: "case.flash.saved")
            }
        }
    }
}
