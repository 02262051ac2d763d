import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// Payment lists out (per channel and etrap, CSV with totals) and payment results in.
extension PayrollService {
    package struct Group: Content {
        package let channel: String
        package let territoryPath: String
        package let lines: Int
        package let total: Int64

        package init(channel: String, territoryPath: String, lines: Int, total: Int64) {
            self.channel = channel
            self.territoryPath = territoryPath
            self.lines = lines
            self.total = total
        }
    }

    /// The cycle's lines grouped as the payment lists are cut: channel × the beneficiary's territory.
    package func groups(_ cycle: PayrollCycle) async throws -> [Group] {
        let sql = db as! any SQLDatabase
        return try await sql.raw("""
            SELECT channel, territory_path, COUNT(*) AS n, COALESCE(SUM(amount), 0) AS total FROM payroll_lines \
            WHERE cycle_id = \(bind: cycle.requireID()) GROUP BY channel, territory_path ORDER BY territory_path, channel
            """).all().map {
            Group(channel: try $0.decode(column: "channel", as: String.self), territoryPath: try $0.decode(column: "territory_path", as: String.self),
                  lines: try $0.decode(column: "n", as: Int.self), total: try Self.decodeSum($0, "total"))
        }
    }

    /// One payment list. Amounts in manat with a point, as payment systems read them.
    package func paymentList(_ cycle: PayrollCycle, channel: PaymentChannel, territoryPath: String) async throws -> String {
        let lines = try await PayrollLine.query(on: db).filter(\.$cycle.$id == cycle.requireID())
            .filter(\.$channel == channel.rawValue).filter(\.$territoryPath == territoryPath).sort(\.$id).all()
        var rows = [["line", "cycle", "programme", "month", "kind", "payee", "account", "amount"].map(CSVText.field).joined(separator: ",")]
        var total: Int64 = 0
        for line in lines {
            total += line.amount
            // The amount is a plain number (a recovery is negative), not text a spreadsheet could run.
            rows.append(([String(line.id ?? 0), cycle.number, line.programme, line.payMonth, line.kind, line.payeeName,
                          line.account ?? ""].map(CSVText.field) + [Self.plain(line.amount)]).joined(separator: ","))
        }
        rows.append((["total", cycle.number, cycle.programme, cycle.month, "", String(lines.count), ""].map(CSVText.field)
                     + [Self.plain(total)]).joined(separator: ","))
        try await audit.record(.payrollExported, recordType: "payroll", recordID: cycle.id?.uuidString,
                               detail: "\(cycle.number) \(channel.rawValue) \(territoryPath) \(lines.count) lines")
        return rows.joined(separator: "\r\n") + "\r\n"
    }

    package static func plain(_ tenne: Int64) -> String {
        let cents = abs(tenne) % 100
        return (tenne < 0 ? "-" : "") + "\(abs(tenne) / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    package struct ReconcileSummary: Content {
        package let paid: Int
        package let failed: Int
        package let pending: Int
        package let reconciled: Bool
    }

    /// Applies a results file: columns `line`, `result` (paid | failed) and an optional `reason`.
    /// Any unknown, duplicate or malformed row refuses the whole file, and nothing is changed.
    package func reconcile(_ cycle: PayrollCycle, csv: String) async throws -> ReconcileSummary {
        guard cycle.status == PayrollStatus.paid.rawValue else { throw AppError.conflict("payroll.not_paid") }
        let cycleID = try cycle.requireID()
        let rows: [[String]]
        do { rows = try CSVText.parse(csv) } catch { throw AppError.invalid([.init(field: "file", key: "payroll.reconcile.bad_csv")]) }
        guard let header = rows.first?.map({ $0.lowercased().trimmingCharacters(in: .whitespaces) }),
              let lineColumn = header.firstIndex(of: "line"), let resultColumn = header.firstIndex(of: "result") else {
            throw AppError.invalid([.init(field: "file", key: "payroll.reconcile.header")])
        }
        let reasonColumn = header.firstIndex(of: "reason")
        var results: [Int64: (PayrollLineStatus, String?)] = [:]
        var problems: Set<String> = []
        for row in rows.dropFirst() {
            guard row.count > max(lineColumn, resultColumn), let id = Int64(row[lineColumn].trimmingCharacters(in: .whitespaces)),
                  let result = PayrollLineStatus(rawValue: row[resultColumn].trimmingCharacters(in: .whitespaces).lowercased()),
                  result != .pending else {
                if row.first?.lowercased() == "total" { continue }
                problems.insert("payroll.reconcile.bad_row"); continue
            }
            if results[id] != nil { problems.insert("payroll.reconcile.duplicate") }
            let reason = reasonColumn.flatMap { $0 < row.count ? row[$0] : nil }.map { String($0.prefix(200)) }
            results[id] = (result, reason)
        }
        if results.isEmpty { problems.insert("payroll.reconcile.empty") }
        let known = Set(try await PayrollLine.query(on: db).filter(\.$cycle.$id == cycleID)
            .filter(\.$status == PayrollLineStatus.pending.rawValue).all(\.$id).compactMap { $0 })
        if !Set(results.keys).isSubset(of: known) { problems.insert("payroll.reconcile.unknown") }
        guard problems.isEmpty else { throw AppError.invalid(problems.sorted().map { .init(field: "file", key: $0) }) }

        let final = results
        let summary = try await db.writing { tx -> ReconcileSummary in
            let results = final
            let sql = tx as! any SQLDatabase
            let paid = results.filter { $0.value.0 == .paid }.map(\.key)
            for chunk in stride(from: 0, to: paid.count, by: 500).map({ Array(paid[$0..<min($0 + 500, paid.count)]) }) {
                try await sql.update(PayrollLine.schema).set("status", to: PayrollLineStatus.paid.rawValue)
                    .where("cycle_id", .equal, SQLBind(cycleID)).where("id", .in, SQLBind.group(chunk)).run()
            }
            for (id, value) in results where value.0 == .failed {
                try await sql.update(PayrollLine.schema).set("status", to: PayrollLineStatus.failed.rawValue)
                    .set("failure_reason", to: SQLBind(value.1)).where("cycle_id", .equal, SQLBind(cycleID))
                    .where("id", .equal, SQLBind(id)).run()
            }
            // Decided in the database, so two result files loaded at once still close the cycle.
            try await sql.raw("""
                UPDATE payroll_cycles SET version = version + 1, status = CASE WHEN EXISTS (SELECT 1 FROM payroll_lines p \
                WHERE p.cycle_id = \(bind: cycleID) AND p.status = 'pending') THEN status ELSE 'reconciled' END, \
                reconciled_at = CASE WHEN EXISTS (SELECT 1 FROM payroll_lines p WHERE p.cycle_id = \(bind: cycleID) \
                AND p.status = 'pending') THEN reconciled_at ELSE \(bind: now) END WHERE id = \(bind: cycleID)
                """).run()
            let pending = try await PayrollLine.query(on: tx).filter(\.$cycle.$id == cycleID)
                .filter(\.$status == PayrollLineStatus.pending.rawValue).count()
            let failed = results.count - paid.count
            try await audit.on(tx).record(.payrollReconciled, recordType: "payroll", recordID: cycleID.uuidString,
                                          detail: "\(cycle.number) paid \(paid.count) failed \(failed) pending \(pending)")
            return ReconcileSummary(paid: paid.count, failed: failed, pending: pending, reconciled: pending == 0)
        }
        return summary
    }

    /// Marks this cycle's failed payments to be paid again by the next computed cycle.
    package func requestReissue(_ cycle: PayrollCycle) async throws -> Int {
        let cycleID = try cycle.requireID()
        let sql = db as! any SQLDatabase
        let waiting: SQLQueryString = """
            cycle_id = \(bind: cycleID) AND status = 'failed' AND reissue_requested = \(bind: false) \
            AND NOT EXISTS (SELECT 1 FROM payroll_lines r WHERE r.reissue_of = payroll_lines.id)
            """
        let failed = try await sql.raw("SELECT COUNT(*) AS n FROM payroll_lines WHERE " + waiting).first()?.decode(column: "n", as: Int.self) ?? 0
        guard failed > 0 else { throw AppError.conflict("payroll.nothing_to_reissue") }
        try await db.writing { tx in
            try await (tx as! any SQLDatabase).raw("UPDATE payroll_lines SET reissue_requested = \(bind: true) WHERE " + waiting).run()
            try await audit.on(tx).record(.payrollChanged, recordType: "payroll", recordID: cycleID.uuidString,
                                          detail: "\(cycle.number) reissue \(failed) failed lines")
        }
        return failed
    }

    package struct TotalRow: Content {
        package let territoryPath: String
        package let programme: String
        package let kind: String
        package let lines: Int
        package let total: Int64
    }

    /// Totals of a month's payroll lines by territory, programme and kind, inside `scopePath`.
    package func totals(month: BenefitMonth, scopePath: String?) async throws -> [TotalRow] {
        let sql = db as! any SQLDatabase
        return try await sql.raw("""
            SELECT l.territory_path, l.programme, l.kind, COUNT(*) AS n, COALESCE(SUM(l.amount), 0) AS total \
            FROM payroll_lines l JOIN payroll_cycles c ON c.id = l.cycle_id \
            WHERE c.month = \(bind: month.iso) AND l.territory_path LIKE \(bind: TerritoryPath.likePattern(scopePath ?? "/")) \
            AND l.status <> 'failed' GROUP BY l.territory_path, l.programme, l.kind ORDER BY l.territory_path, l.programme, l.kind
            """).all().map {
            TotalRow(territoryPath: try $0.decode(column: "territory_path", as: String.self),
                     programme: try $0.decode(column: "programme", as: String.self), kind: try $0.decode(column: "kind", as: String.self),
                     lines: try $0.decode(column: "n", as: Int.self), total: try Self.decodeSum($0, "total"))
        }
    }
}
