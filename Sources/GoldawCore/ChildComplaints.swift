/// Children's complaints: the grievance desk's mechanism (a record, a tracking code, a deadline,
/// a history, an answer the complainant reads) with three categories of their own and a
/// recipient the child chooses. Who reads a complaint follows from its recipient, never from
/// whoever the complaint is about: a child in detention always reaches the independent monitor.

/// What a child (or someone on their behalf) tells us. The raw values are the complaint's
/// category (`grievance_categories`), so the deadline in days is data like the desk's.
public enum ChildComplaintKind: String, Sendable, CaseIterable, Codable, Hashable {
    /// "My rights were not respected": at home, at school, by an official, anywhere.
    case rights = "child_rights"
    /// "A child is in danger": it also becomes an identification in child protection.
    case atRisk = "child_at_risk"
    /// A complaint from a child held in a place of detention.
    case detention = "child_detention"

    /// Days to answer, as first seeded. A child in danger cannot wait a month.
    public var defaultSLADays: Int {
        switch self {
        case .rights: 15
        case .atRisk: 3
        case .detention: 7
        }
    }

    public init?(category: String) { self.init(rawValue: category) }

    /// A report of a child at risk is passed to child protection as a case intake.
    public var createsCaseIntake: Bool { self == .atRisk }
}

/// Who a complaint is addressed to. The desk's complaints (benefits, payments, services) keep
/// `desk`; a child chooses their etrap's social services or the independent monitor.
public enum ComplaintRecipient: String, Sendable, CaseIterable, Codable, Hashable {
    case desk
    case etrap = "etrap_social_services"
    case monitor = "independent_monitor"

    /// The two a child may choose between.
    public static let forChildren: [ComplaintRecipient] = [.etrap, .monitor]
}

public enum ChildComplaintRouting {
    /// The recipient a complaint of `kind` goes to when the child chose `chosen`; nil when the
    /// choice is missing or not one a child can make. A complaint from detention goes to the
    /// independent monitor whatever was chosen: never only to the institution complained about.
    public static func recipient(for kind: ChildComplaintKind, chosen: ComplaintRecipient?) -> ComplaintRecipient? {
        if kind == .detention { return .monitor }
        guard let chosen, ComplaintRecipient.forChildren.contains(chosen) else { return nil }
        return chosen
    }

    /// The office whose children's complaints a role reads: the monitor reads those addressed
    /// to the monitor, the etrap's social workers and supervisors those addressed to the etrap.
    /// Nil for every other role (detention staff, justice officers, benefits staff…).
    public static func office(of role: Role) -> ComplaintRecipient? {
        guard AccessPolicy.allows(role, .handleChildComplaints) else { return nil }
        switch role {
        case .independentMonitor: return .monitor
        case .socialWorker, .supervisor: return .etrap
        default: return nil
        }
    }

    /// Whether `role` reads complaints addressed to `recipient` (scope is checked apart).
    public static func reads(_ role: Role, _ recipient: ComplaintRecipient) -> Bool {
        switch recipient {
        case .desk: AccessPolicy.allows(role, .handleGrievances)
        case .etrap, .monitor: office(of: role) == recipient
        }
    }

    /// The roles that read complaints addressed to `recipient`, for choosing an assignee.
    public static func readers(of recipient: ComplaintRecipient) -> [Role] {
        Role.allCases.filter { reads($0, recipient) }
    }

    /// The steps staff take on a child's complaint: take it on (assign), answer (resolve) and
    /// close. The child does not appeal on the public page; a child unhappy with the etrap's
    /// answer writes to the monitor.
    public static let staffActions: [GrievanceAction] = [.assign, .resolve, .close]

    public static func allowed(from status: GrievanceStatus) -> [GrievanceAction] {
        staffActions.filter { GrievanceWorkflow.next(from: status, $0) != nil }
    }
}
