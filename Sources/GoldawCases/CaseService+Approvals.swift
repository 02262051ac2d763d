import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawSocialServices

/// Maker-checker approvals, closure and reopening, notes and referrals.
extension CaseService {
    // MARK: approvals

    package func refuseIfPending(_ record: CaseRecord, _ kind: ApprovalKind) async throws {
        let pending = try await CaseApproval.query(on: db).filter(\.$caseRecord.$id == record.id!)
            .filter(\.$status == ApprovalStatus.requested.rawValue).all().map(\.kindValue)
        guard ApprovalRules.mayRequest(kind, pending: pending) else { throw AppError.conflict(ApprovalRules.Refusal.alreadyPending.rawValue) }
    }

    package func request(_ record: CaseRecord, _ kind: ApprovalKind, subject: UUID?, comment: String?, on tx: any Database) async throws {
        guard let actor else { throw AppError.forbidden }
        let row = CaseApproval()
        row.$caseRecord.id = record.id!
        row.kind = kind.rawValue
        row.subjectID = subject
        row.status = ApprovalStatus.requested.rawValue
        row.requestComment = comment
        row.requestedBy = actor.id
        row.requestedByName = actor.username
        row.requestedAt = now
        row.used = false
        row.territoryPath = record.territoryPath
        row.version = 1
        try await row.create(on: tx)
        try await history(record.id!, "approval", nil, "\(kind.rawValue) requested", on: tx)
    }

    package func requestClosure(_ record: CaseRecord, comment rawComment: String) async throws {
        var problems: [FieldProblem] = []
        let comment = try required("comment", rawComment, into: &problems)
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        try await refuseIfPending(record, .closure)
        try await change(record, expectedVersion: nil, event: .closureRequested, detail: "closure requested") { tx in
            try await request(record, .closure, subject: nil, comment: comment, on: tx)
        }
    }

    /// A supervisor decides a request. Refused when it no longer waits, when it is the
    /// supervisor's own request, when a rejection has no comment, or when someone decided first.
    package func decide(_ approval: CaseApproval, on record: CaseRecord, _ decision: ApprovalDecision, comment rawComment: String,
                expectedVersion: Int) async throws {
        guard let actor else { throw AppError.forbidden }
        let comment = rawComment.trimmingCharacters(in: .whitespacesAndNewlines)
        guard approval.version == expectedVersion else { throw AppError.conflict("error.stale") }
        let outcome: ApprovalStatus
        switch ApprovalRules.decide(status: approval.statusValue, requestedBy: approval.requestedBy.uuidString,
                                    decidedBy: actor.id.uuidString, decision, comment: comment) {
        case .failure(.commentRequired): throw AppError.invalid([.init(field: "comment", key: ApprovalRules.Refusal.commentRequired.rawValue)])
        case .failure(let refusal): throw AppError.conflict(refusal.rawValue)
        case .success(let status): outcome = status
        }
        var event: CaseEvent?
        if outcome == .approved {
            switch approval.kindValue {
            case .assessment: event = .assessmentApproved
            case .casePlan: event = .planApproved
            case .closure: event = nil
            }
        }
        let approvalID = try approval.requireID()
        let planApproved = event == .planApproved
        let table = try await deadlineTable(on: today)
        try await change(record, expectedVersion: nil, event: event, detail: "\(approval.kind) \(outcome.rawValue)",
                         audit: .caseApprovalDecided) { tx in
            let changed = try await (tx as! any SQLDatabase).update(CaseApproval.schema)
                .set("version", to: SQLBind(expectedVersion + 1))
                .where("id", .equal, SQLBind(approvalID)).where("version", .equal, SQLBind(expectedVersion))
                .returning("id").all()
            guard changed.count == 1 else { throw AppError.conflict("error.stale") }
            approval.version = expectedVersion + 1
            approval.status = outcome.rawValue
            approval.decisionComment = comment.isEmpty ? nil : comment
            approval.decidedBy = actor.id
            approval.decidedByName = actor.username
            approval.decidedAt = now
            try await approval.save(on: tx)
            try await history(record.id!, "approval", "\(approval.kind) requested", "\(approval.kind) \(outcome.rawValue)", on: tx)
            // The first follow-up is due one follow-up interval after the plan is approved.
            if planApproved, let risk = record.risk {
                let open = try await CaseTask.query(on: tx).filter(\.$caseRecord.$id == record.id!)
                    .filter(\.$kind == DeadlineKind.followUp.rawValue).filter(\.$doneAt == nil).count()
                if open == 0, let at = CaseDeadlines.nextFollowUp(risk: risk, after: now.timeIntervalSince1970, table: table) {
                    try await newTask(record, .followUp, at, on: tx)
                }
            }
        }
    }

    // MARK: closure and reopening

    package func close(_ record: CaseRecord, reason rawReason: String, note: String, expectedVersion: Int) async throws {
        let reason = ClosureReason(rawValue: rawReason)
        let approved = try await CaseApproval.query(on: db).filter(\.$caseRecord.$id == record.id!)
            .filter(\.$kind == ApprovalKind.closure.rawValue).filter(\.$status == ApprovalStatus.approved.rawValue)
            .filter(\.$used == false).first()
        switch CaseClosure.check(step: record.stepValue, reason: reason, hasApprovedRequest: approved != nil) {
        case .reasonRequired?: throw AppError.invalid([.init(field: "reason", key: CaseClosure.Refusal.reasonRequired.rawValue)])
        case let refusal?: throw AppError.conflict(refusal.rawValue)
        case nil: break
        }
        try await change(record, expectedVersion: expectedVersion, event: .close, detail: "closed \(rawReason)", audit: .caseClosed) { tx in
            approved!.used = true
            try await approved!.save(on: tx)
            record.closureReason = reason!.rawValue
            record.closureNote = note.isEmpty ? nil : note
            record.closedAt = now
            try await record.save(on: tx)
            try await history(record.id!, "closureReason", nil, reason!.rawValue, on: tx)
            // Open deadlines end with the case.
            let open = try await CaseTask.query(on: tx).filter(\.$caseRecord.$id == record.id!).filter(\.$doneAt == nil).all()
            for task in open { task.doneAt = now; try await task.save(on: tx) }
            // A merge that left the child two open cases is settled once only one is open.
            let stillOpen = try await CaseRecord.query(on: tx).filter(\.$child.$id == record.$child.id)
                .filter(\.$step != CaseStep.closed.rawValue).filter(\.$id != record.id!).all()
            if stillOpen.count == 1 {
                let review = try await CaseTask.query(on: tx).filter(\.$caseRecord.$id == stillOpen[0].id!)
                    .filter(\.$kind == CasesDomain.duplicateReviewTask).filter(\.$doneAt == nil).all()
                for task in review { task.doneAt = now; try await task.save(on: tx) }
            }
        }
    }

    package func reopen(_ record: CaseRecord, reason rawReason: String, expectedVersion: Int) async throws {
        var problems: [FieldProblem] = []
        let reason = try required("reopenReason", rawReason, into: &problems)
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let table = try await deadlineTable(on: today)
        try await change(record, expectedVersion: expectedVersion, event: .reopen, detail: "reopened", audit: .caseReopened) { tx in
            try await history(record.id!, "reopenReason", record.reopenReason, reason, on: tx)
            record.reopenReason = reason
            record.closedAt = nil
            try await record.save(on: tx)
            // A reopened case is reassessed: its deadlines start again from now.
            if let risk = record.risk {
                let due = CaseDeadlines.due(risk: risk, start: now.timeIntervalSince1970, table: table)
                for kind in [DeadlineKind.fullAssessment, .casePlan] { if let at = due[kind] { try await newTask(record, kind, at, on: tx) } }
            }
        }
    }

    // MARK: notes and referrals

    package func addNote(_ record: CaseRecord, body rawBody: String) async throws {
        var problems: [FieldProblem] = []
        let body = try required("body", rawBody, into: &problems)
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        try await change(record, expectedVersion: nil, event: nil, detail: "note", appends: true) { tx in
            let note = CaseNote()
            note.$caseRecord.id = record.id!
            note.body = body
            note.authorID = actor?.id
            note.authorName = actor?.fullName ?? "—"
            note.writtenAt = now
            try await note.create(on: tx)
        }
    }

    /// Records a referral to a service. Refused without the consent the child's age band needs
    /// for referral, unless a supervisor has overridden it with a reason.
    package func refer(_ record: CaseRecord, service rawService: String, provider rawProvider: String, date: String) async throws {
        var problems: [FieldProblem] = []
        let service = try required("service", rawService, into: &problems)
        let provider = try required("provider", rawProvider, into: &problems)
        let referred = try dateProblem("referredOn", date, notBefore: record.identifiedOn, into: &problems)
        guard problems.isEmpty, let referred else { throw AppError.invalid(problems) }
        let decision = try await consentDecision(record, .referral)
        guard decision.isAllowed else { throw AppError.conflict("case.referral.no_consent") }
        try await change(record, expectedVersion: nil, event: nil, detail: "referral", appends: true) { tx in
            let row = CaseReferral()
            row.$caseRecord.id = record.id!
            row.service = service
            row.provider = provider
            row.referredOn = referred.iso
            row.basis = decision == .allowed ? "consent" : "override"
            row.recordedBy = actor?.id
            row.recordedByName = actor?.username
            row.recordedAt = now
            try await row.create(on: tx)
            try await history(record.id!, "referral", nil, "\(service) → \(provider) (\(row.basis))", on: tx)
        }
    }
}
