import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// The reads behind the directory's pages and API: the search (staff and public), the entries
/// with their provider, grounds and areas, a provider's services, a service's staff, waiting list
/// and stored draft, the service types. A test calls them without HTTP.
package struct DirectoryQueries {
    package let db: any Database

    package init(db: any Database) { self.db = db }

    package func search(_ query: DirectoryService.Query) async throws -> Pager<DirectoryService.Entry> {
        var builder = SocialService.query(on: db).filter(\.$active == true)
        if !query.typeCode.isEmpty { builder = builder.filter(\.$typeCode == query.typeCode) }
        if let form = ServiceForm(rawValue: query.form) { builder = builder.filter(\.$form == form.rawValue) }
        if let ground = NeedGround(rawValue: query.ground) {
            let ids = try await ServiceGroup.query(on: db).filter(\.$ground == ground.rawValue).all(\.$service.$id)
            builder = builder.filter(\.$id ~~ Set(ids))
        }
        let code = query.territoryCode.trimmingCharacters(in: .whitespaces).uppercased()
        if !code.isEmpty {
            guard let unit = try await Territory.query(on: db).filter(\.$code == code).first() else {
                return .empty(page: query.page, perPage: query.perPage)
            }
            let ids = try await ServiceArea.query(on: db).group(.or) { group in
                group.filter(\.$territoryPath ~~ DirectoryService.ancestors(of: unit.path))
                group.under(\.$territoryPath, unit.path)
            }.all(\.$service.$id)
            builder = builder.filter(\.$id ~~ Set(ids))
        }
        let text = query.text.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty { builder = builder.filter(\.$name, .custom("LIKE"), "%\(text)%") }
        var services = try await builder.sort(\.$name).sort(\.$id).limit(2000).all()
        if query.available { services = services.filter { ($0.freePlaces ?? 1) > 0 } }
        let page = Pager(slicing: services, page: query.page, perPage: query.perPage)
        return page.withRows(try await entries(page.rows))
    }

    package func entries(_ services: [SocialService]) async throws -> [DirectoryService.Entry] {
        guard !services.isEmpty else { return [] }
        let ids = services.compactMap(\.id)
        let providerIDs = Set(services.map { $0.$provider.id })
        let providers = Dictionary(uniqueKeysWithValues: try await Provider.query(on: db).filter(\.$id ~~ providerIDs).all().map { ($0.id!, $0) })
        let names = Dictionary(uniqueKeysWithValues: try await Organisation.query(on: db).filter(\.$id ~~ providerIDs).all().map { ($0.id!, $0.name) })
        let groups = Dictionary(grouping: try await ServiceGroup.query(on: db).filter(\.$service.$id ~~ ids).all(), by: { $0.$service.id })
        let areaRows = try await ServiceArea.query(on: db).filter(\.$service.$id ~~ ids).all()
        let territories = Dictionary(uniqueKeysWithValues: try await Territory.query(on: db)
            .filter(\.$id ~~ Set(areaRows.map { $0.$territory.id })).all().map { ($0.id!, $0) })
        let areas = Dictionary(grouping: areaRows, by: { $0.$service.id })
        return services.compactMap { service in
            guard let provider = providers[service.$provider.id] else { return nil }
            return DirectoryService.Entry(service: service, providerName: names[service.$provider.id] ?? "", provider: provider,
                         grounds: (groups[service.id!] ?? []).map(\.ground).sorted(),
                         areas: (areas[service.id!] ?? []).compactMap { territories[$0.$territory.id] }.sorted { $0.path < $1.path })
        }
    }

    /// A provider's services, by name.
    package func services(of provider: Provider) async throws -> [SocialService] {
        try await SocialService.query(on: db).filter(\.$provider.$id == provider.requireID()).sort(\.$name).all()
    }

    /// The workers who deliver a service, by name.
    package func staff(of service: SocialService) async throws -> [Worker] {
        let ids = try await ServiceStaff.query(on: db).filter(\.$service.$id == service.requireID()).all(\.$worker.$id)
        return try await Worker.query(on: db).filter(\.$id ~~ Set(ids)).sort(\.$fullName).all()
    }

    /// How many referrals wait for a place in a service.
    package func waiting(for service: SocialService) async throws -> Int {
        try await Referral.query(on: db).filter(\.$service.$id == service.requireID()).filter(\.$status == ReferralStatus.waitlisted.rawValue).count()
    }

    /// A service as its edit form shows it.
    package func draft(of service: SocialService) async throws -> DirectoryService.ServiceDraft {
        let id = try service.requireID()
        let grounds = try await ServiceGroup.query(on: db).filter(\.$service.$id == id).all(\.$ground)
        let areaIDs = try await ServiceArea.query(on: db).filter(\.$service.$id == id).all(\.$territory.$id)
        let codes = try await Territory.query(on: db).filter(\.$id ~~ Set(areaIDs)).all(\.$code)
        return .init(typeCode: service.typeCode, name: service.name, form: service.form, grounds: grounds, areaCodes: codes,
                     eligibility: service.eligibility ?? "", capacity: service.capacity.map(String.init) ?? "",
                     occupancy: String(service.occupancy), openingHours: service.openingHours ?? "", free: service.free,
                     costNote: service.costNote ?? "", languages: service.languages ?? "", active: service.active)
    }

    /// The service types, by code.
    package func types() async throws -> [ServiceTypeRow] {
        try await ServiceTypeRow.query(on: db).sort(\.$id).all()
    }
}

extension Request {
    package var directoryQueries: DirectoryQueries { DirectoryQueries(db: db) }
}
