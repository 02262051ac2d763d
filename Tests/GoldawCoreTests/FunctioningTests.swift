import Foundation
import Testing
@testable import GoldawCore

/// The WG-SS and CFM cut-offs of reference domain.md §4, table by table.
@Suite("Functioning") struct FunctioningTests {
    // MARK: - Helpers

    /// Answers with no difficulty in any domain, taking the "no glasses, no hearing aid, no
    /// walking equipment" branches: every domain false, overall false.
    static func noDifficulty(_ instrument: FunctioningInstrument) -> [String: Int] {
        switch instrument {
        case .wgss:
            ["WG1": 1, "WG2": 1, "WG3": 1, "WG4": 1, "WG5": 1, "WG6": 1]
        case .cfm2to4:
            ["CF1": 2, "CF3": 1, "CF4": 2, "CF6": 1, "CF7": 2, "CF10": 1, "CF11": 1, "CF12": 1, "CF13": 1,
             "CF14": 1, "CF15": 1, "CF16": 3]
        case .cfm5to17:
            ["CF1": 2, "CF3": 1, "CF4": 2, "CF6": 1, "CF7": 2, "CF12": 1, "CF13": 1, "CF14": 1, "CF15": 1,
             "CF16": 1, "CF17": 1, "CF18": 1, "CF19": 1, "CF20": 1, "CF21": 1, "CF22": 1, "CF23": 5, "CF24": 5]
        }
    }

    /// The baseline with the given domain's questions removed and `answers` put in.
    static func answers(_ instrument: FunctioningInstrument, replacing domain: FunctioningDomain,
                        with answers: [String: Int]) -> [String: Int] {
        let ids = Set(FunctioningRules.questions(for: instrument).filter { $0.domain == domain }.map(\.id))
        return noDifficulty(instrument).filter { !ids.contains($0.key) }.merging(answers) { $1 }
    }

    static func result(_ instrument: FunctioningInstrument, _ answers: [String: Int],
                       _ domain: FunctioningDomain) throws -> FunctioningResult.DomainResult {
        try #require(FunctioningRules.evaluate(instrument, answers: answers).domains.first { $0.domain == domain })
    }

    // MARK: - Instruments and questions

    @Test(arguments: [(-1, nil), (0, nil), (1, nil), (2, FunctioningInstrument.cfm2to4), (4, .cfm2to4),
                      (5, .cfm5to17), (17, .cfm5to17), (18, .wgss), (64, .wgss), (101, .wgss)])
    func instrumentForAge(years: Int, instrument: FunctioningInstrument?) {
        #expect(FunctioningInstrument.forAge(years) == instrument)
    }

    @Test(arguments: [(FunctioningInstrument.wgss, 6, "wg-ss-2020.1"), (.cfm2to4, 16, "cfm-2-4-2016.1"),
                      (.cfm5to17, 24, "cfm-5-17-2016.1")])
    func questionSets(instrument: FunctioningInstrument, count: Int, version: String) {
        let questions = FunctioningRules.questions(for: instrument)
        #expect(questions.count == count)
        #expect(FunctioningRules.ruleVersion(for: instrument) == version)
        #expect(FunctioningRules.evaluate(instrument, answers: [:]).ruleVersion == version)
        let prefix = instrument == .wgss ? "WG" : "CF"
        #expect(questions.map(\.id) == (1...count).map { "\(prefix)\($0)" })
        for (index, question) in questions.enumerated() {
            #expect(question.labelKey == "functioning.q.\(instrument.rawValue).\(question.id)")
            // Skip conditions point at an earlier question, so one pass settles them.
            if let condition = question.askedWhen {
                let gate = questions.firstIndex { $0.id == condition.questionID }
                #expect(gate != nil && gate! < index)
            }
        }
        // Every domain asked is reported, in questionnaire order.
        var order: [FunctioningDomain] = []
        for question in questions where !order.contains(question.domain) { order.append(question.domain) }
        #expect(FunctioningRules.domains(for: instrument) == order)
        #expect(FunctioningRules.evaluate(instrument, answers: [:]).domains.map(\.domain) == order)
    }

    @Test func domainsPerInstrument() {
        #expect(FunctioningRules.domains(for: .wgss) == [.seeing, .hearing, .walking, .cognition, .selfCare, .communication])
        #expect(FunctioningRules.domains(for: .cfm2to4) == [.seeing, .hearing, .walking, .fineMotor, .communication,
                                                            .learning, .playing, .behaviour])
        #expect(FunctioningRules.domains(for: .cfm5to17) == [.seeing, .hearing, .walking, .selfCare, .communication,
                                                             .learning, .remembering, .concentrating, .acceptingChange,
                                                             .behaviour, .makingFriends, .anxiety, .depression])
    }

    @Test(arguments: [(AnswerScale.difficulty, 1...4), (.difficultyFromSome, 2...4), (.yesNo, 1...2),
                      (.comparison, 1...5), (.frequency, 1...5)])
    func scales(scale: AnswerScale, codes: ClosedRange<Int>) {
        #expect(scale.codes == codes)
        #expect(!codes.contains(FunctioningRules.missingCode))
    }

    @Test func scalesOfTheSpecialQuestions() {
        let twoToFour = Dictionary(uniqueKeysWithValues: FunctioningRules.questions(for: .cfm2to4).map { ($0.id, $0.scale) })
        #expect(twoToFour["CF1"] == .yesNo && twoToFour["CF4"] == .yesNo && twoToFour["CF7"] == .yesNo)
        #expect(twoToFour["CF8"] == .difficultyFromSome && twoToFour["CF9"] == .difficulty)
        #expect(twoToFour["CF16"] == .comparison)
        let fiveToSeventeen = Dictionary(uniqueKeysWithValues: FunctioningRules.questions(for: .cfm5to17).map { ($0.id, $0.scale) })
        #expect(fiveToSeventeen["CF8"] == .difficultyFromSome && fiveToSeventeen["CF9"] == .difficultyFromSome)
        #expect(fiveToSeventeen["CF10"] == .difficulty && fiveToSeventeen["CF13"] == .difficulty)
        #expect(fiveToSeventeen["CF23"] == .frequency && fiveToSeventeen["CF24"] == .frequency)
        #expect(FunctioningRules.questions(for: .wgss).allSatisfy { $0.scale == .difficulty && $0.askedWhen == nil })
    }

    // MARK: - Cut-offs, one question at a time

    @Test(arguments: FunctioningInstrument.allCases)
    func noDifficultyAnywhere(instrument: FunctioningInstrument) {
        let answers = Self.noDifficulty(instrument)
        #expect(FunctioningRules.validate(instrument, answers: answers).isEmpty)
        let result = FunctioningRules.evaluate(instrument, answers: answers)
        #expect(result.instrument == instrument)
        #expect(result.domains.allSatisfy { $0.difficulty == false && $0.decidingQuestion != nil })
        #expect(result.hasFunctionalDifficulty == false)
    }

    /// (instrument, question, domain, code → difficulty) for every domain decided by one answer.
    static let cutoffs: [(FunctioningInstrument, String, FunctioningDomain, [Int: Bool])] = {
        let aLot: [Int: Bool] = [1: false, 2: false, 3: true, 4: true]
        let aLotMore: [Int: Bool] = [1: false, 2: false, 3: false, 4: false, 5: true]
        let daily: [Int: Bool] = [1: true, 2: false, 3: false, 4: false, 5: false]
        return [
            // WG-SS: any domain "a lot of difficulty" or "cannot do at all".
            (.wgss, "WG1", .seeing, aLot), (.wgss, "WG2", .hearing, aLot), (.wgss, "WG3", .walking, aLot),
            (.wgss, "WG4", .cognition, aLot), (.wgss, "WG5", .selfCare, aLot), (.wgss, "WG6", .communication, aLot),
            // CFM 2–4 (seeing, hearing, walking on the no-glasses/no-aid/no-equipment branch).
            (.cfm2to4, "CF3", .seeing, aLot), (.cfm2to4, "CF6", .hearing, aLot), (.cfm2to4, "CF10", .walking, aLot),
            (.cfm2to4, "CF11", .fineMotor, aLot), (.cfm2to4, "CF12", .communication, aLot),
            (.cfm2to4, "CF13", .communication, aLot), (.cfm2to4, "CF14", .learning, aLot),
            (.cfm2to4, "CF15", .playing, aLot),
            // Behaviour 2–4: only "a lot more" kicking, biting or hitting than children of the same age.
            (.cfm2to4, "CF16", .behaviour, aLotMore),
            // CFM 5–17.
            (.cfm5to17, "CF3", .seeing, aLot), (.cfm5to17, "CF6", .hearing, aLot), (.cfm5to17, "CF14", .selfCare, aLot),
            (.cfm5to17, "CF15", .communication, aLot), (.cfm5to17, "CF16", .communication, aLot),
            (.cfm5to17, "CF17", .learning, aLot), (.cfm5to17, "CF18", .remembering, aLot),
            (.cfm5to17, "CF19", .concentrating, aLot), (.cfm5to17, "CF20", .acceptingChange, aLot),
            (.cfm5to17, "CF21", .behaviour, aLot), (.cfm5to17, "CF22", .makingFriends, aLot),
            // Anxiety and depression: only "daily".
            (.cfm5to17, "CF23", .anxiety, daily), (.cfm5to17, "CF24", .depression, daily),
        ]
    }()

    @Test(arguments: cutoffs)
    func cutoff(instrument: FunctioningInstrument, question: String, domain: FunctioningDomain, table: [Int: Bool]) throws {
        let scale = try #require(FunctioningRules.questions(for: instrument).first { $0.id == question }).scale
        #expect(Set(table.keys) == Set(scale.codes), "the table covers every code of \(question)")
        for (code, expected) in table.sorted(by: { $0.key < $1.key }) {
            var answers = Self.noDifficulty(instrument)
            answers[question] = code
            #expect(FunctioningRules.validate(instrument, answers: answers).isEmpty)
            let result = FunctioningRules.evaluate(instrument, answers: answers)
            let row = try #require(result.domains.first { $0.domain == domain })
            #expect(row.difficulty == expected, "\(question) = \(code)")
            if expected {
                #expect(row.decidingQuestion == question && row.decidingAnswer == code)
            }
            #expect(result.hasFunctionalDifficulty == expected, "\(question) = \(code)")
            #expect(result.domains.filter { $0.difficulty == true }.count == (expected ? 1 : 0))
        }
    }

    // MARK: - Glasses and hearing aids

    /// (instrument, domain, answers of that domain, difficulty, deciding question, questions not asked)
    static let aidBranches: [(FunctioningInstrument, FunctioningDomain, [String: Int], Bool?, String?, [String])] = {
        var rows: [(FunctioningInstrument, FunctioningDomain, [String: Int], Bool?, String?, [String])] = []
        for instrument in [FunctioningInstrument.cfm2to4, .cfm5to17] {
            for (domain, gate, with, without) in [(FunctioningDomain.seeing, "CF1", "CF2", "CF3"), (.hearing, "CF4", "CF5", "CF6")] {
                rows += [
                    // Wears glasses / uses a hearing aid: the "with" question decides.
                    (instrument, domain, [gate: 1, with: 1], false, with, []),
                    (instrument, domain, [gate: 1, with: 2], false, with, []),
                    (instrument, domain, [gate: 1, with: 3], true, with, []),
                    (instrument, domain, [gate: 1, with: 4], true, with, []),
                    (instrument, domain, [gate: 1], nil, nil, []),
                    (instrument, domain, [gate: 1, with: 9], nil, nil, []),
                    // The "without" question is not asked then and is ignored.
                    (instrument, domain, [gate: 1, with: 2, without: 4], false, with, [without]),
                    // No glasses / no aid: the "without" question decides.
                    (instrument, domain, [gate: 2, without: 2], false, without, []),
                    (instrument, domain, [gate: 2, without: 3], true, without, []),
                    (instrument, domain, [gate: 2, without: 4], true, without, []),
                    (instrument, domain, [gate: 2, with: 4, without: 1], false, without, [with]),
                    // Gate missing (or "don't know"): neither follow-up is asked; the domain is missing.
                    (instrument, domain, [without: 4], nil, nil, [without]),
                    (instrument, domain, [gate: 9, with: 4], nil, nil, [with]),
                ]
            }
        }
        return rows
    }()

    @Test(arguments: aidBranches)
    func aidBranch(instrument: FunctioningInstrument, domain: FunctioningDomain, given: [String: Int],
                   difficulty: Bool?, deciding: String?, notAsked: [String]) throws {
        let answers = Self.answers(instrument, replacing: domain, with: given)
        let row = try Self.result(instrument, answers, domain)
        #expect(row.difficulty == difficulty)
        #expect(row.decidingQuestion == deciding)
        #expect(row.decidingAnswer == deciding.flatMap { given[$0] })
        #expect(FunctioningRules.validate(instrument, answers: answers) == notAsked.map { .init(questionID: $0, kind: .notAsked) })
    }

    // MARK: - Walking

    /// CFM 2–4, reference line 301: equipment users (CF7 = 1) by CF8, without equipment
    /// (some / a lot / cannot); CF9 (with equipment) is asked but not used; non-users by CF10.
    static let walking2to4: [([String: Int], Bool?, String?, [AnswerProblem])] = [
        (["CF7": 1, "CF8": 2, "CF9": 1], false, "CF8", []),
        (["CF7": 1, "CF8": 3, "CF9": 1], true, "CF8", []),
        (["CF7": 1, "CF8": 4, "CF9": 2], true, "CF8", []),
        (["CF7": 1, "CF8": 2, "CF9": 4], false, "CF8", []),   // CF9 does not count
        (["CF7": 1, "CF8": 2], false, "CF8", []),              // CF9 missing does not matter
        (["CF7": 1, "CF9": 4], nil, nil, []),                  // CF8 missing
        (["CF7": 1, "CF8": 9, "CF9": 1], nil, nil, []),
        (["CF7": 1, "CF8": 1, "CF9": 1], nil, nil, [.init(questionID: "CF8", kind: .outOfScale)]),
        (["CF7": 1, "CF8": 2, "CF9": 1, "CF10": 4], false, "CF8", [.init(questionID: "CF10", kind: .notAsked)]),
        (["CF7": 2, "CF10": 1], false, "CF10", []),
        (["CF7": 2, "CF10": 2], false, "CF10", []),
        (["CF7": 2, "CF10": 3], true, "CF10", []),
        (["CF7": 2, "CF10": 4], true, "CF10", []),
        (["CF7": 2], nil, nil, []),
        (["CF7": 2, "CF8": 4, "CF9": 4, "CF10": 1], false, "CF10",
         [.init(questionID: "CF8", kind: .notAsked), .init(questionID: "CF9", kind: .notAsked)]),
        ([:], nil, nil, []),
        (["CF10": 4], nil, nil, [.init(questionID: "CF10", kind: .notAsked)]),
        (["CF7": 3, "CF10": 4], nil, nil, [.init(questionID: "CF7", kind: .outOfScale), .init(questionID: "CF10", kind: .notAsked)]),
    ]

    @Test(arguments: walking2to4)
    func walkingTwoToFour(given: [String: Int], difficulty: Bool?, deciding: String?, problems: [AnswerProblem]) throws {
        let answers = Self.answers(.cfm2to4, replacing: .walking, with: given)
        let row = try Self.result(.cfm2to4, answers, .walking)
        #expect(row.difficulty == difficulty)
        #expect(row.decidingQuestion == deciding)
        #expect(row.decidingAnswer == deciding.flatMap { given[$0] })
        #expect(FunctioningRules.validate(.cfm2to4, answers: answers) == problems)
    }

    /// CFM 5–17: users by CF8 (100 m without equipment), or CF9 (500 m) when CF8 = "some";
    /// non-users by CF12 (100 m), or CF13 (500 m) when CF12 = "no" or "some"; CF10/CF11 unused.
    static let walking5to17: [([String: Int], Bool?, String?, [AnswerProblem])] = [
        // Equipment users.
        (["CF7": 1, "CF8": 3, "CF10": 1, "CF11": 1], true, "CF8", []),
        (["CF7": 1, "CF8": 4, "CF10": 3], true, "CF8", []),
        (["CF7": 1, "CF8": 2, "CF9": 2, "CF10": 1, "CF11": 1], false, "CF9", []),
        (["CF7": 1, "CF8": 2, "CF9": 3, "CF10": 1, "CF11": 1], true, "CF9", []),
        (["CF7": 1, "CF8": 2, "CF9": 4, "CF10": 2, "CF11": 2], true, "CF9", []),
        (["CF7": 1, "CF8": 2, "CF10": 1, "CF11": 1], nil, nil, []),                         // CF9 missing
        (["CF7": 1, "CF8": 2, "CF9": 9, "CF10": 1, "CF11": 1], nil, nil, []),
        (["CF7": 1, "CF10": 1, "CF11": 1], nil, nil, []),                                   // CF8 missing
        (["CF7": 1, "CF8": 2, "CF9": 2, "CF10": 4, "CF11": 4], false, "CF9",                // CF10/CF11 unused
         [.init(questionID: "CF11", kind: .notAsked)]),
        (["CF7": 1, "CF8": 2, "CF9": 2, "CF10": 3], false, "CF9", []),
        (["CF7": 1, "CF8": 3, "CF9": 2, "CF10": 1], true, "CF8", [.init(questionID: "CF9", kind: .notAsked)]),
        (["CF7": 1, "CF8": 2, "CF9": 1], nil, nil, [.init(questionID: "CF9", kind: .outOfScale)]),
        (["CF7": 1, "CF8": 1], nil, nil, [.init(questionID: "CF8", kind: .outOfScale)]),
        (["CF7": 1, "CF8": 2, "CF9": 2, "CF10": 1, "CF11": 1, "CF12": 4], false, "CF9", [.init(questionID: "CF12", kind: .notAsked)]),
        // Non-users.
        (["CF7": 2, "CF12": 3], true, "CF12", []),
        (["CF7": 2, "CF12": 4], true, "CF12", []),
        (["CF7": 2, "CF12": 1, "CF13": 1], false, "CF13", []),
        (["CF7": 2, "CF12": 1, "CF13": 2], false, "CF13", []),
        (["CF7": 2, "CF12": 2, "CF13": 2], false, "CF13", []),
        (["CF7": 2, "CF12": 1, "CF13": 3], true, "CF13", []),
        (["CF7": 2, "CF12": 2, "CF13": 4], true, "CF13", []),
        (["CF7": 2, "CF12": 2], nil, nil, []),                                              // CF13 missing
        (["CF7": 2, "CF12": 1, "CF13": 9], nil, nil, []),
        (["CF7": 2, "CF13": 4], nil, nil, [.init(questionID: "CF13", kind: .notAsked)]),    // CF12 missing
        (["CF7": 2, "CF12": 3, "CF13": 4], true, "CF12", [.init(questionID: "CF13", kind: .notAsked)]),
        (["CF7": 2, "CF8": 4, "CF12": 1, "CF13": 1], false, "CF13", [.init(questionID: "CF8", kind: .notAsked)]),
        // Equipment question missing.
        ([:], nil, nil, []),
        (["CF7": 9, "CF12": 4], nil, nil, [.init(questionID: "CF12", kind: .notAsked)]),
    ]

    @Test(arguments: walking5to17)
    func walkingFiveToSeventeen(given: [String: Int], difficulty: Bool?, deciding: String?, problems: [AnswerProblem]) throws {
        let answers = Self.answers(.cfm5to17, replacing: .walking, with: given)
        let row = try Self.result(.cfm5to17, answers, .walking)
        #expect(row.difficulty == difficulty)
        #expect(row.decidingQuestion == deciding)
        #expect(row.decidingAnswer == deciding.flatMap { given[$0] })
        #expect(FunctioningRules.validate(.cfm5to17, answers: answers) == problems)
    }

    // MARK: - Communication: either item

    /// (first item, second item, difficulty, deciding item index) for CF12/CF13 (2–4) and CF15/CF16 (5–17).
    /// When both are below the cut-off, the more severe answer explains the result.
    static let communication: [(Int?, Int?, Bool?, Int?)] = [
        (1, 1, false, 0), (2, 1, false, 0), (1, 2, false, 1), (2, 2, false, 0),
        (3, 1, true, 0), (1, 4, true, 1), (3, 4, true, 0), (4, 3, true, 0),
        (nil, 1, nil, nil), (2, nil, nil, nil), (nil, 3, true, 1), (4, nil, true, 0), (9, 2, nil, nil), (9, 4, true, 1),
        (nil, nil, nil, nil),
    ]

    @Test(arguments: communication)
    func communicationEitherItem(first: Int?, second: Int?, difficulty: Bool?, deciding: Int?) throws {
        for (instrument, items) in [(FunctioningInstrument.cfm2to4, ["CF12", "CF13"]), (.cfm5to17, ["CF15", "CF16"])] {
            var given: [String: Int] = [:]
            given[items[0]] = first
            given[items[1]] = second
            let row = try Self.result(instrument, Self.answers(instrument, replacing: .communication, with: given), .communication)
            #expect(row.difficulty == difficulty)
            #expect(row.decidingQuestion == deciding.map { items[$0] })
            #expect(row.decidingAnswer == deciding.map { [first, second][$0]! })
        }
    }

    // MARK: - Missing answers

    @Test(arguments: FunctioningInstrument.allCases)
    func missingHandling(instrument: FunctioningInstrument) throws {
        let questions = FunctioningRules.questions(for: instrument)
        // Nothing answered: every domain missing, overall missing.
        let empty = FunctioningRules.evaluate(instrument, answers: [:])
        #expect(empty.domains.allSatisfy { $0.difficulty == nil && $0.decidingQuestion == nil && $0.decidingAnswer == nil })
        #expect(empty.hasFunctionalDifficulty == nil)

        // One domain missing, the rest without difficulty: overall missing (cannot be ruled out).
        let lastDomain = try #require(FunctioningRules.domains(for: instrument).last)
        var oneMissing = Self.noDifficulty(instrument)
        for question in questions where question.domain == lastDomain { oneMissing[question.id] = nil }
        let missing = FunctioningRules.evaluate(instrument, answers: oneMissing)
        #expect(missing.domains.filter { $0.difficulty == nil }.map(\.domain) == [lastDomain])
        #expect(missing.hasFunctionalDifficulty == nil)

        // Answered "don't know" (9) is the same as not answered, and is not a problem.
        var dontKnow = Self.noDifficulty(instrument)
        for question in questions where question.domain == lastDomain && dontKnow[question.id] != nil { dontKnow[question.id] = 9 }
        #expect(FunctioningRules.validate(instrument, answers: dontKnow).isEmpty)
        #expect(FunctioningRules.evaluate(instrument, answers: dontKnow) == missing)

        // One domain missing and another with difficulty: overall true.
        let firstDomain = try #require(FunctioningRules.domains(for: instrument).first)
        #expect(firstDomain == .seeing)
        var withDifficulty = oneMissing
        withDifficulty[instrument == .wgss ? "WG1" : "CF3"] = 4
        let yes = FunctioningRules.evaluate(instrument, answers: withDifficulty)
        #expect(yes.domains.first?.difficulty == true)
        #expect(yes.domains.last?.difficulty == nil)
        #expect(yes.hasFunctionalDifficulty == true)
    }

    @Test func onlyOneAnswerWithDifficultyIsEnough() {
        let result = FunctioningRules.evaluate(.cfm5to17, answers: ["CF23": 1])
        #expect(result.hasFunctionalDifficulty == true)
        #expect(result.domains.filter { $0.difficulty != nil }.map(\.domain) == [.anxiety])
    }

    // MARK: - Validation

    /// (instrument, answers, problems in questionnaire order, unknown ids last and sorted)
    static let validation: [(FunctioningInstrument, [String: Int], [AnswerProblem])] = [
        (.wgss, ["WG1": 1], []),
        (.wgss, ["WG1": 9, "WG2": 9], []),
        (.wgss, ["WG7": 1], [.init(questionID: "WG7", kind: .unknownQuestion)]),
        (.wgss, ["wg1": 1], [.init(questionID: "wg1", kind: .unknownQuestion)]),
        (.wgss, ["CF1": 1], [.init(questionID: "CF1", kind: .unknownQuestion)]),
        (.wgss, ["WG1": 0], [.init(questionID: "WG1", kind: .outOfScale)]),
        (.wgss, ["WG1": 5], [.init(questionID: "WG1", kind: .outOfScale)]),
        (.wgss, ["WG3": -1], [.init(questionID: "WG3", kind: .outOfScale)]),
        (.wgss, ["WG6": 8], [.init(questionID: "WG6", kind: .outOfScale)]),
        (.cfm2to4, ["CF1": 3], [.init(questionID: "CF1", kind: .outOfScale)]),
        (.cfm2to4, ["CF16": 5], []),
        (.cfm2to4, ["CF16": 6], [.init(questionID: "CF16", kind: .outOfScale)]),
        (.cfm2to4, ["CF17": 1], [.init(questionID: "CF17", kind: .unknownQuestion)]),
        (.cfm2to4, ["CF2": 3], [.init(questionID: "CF2", kind: .notAsked)]),
        (.cfm2to4, ["CF2": 9], []),   // "don't know" to a question not asked is no answer at all
        (.cfm2to4, ["CF1": 2, "CF2": 3], [.init(questionID: "CF2", kind: .notAsked)]),
        (.cfm2to4, ["CF4": 1, "CF6": 1], [.init(questionID: "CF6", kind: .notAsked)]),
        (.cfm2to4, ["ZZ": 1, "CF3": 1, "CF16": 7, "AA": 2],
         [.init(questionID: "CF3", kind: .notAsked), .init(questionID: "CF16", kind: .outOfScale),
          .init(questionID: "AA", kind: .unknownQuestion), .init(questionID: "ZZ", kind: .unknownQuestion)]),
        (.cfm5to17, ["CF23": 6], [.init(questionID: "CF23", kind: .outOfScale)]),
        (.cfm5to17, ["CF24": 0], [.init(questionID: "CF24", kind: .outOfScale)]),
        (.cfm5to17, ["CF25": 1], [.init(questionID: "CF25", kind: .unknownQuestion)]),
        (.cfm5to17, ["CF7": 1, "CF8": 3, "CF9": 2], [.init(questionID: "CF9", kind: .notAsked)]),
        (.cfm5to17, ["CF7": 1, "CF8": 2, "CF9": 1], [.init(questionID: "CF9", kind: .outOfScale)]),
        // An out-of-scale gate asks nothing that depends on it.
        (.cfm5to17, ["CF1": 0, "CF2": 1], [.init(questionID: "CF1", kind: .outOfScale), .init(questionID: "CF2", kind: .notAsked)]),
    ]

    @Test(arguments: validation)
    func validate(instrument: FunctioningInstrument, answers: [String: Int], problems: [AnswerProblem]) {
        #expect(FunctioningRules.validate(instrument, answers: answers) == problems)
        // Evaluation never fails on bad answers: it ignores them.
        _ = FunctioningRules.evaluate(instrument, answers: answers)
    }

    @Test func problemKindsHaveStableNames() {
        #expect(AnswerProblem.Kind.unknownQuestion.rawValue == "unknown_question")
        #expect(AnswerProblem.Kind.outOfScale.rawValue == "out_of_scale")
        #expect(AnswerProblem.Kind.notAsked.rawValue == "not_asked")
    }

    @Test func ignoredAnswersDoNotChangeTheResult() {
        // CF3 given while wearing glasses (CF1 = 1) must not make seeing true.
        let answers = Self.answers(.cfm5to17, replacing: .seeing, with: ["CF1": 1, "CF2": 1, "CF3": 4])
        let result = FunctioningRules.evaluate(.cfm5to17, answers: answers)
        #expect(result.hasFunctionalDifficulty == false)
        // Unknown ids and out-of-scale codes are ignored too.
        var noisy = Self.noDifficulty(.wgss)
        noisy["WG9"] = 4
        noisy["WG1"] = 7
        let wgss = FunctioningRules.evaluate(.wgss, answers: noisy)
        #expect(wgss.domains.first?.difficulty == nil)
        #expect(wgss.hasFunctionalDifficulty == nil)
    }

    // MARK: - Storage

    @Test func resultRoundTripsThroughJSON() throws {
        let result = FunctioningRules.evaluate(.cfm5to17, answers: ["CF1": 1, "CF2": 3, "CF23": 2])
        let data = try JSONEncoder().encode(result)
        #expect(try JSONDecoder().decode(FunctioningResult.self, from: data) == result)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"cfm_5_17\"") && text.contains("\"accepting_change\"") && text.contains("cfm-5-17-2016.1"))
    }

    @Test func rawValuesAreStable() {
        #expect(FunctioningInstrument.allCases.map(\.rawValue) == ["wg_ss", "cfm_2_4", "cfm_5_17"])
        #expect(FunctioningDomain.allCases.map(\.rawValue) == [
            "seeing", "hearing", "walking", "self_care", "communication", "cognition", "fine_motor", "learning",
            "playing", "behaviour", "remembering", "concentrating", "accepting_change", "making_friends", "anxiety",
            "depression"])
        #expect(AnswerScale.allCases.map(\.rawValue) == ["difficulty", "difficulty_from_some", "yes_no", "comparison", "frequency"])
    }
}
