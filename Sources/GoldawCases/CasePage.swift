import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawSocialServices

/// The case page: details, steps, deadlines, consent, assessments with the child's recorded
/// functioning alongside, plan, referrals, visits, approvals, notes, history, and one form per
/// thing the user may do now. Rendered again after a refused form, with the input kept.
package enum CasePage {
    package struct Item: Encodable { package let label: String; package let value: String; package let href: String?; package init(label: String, value: String, href: String?) { self.label = label; self.value = value; self.href = href } }
    package struct Step: Encodable { package let label: String; package let current: Bool; package let done: Bool; package init(label: String, current: Bool, done: Bool) { self.label = label; self.current = current; self.done = done } }
    package struct Task: Encodable { package let kind: String; package let due: String; package let state: String; package let css: String }
    package struct Consent: Encodable { package let party: String; package let givenBy: String; package let scopes: String; package let date: String; package let by: String }
    package struct ScopeState: Encodable { package let scope: String; package let state: String; package let css: String }
    package struct Assessment: Encodable {
        package let kind: String; package let date: String; package let risk: String?; package let summary: String
        package let risks: String?; package let protectiveFactors: String?; package let childViews: String?; package let by: String
    }
    package struct Functioning: Encodable { package let date: String; package let instrument: String; package let result: String; package let href: String; package init(date: String, instrument: String, result: String, href: String) { self.date = date; self.instrument = instrument; self.result = result; self.href = href } }
    package struct PlanAction: Encodable { package let action: String; package let responsible: String; package let start: String; package let due: String 
package init(action: String, responsible: String, start: String, due: String) {
    self.action = action
    self.responsible = responsible
    self.start = start
    self.due = due
}
}
    package struct Plan: Encodable { package let revision: Int; package let goals: String; package let actions: [PlanAction]; package let by: String; package let status: String }
    package struct Referral: Encodable { package let service: String; package let provider: String; package let date: String; package let basis: String; package init(service: String, provider: String, date: String, basis: String) { self.service = service; self.provider = provider; self.date = date; self.basis = basis } }
    /// A referral sent through the services directory and linked to this case.
    package struct DirectoryReferral: Encodable { package let number: String; package let href: String; package let service: String; package let status: String; package let sent: String }
    package struct Visit: Encodable { package let date: String; package let kind: String; package let childSeen: Bool; package let summary: String; package let by: String }
    package struct Approval: Encodable {
        package let id: String; package let kind: String; package let status: String; package let css: String; package let requested: String
        package let requestComment: String?; package let decided: String?; package let decisionComment: String?
        package let decideHref: String?; package let version: Int; package let comment: String; package let commentError: String?; package let own: Bool
    }
    package struct Note: Encodable { package let when: String; package let author: String; package let body: String }
    package struct Transfer: Encodable {
        package let to: String; package let reason: String; package let status: String; package let proposed: String; package let decided: String?
        package let comment: String?; package let href: String; package let cancelAction: String?; package let version: Int
    }
    package struct ConferenceAction: Encodable { package let agency: String; package let action: String; package let due: String }
    package struct Conference: Encodable {
        package let date: String; package let agencies: String; package let participants: String; package let decisions: String
        package let actions: [ConferenceAction]; package let by: String
    }
    package struct BestInterests: Encodable {
        package let date: String; package let decision: String; package let childViews: String; package let familyViews: String
        package let options: String; package let recommendation: String; package let by: String
    }
    package struct Incident: Encodable {
        package let type: String; package let date: String; package let place: String; package let relationship: String; package let perpetrator: String?
        package let reportedTo: String; package let medical: String?; package let legal: String?; package let by: String
    }
    package struct Change: Encodable { package let when: String; package let who: String; package let field: String; package let old: String?; package let new: String? }
    /// Someone on the case team; `removeHref` when the reader may take them off it.
    package struct TeamMember: Encodable { package let id: String; package let name: String; package let role: String; package let since: String?; package let removeHref: String? }

    /// What the user typed into a form that was refused.
    package struct Failed {
        package let command: String
        package let values: [String: String]
        package let errors: [String: String]
    }

    /// One form on the page: its target, and the values and errors to show in it.
    package struct Form: Encodable {
        package let href: String
        package let values: [String: String]
        package let errors: [String: String]
        package let open: Bool

        package init(href: String, values: [String: String], errors: [String: String], open: Bool) {
            self.href = href
            self.values = values
            self.errors = errors
            self.open = open
        }
    }

    package struct Content: Encodable {
        /// What other domains hold about the child (the care domain's placements), by domain key:
        /// the same sections the child's profile shows, asked of the registered domains.
        package var childSections: [String: PagePart] = [:]
        package let number: String
        package let step: String
        package let risk: String?
        package let riskClass: String
        package let urgent: Bool
        package let closed: Bool
        package let message: String?
        package let details: [Item]
        package let steps: [Step]
        package let tasks: [Task]
        package let requiredConsent: String
        package let consents: [Consent]
        package let scopeStates: [ScopeState]
        package let assessments: [Assessment]
        package let functioning: [Functioning]
        package let plans: [Plan]
        package let referrals: [Referral]
        package let directoryReferrals: [DirectoryReferral]
        package let referInDirectoryHref: String?
        package let visits: [Visit]
        package let approvals: [Approval]
        package let notes: [Note]?
        /// Nil for anyone outside the case team and supervisors: incident details never reach them.
        package let incidents: [Incident]?
        package let transfers: [Transfer]
        package let conferences: [Conference]
        package let bestInterests: [BestInterests]
        package let transferForm: Form?
        package let conferenceForm: Form?
        package let bestInterestsForm: Form?
        package let agencies: [CasesController.Option]
        package let decisionsAtStake: [CasesController.Option]
        package let changes: [Change]
        package let version: Int
        package let editHref: String?
        package let backHref: String
        // Forms; nil when not possible now or not allowed for this user.
        package let consentForm: Form?
        package let initialForm: Form?
        package let needsForm: Form?
        package let planForm: Form?
        package let visitForm: Form?
        package let referralForm: Form?
        package let closureRequestForm: Form?
        package let closeForm: Form?
        package let reopenForm: Form?
        package let noteForm: Form?
        package let overrideForm: Form?
        package let assignForm: Form?
        package let incidentForm: Form?
        package let team: [TeamMember]
        package let teamAddForm: Form?
        package let teamCandidates: [CasesController.Option]
        package let workers: [CasesController.Option]
        package let incidentTypes: [CasesController.Option]
        package let relationships: [CasesController.Option]
        package let reportedTo: [CasesController.Option]
        package let parties: [CasesController.Option]
        package let scopes: [CasesController.Option]
        package let risks: [CasesController.Option]
        package let visitKinds: [CasesController.Option]
        package let reasons: [CasesController.Option]

        package init(number: String, step: String, risk: String?, riskClass: String, urgent: Bool, closed: Bool, message: String?, details: [Item], steps: [Step], tasks: [Task], requiredConsent: String, consents: [Consent], scopeStates: [ScopeState], assessments: [Assessment], functioning: [Functioning], plans: [Plan], referrals: [Referral], directoryReferrals: [DirectoryReferral], referInDirectoryHref: String?, visits: [Visit], approvals: [Approval], notes: [Note]?, incidents: [Incident]?, transfers: [Transfer], conferences: [Conference], bestInterests: [BestInterests], transferForm: Form?, conferenceForm: Form?, bestInterestsForm: Form?, agencies: [CasesController.Option], decisionsAtStake: [CasesController.Option], changes: [Change], version: Int, editHref: String?, backHref: String, consentForm: Form?, initialForm: Form?, needsForm: Form?, planForm: Form?, visitForm: Form?, referralForm: Form?, closureRequestForm: Form?, closeForm: Form?, reopenForm: Form?, noteForm: Form?, overrideForm: Form?, assignForm: Form?, incidentForm: Form?, team: [TeamMember], teamAddForm: Form?, teamCandidates: [CasesController.Option], workers: [CasesController.Option], incidentTypes: [CasesController.Option], relationships: [CasesController.Option], reportedTo: [CasesController.Option], parties: [CasesController.Option], scopes: [CasesController.Option], risks: [CasesController.Option], visitKinds: [CasesController.Option], reasons: [CasesController.Option]) {
            self.number = number
            self.step = step
            self.risk = risk
            self.riskClass = riskClass
            self.urgent = urgent
            self.closed = closed
            self.message = message
            self.details = details
            self.steps = steps
            self.tasks = tasks
            self.requiredConsent = requiredConsent
            self.consents = consents
            self.scopeStates = scopeStates
            self.assessments = assessments
            self.functioning = functioning
            self.plans = plans
            self.referrals = referrals
            self.directoryReferrals = directoryReferrals
            self.referInDirectoryHref = referInDirectoryHref
            self.visits = visits
            self.approvals = approvals
            self.notes = notes
            self.incidents = incidents
            self.transfers = transfers
            self.conferences = conferences
            self.bestInterests = bestInterests
            self.transferForm = transferForm
            self.conferenceForm = conferenceForm
            self.bestInterestsForm = bestInterestsForm
            self.agencies = agencies
            self.decisionsAtStake = decisionsAtStake
            self.changes = changes
            self.version = version
            self.editHref = editHref
            self.backHref = backHref
            self.consentForm = consentForm
            self.initialForm = initialForm
            self.needsForm = needsForm
            self.planForm = planForm
            self.visitForm = visitForm
            self.referralForm = referralForm
            self.closureRequestForm = closureRequestForm
            self.closeForm = closeForm
            self.reopenForm = reopenForm
            self.noteForm = noteForm
            self.overrideForm = overrideForm
            self.assignForm = assignForm
            self.incidentForm = incidentForm
            self.team = team
            self.teamAddForm = teamAddForm
            self.teamCandidates = teamCandidates
            self.workers = workers
            self.incidentTypes = incidentTypes
            self.relationships = relationships
            self.reportedTo = reportedTo
            self.parties = parties
            self.scopes = scopes
            self.risks = risks
            self.visitKinds = visitKinds
            self.reasons = reasons
        }
    }

    package static func render(_ req: Request, _ record: CaseRecord, status: HTTPResponseStatus,
                       message: String? = nil, failed: Failed? = nil) async throws -> Response {
        guard let me = req.currentUser else { throw AppError.unauthenticated }
        let db = req.db
        let id = try record.requireID()
        let now = AppClock.now
        let today = CalendarDate.today
        let service = req.cases
        let child = try await record.$child.get(on: db)
        let territory = try await record.$territory.get(on: db)
        let worker = try await record.$worker.get(on: db)
        let age = CalendarDate(iso: child.birthDate).map { Age.years(born: $0, on: today) } ?? 0
        let concerns = try await CaseConcern.query(on: db).all()
        let concernNames = Dictionary(uniqueKeysWithValues: concerns.map { ($0.id!, $0.name(req.locale)) })
        let tasks = try await CaseTask.query(on: db).filter(\.$caseRecord.$id == id).sort(\.$dueAt).all()
        let consents = try await CaseConsent.query(on: db).filter(\.$caseRecord.$id == id).sort(\.$recordedAt, .descending).all()
        let assessments = try await CaseAssessment.query(on: db).filter(\.$caseRecord.$id == id).sort(\.$recordedAt, .descending).all()
        let plans = try await CasePlan.query(on: db).filter(\.$caseRecord.$id == id).sort(\.$revision, .descending).all()
        let planActions = try await CasePlanAction.query(on: db).filter(\.$plan.$id ~~ plans.map { $0.id! }).sort(\.$position).all()
        let visits = try await CaseVisit.query(on: db).filter(\.$caseRecord.$id == id).sort(\.$visitedOn, .descending).all()
        let referrals = try await CaseReferral.query(on: db).filter(\.$caseRecord.$id == id).sort(\.$referredOn, .descending).all()
        let directory = try await ServiceReferral.query(on: db).filter(\.$caseID == id).with(\.$service).sort(\.$sentOn, .descending).all()
        let approvals = try await CaseApproval.query(on: db).filter(\.$caseRecord.$id == id).sort(\.$requestedAt, .descending).all()
        let changes = try await RecordChange.query(on: db).filter(\.$recordType == "case").filter(\.$recordID == id)
            .sort(\.$changedAt, .descending).limit(200).all()
        // The registry's functioning records, shown next to the needs assessment.
        let functioning = try await FunctioningRecord.query(on: db).filter(\.$person.$id == child.requireID())
            .sort(\.$interviewDate, .descending).all()

        let canWork = AccessPolicy.allows(me.role, .workCases)
        let canSupervise = AccessPolicy.allows(me.role, .superviseCases)
        let step = record.stepValue
        func form(_ command: CasesController.Command, defaults: [String: String] = [:]) -> Form {
            let mine = failed?.command == command.rawValue ? failed : nil
            return Form(href: AppRoute.caseAction(id, command.rawValue).path, values: mine?.values ?? defaults,
                        errors: mine?.errors ?? [:], open: mine != nil)
        }
        let allowed = CaseWorkflow.allowed(from: step)
        let todayText = today.display
        let pendingKinds = Set(approvals.filter { $0.statusValue == .requested }.map(\.kindValue))
        let hasApprovedClosure = approvals.contains { $0.kindValue == .closure && $0.statusValue == .approved && !$0.used }
        let hasNeedsAssessment = assessments.contains { $0.kind == "needs" }
        let assessmentApproved = approvals.contains { $0.kindValue == .assessment && $0.statusValue == .approved }

        var details: [Item] = [
            Item(label: req.t("case.field.child"), value: PersonProfile.fullName(child) + " · " + child.number, href: AppRoute.person(child.id!).path),
            Item(label: req.t("case.field.age"), value: req.t("registry.age_years", ["years": String(age)]), href: nil),
            Item(label: req.t("field.territory"), value: territory?.name(req.locale) ?? "—", href: nil),
            Item(label: req.t("case.field.source"), value: req.t("case.source.\(record.identificationSource)"), href: nil),
            Item(label: req.t("case.field.concerns"), value: record.concernCodes.map { concernNames[$0] ?? $0 }.joined(separator: ", "), href: nil),
            Item(label: req.t("case.field.identified_on"), value: DisplayFormat.date(iso: record.identifiedOn), href: nil),
            Item(label: req.t("case.field.registered"), value: DisplayFormat.dateTime(record.registeredAt), href: nil),
            Item(label: req.t("case.field.worker"), value: worker.map { "\($0.fullName) (\($0.username))" } ?? "—", href: nil),
            Item(label: req.t("case.field.summary"), value: record.summary, href: nil),
        ]
        if let reason = record.closureReason, !step.isOpen {
            details.append(Item(label: req.t("case.field.closure_reason"), value: req.t("case.closure.\(reason)")
                                + (record.closureNote.map { " · " + $0 } ?? ""), href: nil))
        }
        if let reopen = record.reopenReason { details.append(Item(label: req.t("case.field.reopen_reason"), value: reopen, href: nil)) }

        let order = CaseStep.allCases
        let currentIndex = order.firstIndex(of: step) ?? 0
        let bands = try await service.consentBands(on: today)
        var scopeStates: [ScopeState] = []
        for scope in ConsentScope.allCases {
            let decision = try await service.consentDecision(record, scope)
            let (state, css): (String, String) = switch decision {
            case .allowed: ("allowed", "ok")
            case .allowedByOverride: ("override", "warn")
            case .blocked: ("blocked", "danger")
            }
            scopeStates.append(ScopeState(scope: req.t("case.scope.\(scope.rawValue)"), state: req.t("case.consent_state.\(state)"), css: css))
        }
        let required = ConsentRules.required(age: age, bands: bands).map { req.t("case.party.\($0.rawValue)") }.joined(separator: " + ")

        let approvalRows: [Approval] = approvals.map { a in
            let mine = failed?.command == "approval-\(a.id!.path)" ? failed : nil
            let css: String
            switch a.statusValue {
            case .approved: css = "ok"
            case .rejected: css = "danger"
            case .requested: css = "warn"
            }
            return Approval(
                id: a.id!.path, kind: req.t("case.approval.kind.\(a.kind)"), status: req.t("case.approval.status.\(a.status)"), css: css,
                requested: "\(DisplayFormat.dateTime(a.requestedAt)) · \(a.requestedByName)", requestComment: a.requestComment,
                decided: a.decidedAt.map { "\(DisplayFormat.dateTime($0)) · \(a.decidedByName ?? "")" }, decisionComment: a.decisionComment,
                decideHref: canSupervise && a.statusValue == .requested ? AppRoute.caseApprovalDecision(id, a.id!).path : nil,
                version: a.version, comment: mine?.values["comment"] ?? "", commentError: mine?.errors["comment"],
                own: a.requestedBy == me.id)
        }

        // Notes are sensitive: only the case team and supervisors read them.
        var notes: [Note]?
        if canWork || canSupervise {
            notes = try await CaseNote.query(on: db).filter(\.$caseRecord.$id == id).sort(\.$writtenAt, .descending).all().map {
                Note(when: DisplayFormat.dateTime($0.writtenAt), author: $0.authorName, body: $0.body) }
        }
        var incidents: [Incident]?
        if IncidentVisibility.showsDetails(me.role) {
            incidents = try await CaseIncident.query(on: db).filter(\.$caseRecord.$id == id).sort(\.$occurredOn, .descending).all().map {
                Incident(type: req.t("case.incident.type.\($0.type)"), date: DisplayFormat.date(iso: $0.occurredOn), place: $0.place,
                         relationship: req.t("case.incident.relationship.\($0.perpetratorRelationship)"), perpetrator: $0.perpetratorName,
                         reportedTo: req.t("case.incident.reported.\($0.reportedTo)"), medical: $0.medicalFollowUp, legal: $0.legalFollowUp,
                         by: $0.recordedByName ?? "—")
            }
        }
        let transferRows = try await CaseTransfer.query(on: db).filter(\.$caseRecord.$id == id).with(\.$toTerritory)
            .sort(\.$proposedAt, .descending).all()
        let conferenceRows = try await CaseConference.query(on: db).filter(\.$caseRecord.$id == id).sort(\.$heldOn, .descending).all()
        let conferenceActions = try await CaseConferenceAction.query(on: db).filter(\.$conference.$id ~~ conferenceRows.map { $0.id! })
            .sort(\.$position).all()
        let biaRows = try await CaseBestInterests.query(on: db).filter(\.$caseRecord.$id == id).sort(\.$assessedOn, .descending).all()
        func agencyNames(_ codes: String) -> String {
            codes.split(separator: ",").map { req.t("case.agency.\($0)") }.joined(separator: ", ")
        }
        var workers: [User] = []
        if canSupervise { workers = try await CasesController.workers(req, holding: record.territoryPath) }
        let members = try await CaseTeamMember.query(on: db).filter(\.$caseRecord.$id == id).filter(\.$removedAt == nil)
            .with(\.$user).sort(\.$addedAt).all()
        var team: [TeamMember] = []
        if let worker { team.append(TeamMember(id: worker.id!.uuidString, name: worker.fullName, role: req.t("case.team.assigned"), since: nil, removeHref: nil)) }
        team += members.map {
            TeamMember(id: $0.user.id!.uuidString, name: $0.user.fullName, role: req.t("case.team.member"),
                       since: DisplayFormat.date(iso: CalendarDate.ashgabat(secondsSince1970: $0.addedAt.timeIntervalSince1970).iso),
                       removeHref: canSupervise && step.isOpen ? AppRoute.caseAction(id, CasesController.Command.teamRemove.rawValue).path : nil)
        }
        let onTeam = Set(team.map(\.id))
        var content = Content(
            number: record.number, step: req.t("case.step.\(record.step)"),
            risk: record.risk.map { req.t("case.risk.\($0.rawValue)") }, riskClass: CasesController.riskClass(record.risk),
            urgent: record.urgent, closed: !step.isOpen, message: message, details: details,
            steps: order.enumerated().map { Step(label: req.t("case.step.\($0.element.rawValue)"), current: $0.offset == currentIndex,
                                                 done: $0.offset < currentIndex) },
            tasks: tasks.map { task in
                let state = CaseDeadlines.state(due: task.dueAt.timeIntervalSince1970, done: task.doneAt?.timeIntervalSince1970,
                                                now: now.timeIntervalSince1970)
                return Task(kind: req.t("case.deadline.\(task.kind)"), due: DisplayFormat.dateTime(task.dueAt),
                            state: req.t("case.task_state.\(state.rawValue)"), css: taskClass(state))
            },
            requiredConsent: required,
            consents: consents.map { c in
                let scopes = [(c.services, ConsentScope.services), (c.informationSharing, .informationSharing), (c.referral, .referral)]
                    .filter(\.0).map { req.t("case.scope.\($0.1.rawValue)") }
                return Consent(party: req.t("case.party.\(c.party)"), givenBy: c.givenBy,
                               scopes: scopes.isEmpty ? req.t("case.consent.refused") : scopes.joined(separator: ", "),
                               date: DisplayFormat.date(iso: c.givenOn), by: c.recordedByName ?? "—")
            },
            scopeStates: scopeStates,
            assessments: assessments.map { a in
                Assessment(kind: req.t("case.assessment.\(a.kind)"), date: DisplayFormat.date(iso: a.assessedOn),
                           risk: a.riskLevel.map { req.t("case.risk.\($0)") }, summary: a.summary, risks: a.risks,
                           protectiveFactors: a.protectiveFactors, childViews: a.childViews, by: a.recordedByName ?? "—")
            },
            functioning: functioning.map { f in
                Functioning(date: DisplayFormat.date(iso: f.interviewDate), instrument: req.t("functioning.instrument.\(f.instrument)"),
                            result: f.hasDifficulty.map { req.t($0 ? "functioning.result.yes" : "functioning.result.no") } ?? req.t("functioning.result.missing"),
                            href: AppRoute.functioning(child.id!, f.id!).path)
            },
            plans: plans.map { plan in
                let approval = approvals.first { $0.subjectID == plan.id }
                return Plan(revision: plan.revision, goals: plan.goals,
                            actions: planActions.filter { $0.$plan.id == plan.id }.map {
                                PlanAction(action: $0.action, responsible: $0.responsible, start: DisplayFormat.date(iso: $0.startOn),
                                           due: DisplayFormat.date(iso: $0.dueOn)) },
                            by: plan.recordedByName ?? "—",
                            status: approval.map { req.t("case.approval.status.\($0.status)") } ?? "—")
            },
            referrals: referrals.map { Referral(service: $0.service, provider: $0.provider, date: DisplayFormat.date(iso: $0.referredOn),
                                                basis: req.t("case.referral.basis.\($0.basis)")) },
            directoryReferrals: directory.map { DirectoryReferral(number: $0.number, href: AppRoute.referral($0.id!).path, service: $0.service.name,
                                                                 status: req.t("referrals.status.\($0.status)"), sent: DisplayFormat.date(iso: $0.sentOn)) },
            referInDirectoryHref: step.isOpen && AccessPolicy.allows(me.role, .sendReferrals)
                ? AppRoute.referralNew(child.id!).path + "?source=case&reference=" + record.number : nil,
            visits: visits.map { Visit(date: DisplayFormat.date(iso: $0.visitedOn), kind: req.t("case.visit.\($0.kind)"),
                                       childSeen: $0.childSeen, summary: $0.summary, by: $0.recordedByName ?? "—") },
            approvals: approvalRows,
            notes: notes, incidents: incidents,
            transfers: transferRows.map { t in
                Transfer(to: t.toTerritory.name(req.locale), reason: t.reason, status: req.t("case.transfer.status.\(t.status)"),
                         proposed: "\(DisplayFormat.dateTime(t.proposedAt)) · \(t.proposedByName ?? "—")",
                         decided: t.decidedAt.map { "\(DisplayFormat.dateTime($0)) · \(t.decidedByName ?? "—")" }, comment: t.decisionComment,
                         href: AppRoute.caseTransfer(t.id!).path,
                         cancelAction: t.statusValue == .proposed && (canWork || canSupervise) ? AppRoute.caseTransfer(t.id!).path : nil,
                         version: t.version)
            },
            conferences: conferenceRows.map { c in
                Conference(date: DisplayFormat.date(iso: c.heldOn), agencies: agencyNames(c.agencies), participants: c.participants,
                           decisions: c.decisions,
                           actions: conferenceActions.filter { $0.$conference.id == c.id }.map {
                               ConferenceAction(agency: req.t("case.agency.\($0.agency)"), action: $0.action, due: DisplayFormat.date(iso: $0.dueOn)) },
                           by: c.recordedByName ?? "—")
            },
            bestInterests: biaRows.map { b in
                BestInterests(date: DisplayFormat.date(iso: b.assessedOn), decision: req.t("case.bia.decision.\(b.decisionAtStake)"),
                              childViews: b.childViews, familyViews: b.familyViews, options: b.options, recommendation: b.recommendation,
                              by: b.recordedByName ?? "—")
            },
            transferForm: (canWork || canSupervise) && step.isOpen && !transferRows.contains { $0.statusValue == .proposed } ? form(.transfer) : nil,
            conferenceForm: canWork && step.isOpen ? form(.conference, defaults: ["heldOn": todayText]) : nil,
            bestInterestsForm: canWork && step.isOpen ? form(.bestInterests, defaults: ["biaAssessedOn": todayText]) : nil,
            agencies: ConferenceAgency.allCases.map { CasesController.Option(value: $0.rawValue, label: req.t("case.agency.\($0.rawValue)"), selected: false) },
            decisionsAtStake: CasesController.options(BestInterestsDecision.allCases, "case.bia.decision.",
                                                      selected: failed?.values["decisionAtStake"] ?? "", req),
            changes: changes.map { Change(when: DisplayFormat.dateTime($0.changedAt), who: $0.changedByName ?? "—",
                                          field: req.t("case.history.field.\($0.field)"), old: $0.oldValue, new: $0.newValue) },
            version: record.version,
            editHref: canWork && step.isOpen ? AppRoute.caseEdit(id).path : nil,
            backHref: AppRoute.cases.path,
            consentForm: canWork && step.isOpen ? form(.consent, defaults: ["givenOn": todayText]) : nil,
            initialForm: canWork && allowed.contains(.initialAssessment) ? form(.initialAssessment, defaults: ["assessedOn": todayText]) : nil,
            needsForm: canWork && record.risk != nil && allowed.contains(.needsAssessment) && !pendingKinds.contains(.assessment)
                && !(step == .assessment && assessmentApproved)
                ? form(.needsAssessment, defaults: ["assessedOn": todayText]) : nil,
            planForm: canWork && allowed.contains(.planSubmitted) && !pendingKinds.contains(.casePlan) && (hasNeedsAssessment || step != .casePlan)
                ? form(.plan) : nil,
            visitForm: canWork && allowed.contains(.followUpVisit) ? form(.visit, defaults: ["visitedOn": todayText, "kind": "home_visit"]) : nil,
            referralForm: canWork && step.isOpen ? form(.referral, defaults: ["referredOn": todayText]) : nil,
            closureRequestForm: canWork && allowed.contains(.closureRequested) && !pendingKinds.contains(.closure) && !hasApprovedClosure
                ? form(.closureRequest) : nil,
            closeForm: canWork && step.isOpen && hasApprovedClosure ? form(.close) : nil,
            reopenForm: canWork && allowed.contains(.reopen) ? form(.reopen) : nil,
            noteForm: canWork || canSupervise ? form(.note) : nil,
            overrideForm: canSupervise && step.isOpen ? form(.consentOverride) : nil,
            assignForm: canSupervise && step.isOpen ? form(.assign) : nil,
            incidentForm: canWork && step.isOpen ? form(.incident, defaults: ["occurredOn": todayText]) : nil,
            team: team,
            teamAddForm: canSupervise && step.isOpen ? form(.teamAdd) : nil,
            teamCandidates: workers.filter { !onTeam.contains($0.id!.uuidString) }.map {
                CasesController.Option(value: $0.id!.uuidString, label: $0.fullName, selected: $0.id!.uuidString == failed?.values["member"]) },
            workers: workers.map { CasesController.Option(value: $0.id!.uuidString, label: $0.fullName,
                                                          selected: $0.id == (UUID(uuidString: failed?.values["worker"] ?? "") ?? record.$worker.id)) },
            incidentTypes: CasesController.options(IncidentType.allCases, "case.incident.type.", selected: failed?.values["type"] ?? "", req),
            relationships: CasesController.options(PerpetratorRelationship.allCases, "case.incident.relationship.",
                                                   selected: failed?.values["perpetratorRelationship"] ?? "", req),
            reportedTo: CasesController.options(IncidentReportedTo.allCases, "case.incident.reported.", selected: failed?.values["reportedTo"] ?? "", req),
            parties: CasesController.options(ConsentParty.allCases, "case.party.",
                                             selected: failed?.values["party"] ?? ConsentRules.required(age: age, bands: bands).first?.rawValue ?? "", req),
            scopes: CasesController.options(ConsentScope.allCases, "case.scope.", selected: failed?.values["scope"] ?? "", req),
            risks: CasesController.options(RiskLevel.allCases, "case.risk.", selected: failed?.values["risk"] ?? "", req),
            visitKinds: CaseService.visitKinds.map { CasesController.Option(value: $0, label: req.t("case.visit.\($0)"),
                                                                            selected: $0 == (failed?.values["kind"] ?? "home_visit")) },
            reasons: CasesController.options(ClosureReason.allCases, "case.closure.", selected: failed?.values["reason"] ?? "", req))
        let subject = ProfileSubject(id: try child.requireID(), birthDate: child.birthDate, deathDate: child.deathDate, isMerged: child.mergedIntoID != nil)
        content.childSections = try await Domains.profileSections(for: subject, req: req).filter { $0.key == "care" }
        return try await req.page("cases/show", titleKey: "case.title", titleArguments: ["number": record.number], status: status, content)
    }

    package struct ExistenceContent: Encodable {
        package let number: String
        package let step: String
        package let details: [Item]
        package let backHref: String
    }

    /// What a colleague outside the case team sees: that the case exists, its step and who works
    /// on it, so nobody opens a second case for the same child; nothing of its contents.
    package static func renderExistence(_ req: Request, _ record: CaseRecord) async throws -> Response {
        let worker = try await record.$worker.get(on: req.db)
        let details = [
            Item(label: req.t("case.field.number"), value: record.number, href: nil),
            Item(label: req.t("case.field.worker"), value: worker?.fullName ?? "—", href: worker.map { AppRoute.staff($0.id!).path }),
            Item(label: req.t("case.field.registered"), value: DisplayFormat.dateTime(record.registeredAt), href: nil),
        ]
        return try await req.page("cases/existence", titleKey: "case.title", titleArguments: ["number": record.number], status: .ok,
                                  ExistenceContent(number: record.number, step: req.t("case.step.\(record.step)"), details: details,
                                                   backHref: AppRoute.cases.path))
    }

    package static func taskClass(_ state: CaseDeadlines.State) -> String {
        switch state {
        case .done: "ok"
        case .overdue: "danger"
        case .dueSoon: "warn"
        case .onTrack: "off"
        }
    }
}

/// The services module's referral, named apart from the case page's own referral rows.
package typealias ServiceReferral = Referral
