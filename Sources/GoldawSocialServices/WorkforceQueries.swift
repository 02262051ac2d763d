import Fluent
import Vapor
import GoldawCore
import GoldawPlatform

/// The reads behind the workforce pages and API: workers, one worker's record, posts with who
/// holds them today, population figures. A test calls them without HTTP; the controller and
/// the API only render what they return.
package struct WorkforceQueries {
    package let db: any Database

    package init(db: any Database) { self.db = db }

    /// Workers in `scope`, under the unit `territoryCode` when one is given (an unknown code
    /// filters nothing), by name: the first 500.
    package func workers(scope: Scope, territoryCode: String = "") async throws -> [Worker] {
        var query = Worker.query(on: db).within(\.$territoryPath, scope)
        let code = territoryCode.uppercased()
        if !code.isEmpty, let unit = try await Territory.query(on: db).filter(\.$code == code).first() {
            query = query.under(\.$territoryPath, unit.path)
        }
        return try await query.sort(\.$fullName).limit(500).all()
    }

    /// One page of the workers in `scope`, by name.
    package func workers(scope: Scope, page: Int, perPage: Int) async throws -> Pager<Worker> {
        try await Worker.query(on: db).within(\.$territoryPath, scope).sort(\.$fullName).sort(\.$id).readPage(page, perPage: perPage)
    }

    /// A worker with what their record page shows.
    package struct WorkerRecord {
        package let worker: Worker
        package let territory: Territory
        package let qualifications: [WorkerQualification]
        package let trainings: [WorkerTraining]
        /// The posts held, earliest first, each with its post (nil if it was removed).
        package let assignments: [(assignment: PostAssignment, post: Post?)]
        /// The names of the services the worker staffs.
        package let services: [String]
    }

    package func record(of worker: Worker) async throws -> WorkerRecord {
        let id = try worker.requireID()
        let territory = try await worker.$territory.get(on: db)
        let qualifications = try await WorkerQualification.query(on: db).filter(\.$worker.$id == id).sort(\.$year).all()
        let trainings = try await WorkerTraining.query(on: db).filter(\.$worker.$id == id).sort(\.$completedOn).all()
        let assignments = try await PostAssignment.query(on: db).filter(\.$worker.$id == id).sort(\.$startDate).all()
        let posts = Dictionary(uniqueKeysWithValues: try await Post.query(on: db).filter(\.$id ~~ Set(assignments.map { $0.$post.id })).all().map { ($0.id!, $0) })
        let serviceIDs = try await ServiceStaff.query(on: db).filter(\.$worker.$id == id).all(\.$service.$id)
        let services = try await SocialService.query(on: db).filter(\.$id ~~ Set(serviceIDs)).all().map(\.name)
        return WorkerRecord(worker: worker, territory: territory, qualifications: qualifications, trainings: trainings,
                            assignments: assignments.map { ($0, posts[$0.$post.id]) }, services: services)
    }

    /// A funded post and whoever holds it on the day asked.
    package struct PostHolding {
        package let post: Post
        package let holder: Worker?
    }

    /// Posts in `scope` by territory and number (the first 500), each with its holder on `today`.
    package func posts(scope: Scope, today: String) async throws -> [PostHolding] {
        let posts = try await Post.query(on: db).within(\.$territoryPath, scope).sort(\.$territoryPath).sort(\.$number).limit(500).all()
        return try await holdings(posts, today: today)
    }

    /// One page of the posts in `scope` by number, each with its holder on `today`.
    package func posts(scope: Scope, page: Int, perPage: Int, today: String) async throws -> Pager<PostHolding> {
        let found = try await Post.query(on: db).within(\.$territoryPath, scope).sort(\.$number).readPage(page, perPage: perPage)
        return found.withRows(try await holdings(found.rows, today: today))
    }

    package func holdings(_ posts: [Post], today: String) async throws -> [PostHolding] {
        let assignments = try await PostAssignment.query(on: db).filter(\.$post.$id ~~ Set(posts.compactMap(\.id))).all()
            .filter { $0.tenure.isActive(on: today) }
        let workers = Dictionary(uniqueKeysWithValues: try await Worker.query(on: db).filter(\.$id ~~ Set(assignments.map { $0.$worker.id })).all().map { ($0.id!, $0) })
        // Should two assignments overlap, the first one read holds the post.
        let current = Dictionary(assignments.map { ($0.$post.id, $0) }, uniquingKeysWith: { first, _ in first })
        return posts.map { PostHolding(post: $0, holder: current[$0.id!].flatMap { workers[$0.$worker.id] }) }
    }

    /// The population figures, by territory and newest first (the first 1,000).
    package func populations() async throws -> [PopulationFigure] {
        try await PopulationFigure.query(on: db).sort(\.$territoryPath).sort(\.$asOf, .descending).limit(1000).all()
    }

    /// The units with these ids, by id.
    package func territories(_ ids: some Sequence<UUID>) async throws -> [UUID: Territory] {
        Dictionary(uniqueKeysWithValues: try await Territory.query(on: db).filter(\.$id ~~ Set(ids)).all().map { ($0.id!, $0) })
    }
}

extension Request {
    package var workforceQueries: WorkforceQueries { WorkforceQueries(db: db) }
}
