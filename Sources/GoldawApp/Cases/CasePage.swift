import Fluent
import Vapor
import GoldawCore

/// The case page: details, steps, deadlines, consent, assessments with the child's recorded
/// functioning alongside, plan, referrals, visits, approvals, notes, history, and one form per
/// thing the user may do now. Rendered again after a refused form, with the input kept.
enum CasePage {
    struct Item: Encodable { let label: String; let value: String; let href: String? }
    struct Step: Encodable { let label: String; let current: Bool; let done: Bool }
    struct Task: Encodable { let kind: String; let due: String; let state: String; let css: String }
    struct Consent: Encodable { let party: String; let givenBy: String; let scopes: String; let date: String; let by: String }
    struct ScopeState: Encodable { let scope: String; let state: String; let css: String }
    struct Assessment: Encodable {
        let kind: String; let date: String; let risk: String?; let summary: String
        let risks: String?; let protectiveFactors: String?; let childViews: String?; let by: String
    }
    struct Functioning: Encodable { let date: String; let instrument: String; let result: String; let href: String }
    struct PlanAction: Encodable { let action: String; let responsible: String; let start: String; let due: String }
    struct Plan: Encodable { let revision: Int; let goals: String; let actions: [PlanAction]; let by: String; let status: String }
    struct Referral: Encodable { let service: String; let provider: String; let date: String; let basis: String }
    /// A referral sent through the services directory and linked to this case.
    struct DirectoryReferral: Encodable { let number: String; let href: String; let service: String; let status: String; let sent: String }
    struct Visit: Encodable { let date: String; let kind: String; let childSeen: Bool; let summary: String; let by: String }
    struct Approval: Encodable {
        let id: String; let kind: String; let status: String; let css: String; let requested: String
        let requestComment: String?; let decided: String?; let decisionComment: String?
        let decideHref: String?; let version: Int; let comment: String; let commentError: String?; let own: Bool
    }
    struct Note: Encodable { let when: String; let author: String; let body: String }
    struct Transfer: Encodable {
        let to: String; let reason: String; let status: String; let proposed: String; let decided: String?
        let comment: String?; let href: String; let cancelAction: String?; let version: Int
    }
    struct ConferenceAction: Encodable { let agency: String; let action: String; let due: String }
    struct Conference: Encodable {
        let date: String; let agencies: String; let participants: String; let decisions: String
        let actions: [ConferenceAction]; let by: String
    }
    struct BestInterests: Encodable {
        let date: String; let decision: String; let childViews: String; let familyViews: String
        let options: String; let recommendation: String; let by: String
    }
    struct Incident: Encodable {
        let type: String; let date: String; let place: String; let relationship: String; let perpetrator: String?
        let reportedTo: String; let medical: String?; let legal: String?; let by: String
    }
    struct Change: Encodable { let when: String; let who: String; let field: String; let old: String?; let new: String? }
    /// Someone on the case team; `removeHref` when the reader may take them off it.
    struct TeamMember: Encodable { let id: String; let name: String; let role: String; let since: String?; let removeHref: String? }

    /// What the user typed into a form that was refused.
    struct Failed {
        let command: String
        let values: [String: String]
        let errors: [String: String]
    }

    /// One form on the page: its target, and the values and errors to show in it.
    struct Form: Encodable {
        let href: String
        let values: [String: String]
        let errors: [String: String]
        let open: Bool
    }

    struct Content: Encodable {
        let number: String
        let step: String
        let risk: String?
        let riskClass: String
        let urgent: Bool
        let closed: Bool
        let message: String?
        let details: [Item]
        let steps: [Step]
        let tasks: [Task]
        let requiredConsent: String
        let consents: [Consent]
        let scopeStates: [ScopeState]
        let assessments: [Assessment]
        let functioning: [Functioning]
        let plans: [Plan]
        let referrals: [Referral]
        let directoryReferrals: [DirectoryReferral]
        let referInDirectoryHref: String?
        let visits: [Visit]
        let approvals: [Approval]
        let notes: [Note]?
        /// Nil for anyone outside the case team and supervisors: incident details never reach them.
        let incidents: [Incident]?
        let transfers: [Transfer]
        let conferences: [Conference]
        let bestInterests: [BestInterests]
        let transferForm: Form?
        let conferenceForm: Form?
        let bestInterestsForm: Form?
        let agencies: [CasesController.Option]
        let decisionsAtStake: [CasesController.Option]
        let changes: [Change]
        let version: Int
        let editHref: String?
        let backHref: String
        // Forms; nil when not possible now or not allowed for this user.
        let consentForm: Form?
        let initialForm: Form?
        let needsForm: Form?
        let planForm: Form?
        let visitForm: Form?
        let referralForm: Form?
        let closureRequestForm: Form?
        let closeForm: Form?
        let reopenForm: Form?
        let noteForm: Form?
        let overrideForm: Form?
        let assignForm: Form?
        let incidentForm: Form?
        let team: [TeamMember]
        let teamAddForm: Form?
        let teamCandidates: [CasesController.Option]
        let workers: [CasesController.Option]
        let incidentTypes: [CasesController.Option]
        let relationships: [CasesController.Option]
        let reportedTo: [CasesController.Option]
        let parties: [CasesController.Option]
        let scopes: [CasesController.Option]
        let risks: [CasesController.Option]
        let visitKinds: [CasesController.Option]
        let reasons: [CasesController.Option]
    }

    static func render(_ req: Request, _ record: CaseRecord, status: HTTPResponseStatus,
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
        let content = Content(
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
        return try await req.page("cases/show", titleKey: "case.title", titleArguments: ["number": record.number], status: status, content)
    }

    struct ExistenceContent: Encodable {
        let number: String
        let step: String
        let details: [Item]
        let backHref: String
    }

    /// What a colleague outside the case team sees: that the case exists, its step and who works
    /// on it, so nobody opens a second case for the same child; nothing of its contents.
    static func renderExistence(_ req: Request, _ record: CaseRecord) async throws -> Response {
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

    static func taskClass(_ state: CaseDeadlines.State) -> String {
        switch state {
        case .done: "ok"
        case .overdue: "danger"
        case .dueSoon: "warn"
        case .onTrack: "off"
        }
    }
}

/// The services module's referral, named apart from the case page's own referral rows.
typealias ServiceReferral = Referral
