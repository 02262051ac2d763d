import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform

/// Merging two records of the same person, and undoing it. One transaction each, audited;
/// the merge remembers exactly which rows it moved so that unmerge can move them back.
package struct MergeService {
    package let db: any Database
    package let actor: CurrentUser?
    package let audit: AuditService
    package var now: Date = AppClock.now

    /// Every column any domain declares as following a person through a merge.
    package static var movable: [PersonReference] { Domains.personReferences.filter(\.moves) }

    package func merge(survivor: Person, merged: Person, pair: DuplicatePair?) async throws -> PersonMerge {
        let survivorID = try survivor.requireID(), mergedID = try merged.requireID()
        guard survivorID != mergedID, survivor.mergedIntoID == nil, merged.mergedIntoID == nil else {
            throw AppError.conflict("registry.merge_not_possible")
        }
        return try await db.writing { tx in
            let sql = tx as! any SQLDatabase
            // Inside the transaction, so that what was checked is what moves.
            for domain in Domains.all {
                if let reason = try await domain.mergeRefusal(survivor: survivorID, merged: mergedID, on: sql) {
                    throw AppError.conflict(reason)
                }
            }
            var moved: [String] = []
            for reference in Self.movable {
                let rows = try await sql.select().column("id").from(reference.table)
                    .where(SQLIdentifier(reference.column), .equal, SQLBind(mergedID)).all()
                switch reference.key {
                case .uuid:
                    let ids = try rows.map { try $0.decode(column: "id", as: UUID.self) }
                    guard !ids.isEmpty else { continue }
                    moved += ids.map { "\(reference.table).\(reference.column)=\($0.uuidString)" }
                case .integer:
                    let ids = try rows.map { try $0.decode(column: "id", as: Int64.self) }
                    guard !ids.isEmpty else { continue }
                    moved += ids.map { "\(reference.table).\(reference.column)=#\($0)" }
                }
                try await sql.update(reference.table).set(SQLIdentifier(reference.column), to: SQLBind(survivorID))
                    .where(SQLIdentifier(reference.column), .equal, SQLBind(mergedID)).run()
            }
            // A link of the survivor to itself (one record was the other's parent) would be nonsense.
            try await sql.delete(from: FamilyLink.schema).where("child_id", .equal, SQLBind(survivorID))
                .where("adult_id", .equal, SQLBind(survivorID)).run()
            merged.mergedIntoID = survivorID
            merged.version += 1
            try await merged.save(on: tx)
            try await PersonNameKey.query(on: tx).filter(\.$person.$id == mergedID).delete()
            let open = try await DuplicatePair.query(on: tx).filter(\.$status == "open")
                .group(.or) { $0.filter(\.$personA.$id == mergedID).filter(\.$personB.$id == mergedID) }.all()
            for other in open {
                other.status = other.id == pair?.id ? "merged" : "superseded"
                other.reviewedBy = actor?.id
                other.reviewedAt = now
                try await other.save(on: tx)
                moved.append("pair=\(other.id!.uuidString)")
            }
            let record = PersonMerge()
            record.$survivor.id = survivorID
            record.$merged.id = mergedID
            record.pairID = pair?.id
            record.moved = moved.joined(separator: "\n")
            record.mergedBy = actor?.id
            record.mergedAt = now
            try await record.create(on: tx)
            for (id, text) in [(survivorID, "merged \(merged.number) into this record"), (mergedID, "merged into \(survivor.number)")] {
                try await RecordChange(recordType: "person", recordID: id, field: "merge", old: nil, new: text, by: actor, at: now).create(on: tx)
            }
            for domain in Domains.all {
                try await domain.afterMerge(survivor: survivorID, merged: mergedID, on: tx, now: now)
            }
            try await audit.on(tx).record(.personsMerged, recordType: "person", recordID: survivorID.uuidString,
                                          detail: "\(merged.number) → \(survivor.number)")
            return record
        }
    }

    /// Restores the state before a merge: moved rows go back, the merged record is active
    /// again with its search keys, and its pair returns to the queue.
    package func unmerge(_ record: PersonMerge) async throws {
        guard record.unmergedAt == nil else { throw AppError.conflict("registry.already_unmerged") }
        let mergedID = record.$merged.id, survivorID = record.$survivor.id
        try await db.writing { tx in
            let sql = tx as! any SQLDatabase
            for line in record.moved.split(separator: "\n") {
                let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { continue }
                if parts[0] == "pair", let id = UUID(uuidString: parts[1]) {
                    try await DuplicatePair.query(on: tx).filter(\.$id == id)
                        .set(\.$status, to: "open").set(\.$reviewedAt, to: nil).set(\.$reviewedBy, to: nil).update()
                    continue
                }
                // Only a declared column moves back, and only a row that still points at the survivor:
                // what was changed on purpose since the merge stays as it is.
                let target = parts[0].split(separator: ".").map(String.init)
                guard target.count == 2,
                      let reference = Self.movable.first(where: { $0.table == target[0] && $0.column == target[1] }) else { continue }
                let key: any Encodable & Sendable
                switch reference.key {
                case .uuid:
                    guard let id = UUID(uuidString: parts[1]) else { continue }
                    key = id
                case .integer:
                    guard parts[1].hasPrefix("#"), let id = Int64(parts[1].dropFirst()) else { continue }
                    key = id
                }
                try await sql.update(reference.table).set(SQLIdentifier(reference.column), to: SQLBind(mergedID))
                    .where("id", .equal, SQLBind(key)).where(SQLIdentifier(reference.column), .equal, SQLBind(survivorID)).run()
            }
            for domain in Domains.all {
                try await domain.afterUnmerge(survivor: survivorID, merged: mergedID, on: tx, now: now)
            }
            guard let merged = try await Person.find(mergedID, on: tx) else { throw AppError.notFound }
            merged.mergedIntoID = nil
            merged.version += 1
            try await merged.save(on: tx)
            try await RegistryService(db: tx, actor: actor, audit: audit.on(tx), now: now).writeKeys(for: merged)
            record.unmergedAt = now
            record.unmergedBy = actor?.id
            try await record.save(on: tx)
            for id in [survivorID, mergedID] {
                try await RecordChange(recordType: "person", recordID: id, field: "merge", old: "merged", new: "unmerged",
                                       by: actor, at: now).create(on: tx)
            }
            try await audit.on(tx).record(.personsUnmerged, recordType: "person", recordID: mergedID.uuidString,
                                          detail: "restored from \(survivorID.uuidString)")
        }
    }

    package init(db: any Database, actor: CurrentUser?, audit: AuditService, now: Date = AppClock.now) {
        self.db = db
        self.actor = actor
        self.audit = audit
        self.now = now
    }
}

extension Request {
    package var merges: MergeService { MergeService(db: db, actor: currentUser, audit: audit) }
}
