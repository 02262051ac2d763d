import Crypto
import Fluent
import SQLKit
import Vapor

/// A write the API has answered under a client's `Idempotency-Key`, so that the same request
/// sent again (after a timeout, a lost connection, a database restart) gets the first answer
/// instead of being done twice.
package final class IdempotentRequest: Model, @unchecked Sendable {
    package static let schema = "api_idempotency_keys"

    @ID(key: .id) package var id: UUID?
    @Field(key: "user_id") package var userID: UUID
    @Field(key: "key") package var key: String
    /// SHA-256 of the method, path, query and body: the same key with another request is refused.
    @Field(key: "request_hash") package var requestHash: String
    /// pending (claimed) | committed (its writes committed, answer not yet kept) | done (answer kept)
    @Field(key: "state") package var state: String
    @OptionalField(key: "response_status") package var responseStatus: Int?
    @OptionalField(key: "response_type") package var responseType: String?
    @OptionalField(key: "response_body") package var responseBody: String?
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}

/// `Idempotency-Key` on API writes (POST, PUT, PATCH, DELETE), as in the IETF draft of that
/// name. The first request with a key is done and its answer kept for a day; the same request
/// with the same key gets that answer again (with `Idempotency-Replayed: true`); another request
/// with the key is refused (422); one still running is answered 409.
///
/// What it cannot promise: an answer is kept after the write has committed. If the process
/// dies between the two, the key is left "pending" and, after a minute, a retry runs the
/// request again.
package struct IdempotencyMiddleware: AsyncMiddleware {
    static let header = "Idempotency-Key"
    static let keptSeconds: Double = 24 * 3600
    static let abandonedSeconds: Double = 60
    static let writeMethods: [HTTPMethod] = [.POST, .PUT, .PATCH, .DELETE]

    package init() {}

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard Self.writeMethods.contains(request.method), let key = request.headers.first(name: Self.header),
              let user = request.currentUser else {
            return try await next.respond(to: request)
        }
        guard (1...200).contains(key.count), key.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            throw AppError.invalid([.init(field: Self.header, key: "api.error.idempotency_key")])
        }
        if request.body.data == nil {
            let limit = request.route?.bodyLimit ?? request.application.routes.defaultMaxBodySize.value
            _ = try await request.body.collect(max: limit).get()
        }
        var hasher = SHA256()
        hasher.update(data: Data((request.method.rawValue + " " + request.url.string + "\n").utf8))
        if let body = request.body.data { hasher.update(data: Data(buffer: body)) }
        let hash = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        let now = AppClock.now
        let db = request.db

        if let existing = try await IdempotentRequest.query(on: db).filter(\.$userID == user.id).filter(\.$key == key).first() {
            guard existing.requestHash == hash else {
                throw AppError.invalid([.init(field: Self.header, key: "api.error.idempotency_reused")])
            }
            if existing.state == "done", let status = existing.responseStatus {
                let response = Response(status: HTTPResponseStatus(statusCode: status))
                if let type = existing.responseType { response.headers.replaceOrAdd(name: .contentType, value: type) }
                response.body = .init(string: existing.responseBody ?? "")
                response.headers.replaceOrAdd(name: "Idempotency-Replayed", value: "true")
                return response
            }
            if existing.state == "committed" {
                // The first request's writes are in the database; only its answer was lost (the
                // database went away between the commit and the answer). Never done again.
                throw AppError.alreadyDone
            }
            guard now.timeIntervalSince(existing.createdAt) > Self.abandonedSeconds else {
                throw AppError.conflict("api.error.idempotency_pending")
            }
            // Left pending by a process that died: this request takes it over.
            try await IdempotentRequest.query(on: db).filter(\.$id == existing.requireID()).set(\.$createdAt, to: now).update()
        } else {
            try await IdempotentRequest.query(on: db).filter(\.$userID == user.id)
                .filter(\.$createdAt < now.addingTimeInterval(-Self.keptSeconds)).delete()
            let claim = IdempotentRequest()
            claim.id = AppClock.newID()
            claim.userID = user.id
            claim.key = key
            claim.requestHash = hash
            claim.state = "pending"
            claim.createdAt = now
            do {
                try await claim.create(on: db)
            } catch where AppErrorMiddleware.isUniqueViolation(error) {
                // The same key arrived twice at once: the other one is running.
                throw AppError.conflict("api.error.idempotency_pending")
            }
        }

        let response: Response
        do {
            // Every transaction the request commits marks the key "committed" inside itself, so a
            // write and the knowledge that it was done land together or not at all.
            let claim = IdempotencyClaim(userID: user.id, key: key)
            response = try await IdempotencyClaim.$current.withValue(claim) { try await next.respond(to: request) }
        } catch {
            // A request refused (bad input, a conflict) is answered the same way again: keep the
            // answer. A failure of the server lets a retry run it again.
            let rendered = await AppErrorMiddleware.render(error, for: request)
            try await finish(key, user.id, rendered, on: db)
            return rendered
        }
        try await finish(key, user.id, response, holdsSecret: request.storage[HoldsSecretKey.self] == true, on: db)
        return response
    }

    private func finish(_ key: String, _ userID: UUID, _ response: Response, holdsSecret: Bool = false,
                        on db: any Database) async throws {
        let query = IdempotentRequest.query(on: db).filter(\.$userID == userID).filter(\.$key == key)
        // A server failure lets a retry run again, unless the request's writes committed: then
        // the key stays "committed" and a retry is told so rather than done twice. An answer
        // that holds a secret (a one-time password) is never kept; a retry runs again.
        guard response.status.code < 500, !holdsSecret else {
            try await query.filter(\.$state == "pending").delete()
            if holdsSecret { try await query.delete() }
            return
        }
        try await query.set(\.$state, to: "done").set(\.$responseStatus, to: Int(response.status.code))
            .set(\.$responseType, to: response.headers.first(name: .contentType))
            .set(\.$responseBody, to: response.body.string ?? "").update()
    }
}

/// Set by a handler whose answer holds a secret that must not be kept anywhere.
package struct HoldsSecretKey: StorageKey { package typealias Value = Bool }

/// The Idempotency-Key a request runs under, for `Database.writing` to mark in the same
/// transaction as the request's writes.
package struct IdempotencyClaim: Sendable {
    package let userID: UUID
    package let key: String

    @TaskLocal package static var current: IdempotencyClaim?

    /// Inside a transaction that is about to commit.
    package func markCommitted(on tx: any Database) async throws {
        try await IdempotentRequest.query(on: tx).filter(\.$userID == userID).filter(\.$key == key)
            .filter(\.$state == "pending").set(\.$state, to: "committed").update()
    }
}
