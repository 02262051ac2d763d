import Fluent
import Vapor
import GoldawCore
import GoldawPlatform

/// Everything the profile page shows about one person, assembled with one query per table.
package struct PersonProfile: Encodable {
    package struct Item: Encodable { package let label: String; package let value: String; package let href: String?; package init(label: String, value: String, href: String?) { self.label = label; self.value = value; self.href = href } }
    package struct Membership: Encodable { package let household: String; package let href: String; package let relationship: String; package let from: String; package let to: String?; package let current: Bool }
    package struct Link: Encodable { package let role: String; package let name: String; package let href: String; package let detail: String?; package init(role: String, name: String, href: String, detail: String?) { self.role = role; self.name = name; self.href = href; self.detail = detail } }
    package struct Functioning: Encodable { package let date: String; package let instrument: String; package let result: String; package let difficulty: Bool?; package let href: String; package let ruleVersion: String; package init(date: String, instrument: String, result: String, difficulty: Bool?, href: String, ruleVersion: String) { self.date = date; self.instrument = instrument; self.result = result; self.difficulty = difficulty; self.href = href; self.ruleVersion = ruleVersion } }
    package struct Disability: Encodable { package let group: String; package let certificate: String; package let period: String; package let current: Bool }
    package struct Action: Encodable { package let label: String; package let href: String }
    package struct CircumstanceRow: Encodable { package let kind: String; package let period: String; package let note: String?; package let current: Bool; package let endAction: String? }

    package let id: String
    package let number: String
    package let fullName: String
    package let cyrillicName: String?
    package let deceased: Bool
    package let merged: Bool
    package let mergedIntoHref: String?
    package let unmergeAction: String?
    package let identity: [Item]
    package let documents: [Item]
    package let markers: [String]
    package let memberships: [Membership]
    package let parents: [Link]
    package let children: [Link]
    package let functioning: [Functioning]
    package let disability: [Disability]
    package let circumstances: [CircumstanceRow]
    /// What other domains show about the person (benefits, cases, …), by domain key; the
    /// registry asks the domains and reads none of their tables.
    package let sections: [String: PagePart]
    package let actions: [Action]
    package let historyHref: String
    package let editHref: String?
    package let householdNewHref: String?

    package static func fullName(_ person: Person) -> String {
        [person.surname, person.givenName, person.patronymic].compactMap { $0 }.joined(separator: " ")
    }

    package static func cyrillicName(_ person: Person) -> String? {
        let parts = [person.surnameCyr, person.givenNameCyr, person.patronymicCyr].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    package static func build(_ person: Person, req: Request, canEdit: Bool, canMerge: Bool) async throws -> PersonProfile {
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

    package static func linkDetail(_ link: FamilyLink, req: Request) -> String {
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
package enum HouseholdFacts {
    package static func markers(householdID: UUID, db: any Database, today: CalendarDate) async throws -> [String] {
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
