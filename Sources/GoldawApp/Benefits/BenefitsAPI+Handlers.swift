import Fluent
import SQLKit
import Vapor
import GoldawCore

extension BenefitsAPI {
    // MARK: DTOs

    struct ParameterDTO: Content { let key: String; let validFrom: String; let value: Int64; let unit: String; let toBeConfirmed: Bool }
    struct RuleVersionDTO: Content { let programme: String; let validFrom: String; let rules: [EligibilityRule] }
    struct ProgrammeDTO: Content {
        let code: String; let frequency: String; let documents: [String]
        let parameters: [ParameterDTO]; let ruleVersions: [RuleVersionDTO]
    }
    struct ProgrammeList: Content { let commonParameters: [ParameterDTO]; let items: [ProgrammeDTO] }
    struct RuleOutcomeDTO: Content { let rule: String; let passed: Bool; let reason: String; let message: String }
    struct ApplicationDTO: Content {
        let id: UUID; let number: String; let programme: String; let status: String; let source: String
        let beneficiaryId: UUID; let applicantId: UUID; let documents: [String]; let channel: String?; let account: String?
        let requestedFrom: String; let eligible: Bool?; let ruleVersion: String?; let eligibility: [RuleOutcomeDTO]
        let decisionReason: String?; let version: Int
    }
    struct ApplicationPage: Content { let items: [ApplicationDTO]; let page: Int; let perPage: Int; let hasMore: Bool }
    struct EnrolmentDTO: Content {
        let id: UUID; let programme: String; let beneficiaryId: UUID; let payeeId: UUID; let effectiveFrom: String
        let endDate: String?; let status: String; let statusReason: String?; let reviewPending: Bool; let channel: String; let version: Int
    }
    struct EnrolmentList: Content { let items: [EnrolmentDTO] }
    struct CycleDTO: Content {
        let id: UUID; let number: String; let programme: String; let territoryPath: String; let month: String; let status: String
        let lineCount: Int; let total: Int64; let usesUnconfirmed: Bool; let version: Int; let paymentLists: [PayrollService.Group]?
    }
    struct CycleList: Content { let items: [CycleDTO] }
    struct LineDTO: Content {
        let id: Int64; let beneficiaryId: UUID; let payeeId: UUID; let payeeName: String; let payMonth: String; let kind: String
        let amount: Int64; let parameters: String; let territoryPath: String; let channel: String; let status: String; let reissueOf: Int64?
    }
    struct LinePage: Content { let items: [LineDTO]; let page: Int; let perPage: Int; let hasMore: Bool }
    struct TotalList: Content { let month: String; let items: [PayrollService.TotalRow] }
    struct MeasureDTO: Content {
        let id: UUID; let number: String; let measureKind: String; let rule: String?; let enrolled: Int; let name: String; let programmes: [String]; let territoryPaths: [String]
        let topUpKind: String; let topUpValue: Int64; let fromMonth: String; let toMonth: String; let status: String; let version: Int
    }
    struct MeasureList: Content { let items: [MeasureDTO] }

    struct ParameterInput: Content { var key: String; var validFrom: String; var value: String; var toBeConfirmed: Bool?; var note: String? }
    struct RuleVersionInput: Content { var programme: String; var validFrom: String; var rules: [EligibilityRule]; var note: String? }
    struct ApplicationInput: Content {
        var programme: String?; var beneficiaryId: UUID?; var applicantId: UUID?; var documents: [String]?; var channel: String
        var account: String?; var requestedFrom: String; var recordIneligible: Bool?; var version: Int?
        static let fields: Set<String> = ["programme", "beneficiaryId", "applicantId", "documents", "channel", "account", "requestedFrom",
                                          "recordIneligible", "version"]
        func intake(programme: String) -> ApplicationService.Intake {
            .init(programme: programme, documents: Set(documents ?? []), channel: channel, account: account ?? "",
                  requestedFrom: requestedFrom, recordIneligible: recordIneligible ?? false)
        }
    }
    struct DecisionInput: Content { var outcome: String; var reason: String?; var effectiveFrom: String?; var version: Int }
    struct CycleInput: Content { var programme: String; var territoryCode: String; var month: String }
    struct VersionInput: Content { var version: Int }
    struct MeasureInput: Content {
        var measureKind: String?; var rule: String?; var name: String; var programmes: [String]; var territoryCodes: [String]; var kind: String; var value: String
        var fromMonth: String; var toMonth: String
    }

    static func respond<T: Content>(_ value: T, _ status: HTTPResponseStatus = .ok, _ req: Request) async throws -> Response {
        try await RegistryAPI.respond(value, status, req)
    }

    static func dto(_ a: BenefitApplication, _ req: Request) -> ApplicationDTO {
        let decision = a.decision
        return ApplicationDTO(
            id: a.id!, number: a.number, programme: a.programme, status: a.status, source: a.source,
            beneficiaryId: a.$beneficiary.id, applicantId: a.$applicant.id, documents: a.documentSet.map(\.rawValue).sorted(),
            channel: a.channel, account: a.account, requestedFrom: a.requestedFrom, eligible: a.eligible, ruleVersion: decision?.ruleVersion,
            eligibility: (decision?.outcomes ?? []).map { RuleOutcomeDTO(rule: $0.rule.name, passed: $0.passed, reason: $0.reason,
                                                                        message: req.t($0.reason, $0.arguments)) },
            decisionReason: a.decisionReason, version: a.version)
    }

    static func dto(_ c: PayrollCycle, groups: [PayrollService.Group]? = nil) -> CycleDTO {
        CycleDTO(id: c.id!, number: c.number, programme: c.programme, territoryPath: c.territoryPath, month: c.month, status: c.status,
                 lineCount: c.lineCount, total: c.total, usesUnconfirmed: c.usesUnconfirmed, version: c.version, paymentLists: groups)
    }

    static func dto(_ m: EmergencyMeasure) -> MeasureDTO {
        MeasureDTO(id: m.id!, number: m.number, measureKind: m.measureKind, rule: m.rule, enrolled: m.enrolled, name: m.name, programmes: m.programmeList.map(\.rawValue), territoryPaths: m.pathList,
                   topUpKind: m.topUpKind, topUpValue: m.topUpValue, fromMonth: m.fromMonth, toMonth: m.toMonth, status: m.status, version: m.version)
    }

    // MARK: programmes

    @Sendable static func programmes(req: Request) async throws -> Response {
        try await req.require(.viewBenefitRules)
        let table = try await req.benefitsCatalog.parameters()
        func values(_ keys: [ParameterKey]) -> [ParameterDTO] {
            keys.flatMap { key in table.history(key).map {
                ParameterDTO(key: key.rawValue, validFrom: $0.validFrom.iso, value: $0.value, unit: key.unit.rawValue, toBeConfirmed: $0.toBeConfirmed)
            } }
        }
        var items: [ProgrammeDTO] = []
        for programme in Programme.allCases {
            let versions = try await req.benefitsCatalog.ruleVersions(programme)
            items.append(ProgrammeDTO(code: programme.rawValue, frequency: programme.frequency.rawValue, documents: programme.documents.map(\.rawValue),
                                      parameters: values(ParameterKey.allCases.filter { $0.programme == programme }),
                                      ruleVersions: versions.map { RuleVersionDTO(programme: $0.programme.rawValue, validFrom: $0.validFrom.iso, rules: $0.rules) }))
        }
        return try await respond(ProgrammeList(commonParameters: values(ParameterKey.allCases.filter { $0.programme == nil }), items: items), .ok, req)
    }

    @Sendable static func addParameter(req: Request) async throws -> Response {
        try await req.require(.manageBenefitRules)
        let input = try req.decodeStrictJSON(ParameterInput.self, allowed: ["key", "validFrom", "value", "toBeConfirmed", "note"])
        let row = try await req.benefitsCatalog.addParameter(key: input.key, validFrom: input.validFrom, value: input.value,
                                                             toBeConfirmed: input.toBeConfirmed ?? false, note: input.note ?? "")
        let key = ParameterKey(rawValue: row.key)!
        return try await respond(ParameterDTO(key: row.key, validFrom: row.validFrom, value: row.value, unit: key.unit.rawValue,
                                              toBeConfirmed: row.toBeConfirmed), .created, req)
    }

    @Sendable static func addRules(req: Request) async throws -> Response {
        try await req.require(.manageBenefitRules)
        let input = try req.decodeStrictJSON(RuleVersionInput.self, allowed: ["programme", "validFrom", "rules", "note"])
        var problems: [FieldProblem] = []
        let programme = Programme(rawValue: input.programme)
        if programme == nil { problems.append(.init(field: "programme", key: "validation.choose")) }
        let from = CalendarDate(userInput: input.validFrom)
        if from == nil { problems.append(.init(field: "validFrom", key: "validation.date")) }
        guard problems.isEmpty, let programme, let from else { throw AppError.invalid(problems) }
        let set = RuleSet(programme: programme, validFrom: from, rules: input.rules)
        _ = try await req.benefitsCatalog.addRuleVersion(set, note: input.note ?? "")
        return try await respond(RuleVersionDTO(programme: programme.rawValue, validFrom: from.iso, rules: input.rules), .created, req)
    }
}
