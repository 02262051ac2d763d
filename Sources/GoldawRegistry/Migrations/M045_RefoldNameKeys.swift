import Fluent
import SQLKit
import GoldawCore
import GoldawPlatform

/// The name keys of every person computed again with version 2 of the folding rules (Soviet-era
/// Russian spellings: final voiced consonants, к for g, мура for myra). Keys are only compared
/// with keys, so keys of two versions must never sit side by side: a person saved under the old
/// rules would not be found by a search folded with the new ones.
///
/// In pages of 1,000 people, each page one transaction; a run cut off is completed by running
/// it again (a page writes the same keys twice over without harm).
package struct M045_RefoldNameKeys: GoldawMigration {
    static let pageSize = 1_000

    package func prepare(on database: any Database) async throws {
        var after: UUID?
        while true {
            var page = Person.query(on: database).sort(\.$id).limit(Self.pageSize)
            if let after { page = page.filter(\.$id > after) }
            let people = try await page.all()
            guard let last = people.last else { return }
            try await database.writing { tx in
                let ids = people.compactMap(\.id)
                try await PersonNameKey.query(on: tx).filter(\.$person.$id ~~ ids).delete()
                // A record merged into another has no keys: search finds the surviving one.
                let rows = people.filter { $0.mergedIntoID == nil }.flatMap { person in
                    RegistryService.keys(given: [person.givenName, person.givenNameCyr], surname: [person.surname, person.surnameCyr],
                                         patronymic: [person.patronymic, person.patronymicCyr])
                        .map { PersonNameKey(personID: person.id!, part: $0.part, key: $0.key, territoryPath: person.territoryPath) }
                }
                for chunk in stride(from: 0, to: rows.count, by: 500) {
                    try await Array(rows[chunk..<min(chunk + 500, rows.count)]).create(on: tx)
                }
            }
            after = last.id
        }
    }

    /// The old keys cannot be recomputed here (the old rules are gone); reverting leaves the
    /// new ones, which the old code reads as keys that simply match less.
    package func revert(on database: any Database) async throws {}

    package init() {}
}
