import Fluent
import Testing
import Vapor
import VaporTesting
import GoldawCore
@testable import GoldawApp
@testable import GoldawPlatform
@testable import GoldawRegistry
@testable import GoldawBenefits
@testable import GoldawGrievances
@testable import GoldawSocialServices
@testable import GoldawCases
@testable import GoldawCare
@testable import GoldawIndicators
@testable import GoldawTools

/// The access policy, checked through HTTP: every role × route family × a record in and out of
/// the user's scope answers exactly what `AccessPolicy.table` says.
@Suite("Authorization table") struct AuthorizationTableTests {
    /// A representative page per route family, for a record inside and outside the scope of
    /// the fixtures' Mary etrap users (nil where the family has no scoped record). The switch
    /// makes a new Action fail to compile here.
    static func paths(for action: Action, inScope: User, outOfScope: User, people: Fixtures.People,
                      services: Fixtures.Services, care: Fixtures.Care) -> (inside: String, outside: String?) {
        switch action {
        case .viewHome: ("/", nil)
        case .manageOwnAccount: ("/account", nil)
        case .viewTerritories: ("/territories/M-MRY", "/territories/L-CAR")
        case .manageTerritories: ("/territories/changes/new", nil)
        case .viewStaff: (AppRoute.staff(inScope.id!).path, AppRoute.staff(outOfScope.id!).path)
        case .manageUsers: (AppRoute.user(inScope.id!).path, AppRoute.user(outOfScope.id!).path)
        case .viewAudit: ("/admin/audit", nil)
        case .useAPI: ("/api/v1/territories/M-MRY", "/api/v1/territories/L-CAR")
        case .viewPeople: (AppRoute.person(people.here).path, AppRoute.person(people.there).path)
        case .editPeople: (AppRoute.personEdit(people.here).path, AppRoute.personEdit(people.there).path)
        case .reviewDuplicates: (AppRoute.duplicate(people.pairHere).path, AppRoute.duplicate(people.pairThere).path)
        case .importPeople: ("/people/import", nil)
        case .viewBenefits: (AppRoute.application(people.applicationHere).path, AppRoute.application(people.applicationThere).path)
        case .takeApplications: (AppRoute.applications.path, nil)
        case .decideApplications: (AppRoute.decisions.path, nil)
        case .viewPayroll: (AppRoute.payrollCycle(people.cycleHere).path, AppRoute.payrollCycle(people.cycleThere).path)
        case .runPayroll: (AppRoute.payrollExport(people.cycleHere).path + "?channel=bank&territory=" + people.pathHere,
                           AppRoute.payrollExport(people.cycleThere).path + "?channel=bank&territory=" + people.pathThere)
        case .approvePayroll: (AppRoute.payrollStep(people.cycleHere, .approve).path, AppRoute.payrollStep(people.cycleThere, .approve).path)
        case .viewBenefitTotals: (AppRoute.payrollTotals.path, nil)
        case .viewBenefitRules: (AppRoute.programmes.path, nil)
        case .manageBenefitRules: (AppRoute.parameterNew.path, nil)
        case .declareEmergency: (AppRoute.emergencyNew.path, nil)
        // One grievance in each etrap is opened in and out of scope in GrievanceTests.
        case .handleGrievances: ("/grievances", nil)
        // The directory is read everywhere; the rest follows the provider's or the person's place.
        case .viewServices: (AppRoute.provider(services.providerHere).path, AppRoute.provider(services.providerThere).path)
        case .manageServices: (AppRoute.providerNew.path, nil)
        case .manageInventory: (AppRoute.inventoryNew.path, nil)
        case .answerInventory: (AppRoute.inventoryAnswer(services.round, services.providerHere).path,
                                AppRoute.inventoryAnswer(services.round, services.providerThere).path)
        case .sendReferrals: (AppRoute.referralNew(people.here).path, AppRoute.referralNew(people.there).path)
        case .viewReferrals: (AppRoute.referral(services.referralHere).path, AppRoute.referral(services.referralThere).path)
        case .handleReferrals: (AppRoute.incomingReferral(services.referralHere).path, AppRoute.incomingReferral(services.referralThere).path)
        case .viewWorkforce: (AppRoute.worker(services.workerHere).path, AppRoute.worker(services.workerThere).path)
        case .manageWorkforce: (AppRoute.workerNew.path, nil)
        case .viewWorkforceFigures: (AppRoute.workforceFigures.path, nil)
        case .managePopulations: (AppRoute.populations.path, nil)
        case .viewCases: (AppRoute.caseRecord(people.caseHere).path, AppRoute.caseRecord(people.caseThere).path)
        case .workCases: (AppRoute.caseEdit(people.caseHere).path, AppRoute.caseEdit(people.caseThere).path)
        case .superviseCases: (AppRoute.caseApprovals.path, nil)
        case .viewCaseCounts: (AppRoute.caseCounts.path, nil)
        case .manageCaseSettings: (AppRoute.caseSettings.path, nil)
        case .viewIndicators: (AppRoute.indicators.path, nil)
        case .refreshIndicators: (AppRoute.indicatorSnapshots.path, nil)
        // A placement lives in the child's etrap and, for a setting's staff, in the setting's organisation.
        case .viewCare: (AppRoute.carePlacement(care.placementHere).path, AppRoute.carePlacement(care.placementThere).path)
        case .workCare: (AppRoute.careRequestNew(people.here).path, AppRoute.careRequestNew(people.there).path)
        case .decideCare: (AppRoute.careSittingNew.path, nil)
        case .reportCare: (AppRoute.carePlacementAction(care.placementHere, "contact").path,
                           AppRoute.carePlacementAction(care.placementThere, "contact").path)
        case .manageCarers: (AppRoute.carerNew.path, nil)
        case .viewCareFigures: (AppRoute.careFigures.path, nil)
        // Justice: each action has a page of its own; a new record or a victim follows the child's etrap.
        case .viewJustice: (AppRoute.justice.path, nil)
        case .workJustice: (AppRoute.justiceRecordNew(people.here).path, AppRoute.justiceRecordNew(people.there).path)
        case .decideDiversion: (AppRoute.justiceDecisions.path, nil)
        case .reportDetention: (AppRoute.justiceHeld.path, nil)
        case .workWitnesses: (AppRoute.justiceWitnessNew(people.here).path, AppRoute.justiceWitnessNew(people.there).path)
        case .approveInterviews: (AppRoute.justiceInterviews.path, nil)
        case .managePlaces: (AppRoute.justicePlaceNew.path, nil)
        case .inspectPlaces: (AppRoute.justiceInspections.path, nil)
        case .handleChildComplaints: (AppRoute.childComplaints.path, nil)
        }
    }

    /// Actions with no page of their own are tried by their form: an empty form that the user
    /// may send is refused as invalid (422), not as forbidden.
    static let posted: Set<Action> = [.reportCare]

    static func expected(_ reach: Reach, inside: Bool, action: Action) -> HTTPStatus {
        let allowed: HTTPStatus = posted.contains(action) ? .unprocessableEntity : .ok
        switch reach {
        case .denied: return .forbidden
        case .everywhere: return allowed
        case .inScope: return inside ? allowed : .notFound
        }
    }

    @Test("every role × action × scope", arguments: Role.allCases)
    func table(role: Role) async throws {
        try await withTestApp { app in
            let me = try await Fixtures.user(app, Fixtures.username(role))
            // In scope: a colleague in the same place (the provider's colleague is the other
            // provider-organisation user, which does not exist, so they see themselves).
            let boundToOrganisation = role.allowedScopes == [.organisation]
            let inside = boundToOrganisation ? me : try await Fixtures.user(app, Fixtures.username(.supervisor))
            let outside = try await Fixtures.user(app, boundToOrganisation ? "t.far.provider" : "t.far.worker")
            let browser = Browser(app)
            try await browser.login(me.username)
            let token = try await apiToken(app, me.username)
            let people = try await Fixtures.people(app)
            let services = try await Fixtures.services(app, people: people)
            let care = try await Fixtures.care(app, people: people)
            for action in Action.allCases {
                let reach = AccessPolicy.reach(role, action)
                let (inPath, outPath) = Self.paths(for: action, inScope: inside, outOfScope: outside, people: people, services: services, care: care)
                for (path, isInside) in [(inPath, true)] + (outPath.map { [($0, false)] } ?? []) {
                    let response = action == .useAPI
                        ? try await app.testing().sendRequest(.GET, path, headers: bearer(token))
                        : Self.posted.contains(action) ? try await browser.post(path, form: [:]) : try await browser.get(path)
                    // National scopes contain everything, so "outside" is inside for them.
                    let effectiveInside = isInside || me.scopeKind == .national
                    #expect(response.status == Self.expected(reach, inside: effectiveInside, action: action),
                            "\(role.rawValue) \(action.rawValue) \(isInside ? "in" : "out") \(path)")
                }
            }
        }
    }

    @Test func policyCoversEveryRoleAndOnlyAdministratorsManageUsers() {
        for role in Role.allCases {
            #expect(AccessPolicy.table[role] != nil)
            #expect(AccessPolicy.allows(role, .manageUsers) == (role == .administrator))
            #expect(AccessPolicy.allows(role, .viewAudit) == (role == .administrator))
            #expect(AccessPolicy.allows(role, .viewHome))
        }
    }

    @Test func navigationOnlyLinksAllowedPages() async throws {
        try await withTestApp { app in
            let browser = Browser(app)
            try await browser.login(Fixtures.username(.socialWorker))
            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(!home.body.string.contains("href=\"/admin/users\""))
            #expect(home.body.string.contains("href=\"/staff\""))
            let list = try await browser.get("/staff")
            #expect(list.body.string.contains("Test supervisor"))
            #expect(!list.body.string.contains("Far Worker"))
        }
    }

    @Test func deniedAccessIsAudited() async throws {
        try await withTestApp { app in
            let browser = Browser(app)
            try await browser.login(Fixtures.username(.socialWorker))
            let response = try await browser.get("/admin/users")
            #expect(response.status == .forbidden)
            #expect(response.body.string.contains("error-code"))
            #expect(try await auditCount(app, action: .accessDenied, username: Fixtures.username(.socialWorker)) == 1)
        }
    }
}
