import Fluent
import Foundation

/// One refresh of the indicators: the date it counts people on, when and by whom it ran, how
/// many people it counted and how long it took. Its counts are in `indicator_counts`.
final class IndicatorSnapshot: Model, @unchecked Sendable {
    static let schema = "indicator_snapshots"
    static let countsSchema = "indicator_counts"

    @ID(key: .id) var id: UUID?
    /// ISO date the ages, functioning and disability status are taken on.
    @Field(key: "as_of") var asOf: String
    @Field(key: "computed_at") var computedAt: Date
    /// The user who asked for it; nil for the console command (cron).
    @OptionalField(key: "computed_by") var computedBy: UUID?
    @Field(key: "people") var people: Int
    @Field(key: "seconds") var seconds: Double

    init() {}
}
