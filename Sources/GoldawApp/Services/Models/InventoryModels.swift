import Fluent
import Vapor
import GoldawCore

/// An inventory round: a questionnaire sent to every active provider.
final class InventoryRound: Model, @unchecked Sendable {
    static let schema = "inventory_rounds"

    @ID(key: .id) var id: UUID?
    @Field(key: "title") var title: String
    @Field(key: "status") var status: String
    @OptionalField(key: "opened_on") var openedOn: String?
    @Field(key: "closes_on") var closesOn: String
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Field(key: "version") var version: Int

    init() {}

    var statusValue: InventoryRoundStatus { InventoryRoundStatus(rawValue: status) ?? .draft }
}

final class InventoryQuestion: Model, @unchecked Sendable {
    static let schema = "inventory_questions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "round_id") var round: InventoryRound
    @Field(key: "position") var position: Int
    @Field(key: "kind") var kind: String
    @Field(key: "prompt") var prompt: String
    @Field(key: "required") var required: Bool
    /// Choices, one per line, for `choice` questions.
    @OptionalField(key: "choices") var choices: String?

    init() {}

    var kindValue: QuestionKind { QuestionKind(rawValue: kind) ?? .text }
    var choiceList: [String] {
        (choices ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// One provider's answers to one round. Changes to the directory wait for review.
final class InventoryResponse: Model, @unchecked Sendable {
    static let schema = "inventory_responses"

    @ID(key: .id) var id: UUID?
    @Parent(key: "round_id") var round: InventoryRound
    @Parent(key: "provider_id") var provider: Provider
    @Field(key: "territory_path") var territoryPath: String
    @Field(key: "status") var status: String
    @Field(key: "submitted_at") var submittedAt: Date
    @OptionalField(key: "submitted_by") var submittedBy: UUID?
    @Field(key: "submitted_by_name") var submittedByName: String
    @OptionalField(key: "reviewed_at") var reviewedAt: Date?
    @OptionalField(key: "reviewed_by") var reviewedBy: UUID?
    @OptionalField(key: "review_note") var reviewNote: String?
    @Field(key: "version") var version: Int

    init() {}
}

final class InventoryAnswer: Model, @unchecked Sendable {
    static let schema = "inventory_answers"

    @ID(key: .id) var id: UUID?
    @Parent(key: "response_id") var response: InventoryResponse
    @Parent(key: "question_id") var question: InventoryQuestion
    /// Set for grid cells: the etrap the number is for.
    @OptionalField(key: "territory_code") var territoryCode: String?
    @Field(key: "value") var value: String

    init() {}
}

/// A change to one of the provider's services proposed in a response; applied on approval.
final class InventoryServiceUpdate: Model, @unchecked Sendable {
    static let schema = "inventory_service_updates"

    @ID(key: .id) var id: UUID?
    @Parent(key: "response_id") var response: InventoryResponse
    @Parent(key: "service_id") var service: SocialService
    @OptionalField(key: "capacity") var capacity: Int?
    @Field(key: "occupancy") var occupancy: Int
    @Field(key: "active") var active: Bool

    init() {}
}
