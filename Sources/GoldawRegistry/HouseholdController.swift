import Fluent
import Vapor
import GoldawCore
import GoldawPlatform

/// Creating a household around its head, its page, adding members and recording departures.
package enum HouseholdController {
    package static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.householdNew), use: newForm)
        routes.post(AppRoute.components(.householdNew), use: create)
        routes.get(AppRoute.Pattern.household, use: show)
        routes.post(AppRoute.Pattern.household + ["members"], use: addMember)
        routes.post(AppRoute.Pattern.household + ["members", ":membership", "end"], use: endMembership)
    }

    package struct NewContent: Encodable {
        package let action: String
        package let headName: String
        package let headNumber: String
        package let form: [String: String]
        package let errors: [String: String]
        package let territories: [TerritoryController.Option]
        package let cancelHref: String

        package init(action: String, headName: String, headNumber: String, form: [String: String], errors: [String: String], territories: [TerritoryController.Option], cancelHref: String) {
            self.action = action
            self.headName = headName
            self.headNumber = headNumber
            self.form = form
            self.errors = errors
            self.territories = territories
            self.cancelHref = cancelHref
        }
    }

    package static func head(_ req: Request, _ raw: String) async throws -> Person {
        guard let id = UUID(uuidString: raw), let person = try await Person.find(id, on: req.db), person.mergedIntoID == nil else {
            throw AppError.notFound
        }
        try await req.require(.editPeople, territoryPath: person.territoryPath)
        return person
    }

    package static func renderNew(_ req: Request, head: Person, form: [String: String], errors: [String: String],
                          status: HTTPResponseStatus) async throws -> Response {
        let me = try await req.require(.editPeople)
        let units = try await TerritoryService(db: req.db).valid(on: CalendarDate.today.iso)
            .filter { me.scope.kind == .national || me.scope.contains(territoryPath: $0.path) }
        return try await req.page("registry/household-new", titleKey: "household.new.title", status: status, NewContent(
            action: AppRoute.householdNew.path, headName: PersonProfile.fullName(head), headNumber: head.number,
            form: form, errors: errors,
            territories: units.map { .init(value: $0.code, label: $0.name(req.locale) + " (\($0.code))", selected: form["territoryCode"] == $0.code) },
            cancelHref: AppRoute.person(head.id!).path))
    }

    @Sendable package static func newForm(req: Request) async throws -> Response {
        try await req.require(.editPeople)
        let person = try await head(req, (try? req.query.get(String.self, at: "head")) ?? "")
        let territory = try await person.$territory.get(on: req.db)
        return try await renderNew(req, head: person, form: [
            "head": person.id!.path, "territoryCode": territory?.code ?? "", "locality": person.locality ?? "",
            "street": person.street ?? "", "from": CalendarDate.today.display,
        ], errors: [:], status: .ok)
    }

    package struct NewForm: Content {
        package var head: String?
        package var territoryCode: String?
        package var locality: String?
        package var street: String?
        package var from: String?
    }

    @Sendable package static func create(req: Request) async throws -> Response {
        try await req.require(.editPeople)
        let form = try req.content.decode(NewForm.self)
        let person = try await head(req, form.head ?? "")
        let kept = ["head": person.id!.path, "territoryCode": form.territoryCode ?? "", "locality": form.locality ?? "",
                    "street": form.street ?? "", "from": form.from ?? ""]
        return try await req.submitForm(kept: kept, render: { try await renderNew(req, head: person, form: $0, errors: $1, status: $2) }) {
            let household = try await req.households.create(
                territoryCode: form.territoryCode ?? "", locality: form.locality ?? "", street: form.street ?? "",
                members: [.init(personID: person.id!, relationship: Relationship.head.rawValue, from: form.from ?? "")])
            return .to(.household(household.id!), flash: "household.created")
        }
    }

    package struct Member: Encodable {
        package let name: String
        package let href: String
        package let number: String
        package let relationship: String
        package let birth: String
        package let from: String
        package let to: String?
        package let endAction: String?
    }

    package struct ShowContent: Encodable {
        package let number: String
        package let address: String
        package let markers: [String]
        package let current: [Member]
        package let past: [Member]
        package let canEdit: Bool
        package let addAction: String
        package let relationships: [TerritoryController.Option]
        package let form: [String: String]
        package let errors: [String: String]
        package let today: String

        package init(number: String, address: String, markers: [String], current: [Member], past: [Member], canEdit: Bool, addAction: String, relationships: [TerritoryController.Option], form: [String: String], errors: [String: String], today: String) {
            self.number = number
            self.address = address
            self.markers = markers
            self.current = current
            self.past = past
            self.canEdit = canEdit
            self.addAction = addAction
            self.relationships = relationships
            self.form = form
            self.errors = errors
            self.today = today
        }
    }

    package static func load(_ req: Request, _ action: Action) async throws -> Household {
        try await req.load(Household.self, action)
    }

    package static func render(_ req: Request, _ household: Household, form: [String: String], errors: [String: String],
                       status: HTTPResponseStatus) async throws -> Response {
        let me = try await req.require(.viewPeople)
        let canEdit = AccessPolicy.allows(me.role, .editPeople)
        let memberships = try await req.registryQueries.members(of: household)
        let territory = try await household.$territory.get(on: req.db)
        func member(_ row: HouseholdMembership) -> Member {
            Member(name: PersonProfile.fullName(row.person), href: AppRoute.person(row.$person.id).path, number: row.person.number,
                   relationship: req.t("registry.relationship.\(row.relationship)"), birth: DisplayFormat.date(iso: row.person.birthDate),
                   from: DisplayFormat.date(iso: row.fromDate), to: row.toDate.map { DisplayFormat.date(iso: $0) },
                   endAction: canEdit && row.toDate == nil ? AppRoute.membershipEnd(household.id!, row.id!).path : nil)
        }
        let today = CalendarDate.today
        let markers = try await HouseholdFacts.markers(householdID: household.id!, db: req.db, today: today)
        return try await req.page("registry/household", titleKey: "household.title", title: req.t("household.title") + " " + household.number,
                                  status: status, ShowContent(
            number: household.number,
            address: [territory?.name(req.locale), household.locality, household.street].compactMap { $0 }.joined(separator: ", "),
            markers: markers.map { req.t("registry.marker.\($0)") },
            current: memberships.filter { $0.toDate == nil }.map(member), past: memberships.filter { $0.toDate != nil }.map(member),
            canEdit: canEdit, addAction: AppRoute.householdMembers(household.id!).path,
            relationships: req.options(Relationship.allCases, prefix: "registry.relationship.", selected: form["relationship"] ?? ""),
            form: form, errors: errors, today: today.display))
    }

    @Sendable package static func show(req: Request) async throws -> Response {
        let household = try await load(req, .viewPeople)
        try await req.audit.record(.householdViewed, recordType: "household", recordID: household.id!.uuidString)
        return try await render(req, household, form: ["from": CalendarDate.today.display], errors: [:], status: .ok)
    }

    package struct MemberForm: Content {
        package var personNumber: String?
        package var relationship: String?
        package var from: String?
    }

    @Sendable package static func addMember(req: Request) async throws -> Response {
        let household = try await load(req, .editPeople)
        let form = try req.content.decode(MemberForm.self)
        let kept = ["personNumber": form.personNumber ?? "", "relationship": form.relationship ?? "", "from": form.from ?? ""]
        return try await req.submitForm(kept: kept, render: { try await render(req, household, form: $0, errors: $1, status: $2) }) {
            let number = (form.personNumber ?? "").trimmingCharacters(in: .whitespaces).uppercased()
            guard let person = try await Person.query(on: req.db).filter(\.$number == number).first() else {
                throw AppError.invalid([.init(field: "person", key: "registry.person_unknown")])
            }
            try await req.households.add(.init(personID: person.id!, relationship: form.relationship ?? "", from: form.from ?? ""),
                                         to: household)
            return .to(.household(household.id!), flash: "household.member_added")
        }
    }

    package struct EndForm: Content { package var toDate: String? }

    @Sendable package static func endMembership(req: Request) async throws -> Response {
        let household = try await load(req, .editPeople)
        guard let id = req.parameters.get("membership", as: UUID.self),
              let membership = try await HouseholdMembership.query(on: req.db).filter(\.$id == id)
                .filter(\.$household.$id == household.id!).first() else { throw AppError.notFound }
        let form = try req.content.decode(EndForm.self)
        return try await req.submitForm(kept: [:], render: { try await render(req, household, form: $0, errors: $1, status: $2) }) {
            try await req.households.end(membership, on: form.toDate ?? "")
            return .to(.household(household.id!), flash: "household.member_left")
        }
    }
}
