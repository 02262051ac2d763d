import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// The workforce registry: workers with their qualifications and trainings, funded posts and
/// who fills them, and the population table. One transaction and one audit record per change.
package struct WorkforceService {
    package let db: any Database
    package let actor: CurrentUser?
    package let audit: AuditService

    package static let etrapLevels = TerritoryLookup.etrapLevels

    private func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// An etrap the actor may work in (nil scope: anywhere), or a problem for `field`.
    private func etrap(_ raw: String, field: String, problems: inout [FieldProblem]) async throws -> Territory? {
        switch try await TerritoryLookup.find(raw, on: CalendarDate.today.iso, levels: Self.etrapLevels, within: actor?.scope, db: db) {
        case .unknown: problems.append(.init(field: field, key: "workforce.problem.etrap")); return nil
        case .outsideScope: problems.append(.init(field: field, key: "registry.territory_outside_scope")); return nil
        case .found(let unit): return unit
        }
    }

    package struct WorkerDraft: Sendable {
        package var fullName = ""
        package var postType = ""
        package var employer = ""
        package var territoryCode = ""
        package var startDate = ""
        package var endDate = ""

        package var formValues: [String: String] {
            ["fullName": fullName, "postType": postType, "employer": employer, "territoryCode": territoryCode,
             "startDate": startDate, "endDate": endDate]
        }
    
        package init(fullName: String = "", postType: String = "", employer: String = "", territoryCode: String = "", startDate: String = "", endDate: String = "") {
            self.fullName = fullName
            self.postType = postType
            self.employer = employer
            self.territoryCode = territoryCode
            self.startDate = startDate
            self.endDate = endDate
        }
    }

    package func createWorker(_ draft: WorkerDraft) async throws -> Worker {
        var problems: [FieldProblem] = []
        let name = trimmed(draft.fullName)
        if name.isEmpty { problems.append(.init(field: "fullName", key: "validation.required")) }
        else if let problem = NameText.problem(name, maximumScalars: 200) { problems.append(.init(field: "fullName", key: problem.rawValue)) }
        let type = PostType(rawValue: draft.postType)
        if type == nil { problems.append(.init(field: "postType", key: "validation.choose")) }
        let employer = trimmed(draft.employer)
        if employer.isEmpty { problems.append(.init(field: "employer", key: "validation.required")) }
        else if employer.count > 200 { problems.append(.init(field: "employer", key: "validation.too_long")) }
        let unit = try await etrap(draft.territoryCode, field: "territoryCode", problems: &problems)
        let (start, end) = dates(draft.startDate, draft.endDate, startField: "startDate", endField: "endDate", problems: &problems)
        guard problems.isEmpty, let type, let unit, let start else { throw AppError.invalid(problems) }
        return try await db.writing { tx in
            let worker = Worker()
            worker.number = Counters.format("W-", try await Counters.next("worker", on: tx))
            worker.fullName = name
            worker.postType = type.rawValue
            worker.employer = employer
            worker.$territory.id = unit.id!
            worker.territoryPath = unit.path
            worker.startDate = start.iso
            worker.endDate = end?.iso
            worker.version = 1
            try await worker.create(on: tx)
            try await audit.on(tx).record(.workforceChanged, recordType: "worker", recordID: worker.id!.uuidString, detail: "created \(worker.number)")
            return worker
        }
    }

    /// A start date and an optional end date not before it.
    private func dates(_ rawStart: String, _ rawEnd: String, startField: String, endField: String,
                       problems: inout [FieldProblem]) -> (CalendarDate?, CalendarDate?) {
        let start = CalendarDate(userInput: trimmed(rawStart))
        if start == nil { problems.append(.init(field: startField, key: "validation.date")) }
        var end: CalendarDate?
        if !trimmed(rawEnd).isEmpty {
            end = CalendarDate(userInput: trimmed(rawEnd))
            if end == nil { problems.append(.init(field: endField, key: "validation.date")) }
            else if let start, end! < start { problems.append(.init(field: endField, key: "workforce.problem.end_before_start")) }
        }
        return (start, end)
    }

    package func addQualification(to worker: Worker, field rawField: String, title rawTitle: String, year rawYear: String, institution rawInstitution: String) async throws {
        var problems: [FieldProblem] = []
        let field = DegreeField(rawValue: rawField)
        if field == nil { problems.append(.init(field: "field", key: "validation.choose")) }
        let title = trimmed(rawTitle), institution = trimmed(rawInstitution)
        if title.isEmpty { problems.append(.init(field: "title", key: "validation.required")) }
        if institution.isEmpty { problems.append(.init(field: "institution", key: "validation.required")) }
        if title.count > 200 || institution.count > 200 { problems.append(.init(field: "title", key: "validation.too_long")) }
        let year = Int(trimmed(rawYear))
        if year == nil || !(1950...CalendarDate.today.year).contains(year!) { problems.append(.init(field: "year", key: "validation.range")) }
        guard problems.isEmpty, let field, let year else { throw AppError.invalid(problems) }
        try await db.writing { tx in
            let row = WorkerQualification()
            row.$worker.id = try worker.requireID()
            row.field = field.rawValue
            row.title = title
            row.year = year
            row.institution = institution
            try await row.create(on: tx)
            try await audit.on(tx).record(.workforceChanged, recordType: "worker", recordID: worker.id!.uuidString, detail: "qualification \(field.rawValue)")
        }
    }

    package func addTraining(to worker: Worker, title rawTitle: String, hours rawHours: String, completedOn rawDate: String, certificate rawCertificate: String) async throws {
        var problems: [FieldProblem] = []
        let title = trimmed(rawTitle), certificate = trimmed(rawCertificate)
        if title.isEmpty { problems.append(.init(field: "title", key: "validation.required")) }
        else if title.count > 200 { problems.append(.init(field: "title", key: "validation.too_long")) }
        let hours = Int(trimmed(rawHours))
        if hours == nil || !(1...5000).contains(hours!) { problems.append(.init(field: "hours", key: "validation.range")) }
        let day = CalendarDate(userInput: trimmed(rawDate))
        if day == nil { problems.append(.init(field: "completedOn", key: "validation.date")) }
        if certificate.count > 200 { problems.append(.init(field: "certificate", key: "validation.too_long")) }
        guard problems.isEmpty, let hours, let day else { throw AppError.invalid(problems) }
        try await db.writing { tx in
            let row = WorkerTraining()
            row.$worker.id = try worker.requireID()
            row.title = title
            row.hours = hours
            row.completedOn = day.iso
            row.certificate = certificate.isEmpty ? nil : certificate
            try await row.create(on: tx)
            try await audit.on(tx).record(.workforceChanged, recordType: "worker", recordID: worker.id!.uuidString, detail: "training \(hours)h")
        }
    }

    package struct PostDraft: Sendable {
        package var postType = ""
        package var employer = ""
        package var territoryCode = ""
        package var fullTime = true
        package var fundedFrom = ""
        package var fundedTo = ""

        package var formValues: [String: String] {
            ["postType": postType, "employer": employer, "territoryCode": territoryCode, "fullTime": fullTime ? "1" : "",
             "fundedFrom": fundedFrom, "fundedTo": fundedTo]
        }
    
        package init(postType: String = "", employer: String = "", territoryCode: String = "", fullTime: Bool = true, fundedFrom: String = "", fundedTo: String = "") {
            self.postType = postType
            self.employer = employer
            self.territoryCode = territoryCode
            self.fullTime = fullTime
            self.fundedFrom = fundedFrom
            self.fundedTo = fundedTo
        }
    }

    package func createPost(_ draft: PostDraft) async throws -> Post {
        var problems: [FieldProblem] = []
        let type = PostType(rawValue: draft.postType)
        if type == nil { problems.append(.init(field: "postType", key: "validation.choose")) }
        let employer = trimmed(draft.employer)
        if employer.isEmpty { problems.append(.init(field: "employer", key: "validation.required")) }
        else if employer.count > 200 { problems.append(.init(field: "employer", key: "validation.too_long")) }
        let unit = try await etrap(draft.territoryCode, field: "territoryCode", problems: &problems)
        let (from, to) = dates(draft.fundedFrom, draft.fundedTo, startField: "fundedFrom", endField: "fundedTo", problems: &problems)
        guard problems.isEmpty, let type, let unit, let from else { throw AppError.invalid(problems) }
        return try await db.writing { tx in
            let post = Post()
            post.number = Counters.format("SP-", try await Counters.next("post", on: tx))
            post.postType = type.rawValue
            post.employer = employer
            post.$territory.id = unit.id!
            post.territoryPath = unit.path
            post.fullTime = draft.fullTime
            post.fundedFrom = from.iso
            post.fundedTo = to?.iso
            post.recruitmentStatus = RecruitmentStatus.notStarted.rawValue
            post.version = 1
            try await post.create(on: tx)
            try await audit.on(tx).record(.workforceChanged, recordType: "post", recordID: post.id!.uuidString, detail: "created \(post.number)")
            return post
        }
    }

    /// Puts a worker in a post from a date. Refused when the post is held by someone else in
    /// that period, or when the worker already holds another full-time post that overlaps.
    package func assign(_ post: Post, workerNumber rawNumber: String, start rawStart: String, end rawEnd: String, expectedVersion: Int) async throws {
        guard post.version == expectedVersion else { throw AppError.conflict("error.stale") }
        var problems: [FieldProblem] = []
        let number = trimmed(rawNumber).uppercased()
        let worker = number.isEmpty ? nil : try await Worker.query(on: db).filter(\.$number == number).first()
        if worker == nil || !(actor?.scope.kind == .national || actor?.scope.contains(territoryPath: worker!.territoryPath) == true) {
            problems.append(.init(field: "workerNumber", key: "workforce.problem.worker_unknown"))
        }
        let (start, end) = dates(rawStart, rawEnd, startField: "startDate", endField: "endDate", problems: &problems)
        guard problems.isEmpty, let worker, let start else { throw AppError.invalid(problems) }
        let tenure = Tenure(start: start.iso, end: end?.iso, fullTime: post.fullTime)
        let postID = try post.requireID()
        let holders = try await PostAssignment.query(on: db).filter(\.$post.$id == postID).all()
        if holders.contains(where: { $0.tenure.overlaps(tenure) }) {
            throw AppError.invalid([.init(field: "startDate", key: "workforce.problem.post_taken")])
        }
        let others = try await PostAssignment.query(on: db).filter(\.$worker.$id == worker.requireID()).all()
        if WorkforceRules.fullTimeClash(tenure, existing: others.map(\.tenure)) != nil {
            throw AppError.invalid([.init(field: "startDate", key: "workforce.problem.full_time_overlap")])
        }
        try await db.writing { tx in
            try await DirectoryService.bumpVersion(Post.schema, id: postID, expected: expectedVersion, on: tx)
            post.version = expectedVersion + 1
            let assignment = PostAssignment()
            assignment.$post.id = postID
            assignment.$worker.id = worker.id!
            assignment.startDate = tenure.start
            assignment.endDate = tenure.end
            assignment.fullTime = post.fullTime
            try await assignment.create(on: tx)
            try await audit.on(tx).record(.workforceChanged, recordType: "post", recordID: postID.uuidString,
                                          detail: "\(post.number) ← \(worker.number) from \(tenure.start)")
        }
    }

    package func setRecruitment(_ post: Post, status rawStatus: String, expectedVersion: Int) async throws {
        guard post.version == expectedVersion else { throw AppError.conflict("error.stale") }
        guard let status = RecruitmentStatus(rawValue: rawStatus) else { throw AppError.invalid([.init(field: "status", key: "validation.choose")]) }
        try await db.writing { tx in
            let id = try post.requireID()
            try await DirectoryService.bumpVersion(Post.schema, id: id, expected: expectedVersion, on: tx)
            post.version = expectedVersion + 1
            post.recruitmentStatus = status.rawValue
            try await post.save(on: tx)
            try await audit.on(tx).record(.workforceChanged, recordType: "post", recordID: id.uuidString, detail: "\(post.number) recruitment \(status.rawValue)")
        }
    }

    package func addPopulation(territoryCode rawCode: String, asOf rawDate: String, total rawTotal: String, children rawChildren: String, source rawSource: String) async throws {
        var problems: [FieldProblem] = []
        let code = trimmed(rawCode).uppercased()
        let unit = code.isEmpty ? nil : try await Territory.query(on: db).filter(\.$code == code).first()
        if unit == nil { problems.append(.init(field: "territoryCode", key: "validation.choose")) }
        let day = CalendarDate(userInput: trimmed(rawDate))
        if day == nil { problems.append(.init(field: "asOf", key: "validation.date")) }
        let total = Int(trimmed(rawTotal).replacingOccurrences(of: " ", with: ""))
        if total == nil || total! <= 0 { problems.append(.init(field: "total", key: "validation.type")) }
        var children: Int?
        if !trimmed(rawChildren).isEmpty {
            children = Int(trimmed(rawChildren).replacingOccurrences(of: " ", with: ""))
            if children == nil || children! < 0 { problems.append(.init(field: "children", key: "validation.type")) }
            else if let total, children! > total { problems.append(.init(field: "children", key: "workforce.problem.children_over_total")) }
        }
        let source = trimmed(rawSource)
        if source.isEmpty { problems.append(.init(field: "source", key: "validation.required")) }
        else if source.count > 200 { problems.append(.init(field: "source", key: "validation.too_long")) }
        if let unit, let day, try await PopulationFigure.query(on: db).filter(\.$territory.$id == unit.requireID()).filter(\.$asOf == day.iso).count() > 0 {
            problems.append(.init(field: "asOf", key: "workforce.problem.population_exists"))
        }
        guard problems.isEmpty, let unit, let day, let total else { throw AppError.invalid(problems) }
        let childCount = children
        try await db.writing { tx in
            let figure = PopulationFigure()
            figure.$territory.id = unit.id!
            figure.territoryPath = unit.path
            figure.asOf = day.iso
            figure.total = total
            figure.children = childCount
            figure.source = source
            figure.version = 1
            try await figure.create(on: tx)
            try await audit.on(tx).record(.populationAdded, recordType: "population", recordID: figure.id!.uuidString,
                                          detail: "\(unit.code) \(day.iso) \(total)")
        }
    }

    package init(db: any Database, actor: CurrentUser?, audit: AuditService) {
        self.db = db
        self.actor = actor
        self.audit = audit
    }
}

extension Request {
    package var workforce: WorkforceService { WorkforceService(db: db, actor: currentUser, audit: audit) }
}
