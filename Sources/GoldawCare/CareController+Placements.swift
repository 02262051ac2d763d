import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// Placements: the children in care in the scope (or in the setting, for its staff), one
/// placement with its plan, reviews, family contact, the way home and its end; the reviews due.
extension CareController {
    struct PlacementRow: Encodable {
        let href: String
        let child: String
        let age: String
        let type: String
        let place: String
        let since: String
        let review: String
        let overdue: Bool
        let flagged: Bool
    }

    static func placementRows(_ list: [Placement], req: Request) -> [PlacementRow] {
        let today = CalendarDate.today
        return list.map { p in
            PlacementRow(href: AppRoute.carePlacement(p.id!).path, child: PersonProfile.fullName(p.child),
                         age: CalendarDate(iso: p.child.birthDate).map { req.t("registry.age_years", ["years": String(Age.years(born: $0, on: today))]) } ?? "",
                         type: req.t("care.type.\(p.careType)"), place: CareQueries.whereLabel(p, req: req), since: date(p.startDate),
                         review: date(p.nextReviewOn), overdue: p.nextReviewOn < today.iso,
                         flagged: p.type.isResidential && (p.underThree || p.disability))
        }
    }

    struct PlacementsPage: Encodable {
        let rows: [PlacementRow]
        let pager: PageLinks
    }

    @Sendable static func placements(req: Request) async throws -> Response {
        let me = try await req.require(.viewCare)
        let queries = CareQueries(db: req.db)
        let found = try await queries.current(queries.placements(for: me), on: .today).with(\.$child).with(\.$setting)
            .with(\.$carer) { $0.with(\.$person) }.join(Person.self, on: \Placement.$child.$id == \Person.$id)
            .sort(\.$nextReviewOn).sort(Person.self, \.$surname).sort(Person.self, \.$givenName).sort(\.$id).readPage(req.pageNumber, perPage: 50)
        try await req.audit.record(.careListed, recordType: "placement", detail: "page \(found.page) \(found.rows.count) rows")
        return try await req.page("care/placements", titleKey: "care.placements.title", PlacementsPage(
            rows: placementRows(found.rows, req: req), pager: found.links(AppRoute.carePlacements.path)))
    }

    struct ReviewView: Encodable {
        let on: String
        let outcome: String
        let childViews: String
        let note: String
        let by: String
        let nextDue: String
    }

    struct ContactView: Encodable {
        let on: String
        let kind: String
        let withWhom: String
        let note: String
        let by: String
    }

    struct PlacementPage: Encodable {
        let id: String
        let child: String
        let childHref: String?
        let age: String
        let type: String
        let place: String
        let from: String
        let to: String
        let destination: String?
        let endReason: String?
        let current: Bool
        let legalBasis: String
        let reasons: String
        let exception: String?
        let exceptionUntil: String
        let exceptionExpired: Bool
        let underThree: Bool
        let disability: Bool
        let siblings: String
        let nextReview: String
        let reviewOverdue: Bool
        let decisionHref: String?
        let plan: [String: String]
        let hasPlan: Bool
        let planOn: String
        let reviews: [ReviewView]
        let contacts: [ContactView]
        let reintegration: [String: String]?
        let returnedOn: String?
        let followUpUntil: String
        let canWork: Bool
        let canReport: Bool
        let version: Int
        let form: [String: String]
        let errors: [String: String]
        let failedForm: String
        let actionBase: String
        let csrf: String
        let destinations: [SelectOption]
        let outcomes: [SelectOption]
        let contactKinds: [SelectOption]
        let permanency: [SelectOption]
    }

    static func renderPlacement(_ req: Request, _ p: Placement, failed: String = "", form: [String: String] = [:], errors: [String: String] = [:],
                                status: HTTPResponseStatus = .ok) async throws -> Response {
        let me = try await req.require(.viewCare)
        let id = try p.requireID()
        let today = CalendarDate.today
        let child = try await p.$child.get(on: req.db)
        _ = try await p.$setting.get(on: req.db)
        if let carer = try await p.$carer.get(on: req.db) { _ = try await carer.$person.get(on: req.db) }
        let reviews = try await CareReview.query(on: req.db).filter(\.$placement.$id == id).sort(\.$reviewedOn, .descending).all()
        let contacts = try await CareContact.query(on: req.db).filter(\.$placement.$id == id).sort(\.$contactOn, .descending).limit(200).all()
        let reintegration = try await Reintegration.query(on: req.db).filter(\.$placement.$id == id).first()
        let decision = try await p.decisionID.asyncMap { try await CareDecision.find($0, on: req.db) } ?? nil
        let canWork = AccessPolicy.allows(me.role, .workCare)
        let plan = form.isEmpty || failed != "plan"
            ? ["goals": p.planGoals ?? "", "contact": p.planContact ?? "", "school": p.planSchool ?? "", "health": p.planHealth ?? "",
               "permanency": p.permanencyGoal ?? ""] : form
        return try await req.page("care/placement", titleKey: "care.placement.title", status: status, PlacementPage(
            id: id.uuidString, child: PersonProfile.fullName(child) + " · " + child.number,
            childHref: me.scope.kind == .organisation ? nil : AppRoute.person(child.id!).path,
            age: CalendarDate(iso: child.birthDate).map { req.t("registry.age_years", ["years": String(Age.years(born: $0, on: today))]) } ?? "",
            type: req.t("care.type.\(p.careType)"), place: CareQueries.whereLabel(p, req: req), from: date(p.startDate), to: date(p.endDate),
            destination: p.destination.map { req.t("care.destination.\($0)") }, endReason: shown(p.endReason),
            current: p.endDate == nil, legalBasis: p.legalBasis,
            reasons: p.reasons.split(separator: ",").map { req.t("care.reason.\($0)") }.joined(separator: ", "),
            exception: p.exception.map { req.t("care.exception.\($0)") }, exceptionUntil: date(p.exceptionUntil),
            exceptionExpired: p.endDate == nil && (p.exceptionUntil.map { $0 < today.iso } ?? false),
            underThree: p.underThree, disability: p.disability, siblings: req.t("care.siblings.\(p.siblings)"),
            nextReview: date(p.nextReviewOn), reviewOverdue: p.endDate == nil && p.nextReviewOn < today.iso,
            decisionHref: try await decision.asyncMap { AppRoute.careRequest($0.$request.id).path },
            plan: plan, hasPlan: p.planGoals != nil, planOn: date(p.planOn),
            reviews: reviews.map { ReviewView(on: date($0.reviewedOn), outcome: req.t("care.review_outcome.\($0.outcome)"), childViews: $0.childViews,
                                              note: $0.note, by: $0.reviewerName, nextDue: date($0.nextDue)) },
            contacts: contacts.map { ContactView(on: date($0.contactOn), kind: req.t("care.contact.\($0.kind)"), withWhom: $0.withWhom, note: $0.note, by: $0.recordedByName) },
            reintegration: reintegration.map { ["assessedOn": date($0.assessedOn), "assessment": $0.assessment, "plan": $0.plan,
                                                "agreedOn": date($0.agreedOn), "returnedOn": date($0.returnedOn)] },
            returnedOn: shown(date(reintegration?.returnedOn)), followUpUntil: date(reintegration?.followUpUntil),
            canWork: canWork, canReport: canWork || AccessPolicy.allows(me.role, .reportCare), version: p.version,
            form: form, errors: errors, failedForm: failed, actionBase: AppRoute.carePlacement(id).path, csrf: req.csrfToken,
            destinations: options(ExitDestination.self, "care.destination.", failed == "end" ? form["destination"] : nil, req),
            outcomes: options(ReviewOutcome.self, "care.review_outcome.", failed == "review" ? form["outcome"] : nil, req),
            contactKinds: options(ContactKind.self, "care.contact.", failed == "contact" ? form["kind"] : nil, req),
            permanency: CareService.permanencyGoals.map { SelectOption(value: $0, label: req.t("care.permanency.\($0)"), selected: plan["permanency"] == $0) }))
    }

    @Sendable static func showPlacement(req: Request) async throws -> Response {
        let placement = try await req.load(Placement.self, .viewCare)
        try await req.audit.record(.careViewed, recordType: "placement", recordID: placement.id!.uuidString, detail: placement.startDate)
        return try await renderPlacement(req, placement)
    }

    struct PlacementActionForm: Content {
        var version: String?
        var end: String?, destination: String?, reason: String?
        var goals: String?, contact: String?, school: String?, health: String?, permanency: String?
        var reviewedOn: String?, outcome: String?, childViews: String?, note: String?
        var contactOn: String?, kind: String?, withWhom: String?
        var assessedOn: String?, assessment: String?, plan: String?, agreedOn: String?, returnedOn: String?

        var values: [String: String] {
            let all: [String: String?] = [
                "end": end, "destination": destination, "reason": reason, "goals": goals, "contact": contact, "school": school,
                "health": health, "permanency": permanency, "reviewedOn": reviewedOn, "outcome": outcome, "childViews": childViews,
                "note": note, "contactOn": contactOn, "kind": kind, "withWhom": withWhom, "assessedOn": assessedOn,
                "assessment": assessment, "plan": plan, "agreedOn": agreedOn, "returnedOn": returnedOn,
            ]
            return all.compactMapValues { $0 }
        }
    }

    @Sendable static func placementAction(req: Request) async throws -> Response {
        let action = req.parameters.get("action") ?? ""
        // A setting's staff report contact and a child's leaving; the plan, reviews and the way home are the social worker's.
        let needed: Action = ["contact", "end"].contains(action) ? .reportCare : .workCare
        let placement = try await req.load(Placement.self, needed)
        let form = try req.content.decode(PlacementActionForm.self)
        let care = req.care
        return try await req.submitForm(kept: form.values, render: { kept, errors, status in
            try await renderPlacement(req, placement, failed: action, form: kept, errors: errors, status: status)
        }) {
            switch action {
            case "end": try await care.end(placement, .init(end: form.end, destination: form.destination, reason: form.reason, version: form.version))
            case "plan": try await care.savePlan(placement, .init(goals: form.goals, contact: form.contact, school: form.school, health: form.health,
                                                                   permanency: form.permanency, version: form.version))
            case "review": _ = try await care.review(placement, .init(reviewedOn: form.reviewedOn, outcome: form.outcome, childViews: form.childViews, note: form.note))
            case "contact": _ = try await care.recordContact(placement, .init(contactOn: form.contactOn, kind: form.kind, withWhom: form.withWhom, note: form.note))
            case "reintegration": _ = try await care.planReintegration(placement, .init(assessedOn: form.assessedOn, assessment: form.assessment, plan: form.plan, agreedOn: form.agreedOn))
            case "return":
                guard let row = try await Reintegration.query(on: req.db).filter(\.$placement.$id == placement.requireID()).first() else {
                    throw AppError.conflict("care.reintegration.none")
                }
                try await care.recordReturn(placement, row, returnedOn: form.returnedOn)
            default: throw AppError.notFound
            }
            return .redirect(path: AppRoute.carePlacement(placement.id!).path + "#\(action)", flash: "care.flash.\(action)")
        }
    }

    // MARK: reviews due

    struct ReviewsPage: Encodable {
        let rows: [ReviewRow]
        let workers: [SelectOption]
        let action: String
    }

    struct ReviewRow: Encodable {
        let href: String
        let child: String
        let type: String
        let place: String
        let due: String
        let overdue: Bool
        let worker: String
        let territory: String
    }

    @Sendable static func reviews(req: Request) async throws -> Response {
        let me = try await req.require(.viewCare)
        let worker = (try? req.query.get(String.self, at: "worker")) ?? ""
        var due = try await CareQueries(db: req.db).reviewsDue(for: me)
        let workerIDs = Set(due.compactMap(\.workerID))
        let workers = try await User.query(on: req.db).filter(\.$id ~~ Array(workerIDs)).all()
        let names = Dictionary(uniqueKeysWithValues: workers.map { ($0.id!, $0.fullName) })
        if let id = UUID(uuidString: worker) { due = due.filter { $0.workerID == id } }
        let units = try await Territory.query(on: req.db).filter(\.$path ~~ Array(Set(due.map(\.territoryPath)))).all()
        let unitNames = Dictionary(units.map { ($0.path, $0.name(req.locale)) }, uniquingKeysWith: { a, _ in a })
        let today = CalendarDate.today.iso
        try await req.audit.record(.careListed, recordType: "placement", detail: "reviews due \(due.count)")
        return try await req.page("care/reviews", titleKey: "care.reviews.title", ReviewsPage(
            rows: due.map { p in
                ReviewRow(href: AppRoute.carePlacement(p.id!).path + "#review", child: PersonProfile.fullName(p.child), type: req.t("care.type.\(p.careType)"),
                          place: CareQueries.whereLabel(p, req: req), due: date(p.nextReviewOn), overdue: p.nextReviewOn < today,
                          worker: p.workerID.flatMap { names[$0] } ?? "—", territory: unitNames[p.territoryPath] ?? "")
            },
            workers: workers.sorted { $0.fullName < $1.fullName }.map { SelectOption(value: $0.id!.uuidString, label: $0.fullName, selected: $0.id!.uuidString == worker) },
            action: AppRoute.careReviews.path))
    }
}
