import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawSocialServices

/// Consent and assent records, the sharing check and supervisors' overrides.
extension CaseService {
    // MARK: consent

    package func recordConsent(_ record: CaseRecord, party rawParty: String, givenBy: String, scopes: Set<ConsentScope>,
                       givenOn: String, note: String) async throws {
        var problems: [FieldProblem] = []
        let party = ConsentParty(rawValue: rawParty)
        if party == nil { problems.append(.init(field: "party", key: "validation.choose")) }
        let name = givenBy.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { problems.append(.init(field: "givenBy", key: "validation.required")) }
        let date = try dateProblem("givenOn", givenOn, notBefore: nil, into: &problems)
        guard problems.isEmpty, let party, let date else { throw AppError.invalid(problems) }
        try await change(record, expectedVersion: nil, event: nil, detail: "consent \(party.rawValue)", appends: true) { tx in
            let row = CaseConsent()
            row.$caseRecord.id = record.id!
            row.party = party.rawValue
            row.givenBy = name
            row.services = scopes.contains(.services)
            row.informationSharing = scopes.contains(.informationSharing)
            row.referral = scopes.contains(.referral)
            row.givenOn = date.iso
            row.note = note.isEmpty ? nil : note
            row.recordedBy = actor?.id
            row.recordedByName = actor?.username
            row.recordedAt = now
            try await row.create(on: tx)
            try await history(record.id!, "consent", nil,
                              "\(party.rawValue): " + ConsentScope.allCases.filter(scopes.contains).map(\.rawValue).joined(separator: ","), on: tx)
        }
    }

    /// Whether the case may be shared or referred now, for the child's age on `today`.
    package func consentDecision(_ record: CaseRecord, _ scope: ConsentScope) async throws -> ConsentDecision {
        let child = try await record.$child.get(on: db)
        let age = CalendarDate(iso: child.birthDate).map { Age.years(born: $0, on: today) } ?? 0
        let records = try await CaseConsent.query(on: db).filter(\.$caseRecord.$id == record.id!).all().compactMap(\.record)
        let overridden = try await CaseConsentOverride.query(on: db).filter(\.$caseRecord.$id == record.id!)
            .filter(\.$scope == scope.rawValue).count() > 0
        return ConsentCheck.decide(scope, childAge: age, records: records, bands: try await consentBands(on: today), overridden: overridden)
    }

    package func overrideConsent(_ record: CaseRecord, scope rawScope: String, reason rawReason: String) async throws {
        var problems: [FieldProblem] = []
        let scope = ConsentScope(rawValue: rawScope)
        if scope == nil { problems.append(.init(field: "scope", key: "validation.choose")) }
        let reason = rawReason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { problems.append(.init(field: "reason", key: "validation.required")) }
        guard problems.isEmpty, let scope else { throw AppError.invalid(problems) }
        try await change(record, expectedVersion: nil, event: nil, detail: "override \(scope.rawValue)", audit: .caseConsentOverridden) { tx in
            let row = CaseConsentOverride()
            row.$caseRecord.id = record.id!
            row.scope = scope.rawValue
            row.reason = reason
            row.decidedBy = actor?.id
            row.decidedByName = actor?.username
            row.decidedAt = now
            try await row.create(on: tx)
            try await history(record.id!, "consentOverride", nil, "\(scope.rawValue): \(reason)", on: tx)
        }
    }
}
