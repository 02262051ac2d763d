import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawSocialServices

/// Assignment and violence incidents: the commands a supervisor and the case team add on top
/// of the steps.
extension CaseService {
    /// Assigns (or reassigns) the case to an active social worker whose scope holds the case.
    /// Open deadlines follow the case to the new worker.
    package func assign(_ record: CaseRecord, worker rawWorker: String) async throws {
        guard record.stepValue.isOpen else { throw AppError.conflict("case.closed_readonly") }
        let worker = try await socialWorker(rawWorker, holding: record, field: "worker")
        let workerID = try worker.requireID()
        let previous = try await record.$worker.get(on: db)
        guard previous?.id != workerID else { return }
        try await change(record, expectedVersion: nil, event: nil, detail: "assigned \(worker.username)") { tx in
            record.$worker.id = workerID
            try await record.save(on: tx)
            let open = try await CaseTask.query(on: tx).filter(\.$caseRecord.$id == record.id!).filter(\.$doneAt == nil).all()
            for task in open { task.workerID = workerID; try await task.save(on: tx) }
            try await history(record.id!, "worker", previous?.username, worker.username, on: tx)
        }
    }

    /// An active social worker whose scope holds the case, or the field's "choose" error.
    package func socialWorker(_ raw: String, holding record: CaseRecord, field: String) async throws -> User {
        guard let id = UUID(uuidString: raw),
              let worker = try await User.query(on: db).filter(\.$id == id).with(\.$territory).first(),
              worker.isActive, worker.role == .socialWorker,
              Scope(kind: worker.scopeKind, territoryPath: worker.territory?.path).contains(territoryPath: record.territoryPath) else {
            throw AppError.invalid([.init(field: field, key: "validation.choose")])
        }
        return worker
    }

    package struct IncidentDraft {
        package var type = ""
        package var occurredOn = ""
        package var place = ""
        package var perpetratorRelationship = ""
        package var perpetratorName = ""
        package var reportedTo = ""
        package var medicalFollowUp = ""
        package var legalFollowUp = ""
    }

    package func recordIncident(_ record: CaseRecord, _ draft: IncidentDraft) async throws {
        var problems: [FieldProblem] = []
        let type = IncidentType(rawValue: draft.type)
        if type == nil { problems.append(.init(field: "type", key: "validation.choose")) }
        // An incident may predate the case, but not the future.
        guard let occurred = CalendarDate(userInput: draft.occurredOn) else {
            problems.append(.init(field: "occurredOn", key: "validation.date"))
            throw AppError.invalid(problems)
        }
        if occurred > today { problems.append(.init(field: "occurredOn", key: "case.validation.future")) }
        let place = draft.place.trimmingCharacters(in: .whitespacesAndNewlines)
        if place.isEmpty { problems.append(.init(field: "place", key: "validation.required")) }
        let relationship = PerpetratorRelationship(rawValue: draft.perpetratorRelationship)
        if relationship == nil { problems.append(.init(field: "perpetratorRelationship", key: "validation.choose")) }
        let reported = IncidentReportedTo(rawValue: draft.reportedTo)
        if reported == nil { problems.append(.init(field: "reportedTo", key: "validation.choose")) }
        for (field, text) in [("place", draft.place), ("medicalFollowUp", draft.medicalFollowUp), ("legalFollowUp", draft.legalFollowUp)]
        where text.count > Self.textLimit {
            problems.append(.init(field: field, key: "validation.too_long"))
        }
        guard problems.isEmpty, let type, let relationship, let reported else { throw AppError.invalid(problems) }
        func optional(_ text: String) -> String? {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        }
        let name = optional(draft.perpetratorName), medical = optional(draft.medicalFollowUp), legal = optional(draft.legalFollowUp)
        try await change(record, expectedVersion: nil, event: nil, detail: "incident \(type.rawValue)", appends: true) { tx in
            let row = CaseIncident()
            row.$caseRecord.id = record.id!
            row.type = type.rawValue
            row.occurredOn = occurred.iso
            row.place = place
            row.perpetratorRelationship = relationship.rawValue
            row.perpetratorName = name
            row.reportedTo = reported.rawValue
            row.medicalFollowUp = medical
            row.legalFollowUp = legal
            row.recordedBy = actor?.id
            row.recordedByName = actor?.username
            row.recordedAt = now
            try await row.create(on: tx)
            // The history names the type and date only: the details stay in the incident record.
            try await history(record.id!, "incident", nil, "\(type.rawValue) \(occurred.iso)", on: tx)
        }
    }
}
