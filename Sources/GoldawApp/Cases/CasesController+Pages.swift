import Fluent
import Vapor
import GoldawCore

extension CasesController {
    // MARK: editing the identification (versioned)

    struct Theirs: Encodable {
        let label: String
        let mine: String
        let theirs: String
    }

    struct EditContent: Encodable {
        let action: String
        let number: String
        let form: [String: String]
        let errors: [String: String]
        let sources: [Option]
        let concerns: [Option]
        let version: Int
        let message: String?
        /// On a stale edit: each field someone else changed, with their value and the user's.
        let theirs: [Theirs]
        let cancelHref: String
    }

    static func renderEdit(_ req: Request, _ record: CaseRecord, form: [String: String], chosen: [String], errors: [String: String],
                           version: Int, message: String? = nil, theirs: [Theirs] = [], status: HTTPResponseStatus) async throws -> Response {
        try await req.page("cases/edit", titleKey: "case.edit.title", titleArguments: ["number": record.number], status: status, EditContent(
            action: AppRoute.caseEdit(record.id!).path, number: record.number, form: form, errors: errors,
            sources: options(IdentificationSource.allCases, "case.source.", selected: form["source"] ?? "", req),
            concerns: try await req.cases.concerns().map { Option(value: $0.id!, label: $0.name(req.locale), selected: chosen.contains($0.id!)) },
            version: version, message: message, theirs: theirs, cancelHref: AppRoute.caseRecord(record.id!).path))
    }

    static func storedForm(_ record: CaseRecord) -> [String: String] {
        ["source": record.identificationSource, "summary": record.summary,
         "identifiedOn": CalendarDate(iso: record.identifiedOn)?.display ?? "", "urgent": record.urgent ? "on" : ""]
    }

    @Sendable static func editForm(req: Request) async throws -> Response {
        let record = try await load(req, .workCases)
        guard record.stepValue.isOpen else { throw AppError.conflict("case.closed_readonly") }
        return try await renderEdit(req, record, form: storedForm(record), chosen: record.concernCodes, errors: [:],
                                    version: record.version, status: .ok)
    }

    struct EditForm: Content {
        var source: String?
        var concerns: [String]?
        var urgent: String?
        var summary: String?
        var identifiedOn: String?
        var version: String?

        var open: OpenForm { OpenForm(source: source, concerns: concerns, urgent: urgent, summary: summary, identifiedOn: identifiedOn) }
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let record = try await load(req, .workCases)
        let form = try req.content.decode(EditForm.self)
        let expected = form.version.flatMap { Int($0) } ?? -1
        let draft = form.open.draft
        do {
            try await req.cases.update(record, draft, expectedVersion: expected)
            return req.redirect(to: .caseRecord(record.id!), flash: "case.flash.saved")
        } catch AppError.invalid(let problems) {
            return try await renderEdit(req, record, form: draft.formValues, chosen: form.concerns ?? [], errors: req.messages(problems),
                                        version: expected, status: .unprocessableEntity)
        } catch AppError.conflict(let key) {
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
        }
    }

    // MARK: the supervisor's queue

    struct QueueRow: Encodable {
        let href: String
        let number: String
        let kind: String
        let requested: String
        let by: String
    }

    struct QueueContent: Encodable {
        let rows: [QueueRow]
    }

    @Sendable static func approvals(req: Request) async throws -> Response {
        let me = try await req.require(.superviseCases)
        let pending = try await CaseQueries(db: req.db).pendingApprovals(scope: me.scope)
        return try await req.page("cases/approvals", titleKey: "case.approvals.title", QueueContent(rows: pending.map {
            QueueRow(href: AppRoute.caseRecord($0.$caseRecord.id).path, number: $0.caseRecord.number,
                     kind: req.t("case.approval.kind.\($0.kind)"), requested: DisplayFormat.dateTime($0.requestedAt), by: $0.requestedByName)
        }))
    }

    // MARK: counts (aggregates only)

    struct CountRow: Encodable {
        let step: String
        let cells: [Int]
        let total: Int
    }

    struct CountsContent: Encodable {
        let risks: [String]
        let rows: [CountRow]
        let total: Int
    }

    @Sendable static func counts(req: Request) async throws -> Response {
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
