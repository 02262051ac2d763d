import Fluent
import Vapor
import GoldawCore

/// A record the access gate checks by where it lives: a territorial unit's path and, for the
/// records an organisation holds, that organisation.
package protocol ScopedRecord: Model where IDValue == UUID {
    var scopeTerritoryPath: String? { get }
    var scopeOrganisationID: String? { get }
}

extension ScopedRecord {
    package var scopeOrganisationID: String? { nil }
}

extension Request {
    /// The record the route's `:id` names, if the user may `action` it. 403 when the user may not
    /// do that at all; 404 when there is no such record or it lies outside the user's scope, so
    /// that a record's existence does not leak. Pages and the API both load records here;
    /// `refine` adds eager loads or conditions to the one query.
    package func load<M: ScopedRecord>(_ type: M.Type, _ action: Action, parameter: String = "id",
                                       _ refine: (QueryBuilder<M>) -> QueryBuilder<M> = { $0 }) async throws -> M {
        try await require(action)
        guard let id = parameters.get(parameter, as: UUID.self),
              let record = try await refine(M.query(on: db).filter(\M._$id == id)).first() else {
            throw AppError.notFound
        }
        try await require(action, territoryPath: record.scopeTerritoryPath, organisationID: record.scopeOrganisationID)
        return record
    }
}

extension QueryBuilder {
    /// Only the rows inside `scope`, by the stored territory path in `path`: every row for a
    /// national user, the rows under the user's region or etrap, none for an organisation's staff
    /// (what they hold is filtered by organisation where a record has one). The one scope filter
    /// of the list pages; it answers what `Scope.contains` answers for a single record.
    @discardableResult
    package func within(_ path: KeyPath<Model, FieldProperty<Model, String>>, _ scope: Scope) -> Self {
        switch scope.kind {
        case .national: return self
        case .region, .district: return under(path, scope.territoryPath ?? "/none/")
        case .organisation: return filter(path, .equal, "/none/")
        }
    }

    /// Only the rows whose stored territory path lies under `ancestor` (the unit or below it).
    @discardableResult
    package func under(_ path: KeyPath<Model, FieldProperty<Model, String>>, _ ancestor: String) -> Self {
        filter(path, .custom("LIKE"), TerritoryPath.likePattern(ancestor))
    }

    /// `under` on a joined model's path (a user's territory, say).
    @discardableResult
    package func under<Joined: Schema>(_ joined: Joined.Type, _ path: KeyPath<Joined, FieldProperty<Joined, String>>,
                                       _ ancestor: String) -> Self {
        filter(joined, path, .custom("LIKE"), TerritoryPath.likePattern(ancestor))
    }
}
