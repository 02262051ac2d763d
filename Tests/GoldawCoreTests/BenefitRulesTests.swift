import Foundation
import Testing
@testable import GoldawCore

private func d(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }
private func m(_ iso: String) -> BenefitMonth { BenefitMonth(iso: iso)! }
private let table = ParameterTable(ParameterTable.seed)

@Suite("Benefit amounts") struct BenefitAmountTests {
    /// reference/domain.md §3.2: 507, 507, 975, 1,950, 2,340, 3,120, 3,900, then 4,680 TMT.
    @Test(arguments: [(1, 50_700), (2, 50_700), (3, 97_500), (4, 195_000), (5, 234_000),
                      (6, 312_000), (7, 390_000), (8, 468_000), (9, 468_000), (14, 468_000)])
    func birthGrantByOrder(order: Int, tenne: Int64) throws {
        let amount = try Entitlement.amount(.birthGrant, month: m("2022-03"), table: table, birthOrder: order)
        #expect(amount.amount == Money(tenne: tenne))
        #expect(!amount.usesUnconfirmed)
    }

    @Test func whoeverComputedAPayrollDoesNotApproveIt() {
        let maker = UUID(), checker = UUID()
        #expect(PayrollApproval.refusal(status: .computed, usesUnconfirmed: false, computedBy: maker, approver: checker) == nil)
        #expect(PayrollApproval.refusal(status: .computed, usesUnconfirmed: false, computedBy: maker, approver: maker) == .ownComputation)
        #expect(PayrollApproval.refusal(status: .computed, usesUnconfirmed: true, computedBy: maker, approver: checker) == .unconfirmed)
        for status in [PayrollStatus.draft, .approved, .paid, .reconciled] {
            #expect(PayrollApproval.refusal(status: status, usesUnconfirmed: false, computedBy: maker, approver: checker) == .notComputed)
        }
        #expect(PayrollApproval.Refusal.ownComputation.rawValue == "benefits.four_eyes")
    }

    @Test func childCareIs292_50AndEneMahriAdds30Percent() throws {
        let plain = try Entitlement.amount(.childCare, month: m("2022-01"), table: table)
        #expect(plain.amount.formatted == "292,50 TMT")
        #expect(plain.trail == "base_amount=39000@2022-01-01;child_care.percent=7500@2022-01-01")
        let titled = try Entitlement.amount(.childCare, month: m("2022-01"), table: table, eneMahri: true)
        #expect(titled.amount == Money(tenne: 38_025))
    }

    @Test func schoolSuppliesIsOneMinimumWageFrom2023() throws {
        #expect(try Entitlement.amount(.schoolSupplies, month: m("2023-08"), table: table).amount == Money(manat: 1_160))
        #expect(throws: EntitlementProblem.self) { try Entitlement.amount(.schoolSupplies, month: m("2022-08"), table: table) }
    }

    @Test func unconfirmedAmountsAreFlagged() throws {
        for programme in [Programme.childDisability, .breadwinnerLoss, .socialAllowance] {
            #expect(try Entitlement.amount(programme, month: m("2024-05"), table: table).usesUnconfirmed)
        }
    }

    @Test func valueValidForTheMonthIsUsed() throws {
        let raised = ParameterTable(ParameterTable.seed + [ParameterValue(key: .baseAmount, validFrom: d("2025-01-01"), value: 42_900)])
        #expect(try Entitlement.amount(.childCare, month: m("2024-12"), table: raised).amount == Money(tenne: 29_250))
        #expect(try Entitlement.amount(.childCare, month: m("2025-01"), table: raised).amount == Money(tenne: 32_175))
        #expect(throws: EntitlementProblem.self) { try Entitlement.amount(.childCare, month: m("2021-12"), table: raised) }
    }

    @Test func newValuesOnlyStartAfterTheLastOne() {
        #expect(table.check(ParameterValue(key: .baseAmount, validFrom: d("2022-01-01"), value: 40_000))
                == .overlaps(existingFrom: d("2022-01-01")))
        #expect(table.check(ParameterValue(key: .baseAmount, validFrom: d("2021-06-01"), value: 40_000))
                == .overlaps(existingFrom: d("2022-01-01")))
        #expect(table.check(ParameterValue(key: .baseAmount, validFrom: d("2026-01-01"), value: 0)) == .valueOutOfRange)
        #expect(table.check(ParameterValue(key: .childCareMonthRule, validFrom: d("2026-01-01"), value: 7)) == .valueOutOfRange)
        #expect(table.check(ParameterValue(key: .baseAmount, validFrom: d("2026-01-01"), value: 42_900)) == nil)
    }

    @Test func percentRoundsHalfUp() {
        #expect(Percent.of(Money(tenne: 29_250), 13_000) == Money(tenne: 38_025))
        #expect(Percent.of(Money(tenne: 1), 5_000) == Money(tenne: 1))
        #expect(Percent.of(Money(tenne: 3), 3_333) == Money(tenne: 1))
        #expect(TopUp.percent(1_000).amount(on: Money(tenne: 29_250)) == Money(tenne: 2_925))
        #expect(TopUp.fixed(Money(manat: 100)).amount(on: Money(tenne: 29_250)) == Money(manat: 100))
    }

    @Test func birthOrderCountsTwinsOneAfterTheOther() {
        let siblings = [(birth: d("2018-04-02"), number: "P-1"), (birth: d("2021-09-10"), number: "P-7"),
                        (birth: d("2021-09-10"), number: "P-8"), (birth: d("2024-01-05"), number: "P-9")]
        #expect(Entitlement.birthOrder(of: siblings[0], siblings: siblings) == 1)
        #expect(Entitlement.birthOrder(of: siblings[1], siblings: siblings) == 2)
        #expect(Entitlement.birthOrder(of: siblings[2], siblings: siblings) == 3)
        #expect(Entitlement.birthOrder(of: siblings[3], siblings: siblings) == 4)
        #expect(Entitlement.birthOrder(of: (birth: d("2026-02-01"), number: "P-20"), siblings: siblings) == 5)
    }
}

@Suite("Child-care months") struct ChildCareMonthTests {
    /// The default rule: the birth month and the month of the third birthday are both paid.
    @Test(arguments: [
        ("2023-05-31", "2023-05", true),   // born on the last day: the month counts
        ("2023-06-01", "2023-05", false),  // not yet born
        ("2023-05-31", "2026-05", true),   // under 3 on 1 May 2026
        ("2023-05-31", "2026-06", false),  // 3 on 31 May 2026
        ("2023-05-01", "2026-05", false),  // 3 on the first day itself
        ("2023-05-02", "2026-05", true),
        ("2020-02-29", "2023-02", true),   // leap-day birthday: 3 on 1 March 2023
        ("2020-02-29", "2023-03", false),
    ])
    func defaultRule(birth: String, month: String, counts: Bool) {
        let rule = ChildCareMonthRule.bornByLastDayUnderLimitOnFirstDay
        #expect(rule.counts(birth: d(birth), month: m(month), ageLimit: 3) == counts)
        #expect(rule.birthRange(month: m(month), ageLimit: 3).contains(d(birth)) == counts)
    }

    @Test(arguments: [
        ("2023-05-01", "2023-05", true), ("2023-05-02", "2023-05", false),
        ("2023-05-31", "2026-04", true), ("2023-05-31", "2026-05", false),
    ])
    func wholeMonthsRule(birth: String, month: String, counts: Bool) {
        let rule = ChildCareMonthRule.wholeMonthsOnly
        #expect(rule.counts(birth: d(birth), month: m(month), ageLimit: 3) == counts)
        #expect(rule.birthRange(month: m(month), ageLimit: 3).contains(d(birth)) == counts)
    }

    @Test func monthsAddAcrossYears() {
        #expect(m("2026-11").adding(months: 2) == m("2027-01"))
        #expect(m("2026-01").adding(months: -1) == m("2025-12"))
        #expect(m("2024-02").lastDay == d("2024-02-29"))
        #expect(BenefitMonth(iso: "2026-13") == nil && BenefitMonth(iso: "26-01") == nil)
    }
}

@Suite("Eligibility") struct EligibilityTests {
    func rules(_ p: Programme) -> RuleSet { RuleSet.seed.first { $0.programme == p }! }

    @Test func newbornWithMotherIsEligibleForBothBirthBenefits() {
        var facts = EligibilityFacts(birth: d("2026-10-01"), sex: .female)
        facts.applicant = .mother
        facts.birthOrder = 3
        for p in [Programme.birthGrant, .childCare] {
            let decision = rules(p).evaluate(facts, on: d("2026-11-23"))
            #expect(decision.eligible, "\(p)")
            #expect(decision.outcomes.count == rules(p).rules.count)
        }
    }

    @Test func everyFailingRuleSaysWhy() {
        var facts = EligibilityFacts(birth: d("2022-01-10"), sex: .male)
        facts.applicant = nil
        facts.abroad = true
        facts.fullStateSupport = true
        facts.deathDate = d("2026-01-01")
        let decision = rules(.childCare).evaluate(facts, on: d("2026-11-23"))
        #expect(!decision.eligible)
        #expect(decision.outcomes.filter { !$0.passed }.map(\.reason) == [
            "eligibility.alive.dead", "eligibility.age.old", "eligibility.applicant.unlinked",
            "eligibility.residence.abroad", "eligibility.state_support.supported"])
        #expect(decision.outcomes[1].arguments["age"] == "4")
        #expect(decision.ruleVersion == "child_care@2022-01-01")
    }

    @Test(arguments: [(Sex.female, "1969-11-23", true), (.female, "1969-11-24", false),
                      (.male, "1964-11-23", true), (.male, "1970-01-01", false)])
    func socialAllowanceAgeBySex(sex: Sex, birth: String, eligibleByAge: Bool) {
        var facts = EligibilityFacts(birth: d(birth), sex: sex)
        facts.applicant = .beneficiary
        #expect(rules(.socialAllowance).evaluate(facts, on: d("2026-11-23")).eligible == eligibleByAge)
        facts.pension = true
        #expect(!rules(.socialAllowance).evaluate(facts, on: d("2026-11-23")).eligible)
    }

    @Test func schoolSuppliesNeedOrphanhoodAndNoStateSupport() {
        var facts = EligibilityFacts(birth: d("2015-03-01"), sex: .female)
        facts.applicant = .guardian
        facts.mother = .dead
        facts.father = .dead
        #expect(rules(.schoolSupplies).evaluate(facts, on: d("2026-07-01")).eligible)
        facts.father = .deprivedOfRights
        #expect(rules(.schoolSupplies).evaluate(facts, on: d("2026-07-01")).outcomes.contains { $0.reason == "eligibility.parental_care.without_care" })
        facts.fullStateSupport = true
        #expect(!rules(.schoolSupplies).evaluate(facts, on: d("2026-07-01")).eligible)
        facts.fullStateSupport = false
        facts.father = .alive
        #expect(!rules(.schoolSupplies).evaluate(facts, on: d("2026-07-01")).eligible)
    }

    @Test func disabilityAndBreadwinnerRules() {
        var facts = EligibilityFacts(birth: d("2012-03-01"), sex: .male)
        facts.applicant = .father
        #expect(!rules(.childDisability).evaluate(facts, on: d("2026-07-01")).eligible)
        facts.officialDisability = true
        #expect(rules(.childDisability).evaluate(facts, on: d("2026-07-01")).eligible)
        #expect(!rules(.breadwinnerLoss).evaluate(facts, on: d("2026-07-01")).eligible)
        facts.mother = .declaredDead
        #expect(rules(.breadwinnerLoss).evaluate(facts, on: d("2026-07-01")).eligible)
        #expect(!rules(.breadwinnerLoss).evaluate(facts, on: d("2030-03-01")).eligible)
    }

    @Test func rulesRoundTripAsDataAndTheLatestVersionApplies() throws {
        let old = rules(.childCare)
        let newer = RuleSet(programme: .childCare, validFrom: d("2027-01-01"), rules: [.alive, .age(min: nil, under: 4)])
        let data = try JSONEncoder().encode([old, newer])
        let decoded = try JSONDecoder().decode([RuleSet].self, from: data)
        #expect(decoded == [old, newer])
        #expect(RuleSet.current(decoded, on: d("2026-12-31")) == old)
        #expect(RuleSet.current(decoded, on: d("2027-01-01")) == newer)
        #expect(RuleSet.current(decoded, on: d("2021-12-31")) == nil)
    }

    @Test func payrollMovesOneStepAtATime() {
        #expect(PayrollStatus.draft.next == .computed)
        #expect(PayrollStatus.paid.next == .reconciled)
        #expect(PayrollStatus.reconciled.next == nil)
    }

    /// Each step a user takes starts from the status before it, and only approving is the checker's.
    @Test func payrollStepsFollowTheStatusesAndSplitMakerFromChecker() {
        let table: [(PayrollStep, PayrollStatus?, Action)] = [
            (.compute, .draft, .runPayroll), (.approve, .computed, .approvePayroll), (.paid, .approved, .runPayroll),
            (.reissue, nil, .runPayroll), (.reconcile, .paid, .runPayroll),
        ]
        #expect(table.map(\.0) == PayrollStep.allCases)
        for (step, from, action) in table {
            #expect(step.from == from && step.action == action, "\(step)")
        }
        #expect(InventoryStep.allCases.map { $0.from } == [.draft, .open])
        #expect(InventoryRoundStatus.allCases.map(\.step) == [.open, .close, nil])
    }
}
