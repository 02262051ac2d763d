import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// A round's results: who answered and who did not, the gaps in the answers, totals per
/// question, and the coverage of the directory by etrap (services per 10,000 children and the
/// etraps without a service of each type), on the page and as CSV.
package enum InventoryResultsPage {
    package struct Named: Encodable { package let name: String; package let href: String? }
    package struct QuestionSummary: Encodable { package let prompt: String; package let kind: String; package let answered: Int; package let missingRequired: Int; package let summary: String }
    package struct Cell: Encodable { package let count: Int; package let zero: Bool }
    package struct CoverageRow: Encodable {
        package let region: String
        package let name: String
        package let children: String
        package let services: Int
        package let ratio: String
        package let cells: [Cell]
    }
    package struct Gap: Encodable { package let type: String; package let count: Int; package let etraps: String }
    package struct Content: Encodable {
        package let title: String
        package let status: String
        package let invited: Int
        package let answered: Int
        package let approved: Int
        package let missing: [Named]
        package let questions: [QuestionSummary]
        package let types: [String]
        package let coverage: [CoverageRow]
        package let gaps: [Gap]
        package let childrenKnown: Int
        package let csvHref: String
        package let responsesCSVHref: String
        package let backHref: String

        package init(title: String, status: String, invited: Int, answered: Int, approved: Int, missing: [Named], questions: [QuestionSummary], types: [String], coverage: [CoverageRow], gaps: [Gap], childrenKnown: Int, csvHref: String, responsesCSVHref: String, backHref: String) {
            self.title = title
            self.status = status
            self.invited = invited
            self.answered = answered
            self.approved = approved
            self.missing = missing
            self.questions = questions
            self.types = types
            self.coverage = coverage
            self.gaps = gaps
            self.childrenKnown = childrenKnown
            self.csvHref = csvHref
            self.responsesCSVHref = responsesCSVHref
            self.backHref = backHref
        }
    }

    package struct Data {
        package let round: InventoryRound
        package let providers: [Provider]
        package let names: [UUID: String]
        package let responses: [InventoryResponse]
        package let questions: [InventoryQuestion]
        package let answers: [InventoryAnswer]
        package let types: [ServiceTypeRow]
        package let coverage: [ServiceFigures.CoverageRow]

        package init(round: InventoryRound, providers: [Provider], names: [UUID: String], responses: [InventoryResponse], questions: [InventoryQuestion], answers: [InventoryAnswer], types: [ServiceTypeRow], coverage: [ServiceFigures.CoverageRow]) {
            self.round = round
            self.providers = providers
            self.names = names
            self.responses = responses
            self.questions = questions
            self.answers = answers
            self.types = types
            self.coverage = coverage
        }
    }

    package static func load(_ req: Request) async throws -> Data {
        try await req.require(.manageInventory)
        let round = try await InventoryController.loadRound(req)
        let id = try round.requireID()
        let providers = try await Provider.query(on: req.db).filter(\.$active == true).all()
        let responses = try await InventoryResponse.query(on: req.db).filter(\.$round.$id == id).all()
        let ids = Set(providers.compactMap(\.id)).union(responses.map { $0.$provider.id })
        let names = Dictionary(uniqueKeysWithValues: try await Organisation.query(on: req.db).filter(\.$id ~~ ids).all().map { ($0.id!, $0.name) })
        let questions = try await req.inventory.questions(round)
        let answers = responses.isEmpty ? [] : try await InventoryAnswer.query(on: req.db).filter(\.$response.$id ~~ Set(responses.compactMap(\.id))).all()
        let (types, coverage) = try await ServiceFigures(db: req.reportDB).coverage()
        return Data(round: round, providers: providers, names: names, responses: responses, questions: questions, answers: answers,
                    types: types, coverage: coverage)
    }

    @Sendable package static func results(req: Request) async throws -> Response {
        let data = try await load(req)
        let id = try data.round.requireID()
        let answeredIDs = Set(data.responses.map { $0.$provider.id })
        let missing = data.providers.filter { !answeredIDs.contains($0.id!) }
            .map { Named(name: data.names[$0.id!] ?? "", href: data.round.statusValue == .open ? AppRoute.inventoryAnswer(id, $0.id!).path : nil) }
            .sorted { $0.name < $1.name }
        let byQuestion = Dictionary(grouping: data.answers, by: { $0.$question.id })
        let questions = data.questions.map { question -> QuestionSummary in
            let answers = byQuestion[question.id!] ?? []
            let responders = Set(answers.map { $0.$response.id })
            var summary = ""
            switch question.kindValue {
            case .number, .territoryGrid:
                summary = req.t("inventory.results.sum", ["sum": String(answers.compactMap { Int($0.value) }.reduce(0, +))])
            case .choice:
                let counts = Dictionary(grouping: answers, by: \.value).mapValues(\.count)
                summary = question.choiceList.map { "\($0): \(counts[$0] ?? 0)" }.joined(separator: " · ")
            case .text:
                summary = ""
            }
            return QuestionSummary(prompt: question.prompt, kind: req.t("inventory.kind.\(question.kind)"), answered: responders.count,
                                   missingRequired: question.required ? data.responses.count - responders.count : 0, summary: summary)
        }
        let coverage = data.coverage.map { row in
            CoverageRow(region: row.region?.name(req.locale) ?? "", name: row.unit.name(req.locale),
                        children: row.children.map(String.init) ?? "—", services: row.services,
                        ratio: Ratio.display(row.perTenThousandChildren),
                        cells: data.types.map { Cell(count: row.counts[$0.id!] ?? 0, zero: (row.counts[$0.id!] ?? 0) == 0) })
        }
        let gaps = data.types.map { type in
            let without = data.coverage.filter { ($0.counts[type.id!] ?? 0) == 0 }
            return Gap(type: type.name(req.locale), count: without.count, etraps: without.map { $0.unit.name(req.locale) }.joined(separator: ", "))
        }
        return try await req.page("services/results", titleKey: "inventory.results.title", titleArguments: ["title": data.round.title], Content(
            title: data.round.title, status: req.t("inventory.status.\(data.round.status)"), invited: data.providers.count,
            answered: data.responses.count, approved: data.responses.filter { $0.status == ResponseStatus.approved.rawValue }.count,
            missing: missing, questions: questions, types: data.types.map { $0.name(req.locale) }, coverage: coverage, gaps: gaps,
            childrenKnown: data.coverage.filter { $0.children != nil }.count,
            csvHref: AppRoute.inventoryResultsCSV(id).path, responsesCSVHref: AppRoute.inventoryResultsCSV(id).path + "?part=responses",
            backHref: AppRoute.inventoryRound(id).path))
    }

    /// `part=responses`: one line per provider and answer; otherwise the coverage table.
    @Sendable package static func csv(req: Request) async throws -> Response {
        let data = try await load(req)
        var rows: [[String]]
        let part = ServicesView.query(req, "part")
        if part == "responses" {
            rows = [["provider", "status", "submitted_at", "question", "kind", "territory_code", "value"]]
            let questions = Dictionary(uniqueKeysWithValues: data.questions.map { ($0.id!, $0) })
            let byResponse = Dictionary(grouping: data.answers, by: { $0.$response.id })
            for provider in data.providers.sorted(by: { (data.names[$0.id!] ?? "") < (data.names[$1.id!] ?? "") }) {
                guard let response = data.responses.first(where: { $0.$provider.id == provider.id }) else {
                    rows.append([data.names[provider.id!] ?? "", "not_answered", "", "", "", "", ""]); continue
                }
                for answer in byResponse[response.id!] ?? [] {
                    let question = questions[answer.$question.id]
                    rows.append([data.names[provider.id!] ?? "", response.status, ISO8601DateFormatter().string(from: response.submittedAt),
                                 question?.prompt ?? "", question?.kind ?? "", answer.territoryCode ?? "", answer.value])
                }
            }
        } else {
            rows = [["welayat", "etrap_code", "etrap", "children", "services", "services_per_10000_children"] + data.types.map { $0.id! }]
            for row in data.coverage {
                rows.append([row.region?.nameTk ?? "", row.unit.code, row.unit.nameTk, row.children.map(String.init) ?? "", String(row.services),
                             row.perTenThousandChildren.map { String(format: "%.2f", $0) } ?? ""] + data.types.map { String(row.counts[$0.id!] ?? 0) })
            }
        }
        try await req.audit.record(.inventoryExported, recordType: "inventory_round", recordID: data.round.id!.uuidString,
                                   detail: part == "responses" ? "responses" : "coverage")
        return ServicesView.csv(rows, filename: "inventory-\(part == "responses" ? "responses" : "coverage")-\(CalendarDate.today.iso).csv")
    }
}
