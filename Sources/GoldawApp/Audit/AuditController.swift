import Fluent
import Vapor
import GoldawCore

/// Browsing the audit trail (read only: there is no route that changes it) and exporting it.
enum AuditController {
    static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.audit), use: list)
        routes.get(AppRoute.components(.auditExport), use: export)
    }

    struct Filters {
        var username = ""
        var action = ""
        var recordType = ""
        var recordID = ""
        var from = ""
        var to = ""
        var errors: [String: String] = [:]

        init(_ req: Request) {
            func value(_ key: String) -> String { ((try? req.query.get(String.self, at: key)) ?? "").trimmingCharacters(in: .whitespaces) }
            username = value("username").lowercased()
            action = value("action")
            recordType = value("recordType")
            recordID = value("recordID")
            from = value("from")
            to = value("to")
            if !from.isEmpty && CalendarDate(userInput: from) == nil { errors["from"] = req.t("validation.date") }
            if !to.isEmpty && CalendarDate(userInput: to) == nil { errors["to"] = req.t("validation.date") }
        }

        /// Dates are Ashgabat calendar days: "to" includes the whole day.
        func apply(_ query: QueryBuilder<AuditEvent>) -> QueryBuilder<AuditEvent> {
            var query = query
            if !username.isEmpty { query = query.filter(\.$username == username) }
            if !action.isEmpty { query = query.filter(\.$action == action) }
            if !recordType.isEmpty { query = query.filter(\.$recordType == recordType) }
            if !recordID.isEmpty { query = query.filter(\.$recordID == recordID) }
            if let day = CalendarDate(userInput: from) {
                query = query.filter(\.$occurredAt >= Date(timeIntervalSince1970: Double(day.dayNumber * 86400 - 5 * 3600)))
            }
            if let day = CalendarDate(userInput: to) {
                query = query.filter(\.$occurredAt < Date(timeIntervalSince1970: Double((day.dayNumber + 1) * 86400 - 5 * 3600)))
            }
            return query
        }

        var queryString: String {
            [("username", username), ("action", action), ("recordType", recordType), ("recordID", recordID), ("from", from), ("to", to)]
                .filter { !$0.1.isEmpty }
                .map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
                .joined(separator: "&")
        }

        var form: [String: String] {
            ["username": username, "action": action, "recordType": recordType, "recordID": recordID, "from": from, "to": to]
        }
    }

    struct Row: Encodable {
        let when: String
        let username: String
        let action: String
        let record: String
        let outcome: String
        let clientIP: String
        let detail: String
    }

    struct Content: Encodable {
        let rows: [Row]
        let form: [String: String]
        let errors: [String: String]
        let actions: [TerritoryController.Option]
        let action: String
        let exportHref: String
        let total: Int
        let page: Int
        let pages: Int
        let prevHref: String?
        let nextHref: String?
    }

    static let pageSize = 50

    @Sendable static func list(req: Request) async throws -> Response {
        try await req.require(.viewAudit)
        let filters = Filters(req)
        let page = req.pageNumber
        var rows: [Row] = []
        var total = 0
        if filters.errors.isEmpty {
            total = try await filters.apply(AuditEvent.query(on: req.db)).count()
            rows = try await filters.apply(AuditEvent.query(on: req.db)).sort(\.$occurredAt, .descending)
                .range(((page - 1) * pageSize)..<(page * pageSize)).all().map(row)
        }
        let pages = max(1, (total + pageSize - 1) / pageSize)
        let base = AppRoute.audit.path + "?" + filters.queryString + (filters.queryString.isEmpty ? "" : "&")
        let actions = AuditAction.allCases.map { TerritoryController.Option(value: $0.rawValue, label: $0.rawValue, selected: $0.rawValue == filters.action) }
        return try await req.page("admin/audit", titleKey: "audit.title", status: filters.errors.isEmpty ? .ok : .unprocessableEntity, Content(
            rows: rows, form: filters.form, errors: filters.errors, actions: actions, action: AppRoute.audit.path,
            exportHref: AppRoute.auditExport.path + "?" + filters.queryString, total: total, page: page, pages: pages,
            prevHref: page > 1 ? base + "page=\(page - 1)" : nil, nextHref: page < pages ? base + "page=\(page + 1)" : nil))
    }

    static func row(_ event: AuditEvent) -> Row {
        Row(when: DisplayFormat.dateTime(event.occurredAt), username: event.username ?? "—", action: event.action,
            record: [event.recordType, event.recordID].compactMap { $0 }.joined(separator: " "),
            outcome: event.outcome, clientIP: event.clientIP ?? "", detail: event.detail ?? "")
    }

    /// CSV of the filtered trail (at most 100,000 rows). The export itself is audited.
    @Sendable static func export(req: Request) async throws -> Response {
        try await req.require(.viewAudit)
        let filters = Filters(req)
        guard filters.errors.isEmpty else { throw AppError.invalid(filters.errors.keys.map { .init(field: $0, key: "validation.date") }) }
        let events = try await filters.apply(AuditEvent.query(on: req.db)).sort(\.$occurredAt, .descending).limit(100_000).all()
        var csv = "occurred_at,username,action,record_type,record_id,outcome,client_ip,detail\r\n"
        let iso = ISO8601DateFormatter()
        for event in events {
            csv += [iso.string(from: event.occurredAt), event.username ?? "", event.action, event.recordType ?? "",
                    event.recordID ?? "", event.outcome, event.clientIP ?? "", event.detail ?? ""]
                .map(CSV.field).joined(separator: ",") + "\r\n"
        }
        try await req.audit.record(.auditExported, recordType: "audit", detail: "\(events.count) rows; \(filters.queryString)")
        return CSVDownload.response(csv, filename: "goldaw-audit.csv")
    }
}

/// Export fields come from the one CSV writer in GoldawCore.
enum CSV {
    static func field(_ raw: String) -> String { CSVText.field(raw) }
}
