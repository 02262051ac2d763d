import Fluent
import Vapor
import GoldawCore
import GoldawPlatform

/// `/api/v1/imports`: the registry import for other systems (a civil registry, a field app), by
/// the same rules as the upload page: send a CSV, read the check, then save it. Saving is safe
/// to repeat: a save that was cut off finishes the rest and writes nothing twice.
package enum ImportAPI {
    /// An etrap's file: 100,000 rows with every column of `scripts/import-rows` take 12 MB
    /// (docs/benchmarks.md); 32 MB leaves room for longer addresses and all sixteen columns.
    /// The import routes only: every other body keeps the default limit.
    package static let maxCSVBytes = 32 * 1024 * 1024

    package static let operations: [APIOperation] = [
        APIOperation(method: .POST, path: "/api/v1/imports", operationID: "checkImport",
                     summary: "Check a CSV of households and members (the columns of the upload page); nothing is written to the registry",
                     authenticated: true, parameters: [
                        .init(name: "mode", location: "query", type: "string", required: false,
                              description: "all_or_nothing (default): one refused row saves nothing | valid_only: save the households whose rows all pass"),
                        .init(name: "filename", location: "query", type: "string", required: false, description: "shown on the report"),
                     ], requestSchema: nil, responses: [201: "ImportReport"], handler: check)
            .upload("text/csv", maxBodyBytes: maxCSVBytes),
        APIOperation(method: .GET, path: "/api/v1/imports/{id}", operationID: "getImport",
                     summary: "The check report of an import and what it has saved", authenticated: true,
                     parameters: [RegistryAPI.idParameter], requestSchema: nil, responses: [200: "ImportReport"], handler: show),
        APIOperation(method: .POST, path: "/api/v1/imports/{id}/commit", operationID: "commitImport",
                     summary: "Start saving a checked import (202); GET it until its status is saved. After a cut-off save, saves the rest; 409 once saved",
                     authenticated: true, parameters: [RegistryAPI.idParameter], requestSchema: nil,
                     responses: [202: "ImportReport", 409: nil], handler: commit),
    ]

    package static var schemas: [String: Any] { [
        "ImportReport": OpenAPIDocument.object([
            "id": ["type": "string", "format": "uuid"], "filename": ["type": "string"],
            "mode": ["type": "string", "enum": ["all_or_nothing", "valid_only"]],
            "status": ["type": "string", "enum": ["checked", "saving", "saved"]],
            "rowsTotal": ["type": "integer"], "rowsValid": ["type": "integer"],
            "householdsSaved": ["type": "integer"], "peopleSaved": ["type": "integer"],
            "canSave": ["type": "boolean"],
            "problems": ["type": "array", "items": OpenAPIDocument.object([
                "row": ["type": "integer"], "column": ["type": "string"], "code": ["type": "string"], "message": ["type": "string"],
            ], required: ["row", "column", "code", "message"])],
        ], required: ["id", "filename", "mode", "status", "rowsTotal", "rowsValid", "householdsSaved", "peopleSaved", "canSave", "problems"]),
    ] }

    package struct Report: Content {
        package let id: UUID
        package let filename: String
        package let mode: String
        package let status: String
        package let rowsTotal: Int
        package let rowsValid: Int
        package let householdsSaved: Int
        package let peopleSaved: Int
        package let canSave: Bool
        package let problems: [Problem]

        package struct Problem: Content { package let row: Int; package let column: String; package let code: String; package let message: String }
    }

    static func report(_ upload: RegistryImport, _ req: Request, status: HTTPResponseStatus = .ok) async throws -> Response {
        let saved = try await ImportService(db: req.db, actor: nil, audit: req.audit).progress(of: upload)
        let body = Report(id: try upload.requireID(), filename: upload.filename, mode: upload.mode, status: upload.status,
                          rowsTotal: upload.rowsTotal, rowsValid: upload.rowsValid, householdsSaved: saved.households,
                          peopleSaved: saved.people, canSave: ImportService.canSave(upload),
                          problems: ImportService.problems(of: upload).map {
                              .init(row: $0.row, column: $0.column, code: $0.key, message: req.t($0.key, ["min": "10"]))
                          })
        return try await body.encodeResponse(status: status, for: req)
    }

    @Sendable static func check(req: Request) async throws -> Response {
        let me = try await req.require(.importPeople)
        guard req.headers.contentType?.type == "text", req.headers.contentType?.subType == "csv" else {
            throw Abort(.unsupportedMediaType)
        }
        let mode = (try? req.query.get(String.self, at: "mode")) ?? "all_or_nothing"
        guard ["all_or_nothing", "valid_only"].contains(mode) else {
            throw AppError.invalid([.init(field: "mode", key: "validation.choose")])
        }
        guard let body = req.body.data, body.readableBytes > 0 else { throw AppError.invalid([.init(field: "body", key: "import.no_file")]) }
        guard let text = ImportService.text(from: body) else {
            throw AppError.invalid([.init(field: "body", key: "import.not_utf8")])
        }
        let filename = (try? req.query.get(String.self, at: "filename")).flatMap { $0.isEmpty ? nil : $0 } ?? "upload"
        let upload = try await ImportService(db: req.db, actor: me, audit: req.audit).stage(text, filename: filename, mode: mode)
        return try await report(upload, req, status: .created)
    }

    @Sendable static func show(req: Request) async throws -> Response {
        try await report(try await ImportController.load(req).0, req)
    }

    @Sendable static func commit(req: Request) async throws -> Response {
        let (upload, me) = try await ImportController.load(req)
        _ = try await ImportController.startSave(upload, by: me, req)
        // Accepted: the save runs on; GET the import until its status is "saved".
        guard let fresh = try await RegistryImport.find(upload.requireID(), on: req.db) else { throw AppError.notFound }
        return try await report(fresh, req, status: .accepted)
    }
}
