import Fluent
import Foundation
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// One child's record: every step dated, the safeguards with their hours, the flags, and the step
/// forms the user may use now.
extension JusticeController {
    struct Fact: Encodable {
        let label: String
        let value: String
        let warn: Bool
    }

    struct Section: Encodable {
        let id: String
        let title: String
        let facts: [Fact]
        let lines: [String]
    }

    struct RecordPage: Encodable {
        let number: String
        let child: String
        let childHref: String?
        let status: String
        let warnings: [String]
        let sections: [Section]
        let forms: [StepForm]
        let history: [String]
        let csrf: String
    }

    static func renderRecord(_ req: Request, _ record: JusticeRecord, failed: String = "", form: [String: String] = [:], errors: [String: String] = [:],
                             status: HTTPResponseStatus = .ok) async throws -> Response {
        let me = try await req.requireAny([.viewJustice])
        let id = try record.requireID()
        let service = req.justice
        let now = service.now
        let limits = try await service.limits(on: CalendarDate(iso: record.offenceOn) ?? service.today)
        let child = try await record.$child.get(on: req.db)
        let diversions = try await Diversion.query(on: req.db).filter(\.$record.$id == id).sort(\.$startsOn).all()
        let orders = try await PretrialOrder.query(on: req.db).filter(\.$record.$id == id).sort(\.$startsOn).all()
        var stays = try await Detention.query(on: req.db).filter(\.$record.$id == id).with(\.$place).sort(\.$admittedAt).all()
        if me.role == .detentionStaff {
            // A place of detention sees its own stays of the child, not where else the child was held.
            stays = stays.filter { $0.organisationID?.uuidString == me.scope.organisationID }
        }
        let entries = try await JusticeEntry.query(on: req.db).filter(\.$record.$id == id).sort(\.$entryOn, .descending).sort(\.$createdAt, .descending).limit(300).all()
        let events = try await JusticeEvent.query(on: req.db).filter(\.$record.$id == id).sort(\.$occurredAt, .descending).limit(200).all()
        let socialWorker = try await record.$socialWorker.get(on: req.db)
        let aftercareWorker = try await record.$aftercareWorker.get(on: req.db)
        let apprehended = record.apprehendedAt

        var warnings: [String] = []
        var sections: [Section] = []
        sections.append(Section(id: "apprehension", title: req.t("justice.section.apprehension"), facts: [
            Fact(label: req.t("justice.field.apprehended_at"), value: record.apprehended.display, warn: false),
            Fact(label: req.t("justice.field.apprehension_place"), value: record.apprehensionPlace, warn: false),
            Fact(label: req.t("justice.field.apprehended_by"), value: record.apprehendedBy, warn: false),
            Fact(label: req.t("justice.field.offence"), value: req.t("justice.offence.\(record.offence)") + (record.offenceNote.isEmpty ? "" : " · " + record.offenceNote), warn: false),
            Fact(label: req.t("justice.field.offence_on"), value: JusticeText.day(record.offenceOn), warn: false),
            Fact(label: req.t("justice.field.age_at_offence"), value: String(record.ageAtOffence), warn: false),
        ], lines: []))

        // Safeguards, with the hours after the apprehension; what is missing says so.
        let custodyEnd = record.custodyEndedAt ?? (record.inCustody ? now : nil)
        let custodyHours = custodyEnd.map { JusticeProcedure.custodyHours(from: apprehended.timeIntervalSince1970, to: $0.timeIntervalSince1970) }
        let overLimit = custodyEnd.map { JusticeProcedure.custodyOverLimit(from: apprehended.timeIntervalSince1970, to: $0.timeIntervalSince1970, limits: limits) } ?? false
        if record.inCustody && overLimit {
            warnings.append(req.t(record.custodyEndedAt == nil ? "justice.custody.over_limit_now" : "justice.custody.over_limit",
                                  ["hours": String(limits.custodyHours)]))
        }
        if record.parentsNotifiedAt == nil && (record.appropriateAdult ?? "").isEmpty && record.statusValue.isOpen {
            warnings.append(req.t("justice.warn.parents_not_notified"))
        }
        let missing = req.t("justice.not_recorded")
        sections.append(Section(id: "safeguards", title: req.t("justice.section.safeguards"), facts: [
            Fact(label: req.t("justice.field.parents_notified_at"),
                 value: record.parentsNotifiedAt.map { JusticeText.moment($0) + " · " + JusticeText.after(apprehended, $0, req: req) } ?? missing,
                 warn: record.parentsNotifiedAt == nil),
            Fact(label: req.t("justice.field.appropriate_adult"), value: record.appropriateAdult ?? "—", warn: false),
            Fact(label: req.t("justice.field.lawyer_at"),
                 value: record.lawyerAt.map { JusticeText.moment($0) + " · " + JusticeText.after(apprehended, $0, req: req) } ?? missing, warn: record.lawyerAt == nil),
            Fact(label: req.t("justice.field.social_worker_informed_at"),
                 value: record.socialWorkerInformedAt.map { JusticeText.moment($0) + (socialWorker.map { " · " + $0.fullName } ?? "") } ?? missing,
                 warn: record.socialWorkerInformedAt == nil),
            Fact(label: req.t("justice.field.custody"),
                 value: record.inCustody ? req.t("justice.custody.hours", ["hours": String(custodyHours ?? 0)])
                     + (record.custodyEndedAt.map { " · " + req.t("justice.custody.ended") + " " + JusticeText.moment($0) } ?? " · " + req.t("justice.custody.still"))
                     : req.t("justice.custody.released_at_once"),
                 warn: overLimit),
        ], lines: []))

        var decisionFacts: [Fact] = []
        if let decision = record.decision {
            decisionFacts.append(Fact(label: req.t("justice.field.decision"), value: req.t("justice.decision.\(decision)") + " · " + JusticeText.day(record.decisionOn), warn: false))
        }
        let diversionLines = diversions.map { d in
            req.t("justice.diversion_kind.\(d.kind)") + " · " + JusticeText.day(d.startsOn) + (d.provider.isEmpty ? "" : " · " + d.provider)
                + " · " + d.conditions + " · " + (d.outcome.map { req.t("justice.diversion_outcome.\($0)") + " " + JusticeText.day(d.outcomeOn) } ?? req.t("justice.diversion.running"))
                + (d.byCommission ? " · " + req.t("justice.diversion.by_commission") : "")
        }
        sections.append(Section(id: "decision", title: req.t("justice.section.decision"), facts: decisionFacts, lines: diversionLines))

        let today = service.today
        var orderLines: [String] = []
        for o in orders {
            let start = CalendarDate(iso: o.startsOn) ?? today
            let end = o.endsOn.flatMap(CalendarDate.init(iso:)) ?? today
            var line = req.t("justice.pretrial_measure.\(o.measure)") + " · " + JusticeText.day(o.startsOn) + " – " + (o.endsOn.map(JusticeText.day) ?? "…")
            if !o.orderReference.isEmpty { line += " · " + req.t("justice.field.order") + " " + o.orderReference + " " + JusticeText.day(o.orderDate) }
            if o.measureValue.isCustodial { line += " · " + req.t("justice.pretrial.days", ["days": String(JusticeProcedure.days(from: start, to: end))]) }
            if let next = o.nextReviewOn.flatMap(CalendarDate.init(iso:)) {
                line += " · " + req.t("justice.pretrial.next_review") + " " + next.display
                if JusticeProcedure.reviewOverdue(next: next, today: today) { warnings.append(req.t("justice.pretrial.review_overdue")) }
            }
            orderLines.append(line)
        }
        if !orders.isEmpty || record.statusValue == .charged {
            sections.append(Section(id: "pretrial", title: req.t("justice.section.pretrial"), facts: [], lines: orderLines))
        }
        if let outcome = record.courtOutcome {
            var value = req.t("justice.court_outcome.\(outcome)") + " · " + JusticeText.day(record.courtOn)
            if let sentence = record.sentence { value += " · " + req.t("justice.sentence.\(sentence)") }
            if let months = record.sentenceMonths { value += " · " + req.t("justice.sentence.months", ["months": String(months)]) }
            sections.append(Section(id: "court", title: req.t("justice.section.court"), facts: [Fact(label: req.t("justice.field.court_outcome"), value: value, warn: false)], lines: []))
        }
        for (index, stay) in stays.enumerated() {
            let admitted = LocalMoment(secondsSince1970: stay.admittedAt.timeIntervalSince1970)
            let until = stay.releasedAt.map { LocalMoment(secondsSince1970: $0.timeIntervalSince1970).date } ?? today
            var facts = [
                Fact(label: req.t("justice.field.place"), value: stay.place.name + " · " + req.t("justice.detention_kind.\(stay.kind)"), warn: false),
                Fact(label: req.t("justice.field.admitted_at"), value: admitted.display, warn: false),
                Fact(label: req.t("justice.field.separated"), value: req.t(stay.separated ? "justice.yes" : "justice.no"), warn: !stay.separated),
                Fact(label: req.t("justice.field.days"), value: String(JusticeProcedure.days(from: admitted.date, to: until)), warn: false),
            ]
            if let released = stay.releasedAt {
                facts.append(Fact(label: req.t("justice.field.released_at"), value: JusticeText.moment(released) + " · " + req.t("justice.release_kind.\(stay.releaseKind ?? "at_term")"), warn: false))
            }
            let log = entries.filter { $0.$detention.id == stay.id }.map {
                JusticeText.day($0.entryOn) + " · " + req.t("justice.entry_kind.\($0.kind)") + " · " + $0.note + " · " + $0.byName
            }
            sections.append(Section(id: "detention-\(index + 1)", title: req.t("justice.section.detention"), facts: facts, lines: log))
        }
        if let plan = record.aftercarePlan {
            let visits = entries.filter { $0.kind == "follow_up" }.map { JusticeText.day($0.entryOn) + " · " + $0.note + " · " + $0.byName }
            sections.append(Section(id: "aftercare", title: req.t("justice.section.aftercare"), facts: [
                Fact(label: req.t("justice.field.aftercare_plan"), value: plan, warn: false),
                Fact(label: req.t("justice.field.aftercare_worker"), value: aftercareWorker?.fullName ?? "—", warn: false),
                Fact(label: req.t("justice.field.aftercare_period"), value: JusticeText.day(record.aftercareOn) + " – " + JusticeText.day(record.aftercareUntil), warn: false),
            ], lines: visits))
        }

        let forms = try await stepForms(req, me, record, orders: orders, diversions: diversions, stays: stays, failed: failed, form: form, errors: errors)
        try await req.audit.record(.justiceViewed, recordType: "justice_record", recordID: id.uuidString, detail: record.number)
        let history = events.map { JusticeText.moment($0.occurredAt) + " · " + req.t("justice.event.\($0.kind)") + " · " + $0.actorName }
        let childHref: String? = AccessPolicy.allows(me.role, .viewPeople) ? AppRoute.person(child.id!).path : nil
        return try await req.page("justice/record", titleKey: "justice.record.title", titleArguments: ["number": record.number], status: status, RecordPage(
            number: record.number, child: PersonProfile.fullName(child) + " · " + age(child, req: req), childHref: childHref,
            status: req.t("justice.status.\(record.status)"), warnings: warnings, sections: sections, forms: forms, history: history, csrf: req.csrfToken))
    }

    /// The step forms this user may use on the record now, in the order of the procedure.
    static func stepForms(_ req: Request, _ me: CurrentUser, _ record: JusticeRecord, orders: [PretrialOrder], diversions: [Diversion],
                          stays: [Detention], failed: String, form: [String: String], errors: [String: String]) async throws -> [StepForm] {
        let id = try record.requireID()
        let works = AccessPolicy.allows(me.role, .workJustice)
        let status = record.statusValue
        func builder(_ name: String) -> FormBuilder { FormBuilder(req: req, form: form, errors: errors, active: failed == name) }
        func step(_ name: String, _ fields: [FormField], version: Bool = true) -> StepForm {
            StepForm(id: "\(name)-form", title: req.t("justice.step.\(name)"), action: AppRoute.justiceRecordStep(id, name).path,
                     button: req.t("justice.step.\(name).save"), version: version ? record.version : nil, fields: fields,
                     note: failed == name ? errors["_form"] : nil)
        }
        var forms: [StepForm] = []
        if works && status.isOpen {
            let b = builder("safeguards")
            forms.append(step("safeguards", [
                b.field("parentsNotifiedAt", "justice.field.parents_notified_at", "moment"),
                b.field("appropriateAdult", "justice.field.appropriate_adult", "text"),
                b.field("lawyerAt", "justice.field.lawyer_at", "moment"),
                b.field("socialWorkerInformedAt", "justice.field.social_worker_informed_at", "moment"),
                b.field("socialWorker", "justice.field.social_worker", "text"),
            ] + (record.inCustody && record.custodyEndedAt == nil ? [b.field("custodyEndedAt", "justice.field.custody_ended_at", "moment")] : [])))
        }
        let decides = works || AccessPolicy.allows(me.role, .decideDiversion)
        if decides && status == .apprehended {
            let b = builder("decide")
            let decisions = AccessPolicy.allows(me.role, .workJustice) ? b.choices(CaseDecision.self, "justice.decision.")
                : [SelectOption(value: CaseDecision.diversion.rawValue, label: req.t("justice.decision.diversion"), selected: false)]
            forms.append(step("decide", [
                b.field("decision", "justice.field.decision", "select", options: decisions),
                b.field("decidedOn", "justice.field.decided_on", "date", initial: CalendarDate.today.display),
                b.field("kind", "justice.field.diversion_kind", "select", options: b.choices(DiversionKind.self, "justice.diversion_kind.")),
                b.field("conditions", "justice.field.conditions", "textarea"),
                b.field("provider", "justice.field.provider", "text"),
                b.field("startsOn", "justice.field.starts_on", "date"),
                b.field("note", "justice.field.note", "textarea"),
            ]))
        }
        if decides && status == .diverted && diversions.contains(where: { $0.outcome == nil }) {
            let b = builder("outcome")
            forms.append(step("outcome", [
                b.field("outcome", "justice.field.diversion_outcome", "select", options: b.choices(DiversionOutcome.self, "justice.diversion_outcome.")),
                b.field("on", "justice.field.on", "date", initial: CalendarDate.today.display),
                b.field("note", "justice.field.note", "textarea"),
            ]))
        }
        let places = try await JusticePlace.query(on: req.db).filter(\.$active == true).filter(\.$kind ~~ [JusticePlaceKind.juvenileColony.rawValue, JusticePlaceKind.pretrialFacility.rawValue])
            .sort(\.$name).limit(200).all().map { SelectOption(value: $0.id!.uuidString, label: $0.name, selected: false) }
        if works && status == .charged {
            if !orders.contains(where: { $0.endsOn == nil }) {
                let b = builder("pretrial")
                forms.append(step("pretrial", [
                    b.field("measure", "justice.field.measure", "select", options: b.choices(PretrialMeasure.self, "justice.pretrial_measure.")),
                    b.field("orderReference", "justice.field.order_reference", "text"),
                    b.field("orderDate", "justice.field.order_date", "date"),
                    b.field("startsAt", "justice.field.starts_at", "moment"),
                    b.field("place", "justice.field.place", "select", options: places),
                    b.field("separated", "justice.field.separated", "checkbox"),
                ]))
            } else if orders.contains(where: { $0.endsOn == nil && $0.measureValue.isCustodial }) {
                let b = builder("review")
                forms.append(step("review", [
                    b.field("reviewedOn", "justice.field.reviewed_on", "date", initial: CalendarDate.today.display),
                    b.field("outcome", "justice.field.review_outcome", "select",
                            options: ["continue", "end"].map { SelectOption(value: $0, label: req.t("justice.review.\($0)"), selected: false) }),
                    b.field("note", "justice.field.note", "textarea"),
                ]))
            }
            let b = builder("court")
            forms.append(step("court", [
                b.field("outcome", "justice.field.court_outcome", "select", options: b.choices(CourtOutcome.self, "justice.court_outcome.")),
                b.field("decidedOn", "justice.field.decided_on", "date"),
                b.field("sentence", "justice.field.sentence", "select", options: b.choices(NonCustodialSentence.self, "justice.sentence.")),
                b.field("months", "justice.field.months", "number"),
                b.field("place", "justice.field.place", "select", options: places),
                b.field("separated", "justice.field.separated", "checkbox"),
            ]))
        }
        let onIt = record.$socialWorker.id == me.id || record.$aftercareWorker.id == me.id
        if (works || onIt) && [.sentenced, .diverted, .closed].contains(status) && record.aftercarePlan == nil {
            let b = builder("aftercare")
            forms.append(step("aftercare", [
                b.field("plan", "justice.field.aftercare_plan", "textarea"),
                b.field("plannedOn", "justice.field.planned_on", "date", initial: CalendarDate.today.display),
                b.field("worker", "justice.field.aftercare_worker", "text"),
            ]))
        }
        if (works || onIt) && record.aftercarePlan != nil {
            let b = builder("followup")
            forms.append(step("followup", [
                b.field("on", "justice.field.on", "date", initial: CalendarDate.today.display),
                b.field("note", "justice.field.note", "textarea"),
            ], version: false))
        }
        // The detention log and the release: the place's staff, and the justice officers.
        if works || AccessPolicy.allows(me.role, .reportDetention) {
            for stay in stays where stay.releasedAt == nil {
                let short = stay.id!.uuidString
                let log = FormBuilder(req: req, form: form, errors: errors, active: failed == "log-\(short)")
                forms.append(StepForm(id: "log-\(short)-form", title: req.t("justice.step.log") + " · " + stay.place.name,
                                      action: AppRoute.justiceDetention(stay.id!, "log").path, button: req.t("justice.step.log.save"), version: nil, fields: [
                    log.field("kind", "justice.field.entry_kind", "select", options: log.choices(DetentionEntryKind.self, "justice.entry_kind.")),
                    log.field("on", "justice.field.on", "date", initial: CalendarDate.today.display),
                    log.field("note", "justice.field.note", "textarea"),
                ], note: nil))
                let release = FormBuilder(req: req, form: form, errors: errors, active: failed == "release-\(short)")
                forms.append(StepForm(id: "release-\(short)-form", title: req.t("justice.step.release") + " · " + stay.place.name,
                                      action: AppRoute.justiceDetention(stay.id!, "release").path, button: req.t("justice.step.release.save"), version: record.version, fields: [
                    release.field("releasedAt", "justice.field.released_at", "moment"),
                    release.field("kind", "justice.field.release_kind", "select", options: release.choices(ReleaseKind.self, "justice.release_kind.")),
                ], note: nil))
            }
        }
        return forms
    }

    @Sendable static func showRecord(req: Request) async throws -> Response {
        let me = try await req.require(.viewJustice)
        let record = try await JusticeQueries(db: req.db).readable(req.parameters.get("id", as: UUID.self), for: me)
        return try await renderRecord(req, record)
    }

    @Sendable static func recordStep(req: Request) async throws -> Response {
        let me = try await req.requireAny([.workJustice, .decideDiversion, .viewJustice])
        let record = try await JusticeQueries(db: req.db).readable(req.parameters.get("id", as: UUID.self), for: me)
        let step = req.parameters.get("step") ?? ""
        let onIt = record.$socialWorker.id == me.id || record.$aftercareWorker.id == me.id
        let allowed: Bool = switch step {
        case "safeguards", "pretrial", "review", "court": AccessPolicy.allows(me.role, .workJustice)
        case "decide", "outcome": AccessPolicy.allows(me.role, .workJustice) || AccessPolicy.allows(me.role, .decideDiversion)
        case "aftercare", "followup": AccessPolicy.allows(me.role, .workJustice) || onIt
        default: false
        }
        guard allowed else { throw AppError.forbidden }
        let raw = try req.content.decode([String: String].self)
        let version = raw["version"].flatMap(Int.init)
        let justice = req.justice
        return try await req.submitForm(kept: raw, render: { kept, errors, status in
            try await renderRecord(req, record, failed: step, form: kept, errors: errors, status: status)
        }, conflict: { key in
            try await renderRecord(req, record, failed: step, form: raw, errors: ["_form": req.t(key)], status: .conflict)
        }) {
            switch step {
            case "safeguards":
                try await justice.safeguards(record, .init(version: version, parentsNotifiedAt: raw["parentsNotifiedAt"], appropriateAdult: raw["appropriateAdult"],
                                                           lawyerAt: raw["lawyerAt"], socialWorkerInformedAt: raw["socialWorkerInformedAt"],
                                                           socialWorker: raw["socialWorker"], custodyEndedAt: raw["custodyEndedAt"]))
            case "decide":
                try await justice.decide(record, .init(version: version, decision: raw["decision"], decidedOn: raw["decidedOn"], note: raw["note"], kind: raw["kind"],
                                                       conditions: raw["conditions"], provider: raw["provider"], serviceID: raw["serviceID"], startsOn: raw["startsOn"]))
            case "outcome":
                try await justice.diversionOutcome(record, .init(version: version, outcome: raw["outcome"], on: raw["on"], note: raw["note"]))
            case "pretrial":
                try await justice.pretrial(record, .init(version: version, measure: raw["measure"], orderReference: raw["orderReference"], orderDate: raw["orderDate"],
                                                         startsAt: raw["startsAt"], place: raw["place"], separated: raw["separated"]))
            case "review":
                try await justice.reviewPretrial(record, .init(version: version, reviewedOn: raw["reviewedOn"], outcome: raw["outcome"], note: raw["note"]))
            case "court":
                try await justice.court(record, .init(version: version, outcome: raw["outcome"], decidedOn: raw["decidedOn"], sentence: raw["sentence"],
                                                      months: raw["months"], place: raw["place"], separated: raw["separated"]))
            case "aftercare":
                try await justice.aftercare(record, .init(version: version, plan: raw["plan"], plannedOn: raw["plannedOn"], worker: raw["worker"]))
            case "followup":
                try await justice.log(record, stay: nil, .init(kind: nil, on: raw["on"], note: raw["note"]))
            default:
                throw AppError.notFound
            }
            return .redirect(path: AppRoute.justiceRecord(record.id!).path + "#\(step)", flash: "justice.flash.saved")
        }
    }

    /// The detention log and the release, on the stay: the place's staff for their own children.
    @Sendable static func detentionStep(req: Request) async throws -> Response {
        let me = try await req.requireAny([.reportDetention, .workJustice])
        guard let stayID = req.parameters.get("id", as: UUID.self), let stay = try await Detention.find(stayID, on: req.db) else { throw AppError.notFound }
        let record = try await JusticeQueries(db: req.db).readable(stay.$record.id, for: me)
        if me.role == .detentionStaff && stay.organisationID?.uuidString != me.scope.organisationID { throw AppError.notFound }
        _ = try await stay.$place.get(on: req.db)
        let step = req.parameters.get("step") ?? ""
        let raw = try req.content.decode([String: String].self)
        let short = stayID.uuidString
        let justice = req.justice
        return try await req.submitForm(kept: raw, render: { kept, errors, status in
            try await renderRecord(req, record, failed: "\(step)-\(short)", form: kept, errors: errors, status: status)
        }, conflict: { key in
            try await renderRecord(req, record, failed: "\(step)-\(short)", form: raw, errors: ["_form": req.t(key)], status: .conflict)
        }) {
            switch step {
            case "log": try await justice.log(record, stay: stay, .init(kind: raw["kind"], on: raw["on"], note: raw["note"]))
            case "release": try await justice.release(stay, of: record, .init(version: raw["version"].flatMap(Int.init), releasedAt: raw["releasedAt"], kind: raw["kind"]))
            default: throw AppError.notFound
            }
            return .redirect(path: AppRoute.justiceRecord(record.id!).path, flash: "justice.flash.saved")
        }
    }
}
