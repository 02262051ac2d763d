/// Answer sets for the synthetic population's functioning records, built from the question
/// sets themselves (so they always pass validation and follow the skips): the answers of
/// someone with no difficulty, someone with "some" difficulty in one domain, and someone with
/// difficulty at the cut-off in one domain, for every domain that can reach it.
public struct SyntheticFunctioning: Sendable {
    public let instrument: FunctioningInstrument
    public let none: [String: Int]
    public let some: [[String: Int]]
    public let difficulty: [[String: Int]]

    public static let all: [FunctioningInstrument: SyntheticFunctioning] = Dictionary(
        uniqueKeysWithValues: FunctioningInstrument.allCases.map { ($0, SyntheticFunctioning($0)) })

    init(_ instrument: FunctioningInstrument) {
        self.instrument = instrument
        let definition = FunctioningRules.definition(instrument)
        /// Answers every asked question, in order: `pick` chooses a code, the skips decide what is asked.
        func answers(_ pick: (FunctioningQuestion) -> Int) -> [String: Int] {
            var given: [String: Int] = [:]
            for question in definition.questions where FunctioningRules.isAsked(question, given) {
                given[question.id] = pick(question)
            }
            return given
        }
        // "No" to equipment questions, the least severe code elsewhere.
        func mildest(_ question: FunctioningQuestion) -> Int {
            question.scale == .yesNo ? 2 : question.scale.codes.min { question.scale.severity($0) < question.scale.severity($1) }!
        }
        func worst(_ question: FunctioningQuestion) -> Int {
            question.scale.codes.max { question.scale.severity($0) < question.scale.severity($1) }!
        }
        let none = answers(mildest)
        self.none = none
        var some: [[String: Int]] = [], difficulty: [[String: Int]] = []
        for target in definition.questions where none[target.id] != nil && target.scale != .yesNo {
            let severe = answers { $0.id == target.id ? worst($0) : mildest($0) }
            if FunctioningRules.evaluate(instrument, answers: severe).hasFunctionalDifficulty == true { difficulty.append(severe) }
            if target.scale == .difficulty {
                let mild = answers { $0.id == target.id ? 2 : mildest($0) }
                if FunctioningRules.evaluate(instrument, answers: mild).hasFunctionalDifficulty == false { some.append(mild) }
            }
        }
        self.some = some
        self.difficulty = difficulty
    }
}
