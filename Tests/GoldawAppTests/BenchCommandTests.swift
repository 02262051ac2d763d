import Fluent
import SQLKit
import Testing
import Vapor
import VaporTesting
import GoldawCore
@testable import GoldawApp
@testable import GoldawPlatform
@testable import GoldawRegistry
@testable import GoldawBenefits
@testable import GoldawGrievances
@testable import GoldawSocialServices
@testable import GoldawCases
@testable import GoldawIndicators
@testable import GoldawTools

/// Keeps what a command prints, to check the figures it reports.
final class RecordingConsole: Console, @unchecked Sendable {
    var lines: [String] = []
    var userInfo: [AnySendableHashable: any Sendable] = [:]
    var size: (width: Int, height: Int) { (120, 40) }
    func input(isSecure: Bool) -> String { "" }
    func output(_ text: ConsoleText, newLine: Bool) { lines.append(text.description) }
    func clear(_ type: ConsoleClear) {}
    func report(error: String, newLine: Bool) { lines.append(error) }
}

/// The benchmark commands measure real work: they must do the same work as the floor they
/// are compared with. Timings are printed, never asserted.
@Suite("Benchmark commands") struct BenchCommandTests {
    @Test func nationalPayrollComputesEveryWelayatAndMatchesTheFloor() async throws {
        try await withTestApp { app in
            try await PopulationLoader(db: app.db, today: .today).load(people: 6_000, seed: 3, batchHouseholds: 500)
            let enrolled = try await BenefitEnrolment.query(on: app.db).filter(\.$programme == Programme.childCare.rawValue).count()
            let console = RecordingConsole()
            try await PayrollBench(app: app, console: console).run(beneficiaries: 0, seed: 1, national: true)
            let report = console.lines.joined(separator: "\n")
            #expect(report.contains("\(enrolled) enrolled children"))
            #expect(report.contains("7 welaýat cycles"))
            #expect(report.contains("ratio to floor"))
            #expect(!report.contains("WARNING"), "\(report)")
            // Every cycle and line it made is gone afterwards, so it can run again on real data.
            #expect(try await PayrollCycle.query(on: app.db).count() == 0)
            #expect(try await PayrollLine.query(on: app.db).count() == 0)
        }
    }

    @Test func indicatorBenchCountsEveryoneAndReadsTheSnapshot() async throws {
        try await withTestApp { app in
            let loaded = try await PopulationLoader(db: app.db, today: .today).load(people: 3_000, seed: 4, batchHouseholds: 500)
            let console = RecordingConsole()
            try await IndicatorBench(app: app, console: console).run()
            let report = console.lines.joined(separator: "\n")
            let dead = try await Person.query(on: app.db).filter(\.$deathDate != nil).count()
            #expect(report.contains("\(loaded.people - dead) people counted"), "\(report)")
            #expect(report.contains("(d) the same read SQL sent directly"))
        }
    }
}
