import Fluent
import Vapor
import GoldawCore

/// Emergency (shock-response) measures: a top-up for existing beneficiaries of chosen
/// programmes in chosen territories for a period of months. Payroll adds it as separate lines.
struct EmergencyService {
    let db: any Database
    let actor: CurrentUser?
    let audit: AuditService
    var now: Date = Date()

    struct Declaration {
        var name: String
        var programmes: [String]
        var territories: [String]
        var kind: String
        var value: String
        var fromMonth: String
        var toMonth: String
    }

    func declare(_ d: Declaration) async throws -> EmergencyMeasure {
        var problems: [FieldProblem] = []
        let name = d.name.trimmingCharacters(in: .whitespaces)
        if name.isEmpty || name.count > 200 { problems.append(.init(field: "name", key: "validation.required")) }
        let programmes = d.programmes.compactMap(Programme.init(rawValue:)).filter { $0.frequency == .monthly }
        if programmes.isEmpty || programmes.count != d.programmes.count { problems.append(.init(field: "programmes", key: "validation.choose")) }
        let territories = try await Territory.query(on: db).filter(\.$code ~~ d.territories).all()
        let scope = actor?.scope ?? .national
        if territories.isEmpty || territories.count != Set(d.territories).count
            || !territories.allSatisfy({ scope.contains(territoryPath: $0.path) }) {
            problems.append(.init(field: "territories", key: "validation.choose"))
        }
        let kind = d.kind == "fixed" ? "fixed" : (d.kind == "percent" ? "percent" : nil)
        if kind == nil { problems.append(.init(field: "kind", key: "validation.choose")) }
        let value = BenefitsCatalog.parseValue(d.value, unit: kind == "fixed" ? .money : .percent)
        if kind != nil && (value == nil || value! <= 0 || (kind == "percent" && value! > 100_000)) {
            problems.append(.init(field: "value", key: "benefits.parameter.bad_value"))
        }
        let from = BenefitMonth(iso: d.fromMonth.trimmingCharacters(in: .whitespaces))
        let to = BenefitMonth(iso: d.toMonth.trimmingCharacters(in: .whitespaces))
        if from == nil { problems.append(.init(field: "fromMonth", key: "benefits.month_invalid")) }
        if to == nil { problems.append(.init(field: "toMonth", key: "benefits.month_invalid")) }
        if let from, let to, to < from { problems.append(.init(field: "toMonth", key: "registry.end_before_start")) }
        guard problems.isEmpty, let kind, let value, let from, let to else { throw AppError.invalid(problems) }
        let measure = EmergencyMeasure()
        measure.name = name
        measure.programmes = programmes.map(\.rawValue).joined(separator: ",")
        measure.territoryPaths = territories.map(\.path).sorted().joined(separator: ",")
        measure.topUpKind = kind
        measure.topUpValue = value
        measure.fromMonth = from.iso
        measure.toMonth = to.iso
        measure.status = "active"
        measure.declaredBy = actor?.id
        measure.declaredAt = now
        measure.version = 1
        try await db.transaction { tx in
            measure.number = Counters.format("EM-", try await Counters.next("emergency", on: tx), width: 4)
            try await measure.create(on: tx)
            try await audit.on(tx).record(.emergencyDeclared, recordType: "emergency", recordID: measure.id?.uuidString,
                                          detail: "\(measure.number) \(measure.programmes) \(measure.territoryPaths) \(kind) \(value)")
        }
        return measure
    }

    /// Ends a measure early: no top-up for months from the current one on.
    func end(_ measure: EmergencyMeasure, expectedVersion: Int) async throws {
        guard measure.version == expectedVersion else { throw AppError.conflict("error.stale") }
        guard measure.status == "active" else { throw AppError.conflict("emergency.not_active") }
        let current = BenefitMonth(containing: CalendarDate.ashgabat(secondsSince1970: now.timeIntervalSince1970))
        if let to = BenefitMonth(iso: measure.toMonth), to >= current { measure.toMonth = current.adding(months: -1).iso }
        measure.status = "ended"
        measure.endedBy = actor?.id
        measure.endedAt = now
        measure.version += 1
        try await db.transaction { tx in
            try await measure.update(on: tx)
            try await audit.on(tx).record(.emergencyEnded, recordType: "emergency", recordID: measure.id?.uuidString, detail: measure.number)
        }
    }

    /// Measures that add to `programme` in `month`. A measure ended early keeps the months it
    /// already covered.
    static func measures(covering programme: Programme, month: BenefitMonth, on db: any Database) async throws -> [EmergencyMeasure] {
        try await EmergencyMeasure.query(on: db).filter(\.$fromMonth <= month.iso).filter(\.$toMonth >= month.iso).all()
            .filter { $0.programmeList.contains(programme) }
    }
}

extension Request {
    var emergencies: EmergencyService { EmergencyService(db: db, actor: currentUser, audit: audit) }
}
