import Fluent
import Vapor

/// One row of the append-only audit trail. The database refuses UPDATE and DELETE on the
/// table (triggers in the migration), and no route writes anything but inserts.
final class AuditEvent: Model, @unchecked Sendable {
    static let schema = "audit_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "occurred_at") var occurredAt: Date
    @OptionalField(key: "user_id") var userID: UUID?
    @OptionalField(key: "username") var username: String?
    @Field(key: "action") var action: String
    @OptionalField(key: "record_type") var recordType: String?
    @OptionalField(key: "record_id") var recordID: String?
    @OptionalField(key: "client_ip") var clientIP: String?
    @Field(key: "outcome") var outcome: String
    @OptionalField(key: "detail") var detail: String?
    @OptionalField(key: "request_id") var requestID: String?

    init() {}
}
