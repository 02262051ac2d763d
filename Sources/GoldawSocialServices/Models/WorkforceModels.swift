import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// A member of the social service workforce.
package final class Worker: Model, @unchecked Sendable {
    package static let schema = "workers"

    @ID(key: .id) package var id: UUID?
    /// Readable number ("W-00000012"), unique.
    @Field(key: "number") package var number: String
    @Field(key: "full_name") package var fullName: String
    @Field(key: "post_type") package var postType: String
    @Field(key: "employer") package var employer: String
    @OptionalParent(key: "organisation_id") package var organisation: Organisation?
    @Parent(key: "territory_id") package var territory: Territory
    @Field(key: "territory_path") package var territoryPath: String
    @Field(key: "start_date") package var startDate: String
    @OptionalField(key: "end_date") package var endDate: String?
    @Field(key: "version") package var version: Int

    package init() {}

    package func isActive(on day: String) -> Bool { startDate <= day && (endDate.map { day <= $0 } ?? true) }
}

package final class WorkerQualification: Model, @unchecked Sendable {
    package static let schema = "worker_qualifications"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "worker_id") package var worker: Worker
    @Field(key: "field") package var field: String
    @Field(key: "title") package var title: String
    @Field(key: "year") package var year: Int
    @Field(key: "institution") package var institution: String

    package init() {}
}

package final class WorkerTraining: Model, @unchecked Sendable {
    package static let schema = "worker_trainings"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "worker_id") package var worker: Worker
    @Field(key: "title") package var title: String
    @Field(key: "hours") package var hours: Int
    @Field(key: "completed_on") package var completedOn: String
    @OptionalField(key: "certificate") package var certificate: String?

    package init() {}
}

/// A funded post in an etrap: filled while an assignment runs, otherwise vacant with the
/// state of its recruitment.
package final class Post: Model, @unchecked Sendable {
    package static let schema = "posts"

    @ID(key: .id) package var id: UUID?
    @Field(key: "number") package var number: String
    @Field(key: "post_type") package var postType: String
    @Field(key: "employer") package var employer: String
    @Parent(key: "territory_id") package var territory: Territory
    @Field(key: "territory_path") package var territoryPath: String
    @Field(key: "full_time") package var fullTime: Bool
    @Field(key: "funded_from") package var fundedFrom: String
    @OptionalField(key: "funded_to") package var fundedTo: String?
    @Field(key: "recruitment_status") package var recruitmentStatus: String
    @Field(key: "version") package var version: Int

    package init() {}
}

package final class PostAssignment: Model, @unchecked Sendable {
    package static let schema = "post_assignments"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "post_id") package var post: Post
    @Parent(key: "worker_id") package var worker: Worker
    @Field(key: "start_date") package var startDate: String
    @OptionalField(key: "end_date") package var endDate: String?
    @Field(key: "full_time") package var fullTime: Bool

    package init() {}

    package var tenure: Tenure { Tenure(start: startDate, end: endDate, fullTime: fullTime) }
}

/// A population figure for a territory on a date: the census, or a later estimate the
/// administrator enters. Ratios use the latest figure on or before the day they are for.
package final class PopulationFigure: Model, @unchecked Sendable {
    package static let schema = "populations"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "territory_id") package var territory: Territory
    @Field(key: "territory_path") package var territoryPath: String
    @Field(key: "as_of") package var asOf: String
    @Field(key: "total") package var total: Int
    /// Children 0–17; nil where the source gives only the total.
    @OptionalField(key: "children") package var children: Int?
    @Field(key: "source") package var source: String
    @Field(key: "version") package var version: Int

    package init() {}
}
