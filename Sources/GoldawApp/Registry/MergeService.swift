import Fluent
import SQLKit
import Vapor
import GoldawCore

/// Merging two records of the same person, and undoing it. One transaction each, audited;
/// the merge remembers exactly which rows it moved so that unmerge can move them back.
struct MergeService {
    let db: any Database
    let actor: CurrentUser?
    let audit: AuditService
    var now: Date = Date()

    /// Tables whose rows belong to a person, with the column that points at the person.
    static let movable: [(table: String, column: String)] = [
        (PersonDocument.schema, "person_id"),
        (HouseholdMembership.schema, "person_id"),
        (FamilyLink.schema, "child_id"),
        (FamilyLink.schema, "adult_id"),
        (FunctioningRecord.schema, "person_id"),
        (DisabilityStatus.schema, "person_id"),
        (PersonCircumstance.schema, "person_id"),
        // Benefit applications and enrolments follow the person; payroll lines stay as paid.
        (BenefitApplication.schema, "beneficiary_id"),
        (BenefitApplication.schema, "applicant_id"),
        (BenefitEnrolment.schema, "beneficiary_id"),
        (BenefitEnrolment.schema, "payee_id"),
        // Referrals to services follow the person too.
        (Referral.schema, "person_id"),
    ]

    func merge(survivor: Person, merged: Person, pair: DuplicatePair?) async throws -> PersonMerge {
        let survivorID = try survivor.requireID(), mergedID = try merged.requireID()
        guard survivorID != mergedID, survivor.mergedIntoID == nil, merged.mergedIntoID == nil else {
            throw AppError.conflict("registry.merge_not_possible")
        }
        // Two live enrolments (or open applications) in one programme would become one
        // person paid twice: an officer ends one first.
        for (table, live) in [(BenefitEnrolment.schema, "status <> 'ended'"), (BenefitApplication.schema, "status IN ('intake', 'submitted')")] {
            let sql = db as! any SQLDatabase
            let clash = try await sql.raw("""
                SELECT COUNT(*) AS n FROM \(ident: table) a JOIN \(ident: table) b ON a.programme = b.programme \
                WHERE a.beneficiary_id = \(bind: survivorID) AND b.beneficiary_id = \(bind: mergedID) \
                AND a.\(unsafeRaw: live) AND b.\(unsafeRaw: live)
                """).first()?.decode(column: "n", as: Int.self) ?? 0
            if clash > 0 { throw AppError.conflict("registry.merge_benefits_clash") }
        }
        let sql = db as! any SQLDatabase
        let paidTwice = try await sql.raw("""
            SELECT COUNT(*) AS n FROM payroll_lines a JOIN payroll_lines b ON a.programme = b.programme AND a.pay_month = b.pay_month \
            WHERE a.beneficiary_id = \(bind: survivorID) AND b.beneficiary_id = \(bind: mergedID) \
            AND a.kind = 'regular' AND b.kind = 'regular' AND a.status <> 'failed' AND b.status <> 'failed'
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        if paidTwice > 0 { throw AppError.conflict("registry.merge_paid_twice") }
        return try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            var moved: [String] = []
            for (table, column) in Self.movable {
                let rows = try await sql.select().column("id").from(table)
                    .where(SQLIdentifier(column), .equal, SQLBind(mergedID)).all()
                let ids = try rows.map { try $0.decode(column: "id", as: UUID.self) }
                guard !ids.isEmpty else { continue }
                try await sql.update(table).set(SQLIdentifier(column), to: SQLBind(survivorID))
                    .where(SQLIdentifier("id"), .in, SQLBind.group(ids)).run()
                moved += ids.map { "\(table).\(column)=\($0.uuidString)" }
            }
            // Payments made to or for the merged record follow it, so "paid once" still holds for
            // the one person (integer line ids, kept as "#id" for unmerge).
            for column in ["beneficiary_id", "payee_id"] {
                let lines = try await sql.select().column("id").from(PayrollLine.schema)
                    .where(SQLIdentifier(column), .equal, SQLBind(mergedID)).all().map { try $0.decode(column: "id", as: Int64.self) }
                guard !lines.isEmpty else { continue }
                try await sql.update(PayrollLine.schema).set(SQLIdentifier(column), to: SQLBind(survivorID))
                    .where(SQLIdentifier(column), .equal, SQLBind(mergedID)).run()
                moved += lines.map { "\(PayrollLine.schema).\(column)=#\($0)" }
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
            try await audit.on(tx).record(.personsMerged, recordType: "person", recordID: survivorID.uuidString,
                                          detail: "\(merged.number) → \(survivor.number)")
            return record
        }
    }

    /// Restores the state before a merge: moved rows go back, the merged record is active
    /// again with its search keys, and its pair returns to the queue.
    func unmerge(_ record: PersonMerge) async throws {
        guard record.unmergedAt == nil else { throw AppError.conflict("registry.already_unmerged") }
        let mergedID = record.$merged.id, survivorID = record.$survivor.id
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            for line in record.moved.split(separator: "\n") {
                let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
                if parts.count == 2, parts[1].hasPrefix("#"), let line = Int64(parts[1].dropFirst()) {
                    let target = parts[0].split(separator: ".").map(String.init)
                    guard target.count == 2, target[0] == PayrollLine.schema, ["beneficiary_id", "payee_id"].contains(target[1]) else { continue }
                    try await sql.update(PayrollLine.schema).set(SQLIdentifier(target[1]), to: SQLBind(mergedID))
                        .where("id", .equal, SQLBind(line)).run()
                    continue
                }
                guard parts.count == 2, let id = UUID(uuidString: parts[1]) else { continue }
                if parts[0] == "pair" {
                    try await DuplicatePair.query(on: tx).filter(\.$id == id)
                        .set(\.$status, to: "open").set(\.$reviewedAt, to: nil).set(\.$reviewedBy, to: nil).update()
                    continue
                }
                let target = parts[0].split(separator: ".").map(String.init)
                guard target.count == 2, Self.movable.contains(where: { $0.table == target[0] && $0.column == target[1] }) else { continue }
                try await sql.update(target[0]).set(SQLIdentifier(target[1]), to: SQLBind(mergedID))
                    .where("id", .equal, SQLBind(id)).run()
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
}

extension Request {
    var merges: MergeService { MergeService(db: db, actor: currentUser, audit: audit) }
}
