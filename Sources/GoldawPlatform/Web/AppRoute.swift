import Vapor
import GoldawCore

/// Every page path in one place: routes are registered from these and links are built from
/// them, so no template or controller holds a literal path.
package enum AppRoute {
    case home
    case login
    case logout
    case locale(String)
    case account
    case accountPassword
    case territories
    case territory(String)
    case territoryChangeNew
    case staffList
    case staff(UUID)
    case users
    case userNew
    case user(UUID)
    case userPassword(UUID)
    case userStatus(UUID)
    case audit
    case auditExport
    case people
    case personNew
    case person(UUID)
    case personEdit(UUID)
    case personHistory(UUID)
    case functioningNew(UUID)
    case functioning(UUID, UUID)
    case disabilityNew(UUID)
    case linkNew(UUID)
    case householdNew
    case household(UUID)
    case householdMembers(UUID)
    case membershipEnd(UUID, UUID)
    case duplicates
    case duplicate(UUID)
    case duplicateMerge(UUID)
    case duplicateDismiss(UUID)
    case unmerge(UUID)
    case importNew
    case importReport(UUID)
    case importCommit(UUID)
    case circumstanceNew(UUID)
    case applications
    case applicationNew
    case application(UUID)
    case applicationIntake(UUID)
    case applicationDecision(UUID)
    case decisions
    case enrolmentReview
    case enrolmentReviewed(UUID)
    case payroll
    case payrollCycle(UUID)
    case payrollStep(UUID, PayrollStep)
    case payrollExport(UUID)
    case payrollTotals
    case payrollTotalsCSV
    case programmes
    case parameterNew
    case rulesNew
    case emergencyNew
    case emergencies
    case emergencyEnd(UUID)
    case grievances
    case grievanceNew
    case grievance(UUID)
    case grievanceAction(UUID, String)
    case complaintNew
    case complaintTrack
    case complaintAppeal
    case childComplaintNew
    case childComplaintTrack
    case childComplaints
    case childComplaint(UUID)
    case childComplaintAction(UUID, String)
    case services
    case servicesPublic
    case providerNew
    case provider(UUID)
    case serviceNew(UUID)
    case service(UUID)
    case serviceEdit(UUID)
    case serviceStaff(UUID)
    case serviceTypes
    case referralNew(UUID)
    case referrals
    case referral(UUID)
    case incoming
    case incomingReferral(UUID)
    case incomingAction(UUID, String)
    case inventory
    case inventoryNew
    case inventoryRound(UUID)
    case inventoryQuestions(UUID)
    case inventoryStep(UUID, InventoryStep)
    case inventoryAnswer(UUID, UUID)
    case inventoryResponse(UUID)
    case inventoryReview(UUID, ApprovalDecision)
    case inventoryResults(UUID)
    case inventoryResultsCSV(UUID)
    case workers
    case workerNew
    case worker(UUID)
    case workerQualifications(UUID)
    case workerTrainings(UUID)
    case posts
    case postNew
    case postAssign(UUID)
    case postRecruitment(UUID)
    case workforceFigures
    case workforceFiguresCSV
    case populations
    case cases
    case caseApprovals
    case caseCounts
    case caseNew(UUID)
    case caseRecord(UUID)
    case caseEdit(UUID)
    case caseAction(UUID, String)
    case caseApprovalDecision(UUID, UUID)
    case caseTransfer(UUID)
    case caseSettings
    case caseIntakes
    case caseIntake(UUID)
    case caseIntakeChild(UUID)
    case caseIntakeClose(UUID)
    case care
    case careRequestNew(UUID)
    case careRequest(UUID)
    case careRequestAction(UUID, String)
    case careSittings
    case careSittingNew
    case careSitting(UUID)
    case careSittingAction(UUID, String)
    case careDecision(UUID, UUID)
    case careMinutes(UUID)
    case careAppeal(UUID)
    case careAppealOutcome(UUID)
    case carePlacements
    case carePlacement(UUID)
    case carePlacementAction(UUID, String)
    case careReviews
    case careSettings
    case careSettingNew
    case careCarers
    case carerNew
    case carer(UUID)
    case carerStep(UUID, String)
    case careFigures
    case careFiguresCSV
    case justice
    case justiceFind
    case justiceRecordNew(UUID)
    case justiceRecord(UUID)
    case justiceRecordStep(UUID, String)
    case justiceDetention(UUID, String)
    case justiceWitnesses
    case justiceWitnessNew(UUID)
    case justiceWitness(UUID)
    case justiceWitnessStep(UUID, String)
    case justicePlaces
    case justicePlaceNew
    case justicePlace(UUID)
    case justiceDecisions
    case justiceHeld
    case justiceInterviews
    case justiceInspections
    case indicators
    case indicatorsCSV
    case indicatorSnapshots

    package var path: String {
        switch self {
        case .home: "/"
        case .login: "/login"
        case .logout: "/logout"
        case .locale(let code): "/locale/\(code)"
        case .account: "/account"
        case .accountPassword: "/account/password"
        case .territories: "/territories"
        case .territory(let code): "/territories/\(code)"
        case .territoryChangeNew: "/territories/changes/new"
        case .staffList: "/staff"
        case .staff(let id): "/staff/\(id.uuidString.lowercased())"
        case .users: "/admin/users"
        case .userNew: "/admin/users/new"
        case .user(let id): "/admin/users/\(id.uuidString.lowercased())"
        case .userPassword(let id): "/admin/users/\(id.uuidString.lowercased())/password"
        case .userStatus(let id): "/admin/users/\(id.uuidString.lowercased())/status"
        case .audit: "/admin/audit"
        case .auditExport: "/admin/audit/export.csv"
        case .people: "/people"
        case .personNew: "/people/new"
        case .person(let id): "/people/\(id.path)"
        case .personEdit(let id): "/people/\(id.path)/edit"
        case .personHistory(let id): "/people/\(id.path)/history"
        case .functioningNew(let id): "/people/\(id.path)/functioning/new"
        case .functioning(let id, let record): "/people/\(id.path)/functioning/\(record.path)"
        case .disabilityNew(let id): "/people/\(id.path)/disability/new"
        case .linkNew(let id): "/people/\(id.path)/links/new"
        case .householdNew: "/households/new"
        case .household(let id): "/households/\(id.path)"
        case .householdMembers(let id): "/households/\(id.path)/members"
        case .membershipEnd(let id, let membership): "/households/\(id.path)/members/\(membership.path)/end"
        case .duplicates: "/duplicates"
        case .duplicate(let id): "/duplicates/\(id.path)"
        case .duplicateMerge(let id): "/duplicates/\(id.path)/merge"
        case .duplicateDismiss(let id): "/duplicates/\(id.path)/dismiss"
        case .unmerge(let id): "/merges/\(id.path)/unmerge"
        case .importNew: "/people/import"
        case .importReport(let id): "/people/import/\(id.path)"
        case .importCommit(let id): "/people/import/\(id.path)/commit"
        case .circumstanceNew(let id): "/people/\(id.path)/circumstances/new"
        case .applications: "/benefits/applications"
        case .applicationNew: "/benefits/applications/new"
        case .application(let id): "/benefits/applications/\(id.path)"
        case .applicationIntake(let id): "/benefits/applications/\(id.path)/intake"
        case .applicationDecision(let id): "/benefits/applications/\(id.path)/decision"
        case .decisions: "/benefits/decisions"
        case .enrolmentReview: "/benefits/enrolments/review"
        case .enrolmentReviewed(let id): "/benefits/enrolments/\(id.path)/reviewed"
        case .payroll: "/benefits/payroll"
        case .payrollCycle(let id): "/benefits/payroll/\(id.path)"
        case .payrollStep(let id, let step): "/benefits/payroll/\(id.path)/\(step.rawValue)"
        case .payrollExport(let id): "/benefits/payroll/\(id.path)/export.csv"
        case .payrollTotals: "/benefits/totals"
        case .payrollTotalsCSV: "/benefits/totals.csv"
        case .programmes: "/benefits/programmes"
        case .parameterNew: "/benefits/programmes/parameters/new"
        case .rulesNew: "/benefits/programmes/rules/new"
        case .emergencyNew: "/benefits/emergencies/new"
        case .emergencies: "/benefits/emergencies"
        case .emergencyEnd(let id): "/benefits/emergencies/\(id.path)/end"
        case .grievances: "/grievances"
        case .grievanceNew: "/grievances/new"
        case .grievance(let id): "/grievances/\(id.path)"
        case .grievanceAction(let id, let action): "/grievances/\(id.path)/\(action)"
        // The public pages: no sign-in, a path of their own.
        case .complaintNew: "/complaints"
        case .complaintTrack: "/complaints/track"
        case .complaintAppeal: "/complaints/track/appeal"
        // A child's complaint: public, in simple words; its staff pages read by the office it is addressed to.
        case .childComplaintNew: "/complaints/child"
        case .childComplaintTrack: "/complaints/child/track"
        case .childComplaints: "/child-complaints"
        case .childComplaint(let id): "/child-complaints/\(id.path)"
        case .childComplaintAction(let id, let action): "/child-complaints/\(id.path)/\(action)"
        case .servicesPublic: "/directory"
        case .services: "/services"
        case .providerNew: "/services/providers/new"
        case .provider(let id): "/services/providers/\(id.path)"
        case .serviceNew(let id): "/services/providers/\(id.path)/services/new"
        case .service(let id): "/services/entries/\(id.path)"
        case .serviceEdit(let id): "/services/entries/\(id.path)/edit"
        case .serviceStaff(let id): "/services/entries/\(id.path)/staff"
        case .serviceTypes: "/services/types"
        case .referralNew(let id): "/people/\(id.path)/referrals/new"
        case .referrals: "/referrals"
        case .referral(let id): "/referrals/\(id.path)"
        case .incoming: "/services/incoming"
        case .incomingReferral(let id): "/services/incoming/\(id.path)"
        case .incomingAction(let id, let action): "/services/incoming/\(id.path)/\(action)"
        case .inventory: "/services/inventory"
        case .inventoryNew: "/services/inventory/new"
        case .inventoryRound(let id): "/services/inventory/\(id.path)"
        case .inventoryQuestions(let id): "/services/inventory/\(id.path)/questions"
        case .inventoryStep(let id, let step): "/services/inventory/\(id.path)/\(step.rawValue)"
        case .inventoryAnswer(let id, let provider): "/services/inventory/\(id.path)/providers/\(provider.path)"
        case .inventoryResponse(let id): "/services/inventory/responses/\(id.path)"
        case .inventoryReview(let id, let decision): "/services/inventory/responses/\(id.path)/\(decision.rawValue)"
        case .inventoryResults(let id): "/services/inventory/\(id.path)/results"
        case .inventoryResultsCSV(let id): "/services/inventory/\(id.path)/results.csv"
        case .workers: "/workforce/workers"
        case .workerNew: "/workforce/workers/new"
        case .worker(let id): "/workforce/workers/\(id.path)"
        case .workerQualifications(let id): "/workforce/workers/\(id.path)/qualifications"
        case .workerTrainings(let id): "/workforce/workers/\(id.path)/trainings"
        case .posts: "/workforce/posts"
        case .postNew: "/workforce/posts/new"
        case .postAssign(let id): "/workforce/posts/\(id.path)/assign"
        case .postRecruitment(let id): "/workforce/posts/\(id.path)/recruitment"
        case .workforceFigures: "/workforce/figures"
        case .workforceFiguresCSV: "/workforce/figures.csv"
        case .populations: "/workforce/populations"
        case .cases: "/cases"
        case .caseApprovals: "/cases/approvals"
        case .caseCounts: "/cases/counts"
        case .caseNew(let person): "/people/\(person.path)/cases/new"
        case .caseRecord(let id): "/cases/\(id.path)"
        case .caseEdit(let id): "/cases/\(id.path)/edit"
        case .caseAction(let id, let action): "/cases/\(id.path)/\(action)"
        case .caseApprovalDecision(let id, let approval): "/cases/\(id.path)/approvals/\(approval.path)"
        case .caseTransfer(let id): "/cases/transfers/\(id.path)"
        case .caseSettings: "/admin/case-settings"
        case .caseIntakes: "/cases/intakes"
        case .caseIntake(let id): "/cases/intakes/\(id.path)"
        case .caseIntakeChild(let id): "/cases/intakes/\(id.path)/child"
        case .caseIntakeClose(let id): "/cases/intakes/\(id.path)/close"
        case .care: "/care"
        case .careRequestNew(let person): "/people/\(person.path)/care/new"
        case .careRequest(let id): "/care/requests/\(id.path)"
        case .careRequestAction(let id, let action): "/care/requests/\(id.path)/\(action)"
        case .careSittings: "/care/sittings"
        case .careSittingNew: "/care/sittings/new"
        case .careSitting(let id): "/care/sittings/\(id.path)"
        case .careSittingAction(let id, let action): "/care/sittings/\(id.path)/\(action)"
        case .careDecision(let sitting, let request): "/care/sittings/\(sitting.path)/decisions/\(request.path)"
        case .careMinutes(let id): "/care/sittings/\(id.path)/minutes"
        case .careAppeal(let decision): "/care/decisions/\(decision.path)/appeal"
        case .careAppealOutcome(let appeal): "/care/appeals/\(appeal.path)"
        case .carePlacements: "/care/placements"
        case .carePlacement(let id): "/care/placements/\(id.path)"
        case .carePlacementAction(let id, let action): "/care/placements/\(id.path)/\(action)"
        case .careReviews: "/care/reviews"
        case .careSettings: "/care/settings"
        case .careSettingNew: "/care/settings/new"
        case .careCarers: "/care/carers"
        case .carerNew: "/care/carers/new"
        case .carer(let id): "/care/carers/\(id.path)"
        case .carerStep(let id, let step): "/care/carers/\(id.path)/\(step)"
        case .careFigures: "/care/figures"
        case .careFiguresCSV: "/care/figures.csv"
        case .justice: "/justice"
        case .justiceFind: "/justice/find"
        case .justiceRecordNew(let person): "/people/\(person.path)/justice/new"
        case .justiceRecord(let id): "/justice/records/\(id.path)"
        case .justiceRecordStep(let id, let step): "/justice/records/\(id.path)/\(step)"
        case .justiceDetention(let id, let step): "/justice/detentions/\(id.path)/\(step)"
        case .justiceWitnesses: "/justice/witnesses"
        case .justiceWitnessNew(let person): "/people/\(person.path)/witness/new"
        case .justiceWitness(let id): "/justice/witnesses/\(id.path)"
        case .justiceWitnessStep(let id, let step): "/justice/witnesses/\(id.path)/\(step)"
        case .justicePlaces: "/justice/places"
        case .justicePlaceNew: "/justice/places/new"
        case .justicePlace(let id): "/justice/places/\(id.path)"
        case .justiceDecisions: "/justice/decisions"
        case .justiceHeld: "/justice/held"
        case .justiceInterviews: "/justice/interviews"
        case .justiceInspections: "/justice/inspections"
        case .indicators: "/indicators"
        case .indicatorsCSV: "/indicators.csv"
        case .indicatorSnapshots: "/indicators/snapshots"
        }
    }

    /// Route patterns for registration, derived from the same cases.
    package enum Pattern {
        package static let territory: [PathComponent] = ["territories", ":code"]
        package static let staff: [PathComponent] = ["staff", ":id"]
        package static let user: [PathComponent] = ["admin", "users", ":id"]
        package static let locale: [PathComponent] = ["locale", ":code"]
        package static let person: [PathComponent] = ["people", ":id"]
        package static let household: [PathComponent] = ["households", ":id"]
        package static let duplicate: [PathComponent] = ["duplicates", ":id"]
        package static let importReport: [PathComponent] = ["people", "import", ":id"]
        package static let application: [PathComponent] = ["benefits", "applications", ":id"]
        package static let payrollCycle: [PathComponent] = ["benefits", "payroll", ":id"]
        package static let enrolment: [PathComponent] = ["benefits", "enrolments", ":id"]
        package static let emergency: [PathComponent] = ["benefits", "emergencies", ":id"]
        package static let grievance: [PathComponent] = ["grievances", ":id"]
        package static let childComplaint: [PathComponent] = ["child-complaints", ":id"]
        package static let caseIntake: [PathComponent] = ["cases", "intakes", ":id"]
        package static let provider: [PathComponent] = ["services", "providers", ":id"]
        package static let service: [PathComponent] = ["services", "entries", ":id"]
        package static let personReferral: [PathComponent] = ["people", ":id", "referrals", "new"]
        package static let referral: [PathComponent] = ["referrals", ":id"]
        package static let incoming: [PathComponent] = ["services", "incoming", ":id"]
        package static let round: [PathComponent] = ["services", "inventory", ":id"]
        package static let response: [PathComponent] = ["services", "inventory", "responses", ":id"]
        package static let worker: [PathComponent] = ["workforce", "workers", ":id"]
        package static let post: [PathComponent] = ["workforce", "posts", ":id"]
        package static let caseRecord: [PathComponent] = ["cases", ":id"]
        package static let caseNew: [PathComponent] = ["people", ":id", "cases", "new"]
        package static let careRequestNew: [PathComponent] = ["people", ":id", "care", "new"]
        package static let careRequest: [PathComponent] = ["care", "requests", ":id"]
        package static let careSitting: [PathComponent] = ["care", "sittings", ":id"]
        package static let carePlacement: [PathComponent] = ["care", "placements", ":id"]
        package static let carer: [PathComponent] = ["care", "carers", ":id"]
        package static let justiceRecordNew: [PathComponent] = ["people", ":id", "justice", "new"]
        package static let justiceRecord: [PathComponent] = ["justice", "records", ":id"]
        package static let justiceDetention: [PathComponent] = ["justice", "detentions", ":id"]
        package static let justiceWitnessNew: [PathComponent] = ["people", ":id", "witness", "new"]
        package static let justiceWitness: [PathComponent] = ["justice", "witnesses", ":id"]
        package static let justicePlace: [PathComponent] = ["justice", "places", ":id"]
    }

    package static func components(_ route: AppRoute) -> [PathComponent] {
        route.path.pathComponents
    }
}

extension UUID {
    /// The lower-case form used in every path.
    package var path: String { uuidString.lowercased() }
}
