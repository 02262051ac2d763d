/// Deterministic pseudo-random numbers (SplitMix64): the same seed gives the same data on
/// every machine, which benchmarks and generated datasets rely on.
public struct SeededRandom: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    public mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    public mutating func chance(_ probability: Double) -> Bool {
        Double(next() % 1_000_000) / 1_000_000 < probability
    }

    public mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
}

/// Plausible Turkmen names for synthetic people, with the Cyrillic spelling older documents
/// carry. Used by benchmarks and the population generator, never for real records.
public enum SyntheticNames {
    public static let male = ["Aman", "Annamyrat", "Arslan", "Ata", "Atajan", "Batyr", "Bagtyýar", "Begenç", "Berdi", "Dowlet",
                              "Döwran", "Gurban", "Gurbanguly", "Hojamyrat", "Kerim", "Maksat", "Meret", "Merdan", "Myrat",
                              "Nury", "Oraz", "Öwez", "Rejep", "Rahman", "Ruslan", "Saparmyrat", "Serdar", "Şatlyk", "Şöhrat",
                              "Täçmyrat", "Welmyrat", "Ýazmyrat", "Yhlas", "Atabaý", "Nurmuhammet", "Mekan", "Kakajan", "Agajan"]
    public static let female = ["Aýna", "Aýgül", "Aýsoltan", "Bahar", "Bägül", "Dursun", "Enejan", "Gözel", "Gülälek", "Gülşat",
                                "Jahan", "Jeren", "Leýli", "Lale", "Maral", "Maýsa", "Mähri", "Nabat", "Näzik", "Ogulgerek",
                                "Ogulnabat", "Selbi", "Sona", "Şirin", "Täzegül", "Ýazgül", "Ýakut", "Zöhre", "Merjen", "Güljamal",
                                "Aýjemal", "Bibi", "Enegül", "Läle", "Ogulbibi", "Tylla"]
    public static let surnameStems = ["Annaýew", "Amanow", "Atajanow", "Baýramow", "Berdiýew", "Çaryýew", "Durdyýew", "Garaýew",
                                      "Gurbanow", "Hojageldiýew", "Hojamyradow", "Işangulyýew", "Kakajanow", "Myradow", "Nazarow",
                                      "Nurmuhammedow", "Orazow", "Öwezow", "Rejepow", "Rahmanow", "Saparow", "Soltanow", "Taganow",
                                      "Tagyýew", "Täçmyradow", "Welmyradow", "Ýazmyradow", "Ataýew", "Babaýew", "Hanow", "Jumaýew",
                                      "Kurbanow", "Mämmedow", "Nepesow", "Pirliýew", "Sähetmyradow", "Ussaýew", "Weliýew", "Begjanow",
                                      "Gylyjow", "Ilamanow", "Karadow", "Meredow", "Orazgeldiýew", "Şyhmyradow", "Allaberdiýew"]

    /// "-ow" → "-owa", "-ýew" → "-ýewa": the feminine form of a surname.
    public static func surname(_ stem: String, female: Bool) -> String { female ? stem + "a" : stem }

    /// Patronymic from the father's given name, as official Latin forms write it: -owiç/-owna
    /// after a consonant (Kerimowiç), -ýewiç/-ýewna after a vowel (Annaýewiç).
    public static func patronymic(father: String, female: Bool) -> String {
        let endsInVowel = father.last.map { "aeäiouöüyAEÄIOUÖÜY".contains($0) } ?? false
        return father + (endsInVowel ? (female ? "ýewna" : "ýewiç") : (female ? "owna" : "owiç"))
    }

    /// The Russian-Cyrillic spelling as written in Soviet-era documents.
    public static func cyrillic(_ latin: String) -> String {
        let map: [Character: String] = [
            "a": "а", "b": "б", "ç": "ч", "d": "д", "e": "е", "ä": "я", "f": "ф", "g": "г", "h": "х", "i": "и", "j": "дж",
            "ž": "ж", "k": "к", "l": "л", "m": "м", "n": "н", "ň": "н", "o": "о", "ö": "ё", "p": "п", "r": "р", "s": "с",
            "ş": "ш", "t": "т", "u": "у", "ü": "ю", "w": "в", "y": "ы", "ý": "й", "z": "з",
        ]
        // At the start of a word Russian writes ö and ü as О and У (Öwezow → Овезов).
        let initial: [Character: String] = ["ö": "о", "ü": "у", "ä": "а"]
        var result = ""
        var previous: Character = " "
        for character in latin {
            let lower = Character(character.lowercased())
            let mapped = (previous == " " ? initial[lower] : nil) ?? map[lower] ?? String(character)
            previous = character
            result += character.isUppercase ? mapped.prefix(1).uppercased() + mapped.dropFirst() : mapped
        }
        return result
    }
}
