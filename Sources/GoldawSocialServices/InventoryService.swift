import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// Inventory rounds: the administrator writes a questionnaire and opens it; providers (or
/// staff for them) answer with typed values and propose changes to their services; the
/// administrator reviews, and only an approved response changes the directory.
package struct InventoryService {
    package let db: any Database
    package let actor: CurrentUser?
    package let audit: AuditService
    package var now: Date = AppClock.now

    package var today: CalendarDate { CalendarDate.ashgabat(secondsSince1970: now.timeIntervalSince1970) }

    package func createRound(title rawTitle: String, closesOn rawDate: String) async throws -> InventoryRound {
        var problems: [FieldProblem] = []
        let title = rawTitle.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty { problems.append(.init(field: "title", key: "validation.required")) }
        else if title.count > 200 { problems.append(.init(field: "title", key: "validation.too_long")) }
        let closes = CalendarDate(userInput: rawDate.trimmingCharacters(in: .whitespaces))
        if closes == nil { problems.append(.init(field: "closesOn", key: "validation.date")) }
        else if closes! < today { problems.append(.init(field: "closesOn", key: "inventory.problem.closes_past")) }
        guard problems.isEmpty, let closes else { throw AppError.invalid(problems) }
        return try await db.writing { tx in
            let round = InventoryRound()
            round.title = title
            round.status = InventoryRoundStatus.draft.rawValue
            round.closesOn = closes.iso
            round.createdBy = actor?.id
            round.version = 1
            try await round.create(on: tx)
            try await audit.on(tx).record(.inventoryChanged, recordType: "inventory_round", recordID: round.id!.uuidString, detail: "created \(title)")
            return round
        }
    }

    package func addQuestion(to round: InventoryRound, kind rawKind: String, prompt rawPrompt: String, required: Bool, choices rawChoices: String) async throws {
        guard round.statusValue == .draft else { throw AppError.conflict("inventory.problem.not_draft") }
        var problems: [FieldProblem] = []
        let kind = QuestionKind(rawValue: rawKind)
        if kind == nil { problems.append(.init(field: "kind", key: "validation.choose")) }
        let prompt = rawPrompt.trimmingCharacters(in: .whitespacesAndNewlines)
        if prompt.isEmpty { problems.append(.init(field: "prompt", key: "validation.required")) }
        else if prompt.count > 1000 { problems.append(.init(field: "prompt", key: "validation.too_long")) }
        let choices = rawChoices.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if kind == .choice && choices.count < 2 { problems.append(.init(field: "choices", key: "inventory.problem.choices")) }
        guard problems.isEmpty, let kind else { throw AppError.invalid(problems) }
        try await db.writing { tx in
            let position = (try await InventoryQuestion.query(on: tx).filter(\.$round.$id == round.requireID()).max(\.$position) ?? 0) + 1
            let question = InventoryQuestion()
            question.$round.id = try round.requireID()
            question.position = position
            question.kind = kind.rawValue
            question.prompt = prompt
            question.required = required
            question.choices = kind == .choice ? choices.joined(separator: "\n") : nil
            try await question.create(on: tx)
            try await audit.on(tx).record(.inventoryChanged, recordType: "inventory_round", recordID: round.id!.uuidString,
                                          detail: "question \(position) \(kind.rawValue)")
        }
    }

    /// Opens a draft round (it needs a question) or closes an open one.
    package func move(_ round: InventoryRound, to step: InventoryStep, expectedVersion: Int) async throws {
        guard round.version == expectedVersion else { throw AppError.conflict("error.stale") }
        let id = try round.requireID()
        guard round.statusValue == step.from else { throw AppError.conflict("inventory.problem.step") }
        if step == .open {
            guard try await InventoryQuestion.query(on: db).filter(\.$round.$id == id).count() > 0 else {
                throw AppError.conflict("inventory.problem.no_questions")
            }
            round.openedOn = today.iso
        }
        round.status = step.to.rawValue
        try await db.writing { tx in
            try await DirectoryService.bumpVersion(InventoryRound.schema, id: id, expected: expectedVersion, on: tx)
            round.version = expectedVersion + 1
            try await round.save(on: tx)
            try await audit.on(tx).record(.inventoryChanged, recordType: "inventory_round", recordID: id.uuidString, detail: step.rawValue)
        }
    }

    package func questions(_ round: InventoryRound) async throws -> [InventoryQuestion] {
        try await InventoryQuestion.query(on: db).filter(\.$round.$id == round.requireID()).sort(\.$position).all()
    }

    /// The etraps a grid question asks about for a provider: those of its welaýat, valid today.
    package func gridUnits(for provider: Provider) async throws -> [Territory] {
        let region = DirectoryService.ancestors(of: provider.territoryPath).first ?? provider.territoryPath
        return try await TerritoryService(db: db).valid(on: today.iso)
            .filter { $0.path.hasPrefix(region) && $0.path != region && $0.level != TerritoryLevel.region.rawValue }
    }

    package struct Submission: Sendable {
        /// question id → the typed text.
        package var answers: [String: String] = [:]
        /// question id → territory code → the typed number.
        package var grids: [String: [String: String]] = [:]
        /// service id → (capacity, occupancy, active) as typed.
        package var services: [String: (capacity: String, occupancy: String, active: Bool)] = [:]

        package init(answers: [String: String] = [:], grids: [String: [String: String]] = [:], services: [String: (capacity: String, occupancy: String, active: Bool)] = [:]) {
            self.answers = answers
            self.grids = grids
            self.services = services
        }
    }

    /// Stores a provider's answers, replacing an earlier response to the same round, which
    /// goes back to review. Every answer is checked against its question's type first.
    package func submit(_ submission: Submission, round: InventoryRound, provider: Provider) async throws -> InventoryResponse {
        guard round.statusValue == .open else { throw AppError.conflict("inventory.problem.not_open") }
        let questions = try await questions(round)
        let units = try await gridUnits(for: provider).map(\.code)
        var problems: [FieldProblem] = []
        var rows: [(UUID, String?, String)] = []
        for question in questions {
            let key = question.id!.uuidString
            if question.kindValue == .territoryGrid {
                switch AnswerRules.checkGrid(submission.grids[key] ?? [:], codes: units, required: question.required) {
                case .failure(let problem): problems.append(.init(field: "q-\(key)", key: "inventory.answer.\(problem.rawValue)"))
                case .success(let cells): rows += cells.sorted { $0.key < $1.key }.map { (question.id!, $0.key, String($0.value)) }
                }
            } else {
                switch AnswerRules.check(question.kindValue, raw: submission.answers[key] ?? "", required: question.required, choices: question.choiceList) {
                case .failure(let problem): problems.append(.init(field: "q-\(key)", key: "inventory.answer.\(problem.rawValue)"))
                case .success(let value?): rows.append((question.id!, nil, value))
                case .success(nil): break
                }
            }
        }
        let services = try await SocialService.query(on: db).filter(\.$provider.$id == provider.requireID()).sort(\.$name).all()
        var updates: [(UUID, Int?, Int, Bool)] = []
        for service in services {
            guard let typed = submission.services[service.id!.uuidString] else { continue }
            let capacityText = typed.capacity.trimmingCharacters(in: .whitespaces)
            let capacity = capacityText.isEmpty ? nil : Int(capacityText)
            if !capacityText.isEmpty && (capacity == nil || capacity! < 0) {
                problems.append(.init(field: "cap-\(service.id!.uuidString)", key: "inventory.answer.not_number")); continue
            }
            guard let occupancy = Int(typed.occupancy.trimmingCharacters(in: .whitespaces)), occupancy >= 0 else {
                problems.append(.init(field: "occ-\(service.id!.uuidString)", key: "inventory.answer.not_number")); continue
            }
            if let capacity, occupancy > capacity {
                problems.append(.init(field: "occ-\(service.id!.uuidString)", key: "services.problem.over_capacity")); continue
            }
            updates.append((service.id!, capacity, occupancy, typed.active))
        }
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let (answerRows, serviceUpdates) = (rows, updates)
        return try await db.writing { tx in
            let roundID = try round.requireID(), providerID = try provider.requireID()
            let response = try await InventoryResponse.query(on: tx).filter(\.$round.$id == roundID).filter(\.$provider.$id == providerID).first()
                ?? InventoryResponse()
            if let id = response.id {
                try await InventoryAnswer.query(on: tx).filter(\.$response.$id == id).delete()
                try await InventoryServiceUpdate.query(on: tx).filter(\.$response.$id == id).delete()
                try await DirectoryService.bumpVersion(InventoryResponse.schema, id: id, expected: response.version, on: tx)
                response.version += 1
            } else {
                response.$round.id = roundID
                response.$provider.id = providerID
                response.territoryPath = provider.territoryPath
                response.version = 1
            }
            response.status = ResponseStatus.submitted.rawValue
            response.submittedAt = now
            response.submittedBy = actor?.id
            response.submittedByName = actor.map { "\($0.fullName) (\($0.username))" } ?? "—"
            response.reviewedAt = nil
            response.reviewedBy = nil
            response.reviewNote = nil
            try await response.save(on: tx)
            for (questionID, code, value) in answerRows {
                let answer = InventoryAnswer()
                answer.$response.id = response.id!
                answer.$question.id = questionID
                answer.territoryCode = code
                answer.value = value
                try await answer.create(on: tx)
            }
            for (serviceID, capacity, occupancy, active) in serviceUpdates {
                let update = InventoryServiceUpdate()
                update.$response.id = response.id!
                update.$service.id = serviceID
                update.capacity = capacity
                update.occupancy = occupancy
                update.active = active
                try await update.create(on: tx)
            }
            try await audit.on(tx).record(.inventoryAnswered, recordType: "inventory_response", recordID: response.id!.uuidString,
                                          detail: "\(round.title): \(answerRows.count) answers, \(serviceUpdates.count) service updates")
            return response
        }
    }

    /// Approves (the proposed service changes go into the directory) or rejects a response.
    package func review(_ response: InventoryResponse, approve: Bool, note rawNote: String, expectedVersion: Int) async throws {
        guard response.version == expectedVersion else { throw AppError.conflict("error.stale") }
        guard response.status == ResponseStatus.submitted.rawValue else { throw AppError.conflict("inventory.problem.reviewed") }
        let note = rawNote.trimmingCharacters(in: .whitespacesAndNewlines)
        if !approve && note.isEmpty { throw AppError.invalid([.init(field: "note", key: "inventory.problem.reject_reason")]) }
        try await db.writing { tx in
            let id = try response.requireID()
            try await DirectoryService.bumpVersion(InventoryResponse.schema, id: id, expected: expectedVersion, on: tx)
            response.version = expectedVersion + 1
            response.status = (approve ? ResponseStatus.approved : .rejected).rawValue
            response.reviewedAt = now
            response.reviewedBy = actor?.id
            response.reviewNote = note.isEmpty ? nil : note
            try await response.save(on: tx)
            var applied = 0
            if approve {
                for update in try await InventoryServiceUpdate.query(on: tx).filter(\.$response.$id == id).all() {
                    guard let service = try await SocialService.find(update.$service.id, on: tx) else { continue }
                    try await DirectoryService.bumpVersion(SocialService.schema, id: service.id!, expected: service.version, on: tx)
                    service.version += 1
                    service.capacity = update.capacity
                    service.occupancy = update.occupancy
                    service.active = update.active
                    try await service.save(on: tx)
                    applied += 1
                }
            }
            try await audit.on(tx).record(.inventoryReviewed, recordType: "inventory_response", recordID: id.uuidString,
                                          detail: "\(response.status), \(applied) services updated")
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
    package var inventory: InventoryService { InventoryService(db: db, actor: currentUser, audit: audit) }
}
