import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawSocialServices

/// The case page and the forms on it: one command per form, each with its policy action; a
/// refused form renders the page again with the input kept.
extension CasesController {
    // MARK: the case page

    @Sendable package static func show(req: Request) async throws -> Response {
        let (record, access) = try await CaseAccess.locate(req, .viewCases)
        guard access == .team else {
            try await req.audit.record(.caseViewed, recordType: "case", recordID: record.id!.uuidString, detail: "\(record.number) existence only")
            return try await CasePage.renderExistence(req, record)
        }
        try await req.audit.record(.caseViewed, recordType: "case", recordID: record.id!.uuidString, detail: record.number)
        return try await CasePage.render(req, record, status: .ok)
    }

    package struct ActionForm: Content {
        package var version: String?
        package var party: String?
        package var givenBy: String?
        package var scopes: [String]?
        package var givenOn: String?
        package var note: String?
        package var assessedOn: String?
        package var risk: String?
        package var summary: String?
        package var risks: String?
        package var protectiveFactors: String?
        package var childViews: String?
        package var goals: String?
        package var action1: String?, responsible1: String?, start1: String?, due1: String?
        package var action2: String?, responsible2: String?, start2: String?, due2: String?
        package var action3: String?, responsible3: String?, start3: String?, due3: String?
        package var visitedOn: String?
        package var kind: String?
        package var childSeen: String?
        package var comment: String?
        package var reason: String?
        package var reopenReason: String?
        package var body: String?
        package var service: String?
        package var provider: String?
        package var referredOn: String?
        package var scope: String?
        package var worker: String?
        package var member: String?
        package var type: String?
        package var occurredOn: String?
        package var place: String?
        package var perpetratorRelationship: String?
        package var perpetratorName: String?
        package var reportedTo: String?
        package var medicalFollowUp: String?
        package var legalFollowUp: String?
        package var territory: String?
        package var transferReason: String?
        package var heldOn: String?
        package var agencies: [String]?
        package var participants: String?
        package var decisions: String?
        package var agency1: String?, conferenceAction1: String?, conferenceDue1: String?
        package var agency2: String?, conferenceAction2: String?, conferenceDue2: String?
        package var agency3: String?, conferenceAction3: String?, conferenceDue3: String?
        package var biaAssessedOn: String?
        package var decisionAtStake: String?
        package var biaChildViews: String?
        package var familyViews: String?
        package var options: String?
        package var recommendation: String?

        /// Every text field as typed, to show the refused form again.
        package var values: [String: String] {
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

        package init(version: String? = nil, party: String? = nil, givenBy: String? = nil, scopes: [String]? = nil, givenOn: String? = nil, note: String? = nil, assessedOn: String? = nil, risk: String? = nil, summary: String? = nil, risks: String? = nil, protectiveFactors: String? = nil, childViews: String? = nil, goals: String? = nil, action1: String? = nil, responsible1: String? = nil, start1: String? = nil, due1: String? = nil, action2: String? = nil, responsible2: String? = nil, start2: String? = nil, due2: String? = nil, action3: String? = nil, responsible3: String? = nil, start3: String? = nil, due3: String? = nil, visitedOn: String? = nil, kind: String? = nil, childSeen: String? = nil, comment: String? = nil, reason: String? = nil, reopenReason: String? = nil, body: String? = nil, service: String? = nil, provider: String? = nil, referredOn: String? = nil, scope: String? = nil, worker: String? = nil, member: String? = nil, type: String? = nil, occurredOn: String? = nil, place: String? = nil, perpetratorRelationship: String? = nil, perpetratorName: String? = nil, reportedTo: String? = nil, medicalFollowUp: String? = nil, legalFollowUp: String? = nil, territory: String? = nil, transferReason: String? = nil, heldOn: String? = nil, agencies: [String]? = nil, participants: String? = nil, decisions: String? = nil, agency1: String? = nil, conferenceAction1: String? = nil, conferenceDue1: String? = nil, agency2: String? = nil, conferenceAction2: String? = nil, conferenceDue2: String? = nil, agency3: String? = nil, conferenceAction3: String? = nil, conferenceDue3: String? = nil, biaAssessedOn: String? = nil, decisionAtStake: String? = nil, biaChildViews: String? = nil, familyViews: String? = nil, options: String? = nil, recommendation: String? = nil) {
            self.version = version
            self.party = party
            self.givenBy = givenBy
            self.scopes = scopes
            self.givenOn = givenOn
            self.note = note
            self.assessedOn = assessedOn
            self.risk = risk
            self.summary = summary
            self.risks = risks
            self.protectiveFactors = protectiveFactors
            self.childViews = childViews
            self.goals = goals
            self.action1 = action1
            self.responsible1 = responsible1
            self.start1 = start1
            self.due1 = due1
            self.action2 = action2
            self.responsible2 = responsible2
            self.start2 = start2
            self.due2 = due2
            self.action3 = action3
            self.responsible3 = responsible3
            self.start3 = start3
            self.due3 = due3
            self.visitedOn = visitedOn
            self.kind = kind
            self.childSeen = childSeen
            self.comment = comment
            self.reason = reason
            self.reopenReason = reopenReason
            self.body = body
            self.service = service
            self.provider = provider
            self.referredOn = referredOn
            self.scope = scope
            self.worker = worker
            self.member = member
            self.type = type
            self.occurredOn = occurredOn
            self.place = place
            self.perpetratorRelationship = perpetratorRelationship
            self.perpetratorName = perpetratorName
            self.reportedTo = reportedTo
            self.medicalFollowUp = medicalFollowUp
            self.legalFollowUp = legalFollowUp
            self.territory = territory
            self.transferReason = transferReason
            self.heldOn = heldOn
            self.agencies = agencies
            self.participants = participants
            self.decisions = decisions
            self.agency1 = agency1
            self.conferenceAction1 = conferenceAction1
            self.conferenceDue1 = conferenceDue1
            self.agency2 = agency2
            self.conferenceAction2 = conferenceAction2
            self.conferenceDue2 = conferenceDue2
            self.agency3 = agency3
            self.conferenceAction3 = conferenceAction3
            self.conferenceDue3 = conferenceDue3
            self.biaAssessedOn = biaAssessedOn
            self.decisionAtStake = decisionAtStake
            self.biaChildViews = biaChildViews
            self.familyViews = familyViews
            self.options = options
            self.recommendation = recommendation
        }
    }

    /// The forms on the case page. Each names the policy action it needs.
    package enum Command: String, CaseIterable {
        case consent, initialAssessment = "initial-assessment", needsAssessment = "needs-assessment", plan, visit
        case referral, closureRequest = "closure-request", close, reopen, note, consentOverride = "consent-override"
        case assign, incident, transfer, conference, bestInterests = "best-interests"
        case teamAdd = "team-add", teamRemove = "team-remove"

        package var action: Action {
            switch self {
            case .consentOverride, .assign, .teamAdd, .teamRemove: .superviseCases
            case .note, .transfer: .viewCases
            default: .workCases
            }
        }
    }

    @Sendable package static func perform(req: Request) async throws -> Response {
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
        return try await req.submitForm(kept: form.values, render: { values, errors, status in
            try await CasePage.render(req, try await load(req, command.action), status: status,
                                      failed: .init(command: command.rawValue, values: values, errors: errors))
        }, conflict: { key in
            try await CasePage.render(req, try await load(req, command.action), status: .conflict, message: req.t(key),
                                      failed: .init(command: command.rawValue, values: form.values, errors: [:]))
        }) {
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
            return .to(.caseRecord(record.id!), flash: "case.flash.saved")
        }
    }

    package struct DecisionForm: Content {
        package var decision: String?
        package var comment: String?
        package var version: String?
    }

    @Sendable package static func decide(req: Request) async throws -> Response {
        let record = try await load(req, .superviseCases)
        guard let approvalID = req.parameters.get("approval", as: UUID.self),
              let approval = try await CaseApproval.find(approvalID, on: req.db), approval.$caseRecord.id == record.id else {
            throw AppError.notFound
        }
        let form = try req.content.decode(DecisionForm.self)
        guard let decision = ApprovalDecision(rawValue: form.decision ?? "") else { throw AppError.badRequest("validation.choose") }
        let kept = ["comment": form.comment ?? ""]
        return try await req.submitForm(kept: kept, render: { values, errors, status in
            try await CasePage.render(req, try await load(req, .superviseCases), status: status,
                                      failed: .init(command: "approval-\(approvalID.path)", values: values, errors: errors))
        }, conflict: { key in
            try await CasePage.render(req, try await load(req, .superviseCases), status: .conflict, message: req.t(key),
                                      failed: .init(command: "approval-\(approvalID.path)", values: kept, errors: [:]))
        }) {
            try await req.cases.decide(approval, on: record, decision, comment: form.comment ?? "",
                                       expectedVersion: form.version.flatMap { Int($0) } ?? -1)
            return .to(.caseRecord(record.id!), flash: "case.flash.decided")
        }
    }
}
