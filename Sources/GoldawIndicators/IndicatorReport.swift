import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// What the page, the CSV and the API share: the filters as sent, checked and limited to the
/// reader's scope, the latest snapshot and its counts inside them, and the territories' names.
package struct IndicatorReport {
    /// The filters as a form or the API sends them: territory codes, sex, age band or group.
    package struct Query: Sendable {
        package var welayat = ""
        package var etrap = ""
        package var sex = ""
        package var age = ""

        package init() {}

        package init(_ req: Request, ageParameter: String) {
            func value(_ name: String) -> String { ((try? req.query.get(String.self, at: name)) ?? "").trimmingCharacters(in: .whitespaces) }
            welayat = value("welayat").uppercased()
            etrap = value("etrap").uppercased()
            sex = value("sex")
            age = value(ageParameter)
        }
    }

    package let query: Query
    package let problems: [FieldProblem]
    package let filter: IndicatorService.Filter
    /// The territory the tables are about: the filter, or the reader's scope, or nil (national).
    package let root: String?
    package let snapshot: IndicatorSnapshot?
    /// One list of cells per read asked for (see `IndicatorService.Dimension`).
    package let reads: [[IndicatorCell]]
    package var cells: [IndicatorCell] { reads.first ?? [] }
    /// Every unit by path, for names; units valid on the snapshot's date come first.
    package let units: [String: Territory]

    /// Resolves and reads. Answers 404 for a territory outside the reader's scope, like a record.
    package static func load(_ req: Request, user: CurrentUser, ageParameter: String,
                     reads: [Set<IndicatorService.Dimension>] = [IndicatorService.everything]) async throws -> IndicatorReport {
        try await load(Query(req, ageParameter: ageParameter), ageParameter: ageParameter, user: user, db: req.reportDB, reads: reads)
    }

    package static func load(_ query: Query, ageParameter: String, user: CurrentUser, db: any Database,
                     reads dimensions: [Set<IndicatorService.Dimension>]) async throws -> IndicatorReport {
        let scope: String? = AccessPolicy.reach(user.role, .viewIndicators) == .everywhere || user.scope.kind == .national
            ? nil : (user.scope.territoryPath ?? "/none/")
        var problems: [FieldProblem] = []
        var chosen: String?
        let service = TerritoryService(db: db)
        if !query.welayat.isEmpty {
            if let unit = try await service.find(code: query.welayat), unit.level == TerritoryLevel.region.rawValue {
                chosen = unit.path
            } else {
                problems.append(.init(field: "welayat", key: "indicators.problem.territory"))
            }
        }
        if !query.etrap.isEmpty {
            if let unit = try await service.find(code: query.etrap), unit.level != TerritoryLevel.region.rawValue,
               chosen.map({ unit.path.hasPrefix($0) }) ?? true {
                chosen = unit.path
            } else {
                problems.append(.init(field: "etrap", key: "indicators.problem.territory"))
            }
        }
        let root: String?
        switch (chosen, scope) {
        case (nil, let scope): root = scope
        case (let chosen?, nil): root = chosen
        case (let chosen?, let scope?):
            if chosen.hasPrefix(scope) { root = chosen }
            else if scope.hasPrefix(chosen) { root = scope }
            else { throw AppError.notFound }
        }
        let sex = Sex(rawValue: query.sex)
        if !query.sex.isEmpty && sex == nil { problems.append(.init(field: "sex", key: "indicators.problem.sex")) }
        let age = IndicatorAgeFilter(rawValue: query.age)
        if !query.age.isEmpty && age == nil { problems.append(.init(field: ageParameter, key: "indicators.problem.age")) }
        let filter = IndicatorService.Filter(territoryPath: root, sex: sex, ages: age?.bands)
        let indicators = IndicatorService(db: db)
        let snapshot = try await indicators.latest()
        var reads: [[IndicatorCell]] = []
        if let snapshot {
            for read in dimensions { reads.append(try await indicators.cells(snapshot.requireID(), filter, by: read)) }
        }
        // Names of the units shown and of every unit above them.
        var paths = Set(root.map { [$0] } ?? [])
        for path in Set(reads.joined().map(\.territoryPath)) where !path.isEmpty {
            for depth in 1...IndicatorTally.depth(of: path) { paths.insert(IndicatorTally.unit(of: path, depth: depth)) }
        }
        let day = snapshot?.asOf ?? CalendarDate.today.iso
        var units: [String: Territory] = [:]
        if !paths.isEmpty {
            for unit in try await Territory.query(on: db).filter(\.$path ~~ Array(paths)).all()
            where units[unit.path].map({ !$0.isValid(on: day) }) ?? true {
                units[unit.path] = unit
            }
        }
        return IndicatorReport(query: query, problems: problems, filter: filter, root: root, snapshot: snapshot, reads: reads, units: units)
    }

    /// The depth of the rows of the "by territory" tables: one level below the root.
    package var rowDepth: Int { root.map { IndicatorTally.depth(of: $0) + 1 } ?? 1 }

    package func name(_ path: String, _ locale: AppLocale) -> String {
        units[path]?.name(locale) ?? path
    }

    package func code(_ path: String) -> String {
        units[path]?.code ?? path.split(separator: "/").last.map(String.init) ?? ""
    }
}
