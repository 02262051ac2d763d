import Foundation
import Fluent
import SQLKit
import Vapor
import NIOConcurrencyHelpers

/// What a domain tells the rest of Goldaw about its tables, in one place.
///
/// A domain owns its tables; the registry and the territory service never list another domain's
/// columns. A merge of two person records moves every column a domain declares as following the
/// person, and a rename or merge of a territorial unit rewrites every column declared as
/// following the unit. `DomainContractTests` reads the real schema of both databases and fails
/// when a column that holds a person or a territory is declared by no domain.
package protocol DomainContract {
    /// The domain's name, as in docs/architecture.md.
    static var name: String { get }
    static var personReferences: [PersonReference] { get }
    static var territoryReferences: [TerritoryReference] { get }
    /// Checks that may refuse a merge, run inside the merge's transaction before anything moves:
    /// each returns the locale key of the reason a supervisor reads, or nil.
    static func mergeRefusal(survivor: UUID, merged: UUID, on sql: any SQLDatabase) async throws -> String?
    /// Work the domain does after a merge moved its rows, inside the same transaction.
    static func afterMerge(survivor: UUID, merged: UUID, on tx: any Database, now: Date) async throws
    /// Work the domain does after an unmerge moved its rows back, inside the same transaction.
    static func afterUnmerge(survivor: UUID, merged: UUID, on tx: any Database, now: Date) async throws

    /// A family link was recorded (a child and a mother, father, guardian…), inside the same
    /// transaction; returns how many records the domain opened because of it (e.g. benefit
    /// applications), so the page can say so.
    static func afterFamilyLink(child: UUID, adult: UUID, kind: String, in context: RegistryEventContext) async throws -> Int
    /// A death was recorded in the registry, inside the same transaction.
    static func afterDeathRecorded(person: UUID, on date: String, in context: RegistryEventContext) async throws

    /// The domain's cards on the home page for this user (what waits for them), in order.
    static func homeCards(for me: CurrentUser, req: Request) async throws -> [HomeCard]
    /// The domain's panel on the home page (e.g. a worker's deadlines), nil when it has none for
    /// this user. The home template finds it under the domain's `key`.
    static func homePanel(for me: CurrentUser, req: Request) async throws -> (any Encodable & Sendable)?
    /// The domain's section on a person's profile, nil when the user may not see it. The profile
    /// template finds it under the domain's `key`.
    static func profileSection(for subject: ProfileSubject, req: Request) async throws -> (any Encodable & Sendable)?

    /// How many of the domain's live records sit in a territorial unit directly (not through its
    /// path): a unit that still holds any cannot be abolished.
    static func recordsHeld(inTerritory id: UUID, on db: any Database) async throws -> Int
    /// The id of the domain's record of `kind` with this number, when it concerns this person:
    /// how one domain refers to another's record (a referral names the case it comes from)
    /// without reading the other's tables.
    static func findRecord(_ kind: RecordKind, number: String, person: UUID, on db: any Database) async throws -> UUID?
    /// Why a referral may not be made from the domain's record (a case refers a child only with
    /// the consent the child's age needs): the locale key of the reason, or nil.
    static func referralRefusal(from kind: RecordKind, id: UUID, on db: any Database) async throws -> String?
    /// Which of these records `user` may read. Another domain that copies a record's content (a
    /// referral made from a case carries the case's reason) shows it only to those readers.
    /// Nil when the records are not the domain's.
    static func readable(_ kind: RecordKind, ids: Set<UUID>, by user: CurrentUser, on db: any Database) async throws -> Set<UUID>?
}

/// The records one domain may name in another's forms.
package enum RecordKind: Sendable { case childProtectionCase }

extension DomainContract {
    package static func mergeRefusal(survivor: UUID, merged: UUID, on sql: any SQLDatabase) async throws -> String? { nil }
    package static func afterMerge(survivor: UUID, merged: UUID, on tx: any Database, now: Date) async throws {}
    package static func afterUnmerge(survivor: UUID, merged: UUID, on tx: any Database, now: Date) async throws {}
    package static func afterFamilyLink(child: UUID, adult: UUID, kind: String, in context: RegistryEventContext) async throws -> Int { 0 }
    package static func afterDeathRecorded(person: UUID, on date: String, in context: RegistryEventContext) async throws {}
    package static func homeCards(for me: CurrentUser, req: Request) async throws -> [HomeCard] { [] }
    package static func homePanel(for me: CurrentUser, req: Request) async throws -> (any Encodable & Sendable)? { nil }
    package static func profileSection(for subject: ProfileSubject, req: Request) async throws -> (any Encodable & Sendable)? { nil }
    package static func recordsHeld(inTerritory id: UUID, on db: any Database) async throws -> Int { 0 }
    package static func findRecord(_ kind: RecordKind, number: String, person: UUID, on db: any Database) async throws -> UUID? { nil }
    package static func referralRefusal(from kind: RecordKind, id: UUID, on db: any Database) async throws -> String? { nil }
    package static func readable(_ kind: RecordKind, ids: Set<UUID>, by user: CurrentUser, on db: any Database) async throws -> Set<UUID>? { nil }
    /// Where pages find the domain's panel or section: its name in lower case.
    package static var key: String { name.lowercased() }
}

/// Where a registry event happens: the transaction, who did it and when.
package struct RegistryEventContext: Sendable {
    package let db: any Database
    package let actor: CurrentUser?
    package let audit: AuditService
    package let now: Date

    package init(db: any Database, actor: CurrentUser?, audit: AuditService, now: Date) {
        self.db = db
        self.actor = actor
        self.audit = audit
        self.now = now
    }
}

/// Who a profile section is about: enough for a domain to find its own rows.
package struct ProfileSubject: Sendable {
    package let id: UUID
    package let birthDate: String
    package let deathDate: String?
    package let isMerged: Bool

    package init(id: UUID, birthDate: String, deathDate: String?, isMerged: Bool) {
        self.id = id
        self.birthDate = birthDate
        self.deathDate = deathDate
        self.isMerged = isMerged
    }
}

/// A card on the home page: a count and where it leads.
package struct HomeCard: Encodable, Sendable {
    package let label: String
    package let count: Int
    package let href: String?

    package init(label: String, count: Int, href: String?) {
        self.label = label
        self.count = count
        self.href = href
    }
}

/// A panel or section a domain contributes to a page it does not own, encoded as itself.
package struct PagePart: Encodable, Sendable {
    package let value: any Encodable & Sendable
    package func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }

    package init(value: any Encodable & Sendable) {
        self.value = value
    }
}

/// A column that holds a person id (a `persons.id`).
package struct PersonReference: Sendable {
    package enum OnMerge: Sendable {
        /// The row follows the surviving record; an unmerge moves it back.
        case move
        /// The row stays as it is, and why: a log of merges, a review of a pair, a search key the
        /// registry rebuilds itself.
        case keep(because: String)
    }

    /// How the table's primary key is typed: the merge log names each moved row by it.
    package enum Key: Sendable { case uuid, integer }

    package let table: String
    package let column: String
    package let onMerge: OnMerge
    package var key: Key = .uuid

    package var moves: Bool { if case .move = onMerge { true } else { false } }

    package init(table: String, column: String, onMerge: OnMerge, key: Key = .uuid) {
        self.table = table
        self.column = column
        self.onMerge = onMerge
        self.key = key
    }
}

/// A column that holds a territorial unit: its id (`territories.id`), its stored path
/// ("/TM-M/M-MRY/", compared by prefix for scope), or a code.
package struct TerritoryReference: Sendable {
    package enum Holds: Sendable { case id, path, code, pathList }
    package enum OnChange: Sendable {
        /// A rename or a merge moves the row to the successor: an id column takes the successor's
        /// id, a path column the successor's path prefix, so the unit's staff keep their records.
        case follow
        /// The row describes the unit as it was, and why (a change log, a dated statistic, a
        /// snapshot); the territory service leaves it.
        case keep(because: String)
    }

    package let table: String
    package let column: String
    package let holds: Holds
    package let onChange: OnChange
    /// Columns that, with this one, form a unique key. When a merge would give the absorbed unit's
    /// row the same key as a row of the absorbing unit, the absorbed row keeps its own code under
    /// the absorbing unit's path ("/TM-M/M-NEW/M-OLD/"): still inside the new unit's scope, still
    /// distinct. For an id column the absorbed duplicate is dropped (the unit is covered once).
    package var uniqueWith: [String] = []

    package var follows: Bool { if case .follow = onChange { true } else { false } }

    package init(table: String, column: String, holds: Holds, onChange: OnChange, uniqueWith: [String] = []) {
        self.table = table
        self.column = column
        self.holds = holds
        self.onChange = onChange
        self.uniqueWith = uniqueWith
    }
}

/// Every domain of the application, in dependency order. The app target registers them at start
/// (`configure`): the platform cannot name the domains built on it.
package enum Domains {
    private static let registered = NIOLockedValueBox<[any DomainContract.Type]>([PlatformDomain.self])

    package static var all: [any DomainContract.Type] { registered.withLockedValue { $0 } }

    package static func register(_ domains: [any DomainContract.Type]) { registered.withLockedValue { $0 = domains } }

    /// What the domains answer for a record of `kind` with this number about this person.
    package static func findRecord(_ kind: RecordKind, number: String, person: UUID, on db: any Database) async throws -> UUID? {
        for domain in all { if let id = try await domain.findRecord(kind, number: number, person: person, on: db) { return id } }
        return nil
    }

    package static func referralRefusal(from kind: RecordKind, id: UUID, on db: any Database) async throws -> String? {
        for domain in all { if let reason = try await domain.referralRefusal(from: kind, id: id, on: db) { return reason } }
        return nil
    }

    /// The records of `kind` among `ids` that `user` may read; none when no domain answers.
    package static func readable(_ kind: RecordKind, ids: Set<UUID>, by user: CurrentUser, on db: any Database) async throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        for domain in all { if let found = try await domain.readable(kind, ids: ids, by: user, on: db) { return found } }
        return []
    }

    package static func recordsHeld(inTerritory id: UUID, on db: any Database) async throws -> Int {
        var total = 0
        for domain in all { total += try await domain.recordsHeld(inTerritory: id, on: db) }
        return total
    }

    package static var personReferences: [PersonReference] { all.flatMap { $0.personReferences } }

    /// Every domain's home panel for this user, by the domain's key.
    package static func homePanels(for me: CurrentUser, req: Request) async throws -> [String: PagePart] {
        var panels: [String: PagePart] = [:]
        for domain in all { if let panel = try await domain.homePanel(for: me, req: req) { panels[domain.key] = PagePart(value: panel) } }
        return panels
    }

    /// Every domain's section of a person's profile, by the domain's key.
    package static func profileSections(for subject: ProfileSubject, req: Request) async throws -> [String: PagePart] {
        var sections: [String: PagePart] = [:]
        for domain in all {
            if let section = try await domain.profileSection(for: subject, req: req) { sections[domain.key] = PagePart(value: section) }
        }
        return sections
    }
    package static var territoryReferences: [TerritoryReference] { all.flatMap { $0.territoryReferences } }
}
