import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// Applications from intake to decision, and the enrolment an approval creates. Each step is one
/// transaction with its audit record.
package struct ApplicationService {
    package let db: any Database
    package let actor: CurrentUser?
    package let audit: AuditService
    package var now: Date = AppClock.now

    package var today: CalendarDate { CalendarDate.ashgabat(secondsSince1970: now.timeIntervalSince1970) }
    package var catalog: BenefitsCatalog { BenefitsCatalog(db: db, actor: actor, audit: audit) }

    package struct Intake {
        package var programme: String
        package var documents: Set<String>
        package var channel: String
        package var account: String
        package var requestedFrom: String
        /// The officer saw that the rules fail and records the application anyway, so that it
        /// can be rejected with the explanation.
        package var recordIneligible: Bool

        package init(programme: String, documents: Set<String>, channel: String, account: String, requestedFrom: String, recordIneligible: Bool) {
            self.programme = programme
            self.documents = documents
            self.channel = channel
            self.account = account
            self.requestedFrom = requestedFrom
            self.recordIneligible = recordIneligible
        }
    }

    package enum IntakeOutcome {
        case saved(BenefitApplication)
        /// Nothing saved: the rules fail and the officer has not confirmed recording it.
        case ineligible(EligibilityDecision)
    }

    /// The eligibility of `beneficiary` for `programme` with `applicant` applying, on `date`.
    package func evaluate(_ programme: Programme, beneficiary: Person, applicant: Person, on date: CalendarDate) async throws -> EligibilityDecision {
        guard let rules = try await catalog.rules(programme, on: date) else {
            throw AppError.badRequest("benefits.no_rules")
        }
        let facts = try await RegistryFacts(db: db).eligibilityFacts(beneficiary: beneficiary, applicant: applicant, on: date)
        return rules.evaluate(facts, on: date)
    }

    /// An officer takes a new application, or completes one waiting in intake.
    package func take(_ intake: Intake, beneficiary: Person, applicant: Person, existing: BenefitApplication? = nil,
              expectedVersion: Int? = nil) async throws -> IntakeOutcome {
        if let existing, existing.status != ApplicationStatus.intake.rawValue { throw AppError.conflict("benefits.application_not_intake") }
        var problems: [FieldProblem] = []
        let programme = Programme(rawValue: existing?.programme ?? intake.programme).flatMap { Programme.byApplication.contains($0) ? $0 : nil }
        if programme == nil { problems.append(.init(field: "programme", key: "validation.choose")) }
        let channel = PaymentChannel(rawValue: intake.channel)
        if channel == nil { problems.append(.init(field: "channel", key: "validation.choose")) }
        let account = intake.account.trimmingCharacters(in: .whitespaces)
        if channel == .bank && (account.count < 8 || account.count > 34 || !account.allSatisfy({ $0.isLetter || $0.isNumber })) {
            problems.append(.init(field: "account", key: "benefits.account_invalid"))
        }
        if account.count > 60 { problems.append(.init(field: "account", key: "validation.too_long")) }
        let from = CalendarDate(userInput: intake.requestedFrom)
        if from == nil || from! > today.adding(days: 366) { problems.append(.init(field: "requestedFrom", key: "validation.date")) }
        if let programme {
            let relation = try await RegistryFacts(db: db).relation(of: applicant, to: beneficiary, on: today)
            let needed = programme.documents.filter {
                !Programme.conditionalDocuments.contains($0) || relation == .guardian || relation == .adoptiveParent
            }
            if needed.contains(where: { !intake.documents.contains($0.rawValue) }) {
                problems.append(.init(field: "documents", key: "benefits.documents_missing"))
            }
        }
        guard problems.isEmpty, let programme, let channel, let from else { throw AppError.invalid(problems) }
        if let existing, existing.version != expectedVersion { throw AppError.conflict("error.stale") }
        if existing == nil, try await hasOpenApplication(programme, beneficiary: beneficiary.requireID()) {
            throw AppError.invalid([.init(field: "programme", key: "benefits.application_exists")])
        }
        let decision = try await evaluate(programme, beneficiary: beneficiary, applicant: applicant, on: today)
        if !decision.eligible && !intake.recordIneligible { return .ineligible(decision) }

        let application = existing ?? BenefitApplication()
        if existing == nil {
            application.programme = programme.rawValue
            application.$beneficiary.id = try beneficiary.requireID()
            application.source = "officer"
            application.version = 0
        }
        application.$applicant.id = try applicant.requireID()
        application.territoryPath = beneficiary.territoryPath
        application.status = ApplicationStatus.submitted.rawValue
        application.documents = programme.documents.map(\.rawValue).filter(intake.documents.contains).joined(separator: ",")
        application.channel = channel.rawValue
        application.account = account.isEmpty ? nil : account
        application.requestedFrom = from.iso
        application.eligibility = Self.json(decision)
        application.eligible = decision.eligible
        application.takenBy = actor?.id
        application.takenAt = now
        let seen = application.version
        application.version += 1
        try await db.writing { tx in
            if existing != nil {
                try await DatabaseSetup.claim(BenefitApplication.schema, id: application.requireID(), version: seen,
                                              status: ApplicationStatus.intake.rawValue, on: tx as! any SQLDatabase)
            }
            if existing == nil {
                application.number = Counters.format("BA-", try await Counters.next("application", on: tx))
                try await application.create(on: tx)
                try await audit.on(tx).record(.applicationCreated, recordType: "application", recordID: application.id?.uuidString,
                                              detail: "\(application.number) \(programme.rawValue)")
            } else {
                try await application.update(on: tx)
            }
            try await audit.on(tx).record(.applicationSubmitted, recordType: "application", recordID: application.id?.uuidString,
                                          detail: "\(application.number) eligible=\(decision.eligible)")
        }
        return .saved(application)
    }

    package func hasOpenApplication(_ programme: Programme, beneficiary: UUID) async throws -> Bool {
        try await BenefitApplication.query(on: db).filter(\.$programme == programme.rawValue)
            .filter(\.$beneficiary.$id == beneficiary).filter(\.$status ~~ ["intake", "submitted"]).count() > 0
    }

    /// Approves (creating the enrolment) or rejects with a reason. The rules are evaluated again
    /// on the day of the decision; an application that fails them can only be rejected.
    package func decide(_ application: BenefitApplication, approve: Bool, reason: String, effectiveFrom: String,
                expectedVersion: Int) async throws -> EligibilityDecision {
        guard application.version == expectedVersion else { throw AppError.conflict("error.stale") }
        guard application.status == ApplicationStatus.submitted.rawValue else { throw AppError.conflict("benefits.application_not_submitted") }
        guard let actor, application.takenBy != actor.id else { throw AppError.conflict("benefits.four_eyes") }
        guard let programme = Programme(rawValue: application.programme) else { throw AppError.notFound }
        try await application.$beneficiary.load(on: db)
        try await application.$applicant.load(on: db)
        let decision = try await evaluate(programme, beneficiary: application.beneficiary, applicant: application.applicant, on: today)
        let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldProblem] = []
        if !approve && text.isEmpty { problems.append(.init(field: "reason", key: "benefits.reason_required")) }
        if text.count > 2000 { problems.append(.init(field: "reason", key: "validation.too_long")) }
        let start = effectiveFrom.trimmingCharacters(in: .whitespaces).isEmpty
            ? CalendarDate(iso: application.requestedFrom) : CalendarDate(userInput: effectiveFrom)
        if approve && start == nil { problems.append(.init(field: "effectiveFrom", key: "validation.date")) }
        if approve && !decision.eligible { problems.append(.init(field: "decision", key: "benefits.not_eligible")) }
        guard problems.isEmpty else { throw AppError.invalid(problems) }

        application.status = (approve ? ApplicationStatus.approved : .rejected).rawValue
        application.decidedBy = actor.id
        application.decidedAt = now
        application.decisionReason = text.isEmpty ? nil : text
        application.eligibility = Self.json(decision)
        application.eligible = decision.eligible
        let seen = application.version
        application.version += 1
        try await db.writing { tx in
            try await DatabaseSetup.claim(BenefitApplication.schema, id: application.requireID(), version: seen,
                                          status: ApplicationStatus.submitted.rawValue, on: tx as! any SQLDatabase)
            try await application.update(on: tx)
            if approve, let start {
                let live = try await BenefitEnrolment.query(on: tx).filter(\.$programme == programme.rawValue)
                    .filter(\.$beneficiary.$id == application.$beneficiary.id).filter(\.$status != EnrolmentStatus.ended.rawValue).count()
                if live > 0 { throw AppError.conflict("benefits.already_enrolled") }
                let enrolment = BenefitEnrolment()
                enrolment.programme = programme.rawValue
                enrolment.$beneficiary.id = application.$beneficiary.id
                enrolment.$payee.id = application.$applicant.id
                enrolment.applicationID = application.id
                enrolment.effectiveFrom = start.iso
                enrolment.status = EnrolmentStatus.active.rawValue
                enrolment.reviewPending = false
                enrolment.channel = application.channel ?? PaymentChannel.post.rawValue
                enrolment.account = application.account
                enrolment.version = 1
                enrolment.createdBy = actor.id
                try await enrolment.create(on: tx)
            }
            try await audit.on(tx).record(.applicationDecided, recordType: "application", recordID: application.id?.uuidString,
                                          detail: "\(application.number) \(application.status)")
        }
        return decision
    }

    /// A child was linked to their mother: the birth grant and the child-care benefit are
    /// applied for on the child's behalf and wait in the officer's queue. Runs inside the
    /// registry's transaction, so the link and the applications are saved together.
    package func birthRegistered(child: Person, mother: Person) async throws -> [BenefitApplication] {
        guard let birth = CalendarDate(iso: child.birthDate), child.deathDate == nil else { return [] }
        let age = Age.years(born: birth, on: today)
        let childID = try child.requireID()
        var created: [BenefitApplication] = []
        for programme in [Programme.birthGrant, .childCare] {
            guard let rules = try await catalog.rules(programme, on: today),
                  rules.rules.allSatisfy({ if case .age(_, let under?) = $0 { return age < under } else { return true } }) else { continue }
            let earlier = try await BenefitApplication.query(on: db).filter(\.$programme == programme.rawValue)
                .filter(\.$beneficiary.$id == childID).count()
            guard earlier == 0 else { continue }
            let application = BenefitApplication()
            application.number = Counters.format("BA-", try await Counters.next("application", on: db))
            application.programme = programme.rawValue
            application.$beneficiary.id = childID
            application.$applicant.id = try mother.requireID()
            application.territoryPath = child.territoryPath
            application.status = ApplicationStatus.intake.rawValue
            application.source = "birth_registration"
            application.documents = ""
            application.requestedFrom = (programme == .childCare ? BenefitMonth(containing: birth).firstDay : birth).iso
            application.version = 1
            try await application.create(on: db)
            try await audit.on(db).record(.applicationCreated, recordType: "application", recordID: application.id?.uuidString,
                                          detail: "\(application.number) \(programme.rawValue) from birth registration")
            created.append(application)
        }
        return created
    }

    /// An appeal upheld through the grievance desk puts a rejected application back before an approver.
    package func reopenOnAppeal(number: String, grievanceNumber: String, reason: String) async throws -> BenefitApplication {
        guard let application = try await BenefitApplication.query(on: db).filter(\.$number == number).first() else {
            throw AppError.conflict("benefits.application_unknown")
        }
        guard application.status == ApplicationStatus.rejected.rawValue else { throw AppError.conflict("benefits.appeal_not_rejected") }
        if let programme = Programme(rawValue: application.programme),
           try await hasOpenApplication(programme, beneficiary: application.$beneficiary.id) {
            throw AppError.conflict("benefits.application_exists")
        }
        application.status = ApplicationStatus.submitted.rawValue
        application.decidedBy = nil
        application.decidedAt = nil
        application.reopenedByGrievance = grievanceNumber
        application.decisionReason = nil
        let seen = application.version
        application.version += 1
        try await db.writing { tx in
            try await DatabaseSetup.claim(BenefitApplication.schema, id: application.requireID(), version: seen,
                                          status: ApplicationStatus.rejected.rawValue, on: tx as! any SQLDatabase)
            try await application.update(on: tx)
            try await audit.on(tx).record(.applicationReopened, recordType: "application", recordID: application.id?.uuidString,
                                          detail: "\(application.number) appeal \(grievanceNumber): \(reason.prefix(200))")
        }
        return application
    }

    package static func json(_ decision: EligibilityDecision) -> String {
        String(decoding: (try? JSONEncoder().encode(decision)) ?? Data(), as: UTF8.self)
    }

    package init(db: any Database, actor: CurrentUser?, audit: AuditService, now: Date = AppClock.now) {
        self.db = db
        self.actor = actor
        self.audit = audit
        self.now = now
    }
}

extension Request {
    package var applications: ApplicationService { ApplicationService(db: db, actor: currentUser, audit: audit) }
    package var benefitsCatalog: BenefitsCatalog { BenefitsCatalog(db: db, actor: currentUser, audit: audit) }
}
