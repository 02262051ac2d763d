import Vapor

/// Post/redirect/get for every form: the one place that decides what a POST answers.
///
/// The handler parses the form into the values the user typed (`kept`) and hands over two
/// closures: `save`, which calls the service and names the record to go to (`FormDone`), and `render`,
/// which draws the form. A saved form answers 303 to the record, with a flash message; an input
/// the service refuses (`AppError.invalid`) draws the form again with 422, each message next to
/// its field and every typed value kept, so nothing the user typed is lost. A stale edit
/// (`AppError.conflict`) goes to `conflict` when the form has one, usually to show the record as
/// it is now; without one it reaches the error page as before.
extension Request {
    /// `kept` is what the form shows again: the typed values by field, or the draft the form
    /// is drawn from. `errors` are the messages by field, in the user's language.
    package func submitForm<Kept>(kept: Kept,
                                  render: (_ kept: Kept, _ errors: [String: String], _ status: HTTPResponseStatus) async throws -> Response,
                                  conflict: ((_ key: String) async throws -> Response)? = nil,
                                  save: () async throws -> FormDone) async throws -> Response {
        do {
            switch try await save() {
            case .redirect(let path, let flash): return redirect(toPath: path, flash: flash)
            case .response(let response): return response
            }
        } catch AppError.invalid(let problems) {
            return try await render(kept, messages(problems), .unprocessableEntity)
        } catch AppError.conflict(let key) where conflict != nil {
            return try await conflict!(key)
        }
    }
}

/// What a saved form answers: usually a redirect (303) to the record with a flash message;
/// sometimes an answer of its own (possible duplicates to confirm, a one-time password shown
/// once, a redirect that also sets a cookie).
package enum FormDone {
    case redirect(path: String, flash: String?)
    case response(Response)

    package static func to(_ route: AppRoute, flash: String?) -> FormDone { .redirect(path: route.path, flash: flash) }
}
