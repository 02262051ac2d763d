import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// The directory pages: the staff search, the public read-only list, a provider's page and a
/// service's page, and the administrator's forms for providers and services.
package enum DirectoryController {
    package static func register(staff routes: any RoutesBuilder, public pages: any RoutesBuilder) {
        routes.get(AppRoute.components(.services), use: directory)
        routes.get(AppRoute.components(.providerNew), use: providerForm)
        routes.post(AppRoute.components(.providerNew), use: createProvider)
        routes.get(AppRoute.Pattern.provider, use: provider)
        routes.get(AppRoute.Pattern.provider + ["services", "new"], use: serviceForm)
        routes.post(AppRoute.Pattern.provider + ["services", "new"], use: createService)
        routes.get(AppRoute.Pattern.service, use: service)
        routes.get(AppRoute.Pattern.service + ["edit"], use: editForm)
        routes.post(AppRoute.Pattern.service + ["edit"], use: update)
        routes.post(AppRoute.Pattern.service + ["staff"], use: addStaff)
        routes.get(AppRoute.components(.serviceTypes), use: types)
        routes.post(AppRoute.components(.serviceTypes), use: addType)
        pages.get(AppRoute.components(.servicesPublic), use: publicDirectory)
    }

    // MARK: search

    package struct Row: Encodable {
        package let href: String?
        package let name: String
        package let providerHref: String?
        package let provider: String
        package let type: String
        package let form: String
        package let groups: String
        package let areas: String
        package let places: String
        package let placesClass: String
        package let cost: String
        package let hours: String
        package let contact: String
        package let languages: String

        package init(href: String?, name: String, providerHref: String?, provider: String, type: String, form: String, groups: String, areas: String, places: String, placesClass: String, cost: String, hours: String, contact: String, languages: String) {
            self.href = href
            self.name = name
            self.providerHref = providerHref
            self.provider = provider
            self.type = type
            self.form = form
            self.groups = groups
            self.areas = areas
            self.places = places
            self.placesClass = placesClass
            self.cost = cost
            self.hours = hours
            self.contact = contact
            self.languages = languages
        }
    }

    package struct DirectoryContent: Encodable {
        package let action: String
        package let form: [String: String]
        package let types: [ServicesView.Option]
        package let grounds: [ServicesView.Option]
        package let forms: [ServicesView.Option]
        package let territories: [ServicesView.Group]
        package let rows: [Row]
        package let pager: PageLinks
        package let newProviderHref: String?
        package let typesHref: String?
        package let publicHref: String
        package let isPublic: Bool
    }

    package static func readQuery(_ req: Request) -> DirectoryService.Query {
        var query = DirectoryService.Query(typeCode: ServicesView.query(req, "type"), ground: ServicesView.query(req, "ground"),
                                           territoryCode: ServicesView.query(req, "territory"), form: ServicesView.query(req, "form"),
                                           available: ServicesView.query(req, "available") == "1", text: ServicesView.query(req, "q"))
        query.page = req.pageNumber
        return query
    }

    package static func render(_ req: Request, isPublic: Bool) async throws -> Response {
        let query = readQuery(req)
        let found = try await req.directoryQueries.search(query)
        let types = try await ServicesView.typeNames(req)
        let rows = found.rows.map { entry in
            let service = entry.service
            return Row(href: isPublic ? nil : AppRoute.service(service.id!).path, name: service.name,
                       providerHref: isPublic ? nil : AppRoute.provider(entry.provider.id!).path, provider: entry.providerName,
                       type: types[service.typeCode] ?? service.typeCode, form: req.t("services.form.\(service.form)"),
                       groups: entry.grounds.map { req.t("services.ground.\($0)") }.joined(separator: ", "),
                       areas: entry.areas.map { $0.name(req.locale) }.joined(separator: ", "),
                       places: ServicesView.places(service, req), placesClass: ServicesView.placesClass(service),
                       cost: service.free ? req.t("services.cost.free") : req.t("services.cost.paid") + (service.costNote.map { " · " + $0 } ?? ""),
                       hours: service.openingHours ?? "—",
                       contact: [entry.provider.address, entry.provider.phone].compactMap { $0 }.joined(separator: " · "),
                       languages: service.languages ?? "—")
        }
        let filters = ["type": query.typeCode, "ground": query.ground, "territory": query.territoryCode, "form": query.form,
                       "available": query.available ? "1" : "", "q": query.text]
        let base = isPublic ? AppRoute.servicesPublic.path : AppRoute.services.path
        let canManage = req.currentUser.map { AccessPolicy.allows($0.role, .manageServices) } ?? false
        return try await req.page(isPublic ? "services/public" : "services/directory", titleKey: isPublic ? "services.public.title" : "services.title",
                                  DirectoryContent(
            action: base, form: filters, types: try await ServicesView.typeOptions(req, selected: query.typeCode),
            grounds: ServicesView.options(NeedGround.allCases, "services.ground.", selected: [query.ground], req),
            forms: ServicesView.options(ServiceForm.allCases, "services.form.", selected: [query.form], req),
            territories: try await ServicesView.territoryGroups(req, selected: [query.territoryCode]),
            rows: rows, pager: found.links(base, filters: filters), newProviderHref: canManage ? AppRoute.providerNew.path : nil,
            typesHref: canManage ? AppRoute.serviceTypes.path : nil, publicHref: AppRoute.servicesPublic.path,
            isPublic: isPublic))
    }

    @Sendable package static func directory(req: Request) async throws -> Response {
        try await req.require(.viewServices)
        return try await render(req, isPublic: false)
    }

    /// For families: services, places, hours and the provider's public contact; no staff.
    @Sendable package static func publicDirectory(req: Request) async throws -> Response {
        try await render(req, isPublic: true)
    }

    // MARK: provider and service pages

    package struct Item: Encodable { package let label: String; package let value: String; package let href: String?; package init(label: String, value: String, href: String?) { self.label = label; self.value = value; self.href = href } }

    package struct ProviderContent: Encodable {
        package let name: String
        package let details: [Item]
        package let services: [Row]
        package let newServiceHref: String?
        package let incomingHref: String?
        package let backHref: String
    }

    package static func loadProvider(_ req: Request) async throws -> (Provider, Organisation) {
        try await req.require(.viewServices)
        guard let id = req.parameters.get("id", as: UUID.self), let provider = try await Provider.find(id, on: req.db),
              let organisation = try await Organisation.find(id, on: req.db) else { throw AppError.notFound }
        return (provider, organisation)
    }

    @Sendable package static func provider(req: Request) async throws -> Response {
        let (provider, organisation) = try await loadProvider(req)
        let me = try await req.require(.viewServices)
        let territory = try await provider.$territory.get(on: req.db)
        var details = [
            Item(label: req.t("services.field.kind"), value: req.t("services.kind.\(provider.kind)"), href: nil),
            Item(label: req.t("field.territory"), value: territory.name(req.locale), href: AppRoute.territory(territory.code).path),
            Item(label: req.t("services.field.address"), value: provider.address ?? "—", href: nil),
            Item(label: req.t("services.field.phone"), value: provider.phone ?? "—", href: nil),
            Item(label: req.t("services.field.email"), value: provider.email ?? "—", href: nil),
            Item(label: req.t("services.field.licence"), value: [provider.licence, provider.licenceValidTo.map { req.t("services.valid_to", ["date": DisplayFormat.date(iso: $0)]) }]
                .compactMap { $0 }.joined(separator: " · ").nilIfEmpty ?? "—", href: nil),
            Item(label: req.t("services.field.registered"), value: DisplayFormat.date(iso: provider.registeredOn), href: nil),
        ]
        if !provider.active { details.append(Item(label: req.t("field.status"), value: req.t("services.inactive"), href: nil)) }
        let queries = req.directoryQueries
        let entries = try await queries.entries(try await queries.services(of: provider))
        let types = try await ServicesView.typeNames(req)
        let rows = entries.map { entry in
            Row(href: AppRoute.service(entry.service.id!).path, name: entry.service.name + (entry.service.active ? "" : " (\(req.t("services.inactive")))"),
                providerHref: nil, provider: organisation.name, type: types[entry.service.typeCode] ?? "",
                form: req.t("services.form.\(entry.service.form)"), groups: entry.grounds.map { req.t("services.ground.\($0)") }.joined(separator: ", "),
                areas: entry.areas.map { $0.name(req.locale) }.joined(separator: ", "), places: ServicesView.places(entry.service, req),
                placesClass: ServicesView.placesClass(entry.service), cost: entry.service.free ? req.t("services.cost.free") : req.t("services.cost.paid"),
                hours: entry.service.openingHours ?? "—", contact: "", languages: entry.service.languages ?? "—")
        }
        let mine = me.scope.kind == .organisation && me.scope.organisationID == provider.id!.uuidString
        return try await req.page("services/provider", titleKey: "services.provider.title", titleArguments: ["name": organisation.name],
                                  ProviderContent(
            name: organisation.name, details: details, services: rows,
            newServiceHref: AccessPolicy.allows(me.role, .manageServices) ? AppRoute.serviceNew(provider.id!).path : nil,
            incomingHref: mine && AccessPolicy.allows(me.role, .handleReferrals) ? AppRoute.incoming.path : nil,
            backHref: AppRoute.services.path))
    }

    package struct ServiceContent: Encodable {
        package let name: String
        package let details: [Item]
        package let staff: [String]
        package let waiting: Int
        package let staffForms: [ServicesView.Form]
        package let editHref: String?
        package let providerHref: String
    }

    package static func loadService(_ req: Request) async throws -> SocialService {
        try await req.require(.viewServices)
        guard let id = req.parameters.get("id", as: UUID.self), let service = try await SocialService.find(id, on: req.db) else {
            throw AppError.notFound
        }
        return service
    }

    @Sendable package static func service(req: Request) async throws -> Response {
        try await renderService(req, try await loadService(req))
    }

    package static func renderService(_ req: Request, _ service: SocialService, staffError: [String: String] = [:], status: HTTPResponseStatus = .ok) async throws -> Response {
        let me = try await req.require(.viewServices)
        guard let entry = try await req.directoryQueries.entries([service]).first else { throw AppError.notFound }
        let types = try await ServicesView.typeNames(req)
        let details = [
            Item(label: req.t("services.field.provider"), value: entry.providerName, href: AppRoute.provider(entry.provider.id!).path),
            Item(label: req.t("services.field.type"), value: types[service.typeCode] ?? service.typeCode, href: nil),
            Item(label: req.t("services.field.form"), value: req.t("services.form.\(service.form)"), href: nil),
            Item(label: req.t("services.field.groups"), value: entry.grounds.map { req.t("services.ground.\($0)") }.joined(separator: ", "), href: nil),
            Item(label: req.t("services.field.areas"), value: entry.areas.map { $0.name(req.locale) }.joined(separator: ", "), href: nil),
            Item(label: req.t("services.field.places"), value: ServicesView.places(service, req), href: nil),
            Item(label: req.t("services.field.eligibility"), value: service.eligibility ?? "—", href: nil),
            Item(label: req.t("services.field.hours"), value: service.openingHours ?? "—", href: nil),
            Item(label: req.t("services.field.cost"), value: (service.free ? req.t("services.cost.free") : req.t("services.cost.paid")) + (service.costNote.map { " · " + $0 } ?? ""), href: nil),
            Item(label: req.t("services.field.languages"), value: service.languages ?? "—", href: nil),
            Item(label: req.t("field.status"), value: service.active ? req.t("services.active") : req.t("services.inactive"), href: nil),
        ]
        let staff = try await req.directoryQueries.staff(of: service).map { "\($0.fullName) · \(req.t("workforce.post.\($0.postType)"))" }
        let waiting = try await req.directoryQueries.waiting(for: service)
        return try await req.page("services/service", titleKey: "services.service.title", titleArguments: ["name": service.name], status: status, ServiceContent(
            name: service.name, details: details, staff: staff, waiting: waiting,
            staffForms: !AccessPolicy.allows(me.role, .manageServices) ? [] : [ServicesView.Form(
                action: AppRoute.serviceStaff(service.id!).path, submit: req.t("services.staff.add"), version: nil, sections: [
                    .init(legend: nil, fields: [.init("workerNumber", req.t("workforce.field.worker_number"), hint: "W-00000001", errors: staffError, required: true)]),
                ], cancelHref: nil)],
            editHref: AccessPolicy.allows(me.role, .manageServices) ? AppRoute.serviceEdit(service.id!).path : nil,
            providerHref: AppRoute.provider(entry.provider.id!).path))
    }

    package struct StaffInput: Content { package var workerNumber: String? }

    @Sendable package static func addStaff(req: Request) async throws -> Response {
        try await req.require(.manageServices)
        let service = try await loadService(req)
        return try await req.submitForm(kept: (), render: { try await renderService(req, service, staffError: $1, status: $2) }) {
            try await req.directory.addStaff(to: service, workerNumber: try req.content.decode(StaffInput.self).workerNumber ?? "")
            return .to(.service(service.id!), flash: "services.flash.service_saved")
        }
    }

    // MARK: service types

    package struct TypesContent: Encodable { package let heading: String; package let types: [String]; package let forms: [ServicesView.Form] }
    package struct TypeInput: Content { package var code: String?; package var nameTk: String?; package var nameRu: String?; package var nameEn: String? }

    package static func renderTypes(_ req: Request, form: [String: String] = [:], errors: [String: String] = [:], status: HTTPResponseStatus = .ok) async throws -> Response {
        try await req.require(.manageServices)
        let rows = try await req.directoryQueries.types()
        let view = ServicesView.Form(action: AppRoute.serviceTypes.path, submit: req.t("services.types.add"), version: nil, sections: [
            .init(legend: req.t("services.types.add"), fields: [
                .init("code", req.t("services.field.code"), value: form["code"] ?? "", hint: req.t("services.hint.type_code"), errors: errors, required: true),
                .init("nameTk", req.t("services.field.name_tk"), value: form["nameTk"] ?? "", errors: errors, required: true),
                .init("nameRu", req.t("services.field.name_ru"), value: form["nameRu"] ?? "", errors: errors, required: true),
                .init("nameEn", req.t("services.field.name_en"), value: form["nameEn"] ?? "", errors: errors, required: true),
            ]),
        ], cancelHref: AppRoute.services.path)
        return try await req.page("services/types", titleKey: "services.types.title", status: status, TypesContent(
            heading: req.t("services.types.title"), types: rows.map { "\($0.id!) · \($0.name(req.locale))" + ($0.active ? "" : " (\(req.t("services.inactive")))") },
            forms: [view]))
    }

    @Sendable package static func types(req: Request) async throws -> Response {
        try await renderTypes(req)
    }

    @Sendable package static func addType(req: Request) async throws -> Response {
        try await req.require(.manageServices)
        let input = try req.content.decode(TypeInput.self)
        let kept = ["code": input.code ?? "", "nameTk": input.nameTk ?? "", "nameRu": input.nameRu ?? "", "nameEn": input.nameEn ?? ""]
        return try await req.submitForm(kept: kept, render: { try await renderTypes(req, form: $0, errors: $1, status: $2) }) {
            try await req.directory.addType(code: input.code ?? "", tk: input.nameTk ?? "", ru: input.nameRu ?? "", en: input.nameEn ?? "")
            return .to(.serviceTypes, flash: "services.flash.type_added")
        }
    }

    // MARK: forms

    package struct FormContent: Encodable {
        package let heading: String
        package let forms: [ServicesView.Form]
        package let message: String?

        package init(heading: String, forms: [ServicesView.Form], message: String?) {
            self.heading = heading
            self.forms = forms
            self.message = message
        }
    }

    package struct ProviderForm: Content {
        package var name: String?; package var kind: String?; package var territoryCode: String?; package var address: String?; package var phone: String?
        package var email: String?; package var licence: String?; package var licenceValidTo: String?; package var registeredOn: String?

        package var draft: DirectoryService.ProviderDraft {
            .init(name: name ?? "", kind: kind ?? "", territoryCode: territoryCode ?? "", address: address ?? "", phone: phone ?? "",
                  email: email ?? "", licence: licence ?? "", licenceValidTo: licenceValidTo ?? "", registeredOn: registeredOn ?? "")
        }
    }

    package static func renderProviderForm(_ req: Request, _ draft: DirectoryService.ProviderDraft, errors: [String: String], status: HTTPResponseStatus) async throws -> Response {
        let form = ServicesView.Form(action: AppRoute.providerNew.path, submit: req.t("action.save"), version: nil, sections: [
            .init(legend: nil, fields: [
                .init("name", req.t("services.field.name"), value: draft.name, errors: errors, required: true),
                .init("kind", req.t("services.field.kind"), kind: "select", options: ServicesView.options(ProviderKind.allCases, "services.kind.", selected: [draft.kind], req), errors: errors, required: true),
                .init("territoryCode", req.t("field.territory"), kind: "groups", groups: try await ServicesView.territoryGroups(req, selected: [draft.territoryCode]), errors: errors, required: true),
                .init("address", req.t("services.field.address"), value: draft.address, errors: errors),
                .init("phone", req.t("services.field.phone"), value: draft.phone, errors: errors),
                .init("email", req.t("services.field.email"), value: draft.email, errors: errors),
                .init("licence", req.t("services.field.licence"), value: draft.licence, errors: errors),
                .init("licenceValidTo", req.t("services.field.licence_to"), value: draft.licenceValidTo, hint: req.t("services.date_hint"), errors: errors),
                .init("registeredOn", req.t("services.field.registered"), value: draft.registeredOn, hint: req.t("services.date_hint"), errors: errors),
            ]),
        ], cancelHref: AppRoute.services.path)
        return try await req.page("services/form", titleKey: "services.provider.new", status: status,
                                  FormContent(heading: req.t("services.provider.new"), forms: [form], message: nil))
    }

    @Sendable package static func providerForm(req: Request) async throws -> Response {
        try await req.require(.manageServices)
        return try await renderProviderForm(req, .init(), errors: [:], status: .ok)
    }

    @Sendable package static func createProvider(req: Request) async throws -> Response {
        try await req.require(.manageServices)
        let draft = try req.content.decode(ProviderForm.self).draft
        return try await req.submitForm(kept: draft, render: { try await renderProviderForm(req, $0, errors: $1, status: $2) }) {
            let provider = try await req.directory.createProvider(draft)
            return .to(.provider(provider.id!), flash: "services.flash.provider_created")
        }
    }

    package struct ServiceInput: Content {
        package var typeCode: String?; package var name: String?; package var form: String?; package var grounds: [String]?; package var areaCodes: [String]?
        package var eligibility: String?; package var capacity: String?; package var occupancy: String?; package var openingHours: String?; package var free: String?
        package var costNote: String?; package var languages: String?; package var active: String?; package var version: String?

        package var draft: DirectoryService.ServiceDraft {
            .init(typeCode: typeCode ?? "", name: name ?? "", form: form ?? "", grounds: grounds ?? [], areaCodes: areaCodes ?? [],
                  eligibility: eligibility ?? "", capacity: capacity ?? "", occupancy: occupancy ?? "", openingHours: openingHours ?? "",
                  free: free == "1", costNote: costNote ?? "", languages: languages ?? "", active: active == "1")
        }
    }

    package static func renderServiceForm(_ req: Request, action: String, heading: String, version: Int?, _ draft: DirectoryService.ServiceDraft,
                                  errors: [String: String], status: HTTPResponseStatus, message: String? = nil) async throws -> Response {
        let form = ServicesView.Form(action: action, submit: req.t("action.save"), version: version, sections: [
            .init(legend: nil, fields: [
                .init("typeCode", req.t("services.field.type"), kind: "select", options: try await ServicesView.typeOptions(req, selected: draft.typeCode), errors: errors, required: true),
                .init("name", req.t("services.field.name"), value: draft.name, errors: errors, required: true),
                .init("form", req.t("services.field.form"), kind: "select", options: ServicesView.options(ServiceForm.allCases, "services.form.", selected: [draft.form], req), errors: errors, required: true),
                .init("grounds[]", req.t("services.field.groups"), kind: "checkboxes", options: ServicesView.options(NeedGround.allCases, "services.ground.", selected: draft.grounds, req), errors: errors),
                .init("areaCodes[]", req.t("services.field.areas"), kind: "multigroups", groups: try await ServicesView.territoryGroups(req, selected: draft.areaCodes), hint: req.t("services.hint.areas"), errors: errors, required: true),
                .init("eligibility", req.t("services.field.eligibility"), kind: "textarea", value: draft.eligibility, errors: errors),
                .init("capacity", req.t("services.field.capacity"), kind: "number", value: draft.capacity, hint: req.t("services.hint.capacity"), errors: errors),
                .init("occupancy", req.t("services.field.occupancy"), kind: "number", value: draft.occupancy, errors: errors),
                .init("openingHours", req.t("services.field.hours"), value: draft.openingHours, errors: errors),
                .init("free", req.t("services.cost.free"), kind: "checkbox", value: draft.free ? "1" : "", errors: errors),
                .init("costNote", req.t("services.field.cost_note"), value: draft.costNote, errors: errors),
                .init("languages", req.t("services.field.languages"), value: draft.languages, errors: errors),
                .init("active", req.t("services.active"), kind: "checkbox", value: draft.active ? "1" : "", errors: errors),
            ]),
        ], cancelHref: AppRoute.services.path)
        return try await req.page("services/form", titleKey: "services.service.new", title: heading, status: status,
                                  FormContent(heading: heading, forms: [form], message: message))
    }

    @Sendable package static func serviceForm(req: Request) async throws -> Response {
        try await req.require(.manageServices)
        let (provider, organisation) = try await loadProvider(req)
        return try await renderServiceForm(req, action: AppRoute.serviceNew(provider.id!).path,
                                           heading: req.t("services.service.new_for", ["name": organisation.name]), version: nil,
                                           .init(), errors: [:], status: .ok)
    }

    @Sendable package static func createService(req: Request) async throws -> Response {
        try await req.require(.manageServices)
        let (provider, organisation) = try await loadProvider(req)
        let draft = try req.content.decode(ServiceInput.self).draft
        return try await req.submitForm(kept: draft, render: {
            try await renderServiceForm(req, action: AppRoute.serviceNew(provider.id!).path,
                                        heading: req.t("services.service.new_for", ["name": organisation.name]), version: nil,
                                        $0, errors: $1, status: $2)
        }) {
            let service = try await req.directory.createService(for: provider, draft)
            return .to(.service(service.id!), flash: "services.flash.service_saved")
        }
    }

    @Sendable package static func editForm(req: Request) async throws -> Response {
        try await req.require(.manageServices)
        let service = try await loadService(req)
        return try await renderServiceForm(req, action: AppRoute.serviceEdit(service.id!).path, heading: service.name, version: service.version,
                                           try await req.directoryQueries.draft(of: service), errors: [:], status: .ok)
    }

    @Sendable package static func update(req: Request) async throws -> Response {
        try await req.require(.manageServices)
        let service = try await loadService(req)
        let form = try req.content.decode(ServiceInput.self)
        let draft = form.draft
        return try await req.submitForm(kept: draft, render: {
            try await renderServiceForm(req, action: AppRoute.serviceEdit(service.id!).path, heading: service.name,
                                        version: service.version, $0, errors: $1, status: $2)
        }, conflict: { key in
            let fresh = try await loadService(req)
            return try await renderServiceForm(req, action: AppRoute.serviceEdit(fresh.id!).path, heading: fresh.name, version: fresh.version,
                                               try await req.directoryQueries.draft(of: fresh), errors: [:], status: .conflict, message: req.t(key))
        }) {
            try await req.directory.updateService(service, draft, expectedVersion: form.version.flatMap { Int($0) } ?? -1)
            return .to(.service(service.id!), flash: "services.flash.service_saved")
        }
    }
}
