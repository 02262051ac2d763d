import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform

/// Registering and changing people, with search keys, history and duplicate detection.
/// Everything a page or the API does to a person goes through here, in one transaction.
package struct RegistryService {
    package let db: any Database
    package let actor: CurrentUser?
    package let audit: AuditService
    package var now: Date = AppClock.now

    package var today: CalendarDate { CalendarDate.ashgabat(secondsSince1970: now.timeIntervalSince1970) }
    package var scope: Scope { actor?.scope ?? .national }

    /// Scores at or above this are shown before a new record is created; the queue threshold
    /// (`DuplicateScorer.threshold`) is higher.
    package static let showMatchesFrom = 50

    package struct Match: Sendable {
        package let person: Person
        package let score: DuplicateScore
    }

    package enum CreateOutcome {
        case created(Person)
        case possibleMatches([Match])
    }

    // MARK: create and update

    /// Creates a person. Unless `confirmedNew`, likely matches are returned instead and nothing
    /// is saved: search comes before create.
    package func create(_ draft: PersonDraft, confirmedNew: Bool, source: String = "create") async throws -> CreateOutcome {
        let valid = try await draft.validate(on: db, scope: scope, today: today)
        let matches = try await candidates(for: valid.fingerprint, excluding: nil)
        if !confirmedNew {
            let shown = matches.filter { $0.score.total >= Self.showMatchesFrom }
            if !shown.isEmpty { return .possibleMatches(shown) }
        }
        let person = try await db.writing { tx in
            try await self.on(tx).insert(valid, matches: matches, source: source)
        }
        return .created(person)
    }

    /// Inserts a validated person with documents, keys, history and queued duplicates.
    package func insert(_ valid: ValidPerson, matches: [Match], source: String) async throws -> Person {
        let person = Person()
        person.id = AppClock.newID()
        person.number = Counters.format("P-", try await Counters.next("person", on: db))
        apply(valid, to: person)
        person.createdBy = actor?.id
        person.version = 1
        try await person.create(on: db)
        let id = try person.requireID()
        for document in valid.documents {
            try await PersonDocument(personID: id, type: document.type.rawValue, number: document.number,
                                     issuedOn: document.issuedOn).create(on: db)
        }
        try await writeKeys(for: person)
        try await RecordChange(recordType: "person", recordID: id, field: "record", old: nil, new: "created",
                               by: actor, at: now).create(on: db)
        try await queue(matches, for: person, source: source)
        try await audit.record(.personCreated, recordType: "person", recordID: id.uuidString, detail: person.number)
        return person
    }

    /// Saves an edit, refusing it if someone else saved first; every changed field is kept in
    /// the history with its old and new value.
    package func update(_ person: Person, with draft: PersonDraft, expectedVersion: Int) async throws {
        let id = try person.requireID()
        let valid = try await draft.validate(on: db, scope: scope, today: today, excluding: id)
        guard person.version == expectedVersion else { throw AppError.conflict("error.stale") }
        let before = Self.snapshot(person)
        let diedNow = person.deathDate == nil && valid.deathDate != nil
        apply(valid, to: person)
        let after = Self.snapshot(person)
        let oldDocuments = try await PersonDocument.query(on: db).filter(\.$person.$id == id).all()
        let oldDocText = oldDocuments.map { "\($0.type):\($0.number)" }.sorted().joined(separator: ", ")
        let newDocText = valid.documents.map { "\($0.type.rawValue):\($0.number)" }.sorted().joined(separator: ", ")
        let matches = try await candidates(for: valid.fingerprint, excluding: id)
        try await db.writing { tx in
            let sql = tx as! any SQLDatabase
            let changed = try await sql.update(Person.schema)
                .set("version", to: SQLBind(expectedVersion + 1))
                .where("id", .equal, SQLBind(id)).where("version", .equal, SQLBind(expectedVersion))
                .returning("id").all()
            guard changed.count == 1 else { throw AppError.conflict("error.stale") }
            person.version = expectedVersion + 1
            try await person.save(on: tx)
            for (field, old) in before.sorted(by: { $0.key < $1.key }) where after[field] != old {
                try await RecordChange(recordType: "person", recordID: id, field: field, old: old, new: after[field],
                                       by: actor, at: now).create(on: tx)
            }
            if oldDocText != newDocText {
                try await PersonDocument.query(on: tx).filter(\.$person.$id == id).delete()
                for document in valid.documents {
                    try await PersonDocument(personID: id, type: document.type.rawValue, number: document.number,
                                             issuedOn: document.issuedOn).create(on: tx)
                }
                try await RecordChange(recordType: "person", recordID: id, field: "documents", old: oldDocText,
                                       new: newDocText, by: actor, at: now).create(on: tx)
            }
            let service = self.on(tx)
            try await service.writeKeys(for: person)
            try await service.queue(matches, for: person, source: "update")
            if diedNow, let death = person.deathDate {
                let context = RegistryEventContext(db: tx, actor: actor, audit: audit.on(tx), now: now)
                for domain in Domains.all { try await domain.afterDeathRecorded(person: id, on: death, in: context) }
            }
            try await audit.on(tx).record(.personUpdated, recordType: "person", recordID: id.uuidString, detail: person.number)
        }
    }

    package func on(_ database: any Database) -> RegistryService {
        RegistryService(db: database, actor: actor, audit: audit.on(database), now: now)
    }

    private func apply(_ valid: ValidPerson, to person: Person) {
        person.givenName = valid.givenName
        person.surname = valid.surname
        person.surnameKey = NameFolding.surnameKey(String(valid.surname.split(separator: " ").first ?? ""))
        person.givenKey = NameFolding.key(String(valid.givenName.split(separator: " ").first ?? ""))
        person.patronymic = valid.patronymic
        person.givenNameCyr = valid.givenNameCyr
        person.surnameCyr = valid.surnameCyr
        person.patronymicCyr = valid.patronymicCyr
        person.sex = valid.sex.rawValue
        person.birthDate = valid.birthDate.iso
        person.birthDateEstimated = valid.birthDateEstimated
        person.deathDate = valid.deathDate?.iso
        person.legalStatus = valid.legalStatus.rawValue
        if person.$territory.id != valid.territory.id { person.addressSince = today.iso }
        person.$territory.id = valid.territory.id
        person.territoryPath = valid.territory.path
        person.locality = valid.locality
        person.street = valid.street
        person.phones = valid.phones.isEmpty ? nil : valid.phones.joined(separator: ", ")
    }

    package static func snapshot(_ person: Person) -> [String: String] {
        var values: [String: String] = [
            "givenName": person.givenName, "surname": person.surname, "sex": person.sex,
            "birthDate": person.birthDate, "birthDateEstimated": person.birthDateEstimated ? "yes" : "no",
            "legalStatus": person.legalStatus, "territory": person.territoryPath,
        ]
        let optional: [(String, String?)] = [
            ("patronymic", person.patronymic), ("givenNameCyr", person.givenNameCyr), ("surnameCyr", person.surnameCyr),
            ("patronymicCyr", person.patronymicCyr), ("deathDate", person.deathDate), ("locality", person.locality),
            ("street", person.street), ("phones", person.phones),
        ]
        for (key, value) in optional { values[key] = value ?? "" }
        return values
    }

    // MARK: search keys

    /// Folded keys of every name part in both spellings; replaced wholesale on each save.
    package static func keys(given: [String?], surname: [String?], patronymic: [String?]) -> [(part: String, key: String)] {
        var result: [(String, String)] = []
        func add(_ part: String, _ key: String) {
            if !key.isEmpty && !result.contains(where: { $0.0 == part && $0.1 == key }) { result.append((part, key)) }
        }
        for name in given.compactMap({ $0 }) { for word in name.split(separator: " ") { add("given", NameFolding.key(String(word))) } }
        for name in surname.compactMap({ $0 }) { for word in name.split(separator: " ") { add("surname", NameFolding.surnameKey(String(word))) } }
        for name in patronymic.compactMap({ $0 }) { for word in name.split(separator: " ") { add("patronymic", NameFolding.patronymicKey(String(word))) } }
        return result
    }

    package func writeKeys(for person: Person) async throws {
        let id = try person.requireID()
        try await PersonNameKey.query(on: db).filter(\.$person.$id == id).delete()
        let rows = Self.keys(given: [person.givenName, person.givenNameCyr], surname: [person.surname, person.surnameCyr],
                             patronymic: [person.patronymic, person.patronymicCyr])
            .map { PersonNameKey(personID: id, part: $0.part, key: $0.key, territoryPath: person.territoryPath) }
        if !rows.isEmpty { try await rows.create(on: db) }
    }

    // MARK: duplicates

    /// People who might be the same as `fingerprint`: same folded surname and given name, the
    /// same document, or the same birth date and given name. Scored and explained.
    package func candidates(for fingerprint: PersonFingerprint, excluding: UUID?) async throws -> [Match] {
        let sql = db as! any SQLDatabase
        let surnameKeys = Array(Set([NameFolding.surnameKey(fingerprint.surname)].filter { !$0.isEmpty }))
        let givenKeys = Array(Set(fingerprint.givenName.split(separator: " ").map { NameFolding.key(String($0)) }.filter { !$0.isEmpty }))
        var ids: Set<UUID> = []
        if !surnameKeys.isEmpty && !givenKeys.isEmpty {
            let rows = try await sql.select().column(SQLColumn("person_id", table: "s"))
                .from(SQLAlias(SQLIdentifier(PersonNameKey.schema), as: SQLIdentifier("s")))
                .join(SQLAlias(SQLIdentifier(PersonNameKey.schema), as: SQLIdentifier("g")), method: SQLJoinMethod.inner,
                      on: SQLColumn("person_id", table: "g"), .equal, SQLColumn("person_id", table: "s"))
                .where(SQLColumn("part", table: "s"), .equal, SQLBind("surname"))
                .where(SQLColumn("key", table: "s"), .in, SQLBind.group(surnameKeys))
                .where(SQLColumn("part", table: "g"), .equal, SQLBind("given"))
                .where(SQLColumn("key", table: "g"), .in, SQLBind.group(givenKeys))
                .limit(200).all()
            for row in rows { ids.insert(try row.decode(column: "person_id", as: UUID.self)) }
        }
        for document in fingerprint.documents {
            let parts = document.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            let owners = try await PersonDocument.query(on: db).filter(\.$type == parts[0]).filter(\.$number == parts[1]).all(\.$person.$id)
            ids.formUnion(owners)
        }
        if let birth = fingerprint.birthDate, !givenKeys.isEmpty {
            let rows = try await sql.select().column(SQLColumn("id", table: "p"))
                .from(SQLAlias(SQLIdentifier(Person.schema), as: SQLIdentifier("p")))
                .join(SQLAlias(SQLIdentifier(PersonNameKey.schema), as: SQLIdentifier("g")), method: SQLJoinMethod.inner,
                      on: SQLColumn("person_id", table: "g"), .equal, SQLColumn("id", table: "p"))
                .where(SQLColumn("birth_date", table: "p"), .equal, SQLBind(birth.iso))
                .where(SQLColumn("part", table: "g"), .equal, SQLBind("given"))
                .where(SQLColumn("key", table: "g"), .in, SQLBind.group(givenKeys))
                .limit(200).all()
            for row in rows { ids.insert(try row.decode(column: "id", as: UUID.self)) }
        }
        if let excluding { ids.remove(excluding) }
        guard !ids.isEmpty else { return [] }
        let people = try await Person.query(on: db).filter(\.$id ~~ Array(ids)).filter(\.$mergedIntoID == nil).all()
        let fingerprints = try await self.fingerprints(of: people)
        return people.compactMap { person in
            guard let other = fingerprints[person.id!] else { return nil }
            return Match(person: person, score: DuplicateScorer.score(fingerprint, other))
        }.sorted { $0.score.total > $1.score.total }
    }

    /// Fingerprints for scoring, loaded with one query per table for the whole batch.
    package func fingerprints(of people: [Person]) async throws -> [UUID: PersonFingerprint] {
        let ids = people.compactMap(\.id)
        guard !ids.isEmpty else { return [:] }
        let documents = try await PersonDocument.query(on: db).filter(\.$person.$id ~~ ids).all()
        let links = try await FamilyLink.query(on: db).filter(\.$child.$id ~~ ids).filter(\.$kind ~~ ["mother", "father"]).all()
        var result: [UUID: PersonFingerprint] = [:]
        for person in people {
            let id = person.id!
            result[id] = PersonFingerprint(
                givenName: person.givenName, surname: person.surname, patronymic: person.patronymic,
                birthDate: CalendarDate(iso: person.birthDate), birthDateEstimated: person.birthDateEstimated, sex: person.sex,
                documents: Set(documents.filter { $0.$person.id == id }.map { "\($0.type):\($0.number)" }),
                motherID: links.first { $0.$child.id == id && $0.kind == "mother" }?.$adult.id.uuidString,
                fatherID: links.first { $0.$child.id == id && $0.kind == "father" }?.$adult.id.uuidString)
        }
        return result
    }

    /// Puts likely duplicates (at or above the threshold) in the supervisors' queue.
    package func queue(_ matches: [Match], for person: Person, source: String) async throws {
        let id = try person.requireID()
        for match in matches where match.score.isLikelyDuplicate {
            let otherID = try match.person.requireID()
            // One row per unordered pair: the smaller id first.
            let (a, b) = id.uuidString < otherID.uuidString ? (id, otherID) : (otherID, id)
            if try await DuplicatePair.query(on: db).filter(\.$personA.$id == a).filter(\.$personB.$id == b).first() != nil { continue }
            let pair = DuplicatePair()
            pair.$personA.id = a
            pair.$personB.id = b
            pair.score = match.score.total
            pair.reasons = DuplicateReasons.encode(match.score)
            pair.status = "open"
            pair.source = source
            pair.territoryPath = person.territoryPath
            pair.detectedAt = now
            try await pair.create(on: db)
        }
    }

    package init(db: any Database, actor: CurrentUser?, audit: AuditService, now: Date = AppClock.now) {
        self.db = db
        self.actor = actor
        self.audit = audit
        self.now = now
    }
}

/// Stored form of a score's reasons ("reason:points,…"), readable without a JSON library.
package enum DuplicateReasons {
    package static func encode(_ score: DuplicateScore) -> String {
        score.reasons.map { "\($0.reason.rawValue):\($0.points)" }.joined(separator: ",")
    }

    package static func decode(_ text: String) -> [(reason: String, points: Int)] {
        text.split(separator: ",").compactMap { item in
            let parts = item.split(separator: ":")
            guard parts.count == 2, let points = Int(parts[1]) else { return nil }
            return (String(parts[0]), points)
        }
    }
}

extension Request {
    package var registry: RegistryService { RegistryService(db: db, actor: currentUser, audit: audit) }
}
