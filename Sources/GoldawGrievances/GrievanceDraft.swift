import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawBenefits

/// What a complaint form or the API sends, as typed. `validate` turns it into `ValidGrievance`
/// or throws every problem at once, each tied to its field.
package struct GrievanceDraft: Sendable {
    package var category = ""
    package var channel = ""
    package var complainantName = ""
    package var complainantContact = ""
    /// Optional registry number ("P-00000012") of the complainant, staff only.
    package var personNumber = ""
    package var subjectKind = ""
    package var subjectReference = ""
    package var description = ""
    package var territoryCode = ""

    package static let nameLimit = 200
    package static let textLimit = 4000
    package static let descriptionMinimum = 10

    package var formValues: [String: String] {
        ["category": category, "channel": channel, "complainantName": complainantName,
         "complainantContact": complainantContact, "personNumber": personNumber, "subjectKind": subjectKind,
         "subjectReference": subjectReference, "description": description, "territoryCode": territoryCode]
    }

    /// Territory levels a complaint can belong to: an etrap, a city with etrap status, a borough.
    package static let etrapLevels = TerritoryLookup.etrapLevels

    /// `scope` is the staff member's; nil on the public page, where any etrap may be chosen
    /// and the channel is always the web.
    package func validate(on db: any Database, scope: Scope?, today: CalendarDate) async throws -> ValidGrievance {
        var problems: [FieldProblem] = []
        func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

        // The desk's categories only: a child's complaint comes through its own channel.
        let categoryRow = GrievanceCategory(rawValue: trimmed(category)) == nil ? nil
            : try await GrievanceCategoryRow.find(trimmed(category), on: db)
        if categoryRow?.active != true { problems.append(.init(field: "category", key: "validation.choose")) }

        var channelValue = GrievanceChannel.publicWeb
        if scope != nil {
            if let chosen = GrievanceChannel(rawValue: trimmed(channel)), GrievanceChannel.staffChannels.contains(chosen) {
                channelValue = chosen
            } else {
                problems.append(.init(field: "channel", key: "validation.choose"))
            }
        }

        let name = trimmed(complainantName)
        if name.isEmpty { problems.append(.init(field: "complainantName", key: "validation.required")) }
        else if name.count > Self.nameLimit { problems.append(.init(field: "complainantName", key: "validation.too_long")) }
        let contact = trimmed(complainantContact)
        if contact.count > Self.nameLimit { problems.append(.init(field: "complainantContact", key: "validation.too_long")) }

        let subject = GrievanceSubject(rawValue: trimmed(subjectKind))
        if subject == nil { problems.append(.init(field: "subjectKind", key: "validation.choose")) }
        let reference = trimmed(subjectReference).uppercased()
        if subject?.needsReference == true && reference.isEmpty {
            problems.append(.init(field: "subjectReference", key: "grievance.reference_required"))
        } else if !reference.isEmpty && !Self.isReference(reference) {
            problems.append(.init(field: "subjectReference", key: "grievance.reference_invalid"))
        }

        let text = trimmed(description)
        if text.isEmpty { problems.append(.init(field: "description", key: "validation.required")) }
        else if text.count < Self.descriptionMinimum { problems.append(.init(field: "description", key: "grievance.description_short")) }
        else if text.count > Self.textLimit { problems.append(.init(field: "description", key: "validation.too_long")) }

        let lookup = try await TerritoryLookup.find(territoryCode, on: today.iso, levels: Self.etrapLevels, within: scope, db: db)
        let unit = lookup.unit
        switch lookup {
        case .found: break
        case .outsideScope: problems.append(.init(field: "territoryCode", key: "registry.territory_outside_scope"))
        case .unknown:
            problems.append(.init(field: "territoryCode", key: "grievance.etrap_required"))
        }

        var person: Person?
        let number = trimmed(personNumber).uppercased()
        if scope != nil && !number.isEmpty {
            // Someone outside the scope is "unknown", as everywhere else, so existence does not leak.
            person = try await Person.query(on: db).filter(\.$number == number).filter(\.$mergedIntoID == nil).first()
                .flatMap { found in scope.map { $0.kind == .national || $0.contains(territoryPath: found.territoryPath) } == true ? found : nil }
            if person == nil { problems.append(.init(field: "personNumber", key: "registry.person_unknown")) }
        }

        guard problems.isEmpty, let categoryRow, let subject, let unit else { throw AppError.invalid(problems) }
        return ValidGrievance(category: categoryRow, channel: channelValue, complainantName: name,
                              complainantContact: contact.isEmpty ? nil : contact, person: person, subject: subject,
                              subjectReference: reference.isEmpty ? nil : reference, description: text, territory: unit)
    }

    /// Record numbers as printed: letters, digits, dashes and slashes, 3 to 40 of them.
    package static func isReference(_ text: String) -> Bool {
        (3...40).contains(text.count) && text.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "/"
        }
    }

    package init(category: String = "", channel: String = "", complainantName: String = "", complainantContact: String = "", personNumber: String = "", subjectKind: String = "", subjectReference: String = "", description: String = "", territoryCode: String = "") {
        self.category = category
        self.channel = channel
        self.complainantName = complainantName
        self.complainantContact = complainantContact
        self.personNumber = personNumber
        self.subjectKind = subjectKind
        self.subjectReference = subjectReference
        self.description = description
        self.territoryCode = territoryCode
    }
}

package struct ValidGrievance {
    package let category: GrievanceCategoryRow
    package let channel: GrievanceChannel
    package let complainantName: String
    package let complainantContact: String?
    package let person: Person?
    package let subject: GrievanceSubject
    package let subjectReference: String?
    package let description: String
    package let territory: Territory
}
