import Testing
@testable import GoldawCore

@Suite("Cases: workflow") struct CaseWorkflowTests {
    /// Every step × event written out; nil means refused.
    static let table: [(CaseStep, CaseEvent, CaseStep?)] = {
        let I = CaseStep.identification, A = CaseStep.assessment, P = CaseStep.casePlan
        let M = CaseStep.implementation, F = CaseStep.followUp, C = CaseStep.closed
        return [
            (I, .initialAssessment, A), (I, .needsAssessment, nil), (I, .assessmentApproved, nil), (I, .planSubmitted, nil),
            (I, .planApproved, nil), (I, .followUpVisit, I), (I, .closureRequested, I), (I, .close, C), (I, .reopen, nil),
            (A, .initialAssessment, A), (A, .needsAssessment, A), (A, .assessmentApproved, P), (A, .planSubmitted, nil),
            (A, .planApproved, nil), (A, .followUpVisit, A), (A, .closureRequested, A), (A, .close, C), (A, .reopen, nil),
            (P, .initialAssessment, nil), (P, .needsAssessment, nil), (P, .assessmentApproved, nil), (P, .planSubmitted, P),
            (P, .planApproved, M), (P, .followUpVisit, P), (P, .closureRequested, P), (P, .close, C), (P, .reopen, nil),
            (M, .initialAssessment, nil), (M, .needsAssessment, nil), (M, .assessmentApproved, nil), (M, .planSubmitted, M),
            (M, .planApproved, M), (M, .followUpVisit, F), (M, .closureRequested, M), (M, .close, C), (M, .reopen, nil),
            (F, .initialAssessment, nil), (F, .needsAssessment, F), (F, .assessmentApproved, F), (F, .planSubmitted, F),
            (F, .planApproved, F), (F, .followUpVisit, F), (F, .closureRequested, F), (F, .close, C), (F, .reopen, nil),
            (C, .initialAssessment, nil), (C, .needsAssessment, nil), (C, .assessmentApproved, nil), (C, .planSubmitted, nil),
            (C, .planApproved, nil), (C, .followUpVisit, nil), (C, .closureRequested, nil), (C, .close, nil), (C, .reopen, A),
        ]
    }()

    @Test func tableCoversEveryPair() {
        let pairs = Set(Self.table.map { "\($0.0.rawValue)/\($0.1.rawValue)" })
        #expect(pairs.count == CaseStep.allCases.count * CaseEvent.allCases.count)
        #expect(Self.table.count == pairs.count)
    }

    @Test(arguments: table)
    func transitions(from: CaseStep, event: CaseEvent, to: CaseStep?) {
        #expect(CaseWorkflow.next(from: from, event) == to)
        #expect(CaseWorkflow.allowed(from: from).contains(event) == (to != nil))
    }

    @Test func theJourneyRunsInOrder() {
        var step = CaseStep.identification
        for event in [CaseEvent.initialAssessment, .needsAssessment, .assessmentApproved, .planSubmitted, .planApproved,
                      .followUpVisit, .closureRequested, .close, .reopen] {
            step = CaseWorkflow.next(from: step, event)!
        }
        #expect(step == .assessment)
        #expect(CaseStep.open == [.identification, .assessment, .casePlan, .implementation, .followUp])
    }
}

@Suite("Cases: numbers") struct CaseNumberTests {
    @Test(arguments: [("TM-M", "MR"), ("TM-L", "LB"), ("TM-A", "AH"), ("TM-B", "BN"), ("TM-D", "DZ"), ("TM-S", "AS"),
                      ("TM-AR", "AR"), ("TM-X", "X"), ("ZZ", "ZZ")])
    func prefixes(code: String, prefix: String) {
        #expect(CaseNumber.prefix(regionCode: code) == prefix)
    }

    @Test func format() {
        #expect(CaseNumber.format(prefix: "MR", year: 2026, sequence: 123) == "MR-2026-000123")
        #expect(CaseNumber.format(prefix: "LB", year: 2027, sequence: 1_234_567) == "LB-2027-1234567")
        #expect(CaseNumber.regionCode(ofPath: "/TM-M/M-MRY/") == "TM-M")
        #expect(CaseNumber.series(prefix: "MR", year: 2026) == "case-MR-2026")
        #expect(CaseNumber.isValid("MR-2026-000123"))
        for bad in ["MR-26-000123", "mr-2026-000123", "MR-2026-123", "MR2026000123", "M1-2026-000123"] {
            #expect(!CaseNumber.isValid(bad), "\(bad)")
        }
    }
}

@Suite("Cases: risk deadlines") struct CaseDeadlineTests {
    static let defaults: [(RiskLevel, DeadlineKind, Int)] = [
        (.high, .firstContact, 24), (.high, .fullAssessment, 72), (.high, .casePlan, 168), (.high, .followUp, 168),
        (.medium, .firstContact, 72), (.medium, .fullAssessment, 168), (.medium, .casePlan, 336), (.medium, .followUp, 336),
        (.low, .firstContact, 168), (.low, .fullAssessment, 336), (.low, .casePlan, 720), (.low, .followUp, 720),
    ]

    @Test(arguments: defaults)
    func defaultHours(risk: RiskLevel, kind: DeadlineKind, hours: Int) {
        #expect(DeadlineTable.defaults.hours(risk, kind) == hours)
        let due = CaseDeadlines.due(risk: risk, start: 1_000, table: .defaults)
        #expect(due[kind] == 1_000 + Double(hours) * 3600)
    }

    @Test func defaultsAreComplete() {
        #expect(DeadlineTable.defaults.problems.isEmpty)
        #expect(Self.defaults.count == RiskLevel.allCases.count * DeadlineKind.allCases.count)
        #expect(RiskLevel.allCases.sorted() == [.high, .medium, .low])
    }

    @Test func brokenTablesAreReported() {
        let day = CalendarDate(year: 2026, month: 1, day: 1)!
        let broken = DeadlineTable(validFrom: day, hours: [
            .high: [.firstContact: 0, .fullAssessment: 72, .casePlan: 48, .followUp: 1],
            .medium: [.firstContact: 1, .fullAssessment: 2, .casePlan: 3],
        ])
        #expect(broken.problems == ["high.first_contact.not_positive", "high.order", "medium.follow_up.missing",
                                    "low.first_contact.missing", "low.full_assessment.missing", "low.case_plan.missing",
                                    "low.follow_up.missing"])
    }

    @Test func theTableInForceIsTheLatestStartedOne() {
        let old = DeadlineTable.defaults
        let newer = DeadlineTable(validFrom: CalendarDate(year: 2026, month: 7, day: 1)!, hours: [.high: [.firstContact: 12]])
        #expect(DeadlineTable.inForce([old, newer], on: CalendarDate(year: 2026, month: 6, day: 30)!) == old)
        #expect(DeadlineTable.inForce([newer, old], on: CalendarDate(year: 2026, month: 7, day: 1)!) == newer)
        #expect(DeadlineTable.inForce([newer], on: CalendarDate(year: 2019, month: 1, day: 1)!) == nil)
    }

    @Test func followUpCountsFromTheLastVisit() {
        let expected: Double = 100 + 336 * 3600
        #expect(CaseDeadlines.nextFollowUp(risk: .medium, after: 100, table: .defaults) == expected)
        let empty = DeadlineTable(validFrom: DeadlineTable.defaults.validFrom, hours: [:])
        #expect(CaseDeadlines.nextFollowUp(risk: .medium, after: 100, table: empty) == nil)
        #expect(CaseDeadlines.due(risk: .low, start: 0, table: empty).isEmpty)
    }

    @Test func states() {
        let hour = 3600.0
        #expect(CaseDeadlines.state(due: 100 * hour, done: 120 * hour, now: 200 * hour) == .done)
        #expect(CaseDeadlines.state(due: 100 * hour, done: nil, now: 100 * hour + 1) == .overdue)
        #expect(CaseDeadlines.state(due: 100 * hour, done: nil, now: 100 * hour) == .dueSoon)
        #expect(CaseDeadlines.state(due: 100 * hour, done: nil, now: 52 * hour) == .dueSoon)
        #expect(CaseDeadlines.state(due: 100 * hour, done: nil, now: 51 * hour) == .onTrack)
        #expect(CaseDeadlines.wasLate(due: 1, done: 2))
        #expect(!CaseDeadlines.wasLate(due: 2, done: 2))
    }
}

@Suite("Cases: consent and assent") struct CaseConsentTests {
    @Test(arguments: Array(0...19))
    func referenceBands(age: Int) {
        let expected: [ConsentParty]
        switch age {
        case 0...5: expected = [.caregiverConsent]
        case 6...14: expected = [.caregiverConsent, .childAssent]
        default: expected = [.childConsent]
        }
        #expect(ConsentRules.required(age: age) == expected)
    }

    @Test func bandsAreConfigurable() {
        let bands = [ConsentBand(minAge: 0, maxAge: 9, parties: [.caregiverConsent]),
                     ConsentBand(minAge: 10, maxAge: 17, parties: [.caregiverConsent, .childConsent])]
        #expect(ConsentRules.problems(bands).isEmpty)
        #expect(ConsentRules.required(age: 9, bands: bands) == [.caregiverConsent])
        #expect(ConsentRules.required(age: 10, bands: bands) == [.caregiverConsent, .childConsent])
        #expect(ConsentRules.problems(ConsentRules.defaultBands).isEmpty)
    }

    @Test func brokenBandsAreReported() {
        #expect(ConsentRules.problems([]) == ["empty"])
        let broken = [ConsentBand(minAge: 1, maxAge: 5, parties: [.caregiverConsent]),
                      ConsentBand(minAge: 5, maxAge: 8, parties: []),
                      ConsentBand(minAge: 10, maxAge: 16, parties: [.childConsent])]
        #expect(ConsentRules.problems(broken) == ["start", "end", "band.5", "overlap.5", "gap.9"])
    }

    @Test func sharingNeedsEveryRequiredPartyForThatScope() {
        let caregiver = ConsentRecord(party: .caregiverConsent, scopes: [.services, .informationSharing, .referral], recordedAt: 1)
        let assentServicesOnly = ConsentRecord(party: .childAssent, scopes: [.services], recordedAt: 2)
        // A four-year-old: the caregiver alone decides.
        #expect(ConsentCheck.decide(.referral, childAge: 4, records: [caregiver]) == .allowed)
        // An eight-year-old: the child's assent must cover referral too.
        #expect(ConsentCheck.decide(.services, childAge: 8, records: [caregiver, assentServicesOnly]) == .allowed)
        #expect(ConsentCheck.decide(.referral, childAge: 8, records: [caregiver, assentServicesOnly]) == .blocked(missing: [.childAssent]))
        #expect(ConsentCheck.decide(.referral, childAge: 8, records: [caregiver, assentServicesOnly], overridden: true) == .allowedByOverride)
        // A sixteen-year-old consents alone; the caregiver's consent does not replace it.
        #expect(ConsentCheck.decide(.informationSharing, childAge: 16, records: [caregiver]) == .blocked(missing: [.childConsent]))
        #expect(ConsentCheck.decide(.services, childAge: 8, records: []) == .blocked(missing: [.caregiverConsent, .childAssent]))
        #expect(!ConsentDecision.blocked(missing: []).isAllowed)
        #expect(ConsentDecision.allowedByOverride.isAllowed)
    }

    @Test func aLaterRecordReplacesAnEarlierOne() {
        let given = ConsentRecord(party: .caregiverConsent, scopes: [.referral], recordedAt: 1)
        let withdrawn = ConsentRecord(party: .caregiverConsent, scopes: [], recordedAt: 5)
        #expect(ConsentCheck.decide(.referral, childAge: 3, records: [withdrawn, given]) == .blocked(missing: [.caregiverConsent]))
        #expect(ConsentCheck.decide(.referral, childAge: 3, records: [given]) == .allowed)
        #expect(ConsentCheck.latest([given, withdrawn])[.caregiverConsent] == withdrawn)
    }
}

@Suite("Cases: approvals and closure") struct CaseApprovalTests {
    @Test(arguments: ApprovalStatus.allCases)
    func onlyRequestsWaitingCanBeDecided(status: ApprovalStatus) {
        let result = ApprovalRules.decide(status: status, requestedBy: "a", decidedBy: "b", .approve, comment: "")
        if status == .requested { #expect(result == .success(.approved)) } else { #expect(result == .failure(.notPending)) }
    }

    @Test func makerChecker() {
        #expect(ApprovalRules.decide(status: .requested, requestedBy: "a", decidedBy: "a", .approve, comment: "ok") == .failure(.ownRequest))
        #expect(ApprovalRules.decide(status: .requested, requestedBy: "a", decidedBy: "b", .reject, comment: "  ") == .failure(.commentRequired))
        #expect(ApprovalRules.decide(status: .requested, requestedBy: "a", decidedBy: "b", .reject, comment: "why") == .success(.rejected))
        #expect(ApprovalRules.mayRequest(.closure, pending: [.assessment]))
        #expect(!ApprovalRules.mayRequest(.closure, pending: [.closure]))
    }

    @Test func closureNeedsAReasonAndAnApprovedRequest() {
        #expect(CaseClosure.check(step: .followUp, reason: nil, hasApprovedRequest: true) == .reasonRequired)
        #expect(CaseClosure.check(step: .followUp, reason: .childSafe, hasApprovedRequest: false) == .notApproved)
        #expect(CaseClosure.check(step: .closed, reason: .childSafe, hasApprovedRequest: true) == .notOpen)
        for step in CaseStep.open {
            #expect(CaseClosure.check(step: step, reason: .planCompleted, hasApprovedRequest: true) == nil)
        }
    }
}

@Suite("Cases: incidents and assignment") struct CaseIncidentTests {
    @Test(arguments: Role.allCases)
    func onlyTheCaseTeamAndSupervisorsSeeIncidentDetails(role: Role) {
        #expect(IncidentVisibility.showsDetails(role) == [.socialWorker, .supervisor].contains(role))
    }

    @Test func theIssueListsAreComplete() {
        #expect(IncidentType.allCases.map(\.rawValue) == ["physical", "sexual", "emotional", "neglect", "exploitation", "child_labour"])
        #expect(PerpetratorRelationship.allCases.contains(.unknown))
        #expect(IncidentReportedTo.allCases.first == .notReported)
    }

    @Test(arguments: Role.allCases)
    func caseAccessFollowsTheTable(role: Role) {
        // Analysts get counts only; providers, benefits staff, commission and justice never open a case here.
        #expect(AccessPolicy.allows(role, .viewCases) == [.socialWorker, .supervisor].contains(role))
        #expect(AccessPolicy.allows(role, .workCases) == (role == .socialWorker))
        #expect(AccessPolicy.allows(role, .superviseCases) == (role == .supervisor))
        #expect(AccessPolicy.allows(role, .viewCaseCounts) == [.socialWorker, .supervisor, .nationalAnalyst].contains(role))
        #expect(AccessPolicy.allows(role, .manageCaseSettings) == (role == .administrator))
    }
}

@Suite("Cases: transfers") struct CaseTransferTests {
    @Test(arguments: TransferStatus.allCases)
    func onlyAProposedTransferIsDecided(status: TransferStatus) {
        for decision in TransferDecision.allCases {
            let result = TransferRules.decide(status, decision, comment: "reason")
            if status == .proposed {
                let expected: [TransferDecision: TransferStatus] = [.accept: .accepted, .decline: .declined, .cancel: .cancelled]
                #expect(result == .success(expected[decision]!))
            } else {
                #expect(result == .failure(.notPending))
            }
        }
    }

    @Test func proposalsAndDeclines() {
        #expect(TransferRules.mayPropose(from: "/TM-M/M-MRY/", to: "/TM-L/L-CAR/", pending: false) == nil)
        #expect(TransferRules.mayPropose(from: "/TM-M/M-MRY/", to: "/TM-M/M-MRY/", pending: false) == .sameTerritory)
        #expect(TransferRules.mayPropose(from: "/TM-M/M-MRY/", to: "/TM-L/L-CAR/", pending: true) == .alreadyProposed)
        #expect(TransferRules.decide(.proposed, .decline, comment: " ") == .failure(.reasonRequired))
        #expect(TransferRules.decide(.proposed, .accept, comment: "") == .success(.accepted))
    }
}

@Suite("Case team") struct CaseTeamTests {
    @Test(arguments: [
        (true, false, false, CaseTeam.Access.team),
        (false, true, false, .team),
        (false, false, true, .team),
        (true, true, true, .team),
        (false, false, false, .existence),
    ])
    func whoReadsTheCase(supervises: Bool, assigned: Bool, member: Bool, expected: CaseTeam.Access) {
        #expect(CaseTeam.access(supervises: supervises, isAssignedWorker: assigned, isMember: member) == expected)
    }
}
