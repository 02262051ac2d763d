import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawBenefits

/// Labels, badges and choice lists shared by the desk, the staff forms and the public pages.
/// Enumerations render through key families (`grievance.status.*`, …) listed in LocaleTests.
package enum GrievanceView {
    package typealias Option = TerritoryController.Option

    package struct Group: Encodable {
        package let label: String
        package let options: [Option]

        package init(label: String, options: [Option]) {
            self.label = label
            self.options = options
        }
    }

    /// Badge colour of a status: finished work is calm, work that needs a look is amber.
    package static func statusClass(_ status: GrievanceStatus) -> String {
        switch status {
        case .open, .assigned: ""
        case .escalated, .appealed: "warn"
        case .resolved: "ok"
        case .closed: "off"
        }
    }

    package static func slaClass(_ state: SLAState) -> String {
        switch state {
        case .onTrack: "ok"
        case .atRisk: "warn"
        case .breached: "danger"
        }
    }

    /// `family` ends with a dot ("grievance.status."): the key is the family plus the raw value.
    package static func options<T: RawRepresentable>(_ cases: [T], _ family: String, selected: String, _ req: Request) -> [Option]
        where T.RawValue == String {
        req.options(cases, prefix: family, selected: selected)
    }

    /// Categories staff and the public may choose: the active rows of the table, in enum order.
    package static func categoryOptions(_ req: Request, selected: String) async throws -> [Option] {
        let active = Set(try await GrievanceCategoryRow.query(on: req.db).filter(\.$active == true).all().compactMap(\.id))
        return options(GrievanceCategory.allCases.filter { active.contains($0.rawValue) }, "grievance.category.", selected: selected, req)
    }

    /// Etraps valid today, grouped under their welaýat; limited to `scope` for staff.
    package static func etrapGroups(_ req: Request, scope: Scope?, selected: String) async throws -> [Group] {
        let units = try await TerritoryService(db: req.db).valid(on: CalendarDate.today.iso)
        let regions = units.filter { $0.level == TerritoryLevel.region.rawValue }
        return regions.compactMap { region in
            let etraps = units.filter {
                GrievanceDraft.etrapLevels.contains($0.level) && $0.path.hasPrefix(region.path)
                    && (scope == nil || scope!.kind == .national || scope!.contains(territoryPath: $0.path))
            }
            guard !etraps.isEmpty else { return nil }
            return Group(label: region.name(req.locale),
                         options: etraps.map { .init(value: $0.code, label: $0.name(req.locale), selected: $0.code == selected) })
        }
    }

    /// "Mary etraby, Mary welaýaty" for a grievance's etrap.
    package static func place(_ territoryID: UUID?, names: [UUID: Territory], _ req: Request) -> String {
        guard let id = territoryID, let unit = names[id] else { return "—" }
        return unit.name(req.locale)
    }

    /// The deadline as shown: "12.03.2026 · at risk", or just the date once resolved.
    package struct Deadline: Encodable {
        package let due: String
        package let label: String?
        package let css: String?
        package let escalated: Bool

        package init(due: String, label: String?, css: String?, escalated: Bool) {
            self.due = due
            self.label = label
            self.css = css
            self.escalated = escalated
        }
    }

    package static func deadline(_ grievance: Grievance, today: CalendarDate, _ req: Request) -> Deadline {
        let state = grievance.slaState(today: today)
        return Deadline(due: DisplayFormat.date(iso: grievance.dueDate), label: state.map { req.t("grievance.sla.\($0.rawValue)") },
                        css: state.map(slaClass),
                        escalated: GrievanceSLA.showsEscalated(status: grievance.statusValue, escalationLevel: grievance.escalationLevel, state: state))
    }
}
