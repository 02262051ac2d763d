import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawSocialServices

/// The initial assessment (risk and deadlines), the needs assessment, the plan and visits.
extension CaseService {
    // MARK: assessments

    /// Validates a date typed by the user: well-formed, not in the future, and not before
    /// `notBefore` (the day the case was identified).
    package func dateProblem(_ field: String, _ raw: String, notBefore: String?, into problems: inout [FieldProblem]) throws -> CalendarDate? {
        guard let date = CalendarDate(userInput: raw) else { problems.append(.init(field: field, key: "validation.date")); return nil }
        if date > today { problems.append(.init(field: field, key: "case.validation.future")); return nil }
        if let notBefore, date.iso < notBefore { problems.append(.init(field: field, key: "case.validation.before_registration")); return nil }
        return date
    }

    /// The initial assessment sets the risk level and the deadlines it brings.
    package func initialAssessment(_ record: CaseRecord, date: String, risk rawRisk: String, summary rawSummary: String) async throws {
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

    package func newTask(_ record: CaseRecord, _ kind: DeadlineKind, _ at: Double, on tx: any Database) async throws {
        let task = CaseTask()
        task.$caseRecord.id = record.id!
        task.kind = kind.rawValue
        task.dueAt = Date(timeIntervalSince1970: at)
        task.territoryPath = record.territoryPath
        task.workerID = record.$worker.id
        try await task.create(on: tx)
    }

    package func completeTasks(_ record: CaseRecord, _ kind: DeadlineKind, on tx: any Database) async throws {
        let open = try await CaseTask.query(on: tx).filter(\.$caseRecord.$id == record.id!).filter(\.$kind == kind.rawValue)
            .filter(\.$doneAt == nil).all()
        for task in open { task.doneAt = now; try await task.save(on: tx) }
    }

    package func required(_ field: String, _ raw: String, into problems: inout [FieldProblem]) throws -> String {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { problems.append(.init(field: field, key: "validation.required")) }
        if text.count > Self.textLimit { problems.append(.init(field: field, key: "validation.too_long")) }
        return text
    }

    package func fill(_ row: CaseAssessment) {
        row.recordedBy = actor?.id
        row.recordedByName = actor?.username
        row.recordedAt = now
    }

    package struct NeedsDraft {
        package var assessedOn = ""
        package var summary = ""
        package var risks = ""
        package var protectiveFactors = ""
        package var childViews = ""
    
        package init(assessedOn: String = "", summary: String = "", risks: String = "", protectiveFactors: String = "", childViews: String = "") {
            self.assessedOn = assessedOn
            self.summary = summary
            self.risks = risks
            self.protectiveFactors = protectiveFactors
            self.childViews = childViews
        }
    }

    /// The full needs assessment, sent to the supervisor for approval in the same step.
    package func needsAssessment(_ record: CaseRecord, _ draft: NeedsDraft) async throws {
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
            row.id = AppClock.newID()
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

    package struct PlanAction {
        package var action = ""
        package var responsible = ""
        package var start = ""
        package var due = ""
    
        package init(action: String = "", responsible: String = "", start: String = "", due: String = "") {
            self.action = action
            self.responsible = responsible
            self.start = start
            self.due = due
        }
    }

    package func submitPlan(_ record: CaseRecord, goals rawGoals: String, actions: [PlanAction]) async throws {
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
            plan.id = AppClock.newID()
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

    package static let visitKinds = ["home_visit", "office", "school", "phone"]

    package func recordVisit(_ record: CaseRecord, date: String, kind: String, childSeen: Bool, summary rawSummary: String) async throws {
        var problems: [FieldProblem] = []
        let visited = try dateProblem("visitedOn", date, notBefore: record.identifiedOn, into: &problems)
        if !Self.visitKinds.contains(kind) { problems.append(.init(field: "kind", key: "validation.choose")) }
        let summary = try required("summary", rawSummary, into: &problems)
        guard problems.isEmpty, let visited else { throw AppError.invalid(problems) }
        let table = try await deadlineTable(on: visited)
        let afterPlan = [.implementation, .followUp].contains(record.stepValue)
        try await change(record, expectedVersion: nil, event: .followUpVisit, detail: "visit \(kind)", appends: true) { tx in
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
}
