import Fluent
import Foundation
import GoldawCore
import Vapor
import GoldawPlatform
import GoldawRegistry
import GoldawSocialServices

/// Child protection cases: their person and territory columns, and what a merge means for them.
package enum CasesDomain: DomainContract {
    package static let name = "Cases"
    /// The task a merge leaves on each open case of a child who now has more than one.
    package static let duplicateReviewTask = "duplicate_review"
    /// Days the supervisor has to decide which of the cases goes on.
    package static let duplicateReviewDays = 3.0

    package static let personReferences: [PersonReference] = [
        // The case follows the child; its consents, notes, referrals and incidents hang off the case.
        .init(table: CaseRecord.schema, column: "person_id", onMerge: .move),
    ]
    package static let territoryReferences: [TerritoryReference] = [
        .init(table: CaseRecord.schema, column: "territory_id", holds: .id, onChange: .follow),
        .init(table: CaseRecord.schema, column: "territory_path", holds: .path, onChange: .follow),
        .init(table: CaseApproval.schema, column: "territory_path", holds: .path, onChange: .follow),
        .init(table: CaseTask.schema, column: "territory_path", holds: .path, onChange: .follow),
        .init(table: CaseTransfer.schema, column: "from_path", holds: .path,
              onChange: .keep(because: "where the case came from, as it was")),
        // A transfer waiting for the unit reaches the successor's supervisors.
        .init(table: CaseTransfer.schema, column: "to_territory_id", holds: .id, onChange: .follow),
        .init(table: CaseTransfer.schema, column: "to_path", holds: .path, onChange: .follow),
        // A report waiting for the etrap's supervisor reaches the successor's supervisor.
        .init(table: CaseIntake.schema, column: "territory_id", holds: .id, onChange: .follow),
        .init(table: CaseIntake.schema, column: "territory_path", holds: .path, onChange: .follow),
    ]

    /// Reports of a child at risk waiting for a decision, on the supervisor's home page.
    package static func homeCards(for me: CurrentUser, req: Request) async throws -> [HomeCard] {
        guard AccessPolicy.allows(me.role, .superviseCases) else { return [] }
        let waiting = try await CaseIntakeQueries(db: req.db).waitingCount(scope: me.scope)
        return [HomeCard(label: req.t("case.intake.home_card"), count: waiting, href: AppRoute.caseIntakes.path)]
    }

    /// Two open cases of one child after a merge: neither is closed behind anyone's back. Each gets
    /// a "possible duplicate" deadline that its team and supervisor see; closing one as a
    /// duplicate ends the deadline on both (`CaseService.close`).
    package static func afterMerge(survivor: UUID, merged: UUID, on tx: any Database, now: Date) async throws {
        let open = try await CaseRecord.query(on: tx).filter(\.$child.$id == survivor)
            .filter(\.$step != CaseStep.closed.rawValue).sort(\.$registeredAt).all()
        guard open.count > 1 else { return }
        for record in open {
            let task = CaseTask()
            task.$caseRecord.id = try record.requireID()
            task.kind = duplicateReviewTask
            task.dueAt = now.addingTimeInterval(duplicateReviewDays * 86_400)
            task.territoryPath = record.territoryPath
            task.workerID = record.$worker.id
            try await task.create(on: tx)
        }
    }

    /// An unmerge gives each record its own cases back: the question a merge raised is gone.
    package static func afterUnmerge(survivor: UUID, merged: UUID, on tx: any Database, now: Date) async throws {
        let cases = try await CaseRecord.query(on: tx).filter(\.$child.$id ~~ [survivor, merged]).all().map { try $0.requireID() }
        guard !cases.isEmpty else { return }
        try await CaseTask.query(on: tx).filter(\.$caseRecord.$id ~~ cases).filter(\.$kind == duplicateReviewTask)
            .filter(\.$doneAt == nil).set(\.$doneAt, to: now).update()
    }

    /// The child's cases on the profile, and the way to open one, for those who see cases.
    package struct ProfileSection: Encodable, Sendable {
        package let cases: [CaseSummary]
        package let newHref: String?
    }

    package static func profileSection(for subject: ProfileSubject, req: Request) async throws -> (any Encodable & Sendable)? {
        guard let user = req.currentUser, AccessPolicy.allows(user.role, .viewCases) else { return nil }
        let under18 = CalendarDate(iso: subject.birthDate).map { Age.years(born: $0, on: CalendarDate.today) < 18 } ?? false
        let canOpen = AccessPolicy.allows(user.role, .workCases) && under18 && !subject.isMerged && subject.deathDate == nil
        return ProfileSection(cases: try await CaseSummary.forPerson(subject.id, req: req),
                              newHref: canOpen ? AppRoute.caseNew(subject.id).path : nil)
    }

    /// The worker's or the supervisor's deadlines, approvals and caseload.
    package static func homePanel(for me: CurrentUser, req: Request) async throws -> (any Encodable & Sendable)? {
        try await CaseHome.build(for: me, req: req)
    }

    /// The task a death recorded in the registry leaves on each open case of the child.
    /// A referral names the case it comes from by its number; the case must be the child's.
    package static func findRecord(_ kind: RecordKind, number: String, person: UUID, on db: any Database) async throws -> UUID? {
        guard kind == .childProtectionCase else { return nil }
        return try await CaseRecord.query(on: db).filter(\.$number == number).filter(\.$child.$id == person).first()?.id
    }

    /// A referral from a case needs the consent the child's age band needs for a referral
    /// (or a supervisor's override on the case), whichever page it is made from.
    package static func referralRefusal(from kind: RecordKind, id: UUID, on db: any Database) async throws -> String? {
        guard kind == .childProtectionCase, let record = try await CaseRecord.find(id, on: db) else { return nil }
        let service = CaseService(db: db, actor: nil, audit: AuditService(db: db, actor: nil, clientIP: nil, requestID: "referral"))
        return try await service.consentDecision(record, .referral).isAllowed ? nil : "case.referral.no_consent"
    }

    /// The case team reads a case's content wherever it is copied: the assigned worker, the
    /// colleagues a supervisor added and the supervisors whose scope holds the case.
    package static func readable(_ kind: RecordKind, ids: Set<UUID>, by user: CurrentUser, on db: any Database) async throws -> Set<UUID>? {
        guard kind == .childProtectionCase else { return nil }
        guard AccessPolicy.allows(user.role, .viewCases) else { return [] }
        let records = try await CaseRecord.query(on: db).filter(\.$id ~~ Array(ids)).all()
            .filter { user.scope.contains(territoryPath: $0.territoryPath) }
        if AccessPolicy.allows(user.role, .superviseCases) { return Set(records.compactMap(\.id)) }
        let member = Set(try await CaseTeamMember.query(on: db).filter(\.$caseRecord.$id ~~ records.compactMap(\.id))
            .filter(\.$user.$id == user.id).filter(\.$removedAt == nil).all().map(\.$caseRecord.id))
        return Set(records.filter { $0.$worker.id == user.id || member.contains($0.id!) }.compactMap(\.id))
    }

    package static let deathRecordedTask = "death_recorded"

    /// The child's death recorded in the registry: each open case gets a deadline today for its
    /// team and supervisor to review and close it; nothing is closed without them.
    package static func afterDeathRecorded(person: UUID, on date: String, in context: RegistryEventContext) async throws {
        let open = try await CaseRecord.query(on: context.db).filter(\.$child.$id == person)
            .filter(\.$step != CaseStep.closed.rawValue).all()
        for record in open {
            let task = CaseTask()
            task.$caseRecord.id = try record.requireID()
            task.kind = deathRecordedTask
            task.dueAt = context.now
            task.territoryPath = record.territoryPath
            task.workerID = record.$worker.id
            try await task.create(on: context.db)
        }
    }
}
