import Fluent
import Vapor
import GoldawCore
import GoldawPlatform

/// What the registry knows about a person on a date, in the terms benefit rules use. Other
/// domains ask here instead of reading registry tables themselves.
package struct RegistryFacts {
    package let db: any Database

    package func circumstances(of personID: UUID, on date: CalendarDate) async throws -> Set<Circumstance> {
        let rows = try await PersonCircumstance.query(on: db).filter(\.$person.$id == personID)
            .filter(\.$fromDate <= date.iso).all()
        return Set(rows.filter { $0.holds(on: date) }.compactMap { Circumstance(rawValue: $0.kind) })
    }

    package func hasOfficialDisability(_ personID: UUID, on date: CalendarDate) async throws -> Bool {
        let statuses = try await DisabilityStatus.query(on: db).filter(\.$person.$id == personID).all()
        return statuses.contains { $0.validFrom <= date.iso && ($0.validTo.map { $0 >= date.iso } ?? true) }
    }

    /// The adult's relation to the child on `date`, from the family links.
    package func relation(of adult: Person, to child: Person, on date: CalendarDate) async throws -> ApplicantRelation? {
        if adult.id == child.id { return .beneficiary }
        let links = try await FamilyLink.query(on: db).filter(\.$child.$id == child.requireID())
            .filter(\.$adult.$id == adult.requireID()).all()
        let live = links.filter { ($0.fromDate.map { $0 <= date.iso } ?? true) && ($0.toDate.map { $0 >= date.iso } ?? true) }
        return live.compactMap { ApplicantRelation(rawValue: $0.kind) }.first
    }

    /// The linked mother and father with their standing towards the child; a parent whose own
    /// record shows a death by `date` counts as dead whatever the link says.
    package func parents(of child: Person, on date: CalendarDate) async throws -> (mother: (Person, ParentState)?, father: (Person, ParentState)?) {
        let links = try await FamilyLink.query(on: db).filter(\.$child.$id == child.requireID())
            .filter(\.$kind ~~ ["mother", "father"]).with(\.$adult).all()
        func state(_ link: FamilyLink) -> (Person, ParentState) {
            if let death = link.adult.deathDate, death <= date.iso { return (link.adult, .dead) }
            return (link.adult, ParentState(rawValue: link.parentState) ?? .unknown)
        }
        return (links.first { $0.kind == "mother" }.map(state), links.first { $0.kind == "father" }.map(state))
    }

    /// The child's place among the mother's live-born children (see `Entitlement.birthOrder`).
    package func birthOrder(of child: Person, mother: Person) async throws -> Int {
        let siblings = try await FamilyLink.query(on: db).filter(\.$adult.$id == mother.requireID())
            .filter(\.$kind == "mother").with(\.$child).all().map(\.child)
        return Entitlement.birthOrder(
            of: (CalendarDate(iso: child.birthDate) ?? .distantPast, child.number),
            siblings: siblings.map { (CalendarDate(iso: $0.birthDate) ?? .distantPast, $0.number) })
    }

    package func eligibilityFacts(beneficiary: Person, applicant: Person, on date: CalendarDate) async throws -> EligibilityFacts {
        let id = try beneficiary.requireID()
        var facts = EligibilityFacts(birth: CalendarDate(iso: beneficiary.birthDate) ?? .distantPast,
                                     sex: Sex(rawValue: beneficiary.sex) ?? .female)
        facts.deathDate = beneficiary.deathDate.flatMap(CalendarDate.init(iso:))
        facts.applicant = try await relation(of: applicant, to: beneficiary, on: date)
        let now = try await circumstances(of: id, on: date)
        facts.abroad = now.contains(.abroad)
        facts.fullStateSupport = now.contains(.fullStateSupport)
        facts.pension = now.contains(.pension)
        facts.officialDisability = try await hasOfficialDisability(id, on: date)
        let parents = try await parents(of: beneficiary, on: date)
        facts.mother = parents.mother?.1
        facts.father = parents.father?.1
        if let mother = parents.mother?.0 { facts.birthOrder = try await birthOrder(of: beneficiary, mother: mother) }
        return facts
    }

    package init(db: any Database) {
        self.db = db
    }
}

extension CalendarDate {
    /// Stands in for an unreadable stored date so that rules fail rather than crash.
    package static let distantPast = CalendarDate(year: 1900, month: 1, day: 1)!
}
