import Testing
@testable import GoldawCore

@Suite("Services rules") struct ServicesRulesTests {
    /// Every status × action: exactly the moves of the lifecycle are possible.
    @Test func referralWorkflowIsExactlyTheLifecycle() {
        let allowed: [ReferralStatus: [ReferralAction: ReferralStatus]] = [
            .sent: [.accept: .accepted, .waitlist: .waitlisted, .decline: .declined],
            .waitlisted: [.accept: .accepted, .decline: .declined],
            .accepted: [.start: .started, .end: .ended],
            .started: [.deliver: .delivered, .end: .ended],
            .declined: [:], .delivered: [:], .ended: [:],
        ]
        for status in ReferralStatus.allCases {
            for action in ReferralAction.allCases {
                #expect(ReferralWorkflow.next(from: status, action) == allowed[status]?[action], "\(status) \(action)")
            }
            #expect(Set(ReferralWorkflow.allowed(from: status)) == Set(allowed[status]!.keys))
        }
        // Delivering before acceptance, or twice, is out of order.
        #expect(ReferralWorkflow.next(from: .sent, .deliver) == nil)
        #expect(ReferralWorkflow.next(from: .accepted, .deliver) == nil)
        #expect(ReferralWorkflow.next(from: .delivered, .deliver) == nil)
        #expect(ReferralWorkflow.needsNote(.decline) && ReferralWorkflow.needsNote(.deliver) && ReferralWorkflow.needsNote(.end))
        #expect(!ReferralWorkflow.needsNote(.accept) && !ReferralWorkflow.needsNote(.start) && !ReferralWorkflow.needsNote(.waitlist))
    }

    @Test func placesAreHeldFromAcceptanceToTheEnd() {
        #expect(ReferralStatus.allCases.filter(\.holdsPlace) == [.accepted, .started])
        #expect(ReferralStatus.allCases.filter { !$0.isOpen } == [.declined, .delivered, .ended])
    }

    @Test func everyStepHasADeadlineShorterForUrgentReferrals() {
        #expect(ReferralStep.of(.sent) == .respond)
        #expect(ReferralStep.of(.accepted) == .start)
        #expect(ReferralStep.of(.started) == .outcome)
        for status in [ReferralStatus.waitlisted, .declined, .delivered, .ended] { #expect(ReferralStep.of(status) == nil) }
        for step in ReferralStep.allCases {
            #expect(step.defaultDays(.high) < step.defaultDays(.medium))
            #expect(step.defaultDays(.medium) < step.defaultDays(.low))
        }
    }

    func entry(_ id: String, _ urgency: ReferralUrgency, _ day: String, _ number: String? = nil) -> WaitingList.Entry {
        WaitingList.Entry(id: id, urgency: urgency, sentOn: day, number: number ?? "RF-\(id)")
    }

    @Test func waitingListGoesByUrgencyThenDateThenNumber() {
        let entries = [
            entry("a", .low, "2026-01-01"), entry("b", .high, "2026-03-01"), entry("c", .medium, "2026-02-01"),
            entry("d", .high, "2026-02-15"), entry("e", .medium, "2026-02-01", "RF-0"),
        ]
        #expect(WaitingList.ordered(entries).map(\.id) == ["d", "b", "e", "c", "a"])
    }

    @Test func acceptanceNeedsAPlaceAndTheHeadOfTheList() {
        let waiting = [entry("w1", .medium, "2026-01-10"), entry("w2", .high, "2026-01-12")]
        // Full: whatever the urgency, the answer is the waiting list.
        #expect(WaitingList.mayAccept(entry("n", .high, "2026-01-01"), capacity: 2, occupancy: 2, waiting: []) == .full)
        // A place is free, but the high-urgency referral on the list comes first.
        #expect(WaitingList.mayAccept(waiting[0], capacity: 2, occupancy: 1, waiting: waiting) == .notFirst)
        #expect(WaitingList.mayAccept(waiting[1], capacity: 2, occupancy: 1, waiting: waiting) == nil)
        // A new high-urgency referral sent earlier than the list's head goes first.
        #expect(WaitingList.mayAccept(entry("n", .high, "2026-01-05"), capacity: 2, occupancy: 1, waiting: waiting) == nil)
        #expect(WaitingList.mayAccept(entry("n", .low, "2026-01-01"), capacity: 2, occupancy: 1, waiting: waiting) == .notFirst)
        // No fixed number of places: only the order matters.
        #expect(WaitingList.mayAccept(entry("n", .medium, "2026-01-01"), capacity: nil, occupancy: 500, waiting: []) == nil)
    }

    @Test func answersAreTypedByTheirQuestion() {
        typealias P = InventoryAnswerProblem
        let cases: [(QuestionKind, String, Bool, [String], Result<String?, P>)] = [
            (.text, "  day centre  ", true, [], .success("day centre")),
            (.text, "", true, [], .failure(.required)),
            (.text, "", false, [], .success(nil)),
            (.text, String(repeating: "x", count: 2001), false, [], .failure(.tooLong)),
            (.number, "12", true, [], .success("12")),
            (.number, "1 200", true, [], .success("1200")),
            (.number, "twelve", true, [], .failure(.notNumber)),
            (.number, "3.5", true, [], .failure(.notNumber)),
            (.number, "-1", true, [], .failure(.negative)),
            (.choice, "yes", true, ["yes", "no"], .success("yes")),
            (.choice, "maybe", true, ["yes", "no"], .failure(.notChoice)),
            (.territoryGrid, "4", false, [], .success("4")),
        ]
        for (kind, raw, required, choices, expected) in cases {
            #expect(AnswerRules.check(kind, raw: raw, required: required, choices: choices) == expected, "\(kind) \(raw)")
        }
    }

    @Test func gridAnswersAreNumbersPerEtrap() {
        let codes = ["M-MRY", "M-BAY"]
        #expect(AnswerRules.checkGrid(["M-MRY": "3", "M-BAY": ""], codes: codes, required: true) == .success(["M-MRY": 3]))
        #expect(AnswerRules.checkGrid(["M-MRY": "three"], codes: codes, required: false) == .failure(.notNumber))
        #expect(AnswerRules.checkGrid([:], codes: codes, required: true) == .failure(.required))
        #expect(AnswerRules.checkGrid([:], codes: codes, required: false) == .success([:]))
        // Cells for etraps outside the provider's welaýat are ignored, not stored.
        #expect(AnswerRules.checkGrid(["L-CAR": "9"], codes: codes, required: false) == .success([:]))
    }

    @Test func twoFullTimePostsMayNotOverlap() {
        let held = Tenure(start: "2024-01-01", end: "2024-12-31", fullTime: true)
        let open = Tenure(start: "2025-03-01", end: nil, fullTime: true)
        let partTime = Tenure(start: "2024-06-01", end: nil, fullTime: false)
        #expect(WorkforceRules.fullTimeClash(Tenure(start: "2024-12-31", end: nil, fullTime: true), existing: [held]) == held, "one shared day is an overlap")
        #expect(WorkforceRules.fullTimeClash(Tenure(start: "2025-01-01", end: "2025-02-28", fullTime: true), existing: [held, open]) == nil)
        #expect(WorkforceRules.fullTimeClash(Tenure(start: "2030-01-01", end: nil, fullTime: true), existing: [open]) == open, "an open-ended post runs on")
        #expect(WorkforceRules.fullTimeClash(Tenure(start: "2024-03-01", end: nil, fullTime: false), existing: [held]) == nil, "part time may be combined")
        #expect(WorkforceRules.fullTimeClash(Tenure(start: "2024-07-01", end: nil, fullTime: true), existing: [partTime]) == nil)
        #expect(held.isActive(on: "2024-06-30") && !held.isActive(on: "2025-01-01") && open.isActive(on: "2099-01-01"))
    }

    @Test func ratiosAreNeverMadeUp() {
        #expect(Ratio.per10k(45, population: 1_613_386).map { ($0 * 1000).rounded() / 1000 } == 0.279)
        #expect(Ratio.per10k(3, population: nil) == nil)
        #expect(Ratio.per10k(3, population: 0) == nil)
        #expect(Ratio.percent(2, of: 3).map { $0.rounded() } == 67)
        #expect(Ratio.percent(0, of: 0) == nil)
        #expect(Ratio.display(0.27891) == "0,28")
        #expect(Ratio.display(12.5, decimals: 0) == "13")
        #expect(Ratio.display(1.05) == "1,05")
        #expect(Ratio.display(nil) == "—")
    }
}
