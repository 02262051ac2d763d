import Testing
@testable import GoldawCore

@Suite("Justice for children: the procedure's order and limits") struct JusticeRulesTests {
    let limits = JusticeLimits.initial

    /// (age at the offence, offence, below the age of criminal responsibility?)
    @Test(arguments: [
        (13, OffenceClass.violentGrave, true), (14, .violentGrave, false), (15, .propertyOther, true),
        (15, .propertyGrave, false), (16, .propertyOther, false), (14, .hooliganism, true),
        (14, .hooliganismGrave, false), (17, .traffic, false), (10, .other, true),
    ])
    func ageOfCriminalResponsibility(age: Int, offence: OffenceClass, below: Bool) {
        #expect(limits.isBelowAge(age, offence: offence) == below)
    }

    @Test func aChargeBelowTheAgeIsRefusedADiversionIsNot() {
        #expect(JusticeProcedure.decisionProblems(.charge, age: 13, offence: .violentGrave, limits: limits) == ["decision": "justice.validation.below_age"])
        #expect(JusticeProcedure.decisionProblems(.charge, age: 15, offence: .violentGrave, limits: limits).isEmpty)
        #expect(JusticeProcedure.decisionProblems(.diversion, age: 15, offence: .propertyOther, limits: limits).isEmpty)
    }

    /// Steps against the apprehension at 10:00 on 1 December 2026 and "now" at 12:00 on 3 December.
    @Test(arguments: [
        ("2026-12-01T09:59", JusticeProcedure.TimeProblem?.some(.beforeApprehension)),
        ("2026-12-01T10:00", nil), ("2026-12-02T23:30", nil), ("2026-12-03T12:00", nil),
        ("2026-12-03T12:30", .some(.inFuture)), ("2026-11-30T23:00", .some(.beforeApprehension)),
    ])
    func stepsComeAfterTheApprehensionAndNotInTheFuture(step: String, expected: JusticeProcedure.TimeProblem?) throws {
        let apprehended = try #require(LocalMoment(userInput: "2026-12-01T10:00")).secondsSince1970
        let now = try #require(LocalMoment(userInput: "2026-12-03 12:00")).secondsSince1970
        let moment = try #require(LocalMoment(userInput: step)).secondsSince1970
        #expect(JusticeProcedure.check(step: moment, apprehendedAt: apprehended, now: now) == expected)
    }

    @Test func momentsAreAshgabatTime() throws {
        // 00:30 in Aşgabat on 1 December is 19:30 UTC on 30 November.
        let moment = try #require(LocalMoment(userInput: "01.12.2026 00:30"))
        #expect(moment.secondsSince1970 == 1_796_067_000)
        #expect(LocalMoment(secondsSince1970: 1_796_067_000) == moment)
        #expect(moment.display == "01.12.2026 00:30")
        #expect(moment.input == "2026-12-01T00:30")
        #expect(LocalMoment(userInput: "2026-12-01T24:00") == nil)
        #expect(LocalMoment(userInput: "2026-12-01") == nil)
    }

    /// (hours in custody, over the 24-hour limit?)
    @Test(arguments: [(0.0, 0, false), (23.9, 23, false), (24.0, 24, false), (24.5, 24, true), (50.0, 50, true)])
    func custodyHoursAndTheLimit(hours: Double, whole: Int, over: Bool) {
        let start = 1_796_067_000.0
        let end = start + hours * 3600
        #expect(JusticeProcedure.custodyHours(from: start, to: end) == whole)
        #expect(JusticeProcedure.custodyOverLimit(from: start, to: end, limits: limits) == over)
    }

    @Test func pretrialDetentionNeedsAnOrderAndReviewsEveryFortnight() throws {
        #expect(JusticeProcedure.pretrialProblems(measure: .detention, orderReference: " ", orderDate: nil)
                == ["orderReference": "justice.validation.order_needed", "orderDate": "justice.validation.order_needed"])
        let ordered = try #require(CalendarDate(iso: "2026-11-10"))
        #expect(JusticeProcedure.pretrialProblems(measure: .detention, orderReference: "No 12/2026", orderDate: ordered).isEmpty)
        #expect(JusticeProcedure.pretrialProblems(measure: .releaseUnderSupervision, orderReference: "", orderDate: nil).isEmpty)
        let next = JusticeProcedure.nextReview(after: ordered, limits: limits)
        #expect(next.iso == "2026-11-24")
        #expect(!JusticeProcedure.reviewOverdue(next: next, today: try #require(CalendarDate(iso: "2026-11-24"))))
        #expect(JusticeProcedure.reviewOverdue(next: next, today: try #require(CalendarDate(iso: "2026-11-25"))))
        #expect(JusticeProcedure.days(from: ordered, to: try #require(CalendarDate(iso: "2026-12-08"))) == 28)
    }

    @Test func aCustodialSentenceNeedsItsLengthAndPlace() {
        #expect(JusticeProcedure.sentenceProblems(outcome: .custodial, months: nil, hasPlace: true, nonCustodial: nil) == ["months": "justice.validation.sentence_length"])
        #expect(JusticeProcedure.sentenceProblems(outcome: .custodial, months: 0, hasPlace: false, nonCustodial: nil)
                == ["months": "justice.validation.sentence_length", "place": "validation.choose"])
        #expect(JusticeProcedure.sentenceProblems(outcome: .custodial, months: 18, hasPlace: true, nonCustodial: nil).isEmpty)
        #expect(JusticeProcedure.sentenceProblems(outcome: .nonCustodial, months: nil, hasPlace: false, nonCustodial: nil) == ["sentence": "validation.choose"])
        #expect(JusticeProcedure.sentenceProblems(outcome: .acquittal, months: nil, hasPlace: false, nonCustodial: nil).isEmpty)
    }

    @Test func aReleaseComesAfterTheAdmission() {
        #expect(JusticeProcedure.releaseProblem(admitted: 100, released: 99) == "justice.validation.release_before_admission")
        #expect(JusticeProcedure.releaseProblem(admitted: 100, released: 100) == nil)
    }

    @Test func oneInterviewThenAReasonAndApproval() {
        #expect(InterviewRule.next(held: 0) == .none)
        #expect(InterviewRule.next(held: 1) == .reasonAndApproval)
        #expect(InterviewRule.next(held: 3) == .reasonAndApproval)
    }

    @Test(arguments: [(9, JusticeAgeGroup.under14), (13, .under14), (14, .from14to15), (15, .from14to15), (16, .from16to17), (17, .from16to17)])
    func ageGroups(age: Int, group: JusticeAgeGroup) {
        #expect(JusticeAgeGroup(age: age) == group)
    }

    @Test func durationMedianAndBands() {
        #expect(DurationFigures.median([]) == nil)
        #expect(DurationFigures.median([30]) == 30)
        #expect(DurationFigures.median([40, 10, 30]) == 30)
        #expect(DurationFigures.median([10, 20, 30, 41]) == 25)
        #expect(DurationFigures.band(0) == "0_7")
        #expect(DurationFigures.band(8) == "8_30")
        #expect(DurationFigures.band(365) == "181_365")
        #expect(DurationFigures.band(400) == "366_plus")
    }

    @Test func offenceGroupsFollowTransMonEE() {
        #expect(OffenceClass.violentGrave.group == .violent)
        #expect(OffenceClass.propertyOther.group == .property)
        #expect(OffenceClass.drugs.group == .other)
        #expect(OffenceClass.allCases.filter(\.grave) == [.violentGrave, .propertyGrave, .hooliganismGrave])
    }

    /// The rows of the access table for the justice roles: who reads a justice record, who
    /// records, who approves a second interview, and the loss of blanket registry browsing.
    @Test(arguments: [
        (Role.justiceOfficer, Action.viewJustice, Reach.inScope), (.justiceOfficer, .workJustice, .inScope),
        (.justiceOfficer, .viewPeople, .denied), (.justiceOfficer, .approveInterviews, .denied),
        (.justiceOfficer, .handleChildComplaints, .denied),
        (.socialWorker, .viewJustice, .inScope), (.socialWorker, .workJustice, .denied), (.socialWorker, .workWitnesses, .inScope),
        (.supervisor, .approveInterviews, .inScope), (.socialWorker, .approveInterviews, .denied),
        (.commissionMember, .decideDiversion, .inScope), (.commissionMember, .workJustice, .denied),
        (.detentionStaff, .reportDetention, .inScope), (.detentionStaff, .workJustice, .denied), (.detentionStaff, .viewPeople, .denied),
        (.independentMonitor, .handleChildComplaints, .inScope), (.independentMonitor, .inspectPlaces, .inScope),
        (.independentMonitor, .viewJustice, .denied), (.nationalAnalyst, .viewJustice, .denied),
        (.serviceProvider, .viewJustice, .denied), (.benefitsOfficer, .viewJustice, .denied),
        (.administrator, .managePlaces, .everywhere), (.administrator, .viewJustice, .denied),
    ])
    func accessTable(role: Role, action: Action, reach: Reach) {
        #expect(AccessPolicy.reach(role, action) == reach)
    }
}
