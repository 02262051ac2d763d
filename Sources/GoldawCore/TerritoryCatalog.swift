// Administrative-territorial units of Turkmenistan, as dated and versioned reference data.
//
// Source: /work/shared/reference/domain.md §1 (first level §1.1, Arkadag §1.2, second level
// and change history §1.3). The register of record is the "List of administrative-territorial
// units" approved by Mejlis Resolution No. 112-IV of 10 May 2010, as amended by the decrees
// of 27 Nov 2017 (Lebap), 5 Jan 2018 (Ahal, Aşgabat), 25 Oct 2022 (Niyazov-era names),
// 9 Nov 2022 (abolitions and mergers), 21–23 Dec 2022 (Arkadag city), 20 Mar 2023 (Arkadag
// boroughs), 23 Mar 2023 (Law "On the City of Arkadag") and 19–20 Sep 2025 (new etraps).
// The current (2025-09-20 onward) second level is the 58-unit table of §1.3.
//
// Decisions taken where the reference is silent (each is also noted at the entry):
// - "1992-01-01" is a placeholder validFrom for units whose creation date the reference does
//   not give; it means "existed before the first change recorded here", not a creation date.
// - Units abolished or merged "into an unnamed etrap" get kind `abolished` with toCode nil.
// - Only the units the reference names are modelled. The 9 Nov 2022 decree abolished
//   "and others"; those others are not listed here. A third-party list also shows an earlier
//   Oguzhan etrap in Mary, but the reference only mentions Oguzhan as new in 2025, so it is
//   modelled as `created` on 2025-09-20 with no predecessor.
// - Arkadag is a `city` under Ahal from 2022-12-23 to 2023-03-22 and a `region` from
//   2023-03-23 (Law "On the City of Arkadag"), joined by a `moved` change. The §1.3 table,
//   taken from Wikipedia, still counts Arkadag as one of the 58 second-level units. Here it is
//   a region, so 57 non-region entries are valid after 2025-09-20, plus 7 regions.
// - Codes of units under the Arkadag region use the prefix "AR-" (the region itself is
//   "TM-AR"; Arkadag has no single-letter ISO code).

/// Level of an administrative-territorial unit.
public enum TerritoryLevel: String, Sendable, CaseIterable, Codable {
    case region      // welaýat, or a city with welaýat status / state significance (Aşgabat, Arkadag)
    case district    // etrap
    case city        // city with etrap status (etrap hukukly şäher)
    case borough     // borough (uly etrap) of a city
}

/// One unit over one period of validity. A rename or a re-creation closes the old entry
/// (validTo = the day before) and opens a new entry with a new code; codes are never reused.
public struct TerritoryEntry: Sendable, Hashable {
    public let code: String          // stable code of our own, unique, e.g. "TM-M", "M-MRY", "M-MRY-C"
    public let isoCode: String?      // ISO 3166-2 code only where one exists (TM-A, TM-B, TM-D, TM-L, TM-M, TM-S), else nil
    public let level: TerritoryLevel
    public let parentCode: String?   // nil for regions
    public let statisticsParentCode: String? // e.g. Arkadag -> Ahal for statistics that still aggregate it there; else nil
    public let nameTk: String        // Turkmen Latin, e.g. "Mary etraby", "Mary şäheri", "Ahal welaýaty"
    public let nameRu: String        // Russian, e.g. "Марыйский этрап", "г. Мары", "Ахалский велаят"
    public let nameEn: String        // English, e.g. "Mary District", "Mary (city)", "Ahal Region"
    public let validFrom: String     // ISO date "YYYY-MM-DD"
    public let validTo: String?      // ISO date, nil while still valid

    public init(
        code: String,
        isoCode: String?,
        level: TerritoryLevel,
        parentCode: String?,
        statisticsParentCode: String?,
        nameTk: String,
        nameRu: String,
        nameEn: String,
        validFrom: String,
        validTo: String?
    ) {
        self.code = code
        self.isoCode = isoCode
        self.level = level
        self.parentCode = parentCode
        self.statisticsParentCode = statisticsParentCode
        self.nameTk = nameTk
        self.nameRu = nameRu
        self.nameEn = nameEn
        self.validFrom = validFrom
        self.validTo = validTo
    }
}

public enum TerritoryChangeKind: String, Sendable, CaseIterable, Codable {
    case created, renamed, merged, abolished, recreated, moved
}

/// A dated change that explains the list, with the decree it comes from.
public struct TerritoryChange: Sendable, Hashable {
    public let kind: TerritoryChangeKind
    public let date: String          // ISO date the change takes effect
    public let fromCode: String?     // the entry that ends (renamed/merged/abolished/moved)
    public let toCode: String?       // the entry that begins or absorbs (created/renamed/merged/recreated/moved)
    public let source: String        // short citation, e.g. "Mejlis decree 9 Nov 2022, https://mejlis.gov.tm/single-decree/6?lang=tm"

    public init(kind: TerritoryChangeKind, date: String, fromCode: String?, toCode: String?, source: String) {
        self.kind = kind
        self.date = date
        self.fromCode = fromCode
        self.toCode = toCode
        self.source = source
    }
}

public enum TerritoryCatalog {

    // MARK: - Entries

    public static let entries: [TerritoryEntry] = [

        // ---- First level (§1.1). validFrom 1992-01-01 is a placeholder (see header).
        TerritoryEntry(code: "TM-A", isoCode: "TM-A", level: .region, parentCode: nil, statisticsParentCode: nil,
                       nameTk: "Ahal welaýaty", nameRu: "Ахалский велаят", nameEn: "Ahal Region",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "TM-B", isoCode: "TM-B", level: .region, parentCode: nil, statisticsParentCode: nil,
                       nameTk: "Balkan welaýaty", nameRu: "Балканский велаят", nameEn: "Balkan Region",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "TM-D", isoCode: "TM-D", level: .region, parentCode: nil, statisticsParentCode: nil,
                       nameTk: "Daşoguz welaýaty", nameRu: "Дашогузский велаят", nameEn: "Daşoguz Region",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "TM-L", isoCode: "TM-L", level: .region, parentCode: nil, statisticsParentCode: nil,
                       nameTk: "Lebap welaýaty", nameRu: "Лебапский велаят", nameEn: "Lebap Region",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "TM-M", isoCode: "TM-M", level: .region, parentCode: nil, statisticsParentCode: nil,
                       nameTk: "Mary welaýaty", nameRu: "Марыйский велаят", nameEn: "Mary Region",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "TM-S", isoCode: "TM-S", level: .region, parentCode: nil, statisticsParentCode: nil,
                       nameTk: "Aşgabat şäheri", nameRu: "г. Ашхабад", nameEn: "Ashgabat (city)",
                       validFrom: "1992-01-01", validTo: nil),
        // Arkadag: city of state significance since the Law of 23 Mar 2023 (§1.2). No ISO code
        // exists ("TM-AR" is our own code). Statistics (e.g. the 2022 census) still aggregate it
        // into Ahal, hence statisticsParentCode.
        TerritoryEntry(code: "TM-AR", isoCode: nil, level: .region, parentCode: nil, statisticsParentCode: "TM-A",
                       nameTk: "Arkadag şäheri", nameRu: "г. Аркадаг", nameEn: "Arkadag (city)",
                       validFrom: "2023-03-23", validTo: nil),

        // ---- Ahal welaýaty
        TerritoryEntry(code: "A-AKB", isoCode: nil, level: .district, parentCode: "TM-A", statisticsParentCode: nil,
                       nameTk: "Ak bugdaý etraby", nameRu: "Ак бугдайский этрап", nameEn: "Ak Bugdaý District",
                       validFrom: "1992-01-01", validTo: nil),
        // Altyn asyr: abolished 5 Jan 2018 (its territory's destination not given), re-created 2025.
        TerritoryEntry(code: "A-ALT", isoCode: nil, level: .district, parentCode: "TM-A", statisticsParentCode: nil,
                       nameTk: "Altyn asyr etraby", nameRu: "Алтын асырский этрап", nameEn: "Altyn Asyr District",
                       validFrom: "1992-01-01", validTo: "2018-01-04"),
        TerritoryEntry(code: "A-ALT2", isoCode: nil, level: .district, parentCode: "TM-A", statisticsParentCode: nil,
                       nameTk: "Altyn asyr etraby", nameRu: "Алтын асырский этрап", nameEn: "Altyn Asyr District",
                       validFrom: "2025-09-20", validTo: nil),
        TerritoryEntry(code: "A-BAB", isoCode: nil, level: .district, parentCode: "TM-A", statisticsParentCode: nil,
                       nameTk: "Babadaýhan etraby", nameRu: "Бабадайханский этрап", nameEn: "Babadaýhan District",
                       validFrom: "2018-01-05", validTo: nil),
        TerritoryEntry(code: "A-BHR", isoCode: nil, level: .district, parentCode: "TM-A", statisticsParentCode: nil,
                       nameTk: "Baharly etraby", nameRu: "Бахарлынский этрап", nameEn: "Baharly District",
                       validFrom: "1992-01-01", validTo: "2018-01-04"),
        TerritoryEntry(code: "A-BHD", isoCode: nil, level: .district, parentCode: "TM-A", statisticsParentCode: nil,
                       nameTk: "Bäherden etraby", nameRu: "Бахерденский этрап", nameEn: "Bäherden District",
                       validFrom: "2018-01-05", validTo: nil),
        TerritoryEntry(code: "A-GOK", isoCode: nil, level: .district, parentCode: "TM-A", statisticsParentCode: nil,
                       nameTk: "Gökdepe etraby", nameRu: "Гёкдепинский этрап", nameEn: "Gökdepe District",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "A-KAK", isoCode: nil, level: .district, parentCode: "TM-A", statisticsParentCode: nil,
                       nameTk: "Kaka etraby", nameRu: "Какинский этрап", nameEn: "Kaka District",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "A-SRH", isoCode: nil, level: .district, parentCode: "TM-A", statisticsParentCode: nil,
                       nameTk: "Sarahs etraby", nameRu: "Серахсский этрап", nameEn: "Sarahs District",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "A-TEJ", isoCode: nil, level: .district, parentCode: "TM-A", statisticsParentCode: nil,
                       nameTk: "Tejen etraby", nameRu: "Тедженский этрап", nameEn: "Tejen District",
                       validFrom: "1992-01-01", validTo: nil),
        // Arkadag as a city with the rights of an etrap inside Ahal (21–23 Dec 2022 decree; the
        // brief fixes the start at 23 Dec 2022), until it became a city of state significance.
        TerritoryEntry(code: "A-ARK-C", isoCode: nil, level: .city, parentCode: "TM-A", statisticsParentCode: nil,
                       nameTk: "Arkadag şäheri", nameRu: "г. Аркадаг", nameEn: "Arkadag (city)",
                       validFrom: "2022-12-23", validTo: "2023-03-22"),
        // Gorjaw and Kärizek: split into two entries each rather than back-dating or post-dating
        // them. Created 20 Mar 2023 under the Arkadag city entry then in force (A-ARK-C), they
        // move with Arkadag to the new region entry on 23 Mar 2023 (`moved` changes), so every
        // entry's parent covers its whole validity and the real creation date is kept.
        TerritoryEntry(code: "A-GOR", isoCode: nil, level: .borough, parentCode: "A-ARK-C", statisticsParentCode: nil,
                       nameTk: "Gorjaw etraby", nameRu: "этрап Горджав", nameEn: "Gorjaw Borough",
                       validFrom: "2023-03-20", validTo: "2023-03-22"),
        TerritoryEntry(code: "A-KRZ", isoCode: nil, level: .borough, parentCode: "A-ARK-C", statisticsParentCode: nil,
                       nameTk: "Kärizek etraby", nameRu: "этрап Кяризек", nameEn: "Kärizek Borough",
                       validFrom: "2023-03-20", validTo: "2023-03-22"),

        // ---- Arkadag şäheri (region since 2023-03-23)
        // The 2025 "Gorjaw geňeşlik abolished" (§1.3) concerns a rural council, a level below
        // this catalogue; the Gorjaw borough stays in the 2025 table, so it stays open here.
        TerritoryEntry(code: "AR-GOR", isoCode: nil, level: .borough, parentCode: "TM-AR", statisticsParentCode: nil,
                       nameTk: "Gorjaw etraby", nameRu: "этрап Горджав", nameEn: "Gorjaw Borough",
                       validFrom: "2023-03-23", validTo: nil),
        TerritoryEntry(code: "AR-KRZ", isoCode: nil, level: .borough, parentCode: "TM-AR", statisticsParentCode: nil,
                       nameTk: "Kärizek etraby", nameRu: "этрап Кяризек", nameEn: "Kärizek Borough",
                       validFrom: "2023-03-23", validTo: nil),

        // ---- Aşgabat şäheri: four boroughs since 5 Jan 2018. Start dates of Bagtyýarlyk,
        // Berkararlyk, Köpetdag, Abadan, Ruhabat and Arçabil are not given (placeholder).
        TerritoryEntry(code: "S-BAG", isoCode: nil, level: .borough, parentCode: "TM-S", statisticsParentCode: nil,
                       nameTk: "Bagtyýarlyk etraby", nameRu: "Багтыярлыкский этрап", nameEn: "Bagtyýarlyk Borough",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "S-BER", isoCode: nil, level: .borough, parentCode: "TM-S", statisticsParentCode: nil,
                       nameTk: "Berkararlyk etraby", nameRu: "Беркарарлыкский этрап", nameEn: "Berkararlyk Borough",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "S-KOP", isoCode: nil, level: .borough, parentCode: "TM-S", statisticsParentCode: nil,
                       nameTk: "Köpetdag etraby", nameRu: "Копетдагский этрап", nameEn: "Köpetdag Borough",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "S-ARC", isoCode: nil, level: .borough, parentCode: "TM-S", statisticsParentCode: nil,
                       nameTk: "Arçabil etraby", nameRu: "Арчабильский этрап", nameEn: "Arçabil Borough",
                       validFrom: "1992-01-01", validTo: "2018-01-04"),
        TerritoryEntry(code: "S-BUZ", isoCode: nil, level: .borough, parentCode: "TM-S", statisticsParentCode: nil,
                       nameTk: "Büzmeýin etraby", nameRu: "Безмеинский этрап", nameEn: "Büzmeýin Borough",
                       validFrom: "2018-01-05", validTo: nil),
        TerritoryEntry(code: "S-ABD", isoCode: nil, level: .borough, parentCode: "TM-S", statisticsParentCode: nil,
                       nameTk: "Abadan etraby", nameRu: "Абаданский этрап", nameEn: "Abadan Borough",
                       validFrom: "1992-01-01", validTo: "2018-01-04"),
        TerritoryEntry(code: "S-RUH", isoCode: nil, level: .borough, parentCode: "TM-S", statisticsParentCode: nil,
                       nameTk: "Ruhabat etraby", nameRu: "Рухабатский этрап", nameEn: "Ruhabat Borough",
                       validFrom: "1992-01-01", validTo: "2018-01-04"),

        // ---- Balkan welaýaty
        TerritoryEntry(code: "B-BLK-C", isoCode: nil, level: .city, parentCode: "TM-B", statisticsParentCode: nil,
                       nameTk: "Balkanabat şäheri", nameRu: "г. Балканабад", nameEn: "Balkanabat (city)",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "B-BER", isoCode: nil, level: .district, parentCode: "TM-B", statisticsParentCode: nil,
                       nameTk: "Bereket etraby", nameRu: "Берекетский этрап", nameEn: "Bereket District",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "B-ESG", isoCode: nil, level: .district, parentCode: "TM-B", statisticsParentCode: nil,
                       nameTk: "Esenguly etraby", nameRu: "Эсенгулыйский этрап", nameEn: "Esenguly District",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "B-ETR", isoCode: nil, level: .district, parentCode: "TM-B", statisticsParentCode: nil,
                       nameTk: "Etrek etraby", nameRu: "Этрекский этрап", nameEn: "Etrek District",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "B-MAG", isoCode: nil, level: .district, parentCode: "TM-B", statisticsParentCode: nil,
                       nameTk: "Magtymguly etraby", nameRu: "Махтумкулийский этрап", nameEn: "Magtymguly District",
                       validFrom: "1992-01-01", validTo: nil),
        // Serdar: "from 1999 to 2022 Serdar" (OSM, cited with the 9 Nov 2022 decree). The 1999
        // renaming from Gyzylarbat has no exact date in the reference and is not modelled; the
        // 2022 renaming back is dated to the 9 Nov 2022 decree.
        TerritoryEntry(code: "B-SRD", isoCode: nil, level: .district, parentCode: "TM-B", statisticsParentCode: nil,
                       nameTk: "Serdar etraby", nameRu: "Сердарский этрап", nameEn: "Serdar District",
                       validFrom: "1992-01-01", validTo: "2022-11-08"),
        TerritoryEntry(code: "B-GYZ", isoCode: nil, level: .district, parentCode: "TM-B", statisticsParentCode: nil,
                       nameTk: "Gyzylarbat etraby", nameRu: "Гызыларбатский этрап", nameEn: "Gyzylarbat District",
                       validFrom: "2022-11-09", validTo: nil),
        TerritoryEntry(code: "B-TBY-C", isoCode: nil, level: .city, parentCode: "TM-B", statisticsParentCode: nil,
                       nameTk: "Türkmenbaşy şäheri", nameRu: "г. Туркменбаши", nameEn: "Türkmenbaşy (city)",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "B-TBY", isoCode: nil, level: .district, parentCode: "TM-B", statisticsParentCode: nil,
                       nameTk: "Türkmenbaşy etraby", nameRu: "Туркменбашинский этрап", nameEn: "Türkmenbaşy District",
                       validFrom: "1992-01-01", validTo: nil),
        // Boroughs of Türkmenbaşy city; start dates not given (placeholder).
        TerritoryEntry(code: "B-AWZ", isoCode: nil, level: .borough, parentCode: "B-TBY-C", statisticsParentCode: nil,
                       nameTk: "Awaza etraby", nameRu: "этрап Аваза", nameEn: "Awaza Borough",
                       validFrom: "1992-01-01", validTo: nil),
        // Kenar: abolished 9 Nov 2022; the receiving unit is not given.
        TerritoryEntry(code: "B-KEN", isoCode: nil, level: .borough, parentCode: "B-TBY-C", statisticsParentCode: nil,
                       nameTk: "Kenar etraby", nameRu: "этрап Кенар", nameEn: "Kenar Borough",
                       validFrom: "1992-01-01", validTo: "2022-11-08"),

        // ---- Daşoguz welaýaty
        TerritoryEntry(code: "D-AKD", isoCode: nil, level: .district, parentCode: "TM-D", statisticsParentCode: nil,
                       nameTk: "Akdepe etraby", nameRu: "Акдепинский этрап", nameEn: "Akdepe District",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "D-BOL", isoCode: nil, level: .district, parentCode: "TM-D", statisticsParentCode: nil,
                       nameTk: "Boldumsaz etraby", nameRu: "Болдумсазский этрап", nameEn: "Boldumsaz District",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "D-DAS-C", isoCode: nil, level: .city, parentCode: "TM-D", statisticsParentCode: nil,
                       nameTk: "Daşoguz şäheri", nameRu: "г. Дашогуз", nameEn: "Daşoguz (city)",
                       validFrom: "1992-01-01", validTo: nil),
        // Garaşsyzlyk (centre Andalyp, the former Gurbansoltan town): a new name, so `created`,
        // not a re-creation of Gurbansoltan Eje etraby.
        TerritoryEntry(code: "D-GRS", isoCode: nil, level: .district, parentCode: "TM-D", statisticsParentCode: nil,
                       nameTk: "Garaşsyzlyk etraby", nameRu: "Гарашсызлыкский этрап", nameEn: "Garaşsyzlyk District",
                       validFrom: "2025-09-20", validTo: nil),
        TerritoryEntry(code: "D-GUB", isoCode: nil, level: .district, parentCode: "TM-D", statisticsParentCode: nil,
                       nameTk: "Gubadag etraby", nameRu: "Губадагский этрап", nameEn: "Gubadag District",
                       validFrom: "1992-01-01", validTo: "2022-11-08"),
        TerritoryEntry(code: "D-GUB2", isoCode: nil, level: .district, parentCode: "TM-D", statisticsParentCode: nil,
                       nameTk: "Gubadag etraby", nameRu: "Губадагский этрап", nameEn: "Gubadag District",
                       validFrom: "2025-09-20", validTo: nil),
        TerritoryEntry(code: "D-GOR", isoCode: nil, level: .district, parentCode: "TM-D", statisticsParentCode: nil,
                       nameTk: "Görogly etraby", nameRu: "Гёроглинский этрап", nameEn: "Görogly District",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "D-KON", isoCode: nil, level: .district, parentCode: "TM-D", statisticsParentCode: nil,
                       nameTk: "Köneürgenç etraby", nameRu: "Кёнеургенчский этрап", nameEn: "Köneürgenç District",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "D-RUH", isoCode: nil, level: .district, parentCode: "TM-D", statisticsParentCode: nil,
                       nameTk: "Ruhubelent etraby", nameRu: "Рухубелентский этрап", nameEn: "Ruhubelent District",
                       validFrom: "1992-01-01", validTo: nil),
        // "…adyndaky etrap" ("etrap named after …") is the grammatical form of these names, so
        // they do not take the usual "… etraby" suffix.
        TerritoryEntry(code: "D-SAT", isoCode: nil, level: .district, parentCode: "TM-D", statisticsParentCode: nil,
                       nameTk: "Saparmyrat Türkmenbaşy adyndaky etrap", nameRu: "Этрап имени Сапармурата Туркменбаши",
                       nameEn: "Saparmyrat Türkmenbaşy District",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "D-SAN", isoCode: nil, level: .district, parentCode: "TM-D", statisticsParentCode: nil,
                       nameTk: "S.A. Nyýazow adyndaky etrap", nameRu: "Этрап имени С. А. Ниязова",
                       nameEn: "S.A. Nyýazow District",
                       validFrom: "1992-01-01", validTo: "2022-10-24"),
        TerritoryEntry(code: "D-SAB", isoCode: nil, level: .district, parentCode: "TM-D", statisticsParentCode: nil,
                       nameTk: "Şabat etraby", nameRu: "Шабатский этрап", nameEn: "Şabat District",
                       validFrom: "2022-10-25", validTo: nil),
        TerritoryEntry(code: "D-GSE", isoCode: nil, level: .district, parentCode: "TM-D", statisticsParentCode: nil,
                       nameTk: "Gurbansoltan Eje etraby", nameRu: "Этрап имени Гурбансолтан Эдже",
                       nameEn: "Gurbansoltan Eje District",
                       validFrom: "1992-01-01", validTo: "2022-11-08"),

        // ---- Lebap welaýaty
        TerritoryEntry(code: "L-ATM", isoCode: nil, level: .district, parentCode: "TM-L", statisticsParentCode: nil,
                       nameTk: "Atamyrat etraby", nameRu: "Атамуратский этрап", nameEn: "Atamyrat District",
                       validFrom: "1992-01-01", validTo: "2017-11-26"),
        TerritoryEntry(code: "L-KRK", isoCode: nil, level: .district, parentCode: "TM-L", statisticsParentCode: nil,
                       nameTk: "Kerki etraby", nameRu: "Керкинский этрап", nameEn: "Kerki District",
                       validFrom: "2017-11-27", validTo: nil),
        TerritoryEntry(code: "L-SRA", isoCode: nil, level: .district, parentCode: "TM-L", statisticsParentCode: nil,
                       nameTk: "Serdarabat etraby", nameRu: "Сердарабатский этрап", nameEn: "Serdarabat District",
                       validFrom: "1992-01-01", validTo: "2017-11-26"),
        TerritoryEntry(code: "L-CAR", isoCode: nil, level: .district, parentCode: "TM-L", statisticsParentCode: nil,
                       nameTk: "Çärjew etraby", nameRu: "Чарджевский этрап", nameEn: "Çärjew District",
                       validFrom: "2017-11-27", validTo: nil),
        TerritoryEntry(code: "L-GLK", isoCode: nil, level: .district, parentCode: "TM-L", statisticsParentCode: nil,
                       nameTk: "Galkynyş etraby", nameRu: "Галкынышский этрап", nameEn: "Galkynyş District",
                       validFrom: "1992-01-01", validTo: "2017-11-26"),
        TerritoryEntry(code: "L-DAN", isoCode: nil, level: .district, parentCode: "TM-L", statisticsParentCode: nil,
                       nameTk: "Dänew etraby", nameRu: "Дяневский этрап", nameEn: "Dänew District",
                       validFrom: "2017-11-27", validTo: nil),
        TerritoryEntry(code: "L-BIR", isoCode: nil, level: .district, parentCode: "TM-L", statisticsParentCode: nil,
                       nameTk: "Birata etraby", nameRu: "Биратинский этрап", nameEn: "Birata District",
                       validFrom: "1992-01-01", validTo: "2017-11-26"),
        TerritoryEntry(code: "L-DRG", isoCode: nil, level: .district, parentCode: "TM-L", statisticsParentCode: nil,
                       nameTk: "Darganata etraby", nameRu: "Дарганатинский этрап", nameEn: "Darganata District",
                       validFrom: "2017-11-27", validTo: nil),
        // Beýik Türkmenbaşy, Sakar, Garabekewül: abolished 27 Nov 2017; the receiving etraps are
        // not given, so `abolished` with toCode nil.
        TerritoryEntry(code: "L-BTB", isoCode: nil, level: .district, parentCode: "TM-L", statisticsParentCode: nil,
                       nameTk: "Beýik Türkmenbaşy etraby", nameRu: "Бейик Туркменбашинский этрап",
                       nameEn: "Beýik Türkmenbaşy District",
                       validFrom: "1992-01-01", validTo: "2017-11-26"),
        TerritoryEntry(code: "L-SAK", isoCode: nil, level: .district, parentCode: "TM-L", statisticsParentCode: nil,
                       nameTk: "Sakar etraby", nameRu: "Сакарский этрап", nameEn: "Sakar District",
                       validFrom: "1992-01-01", validTo: "2017-11-26"),
        TerritoryEntry(code: "L-GBK", isoCode: nil, level: .district, parentCode: "TM-L", statisticsParentCode: nil,
                       nameTk: "Garabekewül etraby", nameRu: "Гарабекевюльский этрап", nameEn: "Garabekewül District",
                       validFrom: "1992-01-01", validTo: "2017-11-26"),
        TerritoryEntry(code: "L-GBK2", isoCode: nil, level: .district, parentCode: "TM-L", statisticsParentCode: nil,
                       nameTk: "Garabekewül etraby", nameRu: "Гарабекевюльский этрап", nameEn: "Garabekewül District",
                       validFrom: "2025-09-20", validTo: nil),
        // Döwletli: §1.3 says merged into "Hojambaz/Köýtendag"; recorded as merged into Hojambaz.
        TerritoryEntry(code: "L-DOW", isoCode: nil, level: .district, parentCode: "TM-L", statisticsParentCode: nil,
                       nameTk: "Döwletli etraby", nameRu: "Довлетлийский этрап", nameEn: "Döwletli District",
                       validFrom: "1992-01-01", validTo: "2022-11-08"),
        TerritoryEntry(code: "L-DOW2", isoCode: nil, level: .district, parentCode: "TM-L", statisticsParentCode: nil,
                       nameTk: "Döwletli etraby", nameRu: "Довлетлийский этрап", nameEn: "Döwletli District",
                       validFrom: "2025-09-20", validTo: nil),
        TerritoryEntry(code: "L-FAR", isoCode: nil, level: .district, parentCode: "TM-L", statisticsParentCode: nil,
                       nameTk: "Farap etraby", nameRu: "Фарапский этрап", nameEn: "Farap District",
                       validFrom: "1992-01-01", validTo: "2022-11-08"),
        TerritoryEntry(code: "L-FAR2", isoCode: nil, level: .district, parentCode: "TM-L", statisticsParentCode: nil,
                       nameTk: "Farap etraby", nameRu: "Фарапский этрап", nameEn: "Farap District",
                       validFrom: "2025-09-20", validTo: nil),
        TerritoryEntry(code: "L-HAL", isoCode: nil, level: .district, parentCode: "TM-L", statisticsParentCode: nil,
                       nameTk: "Halaç etraby", nameRu: "Халачский этрап", nameEn: "Halaç District",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "L-HOJ", isoCode: nil, level: .district, parentCode: "TM-L", statisticsParentCode: nil,
                       nameTk: "Hojambaz etraby", nameRu: "Ходжамбазский этрап", nameEn: "Hojambaz District",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "L-KOY", isoCode: nil, level: .district, parentCode: "TM-L", statisticsParentCode: nil,
                       nameTk: "Köýtendag etraby", nameRu: "Койтендагский этрап", nameEn: "Köýtendag District",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "L-SAY", isoCode: nil, level: .district, parentCode: "TM-L", statisticsParentCode: nil,
                       nameTk: "Saýat etraby", nameRu: "Саятский этрап", nameEn: "Saýat District",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "L-TMA-C", isoCode: nil, level: .city, parentCode: "TM-L", statisticsParentCode: nil,
                       nameTk: "Türkmenabat şäheri", nameRu: "г. Туркменабат", nameEn: "Türkmenabat (city)",
                       validFrom: "1992-01-01", validTo: nil),

        // ---- Mary welaýaty
        TerritoryEntry(code: "M-BAY-C", isoCode: nil, level: .city, parentCode: "TM-M", statisticsParentCode: nil,
                       nameTk: "Baýramaly şäheri", nameRu: "г. Байрамали", nameEn: "Baýramaly (city)",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "M-BAY", isoCode: nil, level: .district, parentCode: "TM-M", statisticsParentCode: nil,
                       nameTk: "Baýramaly etraby", nameRu: "Байрамалийский этрап", nameEn: "Baýramaly District",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "M-GAR", isoCode: nil, level: .district, parentCode: "TM-M", statisticsParentCode: nil,
                       nameTk: "Garagum etraby", nameRu: "Каракумский этрап", nameEn: "Garagum District",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "M-MRY-C", isoCode: nil, level: .city, parentCode: "TM-M", statisticsParentCode: nil,
                       nameTk: "Mary şäheri", nameRu: "г. Мары", nameEn: "Mary (city)",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "M-MRY", isoCode: nil, level: .district, parentCode: "TM-M", statisticsParentCode: nil,
                       nameTk: "Mary etraby", nameRu: "Марыйский этрап", nameEn: "Mary District",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "M-MUR", isoCode: nil, level: .district, parentCode: "TM-M", statisticsParentCode: nil,
                       nameTk: "Murgap etraby", nameRu: "Мургабский этрап", nameEn: "Murgap District",
                       validFrom: "1992-01-01", validTo: nil),
        // Oguzhan (centre Parahat): new on 20 Sep 2025 per the reference; see header on why no
        // earlier Oguzhan entry is modelled.
        TerritoryEntry(code: "M-OGZ", isoCode: nil, level: .district, parentCode: "TM-M", statisticsParentCode: nil,
                       nameTk: "Oguzhan etraby", nameRu: "Огузханский этрап", nameEn: "Oguzhan District",
                       validFrom: "2025-09-20", validTo: nil),
        TerritoryEntry(code: "M-SAK", isoCode: nil, level: .district, parentCode: "TM-M", statisticsParentCode: nil,
                       nameTk: "Sakarçäge etraby", nameRu: "Сакарчагинский этрап", nameEn: "Sakarçäge District",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "M-TAG", isoCode: nil, level: .district, parentCode: "TM-M", statisticsParentCode: nil,
                       nameTk: "Tagtabazar etraby", nameRu: "Тахтабазарский этрап", nameEn: "Tagtabazar District",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "M-TMG", isoCode: nil, level: .district, parentCode: "TM-M", statisticsParentCode: nil,
                       nameTk: "Türkmengala etraby", nameRu: "Туркменгалинский этрап", nameEn: "Türkmengala District",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "M-WEK", isoCode: nil, level: .district, parentCode: "TM-M", statisticsParentCode: nil,
                       nameTk: "Wekilbazar etraby", nameRu: "Векильбазарский этрап", nameEn: "Wekilbazar District",
                       validFrom: "1992-01-01", validTo: nil),
        TerritoryEntry(code: "M-YOL", isoCode: nil, level: .district, parentCode: "TM-M", statisticsParentCode: nil,
                       nameTk: "Ýolöten etraby", nameRu: "Ёлётенский этрап", nameEn: "Ýolöten District",
                       validFrom: "1992-01-01", validTo: nil),
    ]

    // MARK: - Changes (chronological)

    private static let src2017 =
        "Decree of 27 Nov 2017 amending the List of Mejlis Resolution 112-IV (Lebap), https://www.azathabar.com/a/28884266.html"
    private static let src2018 =
        "Decree of 5 Jan 2018 amending the List of Mejlis Resolution 112-IV (Ahal, Aşgabat), https://www.azathabar.com/a/28959026.html"
    private static let src2022Oct =
        "Renaming of 25 Oct 2022 (places named after S. Niyazov and his mother), https://kun.uz/kr/news/2022/10/25/turkmanistonda-birinchi-prezident-sharafiga-atalgan-joylar-nomi-ozgartirildi"
    private static let src2022Nov =
        "Mejlis decree 9 Nov 2022, https://mejlis.gov.tm/single-decree/6?lang=tm"
    private static let src2022NovLebap =
        "Mejlis decree 9 Nov 2022, https://mejlis.gov.tm/single-decree/6?lang=tm ; https://jeyhun.news/tk/lebap-welayatynda-iki-etrap-yatyryldy/"
    private static let src2022NovSerdar =
        "Mejlis decree 9 Nov 2022, https://mejlis.gov.tm/single-decree/6?lang=tm ; https://wiki.openstreetmap.org/wiki/Balkan_Province (date of the decree assumed; the source gives the year only)"
    private static let src2022Dec =
        "Mejlis decree 21-23 Dec 2022 (Arkadag, city with the rights of an etrap), https://mejlis.gov.tm/single-decree/9?lang=ru"
    private static let src2023Mar20 =
        "Kärizek and Gorjaw etraps created in Arkadag, 20 Mar 2023, https://turkmenportal.com/tm/blog/59409/arkadag-shaherinde-karizek-we-gorjaw-etraplary-doredildi"
    private static let src2023Mar23 =
        "Law \"On the City of Arkadag\", 23 Mar 2023, https://www.newscentralasia.net/2023/03/24/arkadag-city-declared-a-city-of-national-importance-in-turkmenistan/"
    private static let src2025 =
        "Mejlis decision 19 Sep 2025, https://asmannews.ru/news/10227/medzhlis-turkmenistana-utverdil-novye-etrapy-v-chetyreh-velayatah"

    public static let changes: [TerritoryChange] = [
        // 27 Nov 2017 — Lebap
        TerritoryChange(kind: .abolished, date: "2017-11-27", fromCode: "L-BTB", toCode: nil, source: src2017),
        TerritoryChange(kind: .abolished, date: "2017-11-27", fromCode: "L-SAK", toCode: nil, source: src2017),
        TerritoryChange(kind: .abolished, date: "2017-11-27", fromCode: "L-GBK", toCode: nil, source: src2017),
        TerritoryChange(kind: .renamed, date: "2017-11-27", fromCode: "L-ATM", toCode: "L-KRK", source: src2017),
        TerritoryChange(kind: .renamed, date: "2017-11-27", fromCode: "L-SRA", toCode: "L-CAR", source: src2017),
        TerritoryChange(kind: .renamed, date: "2017-11-27", fromCode: "L-GLK", toCode: "L-DAN", source: src2017),
        TerritoryChange(kind: .renamed, date: "2017-11-27", fromCode: "L-BIR", toCode: "L-DRG", source: src2017),

        // 5 Jan 2018 — Ahal and Aşgabat
        TerritoryChange(kind: .created, date: "2018-01-05", fromCode: nil, toCode: "A-BAB", source: src2018),
        TerritoryChange(kind: .abolished, date: "2018-01-05", fromCode: "A-ALT", toCode: nil, source: src2018),
        TerritoryChange(kind: .renamed, date: "2018-01-05", fromCode: "A-BHR", toCode: "A-BHD", source: src2018),
        TerritoryChange(kind: .abolished, date: "2018-01-05", fromCode: "S-ABD", toCode: nil, source: src2018),
        TerritoryChange(kind: .abolished, date: "2018-01-05", fromCode: "S-RUH", toCode: nil, source: src2018),
        TerritoryChange(kind: .renamed, date: "2018-01-05", fromCode: "S-ARC", toCode: "S-BUZ", source: src2018),

        // 25 Oct 2022 — Niyazov-era names
        TerritoryChange(kind: .renamed, date: "2022-10-25", fromCode: "D-SAN", toCode: "D-SAB", source: src2022Oct),

        // 9 Nov 2022 — abolitions and mergers (only the units the reference names)
        TerritoryChange(kind: .renamed, date: "2022-11-09", fromCode: "B-SRD", toCode: "B-GYZ", source: src2022NovSerdar),
        TerritoryChange(kind: .abolished, date: "2022-11-09", fromCode: "B-KEN", toCode: nil, source: src2022Nov),
        TerritoryChange(kind: .merged, date: "2022-11-09", fromCode: "D-GUB", toCode: "D-BOL", source: src2022Nov),
        TerritoryChange(kind: .merged, date: "2022-11-09", fromCode: "D-GSE", toCode: "D-AKD", source: src2022Nov),
        TerritoryChange(kind: .merged, date: "2022-11-09", fromCode: "L-FAR", toCode: "L-CAR", source: src2022NovLebap),
        // The reference says "Hojambaz/Köýtendag"; Hojambaz chosen as the receiving etrap.
        TerritoryChange(kind: .merged, date: "2022-11-09", fromCode: "L-DOW", toCode: "L-HOJ", source: src2022NovLebap),

        // 23 Dec 2022 — Arkadag, city with the rights of an etrap inside Ahal
        TerritoryChange(kind: .created, date: "2022-12-23", fromCode: nil, toCode: "A-ARK-C", source: src2022Dec),

        // 20 Mar 2023 — boroughs of Arkadag
        TerritoryChange(kind: .created, date: "2023-03-20", fromCode: nil, toCode: "A-GOR", source: src2023Mar20),
        TerritoryChange(kind: .created, date: "2023-03-20", fromCode: nil, toCode: "A-KRZ", source: src2023Mar20),

        // 23 Mar 2023 — Arkadag becomes a city of state significance (top level)
        TerritoryChange(kind: .moved, date: "2023-03-23", fromCode: "A-ARK-C", toCode: "TM-AR", source: src2023Mar23),
        TerritoryChange(kind: .moved, date: "2023-03-23", fromCode: "A-GOR", toCode: "AR-GOR", source: src2023Mar23),
        TerritoryChange(kind: .moved, date: "2023-03-23", fromCode: "A-KRZ", toCode: "AR-KRZ", source: src2023Mar23),

        // 20 Sep 2025 — new and re-created etraps
        TerritoryChange(kind: .recreated, date: "2025-09-20", fromCode: "A-ALT", toCode: "A-ALT2", source: src2025),
        TerritoryChange(kind: .created, date: "2025-09-20", fromCode: nil, toCode: "D-GRS", source: src2025),
        TerritoryChange(kind: .recreated, date: "2025-09-20", fromCode: "D-GUB", toCode: "D-GUB2", source: src2025),
        TerritoryChange(kind: .recreated, date: "2025-09-20", fromCode: "L-DOW", toCode: "L-DOW2", source: src2025),
        TerritoryChange(kind: .recreated, date: "2025-09-20", fromCode: "L-FAR", toCode: "L-FAR2", source: src2025),
        TerritoryChange(kind: .recreated, date: "2025-09-20", fromCode: "L-GBK", toCode: "L-GBK2", source: src2025),
        TerritoryChange(kind: .created, date: "2025-09-20", fromCode: nil, toCode: "M-OGZ", source: src2025),
    ]
}
