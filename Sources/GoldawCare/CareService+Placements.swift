import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// Life in a placement: the care plan, reviews every three months, contact with the family, the
/// way home, and the end of the episode with the child's destination.
extension CareService {
    /// Runs `body` after advancing the placement's version; a form loaded before another change is refused.
    func change(_ placement: Placement, expectedVersion: String?, detail: String,
                _ body: @escaping @Sendable (any Database) async throws -> Void) async throws {
        if let raw = expectedVersion, !raw.isEmpty, Int(raw) != placement.version { throw AppError.conflict("error.stale") }
        let id = try placement.requireID()
        let version = placement.version
        try await db.writing { tx in
            let changed = try await (tx as! any SQLDatabase).update(Placement.schema)
                .set("version", to: SQLBind(version + 1)).where("id", .equal, SQLBind(id)).where("version", .equal, SQLBind(version))
                .returning("id").all()
            guard changed.count == 1 else { throw AppError.conflict("error.stale") }
            placement.version = version + 1
            try await body(tx)
            try await audit.on(tx).record(.carePlacementChanged, recordType: "placement", recordID: id.uuidString, detail: detail)
        }
    }

    package struct EndDraft: Content {
        package var end: String?
        package var destination: String?
        package var reason: String?
        package var version: String?
        package init(end: String? = nil, destination: String? = nil, reason: String? = nil, version: String? = nil) {
            self.end = end; self.destination = destination; self.reason = reason; self.version = version
        }
    }

    /// The last night in the placement and where the child went.
    package func end(_ placement: Placement, _ draft: EndDraft) async throws {
        guard placement.endDate == nil else { throw AppError.conflict("care.placement.ended") }
        var check = Check()
        let end = check.date("end", draft.end, notAfter: today.adding(days: 31))
        if let end, end.iso < placement.startDate { check.add("end", "care.problem.end_before_start") }
        let destination = check.choice("destination", draft.destination, ExitDestination.self)
        let reason = check.text("reason", draft.reason, limit: 2000)
        try check.done()
        try await change(placement, expectedVersion: draft.version, detail: "ended \(destination!.rawValue)") { tx in
            placement.endDate = end!.iso
            placement.destination = destination!.rawValue
            placement.endReason = reason
            try await placement.update(on: tx)
            try await endStateSupport(placement, on: end!, on: tx)
        }
    }

    package struct PlanDraft: Content {
        package var goals: String?
        package var contact: String?
        package var school: String?
        package var health: String?
        package var permanency: String?
        package var version: String?
        package init(goals: String? = nil, contact: String? = nil, school: String? = nil, health: String? = nil, permanency: String? = nil, version: String? = nil) {
            self.goals = goals; self.contact = contact; self.school = school; self.health = health; self.permanency = permanency; self.version = version
        }
    }

    package static let permanencyGoals = ["return_home", "kinship", "guardianship", "adoption", "long_term_foster", "independent_living"]

    package func savePlan(_ placement: Placement, _ draft: PlanDraft) async throws {
        var check = Check()
        let goals = check.text("goals", draft.goals, limit: 8000)
        let contact = check.text("contact", draft.contact, limit: 4000)
        let school = check.text("school", draft.school, required: false, limit: 4000)
        let health = check.text("health", draft.health, required: false, limit: 4000)
        if !Self.permanencyGoals.contains(draft.permanency ?? "") { check.add("permanency", "validation.choose") }
        try check.done()
        let day = today.iso
        try await change(placement, expectedVersion: draft.version, detail: "care plan") { tx in
            placement.planGoals = goals
            placement.planContact = contact
            placement.planSchool = school
            placement.planHealth = health
            placement.permanencyGoal = draft.permanency
            placement.planOn = day
            try await placement.update(on: tx)
        }
    }

    package struct ReviewDraft: Content {
        package var reviewedOn: String?
        package var outcome: String?
        package var childViews: String?
        package var note: String?
        package init(reviewedOn: String? = nil, outcome: String? = nil, childViews: String? = nil, note: String? = nil) {
            self.reviewedOn = reviewedOn; self.outcome = outcome; self.childViews = childViews; self.note = note
        }
    }

    /// A review with the child's views; the next one is due three months later.
    package func review(_ placement: Placement, _ draft: ReviewDraft) async throws -> CareReview {
        guard let actor else { throw AppError.forbidden }
        var check = Check()
        let on = check.date("reviewedOn", draft.reviewedOn, notAfter: today)
        if let on, on.iso < placement.startDate { check.add("reviewedOn", "care.validation.review_before_start") }
        if let on, let end = placement.endDate, on.iso > end { check.add("reviewedOn", "care.validation.review_after_end") }
        let outcome = check.choice("outcome", draft.outcome, ReviewOutcome.self)
        let views = check.text("childViews", draft.childViews, limit: 4000)
        let note = check.text("note", draft.note, limit: 8000)
        try check.done()
        let review = CareReview()
        review.$placement.id = try placement.requireID()
        review.reviewedOn = on!.iso
        review.outcome = outcome!.rawValue
        review.childViews = views
        review.note = note
        review.reviewerID = actor.id
        review.reviewerName = actor.fullName
        let latest = try await CareReview.query(on: db).filter(\.$placement.$id == placement.requireID()).sort(\.$reviewedOn, .descending).first()
        let last = [on!.iso, latest?.reviewedOn].compactMap { $0 }.max()!
        review.nextDue = CareRules.reviewDue(start: CalendarDate(iso: placement.startDate)!, lastReview: CalendarDate(iso: last)).iso
        try await change(placement, expectedVersion: nil, detail: "reviewed \(outcome!.rawValue)") { tx in
            try await review.create(on: tx)
            placement.nextReviewOn = review.nextDue
            try await placement.update(on: tx)
        }
        return review
    }

    package struct ContactDraft: Content {
        package var contactOn: String?
        package var kind: String?
        package var withWhom: String?
        package var note: String?
        package init(contactOn: String? = nil, kind: String? = nil, withWhom: String? = nil, note: String? = nil) {
            self.contactOn = contactOn; self.kind = kind; self.withWhom = withWhom; self.note = note
        }
    }

    /// Contact with the family, appended: two at once both land.
    package func recordContact(_ placement: Placement, _ draft: ContactDraft) async throws -> CareContact {
        guard let actor else { throw AppError.forbidden }
        var check = Check()
        let on = check.date("contactOn", draft.contactOn, notAfter: today)
        if let on, on.iso < placement.startDate { check.add("contactOn", "care.validation.before_start") }
        let kind = check.choice("kind", draft.kind, ContactKind.self)
        let who = check.text("withWhom", draft.withWhom, limit: 200)
        let note = check.text("note", draft.note, required: false, limit: 4000)
        try check.done()
        let contact = CareContact()
        contact.$placement.id = try placement.requireID()
        contact.contactOn = on!.iso
        contact.kind = kind!.rawValue
        contact.withWhom = who
        contact.note = note
        contact.recordedBy = actor.id
        contact.recordedByName = actor.fullName
        try await db.writing { tx in
            try await contact.create(on: tx)
            try await audit.on(tx).record(.carePlacementChanged, recordType: "placement", recordID: placement.id!.uuidString, detail: "contact \(kind!.rawValue)")
        }
        return contact
    }

    package struct ReintegrationDraft: Content {
        package var assessedOn: String?
        package var assessment: String?
        package var plan: String?
        package var agreedOn: String?
        package var returnedOn: String?
        package init(assessedOn: String? = nil, assessment: String? = nil, plan: String? = nil, agreedOn: String? = nil, returnedOn: String? = nil) {
            self.assessedOn = assessedOn; self.assessment = assessment; self.plan = plan; self.agreedOn = agreedOn; self.returnedOn = returnedOn
        }
    }

    /// The assessment and the plan agreed with the family, before the child goes home.
    package func planReintegration(_ placement: Placement, _ draft: ReintegrationDraft) async throws -> Reintegration {
        guard placement.endDate == nil else { throw AppError.conflict("care.placement.ended") }
        if try await Reintegration.query(on: db).filter(\.$placement.$id == placement.requireID()).first() != nil {
            throw AppError.conflict("care.reintegration.exists")
        }
        var check = Check()
        let assessed = check.date("assessedOn", draft.assessedOn, notAfter: today)
        let assessment = check.text("assessment", draft.assessment)
        let plan = check.text("plan", draft.plan)
        let agreed = check.date("agreedOn", draft.agreedOn, notAfter: today)
        if let assessed, let agreed, agreed < assessed { check.add("agreedOn", "care.validation.agreed_before_assessed") }
        try check.done()
        let row = Reintegration()
        row.$placement.id = try placement.requireID()
        row.assessedOn = assessed!.iso
        row.assessment = assessment
        row.plan = plan
        row.agreedOn = agreed!.iso
        row.version = 1
        try await change(placement, expectedVersion: nil, detail: "reintegration planned") { tx in try await row.create(on: tx) }
        return row
    }

    /// The supported return: the placement ends with the child back with the parents, and the
    /// follow-up visits run for six months.
    package func recordReturn(_ placement: Placement, _ reintegration: Reintegration, returnedOn raw: String?) async throws {
        guard reintegration.returnedOn == nil, placement.endDate == nil else { throw AppError.conflict("care.placement.ended") }
        var check = Check()
        let returned = check.date("returnedOn", raw, notAfter: today)
        if let returned, returned.iso < reintegration.agreedOn { check.add("returnedOn", "care.validation.return_before_plan") }
        try check.done()
        try await change(placement, expectedVersion: nil, detail: "returned home") { tx in
            reintegration.returnedOn = returned!.iso
            reintegration.followUpUntil = returned!.adding(days: CareRules.followUpDays).iso
            reintegration.version += 1
            try await reintegration.update(on: tx)
            placement.endDate = returned!.adding(days: -1) < CalendarDate(iso: placement.startDate)! ? placement.startDate : returned!.adding(days: -1).iso
            placement.destination = ExitDestination.returnedToParents.rawValue
            placement.endReason = "reintegration"
            try await placement.update(on: tx)
            try await endStateSupport(placement, on: CalendarDate(iso: placement.endDate!)!, on: tx)
        }
    }
}
