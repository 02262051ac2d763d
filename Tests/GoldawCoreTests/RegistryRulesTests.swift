import Testing
@testable import GoldawCore

@Suite("Documents") struct DocumentNumberTests {
    /// Passports and birth certificates share the series format "I-AŞ 123456" (not in the
    /// reference: see TurkmenDocumentSeries).
    @Test(arguments: [
        ("I-AŞ 123456", "I-AŞ 123456"),
        ("i-aş 123456", "I-AŞ 123456"),
        ("I-AŞ123456", "I-AŞ 123456"),
        ("I AŞ 123456", "I-AŞ 123456"),
        ("IAŞ123456", "I-AŞ 123456"),
        ("  I-AŞ 123456  ", "I-AŞ 123456"),
        ("I-AŞ-123456", "I-AŞ 123456"),
        ("I–AŞ № 123456", "I-AŞ 123456"),               // en dash, number sign
        ("II-MR 000001", "II-MR 000001"),
        ("III-DZ 654321", "III-DZ 654321"),
        ("IV-LB 123456", "IV-LB 123456"),
        ("I-BN 123456", "I-BN 123456"),
        ("I-AH 123456", "I-AH 123456"),
        // Cyrillic series of older documents.
        ("I-АШ №123456", "I-AŞ 123456"),
        ("I-АХ 123456", "I-AH 123456"),
        ("II-БН 123456", "II-BN 123456"),
        ("III-ДЗ 123456", "III-DZ 123456"),
        ("IV-ЛБ 123456", "IV-LB 123456"),
        ("II-МР 123456", "II-MR 123456"),
        ("ii-мр №123456", "II-MR 123456"),
        // Look-alikes and keyboard variants.
        ("I-АН 123456", "I-AH 123456"),                  // Cyrillic А and Н typed for AH
        ("I-ВN 123456", "I-BN 123456"),                  // Cyrillic В
        ("I-AȘ 123456", "I-AŞ 123456"),                  // comma below
        ("I-A$ 123456", "I-AŞ 123456"),                  // 1993 alphabet
        ("I-AS 123456", "I-AŞ 123456"),                  // no Turkmen keyboard
        ("І-AŞ 123456", "I-AŞ 123456"),                  // Cyrillic І
        ("İ-AŞ 123456", "I-AŞ 123456"),                  // Turkish İ
    ])
    func seriesNumbers(raw: String, normalised: String) {
        #expect(DocumentType.passport.normalise(raw) == normalised)
        #expect(DocumentType.birthCertificate.normalise(raw) == normalised)
    }

    @Test(arguments: [
        "", "I-AŞ", "123456", "AŞ 123456", "I-AŞ 12345", "I-AŞ 1234567", "I-AŞ 12345A", "I-AŞ 12 34 5",
        "V-AŞ 123456", "VI-AŞ 123456", "IIII-AŞ 123456", "IIV-AŞ 123456", "I-XX 123456", "I-A 123456",
        "I-AŞŞ 123456", "I--AŞ 123456", "I-MP 123456", "I-ЖЖ 123456", "X-AŞ 123456", "I-AŞ ١٢٣٤٥٦",
    ])
    func badSeriesNumbers(raw: String) {
        #expect(DocumentType.passport.normalise(raw) == nil)
        #expect(DocumentType.birthCertificate.normalise(raw) == nil)
    }

    @Test(arguments: [
        ("ab-123", "AB-123"),
        ("P 1234567", "P1234567"),
        ("№ C01X00T47", "C01X00T47"),
        ("abc", "ABC"),
        ("x—12", "X-12"),
        ("АБ123", "АБ123"),                               // foreign documents keep their letters
        (String(repeating: "9", count: 30), String(repeating: "9", count: 30)),
    ])
    func otherNumbers(raw: String, normalised: String) {
        #expect(DocumentType.other.normalise(raw) == normalised)
    }

    @Test(arguments: ["", "ab", "  a b ", "---", "AB_123", "AB/123", "AB.123", String(repeating: "9", count: 31)])
    func badOtherNumbers(raw: String) {
        #expect(DocumentType.other.normalise(raw) == nil)
    }

    @Test func rawValues() {
        #expect(DocumentType.allCases.map(\.rawValue) == ["passport", "birth_certificate", "other"])
        #expect(LegalStatus.allCases.map(\.rawValue) == ["citizen", "resident_foreigner", "stateless", "refugee"])
        #expect(Sex.allCases.map(\.rawValue) == ["female", "male"])
        #expect(Relationship.allCases.map(\.rawValue) == ["head", "spouse", "child", "grandchild", "parent", "sibling",
                                                          "other_relative", "non_relative"])
        #expect(ParentState.allCases.map(\.rawValue) == ["alive", "dead", "declared_dead", "deprived_of_rights",
                                                         "restricted_in_rights", "missing", "incapacitated", "unknown"])
        #expect(GuardianshipForm.allCases.map(\.rawValue) == ["guardianship", "custody"])
    }
}

@Suite("Phones") struct PhoneTests {
    @Test(arguments: [
        ("+993 65 12-34-56", "+99365123456"),
        ("+99365123456", "+99365123456"),
        ("993 65123456", "+99365123456"),
        ("8 65 123456", "+99365123456"),
        ("8 (65) 12-34-56", "+99365123456"),
        ("65123456", "+99365123456"),
        ("65 12 34 56", "+99365123456"),
        ("00993 65 123456", "+99365123456"),
        ("+993 (12) 34-56-78", "+99312345678"),
        ("8 12 34-56-78", "+99312345678"),
        ("  +993 71 234567 ", "+99371234567"),
        ("+993.62.123.456", "+99362123456"),
        // Foreign numbers are kept as written with their country code.
        ("+7 912 345-67-89", "+79123456789"),
        ("+49 30 1234567", "+49301234567"),
        ("0049 30 1234567", "+49301234567"),
        ("+90 212 123 4567", "+902121234567"),
        ("+1 2025550123", "+12025550123"),
    ])
    func normalises(raw: String, e164: String) {
        #expect(Phone.normalise(raw) == e164)
    }

    @Test(arguments: [
        "", "+", "abc", "6512345", "651234567", "0123456789", "01234567", "8 01234567", "9 65 123456",
        "+993 65 12345", "+993 6512345678", "993 6512345", "+993 01234567", "8 65 123456 7",
        "+7 123", "+1234567890123456", "+0123456789", "65-12-34-56 ext 1", "+993 65 123456 доб. 2",
        "65+123456", "+ +99365123456", "#65123456",
    ])
    func rejects(raw: String) {
        #expect(Phone.normalise(raw) == nil)
    }
}

@Suite("Age") struct AgeTests {
    @Test(arguments: [
        ("2000-05-10", "2018-05-09", 17),
        ("2000-05-10", "2018-05-10", 18),
        ("2000-05-10", "2018-05-11", 18),
        ("2000-12-31", "2001-12-30", 0),
        ("2000-12-31", "2001-12-31", 1),
        ("2024-01-01", "2024-01-01", 0),
        ("2024-01-02", "2024-01-01", -1),
        // 29 February: a year older on 1 March in common years, on 29 February in leap years.
        ("2008-02-29", "2026-02-28", 17),
        ("2008-02-29", "2026-03-01", 18),
        ("2008-02-29", "2024-02-28", 15),
        ("2008-02-29", "2024-02-29", 16),
        ("2008-02-29", "2009-02-28", 0),
        ("2008-02-29", "2009-03-01", 1),
        // Born 1 March: 28 February of a common year and 29 February of a leap year are both before.
        ("2007-03-01", "2024-02-29", 16),
        ("2007-03-01", "2024-03-01", 17),
    ])
    func wholeYears(born: String, on date: String, years: Int) {
        #expect(Age.years(born: CalendarDate(iso: born)!, on: CalendarDate(iso: date)!) == years)
    }
}

@Suite("Child status") struct ChildStatusTests {
    /// (age, mother, father, orphan, without parental care). nil parent = not recorded /
    /// legally none; one recorded parent = single parent.
    @Test(arguments: [
        (10, ParentState?.some(.dead), ParentState?.some(.dead), true, false),
        (10, .declaredDead, .dead, true, false),
        (10, .declaredDead, .declaredDead, true, false),
        (10, .dead, nil, true, false),                     // only parent died
        (10, nil, .dead, true, false),
        (10, nil, .declaredDead, true, false),
        (0, .dead, nil, true, false),
        (17, .dead, .dead, true, false),
        (18, .dead, .dead, false, false),                 // adults are neither
        (-1, .dead, .dead, false, false),
        (10, .dead, .alive, false, false),
        (10, .alive, .alive, false, false),
        (10, .alive, nil, false, false),
        (10, nil, nil, false, false),                     // nothing recorded: nothing derived
        (10, .dead, .unknown, false, false),              // unknown is not assumed unable
        (10, .unknown, nil, false, false),
        (10, .dead, .deprivedOfRights, false, true),
        (10, .deprivedOfRights, .deprivedOfRights, false, true),
        (10, .restrictedInRights, .missing, false, true),
        (10, .incapacitated, .declaredDead, false, true),
        (10, .deprivedOfRights, nil, false, true),        // single parent deprived
        (10, nil, .missing, false, true),
        (10, .incapacitated, nil, false, true),
        (10, .missing, .alive, false, false),             // the other parent can care
        (10, .restrictedInRights, .unknown, false, false),
        (17, .deprivedOfRights, .dead, false, true),
        (18, .deprivedOfRights, nil, false, false),
    ])
    func orphanAndWithoutCare(age: Int, mother: ParentState?, father: ParentState?, orphan: Bool, withoutCare: Bool) {
        #expect(ChildStatusRules.isOrphan(ageYears: age, mother: mother, father: father) == orphan)
        #expect(ChildStatusRules.isWithoutParentalCare(ageYears: age, mother: mother, father: father) == withoutCare)
    }

    @Test(arguments: [(-1, nil), (0, GuardianshipForm.guardianship), (6, .guardianship), (7, .custody),
                      (14, .custody), (17, .custody), (18, nil), (40, nil)])
    func placementForm(age: Int, form: GuardianshipForm?) {
        #expect(ChildStatusRules.placementForm(ageYears: age) == form)
    }
}

@Suite("Households") struct HouseholdRulesTests {
    static func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

    static func span(_ person: String, _ relationship: Relationship = .child, _ from: String = "2020-01-01",
                     _ to: String? = nil, household: String = "h1") -> MembershipSpan {
        MembershipSpan(personID: person, householdID: household, relationship: relationship, from: day(from), to: to.map(day))
    }

    @Test func oneHeadAndDistinctMembersIsFine() {
        let members = [Self.span("p1", .head), Self.span("p2", .spouse), Self.span("p3", .child)]
        #expect(HouseholdRules.problems(memberships: members, on: Self.day("2024-01-01")).isEmpty)
        #expect(HouseholdRules.problems(memberships: members, on: nil).isEmpty)
    }

    @Test func noHead() {
        let members = [Self.span("p2", .spouse), Self.span("p3", .child)]
        #expect(HouseholdRules.problems(memberships: members, on: Self.day("2024-01-01")) == [.noHead])
    }

    @Test func twoHeads() {
        let members = [Self.span("p1", .head), Self.span("p2", .head), Self.span("p3")]
        #expect(HouseholdRules.problems(memberships: members, on: Self.day("2024-01-01")) == [.severalHeads])
    }

    @Test func personTwice() {
        let members = [Self.span("p1", .head), Self.span("p2", .child), Self.span("p2", .grandchild),
                       Self.span("p3"), Self.span("p2", .sibling)]
        #expect(HouseholdRules.problems(memberships: members, on: Self.day("2024-01-01")) == [.personTwice("p2")])
        #expect(HouseholdRules.problems(memberships: members.filter { $0.relationship != .head }, on: nil)
                == [.noHead, .personTwice("p2")])
    }

    @Test func membershipCountsOnlyOnItsDates() {
        // The head changed on 1 April 2024: one head on every day, two if dates are ignored.
        let members = [Self.span("p1", .head, "2010-01-01", "2024-03-31"), Self.span("p2", .head, "2024-04-01"),
                       Self.span("p3", .child, "2015-06-01")]
        #expect(HouseholdRules.problems(memberships: members, on: Self.day("2024-03-31")).isEmpty)
        #expect(HouseholdRules.problems(memberships: members, on: Self.day("2024-04-01")).isEmpty)
        #expect(HouseholdRules.problems(memberships: members, on: nil) == [.severalHeads])
        // Before the child joined and before anyone did.
        #expect(HouseholdRules.problems(memberships: members, on: Self.day("2012-01-01")).isEmpty)
        #expect(HouseholdRules.problems(memberships: members, on: Self.day("2009-12-31")).isEmpty)
        // The same person leaving and coming back is not twice.
        let back = [Self.span("p1", .head), Self.span("p2", .child, "2020-01-01", "2021-12-31"), Self.span("p2", .child, "2023-01-01")]
        #expect(HouseholdRules.problems(memberships: back, on: Self.day("2024-01-01")).isEmpty)
        #expect(HouseholdRules.problems(memberships: back, on: nil) == [.personTwice("p2")])
        // A head who left leaves the household without one.
        let headLeft = [Self.span("p1", .head, "2010-01-01", "2024-03-31"), Self.span("p3", .child, "2015-06-01")]
        #expect(HouseholdRules.problems(memberships: headLeft, on: Self.day("2024-04-01")) == [.noHead])
        #expect(HouseholdRules.problems(memberships: [], on: nil).isEmpty)
    }

    /// (first span, second span, overlap): one person's memberships across households.
    @Test(arguments: [
        // Adjacent: the last day of one is the day before the first of the next.
        (span("p", .child, "2020-01-01", "2024-03-31", household: "h1"), span("p", .head, "2024-04-01", nil, household: "h2"), false),
        (span("p", .head, "2024-04-01", nil, household: "h2"), span("p", .child, "2020-01-01", "2024-03-31", household: "h1"), false),
        // Ends are inclusive: leaving and joining on the same day overlaps by that day.
        (span("p", .child, "2020-01-01", "2024-04-01", household: "h1"), span("p", .head, "2024-04-01", nil, household: "h2"), true),
        // Ongoing membership overlaps anything later.
        (span("p", .child, "2020-01-01", nil, household: "h1"), span("p", .head, "2030-01-01", nil, household: "h2"), true),
        (span("p", .child, "2020-01-01", nil, household: "h1"), span("p", .head, "2010-01-01", "2019-12-31", household: "h2"), false),
        (span("p", .child, "2020-01-01", nil, household: "h1"), span("p", .head, "2010-01-01", "2020-01-01", household: "h2"), true),
        // One inside the other; the same household twice at once.
        (span("p", .child, "2020-01-01", "2025-01-01", household: "h1"), span("p", .head, "2021-01-01", "2021-02-01", household: "h2"), true),
        (span("p", .child, "2020-01-01", nil, household: "h1"), span("p", .spouse, "2022-01-01", nil, household: "h1"), true),
        // One-day spans.
        (span("p", .child, "2020-01-01", "2020-01-01", household: "h1"), span("p", .head, "2020-01-01", "2020-01-01", household: "h2"), true),
        (span("p", .child, "2020-01-01", "2020-01-01", household: "h1"), span("p", .head, "2020-01-02", "2020-01-02", household: "h2"), false),
        // Different people never conflict.
        (span("p", .child, "2020-01-01", nil, household: "h1"), span("q", .child, "2020-01-01", nil, household: "h2"), false),
    ])
    func overlapping(first: MembershipSpan, second: MembershipSpan, overlap: Bool) {
        let pairs = HouseholdRules.overlapping([first, second])
        #expect(pairs.count == (overlap ? 1 : 0))
        if overlap, let pair = pairs.first { #expect(pair.0 == first && pair.1 == second) }
    }

    @Test func overlappingReportsEveryPair() {
        let spans = [Self.span("p", .child, "2010-01-01", "2015-12-31", household: "h1"),
                     Self.span("p", .head, "2016-01-01", nil, household: "h2"),
                     Self.span("p", .spouse, "2018-01-01", "2019-01-01", household: "h3"),
                     Self.span("p", .head, "2014-01-01", "2016-06-30", household: "h4")]
        let pairs = HouseholdRules.overlapping(spans).map { ($0.0.householdID, $0.1.householdID) }
        #expect(pairs.map { "\($0.0)-\($0.1)" } == ["h1-h4", "h2-h3", "h2-h4"])
        #expect(HouseholdRules.overlapping([]).isEmpty)
        #expect(HouseholdRules.overlapping([spans[0]]).isEmpty)
    }

    @Test(arguments: [(0, 4, false), (3, 4, false), (4, 4, true), (5, 4, true), (4, 5, false), (5, 5, true), (3, 3, true)])
    func largeFamily(children: Int, minimum: Int, large: Bool) {
        #expect(HouseholdRules.isLargeFamily(childrenUnder18: children, minimumChildren: minimum) == large)
    }

    @Test func largeFamilyDefaultsToFourChildren() {
        #expect(!HouseholdRules.isLargeFamily(childrenUnder18: 3))
        #expect(HouseholdRules.isLargeFamily(childrenUnder18: 4))
    }
}
