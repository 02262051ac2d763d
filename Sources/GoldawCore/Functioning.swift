/// Functioning questionnaires and their cut-offs: the Washington Group Short Set (WG-SS) for
/// adults and the UNICEF/Washington Group Child Functioning Module (CFM) for children 2–17.
///
/// Source: reference domain.md §4. The raw answers are what is stored; the result below is
/// derived from them and stamped with `ruleVersion`, so a later change of cut-offs never
/// silently rewrites what was decided earlier. The flag describes functioning, not an official
/// disability status: it must not gate benefits by itself (§4.5).

/// Which question set was asked.
public enum FunctioningInstrument: String, Sendable, CaseIterable, Codable {
    /// Washington Group Short Set: adults. WG-SS is usable from 5, but it misses many
    /// developmental difficulties in children (§4.1), so children get the CFM.
    case wgss = "wg_ss"
    /// UNICEF/WG Child Functioning Module, ages 2–4 (MICS numbering CF1–CF16).
    case cfm2to4 = "cfm_2_4"
    /// UNICEF/WG Child Functioning Module, ages 5–17 (MICS numbering CF1–CF24).
    case cfm5to17 = "cfm_5_17"

    /// The instrument for a person's age in whole years on the interview date; nil under 2,
    /// because the CFM does not cover children under 2 (§4.2).
    public static func forAge(_ years: Int) -> FunctioningInstrument? {
        switch years {
        case 2...4: .cfm2to4
        case 5...17: .cfm5to17
        case 18...: .wgss
        default: nil
        }
    }
}

/// One functional domain. WG-SS asks one combined question on "remembering or concentrating",
/// which is its own case (`cognition`); the CFM 5–17 asks the two separately.
public enum FunctioningDomain: String, Sendable, CaseIterable, Codable {
    case seeing
    case hearing
    case walking
    case selfCare = "self_care"
    case communication
    /// WG-SS: remembering or concentrating (one question).
    case cognition
    case fineMotor = "fine_motor"
    case learning
    case playing
    /// Controlling behaviour (CFM 2–4 CF16, CFM 5–17 CF21).
    case behaviour
    case remembering
    case concentrating
    case acceptingChange = "accepting_change"
    case makingFriends = "making_friends"
    case anxiety
    case depression
}

/// The answer options of a question. Codes are the questionnaires' own codes; 9 ("don't know /
/// refused") is accepted for every question and counts as missing (`FunctioningRules.missingCode`).
public enum AnswerScale: String, Sendable, CaseIterable, Codable {
    /// 1 No difficulty, 2 Some difficulty, 3 A lot of difficulty, 4 Cannot do at all.
    case difficulty
    /// 2 Some difficulty, 3 A lot of difficulty, 4 Cannot do at all. Walking without equipment
    /// is asked only of children who use walking equipment, so the questionnaire offers no
    /// "no difficulty" (CFM 2–4 CF8, CFM 5–17 CF8 and CF9; reference §4.3 "some/a lot/cannot").
    case difficultyFromSome = "difficulty_from_some"
    /// 1 Yes, 2 No.
    case yesNo = "yes_no"
    /// CFM 2–4 CF16, compared with children of the same age: 1 Not at all, 2 Less, 3 The same,
    /// 4 More, 5 A lot more.
    case comparison
    /// CFM 5–17 CF23–CF24: 1 Daily, 2 Weekly, 3 Monthly, 4 A few times a year, 5 Never.
    case frequency

    public var codes: ClosedRange<Int> {
        switch self {
        case .difficulty: 1...4
        case .difficultyFromSome: 2...4
        case .yesNo: 1...2
        case .comparison, .frequency: 1...5
        }
    }

    /// Orders answers from least to most difficulty, to pick the answer that explains a
    /// "no difficulty" domain with several items. Frequency runs the other way (1 = daily).
    func severity(_ code: Int) -> Int {
        self == .frequency ? 6 - code : code
    }
}

public struct FunctioningQuestion: Sendable, Hashable {
    /// Skip logic: the question is asked only when an earlier question has one of `answers`.
    public struct Condition: Sendable, Hashable {
        public let questionID: String
        public let answers: Set<Int>
        public init(questionID: String, answers: Set<Int>) {
            self.questionID = questionID
            self.answers = answers
        }
    }

    /// The questionnaire's own number: "WG1"…"WG6", "CF1"…
    public let id: String
    public let domain: FunctioningDomain
    public let scale: AnswerScale
    /// Locale key of the question text: "functioning.q.<instrument>.<id>".
    public let labelKey: String
    /// nil = always asked.
    public let askedWhen: Condition?
}

public struct AnswerProblem: Sendable, Hashable {
    public let questionID: String
    public let kind: Kind

    public enum Kind: String, Sendable {
        case unknownQuestion = "unknown_question"
        case outOfScale = "out_of_scale"
        /// An answer to a question that the skip logic says was not asked (e.g. "seeing with
        /// glasses" for a child who wears none). Kept out of the result; reported so the
        /// interviewer can correct either answer.
        case notAsked = "not_asked"
    }

    public init(questionID: String, kind: Kind) {
        self.questionID = questionID
        self.kind = kind
    }
}

public struct FunctioningResult: Sendable, Hashable, Codable {
    public let instrument: FunctioningInstrument
    /// The version of the cut-off rules that produced this result (`FunctioningRules.ruleVersion`).
    public let ruleVersion: String
    /// In the instrument's domain order.
    public let domains: [DomainResult]
    /// true if any domain is true; nil if no domain is true and some domain is missing (the
    /// difficulty cannot be ruled out); false only when every domain is answered and false.
    public let hasFunctionalDifficulty: Bool?

    public struct DomainResult: Sendable, Hashable, Codable {
        public let domain: FunctioningDomain
        /// nil = missing: the answer that decides the domain was not given (or was 9).
        public let difficulty: Bool?
        /// The question whose answer decided the domain, to explain the result; nil when missing.
        public let decidingQuestion: String?
        public let decidingAnswer: Int?

        public init(domain: FunctioningDomain, difficulty: Bool?, decidingQuestion: String?, decidingAnswer: Int?) {
            self.domain = domain
            self.difficulty = difficulty
            self.decidingQuestion = decidingQuestion
            self.decidingAnswer = decidingAnswer
        }
    }

    public init(instrument: FunctioningInstrument, ruleVersion: String, domains: [DomainResult], hasFunctionalDifficulty: Bool?) {
        self.instrument = instrument
        self.ruleVersion = ruleVersion
        self.domains = domains
        self.hasFunctionalDifficulty = hasFunctionalDifficulty
    }
}

public enum FunctioningRules {
    /// "Don't know" / "refused": accepted for every question, counts as missing.
    public static let missingCode = 9

    /// Version of the question set and cut-offs below: "<instrument>-<year of the source>.<our
    /// revision>". Bump the revision whenever a question, skip or cut-off changes, so stored
    /// results can be told apart. WG-SS: cut-off "any domain a lot / cannot" as in the WG
    /// guidance (FAQ, analytic syntax, 2020). CFM: module finalised 2016, cut-offs as in the
    /// UNICEF CFM Stata syntax (reference §4.3–4.4).
    public static func ruleVersion(for instrument: FunctioningInstrument) -> String {
        switch instrument {
        case .wgss: "wg-ss-2020.1"
        case .cfm2to4: "cfm-2-4-2016.1"
        case .cfm5to17: "cfm-5-17-2016.1"
        }
    }

    public static func questions(for instrument: FunctioningInstrument) -> [FunctioningQuestion] {
        definition(instrument).questions
    }

    /// The domains reported for an instrument, in result order.
    public static func domains(for instrument: FunctioningInstrument) -> [FunctioningDomain] {
        definition(instrument).rules.map(\.domain)
    }

    /// Problems with the answers: unknown question ids, codes outside the scale (9 is always
    /// allowed) and answers to questions the skip logic did not ask. Missing answers are not
    /// problems: they make a domain missing. One problem per question, in questionnaire order,
    /// unknown ids last.
    public static func validate(_ instrument: FunctioningInstrument, answers: [String: Int]) -> [AnswerProblem] {
        let definition = definition(instrument)
        let effective = effectiveAnswers(definition, answers)
        var problems: [AnswerProblem] = []
        for question in definition.questions {
            guard let code = answers[question.id], code != missingCode else { continue }
            if !question.scale.codes.contains(code) {
                problems.append(.init(questionID: question.id, kind: .outOfScale))
            } else if !isAsked(question, effective) {
                problems.append(.init(questionID: question.id, kind: .notAsked))
            }
        }
        let known = Set(definition.questions.map(\.id))
        for id in answers.keys.sorted() where !known.contains(id) {
            problems.append(.init(questionID: id, kind: .unknownQuestion))
        }
        return problems
    }

    /// Applies the cut-offs. Answers that `validate` would reject (unknown, out of scale, not
    /// asked) are ignored here, so evaluation never fails; the caller validates first.
    public static func evaluate(_ instrument: FunctioningInstrument, answers: [String: Int]) -> FunctioningResult {
        let definition = definition(instrument)
        let effective = effectiveAnswers(definition, answers)
        let scales = Dictionary(uniqueKeysWithValues: definition.questions.map { ($0.id, $0.scale) })
        let domains = definition.rules.map { rule -> FunctioningResult.DomainResult in
            let outcome = rule.rule.evaluate(effective, scales)
            return .init(domain: rule.domain, difficulty: outcome.difficulty,
                         decidingQuestion: outcome.question, decidingAnswer: outcome.answer)
        }
        let overall: Bool?
        if domains.contains(where: { $0.difficulty == true }) { overall = true }
        else if domains.contains(where: { $0.difficulty == nil }) { overall = nil }
        else { overall = false }
        return FunctioningResult(instrument: instrument, ruleVersion: ruleVersion(for: instrument),
                                 domains: domains, hasFunctionalDifficulty: overall)
    }

    // MARK: - Evaluation

    /// The answers that count: in scale, not 9, and to questions that were asked given the
    /// answers counted before them. Conditions only point backwards, so one pass in
    /// questionnaire order settles chains such as CF7 → CF8 → CF9.
    static func effectiveAnswers(_ definition: Definition, _ answers: [String: Int]) -> [String: Int] {
        var effective: [String: Int] = [:]
        for question in definition.questions {
            guard let code = answers[question.id], question.scale.codes.contains(code),
                  isAsked(question, effective) else { continue }
            effective[question.id] = code
        }
        return effective
    }

    static func isAsked(_ question: FunctioningQuestion, _ effective: [String: Int]) -> Bool {
        guard let condition = question.askedWhen else { return true }
        guard let gate = effective[condition.questionID] else { return false }
        return condition.answers.contains(gate)
    }

    struct Definition: Sendable {
        let questions: [FunctioningQuestion]
        let rules: [DomainRule]
    }

    struct DomainRule: Sendable {
        let domain: FunctioningDomain
        let rule: Rule
    }

    struct Outcome: Equatable {
        let difficulty: Bool?
        let question: String?
        let answer: Int?
        static let missing = Outcome(difficulty: nil, question: nil, answer: nil)
    }

    /// How a domain's answers become its flag.
    indirect enum Rule: Sendable {
        /// Difficulty when the answer is in `cutoff`.
        case item(String, cutoff: Set<Int>)
        /// Difficulty when any part is true; no difficulty only when every part is false;
        /// otherwise missing (communication CF12/CF13, CF15/CF16).
        case any([Rule])
        /// A yes/no question picks the rule (glasses, hearing aid, walking equipment).
        /// A missing gate makes the domain missing.
        case gate(String, [Int: Rule])
        /// The answer decides unless it is in `continueOn`; then `next` decides
        /// (CFM 5–17 walking: CF8 "some" → CF9; CF12 "no"/"some" → CF13).
        case followUp(String, cutoff: Set<Int>, continueOn: Set<Int>, next: Rule)

        func evaluate(_ answers: [String: Int], _ scales: [String: AnswerScale]) -> Outcome {
            switch self {
            case let .item(id, cutoff):
                guard let answer = answers[id] else { return .missing }
                return Outcome(difficulty: cutoff.contains(answer), question: id, answer: answer)
            case let .any(parts):
                let outcomes = parts.map { $0.evaluate(answers, scales) }
                if let yes = outcomes.first(where: { $0.difficulty == true }) { return yes }
                if outcomes.contains(where: { $0.difficulty == nil }) { return .missing }
                // All false: explain with the most severe answer, so "some difficulty" on the
                // second item is not hidden behind "no difficulty" on the first.
                func severity(_ o: Outcome) -> Int {
                    guard let id = o.question, let answer = o.answer, let scale = scales[id] else { return Int.min }
                    return scale.severity(answer)
                }
                return outcomes.dropFirst().reduce(outcomes[0]) { severity($1) > severity($0) ? $1 : $0 }
            case let .gate(id, branches):
                guard let answer = answers[id], let branch = branches[answer] else { return .missing }
                return branch.evaluate(answers, scales)
            case let .followUp(id, cutoff, continueOn, next):
                guard let answer = answers[id] else { return .missing }
                if cutoff.contains(answer) { return Outcome(difficulty: true, question: id, answer: answer) }
                if continueOn.contains(answer) { return next.evaluate(answers, scales) }
                return Outcome(difficulty: false, question: id, answer: answer)
            }
        }
    }

    // MARK: - The question sets

    /// "A lot of difficulty" or "cannot do at all": the cut-off of every difficulty item.
    static let aLotOrCannot: Set<Int> = [3, 4]

    static func definition(_ instrument: FunctioningInstrument) -> Definition {
        switch instrument {
        case .wgss: wgss
        case .cfm2to4: cfm2to4
        case .cfm5to17: cfm5to17
        }
    }

    private static func q(_ instrument: FunctioningInstrument, _ id: String, _ domain: FunctioningDomain,
                          _ scale: AnswerScale = .difficulty, when gate: String? = nil, is answers: Set<Int> = []) -> FunctioningQuestion {
        FunctioningQuestion(id: id, domain: domain, scale: scale, labelKey: "functioning.q.\(instrument.rawValue).\(id)",
                            askedWhen: gate.map { .init(questionID: $0, answers: answers) })
    }

    /// WG-SS: six questions in the WG's fixed order, one response set; disabled = any domain
    /// "a lot of difficulty" or "cannot do at all" (§4.1, the WG's recommended cut-off).
    static let wgss: Definition = {
        let i = FunctioningInstrument.wgss
        let questions = [
            q(i, "WG1", .seeing), q(i, "WG2", .hearing), q(i, "WG3", .walking),
            q(i, "WG4", .cognition), q(i, "WG5", .selfCare), q(i, "WG6", .communication),
        ]
        return Definition(questions: questions,
                          rules: questions.map { DomainRule(domain: $0.domain, rule: .item($0.id, cutoff: aLotOrCannot)) })
    }()

    /// CFM 2–4 (§4.3). Skips follow the MICS questionnaire: CF1 glasses → CF2 (with) else CF3;
    /// CF4 hearing aid → CF5 (with) else CF6; CF7 walking equipment → CF8 (without it) and CF9
    /// (with it), otherwise CF10 (compared with children of the same age). CF9 is asked but not
    /// used: the reference counts CF8 for users and CF10 for non-users.
    static let cfm2to4: Definition = {
        let i = FunctioningInstrument.cfm2to4
        let questions = [
            q(i, "CF1", .seeing, .yesNo),
            q(i, "CF2", .seeing, when: "CF1", is: [1]),
            q(i, "CF3", .seeing, when: "CF1", is: [2]),
            q(i, "CF4", .hearing, .yesNo),
            q(i, "CF5", .hearing, when: "CF4", is: [1]),
            q(i, "CF6", .hearing, when: "CF4", is: [2]),
            q(i, "CF7", .walking, .yesNo),
            q(i, "CF8", .walking, .difficultyFromSome, when: "CF7", is: [1]),
            q(i, "CF9", .walking, when: "CF7", is: [1]),
            q(i, "CF10", .walking, when: "CF7", is: [2]),
            q(i, "CF11", .fineMotor),
            q(i, "CF12", .communication),
            q(i, "CF13", .communication),
            q(i, "CF14", .learning),
            q(i, "CF15", .playing),
            q(i, "CF16", .behaviour, .comparison),
        ]
        let rules: [DomainRule] = [
            .init(domain: .seeing, rule: .gate("CF1", [1: .item("CF2", cutoff: aLotOrCannot), 2: .item("CF3", cutoff: aLotOrCannot)])),
            .init(domain: .hearing, rule: .gate("CF4", [1: .item("CF5", cutoff: aLotOrCannot), 2: .item("CF6", cutoff: aLotOrCannot)])),
            .init(domain: .walking, rule: .gate("CF7", [1: .item("CF8", cutoff: aLotOrCannot), 2: .item("CF10", cutoff: aLotOrCannot)])),
            .init(domain: .fineMotor, rule: .item("CF11", cutoff: aLotOrCannot)),
            .init(domain: .communication, rule: .any([.item("CF12", cutoff: aLotOrCannot), .item("CF13", cutoff: aLotOrCannot)])),
            .init(domain: .learning, rule: .item("CF14", cutoff: aLotOrCannot)),
            .init(domain: .playing, rule: .item("CF15", cutoff: aLotOrCannot)),
            // Kicking, biting or hitting: only "a lot more" than children of the same age counts;
            // "more" is common at this age (UNICEF syntax codes the top category only).
            .init(domain: .behaviour, rule: .item("CF16", cutoff: [5])),
        ]
        return Definition(questions: questions, rules: rules)
    }()

    /// CFM 5–17 (§4.4). Walking skips follow the MICS questionnaire: CF7 equipment users get
    /// CF8 (100 m without equipment), CF9 (500 m without) only when CF8 = "some", CF10 (100 m
    /// with equipment) and CF11 (500 m with) only when CF10 = "no" or "some"; non-users get
    /// CF12 (100 m compared with children of the same age) and CF13 (500 m) only when CF12 =
    /// "no" or "some". CF10/CF11 are asked but not used for the flag (reference).
    static let cfm5to17: Definition = {
        let i = FunctioningInstrument.cfm5to17
        let questions = [
            q(i, "CF1", .seeing, .yesNo),
            q(i, "CF2", .seeing, when: "CF1", is: [1]),
            q(i, "CF3", .seeing, when: "CF1", is: [2]),
            q(i, "CF4", .hearing, .yesNo),
            q(i, "CF5", .hearing, when: "CF4", is: [1]),
            q(i, "CF6", .hearing, when: "CF4", is: [2]),
            q(i, "CF7", .walking, .yesNo),
            q(i, "CF8", .walking, .difficultyFromSome, when: "CF7", is: [1]),
            q(i, "CF9", .walking, .difficultyFromSome, when: "CF8", is: [2]),
            q(i, "CF10", .walking, when: "CF7", is: [1]),
            q(i, "CF11", .walking, when: "CF10", is: [1, 2]),
            q(i, "CF12", .walking, when: "CF7", is: [2]),
            q(i, "CF13", .walking, when: "CF12", is: [1, 2]),
            q(i, "CF14", .selfCare),
            q(i, "CF15", .communication),
            q(i, "CF16", .communication),
            q(i, "CF17", .learning),
            q(i, "CF18", .remembering),
            q(i, "CF19", .concentrating),
            q(i, "CF20", .acceptingChange),
            q(i, "CF21", .behaviour),
            q(i, "CF22", .makingFriends),
            q(i, "CF23", .anxiety, .frequency),
            q(i, "CF24", .depression, .frequency),
        ]
        let daily: Set<Int> = [1]
        let rules: [DomainRule] = [
            .init(domain: .seeing, rule: .gate("CF1", [1: .item("CF2", cutoff: aLotOrCannot), 2: .item("CF3", cutoff: aLotOrCannot)])),
            .init(domain: .hearing, rule: .gate("CF4", [1: .item("CF5", cutoff: aLotOrCannot), 2: .item("CF6", cutoff: aLotOrCannot)])),
            .init(domain: .walking, rule: .gate("CF7", [
                1: .followUp("CF8", cutoff: aLotOrCannot, continueOn: [2], next: .item("CF9", cutoff: aLotOrCannot)),
                2: .followUp("CF12", cutoff: aLotOrCannot, continueOn: [1, 2], next: .item("CF13", cutoff: aLotOrCannot)),
            ])),
            .init(domain: .selfCare, rule: .item("CF14", cutoff: aLotOrCannot)),
            .init(domain: .communication, rule: .any([.item("CF15", cutoff: aLotOrCannot), .item("CF16", cutoff: aLotOrCannot)])),
            .init(domain: .learning, rule: .item("CF17", cutoff: aLotOrCannot)),
            .init(domain: .remembering, rule: .item("CF18", cutoff: aLotOrCannot)),
            .init(domain: .concentrating, rule: .item("CF19", cutoff: aLotOrCannot)),
            .init(domain: .acceptingChange, rule: .item("CF20", cutoff: aLotOrCannot)),
            .init(domain: .behaviour, rule: .item("CF21", cutoff: aLotOrCannot)),
            .init(domain: .makingFriends, rule: .item("CF22", cutoff: aLotOrCannot)),
            // Anxiety and depression: only "daily" counts (weekly is common and not a difficulty).
            .init(domain: .anxiety, rule: .item("CF23", cutoff: daily)),
            .init(domain: .depression, rule: .item("CF24", cutoff: daily)),
        ]
        return Definition(questions: questions, rules: rules)
    }()
}
