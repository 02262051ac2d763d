import Testing
@testable import GoldawCore

@Suite("Grievances: workflow") struct GrievanceWorkflowTests {
    /// Every status × action, written out: nil means refused.
    static let table: [(GrievanceStatus, GrievanceAction, GrievanceStatus?)] = [
        (.open, .assign, .assigned), (.open, .escalate, .escalated), (.open, .resolve, .resolved),
        (.open, .appeal, nil), (.open, .close, nil),
        (.assigned, .assign, .assigned), (.assigned, .escalate, .escalated), (.assigned, .resolve, .resolved),
        (.assigned, .appeal, nil), (.assigned, .close, nil),
        (.escalated, .assign, .escalated), (.escalated, .escalate, .escalated), (.escalated, .resolve, .resolved),
        (.escalated, .appeal, nil), (.escalated, .close, nil),
        (.resolved, .assign, nil), (.resolved, .escalate, nil), (.resolved, .resolve, nil),
        (.resolved, .appeal, .appealed), (.resolved, .close, .closed),
        (.appealed, .assign, .appealed), (.appealed, .escalate, .escalated), (.appealed, .resolve, .resolved),
        (.appealed, .appeal, nil), (.appealed, .close, nil),
        (.closed, .assign, nil), (.closed, .escalate, nil), (.closed, .resolve, nil),
        (.closed, .appeal, nil), (.closed, .close, nil),
    ]

    @Test func tableCoversEveryPair() {
        let pairs = Set(Self.table.map { "\($0.0.rawValue)/\($0.1.rawValue)" })
        #expect(pairs.count == GrievanceStatus.allCases.count * GrievanceAction.allCases.count)
        #expect(Self.table.count == pairs.count)
    }

    @Test(arguments: table)
    func transitions(from: GrievanceStatus, action: GrievanceAction, to: GrievanceStatus?) {
        #expect(GrievanceWorkflow.next(from: from, action) == to)
        #expect(GrievanceWorkflow.allowed(from: from, appealedBefore: false).contains(action) == (to != nil))
    }

    @Test func anAppealIsHeardOnce() {
        #expect(GrievanceWorkflow.next(from: .resolved, .appeal, appealedBefore: true) == nil)
        #expect(GrievanceWorkflow.next(from: .resolved, .close, appealedBefore: true) == .closed)
        #expect(GrievanceWorkflow.allowed(from: .resolved, appealedBefore: true) == [.close])
    }

    @Test func activeStatuses() {
        #expect(GrievanceStatus.active == [.open, .assigned, .escalated, .appealed])
        #expect(!GrievanceStatus.resolved.isActive && !GrievanceStatus.closed.isActive)
    }

    @Test func seededDeadlines() {
        let days = Dictionary(uniqueKeysWithValues: GrievanceCategory.allCases.map { ($0.rawValue, $0.defaultSLADays) })
        #expect(days == ["decision": 30, "payment_missing": 10, "payment_amount": 15, "service_quality": 20,
                         "staff_conduct": 15, "data_correction": 10, "other": 30])
        #expect(GrievanceSubject.application.needsReference && GrievanceSubject.payment.needsReference)
        #expect(!GrievanceSubject.other.needsReference)
        #expect(!GrievanceChannel.staffChannels.contains(.publicWeb))
    }
}

@Suite("Grievances: SLA") struct GrievanceSLATests {
    static func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

    /// (start, SLA days, today, state). 10 days from 1 March: due 11 March, at risk from 9 March
    /// (7.5 days elapsed rounds up to 8).
    @Test(arguments: [
        ("2026-03-01", 10, "2026-03-01", SLAState.onTrack),
        ("2026-03-01", 10, "2026-03-08", .onTrack),
        ("2026-03-01", 10, "2026-03-09", .atRisk),
        ("2026-03-01", 10, "2026-03-11", .atRisk),
        ("2026-03-01", 10, "2026-03-12", .breached),
        ("2026-03-01", 30, "2026-03-23", .onTrack),
        ("2026-03-01", 30, "2026-03-24", .atRisk),
        ("2026-03-01", 30, "2026-03-31", .atRisk),
        ("2026-03-01", 30, "2026-04-01", .breached),
        ("2026-02-20", 15, "2026-03-03", .onTrack),     // across the end of February
        ("2026-02-20", 15, "2026-03-04", .atRisk),
        ("2026-02-20", 15, "2026-03-08", .breached),
        ("2026-12-25", 20, "2027-01-09", .atRisk),      // across the new year
        ("2026-03-01", 4, "2026-03-03", .onTrack),
        ("2026-03-01", 4, "2026-03-04", .atRisk),
        ("2026-03-01", 0, "2026-03-01", .atRisk),       // due the same day: at risk at once
        ("2026-03-01", 0, "2026-03-02", .breached),
        ("2026-03-01", 10, "2026-02-27", .onTrack),     // a clock set wrong does not breach
    ])
    func states(start: String, days: Int, today: String, expected: SLAState) {
        let due = GrievanceSLA.dueDate(start: Self.day(start), days: days)
        #expect(GrievanceSLA.state(start: Self.day(start), due: due, today: Self.day(today)) == expected)
    }

    @Test(arguments: [(10, "2026-03-09"), (30, "2026-03-24"), (20, "2026-03-16"), (15, "2026-03-13"), (1, "2026-03-02"), (0, "2026-03-01")])
    func riskDates(days: Int, expected: String) {
        let start = Self.day("2026-03-01")
        #expect(GrievanceSLA.riskDate(start: start, due: GrievanceSLA.dueDate(start: start, days: days)).iso == expected)
    }

    /// The stored risk date and the computed state always agree, for every day around the window.
    @Test func riskDateMatchesSeventyFivePercent() {
        let start = Self.day("2026-01-10")
        for days in 0...60 {
            let due = GrievanceSLA.dueDate(start: start, days: days)
            for offset in -2...(days + 2) {
                let today = start.adding(days: offset)
                let elapsed = today.dayNumber - start.dayNumber
                let expected: SLAState = today > due ? .breached : (4 * elapsed >= 3 * days ? .atRisk : .onTrack)
                #expect(GrievanceSLA.state(start: start, due: due, today: today) == expected, "days \(days) offset \(offset)")
            }
        }
    }

    @Test(arguments: [
        (GrievanceStatus.open, 0, SLAState.onTrack, false), (.open, 0, .atRisk, false), (.open, 0, .breached, true),
        (.assigned, 1, .onTrack, true), (.escalated, 0, .onTrack, true), (.appealed, 0, .breached, true),
        (.resolved, 2, .breached, false), (.closed, 1, .breached, false),
    ])
    func escalatedOnTheDesk(status: GrievanceStatus, level: Int, state: SLAState, shown: Bool) {
        #expect(GrievanceSLA.showsEscalated(status: status, escalationLevel: level, state: state) == shown)
    }
}

@Suite("Grievances: tracking codes") struct TrackingCodeTests {
    @Test func generatedCodesAreWellFormedAndDiffer() {
        var seen: Set<String> = []
        for _ in 0..<2000 {
            let code = TrackingCode.generate()
            #expect(code.count == TrackingCode.length)
            #expect(TrackingCode.normalise(code) == code)
            #expect(TrackingCode.normalise(TrackingCode.display(code)) == code)
            seen.insert(code)
        }
        #expect(seen.count == 2000)
    }

    @Test func everyLetterOfTheAlphabetIsUsed() {
        var counts: [Character: Int] = [:]
        for _ in 0..<2000 { for c in TrackingCode.generate() { counts[c, default: 0] += 1 } }
        #expect(Set(counts.keys) == Set(TrackingCode.alphabet))
        #expect(TrackingCode.alphabet.count == 24)
        #expect(Set(TrackingCode.alphabet).isDisjoint(with: "0O1IL2Z5S68B"), "of each look-alike pair at most one is in")
    }

    @Test(arguments: [
        ("ACDE-FGHJ-KM", "ACDEFGHJKM"),
        ("acde-fghj-km", "ACDEFGHJKM"),
        ("ACDEFGHJKM", "ACDEFGHJKM"),
        (" acde fghj km ", "ACDEFGHJKM"),
        ("ACDE–FGHJ—KM", "ACDEFGHJKM"),     // dashes typed by phones
        ("3479-XYWV-UT", "3479XYWVUT"),
    ])
    func normalisesWhatPeopleType(raw: String, expected: String) {
        #expect(TrackingCode.normalise(raw) == expected)
    }

    @Test(arguments: ["", "ACDE-FGHJ-K", "ACDE-FGHJ-KMN", "ACDE-FGHJ-K0", "ACDE-FGHJ-KO", "ACDE-FGHJ-K1",
                      "ACDE-FGHJ-KB", "АCDE-FGHJ-KM" /* Cyrillic А */, "ACDE/FGHJ/KM", "ACDE-FGHJ-K%"])
    func refusesMalformedCodes(raw: String) {
        #expect(TrackingCode.normalise(raw) == nil)
    }

    @Test(arguments: [("ACDEFGHJKM", "ACDE-FGHJ-KM"), ("ACDE", "ACDE"), ("ACDEF", "ACDE-F"), ("", "")])
    func displays(code: String, shown: String) {
        #expect(TrackingCode.display(code) == shown)
    }
}
