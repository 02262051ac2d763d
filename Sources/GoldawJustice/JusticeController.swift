import Fluent
import Foundation
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

extension Request {
    package var justice: JusticeService { JusticeService(db: db, actor: currentUser, audit: audit) }
}

/// The justice pages: the overview with what is due, finding a child, a child's record with every
/// step, victims and witnesses with their interviews, the register of places with inspections.
package enum JusticeController {
    package static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.justice), use: overview)
        routes.get(AppRoute.components(.justiceFind), use: find)
        routes.get(AppRoute.Pattern.justiceRecordNew, use: newRecord)
        routes.post(AppRoute.Pattern.justiceRecordNew, use: createRecord)
        routes.get(AppRoute.Pattern.justiceRecord, use: showRecord)
        routes.post(AppRoute.Pattern.justiceRecord + [":step"], use: recordStep)
        routes.post(AppRoute.Pattern.justiceDetention + [":step"], use: detentionStep)
        routes.get(AppRoute.components(.justiceDecisions), use: decisions)
        routes.get(AppRoute.components(.justiceHeld), use: held)
        routes.get(AppRoute.components(.justiceInterviews), use: interviewRequests)
        registerWitnesses(on: routes)
        registerPlaces(on: routes)
    }

    static func age(_ person: Person, req: Request) -> String {
        CalendarDate(iso: person.birthDate).map { req.t("registry.age_years", ["years": String(Age.years(born: $0, on: .today))]) } ?? ""
    }

    // MARK: overview

    struct Row: Encodable {
        let href: String
        let number: String
        let child: String
        let label: String
        let when: String
        let flag: String?
    }

    struct Overview: Encodable {
        let custody: [Row]
        let reviews: [Row]
        let interviews: [Row]
        let held: [Row]
        let records: [Row]
        let pager: PageLinks?
        let canFind: Bool
        let links: [PageChrome.Link]
    }

    @Sendable static func overview(req: Request) async throws -> Response {
        let me = try await req.require(.viewJustice)
        let queries = JusticeQueries(db: req.db)
        let service = req.justice
        let limits = try await service.limits(on: service.today)
        let custody = try await queries.custodyOverLimit(for: me, now: service.now, limits: limits).map {
            Row(href: AppRoute.justiceRecord($0.id!).path, number: $0.number, child: PersonProfile.fullName($0.child),
                label: req.t("justice.custody.hours", ["hours": String(JusticeProcedure.custodyHours(from: $0.apprehendedAt.timeIntervalSince1970, to: service.now.timeIntervalSince1970))]),
                when: $0.apprehended.display, flag: req.t("justice.custody.over_limit", ["hours": String(limits.custodyHours)]))
        }
        let reviews = try await queries.reviewsOverdue(for: me, today: service.today).map {
            Row(href: AppRoute.justiceRecord($0.record.id!).path, number: $0.record.number, child: PersonProfile.fullName($0.record.child),
                label: req.t("justice.pretrial.days", ["days": String(JusticeProcedure.days(from: CalendarDate(iso: $0.startsOn) ?? service.today, to: service.today))]),
                when: JusticeText.day($0.nextReviewOn), flag: req.t("justice.pretrial.review_overdue"))
        }
        let interviews = try await queries.interviewRequests(for: me).map {
            Row(href: AppRoute.justiceWitness($0.witness.id!).path + "#interviews", number: $0.witness.number, child: PersonProfile.fullName($0.witness.child),
                label: req.t("justice.interview.ordinal", ["n": String($0.ordinal)]), when: JusticeText.moment($0.createdAt), flag: $0.reason)
        }
        let held = me.role == .detentionStaff ? try await queries.heldHere(for: me).map {
            Row(href: AppRoute.justiceRecord($0.record.id!).path, number: $0.record.number, child: PersonProfile.fullName($0.record.child),
                label: req.t("justice.detention_kind.\($0.kind)") + " · " + $0.place.name, when: JusticeText.moment($0.admittedAt),
                flag: $0.separated ? nil : req.t("justice.detention.not_separated"))
        } : []
        var records: [Row] = []
        var pager: PageLinks?
        if AccessPolicy.allows(me.role, .viewJustice) && me.role != .detentionStaff {
            let page = try await queries.list(for: me, open: req.query[String.self, at: "all"] == nil).readPage(req.pageNumber, perPage: 50)
            records = page.rows.map {
                Row(href: AppRoute.justiceRecord($0.id!).path, number: $0.number, child: PersonProfile.fullName($0.child),
                    label: req.t("justice.status.\($0.status)") + " · " + req.t("justice.offence.\($0.offence)"), when: $0.apprehended.display, flag: nil)
            }
            pager = page.links(AppRoute.justice.path)
        }
        try await req.audit.record(.justiceListed, recordType: "justice", detail: "overview \(records.count) records")
        var links: [PageChrome.Link] = []
        if AccessPolicy.allows(me.role, .workWitnesses) { links.append(.init(label: req.t("justice.nav.witnesses"), href: AppRoute.justiceWitnesses.path, current: false)) }
        if AccessPolicy.allows(me.role, .managePlaces) {
            links.append(.init(label: req.t("justice.nav.places"), href: AppRoute.justicePlaces.path, current: false))
        }
        if AccessPolicy.allows(me.role, .decideDiversion) { links.append(.init(label: req.t("justice.nav.decisions"), href: AppRoute.justiceDecisions.path, current: false)) }
        if AccessPolicy.allows(me.role, .approveInterviews) { links.append(.init(label: req.t("justice.nav.interviews"), href: AppRoute.justiceInterviews.path, current: false)) }
        return try await req.page("justice/overview", titleKey: "justice.overview.title", Overview(
            custody: custody, reviews: reviews, interviews: interviews, held: held, records: records, pager: pager,
            canFind: AccessPolicy.allows(me.role, .workJustice) || AccessPolicy.allows(me.role, .workWitnesses), links: links))
    }

    // MARK: the lists of one task each

    /// The records waiting for a decision, for the Commission: it may divert, or leave the charge to the officers.
    @Sendable static func decisions(req: Request) async throws -> Response {
        let me = try await req.require(.decideDiversion)
        let page = try await JusticeQueries(db: req.db).records(for: me).filter(\.$status == JusticeStatus.apprehended.rawValue).with(\.$child)
            .sort(\.$apprehendedAt).sort(\.$id).readPage(req.pageNumber, perPage: 50)
        try await req.audit.record(.justiceListed, recordType: "justice", detail: "decisions \(page.rows.count)")
        return try await req.page("justice/list", titleKey: "justice.decisions.title", ListPage(
            title: req.t("justice.decisions.title"), rows: page.rows.map {
                Row(href: AppRoute.justiceRecord($0.id!).path, number: $0.number, child: PersonProfile.fullName($0.child),
                    label: req.t("justice.offence.\($0.offence)") + " · " + req.t("justice.field.age_at_offence") + " " + String($0.ageAtOffence),
                    when: $0.apprehended.display, flag: nil)
            }, pager: page.links(AppRoute.justiceDecisions.path), newHref: nil, newLabel: nil))
    }

    /// The children a place of detention holds now.
    @Sendable static func held(req: Request) async throws -> Response {
        let me = try await req.require(.reportDetention)
        let rows = try await JusticeQueries(db: req.db).heldHere(for: me).map {
            Row(href: AppRoute.justiceRecord($0.record.id!).path, number: $0.record.number, child: PersonProfile.fullName($0.record.child),
                label: req.t("justice.detention_kind.\($0.kind)"), when: JusticeText.moment($0.admittedAt),
                flag: $0.separated ? nil : req.t("justice.detention.not_separated"))
        }
        try await req.audit.record(.justiceListed, recordType: "justice_detention", detail: "held \(rows.count)")
        return try await req.page("justice/list", titleKey: "justice.held.title", ListPage(
            title: req.t("justice.held.title"), rows: rows, pager: nil, newHref: nil, newLabel: nil))
    }

    /// Requests for a further interview waiting for a supervisor.
    @Sendable static func interviewRequests(req: Request) async throws -> Response {
        let me = try await req.require(.approveInterviews)
        let rows = try await JusticeQueries(db: req.db).interviewRequests(for: me).map {
            Row(href: AppRoute.justiceWitness($0.witness.id!).path + "#steps", number: $0.witness.number, child: PersonProfile.fullName($0.witness.child),
                label: req.t("justice.interview.ordinal", ["n": String($0.ordinal)]) + " · " + ($0.reason ?? ""), when: JusticeText.moment($0.createdAt), flag: nil)
        }
        try await req.audit.record(.justiceListed, recordType: "justice_witness", detail: "interview requests \(rows.count)")
        return try await req.page("justice/list", titleKey: "justice.interviews.title", ListPage(
            title: req.t("justice.interviews.title"), rows: rows, pager: nil, newHref: nil, newLabel: nil))
    }

    // MARK: finding a child

    struct FoundChild: Encodable {
        let name: String
        let number: String
        let born: String
        let age: String
        let recordHref: String?
        let witnessHref: String?
    }

    struct FindPage: Encodable {
        let q: String
        let purpose: String
        let purposes: [SelectOption]
        let searched: Bool
        let error: String?
        let children: [FoundChild]
    }

    /// Justice officers do not browse the registry: they look a child up to identify them, say
    /// why, and the search is audited with its purpose (never the typed name).
    @Sendable static func find(req: Request) async throws -> Response {
        let me = try await req.requireAny([.workJustice, .workWitnesses])
        let q = (req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let purpose = req.query[String.self, at: "purpose"] ?? ""
        let purposes = ["apprehension", "victim_witness", "aftercare"]
        var error: String?
        var children: [FoundChild] = []
        let searched = !q.isEmpty || !purpose.isEmpty
        if searched {
            if !purposes.contains(purpose) { error = req.t("justice.find.purpose_needed") }
            else if q.count < 2 { error = req.t("justice.find.too_short") }
            else {
                let today = CalendarDate.today
                let result = try await RegistrySearch(db: req.db).run(.init(text: q, ageBand: RegistrySearch.AgeBand.school.rawValue, perPage: 20),
                                                                     scope: me.scope, today: today)
                // Under 18 today; a child apprehended for an offence at 17 may have turned 18 since, but
                // the age band keeps the list to children, which is what is looked for.
                let canRecord = AccessPolicy.allows(me.role, .workJustice)
                let canWitness = AccessPolicy.allows(me.role, .workWitnesses)
                children = result.people.map(\.person).filter { $0.mergedIntoID == nil }.map { p in
                    FoundChild(name: PersonProfile.fullName(p), number: p.number, born: JusticeText.day(p.birthDate), age: age(p, req: req),
                               recordHref: canRecord ? AppRoute.justiceRecordNew(p.id!).path : nil,
                               witnessHref: canWitness ? AppRoute.justiceWitnessNew(p.id!).path : nil)
                }
                try await req.audit.record(.justiceChildSearched, recordType: "person",
                                           detail: "purpose=\(purpose) results=\(children.count)")
            }
        }
        return try await req.page("justice/find", titleKey: "justice.find.title", FindPage(
            q: q, purpose: purpose, purposes: purposes.map { SelectOption(value: $0, label: req.t("justice.find.purpose.\($0)"), selected: $0 == purpose) },
            searched: searched, error: error, children: children))
    }

    /// The child a form is for: found by id, inside the user's scope, a read audited with its purpose.
    static func child(_ req: Request, _ action: Action, purpose: String) async throws -> Person {
        let me = try await req.require(action)
        guard let id = req.parameters.get("id", as: UUID.self), let person = try await Person.find(id, on: req.db), person.mergedIntoID == nil,
              me.scope.contains(territoryPath: person.territoryPath) else { throw AppError.notFound }
        try await req.audit.record(.personViewed, recordType: "person", recordID: id.uuidString, detail: "purpose=\(purpose)")
        return person
    }

    // MARK: a new record

    struct NewRecordPage: Encodable {
        let child: String
        let born: String
        let age: String
        let forms: [StepForm]
        let csrf: String
    }

    static func renderNew(_ req: Request, _ person: Person, form: [String: String] = [:], errors: [String: String] = [:],
                          status: HTTPResponseStatus = .ok) async throws -> Response {
        let b = FormBuilder(req: req, form: form, errors: errors, active: true)
        let fields = [
            b.field("apprehendedAt", "justice.field.apprehended_at", "moment", initial: LocalMoment(secondsSince1970: AppClock.now.timeIntervalSince1970).input),
            b.field("place", "justice.field.apprehension_place", "text"),
            b.field("by", "justice.field.apprehended_by", "text"),
            b.field("offence", "justice.field.offence", "select", options: b.choices(OffenceClass.self, "justice.offence.")),
            b.field("offenceOn", "justice.field.offence_on", "date"),
            b.field("offenceNote", "justice.field.offence_note", "textarea"),
            b.field("inCustody", "justice.field.in_custody", "checkbox"),
        ]
        var all = errors
        if let child = errors["child"] { all["apprehendedAt"] = all["apprehendedAt"] ?? child }
        return try await req.page("justice/new", titleKey: "justice.new.title", status: status, NewRecordPage(
            child: PersonProfile.fullName(person), born: JusticeText.day(person.birthDate), age: age(person, req: req),
            forms: [StepForm(id: "record-form", title: req.t("justice.new.title"), action: AppRoute.justiceRecordNew(person.id!).path,
                           button: req.t("justice.new.save"), version: nil,
                           fields: fields, note: errors["child"])],
            csrf: req.csrfToken))
    }

    @Sendable static func newRecord(req: Request) async throws -> Response {
        let person = try await child(req, .workJustice, purpose: "apprehension")
        return try await renderNew(req, person)
    }

    @Sendable static func createRecord(req: Request) async throws -> Response {
        let person = try await child(req, .workJustice, purpose: "apprehension")
        let draft = try req.content.decode(JusticeService.RecordDraft.self)
        let justice = req.justice
        return try await req.submitForm(kept: draft.values, render: { kept, errors, status in
            try await renderNew(req, person, form: kept, errors: errors, status: status)
        }) {
            let record = try await justice.open(child: person, draft)
            return .redirect(path: AppRoute.justiceRecord(record.id!).path,
                             flash: record.statusValue == .referred ? "justice.flash.referred" : "justice.flash.opened")
        }
    }
}
