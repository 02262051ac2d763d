import Fluent
import SQLKit
import GoldawPlatform
import GoldawRegistry

/// The workforce registry (workers, qualifications, trainings, posts and who fills them), the
/// staff of each service, and the dated population table the ratios divide by.
package struct M014_CreateWorkforce: GoldawMigration {
    package func prepare(on database: any Database) async throws {
        let byte = DatabaseSetup.byteText(database)
        try await database.schema(Worker.schema)
            .id()
            .field("number", .string, .required)
            .field("full_name", .string, .required)
            .field("post_type", .string, .required)
            .field("employer", .string, .required)
            .field("organisation_id", .uuid, .references(Organisation.schema, "id"))
            .field("territory_id", .uuid, .required, .references(Territory.schema, "id"))
            .field("territory_path", byte, .required)
            .field("start_date", .string, .required)
            .field("end_date", .string)
            .field("version", .int, .required)
            .unique(on: "number")
            .create()
        try await database.schema(WorkerQualification.schema)
            .id()
            .field("worker_id", .uuid, .required, .references(Worker.schema, "id"))
            .field("field", .string, .required)
            .field("title", .string, .required)
            .field("year", .int, .required)
            .field("institution", .string, .required)
            .create()
        try await database.schema(WorkerTraining.schema)
            .id()
            .field("worker_id", .uuid, .required, .references(Worker.schema, "id"))
            .field("title", .string, .required)
            .field("hours", .int, .required)
            .field("completed_on", .string, .required)
            .field("certificate", .string)
            .create()
        try await database.schema(Post.schema)
            .id()
            .field("number", .string, .required)
            .field("post_type", .string, .required)
            .field("employer", .string, .required)
            .field("territory_id", .uuid, .required, .references(Territory.schema, "id"))
            .field("territory_path", byte, .required)
            .field("full_time", .bool, .required)
            .field("funded_from", .string, .required)
            .field("funded_to", .string)
            .field("recruitment_status", .string, .required)
            .field("version", .int, .required)
            .unique(on: "number")
            .create()
        try await database.schema(PostAssignment.schema)
            .id()
            .field("post_id", .uuid, .required, .references(Post.schema, "id"))
            .field("worker_id", .uuid, .required, .references(Worker.schema, "id"))
            .field("start_date", .string, .required)
            .field("end_date", .string)
            .field("full_time", .bool, .required)
            .create()
        try await database.schema(ServiceStaff.schema)
            .id()
            .field("service_id", .uuid, .required, .references(SocialService.schema, "id"))
            .field("worker_id", .uuid, .required, .references(Worker.schema, "id"))
            .unique(on: "service_id", "worker_id")
            .create()
        try await database.schema(PopulationFigure.schema)
            .id()
            .field("territory_id", .uuid, .required, .references(Territory.schema, "id"))
            .field("territory_path", byte, .required)
            .field("as_of", .string, .required)
            .field("total", .int, .required)
            .field("children", .int)
            .field("source", .string, .required)
            .field("version", .int, .required)
            .unique(on: "territory_id", "as_of")
            .create()

        let sql = database as! any SQLDatabase
        let indexes: [(String, String, [String])] = [
            ("workers_path_idx", Worker.schema, ["territory_path", "start_date"]),
            ("workers_name_idx", Worker.schema, ["full_name"]),
            ("worker_qualifications_worker_idx", WorkerQualification.schema, ["worker_id"]),
            ("worker_trainings_worker_idx", WorkerTraining.schema, ["worker_id"]),
            ("posts_path_idx", Post.schema, ["territory_path", "post_type"]),
            ("post_assignments_post_idx", PostAssignment.schema, ["post_id", "start_date"]),
            ("post_assignments_worker_idx", PostAssignment.schema, ["worker_id"]),
            ("service_staff_worker_idx", ServiceStaff.schema, ["worker_id"]),
            ("populations_path_idx", PopulationFigure.schema, ["territory_path", "as_of"]),
        ]
        for (name, table, columns) in indexes {
            var builder = sql.create(index: name).on(table)
            for column in columns { builder = builder.column(column) }
            try await builder.run()
        }
    }

    package func revert(on database: any Database) async throws {
        for schema in [PopulationFigure.schema, ServiceStaff.schema, PostAssignment.schema, Post.schema,
                       WorkerTraining.schema, WorkerQualification.schema, Worker.schema] {
            try await database.schema(schema).delete()
        }
    }

    package init() {}
}
