/// Violence incidents recorded on a case (type, date, place, the perpetrator's relationship to
/// the child, to whom it was reported, medical and legal follow-up). The details are sensitive.

public enum IncidentType: String, Sendable, CaseIterable, Codable, Hashable {
    case physical, sexual, emotional, neglect, exploitation
    case childLabour = "child_labour"
}

public enum PerpetratorRelationship: String, Sendable, CaseIterable, Codable, Hashable {
    case parent
    case stepParent = "step_parent"
    case relative
    case caregiver
    case teacher
    case peer
    case employer
    case stranger
    case other
    case unknown
}

/// To whom the incident was reported.
public enum IncidentReportedTo: String, Sendable, CaseIterable, Codable, Hashable {
    case notReported = "not_reported"
    case police
    case health
    case school
    case commission
    case prosecutor
    case other
}

public enum IncidentVisibility {
    /// Only roles that work or supervise cases read incident details, and only they see who the
    /// perpetrator is; everyone else (service providers above all) never does.
    public static func showsDetails(_ role: Role) -> Bool {
        AccessPolicy.allows(role, .workCases) || AccessPolicy.allows(role, .superviseCases)
    }
}
