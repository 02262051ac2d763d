import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

extension BenefitsAPI {
    package static let perPage = 50

    // MARK: applications

    package static func loadApplication(_ req: Request, _ action: Action) async throws -> BenefitApplication {
        try await ApplicationsController.load(req, action)
    }

    @Sendable package static func listApplications(req: Request) async throws -> Response {
        let user = try await req.require(.viewBenefits)
        let page = try req.apiPage()
        var query = BenefitApplication.query(on: req.db).sort(\.$createdAt, .descending)
        if let path = user.scope.territoryPath { query = query.filter(\.$territoryPath =~ path) }
        if let status = try? req.query.get(String.self, at: "status") { query = query.filter(\.$status == status) }
        if let person = try? req.query.get(UUID.self, at: "personId") {
            query = query.group(.or) { $0.filter(\.$beneficiary.$id == person).filter(\.$applicant.$id == person) }
        }
        return try await respond(query.readPage(page, perPage: perPage).map { dto($0, req) }.api, .ok, req)
    }

    /// An ineligible application is a 422 listing each failing rule, with nothing saved.
    package static func ineligible(_ decision: EligibilityDecision) -> AppError {
        .invalid(decision.outcomes.filter { !$0.passed }.map { FieldProblem(field: "eligibility.\($0.rule.name)", key: $0.reason) })
    }

    @Sendable package static func takeApplication(req: Request) async throws -> Response {
        let user = try await req.require(.takeApplications)
        let input = try req.decodeStrictJSON(ApplicationInput.self, allowed: ApplicationInput.fields)
        var problems: [FieldProblem] = []
        func active(_ id: UUID?) async throws -> Person? {
            guard let id else { return nil }
            return try await Person.query(on: req.db).filter(\.$id == id).filter(\.$mergedIntoID == nil).first()
        }
        let beneficiary = try await active(input.beneficiaryId)
        let applicant = try await active(input.applicantId)
        if beneficiary == nil || !user.scope.contains(territoryPath: beneficiary!.territoryPath) {
            problems.append(.init(field: "beneficiaryId", key: "registry.person_unknown"))
        }
        if applicant == nil || !user.scope.contains(territoryPath: applicant!.territoryPath) {
            problems.append(.init(field: "applicantId", key: "registry.person_unknown"))
        }
        guard problems.isEmpty, let beneficiary, let applicant else { throw AppError.invalid(problems) }
        switch try await req.applications.take(input.intake(programme: input.programme ?? ""), beneficiary: beneficiary, applicant: applicant) {
        case .saved(let application): return try await respond(dto(application, req), .created, req)
        case .ineligible(let decision): throw ineligible(decision)
        }
    }

    @Sendable package static func getApplication(req: Request) async throws -> Response {
        let application = try await loadApplication(req, .viewBenefits)
        try await req.audit.record(.applicationViewed, recordType: "application", recordID: application.id?.uuidString, detail: application.number)
        return try await respond(dto(application, req), .ok, req)
    }

    @Sendable package static func completeIntake(req: Request) async throws -> Response {
        let application = try await loadApplication(req, .takeApplications)
        guard application.status == ApplicationStatus.intake.rawValue else { throw AppError.conflict("benefits.application_not_intake") }
        let input = try req.decodeStrictJSON(ApplicationInput.self, allowed: ApplicationInput.fields)
        switch try await req.applications.take(input.intake(programme: application.programme), beneficiary: application.beneficiary,
                                               applicant: application.applicant, existing: application, expectedVersion: input.version ?? -1) {
        case .saved(let saved): return try await respond(dto(saved, req), .ok, req)
        case .ineligible(let decision): throw ineligible(decision)
        }
    }

    @Sendable package static func decide(req: Request) async throws -> Response {
        let application = try await loadApplication(req, .decideApplications)
        let input = try req.decodeStrictJSON(DecisionInput.self, allowed: ["outcome", "reason", "effectiveFrom", "version"])
        guard let outcome = ApprovalDecision(rawValue: input.outcome) else {
            throw AppError.invalid([.init(field: "outcome", key: "validation.choose")])
        }
        _ = try await req.applications.decide(application, approve: outcome == .approve, reason: input.reason ?? "",
                                              effectiveFrom: input.effectiveFrom ?? "", expectedVersion: input.version)
        return try await respond(dto(application, req), .ok, req)
    }

    @Sendable package static func listEnrolments(req: Request) async throws -> Response {
        let user = try await req.require(.viewBenefits)
        var query = BenefitEnrolment.query(on: req.db).join(Person.self, on: \BenefitEnrolment.$beneficiary.$id == \Person.$id)
        if let path = user.scope.territoryPath { query = query.filter(Person.self, \.$territoryPath =~ path) }
        if let person = try? req.query.get(UUID.self, at: "personId") {
            query = query.group(.or) { $0.filter(\.$beneficiary.$id == person).filter(\.$payee.$id == person) }
        } else if (try? req.query.get(Bool.self, at: "review")) == true {
            query = query.filter(\.$reviewPending == true)
        } else {
            throw AppError.invalid([.init(field: "personId", key: "validation.required")])
        }
        let rows = try await query.sort(\.$effectiveFrom, .descending).limit(200).all()
        return try await respond(EnrolmentList(items: rows.map {
            EnrolmentDTO(id: $0.id!, programme: $0.programme, beneficiaryId: $0.$beneficiary.id, payeeId: $0.$payee.id,
                         effectiveFrom: $0.effectiveFrom, endDate: $0.endDate, status: $0.status, statusReason: $0.statusReason,
                         reviewPending: $0.reviewPending, channel: $0.channel, version: $0.version)
        }), .ok, req)
    }
}
