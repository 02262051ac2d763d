import Fluent
import Vapor
import GoldawCore
@testable import GoldawApp
@testable import GoldawPlatform
@testable import GoldawRegistry
@testable import GoldawCare

extension Fixtures {
    struct Care {
        let settingHere: UUID
        let settingThere: UUID
        let placementHere: UUID
        let placementThere: UUID
        let requestHere: UUID
        let requestThere: UUID
        let sittingHere: UUID
        let sittingThere: UUID
    }

    /// On each side: a children's home of that side's organisation, a placement of that side's
    /// fixture person in it, a request to the commission and a planned sitting, written directly.
    static func care(_ app: Application, people: People) async throws -> Care {
        var settings: [UUID] = [], placements: [UUID] = [], requests: [UUID] = [], sittings: [UUID] = []
        let organisations = try await Organisation.query(on: app.db).filter(\.$name ~~ ["Day centre, Mary", "Family support, Çärjew"]).all()
        let worker = try await user(app, username(.socialWorker))
        for (index, code) in [inScopeEtrap, otherEtrap].enumerated() {
            let territory = try await Territory.query(on: app.db).filter(\.$code == code).first()!
            let organisation = organisations.first { $0.$territory.id == territory.id }
            let setting = CareSetting()
            setting.name = "Children's home \(code)"
            setting.kind = SettingKind.childrensHome.rawValue
            setting.capacity = 30
            setting.ageFrom = 3
            setting.ageTo = 17
            setting.takesDisability = true
            setting.ministry = "education"
            setting.organisationID = organisation?.id
            setting.$territory.id = territory.id!
            setting.territoryPath = territory.path
            setting.active = true
            setting.version = 1
            try await setting.create(on: app.db)
            settings.append(setting.id!)
            let child = index == 0 ? people.here : people.there
            let placement = Placement()
            placement.$child.id = child
            placement.careType = CareType.residential.rawValue
            placement.$setting.id = setting.id
            placement.organisationID = organisation?.id
            placement.startDate = "2026-01-10"
            placement.legalBasis = "Fixture"
            placement.reasons = EntryReason.neglect.rawValue
            placement.gatekept = true
            placement.siblings = SiblingsPlacement.none.rawValue
            placement.underThree = false
            placement.disability = false
            placement.nextReviewOn = "2026-04-10"
            placement.$territory.id = territory.id
            placement.territoryPath = territory.path
            placement.createdAt = AppClock.now
            placement.version = 1
            try await placement.create(on: app.db)
            placements.append(placement.id!)
            let request = CareRequest()
            request.number = "CR-FIXTURE-\(index)"
            request.$child.id = child
            request.$worker.id = worker.id!
            request.$territory.id = territory.id!
            request.territoryPath = territory.path
            request.requestedType = CareType.foster.rawValue
            request.reasons = EntryReason.neglect.rawValue
            request.assessedOn = "2026-01-05"
            request.familyAssessment = "Fixture"
            request.childViews = "Fixture"
            request.flagged = false
            request.status = CareRequestStatus.prepared.rawValue
            request.createdAt = AppClock.now
            request.version = 1
            try await request.create(on: app.db)
            requests.append(request.id!)
            let sitting = CareSitting()
            sitting.number = "\(code)-FIXTURE"
            sitting.$territory.id = territory.id!
            sitting.territoryPath = territory.path
            sitting.heldOn = "2026-02-01"
            sitting.place = "Fixture"
            sitting.status = "planned"
            sitting.version = 1
            try await sitting.create(on: app.db)
            sittings.append(sitting.id!)
        }
        return Care(settingHere: settings[0], settingThere: settings[1], placementHere: placements[0], placementThere: placements[1],
                    requestHere: requests[0], requestThere: requests[1], sittingHere: sittings[0], sittingThere: sittings[1])
    }
}
