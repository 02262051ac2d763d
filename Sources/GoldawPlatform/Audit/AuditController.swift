import Fluent
import Vapor
import GoldawCore

/// Browsing the audit trail (read only: there is no route that changes it) and exporting it.
package enum AuditController {
    package static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.audit), use: list)
        routes.get(AppRoute.components(.auditExport), use: export)
    }

    package struct Filters {
        package var username = ""
        package var action = ""
        package var recordType = ""
        package var recordID = ""
        package var from = ""
        package var to = ""
        package var errors: [String: String] = [:]

        package init(_ req: Request) {
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
        package func apply(_ query: QueryBuilder<AuditEvent>) -> QueryBuilder<AuditEvent> {
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

        package var queryString: String {
            [("username", username), ("action", action), ("recordType", recordType), ("recordID", recordID), ("from", from), ("to", to)]
                .filter { !$0.1.isEmpty }
                .map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
                .joined(separator: "&")
        }

        package var form: [String: String] {
            ["username": username, "action": action, "recordType": recordType, "recordID": recordID, "from": from, "to": to]
        }
    }

    package struct Row: Encodable {
        package let when: String
        package let username: String
        package let action: String
        package let record: String
        package let outcome: String
        package let clientIP: String
        package let detail: String

        package init(when: String, username: String, action: String, record: String, outcome: String, clientIP: String, detail: String) {
            self.when = when
            self.username = username
            self.action = action
            self.record = record
            self.outcome = outcome
            self.clientIP = clientIP
            self.detail = detail
        }
    }

    package struct Content: Encodable {
        package let rows: [Row]
        package let form: [String: String]
        package let errors: [String: String]
        package let actions: [TerritoryController.Option]
        package let action: String
        package let exportHref: String
        package let total: Int
        package let pager: PageLinks
        package let pages: Int

        package init(rows: [Row], form: [String: String], errors: [String: String], actions: [TerritoryController.Option], action: String, exportHref: String, total: Int, pager: PageLinks, pages: Int) {
            self.rows = rows
            self.form = form
            self.errors = errors
            self.actions = actions
            self.action = action
            self.exportHref = exportHref
            self.total = total
            self.pager = pager
            self.pages = pages
        }
    }

    package static let pageSize = 50

    @Sendable package static func list(req: Request) async throws -> Response {
        try await req.require(.viewAudit)
        let filters = Filters(req)
        var found = Pager<Row>.empty(page: req.pageNumber, perPage: pageSize)
        var total = 0
        if filters.errors.isEmpty {
            total = try await filters.apply(AuditEvent.query(on: req.db)).count()
            found = try await filters.apply(AuditEvent.query(on: req.db)).sort(\.$occurredAt, .descending)
                .readPage(found.page, perPage: pageSize).map(row)
        }
        let pages = max(1, (total + pageSize - 1) / pageSize)
        let actions = AuditAction.allCases.map { TerritoryController.Option(value: $0.rawValue, label: $0.rawValue, selected: $0.rawValue == filters.action) }
        return try await req.page("admin/audit", titleKey: "audit.title", status: filters.errors.isEmpty ? .ok : .unprocessableEntity, Content(
            rows: found.rows, form: filters.form, errors: filters.errors, actions: actions, action: AppRoute.audit.path,
            exportHref: AppRoute.auditExport.path + "?" + filters.queryString, total: total,
            pager: found.links(AppRoute.audit.path, filters: filters.form), pages: pages))
    }

    package static func row(_ event: AuditEvent) -> Row {
        Row(when: DisplayFormat.dateTime(event.occurredAt), username: event.username ?? "—", action: event.action,
            record: [event.recordType, event.recordID].compactMap { $0 }.joined(separator: " "),
            outcome: event.outcome, clientIP: event.clientIP ?? "", detail: event.detail ?? "")
    }

    /// CSV of the filtered trail (at most 100,000 rows). The export itself is audited.
    @Sendable package static func export(req: Request) async throws -> Response {
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
package enum CSV {
    package static func field(_ raw: String) -> String { CSVText.field(raw) }
}
