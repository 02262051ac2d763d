import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawSocialServices

/// The API's view of a case: camelCase, ISO dates, codes rather than translated labels.
package enum CaseDTO {
    package struct Summary: Content {
        package let id: UUID
        package let number: String
        package let personId: UUID
        package let territoryPath: String
        package let step: String
        package let riskLevel: String?
        package let urgent: Bool
        package let concerns: [String]
        package let identificationSource: String
        package let identifiedOn: String
        package let registeredAt: Date
        package let workerId: UUID?
        package let version: Int

        package init(_ record: CaseRecord) {
            id = record.id!; number = record.number; personId = record.$child.id; territoryPath = record.territoryPath
            step = record.step; riskLevel = record.riskLevel; urgent = record.urgent; concerns = record.concernCodes
            identificationSource = record.identificationSource; identifiedOn = record.identifiedOn; registeredAt = record.registeredAt
            workerId = record.$worker.id; version = record.version
        }
    }

    package typealias Page = APIPage<Summary>
    package struct Consent: Content { package let party: String; package let givenBy: String; package let scopes: [String]; package let givenOn: String; package let recordedAt: Date }
    package struct ScopeDecision: Content { package let scope: String; package let decision: String; package let missing: [String] }
    package struct Assessment: Content {
        package let kind: String; package let assessedOn: String; package let riskLevel: String?; package let summary: String
        package let risks: String?; package let protectiveFactors: String?; package let childViews: String?; package let recordedAt: Date
    }
    package struct PlanAction: Content { package let action: String; package let responsible: String; package let startOn: String; package let dueOn: String 
package init(action: String, responsible: String, startOn: String, dueOn: String) {
    self.action = action
    self.responsible = responsible
    self.startOn = startOn
    self.dueOn = dueOn
}
}
    package struct Plan: Content { package let id: UUID; package let revision: Int; package let goals: String; package let actions: [PlanAction]; package let recordedAt: Date }
    package struct FollowUp: Content { package let visitedOn: String; package let kind: String; package let childSeen: Bool; package let summary: String }
    package struct Referral: Content { package let service: String; package let provider: String; package let referredOn: String; package let basis: String; package init(service: String, provider: String, referredOn: String, basis: String) { self.service = service; self.provider = provider; self.referredOn = referredOn; self.basis = basis } }
    package struct Approval: Content {
        package let id: UUID; package let kind: String; package let subjectId: UUID?; package let status: String; package let requestComment: String?
        package let requestedBy: String; package let requestedAt: Date; package let decisionComment: String?; package let decidedBy: String?; package let decidedAt: Date?
        package let version: Int
    }
    package struct Deadline: Content { package let kind: String; package let dueAt: Date; package let doneAt: Date?; package let state: String; package init(kind: String, dueAt: Date, doneAt: Date?, state: String) { self.kind = kind; self.dueAt = dueAt; self.doneAt = doneAt; self.state = state } }
    package struct Incident: Content {
        package let type: String; package let occurredOn: String; package let place: String; package let perpetratorRelationship: String; package let perpetratorName: String?
        package let reportedTo: String; package let medicalFollowUp: String?; package let legalFollowUp: String?
    }
    package struct Note: Content { package let body: String; package let author: String; package let writtenAt: Date }
    package struct ConferenceAction: Content { package let agency: String; package let action: String; package let dueOn: String }
    package struct Conference: Content { package let heldOn: String; package let agencies: [String]; package let participants: String; package let decisions: String; package let actions: [ConferenceAction] }
    package struct BestInterests: Content {
        package let assessedOn: String; package let decisionAtStake: String; package let childViews: String; package let familyViews: String
        package let options: String; package let recommendation: String
    }
    package struct Transfer: Content { package let id: UUID; package let toPath: String; package let reason: String; package let status: String; package let proposedAt: Date; package let decisionComment: String?; package let version: Int }

    package struct Detail: Content {
        package let caseRecord: Summary
        package let summary: String
        package let closureReason: String?
        package let reopenReason: String?
        package let consents: [Consent]
        package let consentDecisions: [ScopeDecision]
        package let assessments: [Assessment]
        package let plans: [Plan]
        package let followUps: [FollowUp]
        package let referrals: [Referral]
        package let approvals: [Approval]
        package let deadlines: [Deadline]
        package let incidents: [Incident]
        package let notes: [Note]
        package let conferences: [Conference]
        package let bestInterests: [BestInterests]
        package let transfers: [Transfer]

        package enum CodingKeys: String, CodingKey {
            case caseRecord = "case", summary, closureReason, reopenReason, consents, consentDecisions, assessments, plans
            case followUps, referrals, approvals, deadlines, incidents, notes, conferences, bestInterests, transfers
        }

        package init(caseRecord: Summary, summary: String, closureReason: String?, reopenReason: String?, consents: [Consent], consentDecisions: [ScopeDecision], assessments: [Assessment], plans: [Plan], followUps: [FollowUp], referrals: [Referral], approvals: [Approval], deadlines: [Deadline], incidents: [Incident], notes: [Note], conferences: [Conference], bestInterests: [BestInterests], transfers: [Transfer]) {
            self.caseRecord = caseRecord
            self.summary = summary
            self.closureReason = closureReason
            self.reopenReason = reopenReason
            self.consents = consents
            self.consentDecisions = consentDecisions
            self.assessments = assessments
            self.plans = plans
            self.followUps = followUps
            self.referrals = referrals
            self.approvals = approvals
            self.deadlines = deadlines
            self.incidents = incidents
            self.notes = notes
            self.conferences = conferences
            self.bestInterests = bestInterests
            self.transfers = transfers
        }
    }

    package static func detail(_ record: CaseRecord, req: Request) async throws -> Detail {
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
