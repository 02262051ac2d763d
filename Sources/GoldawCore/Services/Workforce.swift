/// The social service workforce: the post types the law and the reference separate, and the
/// rule that one person does not hold two full-time posts at the same time.
public enum PostType: String, Sendable, CaseIterable, Codable {
    /// Renders services based on the assessment of individual needs (Law on Social Services).
    case socialWorker = "social_worker"
    /// Performs the assessment of individual needs and takes part in service delivery.
    case specialist = "specialist_social_work"
    /// Direct care next to or supporting a professional (GSSWA).
    case paraProfessional = "para_professional"
    case supervisor
}

public enum RecruitmentStatus: String, Sendable, CaseIterable, Codable {
    case notStarted = "not_started"
    case advertised
    case interviewing
    case offered
}

public enum DegreeField: String, Sendable, CaseIterable, Codable {
    case socialWork = "social_work"
    case other
}

/// A period of work, from `start` to `end` inclusive (nil: still running). ISO dates.
public struct Tenure: Sendable, Hashable {
    public let start: String
    public let end: String?
    public let fullTime: Bool

    public init(start: String, end: String?, fullTime: Bool) {
        self.start = start
        self.end = end
        self.fullTime = fullTime
    }

    public func overlaps(_ other: Tenure) -> Bool {
        start <= (other.end ?? "9999-12-31") && other.start <= (end ?? "9999-12-31")
    }

    public func isActive(on day: String) -> Bool {
        start <= day && (end.map { day <= $0 } ?? true)
    }
}

public enum WorkforceRules {
    /// The first existing full-time tenure a new full-time tenure would overlap, if any.
    /// Part-time posts may be combined.
    public static func fullTimeClash(_ new: Tenure, existing: [Tenure]) -> Tenure? {
        guard new.fullTime else { return nil }
        return existing.first { $0.fullTime && $0.overlaps(new) }
    }
}
