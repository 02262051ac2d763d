import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform

/// Households and their membership over time: exactly one head, nobody in two households on
/// the same day, and moving keeps the history.
package struct HouseholdService {
    package let db: any Database
    package let actor: CurrentUser?
    package let audit: AuditService
    package var now: Date = AppClock.now

    package var today: CalendarDate { CalendarDate.ashgabat(secondsSince1970: now.timeIntervalSince1970) }

    package struct MemberDraft: Sendable {
        package var personID: UUID
        package var relationship: String
        package var from: String
    
        package init(personID: UUID, relationship: String, from: String) {
            self.personID = personID
            self.relationship = relationship
            self.from = from
        }
    }

    package func on(_ database: any Database) -> HouseholdService {
        HouseholdService(db: database, actor: actor, audit: audit.on(database), now: now)
    }

    /// Creates a household with its members (one of them the head) in one transaction.
    package func create(territoryCode: String, locality: String, street: String, members: [MemberDraft]) async throws -> Household {
        var problems: [FieldProblem] = []
        let lookup = try await TerritoryLookup.find(territoryCode, on: today.iso, within: actor?.scope ?? .national, db: db)
        let unit = lookup.unit
        if lookup == .unknown {
            problems.append(.init(field: "territoryCode", key: "registry.territory_unknown"))
        } else if lookup == .outsideScope {
            problems.append(.init(field: "territoryCode", key: "registry.territory_outside_scope"))
        }
        let spans = try await validate(members, problems: &problems)
        let heads = spans.filter { $0.relationship == .head }.count
        if heads == 0 { problems.append(.init(field: "members", key: "registry.household_no_head")) }
        if heads > 1 { problems.append(.init(field: "members", key: "registry.household_two_heads")) }
        guard problems.isEmpty, let unit else { throw AppError.invalid(problems) }
        return try await db.writing { tx in
            let household = Household()
            household.id = AppClock.newID()
            household.number = Counters.format("H-", try await Counters.next("household", on: tx))
            household.$territory.id = unit.id
            household.territoryPath = unit.path
            household.locality = locality.trimmingCharacters(in: .whitespaces).isEmpty ? nil : locality
            household.street = street.trimmingCharacters(in: .whitespaces).isEmpty ? nil : street
            household.createdBy = actor?.id
            household.version = 1
            try await household.create(on: tx)
            let service = self.on(tx)
            for member in members {
                try await service.addValidated(member, to: household)
            }
            try await RecordChange(recordType: "household", recordID: household.id!, field: "record", old: nil,
                                   new: "created", by: actor, at: now).create(on: tx)
            try await audit.on(tx).record(.householdCreated, recordType: "household", recordID: household.id!.uuidString,
                                          detail: household.number)
            return household
        }
    }

    /// Adds one member, checking the head rule for the household and overlaps for the person.
    package func add(_ member: MemberDraft, to household: Household) async throws {
        var problems: [FieldProblem] = []
        _ = try await validate([member], problems: &problems)
        let householdID = try household.requireID()
        if Relationship(rawValue: member.relationship) == .head, let from = CalendarDate(userInput: member.from) {
            let current = try await HouseholdMembership.query(on: db).filter(\.$household.$id == householdID)
                .filter(\.$relationship == Relationship.head.rawValue).all()
            if current.contains(where: { ($0.toDate ?? "9999-12-31") >= from.iso }) {
                problems.append(.init(field: "relationship", key: "registry.household_two_heads"))
            }
        }
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        try await db.writing { tx in
            try await self.on(tx).addValidated(member, to: household)
            try await RecordChange(recordType: "household", recordID: householdID, field: "members", old: nil,
                                   new: "+ \(member.personID.uuidString) \(member.relationship) \(member.from)", by: actor, at: now).create(on: tx)
            try await audit.on(tx).record(.householdChanged, recordType: "household", recordID: householdID.uuidString,
                                          detail: "member added")
        }
    }

    /// Ends a membership on a date (the person left or moved). The head can only leave when
    /// another member has become head, so the household never stays without one.
    package func end(_ membership: HouseholdMembership, on rawDate: String) async throws {
        guard let date = CalendarDate(userInput: rawDate) else {
            throw AppError.invalid([.init(field: "toDate", key: "validation.date")])
        }
        if date.iso < membership.fromDate {
            throw AppError.invalid([.init(field: "toDate", key: "registry.end_before_start")])
        }
        if membership.relationship == Relationship.head.rawValue {
            let others = try await HouseholdMembership.query(on: db).filter(\.$household.$id == membership.$household.id)
                .filter(\.$relationship == Relationship.head.rawValue).filter(\.$id != membership.requireID()).all()
            if !others.contains(where: { $0.fromDate <= date.adding(days: 1).iso && ($0.toDate ?? "9999-12-31") > date.iso }) {
                throw AppError.invalid([.init(field: "toDate", key: "registry.household_no_head")])
            }
        }
        try await db.writing { tx in
            membership.toDate = date.iso
            try await membership.save(on: tx)
            try await RecordChange(recordType: "household", recordID: membership.$household.id, field: "members",
                                   old: "\(membership.$person.id.uuidString) \(membership.relationship)", new: "left \(date.iso)",
                                   by: actor, at: now).create(on: tx)
            try await audit.on(tx).record(.householdChanged, recordType: "household",
                                          recordID: membership.$household.id.uuidString, detail: "member left")
        }
    }

    private func addValidated(_ member: MemberDraft, to household: Household) async throws {
        try await HouseholdMembership(householdID: household.requireID(), personID: member.personID,
                                      relationship: member.relationship,
                                      from: CalendarDate(userInput: member.from)!.iso, to: nil).create(on: db)
    }

    /// Checks relationships, dates, that each person exists in scope and is not in another
    /// household over the same dates. Returns the spans for the head check.
    private func validate(_ members: [MemberDraft], problems: inout [FieldProblem]) async throws -> [MembershipSpan] {
        var spans: [MembershipSpan] = []
        let people = try await Person.query(on: db).filter(\.$id ~~ members.map(\.personID)).all()
        let scope = actor?.scope ?? .national
        for member in members {
            guard let relationship = Relationship(rawValue: member.relationship) else {
                problems.append(.init(field: "relationship", key: "validation.choose")); continue
            }
            guard let from = CalendarDate(userInput: member.from), from <= today else {
                problems.append(.init(field: "from", key: "validation.date")); continue
            }
            guard let person = people.first(where: { $0.id == member.personID }), person.mergedIntoID == nil,
                  scope.kind == .national || scope.contains(territoryPath: person.territoryPath) else {
                problems.append(.init(field: "person", key: "registry.person_unknown")); continue
            }
            if let birth = CalendarDate(iso: person.birthDate), from < birth {
                problems.append(.init(field: "from", key: "registry.member_before_birth"))
            }
            let span = MembershipSpan(personID: member.personID.uuidString, householdID: "new", relationship: relationship,
                                      from: from, to: nil)
            if spans.contains(where: { $0.personID == span.personID }) {
                problems.append(.init(field: "members", key: "registry.person_twice"))
            }
            let existing = try await HouseholdMembership.query(on: db).filter(\.$person.$id == member.personID).all()
            let existingSpans = existing.compactMap { row -> MembershipSpan? in
                guard let start = CalendarDate(iso: row.fromDate) else { return nil }
                return MembershipSpan(personID: member.personID.uuidString, householdID: row.$household.id.uuidString,
                                      relationship: Relationship(rawValue: row.relationship) ?? .otherRelative,
                                      from: start, to: row.toDate.flatMap(CalendarDate.init(iso:)))
            }
            if !HouseholdRules.overlapping(existingSpans + [span]).isEmpty {
                problems.append(.init(field: "person", key: "registry.person_in_two_households"))
            }
            spans.append(span)
        }
        return spans
    }

    package init(db: any Database, actor: CurrentUser?, audit: AuditService, now: Date = AppClock.now) {
        self.db = db
        self.actor = actor
        self.audit = audit
        self.now = now
    }
}

extension Request {
    package var households: HouseholdService { HouseholdService(db: db, actor: currentUser, audit: audit) }
}
