import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawSocialServices

extension CasesController {
    // MARK: editing the identification (versioned)

    package struct Theirs: Encodable {
        package let label: String
        package let mine: String
        package let theirs: String
    }

    package struct EditContent: Encodable {
        package let action: String
        package let number: String
        package let form: [String: String]
        package let errors: [String: String]
        package let sources: [Option]
        package let concerns: [Option]
        package let version: Int
        package let message: String?
        /// On a stale edit: each field someone else changed, with their value and the user's.
        package let theirs: [Theirs]
        package let cancelHref: String
    }

    package static func renderEdit(_ req: Request, _ record: CaseRecord, form: [String: String], chosen: [String], errors: [String: String],
                           version: Int, message: String? = nil, theirs: [Theirs] = [], status: HTTPResponseStatus) async throws -> Response {
        try await req.page("cases/edit", titleKey: "case.edit.title", titleArguments: ["number": record.number], status: status, EditContent(
            action: AppRoute.caseEdit(record.id!).path, number: record.number, form: form, errors: errors,
            sources: options(IdentificationSource.allCases, "case.source.", selected: form["source"] ?? "", req),
            concerns: try await req.cases.concerns().map { Option(value: $0.id!, label: $0.name(req.locale), selected: chosen.contains($0.id!)) },
            version: version, message: message, theirs: theirs, cancelHref: AppRoute.caseRecord(record.id!).path))
    }

    package static func storedForm(_ record: CaseRecord) -> [String: String] {
        ["source": record.identificationSource, "summary": record.summary,
         "identifiedOn": CalendarDate(iso: record.identifiedOn)?.display ?? "", "urgent": record.urgent ? "on" : ""]
    }

    @Sendable package static func editForm(req: Request) async throws -> Response {
        let record = try await load(req, .workCases)
        guard record.stepValue.isOpen else { throw AppError.conflict("case.closed_readonly") }
        return try await renderEdit(req, record, form: storedForm(record), chosen: record.concernCodes, errors: [:],
                                    version: record.version, status: .ok)
    }

    package struct EditForm: Content {
        package var source: String?
        package var concerns: [String]?
        package var urgent: String?
        package var summary: String?
        package var identifiedOn: String?
        package var version: String?

        package var open: OpenForm { OpenForm(source: source, concerns: concerns, urgent: urgent, summary: summary, identifiedOn: identifiedOn) }
    }

    @Sendable package static func update(req: Request) async throws -> Response {
        let record = try await load(req, .workCases)
        let form = try req.content.decode(EditForm.self)
        let expected = form.version.flatMap { Int($0) } ?? -1
        let draft = form.open.draft
        return try await req.submitForm(kept: draft.formValues, render: {
            try await renderEdit(req, record, form: $0, chosen: form.concerns ?? [], errors: $1, version: expected, status: $2)
        }, conflict: { key in
            // Someone saved first: keep what this user typed, show what the other person changed,
            // and let them save again on top of the current version.
            let current = try await load(req, .workCases)
            let stored = storedForm(current)
            let names = Dictionary(uniqueKeysWithValues: try await req.cases.concerns().map { ($0.id!, $0.name(req.locale)) })
            func concernText(_ codes: [String]) -> String { codes.map { names[$0] ?? $0 }.joined(separator: ", ") }
            var theirs: [Theirs] = []
            let labels = ["source": "case.field.source", "summary": "case.field.summary", "identifiedOn": "case.field.identified_on",
                          "urgent": "case.field.urgent"]
            for field in ["source", "identifiedOn", "urgent", "summary"] where stored[field] != draft.formValues[field] {
                func show(_ value: String?) -> String {
                    switch field {
                    case "source": value.flatMap { $0.isEmpty ? nil : req.t("case.source.\($0)") } ?? "—"
                    case "urgent": req.t(value == "on" ? "case.urgent.yes" : "case.urgent.no")
                    default: value ?? ""
                    }
                }
                theirs.append(Theirs(label: req.t(labels[field]!), mine: show(draft.formValues[field]), theirs: show(stored[field])))
            }
            if Set(current.concernCodes) != Set(form.concerns ?? []) {
                theirs.append(Theirs(label: req.t("case.field.concerns"), mine: concernText(form.concerns ?? []),
                                     theirs: concernText(current.concernCodes)))
            }
            return try await renderEdit(req, current, form: draft.formValues, chosen: form.concerns ?? [], errors: [:],
                                        version: current.version, message: req.t(key), theirs: theirs, status: .conflict)
        }) {
            try await req.cases.update(record, draft, expectedVersion: expected)
            return .to(.caseRecord(record.id!), flash: "case.flash.saved")
        }
    }

    // MARK: the supervisor's queue

    package struct QueueRow: Encodable {
        package let href: String
        package let number: String
        package let kind: String
        package let requested: String
        package let by: String
    }

    package struct QueueContent: Encodable {
        package let rows: [QueueRow]

        package init(rows: [QueueRow]) {
            self.rows = rows
        }
    }

    @Sendable package static func approvals(req: Request) async throws -> Response {
        let me = try await req.require(.superviseCases)
        let pending = try await CaseQueries(db: req.db).pendingApprovals(scope: me.scope)
        return try await req.page("cases/approvals", titleKey: "case.approvals.title", QueueContent(rows: pending.map {
            QueueRow(href: AppRoute.caseRecord($0.$caseRecord.id).path, number: $0.caseRecord.number,
                     kind: req.t("case.approval.kind.\($0.kind)"), requested: DisplayFormat.dateTime($0.requestedAt), by: $0.requestedByName)
        }))
    }

    // MARK: counts (aggregates only)

    package struct CountRow: Encodable {
        package let step: String
        package let cells: [Int]
        package let total: Int
    }

    package struct CountsContent: Encodable {
        package let risks: [String]
        package let rows: [CountRow]
        package let total: Int
    }

    @Sendable package static func counts(req: Request) async throws -> Response {
        let me = try await req.require(.viewCaseCounts)
        let tally = try await CaseQueries(db: req.reportDB).counts(scope: me.scope)
        let columns: [String?] = RiskLevel.allCases.map(\.rawValue) + [nil]
        let rows = CaseStep.open.map { step in
            let cells = columns.map { risk in tally.filter { $0.step == step.rawValue && $0.risk == risk }.reduce(0) { $0 + $1.count } }
            return CountRow(step: req.t("case.step.\(step.rawValue)"), cells: cells, total: cells.reduce(0, +))
        }
        return try await req.page("cases/counts", titleKey: "case.counts.title", CountsContent(
            risks: RiskLevel.allCases.map { req.t("case.risk.\($0.rawValue)") } + [req.t("case.risk.none")],
            rows: rows, total: rows.reduce(0) { $0 + $1.total }))
    }
}
