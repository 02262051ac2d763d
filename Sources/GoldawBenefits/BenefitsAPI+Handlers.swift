import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

extension BenefitsAPI {
    // MARK: DTOs

    package struct ParameterDTO: Content { package let key: String; package let validFrom: String; package let value: Int64; package let unit: String; package let toBeConfirmed: Bool }
    package struct RuleVersionDTO: Content { package let programme: String; package let validFrom: String; package let rules: [EligibilityRule] }
    package struct ProgrammeDTO: Content {
        package let code: String; package let frequency: String; package let documents: [String]
        package let parameters: [ParameterDTO]; package let ruleVersions: [RuleVersionDTO]
    }
    package struct ProgrammeList: Content { package let commonParameters: [ParameterDTO]; package let items: [ProgrammeDTO] }
    package struct RuleOutcomeDTO: Content { package let rule: String; package let passed: Bool; package let reason: String; package let message: String }
    package struct ApplicationDTO: Content {
        package let id: UUID; package let number: String; package let programme: String; package let status: String; package let source: String
        package let beneficiaryId: UUID; package let applicantId: UUID; package let documents: [String]; package let channel: String?; package let account: String?
        package let requestedFrom: String; package let eligible: Bool?; package let ruleVersion: String?; package let eligibility: [RuleOutcomeDTO]
        package let decisionReason: String?; package let version: Int
    }
    package typealias ApplicationPage = APIPage<ApplicationDTO>
    package struct EnrolmentDTO: Content {
        package let id: UUID; package let programme: String; package let beneficiaryId: UUID; package let payeeId: UUID; package let effectiveFrom: String
        package let endDate: String?; package let status: String; package let statusReason: String?; package let reviewPending: Bool; package let channel: String; package let version: Int
    }
    package struct EnrolmentList: Content { package let items: [EnrolmentDTO] }
    package struct CycleDTO: Content {
        package let id: UUID; package let number: String; package let programme: String; package let territoryPath: String; package let month: String; package let status: String
        package let lineCount: Int; package let total: Int64; package let usesUnconfirmed: Bool; package let version: Int; package let paymentLists: [PayrollService.Group]?
    }
    package struct CycleList: Content { package let items: [CycleDTO] }
    package struct LineDTO: Content {
        package let id: Int64; package let beneficiaryId: UUID; package let payeeId: UUID; package let payeeName: String; package let payMonth: String; package let kind: String
        package let amount: Int64; package let parameters: String; package let territoryPath: String; package let channel: String; package let status: String; package let reissueOf: Int64?
    }
    package typealias LinePage = APIPage<LineDTO>
    package struct TotalList: Content { package let month: String; package let items: [PayrollService.TotalRow] }
    package struct MeasureDTO: Content {
        package let id: UUID; package let number: String; package let measureKind: String; package let rule: String?; package let enrolled: Int; package let name: String; package let programmes: [String]; package let territoryPaths: [String]
        package let topUpKind: String; package let topUpValue: Int64; package let fromMonth: String; package let toMonth: String; package let status: String; package let version: Int
    }
    package struct MeasureList: Content { package let items: [MeasureDTO] }

    package struct ParameterInput: Content { package var key: String; package var validFrom: String; package var value: String; package var toBeConfirmed: Bool?; package var note: String? }
    package struct RuleVersionInput: Content { package var programme: String; package var validFrom: String; package var rules: [EligibilityRule]; package var note: String? }
    package struct ApplicationInput: Content {
        package var programme: String?; package var beneficiaryId: UUID?; package var applicantId: UUID?; package var documents: [String]?; package var channel: String
        package var account: String?; package var requestedFrom: String; package var recordIneligible: Bool?; package var version: Int?
        package static let fields: Set<String> = ["programme", "beneficiaryId", "applicantId", "documents", "channel", "account", "requestedFrom",
                                          "recordIneligible", "version"]
        package func intake(programme: String) -> ApplicationService.Intake {
            .init(programme: programme, documents: Set(documents ?? []), channel: channel, account: account ?? "",
                  requestedFrom: requestedFrom, recordIneligible: recordIneligible ?? false)
        }
    }
    package struct DecisionInput: Content { package var outcome: String; package var reason: String?; package var effectiveFrom: String?; package var version: Int }
    package struct CycleInput: Content { package var programme: String; package var territoryCode: String; package var month: String }
    package struct VersionInput: Content { package var version: Int }
    package struct MeasureInput: Content {
        package var measureKind: String?; package var rule: String?; package var name: String; package var programmes: [String]; package var territoryCodes: [String]; package var kind: String; package var value: String
        package var fromMonth: String; package var toMonth: String
    }

    package static func respond<T: Content>(_ value: T, _ status: HTTPResponseStatus = .ok, _ req: Request) async throws -> Response {
        try await RegistryAPI.respond(value, status, req)
    }

    package static func dto(_ a: BenefitApplication, _ req: Request) -> ApplicationDTO {
        let decision = a.decision
        return ApplicationDTO(
            id: a.id!, number: a.number, programme: a.programme, status: a.status, source: a.source,
            beneficiaryId: a.$beneficiary.id, applicantId: a.$applicant.id, documents: a.documentSet.map(\.rawValue).sorted(),
            channel: a.channel, account: a.account, requestedFrom: a.requestedFrom, eligible: a.eligible, ruleVersion: decision?.ruleVersion,
            eligibility: (decision?.outcomes ?? []).map { RuleOutcomeDTO(rule: $0.rule.name, passed: $0.passed, reason: $0.reason,
                                                                        message: req.t($0.reason, $0.arguments)) },
            decisionReason: a.decisionReason, version: a.version)
    }

    package static func dto(_ c: PayrollCycle, groups: [PayrollService.Group]? = nil) -> CycleDTO {
        CycleDTO(id: c.id!, number: c.number, programme: c.programme, territoryPath: c.territoryPath, month: c.month, status: c.status,
                 lineCount: c.lineCount, total: c.total, usesUnconfirmed: c.usesUnconfirmed, version: c.version, paymentLists: groups)
    }

    package static func dto(_ m: EmergencyMeasure) -> MeasureDTO {
        MeasureDTO(id: m.id!, number: m.number, measureKind: m.measureKind, rule: m.rule, enrolled: m.enrolled, name: m.name, programmes: m.programmeList.map(\.rawValue), territoryPaths: m.pathList,
                   topUpKind: m.topUpKind, topUpValue: m.topUpValue, fromMonth: m.fromMonth, toMonth: m.toMonth, status: m.status, version: m.version)
    }

    // MARK: programmes

    @Sendable package static func programmes(req: Request) async throws -> Response {
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

    @Sendable package static func addParameter(req: Request) async throws -> Response {
        try await req.require(.manageBenefitRules)
        let input = try req.decodeStrictJSON(ParameterInput.self, allowed: ["key", "validFrom", "value", "toBeConfirmed", "note"])
        let row = try await req.benefitsCatalog.addParameter(key: input.key, validFrom: input.validFrom, value: input.value,
                                                             toBeConfirmed: input.toBeConfirmed ?? false, note: input.note ?? "")
        let key = ParameterKey(rawValue: row.key)!
        return try await respond(ParameterDTO(key: row.key, validFrom: row.validFrom, value: row.value, unit: key.unit.rawValue,
                                              toBeConfirmed: row.toBeConfirmed), .created, req)
    }

    @Sendable package static func addRules(req: Request) async throws -> Response {
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
