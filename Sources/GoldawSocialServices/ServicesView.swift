import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// Shared pieces of the services pages: choice lists, labels, and a described form that one
/// partial template (`services/fields`) renders, so every form of the module looks and
/// behaves the same (labels, hints, errors next to fields, input kept after a refusal).
package enum ServicesView {
    package typealias Option = TerritoryController.Option

    package struct Group: Encodable {
        package let label: String
        package let options: [Option]

        package init(label: String, options: [Option]) {
            self.label = label
            self.options = options
        }
    }

    package struct Field: Encodable {
        package let name: String
        package let id: String
        package let label: String
        /// text | textarea | select | groups | checkboxes | checkbox | number
        package let kind: String
        package let value: String
        package let options: [Option]
        package let groups: [Group]
        package let hint: String?
        package let error: String?
        package let required: Bool

        package init(_ name: String, _ label: String, kind: String = "text", value: String = "", options: [Option] = [], groups: [Group] = [],
             hint: String? = nil, errors: [String: String] = [:], required: Bool = false) {
            self.name = name
            self.id = "f-" + name.replacingOccurrences(of: "[]", with: "")
            self.label = label
            self.kind = kind
            self.value = value
            self.options = options
            self.groups = groups
            self.hint = hint
            self.error = errors[name.replacingOccurrences(of: "[]", with: "")]
            self.required = required
        }
    }

    package struct Section: Encodable {
        package let legend: String?
        package let fields: [Field]
    }

    package struct Form: Encodable {
        package let action: String
        package let submit: String
        package let version: Int?
        package let sections: [Section]
        package let cancelHref: String?

        package init(action: String, submit: String, version: Int?, sections: [Section], cancelHref: String?) {
            self.action = action
            self.submit = submit
            self.version = version
            self.sections = sections
            self.cancelHref = cancelHref
        }
    }

    package static func options<T: RawRepresentable>(_ cases: [T], _ family: String, selected: [String], _ req: Request) -> [Option]
        where T.RawValue == String {
        req.options(cases, prefix: family, selected: Set(selected))
    }

    package static func typeOptions(_ req: Request, selected: String, includeInactive: Bool = false) async throws -> [Option] {
        var query = ServiceTypeRow.query(on: req.db)
        if !includeInactive { query = query.filter(\.$active == true) }
        return try await query.all().sorted { $0.name(req.locale) < $1.name(req.locale) }
            .map { .init(value: $0.id!, label: $0.name(req.locale), selected: $0.id == selected) }
    }

    package static func typeNames(_ req: Request) async throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try await ServiceTypeRow.query(on: req.db).all().map { ($0.id!, $0.name(req.locale)) })
    }

    /// Welaýats and their etraps valid today, as groups: the welaýat itself first, so a
    /// service or a search can cover a whole welaýat. `scope` limits the etraps for staff.
    package static func territoryGroups(_ req: Request, selected: [String], scope: Scope? = nil, etrapsOnly: Bool = false) async throws -> [Group] {
        let units = try await TerritoryService(db: req.db).valid(on: CalendarDate.today.iso)
        let regions = units.filter { $0.level == TerritoryLevel.region.rawValue }
        return regions.compactMap { region in
            let inside = units.filter {
                $0.path.hasPrefix(region.path) && $0.path != region.path
                    && (scope == nil || scope!.kind == .national || scope!.kind == .organisation || scope!.contains(territoryPath: $0.path))
            }
            guard !inside.isEmpty else { return nil }
            let head = etrapsOnly || (scope != nil && scope!.kind == .district) ? [] : [region]
            return Group(label: region.name(req.locale),
                         options: (head + inside).map { .init(value: $0.code, label: $0.name(req.locale), selected: selected.contains($0.code)) })
        }
    }

    package static func places(_ service: SocialService, _ req: Request) -> String {
        guard let capacity = service.capacity else { return req.t("services.places.open") }
        return req.t("services.places.count", ["free": String(max(0, capacity - service.occupancy)), "capacity": String(capacity)])
    }

    package static func placesClass(_ service: SocialService) -> String {
        guard let free = service.freePlaces else { return "ok" }
        return free > 0 ? "ok" : "warn"
    }

    /// The deadline cell: the date, and a badge when it has passed.
    package struct Deadline: Encodable {
        package let due: String
        package let overdue: Bool

        package init(due: String, overdue: Bool) {
            self.due = due
            self.overdue = overdue
        }
    }

    package static func deadline(_ referral: Referral, today: String) -> Deadline {
        Deadline(due: referral.dueDate.map { DisplayFormat.date(iso: $0) } ?? "—", overdue: referral.isOverdue(today: today))
    }

    package static func statusClass(_ status: ReferralStatus) -> String {
        switch status {
        case .sent, .accepted: ""
        case .waitlisted: "warn"
        case .started: "ok"
        case .delivered: "ok"
        case .declined, .ended: "off"
        }
    }

    package static func csv(_ rows: [[String]], filename: String) -> Response {
        CSVDownload.response(rows.map { $0.map(CSVText.field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n",
                             filename: filename)
    }

    package static func query(_ req: Request, _ key: String) -> String {
        ((try? req.query.get(String.self, at: key)) ?? "").trimmingCharacters(in: .whitespaces)
    }
}
