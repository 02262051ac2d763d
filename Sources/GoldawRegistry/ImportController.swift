import Fluent
import Vapor
import GoldawCore
import GoldawPlatform

/// Upload a CSV, read the check report (nothing written yet), then save it.
package enum ImportController {
    package static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.importNew), use: form)
        routes.post(AppRoute.components(.importNew), bodyLimit: ByteCount(value: ImportAPI.maxCSVBytes), use: upload)
        routes.get(AppRoute.Pattern.importReport, use: report)
        routes.post(AppRoute.Pattern.importReport + ["commit"], use: commit)
    }

    package struct Column: Encodable { package let english: String; package let turkmen: String; package let required: Bool; package init(english: String, turkmen: String, required: Bool) { self.english = english; self.turkmen = turkmen; self.required = required } }

    package struct FormContent: Encodable {
        package let action: String
        package let columns: [Column]
        package let errors: [String: String]
        package let mode: String

        package init(action: String, columns: [Column], errors: [String: String], mode: String) {
            self.action = action
            self.columns = columns
            self.errors = errors
            self.mode = mode
        }
    }

    package static func renderForm(_ req: Request, errors: [String: String], mode: String, status: HTTPResponseStatus) async throws -> Response {
        try await req.require(.importPeople)
        return try await req.page("registry/import", titleKey: "import.title", status: status, FormContent(
            action: AppRoute.importNew.path,
            columns: ImportService.columns.map { Column(english: $0.english, turkmen: $0.turkmen, required: $0.required) },
            errors: errors, mode: mode))
    }

    @Sendable package static func form(req: Request) async throws -> Response {
        try await renderForm(req, errors: [:], mode: "all_or_nothing", status: .ok)
    }

    package struct Upload: Content {
        package var file: File?
        package var mode: String?
    }

    @Sendable package static func upload(req: Request) async throws -> Response {
        let me = try await req.require(.importPeople)
        let form = try req.content.decode(Upload.self)
        let mode = form.mode == "valid_only" ? "valid_only" : "all_or_nothing"
        guard let file = form.file, file.data.readableBytes > 0 else {
            return try await renderForm(req, errors: ["file": req.t("import.no_file")], mode: mode, status: .unprocessableEntity)
        }
        guard let text = ImportService.text(from: file.data) else {
            return try await renderForm(req, errors: ["file": req.t("import.not_utf8")], mode: mode, status: .unprocessableEntity)
        }
        let upload = try await ImportService(db: req.db, actor: me, audit: req.audit).stage(text, filename: file.filename, mode: mode)
        return req.redirect(to: .importReport(upload.id!))
    }

    package struct ProblemRow: Encodable { package let row: Int; package let column: String; package let message: String }

    package struct ReportContent: Encodable {
        package let filename: String
        package let mode: String
        package let status: String
        package let saved: Bool
        package let rowsTotal: Int
        package let rowsValid: Int
        package let householdsSaved: Int
        package let peopleSaved: Int
        package let problems: [ProblemRow]
        package let canSave: Bool
        package let commitAction: String
        package let outcome: String
        package let newHref: String
    }

    /// The upload in the path, if the caller uploaded it (the page and the API alike).
    package static func load(_ req: Request) async throws -> (RegistryImport, CurrentUser) {
        let me = try await req.require(.importPeople)
        guard let id = req.parameters.get("id", as: UUID.self), let upload = try await RegistryImport.find(id, on: req.db),
              upload.uploadedBy == me.id else { throw AppError.notFound }
        return (upload, me)
    }

    /// Starts saving an upload in the background; false when a save already runs. A saved
    /// upload is refused (409).
    package static func startSave(_ upload: RegistryImport, by me: CurrentUser, _ req: Request) async throws -> Bool {
        if upload.status == "saved" { throw AppError.conflict("import.already_saved") }
        guard try await ImportService(db: req.db, actor: me, audit: req.audit).begin(upload) else { return false }
        ImportService.saveInBackground(upload, app: req.application, actor: me, audit: req.audit)
        return true
    }

    @Sendable package static func report(req: Request) async throws -> Response {
        let (upload, _) = try await load(req)
        let problems = ImportService.problems(of: upload).map {
            ProblemRow(row: $0.row, column: $0.column, message: req.t($0.key, ["min": "10"]))
        }
        let allOrNothing = upload.mode == "all_or_nothing"
        // What is written is read from the households saved, not from the upload's status: a
        // save cut off half-way has saved some, and saying "nothing saved" would invite a
        // second save of them.
        let progress = try await ImportService(db: req.db, actor: nil, audit: req.audit).progress(of: upload)
        let canSave = ImportService.canSave(upload)
        let outcome: String
        let running = upload.isSaving && !upload.heartbeatStopped()
        if running {
            outcome = req.t("import.outcome.saving", ["households": String(progress.households),
                                                      "total": String(upload.householdsTotal ?? progress.households)])
        } else if upload.status == "saved" {
            outcome = req.t("import.outcome.saved", ["households": String(progress.households), "people": String(progress.people)])
        } else if progress.households > 0 {
            outcome = req.t("import.outcome.interrupted", ["households": String(progress.households), "people": String(progress.people)])
        } else if allOrNothing && !problems.isEmpty {
            outcome = req.t("import.outcome.blocked")
        } else if problems.isEmpty {
            outcome = req.t("import.outcome.all_valid")
        } else {
            outcome = req.t("import.outcome.partial", ["valid": String(upload.rowsValid), "total": String(upload.rowsTotal)])
        }
        let page = try await req.page("registry/import-report", titleKey: "import.report.title", ReportContent(
            filename: upload.filename, mode: req.t("import.mode.\(upload.mode)"), status: upload.status,
            saved: upload.status == "saved", rowsTotal: upload.rowsTotal, rowsValid: upload.rowsValid,
            householdsSaved: progress.households, peopleSaved: progress.people, problems: problems,
            canSave: canSave, commitAction: AppRoute.importCommit(upload.id!).path, outcome: outcome,
            newHref: AppRoute.importNew.path))
        // While the save runs, the page comes back by itself every few seconds.
        if running { page.headers.replaceOrAdd(name: "Refresh", value: "3") }
        return page
    }

    @Sendable package static func commit(req: Request) async throws -> Response {
        let (upload, me) = try await load(req)
        // A save already running: its report shows how far it is.
        guard try await startSave(upload, by: me, req) else { return req.redirect(to: .importReport(upload.id!)) }
        return req.redirect(to: .importReport(upload.id!), flash: "import.saving")
    }
}
