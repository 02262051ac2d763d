import Fluent
import SQLKit
import Vapor
import GoldawCore

/// Opening a case and every change to it. Each command validates first, then runs in one
/// transaction that advances the case's `version`, writes the change, its field history
/// (`record_changes`, record type "case") and the audit record, so a failure saves nothing.
struct CaseService {
    let db: any Database
    let actor: CurrentUser?
    let audit: AuditService
    var now: Date = Date()

    static let textLimit = 4000
    var today: CalendarDate { CalendarDate.ashgabat(secondsSince1970: now.timeIntervalSince1970) }

    // MARK: settings

    func deadlineTable(on date: CalendarDate) async throws -> DeadlineTable {
        let rows = try await CaseDeadlineSetting.query(on: db).all()
        var tables: [String: [RiskLevel: [DeadlineKind: Int]]] = [:]
        for row in rows {
            guard let risk = RiskLevel(rawValue: row.riskLevel), let kind = DeadlineKind(rawValue: row.kind) else { continue }
            tables[row.validFrom, default: [:]][risk, default: [:]][kind] = row.hours
        }
        let dated = tables.compactMap { key, hours in CalendarDate(iso: key).map { DeadlineTable(validFrom: $0, hours: hours) } }
        return DeadlineTable.inForce(dated, on: date) ?? .defaults
    }

    func consentBands(on date: CalendarDate) async throws -> [ConsentBand] {
        let rows = try await CaseConsentBand.query(on: db).filter(\.$validFrom <= date.iso).sort(\.$validFrom, .descending).all()
        guard let latest = rows.first?.validFrom else { return ConsentRules.defaultBands }
        return rows.filter { $0.validFrom == latest }.map { row in
            ConsentBand(minAge: row.minAge, maxAge: row.maxAge, parties: row.parties.split(separator: ",").compactMap { ConsentParty(rawValue: String($0)) })
        }
    }

    func concerns() async throws -> [CaseConcern] {
        try await CaseConcern.query(on: db).filter(\.$active == true).sort(\.$sortOrder).all()
    }

    // MARK: opening

    struct Draft {
        var source = ""
        var concerns: [String] = []
        var urgent = false
        var summary = ""
        var identifiedOn = ""

        var formValues: [String: String] {
            ["source": source, "summary": summary, "identifiedOn": identifiedOn, "urgent": urgent ? "on" : ""]
        }
    }

    struct Valid {
        let source: IdentificationSource
        let concerns: [String]
        let summary: String
        let identifiedOn: CalendarDate
    }

    func validate(_ draft: Draft) async throws -> Valid {
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

    /// Opens a case for a registry child. The case lives in the child's etrap.
    func open(for person: Person, _ draft: Draft) async throws -> CaseRecord {
        var problems: [FieldProblem] = []
        if person.mergedIntoID != nil || person.deathDate != nil { problems.append(.init(field: "person", key: "case.validation.not_a_child")) }
        if let born = CalendarDate(iso: person.birthDate), Age.years(born: born, on: today) >= 18 {
            problems.append(.init(field: "person", key: "case.validation.not_a_child"))
        }
        let valid: Valid
        do { valid = try await validate(draft) } catch AppError.invalid(let more) { throw AppError.invalid(problems + more) }
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let territory = try await person.$territory.get(on: db)
        return try await db.transaction { tx in
            let record = CaseRecord()
            record.id = UUID()
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
            try await history(record.id!, "record", nil, "opened \(record.number)", on: tx)
            try await audit.on(tx).record(.caseOpened, recordType: "case", recordID: record.id!.uuidString,
                                          detail: "\(record.number) person \(person.number)")
            return record
        }
    }

    // MARK: the shared change frame

    /// Runs `body` in a transaction after advancing the case's version. With an expected
    /// version, a case changed since the form was loaded is refused (`error.stale`).
    func change(_ record: CaseRecord, expectedVersion: Int?, event: CaseEvent?, detail: String,
                audit action: AuditAction = .caseChanged, _ body: @escaping @Sendable (any Database) async throws -> Void) async throws {
        if let expectedVersion, record.version != expectedVersion { throw AppError.conflict("error.stale") }
        let from = record.stepValue
        let next = event.map { CaseWorkflow.next(from: from, $0) } ?? from
        guard let to = next else { throw AppError.conflict("case.transition_refused") }
        let id = try record.requireID()
        let version = record.version
        try await db.transaction { tx in
            let changed = try await (tx as! any SQLDatabase).update(CaseRecord.schema)
                .set("version", to: SQLBind(version + 1)).set("step", to: SQLBind(to.rawValue))
                .where("id", .equal, SQLBind(id)).where("version", .equal, SQLBind(version))
                .returning("id").all()
            guard changed.count == 1 else { throw AppError.conflict("error.stale") }
            record.version = version + 1
            record.step = to.rawValue
            try await body(tx)
            if from != to { try await history(id, "step", from.rawValue, to.rawValue, on: tx) }
            try await audit.on(tx).record(action, recordType: "case", recordID: id.uuidString, detail: "\(record.number) \(detail)")
        }
    }

    func history(_ id: UUID, _ field: String, _ old: String?, _ new: String?, on tx: any Database) async throws {
        try await RecordChange(recordType: "case", recordID: id, field: field, old: old, new: new, by: actor, at: now).create(on: tx)
    }

    // MARK: editing the identification

    /// The edit form's fields as stored, for the history and for showing the other change.
    static func snapshot(_ record: CaseRecord) -> [String: String] {
        ["source": record.identificationSource, "concerns": record.concerns, "urgent": record.urgent ? "yes" : "no",
         "summary": record.summary, "identifiedOn": record.identifiedOn]
    }

    func update(_ record: CaseRecord, _ draft: Draft, expectedVersion: Int) async throws {
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

    // MARK: consent

    func recordConsent(_ record: CaseRecord, party rawParty: String, givenBy: String, scopes: Set<ConsentScope>,
                       givenOn: String, note: String) async throws {
        var problems: [FieldProblem] = []
        let party = ConsentParty(rawValue: rawParty)
        if party == nil { problems.append(.init(field: "party", key: "validation.choose")) }
        let name = givenBy.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { problems.append(.init(field: "givenBy", key: "validation.required")) }
        let date = try dateProblem("givenOn", givenOn, notBefore: nil, into: &problems)
        guard problems.isEmpty, let party, let date else { throw AppError.invalid(problems) }
        try await change(record, expectedVersion: nil, event: nil, detail: "consent \(party.rawValue)") { tx in
            let row = CaseConsent()
            row.$caseRecord.id = record.id!
            row.party = party.rawValue
            row.givenBy = name
            row.services = scopes.contains(.services)
            row.informationSharing = scopes.contains(.informationSharing)
            row.referral = scopes.contains(.referral)
            row.givenOn = date.iso
            row.note = note.isEmpty ? nil : note
            row.recordedBy = actor?.id
            row.recordedByName = actor?.username
            row.recordedAt = now
            try await row.create(on: tx)
            try await history(record.id!, "consent", nil,
                              "\(party.rawValue): " + ConsentScope.allCases.filter(scopes.contains).map(\.rawValue).joined(separator: ","), on: tx)
        }
    }

    /// Whether the case may be shared or referred now, for the child's age on `today`.
    func consentDecision(_ record: CaseRecord, _ scope: ConsentScope) async throws -> ConsentDecision {
        let child = try await record.$child.get(on: db)
        let age = CalendarDate(iso: child.birthDate).map { Age.years(born: $0, on: today) } ?? 0
        let records = try await CaseConsent.query(on: db).filter(\.$caseRecord.$id == record.id!).all().compactMap(\.record)
        let overridden = try await CaseConsentOverride.query(on: db).filter(\.$caseRecord.$id == record.id!)
            .filter(\.$scope == scope.rawValue).count() > 0
        return ConsentCheck.decide(scope, childAge: age, records: records, bands: try await consentBands(on: today), overridden: overridden)
    }

    func overrideConsent(_ record: CaseRecord, scope rawScope: String, reason rawReason: String) async throws {
        var problems: [FieldProblem] = []
        let scope = ConsentScope(rawValue: rawScope)
        if scope == nil { problems.append(.init(field: "scope", key: "validation.choose")) }
        let reason = rawReason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { problems.append(.init(field: "reason", key: "validation.required")) }
        guard problems.isEmpty, let scope else { throw AppError.invalid(problems) }
        try await change(record, expectedVersion: nil, event: nil, detail: "override \(scope.rawValue)", audit: .caseConsentOverridden) { tx in
            let row = CaseConsentOverride()
            row.$caseRecord.id = record.id!
            row.scope = scope.rawValue
            row.reason = reason
            row.decidedBy = actor?.id
            row.decidedByName = actor?.username
            row.decidedAt = now
            try await row.create(on: tx)
            try await history(record.id!, "consentOverride", nil, "\(scope.rawValue): \(reason)", on: tx)
        }
    }

    // MARK: assessments

    /// Validates a date typed by the user: well-formed, not in the future, and not before
    /// `notBefore` (the day the case was identified).
    func dateProblem(_ field: String, _ raw: String, notBefore: String?, into problems: inout [FieldProblem]) throws -> CalendarDate? {
        guard let date = CalendarDate(userInput: raw) else { problems.append(.init(field: field, key: "validation.date")); return nil }
        if date > today { problems.append(.init(field: field, key: "case.validation.future")); return nil }
        if let notBefore, date.iso < notBefore { problems.append(.init(field: field, key: "case.validation.before_registration")); return nil }
        return date
    }

    /// The initial assessment sets the risk level and the deadlines it brings.
    func initialAssessment(_ record: CaseRecord, date: String, risk rawRisk: String, summary rawSummary: String) async throws {
        var problems: [FieldProblem] = []
        let assessed = try dateProblem("assessedOn", date, notBefore: record.identifiedOn, into: &problems)
        let risk = RiskLevel(rawValue: rawRisk)
        if risk == nil { problems.append(.init(field: "risk", key: "validation.choose")) }
        let summary = try required("summary", rawSummary, into: &problems)
        guard problems.isEmpty, let assessed, let risk else { throw AppError.invalid(problems) }
        let table = try await deadlineTable(on: assessed)
        let oldRisk = record.riskLevel
        let existing = try await CaseTask.query(on: db).filter(\.$caseRecord.$id == record.id!).all()
        try await change(record, expectedVersion: nil, event: .initialAssessment, detail: "initial assessment \(risk.rawValue)") { tx in
            let row = CaseAssessment()
            row.$caseRecord.id = record.id!
            row.kind = "initial"
            row.assessedOn = assessed.iso
            row.riskLevel = risk.rawValue
            row.summary = summary
            fill(row)
            try await row.create(on: tx)
            record.riskLevel = risk.rawValue
            record.riskRank = risk.rank
            try await record.save(on: tx)
            if oldRisk != risk.rawValue { try await history(record.id!, "riskLevel", oldRisk, risk.rawValue, on: tx) }
            // The clock runs from registration; a new risk level moves the open deadlines.
            let due = CaseDeadlines.due(risk: risk, start: record.registeredAt.timeIntervalSince1970, table: table)
            // Follow-up deadlines start once a plan is approved (see `decide`).
            for kind in [DeadlineKind.firstContact, .fullAssessment, .casePlan] {
                guard let at = due[kind] else { continue }
                if let task = existing.first(where: { $0.kind == kind.rawValue }) {
                    if task.doneAt == nil { task.dueAt = Date(timeIntervalSince1970: at); try await task.save(on: tx) }
                } else {
                    try await newTask(record, kind, at, on: tx)
                }
            }
        }
    }

    func newTask(_ record: CaseRecord, _ kind: DeadlineKind, _ at: Double, on tx: any Database) async throws {
        let task = CaseTask()
        task.$caseRecord.id = record.id!
        task.kind = kind.rawValue
        task.dueAt = Date(timeIntervalSince1970: at)
        task.territoryPath = record.territoryPath
        task.workerID = record.$worker.id
        try await task.create(on: tx)
    }

    func completeTasks(_ record: CaseRecord, _ kind: DeadlineKind, on tx: any Database) async throws {
        let open = try await CaseTask.query(on: tx).filter(\.$caseRecord.$id == record.id!).filter(\.$kind == kind.rawValue)
            .filter(\.$doneAt == nil).all()
        for task in open { task.doneAt = now; try await task.save(on: tx) }
    }

    private func required(_ field: String, _ raw: String, into problems: inout [FieldProblem]) throws -> String {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { problems.append(.init(field: field, key: "validation.required")) }
        if text.count > Self.textLimit { problems.append(.init(field: field, key: "validation.too_long")) }
        return text
    }

    private func fill(_ row: CaseAssessment) {
        row.recordedBy = actor?.id
        row.recordedByName = actor?.username
        row.recordedAt = now
    }

    struct NeedsDraft {
        var assessedOn = ""
        var summary = ""
        var risks = ""
        var protectiveFactors = ""
        var childViews = ""
    }

    /// The full needs assessment, sent to the supervisor for approval in the same step.
    func needsAssessment(_ record: CaseRecord, _ draft: NeedsDraft) async throws {
        var problems: [FieldProblem] = []
        let assessed = try dateProblem("assessedOn", draft.assessedOn, notBefore: record.identifiedOn, into: &problems)
        let summary = try required("summary", draft.summary, into: &problems)
        let risks = try required("risks", draft.risks, into: &problems)
        let protective = try required("protectiveFactors", draft.protectiveFactors, into: &problems)
        let views = try required("childViews", draft.childViews, into: &problems)
        guard problems.isEmpty, let assessed else { throw AppError.invalid(problems) }
        try await refuseIfPending(record, .assessment)
        try await change(record, expectedVersion: nil, event: .needsAssessment, detail: "needs assessment") { tx in
            let row = CaseAssessment()
            row.id = UUID()
            row.$caseRecord.id = record.id!
            row.kind = "needs"
            row.assessedOn = assessed.iso
            row.summary = summary
            row.risks = risks
            row.protectiveFactors = protective
            row.childViews = views
            fill(row)
            try await row.create(on: tx)
            try await completeTasks(record, .fullAssessment, on: tx)
            try await request(record, .assessment, subject: row.id, comment: nil, on: tx)
        }
    }

    // MARK: plan

    struct PlanAction {
        var action = ""
        var responsible = ""
        var start = ""
        var due = ""
    }

    func submitPlan(_ record: CaseRecord, goals rawGoals: String, actions: [PlanAction]) async throws {
        var problems: [FieldProblem] = []
        let goals = try required("goals", rawGoals, into: &problems)
        var valid: [(String, String, CalendarDate, CalendarDate)] = []
        for (index, item) in actions.enumerated() {
            let action = item.action.trimmingCharacters(in: .whitespacesAndNewlines)
            let responsible = item.responsible.trimmingCharacters(in: .whitespacesAndNewlines)
            if action.isEmpty && responsible.isEmpty && item.start.isEmpty && item.due.isEmpty { continue }
            let n = index + 1
            if action.isEmpty { problems.append(.init(field: "action\(n)", key: "validation.required")) }
            if responsible.isEmpty { problems.append(.init(field: "responsible\(n)", key: "validation.required")) }
            let start = CalendarDate(userInput: item.start), due = CalendarDate(userInput: item.due)
            if start == nil { problems.append(.init(field: "start\(n)", key: "validation.date")) }
            if due == nil { problems.append(.init(field: "due\(n)", key: "validation.date")) }
            if let start, let due, due < start { problems.append(.init(field: "due\(n)", key: "case.validation.due_before_start")) }
            if let start, start.iso < record.identifiedOn { problems.append(.init(field: "start\(n)", key: "case.validation.before_registration")) }
            if let start, let due { valid.append((action, responsible, start, due)) }
        }
        if valid.isEmpty && problems.isEmpty { problems.append(.init(field: "action1", key: "case.validation.plan_actions")) }
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        try await refuseIfPending(record, .casePlan)
        let toSave = valid
        let revision = try await CasePlan.query(on: db).filter(\.$caseRecord.$id == record.id!).count() + 1
        try await change(record, expectedVersion: nil, event: .planSubmitted, detail: "plan revision \(revision)") { tx in
            let plan = CasePlan()
            plan.id = UUID()
            plan.$caseRecord.id = record.id!
            plan.revision = revision
            plan.goals = goals
            plan.recordedBy = actor?.id
            plan.recordedByName = actor?.username
            plan.recordedAt = now
            try await plan.create(on: tx)
            for (index, item) in toSave.enumerated() {
                let row = CasePlanAction()
                row.$plan.id = plan.id!
                row.position = index + 1
                row.action = item.0
                row.responsible = item.1
                row.startOn = item.2.iso
                row.dueOn = item.3.iso
                try await row.create(on: tx)
            }
            try await completeTasks(record, .casePlan, on: tx)
            try await request(record, .casePlan, subject: plan.id, comment: nil, on: tx)
        }
    }

    // MARK: visits

    static let visitKinds = ["home_visit", "office", "school", "phone"]

    func recordVisit(_ record: CaseRecord, date: String, kind: String, childSeen: Bool, summary rawSummary: String) async throws {
        var problems: [FieldProblem] = []
        let visited = try dateProblem("visitedOn", date, notBefore: record.identifiedOn, into: &problems)
        if !Self.visitKinds.contains(kind) { problems.append(.init(field: "kind", key: "validation.choose")) }
        let summary = try required("summary", rawSummary, into: &problems)
        guard problems.isEmpty, let visited else { throw AppError.invalid(problems) }
        let table = try await deadlineTable(on: visited)
        let afterPlan = [.implementation, .followUp].contains(record.stepValue)
        try await change(record, expectedVersion: nil, event: .followUpVisit, detail: "visit \(kind)") { tx in
            let row = CaseVisit()
            row.$caseRecord.id = record.id!
            row.visitedOn = visited.iso
            row.kind = kind
            row.childSeen = childSeen
            row.summary = summary
            row.recordedBy = actor?.id
            row.recordedByName = actor?.username
            row.recordedAt = now
            try await row.create(on: tx)
            try await completeTasks(record, .firstContact, on: tx)
            if afterPlan {
                try await completeTasks(record, .followUp, on: tx)
                if let risk = record.risk, let next = CaseDeadlines.nextFollowUp(risk: risk, after: now.timeIntervalSince1970, table: table) {
                    try await newTask(record, .followUp, next, on: tx)
                }
            }
        }
    }

    // MARK: approvals

    func refuseIfPending(_ record: CaseRecord, _ kind: ApprovalKind) async throws {
        let pending = try await CaseApproval.query(on: db).filter(\.$caseRecord.$id == record.id!)
            .filter(\.$status == ApprovalStatus.requested.rawValue).all().map(\.kindValue)
        guard ApprovalRules.mayRequest(kind, pending: pending) else { throw AppError.conflict(ApprovalRules.Refusal.alreadyPending.rawValue) }
    }

    private func request(_ record: CaseRecord, _ kind: ApprovalKind, subject: UUID?, comment: String?, on tx: any Database) async throws {
        guard let actor else { throw AppError.forbidden }
        let row = CaseApproval()
        row.$caseRecord.id = record.id!
        row.kind = kind.rawValue
        row.subjectID = subject
        row.status = ApprovalStatus.requested.rawValue
        row.requestComment = comment
        row.requestedBy = actor.id
        row.requestedByName = actor.username
        row.requestedAt = now
        row.used = false
        row.territoryPath = record.territoryPath
        row.version = 1
        try await row.create(on: tx)
        try await history(record.id!, "approval", nil, "\(kind.rawValue) requested", on: tx)
    }

    func requestClosure(_ record: CaseRecord, comment rawComment: String) async throws {
        var problems: [FieldProblem] = []
        let comment = try required("comment", rawComment, into: &problems)
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        try await refuseIfPending(record, .closure)
        try await change(record, expectedVersion: nil, event: .closureRequested, detail: "closure requested") { tx in
            try await request(record, .closure, subject: nil, comment: comment, on: tx)
        }
    }

    /// A supervisor decides a request. Refused when it no longer waits, when it is the
    /// supervisor's own request, when a rejection has no comment, or when someone decided first.
    func decide(_ approval: CaseApproval, on record: CaseRecord, _ decision: ApprovalDecision, comment rawComment: String,
                expectedVersion: Int) async throws {
        guard let actor else { throw AppError.forbidden }
        let comment = rawComment.trimmingCharacters(in: .whitespacesAndNewlines)
        guard approval.version == expectedVersion else { throw AppError.conflict("error.stale") }
        let outcome: ApprovalStatus
        switch ApprovalRules.decide(status: approval.statusValue, requestedBy: approval.requestedBy.uuidString,
                                    decidedBy: actor.id.uuidString, decision, comment: comment) {
        case .failure(.commentRequired): throw AppError.invalid([.init(field: "comment", key: ApprovalRules.Refusal.commentRequired.rawValue)])
        case .failure(let refusal): throw AppError.conflict(refusal.rawValue)
        case .success(let status): outcome = status
        }
        var event: CaseEvent?
        if outcome == .approved {
            switch approval.kindValue {
            case .assessment: event = .assessmentApproved
            case .casePlan: event = .planApproved
            case .closure: event = nil
            }
        }
        let approvalID = try approval.requireID()
        let planApproved = event == .planApproved
        let table = try await deadlineTable(on: today)
        try await change(record, expectedVersion: nil, event: event, detail: "\(approval.kind) \(outcome.rawValue)",
                         audit: .caseApprovalDecided) { tx in
            let changed = try await (tx as! any SQLDatabase).update(CaseApproval.schema)
                .set("version", to: SQLBind(expectedVersion + 1))
                .where("id", .equal, SQLBind(approvalID)).where("version", .equal, SQLBind(expectedVersion))
                .returning("id").all()
            guard changed.count == 1 else { throw AppError.conflict("error.stale") }
            approval.version = expectedVersion + 1
            approval.status = outcome.rawValue
            approval.decisionComment = comment.isEmpty ? nil : comment
            approval.decidedBy = actor.id
            approval.decidedByName = actor.username
            approval.decidedAt = now
            try await approval.save(on: tx)
            try await history(record.id!, "approval", "\(approval.kind) requested", "\(approval.kind) \(outcome.rawValue)", on: tx)
            // The first follow-up is due one follow-up interval after the plan is approved.
            if planApproved, let risk = record.risk {
                let open = try await CaseTask.query(on: tx).filter(\.$caseRecord.$id == record.id!)
                    .filter(\.$kind == DeadlineKind.followUp.rawValue).filter(\.$doneAt == nil).count()
                if open == 0, let at = CaseDeadlines.nextFollowUp(risk: risk, after: now.timeIntervalSince1970, table: table) {
                    try await newTask(record, .followUp, at, on: tx)
                }
            }
        }
    }

    // MARK: closure and reopening

    func close(_ record: CaseRecord, reason rawReason: String, note: String, expectedVersion: Int) async throws {
        let reason = ClosureReason(rawValue: rawReason)
        let approved = try await CaseApproval.query(on: db).filter(\.$caseRecord.$id == record.id!)
            .filter(\.$kind == ApprovalKind.closure.rawValue).filter(\.$status == ApprovalStatus.approved.rawValue)
            .filter(\.$used == false).first()
        switch CaseClosure.check(step: record.stepValue, reason: reason, hasApprovedRequest: approved != nil) {
        case .reasonRequired?: throw AppError.invalid([.init(field: "reason", key: CaseClosure.Refusal.reasonRequired.rawValue)])
        case let refusal?: throw AppError.conflict(refusal.rawValue)
        case nil: break
        }
        try await change(record, expectedVersion: expectedVersion, event: .close, detail: "closed \(rawReason)", audit: .caseClosed) { tx in
            approved!.used = true
            try await approved!.save(on: tx)
            record.closureReason = reason!.rawValue
            record.closureNote = note.isEmpty ? nil : note
            record.closedAt = now
            try await record.save(on: tx)
            try await history(record.id!, "closureReason", nil, reason!.rawValue, on: tx)
            // Open deadlines end with the case.
            let open = try await CaseTask.query(on: tx).filter(\.$caseRecord.$id == record.id!).filter(\.$doneAt == nil).all()
            for task in open { task.doneAt = now; try await task.save(on: tx) }
        }
    }

    func reopen(_ record: CaseRecord, reason rawReason: String, expectedVersion: Int) async throws {
        var problems: [FieldProblem] = []
        let reason = try required("reopenReason", rawReason, into: &problems)
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let table = try await deadlineTable(on: today)
        try await change(record, expectedVersion: expectedVersion, event: .reopen, detail: "reopened", audit: .caseReopened) { tx in
            try await history(record.id!, "reopenReason", record.reopenReason, reason, on: tx)
            record.reopenReason = reason
            record.closedAt = nil
            try await record.save(on: tx)
            // A reopened case is reassessed: its deadlines start again from now.
            if let risk = record.risk {
                let due = CaseDeadlines.due(risk: risk, start: now.timeIntervalSince1970, table: table)
                for kind in [DeadlineKind.fullAssessment, .casePlan] { if let at = due[kind] { try await newTask(record, kind, at, on: tx) } }
            }
        }
    }

    // MARK: notes and referrals

    func addNote(_ record: CaseRecord, body rawBody: String) async throws {
        var problems: [FieldProblem] = []
        let body = try required("body", rawBody, into: &problems)
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        try await change(record, expectedVersion: nil, event: nil, detail: "note") { tx in
            let note = CaseNote()
            note.$caseRecord.id = record.id!
            note.body = body
            note.authorID = actor?.id
            note.authorName = actor?.fullName ?? "—"
            note.writtenAt = now
            try await note.create(on: tx)
        }
    }

    /// Records a referral to a service. Refused without the consent the child's age band needs
    /// for referral, unless a supervisor has overridden it with a reason.
    func refer(_ record: CaseRecord, service rawService: String, provider rawProvider: String, date: String) async throws {
        var problems: [FieldProblem] = []
        let service = try required("service", rawService, into: &problems)
        let provider = try required("provider", rawProvider, into: &problems)
        let referred = try dateProblem("referredOn", date, notBefore: record.identifiedOn, into: &problems)
        guard problems.isEmpty, let referred else { throw AppError.invalid(problems) }
        let decision = try await consentDecision(record, .referral)
        guard decision.isAllowed else { throw AppError.conflict("case.referral.no_consent") }
        try await change(record, expectedVersion: nil, event: nil, detail: "referral") { tx in
            let row = CaseReferral()
            row.$caseRecord.id = record.id!
            row.service = service
            row.provider = provider
            row.referredOn = referred.iso
            row.basis = decision == .allowed ? "consent" : "override"
            row.recordedBy = actor?.id
            row.recordedByName = actor?.username
            row.recordedAt = now
            try await row.create(on: tx)
            try await history(record.id!, "referral", nil, "\(service) → \(provider) (\(row.basis))", on: tx)
        }
    }
}

extension Request {
    var cases: CaseService { CaseService(db: db, actor: currentUser, audit: audit) }
}
