import Fluent
import FluentPostgresDriver
import PostgresNIO
import SQLKit
import Vapor

/// Writes many rows the fastest way each database offers: `COPY … FROM STDIN` on PostgreSQL,
/// large multi-row INSERTs inside one transaction on SQLite. Values are typed so both paths
/// store exactly what Fluent would.
struct BulkWriter {
    enum Cell {
        case uuid(UUID)
        case text(String)
        case int(Int64)
        case bool(Bool)
        case date(Date)
        case null
    }

    struct Table {
        let name: String
        let columns: [String]
        var rows: [[Cell]] = []
    }

    let db: any Database
    /// When set, rows are appended to `<folder>/<table>.copy` in COPY's text format instead of
    /// being written: the prepared files the database's own client loads as the floor.
    var dumpFolder: String? = nil
    var isPostgres: Bool { (db as? any SQLDatabase)?.dialect.name == "postgresql" }

    /// Writes every table's rows, in the order given (parents before children), in one transaction.
    func write(_ tables: [Table]) async throws {
        if let dumpFolder {
            for table in tables where !table.rows.isEmpty {
                let path = dumpFolder + "/" + table.name + ".copy"
                if !FileManager.default.fileExists(atPath: path) {
                    FileManager.default.createFile(atPath: path, contents: nil)
                    // The column list, for the client that loads the file.
                    FileManager.default.createFile(atPath: dumpFolder + "/" + table.name + ".columns",
                                                   contents: Data(table.columns.joined(separator: ",").utf8))
                }
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
                try handle.seekToEnd()
                var lines = CopyLines()
                try handle.write(contentsOf: Data(table.rows.map { lines.line($0) }.joined().utf8))
                try handle.close()
            }
            return
        }
        if isPostgres, let postgres = db as? any PostgresDatabase {
            _ = try await postgres.withConnection { connection in
                connection.eventLoop.makeFutureWithTask {
                    try await connection.query("BEGIN", logger: connection.logger)
                    do {
                        for table in tables where !table.rows.isEmpty {
                            try await connection.copyFrom(table: table.name, columns: table.columns, logger: connection.logger) { writer in
                                var buffer = ByteBuffer()
                                var lines = CopyLines()
                                for row in table.rows {
                                    buffer.writeString(lines.line(row))
                                    if buffer.readableBytes > 1 << 20 {
                                        try await writer.write(buffer)
                                        buffer.clear()
                                    }
                                }
                                if buffer.readableBytes > 0 { try await writer.write(buffer) }
                            }
                        }
                        try await connection.query("COMMIT", logger: connection.logger)
                    } catch {
                        _ = try? await connection.query("ROLLBACK", logger: connection.logger)
                        throw error
                    }
                }
            }.get()
            return
        }
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            for table in tables where !table.rows.isEmpty {
                // SQLite allows 32,766 bound values per statement.
                let perStatement = max(1, 30_000 / table.columns.count)
                for start in stride(from: 0, to: table.rows.count, by: perStatement) {
                    let chunk = table.rows[start..<min(start + perStatement, table.rows.count)]
                    try await sql.insert(into: table.name).columns(table.columns)
                        .rows(chunk.map { $0.map(Self.bind) }).run()
                }
            }
        }
    }

    static func bind(_ cell: Cell) -> any SQLExpression {
        switch cell {
        case .uuid(let value): SQLBind(value)
        case .text(let value): SQLBind(value)
        case .int(let value): SQLBind(value)
        case .bool(let value): SQLBind(value)
        case .date(let value): SQLBind(value)
        case .null: SQLLiteral.null
        }
    }

    /// Lines of COPY's text format: tab-separated, `\N` for NULL, backslash escapes. A load
    /// stamps every row with the same few instants, and formatting a timestamp costs more than
    /// the rest of a row, so each instant is formatted once.
    struct CopyLines {
        var stamps: [Date: String] = [:]

        mutating func line(_ row: [Cell]) -> String {
            var line = ""
            for (index, cell) in row.enumerated() {
                if index > 0 { line += "\t" }
                switch cell {
                case .uuid(let value): line += value.uuidString.lowercased()
                case .text(let value): line += escape(value)
                case .int(let value): line += String(value)
                case .bool(let value): line += value ? "t" : "f"
                case .date(let value):
                    if let known = stamps[value] { line += known } else {
                        let text = timestamp.string(from: value)
                        if stamps.count < 10_000 { stamps[value] = text }
                        line += text
                    }
                case .null: line += "\\N"
                }
            }
            return line + "\n"
        }
    }

    static func escape(_ text: String) -> String {
        guard text.contains(where: { $0 == "\\" || $0 == "\t" || $0 == "\n" || $0 == "\r" }) else { return text }
        return text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
    }

    nonisolated(unsafe) static let timestamp: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter
    }()
}
