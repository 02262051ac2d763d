import Foundation
import Vapor
import GoldawCore
import GoldawPlatform

/// The justice pages have many small step forms. Each is described here as data and drawn by one
/// loop in the templates, so that a label, an error next to its field and the kept input are the
/// same everywhere.
struct FormField: Encodable {
    let name: String
    let label: String
    /// text, textarea, select, checkbox, moment (date and hour), date, number
    let kind: String
    let value: String
    let error: String?
    let options: [SelectOption]
    let checked: Bool
}

struct StepForm: Encodable {
    let id: String
    let title: String
    let action: String
    let button: String
    let version: Int?
    let fields: [FormField]
    let note: String?
}

/// Builds the fields of one form with the values kept from a refused submission.
struct FormBuilder {
    let req: Request
    let form: [String: String]
    let errors: [String: String]
    /// Only the refused form shows the kept values and the errors.
    let active: Bool

    func value(_ name: String, _ initial: String = "") -> String { active ? (form[name] ?? initial) : initial }

    func field(_ name: String, _ labelKey: String, _ kind: String, initial: String = "", options: [SelectOption] = []) -> FormField {
        let current = value(name, initial)
        let marked = options.map { SelectOption(value: $0.value, label: $0.label, selected: $0.value == current) }
        return FormField(name: name, label: req.t(labelKey), kind: kind, value: current, error: active ? errors[name] : nil,
                         options: marked, checked: current == "on")
    }

    func choices<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ prefix: String) -> [SelectOption] where T.RawValue == String {
        T.allCases.map { SelectOption(value: $0.rawValue, label: req.t(prefix + $0.rawValue), selected: false) }
    }
}

enum JusticeText {
    static func moment(_ date: Date?) -> String {
        date.map { LocalMoment(secondsSince1970: $0.timeIntervalSince1970).display } ?? ""
    }

    static func day(_ iso: String?) -> String { iso.flatMap(CalendarDate.init(iso:))?.display ?? "" }

    /// Hours between the apprehension and a safeguard, e.g. "2 h after".
    static func after(_ start: Date, _ end: Date?, req: Request) -> String {
        guard let end else { return "" }
        let hours = JusticeProcedure.custodyHours(from: start.timeIntervalSince1970, to: end.timeIntervalSince1970)
        return req.t("justice.hours_after", ["hours": String(hours)])
    }
}

extension Request {
    /// The user, if any of these actions is theirs (the first they have is the one checked).
    func requireAny(_ actions: [Action]) async throws -> CurrentUser {
        if let user = currentUser, let first = actions.first(where: { AccessPolicy.allows(user.role, $0) }) { return try await require(first) }
        return try await require(actions[0])
    }
}
