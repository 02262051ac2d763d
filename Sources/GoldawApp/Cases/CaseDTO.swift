import Fluent
import Vapor
import GoldawCore

/// The API's view of a case: camelCase, ISO dates, codes rather than translated labels.
enum CaseDTO {
    struct Summary: Content {
        let id: UUID
        let number: String
        let personId: UUID
        let territoryPath: String
        let step: String
        let riskLevel: String?
        let urgent: Bool
        let concerns: [String]
        let identificationSource: String
        let identifiedOn: String
        let registeredAt: Date
        let workerId: UUID?
        let version: Int

        init(_ record: CaseRecord) {
            id = record.id!; number = record.number; personId = record.$child.id; territoryPath = record.territoryPath
            step = record.step; riskLevel = record.riskLevel; urgent = record.urgent; concerns = record.concernCodes
            identificationSource = record.identificationSource; identifiedOn = record.identifiedOn; registeredAt = record.registeredAt
            workerId = record.$worker.id; version = record.version
        }
    }

    struct Page: Content { let items: [Summary]; let page: Int; let perPage: Int; let hasMore: Bool }
    struct Consent: Content { let party: String; let givenBy: String; let scopes: [String]; let givenOn: String; let recordedAt: Date }
    struct ScopeDecision: Content { let scope: String; let decision: String; let missing: [String] }
    struct Assessment: Content {
        let kind: String; let assessedOn: String; let riskLevel: String?; let summary: String
        let risks: String?; let protectiveFactors: String?; let childViews: String?; let recordedAt: Date
    }
    struct PlanAction: Content { let action: String; let responsible: String; let startOn: String; let dueOn: String }
    struct Plan: Content { let id: UUID; let revision: Int; let goals: String; let actions: [PlanAction]; let recordedAt: Date }
    struct FollowUp: Content { let visitedOn: String; let kind: String; let childSeen: Bool; let summary: String }
    struct Referral: Content { let service: String; let provider: String; let referredOn: String; let basis: String }
    struct Approval: Content {
        let id: UUID; let kind: String; let subjectId: UUID?; let status: String; let requestComment: String?
        let requestedBy: String; let requestedAt: Date; let decisionComment: String?; let decidedBy: String?; let decidedAt: Date?
        let version: Int
    }
    struct Deadline: Content { let kind: String; let dueAt: Date; let doneAt: Date?; let state: String }
    struct Incident: Content {
        let type: String; let occurredOn: String; let place: String; let perpetratorRelationship: String; let perpetratorName: String?
        let reportedTo: String; let medicalFollowUp: String?; let legalFollowUp: String?
    }
    struct Note: Content { let body: String; let author: String; let writtenAt: Date }
    struct ConferenceAction: Content { let agency: String; let action: String; let dueOn: String }
    struct Conference: Content { let heldOn: String; let agencies: [String]; let participants: String; let decisions: String; let actions: [ConferenceAction] }
    struct BestInterests: Content {
        let assessedOn: String; let decisionAtStake: String; let childViews: String; let familyViews: String
        let options: String; let recommendation: String
    }
    struct Transfer: Content { let id: UUID; let toPath: String; let reason: String; let status: String; let proposedAt: Date; let decisionComment: String?; let version: Int }

    struct Detail: Content {
        let caseRecord: Summary
        let summary: String
        let closureReason: String?
        let reopenReason: String?
        let consents: [Consent]
        let consentDecisions: [ScopeDecision]
        let assessments: [Assessment]
        let plans: [Plan]
        let followUps: [FollowUp]
        let referrals: [Referral]
        let approvals: [Approval]
        let deadlines: [Deadline]
        let incidents: [Incident]
        let notes: [Note]
        let conferences: [Conference]
        let bestInterests: [BestInterests]
        let transfers: [Transfer]

        enum CodingKeys: String, CodingKey {
            case caseRecord = "case", summary, closureReason, reopenReason, consents, consentDecisions, assessments, plans
            case followUps, referrals, approvals, deadlines, incidents, notes, conferences, bestInterests, transfers
        }
    }

    static func detail(_ record: CaseRecord, req: Request) async throws -> Detail {
        let db = req.db
        let id = try record.requireID()
        let now = AppClock.now.timeIntervalSince1970
        let plans = try await CasePlan.query(on: db).filter(\.$caseRecord.$id == id).sort(\.$revision).all()
        let actions = try await CasePlanAction.query(on: db).filter(\.$plan.$id ~~ plans.map { $0.id! }).sort(\.$position).all()
        var decisions: [ScopeDecision] = []
        for scope in ConsentScope.allCases {
            switch try await req.cases.consentDecision(record, scope) {
            case .allowed: decisions.append(.init(scope: scope.rawValue, decision: "allowed", missing: []))
            case .allowedByOverride: decisions.append(.init(scope: scope.rawValue, decision: "override", missing: []))
            case .blocked(let missing): decisions.append(.init(scope: scope.rawValue, decision: "blocked", missing: missing.map(\.rawValue)))
            }
        }
        let conferences = try await CaseConference.query(on: db).filter(\.$caseRecord.$id == id).sort(\.$heldOn).all()
        let conferenceActions = try await CaseConferenceAction.query(on: db).filter(\.$conference.$id ~~ conferences.map { $0.id! })
            .sort(\.$position).all()
        return Detail(
            caseRecord: Summary(record), summary: record.summary, closureReason: record.closureReason, reopenReason: record.reopenReason,
            consents: try await CaseConsent.query(on: db).filter(\.$caseRecord.$id == id).sort(\.$recordedAt).all().map { c in
                Consent(party: c.party, givenBy: c.givenBy, scopes: (c.record?.scopes ?? []).map(\.rawValue).sorted(), givenOn: c.givenOn,
                        recordedAt: c.recordedAt) },
            consentDecisions: decisions,
            assessments: try await CaseAssessment.query(on: db).filter(\.$caseRecord.$id == id).sort(\.$recordedAt).all().map {
                Assessment(kind: $0.kind, assessedOn: $0.assessedOn, riskLevel: $0.riskLevel, summary: $0.summary, risks: $0.risks,
                           protectiveFactors: $0.protectiveFactors, childViews: $0.childViews, recordedAt: $0.recordedAt) },
            plans: plans.map { plan in
                Plan(id: plan.id!, revision: plan.revision, goals: plan.goals,
                     actions: actions.filter { $0.$plan.id == plan.id }.map {
                         PlanAction(action: $0.action, responsible: $0.responsible, startOn: $0.startOn, dueOn: $0.dueOn) },
                     recordedAt: plan.recordedAt) },
            followUps: try await CaseVisit.query(on: db).filter(\.$caseRecord.$id == id).sort(\.$visitedOn).all().map {
                FollowUp(visitedOn: $0.visitedOn, kind: $0.kind, childSeen: $0.childSeen, summary: $0.summary) },
            referrals: try await CaseReferral.query(on: db).filter(\.$caseRecord.$id == id).sort(\.$referredOn).all().map {
                Referral(service: $0.service, provider: $0.provider, referredOn: $0.referredOn, basis: $0.basis) },
            approvals: try await CaseApproval.query(on: db).filter(\.$caseRecord.$id == id).sort(\.$requestedAt).all().map {
                Approval(id: $0.id!, kind: $0.kind, subjectId: $0.subjectID, status: $0.status, requestComment: $0.requestComment,
                         requestedBy: $0.requestedByName, requestedAt: $0.requestedAt, decisionComment: $0.decisionComment,
                         decidedBy: $0.decidedByName, decidedAt: $0.decidedAt, version: $0.version) },
            deadlines: try await CaseTask.query(on: db).filter(\.$caseRecord.$id == id).sort(\.$dueAt).all().map {
                Deadline(kind: $0.kind, dueAt: $0.dueAt, doneAt: $0.doneAt,
                         state: CaseDeadlines.state(due: $0.dueAt.timeIntervalSince1970, done: $0.doneAt?.timeIntervalSince1970, now: now).rawValue) },
            incidents: try await CaseIncident.query(on: db).filter(\.$caseRecord.$id == id).sort(\.$occurredOn).all().map {
                Incident(type: $0.type, occurredOn: $0.occurredOn, place: $0.place, perpetratorRelationship: $0.perpetratorRelationship,
                         perpetratorName: $0.perpetratorName, reportedTo: $0.reportedTo, medicalFollowUp: $0.medicalFollowUp,
                         legalFollowUp: $0.legalFollowUp) },
            notes: try await CaseNote.query(on: db).filter(\.$caseRecord.$id == id).sort(\.$writtenAt).all().map {
                Note(body: $0.body, author: $0.authorName, writtenAt: $0.writtenAt) },
            conferences: conferences.map { c in
                Conference(heldOn: c.heldOn, agencies: c.agencies.split(separator: ",").map(String.init), participants: c.participants,
                           decisions: c.decisions, actions: conferenceActions.filter { $0.$conference.id == c.id }.map {
                               ConferenceAction(agency: $0.agency, action: $0.action, dueOn: $0.dueOn) }) },
            bestInterests: try await CaseBestInterests.query(on: db).filter(\.$caseRecord.$id == id).sort(\.$assessedOn).all().map {
                BestInterests(assessedOn: $0.assessedOn, decisionAtStake: $0.decisionAtStake, childViews: $0.childViews,
                              familyViews: $0.familyViews, options: $0.options, recommendation: $0.recommendation) },
            transfers: try await CaseTransfer.query(on: db).filter(\.$caseRecord.$id == id).sort(\.$proposedAt).all().map {
                Transfer(id: $0.id!, toPath: $0.toPath, reason: $0.reason, status: $0.status, proposedAt: $0.proposedAt,
                         decisionComment: $0.decisionComment, version: $0.version) })
    }
}
