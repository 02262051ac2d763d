import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawSocialServices

/// The one way a page or the API reaches a case: id → record → scope → team. Outside the
/// user's scope the case does not exist (404). Inside it, only the case team reads the record;
/// any other colleague learns that the case exists and who works on it.
package enum CaseAccess {
    /// The case behind the `:id` parameter, for `action`, read by its team only.
    package static func load(_ req: Request, _ action: Action) async throws -> CaseRecord {
        let (record, access) = try await locate(req, action)
        guard access == .team else { throw AppError.forbiddenBecause("case.team.not_member") }
        return record
    }

    /// The case behind `:id` and what the user may read of it.
    package static func locate(_ req: Request, _ action: Action) async throws -> (CaseRecord, CaseTeam.Access) {
        guard let id = req.parameters.get("id", as: UUID.self), let record = try await CaseRecord.find(id, on: req.db) else {
            try await req.require(action)
            throw AppError.notFound
        }
        let me = try await req.require(action, territoryPath: record.territoryPath)
        return (record, try await access(me, to: record, on: req.db))
    }

    package static func access(_ me: CurrentUser, to record: CaseRecord, on db: any Database) async throws -> CaseTeam.Access {
        let supervises = AccessPolicy.allows(me.role, .superviseCases)
        let assigned = record.$worker.id == me.id
        let member = supervises || assigned ? false : try await isMember(me.id, of: record.requireID(), on: db)
        return CaseTeam.access(supervises: supervises, isAssignedWorker: assigned, isMember: member)
    }

    package static func isMember(_ userID: UUID, of caseID: UUID, on db: any Database) async throws -> Bool {
        try await CaseTeamMember.query(on: db).filter(\.$caseRecord.$id == caseID).filter(\.$user.$id == userID)
            .filter(\.$removedAt == nil).count() > 0
    }
}

extension CaseService {
    /// A supervisor adds a colleague to the case team: an active social worker whose scope holds
    /// the case, not already on it.
    package func addToTeam(_ record: CaseRecord, worker rawWorker: String) async throws {
        guard record.stepValue.isOpen else { throw AppError.conflict("case.closed_readonly") }
        let worker = try await socialWorker(rawWorker, holding: record, field: "member")
        let workerID = try worker.requireID()
        let caseID = try record.requireID()
        guard record.$worker.id != workerID, !(try await CaseAccess.isMember(workerID, of: caseID, on: db)) else {
            throw AppError.invalid([.init(field: "member", key: "case.team.already")])
        }
        try await change(record, expectedVersion: nil, event: nil, detail: "team + \(worker.username)", appends: true) { tx in
            let member = CaseTeamMember()
            member.$caseRecord.id = caseID
            member.$user.id = workerID
            member.addedBy = actor?.id
            member.addedAt = now
            try await member.create(on: tx)
            try await history(caseID, "team", nil, worker.username, on: tx)
        }
    }

    /// A supervisor takes a colleague off the team; the row stays, with who and when.
    package func removeFromTeam(_ record: CaseRecord, worker rawWorker: String) async throws {
        let caseID = try record.requireID()
        guard let workerID = UUID(uuidString: rawWorker),
              let member = try await CaseTeamMember.query(on: db).filter(\.$caseRecord.$id == caseID)
                .filter(\.$user.$id == workerID).filter(\.$removedAt == nil).with(\.$user).first() else {
            throw AppError.invalid([.init(field: "member", key: "validation.choose")])
        }
        try await change(record, expectedVersion: nil, event: nil, detail: "team - \(member.user.username)", appends: true) { tx in
            member.removedAt = now
            member.removedBy = actor?.id
            try await member.save(on: tx)
            try await history(caseID, "team", member.user.username, nil, on: tx)
        }
    }
}
