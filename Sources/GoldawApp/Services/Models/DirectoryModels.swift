import Fluent
import Vapor
import GoldawCore

/// A service type of the directory: the seeded list from the Joint Programme, extendable.
final class ServiceTypeRow: Model, @unchecked Sendable {
    static let schema = "service_types"

    @ID(custom: "code", generatedBy: .user) var id: String?
    @Field(key: "name_tk") var nameTk: String
    @Field(key: "name_ru") var nameRu: String
    @Field(key: "name_en") var nameEn: String
    @Field(key: "active") var active: Bool
    @Field(key: "version") var version: Int

    init() {}

    init(code: String, tk: String, ru: String, en: String) {
        self.id = code
        self.nameTk = tk
        self.nameRu = ru
        self.nameEn = en
        self.active = true
        self.version = 1
    }

    func name(_ locale: AppLocale) -> String {
        switch locale {
        case .tk: nameTk
        case .ru: nameRu
        case .en: nameEn
        }
    }
}

/// What the directory knows about an organisation that provides services. Keyed by the
/// organisation's id, so a service-provider account's organisation scope is the provider.
final class Provider: Model, @unchecked Sendable {
    static let schema = "providers"

    @ID(custom: "id", generatedBy: .user) var id: UUID?
    @Field(key: "kind") var kind: String
    @Parent(key: "territory_id") var territory: Territory
    /// Copy of the territory's path: scope and search are one prefix test.
    @Field(key: "territory_path") var territoryPath: String
    @OptionalField(key: "address") var address: String?
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "email") var email: String?
    @OptionalField(key: "licence") var licence: String?
    @OptionalField(key: "licence_valid_to") var licenceValidTo: String?
    @Field(key: "registered_on") var registeredOn: String
    @Field(key: "active") var active: Bool
    @Field(key: "version") var version: Int

    init() {}
}

/// One service a provider offers, with its places. `occupancy` counts the referrals holding a
/// place plus the people the provider reports through the inventory.
final class SocialService: Model, @unchecked Sendable {
    static let schema = "services"

    @ID(key: .id) var id: UUID?
    @Parent(key: "provider_id") var provider: Provider
    @Field(key: "type_code") var typeCode: String
    @Field(key: "name") var name: String
    @Field(key: "form") var form: String
    @OptionalField(key: "eligibility") var eligibility: String?
    /// Nil: no fixed number of places.
    @OptionalField(key: "capacity") var capacity: Int?
    @Field(key: "occupancy") var occupancy: Int
    @OptionalField(key: "opening_hours") var openingHours: String?
    @Field(key: "free") var free: Bool
    @OptionalField(key: "cost_note") var costNote: String?
    @OptionalField(key: "languages") var languages: String?
    /// The provider's path, for scope checks.
    @Field(key: "territory_path") var territoryPath: String
    @Field(key: "active") var active: Bool
    @Field(key: "version") var version: Int

    init() {}

    var freePlaces: Int? { capacity.map { max(0, $0 - occupancy) } }
}

/// A ground of need a service serves (its target group).
final class ServiceGroup: Model, @unchecked Sendable {
    static let schema = "service_groups"

    @ID(key: .id) var id: UUID?
    @Parent(key: "service_id") var service: SocialService
    @Field(key: "ground") var ground: String

    init() {}

    init(serviceID: UUID, ground: NeedGround) {
        self.$service.id = serviceID
        self.ground = ground.rawValue
    }
}

/// A territory a service covers: a welaýat covers all its etraps.
final class ServiceArea: Model, @unchecked Sendable {
    static let schema = "service_areas"

    @ID(key: .id) var id: UUID?
    @Parent(key: "service_id") var service: SocialService
    @Parent(key: "territory_id") var territory: Territory
    @Field(key: "territory_path") var territoryPath: String

    init() {}

    init(serviceID: UUID, territory: Territory) {
        self.$service.id = serviceID
        self.$territory.id = territory.id!
        self.territoryPath = territory.path
    }
}

/// A worker of the registry who delivers a service.
final class ServiceStaff: Model, @unchecked Sendable {
    static let schema = "service_staff"

    @ID(key: .id) var id: UUID?
    @Parent(key: "service_id") var service: SocialService
    @Parent(key: "worker_id") var worker: Worker

    init() {}
}
