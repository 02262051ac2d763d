import Foundation

/// Name tidying and phonetic keys for finding the same person written in Turkmen Latin,
/// Turkmen Cyrillic, Russian Cyrillic or a plain-ASCII/English transliteration
/// (reference: domain.md §2).
///
/// Two layers, deliberately separate:
/// - `normalise` tidies what a person typed so it can be stored and shown. It never changes the
///   script or the spelling, only look-alike code points and whitespace.
/// - `key`, `surnameKey`, `patronymicKey` fold a word to uppercase ASCII so that spellings of the
///   same sound meet. Keys are lossy and only ever compared with each other; never show them.
///
/// Key alphabet: A E I O U (vowels), Y (the glide ý/й), and consonants B C(=ç/ч/ch) D F
/// G(=g/k/q/г/к) H J(=j/ž/дж/ж/zh) L M N P R S(=s/ş/ш/sh) T V(=w/в/v) Z. Doubled letters are
/// collapsed.
///
/// Decisions worth knowing (each is exercised by NameFoldingTests):
/// - Ş and S share a key letter: "Sohrat" is how Şöhrat is typed without diacritics, and that
///   must match. Likewise Ç/C and C, Ž/J and J.
/// - Every i-like letter (i, y, ý, и, ы, й, and the hidden "y" in Russian я/е/ё/ю) is first read
///   as one run and then decided by its neighbours, because the scripts disagree exactly here:
///   Çaryýew / Чарыев / Charyev / Chariyev, Annaýew / Аннаев / Annaev, Ýazgül / Язгуль / Yazgyul.
///     * between two vowels: dropped (Annaýew = Annaev = ANAEV)
///     * after a vowel, before a consonant or at the end: Y (Aýna = Айна = Ayna = AYNA)
///     * at the start before a vowel: Y, except before E where it is dropped (Язгуль = YAZGUL,
///       Елена = Yelena = Elena = ELENA)
///     * after a consonant before E: I (Charyev = Чарыев = Çaryýew = CARIEV)
///     * after a consonant before A/O/U: a single y/ý/й is the Russian softening of я/ё/ю and is
///       dropped (Yazgyul = YAZGUL, Gyokdepe = GOKDEPE); a run of two, or one containing a true
///       vowel i/и/ы, is I (Nyýazow = Ниязов = Niyazov = NIAZOV)
///     * otherwise (between consonants, at the end): I (Berdymukhammedov = BERDIMUHAMEDOV)
/// - G, K and Q all give G: Soviet spelling wrote Turkmen g as к, at the start of a word and
///   inside it (Gurbanguly / Kurbanguly, Garagum / Каракум, Agageldi / Акгельды).
/// - A final D or B is T or P (Ahmet / Ахмед), also after a surname or patronymic ending is
///   stripped (Mämmedow → MAMET = Mämmet).
/// - Russian "мура" for Turkmen "myra" (Myrat / Мурад, Atamyrat / Атамурад) gives MIRA.
/// - "ng"/"нг" before a consonant or at the end is Ň (N); before a vowel it stays N+G, because
///   there it is usually two syllables (Gurban-guly, Гурбангулы = GURBANGULI).
public enum NameFolding {

    // MARK: - Normalise for storage and display

    /// Tidy a name for storage and display: NFC; trims and collapses inner whitespace (all kinds,
    /// including no-break spaces) and drops invisible format characters; replaces look-alikes;
    /// keeps the person's script (Latin or Cyrillic) and letter case as typed.
    ///
    /// Look-alikes replaced (domain.md §2.3):
    /// - Ș ș (comma below, Romanian keyboards) → Ş ş (cedilla, the Turkmen letter).
    /// - Turkish ı → y and İ → I, always: Turkish dotless ı is the same sound as Turkmen y
    ///   (Turkmen writes Y where Turkish writes I/ı), and Turkish dotted İ is Turkmen I. A plain
    ///   capital I is left alone: in Turkmen it is the dotted i, which is the usual intent.
    /// - Ñ ñ and Ŋ ŋ → Ň ň (Spanish/Turkish layouts; the 1993 alphabet also used Ñ ñ).
    /// - The first 1993 Latin alphabet used currency signs as letters: £ = Ž, $ = Ş, ¢ = ş
    ///   (lower case of $, a c with a vertical stroke, hence the "c̩̍" fakes below), ¥ = Ý. So
    ///   ¢ maps to ş, not to Ç. Their lower-case partners ſ (= ž) and ÿ/Ÿ (= ý/Ý) are mapped too:
    ///   those characters never occur in Turkmen or Russian text otherwise.
    /// - Early fonts faked ş/Ş as c/s/S plus combining vertical lines (U+0329, U+030D): → ş/Ş.
    /// - Tajik/Kazakh-layout neighbours of Turkmen Cyrillic letters: Ҷ ҷ → Җ җ, Ӈ ӈ → Ң ң.
    /// - In a word typed mostly in one script, stray look-alike letters from the other script are
    ///   replaced (Cyrillic "а" inside "Аman" → Latin "A"). A word with an equal mix is left alone.
    /// - Latin schwa Ə ə (Azerbaijani) in a Latin word → Ä ä.
    public static func normalise(_ name: String) -> String {
        let nfc = name.precomposedStringWithCanonicalMapping
        let visible = nfc.unicodeScalars.filter { !invisibleScalars.contains($0.value) }
        let text = String(String.UnicodeScalarView(visible))
        return text.split(whereSeparator: { $0.isWhitespace })
            .map { tidyWord(String($0)) }
            .joined(separator: " ")
    }

    /// Zero-width spaces/joiners, word joiner, BOM, soft hyphen: invisible, so never part of a name.
    private static let invisibleScalars: Set<UInt32> = [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD]

    private static let lookAlikes: [Character: Character] = [
        "Ș": "Ş", "ș": "ş",
        "ı": "y", "İ": "I",
        "Ñ": "Ň", "ñ": "ň", "Ŋ": "Ň", "ŋ": "ň",
        "£": "Ž", "ſ": "ž", "$": "Ş", "¢": "ş", "¥": "Ý", "ÿ": "ý", "Ÿ": "Ý",
        "Ҷ": "Җ", "ҷ": "җ", "Ӈ": "Ң", "ӈ": "ң",
        "‐": "-", "‑": "-", "’": "'", "ʼ": "'", "`": "'",
    ]

    /// Pairs that look identical in Latin and Cyrillic (Latin first).
    private static let homoglyphPairs: [(Character, Character)] = [
        ("A", "А"), ("a", "а"), ("B", "В"), ("E", "Е"), ("e", "е"), ("K", "К"), ("M", "М"),
        ("H", "Н"), ("O", "О"), ("o", "о"), ("P", "Р"), ("p", "р"), ("C", "С"), ("c", "с"),
        ("T", "Т"), ("X", "Х"), ("x", "х"), ("y", "у"), ("Ə", "Ә"), ("ə", "ә"), ("Ɵ", "Ө"), ("ɵ", "ө"),
    ]
    private static let cyrillicToLatinGlyph: [Character: Character] =
        Dictionary(uniqueKeysWithValues: homoglyphPairs.map { ($0.1, $0.0) })
    private static let latinToCyrillicGlyph: [Character: Character] =
        Dictionary(uniqueKeysWithValues: homoglyphPairs.map { ($0.0, $0.1) })

    private static func isCyrillic(_ c: Character) -> Bool {
        guard let s = c.unicodeScalars.first else { return false }
        return (0x0400...0x052F).contains(s.value)
    }

    private static func isLatinLetter(_ c: Character) -> Bool {
        guard c.isLetter, let s = c.unicodeScalars.first else { return false }
        return s.value < 0x0370 || (0x1E00...0x1EFF).contains(s.value)
    }

    private static func tidyWord(_ word: String) -> String {
        // 1. Legacy fakes and look-alike code points.
        var chars: [Character] = word.map { ch in
            let scalars = Array(ch.unicodeScalars)
            if scalars.count > 1, ["c", "C", "s", "S"].contains(Character(scalars[0])),
               scalars.dropFirst().allSatisfy({ [0x0329, 0x030D].contains($0.value) }) {
                return scalars[0] == "S" || scalars[0] == "C" ? "Ş" : "ş"
            }
            return lookAlikes[ch] ?? ch
        }
        // 2. Stray letters from the other script, decided by the word's majority.
        let cyrillic = chars.filter(isCyrillic).count
        let latin = chars.filter(isLatinLetter).count
        if cyrillic > 0, latin > cyrillic {
            chars = chars.map { cyrillicToLatinGlyph[$0] ?? $0 }
        } else if latin > 0, cyrillic > latin {
            chars = chars.map { latinToCyrillicGlyph[$0] ?? $0 }
        }
        // 3. A Latin schwa left in a Latin word is Turkmen ä.
        if cyrillic <= latin {
            chars = chars.map { $0 == "Ə" ? "Ä" : $0 == "ə" ? "ä" : $0 }
        }
        return String(chars).precomposedStringWithCanonicalMapping
    }

    // MARK: - Phonetic keys

    /// One unit of a word after reading its letters, before the i-like runs are decided.
    private enum Token: Equatable {
        case vowel(Character)          // A E O U
        case iota(IotaKind)            // i-like letter, decided later from its neighbours
        case consonant(Character)      // B C D F G H J K L M N P R S T V Z
    }

    private enum IotaKind: Equatable {
        case vowel      // i, и, ы, і: certainly a vowel
        case glide      // ý, й, and the hidden y of я/е/ё/ю: certainly a consonant
        case ambiguous  // plain Latin y: Turkmen vowel ы, or English consonant y (decided like a glide)
    }

    private static let latinVowelLetters: Set<Character> = ["a", "e", "i", "o", "u", "y", "ä", "ö", "ü", "ə", "á", "à", "â", "é", "è", "ê", "ë", "í", "ó", "ô", "ú", "û"]
    private static let cyrillicVowelLetters: Set<Character> = ["а", "е", "ё", "и", "о", "у", "ы", "э", "ю", "я", "ә", "ө", "ү", "і"]

    /// Phonetic key of a single word in any script: uppercase ASCII letters only.
    /// Non-letters (apostrophes, hyphens, digits, spaces) are dropped, so "Ak-Mämmet" is one key.
    public static func key(_ word: String) -> String {
        let text = Array(normalise(word).lowercased())
        var tokens: [Token] = []
        // Russian я/е/ё/ю carry a hidden "y" at the start of a word, after a vowel, after ь/ъ/й.
        var iotatedContext = true
        var i = 0

        func at(_ k: Int) -> Character? { k < text.count ? text[k] : nil }
        func isVowelLetter(_ c: Character?) -> Bool {
            guard let c else { return false }
            return latinVowelLetters.contains(c) || cyrillicVowelLetters.contains(c)
        }

        while i < text.count {
            let c = text[i]
            let next = at(i + 1)
            var consumed = 1
            var produced: [Token] = []

            switch c {
            // Latin digraphs first (longest first).
            case "d" where next == "z" && at(i + 2) == "h": produced = [.consonant("J")]; consumed = 3
            case "d" where next == "j" || next == "ž": produced = [.consonant("J")]; consumed = 2
            case "s" where next == "h" && at(i + 2) == "c" && at(i + 3) == "h": produced = [.consonant("S")]; consumed = 4
            case "z" where next == "h": produced = [.consonant("J")]; consumed = 2
            case "j", "ž": produced = [.consonant("J")]
            case "k" where next == "h": produced = [.consonant("H")]; consumed = 2
            case "s" where next == "h": produced = [.consonant("S")]; consumed = 2
            case "c" where next == "h": produced = [.consonant("C")]; consumed = 2
            case "n" where next == "g" && !isVowelLetter(at(i + 2)): produced = [.consonant("N")]; consumed = 2
            case "ç", "c": produced = [.consonant("C")]
            case "ş", "s": produced = [.consonant("S")]
            case "ň", "n": produced = [.consonant("N")]
            case "w", "v": produced = [.consonant("V")]
            case "h": produced = [.consonant("H")]
            case "q", "k": produced = [.consonant("K")]
            case "x": produced = [.consonant("K"), .consonant("S")]
            case "a", "ä", "ə": produced = [.vowel("A")]
            case "e": produced = [.vowel("E")]
            case "o", "ö": produced = [.vowel("O")]
            case "u", "ü": produced = [.vowel("U")]
            case "i": produced = [.iota(.vowel)]
            case "y": produced = [.iota(.ambiguous)]
            case "ý": produced = [.iota(.glide)]
            case "b", "d", "f", "g", "l", "m", "p", "r", "t", "z":
                produced = [.consonant(Character(c.uppercased()))]

            // Cyrillic (Russian and Turkmen).
            case "д" where next == "ж": produced = [.consonant("J")]; consumed = 2
            case "н" where next == "г" && !isVowelLetter(at(i + 2)): produced = [.consonant("N")]; consumed = 2
            case "ж", "җ": produced = [.consonant("J")]
            case "х": produced = [.consonant("H")]
            case "ш", "щ": produced = [.consonant("S")]
            case "ч": produced = [.consonant("C")]
            case "ц": produced = [.consonant("T"), .consonant("S")]
            case "н", "ң": produced = [.consonant("N")]
            case "в": produced = [.consonant("V")]
            case "к", "қ": produced = [.consonant("K")]
            case "г", "ғ": produced = [.consonant("G")]
            case "б": produced = [.consonant("B")]
            case "д": produced = [.consonant("D")]
            case "з": produced = [.consonant("Z")]
            case "л": produced = [.consonant("L")]
            case "м": produced = [.consonant("M")]
            case "п": produced = [.consonant("P")]
            case "р": produced = [.consonant("R")]
            case "с": produced = [.consonant("S")]
            case "т": produced = [.consonant("T")]
            case "ф": produced = [.consonant("F")]
            case "а", "ә": produced = [.vowel("A")]
            case "о", "ө": produced = [.vowel("O")]
            case "у", "ү": produced = [.vowel("U")]
            case "э": produced = [.vowel("E")]
            case "я": produced = iotatedContext ? [.iota(.glide), .vowel("A")] : [.vowel("A")]
            case "е": produced = iotatedContext ? [.iota(.glide), .vowel("E")] : [.vowel("E")]
            case "ё": produced = iotatedContext ? [.iota(.glide), .vowel("O")] : [.vowel("O")]
            case "ю": produced = iotatedContext ? [.iota(.glide), .vowel("U")] : [.vowel("U")]
            case "и", "ы", "і": produced = [.iota(.vowel)]
            case "й": produced = [.iota(.glide)]
            case "ь", "ъ": iotatedContext = true; i += 1; continue

            default:
                guard c.isLetter else {
                    // Apostrophes, hyphens, digits: dropped, and transparent for iotation.
                    i += 1; continue
                }
                // An unlisted accented Latin letter (Turkish ğ, French é ...): read its base letter.
                if let base = String(c).decomposedStringWithCanonicalMapping.unicodeScalars.first,
                   base.isASCII, Character(base).isLetter {
                    produced = asciiTokens(Character(base))
                }
            }

            tokens.append(contentsOf: produced)
            // After a vowel or й, a following Russian я/е/ё/ю is iotated.
            iotatedContext = isVowelLetter(c) || c == "й"
            i += consumed
        }
        return render(resolveIotas(tokens))
    }

    /// Tokens for a single ASCII letter, used for unlisted accented letters.
    private static func asciiTokens(_ letter: Character) -> [Token] {
        switch letter {
        case "a": [.vowel("A")]
        case "e": [.vowel("E")]
        case "o": [.vowel("O")]
        case "u": [.vowel("U")]
        case "i": [.iota(.vowel)]
        case "y": [.iota(.ambiguous)]
        case "c": [.consonant("C")]
        case "w", "v": [.consonant("V")]
        case "q", "k": [.consonant("K")]
        case "x": [.consonant("K"), .consonant("S")]
        default: [.consonant(Character(letter.uppercased()))]
        }
    }

    /// Decides every maximal run of i-like tokens from its neighbours (see the type comment).
    private static func resolveIotas(_ tokens: [Token]) -> [Character] {
        var out: [Character] = []
        var i = 0
        while i < tokens.count {
            switch tokens[i] {
            case .vowel(let v): out.append(v); i += 1
            case .consonant(let c): out.append(c); i += 1
            case .iota:
                var run: [IotaKind] = []
                let start = i
                while i < tokens.count, case .iota(let kind) = tokens[i] { run.append(kind); i += 1 }
                let before: Token? = start > 0 ? tokens[start - 1] : nil
                let after: Token? = i < tokens.count ? tokens[i] : nil
                if let letter = decide(run: run, before: before, after: after) { out.append(letter) }
            }
        }
        return out
    }

    private static func decide(run: [IotaKind], before: Token?, after: Token?) -> Character? {
        let nextVowel: Character? = if case .vowel(let v) = after { v } else { nil }
        switch before {
        case nil:
            guard let nextVowel else { return "I" }
            return nextVowel == "E" ? nil : "Y"
        case .vowel?:
            return nextVowel == nil ? "Y" : nil
        default: // after a consonant
            guard let nextVowel else { return "I" }
            if nextVowel == "E" || run.count > 1 || run.contains(.vowel) { return "I" }
            return nil
        }
    }

    /// K → G, Russian "mur" for Turkmen "myr" → MIR, doubled letters collapsed, and a final
    /// voiced consonant made voiceless.
    private static func render(_ letters: [Character]) -> String {
        var out = ""
        for letter in letters.map({ $0 == "K" ? "G" : $0 }) where out.last != letter { out.append(letter) }
        out = out.replacingOccurrences(of: "MURA", with: "MIRA")
        return devoiced(out)
    }

    /// Turkmen writes a word's last consonant as it sounds, voiceless; Russian spelling kept the
    /// voiced letter of the Arabic and Persian originals: Ahmet / Ахмед, Myrat / Мурад,
    /// Arap / Араб. The key ends in the voiceless one.
    private static func devoiced(_ key: String) -> String {
        guard let last = key.last, let voiceless = finalDevoicing[last] else { return key }
        return String(key.dropLast()) + String(voiceless)
    }

    private static let finalDevoicing: [Character: Character] = ["D": "T", "B": "P"]

    /// The version of these rules. Keys are stored (person_name_keys); a change that moves any
    /// key comes with a migration that computes them again (M045 for version 2).
    public static let version = 2

    // MARK: - Surnames and patronymics

    /// Gendered and family-name endings, in key form, longest first so -OVA wins over -OV.
    /// Covers -ow/-ov/-ew/-ev/-ýew/-yev/-jev/-ов/-ев/-ёв (OV, EV; the ý of -ýew is already gone
    /// after a vowel and is I after a consonant, which stays with the stem), the feminine -owa/
    /// -ova/-ewa/-eva/-ова/-ева (OVA, EVA), and -ogly/-oglu/-gyzy/-kyzy/-оглы/-гызы.
    private static let surnameEndings = ["OVA", "EVA", "OV", "EV"]
    private static let lineageEndings = ["OGLI", "OGLU", "GIZI", "KIZI"]
    /// -owiç/-ewiç/-ovich/-evich/-ович/-евич (OVIC, EVIC), -owna/-ewna/-ovna/-evna/-овна/-евна
    /// (OVNA, EVNA), and -ogly/-gyzy when the patronymic is written that way.
    private static let patronymicEndings = ["OVIC", "EVIC", "OVNA", "EVNA"]
    /// An ending is only stripped if this much stem remains, so "Owow" or "Ewa" stay whole.
    private static let minimumStem = 2

    private static func strip(_ key: String, endings: [String]) -> String {
        for ending in endings where key.hasSuffix(ending) && key.count - ending.count >= minimumStem {
            return String(key.dropLast(ending.count))
        }
        return key
    }

    /// Surname key: the word key without gendered endings, so Öwezow, Öwezowa, Овезов, Ovezova and
    /// Ovezov all give OVEZ. "-ogly"/"-gyzy", joined or as a separate word, are removed first.
    public static func surnameKey(_ surname: String) -> String {
        devoiced(strip(strip(key(surname), endings: lineageEndings), endings: surnameEndings))
    }

    /// Patronymic key: the word key without -owiç/-ewiç/-ovich/-ович/-owna/-ovna/-овна … (and
    /// "ogly"/"gyzy"), leaving the father's given name: Durdyýewiç → DURDI = key("Durdy").
    public static func patronymicKey(_ patronymic: String) -> String {
        devoiced(strip(strip(key(patronymic), endings: lineageEndings), endings: patronymicEndings))
    }

    /// Keys of every word of a free-text query, in order, without duplicates or empty keys.
    /// Words are split on whitespace and on , ; . / ( ) — but not on hyphens or apostrophes, which
    /// are part of one name. Endings are NOT stripped: compare each token's key with the stored
    /// given-name key, and `surnameKey`/`patronymicKey` of the same word with the stored ones.
    public static func queryKeys(_ text: String) -> [String] {
        let separators: Set<Character> = [",", ";", ".", "/", "(", ")", "\\", "|", "+", "&", "\"", ":"]
        var seen: Set<String> = []
        var keys: [String] = []
        for word in normalise(text).split(whereSeparator: { $0.isWhitespace || separators.contains($0) }) {
            let k = key(String(word))
            if !k.isEmpty, seen.insert(k).inserted { keys.append(k) }
        }
        return keys
    }

    // MARK: - Similarity

    /// Jaro–Winkler similarity of two keys in 0...1 (prefix scale 0.1, up to 4 prefix letters).
    /// Equal keys give 1; if either key is empty the answer is 0 — an empty name is no evidence.
    public static func similarity(_ a: String, _ b: String) -> Double {
        let s = Array(a.utf8), t = Array(b.utf8)
        if s.isEmpty || t.isEmpty { return 0 }
        if s == t { return 1 }
        let window = max(0, max(s.count, t.count) / 2 - 1)
        var sMatched = [Bool](repeating: false, count: s.count)
        var tMatched = [Bool](repeating: false, count: t.count)
        var matches = 0
        for i in s.indices {
            let lo = max(0, i - window), hi = min(t.count - 1, i + window)
            guard lo <= hi else { continue }
            for j in lo...hi where !tMatched[j] && s[i] == t[j] {
                sMatched[i] = true; tMatched[j] = true; matches += 1
                break
            }
        }
        if matches == 0 { return 0 }
        var transpositions = 0
        var j = 0
        for i in s.indices where sMatched[i] {
            while !tMatched[j] { j += 1 }
            if s[i] != t[j] { transpositions += 1 }
            j += 1
        }
        let m = Double(matches)
        let jaro = (m / Double(s.count) + m / Double(t.count) + (m - Double(transpositions) / 2) / m) / 3
        var prefix = 0
        while prefix < min(4, s.count, t.count), s[prefix] == t[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }
}

/// What a person's name may hold. A name is read aloud, printed on payroll lists and matched
/// against other spellings, so it holds letters, marks on letters, spaces and a little
/// punctuation; never control characters (NUL, escape), text-direction overrides that make a
/// name display differently from how it is stored, private or unassigned code points, or a pile
/// of combining marks on one letter.
public enum NameText {
    public enum Problem: String, Sendable, Equatable {
        case forbiddenCharacter = "validation.name_characters"
        case tooLong = "validation.too_long"
    }

    /// Combining marks a letter may carry: Turkmen and Russian need at most one; two allows for
    /// decomposed input of a letter with two marks.
    static let maximumMarksInARow = 2

    /// The first problem of a name, or nil. `maximumScalars` counts code points, not what a
    /// screen shows as characters, so that 40,000 marks on one letter are not "one character".
    public static func problem(_ text: String, maximumScalars: Int = 100) -> Problem? {
        if text.unicodeScalars.count > maximumScalars { return .tooLong }
        var marks = 0
        for scalar in text.unicodeScalars {
            if isWhitespace(scalar) { marks = 0; continue }
            if bidiControls.contains(scalar.value) { return .forbiddenCharacter }
            switch scalar.properties.generalCategory {
            case .control, .privateUse, .unassigned, .surrogate, .lineSeparator, .paragraphSeparator:
                return .forbiddenCharacter
            case .format:
                // Zero-width joiners and the like arrive from copy and paste; normalising drops them.
                continue
            case .nonspacingMark, .spacingMark, .enclosingMark:
                marks += 1
                if marks > maximumMarksInARow { return .forbiddenCharacter }
            default:
                marks = 0
            }
        }
        return nil
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\u{00A0}" || scalar == "\u{3000}"
            || (0x2000...0x200A).contains(scalar.value)
    }

    /// Embeddings, overrides, isolates and directional marks.
    private static let bidiControls: Set<UInt32> = [
        0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
    ]
}
