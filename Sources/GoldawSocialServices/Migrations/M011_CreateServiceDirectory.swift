import Fluent
import SQLKit
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// The services directory: types, providers (one per organisation), services, their target
/// groups and the territories they cover.
package struct M011_CreateServiceDirectory: GoldawMigration {
    package func prepare(on database: any Database) async throws {
        let byte = DatabaseSetup.byteText(database)
        try await database.schema(ServiceTypeRow.schema)
            .field("code", .string, .identifier(auto: false))
            .field("name_tk", .string, .required)
            .field("name_ru", .string, .required)
            .field("name_en", .string, .required)
            .field("active", .bool, .required)
            .field("version", .int, .required)
            .create()
        for type in SeedServiceType.allCases {
            let names = type.names
            try await ServiceTypeRow(code: type.rawValue, tk: names.tk, ru: names.ru, en: names.en).create(on: database)
        }
        try await database.schema(Provider.schema)
            .field("id", .uuid, .identifier(auto: false), .references(Organisation.schema, "id"))
            .field("kind", .string, .required)
            .field("territory_id", .uuid, .required, .references(Territory.schema, "id"))
            .field("territory_path", byte, .required)
            .field("address", .string)
            .field("phone", .string)
            .field("email", .string)
            .field("licence", .string)
            .field("licence_valid_to", .string)
            .field("registered_on", .string, .required)
            .field("active", .bool, .required)
            .field("version", .int, .required)
            .create()
        try await database.schema(SocialService.schema)
            .id()
            .field("provider_id", .uuid, .required, .references(Provider.schema, "id"))
            .field("type_code", .string, .required, .references(ServiceTypeRow.schema, "code"))
            .field("name", .string, .required)
            .field("form", .string, .required)
            .field("eligibility", .string)
            .field("capacity", .int)
            .field("occupancy", .int, .required)
            .field("opening_hours", .string)
            .field("free", .bool, .required)
            .field("cost_note", .string)
            .field("languages", .string)
            .field("territory_path", byte, .required)
            .field("active", .bool, .required)
            .field("version", .int, .required)
            .create()
        try await database.schema(ServiceGroup.schema)
            .id()
            .field("service_id", .uuid, .required, .references(SocialService.schema, "id"))
            .field("ground", .string, .required)
            .unique(on: "service_id", "ground")
            .create()
        try await database.schema(ServiceArea.schema)
            .id()
            .field("service_id", .uuid, .required, .references(SocialService.schema, "id"))
            .field("territory_id", .uuid, .required, .references(Territory.schema, "id"))
            .field("territory_path", byte, .required)
            .unique(on: "service_id", "territory_id")
            .create()

        let sql = database as! any SQLDatabase
        // The directory filters by type, provider and scope; areas are found by path
        // (a service covering a welaýat covers its etraps); groups by ground.
        let indexes: [(String, String, [String])] = [
            ("providers_path_idx", Provider.schema, ["territory_path"]),
            ("services_type_idx", SocialService.schema, ["type_code", "active"]),
            ("services_provider_idx", SocialService.schema, ["provider_id"]),
            ("services_path_idx", SocialService.schema, ["territory_path"]),
            ("service_groups_ground_idx", ServiceGroup.schema, ["ground", "service_id"]),
            ("service_areas_path_idx", ServiceArea.schema, ["territory_path", "service_id"]),
        ]
        for (name, table, columns) in indexes {
            var builder = sql.create(index: name).on(table)
            for column in columns { builder = builder.column(column) }
            try await builder.run()
        }
    }

    package func revert(on database: any Database) async throws {
        for schema in [ServiceArea.schema, ServiceGroup.schema, SocialService.schema, Provider.schema, ServiceTypeRow.schema] {
            try await database.schema(schema).delete()
        }
    }

    package init() {}
}
