/// The roles a Goldaw account can hold. Each user has exactly one.
public enum Role: String, Sendable, CaseIterable, Codable, Hashable {
    case administrator
    case nationalAnalyst = "national_analyst"
    case supervisor
    case socialWorker = "social_worker"
    case benefitsOfficer = "benefits_officer"
    case benefitsApprover = "benefits_approver"
    case commissionMember = "commission_member"
    case justiceOfficer = "justice_officer"
    case serviceProvider = "service_provider"
    /// Staff of a residential care setting (a baby home, a children's home), bound to its organisation.
    case careStaff = "care_staff"
    /// Staff of a place of detention (the juvenile colony, a pre-trial facility), bound to its organisation.
    case detentionStaff = "detention_staff"
    /// The independent monitor (the Ombudsperson's office): children's complaints addressed to it,
    /// inspections of places of detention, aggregates. Never a justice record's content.
    case independentMonitor = "independent_monitor"

    /// The scope kinds this role may be given. Analysts and administrators work nationally;
    /// service providers are bound to their organisation; etrap staff to a territory.
    public var allowedScopes: Set<ScopeKind> {
        switch self {
        case .administrator, .nationalAnalyst: [.national]
        case .serviceProvider, .careStaff, .detentionStaff: [.organisation]
        case .supervisor, .benefitsApprover, .commissionMember, .justiceOfficer, .independentMonitor:
            [.national, .region, .district]
        case .socialWorker, .benefitsOfficer: [.region, .district]
        }
    }
}

/// How wide a user's view of records is.
public enum ScopeKind: String, Sendable, CaseIterable, Codable, Hashable {
    case national
    case region       // one welaýat (or Aşgabat / Arkadag)
    case district     // one etrap, city with etrap status or borough
    case organisation // one service provider organisation
}
