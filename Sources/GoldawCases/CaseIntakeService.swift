import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawSocialServices

/// The intake queue of child protection: reports of a child at risk that arrive before there is
/// a case. Another domain hands one in (`receive`, inside its own transaction); the etrap's
/// supervisor or a social worker opens a case for the child (`CaseService.open(…, intake:)`) or
/// closes it as not a concern with a reason. Each decision checks the intake's version, so two
/// people deciding at once cannot both win.
package struct CaseIntakeService {
    package let db: any Database
    package let actor: CurrentUser?
    package let audit: AuditService
    package var now: Date = AppClock.now

    package static let reasonLimit = 2000

    /// Records a report in the queue of the etrap `territory`. `audit` is the caller's, bound to
    /// its transaction: a report from the public carries no client address.
    package static func receive(source: CaseIntakeSource, reference: String?, text: String, territory: Territory,
                                on tx: any Database, audit: AuditService, now: Date) async throws -> CaseIntake {
        let intake = CaseIntake()
        intake.id = AppClock.newID()
        intake.number = Counters.format("CI-", try await Counters.next("case_intake", on: tx))
        intake.source = source.rawValue
        intake.sourceReference = reference
        intake.text = text
        intake.$territory.id = try territory.requireID()
        intake.territoryPath = territory.path
        intake.receivedAt = now
        intake.status = CaseIntakeStatus.new.rawValue
        intake.version = 1
        try await intake.create(on: tx)
        try await audit.on(tx).record(.caseIntakeReceived, recordType: "case_intake", recordID: intake.id!.uuidString,
                                      detail: "\(intake.number) \(source.rawValue) \(reference ?? "")")
        return intake
    }

    /// Closes a waiting intake: nobody needs a case. The reason is required.
    package func closeAsNotAConcern(_ intake: CaseIntake, reason rawReason: String, expectedVersion: Int) async throws {
        let reason = rawReason.trimmingCharacters(in: .whitespacesAndNewlines)
        if intake.version != expectedVersion { throw AppError.conflict("error.stale") }
        guard CaseIntakeRules.canDecide(from: intake.statusValue, to: .notAConcern) else {
            throw AppError.conflict("case.intake.already_decided")
        }
        if reason.isEmpty { throw AppError.invalid([.init(field: "reason", key: "validation.required")]) }
        if reason.count > Self.reasonLimit { throw AppError.invalid([.init(field: "reason", key: "validation.too_long")]) }
        try await db.writing { tx in
            try await Self.decide(intake, .notAConcern, caseID: nil, reason: reason, expectedVersion: expectedVersion,
                                  actor: actor, now: now, on: tx)
            try await audit.on(tx).record(.caseIntakeDecided, recordType: "case_intake", recordID: intake.id!.uuidString,
                                          detail: "\(intake.number) \(CaseIntakeStatus.notAConcern.rawValue)")
        }
    }

    /// Moves a waiting intake to its decision, refusing a stale or already decided one.
    package static func decide(_ intake: CaseIntake, _ status: CaseIntakeStatus, caseID: UUID?, reason: String?,
                               expectedVersion: Int, actor: CurrentUser?, now: Date, on tx: any Database) async throws {
        guard CaseIntakeRules.canDecide(from: intake.statusValue, to: status) else { throw AppError.conflict("case.intake.already_decided") }
        let changed = try await (tx as! any SQLDatabase).update(CaseIntake.schema)
            .set("version", to: SQLBind(expectedVersion + 1))
            .where("id", .equal, SQLBind(try intake.requireID()))
            .where("version", .equal, SQLBind(expectedVersion))
            .where("status", .equal, SQLBind(CaseIntakeStatus.new.rawValue))
            .returning("id").all()
        guard changed.count == 1 else { throw AppError.conflict("case.intake.already_decided") }
        intake.version = expectedVersion + 1
        intake.status = status.rawValue
        intake.$caseRecord.id = caseID
        intake.reason = reason
        intake.decidedBy = actor?.id
        intake.decidedByName = actor?.username
        intake.decidedAt = now
        try await intake.save(on: tx)
    }

    package init(db: any Database, actor: CurrentUser?, audit: AuditService, now: Date = AppClock.now) {
        self.db = db
        self.actor = actor
        self.audit = audit
        self.now = now
    }
}

/// The reads of the intake pages and the home card.
package struct CaseIntakeQueries {
    package let db: any Database

    /// Intakes in scope, waiting ones by default (oldest first), or all (newest first).
    package func list(scope: Scope, waitingOnly: Bool, page: Int, perPage: Int = 25) async throws -> Pager<CaseIntake> {
        var query = CaseIntake.query(on: db).within(\.$territoryPath, scope)
        if waitingOnly {
            query = query.filter(\.$status == CaseIntakeStatus.new.rawValue).sort(\.$receivedAt).sort(\.$number)
        } else {
            query = query.sort(\.$receivedAt, .descending).sort(\.$number, .descending)
        }
        return try await query.readPage(page, perPage: perPage)
    }

    package func waitingCount(scope: Scope) async throws -> Int {
        try await CaseIntake.query(on: db).within(\.$territoryPath, scope).filter(\.$status == CaseIntakeStatus.new.rawValue).count()
    }
}

extension Request {
    package var caseIntakes: CaseIntakeService { CaseIntakeService(db: db, actor: currentUser, audit: audit) }
}
