import Testing
@testable import GoldawCore

@Suite("Name folding") struct NameFoldingTests {

    // MARK: Spellings of one name that must meet

    /// Surnames: every spelling folds to the same `surnameKey` (gendered endings stripped).
    @Test(arguments: [
        ("OVEZ", ["Öwezow", "Овезов", "Ovezov", "Owezow", "Ovezova", "Öwezowa", "Овезова"]),
        ("ANA", ["Annaýew", "Аннаев", "Annayev", "Annaev", "Annaýewa", "Аннаева", "Annayeva"]),
        ("BERDIMUHAMET", ["Berdimuhamedow", "Бердымухамедов", "Berdymukhammedov", "Berdimuhammedow"]),
        ("NURMUHAMET", ["Nurmuhammedow", "Нурмухаммедов", "Nurmukhammedov"]),
        // Soviet-era Russian spellings (domain.md §2.1): a final voiced consonant, к for g
        // inside the word, a doubled consonant written single, у for y.
        ("MAMET", ["Mämmedow", "Мамедов", "Mammedov", "Mamedova", "Mämmedowa"]),
        ("GARAGOZ", ["Garagözow", "Каракёзов", "Karakozov", "Garagozowa"]),
        ("MIRAT", ["Myradow", "Мурадов", "Muradov", "Myradowa", "Мурадова"]),
        ("ATAMIRAT", ["Atamyradow", "Атамурадов", "Atamuradov"]),
        ("AGAGELDI", ["Agageldiýew", "Агагельдиев", "Akageldiyev", "Agageldiýewa"]),
        ("HALMIRAT", ["Halmyradow", "Халмурадов", "Khalmuradov"]),
        ("HOJAGELDI", ["Hojageldiýew", "Ходжагельдыев", "Khodzhageldyev", "Hodjageldiyev"]),
        ("CARI", ["Çaryýew", "Чарыев", "Charyev", "Chariyev", "Çaryýewa"]),
        ("ORAZ", ["Orazowa", "Оразова", "Orazova", "Orazow"]),
        ("REJEP", ["Rejepow", "Реджепов", "Redzhepov", "Rejepov", "Rejepowa"]),
        ("NIAZ", ["Nyýazow", "Ниязов", "Niyazov"]),
        ("ORAZ", ["Orazow ogly", "Orazgyzy"]),
    ])
    func surnameSpellingsMeet(expected: String, spellings: [String]) {
        for spelling in spellings {
            #expect(NameFolding.surnameKey(spelling) == expected, "\(spelling)")
        }
    }

    /// Given names and places: every spelling folds to the same `key`.
    @Test(arguments: [
        ("SOHRAT", ["Şöhrat", "Шохрат", "Shokhrat", "Shohrat", "Sohrat"]),
        ("GURBANGULI", ["Gurbanguly", "Гурбангулы", "Kurbanguly", "Курбангулы"]),
        ("MALIGULI", ["Mälikguly", "Мяликгулы", "Malikguly", "Myalikguly"]),
        ("AHMET", ["Ahmet", "Ахмед", "Akhmed", "Ahmed", "Ахмет"]),
        ("MIRAT", ["Myrat", "Мурад", "Murad", "Мурат", "Murat"]),
        ("MAGSAT", ["Maksat", "Максад", "Maksad", "Максат"]),
        ("MUHAMET", ["Muhammet", "Мухаммед", "Muhammed", "Мухамед", "Mukhammed"]),
        ("BEGMIRAT", ["Bekmyrat", "Бекмурад", "Begmyrat", "Bekmurad"]),
        ("ARAP", ["Arap", "Араб", "Arab"]),
        ("GARAGUM", ["Garagum", "Каракум", "Karakum"]),
        ("JEREN", ["Jeren", "Джерен", "Djeren", "Dzheren"]),
        ("YAZGUL", ["Ýazgül", "Язгуль", "Yazgul", "Yazgyul", "Язгюль"]),
        ("AYNA", ["Aýna", "Айна", "Ayna", "AÝNA"]),
        ("MAYSA", ["Maýsa", "Майса", "Maysa"]),
        ("GOGDEPE", ["Gökdepe", "Гёкдепе", "Gokdepe", "Gyokdepe"]),
        ("OGULGEREG", ["Ogulgerek", "Огулгерек"]),
        ("BAGTIAR", ["Bagtyýar", "Багтыяр", "Bagtiyar", "Bagtyyar"]),
        ("LEYLI", ["Leýli", "Лейли", "Leyli"]),
        ("DOVLET", ["Döwlet", "Довлет", "Dovlet"]),
        ("ELENA", ["Елена", "Yelena", "Elena"]),
        ("GAYP", ["Gaýyp", "Гайып", "Gayip"]),
    ])
    func givenSpellingsMeet(expected: String, spellings: [String]) {
        for spelling in spellings {
            #expect(NameFolding.key(spelling) == expected, "\(spelling)")
        }
    }

    // MARK: Different names that must stay apart

    /// Given names that are different names: different keys. Similarities are recorded so a
    /// change in the key rules that moves them shows up here.
    @Test(arguments: [
        ("Batyr", "Bagtyýar", 0.924),
        ("Merdan", "Serdar", 0.778),
        ("Aýna", "Anna", 0.925),
        ("Gurban", "Kurbanguly", 0.92),
        ("Maral", "Marat", 0.92),
        ("Döwlet", "Dowran", 0.767),
        ("Leýli", "Lale", 0.670),
        ("Jeren", "Jerenbike", 0.91),
        ("Hasan", "Hüseýin", 0.730),
        ("Aman", "Amanow", 0.93),
        // Pairs the Soviet-era rules must not join.
        ("Myrat", "Merdan", 0.73),
        ("Ahmet", "Ahmetjan", 0.925),
        ("Muhammet", "Myrat", 0.709),
        ("Tagan", "Tagtagül", 0.837),
        ("Arap", "Arslan", 0.8),
        ("Serdar", "Sapar", 0.63),
    ])
    func differentNamesStayApart(a: String, b: String, similarity expected: Double) {
        let ka = NameFolding.key(a), kb = NameFolding.key(b)
        #expect(ka != kb)
        let similarity = NameFolding.similarity(ka, kb)
        #expect(similarity < 1)
        #expect(abs(similarity - expected) < 0.01, "\(a)/\(b): \(ka)/\(kb) = \(similarity)")
    }

    /// Surnames that differ stay apart after their endings are stripped.
    @Test(arguments: [("Öwezow", "Orazow"), ("Annaýew", "Amanow"), ("Rejepowa", "Resulowa"), ("Çaryýew", "Saryýew")])
    func differentSurnamesStayApart(a: String, b: String) {
        #expect(NameFolding.surnameKey(a) != NameFolding.surnameKey(b))
    }

    /// Only like is compared with like: the surname Orazowa and the given name Oraz meet only
    /// through surnameKey, and the given-name keys differ.
    @Test func likeWithLike() {
        #expect(NameFolding.key("Oraz") != NameFolding.key("Orazowa"))
        #expect(NameFolding.surnameKey("Orazowa") == NameFolding.key("Oraz"))
    }

    @Test(arguments: [
        ("Durdyýewiç", "Durdy"), ("Annagylyjowiç", "Annagylyj"), ("Öwezowna", "Öwez"), ("Овезович", "Öwez"),
        ("Ovezovna", "Öwez"), ("Rejepowiç", "Rejep"), ("Реджеповна", "Rejep"), ("Redzhepovich", "Rejep"),
        ("Annaýewna", "Anna"), ("Аннаевна", "Anna"), ("Ahmet ogly", "Ahmet"), ("Maral gyzy", "Maral"),
    ])
    func patronymicKeepsFathersName(patronymic: String, father: String) {
        #expect(NameFolding.patronymicKey(patronymic) == NameFolding.key(father))
    }

    @Test func shortNamesKeepTheirEndings() {
        // An ending is stripped only if at least two letters of stem remain.
        #expect(NameFolding.surnameKey("Ewa") == "EVA")
        #expect(NameFolding.surnameKey("Owow") == "OV")
    }

    // MARK: normalise

    @Test(arguments: [
        ("  Aýna   Öwezowa ", "Aýna Öwezowa"),                 // trims, collapses
        ("Aýna\u{00A0}\tÖwezowa\n", "Aýna Öwezowa"),           // no-break space, tab, newline
        ("Aý\u{200B}na", "Aýna"),                               // zero-width space
        ("O\u{0308}wezow", "Öwezow"),                           // decomposed → NFC
        ("A\u{0219}gabat", "Aşgabat"),                          // ș comma below → ş cedilla
        ("\u{0218}öhrat", "Şöhrat"),                            // Ș → Ş
        ("Gılıç", "Gylyç"),                                     // Turkish dotless ı is Turkmen y
        ("İlýas", "Ilýas"),                                     // Turkish İ is Turkmen I
        ("Meñli", "Meňli"), ("ÑURLY", "ŇURLY"),                 // ñ → ň
        ("$öhrat", "Şöhrat"), ("A¢gabat", "Aşgabat"),           // 1993 letters
        ("¥azgül", "Ýazgül"), ("£ora", "Žora"), ("Maÿsa", "Maýsa"),
        ("c\u{0329}\u{030D}ir", "şir"), ("S\u{0329}\u{030D}öhrat", "Şöhrat"), // faked ş/Ş
        ("\u{0410}man", "Aman"),                                // Cyrillic А in a Latin word
        ("Ов\u{0065}зов", "Овезов"),                            // Latin e in a Cyrillic word
        ("M\u{0259}likguly", "Mälikguly"),                      // Latin schwa → ä
        ("Овезов", "Овезов"), ("Мяликгулы", "Мяликгулы"),     // script kept
        ("AÝNA öwezowa", "AÝNA öwezowa"),                       // case kept
        ("Ак-Мәммет", "Ак-Мәммет"), ("Ak‐Mämmet", "Ak-Mämmet"), // hyphen kept, unified
        ("", ""), ("   ", ""),
    ])
    func normalises(input: String, expected: String) {
        #expect(NameFolding.normalise(input) == expected)
    }

    @Test func keyIgnoresCaseAndLookAlikes() {
        #expect(NameFolding.key("ÖWEZOW") == NameFolding.key("öwezow"))
        #expect(NameFolding.key("\u{0218}öhrat") == "SOHRAT")
        #expect(NameFolding.key("$öhrat") == "SOHRAT")
        #expect(NameFolding.key("Gılıç") == NameFolding.key("Gylyç"))
        #expect(NameFolding.key("") == "")
        #expect(NameFolding.key("'-") == "")
    }

    // MARK: queryKeys and similarity

    @Test(arguments: [
        ("Öwezowa, Aýna  Rejepowna", ["OVEZOVA", "AYNA", "REJEPOVNA"]),
        ("Овезова Айна", ["OVEZOVA", "AYNA"]),
        ("Ak-Mämmet", ["AGMAMET"]),
        ("Anna anna ANNA", ["ANA"]),
        ("ayna/ovezova", ["AYNA", "OVEZOVA"]),
        ("  , ", []),
    ])
    func queryKeys(text: String, expected: [String]) {
        #expect(NameFolding.queryKeys(text) == expected)
    }

    @Test func similarityBounds() {
        #expect(NameFolding.similarity("AYNA", "AYNA") == 1)
        #expect(NameFolding.similarity("", "") == 0)
        #expect(NameFolding.similarity("AYNA", "") == 0)
        #expect(NameFolding.similarity("ABC", "XYZ") == 0)
        #expect(NameFolding.similarity("MARTHA", "MARHTA") > 0.96 && NameFolding.similarity("MARTHA", "MARHTA") < 0.962)
        #expect(NameFolding.similarity("MERDAN", "SERDAR") == NameFolding.similarity("SERDAR", "MERDAN"))
    }
}

@Suite("Duplicate scoring") struct DuplicateScoringTests {

    struct Case: Sendable, CustomTestStringConvertible {
        let label: String
        let a: PersonFingerprint
        let b: PersonFingerprint
        let range: ClosedRange<Int>
        let reasons: [DuplicateReason]
        var testDescription: String { label }
    }

    static func date(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

    static let ayna = PersonFingerprint(givenName: "Aýna", surname: "Öwezowa", birthDate: date("1990-05-12"), sex: "female")
    static let aynaCyrillic = PersonFingerprint(givenName: "Айна", surname: "Овезова", birthDate: date("1990-05-12"), sex: "female")

    static func with(_ base: PersonFingerprint, _ change: (inout PersonFingerprint) -> Void) -> PersonFingerprint {
        var copy = base
        change(&copy)
        return copy
    }

    static let twinA = PersonFingerprint(givenName: "Hasan", surname: "Öwezow", patronymic: "Batyrowiç",
                                         birthDate: date("2015-03-01"), sex: "male", motherID: "m-1", fatherID: "f-1")

    static let cases: [Case] = [
        Case(label: "same document alone",
             a: PersonFingerprint(givenName: "", surname: "", documents: ["passport:I-AŞ 123456"]),
             b: PersonFingerprint(givenName: "", surname: "", documents: ["PASSPORT:I-AŞ123456"]),
             range: 90...100, reasons: [.documentMatch]),
        Case(label: "same document, names in two scripts",
             a: with(ayna) { $0.documents = ["birth_certificate:I-AŞ 0042"] },
             b: with(aynaCyrillic) { $0.documents = ["birth_certificate:I-AŞ 0042"] },
             range: 100...100, reasons: [.documentMatch, .surnameKeyMatch, .givenKeyMatch, .birthDateExact]),
        Case(label: "same document but sex conflicts",
             a: PersonFingerprint(givenName: "", surname: "", sex: "male", documents: ["passport:I-AŞ 123456"]),
             b: PersonFingerprint(givenName: "", surname: "", sex: "female", documents: ["passport:I-AŞ 123456"]),
             range: 0...69, reasons: [.documentMatch, .sexConflict]),
        Case(label: "exact: names across scripts, date, sex",
             a: ayna, b: aynaCyrillic, range: 85...100, reasons: [.surnameKeyMatch, .givenKeyMatch, .birthDateExact]),
        Case(label: "exact with patronymic",
             a: with(ayna) { $0.patronymic = "Rejepowna" }, b: with(aynaCyrillic) { $0.patronymic = "Реджеповна" },
             range: 95...100, reasons: [.surnameKeyMatch, .givenKeyMatch, .patronymicMatch, .birthDateExact]),
        Case(label: "date typo: one day",
             a: ayna, b: with(aynaCyrillic) { $0.birthDate = date("1990-05-13") },
             range: 70...80, reasons: [.surnameKeyMatch, .givenKeyMatch, .birthDateNear]),
        Case(label: "date typo: day and month swapped, with patronymic",
             a: with(ayna) { $0.birthDate = date("1990-03-05"); $0.patronymic = "Rejepowna" },
             b: with(ayna) { $0.birthDate = date("1990-05-03"); $0.patronymic = "Rejepowna" },
             range: 70...80, reasons: [.surnameKeyMatch, .givenKeyMatch, .patronymicMatch, .birthDateNear]),
        Case(label: "date typo: year off by one, same day and month",
             a: ayna, b: with(ayna) { $0.birthDate = date("1991-05-12") },
             range: 70...80, reasons: [.surnameKeyMatch, .givenKeyMatch, .birthDateNear]),
        Case(label: "given-name typo",
             a: with(ayna) { $0.givenName = "Gurbanguly"; $0.sex = "male"; $0.surname = "Öwezow" },
             b: with(ayna) { $0.givenName = "Gurbangul"; $0.sex = "male"; $0.surname = "Ovezov" },
             range: 70...80, reasons: [.surnameKeyMatch, .givenSimilar, .birthDateExact]),
        Case(label: "same name, different person (dates years apart)",
             a: ayna, b: with(aynaCyrillic) { $0.birthDate = date("1984-11-02") },
             range: 0...20, reasons: [.surnameKeyMatch, .givenKeyMatch, .birthDateConflict]),
        Case(label: "same name, dates months apart",
             a: ayna, b: with(aynaCyrillic) { $0.birthDate = date("1990-10-30") },
             range: 0...40, reasons: [.surnameKeyMatch, .givenKeyMatch, .birthDateConflict]),
        Case(label: "twins: same surname, date, parents; different given names",
             a: twinA, b: with(twinA) { $0.givenName = "Hüseýin" },
             range: 0...49, reasons: [.surnameKeyMatch, .givenConflict, .patronymicMatch, .birthDateExact, .sameMother, .sameFather]),
        Case(label: "sex conflict on an otherwise exact match",
             a: ayna, b: with(aynaCyrillic) { $0.sex = "male" },
             range: 0...49, reasons: [.surnameKeyMatch, .givenKeyMatch, .birthDateExact, .sexConflict]),
        Case(label: "maiden and married surname",
             a: with(ayna) { $0.patronymic = "Rejepowna" }, b: with(ayna) { $0.surname = "Annaýewa"; $0.patronymic = "Rejepowna" },
             range: 70...80, reasons: [.givenKeyMatch, .patronymicMatch, .birthDateExact]),
        Case(label: "estimated date: only the year counts",
             a: with(ayna) { $0.birthDate = date("1950-01-01"); $0.birthDateEstimated = true },
             b: with(ayna) { $0.birthDate = date("1950-07-15") },
             range: 60...69, reasons: [.surnameKeyMatch, .givenKeyMatch, .birthYearMatch]),
        Case(label: "given name and surname swapped",
             a: ayna, b: with(ayna) { $0.givenName = "Öwezowa"; $0.surname = "Aýna" },
             range: 70...85, reasons: [.namesSwapped, .birthDateExact]),
        Case(label: "different mothers pull an exact match to the threshold",
             a: with(ayna) { $0.motherID = "m-1" }, b: with(ayna) { $0.motherID = "m-2" },
             range: 70...70, reasons: [.surnameKeyMatch, .givenKeyMatch, .birthDateExact, .differentMother]),
        Case(label: "strangers",
             a: ayna, b: PersonFingerprint(givenName: "Merdan", surname: "Rejepow", birthDate: date("1975-01-20"), sex: "male"),
             range: 0...0, reasons: [.givenConflict, .birthDateConflict, .sexConflict]),
    ]

    @Test(arguments: cases)
    func scores(_ c: Case) {
        let score = DuplicateScorer.score(c.a, c.b)
        #expect(c.range.contains(score.total), "\(c.label): \(score.total) \(score.reasons)")
        #expect(score.reasons.map(\.reason) == c.reasons, "\(c.label)")
        #expect(score.isLikelyDuplicate == (score.total >= DuplicateScorer.threshold))
        // Symmetric.
        #expect(DuplicateScorer.score(c.b, c.a).total == score.total)
    }

    @Test func thresholdsAsDesigned() {
        #expect(DuplicateScorer.ruleVersion == "dup-1")
        #expect(DuplicateScorer.threshold == 70)
        #expect(DuplicateScorer.score(Self.ayna, Self.aynaCyrillic).isLikelyDuplicate)
        #expect(!DuplicateScorer.score(Self.twinA, Self.with(Self.twinA) { $0.givenName = "Hüseýin" }).isLikelyDuplicate)
    }

    @Test func reasonsKeepDeclarationOrderAndTotalIsClamped() {
        let score = DuplicateScore(reasons: [.init(reason: .sexConflict, points: -50), .init(reason: .documentMatch, points: 90),
                                             .init(reason: .birthDateExact, points: 40), .init(reason: .givenKeyMatch, points: 25)])
        #expect(score.reasons.map(\.reason) == [.documentMatch, .givenKeyMatch, .birthDateExact, .sexConflict])
        #expect(score.total == 100)
        #expect(DuplicateScore(reasons: [.init(reason: .sexConflict, points: -50)]).total == 0)
        #expect(score.points(for: .sexConflict) == -50)
    }

    /// Which name signal two given names produce: a typo earns a little, any other difference
    /// is a different name (Jaro–Winkler alone would call Aýna/Anna and Batyr/Bagtyýar similar).
    @Test(arguments: [
        ("Şöhrat", "Sohrat", DuplicateReason.givenKeyMatch), ("Gurbanguly", "Gurbangul", .givenSimilar),
        ("Muhammet", "Мухаммед", .givenKeyMatch), ("Maral", "Marat", .givenSimilar),
        ("Aýna", "Anna", .givenConflict), ("Batyr", "Bagtyýar", .givenConflict), ("Merdan", "Serdar", .givenConflict),
        ("Jeren", "Jerenbike", .givenConflict), ("Gurban", "Kurbanguly", .givenConflict), ("Hasan", "Hüseýin", .givenConflict),
    ])
    func givenNameSignal(a: String, b: String, expected: DuplicateReason) {
        let score = DuplicateScorer.score(PersonFingerprint(givenName: a, surname: ""), PersonFingerprint(givenName: b, surname: ""))
        #expect(score.reasons.map(\.reason) == [expected])
    }

    @Test(arguments: [
        ("1990-05-12", "1990-05-14", true), ("1990-05-12", "1990-06-15", false), ("1990-03-05", "1990-05-03", true),
        ("1990-05-12", "1990-05-21", true), ("1990-05-12", "1990-05-17", true), ("1990-05-12", "1991-05-12", true),
        ("1990-12-31", "1991-01-01", true), ("1990-05-12", "1995-05-12", false), ("1990-05-12", "1990-07-19", false),
    ])
    func nearDates(a: String, b: String, near: Bool) {
        #expect(DuplicateScorer.isNear(Self.date(a), Self.date(b)) == near)
        #expect(DuplicateScorer.isNear(Self.date(b), Self.date(a)) == near)
    }
}

@Suite("What a name may hold") struct NameTextTests {
    @Test func lettersMarksSpacesAndPunctuationPass() {
        for name in ["Aýnabat", "Gurbanguly Berdimuhamedow", "Ниязов", "O'Brien", "Ak-Gül", "Ene\u{0308}", "Ýazmyrat  Öräýew"] {
            #expect(NameText.problem(name) == nil, "\(name)")
        }
    }

    @Test func controlDirectionAndPrivateCharactersAreRefused() {
        for name in ["Aman\u{0000}", "Aman\u{001B}[31m", "\u{202E}namA", "Aman\u{2066}x\u{2069}", "Aman\u{200F}",
                     "Aman\u{E000}", "Aman\u{0007}", "Aman\u{2028}Gurban"] {
            #expect(NameText.problem(name) == .forbiddenCharacter, "\(name.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func aPileOfMarksIsRefusedAndLengthCountsCodePoints() {
        #expect(NameText.problem("A\u{0301}\u{0302}") == nil)
        #expect(NameText.problem("A\u{0301}\u{0302}\u{0303}") == .forbiddenCharacter)
        #expect(NameText.problem(String(repeating: "a", count: 100)) == nil)
        #expect(NameText.problem(String(repeating: "a", count: 101)) == .tooLong)
        // 40,000 marks on one letter are one character on screen but 40,001 code points.
        #expect(NameText.problem("A" + String(repeating: "\u{0301}", count: 40_000)) == .tooLong)
    }
}
