import Fluent
import Vapor
import GoldawCore
import GoldawPlatform

/// The reads behind the inventory pages: the rounds a user sees with the providers they answer
/// for, a round with every provider's response, one provider's answers, and a response with the
/// service changes it asks for. A test calls them without HTTP.
package struct InventoryQueries {
    package let db: any Database

    package init(db: any Database) { self.db = db }

    /// The rounds a user sees, newest closing date first (the latest 50): every round for an
    /// administrator, the open and closed ones for whoever answers.
    package func rounds(includingDrafts: Bool) async throws -> [InventoryRound] {
        var query = InventoryRound.query(on: db).sort(\.$closesOn, .descending)
        if !includingDrafts { query = query.filter(\.$status != InventoryRoundStatus.draft.rawValue) }
        return try await query.limit(50).all()
    }

    /// The providers a user answers for: their own organisation, or the active ones in their
    /// territory (the first 100); nobody at national level.
    package func providers(answeredBy scope: Scope) async throws -> [Provider] {
        switch scope.kind {
        case .organisation:
            guard let id = scope.organisationID.flatMap(UUID.init(uuidString:)), let own = try await Provider.find(id, on: db) else { return [] }
            return [own]
        case .region, .district:
            return try await Provider.query(on: db).filter(\.$active == true).under(\.$territoryPath, scope.territoryPath ?? "/none/").limit(100).all()
        case .national:
            return []
        }
    }

    /// The providers' names (their organisations'), by id.
    package func names(of providers: [Provider]) async throws -> [UUID: String] {
        Dictionary(uniqueKeysWithValues: try await Organisation.query(on: db).filter(\.$id ~~ Set(providers.compactMap(\.id))).all().map { ($0.id!, $0.name) })
    }

    /// The responses to these rounds from these providers.
    package func responses(rounds: [InventoryRound], providers: [Provider]) async throws -> [InventoryResponse] {
        try await InventoryResponse.query(on: db).filter(\.$round.$id ~~ Set(rounds.compactMap(\.id)))
            .filter(\.$provider.$id ~~ Set(providers.compactMap(\.id))).all()
    }

    /// Every active provider, and each one's response to `round` if it answered.
    package func coverage(of round: InventoryRound) async throws -> (providers: [Provider], responses: [UUID: InventoryResponse]) {
        let providers = try await Provider.query(on: db).filter(\.$active == true).all()
        let responses = try await InventoryResponse.query(on: db).filter(\.$round.$id == round.requireID()).all()
        return (providers, Dictionary(uniqueKeysWithValues: responses.map { ($0.$provider.id, $0) }))
    }

    /// What `provider` last sent for `round`: the response, and its answers as the answer form's
    /// fields (`q-<question>`, and `g-<question>-<etrap>` for a grid), so a correction starts from it.
    package func sent(round: InventoryRound, provider: Provider) async throws -> (response: InventoryResponse?, answers: [String: String]) {
        guard let existing = try await InventoryResponse.query(on: db).filter(\.$round.$id == round.requireID())
            .filter(\.$provider.$id == provider.requireID()).first() else { return (nil, [:]) }
        var typed: [String: String] = [:]
        for answer in try await InventoryAnswer.query(on: db).filter(\.$response.$id == existing.requireID()).all() {
            let key = answer.territoryCode.map { "g-\(answer.$question.id.uuidString)-\($0)" } ?? "q-\(answer.$question.id.uuidString)"
            typed[key] = answer.value
        }
        return (existing, typed)
    }

    /// The provider's services, by name.
    package func services(of provider: Provider) async throws -> [SocialService] {
        try await SocialService.query(on: db).filter(\.$provider.$id == provider.requireID()).sort(\.$name).all()
    }

    /// A response's answers by question, and the service changes it asks for with each service as it is now.
    package func review(of response: InventoryResponse) async throws -> (answers: [UUID: [InventoryAnswer]], updates: [(update: InventoryServiceUpdate, service: SocialService)]) {
        let id = try response.requireID()
        let answers = try await InventoryAnswer.query(on: db).filter(\.$response.$id == id).all()
        let updates = try await InventoryServiceUpdate.query(on: db).filter(\.$response.$id == id).all()
        let services = Dictionary(uniqueKeysWithValues: try await SocialService.query(on: db).filter(\.$id ~~ Set(updates.map { $0.$service.id })).all().map { ($0.id!, $0) })
        return (Dictionary(grouping: answers, by: { $0.$question.id }), updates.compactMap { update in services[update.$service.id].map { (update, $0) } })
    }
}

extension Request {
    package var inventoryQueries: InventoryQueries { InventoryQueries(db: db) }
}
