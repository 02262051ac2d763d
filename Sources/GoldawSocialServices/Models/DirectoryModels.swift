import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// A service type of the directory: the seeded list from the Joint Programme, extendable.
package final class ServiceTypeRow: Model, @unchecked Sendable {
    package static let schema = "service_types"

    @ID(custom: "code", generatedBy: .user) package var id: String?
    @Field(key: "name_tk") package var nameTk: String
    @Field(key: "name_ru") package var nameRu: String
    @Field(key: "name_en") package var nameEn: String
    @Field(key: "active") package var active: Bool
    @Field(key: "version") package var version: Int

    package init() {}

    package init(code: String, tk: String, ru: String, en: String) {
        self.id = code
        self.nameTk = tk
        self.nameRu = ru
        self.nameEn = en
        self.active = true
        self.version = 1
    }

    package func name(_ locale: AppLocale) -> String {
        switch locale {
        case .tk: nameTk
        case .ru: nameRu
        case .en: nameEn
        }
    }
}

/// What the directory knows about an organisation that provides services. Keyed by the
/// organisation's id, so a service-provider account's organisation scope is the provider.
package final class Provider: Model, @unchecked Sendable {
    package static let schema = "providers"

    @ID(custom: "id", generatedBy: .user) package var id: UUID?
    @Field(key: "kind") package var kind: String
    @Parent(key: "territory_id") package var territory: Territory
    /// Copy of the territory's path: scope and search are one prefix test.
    @Field(key: "territory_path") package var territoryPath: String
    @OptionalField(key: "address") package var address: String?
    @OptionalField(key: "phone") package var phone: String?
    @OptionalField(key: "email") package var email: String?
    @OptionalField(key: "licence") package var licence: String?
    @OptionalField(key: "licence_valid_to") package var licenceValidTo: String?
    @Field(key: "registered_on") package var registeredOn: String
    @Field(key: "active") package var active: Bool
    @Field(key: "version") package var version: Int

    package init() {}
}

/// One service a provider offers, with its places. `occupancy` counts the referrals holding a
/// place plus the people the provider reports through the inventory.
package final class SocialService: Model, @unchecked Sendable {
    package static let schema = "services"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "provider_id") package var provider: Provider
    @Field(key: "type_code") package var typeCode: String
    @Field(key: "name") package var name: String
    @Field(key: "form") package var form: String
    @OptionalField(key: "eligibility") package var eligibility: String?
    /// Nil: no fixed number of places.
    @OptionalField(key: "capacity") package var capacity: Int?
    @Field(key: "occupancy") package var occupancy: Int
    @OptionalField(key: "opening_hours") package var openingHours: String?
    @Field(key: "free") package var free: Bool
    @OptionalField(key: "cost_note") package var costNote: String?
    @OptionalField(key: "languages") package var languages: String?
    /// The provider's path, for scope checks.
    @Field(key: "territory_path") package var territoryPath: String
    @Field(key: "active") package var active: Bool
    @Field(key: "version") package var version: Int

    package init() {}

    package var freePlaces: Int? { capacity.map { max(0, $0 - occupancy) } }
}

/// A ground of need a service serves (its target group).
package final class ServiceGroup: Model, @unchecked Sendable {
    package static let schema = "service_groups"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "service_id") package var service: SocialService
    @Field(key: "ground") package var ground: String

    package init() {}

    package init(serviceID: UUID, ground: NeedGround) {
        self.$service.id = serviceID
        self.ground = ground.rawValue
    }
}

/// A territory a service covers: a welaýat covers all its etraps.
package final class ServiceArea: Model, @unchecked Sendable {
    package static let schema = "service_areas"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "service_id") package var service: SocialService
    @Parent(key: "territory_id") package var territory: Territory
    @Field(key: "territory_path") package var territoryPath: String

    package init() {}

    package init(serviceID: UUID, territory: Territory) {
        self.$service.id = serviceID
        self.$territory.id = territory.id!
        self.territoryPath = territory.path
    }
}

/// A worker of the registry who delivers a service.
package final class ServiceStaff: Model, @unchecked Sendable {
    package static let schema = "service_staff"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "service_id") package var service: SocialService
    @Parent(key: "worker_id") package var worker: Worker

    package init() {}
}
