import Fluent
import Vapor
import GoldawCore

/// A member of the social service workforce.
final class Worker: Model, @unchecked Sendable {
    static let schema = "workers"

    @ID(key: .id) var id: UUID?
    /// Readable number ("W-00000012"), unique.
    @Field(key: "number") var number: String
    @Field(key: "full_name") var fullName: String
    @Field(key: "post_type") var postType: String
    @Field(key: "employer") var employer: String
    @OptionalParent(key: "organisation_id") var organisation: Organisation?
    @Parent(key: "territory_id") var territory: Territory
    @Field(key: "territory_path") var territoryPath: String
    @Field(key: "start_date") var startDate: String
    @OptionalField(key: "end_date") var endDate: String?
    @Field(key: "version") var version: Int

    init() {}

    func isActive(on day: String) -> Bool { startDate <= day && (endDate.map { day <= $0 } ?? true) }
}

final class WorkerQualification: Model, @unchecked Sendable {
    static let schema = "worker_qualifications"

    @ID(key: .id) var id: UUID?
    @Parent(key: "worker_id") var worker: Worker
    @Field(key: "field") var field: String
    @Field(key: "title") var title: String
    @Field(key: "year") var year: Int
    @Field(key: "institution") var institution: String

    init() {}
}

final class WorkerTraining: Model, @unchecked Sendable {
    static let schema = "worker_trainings"

    @ID(key: .id) var id: UUID?
    @Parent(key: "worker_id") var worker: Worker
    @Field(key: "title") var title: String
    @Field(key: "hours") var hours: Int
    @Field(key: "completed_on") var completedOn: String
    @OptionalField(key: "certificate") var certificate: String?

    init() {}
}

/// A funded post in an etrap: filled while an assignment runs, otherwise vacant with the
/// state of its recruitment.
final class Post: Model, @unchecked Sendable {
    static let schema = "posts"

    @ID(key: .id) var id: UUID?
    @Field(key: "number") var number: String
    @Field(key: "post_type") var postType: String
    @Field(key: "employer") var employer: String
    @Parent(key: "territory_id") var territory: Territory
    @Field(key: "territory_path") var territoryPath: String
    @Field(key: "full_time") var fullTime: Bool
    @Field(key: "funded_from") var fundedFrom: String
    @OptionalField(key: "funded_to") var fundedTo: String?
    @Field(key: "recruitment_status") var recruitmentStatus: String
    @Field(key: "version") var version: Int

    init() {}
}

final class PostAssignment: Model, @unchecked Sendable {
    static let schema = "post_assignments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "post_id") var post: Post
    @Parent(key: "worker_id") var worker: Worker
    @Field(key: "start_date") var startDate: String
    @OptionalField(key: "end_date") var endDate: String?
    @Field(key: "full_time") var fullTime: Bool

    init() {}

    var tenure: Tenure { Tenure(start: startDate, end: endDate, fullTime: fullTime) }
}

/// A population figure for a territory on a date: the census, or a later estimate the
/// administrator enters. Ratios use the latest figure on or before the day they are for.
final class PopulationFigure: Model, @unchecked Sendable {
    static let schema = "populations"

    @ID(key: .id) var id: UUID?
    @Parent(key: "territory_id") var territory: Territory
    @Field(key: "territory_path") var territoryPath: String
    @Field(key: "as_of") var asOf: String
    @Field(key: "total") var total: Int
    /// Children 0–17; nil where the source gives only the total.
    @OptionalField(key: "children") var children: Int?
    @Field(key: "source") var source: String
    @Field(key: "version") var version: Int

    init() {}
}
