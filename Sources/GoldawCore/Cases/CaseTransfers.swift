/// Transfers of a case to another etrap, case conferences and best-interests assessments.

public enum TransferStatus: String, Sendable, CaseIterable, Codable, Hashable {
    case proposed, accepted, declined, cancelled
}

public enum TransferDecision: String, Sendable, CaseIterable, Codable, Hashable {
    case accept, decline, cancel
}

public enum TransferRules {
    public enum Refusal: String, Sendable, Hashable, Error {
        case notPending = "case.transfer.not_pending"
        case sameTerritory = "case.transfer.same_territory"
        case alreadyProposed = "case.transfer.already_proposed"
        /// A decline needs a reason for the sending etrap.
        case reasonRequired = "case.transfer.reason_required"
    }

    /// A transfer may be proposed to another etrap when none is waiting.
    public static func mayPropose(from path: String, to target: String, pending: Bool) -> Refusal? {
        if pending { return .alreadyProposed }
        if path == target { return .sameTerritory }
        return nil
    }

    /// The receiving supervisor accepts or declines; the sending side may cancel.
    public static func decide(_ status: TransferStatus, _ decision: TransferDecision, comment: String) -> Result<TransferStatus, Refusal> {
        guard status == .proposed else { return .failure(.notPending) }
        switch decision {
        case .accept: return .success(.accepted)
        case .decline: return comment.trimmingWhitespace.isEmpty ? .failure(.reasonRequired) : .success(.declined)
        case .cancel: return .success(.cancelled)
        }
    }
}

/// The agencies around the table at a case conference.
public enum ConferenceAgency: String, Sendable, CaseIterable, Codable, Hashable {
    case socialServices = "social_services"
    case health
    case education
    case police
    case commission
    case guardianship
    case family
    case ngo
    case other
}

/// The decision at stake when a best-interests assessment is recorded (domain.md §5.4).
public enum BestInterestsDecision: String, Sendable, CaseIterable, Codable, Hashable {
    case separation
    case placement
    case reunification
    case adoption
    case other
}
