import Testing
@testable import GoldawCore

@Suite("Dates") struct CalendarDateTests {
    @Test(arguments: [
        ("2024-02-29", true), ("2023-02-29", false), ("2026-13-01", false), ("2026-04-31", false),
        ("2026-1-01", false), ("abcd-01-01", false), ("1900-02-29", false), ("2000-02-29", true),
    ])
    func parsesISO(text: String, valid: Bool) {
        #expect((CalendarDate(iso: text) != nil) == valid)
    }

    @Test func parsesWhatPeopleType() {
        #expect(CalendarDate(userInput: "5.1.2026")?.iso == "2026-01-05")
        #expect(CalendarDate(userInput: " 20.09.2025 ")?.iso == "2025-09-20")
        #expect(CalendarDate(userInput: "2025-09-20")?.display == "20.09.2025")
        #expect(CalendarDate(userInput: "31.02.2026") == nil)
        #expect(CalendarDate(userInput: "20/09/2025") == nil)
    }

    @Test func dayNumbersRoundTrip() {
        for number in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CalendarDate(dayNumber: number).dayNumber == number)
        }
        #expect(CalendarDate(iso: "1970-01-01")!.dayNumber == 0)
        #expect(CalendarDate(iso: "2026-03-01")!.adding(days: -1).iso == "2026-02-28")
    }

    @Test func todayIsAshgabatsDate() {
        // 2026-11-23 19:00 UTC is already 24 November in Ashgabat (UTC+5).
        let evening = Double(CalendarDate(iso: "2026-11-23")!.dayNumber * 86400 + 19 * 3600)
        #expect(CalendarDate.ashgabat(secondsSince1970: evening).iso == "2026-11-24")
        let morning = Double(CalendarDate(iso: "2026-11-23")!.dayNumber * 86400 + 18 * 3600)
        #expect(CalendarDate.ashgabat(secondsSince1970: morning).iso == "2026-11-23")
    }
}

@Suite("Money") struct MoneyTests {
    @Test(arguments: [(Int64(0), "0,00 TMT"), (5, "0,05 TMT"), (29_250, "292,50 TMT"), (39_000, "390,00 TMT"),
                      (116_000, "1\u{202F}160,00 TMT"), (-150, "-1,50 TMT"), (123_456_789_00, "123\u{202F}456\u{202F}789,00 TMT")])
    func formats(tenne: Int64, text: String) {
        #expect(Money(tenne: tenne).formatted == text)
    }

    @Test func manatAreHundredTenne() {
        #expect(Money(manat: 390).tenne == 39_000)
        #expect(Money(manat: 1) + Money(tenne: 50) == Money(tenne: 150))
    }
}

@Suite("Credentials") struct CredentialTests {
    @Test func passwordRules() {
        #expect(PasswordRules.problems(password: "123456789", username: "a") == [.tooShort])
        #expect(PasswordRules.problems(password: "1234567890", username: "a") == [.tooSimple])
        #expect(PasswordRules.problems(password: "aaaaaaaaaa", username: "a") == [.tooSimple])
        #expect(PasswordRules.problems(password: "abababababab", username: "a") == [.tooSimple])
        #expect(PasswordRules.problems(password: "abcdefghijk", username: "a") == [.tooSimple])
        #expect(PasswordRules.problems(password: "Qwertyuiop", username: "a") == [.tooSimple])
        #expect(PasswordRules.problems(password: "mekdep-2026-güýz", username: "a").isEmpty)
        #expect(PasswordRules.problems(password: "1234567899", username: "a").isEmpty)
        #expect(PasswordRules.problems(password: "Aman.Gurbanow", username: "aman.gurbanow") == [.sameAsUsername])
        #expect(PasswordRules.problems(password: String(repeating: "x", count: 129), username: "a") == [.tooLong])
    }

    @Test func lockoutAfterFiveFailuresForFifteenMinutes() {
        let rule = LockoutRule()
        #expect(rule.lockedUntil(failures: 4, now: 1000) == nil)
        let until: Double? = rule.lockedUntil(failures: 5, now: 1000)
        #expect(until == 1900.0)
        #expect(rule.isLocked(lockedUntil: 1900, now: 1899))
        #expect(!rule.isLocked(lockedUntil: 1900, now: 1900))
        #expect(!rule.isLocked(lockedUntil: nil, now: 0))
    }

    @Test(arguments: [("aman.gurbanow", true), ("ab", false), ("Aman", false), ("worker_2", true), ("a b", false), ("ýazgül", false)])
    func usernames(name: String, valid: Bool) {
        #expect(UsernameRule.isValid(name) == valid)
    }
}

@Suite("Access policy") struct AccessPolicyTests {
    @Test func scopesNest() {
        let etrap = Scope(kind: .district, territoryPath: "/TM-M/M-MRY/")
        #expect(etrap.contains(territoryPath: "/TM-M/M-MRY/"))
        #expect(!etrap.contains(territoryPath: "/TM-M/M-MRY-C/"), "Mary city is not Mary etrap")
        #expect(!etrap.contains(territoryPath: "/TM-L/L-CAR/"))
        #expect(!etrap.contains(territoryPath: nil))
        let region = Scope(kind: .region, territoryPath: "/TM-M/")
        #expect(region.contains(territoryPath: "/TM-M/M-MRY/"))
        #expect(!region.contains(territoryPath: "/TM-MX/"))
        #expect(Scope.national.contains(territoryPath: nil))
        let organisation = Scope(kind: .organisation, organisationID: "A")
        #expect(organisation.contains(territoryPath: "/TM-M/", organisationID: "A"))
        #expect(!organisation.contains(territoryPath: "/TM-M/", organisationID: "B"))
    }

    @Test func rolesAndScopes() {
        #expect(Role.administrator.allowedScopes == [.national])
        #expect(Role.serviceProvider.allowedScopes == [.organisation])
        #expect(Role.careStaff.allowedScopes == [.organisation])
        #expect(!Role.socialWorker.allowedScopes.contains(.national))
        #expect(Role.detentionStaff.allowedScopes == [.organisation])
        #expect(Role.independentMonitor.allowedScopes == [.national, .region, .district])
        #expect(Role.allCases.count == 12)
    }

    @Test func unknownRoleOrActionIsDenied() {
        for role in Role.allCases {
            for action in Action.allCases {
                #expect(AccessPolicy.allows(role, action) == (AccessPolicy.table[role]?[action].map { $0 != .denied } ?? false))
            }
        }
    }
}

@Suite("Language") struct LocaleNegotiationTests {
    @Test(arguments: [(nil, AppLocale.tk), ("ru-RU,ru;q=0.9", .ru), ("en-US,en;q=0.9,ru;q=0.8", .en),
                      ("de-DE,ru;q=0.5", .ru), ("fr", .tk), ("tk", .tk), ("en;q=0.2,ru;q=0.9", .ru)])
    func negotiates(header: String?, expected: AppLocale) {
        #expect(AppLocale.negotiate(acceptLanguage: header) == expected)
    }
}

@Suite("Territory catalogue") struct TerritoryCatalogTests {
    let entries = TerritoryCatalog.entries
    var byCode: [String: TerritoryEntry] { Dictionary(uniqueKeysWithValues: entries.map { ($0.code, $0) }) }

    func valid(on date: String) -> [TerritoryEntry] {
        entries.filter { $0.validFrom <= date && ($0.validTo ?? "9999") >= date }
    }

    @Test func codesAreUniqueAndASCII() {
        #expect(Set(entries.map(\.code)).count == entries.count)
        for entry in entries { #expect(entry.code.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "-") }, "\(entry.code)") }
    }

    @Test func currentDivisionMatchesTheReference() {
        let now = valid(on: "2025-10-01")
        #expect(now.filter { $0.level == .region }.count == 7)
        // 58 second-level units in §1.3, of which Arkadag is modelled as a region since 23.03.2023.
        #expect(now.filter { $0.level != .region }.count == 57)
        #expect(Set(now.compactMap(\.isoCode)) == ["TM-A", "TM-B", "TM-D", "TM-L", "TM-M", "TM-S"])
        #expect(byCode["TM-AR"]?.statisticsParentCode == "TM-A")
    }

    @Test func parentsCoverTheirChildren() throws {
        for entry in entries where entry.level != .region {
            let parent = try #require(entry.parentCode.flatMap { byCode[$0] }, "\(entry.code)")
            #expect(parent.validFrom <= entry.validFrom)
            #expect((parent.validTo ?? "9999") >= (entry.validTo ?? "9999"))
        }
    }

    @Test func changesPointAtEntriesThatEndAndBeginOnTheirDate() throws {
        for change in TerritoryCatalog.changes {
            let date = try #require(CalendarDate(iso: change.date))
            if let from = change.fromCode {
                let entry = try #require(byCode[from])
                if change.kind == .recreated {
                    // A re-creation refers back to a unit that ended earlier.
                    #expect((entry.validTo ?? "9999") < change.date, "\(from) must have ended before \(change.date)")
                } else {
                    #expect(entry.validTo == date.adding(days: -1).iso, "\(from) should end the day before \(change.date)")
                }
            }
            if let to = change.toCode, [.created, .renamed, .recreated, .moved].contains(change.kind) {
                let entry = try #require(byCode[to])
                #expect(entry.validFrom == change.date, "\(to) should begin on \(change.date)")
            }
        }
    }
}
