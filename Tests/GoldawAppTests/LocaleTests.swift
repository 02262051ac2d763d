import Foundation
import Testing
import Vapor
import GoldawCore
@testable import GoldawApp
@testable import GoldawPlatform
@testable import GoldawRegistry
@testable import GoldawBenefits
@testable import GoldawGrievances
@testable import GoldawSocialServices
@testable import GoldawCases
@testable import GoldawCare
@testable import GoldawIndicators
@testable import GoldawTools

/// The locale files load (every key once, in all three languages, no empty text, the same
/// placeholders), every key is used somewhere, and every key the code and the templates use exists.
@Suite("Locales") struct LocaleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func table(_ locale: AppLocale) throws -> [String: String] {
        try Localizer.load(directory: root.appendingPathComponent("Resources/Locales").path).tables[locale] ?? [:]
    }

    static func files(under folder: String, ending suffix: String) -> [String] {
        let base = root.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { ($0 as? URL)?.path }.filter { $0.hasSuffix(suffix) }
            .compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }
    }

    static func matches(_ pattern: String, in texts: [String]) throws -> Set<String> {
        let regex = try NSRegularExpression(pattern: pattern)
        var found: Set<String> = []
        for text in texts {
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                if let range = Range(match.range(at: 1), in: text) { found.insert(String(text[range])) }
            }
        }
        return found
    }

    /// Keys built at run time from enumerations, listed from the same enumerations.
    static var dynamicKeys: Set<String> {
        var keys: Set<String> = []
        Role.allCases.forEach { keys.insert("role.\($0.rawValue)") }
        ScopeKind.allCases.forEach { keys.insert("scope.\($0.rawValue)") }
        TerritoryLevel.allCases.forEach { keys.insert("level.\($0.rawValue)") }
        AppLocale.allCases.forEach { keys.insert("language.\($0.rawValue)") }
        ["missing", "invalid", "rate_limited", "disabled", "one_time_expired"].forEach { keys.insert("login.error.\($0)") }
        keys.insert("case.deadline.\(CasesDomain.duplicateReviewTask)")
        keys.insert("case.deadline.\(CasesDomain.deathRecordedTask)")
        ["created", "renamed", "merged", "abolished"].forEach { keys.insert("territories.kind.\($0)") }
        for kind in TerritoryChangeKind.allCases {
            keys.insert("territories.change.\(kind.rawValue).in")
            keys.insert("territories.change.\(kind.rawValue).out")
        }
        [PasswordRules.Problem.tooShort, .tooLong, .sameAsUsername, .tooSimple].forEach { keys.insert($0.rawValue) }
        [NameText.Problem.forbiddenCharacter, .tooLong].forEach { keys.insert($0.rawValue) }
        // Registry families, each from the enumeration or list the code renders from.
        for instrument in FunctioningInstrument.allCases {
            FunctioningRules.questions(for: instrument).forEach { keys.insert($0.labelKey) }
            for family in ["instrument", "note", "rule"] { keys.insert("functioning.\(family).\(instrument.rawValue)") }
        }
        FunctioningDomain.allCases.forEach { keys.insert("functioning.domain.\($0.rawValue)") }
        for scale in AnswerScale.allCases { scale.codes.forEach { keys.insert("functioning.scale.\(scale.rawValue).\($0)") } }
        ["unknown_question", "out_of_scale", "not_asked"].forEach { keys.insert("functioning.problem.\($0)") }
        PersonRecordsService.respondents.forEach { keys.insert("functioning.respondent.\($0)") }
        Sex.allCases.forEach { keys.insert("registry.sex.\($0.rawValue)") }
        LegalStatus.allCases.forEach { keys.insert("registry.legal.\($0.rawValue)") }
        Relationship.allCases.forEach { keys.insert("registry.relationship.\($0.rawValue)") }
        DocumentType.allCases.forEach {
            keys.insert("registry.document.\($0.rawValue)")
            keys.insert("registry.document_format.\($0.rawValue)")
        }
        PersonRecordsService.linkKinds.forEach { keys.insert("links.kind.\($0)") }
        ParentState.allCases.forEach { keys.insert("links.state.\($0.rawValue)") }
        GuardianshipForm.allCases.forEach { keys.insert("links.form.\($0.rawValue)") }
        PersonRecordsService.disabilityGroups.forEach { keys.insert("disability.group.\($0)") }
        ["open", "merged", "dismissed", "superseded"].forEach { keys.insert("duplicates.status.\($0)") }
        ["create", "update", "import"].forEach { keys.insert("duplicates.source.\($0)") }
        DuplicateReason.allCases.forEach { keys.insert("duplicates.reason.\($0.rawValue)") }
        RegistrySearch.Marker.allCases.forEach { keys.insert("registry.marker.\($0.rawValue)") }
        ["large_family", "single_parent"].forEach { keys.insert("registry.marker.\($0)") }
        ["all_or_nothing", "valid_only"].forEach { keys.insert("import.mode.\($0)") }
        let person = Person()
        person.givenName = ""; person.surname = ""; person.sex = ""; person.birthDate = ""
        person.birthDateEstimated = false; person.legalStatus = ""; person.territoryPath = ""
        for field in RegistryService.snapshot(person).keys { keys.insert("registry.history.field.\(field)") }
        ["record", "documents", "merge", "disabilityStatus", "familyLinks", "circumstance"].forEach { keys.insert("registry.history.field.\($0)") }
        // Benefits families.
        Programme.allCases.forEach { keys.insert("programme.\($0.rawValue)"); keys.insert("programme.frequency.\($0.frequency.rawValue)") }
        ParameterKey.allCases.forEach { keys.insert("parameter.\($0.rawValue)") }
        ChildCareMonthRule.allCases.forEach { keys.insert("parameter.month_rule.\($0.rawValue)") }
        BenefitDocument.allCases.forEach { keys.insert("document.\($0.rawValue)") }
        PaymentChannel.allCases.forEach { keys.insert("payment.channel.\($0.rawValue)") }
        ApplicationStatus.allCases.forEach { keys.insert("application.status.\($0.rawValue)") }
        ["officer", "birth_registration"].forEach { keys.insert("application.source.\($0)") }
        EnrolmentStatus.allCases.forEach { keys.insert("enrolment.status.\($0.rawValue)") }
        EnrolmentStopReason.allCases.forEach { keys.insert("enrolment.reason.\($0.rawValue)") }
        PayrollStatus.allCases.forEach { keys.insert("payroll.status.\($0.rawValue)") }
        PayrollLineKind.allCases.forEach { keys.insert("payroll.kind.\($0.rawValue)") }
        PayrollLineStatus.allCases.forEach { keys.insert("payroll.line.\($0.rawValue)") }
        // A reconciliation says how much it settled instead (payroll.reconciled, payroll.partly_reconciled).
        PayrollStep.allCases.filter { $0 != .reconcile }.forEach { keys.insert("payroll.step.\($0.rawValue)") }
        ApplicantRelation.allCases.forEach { keys.insert("benefits.relation.\($0.rawValue)") }
        ["beneficiary", "applicant"].forEach { keys.insert("benefits.role.\($0)") }
        Circumstance.allCases.forEach { keys.insert("circumstance.\($0.rawValue)") }
        ["active", "ended"].forEach { keys.insert("emergency.status.\($0)") }
        ["percent", "fixed"].forEach { keys.insert("emergency.kind.\($0)") }
        ["vertical", "horizontal"].forEach { keys.insert("emergency.measure_kind.\($0)") }
        let reasons: [String: [String]] = [
            "alive": ["ok", "dead"], "age": ["ok", "young", "old"], "age_by_sex": ["ok", "young"],
            "applicant": ["ok", "other", "unlinked"], "residence": ["ok", "abroad"],
            "parental_care": ["orphan", "without_care", "in_care"], "parent_deceased": ["ok", "none"],
            "disability": ["ok", "none"], "birth_order": ["ok", "unknown"], "state_support": ["ok", "supported"],
            "pension": ["ok", "pension"],
        ]
        for (rule, outcomes) in reasons {
            keys.insert("eligibility.rule.\(rule)")
            outcomes.forEach { keys.insert("eligibility.\(rule).\($0)") }
        }
        // Grievance families: enumerations, and one label, note, event and notice per action.
        GrievanceStatus.allCases.forEach { keys.insert("grievance.status.\($0.rawValue)") }
        GrievanceCategory.allCases.forEach { keys.insert("grievance.category.\($0.rawValue)") }
        GrievanceChannel.allCases.forEach { keys.insert("grievance.channel.\($0.rawValue)") }
        GrievanceSubject.allCases.forEach { keys.insert("grievance.subject.\($0.rawValue)") }
        SLAState.allCases.forEach { keys.insert("grievance.sla.\($0.rawValue)") }
        for action in GrievanceAction.allCases {
            for family in ["action", "note", "event", "flash"] { keys.insert("grievance.\(family).\(action.rawValue)") }
        }
        keys.insert("grievance.event.lodged")
        // Services families: the law's lists, the referral workflow, the inventory and the workforce.
        ServiceForm.allCases.forEach { keys.insert("services.form.\($0.rawValue)") }
        NeedGround.allCases.forEach { keys.insert("services.ground.\($0.rawValue)") }
        ProviderKind.allCases.forEach { keys.insert("services.kind.\($0.rawValue)") }
        ReferralStatus.allCases.forEach { keys.insert("referrals.status.\($0.rawValue)") }
        ReferralUrgency.allCases.forEach { keys.insert("referrals.urgency.\($0.rawValue)") }
        ConsentGiver.allCases.forEach { keys.insert("referrals.consent_by.\($0.rawValue)") }
        ReferralConsentScope.allCases.forEach { keys.insert("referrals.consent_scope.\($0.rawValue)") }
        ReferralService.sources.forEach { keys.insert("referrals.source.\($0)") }
        for action in ReferralAction.allCases {
            for family in ["action", "note", "event", "flash"] { keys.insert("referrals.\(family).\(action.rawValue)") }
        }
        keys.insert("referrals.event.sent")
        InventoryRoundStatus.allCases.forEach { keys.insert("inventory.status.\($0.rawValue)") }
        ResponseStatus.allCases.forEach { keys.insert("inventory.response.\($0.rawValue)") }
        QuestionKind.allCases.forEach { keys.insert("inventory.kind.\($0.rawValue)") }
        InventoryAnswerProblem.allCases.forEach { keys.insert("inventory.answer.\($0.rawValue)") }
        (InventoryStep.allCases.map(\.rawValue) + ApprovalDecision.allCases.map(\.rawValue)).forEach { keys.insert("inventory.flash.\($0)") }
        InventoryStep.allCases.forEach { keys.insert("inventory.step.\($0.rawValue)") }
        PostType.allCases.forEach { keys.insert("workforce.post.\($0.rawValue)") }
        RecruitmentStatus.allCases.forEach { keys.insert("workforce.recruitment.\($0.rawValue)") }
        DegreeField.allCases.forEach { keys.insert("workforce.degree.\($0.rawValue)") }
        // Case families.
        CaseStep.allCases.forEach { keys.insert("case.step.\($0.rawValue)") }
        RiskLevel.allCases.forEach { keys.insert("case.risk.\($0.rawValue)") }
        IdentificationSource.allCases.forEach { keys.insert("case.source.\($0.rawValue)") }
        DeadlineKind.allCases.forEach { keys.insert("case.deadline.\($0.rawValue)") }
        CaseDeadlines.State.allCases.forEach { keys.insert("case.task_state.\($0.rawValue)") }
        ConsentParty.allCases.forEach { keys.insert("case.party.\($0.rawValue)") }
        ConsentScope.allCases.forEach { keys.insert("case.scope.\($0.rawValue)") }
        ["allowed", "override", "blocked"].forEach { keys.insert("case.consent_state.\($0)") }
        ApprovalKind.allCases.forEach { keys.insert("case.approval.kind.\($0.rawValue)") }
        ApprovalStatus.allCases.forEach { keys.insert("case.approval.status.\($0.rawValue)") }
        [ApprovalRules.Refusal.notPending, .ownRequest, .commentRequired, .alreadyPending].forEach { keys.insert($0.rawValue) }
        [CaseClosure.Refusal.reasonRequired, .notApproved, .notOpen].forEach { keys.insert($0.rawValue) }
        ClosureReason.allCases.forEach { keys.insert("case.closure.\($0.rawValue)") }
        ["initial", "needs"].forEach { keys.insert("case.assessment.\($0)") }
        CaseService.visitKinds.forEach { keys.insert("case.visit.\($0)") }
        ["consent", "override"].forEach { keys.insert("case.referral.basis.\($0)") }
        ["record", "step", "consent", "consentOverride", "riskLevel", "approval", "closureReason", "reopenReason", "referral"]
            .forEach { keys.insert("case.history.field.\($0)") }
        ["worker", "incident", "transfer", "territory", "conference", "bestInterests"].forEach { keys.insert("case.history.field.\($0)") }
        TransferStatus.allCases.forEach { keys.insert("case.transfer.status.\($0.rawValue)") }
        [TransferRules.Refusal.notPending, .sameTerritory, .alreadyProposed, .reasonRequired].forEach { keys.insert($0.rawValue) }
        ConferenceAgency.allCases.forEach { keys.insert("case.agency.\($0.rawValue)") }
        BestInterestsDecision.allCases.forEach { keys.insert("case.bia.decision.\($0.rawValue)") }
        IncidentType.allCases.forEach { keys.insert("case.incident.type.\($0.rawValue)") }
        PerpetratorRelationship.allCases.forEach { keys.insert("case.incident.relationship.\($0.rawValue)") }
        IncidentReportedTo.allCases.forEach { keys.insert("case.incident.reported.\($0.rawValue)") }
        CaseService.snapshot(CaseRecord.blank).keys.forEach { keys.insert("case.history.field.\($0)") }
        // Care families: every list the care pages render from.
        CareType.allCases.forEach { keys.insert("care.type.\($0.rawValue)") }
        CarerKind.allCases.forEach { keys.insert("care.carer_kind.\($0.rawValue)") }
        CarerStatus.allCases.forEach { keys.insert("care.carer_status.\($0.rawValue)") }
        SettingKind.allCases.forEach { keys.insert("care.setting_kind.\($0.rawValue)") }
        EntryReason.allCases.forEach { keys.insert("care.reason.\($0.rawValue)") }
        ExitDestination.allCases.forEach {
            keys.insert("care.destination.\($0.rawValue)")
            keys.insert("care.series.left_to.\($0.rawValue)")
        }
        UnderThreeException.allCases.forEach { keys.insert("care.exception.\($0.rawValue)") }
        CareAlternative.allCases.forEach { keys.insert("care.alternative.\($0.rawValue)") }
        CareOutcome.allCases.forEach { keys.insert("care.outcome.\($0.rawValue)") }
        ReviewOutcome.allCases.forEach { keys.insert("care.review_outcome.\($0.rawValue)") }
        ContactKind.allCases.forEach { keys.insert("care.contact.\($0.rawValue)") }
        SiblingsPlacement.allCases.forEach { keys.insert("care.siblings.\($0.rawValue)") }
        CareRequestStatus.allCases.forEach { keys.insert("care.request_status.\($0.rawValue)") }
        ["planned", "open", "closed"].forEach { keys.insert("care.sitting_status.\($0)") }
        CareService.ministries.forEach { keys.insert("care.ministry.\($0)") }
        CareService.permanencyGoals.forEach { keys.insert("care.permanency.\($0)") }
        PlacementProblem.allCases.forEach { keys.insert("care.problem.\($0.rawValue)") }
        CareAgeBand.allCases.forEach {
            keys.insert("care.band.\($0.rawValue)")
            keys.insert("care.series.residential_band.\($0.rawValue)")
        }
        CareService.CarerStep.allCases.forEach { keys.insert("care.carer.step.\($0.rawValue)") }
        ["end", "plan", "review", "contact", "reintegration", "return"].forEach { keys.insert("care.flash.\($0)") }
        // Justice families, each from its enumeration; the procedure's refusals come from Core.
        OffenceClass.allCases.forEach { keys.insert("justice.offence.\($0.rawValue)") }
        JusticeStatus.allCases.forEach { keys.insert("justice.status.\($0.rawValue)") }
        CaseDecision.allCases.forEach { keys.insert("justice.decision.\($0.rawValue)") }
        DiversionKind.allCases.forEach { keys.insert("justice.diversion_kind.\($0.rawValue)") }
        DiversionOutcome.allCases.forEach { keys.insert("justice.diversion_outcome.\($0.rawValue)") }
        PretrialMeasure.allCases.forEach { keys.insert("justice.pretrial_measure.\($0.rawValue)") }
        CourtOutcome.allCases.forEach { keys.insert("justice.court_outcome.\($0.rawValue)") }
        NonCustodialSentence.allCases.forEach { keys.insert("justice.sentence.\($0.rawValue)") }
        DetentionKind.allCases.forEach { keys.insert("justice.detention_kind.\($0.rawValue)") }
        ReleaseKind.allCases.forEach { keys.insert("justice.release_kind.\($0.rawValue)") }
        (DetentionEntryKind.allCases.map(\.rawValue) + ["follow_up"]).forEach { keys.insert("justice.entry_kind.\($0)") }
        JusticePlaceKind.allCases.forEach { keys.insert("justice.place_kind.\($0.rawValue)") }
        WitnessRole.allCases.forEach { keys.insert("justice.witness_role.\($0.rawValue)") }
        InterviewStatus.allCases.forEach { keys.insert("justice.interview_status.\($0.rawValue)") }
        ["apprehended", "referred", "safeguards", "decision", "diversion_completed", "diversion_failed", "pretrial", "pretrial_review",
         "court", "released", "aftercare"].forEach { keys.insert("justice.event.\($0)") }
        ["apprehension", "victim_witness", "aftercare"].forEach { keys.insert("justice.find.purpose.\($0)") }
        ["continue", "end"].forEach { keys.insert("justice.review.\($0)") }
        ["yes", "no"].forEach { keys.insert("justice.approve.\($0)") }
        for step in ["safeguards", "decide", "outcome", "pretrial", "review", "court", "aftercare", "followup", "log", "release",
                     "interview", "request", "decide_interview", "inspect"] {
            keys.insert("justice.step.\(step)")
            keys.insert("justice.step.\(step).save")
        }
        keys.insert("justice.step.interview_approved")
        [JusticeProcedure.TimeProblem.beforeApprehension, .inFuture].forEach { keys.insert($0.rawValue) }
        ["justice.validation.below_age", "justice.validation.order_needed", "justice.validation.sentence_length",
         "justice.validation.release_before_admission"].forEach { keys.insert($0) }
        return keys
    }

    @Test func theLocaleFilesLoad() throws {
        let localizer = try Localizer.load(directory: Self.root.appendingPathComponent("Resources/Locales").path)
        let tk = try #require(localizer.tables[.tk]), ru = try #require(localizer.tables[.ru]), en = try #require(localizer.tables[.en])
        #expect(!tk.isEmpty && Set(tk.keys) == Set(ru.keys) && Set(tk.keys) == Set(en.keys))
        // One key from the platform's file and one from a domain's, with a placeholder filled.
        #expect([localizer.t("nav.home", .tk), localizer.t("nav.home", .ru), localizer.t("nav.home", .en)] == ["Baş sahypa", "Главная", "Home"])
        #expect(localizer.t("case.title", .ru, ["number": "7"]) == "Случай 7")
    }

    /// A key with its three texts, for the validator's faults below.
    static let good = ["tk": "Iş {number}", "ru": "Случай {number}", "en": "Case {number}"]

    static func refusal(_ files: [String: [String: [String: String]]]) -> LocaleFileError? {
        #expect(throws: LocaleFileError.self) { try Localizer.validate(files) }
    }

    @Test func aKeyInTwoFilesIsRefused() {
        let error = Self.refusal(["a.json": ["case.title": Self.good], "b.json": ["case.title": Self.good, "case.other": Self.good]])
        #expect(error == LocaleFileError(file: "b.json", key: "case.title", fault: .duplicateKey(firstIn: "a.json")))
        #expect(error?.description == #"locale file b.json: "case.title" is already defined in a.json"#)
    }

    @Test func aKeyWrittenTwiceInOneFileIsRefused() {
        let text = #"{"nav.home": {"tk": "a", "ru": "b", "en": "c"}, "nav.audit": {"tk": "a", "ru": "b", "en": "c", "tk": "d"}, "nav.home": {}}"#
        #expect(Localizer.repeatedKey(in: Data(text.utf8)) == "nav.audit.tk")
        #expect(Localizer.repeatedKey(in: Data(#"{"nav.home": {"tk": "a"}, "x": ["nav.home"], "nav.home": {}}"#.utf8)) == "nav.home")
        #expect(Localizer.repeatedKey(in: Data(#"{"a": {"tk": "\"b\", \"a\""}, "b": {"tk": "{\"a\": 1}"}}"#.utf8)) == nil)
        #expect(LocaleFileError(file: "a.json", key: "nav.home", fault: .duplicateKey(firstIn: "a.json")).description
            == #"locale file a.json: "nav.home" is written twice in this file"#)
    }

    @Test func aMissingLanguageIsRefused() {
        let error = Self.refusal(["cases.json": ["case.title": ["tk": "Iş {number}", "en": "Case {number}"]]])
        #expect(error == LocaleFileError(file: "cases.json", key: "case.title", fault: .missingLanguage(.ru)))
        #expect(error?.description == #"locale file cases.json: "case.title" has no "ru" text (every key needs tk, ru, en)"#)
    }

    @Test func anUnknownLanguageIsRefused() {
        let error = Self.refusal(["cases.json": ["case.title": Self.good.merging(["de": "Fall {number}"]) { $1 }]])
        #expect(error == LocaleFileError(file: "cases.json", key: "case.title", fault: .unknownLanguage("de")))
        #expect(error?.description == #"locale file cases.json: "case.title" has a text in "de", which is not one of tk, ru, en"#)
    }

    @Test func anEmptyTextIsRefused() {
        for blank in ["", "  ", "\n"] {
            let error = Self.refusal(["cases.json": ["case.title": Self.good.merging(["en": blank]) { $1 }]])
            #expect(error == LocaleFileError(file: "cases.json", key: "case.title", fault: .emptyText(.en)))
            #expect(error?.description == #"locale file cases.json: "case.title" has an empty "en" text"#)
        }
    }

    @Test func differingPlaceholdersAreRefused() {
        let error = Self.refusal(["cases.json": ["case.title": ["tk": "Iş {number}", "ru": "Случай {nomer}", "en": "Case"]]])
        #expect(error == LocaleFileError(file: "cases.json", key: "case.title",
                                         fault: .placeholdersDiffer([.tk: ["number"], .ru: ["nomer"], .en: []])))
        #expect(error?.description == #"locale file cases.json: "case.title" has different placeholders in its languages: tk {number}; ru {nomer}; en none"#)
        #expect(Localizer.placeholders(in: "{a} and {b_2} of {a}, not { c } or {} or {{d}") == ["a", "b_2", "d"])
    }

    @Test func goodFilesMergeIntoOneTablePerLanguage() throws {
        let tables = try Localizer.validate(["a.json": ["case.title": Self.good], "b.json": ["nav.home": ["tk": "Baş sahypa", "ru": "Главная", "en": "Home"]]])
        #expect(tables[.ru] == ["case.title": "Случай {number}", "nav.home": "Главная"])
        #expect(tables[.en] == ["case.title": "Case {number}", "nav.home": "Home"])
    }

    @Test func everyUsedKeyExistsAndEveryKeyIsUsed() throws {
        let keys = Set(try Self.table(.en).keys)
        let templates = Self.files(under: "Resources/Views", ending: ".leaf")
        // Every server target's sources; GoldawCore holds rules, not interface strings.
        let targets = (try? FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("Sources").path)) ?? []
        let sources = targets.filter { $0.hasPrefix("Goldaw") && $0 != "GoldawCore" }.sorted()
            .flatMap { Self.files(under: "Sources/\($0)", ending: ".swift") }
        #expect(!templates.isEmpty && !sources.isEmpty)
        let inTemplates = try Self.matches(#"#t\("([a-z0-9_.]+)"\)"#, in: templates)
        // Literal keys in Swift: any quoted dotted lower-case string whose first part names a key family.
        let families = Set(keys.map { String($0.split(separator: ".").first!) })
        let inSources = try Self.matches(#""([a-z0-9_]+(?:\.[a-z0-9_]+)+)""#, in: sources)
            .filter { families.contains(String($0.split(separator: ".").first!)) }
        let used = inTemplates.union(inSources).union(Self.dynamicKeys)
        let missing = used.subtracting(keys).filter { !$0.hasSuffix(".") }
        // Action raw values ("home.view", …) and audit actions share the dotted shape; they are not locale keys.
        // Action names, audit actions, and the prefixes a history reads its event kinds under.
        let notKeys = Set(Action.allCases.map(\.rawValue)).union(AuditAction.allCases.map(\.rawValue))
            .union(["grievance.event", "referrals.event"])
            // Demo usernames share the shape too ("justice.lebap").
            .union(DemoData.accounts.map(\.username))
        #expect(missing.subtracting(notKeys).isEmpty, "used but missing: \(missing.subtracting(notKeys).sorted())")
        let unused = keys.subtracting(used)
        #expect(unused.isEmpty, "defined but never used: \(unused.sorted())")
    }

    @Test func pagesRenderInEachLanguage() async throws {
        try await withTestApp { app in
            let browser = Browser(app)
            try await browser.login("t.supervisor")
            for (code, title) in [("ru", "Главная"), ("en", "Home"), ("tk", "Baş sahypa")] {
                let switched = try await browser.get("/locale/\(code)?back=%2F")
                #expect(switched.headers.first(name: .location) == "/")
                let home = try await browser.get("/")
                #expect(home.body.string.contains(#"<html lang="\#(code)">"#))
                #expect(home.body.string.contains(#"id="page-title">\#(title)"#))
            }
            #expect(try await Fixtures.user(app, "t.supervisor").locale == "tk")
            #expect(try await auditCount(app, action: .localeChanged) == 3)
            // The switch never redirects off the site.
            let offsite = try await browser.get("/locale/en?back=https%3A%2F%2Fevil.example")
            #expect(offsite.headers.first(name: .location) == "/")
        }
    }

    @Test func formattingFollowsTheHouseRules() {
        #expect(Money(tenne: 29_250).formatted == "292,50 TMT")
        #expect(Money(tenne: 123_456_78).formatted == "123\u{202F}456,78 TMT")
        #expect(CalendarDate(iso: "2026-01-05")!.display == "05.01.2026")
        #expect(DisplayFormat.date(iso: "2025-09-20") == "20.09.2025")
    }
}
