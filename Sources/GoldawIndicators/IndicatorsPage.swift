import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// The view model of `/indicators`: four tables built from the snapshot's cells.
package enum IndicatorsPage {
    package typealias Option = SelectOption

    package struct SexRow: Encodable {
        package let name: String
        package let female: Int
        package let male: Int
        package let total: Int
    }

    package struct DifficultyRow: Encodable {
        package let name: String
        package let with: Int
        package let without: Int
        package let notAssessed: Int
        package let total: Int
        package let percent: String

        package init(_ name: String, _ counts: DifficultyCounts) {
            self.name = name
            with = counts.with
            without = counts.without
            notAssessed = counts.notAssessed
            total = counts.total
            percent = Ratio.display(counts.percentWith, decimals: 1) + (counts.percentWith == nil ? "" : " %")
        }
    }

    package struct Snapshot: Encodable {
        package let asOf: String
        package let computedAt: String
        /// The whole snapshot's count, shown only to readers of the whole country.
        package let people: Int?
    }

    package struct Content: Encodable {
        package let action: String
        package let form: [String: String]
        package let welayats: [Option]
        package let etraps: [Option]
        package let sexes: [Option]
        package let ages: [Option]
        package let errors: [String: String]
        package let snapshot: Snapshot?
        package let area: String
        package let bySex: [SexRow]
        package let bySexTotal: SexRow
        package let byAge: [DifficultyRow]
        package let byTerritory: [DifficultyRow]
        package let difficultyTotal: DifficultyRow
        package let certificate: [DifficultyRow]
        package let socialModel: String?
        package let csvHref: String?
        package let refreshAction: String?
        package let snapshotsHref: String?

        package init(action: String, form: [String: String], welayats: [Option], etraps: [Option], sexes: [Option], ages: [Option], errors: [String: String], snapshot: Snapshot?, area: String, bySex: [SexRow], bySexTotal: SexRow, byAge: [DifficultyRow], byTerritory: [DifficultyRow], difficultyTotal: DifficultyRow, certificate: [DifficultyRow], socialModel: String?, csvHref: String?, refreshAction: String?, snapshotsHref: String?) {
            self.action = action
            self.form = form
            self.welayats = welayats
            self.etraps = etraps
            self.sexes = sexes
            self.ages = ages
            self.errors = errors
            self.snapshot = snapshot
            self.area = area
            self.bySex = bySex
            self.bySexTotal = bySexTotal
            self.byAge = byAge
            self.byTerritory = byTerritory
            self.difficultyTotal = difficultyTotal
            self.certificate = certificate
            self.socialModel = socialModel
            self.csvHref = csvHref
            self.refreshAction = refreshAction
            self.snapshotsHref = snapshotsHref
        }
    }

    package static func content(_ report: IndicatorReport, req: Request, user: CurrentUser) async throws -> Content {
        let locale = req.locale
        let cells = report.cells
        let profile = report.reads.count > 1 ? report.reads[1] : cells
        let depth = report.rowDepth
        let unitKey: (IndicatorCell) -> String = { IndicatorTally.unit(of: $0.territoryPath, depth: depth) }
        let sexRows = IndicatorTally.bySex(cells, key: unitKey)
        let sexTotal = IndicatorTally.bySex(cells) { _ in "" }.first
        let ages = IndicatorTally.byDifficulty(profile) { $0.ageBand }
        let places = IndicatorTally.byDifficulty(cells, key: unitKey)
        let certificates = IndicatorTally.byDifficulty(profile) { $0.officialDisability ? "yes" : "no" }
        let all = IndicatorTally.byDifficulty(profile) { _ in "" }[""] ?? DifficultyCounts()
        let withDifficulty = certificates.values.reduce(0) { $0 + $1.with }
        let uncertified = certificates["no"]?.with ?? 0
        let socialModel: String? = withDifficulty == 0 ? nil : req.t("indicators.social_model.finding", [
            "uncertified": String(uncertified), "with": String(withDifficulty),
            "percent": Ratio.display(Ratio.percent(uncertified, of: withDifficulty), decimals: 1) + " %",
        ])
        let query = report.query
        // Filter choices: welaýats touching the reader's scope, and the units of the chosen one.
        let day = report.snapshot?.asOf ?? CalendarDate.today.iso
        let valid = try await TerritoryService(db: req.db).valid(on: day)
        let scope = AccessPolicy.reach(user.role, .viewIndicators) == .everywhere || user.scope.kind == .national
            ? nil : user.scope.territoryPath
        func touches(_ path: String) -> Bool { scope.map { path.hasPrefix($0) || $0.hasPrefix(path) } ?? true }
        let regions = valid.filter { $0.level == TerritoryLevel.region.rawValue && touches($0.path) }
        let region = regions.first { $0.code == query.welayat } ?? (regions.count == 1 ? regions.first : nil)
        let units = region.map { region in valid.filter { $0.path.hasPrefix(region.path) && $0.path != region.path && touches($0.path) } } ?? []
        var errors: [String: String] = [:]
        for problem in report.problems { errors[problem.field] = req.t(problem.key) }
        let canRefresh = AccessPolicy.allows(user.role, .refreshIndicators)
        return Content(
            action: AppRoute.indicators.path,
            form: ["welayat": query.welayat, "etrap": query.etrap, "sex": query.sex, "age": query.age],
            welayats: regions.map { Option(value: $0.code, label: $0.name(locale), selected: $0.code == query.welayat) },
            etraps: units.map { Option(value: $0.code, label: $0.name(locale), selected: $0.code == query.etrap) },
            sexes: req.options(Sex.allCases, prefix: "registry.sex.", selected: query.sex),
            ages: IndicatorAgeBand.allCases.map { Option(value: $0.rawValue, label: req.t("registry.age_band", ["band": $0.rawValue]), selected: $0.rawValue == query.age) }
                + IndicatorAgeGroup.allCases.map { Option(value: $0.rawValue, label: req.t(groupKey($0)), selected: $0.rawValue == query.age) },
            errors: errors,
            snapshot: report.snapshot.map { Snapshot(asOf: DisplayFormat.date(iso: $0.asOf), computedAt: DisplayFormat.dateTime($0.computedAt),
                                                     people: report.root == nil ? $0.people : nil) },
            area: report.root.map { report.name($0, locale) } ?? req.t("indicators.national"),
            bySex: sexRows.map { SexRow(name: report.name($0.key, locale), female: $0.female, male: $0.male, total: $0.total) },
            bySexTotal: SexRow(name: req.t("indicators.total"), female: sexTotal?.female ?? 0, male: sexTotal?.male ?? 0, total: sexTotal?.total ?? 0),
            // Every band asked for, with zeros, so that tables from different places line up.
            byAge: (report.filter.ages ?? IndicatorAgeBand.allCases).map { band in
                DifficultyRow(req.t("registry.age_band", ["band": band.rawValue]), ages[band.rawValue] ?? DifficultyCounts())
            },
            byTerritory: places.keys.sorted().map { DifficultyRow(report.name($0, locale), places[$0]!) },
            difficultyTotal: DifficultyRow(req.t("indicators.total"), all),
            certificate: [("yes", "indicators.certificate.yes"), ("no", "indicators.certificate.no")].map {
                DifficultyRow(req.t($0.1), certificates[$0.0] ?? DifficultyCounts())
            },
            socialModel: socialModel,
            csvHref: report.snapshot == nil ? nil : AppRoute.indicatorsCSV.path + "?" + csvQuery(query),
            refreshAction: canRefresh ? AppRoute.indicatorSnapshots.path : nil,
            snapshotsHref: canRefresh ? AppRoute.indicatorSnapshots.path : nil)
    }

    package static func groupKey(_ group: IndicatorAgeGroup) -> String {
        switch group {
        case .children: "indicators.age_group.children"
        case .functioningChildren: "indicators.age_group.functioning_children"
        case .schoolAge: "indicators.age_group.school_age"
        case .adults: "indicators.age_group.adults"
        }
    }

    package static let valueCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))

    /// The page's filters for the CSV link: codes and band values, "+" escaped.
    package static func csvQuery(_ query: IndicatorReport.Query) -> String {
        [("welayat", query.welayat), ("etrap", query.etrap), ("sex", query.sex), ("age", query.age)]
            .filter { !$0.1.isEmpty }
            .map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: valueCharacters) ?? "")" }
            .joined(separator: "&")
    }
}
