import Fluent
import Vapor

/// One row of the append-only audit trail. The database refuses UPDATE and DELETE on the
/// table (triggers in the migration), and no route writes anything but inserts.
package final class AuditEvent: Model, @unchecked Sendable {
    package static let schema = "audit_events"

    @ID(key: .id) package var id: UUID?
    @Field(key: "occurred_at") package var occurredAt: Date
    @OptionalField(key: "user_id") package var userID: UUID?
    @OptionalField(key: "username") package var username: String?
    @Field(key: "action") package var action: String
    @OptionalField(key: "record_type") package var recordType: String?
    @OptionalField(key: "record_id") package var recordID: String?
    @OptionalField(key: "client_ip") package var clientIP: String?
    @Field(key: "outcome") package var outcome: String
    @OptionalField(key: "detail") package var detail: String?
    @OptionalField(key: "request_id") package var requestID: String?

    package init() {}
}
