import Fluent
import Vapor

/// What the trail records. Raw values are stable: they are stored and filtered on.
package enum AuditAction: String, CaseIterable, Sendable {
    case login = "login"
    case loginFailed = "login.failed"
    case logout = "logout"
    case sessionExpired = "session.expired"
    case passwordChanged = "password.changed"
    case localeChanged = "locale.changed"
    case tokenIssued = "token.issued"
    case tokenRevoked = "token.revoked"
    case accessDenied = "access.denied"
    case userCreated = "user.created"
    case userUpdated = "user.updated"
    case userDisabled = "user.disabled"
    case userEnabled = "user.enabled"
    case passwordReset = "user.password_reset"
    case staffViewed = "staff.viewed"
    case territoryChanged = "territory.changed"
    case auditExported = "audit.exported"
    case personViewed = "person.viewed"
    case personCreated = "person.created"
    case personUpdated = "person.updated"
    case personsSearched = "person.searched"
    case householdViewed = "household.viewed"
    case householdCreated = "household.created"
    case householdChanged = "household.changed"
    case familyLinkAdded = "family_link.added"
    case functioningRecorded = "functioning.recorded"
    case disabilityRecorded = "disability.recorded"
    case duplicateDismissed = "duplicate.dismissed"
    case personsMerged = "person.merged"
    case personsUnmerged = "person.unmerged"
    case registryImported = "registry.imported"
    case circumstanceRecorded = "circumstance.recorded"
    case benefitParameterAdded = "benefit.parameter_added"
    case benefitRulesAdded = "benefit.rules_added"
    case applicationCreated = "application.created"
    case applicationViewed = "application.viewed"
    case applicationSubmitted = "application.submitted"
    case applicationDecided = "application.decided"
    case applicationReopened = "application.reopened"
    case enrolmentChanged = "enrolment.changed"
    case payrollChanged = "payroll.changed"
    case payrollViewed = "payroll.viewed"
    case payrollExported = "payroll.exported"
    case payrollReconciled = "payroll.reconciled"
    case emergencyDeclared = "emergency.declared"
    case emergencyEnded = "emergency.ended"
    case grievanceLodged = "grievance.lodged"
    case grievanceViewed = "grievance.viewed"
    case grievanceChanged = "grievance.changed"
    /// A tracking code that matched nothing: many in a row from one address means guessing.
    case grievanceTrackFailed = "grievance.track_failed"
    /// A client was told to slow down (sign-in, public complaints, tracking codes).
    case rateLimited = "client.rate_limited"
    case providerCreated = "provider.created"
    case serviceCreated = "service.created"
    case serviceUpdated = "service.updated"
    case referralSent = "referral.sent"
    /// Sent without consent on a supervisor's override: reviewed separately.
    case referralOverride = "referral.override"
    case referralViewed = "referral.viewed"
    case referralChanged = "referral.changed"
    case inventoryChanged = "inventory.changed"
    case inventoryAnswered = "inventory.answered"
    case inventoryReviewed = "inventory.reviewed"
    case inventoryExported = "inventory.exported"
    case workerViewed = "worker.viewed"
    case workforceChanged = "workforce.changed"
    case workforceExported = "workforce.exported"
    case populationAdded = "population.added"
    case caseOpened = "case.opened"
    case caseViewed = "case.viewed"
    case caseListed = "case.listed"
    case caseChanged = "case.changed"
    case caseApprovalDecided = "case.approval_decided"
    /// A supervisor let a case be shared or referred without the consent the age band needs.
    case caseConsentOverridden = "case.consent_overridden"
    case caseClosed = "case.closed"
    case caseReopened = "case.reopened"
    case caseSettingsChanged = "case.settings_changed"
    /// A report of a child at risk reached child protection (from the children's complaints).
    case caseIntakeReceived = "case.intake_received"
    case caseIntakeViewed = "case.intake_viewed"
    /// Opened as a case, or closed as not a concern.
    case caseIntakeDecided = "case.intake_decided"
    case indicatorsRefreshed = "indicators.refreshed"
    case indicatorsExported = "indicators.exported"
    case careViewed = "care.viewed"
    case careListed = "care.listed"
    case careSettingChanged = "care.setting_changed"
    case carerChanged = "care.carer_changed"
    case careRequestPrepared = "care.request_prepared"
    case careSittingChanged = "care.sitting_changed"
    case careDecided = "care.decided"
    case carePlacementChanged = "care.placement_changed"
    case careFiguresViewed = "care.figures_viewed"
    case justiceViewed = "justice.viewed"
    case justiceListed = "justice.listed"
    /// A justice officer looked a child up in the registry to identify them, with the purpose.
    case justiceChildSearched = "justice.child_searched"
    case justiceRecordChanged = "justice.record_changed"
    case justicePlaceChanged = "justice.place_changed"
    case justiceWitnessChanged = "justice.witness_changed"
    case justiceInterviewChanged = "justice.interview_changed"
}

package enum AuditOutcome: String, Sendable {
    case success, failure, denied
}

/// Writes audit rows. The request's user, address and id are filled in by the caller's
/// context so that controllers only say what happened.
package struct AuditService: Sendable {
    package let db: any Database
    package var actor: CurrentUser?
    package var clientIP: String?
    package var requestID: String?

    package func record(_ action: AuditAction, outcome: AuditOutcome = .success,
                recordType: String? = nil, recordID: String? = nil,
                user: User? = nil, username: String? = nil, detail: String? = nil) async throws {
        let event = AuditEvent()
        event.occurredAt = AppClock.now
        event.userID = user?.id ?? actor?.id
        event.username = user?.username ?? username ?? actor?.username
        event.action = action.rawValue
        event.recordType = recordType
        event.recordID = recordID
        event.clientIP = clientIP
        event.outcome = outcome.rawValue
        event.detail = detail
        event.requestID = requestID
        try await event.create(on: db)
    }

    /// The same service bound to another database handle, e.g. inside a transaction, so the
    /// audit row commits or rolls back with the change it describes.
    package func on(_ database: any Database) -> AuditService {
        AuditService(db: database, actor: actor, clientIP: clientIP, requestID: requestID)
    }

    package init(db: any Database, actor: CurrentUser? = nil, clientIP: String? = nil, requestID: String? = nil) {
        self.db = db
        self.actor = actor
        self.clientIP = clientIP
        self.requestID = requestID
    }
}

extension Request {
    package var clientIP: String? {
        headers.forwarded.first?.for ?? headers.first(name: "X-Forwarded-For")?
            .split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) }
            ?? remoteAddress?.ipAddress
    }

    package var audit: AuditService {
        AuditService(db: db, actor: auth.get(CurrentUser.self), clientIP: clientIP,
                     requestID: headers.first(name: "X-Request-ID") ?? id)
    }
}
