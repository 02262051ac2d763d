import Fluent
import Vapor
import GoldawCore

/// The territory tree on any date, each unit's history, and (administrators) new changes.
enum TerritoryController {
    static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.territories), use: tree)
        routes.get(AppRoute.components(.territoryChangeNew), use: changeForm)
        routes.post(AppRoute.components(.territoryChangeNew), use: createChange)
        routes.get(AppRoute.Pattern.territory, use: show)
    }

    struct Node: Encodable {
        let code: String
        let name: String
        let level: String
        let href: String
        let children: [Node]
    }

    struct TreeContent: Encodable {
        let date: String
        let dateISO: String
        let regions: [Node]
        let total: Int
        let changeHref: String?
        let action: String
    }

    @Sendable static func tree(req: Request) async throws -> Response {
        let me = try await req.require(.viewTerritories)
        let raw = (try? req.query.get(String.self, at: "on")) ?? ""
        let date = CalendarDate(userInput: raw) ?? CalendarDate.today
        let units = try await TerritoryService(db: req.db).valid(on: date.iso)
        var childrenOf: [UUID: [Territory]] = [:]
        for unit in units { if let parent = unit.$parent.id { childrenOf[parent, default: []].append(unit) } }
        func node(_ unit: Territory) -> Node {
            let kids = (childrenOf[unit.id!] ?? []).sorted { $0.name(req.locale) < $1.name(req.locale) }
            return Node(code: unit.code, name: unit.name(req.locale), level: req.t("level.\(unit.level)"),
                        href: AppRoute.territory(unit.code).path, children: kids.map(node))
        }
        let regions = units.filter { $0.$parent.id == nil }.map(node)
        return try await req.page("territories/tree", titleKey: "territories.title", TreeContent(
            date: date.display, dateISO: date.iso, regions: regions, total: units.count,
            changeHref: AccessPolicy.allows(me.role, .manageTerritories) ? AppRoute.territoryChangeNew.path : nil,
            action: AppRoute.territories.path))
    }

    struct Event: Encodable {
        let date: String
        let text: String
        let source: String
        let otherHref: String?
        let otherName: String?
    }

    struct ShowContent: Encodable {
        let code: String
        let isoCode: String?
        let level: String
        let names: [String: String]
        let parentName: String?
        let parentHref: String?
        let validFrom: String
        let validTo: String?
        let current: Bool
        let children: [Node]
        let history: [Event]
        let treeHref: String
    }

    @Sendable static func show(req: Request) async throws -> Response {
        try await req.require(.viewTerritories)
        let service = TerritoryService(db: req.db)
        guard let code = req.parameters.get("code"), let unit = try await service.find(code: code) else {
            throw AppError.notFound
        }
        let parent = try await unit.$parent.get(on: req.db)
        let today = CalendarDate.today.iso
        let children = try await Territory.query(on: req.db).filter(\.$parent.$id == unit.requireID()).sort(\.$nameTk).all()
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

    struct ChangeForm: Content {
        var kind: String?
        var date: String?
        var subjectCode: String?
        var parentCode: String?
        var targetCode: String?
        var newCode: String?
        var level: String?
        var nameTk: String?
        var nameRu: String?
        var nameEn: String?
        var source: String?
    }

    struct Option: Encodable { let value: String; let label: String; let selected: Bool }

    struct ChangeContent: Encodable {
        let action: String
        let form: [String: String]
        let errors: [String: String]
        let kinds: [Option]
        let levels: [Option]
        let units: [Option]
        let cancelHref: String
    }

    static func renderChangeForm(_ req: Request, form: [String: String], errors: [String: String],
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

    @Sendable static func changeForm(req: Request) async throws -> Response {
        try await req.require(.manageTerritories)
        return try await renderChangeForm(req, form: [:], errors: [:], status: .ok)
    }

    @Sendable static func createChange(req: Request) async throws -> Response {
        let me = try await req.require(.manageTerritories)
        let form = try req.content.decode(ChangeForm.self)
        let draft = TerritoryService.ChangeDraft(
            kind: form.kind ?? "", date: form.date ?? "", subjectCode: form.subjectCode ?? "",
            parentCode: form.parentCode ?? "", targetCode: form.targetCode ?? "", newCode: form.newCode ?? "",
            level: form.level ?? "", nameTk: form.nameTk ?? "", nameRu: form.nameRu ?? "", nameEn: form.nameEn ?? "",
            source: form.source ?? "")
        do {
            let code = try await TerritoryService(db: req.db).apply(draft, audit: req.audit, actor: me.id)
            let response = req.redirect(to: .territory(code), flash: "territories.change.saved")
            return response
        } catch AppError.invalid(let problems) {
            let kept: [String: String] = [
                "kind": draft.kind, "date": draft.date, "subjectCode": draft.subjectCode, "parentCode": draft.parentCode,
                "targetCode": draft.targetCode, "newCode": draft.newCode, "level": draft.level,
                "nameTk": draft.nameTk, "nameRu": draft.nameRu, "nameEn": draft.nameEn, "source": draft.source,
            ]
            return try await renderChangeForm(req, form: kept, errors: req.messages(problems), status: .unprocessableEntity)
        }
    }
}

extension Request {
    /// Field problems as messages in the user's language, keyed by field name for the form.
    func messages(_ problems: [FieldProblem]) -> [String: String] {
        var result: [String: String] = [:]
        for problem in problems where result[problem.field] == nil {
            result[problem.field] = t(problem.key, ["min": String(PasswordRules.minimumLength)])
        }
        return result
    }
}
