import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// An inventory round: a questionnaire sent to every active provider.
package final class InventoryRound: Model, @unchecked Sendable {
    package static let schema = "inventory_rounds"

    @ID(key: .id) package var id: UUID?
    @Field(key: "title") package var title: String
    @Field(key: "status") package var status: String
    @OptionalField(key: "opened_on") package var openedOn: String?
    @Field(key: "closes_on") package var closesOn: String
    @OptionalField(key: "created_by") package var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Field(key: "version") package var version: Int

    package init() {}

    package var statusValue: InventoryRoundStatus { InventoryRoundStatus(rawValue: status) ?? .draft }
}

package final class InventoryQuestion: Model, @unchecked Sendable {
    package static let schema = "inventory_questions"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "round_id") package var round: InventoryRound
    @Field(key: "position") package var position: Int
    @Field(key: "kind") package var kind: String
    @Field(key: "prompt") package var prompt: String
    @Field(key: "required") package var required: Bool
    /// Choices, one per line, for `choice` questions.
    @OptionalField(key: "choices") package var choices: String?

    package init() {}

    package var kindValue: QuestionKind { QuestionKind(rawValue: kind) ?? .text }
    package var choiceList: [String] {
        (choices ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// One provider's answers to one round. Changes to the directory wait for review.
package final class InventoryResponse: Model, @unchecked Sendable {
    package static let schema = "inventory_responses"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "round_id") package var round: InventoryRound
    @Parent(key: "provider_id") package var provider: Provider
    @Field(key: "territory_path") package var territoryPath: String
    @Field(key: "status") package var status: String
    @Field(key: "submitted_at") package var submittedAt: Date
    @OptionalField(key: "submitted_by") package var submittedBy: UUID?
    @Field(key: "submitted_by_name") package var submittedByName: String
    @OptionalField(key: "reviewed_at") package var reviewedAt: Date?
    @OptionalField(key: "reviewed_by") package var reviewedBy: UUID?
    @OptionalField(key: "review_note") package var reviewNote: String?
    @Field(key: "version") package var version: Int

    package init() {}
}

package final class InventoryAnswer: Model, @unchecked Sendable {
    package static let schema = "inventory_answers"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "response_id") package var response: InventoryResponse
    @Parent(key: "question_id") package var question: InventoryQuestion
    /// Set for grid cells: the etrap the number is for.
    @OptionalField(key: "territory_code") package var territoryCode: String?
    @Field(key: "value") package var value: String

    package init() {}
}

/// A change to one of the provider's services proposed in a response; applied on approval.
package final class InventoryServiceUpdate: Model, @unchecked Sendable {
    package static let schema = "inventory_service_updates"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "response_id") package var response: InventoryResponse
    @Parent(key: "service_id") package var service: SocialService
    @OptionalField(key: "capacity") package var capacity: Int?
    @Field(key: "occupancy") package var occupancy: Int
    @Field(key: "active") package var active: Bool

    package init() {}
}
