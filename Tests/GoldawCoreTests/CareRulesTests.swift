import Testing
@testable import GoldawCore

@Suite("Care rules") struct CareRulesTests {
    static func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

    static func proposal(_ type: CareType, born: String = "2020-05-01", start: String = "2026-11-16", reasons: Set<EntryReason> = [.neglect],
                         exception: UnderThreeException? = nil, until: String? = nil, carer: CarerCapacity? = nil,
                         others: [PlacementSpan] = [], gatekept: Bool = true) -> PlacementProposal {
        PlacementProposal(type: type, start: day(start), childBirth: day(born), reasons: reasons, gatekept: gatekept, exception: exception,
                          exceptionUntil: until.map(day), carer: carer, others: others)
    }

    static let approved = CarerCapacity(status: .approved, kind: .foster, approvedUntil: day("2027-06-30"), capacity: 2, placed: 0)

    @Test func aPlacementThatMeetsTheRulesHasNoProblems() {
        #expect(CareRules.problems(Self.proposal(.foster, carer: Self.approved)).isEmpty)
        #expect(CareRules.problems(Self.proposal(.residential)).isEmpty)
    }

    @Test func povertyAloneIsRefusedButPovertyWithAnotherReasonIsNot() {
        #expect(CareRules.problems(Self.proposal(.residential, reasons: [.poverty])) == [.povertyOnly])
        #expect(CareRules.problems(Self.proposal(.residential, reasons: [.poverty, .abuse])).isEmpty)
        #expect(CareRules.problems(Self.proposal(.residential, reasons: [])) == [.noReason])
    }

    @Test func residentialCareNeedsTheGateAndAChildUnder3AnException() {
        #expect(CareRules.problems(Self.proposal(.residential, gatekept: false)) == [.notGatekept])
        let baby = "2025-06-01"
        #expect(CareRules.problems(Self.proposal(.residential, born: baby)) == [.underThreeNeedsException])
        #expect(CareRules.problems(Self.proposal(.residential, born: baby, exception: .emergency)).isEmpty)
        // A planned stay names its return, at most six months (183 days) ahead.
        #expect(CareRules.problems(Self.proposal(.residential, born: baby, exception: .plannedShortStay)) == [.underThreeNeedsException])
        #expect(CareRules.problems(Self.proposal(.residential, born: baby, exception: .plannedShortStay, until: "2027-05-18")).isEmpty)
        #expect(CareRules.problems(Self.proposal(.residential, born: baby, exception: .plannedShortStay, until: "2027-05-19")) == [.exceptionTooLong])
        // Three on the day of the start is no longer under 3.
        #expect(CareRules.problems(Self.proposal(.residential, born: "2023-11-16")).isEmpty)
        #expect(CareRules.exceptionEnd(start: Self.day("2026-11-16"), until: nil) == Self.day("2027-05-18"))
    }

    @Test func aFamilyPlacementNeedsAnApprovedCarerWithRoom() {
        #expect(CareRules.problems(Self.proposal(.foster)) == [.carerNeeded])
        var carer = Self.approved
        carer.kind = .kinship
        #expect(CareRules.problems(Self.proposal(.foster, carer: carer)) == [.carerWrongKind])
        carer = Self.approved
        carer.status = .trained
        #expect(CareRules.problems(Self.proposal(.foster, carer: carer)) == [.carerNotApproved])
        carer = Self.approved
        carer.approvedUntil = Self.day("2026-11-15")
        #expect(CareRules.problems(Self.proposal(.foster, carer: carer)) == [.carerExpired])
        carer = Self.approved
        carer.placed = 2
        #expect(CareRules.problems(Self.proposal(.foster, carer: carer)) == [.carerFull])
        var guardian = Self.approved
        guardian.kind = .guardian
        #expect(CareRules.problems(Self.proposal(.guardianship, carer: guardian)).isEmpty)
    }

    @Test func episodesOfOneChildDoNotShareANight() {
        let ended = PlacementSpan(start: Self.day("2026-01-01"), end: Self.day("2026-11-15"))
        #expect(CareRules.problems(Self.proposal(.residential, others: [ended])).isEmpty)
        let lastNight = PlacementSpan(start: Self.day("2026-01-01"), end: Self.day("2026-11-16"))
        #expect(CareRules.problems(Self.proposal(.residential, others: [lastNight])) == [.overlaps])
        let open = PlacementSpan(start: Self.day("2026-12-01"), end: nil)
        #expect(CareRules.problems(Self.proposal(.residential, others: [open])) == [.overlaps])
        var p = Self.proposal(.residential)
        p.end = Self.day("2026-11-01")
        #expect(CareRules.problems(p) == [.endBeforeStart])
        #expect(CareRules.problems(Self.proposal(.residential, born: "2008-01-01")) == [.notAChild])
    }

    @Test func reviewsFallDueThreeCalendarMonthsOn() {
        #expect(CareRules.reviewDue(start: Self.day("2026-08-31"), lastReview: nil) == Self.day("2026-11-30"))
        #expect(CareRules.reviewDue(start: Self.day("2026-08-31"), lastReview: Self.day("2026-11-30")) == Self.day("2027-02-28"))
        #expect(CareRules.addingMonths(-216, to: Self.day("2026-11-16")) == Self.day("2008-11-16"))
        #expect(CareRules.addingMonths(3, to: Self.day("2023-11-30")) == Self.day("2024-02-29"))
    }

    @Test func aSittingNeedsMoreThanHalfItsMembersAndAMajorityToCarry() {
        #expect(CareRules.quorum(members: 7) == 4)
        #expect(CareRules.quorum(members: 6) == 4)
        #expect(CareRules.hasQuorum(present: 3, members: 7) == false)
        #expect(CareRules.hasQuorum(present: 0, members: 0) == false)
        #expect(CareRules.carries(for: 3, against: 2, abstaining: 0, present: 5))
        #expect(!CareRules.carries(for: 2, against: 2, abstaining: 1, present: 5))
        #expect(!CareRules.carries(for: 4, against: 2, abstaining: 0, present: 5))
    }

    @Test func theTransMonEEAgeBands() {
        #expect([0, 2, 3, 6, 7, 17, 18, 20].map { CareAgeBand.of(age: $0) } == [.y0t2, .y0t2, .y3t6, .y3t6, .y7t17, .y7t17, .y18plus, .y18plus])
        #expect(ExitDestination.returnedToParents.transMonEECode == "PT_CHLD_LEFTRESCARE_RETURNED")
    }
}
