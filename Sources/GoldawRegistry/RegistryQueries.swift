import Fluent
import Vapor
import GoldawCore
import GoldawPlatform

/// The reads behind the registry's pages and API (besides the search, `RegistrySearch`): a
/// person's documents and change history, the duplicate queue and each side of a pair, a
/// household's members. A test calls them without HTTP.
package struct RegistryQueries {
    package let db: any Database

    package init(db: any Database) { self.db = db }

    package func documents(of person: Person) async throws -> [PersonDocument] {
        try await PersonDocument.query(on: db).filter(\.$person.$id == person.requireID()).all()
    }

    /// The code of the unit the person lives in, or "" when none is recorded.
    package func territoryCode(of person: Person) async throws -> String {
        try await person.$territory.get(on: db)?.code ?? ""
    }

    /// The changes to a person's record, newest first (the latest 500).
    package func history(of person: Person) async throws -> [RecordChange] {
        try await RecordChange.query(on: db).filter(\.$recordType == "person").filter(\.$recordID == person.requireID())
            .sort(\.$changedAt, .descending).limit(500).all()
    }

    /// Open pairs of possible duplicates in `scope`, likeliest first (the first 200).
    package func openDuplicates(scope: Scope) async throws -> [DuplicatePair] {
        try await DuplicatePair.query(on: db).filter(\.$status == "open").with(\.$personA).with(\.$personB)
            .within(\.$territoryPath, scope).sort(\.$score, .descending).sort(\.$detectedAt).limit(200).all()
    }

    /// What a reviewer compares on one side of a pair: the documents, the links as a child, the unit.
    package func side(_ person: Person) async throws -> (documents: [PersonDocument], links: [FamilyLink], territory: Territory?) {
        let documents = try await documents(of: person)
        let links = try await FamilyLink.query(on: db).filter(\.$child.$id == person.requireID()).with(\.$adult).all()
        return (documents, links, try await person.$territory.get(on: db))
    }

    /// A household's memberships, earliest first, with the people.
    package func members(of household: Household) async throws -> [HouseholdMembership] {
        try await HouseholdMembership.query(on: db).filter(\.$household.$id == household.requireID()).with(\.$person).sort(\.$fromDate).all()
    }
}

extension Request {
    package var registryQueries: RegistryQueries { RegistryQueries(db: db) }
}
