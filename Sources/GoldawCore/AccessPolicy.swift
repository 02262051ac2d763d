/// What a request wants to do. One case per route family; every web and API route names one.
public enum Action: String, Sendable, CaseIterable, Codable, Hashable {
    case viewHome = "home.view"
    case manageOwnAccount = "account.manage"
    case viewTerritories = "territories.view"
    case manageTerritories = "territories.manage"
    case viewStaff = "staff.view"
    case manageUsers = "users.manage"
    case viewAudit = "audit.view"
    case useAPI = "api.use"
    /// Read people and households (names, documents, functioning) in the registry.
    case viewPeople = "people.view"
    /// Register and change people and households, record functioning and disability status.
    case editPeople = "people.edit"
    /// Review the duplicates queue, merge and unmerge.
    case reviewDuplicates = "people.duplicates"
    /// Upload a CSV of households and members.
    case importPeople = "people.import"
    /// See a person's benefits: applications, enrolments, payments.
    case viewBenefits = "benefits.view"
    /// Take applications, check documents, manage enrolments.
    case takeApplications = "benefits.intake"
    /// Approve or reject applications (never one's own intake).
    case decideApplications = "benefits.decide"
    /// Read payroll cycles, their lines and the emergency measures.
    case viewPayroll = "benefits.payroll.view"
    /// Create, compute, export and reconcile payroll cycles.
    case runPayroll = "benefits.payroll"
    /// Approve a computed payroll cycle.
    case approvePayroll = "benefits.payroll.approve"
    /// Totals of payments by territory and programme: aggregates, no names.
    case viewBenefitTotals = "benefits.totals"
    /// Read programmes, parameter values and rule versions.
    case viewBenefitRules = "benefits.rules.view"
    /// Add parameter values and rule versions.
    case manageBenefitRules = "benefits.rules.manage"
    /// Declare and end emergency top-up measures.
    case declareEmergency = "benefits.emergency"
    /// Work the grievance desk: lodge for a caller, read, assign, escalate, resolve, appeal, close.
    case handleGrievances = "grievances.handle"
    /// Read the services directory: providers, services, places (every staff role).
    case viewServices = "services.view"
    /// Register providers and services and change their directory entries.
    case manageServices = "services.manage"
    /// Open inventory rounds, write their questions, review answers, read the results.
    case manageInventory = "services.inventory.manage"
    /// Fill in an inventory questionnaire for a provider (the provider, or staff on its behalf).
    case answerInventory = "services.inventory.answer"
    /// Refer a person to a service, with consent or a supervisor's override.
    case sendReferrals = "referrals.send"
    /// Follow referrals sent from the user's territory, with what the provider reported.
    case viewReferrals = "referrals.view"
    /// Work the referrals sent to one's own organisation: accept, waitlist, decline, start, deliver, end.
    case handleReferrals = "referrals.handle"
    /// Read worker records: names, qualifications, trainings, posts.
    case viewWorkforce = "workforce.view"
    /// Register workers, their qualifications and trainings, funded posts and who fills them.
    case manageWorkforce = "workforce.manage"
    /// Workforce figures per etrap: aggregates, no names.
    case viewWorkforceFigures = "workforce.figures"
    /// Maintain the dated population table the ratios divide by.
    case managePopulations = "workforce.populations"
    /// Read child protection cases (sensitive: the case team and supervisors in scope only).
    case viewCases = "cases.view"
    /// Open cases and record on them: consent, assessments, plans, visits, referrals, notes;
    /// request approvals and close after an approved closure request.
    case workCases = "cases.work"
    /// Decide approval requests (never one's own), override missing consent, assign workers.
    case superviseCases = "cases.supervise"
    /// Counts of cases by territory, risk and step: aggregates, no names.
    case viewCaseCounts = "cases.counts"
    /// Add a dated table of case response deadlines.
    case manageCaseSettings = "cases.settings"
    /// National indicators: people by territory, sex, age, functional difficulty and official
    /// disability, from the latest snapshot. Aggregates, no names.
    case viewIndicators = "indicators.view"
    /// Recount the indicators from the registry now (a new snapshot).
    case refreshIndicators = "indicators.refresh"
    /// Read placements, gatekeeping requests and sittings: the commission, the case workers and
    /// supervisors of the scope, and a setting's staff for the children placed there only.
    case viewCare = "care.view"
    /// Bring a child to the commission, keep the care plan, review, log family contact, plan the return.
    case workCare = "care.work"
    /// Hold sittings and decide placements, guardianship and returns; record appeals.
    case decideCare = "care.decide"
    /// A setting's staff report for the children placed there: contact with family, a child who left.
    case reportCare = "care.report"
    /// Keep the register of residential settings and family-based carers, approve foster carers.
    case manageCarers = "care.carers"
    /// Care indicators: counts by type, age band and sex, no names.
    case viewCareFigures = "care.figures"
    /// Read justice records of children in conflict with the law (confidential: justice officers,
    /// the social worker on the record and supervisors in scope; the Commission for what it decides).
    case viewJustice = "justice.view"
    /// Record apprehension, safeguards, the decision, pre-trial measures, the court's decision,
    /// detention and aftercare.
    case workJustice = "justice.work"
    /// Decide a diversion or an educational measure where the Commission has that role.
    case decideDiversion = "justice.divert"
    /// A place of detention's staff: admissions, family contact, education, health, complaints,
    /// incidents and releases of the children held there.
    case reportDetention = "justice.detention"
    /// Child victims and witnesses and their interviews.
    case workWitnesses = "justice.witnesses"
    /// Approve a second interview of a child (the one-interview rule).
    case approveInterviews = "justice.interviews.approve"
    /// Keep the register of places of detention and interview rooms, and record inspections.
    case managePlaces = "justice.places"
    /// Record an inspection of a place of detention (administrators and the independent monitor).
    case inspectPlaces = "justice.inspect"
    /// Read and answer children's complaints addressed to one's office.
    case handleChildComplaints = "justice.complaints"
}

/// How far a granted action reaches.
public enum Reach: String, Sendable, Codable, Hashable {
    /// Not allowed at all: the answer is 403.
    case denied
    /// Allowed for records inside the user's scope; anything outside answers 404.
    case inScope
    /// Allowed for any record, whatever the user's scope (reference data, national roles).
    case everywhere
}

/// The one access policy: role × action → reach. Written as a table so that it can be read,
/// reviewed and tested as a table; nothing else in the code grants rights.
public enum AccessPolicy {
    public static let table: [Role: [Action: Reach]] = {
        let staffBasics: [Action: Reach] = [
            .viewHome: .everywhere, .manageOwnAccount: .everywhere,
            .viewTerritories: .everywhere, .useAPI: .everywhere,
            // The directory is for everyone who helps people find a service.
            .viewServices: .everywhere,
        ]
        func with(_ extra: [Action: Reach]) -> [Action: Reach] {
            staffBasics.merging(extra) { _, new in new }
        }
        return [
            .administrator: with([
                .manageTerritories: .everywhere, .viewStaff: .everywhere,
                .manageUsers: .everywhere, .viewAudit: .everywhere,
                .viewBenefitRules: .everywhere, .manageBenefitRules: .everywhere,
                .manageServices: .everywhere, .manageInventory: .everywhere, .answerInventory: .everywhere,
                .viewWorkforce: .everywhere, .manageWorkforce: .everywhere, .viewWorkforceFigures: .everywhere,
                .managePopulations: .everywhere, .manageCaseSettings: .everywhere,
                .managePlaces: .everywhere, .inspectPlaces: .everywhere,
            ]),
            // Analysts see aggregates only, never a name; administrators run the system and
            // do not read people's records.
            .nationalAnalyst: with([.viewBenefitRules: .everywhere, .viewBenefitTotals: .everywhere,
                                    .viewWorkforceFigures: .everywhere, .viewCaseCounts: .everywhere,
                                    .viewIndicators: .everywhere, .refreshIndicators: .everywhere,
                                    .viewCareFigures: .everywhere]),
            // Supervisors override missing consent (with a reason), decide case approvals and keep
            // the workforce register of their area.
            .supervisor: with([.viewStaff: .inScope, .viewPeople: .inScope, .reviewDuplicates: .inScope, .viewBenefits: .inScope,
                               .handleGrievances: .inScope, .answerInventory: .inScope, .sendReferrals: .inScope,
                               .viewReferrals: .inScope, .viewWorkforce: .inScope, .manageWorkforce: .inScope,
                               .viewWorkforceFigures: .everywhere, .viewCases: .inScope, .superviseCases: .inScope,
                               .viewCaseCounts: .inScope, .viewIndicators: .inScope,
                               .viewCare: .inScope, .workCare: .inScope, .reportCare: .inScope, .manageCarers: .inScope,
                               .viewCareFigures: .inScope,
                               // Supervisors accompany child victims and witnesses, approve a second
                               // interview, and read the justice records their workers are on.
                               .viewJustice: .inScope, .workWitnesses: .inScope, .approveInterviews: .inScope,
                               .handleChildComplaints: .inScope]),
            .socialWorker: with([.viewStaff: .inScope, .viewPeople: .inScope, .editPeople: .inScope, .importPeople: .inScope,
                                 .viewBenefits: .inScope, .handleGrievances: .inScope, .answerInventory: .inScope,
                                 .sendReferrals: .inScope, .viewReferrals: .inScope,
                                 .viewCases: .inScope, .workCases: .inScope, .viewCaseCounts: .inScope,
                                 .viewCare: .inScope, .workCare: .inScope, .reportCare: .inScope,
                                 .viewJustice: .inScope, .workWitnesses: .inScope, .handleChildComplaints: .inScope]),
            .benefitsOfficer: with([.viewStaff: .inScope, .viewPeople: .inScope, .editPeople: .inScope, .importPeople: .inScope,
                                    .viewBenefits: .inScope, .takeApplications: .inScope, .viewPayroll: .inScope, .runPayroll: .inScope,
                                    .viewBenefitTotals: .inScope, .viewBenefitRules: .everywhere, .handleGrievances: .inScope,
                                    .sendReferrals: .inScope, .viewReferrals: .inScope]),
            .benefitsApprover: with([.viewStaff: .inScope, .viewPeople: .inScope, .viewBenefits: .inScope,
                                     .decideApplications: .inScope, .viewPayroll: .inScope, .approvePayroll: .inScope, .viewBenefitTotals: .inScope,
                                     .viewBenefitRules: .everywhere, .declareEmergency: .inScope, .handleGrievances: .inScope,
                                     .viewIndicators: .inScope]),
            // The Commission decides placements and guardianship, keeps the register of carers and
            // plans with the figures of its area; it reads no case notes.
            .commissionMember: with([.viewStaff: .inScope, .viewPeople: .inScope, .viewIndicators: .inScope,
                                     .viewCare: .inScope, .decideCare: .inScope, .manageCarers: .inScope,
                                     .viewCareFigures: .inScope,
                                     .viewJustice: .inScope, .decideDiversion: .inScope]),
            // Inspectors for minors, investigators, prosecutors and court liaison: the child's path
            // through the procedure. They find a child in the registry to identify them (each read
            // audited with its purpose), but do not browse it.
            .justiceOfficer: with([.viewStaff: .inScope, .viewJustice: .inScope, .workJustice: .inScope,
                                   .workWitnesses: .inScope, .managePlaces: .inScope]),
            // Providers see the referrals to their own organisation (a summary) and answer the inventory for it.
            .serviceProvider: with([.viewStaff: .inScope, .handleReferrals: .inScope, .answerInventory: .inScope]),
            // A residential setting's staff: the children placed there, their contact with family.
            .careStaff: with([.viewStaff: .inScope, .viewCare: .inScope, .reportCare: .inScope]),
            // A place of detention's staff: the children held there, their contacts and releases.
            .detentionStaff: with([.viewStaff: .inScope, .viewJustice: .inScope, .reportDetention: .inScope]),
            // The independent monitor: complaints addressed to it, inspections, aggregates.
            .independentMonitor: with([.handleChildComplaints: .inScope, .inspectPlaces: .inScope]),
        ]
    }()

    public static func reach(_ role: Role, _ action: Action) -> Reach {
        table[role]?[action] ?? .denied
    }

    public static func allows(_ role: Role, _ action: Action) -> Bool {
        reach(role, action) != .denied
    }
}

/// A user's scope in a form the rules can reason about without a database: the territory path
/// (see `TerritoryPath`) or the organisation id the user is bound to.
public struct Scope: Sendable, Hashable, Codable {
    public let kind: ScopeKind
    public let territoryPath: String?
    public let organisationID: String?

    public init(kind: ScopeKind, territoryPath: String? = nil, organisationID: String? = nil) {
        self.kind = kind
        self.territoryPath = territoryPath
        self.organisationID = organisationID
    }

    public static let national = Scope(kind: .national)

    /// Whether a record that lives in `territoryPath` (and optionally belongs to an organisation)
    /// falls inside this scope.
    public func contains(territoryPath recordPath: String?, organisationID recordOrg: String? = nil) -> Bool {
        switch kind {
        case .national:
            return true
        case .region, .district:
            guard let mine = territoryPath, let theirs = recordPath else { return false }
            return TerritoryPath.isWithin(theirs, ancestor: mine)
        case .organisation:
            guard let mine = organisationID else { return false }
            return recordOrg == mine
        }
    }
}

/// Territory paths are the codes from the root down, joined and wrapped in slashes
/// ("/TM-M/M-MRY/"), so that "inside" is a prefix test both here and in SQL (`LIKE '/TM-M/%'`).
public enum TerritoryPath {
    public static func make(_ codes: [String]) -> String {
        "/" + codes.joined(separator: "/") + "/"
    }

    public static func isWithin(_ path: String, ancestor: String) -> Bool {
        path.hasPrefix(ancestor)
    }

    /// The SQL LIKE pattern for everything inside (and including) a path. Codes are ASCII
    /// letters, digits and dashes, so no LIKE wildcard can appear in them.
    public static func likePattern(_ ancestor: String) -> String {
        ancestor + "%"
    }
}
