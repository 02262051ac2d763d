import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawSocialServices

/// Opening a case and every change to it. Each command validates first, then runs in one
/// transaction that advances the case's `version`, writes the change, its field history
/// (`record_changes`, record type "case") and the audit record, so a failure saves nothing.
package struct CaseService {
    package let db: any Database
    package let actor: CurrentUser?
    package let audit: AuditService
    package var now: Date = AppClock.now

    package static let textLimit = 20_000
    package var today: CalendarDate { CalendarDate.ashgabat(secondsSince1970: now.timeIntervalSince1970) }

    // MARK: settings

    package func deadlineTable(on date: CalendarDate) async throws -> DeadlineTable {
        let rows = try await CaseDeadlineSetting.query(on: db).all()
        var tables: [String: [RiskLevel: [DeadlineKind: Int]]] = [:]
        for row in rows {
            guard let risk = RiskLevel(rawValue: row.riskLevel), let kind = DeadlineKind(rawValue: row.kind) else { continue }
            tables[row.validFrom, default: [:]][risk, default: [:]][kind] = row.hours
        }
        let dated = tables.compactMap { key, hours in CalendarDate(iso: key).map { DeadlineTable(validFrom: $0, hours: hours) } }
        return DeadlineTable.inForce(dated, on: date) ?? .defaults
    }

    package func consentBands(on date: CalendarDate) async throws -> [ConsentBand] {
        let rows = try await CaseConsentBand.query(on: db).filter(\.$validFrom <= date.iso).sort(\.$validFrom, .descending).all()
        guard let latest = rows.first?.validFrom else { return ConsentRules.defaultBands }
        return rows.filter { $0.validFrom == latest }.map { row in
            ConsentBand(minAge: row.minAge, maxAge: row.maxAge, parties: row.parties.split(separator: ",").compactMap { ConsentParty(rawValue: String($0)) })
        }
    }

    package func concerns() async throws -> [CaseConcern] {
        try await CaseConcern.query(on: db).filter(\.$active == true).sort(\.$sortOrder).all()
    }

    // MARK: opening

    package struct Draft {
        package var source = ""
        package var concerns: [String] = []
        package var urgent = false
        package var summary = ""
        package var identifiedOn = ""

        package var formValues: [String: String] {
            ["source": source, "summary": summary, "identifiedOn": identifiedOn, "urgent": urgent ? "on" : ""]
        }

        package init(source: String = "", concerns: [String] = [], urgent: Bool = false, summary: String = "", identifiedOn: String = "") {
            self.source = source
            self.concerns = concerns
            self.urgent = urgent
            self.summary = summary
            self.identifiedOn = identifiedOn
        }
    }

    package struct Valid {
        package let source: IdentificationSource
        package let concerns: [String]
        package let summary: String
        package let identifiedOn: CalendarDate
    }

    package func validate(_ draft: Draft) async throws -> Valid {
        var problems: [FieldProblem] = []
        let source = IdentificationSource(rawValue: draft.source)
        if source == nil { problems.append(.init(field: "source", key: "validation.choose")) }
        let known = Set(try await concerns().compactMap(\.id))
        let chosen = draft.concerns.filter { known.contains($0) }
        if chosen.isEmpty || chosen.count != draft.concerns.count { problems.append(.init(field: "concerns", key: "case.validation.concerns")) }
        let summary = draft.summary.trimmingCharacters(in: .whitespacesAndNewlines)
        if summary.isEmpty { problems.append(.init(field: "summary", key: "validation.required")) }
        if summary.count > Self.textLimit { problems.append(.init(field: "summary", key: "validation.too_long")) }
        let identified = CalendarDate(userInput: draft.identifiedOn)
        if identified == nil { problems.append(.init(field: "identifiedOn", key: "validation.date")) }
        else if identified! > today { problems.append(.init(field: "identifiedOn", key: "case.validation.future")) }
        guard problems.isEmpty, let source, let identified else { throw AppError.invalid(problems) }
        return Valid(source: source, concerns: chosen, summary: summary, identifiedOn: identified)
    }

    /// Opens a case for a registry child. The case lives in the child's etrap. Opened from an
    /// intake (a report of a child at risk), the intake is marked opened and names the case, in
    /// the same transaction; an intake decided meanwhile refuses the whole.
    package func open(for person: Person, _ draft: Draft, intake: CaseIntake? = nil) async throws -> CaseRecord {
        if let intake, !intake.statusValue.isWaiting { throw AppError.conflict("case.intake.already_decided") }
        let intakeVersion = intake?.version
        var problems: [FieldProblem] = []
        if person.mergedIntoID != nil || person.deathDate != nil { problems.append(.init(field: "person", key: "case.validation.not_a_child")) }
        if let born = CalendarDate(iso: person.birthDate), Age.years(born: born, on: today) >= 18 {
            problems.append(.init(field: "person", key: "case.validation.not_a_child"))
        }
        let valid: Valid
        do { valid = try await validate(draft) } catch AppError.invalid(let more) { throw AppError.invalid(problems + more) }
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let territory = try await person.$territory.get(on: db)
        return try await db.writing { tx in
            let record = CaseRecord()
            record.id = AppClock.newID()
            let prefix = CaseNumber.prefix(regionCode: CaseNumber.regionCode(ofPath: person.territoryPath) ?? "TM")
            let sequence = try await Counters.next(CaseNumber.series(prefix: prefix, year: today.year), on: tx)
            record.number = CaseNumber.format(prefix: prefix, year: today.year, sequence: sequence)
            record.$child.id = try person.requireID()
            record.$territory.id = territory?.id
            record.territoryPath = person.territoryPath
            record.identificationSource = valid.source.rawValue
            record.concerns = CaseRecord.encodeConcerns(valid.concerns)
            record.urgent = draft.urgent
            record.summary = valid.summary
            record.identifiedOn = valid.identifiedOn.iso
            record.registeredAt = now
            record.step = CaseStep.identification.rawValue
            record.riskRank = 9
            record.$worker.id = actor?.role == .socialWorker ? actor?.id : nil
            record.createdBy = actor?.id
            record.version = 1
            try await record.create(on: tx)
            try await history(record.id!, "record", nil, "opened \(record.number)" + (intake.map { " from \($0.number)" } ?? ""), on: tx)
            try await audit.on(tx).record(.caseOpened, recordType: "case", recordID: record.id!.uuidString,
                                          detail: "\(record.number) person \(person.number)")
            if let intake, let intakeVersion {
                try await CaseIntakeService.decide(intake, .opened, caseID: record.id, reason: nil, expectedVersion: intakeVersion,
                                                   actor: actor, now: now, on: tx)
                try await audit.on(tx).record(.caseIntakeDecided, recordType: "case_intake", recordID: intake.id!.uuidString,
                                              detail: "\(intake.number) \(CaseIntakeStatus.opened.rawValue) \(record.number)")
            }
            return record
        }
    }

    // MARK: the shared change frame

    /// Runs `body` in a transaction after advancing the case's version. With an expected
    /// version, a case changed since the form was loaded is refused (`error.stale`).
    /// `appends`: the command adds to the case (a note, a visit, an incident) without changing
    /// the case itself; unless it moves the step, it needs no version, so two at once both land.
    package func change(_ record: CaseRecord, expectedVersion: Int?, event: CaseEvent?, detail: String,
                audit action: AuditAction = .caseChanged, appends: Bool = false,
                _ body: @escaping @Sendable (any Database) async throws -> Void) async throws {
        if let expectedVersion, record.version != expectedVersion { throw AppError.conflict("error.stale") }
        let from = record.stepValue
        let next = event.map { CaseWorkflow.next(from: from, $0) } ?? from
        guard let to = next else { throw AppError.conflict("case.transition_refused") }
        let id = try record.requireID()
        let version = record.version
        let versioned = !(appends && from == to && expectedVersion == nil)
        try await db.writing { tx in
            if versioned {
                let changed = try await (tx as! any SQLDatabase).update(CaseRecord.schema)
                    .set("version", to: SQLBind(version + 1)).set("step", to: SQLBind(to.rawValue))
                    .where("id", .equal, SQLBind(id)).where("version", .equal, SQLBind(version))
                    .returning("id").all()
                guard changed.count == 1 else { throw AppError.conflict("error.stale") }
                record.version = version + 1
                record.step = to.rawValue
            }
            try await body(tx)
            if from != to { try await history(id, "step", from.rawValue, to.rawValue, on: tx) }
            try await audit.on(tx).record(action, recordType: "case", recordID: id.uuidString, detail: "\(record.number) \(detail)")
        }
    }

    package func history(_ id: UUID, _ field: String, _ old: String?, _ new: String?, on tx: any Database) async throws {
        try await RecordChange(recordType: "case", recordID: id, field: field, old: old, new: new, by: actor, at: now).create(on: tx)
    }

    // MARK: editing the identification

    /// The edit form's fields as stored, for the history and for showing the other change.
    package static func snapshot(_ record: CaseRecord) -> [String: String] {
        ["source": record.identificationSource, "concerns": record.concerns, "urgent": record.urgent ? "yes" : "no",
         "summary": record.summary, "identifiedOn": record.identifiedOn]
    }

    package func update(_ record: CaseRecord, _ draft: Draft, expectedVersion: Int) async throws {
        guard record.stepValue.isOpen else { throw AppError.conflict("case.closed_readonly") }
        let valid = try await validate(draft)
        let before = Self.snapshot(record)
        try await change(record, expectedVersion: expectedVersion, event: nil, detail: "edited") { tx in
            record.identificationSource = valid.source.rawValue
            record.concerns = CaseRecord.encodeConcerns(valid.concerns)
            record.urgent = draft.urgent
            record.summary = valid.summary
            record.identifiedOn = valid.identifiedOn.iso
            try await record.save(on: tx)
            let after = Self.snapshot(record)
            for field in after.keys.sorted() where before[field] != after[field] {
                try await history(record.id!, field, before[field], after[field], on: tx)
            }
        }
    }

    package init(db: any Database, actor: CurrentUser?, audit: AuditService, now: Date = AppClock.now) {
        self.db = db
        self.actor = actor
        self.audit = audit
        self.now = now
    }
}

extension Request {
    package var cases: CaseService { CaseService(db: db, actor: currentUser, audit: audit) }
}
