import Fluent
import FluentPostgresDriver
import PostgresNIO
import SQLKit
import Vapor
import GoldawPlatform
import GoldawRegistry
import GoldawBenefits
import GoldawSocialServices
import GoldawCases
import GoldawIndicators

/// Writes many rows the fastest way each database offers: `COPY … FROM STDIN` on PostgreSQL,
/// large multi-row INSERTs inside one transaction on SQLite. Values are typed so both paths
/// store exactly what Fluent would.
package struct BulkWriter {
    package enum Cell {
        case uuid(UUID)
        case text(String)
        case int(Int64)
        case bool(Bool)
        case date(Date)
        case null
    }

    package struct Table {
        package let name: String
        package let columns: [String]
        package var rows: [[Cell]] = []

        package init(name: String, columns: [String], rows: [[Cell]] = []) {
            self.name = name
            self.columns = columns
            self.rows = rows
        }
    }

    package let db: any Database
    /// When set, rows are appended to `<folder>/<table>.copy` in COPY's text format instead of
    /// being written: the prepared files the database's own client loads as the floor.
    package var dumpFolder: String? = nil
    package var isPostgres: Bool { (db as? any SQLDatabase)?.dialect.name == "postgresql" }

    /// Writes every table's rows, in the order given (parents before children), in one transaction.
    package func write(_ tables: [Table]) async throws {
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
        // SQLite: literal multi-row INSERTs. Binding 30,000 values a statement went through the
        // Codable encoder value by value and held the load to about 2,000 people a second;
        // SQLite parses literals in C. The literals are exactly what Fluent stores: UUIDs as
        // upper-case text, dates as seconds since 1970, booleans as 0/1.
        try await db.writing { tx in
            let sql = tx as! any SQLDatabase
            // A national load inserts into primary-key indexes of random UUIDs: with SQLite's
            // default 2 MB page cache every insert past the first million people reads pages
            // back, and the load slows from about 8,000 to 3,000 people a second. A gigabyte
            // of cache for the loading connection keeps those indexes in memory.
            try await sql.raw("PRAGMA cache_size = -1048576").run()
            for table in tables where !table.rows.isEmpty {
                let head = "INSERT INTO \"\(table.name)\" (" + table.columns.map { "\"\($0)\"" }.joined(separator: ", ") + ") VALUES "
                for start in stride(from: 0, to: table.rows.count, by: 2_000) {
                    var statement = head
                    for (index, row) in table.rows[start..<min(start + 2_000, table.rows.count)].enumerated() {
                        if index > 0 { statement += ", " }
                        statement += "(" + row.map(Self.sqliteLiteral).joined(separator: ", ") + ")"
                    }
                    try await sql.raw("\(unsafeRaw: statement)").run()
                }
            }
        }
    }

    package static func sqliteLiteral(_ cell: Cell) -> String {
        switch cell {
        case .uuid(let value): "'" + value.uuidString + "'"
        case .text(let value): "'" + (value.contains("'") ? value.replacingOccurrences(of: "'", with: "''") : value) + "'"
        case .int(let value): String(value)
        case .bool(let value): value ? "1" : "0"
        case .date(let value): String(value.timeIntervalSince1970)
        case .null: "NULL"
        }
    }

    /// Lines of COPY's text format: tab-separated, `\N` for NULL, backslash escapes. A load
    /// stamps every row with the same few instants, and formatting a timestamp costs more than
    /// the rest of a row, so each instant is formatted once.
    package struct CopyLines {
        package var stamps: [Date: String] = [:]

        package mutating func line(_ row: [Cell]) -> String {
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

    package static func escape(_ text: String) -> String {
        guard text.contains(where: { $0 == "\\" || $0 == "\t" || $0 == "\n" || $0 == "\r" }) else { return text }
        return text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
    }

    package nonisolated(unsafe) static let timestamp: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter
    }()
}
