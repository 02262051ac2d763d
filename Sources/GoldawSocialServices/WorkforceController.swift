import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// The workforce pages: the register of workers (with qualifications and trainings), the
/// funded posts and who fills them, the figures per etrap, and the population table.
package enum WorkforceController {
    package static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.workers), use: workers)
        routes.get(AppRoute.components(.workerNew), use: workerForm)
        routes.post(AppRoute.components(.workerNew), use: createWorker)
        routes.get(AppRoute.Pattern.worker, use: worker)
        routes.post(AppRoute.Pattern.worker + ["qualifications"], use: addQualification)
        routes.post(AppRoute.Pattern.worker + ["trainings"], use: addTraining)
        routes.get(AppRoute.components(.posts), use: posts)
        routes.get(AppRoute.components(.postNew), use: postForm)
        routes.post(AppRoute.components(.postNew), use: createPost)
        routes.post(AppRoute.Pattern.post + ["assign"], use: assign)
        routes.post(AppRoute.Pattern.post + ["recruitment"], use: recruitment)
        routes.get(AppRoute.components(.populations), use: populations)
        routes.post(AppRoute.components(.populations), use: addPopulation)
        WorkforceFiguresPage.register(on: routes)
    }

    // MARK: workers

    package struct WorkerRow: Encodable { package let href: String; package let number: String; package let name: String; package let post: String; package let employer: String; package let place: String; package let dates: String; package let active: Bool; package init(href: String, number: String, name: String, post: String, employer: String, place: String, dates: String, active: Bool) { self.href = href; self.number = number; self.name = name; self.post = post; self.employer = employer; self.place = place; self.dates = dates; self.active = active } }
    package struct WorkersContent: Encodable {
        package let rows: [WorkerRow]
        package let newHref: String?
        package let postsHref: String
        package let figuresHref: String?
        package let territory: String
        package let territories: [ServicesView.Group]
        package let action: String
    }

    package static func dates(_ start: String, _ end: String?) -> String {
        DisplayFormat.date(iso: start) + " – " + (end.map { DisplayFormat.date(iso: $0) } ?? "")
    }

    @Sendable package static func workers(req: Request) async throws -> Response {
        let me = try await req.require(.viewWorkforce)
        let code = ServicesView.query(req, "territory").uppercased()
        let queries = req.workforceQueries
        let rows = try await queries.workers(scope: me.scope, territoryCode: code)
        let places = try await queries.territories(rows.map { $0.$territory.id }).mapValues { $0.name(req.locale) }
        let today = CalendarDate.today.iso
        return try await req.page("services/workers", titleKey: "workforce.title", WorkersContent(
            rows: rows.map { WorkerRow(href: AppRoute.worker($0.id!).path, number: $0.number, name: $0.fullName, post: req.t("workforce.post.\($0.postType)"),
                                       employer: $0.employer, place: places[$0.$territory.id] ?? "", dates: dates($0.startDate, $0.endDate),
                                       active: $0.isActive(on: today)) },
            newHref: AccessPolicy.allows(me.role, .manageWorkforce) ? AppRoute.workerNew.path : nil, postsHref: AppRoute.posts.path,
            figuresHref: AccessPolicy.allows(me.role, .viewWorkforceFigures) ? AppRoute.workforceFigures.path : nil,
            territory: code, territories: try await ServicesView.territoryGroups(req, selected: [code], scope: me.scope),
            action: AppRoute.workers.path))
    }

    package struct FormContent: Encodable { package let heading: String; package let forms: [ServicesView.Form]; package let message: String?; package init(heading: String, forms: [ServicesView.Form], message: String?) { self.heading = heading; self.forms = forms; self.message = message } }

    package struct WorkerInput: Content {
        package var fullName: String?; package var postType: String?; package var employer: String?; package var territoryCode: String?; package var startDate: String?; package var endDate: String?
        package var draft: WorkforceService.WorkerDraft {
            .init(fullName: fullName ?? "", postType: postType ?? "", employer: employer ?? "", territoryCode: territoryCode ?? "",
                  startDate: startDate ?? "", endDate: endDate ?? "")
        }
    }

    package static func renderWorkerForm(_ req: Request, _ draft: WorkforceService.WorkerDraft, errors: [String: String], status: HTTPResponseStatus) async throws -> Response {
        let me = try await req.require(.manageWorkforce)
        let form = ServicesView.Form(action: AppRoute.workerNew.path, submit: req.t("action.save"), version: nil, sections: [
            .init(legend: nil, fields: [
                .init("fullName", req.t("workforce.field.name"), value: draft.fullName, errors: errors, required: true),
                .init("postType", req.t("workforce.field.post_type"), kind: "select",
                      options: ServicesView.options(PostType.allCases, "workforce.post.", selected: [draft.postType], req), hint: req.t("workforce.hint.post_type"), errors: errors, required: true),
                .init("employer", req.t("workforce.field.employer"), value: draft.employer, errors: errors, required: true),
                .init("territoryCode", req.t("field.territory"), kind: "groups",
                      groups: try await ServicesView.territoryGroups(req, selected: [draft.territoryCode], scope: me.scope, etrapsOnly: true), errors: errors, required: true),
                .init("startDate", req.t("workforce.field.start"), value: draft.startDate, hint: req.t("services.date_hint"), errors: errors, required: true),
                .init("endDate", req.t("workforce.field.end"), value: draft.endDate, hint: req.t("services.date_hint"), errors: errors),
            ]),
        ], cancelHref: AppRoute.workers.path)
        return try await req.page("services/form", titleKey: "workforce.worker.new", status: status,
                                  FormContent(heading: req.t("workforce.worker.new"), forms: [form], message: nil))
    }

    @Sendable package static func workerForm(req: Request) async throws -> Response {
        try await renderWorkerForm(req, .init(), errors: [:], status: .ok)
    }

    @Sendable package static func createWorker(req: Request) async throws -> Response {
        try await req.require(.manageWorkforce)
        let draft = try req.content.decode(WorkerInput.self).draft
        return try await req.submitForm(kept: draft, render: { try await renderWorkerForm(req, $0, errors: $1, status: $2) }) {
            let worker = try await req.workforce.createWorker(draft)
            return .to(.worker(worker.id!), flash: "workforce.flash.worker_created")
        }
    }

    package static func loadWorker(_ req: Request, _ action: Action = .viewWorkforce) async throws -> Worker {
        try await req.load(Worker.self, action)
    }

    package struct Item: Encodable { package let label: String; package let value: String; package init(label: String, value: String) { self.label = label; self.value = value } }
    package struct WorkerContent: Encodable {
        package let name: String
        package let details: [Item]
        package let qualifications: [String]
        package let trainings: [String]
        package let posts: [String]
        package let services: [String]
        package let forms: [ServicesView.Form]
        package let backHref: String
    }

    package static func renderWorker(_ req: Request, _ worker: Worker, form: [String: String] = [:], errors: [String: String] = [:],
                             failed: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let me = try await req.require(.viewWorkforce)
        let id = try worker.requireID()
        let record = try await req.workforceQueries.record(of: worker)
        var forms: [ServicesView.Form] = []
        if AccessPolicy.allows(me.role, .manageWorkforce) {
            let qErrors = failed == "qualification" ? errors : [:], tErrors = failed == "training" ? errors : [:]
            let qForm = failed == "qualification" ? form : [:], tForm = failed == "training" ? form : [:]
            forms = [
                ServicesView.Form(action: AppRoute.workerQualifications(id).path, submit: req.t("workforce.qualification.add"), version: nil, sections: [
                    .init(legend: req.t("workforce.qualification.add"), fields: [
                        .init("field", req.t("workforce.field.degree_field"), kind: "select",
                              options: ServicesView.options(DegreeField.allCases, "workforce.degree.", selected: [qForm["field"] ?? ""], req), errors: qErrors, required: true),
                        .init("title", req.t("workforce.field.degree"), value: qForm["title"] ?? "", errors: qErrors, required: true),
                        .init("year", req.t("workforce.field.year"), kind: "number", value: qForm["year"] ?? "", errors: qErrors, required: true),
                        .init("institution", req.t("workforce.field.institution"), value: qForm["institution"] ?? "", errors: qErrors, required: true),
                    ]),
                ], cancelHref: nil),
                ServicesView.Form(action: AppRoute.workerTrainings(id).path, submit: req.t("workforce.training.add"), version: nil, sections: [
                    .init(legend: req.t("workforce.training.add"), fields: [
                        .init("title", req.t("workforce.field.training"), value: tForm["title"] ?? "", errors: tErrors, required: true),
                        .init("hours", req.t("workforce.field.hours"), kind: "number", value: tForm["hours"] ?? "", errors: tErrors, required: true),
                        .init("completedOn", req.t("workforce.field.completed"), value: tForm["completedOn"] ?? "", hint: req.t("services.date_hint"), errors: tErrors, required: true),
                        .init("certificate", req.t("workforce.field.certificate"), value: tForm["certificate"] ?? "", errors: tErrors),
                    ]),
                ], cancelHref: nil),
            ]
        }
        try await req.audit.record(.workerViewed, recordType: "worker", recordID: id.uuidString, detail: worker.number)
        return try await req.page("services/worker", titleKey: "workforce.worker.title", titleArguments: ["name": worker.fullName], status: status, WorkerContent(
            name: worker.fullName,
            details: [
                Item(label: req.t("registry.field.number"), value: worker.number),
                Item(label: req.t("workforce.field.post_type"), value: req.t("workforce.post.\(worker.postType)")),
                Item(label: req.t("workforce.field.employer"), value: worker.employer),
                Item(label: req.t("field.territory"), value: record.territory.name(req.locale)),
                Item(label: req.t("workforce.field.dates"), value: dates(worker.startDate, worker.endDate)),
            ],
            qualifications: record.qualifications.map { "\(req.t("workforce.degree.\($0.field)")): \($0.title), \($0.institution), \($0.year)" },
            trainings: record.trainings.map { "\($0.title) · \(req.t("workforce.hours", ["hours": String($0.hours)])) · \(DisplayFormat.date(iso: $0.completedOn))" + ($0.certificate.map { " · " + $0 } ?? "") },
            posts: record.assignments.map { assignment, post in
                return "\(post?.number ?? "") · \(post.map { req.t("workforce.post.\($0.postType)") } ?? "") · \(dates(assignment.startDate, assignment.endDate))"
                    + (assignment.fullTime ? "" : " · " + req.t("workforce.part_time"))
            },
            services: record.services, forms: forms, backHref: AppRoute.workers.path))
    }

    @Sendable package static func worker(req: Request) async throws -> Response {
        try await renderWorker(req, try await loadWorker(req))
    }

    package struct QualificationInput: Content { package var field: String?; package var title: String?; package var year: String?; package var institution: String? }
    package struct TrainingInput: Content { package var title: String?; package var hours: String?; package var completedOn: String?; package var certificate: String? }

    @Sendable package static func addQualification(req: Request) async throws -> Response {
        let worker = try await loadWorker(req, .manageWorkforce)
        let input = try req.content.decode(QualificationInput.self)
        let kept = ["field": input.field ?? "", "title": input.title ?? "", "year": input.year ?? "", "institution": input.institution ?? ""]
        return try await req.submitForm(kept: kept, render: { try await renderWorker(req, worker, form: $0, errors: $1, failed: "qualification", status: $2) }) {
            try await req.workforce.addQualification(to: worker, field: input.field ?? "", title: input.title ?? "", year: input.year ?? "",
                                                     institution: input.institution ?? "")
            return .to(.worker(worker.id!), flash: "workforce.flash.qualification_added")
        }
    }

    @Sendable package static func addTraining(req: Request) async throws -> Response {
        let worker = try await loadWorker(req, .manageWorkforce)
        let input = try req.content.decode(TrainingInput.self)
        let kept = ["title": input.title ?? "", "hours": input.hours ?? "", "completedOn": input.completedOn ?? "", "certificate": input.certificate ?? ""]
        return try await req.submitForm(kept: kept, render: { try await renderWorker(req, worker, form: $0, errors: $1, failed: "training", status: $2) }) {
            try await req.workforce.addTraining(to: worker, title: input.title ?? "", hours: input.hours ?? "", completedOn: input.completedOn ?? "",
                                                certificate: input.certificate ?? "")
            return .to(.worker(worker.id!), flash: "workforce.flash.training_added")
        }
    }

    // MARK: posts

    package struct PostRow: Encodable {
        package let id: String
        package let number: String
        package let post: String
        package let employer: String
        package let place: String
        package let funded: String
        package let holder: String?
        package let holderHref: String?
        package let recruitment: String
        package let assignAction: String?
        package let recruitmentAction: String?
        package let recruitmentOptions: [ServicesView.Option]
        package let version: Int
        package let error: String?
        package let fullTime: Bool
    }
    package struct PostsContent: Encodable { package let rows: [PostRow]; package let newHref: String?; package let message: String?; package let filled: Int; package let vacant: Int }

    package static func renderPosts(_ req: Request, failedPost: UUID? = nil, error: String? = nil, message: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let me = try await req.require(.viewWorkforce)
        let manage = AccessPolicy.allows(me.role, .manageWorkforce)
        let queries = req.workforceQueries
        let rows = try await queries.posts(scope: me.scope, today: CalendarDate.today.iso)
        let places = try await queries.territories(rows.map { $0.post.$territory.id }).mapValues { $0.name(req.locale) }
        let items = rows.map { row in
            let (post, holder) = (row.post, row.holder)
            return PostRow(id: post.id!.uuidString, number: post.number, post: req.t("workforce.post.\(post.postType)"), employer: post.employer,
                           place: places[post.$territory.id] ?? "", funded: dates(post.fundedFrom, post.fundedTo),
                           holder: holder.map { "\($0.fullName) (\($0.number))" }, holderHref: holder.map { AppRoute.worker($0.id!).path },
                           recruitment: req.t("workforce.recruitment.\(post.recruitmentStatus)"),
                           assignAction: manage && holder == nil ? AppRoute.postAssign(post.id!).path : nil,
                           recruitmentAction: manage && holder == nil ? AppRoute.postRecruitment(post.id!).path : nil,
                           recruitmentOptions: ServicesView.options(RecruitmentStatus.allCases, "workforce.recruitment.", selected: [post.recruitmentStatus], req),
                           version: post.version, error: failedPost == post.id ? error : nil, fullTime: post.fullTime)
        }
        let filled = items.filter { $0.holder != nil }.count
        return try await req.page("services/posts", titleKey: "workforce.posts.title", status: status, PostsContent(
            rows: items, newHref: manage ? AppRoute.postNew.path : nil, message: message, filled: filled, vacant: items.count - filled))
    }

    @Sendable package static func posts(req: Request) async throws -> Response {
        try await renderPosts(req)
    }

    package struct PostInput: Content {
        package var postType: String?; package var employer: String?; package var territoryCode: String?; package var fullTime: String?; package var fundedFrom: String?; package var fundedTo: String?
        package var draft: WorkforceService.PostDraft {
            .init(postType: postType ?? "", employer: employer ?? "", territoryCode: territoryCode ?? "", fullTime: fullTime == "1",
                  fundedFrom: fundedFrom ?? "", fundedTo: fundedTo ?? "")
        }
    }

    package static func renderPostForm(_ req: Request, _ draft: WorkforceService.PostDraft, errors: [String: String], status: HTTPResponseStatus) async throws -> Response {
        let me = try await req.require(.manageWorkforce)
        let form = ServicesView.Form(action: AppRoute.postNew.path, submit: req.t("action.save"), version: nil, sections: [
            .init(legend: nil, fields: [
                .init("postType", req.t("workforce.field.post_type"), kind: "select",
                      options: ServicesView.options(PostType.allCases, "workforce.post.", selected: [draft.postType], req), errors: errors, required: true),
                .init("employer", req.t("workforce.field.employer"), value: draft.employer, errors: errors, required: true),
                .init("territoryCode", req.t("field.territory"), kind: "groups",
                      groups: try await ServicesView.territoryGroups(req, selected: [draft.territoryCode], scope: me.scope, etrapsOnly: true), errors: errors, required: true),
                .init("fullTime", req.t("workforce.field.full_time"), kind: "checkbox", value: draft.fullTime ? "1" : "", errors: errors),
                .init("fundedFrom", req.t("workforce.field.funded_from"), value: draft.fundedFrom, hint: req.t("services.date_hint"), errors: errors, required: true),
                .init("fundedTo", req.t("workforce.field.funded_to"), value: draft.fundedTo, hint: req.t("services.date_hint"), errors: errors),
            ]),
        ], cancelHref: AppRoute.posts.path)
        return try await req.page("services/form", titleKey: "workforce.post.new", status: status,
                                  FormContent(heading: req.t("workforce.post.new"), forms: [form], message: nil))
    }

    @Sendable package static func postForm(req: Request) async throws -> Response {
        try await renderPostForm(req, .init(), errors: [:], status: .ok)
    }

    @Sendable package static func createPost(req: Request) async throws -> Response {
        try await req.require(.manageWorkforce)
        let draft = try req.content.decode(PostInput.self).draft
        return try await req.submitForm(kept: draft, render: { try await renderPostForm(req, $0, errors: $1, status: $2) }) {
            _ = try await req.workforce.createPost(draft)
            return .to(.posts, flash: "workforce.flash.post_created")
        }
    }

    package static func loadPost(_ req: Request) async throws -> Post {
        try await req.load(Post.self, .manageWorkforce)
    }

    package struct AssignInput: Content { package var workerNumber: String?; package var startDate: String?; package var endDate: String?; package var version: String?; package var status: String? }

    @Sendable package static func assign(req: Request) async throws -> Response {
        let post = try await loadPost(req)
        let input = try req.content.decode(AssignInput.self)
        do {
            try await req.workforce.assign(post, workerNumber: input.workerNumber ?? "", start: input.startDate ?? "", end: input.endDate ?? "",
                                           expectedVersion: input.version.flatMap { Int($0) } ?? -1)
            return req.redirect(to: .posts, flash: "workforce.flash.assigned")
        } catch AppError.invalid(let problems) {
            return try await renderPosts(req, failedPost: post.id, error: problems.map { req.t($0.key) }.joined(separator: " "), status: .unprocessableEntity)
        } catch AppError.conflict(let key) {
            return try await renderPosts(req, message: req.t(key), status: .conflict)
        }
    }

    @Sendable package static func recruitment(req: Request) async throws -> Response {
        let post = try await loadPost(req)
        let input = try req.content.decode(AssignInput.self)
        do {
            try await req.workforce.setRecruitment(post, status: input.status ?? "", expectedVersion: input.version.flatMap { Int($0) } ?? -1)
            return req.redirect(to: .posts, flash: "workforce.flash.recruitment")
        } catch AppError.invalid(let problems) {
            return try await renderPosts(req, failedPost: post.id, error: problems.map { req.t($0.key) }.joined(separator: " "), status: .unprocessableEntity)
        } catch AppError.conflict(let key) {
            return try await renderPosts(req, message: req.t(key), status: .conflict)
        }
    }

    // MARK: populations

    package struct PopulationRow: Encodable { package let place: String; package let asOf: String; package let total: String; package let children: String; package let source: String }
    package struct PopulationsContent: Encodable { package let rows: [PopulationRow]; package let forms: [ServicesView.Form]; package let note: String }

    package struct PopulationInput: Content { package var territoryCode: String?; package var asOf: String?; package var total: String?; package var children: String?; package var source: String? }

    package static func renderPopulations(_ req: Request, form: [String: String] = [:], errors: [String: String] = [:], status: HTTPResponseStatus = .ok) async throws -> Response {
        try await req.require(.managePopulations)
        let queries = req.workforceQueries
        let rows = try await queries.populations()
        let places = try await queries.territories(rows.map { $0.$territory.id }).mapValues { $0.name(req.locale) }
        let view = ServicesView.Form(action: AppRoute.populations.path, submit: req.t("action.save"), version: nil, sections: [
            .init(legend: req.t("workforce.population.add"), fields: [
                .init("territoryCode", req.t("field.territory"), kind: "groups", groups: try await ServicesView.territoryGroups(req, selected: [form["territoryCode"] ?? ""]), errors: errors, required: true),
                .init("asOf", req.t("workforce.field.as_of"), value: form["asOf"] ?? "", hint: req.t("services.date_hint"), errors: errors, required: true),
                .init("total", req.t("workforce.field.total"), kind: "number", value: form["total"] ?? "", errors: errors, required: true),
                .init("children", req.t("workforce.field.children"), kind: "number", value: form["children"] ?? "", hint: req.t("workforce.hint.children"), errors: errors),
                .init("source", req.t("workforce.field.source"), value: form["source"] ?? "", errors: errors, required: true),
            ]),
        ], cancelHref: nil)
        return try await req.page("services/populations", titleKey: "workforce.populations.title", status: status, PopulationsContent(
            rows: rows.map { PopulationRow(place: places[$0.$territory.id] ?? "", asOf: DisplayFormat.date(iso: $0.asOf), total: String($0.total),
                                           children: $0.children.map(String.init) ?? "—", source: $0.source) },
            forms: [view], note: req.t("workforce.populations.note")))
    }

    @Sendable package static func populations(req: Request) async throws -> Response {
        try await renderPopulations(req)
    }

    @Sendable package static func addPopulation(req: Request) async throws -> Response {
        try await req.require(.managePopulations)
        let input = try req.content.decode(PopulationInput.self)
        let kept = ["territoryCode": input.territoryCode ?? "", "asOf": input.asOf ?? "", "total": input.total ?? "",
                    "children": input.children ?? "", "source": input.source ?? ""]
        return try await req.submitForm(kept: kept, render: { try await renderPopulations(req, form: $0, errors: $1, status: $2) }) {
            try await req.workforce.addPopulation(territoryCode: input.territoryCode ?? "", asOf: input.asOf ?? "", total: input.total ?? "",
                                                  children: input.children ?? "", source: input.source ?? "")
            return .to(.populations, flash: "workforce.flash.population_added")
        }
    }
}
