import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawBenefits
import GoldawGrievances
import GoldawSocialServices
import GoldawCases
import GoldawIndicators
import GoldawTools

/// Demo families for the registry pages: two households in Mary etraby, one in Çärjew etraby,
/// family links, a child's functioning answers, an official disability status, and one pair
/// of records of the same man (Latin and Cyrillic spelling) waiting in the duplicates queue.
extension DemoData {
    package struct DemoPerson {
        package let key: String
        package let surname: String
        package let given: String
        package let patronymic: String
        package let sex: Sex
        package let born: String
        package let etrap: String
        package let document: (DocumentType, String)?
    }

    package static let people: [DemoPerson] = [
        DemoPerson(key: "kerim", surname: "Baýramow", given: "Kerim", patronymic: "Annaýewiç", sex: .male, born: "1984-03-12", etrap: maryEtrap, document: (.passport, "I-MR 204511")),
        DemoPerson(key: "gozel", surname: "Baýramowa", given: "Gözel", patronymic: "Orazowna", sex: .female, born: "1987-07-02", etrap: maryEtrap, document: (.passport, "I-MR 318842")),
        DemoPerson(key: "arslan", surname: "Baýramow", given: "Arslan", patronymic: "Kerimowiç", sex: .male, born: "2013-09-15", etrap: maryEtrap, document: (.birthCertificate, "II-MR 551203")),
        DemoPerson(key: "maral", surname: "Baýramowa", given: "Maral", patronymic: "Kerimowna", sex: .female, born: "2017-01-28", etrap: maryEtrap, document: nil),
        DemoPerson(key: "merjen", surname: "Baýramowa", given: "Merjen", patronymic: "Kerimowna", sex: .female, born: "2024-05-06", etrap: maryEtrap, document: nil),
        DemoPerson(key: "enejan", surname: "Öwezowa", given: "Enejan", patronymic: "Saparowna", sex: .female, born: "1990-11-19", etrap: maryEtrap, document: (.passport, "I-MR 402177")),
        DemoPerson(key: "batyr", surname: "Öwezow", given: "Batyr", patronymic: "Merdanowiç", sex: .male, born: "2011-04-03", etrap: maryEtrap, document: nil),
        DemoPerson(key: "dowlet", surname: "Çaryýew", given: "Döwlet", patronymic: "Gurbanowiç", sex: .male, born: "1979-02-14", etrap: lebapEtrap, document: (.passport, "I-LB 130944")),
        DemoPerson(key: "lale", surname: "Çaryýewa", given: "Läle", patronymic: "Döwletowna", sex: .female, born: "2009-08-21", etrap: lebapEtrap, document: nil),
    ]

    package static func loadRegistry(into app: Application) async throws {
        let audit = AuditService(db: app.db, actor: nil, clientIP: nil, requestID: "demo")
        let registry = RegistryService(db: app.db, actor: nil, audit: audit)
        var ids: [String: Person] = [:]
        for item in people {
            var draft = PersonDraft()
            draft.surname = item.surname
            draft.givenName = item.given
            draft.patronymic = item.patronymic
            draft.sex = item.sex.rawValue
            draft.birthDate = dated(item.born)
            draft.territoryCode = item.etrap
            draft.locality = item.etrap == maryEtrap ? "Mary" : "Türkmenabat"
            if let (type, number) = item.document { draft.documents = [.init(type: type.rawValue, number: number)] }
            if case .created(let person) = try await registry.create(draft, confirmedNew: true) { ids[item.key] = person }
        }
        // Kerim again, typed from a Soviet-era document: the duplicates queue shows the pair.
        var cyrillic = PersonDraft()
        cyrillic.surname = "Байрамов"
        cyrillic.givenName = "Керим"
        cyrillic.patronymic = "Аннаевич"
        cyrillic.sex = Sex.male.rawValue
        cyrillic.birthDate = dated("1984-03-12")
        cyrillic.territoryCode = maryEtrap
        _ = try await registry.create(cyrillic, confirmedNew: true)

        let households = HouseholdService(db: app.db, actor: nil, audit: audit)
        func member(_ key: String, _ relationship: Relationship, _ from: String) -> HouseholdService.MemberDraft {
            .init(personID: ids[key]!.id!, relationship: relationship.rawValue, from: dated(from))
        }
        _ = try await households.create(territoryCode: maryEtrap, locality: "Mary", street: "Magtymguly köçesi, 14", members: [
            member("kerim", .head, "2010-06-01"), member("gozel", .spouse, "2010-06-01"), member("arslan", .child, "2013-09-15"),
            member("maral", .child, "2017-01-28"), member("merjen", .child, "2024-05-06"),
        ])
        _ = try await households.create(territoryCode: maryEtrap, locality: "Mary", street: "Garaşsyzlyk şaýoly, 7", members: [
            member("enejan", .head, "2011-04-03"), member("batyr", .child, "2011-04-03"),
        ])
        _ = try await households.create(territoryCode: lebapEtrap, locality: "Türkmenabat", street: "Azatlyk köçesi, 31", members: [
            member("dowlet", .head, "2009-08-21"), member("lale", .child, "2009-08-21"),
        ])
        let records = PersonRecordsService(db: app.db, actor: nil, audit: audit)
        for (child, mother, father) in [("arslan", "gozel", "kerim"), ("maral", "gozel", "kerim"), ("merjen", "gozel", "kerim"),
                                        ("batyr", "enejan", nil), ("lale", nil, "dowlet")] as [(String, String?, String?)] {
            if let mother { _ = try await records.addLink(child: ids[child]!, adult: ids[mother]!, kind: "mother", parentState: "alive", decisionNumber: "", decisionDate: "", from: "") }
            if let father { _ = try await records.addLink(child: ids[child]!, adult: ids[father]!, kind: "father", parentState: "alive", decisionNumber: "", decisionDate: "", from: "") }
        }
        // Arslan: a lot of difficulty walking, some difficulty learning.
        var answers: [String: Int] = ["CF1": 2, "CF3": 1, "CF4": 2, "CF6": 1, "CF7": 2, "CF12": 3, "CF14": 1, "CF15": 1, "CF16": 1,
                                      "CF17": 2, "CF18": 1, "CF19": 1, "CF20": 1, "CF21": 1, "CF22": 1, "CF23": 5, "CF24": 5]
        let skipped = Set(FunctioningRules.validate(.cfm5to17, answers: answers).filter { $0.kind == .notAsked }.map(\.questionID))
        answers = answers.filter { !skipped.contains($0.key) }
        _ = try await records.recordFunctioning(for: ids["arslan"]!, instrument: .cfm5to17,
                                                 date: CalendarDate.today.iso,
                                                 respondent: "mother", answers: answers)
        _ = try await records.recordDisability(for: ids["arslan"]!, certificate: "LÇMB-2021-0457", group: "child",
                                               from: dated("2021-10-01"), to: dated("2027-09-30"), issuedBy: "Mary welaýat lukmançylyk-sosial bilermenlik topary")
    }
}
