import Fluent
import Vapor
import GoldawCore

/// The territory tree on any date, each unit's history, and (administrators) new changes.
package enum TerritoryController {
    package static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.territories), use: tree)
        routes.get(AppRoute.components(.territoryChangeNew), use: changeForm)
        routes.post(AppRoute.components(.territoryChangeNew), use: createChange)
        routes.get(AppRoute.Pattern.territory, use: show)
    }

    package struct Node: Encodable {
        package let code: String
        package let name: String
        package let level: String
        package let href: String
        package let children: [Node]

        package init(code: String, name: String, level: String, href: String, children: [Node]) {
            self.code = code
            self.name = name
            self.level = level
            self.href = href
            self.children = children
        }
    }

    package struct TreeContent: Encodable {
        package let date: String
        package let dateISO: String
        package let regions: [Node]
        package let total: Int
        package let changeHref: String?
        package let action: String

        package init(date: String, dateISO: String, regions: [Node], total: Int, changeHref: String?, action: String) {
            self.date = date
            self.dateISO = dateISO
            self.regions = regions
            self.total = total
            self.changeHref = changeHref
            self.action = action
        }
    }

    @Sendable package static func tree(req: Request) async throws -> Response {
        let me = try await req.require(.viewTerritories)
        let raw = (try? req.query.get(String.self, at: "on")) ?? ""
        let date = CalendarDate(userInput: raw) ?? CalendarDate.today
        let units = try await TerritoryService(db: req.db).valid(on: date.iso)
        var childrenOf: [UUID: [Territory]] = [:]
        for unit in units { if let parent = unit.$parent.id { childrenOf[parent, default: []].append(unit) } }
        func node(_ unit: Territory) -> Node {
            // By name, and by code where a unit and its successor share one.
            let kids = (childrenOf[unit.id!] ?? []).sorted { ($0.name(req.locale), $0.code) < ($1.name(req.locale), $1.code) }
            return Node(code: unit.code, name: unit.name(req.locale), level: req.t("level.\(unit.level)"),
                        href: AppRoute.territory(unit.code).path, children: kids.map(node))
        }
        let regions = units.filter { $0.$parent.id == nil }.map(node)
        return try await req.page("territories/tree", titleKey: "territories.title", TreeContent(
            date: date.display, dateISO: date.iso, regions: regions, total: units.count,
            changeHref: AccessPolicy.allows(me.role, .manageTerritories) ? AppRoute.territoryChangeNew.path : nil,
            action: AppRoute.territories.path))
    }

    package struct Event: Encodable {
        package let date: String
        package let text: String
        package let source: String
        package let otherHref: String?
        package let otherName: String?

        package init(date: String, text: String, source: String, otherHref: String?, otherName: String?) {
            self.date = date
            self.text = text
            self.source = source
            self.otherHref = otherHref
            self.otherName = otherName
        }
    }

    package struct ShowContent: Encodable {
        package let code: String
        package let isoCode: String?
        package let level: String
        package let names: [String: String]
        package let parentName: String?
        package let parentHref: String?
        package let validFrom: String
        package let validTo: String?
        package let current: Bool
        package let children: [Node]
        package let history: [Event]
        package let treeHref: String

        package init(code: String, isoCode: String?, level: String, names: [String: String], parentName: String?, parentHref: String?, validFrom: String, validTo: String?, current: Bool, children: [Node], history: [Event], treeHref: String) {
            self.code = code
            self.isoCode = isoCode
            self.level = level
            self.names = names
            self.parentName = parentName
            self.parentHref = parentHref
            self.validFrom = validFrom
            self.validTo = validTo
            self.current = current
            self.children = children
            self.history = history
            self.treeHref = treeHref
        }
    }

    @Sendable package static func show(req: Request) async throws -> Response {
        try await req.require(.viewTerritories)
        let service = TerritoryService(db: req.db)
        guard let code = req.parameters.get("code"), let unit = try await service.find(code: code) else {
            throw AppError.notFound
        }
        let parent = try await unit.$parent.get(on: req.db)
        let today = CalendarDate.today.iso
        let children = try await Territory.query(on: req.db).filter(\.$parent.$id == unit.requireID()).sort(\.$nameTk).sort(\.$code).all()
            .map { Node(code: $0.code, name: $0.name(req.locale) + ($0.isValid(on: today) ? "" : " (\(req.t("territories.closed")))"),
                        level: req.t("level.\($0.level)"), href: AppRoute.territory($0.code).path, children: []) }
        let history = try await service.history(of: unit).map { change -> Event in
            let other = change.$from.id == unit.id ? change.to : change.from
            let direction = change.$from.id == unit.id ? "out" : "in"
            return Event(date: DisplayFormat.date(iso: change.effectiveDate),
                         text: req.t("territories.change.\(change.kind).\(direction)"),
                         source: change.source, otherHref: other.map { AppRoute.territory($0.code).path },
                         otherName: other.map { $0.name(req.locale) })
        }
        return try await req.page("territories/show", titleKey: "territories.title", title: unit.name(req.locale), ShowContent(
            code: unit.code, isoCode: unit.isoCode, level: req.t("level.\(unit.level)"),
            names: ["tk": unit.nameTk, "ru": unit.nameRu, "en": unit.nameEn],
            parentName: parent?.name(req.locale), parentHref: parent.map { AppRoute.territory($0.code).path },
            validFrom: DisplayFormat.date(iso: unit.validFrom), validTo: unit.validTo.map { DisplayFormat.date(iso: $0) },
            current: unit.isValid(on: today), children: children, history: history, treeHref: AppRoute.territories.path))
    }

    package struct ChangeForm: Content {
        package var kind: String?
        package var date: String?
        package var subjectCode: String?
        package var parentCode: String?
        package var targetCode: String?
        package var newCode: String?
        package var level: String?
        package var nameTk: String?
        package var nameRu: String?
        package var nameEn: String?
        package var source: String?

        package init(kind: String? = nil, date: String? = nil, subjectCode: String? = nil, parentCode: String? = nil, targetCode: String? = nil, newCode: String? = nil, level: String? = nil, nameTk: String? = nil, nameRu: String? = nil, nameEn: String? = nil, source: String? = nil) {
            self.kind = kind
            self.date = date
            self.subjectCode = subjectCode
            self.parentCode = parentCode
            self.targetCode = targetCode
            self.newCode = newCode
            self.level = level
            self.nameTk = nameTk
            self.nameRu = nameRu
            self.nameEn = nameEn
            self.source = source
        }
    }

    package typealias Option = SelectOption

    package struct ChangeContent: Encodable {
        package let action: String
        package let form: [String: String]
        package let errors: [String: String]
        package let kinds: [Option]
        package let levels: [Option]
        package let units: [Option]
        package let cancelHref: String

        package init(action: String, form: [String: String], errors: [String: String], kinds: [Option], levels: [Option], units: [Option], cancelHref: String) {
            self.action = action
            self.form = form
            self.errors = errors
            self.kinds = kinds
            self.levels = levels
            self.units = units
            self.cancelHref = cancelHref
        }
    }

    package static func renderChangeForm(_ req: Request, form: [String: String], errors: [String: String],
                                 status: HTTPResponseStatus) async throws -> Response {
        let units = try await TerritoryService(db: req.db).valid(on: CalendarDate.today.iso)
        let kinds = ["created", "renamed", "merged", "abolished"].map {
            Option(value: $0, label: req.t("territories.kind.\($0)"), selected: form["kind"] == $0)
        }
        let levels = [TerritoryLevel.district, .city, .borough].map {
            Option(value: $0.rawValue, label: req.t("level.\($0.rawValue)"), selected: form["level"] == $0.rawValue)
        }
        let unitOptions = units.map { Option(value: $0.code, label: "\($0.name(req.locale)) (\($0.code))", selected: false) }
        return try await req.page("territories/change", titleKey: "territories.change.title", status: status, ChangeContent(
            action: AppRoute.territoryChangeNew.path, form: form, errors: errors, kinds: kinds, levels: levels,
            units: unitOptions, cancelHref: AppRoute.territories.path))
    }

    @Sendable package static func changeForm(req: Request) async throws -> Response {
        try await req.require(.manageTerritories)
        return try await renderChangeForm(req, form: [:], errors: [:], status: .ok)
    }

    @Sendable package static func createChange(req: Request) async throws -> Response {
        let me = try await req.require(.manageTerritories)
        let form = try req.content.decode(ChangeForm.self)
        let draft = TerritoryService.ChangeDraft(
            kind: form.kind ?? "", date: form.date ?? "", subjectCode: form.subjectCode ?? "",
            parentCode: form.parentCode ?? "", targetCode: form.targetCode ?? "", newCode: form.newCode ?? "",
            level: form.level ?? "", nameTk: form.nameTk ?? "", nameRu: form.nameRu ?? "", nameEn: form.nameEn ?? "",
            source: form.source ?? "")
        let kept: [String: String] = [
            "kind": draft.kind, "date": draft.date, "subjectCode": draft.subjectCode, "parentCode": draft.parentCode,
            "targetCode": draft.targetCode, "newCode": draft.newCode, "level": draft.level,
            "nameTk": draft.nameTk, "nameRu": draft.nameRu, "nameEn": draft.nameEn, "source": draft.source,
        ]
        return try await req.submitForm(kept: kept, render: { try await renderChangeForm(req, form: $0, errors: $1, status: $2) }) {
            .to(.territory(try await TerritoryService(db: req.db).apply(draft, audit: req.audit, actor: me.id)), flash: "territories.change.saved")
        }
    }
}

extension Request {
    /// Field problems as messages in the user's language, keyed by field name for the form.
    package func messages(_ problems: [FieldProblem]) -> [String: String] {
        var result: [String: String] = [:]
        for problem in problems where result[problem.field] == nil {
            result[problem.field] = t(problem.key, ["min": String(PasswordRules.minimumLength)])
        }
        return result
    }
}
