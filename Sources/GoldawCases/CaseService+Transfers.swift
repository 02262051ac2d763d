import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawSocialServices

/// Transfers to another etrap, case conferences and best-interests assessments.
extension CaseService {
    /// Proposes moving the case to another etrap (a territory code in force below welaýat level).
    package func proposeTransfer(_ record: CaseRecord, to code: String, reason rawReason: String) async throws {
        guard record.stepValue.isOpen else { throw AppError.conflict("case.closed_readonly") }
        var problems: [FieldProblem] = []
        let target = try await Territory.query(on: db).filter(\.$code == code.trimmingCharacters(in: .whitespaces).uppercased()).first()
        if target == nil || target!.level == TerritoryLevel.region.rawValue || !target!.isValid(on: today.iso) {
            problems.append(.init(field: "territory", key: "case.transfer.unknown_territory"))
        }
        let reason = rawReason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { problems.append(.init(field: "transferReason", key: "validation.required")) }
        guard problems.isEmpty, let target else { throw AppError.invalid(problems) }
        let pending = try await CaseTransfer.query(on: db).filter(\.$caseRecord.$id == record.id!)
            .filter(\.$status == TransferStatus.proposed.rawValue).count() > 0
        if let refusal = TransferRules.mayPropose(from: record.territoryPath, to: target.path, pending: pending) {
            throw AppError.conflict(refusal.rawValue)
        }
        try await change(record, expectedVersion: nil, event: nil, detail: "transfer proposed \(target.code)") { tx in
            let row = CaseTransfer()
            row.$caseRecord.id = record.id!
            row.fromPath = record.territoryPath
            row.$toTerritory.id = target.id!
            row.toPath = target.path
            row.reason = reason
            row.status = TransferStatus.proposed.rawValue
            row.proposedBy = actor?.id
            row.proposedByName = actor?.username
            row.proposedAt = now
            row.version = 1
            try await row.create(on: tx)
            try await history(record.id!, "transfer", nil, "→ \(target.code) proposed", on: tx)
        }
    }

    /// The receiving supervisor accepts or declines; the sending side may cancel. On acceptance
    /// the case, its open deadlines and waiting approvals move to the new etrap, and the case
    /// waits there for a worker.
    package func decideTransfer(_ transfer: CaseTransfer, _ decision: TransferDecision, comment rawComment: String, expectedVersion: Int) async throws {
        let comment = rawComment.trimmingCharacters(in: .whitespacesAndNewlines)
        guard transfer.version == expectedVersion else { throw AppError.conflict("error.stale") }
        let outcome: TransferStatus
        switch TransferRules.decide(transfer.statusValue, decision, comment: comment) {
        case .failure(.reasonRequired): throw AppError.invalid([.init(field: "comment", key: TransferRules.Refusal.reasonRequired.rawValue)])
        case .failure(let refusal): throw AppError.conflict(refusal.rawValue)
        case .success(let status): outcome = status
        }
        guard let record = try await CaseRecord.find(transfer.$caseRecord.id, on: db) else { throw AppError.notFound }
        let target = try await transfer.$toTerritory.get(on: db)
        let transferID = try transfer.requireID()
        let fromPath = record.territoryPath
        try await change(record, expectedVersion: nil, event: nil, detail: "transfer \(outcome.rawValue) \(target.code)") { tx in
            let changed = try await (tx as! any SQLDatabase).update(CaseTransfer.schema)
                .set("version", to: SQLBind(expectedVersion + 1))
                .where("id", .equal, SQLBind(transferID)).where("version", .equal, SQLBind(expectedVersion))
                .returning("id").all()
            guard changed.count == 1 else { throw AppError.conflict("error.stale") }
            transfer.version = expectedVersion + 1
            transfer.status = outcome.rawValue
            transfer.decisionComment = comment.isEmpty ? nil : comment
            transfer.decidedBy = actor?.id
            transfer.decidedByName = actor?.username
            transfer.decidedAt = now
            try await transfer.save(on: tx)
            if outcome == .accepted {
                let previousWorker = try await record.$worker.get(on: tx)?.username
                record.$territory.id = target.id
                record.territoryPath = target.path
                record.$worker.id = nil
                try await record.save(on: tx)
                let sql = tx as! any SQLDatabase
                for table in [CaseTask.schema, CaseApproval.schema] {
                    try await sql.update(table).set("territory_path", to: SQLBind(target.path))
                        .where("case_id", .equal, SQLBind(record.id!)).run()
                }
                let open = try await CaseTask.query(on: tx).filter(\.$caseRecord.$id == record.id!).filter(\.$doneAt == nil).all()
                for task in open { task.workerID = nil; try await task.save(on: tx) }
                try await history(record.id!, "territory", fromPath, target.path, on: tx)
                if let previousWorker { try await history(record.id!, "worker", previousWorker, nil, on: tx) }
            }
            try await history(record.id!, "transfer", "→ \(target.code) proposed", "→ \(target.code) \(outcome.rawValue)", on: tx)
        }
    }

    package struct ConferenceDraft {
        package var heldOn = ""
        package var agencies: [String] = []
        package var participants = ""
        package var decisions = ""
        package var actions: [(agency: String, action: String, due: String)] = []
    }

    package func recordConference(_ record: CaseRecord, _ draft: ConferenceDraft) async throws {
        var problems: [FieldProblem] = []
        let held = try dateProblem("heldOn", draft.heldOn, notBefore: record.identifiedOn, into: &problems)
        let agencies = draft.agencies.compactMap(ConferenceAgency.init(rawValue:))
        if agencies.isEmpty || agencies.count != draft.agencies.count { problems.append(.init(field: "agencies", key: "validation.choose")) }
        let participants = draft.participants.trimmingCharacters(in: .whitespacesAndNewlines)
        if participants.isEmpty { problems.append(.init(field: "participants", key: "validation.required")) }
        let decisions = draft.decisions.trimmingCharacters(in: .whitespacesAndNewlines)
        if decisions.isEmpty { problems.append(.init(field: "decisions", key: "validation.required")) }
        var actions: [(String, String, String)] = []
        for (index, item) in draft.actions.enumerated() {
            let text = item.action.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty && item.agency.isEmpty && item.due.isEmpty { continue }
            let n = index + 1
            if ConferenceAgency(rawValue: item.agency) == nil { problems.append(.init(field: "agency\(n)", key: "validation.choose")) }
            if text.isEmpty { problems.append(.init(field: "conferenceAction\(n)", key: "validation.required")) }
            guard let due = CalendarDate(userInput: item.due) else { problems.append(.init(field: "conferenceDue\(n)", key: "validation.date")); continue }
            actions.append((item.agency, text, due.iso))
        }
        guard problems.isEmpty, let held else { throw AppError.invalid(problems) }
        let toSave = actions
        try await change(record, expectedVersion: nil, event: nil, detail: "conference", appends: true) { tx in
            let row = CaseConference()
            row.id = AppClock.newID()
            row.$caseRecord.id = record.id!
            row.heldOn = held.iso
            row.agencies = agencies.map(\.rawValue).joined(separator: ",")
            row.participants = participants
            row.decisions = decisions
            row.recordedBy = actor?.id
            row.recordedByName = actor?.username
            row.recordedAt = now
            try await row.create(on: tx)
            for (index, item) in toSave.enumerated() {
                let action = CaseConferenceAction()
                action.$conference.id = row.id!
                action.position = index + 1
                action.agency = item.0
                action.action = item.1
                action.dueOn = item.2
                try await action.create(on: tx)
            }
            try await history(record.id!, "conference", nil, held.iso, on: tx)
        }
    }

    package struct BestInterestsDraft {
        package var assessedOn = ""
        package var decisionAtStake = ""
        package var childViews = ""
        package var familyViews = ""
        package var options = ""
        package var recommendation = ""
    }

    package func recordBestInterests(_ record: CaseRecord, _ draft: BestInterestsDraft) async throws {
        var problems: [FieldProblem] = []
        let assessed = try dateProblem("biaAssessedOn", draft.assessedOn, notBefore: record.identifiedOn, into: &problems)
        let decision = BestInterestsDecision(rawValue: draft.decisionAtStake)
        if decision == nil { problems.append(.init(field: "decisionAtStake", key: "validation.choose")) }
        var texts: [String: String] = [:]
        for (field, value) in [("biaChildViews", draft.childViews), ("familyViews", draft.familyViews), ("options", draft.options),
                               ("recommendation", draft.recommendation)] {
            let text = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { problems.append(.init(field: field, key: "validation.required")) }
            if text.count > Self.textLimit { problems.append(.init(field: field, key: "validation.too_long")) }
            texts[field] = text
        }
        guard problems.isEmpty, let assessed, let decision else { throw AppError.invalid(problems) }
        let values = texts
        try await change(record, expectedVersion: nil, event: nil, detail: "best interests \(decision.rawValue)", appends: true) { tx in
            let row = CaseBestInterests()
            row.$caseRecord.id = record.id!
            row.assessedOn = assessed.iso
            row.decisionAtStake = decision.rawValue
            row.childViews = values["biaChildViews"]!
            row.familyViews = values["familyViews"]!
            row.options = values["options"]!
            row.recommendation = values["recommendation"]!
            row.recordedBy = actor?.id
            row.recordedByName = actor?.username
            row.recordedAt = now
            try await row.create(on: tx)
            try await history(record.id!, "bestInterests", nil, "\(decision.rawValue) \(assessed.iso)", on: tx)
        }
    }
}
