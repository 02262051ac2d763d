import Fluent
import Foundation
import GoldawPlatform
import GoldawRegistry

/// One refresh of the indicators: the date it counts people on, when and by whom it ran, how
/// many people it counted and how long it took. Its counts are in `indicator_counts`.
package final class IndicatorSnapshot: Model, @unchecked Sendable {
    package static let schema = "indicator_snapshots"
    package static let countsSchema = "indicator_counts"

    @ID(key: .id) package var id: UUID?
    /// ISO date the ages, functioning and disability status are taken on.
    @Field(key: "as_of") package var asOf: String
    @Field(key: "computed_at") package var computedAt: Date
    /// The user who asked for it; nil for the console command (cron).
    @OptionalField(key: "computed_by") package var computedBy: UUID?
    @Field(key: "people") package var people: Int
    @Field(key: "seconds") package var seconds: Double

    package init() {}
}
