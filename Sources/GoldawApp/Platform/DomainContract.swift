import Foundation
import Fluent
import SQLKit
import Vapor

/// What a domain tells the rest of Goldaw about its tables, in one place.
///
/// A domain owns its tables; the registry and the territory service never list another domain's
/// columns. A merge of two person records moves every column a domain declares as following the
/// person, and a rename or merge of a territorial unit rewrites every column declared as
/// following the unit. `DomainContractTests` reads the real schema of both databases and fails
/// when a column that holds a person or a territory is declared by no domain.
protocol DomainContract {
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
}

extension DomainContract {
    static func mergeRefusal(survivor: UUID, merged: UUID, on sql: any SQLDatabase) async throws -> String? { nil }
    static func afterMerge(survivor: UUID, merged: UUID, on tx: any Database, now: Date) async throws {}
    static func afterUnmerge(survivor: UUID, merged: UUID, on tx: any Database, now: Date) async throws {}
    static func afterFamilyLink(child: UUID, adult: UUID, kind: String, in context: RegistryEventContext) async throws -> Int { 0 }
    static func afterDeathRecorded(person: UUID, on date: String, in context: RegistryEventContext) async throws {}
    static func homeCards(for me: CurrentUser, req: Request) async throws -> [HomeCard] { [] }
    static func homePanel(for me: CurrentUser, req: Request) async throws -> (any Encodable & Sendable)? { nil }
    static func profileSection(for subject: ProfileSubject, req: Request) async throws -> (any Encodable & Sendable)? { nil }
    /// Where pages find the domain's panel or section: its name in lower case.
    static var key: String { name.lowercased() }
}

/// Where a registry event happens: the transaction, who did it and when.
struct RegistryEventContext: Sendable {
    let db: any Database
    let actor: CurrentUser?
    let audit: AuditService
    let now: Date
}

/// Who a profile section is about: enough for a domain to find its own rows.
struct ProfileSubject: Sendable {
    let id: UUID
    let birthDate: String
    let deathDate: String?
    let isMerged: Bool
}

/// A card on the home page: a count and where it leads.
struct HomeCard: Encodable, Sendable {
    let label: String
    let count: Int
    let href: String?
}

/// A panel or section a domain contributes to a page it does not own, encoded as itself.
struct PagePart: Encodable, Sendable {
    let value: any Encodable & Sendable
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}

/// A column that holds a person id (a `persons.id`).
struct PersonReference: Sendable {
    enum OnMerge: Sendable {
        /// The row follows the surviving record; an unmerge moves it back.
        case move
        /// The row stays as it is, and why: a log of merges, a review of a pair, a search key the
        /// registry rebuilds itself.
        case keep(because: String)
    }

    /// How the table's primary key is typed: the merge log names each moved row by it.
    enum Key: Sendable { case uuid, integer }

    let table: String
    let column: String
    let onMerge: OnMerge
    var key: Key = .uuid

    var moves: Bool { if case .move = onMerge { true } else { false } }
}

/// A column that holds a territorial unit: its id (`territories.id`), its stored path
/// ("/TM-M/M-MRY/", compared by prefix for scope), or a code.
struct TerritoryReference: Sendable {
    enum Holds: Sendable { case id, path, code, pathList }
    enum OnChange: Sendable {
        /// A rename or a merge moves the row to the successor: an id column takes the successor's
        /// id, a path column the successor's path prefix, so the unit's staff keep their records.
        case follow
        /// The row describes the unit as it was, and why (a change log, a dated statistic, a
        /// snapshot); the territory service leaves it.
        case keep(because: String)
    }

    let table: String
    let column: String
    let holds: Holds
    let onChange: OnChange
    /// Columns that, with this one, form a unique key. When a merge would give the absorbed unit's
    /// row the same key as a row of the absorbing unit, the absorbed row keeps its own code under
    /// the absorbing unit's path ("/TM-M/M-NEW/M-OLD/"): still inside the new unit's scope, still
    /// distinct. For an id column the absorbed duplicate is dropped (the unit is covered once).
    var uniqueWith: [String] = []

    var follows: Bool { if case .follow = onChange { true } else { false } }
}

/// Every domain of the application, in dependency order. A new domain is added here.
enum Domains {
    static let all: [any DomainContract.Type] = [
        PlatformDomain.self, RegistryDomain.self, BenefitsDomain.self, GrievancesDomain.self,
        SocialServicesDomain.self, CasesDomain.self, IndicatorsDomain.self,
    ]

    static var personReferences: [PersonReference] { all.flatMap { $0.personReferences } }

    /// Every domain's home panel for this user, by the domain's key.
    static func homePanels(for me: CurrentUser, req: Request) async throws -> [String: PagePart] {
        var panels: [String: PagePart] = [:]
        for domain in all { if let panel = try await domain.homePanel(for: me, req: req) { panels[domain.key] = PagePart(value: panel) } }
        return panels
    }

    /// Every domain's section of a person's profile, by the domain's key.
    static func profileSections(for subject: ProfileSubject, req: Request) async throws -> [String: PagePart] {
        var sections: [String: PagePart] = [:]
        for domain in all {
            if let section = try await domain.profileSection(for: subject, req: req) { sections[domain.key] = PagePart(value: section) }
        }
        return sections
    }
    static var territoryReferences: [TerritoryReference] { all.flatMap { $0.territoryReferences } }
}
