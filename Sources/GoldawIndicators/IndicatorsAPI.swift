import Foundation
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// `GET /api/v1/indicators`: the latest snapshot's counts inside the same filters and scope as
/// the page, one item per stored cell, with the totals the page shows.
package enum IndicatorsAPI {
    package static var operations: [APIOperation] {
        [
            APIOperation(method: .GET, path: "/api/v1/indicators", operationID: "getIndicators",
                         summary: "People by territory, sex, age band, functional difficulty and official disability, from the latest snapshot (aggregates only; limited to the caller's scope)",
                         authenticated: true, parameters: [
                            .init(name: "welayat", location: "query", type: "string", required: false, description: "welaýat code, e.g. TM-M"),
                            .init(name: "etrap", location: "query", type: "string", required: false, description: "etrap code, e.g. M-MRY"),
                            .init(name: "sex", location: "query", type: "string", required: false, description: "female | male"),
                            .init(name: "ageBand", location: "query", type: "string", required: false,
                                  description: (IndicatorAgeBand.allCases.map(\.rawValue) + IndicatorAgeGroup.allCases.map(\.rawValue)).joined(separator: " | ")),
                         ], requestSchema: nil, responses: [200: "Indicators", 401: nil, 403: nil, 404: nil, 422: nil], handler: get),
        ]
    }

    package struct Snapshot: Content {
        package let asOf: String
        package let computedAt: Date
        package let people: Int
    }

    package struct Item: Content {
        package let territoryCode: String
        package let territoryPath: String
        package let sex: String
        package let ageBand: String
        package let difficulty: String
        package let officialDisability: Bool
        package let people: Int

        package init(territoryCode: String, territoryPath: String, sex: String, ageBand: String, difficulty: String, officialDisability: Bool, people: Int) {
            self.territoryCode = territoryCode
            self.territoryPath = territoryPath
            self.sex = sex
            self.ageBand = ageBand
            self.difficulty = difficulty
            self.officialDisability = officialDisability
            self.people = people
        }
    }

    package struct Totals: Content {
        package let people: Int
        package let withDifficulty: Int
        package let withoutDifficulty: Int
        package let notAssessed: Int
        package let withDifficultyNoCertificate: Int
        package let certified: Int
    }

    package struct Body: Content {
        package let snapshot: Snapshot?
        package let territoryPath: String?
        package let items: [Item]
        package let totals: Totals
    }

    @Sendable package static func get(req: Request) async throws -> Response {
        let me = try await req.require(.viewIndicators)
        let report = try await IndicatorReport.load(req, user: me, ageParameter: "ageBand")
        guard report.problems.isEmpty else { throw AppError.invalid(report.problems) }
        var all = DifficultyCounts()
        var uncertified = 0, certified = 0
        for cell in report.cells {
            all.add(cell)
            if cell.officialDisability { certified += cell.people }
            else if cell.difficulty == DifficultyCategory.withDifficulty.rawValue { uncertified += cell.people }
        }
        let items = report.cells.sorted { ($0.territoryPath, $0.sex, $0.ageBand, $0.difficulty) < ($1.territoryPath, $1.sex, $1.ageBand, $1.difficulty) }
        return try await RegistryAPI.respond(Body(
            snapshot: report.snapshot.map { Snapshot(asOf: $0.asOf, computedAt: $0.computedAt, people: $0.people) },
            territoryPath: report.root,
            items: items.map { Item(territoryCode: report.code($0.territoryPath), territoryPath: $0.territoryPath, sex: $0.sex, ageBand: $0.ageBand,
                                    difficulty: $0.difficulty, officialDisability: $0.officialDisability, people: $0.people) },
            totals: Totals(people: all.total, withDifficulty: all.with, withoutDifficulty: all.without, notAssessed: all.notAssessed,
                           withDifficultyNoCertificate: uncertified, certified: certified)), .ok, req)
    }

    package static var schemas: [String: Any] {
        let object = OpenAPIDocument.object
        let integer: [String: Any] = ["type": "integer"]
        let string: [String: Any] = ["type": "string"]
        return [
            "Indicators": object([
                "snapshot": ["oneOf": [["type": "null"], object([
                    "asOf": ["type": "string", "format": "date"], "computedAt": ["type": "string", "format": "date-time"],
                    "people": integer,
                ], ["asOf", "computedAt", "people"])], "description": "null until the first refresh"],
                "territoryPath": ["type": ["string", "null"], "description": "the territory the figures cover; null for the whole country"],
                "items": ["type": "array", "items": object([
                    "territoryCode": string, "territoryPath": string, "sex": ["type": "string", "enum": Sex.allCases.map(\.rawValue)],
                    "ageBand": ["type": "string", "enum": IndicatorAgeBand.allCases.map(\.rawValue)],
                    "difficulty": ["type": "string", "enum": DifficultyCategory.allCases.map(\.rawValue)],
                    "officialDisability": ["type": "boolean"], "people": integer,
                ], ["territoryCode", "territoryPath", "sex", "ageBand", "difficulty", "officialDisability", "people"])],
                "totals": object([
                    "people": integer, "withDifficulty": integer, "withoutDifficulty": integer, "notAssessed": integer,
                    "withDifficultyNoCertificate": ["type": "integer", "description": "functional difficulty without a valid disability certificate"],
                    "certified": ["type": "integer", "description": "with a valid disability certificate"],
                ], ["people", "withDifficulty", "withoutDifficulty", "notAssessed", "withDifficultyNoCertificate", "certified"]),
            ], ["items", "totals"]),
        ]
    }
}
