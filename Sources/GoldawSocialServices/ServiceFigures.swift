import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// Aggregates for planners, no names: service coverage by etrap and workforce figures per
/// etrap and welaýat, divided by the latest population figure on or before the day.
package struct ServiceFigures {
    package let db: any Database
    package var day: CalendarDate = .today

    /// Etrap-level units (etraps, cities with etrap status, boroughs) and welaýats valid on the day.
    package func units() async throws -> (regions: [Territory], etraps: [Territory]) {
        let all = try await TerritoryService(db: db).valid(on: day.iso)
        return (all.filter { $0.level == TerritoryLevel.region.rawValue }, all.filter { $0.level != TerritoryLevel.region.rawValue })
    }

    /// The latest population figure per territory path, on or before the day.
    package func populations() async throws -> [String: PopulationFigure] {
        let rows = try await PopulationFigure.query(on: db).filter(\.$asOf <= day.iso).sort(\.$asOf).all()
        var latest: [String: PopulationFigure] = [:]
        for row in rows { latest[row.territoryPath] = row }
        return latest
    }

    // MARK: coverage

    package struct CoverageRow {
        package let unit: Territory
        package let region: Territory?
        package let children: Int?
        package let total: Int?
        /// type code → services covering the etrap.
        package let counts: [String: Int]
        package var services: Int { counts.values.reduce(0, +) }
        package var perTenThousandChildren: Double? { Ratio.per10k(services, population: children) }
    }

    package func coverage() async throws -> (types: [ServiceTypeRow], rows: [CoverageRow]) {
        let types = try await ServiceTypeRow.query(on: db).filter(\.$active == true).sort(\.$id).all()
        let services = try await SocialService.query(on: db).filter(\.$active == true).all()
        let typeOf = Dictionary(uniqueKeysWithValues: services.map { ($0.id!, $0.typeCode) })
        let areas = try await ServiceArea.query(on: db).filter(\.$service.$id ~~ Set(typeOf.keys)).all()
        let (regions, etraps) = try await units()
        let figures = try await populations()
        let regionByPath = Dictionary(uniqueKeysWithValues: regions.map { ($0.path, $0) })
        let rows = etraps.map { unit in
            // A service counts once per etrap, however many of its areas hold it.
            var seen: Set<UUID> = []
            var counts: [String: Int] = [:]
            for area in areas where unit.path.hasPrefix(area.territoryPath) && seen.insert(area.$service.id).inserted {
                counts[typeOf[area.$service.id] ?? "", default: 0] += 1
            }
            let region = DirectoryService.ancestors(of: unit.path).first.flatMap { regionByPath[$0] }
            return CoverageRow(unit: unit, region: region, children: figures[unit.path]?.children, total: figures[unit.path]?.total, counts: counts)
        }
        return (types, rows)
    }

    // MARK: workforce

    package struct WorkforceRow {
        package let unit: Territory
        package let isRegion: Bool
        package let workers: Int
        package let byType: [String: Int]
        package let qualified: Int
        package let postsFunded: Int
        package let postsFilled: Int
        package let total: Int?
        package let children: Int?
        package let populationSource: String?
        package var postsVacant: Int { postsFunded - postsFilled }
        package var qualifiedShare: Double? { Ratio.percent(qualified, of: workers) }
        package var perTenThousand: Double? { Ratio.per10k(workers, population: total) }
        package var perTenThousandChildren: Double? { Ratio.per10k(workers, population: children) }
    }

    /// One row per welaýat and per etrap with anything to count or a population figure.
    package func workforce() async throws -> [WorkforceRow] {
        let today = day.iso
        let workers = try await Worker.query(on: db).filter(\.$startDate <= today).all().filter { $0.isActive(on: today) }
        let qualifiedIDs = Set(try await WorkerQualification.query(on: db).filter(\.$field == DegreeField.socialWork.rawValue)
            .all(\.$worker.$id))
        let posts = try await Post.query(on: db).filter(\.$fundedFrom <= today).all().filter { ($0.fundedTo ?? "9999") >= today }
        let assignments = try await PostAssignment.query(on: db).filter(\.$post.$id ~~ Set(posts.compactMap(\.id))).all()
        let filled = Set(assignments.filter { $0.tenure.isActive(on: today) }.map { $0.$post.id })
        let figures = try await populations()
        let (regions, etraps) = try await units()
        func row(_ unit: Territory, region: Bool) -> WorkforceRow {
            let mine = workers.filter { $0.territoryPath.hasPrefix(unit.path) }
            let myPosts = posts.filter { $0.territoryPath.hasPrefix(unit.path) }
            return WorkforceRow(unit: unit, isRegion: region, workers: mine.count,
                                byType: Dictionary(grouping: mine, by: \.postType).mapValues(\.count),
                                qualified: mine.filter { qualifiedIDs.contains($0.id!) }.count,
                                postsFunded: myPosts.count, postsFilled: myPosts.filter { filled.contains($0.id!) }.count,
                                total: figures[unit.path]?.total, children: figures[unit.path]?.children,
                                populationSource: figures[unit.path].map { "\($0.source), \(DisplayFormat.date(iso: $0.asOf))" })
        }
        var rows: [WorkforceRow] = []
        for region in regions {
            rows.append(row(region, region: true))
            for etrap in etraps where etrap.path.hasPrefix(region.path) {
                let candidate = row(etrap, region: false)
                if candidate.workers > 0 || candidate.postsFunded > 0 || candidate.total != nil { rows.append(candidate) }
            }
        }
        return rows
    }
}

/// A horizontal bar chart laid out on the server: the template only draws the rectangles.
package struct BarChart: Encodable {
    package struct Bar: Encodable {
        package let label: String
        package let value: String
        package let y: Int
        package let width: Int
        package let textY: Int
        package let valueX: Int
    }

    package let id: String
    package let title: String
    package let width: Int
    package let height: Int
    package let labelWidth: Int
    /// Where labels end (they are right-aligned against the bars).
    package let labelX: Int
    package let barHeight: Int
    package let bars: [Bar]

    /// Bars scaled to the largest value; rows without a value are left out (never drawn as 0).
    package init(id: String, title: String, items: [(label: String, value: Double?, display: String)]) {
        let shown = items.compactMap { item in item.value.map { (item.label, $0, item.display) } }
        let maxValue = max(shown.map(\.1).max() ?? 0, 0.0001)
        let labelWidth = 220, barArea = 360, rowHeight = 26, barHeight = 18
        self.id = id
        self.title = title
        self.labelWidth = labelWidth
        self.labelX = labelWidth - 6
        self.barHeight = barHeight
        self.width = labelWidth + barArea + 80
        self.height = max(rowHeight, shown.count * rowHeight) + 10
        self.bars = shown.enumerated().map { index, item in
            let width = Int((item.1 / maxValue * Double(barArea)).rounded())
            return Bar(label: item.0, value: item.2, y: 5 + index * rowHeight, width: width,
                       textY: 5 + index * rowHeight + 14, valueX: labelWidth + width + 6)
        }
    }
}
