import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// Gatekeeping: a worker brings a child with the assessment and the alternatives weighed; a
/// commission with its quorum hears the child and decides; a placement starts only from a decision.
extension CareService {
    package struct RequestDraft: Content {
        package var type: String?
        package var setting: String?
        package var carer: String?
        package var reasons: [String]?
        package var assessedOn: String?
        package var familyAssessment: String?
        package var childViews: String?
        package var exception: String?
        package var exceptionUntil: String?
        package var caseNumber: String?
        /// Why each alternative was not enough, by `CareAlternative` raw value.
        package var familySupport: String?
        package var kinship: String?
        package var guardianship: String?
        package var foster: String?
        package var familySupportService: String?

        package var values: [String: String] {
            let all: [String: String?] = [
                "type": type, "setting": setting, "carer": carer, "assessedOn": assessedOn, "familyAssessment": familyAssessment,
                "childViews": childViews, "exception": exception, "exceptionUntil": exceptionUntil, "caseNumber": caseNumber,
                "family_support": familySupport, "kinship": kinship, "guardianship": guardianship, "foster": foster,
                "familySupportService": familySupportService,
            ]
            return all.compactMapValues { $0 }
        }

        package func alternative(_ option: CareAlternative) -> String {
            switch option {
            case .familySupport: familySupport ?? ""
            case .kinship: kinship ?? ""
            case .guardianship: guardianship ?? ""
            case .foster: foster ?? ""
            }
        }

        package init(type: String? = nil, setting: String? = nil, carer: String? = nil, reasons: [String]? = nil, assessedOn: String? = nil,
                     familyAssessment: String? = nil, childViews: String? = nil, exception: String? = nil, exceptionUntil: String? = nil,
                     caseNumber: String? = nil, familySupport: String? = nil, kinship: String? = nil, guardianship: String? = nil,
                     foster: String? = nil, familySupportService: String? = nil) {
            self.type = type; self.setting = setting; self.carer = carer; self.reasons = reasons; self.assessedOn = assessedOn
            self.familyAssessment = familyAssessment; self.childViews = childViews; self.exception = exception
            self.exceptionUntil = exceptionUntil; self.caseNumber = caseNumber; self.familySupport = familySupport
            self.kinship = kinship; self.guardianship = guardianship; self.foster = foster; self.familySupportService = familySupportService
        }
    }

    /// Whether the registry knows the child to have a disability: an official status in force, or
    /// a functional difficulty in the latest functioning record.
    package func hasDisability(_ child: Person, on date: CalendarDate) async throws -> Bool {
        let id = try child.requireID()
        if try await RegistryFacts(db: db).hasOfficialDisability(id, on: date) { return true }
        let latest = try await FunctioningRecord.query(on: db).filter(\.$person.$id == id).sort(\.$interviewDate, .descending).first()
        return latest?.hasDifficulty == true
    }

    /// The worker prepares the file the commission will hear. A request for residential care must
    /// say why each family-based option was not enough; for a child under 3 it also names the
    /// exception that could allow it.
    package func prepareRequest(for child: Person, _ draft: RequestDraft) async throws -> CareRequest {
        guard let actor else { throw AppError.forbidden }
        var check = Check()
        let born = CalendarDate(iso: child.birthDate) ?? .distantPast
        if child.mergedIntoID != nil || child.deathDate != nil || Age.years(born: born, on: today) >= 18 {
            check.add("child", "care.validation.not_a_child")
        }
        let type = check.choice("type", draft.type, CareType.self)
        let reasons = Set((draft.reasons ?? []).compactMap(EntryReason.init(rawValue:)))
        if reasons.isEmpty || reasons.count != (draft.reasons ?? []).count { check.add("reasons", "care.validation.reasons") }
        let assessed = check.date("assessedOn", draft.assessedOn, notAfter: today)
        let assessment = check.text("familyAssessment", draft.familyAssessment)
        let views = check.text("childViews", draft.childViews)
        var alternatives: [(CareAlternative, String)] = []
        for option in CareAlternative.allCases {
            let why = check.text(option.rawValue, draft.alternative(option), required: type?.isResidential == true, limit: 4000)
            if !why.isEmpty { alternatives.append((option, why)) }
        }
        var service: UUID?
        if let raw = draft.familySupportService, !raw.isEmpty {
            guard let id = UUID(uuidString: raw) else { check.add("familySupportService", "validation.choose"); try check.done(); throw AppError.forbidden }
            service = id
        }
        var setting: CareSetting?
        var carer: Carer?
        if type?.isResidential == true {
            if let raw = draft.setting, let id = UUID(uuidString: raw) { setting = try await CareSetting.find(id, on: db) }
            if setting == nil || setting?.active == false { check.add("setting", "validation.choose") }
        } else if type != nil, let raw = draft.carer, !raw.isEmpty {
            if let id = UUID(uuidString: raw) { carer = try await Carer.find(id, on: db) }
            if carer == nil { check.add("carer", "validation.choose") }
        }
        var exception: UnderThreeException?
        var until: CalendarDate?
        let underThree = CareRules.isUnderThree(born: born, on: today)
        if type?.isResidential == true && underThree {
            exception = check.choice("exception", draft.exception, UnderThreeException.self)
            until = check.date("exceptionUntil", draft.exceptionUntil, required: exception == .plannedShortStay)
            if let until, until.dayNumber - today.dayNumber > CareRules.underThreeMaxDays || until < today {
                check.add("exceptionUntil", "care.problem.exception_too_long")
            }
        }
        var caseID: UUID?
        let caseNumber = (draft.caseNumber ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        if !caseNumber.isEmpty {
            caseID = try await Domains.findRecord(.childProtectionCase, number: caseNumber, person: try child.requireID(), on: db)
            if caseID == nil { check.add("caseNumber", "care.validation.case_unknown") }
        }
        try check.done()
        let disability = try await hasDisability(child, on: today)
        let request = CareRequest()
        request.id = AppClock.newID()
        request.$child.id = try child.requireID()
        request.caseID = caseID
        request.caseNumber = caseID == nil ? nil : caseNumber
        request.$worker.id = actor.id
        let territoryID: UUID? = if let id = child.$territory.id { id } else {
            try await Territory.query(on: db).filter(\.$path == child.territoryPath).first()?.id
        }
        guard let territoryID else { throw AppError.invalid([.init(field: "child", key: "care.validation.no_territory")]) }
        request.$territory.id = territoryID
        request.territoryPath = child.territoryPath
        request.requestedType = type!.rawValue
        request.settingID = setting?.id
        request.carerID = carer?.id
        request.reasons = EntryReason.allCases.filter(reasons.contains).map(\.rawValue).joined(separator: ",")
        request.assessedOn = assessed!.iso
        request.familyAssessment = assessment
        request.childViews = views
        request.exception = exception?.rawValue
        request.exceptionUntil = until?.iso
        request.flagged = type!.isResidential && (underThree || disability)
        request.status = CareRequestStatus.prepared.rawValue
        request.createdAt = now
        request.version = 1
        let year = today.year
        let chosen = alternatives, familyService = service
        return try await db.writing { tx in
            let sequence = try await Counters.next("care-request-\(year)", on: tx)
            request.number = "CR-\(year)-" + String(format: "%05d", sequence)
            try await request.create(on: tx)
            for (option, why) in chosen {
                let row = CareAlternativeRow()
                row.$request.id = request.id!
                row.option = option.rawValue
                row.serviceID = option == .familySupport ? familyService : nil
                row.rejectedBecause = why
                try await row.create(on: tx)
            }
            try await audit.on(tx).record(.careRequestPrepared, recordType: "care_request", recordID: request.id!.uuidString,
                                          detail: "\(request.number) \(type!.rawValue)\(request.flagged ? " flagged" : "")")
            return request
        }
    }

    package func withdraw(_ request: CareRequest) async throws {
        guard request.statusValue == .prepared || request.statusValue == .onAgenda else { throw AppError.conflict("care.request.closed") }
        try await db.writing { tx in
            request.status = CareRequestStatus.withdrawn.rawValue
            request.sittingID = nil
            request.version += 1
            try await request.update(on: tx)
            try await audit.on(tx).record(.careRequestPrepared, recordType: "care_request", recordID: request.id!.uuidString, detail: "withdrawn")
        }
    }

    // MARK: sittings

    package struct SittingDraft: Content {
        package var territory: String?
        package var heldOn: String?
        package var place: String?
        package init(territory: String? = nil, heldOn: String? = nil, place: String? = nil) {
            self.territory = territory; self.heldOn = heldOn; self.place = place
        }
    }

    /// The members of the commission of a unit: the active commission members whose scope holds it.
    package func members(of path: String) async throws -> [User] {
        let codes = path.split(separator: "/").map(String.init)
        let ancestors = codes.indices.map { TerritoryPath.make(Array(codes[...$0])) }
        let inUnits = try await User.query(on: db).join(parent: \User.$territory).filter(\.$isActive == true)
            .filter(\.$roleRaw == Role.commissionMember.rawValue).filter(Territory.self, \.$path ~~ ancestors).all()
        return inUnits.sorted { $0.fullName < $1.fullName }
    }

    package func createSitting(_ draft: SittingDraft) async throws -> CareSitting {
        var check = Check()
        let unit = try await territory(draft.territory, field: "territory", check: &check)
        let held = check.date("heldOn", draft.heldOn)
        if let held, held < today.adding(days: -31) { check.add("heldOn", "care.validation.sitting_past") }
        let place = check.text("place", draft.place, limit: 200)
        try check.done()
        let members = try await members(of: unit!.path)
        let sitting = CareSitting()
        sitting.id = AppClock.newID()
        sitting.$territory.id = try unit!.requireID()
        sitting.territoryPath = unit!.path
        sitting.heldOn = held!.iso
        sitting.place = place
        sitting.status = "planned"
        sitting.chairID = actor?.id
        sitting.version = 1
        let code = unit!.code
        return try await db.writing { tx in
            let sequence = try await Counters.next("care-sitting-\(code)-\(held!.year)", on: tx)
            sitting.number = "\(code)-\(held!.year)-" + String(format: "%03d", sequence)
            try await sitting.create(on: tx)
            for member in members {
                let row = CareSittingMember()
                row.$sitting.id = sitting.id!
                row.$user.id = try member.requireID()
                row.present = false
                try await row.create(on: tx)
            }
            try await audit.on(tx).record(.careSittingChanged, recordType: "care_sitting", recordID: sitting.id!.uuidString, detail: "\(sitting.number) planned")
            return sitting
        }
    }

    /// Who is present: the quorum is counted from this.
    package func recordAttendance(_ sitting: CareSitting, present: Set<UUID>) async throws {
        guard sitting.status != "closed" else { throw AppError.conflict("care.sitting.closed") }
        let id = try sitting.requireID()
        try await db.writing { tx in
            let rows = try await CareSittingMember.query(on: tx).filter(\.$sitting.$id == id).all()
            for row in rows {
                row.present = present.contains(row.$user.id)
                try await row.update(on: tx)
            }
            if sitting.status == "planned" { sitting.status = "open"; sitting.version += 1; try await sitting.update(on: tx) }
            try await audit.on(tx).record(.careSittingChanged, recordType: "care_sitting", recordID: id.uuidString,
                                          detail: "attendance \(present.count) of \(rows.count)")
        }
    }

    package func addToAgenda(_ sitting: CareSitting, _ request: CareRequest) async throws {
        guard sitting.status != "closed" else { throw AppError.conflict("care.sitting.closed") }
        guard request.statusValue == .prepared else { throw AppError.conflict("care.request.not_prepared") }
        guard TerritoryPath.isWithin(request.territoryPath, ancestor: sitting.territoryPath) else {
            throw AppError.conflict("care.request.other_commission")
        }
        try await db.writing { tx in
            request.status = CareRequestStatus.onAgenda.rawValue
            request.sittingID = sitting.id
            request.version += 1
            try await request.update(on: tx)
            try await audit.on(tx).record(.careSittingChanged, recordType: "care_sitting", recordID: sitting.id!.uuidString,
                                          detail: "agenda + \(request.number)")
        }
    }

    package func close(_ sitting: CareSitting) async throws {
        guard sitting.status == "open" else { throw AppError.conflict("care.sitting.not_open") }
        let pending = try await CareRequest.query(on: db).filter(\.$sittingID == sitting.id).filter(\.$status == CareRequestStatus.onAgenda.rawValue).count()
        guard pending == 0 else { throw AppError.conflict("care.sitting.undecided") }
        try await db.writing { tx in
            sitting.status = "closed"
            sitting.closedAt = now
            sitting.version += 1
            try await sitting.update(on: tx)
            try await audit.on(tx).record(.careSittingChanged, recordType: "care_sitting", recordID: sitting.id!.uuidString, detail: "closed")
        }
    }

    // MARK: decisions

    package struct DecisionDraft: Content {
        package var outcome: String?
        package var type: String?
        package var setting: String?
        package var carer: String?
        package var start: String?
        package var legalBasis: String?
        package var reasoning: String?
        package var reasons: [String]?
        package var childHeard: String?
        package var parentsHeard: String?
        package var votesFor: String?
        package var votesAgainst: String?
        package var votesAbstain: String?
        package var dissent: String?
        package var siblings: String?

        package var values: [String: String] {
            let all: [String: String?] = [
                "outcome": outcome, "type": type, "setting": setting, "carer": carer, "start": start, "legalBasis": legalBasis,
                "reasoning": reasoning, "childHeard": childHeard, "parentsHeard": parentsHeard, "votesFor": votesFor,
                "votesAgainst": votesAgainst, "votesAbstain": votesAbstain, "dissent": dissent, "siblings": siblings,
            ]
            return all.compactMapValues { $0 }
        }

        package init(outcome: String? = nil, type: String? = nil, setting: String? = nil, carer: String? = nil, start: String? = nil,
                     legalBasis: String? = nil, reasoning: String? = nil, reasons: [String]? = nil, childHeard: String? = nil,
                     parentsHeard: String? = nil, votesFor: String? = nil, votesAgainst: String? = nil, votesAbstain: String? = nil,
                     dissent: String? = nil, siblings: String? = nil) {
            self.outcome = outcome; self.type = type; self.setting = setting; self.carer = carer; self.start = start
            self.legalBasis = legalBasis; self.reasoning = reasoning; self.reasons = reasons; self.childHeard = childHeard
            self.parentsHeard = parentsHeard; self.votesFor = votesFor; self.votesAgainst = votesAgainst
            self.votesAbstain = votesAbstain; self.dissent = dissent; self.siblings = siblings
        }
    }

    /// The quorum of a sitting as it stands: members present and members in all.
    package func attendance(_ sitting: CareSitting) async throws -> (present: Int, members: Int) {
        let rows = try await CareSittingMember.query(on: db).filter(\.$sitting.$id == sitting.requireID()).all()
        return (rows.filter(\.present).count, rows.count)
    }

    /// The commission decides for one child of its agenda. A placement decision starts the
    /// placement in the same transaction, with every gatekeeping rule applied; a residential one
    /// also records the child's full state support in the registry, which benefits follow.
    @discardableResult
    package func decide(_ sitting: CareSitting, _ request: CareRequest, _ draft: DecisionDraft) async throws -> CareDecision {
        guard let actor else { throw AppError.forbidden }
        guard sitting.status == "open" else { throw AppError.conflict("care.sitting.not_open") }
        guard request.sittingID == sitting.id, request.statusValue == .onAgenda else { throw AppError.conflict("care.request.not_on_agenda") }
        let (present, members) = try await attendance(sitting)
        guard CareRules.hasQuorum(present: present, members: members) else {
            throw AppError.invalid([.init(field: "quorum", key: "care.problem.no_quorum")])
        }
        var check = Check()
        let outcome = check.choice("outcome", draft.outcome, CareOutcome.self)
        let legalBasis = check.text("legalBasis", draft.legalBasis, limit: 500)
        let reasoning = check.text("reasoning", draft.reasoning)
        let yes = check.count("votesFor", draft.votesFor, range: 0...present)
        let no = check.count("votesAgainst", draft.votesAgainst, range: 0...present)
        let abstain = check.count("votesAbstain", draft.votesAbstain, range: 0...present)
        // The counts are weighed only when each is a number of members present.
        let countsRead = !check.problems.contains { $0.field.hasPrefix("votes") }
        if countsRead && yes + no + abstain > present { check.add("votesFor", "care.problem.votes_exceed") }
        else if countsRead && yes <= no { check.add("votesFor", "care.problem.not_carried") }
        let dissent = check.text("dissent", draft.dissent, required: no > 0, limit: 4000)
        let childHeard = draft.childHeard == "on" || draft.childHeard == "true"
        let parentsHeard = draft.parentsHeard == "on" || draft.parentsHeard == "true"
        try check.done()
        let child = try await request.$child.get(on: db)
        let decision = CareDecision()
        decision.id = AppClock.newID()
        decision.$sitting.id = try sitting.requireID()
        decision.$request.id = try request.requireID()
        decision.outcome = outcome!.rawValue
        decision.legalBasis = legalBasis
        decision.reasoning = reasoning
        decision.childHeard = childHeard
        decision.parentsHeard = parentsHeard
        decision.votesFor = yes
        decision.votesAgainst = no
        decision.votesAbstain = abstain
        decision.dissent = dissent.isEmpty ? nil : dissent
        decision.decidedAt = now
        decision.decidedBy = actor.id
        var placement: Placement?
        if outcome == .placement {
            placement = try await proposedPlacement(for: child, request: request, draft, check: &check)
            decision.careType = placement?.careType
            decision.settingID = placement?.$setting.id
            decision.carerID = placement?.$carer.id
            decision.startDate = placement?.startDate
            decision.reviewOn = placement?.nextReviewOn
        } else if outcome == .deferred {
            // Deferred: the child waits for a later agenda.
        }
        try check.done()
        let status = outcome == .deferred ? CareRequestStatus.prepared : .decided
        let made = placement
        return try await db.writing { tx in
            if let placement = made {
                try await lockChild(placement.$child.id, on: tx)
                try await checkNoOverlap(placement, on: tx)
                try await checkCarerRoom(placement, on: tx)
                decision.placementID = placement.id
                placement.decisionID = decision.id
                try await placement.create(on: tx)
                try await startStateSupport(placement, on: tx)
            }
            try await decision.create(on: tx)
            request.status = status.rawValue
            if status == .prepared { request.sittingID = nil }
            request.version += 1
            try await request.update(on: tx)
            try await audit.on(tx).record(.careDecided, recordType: "care_request", recordID: request.id!.uuidString,
                                          detail: "\(request.number) \(outcome!.rawValue) \(yes)-\(no)-\(abstain)")
            return decision
        }
    }

    /// The placement a decision would start, checked by the rules; problems go to `check`.
    func proposedPlacement(for child: Person, request: CareRequest, _ draft: DecisionDraft, check: inout Check) async throws -> Placement? {
        guard let type = check.choice("type", draft.type, CareType.self) else { return nil }
        guard let start = check.date("start", draft.start) else { return nil }
        let reasons = draft.reasons.map { Set($0.compactMap(EntryReason.init(rawValue:))) } ?? request.reasonSet
        let siblings = SiblingsPlacement(rawValue: draft.siblings ?? "none") ?? .none
        let born = CalendarDate(iso: child.birthDate) ?? .distantPast
        var setting: CareSetting?
        var carer: Carer?
        var capacity: CarerCapacity?
        if type.isResidential {
            if let raw = draft.setting, let id = UUID(uuidString: raw) { setting = try await CareSetting.find(id, on: db) }
            if setting == nil || setting?.active == false { check.add("setting", "validation.choose"); return nil }
        } else if let raw = draft.carer, let id = UUID(uuidString: raw) {
            carer = try await Carer.find(id, on: db)
            if let carer {
                capacity = CarerCapacity(status: carer.statusValue, kind: carer.kindValue,
                                         approvedUntil: carer.approvedUntil.flatMap(CalendarDate.init(iso:)),
                                         capacity: carer.capacity, placed: try await placedWith(carer: carer.requireID(), on: start))
            }
        }
        let others = try await Placement.query(on: db).filter(\.$child.$id == child.requireID()).all().compactMap(\.span)
        let exception = request.exception.flatMap(UnderThreeException.init(rawValue:))
        let until = request.exceptionUntil.flatMap(CalendarDate.init(iso:))
        let proposal = PlacementProposal(type: type, start: start, childBirth: born, reasons: reasons, gatekept: true,
                                         exception: exception, exceptionUntil: until, carer: capacity, others: others)
        for problem in CareRules.problems(proposal) { check.add(problem.field, "care.problem.\(problem.rawValue)") }
        guard check.problems.isEmpty else { return nil }
        let placement = Placement()
        placement.id = AppClock.newID()
        placement.$child.id = try child.requireID()
        placement.careType = type.rawValue
        placement.$setting.id = setting?.id
        placement.$carer.id = carer?.id
        placement.organisationID = setting?.organisationID
        placement.startDate = start.iso
        placement.legalBasis = (draft.legalBasis ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        placement.reasons = EntryReason.allCases.filter(reasons.contains).map(\.rawValue).joined(separator: ",")
        placement.gatekept = true
        placement.underThree = CareRules.isUnderThree(born: born, on: start)
        placement.disability = try await hasDisability(child, on: start)
        if type.isResidential && placement.underThree {
            placement.exception = exception?.rawValue
            placement.exceptionUntil = CareRules.exceptionEnd(start: start, until: until).iso
        }
        placement.siblings = siblings.rawValue
        placement.nextReviewOn = CareRules.reviewDue(start: start, lastReview: nil).iso
        placement.workerID = request.$worker.id
        placement.$territory.id = request.$territory.id
        placement.territoryPath = request.territoryPath
        placement.createdAt = now
        placement.version = 1
        return placement
    }

    /// Two placements of one child written at once must see each other: the child's registry row
    /// is locked for the transaction (SQLite holds one writer anyway).
    func lockChild(_ id: UUID, on tx: any Database) async throws {
        let sql = tx as! any SQLDatabase
        try await sql.raw("UPDATE persons SET version = version WHERE id = \(bind: id)").run()
    }

    func checkNoOverlap(_ placement: Placement, on tx: any Database) async throws {
        guard let span = placement.span else { return }
        let others = try await Placement.query(on: tx).filter(\.$child.$id == placement.$child.id).filter(\.$id != placement.id!).all()
        if others.compactMap(\.span).contains(where: { $0.overlaps(span) }) {
            throw AppError.invalid([.init(field: "start", key: "care.problem.overlaps")])
        }
    }

    func checkCarerRoom(_ placement: Placement, on tx: any Database) async throws {
        guard let carerID = placement.$carer.id, let carer = try await Carer.find(carerID, on: tx), let span = placement.span else { return }
        if try await placedWith(carer: carerID, on: span.start, on: tx) >= carer.capacity {
            throw AppError.invalid([.init(field: "carer", key: "care.problem.carer_full")])
        }
    }

    /// A child in residential care is on full state support: the registry circumstance benefits read.
    func startStateSupport(_ placement: Placement, on tx: any Database) async throws {
        guard placement.type.isResidential else { return }
        let row = PersonCircumstance()
        row.$person.id = placement.$child.id
        row.kind = Circumstance.fullStateSupport.rawValue
        row.fromDate = placement.startDate
        row.toDate = placement.endDate
        row.note = "care \(placement.id!.uuidString)"
        row.recordedBy = actor?.id
        try await row.create(on: tx)
        try await RecordChange(recordType: "person", recordID: placement.$child.id, field: "circumstance", old: nil,
                               new: "full_state_support \(placement.startDate)–", by: actor, at: now).create(on: tx)
    }

    func endStateSupport(_ placement: Placement, on end: CalendarDate, on tx: any Database) async throws {
        guard placement.type.isResidential else { return }
        let rows = try await PersonCircumstance.query(on: tx).filter(\.$person.$id == placement.$child.id)
            .filter(\.$kind == Circumstance.fullStateSupport.rawValue).filter(\.$note == "care \(placement.id!.uuidString)").all()
        for row in rows where row.toDate == nil || row.toDate! > end.iso {
            let old = row.toDate
            row.toDate = end.iso
            try await row.update(on: tx)
            try await RecordChange(recordType: "person", recordID: placement.$child.id, field: "circumstance",
                                   old: "full_state_support \(row.fromDate)–\(old ?? "")", new: "full_state_support \(row.fromDate)–\(end.iso)",
                                   by: actor, at: now).create(on: tx)
        }
    }

    // MARK: appeals

    package struct AppealDraft: Content {
        package var lodgedOn: String?
        package var lodgedBy: String?
        package var grounds: String?
        package init(lodgedOn: String? = nil, lodgedBy: String? = nil, grounds: String? = nil) {
            self.lodgedOn = lodgedOn; self.lodgedBy = lodgedBy; self.grounds = grounds
        }
    }

    package func appeal(_ decision: CareDecision, _ draft: AppealDraft) async throws -> CareAppeal {
        guard let actor else { throw AppError.forbidden }
        var check = Check()
        let lodged = check.date("lodgedOn", draft.lodgedOn, notAfter: today)
        let by = check.text("lodgedBy", draft.lodgedBy, limit: 200)
        let grounds = check.text("grounds", draft.grounds, limit: 4000)
        if let lodged, lodged < CalendarDate.ashgabat(secondsSince1970: decision.decidedAt.timeIntervalSince1970) {
            check.add("lodgedOn", "care.validation.before_decision")
        }
        try check.done()
        let appeal = CareAppeal()
        appeal.$decision.id = try decision.requireID()
        appeal.lodgedOn = lodged!.iso
        appeal.lodgedBy = by
        appeal.grounds = grounds
        appeal.recordedBy = actor.id
        try await db.writing { tx in
            try await appeal.create(on: tx)
            try await audit.on(tx).record(.careDecided, recordType: "care_decision", recordID: decision.id!.uuidString, detail: "appeal lodged")
        }
        return appeal
    }

    package func appealOutcome(_ appeal: CareAppeal, outcome raw: String?, on rawDate: String?) async throws {
        var check = Check()
        let outcome = check.text("outcome", raw, limit: 2000)
        let date = check.date("decidedOn", rawDate, notAfter: today)
        if let date, date.iso < appeal.lodgedOn { check.add("decidedOn", "care.validation.before_appeal") }
        guard appeal.outcome == nil else { throw AppError.conflict("care.appeal.decided") }
        try check.done()
        appeal.outcome = outcome
        appeal.decidedOn = date!.iso
        try await db.writing { tx in
            try await appeal.update(on: tx)
            try await audit.on(tx).record(.careDecided, recordType: "care_decision", recordID: appeal.$decision.id.uuidString, detail: "appeal decided")
        }
    }
}
