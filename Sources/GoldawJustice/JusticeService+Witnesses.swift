import Fluent
import Foundation
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// The register of places with their inspections, and child victims and witnesses with the
/// one-interview rule.
extension JusticeService {
    // MARK: places

    package struct PlaceDraft: Content, Sendable {
        package var name: String?
        package var kind: String?
        package var territoryCode: String?
        package var capacity: String?
        package var separatesAdults: String?
        package var complaintsMechanism: String?

        package init(name: String? = nil, kind: String? = nil, territoryCode: String? = nil, capacity: String? = nil,
                     separatesAdults: String? = nil, complaintsMechanism: String? = nil) {
            self.name = name
            self.kind = kind
            self.territoryCode = territoryCode
            self.capacity = capacity
            self.separatesAdults = separatesAdults
            self.complaintsMechanism = complaintsMechanism
        }

        package var values: [String: String] {
            ["name": name ?? "", "kind": kind ?? "", "territoryCode": territoryCode ?? "", "capacity": capacity ?? "",
             "separatesAdults": separatesAdults ?? "", "complaintsMechanism": complaintsMechanism ?? ""]
        }
    }

    /// A place of detention or an interview room. A place that holds children gets an organisation
    /// of its own, so that its staff accounts see its children only.
    package func addPlace(_ draft: PlaceDraft) async throws -> JusticePlace {
        guard let actor else { throw AppError.forbidden }
        var check = Check()
        let name = check.text("name", draft.name, limit: 200)
        let kind = check.choice("kind", draft.kind, JusticePlaceKind.self)
        let capacity = check.number("capacity", draft.capacity, range: 0...5_000)
        var unit: Territory?
        switch try await TerritoryLookup.find(draft.territoryCode ?? "", on: today.iso, levels: TerritoryLookup.etrapLevels, within: actor.scope, db: db) {
        case .found(let found): unit = found
        case .unknown: check.add("territoryCode", "registry.territory_unknown")
        case .outsideScope: check.add("territoryCode", "registry.territory_outside_scope")
        }
        try check.done()
        guard let kind, let capacity, let unit else { return JusticePlace() }
        let audit = self.audit
        return try await db.writing { tx in
            let place = JusticePlace()
            place.id = AppClock.newID()
            place.name = name
            place.kind = kind.rawValue
            place.capacity = capacity
            place.separatesAdults = draft.separatesAdults == "on"
            place.complaintsMechanism = draft.complaintsMechanism == "on"
            place.$territory.id = unit.id
            place.territoryPath = unit.path
            place.active = true
            place.version = 1
            if kind.holdsChildren && kind != .policeCustody {
                let organisation = Organisation(name: name, territoryID: try unit.requireID())
                try await organisation.create(on: tx)
                place.organisationID = organisation.id
            }
            try await place.create(on: tx)
            try await audit.on(tx).record(.justicePlaceChanged, recordType: "justice_place", recordID: place.id!.uuidString, detail: "added \(kind.rawValue)")
            return place
        }
    }

    package struct InspectionDraft: Content, Sendable {
        package var inspectedOn: String?
        package var inspector: String?
        package var independent: String?
        package var findings: String?
        package var followUp: String?

        package init(inspectedOn: String? = nil, inspector: String? = nil, independent: String? = nil, findings: String? = nil, followUp: String? = nil) {
            self.inspectedOn = inspectedOn
            self.inspector = inspector
            self.independent = independent
            self.findings = findings
            self.followUp = followUp
        }

        package var values: [String: String] {
            ["inspectedOn": inspectedOn ?? "", "inspector": inspector ?? "", "independent": independent ?? "",
             "findings": findings ?? "", "followUp": followUp ?? ""]
        }
    }

    /// An inspection. One recorded by the independent monitor is independent whatever the box says.
    package func inspect(_ place: JusticePlace, _ draft: InspectionDraft) async throws {
        guard let actor else { throw AppError.forbidden }
        var check = Check()
        let on = check.date("inspectedOn", draft.inspectedOn)
        if let on, on > today { check.add("inspectedOn", "justice.validation.future") }
        let inspector = check.text("inspector", draft.inspector, limit: 300)
        let findings = check.text("findings", draft.findings)
        let followUp = check.text("followUp", draft.followUp, required: false)
        try check.done()
        guard let on else { return }
        let placeID = try place.requireID()
        let audit = self.audit
        try await db.writing { tx in
            let row = Inspection()
            row.id = AppClock.newID()
            row.$place.id = placeID
            row.inspectedOn = on.iso
            row.inspector = inspector
            row.independent = actor.role == .independentMonitor || draft.independent == "on"
            row.findings = findings
            row.followUp = followUp
            row.territoryPath = place.territoryPath
            row.recordedBy = actor.id
            row.createdAt = self.now
            try await row.create(on: tx)
            try await audit.on(tx).record(.justicePlaceChanged, recordType: "justice_place", recordID: placeID.uuidString, detail: "inspection \(on.iso)")
        }
    }

    // MARK: victims and witnesses

    package struct WitnessDraft: Content, Sendable {
        package var role: String?
        package var recordNumber: String?
        package var matter: String?
        package var support: String?
        package var informedOn: String?
        package var information: String?

        package init(role: String? = nil, recordNumber: String? = nil, matter: String? = nil, support: String? = nil,
                     informedOn: String? = nil, information: String? = nil) {
            self.role = role
            self.recordNumber = recordNumber
            self.matter = matter
            self.support = support
            self.informedOn = informedOn
            self.information = information
        }

        package var values: [String: String] {
            ["role": role ?? "", "recordNumber": recordNumber ?? "", "matter": matter ?? "", "support": support ?? "",
             "informedOn": informedOn ?? "", "information": information ?? ""]
        }
    }

    /// A child victim or witness. The justice record named must be one the user may read.
    package func addWitness(child: Person, _ draft: WitnessDraft) async throws -> ChildWitness {
        guard let actor else { throw AppError.forbidden }
        var check = Check()
        if child.mergedIntoID != nil || child.deathDate != nil { check.add("child", "justice.validation.not_a_child") }
        if let born = CalendarDate(iso: child.birthDate), Age.years(born: born, on: today) >= 18 { check.add("child", "justice.validation.not_a_child") }
        let role = check.choice("role", draft.role, WitnessRole.self)
        let matter = check.text("matter", draft.matter, limit: 2_000)
        let support = check.text("support", draft.support, required: false)
        let informedOn = check.date("informedOn", draft.informedOn, required: false)
        if let informedOn, informedOn > today { check.add("informedOn", "justice.validation.future") }
        let information = check.text("information", draft.information, required: false)
        var recordID: UUID?
        let number = (draft.recordNumber ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        if !number.isEmpty {
            let record = try await JusticeRecord.query(on: db).filter(\.$number == number).first()
            if let record, actor.scope.contains(territoryPath: record.territoryPath) { recordID = record.id } else { check.add("recordNumber", "justice.validation.record_unknown") }
        }
        try check.done()
        guard let role else { throw AppError.invalid(check.problems) }
        let linked = recordID
        let territory = try await child.$territory.get(on: db)
        let childID = try child.requireID()
        let audit = self.audit
        return try await db.writing { tx in
            let witness = ChildWitness()
            witness.id = AppClock.newID()
            let prefix = CaseNumber.regionCode(ofPath: child.territoryPath).flatMap { CaseNumber.prefixes[$0] } ?? "TM"
            let sequence = try await Counters.next("witness-\(prefix)-\(self.today.year)", on: tx)
            witness.number = "VW-\(prefix)-\(self.today.year)-" + String(format: "%06d", sequence)
            witness.$child.id = childID
            witness.role = role.rawValue
            witness.recordID = linked
            witness.matter = matter
            witness.support = support
            witness.informedOn = informedOn?.iso
            witness.information = information
            witness.$worker.id = actor.role == .socialWorker ? actor.id : nil
            witness.$territory.id = territory?.id
            witness.territoryPath = child.territoryPath
            witness.createdAt = self.now
            witness.version = 1
            try await witness.create(on: tx)
            try await audit.on(tx).record(.justiceWitnessChanged, recordType: "justice_witness", recordID: witness.id!.uuidString,
                                          detail: "\(witness.number) person \(child.number)")
            return witness
        }
    }

    package struct InterviewDraft: Content, Sendable {
        package var heldAt: String?
        package var room: String?
        package var interviewer: String?
        package var trained: String?
        package var protocolName: String?
        package var observers: String?
        package var recording: String?
        package var supportPerson: String?
        package var interpreter: String?

        package init(heldAt: String? = nil, room: String? = nil, interviewer: String? = nil, trained: String? = nil, protocolName: String? = nil,
                     observers: String? = nil, recording: String? = nil, supportPerson: String? = nil, interpreter: String? = nil) {
            self.heldAt = heldAt
            self.room = room
            self.interviewer = interviewer
            self.trained = trained
            self.protocolName = protocolName
            self.observers = observers
            self.recording = recording
            self.supportPerson = supportPerson
            self.interpreter = interpreter
        }

        package var values: [String: String] {
            ["heldAt": heldAt ?? "", "room": room ?? "", "interviewer": interviewer ?? "", "trained": trained ?? "",
             "protocolName": protocolName ?? "", "observers": observers ?? "", "recording": recording ?? "",
             "supportPerson": supportPerson ?? "", "interpreter": interpreter ?? ""]
        }
    }

    /// Records an interview held. The first needs nothing more; any further one only when a
    /// supervisor approved a request for it (the one-interview rule), and it takes that approval.
    package func recordInterview(_ witness: ChildWitness, _ draft: InterviewDraft) async throws {
        var check = Check()
        let witnessID = try witness.requireID()
        let all = try await Interview.query(on: db).filter(\.$witness.$id == witnessID).all()
        let held = all.filter { $0.statusValue == .held }.count
        let approved = all.first { $0.statusValue == .approved }
        if InterviewRule.next(held: held) == .reasonAndApproval && approved == nil {
            check.add("heldAt", "justice.validation.second_interview")
        }
        let at = check.moment("heldAt", draft.heldAt)
        if let at, at.secondsSince1970 > nowSeconds + 60 { check.add("heldAt", "justice.validation.future") }
        var room: JusticePlace?
        if let id = draft.room.flatMap(UUID.init(uuidString:)) {
            room = try await JusticePlace.find(id, on: db)
            if room?.kindValue != .interviewRoom { check.add("room", "validation.choose"); room = nil }
        } else {
            check.add("room", "validation.choose")
        }
        let interviewer = check.text("interviewer", draft.interviewer, limit: 300)
        let protocolName = check.text("protocolName", draft.protocolName, limit: 300)
        let observers = check.text("observers", draft.observers, required: false, limit: 1_000)
        let recording = check.text("recording", draft.recording, limit: 300)
        let support = check.text("supportPerson", draft.supportPerson, required: false, limit: 300)
        let interpreter = check.text("interpreter", draft.interpreter, required: false, limit: 300)
        try check.done()
        guard let at else { return }
        let audit = self.audit
        let path = witness.territoryPath
        let roomID = room?.id
        try await db.writing { tx in
            let row = approved ?? Interview()
            if approved == nil {
                row.id = AppClock.newID()
                row.$witness.id = witnessID
                row.ordinal = held + 1
                row.territoryPath = path
                row.createdAt = self.now
            }
            row.status = InterviewStatus.held.rawValue
            row.heldAt = self.date(at)
            row.$room.id = roomID
            row.interviewer = interviewer
            row.trained = draft.trained == "on"
            row.protocolName = protocolName
            row.observers = observers
            row.recording = recording
            row.supportPerson = support
            row.interpreter = interpreter
            try await row.save(on: tx)
            try await audit.on(tx).record(.justiceInterviewChanged, recordType: "justice_witness", recordID: witnessID.uuidString,
                                          detail: "\(witness.number) interview \(row.ordinal) held")
        }
    }

    package struct RepeatDraft: Content, Sendable {
        package var reason: String?
        package init(reason: String? = nil) { self.reason = reason }
    }

    /// Asks for a further interview, with the reason; it waits for a supervisor.
    package func requestInterview(_ witness: ChildWitness, _ draft: RepeatDraft) async throws {
        guard let actor else { throw AppError.forbidden }
        var check = Check()
        let witnessID = try witness.requireID()
        let all = try await Interview.query(on: db).filter(\.$witness.$id == witnessID).all()
        let held = all.filter { $0.statusValue == .held }.count
        if held == 0 { check.add("reason", "justice.validation.first_interview_first") }
        if all.contains(where: { $0.statusValue == .requested || $0.statusValue == .approved }) { check.add("reason", "justice.validation.request_open") }
        let reason = check.text("reason", draft.reason, limit: 4_000)
        try check.done()
        let ordinal = (all.map(\.ordinal).max() ?? 0) + 1
        let audit = self.audit
        try await db.writing { tx in
            let row = Interview()
            row.id = AppClock.newID()
            row.$witness.id = witnessID
            row.ordinal = ordinal
            row.status = InterviewStatus.requested.rawValue
            row.interviewer = ""
            row.trained = false
            row.protocolName = ""
            row.observers = ""
            row.recording = ""
            row.supportPerson = ""
            row.interpreter = ""
            row.reason = reason
            row.requestedBy = actor.id
            row.territoryPath = witness.territoryPath
            row.createdAt = self.now
            try await row.create(on: tx)
            try await audit.on(tx).record(.justiceInterviewChanged, recordType: "justice_witness", recordID: witnessID.uuidString,
                                          detail: "\(witness.number) interview \(ordinal) requested")
        }
    }

    package struct ApprovalDraft: Content, Sendable {
        package var approve: String?
        package var note: String?
        package init(approve: String? = nil, note: String? = nil) {
            self.approve = approve
            self.note = note
        }
    }

    /// A supervisor approves or refuses a request for a further interview, never their own.
    package func decideInterview(_ witness: ChildWitness, _ draft: ApprovalDraft) async throws {
        guard let actor else { throw AppError.forbidden }
        var check = Check()
        let witnessID = try witness.requireID()
        let request = try await Interview.query(on: db).filter(\.$witness.$id == witnessID).filter(\.$status == InterviewStatus.requested.rawValue).first()
        if request == nil { check.add("approve", "justice.validation.no_request") }
        if request?.requestedBy == actor.id { check.add("approve", "justice.validation.own_request") }
        let approve = draft.approve == "yes" ? true : (draft.approve == "no" ? false : nil)
        if approve == nil { check.add("approve", "validation.choose") }
        let note = check.text("note", draft.note, required: approve == false, limit: 4_000)
        try check.done()
        guard let request, let approve else { return }
        let audit = self.audit
        try await db.writing { tx in
            // Only a request still waiting moves: a second decision at the same moment finds none.
            let sql = tx as! any SQLDatabase
            let moved = try await sql.update(Interview.schema)
                .set("status", to: SQLBind((approve ? InterviewStatus.approved : .refused).rawValue))
                .set("decided_by", to: SQLBind(actor.id)).set("decided_at", to: SQLBind(self.now)).set("decision_note", to: SQLBind(note))
                .where("id", .equal, SQLBind(try request.requireID())).where("status", .equal, SQLBind(InterviewStatus.requested.rawValue))
                .returning("id").all()
            guard !moved.isEmpty else { throw AppError.conflict("error.stale") }
            try await audit.on(tx).record(.justiceInterviewChanged, recordType: "justice_witness", recordID: witnessID.uuidString,
                                          detail: "\(witness.number) interview \(request.ordinal) \(approve ? "approved" : "refused")")
        }
    }
}
