import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawBenefits
import GoldawCases

/// What a child (or someone on their behalf) sends from the children's page or the public API,
/// as typed. `validate` turns it into the grievance the desk's mechanism stores, or throws every
/// problem at once, each tied to its field with a message in simple words.
package struct ChildComplaintDraft: Sendable {
    package var kind = ""
    package var recipient = ""
    package var territoryCode = ""
    package var text = ""
    /// Both optional: a child need not say who they are.
    package var name = ""
    package var contact = ""

    package static let textLimit = GrievanceDraft.textLimit
    package static let nameLimit = GrievanceDraft.nameLimit

    package var formValues: [String: String] {
        ["kind": kind, "recipient": recipient, "territoryCode": territoryCode, "text": text, "name": name, "contact": contact]
    }

    package struct Valid {
        package let grievance: ValidGrievance
        package let kind: ChildComplaintKind
        package let recipient: ComplaintRecipient
        /// No name and no contact given: nothing about who wrote it is kept.
        package let anonymous: Bool
    }

    package func validate(on db: any Database, today: CalendarDate) async throws -> Valid {
        var problems: [FieldProblem] = []
        func trimmed(_ value: String) -> String { value.trimmingCharacters(in: .whitespacesAndNewlines) }

        let kind = ChildComplaintKind(rawValue: trimmed(kind))
        if kind == nil { problems.append(.init(field: "kind", key: "child_complaint.error.kind")) }
        let chosen = ComplaintRecipient(rawValue: trimmed(recipient))
        let recipient = kind.flatMap { ChildComplaintRouting.recipient(for: $0, chosen: chosen) }
        if kind != nil && recipient == nil { problems.append(.init(field: "recipient", key: "child_complaint.error.recipient")) }

        let text = trimmed(text)
        if text.isEmpty { problems.append(.init(field: "text", key: "child_complaint.error.text")) }
        else if text.count > Self.textLimit { problems.append(.init(field: "text", key: "child_complaint.error.too_long")) }

        let name = trimmed(name)
        if name.count > Self.nameLimit { problems.append(.init(field: "name", key: "child_complaint.error.too_long")) }
        let contact = trimmed(contact)
        if contact.count > Self.nameLimit { problems.append(.init(field: "contact", key: "child_complaint.error.too_long")) }

        let lookup = try await TerritoryLookup.find(territoryCode, on: today.iso, levels: GrievanceDraft.etrapLevels, within: nil, db: db)
        if case .found = lookup {} else { problems.append(.init(field: "territoryCode", key: "child_complaint.error.etrap")) }

        let category = kind == nil ? nil : try await GrievanceCategoryRow.find(kind!.rawValue, on: db)
        if kind != nil && category?.active != true { problems.append(.init(field: "kind", key: "child_complaint.error.kind")) }

        guard problems.isEmpty, let kind, let recipient, let category, let unit = lookup.unit else { throw AppError.invalid(problems) }
        let grievance = ValidGrievance(category: category, channel: .publicWeb, complainantName: name,
                                       complainantContact: contact.isEmpty ? nil : contact, person: nil, subject: .other,
                                       subjectReference: nil, description: text, territory: unit)
        return Valid(grievance: grievance, kind: kind, recipient: recipient, anonymous: name.isEmpty && contact.isEmpty)
    }

    package init(kind: String = "", recipient: String = "", territoryCode: String = "", text: String = "", name: String = "", contact: String = "") {
        self.kind = kind
        self.recipient = recipient
        self.territoryCode = territoryCode
        self.text = text
        self.name = name
        self.contact = contact
    }
}

extension GrievanceService {
    /// Lodges a child's complaint. It goes to the office its kind and the child's choice name
    /// (`ChildComplaintRouting`); a report of a child at risk also enters child protection's
    /// intake queue for the etrap, in the same transaction. Whatever audit service this service
    /// holds, the rows written here carry no client address and no request id: the audit trail
    /// must not say who wrote to the children's channel. (`actor` is nil on the public pages.)
    package func lodgeChild(_ draft: ChildComplaintDraft) async throws -> Grievance {
        let valid = try await draft.validate(on: db, today: today)
        let quiet = AuditService(db: db, actor: actor, clientIP: nil, requestID: nil)
        let service = GrievanceService(db: db, actor: actor, audit: quiet, now: now)
        return try await db.writing { tx in
            let grievance = try await service.insert(valid.grievance, recipient: valid.recipient, anonymous: valid.anonymous, on: tx)
            try await quiet.on(tx).record(.grievanceLodged, recordType: "grievance", recordID: grievance.id!.uuidString,
                                          detail: "\(grievance.number) \(valid.kind.rawValue) → \(valid.recipient.rawValue)")
            if valid.kind.createsCaseIntake {
                _ = try await CaseIntakeService.receive(source: .childComplaint, reference: grievance.number, text: valid.grievance.description,
                                                        territory: valid.grievance.territory, on: tx, audit: quiet, now: now)
            }
            return grievance
        }
    }
}
