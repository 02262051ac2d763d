import Fluent
import Vapor
import GoldawCore

/// The case page and the forms on it: one command per form, each with its policy action; a
/// refused form renders the page again with the input kept.
extension CasesController {
    // MARK: the case page

    @Sendable static func show(req: Request) async throws -> Response {
        let (record, access) = try await CaseAccess.locate(req, .viewCases)
        guard access == .team else {
            try await req.audit.record(.caseViewed, recordType: "case", recordID: record.id!.uuidString, detail: "\(record.number) existence only")
            return try await CasePage.renderExistence(req, record)
        }
        try await req.audit.record(.caseViewed, recordType: "case", recordID: record.id!.uuidString, detail: record.number)
        return try await CasePage.render(req, record, status: .ok)
    }

    struct ActionForm: Content {
        var version: String?
        var party: String?
        var givenBy: String?
        var scopes: [String]?
        var givenOn: String?
        var note: String?
        var assessedOn: String?
        var risk: String?
        var summary: String?
        var risks: String?
        var protectiveFactors: String?
        var childViews: String?
        var goals: String?
        var action1: String?, responsible1: String?, start1: String?, due1: String?
        var action2: String?, responsible2: String?, start2: String?, due2: String?
        var action3: String?, responsible3: String?, start3: String?, due3: String?
        var visitedOn: String?
        var kind: String?
        var childSeen: String?
        var comment: String?
        var reason: String?
        var reopenReason: String?
        var body: String?
        var service: String?
        var provider: String?
        var referredOn: String?
        var scope: String?
        var worker: String?
        var member: String?
        var type: String?
        var occurredOn: String?
        var place: String?
        var perpetratorRelationship: String?
        var perpetratorName: String?
        var reportedTo: String?
        var medicalFollowUp: String?
        var legalFollowUp: String?
        var territory: String?
        var transferReason: String?
        var heldOn: String?
        var agencies: [String]?
        var participants: String?
        var decisions: String?
        var agency1: String?, conferenceAction1: String?, conferenceDue1: String?
        var agency2: String?, conferenceAction2: String?, conferenceDue2: String?
        var agency3: String?, conferenceAction3: String?, conferenceDue3: String?
        var biaAssessedOn: String?
        var decisionAtStake: String?
        var biaChildViews: String?
        var familyViews: String?
        var options: String?
        var recommendation: String?

        /// Every text field as typed, to show the refused form again.
        var values: [String: String] {
            let all: [String: String?] = [
                "party": party, "givenBy": givenBy, "givenOn": givenOn, "note": note, "assessedOn": assessedOn, "risk": risk,
                "summary": summary, "risks": risks, "protectiveFactors": protectiveFactors, "childViews": childViews, "goals": goals,
                "action1": action1, "responsible1": responsible1, "start1": start1, "due1": due1,
                "action2": action2, "responsible2": responsible2, "start2": start2, "due2": due2,
                "action3": action3, "responsible3": responsible3, "start3": start3, "due3": due3,
                "visitedOn": visitedOn, "kind": kind, "childSeen": childSeen, "comment": comment, "reason": reason,
                "reopenReason": reopenReason, "body": body, "service": service, "provider": provider, "referredOn": referredOn,
                "scope": scope, "worker": worker, "member": member, "type": type, "occurredOn": occurredOn, "place": place,
                "perpetratorRelationship": perpetratorRelationship, "perpetratorName": perpetratorName, "reportedTo": reportedTo,
                "medicalFollowUp": medicalFollowUp, "legalFollowUp": legalFollowUp,
                "territory": territory, "transferReason": transferReason, "heldOn": heldOn, "participants": participants,
                "decisions": decisions, "agency1": agency1, "conferenceAction1": conferenceAction1, "conferenceDue1": conferenceDue1,
                "agency2": agency2, "conferenceAction2": conferenceAction2, "conferenceDue2": conferenceDue2,
                "agency3": agency3, "conferenceAction3": conferenceAction3, "conferenceDue3": conferenceDue3,
                "biaAssessedOn": biaAssessedOn, "decisionAtStake": decisionAtStake, "biaChildViews": biaChildViews,
                "familyViews": familyViews, "options": options, "recommendation": recommendation,
            ]
            return all.compactMapValues { $0 }
        }
    }

    /// The forms on the case page. Each names the policy action it needs.
    enum Command: String, CaseIterable {
        case consent, initialAssessment = "initial-assessment", needsAssessment = "needs-assessment", plan, visit
        case referral, closureRequest = "closure-request", close, reopen, note, consentOverride = "consent-override"
        case assign, incident, transfer, conference, bestInterests = "best-interests"
        case teamAdd = "team-add", teamRemove = "team-remove"

        var action: Action {
            switch self {
            case .consentOverride, .assign, .teamAdd, .teamRemove: .superviseCases
            case .note, .transfer: .viewCases
            default: .workCases
            }
        }
    }

    @Sendable static func perform(req: Request) async throws -> Response {
        guard let command = Command(rawValue: req.parameters.get("action") ?? "") else { throw AppError.notFound }
        let record = try await load(req, command.action)
        if command == .note || command == .transfer {
            // Notes: the case team and the supervisors, never anyone else.
            let me = try await req.require(.viewCases, territoryPath: record.territoryPath)
            guard AccessPolicy.allows(me.role, .workCases) || AccessPolicy.allows(me.role, .superviseCases) else { throw AppError.forbidden }
        }
        let form = try req.content.decode(ActionForm.self)
        let service = req.cases
        let version = form.version.flatMap { Int($0) } ?? -1
        do {
            switch command {
            case .consent:
                try await service.recordConsent(record, party: form.party ?? "", givenBy: form.givenBy ?? "",
                                                scopes: Set((form.scopes ?? []).compactMap(ConsentScope.init(rawValue:))),
                                                givenOn: form.givenOn ?? "", note: form.note ?? "")
            case .initialAssessment:
                try await service.initialAssessment(record, date: form.assessedOn ?? "", risk: form.risk ?? "", summary: form.summary ?? "")
            case .needsAssessment:
                try await service.needsAssessment(record, .init(assessedOn: form.assessedOn ?? "", summary: form.summary ?? "",
                                                                risks: form.risks ?? "", protectiveFactors: form.protectiveFactors ?? "",
                                                                childViews: form.childViews ?? ""))
            case .plan:
                try await service.submitPlan(record, goals: form.goals ?? "", actions: [
                    .init(action: form.action1 ?? "", responsible: form.responsible1 ?? "", start: form.start1 ?? "", due: form.due1 ?? ""),
                    .init(action: form.action2 ?? "", responsible: form.responsible2 ?? "", start: form.start2 ?? "", due: form.due2 ?? ""),
                    .init(action: form.action3 ?? "", responsible: form.responsible3 ?? "", start: form.start3 ?? "", due: form.due3 ?? ""),
                ])
            case .visit:
                try await service.recordVisit(record, date: form.visitedOn ?? "", kind: form.kind ?? "",
                                              childSeen: form.childSeen == "on" || form.childSeen == "1", summary: form.summary ?? "")
            case .referral:
                try await service.refer(record, service: form.service ?? "", provider: form.provider ?? "", date: form.referredOn ?? "")
            case .closureRequest:
                try await service.requestClosure(record, comment: form.comment ?? "")
            case .close:
                try await service.close(record, reason: form.reason ?? "", note: form.note ?? "", expectedVersion: version)
            case .reopen:
                try await service.reopen(record, reason: form.reopenReason ?? "", expectedVersion: version)
            case .note:
                try await service.addNote(record, body: form.body ?? "")
            case .consentOverride:
                try await service.overrideConsent(record, scope: form.scope ?? "", reason: form.reason ?? "")
            case .assign:
                try await service.assign(record, worker: form.worker ?? "")
            case .teamAdd:
                try await service.addToTeam(record, worker: form.member ?? "")
            case .teamRemove:
                try await service.removeFromTeam(record, worker: form.member ?? "")
            case .transfer:
                try await service.proposeTransfer(record, to: form.territory ?? "", reason: form.transferReason ?? "")
            case .conference:
                try await service.recordConference(record, .init(
                    heldOn: form.heldOn ?? "", agencies: form.agencies ?? [], participants: form.participants ?? "",
                    decisions: form.decisions ?? "", actions: [
                        (form.agency1 ?? "", form.conferenceAction1 ?? "", form.conferenceDue1 ?? ""),
                        (form.agency2 ?? "", form.conferenceAction2 ?? "", form.conferenceDue2 ?? ""),
                        (form.agency3 ?? "", form.conferenceAction3 ?? "", form.conferenceDue3 ?? ""),
                    ]))
            case .bestInterests:
                try await service.recordBestInterests(record, .init(
                    assessedOn: form.biaAssessedOn ?? "", decisionAtStake: form.decisionAtStake ?? "", childViews: form.biaChildViews ?? "",
                    familyViews: form.familyViews ?? "", options: form.options ?? "", recommendation: form.recommendation ?? ""))
            case .incident:
                try await service.recordIncident(record, .init(
                    type: form.type ?? "", occurredOn: form.occurredOn ?? "", place: form.place ?? "",
                    perpetratorRelationship: form.perpetratorRelationship ?? "", perpetratorName: form.perpetratorName ?? "",
                    reportedTo: form.reportedTo ?? "", medicalFollowUp: form.medicalFollowUp ?? "", legalFollowUp: form.legalFollowUp ?? ""))
            }
            return req.redirect(to: .caseRecord(record.id!), flash: "case.flash.saved")
        } catch AppError.invalid(let problems) {
            let fresh = try await load(req, command.action)
            return try await CasePage.render(req, fresh, status: .unprocessableEntity,
                                             failed: .init(command: command.rawValue, values: form.values, errors: req.messages(problems)))
        } catch AppError.conflict(let key) {
            let fresh = try await load(req, command.action)
            return try await CasePage.render(req, fresh, status: .conflict, message: req.t(key),
                                             failed: .init(command: command.rawValue, values: form.values, errors: [:]))
        }
    }

    struct DecisionForm: Content {
        var decision: String?
        var comment: String?
        var version: String?
    }

    @Sendable static func decide(req: Request) async throws -> Response {
        let record = try await load(req, .superviseCases)
        guard let approvalID = req.parameters.get("approval", as: UUID.self),
              let approval = try await CaseApproval.find(approvalID, on: req.db), approval.$caseRecord.id == record.id else {
            throw AppError.notFound
        }
        let form = try req.content.decode(DecisionForm.self)
        guard let decision = ApprovalDecision(rawValue: form.decision ?? "") else { throw AppError.badRequest("validation.choose") }
        do {
            try await req.cases.decide(approval, on: record, decision, comment: form.comment ?? "",
                                       expectedVersion: form.version.flatMap { Int($0) } ?? -1)
            return req.redirect(to: .caseRecord(record.id!), flash: "case.flash.decided")
        } catch AppError.invalid(let problems) {
            return try await CasePage.render(req, try await load(req, .superviseCases), status: .unprocessableEntity,
                                             failed: .init(command: "approval-\(approvalID.path)", values: ["comment": form.comment ?? ""],
                                                           errors: req.messages(problems)))
        } catch AppError.conflict(let key) {
            return try await CasePage.render(req, try await load(req, .superviseCases), status: .conflict, message: req.t(key),
                                             failed: .init(command: "approval-\(approvalID.path)", values: ["comment": form.comment ?? ""], errors: [:]))
        }
    }
}
