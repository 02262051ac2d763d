import Fluent
import Vapor
import GoldawCore

/// Everything the profile page shows about one person, assembled with one query per table.
struct PersonProfile: Encodable {
    struct Item: Encodable { let label: String; let value: String; let href: String? }
    struct Membership: Encodable { let household: String; let href: String; let relationship: String; let from: String; let to: String?; let current: Bool }
    struct Link: Encodable { let role: String; let name: String; let href: String; let detail: String? }
    struct Functioning: Encodable { let date: String; let instrument: String; let result: String; let difficulty: Bool?; let href: String; let ruleVersion: String }
    struct Disability: Encodable { let group: String; let certificate: String; let period: String; let current: Bool }
    struct Action: Encodable { let label: String; let href: String }
    struct CircumstanceRow: Encodable { let kind: String; let period: String; let note: String?; let current: Bool; let endAction: String? }

    let id: String
    let number: String
    let fullName: String
    let cyrillicName: String?
    let deceased: Bool
    let merged: Bool
    let mergedIntoHref: String?
    let unmergeAction: String?
    let identity: [Item]
    let documents: [Item]
    let markers: [String]
    let memberships: [Membership]
    let parents: [Link]
    let children: [Link]
    let functioning: [Functioning]
    let disability: [Disability]
    let circumstances: [CircumstanceRow]
    /// What other domains show about the person (benefits, cases, …), by domain key; the
    /// registry asks the domains and reads none of their tables.
    let sections: [String: PagePart]
    let actions: [Action]
    let historyHref: String
    let editHref: String?
    let householdNewHref: String?

    static func fullName(_ person: Person) -> String {
        [person.surname, person.givenName, person.patronymic].compactMap { $0 }.joined(separator: " ")
    }

    static func cyrillicName(_ person: Person) -> String? {
        let parts = [person.surnameCyr, person.givenNameCyr, person.patronymicCyr].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    static func build(_ person: Person, req: Request, canEdit: Bool, canMerge: Bool) async throws -> PersonProfile {
        let db = req.db
        let id = try person.requireID()
        let today = CalendarDate.today
        let birth = CalendarDate(iso: person.birthDate)
        let age = birth.map { Age.years(born: $0, on: CalendarDate(iso: person.deathDate ?? "") ?? today) }
        let territory = try await person.$territory.get(on: db)
        let documents = try await PersonDocument.query(on: db).filter(\.$person.$id == id).sort(\.$type).all()
        let memberships = try await HouseholdMembership.query(on: db).filter(\.$person.$id == id).with(\.$household)
            .sort(\.$fromDate, .descending).all()
        let asChild = try await FamilyLink.query(on: db).filter(\.$child.$id == id).with(\.$adult).all()
        let asAdult = try await FamilyLink.query(on: db).filter(\.$adult.$id == id).with(\.$child).all()
        let functioning = try await FunctioningRecord.query(on: db).filter(\.$person.$id == id)
            .sort(\.$interviewDate, .descending).sort(\.$createdAt, .descending).all()
        let statuses = try await DisabilityStatus.query(on: db).filter(\.$person.$id == id).sort(\.$validFrom, .descending).all()
        let circumstances = try await PersonCircumstance.query(on: db).filter(\.$person.$id == id).sort(\.$fromDate, .descending).all()
        let sections = try await Domains.profileSections(
            for: ProfileSubject(id: id, birthDate: person.birthDate, deathDate: person.deathDate, isMerged: person.mergedIntoID != nil), req: req)

        var identity: [Item] = [
            Item(label: req.t("registry.field.number"), value: person.number, href: nil),
            Item(label: req.t("registry.field.sex"), value: req.t("registry.sex.\(person.sex)"), href: nil),
            Item(label: req.t("registry.field.birth_date"),
                 value: DisplayFormat.date(iso: person.birthDate) + (person.birthDateEstimated ? " (\(req.t("registry.estimated")))" : "")
                    + (age.map { " · " + req.t("registry.age_years", ["years": String($0)]) } ?? ""), href: nil),
        ]
        if let death = person.deathDate {
            identity.append(Item(label: req.t("registry.field.death_date"), value: DisplayFormat.date(iso: death), href: nil))
        }
        identity.append(Item(label: req.t("registry.field.legal_status"), value: req.t("registry.legal.\(person.legalStatus)"), href: nil))
        let address = [territory?.name(req.locale), person.locality, person.street].compactMap { $0 }.joined(separator: ", ")
        identity.append(Item(label: req.t("registry.field.address"),
                             value: address + (person.addressSince.map { " (" + req.t("registry.since", ["date": DisplayFormat.date(iso: $0)]) + ")" } ?? ""),
                             href: territory.map { AppRoute.territory($0.code).path }))
        if let phones = person.phones { identity.append(Item(label: req.t("registry.field.phones"), value: phones, href: nil)) }

        // Derived markers: never typed in, always computed from links and dates.
        var markers: [String] = []
        if let age, person.deathDate == nil, age < 18 {
            func state(_ kind: String) -> ParentState? {
                guard let link = asChild.first(where: { $0.kind == kind }) else { return nil }
                if link.adult.deathDate != nil { return .dead }
                return ParentState(rawValue: link.parentState) ?? .unknown
            }
            let mother = state("mother"), father = state("father")
            if mother != nil || father != nil {
                if ChildStatusRules.isOrphan(ageYears: age, mother: mother, father: father) { markers.append(req.t("registry.marker.orphan")) }
                else if ChildStatusRules.isWithoutParentalCare(ageYears: age, mother: mother, father: father) {
                    markers.append(req.t("registry.marker.without_parental_care"))
                }
            }
        }
        if let current = memberships.first(where: { $0.toDate == nil }) {
            let householdMarkers = try await HouseholdFacts.markers(householdID: current.$household.id, db: db, today: today)
            markers += householdMarkers.map { req.t("registry.marker.\($0)") }
        }
        if functioning.first?.hasDifficulty == true { markers.append(req.t("registry.marker.functional_difficulty")) }
        if statuses.contains(where: { $0.validFrom <= today.iso && ($0.validTo ?? "9999") >= today.iso }) {
            markers.append(req.t("registry.marker.disability_status"))
        }

        let merge = person.mergedIntoID == nil ? nil
            : try await PersonMerge.query(on: db).filter(\.$merged.$id == id).filter(\.$unmergedAt == nil).first()
        var actions: [Action] = []
        if canEdit && person.mergedIntoID == nil {
            actions = [
                Action(label: req.t("functioning.record"), href: AppRoute.functioningNew(id).path),
                Action(label: req.t("disability.record"), href: AppRoute.disabilityNew(id).path),
                Action(label: req.t("links.add"), href: AppRoute.linkNew(id).path),
                Action(label: req.t("circumstance.record"), href: AppRoute.circumstanceNew(id).path),
            ]
        }
        // Referring to a service goes through the services module's form (consent is asked there).
        if person.mergedIntoID == nil, let role = req.currentUser?.role, AccessPolicy.allows(role, .sendReferrals) {
            actions.append(Action(label: req.t("referrals.refer"), href: AppRoute.referralNew(id).path))
        }
        return PersonProfile(
            id: id.uuidString, number: person.number, fullName: fullName(person), cyrillicName: cyrillicName(person),
            deceased: person.deathDate != nil, merged: person.mergedIntoID != nil,
            mergedIntoHref: person.mergedIntoID.map { AppRoute.person($0).path },
            unmergeAction: canMerge ? merge.map { AppRoute.unmerge($0.id!).path } : nil,
            identity: identity,
            documents: documents.map { Item(label: req.t("registry.document.\($0.type)"), value: $0.number + ($0.issuedOn.map { " · " + DisplayFormat.date(iso: $0) } ?? ""), href: nil) },
            markers: markers,
            memberships: memberships.map { Membership(
                household: $0.household.number, href: AppRoute.household($0.$household.id).path,
                relationship: req.t("registry.relationship.\($0.relationship)"), from: DisplayFormat.date(iso: $0.fromDate),
                to: $0.toDate.map { DisplayFormat.date(iso: $0) }, current: $0.toDate == nil) },
            parents: asChild.map { link in Link(
                role: req.t("links.kind.\(link.kind)"), name: fullName(link.adult), href: AppRoute.person(link.$adult.id).path,
                detail: Optional(linkDetail(link, req: req)).flatMap { $0.isEmpty ? nil : $0 }) },
            children: asAdult.map { link in Link(
                role: req.t("links.kind.\(link.kind)"), name: fullName(link.child), href: AppRoute.person(link.$child.id).path,
                detail: DisplayFormat.date(iso: link.child.birthDate)) },
            functioning: functioning.map { record in Functioning(
                date: DisplayFormat.date(iso: record.interviewDate), instrument: req.t("functioning.instrument.\(record.instrument)"),
                result: record.hasDifficulty.map { req.t($0 ? "functioning.result.yes" : "functioning.result.no") } ?? req.t("functioning.result.missing"),
                difficulty: record.hasDifficulty, href: AppRoute.functioning(id, record.id!).path, ruleVersion: record.ruleVersion) },
            disability: statuses.map { Disability(
                group: req.t("disability.group.\($0.group)"), certificate: $0.certificateNumber,
                period: DisplayFormat.date(iso: $0.validFrom) + " – " + ($0.validTo.map { DisplayFormat.date(iso: $0) } ?? "…"),
                current: $0.validFrom <= today.iso && ($0.validTo ?? "9999") >= today.iso) },
            circumstances: circumstances.map { c in CircumstanceRow(
                kind: req.t("circumstance.\(c.kind)"),
                period: DisplayFormat.date(iso: c.fromDate) + " – " + (c.toDate.map { DisplayFormat.date(iso: $0) } ?? "…"),
                note: c.note, current: c.holds(on: today),
                endAction: canEdit && c.toDate == nil ? AppRoute.circumstanceNew(id).path + "/" + c.id!.path + "/end" : nil) },
            sections: sections,
            actions: actions, historyHref: AppRoute.personHistory(id).path,
            editHref: canEdit && person.mergedIntoID == nil ? AppRoute.personEdit(id).path : nil,
            householdNewHref: canEdit && person.mergedIntoID == nil && !memberships.contains(where: { $0.toDate == nil })
                ? AppRoute.householdNew.path + "?head=\(id.path)" : nil)
    }

    static func linkDetail(_ link: FamilyLink, req: Request) -> String {
        var parts: [String] = []
        if link.parentState != "alive" { parts.append(req.t("links.state.\(link.parentState)")) }
        if link.adult.deathDate != nil { parts.append(req.t("links.state.dead")) }
        if let form = link.guardianshipForm { parts.append(req.t("links.form.\(form)")) }
        if let number = link.decisionNumber {
            parts.append(req.t("links.decision", ["number": number, "date": DisplayFormat.date(iso: link.decisionDate)]))
        }
        return parts.joined(separator: " · ")
    }
}

/// Markers of a household derived from its current members and their links.
enum HouseholdFacts {
    static func markers(householdID: UUID, db: any Database, today: CalendarDate) async throws -> [String] {
        let members = try await HouseholdMembership.query(on: db).filter(\.$household.$id == householdID)
            .filter(\.$toDate == nil).with(\.$person).all()
        let ages = members.map { member -> Int in
            CalendarDate(iso: member.person.birthDate).map { Age.years(born: $0, on: today) } ?? 0
        }
        let children = zip(members, ages).filter { $0.1 < 18 }.map { $0.0 }
        var markers: [String] = []
        if HouseholdRules.isLargeFamily(childrenUnder18: children.count) { markers.append("large_family") }
        if !children.isEmpty {
            let childIDs = children.map { $0.$person.id }
            let links = try await FamilyLink.query(on: db).filter(\.$child.$id ~~ childIDs)
                .filter(\.$kind ~~ ["mother", "father", "guardian", "adoptive_parent"]).all()
            let memberIDs = Set(members.map { $0.$person.id })
            let carers = Set(links.map { $0.$adult.id }).intersection(memberIDs)
            let hasSpouse = members.contains { $0.relationship == Relationship.spouse.rawValue }
            if carers.count == 1 && !hasSpouse { markers.append("single_parent") }
        }
        return markers
    }
}
