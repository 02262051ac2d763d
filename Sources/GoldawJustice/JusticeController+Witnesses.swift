import Fluent
import Foundation
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// Child victims and witnesses with their interviews, and the register of places with inspections.
/// Both use the record page's template: facts, lines and step forms.
extension JusticeController {
    static func registerWitnesses(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.justiceWitnesses), use: witnesses)
        routes.get(AppRoute.Pattern.justiceWitnessNew, use: newWitness)
        routes.post(AppRoute.Pattern.justiceWitnessNew, use: createWitness)
        routes.get(AppRoute.Pattern.justiceWitness, use: showWitness)
        routes.post(AppRoute.Pattern.justiceWitness + [":step"], use: witnessStep)
    }

    static func registerPlaces(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.justicePlaces), use: places)
        routes.get(AppRoute.components(.justiceInspections), use: places)
        routes.get(AppRoute.components(.justicePlaceNew), use: newPlace)
        routes.post(AppRoute.components(.justicePlaceNew), use: createPlace)
        routes.get(AppRoute.Pattern.justicePlace, use: showPlace)
        routes.post(AppRoute.Pattern.justicePlace + ["inspect"], use: inspectPlace)
    }

    struct ListPage: Encodable {
        let title: String
        let rows: [Row]
        let pager: PageLinks?
        let newHref: String?
        let newLabel: String?
    }

    // MARK: witnesses

    @Sendable static func witnesses(req: Request) async throws -> Response {
        let me = try await req.require(.workWitnesses)
        let page = try await JusticeQueries(db: req.db).witnesses(for: me).with(\.$child).sort(\.$createdAt, .descending).sort(\.$id)
            .readPage(req.pageNumber, perPage: 50)
        let counts = try await JusticeQueries(db: req.db).interviewsHeld(page.rows.compactMap(\.id))
        var rows: [Row] = []
        for w in page.rows {
            let held = counts[w.id!] ?? 0
            rows.append(Row(href: AppRoute.justiceWitness(w.id!).path, number: w.number, child: PersonProfile.fullName(w.child),
                            label: req.t("justice.witness_role.\(w.role)") + " · " + req.t("justice.interview.count", ["count": String(held)]),
                            when: JusticeText.moment(w.createdAt), flag: held > 1 ? req.t("justice.interview.more_than_one") : nil))
        }
        try await req.audit.record(.justiceListed, recordType: "justice_witness", detail: "page \(page.page) \(rows.count) rows")
        return try await req.page("justice/list", titleKey: "justice.witnesses.title", ListPage(
            title: req.t("justice.witnesses.title"), rows: rows, pager: page.links(AppRoute.justiceWitnesses.path),
            newHref: AppRoute.justiceFind.path + "?purpose=victim_witness", newLabel: req.t("justice.witnesses.add")))
    }

    struct SimpleFormPage: Encodable {
        let heading: String
        let subheading: String
        let forms: [StepForm]
        let csrf: String
    }

    static func renderNewWitness(_ req: Request, _ person: Person, form: [String: String] = [:], errors: [String: String] = [:],
                                 status: HTTPResponseStatus = .ok) async throws -> Response {
        let b = FormBuilder(req: req, form: form, errors: errors, active: true)
        return try await req.page("justice/form", titleKey: "justice.witness.new", status: status, SimpleFormPage(
            heading: req.t("justice.witness.new"), subheading: PersonProfile.fullName(person) + " · " + age(person, req: req),
            forms: [StepForm(id: "witness-form", title: "", action: AppRoute.justiceWitnessNew(person.id!).path, button: req.t("justice.witness.save"),
                           version: nil, fields: [
                b.field("role", "justice.field.witness_role", "select", options: b.choices(WitnessRole.self, "justice.witness_role.")),
                b.field("recordNumber", "justice.field.record_number", "text"),
                b.field("matter", "justice.field.matter", "textarea"),
                b.field("support", "justice.field.support", "textarea"),
                b.field("informedOn", "justice.field.informed_on", "date"),
                b.field("information", "justice.field.information", "textarea"),
            ], note: errors["child"])], csrf: req.csrfToken))
    }

    @Sendable static func newWitness(req: Request) async throws -> Response {
        try await renderNewWitness(req, try await child(req, .workWitnesses, purpose: "victim_witness"))
    }

    @Sendable static func createWitness(req: Request) async throws -> Response {
        let person = try await child(req, .workWitnesses, purpose: "victim_witness")
        let draft = try req.content.decode(JusticeService.WitnessDraft.self)
        let justice = req.justice
        return try await req.submitForm(kept: draft.values, render: { kept, errors, status in
            try await renderNewWitness(req, person, form: kept, errors: errors, status: status)
        }) {
            let witness = try await justice.addWitness(child: person, draft)
            return .redirect(path: AppRoute.justiceWitness(witness.id!).path, flash: "justice.flash.saved")
        }
    }

    static func loadWitness(_ req: Request, _ me: CurrentUser) async throws -> ChildWitness {
        guard let id = req.parameters.get("id", as: UUID.self),
              let witness = try await JusticeQueries(db: req.db).witnesses(for: me).filter(\.$id == id).with(\.$child).first() else { throw AppError.notFound }
        return witness
    }

    static func renderWitness(_ req: Request, _ witness: ChildWitness, failed: String = "", form: [String: String] = [:], errors: [String: String] = [:],
                              status: HTTPResponseStatus = .ok) async throws -> Response {
        let me = try await req.require(.workWitnesses)
        let id = try witness.requireID()
        let interviews = try await Interview.query(on: req.db).filter(\.$witness.$id == id).with(\.$room).sort(\.$ordinal).all()
        let held = interviews.filter { $0.statusValue == .held }.count
        var facts = [
            Fact(label: req.t("justice.field.witness_role"), value: req.t("justice.witness_role.\(witness.role)"), warn: false),
            Fact(label: req.t("justice.field.matter"), value: witness.matter, warn: false),
            Fact(label: req.t("justice.field.support"), value: witness.support.isEmpty ? "—" : witness.support, warn: witness.support.isEmpty),
            Fact(label: req.t("justice.field.informed_on"), value: JusticeText.day(witness.informedOn) + (witness.information.isEmpty ? "" : " · " + witness.information),
                 warn: witness.informedOn == nil),
            Fact(label: req.t("justice.field.interviews_held"), value: String(held), warn: held > 1),
        ]
        if let recordID = witness.recordID, let record = try await JusticeRecord.find(recordID, on: req.db) {
            let readable = (try? await JusticeQueries(db: req.db).readable(recordID, for: me)) != nil
            facts.append(Fact(label: req.t("justice.field.record_number"), value: record.number, warn: false))
            _ = readable
        }
        let lines = interviews.map { i -> String in
            var line = req.t("justice.interview.ordinal", ["n": String(i.ordinal)]) + " · " + req.t("justice.interview_status.\(i.status)")
            if let at = i.heldAt { line += " · " + JusticeText.moment(at) }
            if let room = i.room { line += " · " + room.name }
            if !i.interviewer.isEmpty { line += " · " + i.interviewer + " (" + req.t(i.trained ? "justice.interview.trained" : "justice.interview.not_trained") + ")" }
            if !i.protocolName.isEmpty { line += " · " + i.protocolName }
            if !i.recording.isEmpty { line += " · " + req.t("justice.field.recording") + " " + i.recording }
            if !i.supportPerson.isEmpty { line += " · " + req.t("justice.field.support_person") + " " + i.supportPerson }
            if !i.interpreter.isEmpty { line += " · " + req.t("justice.field.interpreter") + " " + i.interpreter }
            if let reason = i.reason { line += " · " + req.t("justice.field.reason") + ": " + reason }
            if let note = i.decisionNote, !note.isEmpty { line += " · " + note }
            return line
        }
        var forms: [StepForm] = []
        let waiting = interviews.first { $0.statusValue == .requested }
        let approved = interviews.contains { $0.statusValue == .approved }
        func builder(_ name: String) -> FormBuilder { FormBuilder(req: req, form: form, errors: errors, active: failed == name) }
        if held == 0 || approved {
            let b = builder("interview")
            let rooms = try await JusticePlace.query(on: req.db).filter(\.$kind == JusticePlaceKind.interviewRoom.rawValue).filter(\.$active == true)
                .sort(\.$name).all().map { SelectOption(value: $0.id!.uuidString, label: $0.name, selected: false) }
            forms.append(StepForm(id: "interview-form", title: req.t(held == 0 ? "justice.step.interview" : "justice.step.interview_approved"),
                                  action: AppRoute.justiceWitnessStep(id, "interview").path, button: req.t("justice.step.interview.save"), version: nil, fields: [
                b.field("heldAt", "justice.field.held_at", "moment"),
                b.field("room", "justice.field.room", "select", options: rooms),
                b.field("interviewer", "justice.field.interviewer", "text"),
                b.field("trained", "justice.field.trained", "checkbox"),
                b.field("protocolName", "justice.field.protocol", "text"),
                b.field("observers", "justice.field.observers", "text"),
                b.field("recording", "justice.field.recording", "text"),
                b.field("supportPerson", "justice.field.support_person", "text"),
                b.field("interpreter", "justice.field.interpreter", "text"),
            ], note: failed == "interview" ? errors["_form"] : nil))
        }
        if held > 0 && waiting == nil && !approved {
            let b = builder("request")
            forms.append(StepForm(id: "request-form", title: req.t("justice.step.request"), action: AppRoute.justiceWitnessStep(id, "request").path,
                                  button: req.t("justice.step.request.save"), version: nil, fields: [b.field("reason", "justice.field.reason", "textarea")],
                                  note: req.t("justice.interview.one_rule")))
        }
        if let waiting, AccessPolicy.allows(me.role, .approveInterviews), waiting.requestedBy != me.id {
            let b = builder("decide")
            forms.append(StepForm(id: "decide-form", title: req.t("justice.step.decide_interview"), action: AppRoute.justiceWitnessStep(id, "decide").path,
                                  button: req.t("justice.step.decide_interview.save"), version: nil, fields: [
                b.field("approve", "justice.field.approve", "select",
                        options: ["yes", "no"].map { SelectOption(value: $0, label: req.t("justice.approve.\($0)"), selected: false) }),
                b.field("note", "justice.field.note", "textarea"),
            ], note: waiting.reason))
        }
        try await req.audit.record(.justiceViewed, recordType: "justice_witness", recordID: id.uuidString, detail: witness.number)
        return try await req.page("justice/record", titleKey: "justice.witness.title", titleArguments: ["number": witness.number], status: status, RecordPage(
            number: witness.number, child: PersonProfile.fullName(witness.child) + " · " + age(witness.child, req: req), childHref: nil,
            status: req.t("justice.witness_role.\(witness.role)"), warnings: held > 1 ? [req.t("justice.interview.more_than_one")] : [],
            sections: [Section(id: "witness", title: req.t("justice.section.witness"), facts: facts, lines: []),
                       Section(id: "interviews", title: req.t("justice.section.interviews"), facts: [], lines: lines)],
            forms: forms, history: [], csrf: req.csrfToken))
    }

    @Sendable static func showWitness(req: Request) async throws -> Response {
        let me = try await req.require(.workWitnesses)
        return try await renderWitness(req, try await loadWitness(req, me))
    }

    @Sendable static func witnessStep(req: Request) async throws -> Response {
        let me = try await req.require(.workWitnesses)
        let witness = try await loadWitness(req, me)
        let step = req.parameters.get("step") ?? ""
        if step == "decide" { _ = try await req.require(.approveInterviews) }
        let raw = try req.content.decode([String: String].self)
        let justice = req.justice
        return try await req.submitForm(kept: raw, render: { kept, errors, status in
            try await renderWitness(req, witness, failed: step, form: kept, errors: errors, status: status)
        }, conflict: { key in
            try await renderWitness(req, witness, failed: step, form: raw, errors: ["_form": req.t(key)], status: .conflict)
        }) {
            switch step {
            case "interview":
                try await justice.recordInterview(witness, .init(heldAt: raw["heldAt"], room: raw["room"], interviewer: raw["interviewer"], trained: raw["trained"],
                                                                 protocolName: raw["protocolName"], observers: raw["observers"], recording: raw["recording"],
                                                                 supportPerson: raw["supportPerson"], interpreter: raw["interpreter"]))
            case "request": try await justice.requestInterview(witness, .init(reason: raw["reason"]))
            case "decide": try await justice.decideInterview(witness, .init(approve: raw["approve"], note: raw["note"]))
            default: throw AppError.notFound
            }
            return .redirect(path: AppRoute.justiceWitness(witness.id!).path + "#interviews", flash: "justice.flash.saved")
        }
    }

    // MARK: places

    /// The register (for those who keep it) or the same list for inspection (the monitor).
    @Sendable static func places(req: Request) async throws -> Response {
        let forInspection = req.url.path == AppRoute.justiceInspections.path
        let me = try await req.require(forInspection ? .inspectPlaces : .managePlaces)
        let page = try await JusticeQueries(db: req.db).places(for: me).sort(\.$name).sort(\.$id).readPage(req.pageNumber, perPage: 50)
        let yearAgo = CalendarDate.today.adding(days: -365).iso
        let queries = JusticeQueries(db: req.db)
        let heldNow = try await queries.heldNow(at: page.rows.compactMap(\.id))
        let lastInspected = try await queries.lastInspected(page.rows.compactMap(\.id))
        var rows: [Row] = []
        for p in page.rows {
            let last = lastInspected[p.id!]
            let held = heldNow[p.id!] ?? 0
            var flags: [String] = []
            if p.kindValue.holdsChildren && (last ?? "") < yearAgo { flags.append(req.t("justice.place.not_inspected")) }
            if p.kindValue.holdsChildren && !p.separatesAdults { flags.append(req.t("justice.detention.not_separated")) }
            rows.append(Row(href: AppRoute.justicePlace(p.id!).path, number: req.t("justice.place_kind.\(p.kind)"), child: p.name,
                            label: p.kindValue.holdsChildren ? req.t("justice.place.held_now", ["count": String(held), "capacity": String(p.capacity)]) : "",
                            when: last.map(JusticeText.day) ?? "—", flag: flags.isEmpty ? nil : flags.joined(separator: " · ")))
        }
        return try await req.page("justice/list", titleKey: "justice.places.title", ListPage(
            title: req.t("justice.places.title"), rows: rows, pager: page.links(forInspection ? AppRoute.justiceInspections.path : AppRoute.justicePlaces.path),
            newHref: AccessPolicy.allows(me.role, .managePlaces) ? AppRoute.justicePlaceNew.path : nil, newLabel: req.t("justice.places.add")))
    }

    static func renderNewPlace(_ req: Request, form: [String: String] = [:], errors: [String: String] = [:], status: HTTPResponseStatus = .ok) async throws -> Response {
        let b = FormBuilder(req: req, form: form, errors: errors, active: true)
        return try await req.page("justice/form", titleKey: "justice.places.add", status: status, SimpleFormPage(
            heading: req.t("justice.places.add"), subheading: "",
            forms: [StepForm(id: "place-form", title: "", action: AppRoute.justicePlaceNew.path, button: req.t("justice.places.save"), version: nil, fields: [
                b.field("name", "justice.field.name", "text"),
                b.field("kind", "justice.field.place_kind", "select", options: b.choices(JusticePlaceKind.self, "justice.place_kind.")),
                b.field("territoryCode", "justice.field.territory_code", "text"),
                b.field("capacity", "justice.field.capacity", "number"),
                b.field("separatesAdults", "justice.field.separates_adults", "checkbox"),
                b.field("complaintsMechanism", "justice.field.complaints_mechanism", "checkbox"),
            ], note: nil)], csrf: req.csrfToken))
    }

    @Sendable static func newPlace(req: Request) async throws -> Response {
        _ = try await req.require(.managePlaces)
        return try await renderNewPlace(req)
    }

    @Sendable static func createPlace(req: Request) async throws -> Response {
        _ = try await req.require(.managePlaces)
        let draft = try req.content.decode(JusticeService.PlaceDraft.self)
        let justice = req.justice
        return try await req.submitForm(kept: draft.values, render: { kept, errors, status in
            try await renderNewPlace(req, form: kept, errors: errors, status: status)
        }) {
            let place = try await justice.addPlace(draft)
            return .redirect(path: AppRoute.justicePlace(place.id!).path, flash: "justice.flash.saved")
        }
    }

    static func loadPlace(_ req: Request, _ me: CurrentUser) async throws -> JusticePlace {
        guard let id = req.parameters.get("id", as: UUID.self), let place = try await JusticeQueries(db: req.db).places(for: me).filter(\.$id == id).first() else {
            throw AppError.notFound
        }
        return place
    }

    static func renderPlace(_ req: Request, _ place: JusticePlace, form: [String: String] = [:], errors: [String: String] = [:], status: HTTPResponseStatus = .ok) async throws -> Response {
        let me = try await req.requireAny([.managePlaces, .inspectPlaces])
        let id = try place.requireID()
        let inspections = try await Inspection.query(on: req.db).filter(\.$place.$id == id).sort(\.$inspectedOn, .descending).limit(100).all()
        let held = try await Detention.query(on: req.db).filter(\.$place.$id == id).filter(\.$releasedAt == nil).count()
        let facts = [
            Fact(label: req.t("justice.field.place_kind"), value: req.t("justice.place_kind.\(place.kind)"), warn: false),
            Fact(label: req.t("justice.field.capacity"), value: req.t("justice.place.held_now", ["count": String(held), "capacity": String(place.capacity)]), warn: held > place.capacity),
            Fact(label: req.t("justice.field.separates_adults"), value: req.t(place.separatesAdults ? "justice.yes" : "justice.no"), warn: !place.separatesAdults && place.kindValue.holdsChildren),
            Fact(label: req.t("justice.field.complaints_mechanism"), value: req.t(place.complaintsMechanism ? "justice.yes" : "justice.no"), warn: !place.complaintsMechanism && place.kindValue.holdsChildren),
        ]
        let lines = inspections.map {
            JusticeText.day($0.inspectedOn) + " · " + $0.inspector + ($0.independent ? " (" + req.t("justice.inspection.independent") + ")" : "")
                + " · " + $0.findings + ($0.followUp.isEmpty ? "" : " · " + req.t("justice.field.follow_up") + ": " + $0.followUp)
        }
        var forms: [StepForm] = []
        if AccessPolicy.allows(me.role, .inspectPlaces) {
            let b = FormBuilder(req: req, form: form, errors: errors, active: true)
            forms.append(StepForm(id: "inspection-form", title: req.t("justice.step.inspect"), action: AppRoute.justicePlace(id).path + "/inspect",
                                  button: req.t("justice.step.inspect.save"), version: nil, fields: [
                b.field("inspectedOn", "justice.field.inspected_on", "date", initial: CalendarDate.today.display),
                b.field("inspector", "justice.field.inspector", "text", initial: me.fullName),
                b.field("independent", "justice.field.independent", "checkbox", initial: me.role == .independentMonitor ? "on" : ""),
                b.field("findings", "justice.field.findings", "textarea"),
                b.field("followUp", "justice.field.follow_up", "textarea"),
            ], note: nil))
        }
        return try await req.page("justice/record", titleKey: "justice.place.title", titleArguments: ["number": place.name], status: status, RecordPage(
            number: place.name, child: "", childHref: nil, status: req.t("justice.place_kind.\(place.kind)"), warnings: [],
            sections: [Section(id: "place", title: req.t("justice.section.place"), facts: facts, lines: []),
                       Section(id: "inspections", title: req.t("justice.section.inspections"), facts: [], lines: lines)],
            forms: forms, history: [], csrf: req.csrfToken))
    }

    @Sendable static func showPlace(req: Request) async throws -> Response {
        let me = try await req.requireAny([.managePlaces, .inspectPlaces])
        return try await renderPlace(req, try await loadPlace(req, me))
    }

    @Sendable static func inspectPlace(req: Request) async throws -> Response {
        let me = try await req.require(.inspectPlaces)
        let place = try await loadPlace(req, me)
        let draft = try req.content.decode(JusticeService.InspectionDraft.self)
        let justice = req.justice
        return try await req.submitForm(kept: draft.values, render: { kept, errors, status in
            try await renderPlace(req, place, form: kept, errors: errors, status: status)
        }) {
            try await justice.inspect(place, draft)
            return .redirect(path: AppRoute.justicePlace(place.id!).path + "#inspections", flash: "justice.flash.saved")
        }
    }
}
