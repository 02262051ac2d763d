import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// The register of residential settings and family-based carers, and the care figures.
extension CareController {
    struct SettingRow: Encodable {
        let name: String
        let kind: String
        let capacity: Int
        let children: Int
        let ages: String
        let disability: Bool
        let ministry: String
    }

    struct SettingsPage: Encodable {
        let rows: [SettingRow]
        let newHref: String?
    }

    struct SettingForm: Encodable {
        let action: String
        let cancelHref: String
        let form: [String: String]
        let errors: [String: String]
        let kinds: [SelectOption]
        let ministries: [SelectOption]
        let organisations: [SelectOption]
    }

    @Sendable static func settings(req: Request) async throws -> Response {
        let me = try await req.require(.viewCare)
        let list = try await CareSetting.query(on: req.db).within(\.$territoryPath, me.scope).sort(\.$name).limit(300).all()
        let today = CalendarDate.today.iso
        let placed = try await Placement.query(on: req.db).filter(\.$setting.$id ~~ list.compactMap(\.id)).filter(\.$startDate <= today)
            .group(.or) { $0.filter(\.$endDate == nil).filter(\.$endDate >= today) }.all()
        let counts = Dictionary(grouping: placed, by: { $0.$setting.id! }).mapValues(\.count)
        return try await req.page("care/settings", titleKey: "care.settings.title", SettingsPage(
            rows: list.map {
                SettingRow(name: $0.name, kind: req.t("care.setting_kind.\($0.kind)"), capacity: $0.capacity, children: counts[$0.id!] ?? 0,
                           ages: "\($0.ageFrom)–\($0.ageTo)", disability: $0.takesDisability, ministry: req.t("care.ministry.\($0.ministry)"))
            },
            newHref: AccessPolicy.allows(me.role, .manageCarers) ? AppRoute.careSettingNew.path : nil))
    }

    static func renderSettingForm(_ req: Request, form: [String: String], errors: [String: String], status: HTTPResponseStatus) async throws -> Response {
        try await req.require(.manageCarers)
        let organisations = try await Organisation.query(on: req.db).sort(\.$name).limit(300).all()
        return try await req.page("care/setting-new", titleKey: "care.settings.new", status: status, SettingForm(
            action: AppRoute.careSettingNew.path, cancelHref: AppRoute.careSettings.path, form: form, errors: errors,
            kinds: options(SettingKind.self, "care.setting_kind.", form["kind"], req),
            ministries: CareService.ministries.map { SelectOption(value: $0, label: req.t("care.ministry.\($0)"), selected: form["ministry"] == $0) },
            organisations: organisations.map { SelectOption(value: $0.id!.uuidString, label: $0.name, selected: form["organisation"] == $0.id!.uuidString) }))
    }

    @Sendable static func newSetting(req: Request) async throws -> Response {
        try await renderSettingForm(req, form: [:], errors: [:], status: .ok)
    }

    @Sendable static func createSetting(req: Request) async throws -> Response {
        try await req.require(.manageCarers)
        let draft = try req.content.decode(CareService.SettingDraft.self)
        let form = ["name": draft.name, "kind": draft.kind, "capacity": draft.capacity, "ageFrom": draft.ageFrom, "ageTo": draft.ageTo,
                    "takesDisability": draft.takesDisability, "ministry": draft.ministry, "territory": draft.territory,
                    "organisation": draft.organisation].compactMapValues { $0 }
        return try await req.submitForm(kept: form, render: { try await renderSettingForm(req, form: $0, errors: $1, status: $2) }) {
            _ = try await req.care.createSetting(draft)
            return .to(.careSettings, flash: "care.flash.setting_registered")
        }
    }

    // MARK: carers

    struct CarerRow: Encodable {
        let href: String
        let name: String
        let kind: String
        let status: String
        let until: String
        let expired: Bool
        let placed: Int
        let capacity: Int
    }

    struct CarersPage: Encodable {
        let rows: [CarerRow]
        let newHref: String?
    }

    struct CarerForm: Encodable {
        let action: String
        let cancelHref: String
        let form: [String: String]
        let errors: [String: String]
        let kinds: [SelectOption]
    }

    @Sendable static func carers(req: Request) async throws -> Response {
        let me = try await req.require(.viewCare)
        let list = try await Carer.query(on: req.db).within(\.$territoryPath, me.scope).with(\.$person).limit(500).all()
            .sorted { PersonProfile.fullName($0.person) < PersonProfile.fullName($1.person) }
        let today = CalendarDate.today.iso
        let placed = try await Placement.query(on: req.db).filter(\.$carer.$id ~~ list.compactMap(\.id)).filter(\.$startDate <= today)
            .group(.or) { $0.filter(\.$endDate == nil).filter(\.$endDate >= today) }.all()
        let counts = Dictionary(grouping: placed, by: { $0.$carer.id! }).mapValues(\.count)
        return try await req.page("care/carers", titleKey: "care.carers.title", CarersPage(
            rows: list.map {
                CarerRow(href: AppRoute.carer($0.id!).path, name: PersonProfile.fullName($0.person), kind: req.t("care.carer_kind.\($0.kind)"),
                         status: req.t("care.carer_status.\($0.status)"), until: date($0.approvedUntil),
                         expired: $0.approvedUntil.map { $0 < today } ?? false, placed: counts[$0.id!] ?? 0, capacity: $0.capacity)
            },
            newHref: AccessPolicy.allows(me.role, .manageCarers) ? AppRoute.carerNew.path : nil))
    }

    static func renderCarerForm(_ req: Request, form: [String: String], errors: [String: String], status: HTTPResponseStatus) async throws -> Response {
        try await req.require(.manageCarers)
        return try await req.page("care/carer-new", titleKey: "care.carers.new", status: status, CarerForm(
            action: AppRoute.carerNew.path, cancelHref: AppRoute.careCarers.path, form: form, errors: errors,
            kinds: options(CarerKind.self, "care.carer_kind.", form["kind"], req)))
    }

    @Sendable static func newCarer(req: Request) async throws -> Response {
        try await renderCarerForm(req, form: ["appliedOn": CalendarDate.today.display, "capacity": "1"], errors: [:], status: .ok)
    }

    @Sendable static func createCarer(req: Request) async throws -> Response {
        try await req.require(.manageCarers)
        let draft = try req.content.decode(CareService.CarerDraft.self)
        let form = ["person": draft.person, "kind": draft.kind, "appliedOn": draft.appliedOn, "capacity": draft.capacity, "note": draft.note]
            .compactMapValues { $0 }
        return try await req.submitForm(kept: form, render: { try await renderCarerForm(req, form: $0, errors: $1, status: $2) }) {
            let carer = try await req.care.createCarer(draft)
            return .to(.carer(carer.id!), flash: "care.flash.carer_registered")
        }
    }

    struct CarerPage: Encodable {
        let name: String
        let personHref: String
        let kind: String
        let status: String
        let appliedOn: String
        let assessedOn: String?
        let trainedOn: String?
        let approvedOn: String?
        let approvalNumber: String?
        let until: String?
        let expired: Bool
        let capacity: Int
        let note: String?
        let children: [PlacementRow]
        let steps: [StepForm]
        let form: [String: String]
        let errors: [String: String]
        let failed: String
        let csrf: String
        let version: Int
    }

    struct StepForm: Encodable {
        let step: String
        let label: String
        let action: String
        let needsApproval: Bool
    }

    static func renderCarer(_ req: Request, _ carer: Carer, failed: String = "", form: [String: String] = [:], errors: [String: String] = [:],
                            status: HTTPResponseStatus = .ok) async throws -> Response {
        let me = try await req.require(.viewCare)
        let person = try await carer.$person.get(on: req.db)
        let today = CalendarDate.today
        let children = try await CareQueries(db: req.db).current(Placement.query(on: req.db).filter(\.$carer.$id == carer.requireID()), on: today)
            .with(\.$child).with(\.$setting).with(\.$carer) { $0.with(\.$person) }.all()
        var steps: [CareService.CarerStep] = []
        if AccessPolicy.allows(me.role, .manageCarers) {
            switch (carer.kindValue, carer.statusValue) {
            case (.foster, .applied): steps = [.assess, .withdraw]
            case (.foster, .assessed): steps = [.train, .withdraw]
            case (.foster, .trained): steps = [.approve, .withdraw]
            case (_, .approved): steps = [.approve, .suspend, .withdraw]
            case (_, .suspended): steps = [.reinstate, .withdraw]
            default: steps = []
            }
        }
        return try await req.page("care/carer", titleKey: "care.carer.title", status: status, CarerPage(
            name: PersonProfile.fullName(person) + " · " + person.number, personHref: AppRoute.person(person.id!).path,
            kind: req.t("care.carer_kind.\(carer.kind)"), status: req.t("care.carer_status.\(carer.status)"),
            appliedOn: date(carer.appliedOn), assessedOn: shown(date(carer.assessedOn)), trainedOn: shown(date(carer.trainedOn)),
            approvedOn: shown(date(carer.approvedOn)), approvalNumber: shown(carer.approvalNumber), until: shown(date(carer.approvedUntil)),
            expired: carer.approvedUntil.map { $0 < today.iso } ?? false, capacity: carer.capacity, note: shown(carer.note),
            children: placementRows(children, req: req),
            steps: steps.map { StepForm(step: $0.rawValue, label: req.t("care.carer.step.\($0.rawValue)"),
                                        action: AppRoute.carerStep(carer.id!, $0.rawValue).path, needsApproval: $0 == .approve) },
            form: form.isEmpty ? ["on": today.display] : form, errors: errors, failed: failed, csrf: req.csrfToken, version: carer.version))
    }

    @Sendable static func showCarer(req: Request) async throws -> Response {
        let carer = try await req.load(Carer.self, .viewCare)
        try await req.audit.record(.careViewed, recordType: "carer", recordID: carer.id!.uuidString)
        return try await renderCarer(req, carer)
    }

    @Sendable static func carerStep(req: Request) async throws -> Response {
        let carer = try await req.load(Carer.self, .manageCarers)
        guard let step = req.parameters.get("step").flatMap(CareService.CarerStep.init(rawValue:)) else { throw AppError.notFound }
        let draft = try req.content.decode(CareService.CarerStepDraft.self)
        let form = ["on": draft.on, "number": draft.number, "until": draft.until].compactMapValues { $0 }
        return try await req.submitForm(kept: form, render: { try await renderCarer(req, carer, failed: step.rawValue, form: $0, errors: $1, status: $2) }) {
            try await req.care.carerStep(carer, step, draft)
            return .to(.carer(carer.id!), flash: "care.flash.carer_step")
        }
    }

    // MARK: figures

    struct FigureRow: Encodable {
        let code: String
        let label: String
        let value: String
        let bar: Int
    }

    struct Bar: Encodable {
        let label: String
        let count: Int
        let width: Int
        let rectY: Int
        let textY: Int
        let valueX: Int
    }

    struct FiguresPage: Encodable {
        let action: String
        let form: [String: String]
        let error: String?
        let territory: String
        let children: Int
        let series: [FigureRow]
        let byType: [Bar]
        let byBand: [Bar]
        let csvHref: String
        let chartHeight: Int
    }

    /// The territory, date and period the figures are asked for: the user's scope by default, a
    /// unit inside it by code; the date today; the period the calendar year up to the date.
    static func figureParameters(_ req: Request, _ me: CurrentUser) async throws -> (path: String, name: String, date: CalendarDate, from: CalendarDate, error: String?) {
        let raw = ((try? req.query.get(String.self, at: "territory")) ?? "").trimmingCharacters(in: .whitespaces)
        let dateRaw = (try? req.query.get(String.self, at: "date")) ?? ""
        let date = CalendarDate(userInput: dateRaw) ?? .today
        var error: String? = (!dateRaw.isEmpty && CalendarDate(userInput: dateRaw) == nil) ? req.t("validation.date") : nil
        var path = me.scope.kind == .national ? "/" : (me.scope.territoryPath ?? "/none/")
        var name = req.t("care.figures.scope")
        if !raw.isEmpty {
            switch try await TerritoryLookup.find(raw, on: date.iso, within: me.scope, db: req.db) {
            case .found(let unit): path = unit.path; name = unit.name(req.locale)
            case .unknown: error = req.t("registry.territory_unknown")
            case .outsideScope: error = req.t("registry.territory_outside_scope")
            }
        }
        let from = CalendarDate(year: date.year, month: 1, day: 1)!
        return (path, name, date, from, error)
    }

    @Sendable package static func figures(req: Request) async throws -> Response {
        let me = try await req.require(.viewCareFigures)
        let (path, name, date, from, error) = try await figureParameters(req, me)
        let report = try await CareFigures(db: req.db).report(under: path, on: date, from: from, to: date)
        let series = CareSeries.from(report)
        try await req.audit.record(.careFiguresViewed, recordType: "care_figures", detail: "\(path) \(date.iso)")
        let counts = series.filter { !$0.isRate }.map(\.value).max() ?? 1
        func bars(_ pairs: [(String, Int)]) -> [Bar] {
            let top = max(1, pairs.map(\.1).max() ?? 1)
            return pairs.enumerated().map {
                let width = $0.element.1 * 220 / top
                return Bar(label: $0.element.0, count: $0.element.1, width: width, rectY: $0.offset * 28 + 4, textY: $0.offset * 28 + 17, valueX: width + 286)
            }
        }
        let current = report.stock
        let byType = CareType.allCases.map { t in (req.t("care.type.\(t.rawValue)"), current.filter { $0.type == t.rawValue }.map(\.count).reduce(0, +)) }
        let byBand = CareAgeBand.allCases.map { b in (req.t("care.band.\(b.rawValue)"), current.filter { $0.band == b.rawValue }.map(\.count).reduce(0, +)) }
        var query = ["date": date.iso]
        if let raw = try? req.query.get(String.self, at: "territory"), !raw.isEmpty { query["territory"] = raw }
        return try await req.page("care/figures", titleKey: "care.figures.title", FiguresPage(
            action: AppRoute.careFigures.path, form: ["territory": (try? req.query.get(String.self, at: "territory")) ?? "", "date": date.display],
            error: error, territory: name, children: report.childrenInRegistry,
            series: series.map { s in
                FigureRow(code: s.code, label: req.t(s.labelKey), value: s.isRate ? String(format: "%.1f", s.value) : String(Int(s.value)),
                          bar: s.isRate ? 0 : Int(s.value * 200 / max(1, counts)))
            },
            byType: bars(byType), byBand: bars(byBand),
            csvHref: PageLinks.href(AppRoute.careFiguresCSV.path, filters: query, page: 1),
            chartHeight: CareType.allCases.count * 28))
    }

    @Sendable static func figuresCSV(req: Request) async throws -> Response {
        let me = try await req.require(.viewCareFigures)
        let (path, _, date, from, _) = try await figureParameters(req, me)
        let report = try await CareFigures(db: req.db).report(under: path, on: date, from: from, to: date)
        var lines = ["code,label,value,territory_path,date,period_from"]
        for s in CareSeries.from(report) {
            let value = s.isRate ? String(format: "%.1f", s.value) : String(Int(s.value))
            lines.append([CSVText.field(s.code), CSVText.field(req.t(s.labelKey)), value, CSVText.field(path), report.date, report.from].joined(separator: ","))
        }
        for cell in report.stock {
            lines.append([CSVText.field("STOCK.\(cell.type).\(cell.band).\(cell.sex)\(cell.disability ? ".DISAB" : "")"), CSVText.field(""),
                          String(cell.count), CSVText.field(path), report.date, report.from].joined(separator: ","))
        }
        try await req.audit.record(.careFiguresViewed, recordType: "care_figures", detail: "csv \(path) \(date.iso)")
        return CSVDownload.response(lines.joined(separator: "\r\n") + "\r\n", filename: "care-\(date.iso).csv")
    }
}
