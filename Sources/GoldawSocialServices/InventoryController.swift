import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// Inventory rounds: the administrator's pages (questions, opening, review, results) and the
/// questionnaire form a provider, or staff on its behalf, fills in.
package enum InventoryController {
    package static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.inventory), use: rounds)
        routes.get(AppRoute.components(.inventoryNew), use: newForm)
        routes.post(AppRoute.components(.inventoryNew), use: create)
        routes.get(AppRoute.Pattern.round, use: round)
        routes.post(AppRoute.Pattern.round + ["questions"], use: addQuestion)
        routes.post(AppRoute.Pattern.round + [":step"], use: step)
        routes.get(AppRoute.Pattern.round + ["providers", ":provider"], use: answerForm)
        routes.post(AppRoute.Pattern.round + ["providers", ":provider"], use: submit)
        routes.get(AppRoute.Pattern.response, use: response)
        routes.post(AppRoute.Pattern.response + [":decision"], use: review)
        routes.get(AppRoute.Pattern.round + ["results"], use: InventoryResultsPage.results)
        routes.get(AppRoute.Pattern.round + ["results.csv"], use: InventoryResultsPage.csv)
    }

    // MARK: rounds

    package struct Link: Encodable { package let label: String; package let href: String; package let note: String?; package init(label: String, href: String, note: String?) { self.label = label; self.href = href; self.note = note } }
    package struct RoundRow: Encodable {
        package let title: String
        package let href: String?
        package let status: String
        package let statusClass: String
        package let closes: String
        package let links: [Link]
    }
    package struct RoundsContent: Encodable { package let rows: [RoundRow]; package let newHref: String? }

    @Sendable package static func rounds(req: Request) async throws -> Response {
        let me = try await req.require(.answerInventory)
        let manage = AccessPolicy.allows(me.role, .manageInventory)
        let queries = req.inventoryQueries
        let rounds = try await queries.rounds(includingDrafts: manage)
        let providers = try await queries.providers(answeredBy: me.scope)
        let names = try await queries.names(of: providers)
        let responses = try await queries.responses(rounds: rounds, providers: providers)
        let rows = rounds.map { round in
            RoundRow(title: round.title, href: manage ? AppRoute.inventoryRound(round.id!).path : nil,
                     status: req.t("inventory.status.\(round.status)"), statusClass: round.statusValue == .open ? "ok" : "off",
                     closes: DisplayFormat.date(iso: round.closesOn),
                     links: round.statusValue != .open ? [] : providers.map { provider in
                         let answered = responses.first { $0.$round.id == round.id && $0.$provider.id == provider.id }
                         return Link(label: names[provider.id!] ?? "", href: AppRoute.inventoryAnswer(round.id!, provider.id!).path,
                                     note: answered.map { req.t("inventory.response.\($0.status)") })
                     })
        }
        return try await req.page("services/rounds", titleKey: "inventory.title",
                                  RoundsContent(rows: rows, newHref: manage ? AppRoute.inventoryNew.path : nil))
    }

    package struct FormContent: Encodable { package let heading: String; package let forms: [ServicesView.Form]; package let message: String?; package init(heading: String, forms: [ServicesView.Form], message: String?) { self.heading = heading; self.forms = forms; self.message = message } }

    package static func renderNew(_ req: Request, form: [String: String], errors: [String: String], status: HTTPResponseStatus) async throws -> Response {
        let view = ServicesView.Form(action: AppRoute.inventoryNew.path, submit: req.t("action.save"), version: nil, sections: [
            .init(legend: nil, fields: [
                .init("title", req.t("inventory.field.title"), value: form["title"] ?? "", errors: errors, required: true),
                .init("closesOn", req.t("inventory.field.closes"), value: form["closesOn"] ?? "", hint: req.t("services.date_hint"), errors: errors, required: true),
            ]),
        ], cancelHref: AppRoute.inventory.path)
        return try await req.page("services/form", titleKey: "inventory.new.title", status: status,
                                  FormContent(heading: req.t("inventory.new.title"), forms: [view], message: nil))
    }

    @Sendable package static func newForm(req: Request) async throws -> Response {
        try await req.require(.manageInventory)
        return try await renderNew(req, form: [:], errors: [:], status: .ok)
    }

    package struct RoundInput: Content { package var title: String?; package var closesOn: String? }

    @Sendable package static func create(req: Request) async throws -> Response {
        try await req.require(.manageInventory)
        let input = try req.content.decode(RoundInput.self)
        let kept = ["title": input.title ?? "", "closesOn": input.closesOn ?? ""]
        return try await req.submitForm(kept: kept, render: { try await renderNew(req, form: $0, errors: $1, status: $2) }) {
            let round = try await req.inventory.createRound(title: input.title ?? "", closesOn: input.closesOn ?? "")
            return .to(.inventoryRound(round.id!), flash: "inventory.flash.created")
        }
    }

    package static func loadRound(_ req: Request) async throws -> InventoryRound {
        guard let id = req.parameters.get("id", as: UUID.self), let round = try await InventoryRound.find(id, on: req.db) else {
            throw AppError.notFound
        }
        return round
    }

    package struct QuestionRow: Encodable { package let position: Int; package let prompt: String; package let kind: String; package let required: Bool; package let choices: String }
    package struct ProviderRow: Encodable { package let name: String; package let answerHref: String?; package let responseHref: String?; package let status: String?; package let statusClass: String }
    package struct RoundContent: Encodable {
        package let title: String
        package let status: String
        package let closes: String
        package let questions: [QuestionRow]
        package let questionForms: [ServicesView.Form]
        package let stepAction: String?
        package let stepLabel: String?
        package let version: Int
        package let providers: [ProviderRow]
        package let resultsHref: String
        package let message: String?
    }

    package static func renderRound(_ req: Request, _ round: InventoryRound, form: [String: String] = [:], errors: [String: String] = [:],
                            status: HTTPResponseStatus = .ok, message: String? = nil) async throws -> Response {
        let id = try round.requireID()
        let questions = try await req.inventory.questions(round)
        let queries = req.inventoryQueries
        let (providers, responses) = try await queries.coverage(of: round)
        let names = try await queries.names(of: providers)
        let questionForm: ServicesView.Form? = round.statusValue != .draft ? nil : ServicesView.Form(
            action: AppRoute.inventoryQuestions(id).path, submit: req.t("inventory.question.add"), version: nil, sections: [
                .init(legend: req.t("inventory.question.add"), fields: [
                    .init("prompt", req.t("inventory.field.prompt"), kind: "textarea", value: form["prompt"] ?? "", errors: errors, required: true),
                    .init("kind", req.t("inventory.field.kind"), kind: "select",
                          options: ServicesView.options(QuestionKind.allCases, "inventory.kind.", selected: [form["kind"] ?? ""], req), errors: errors, required: true),
                    .init("choices", req.t("inventory.field.choices"), kind: "textarea", value: form["choices"] ?? "", hint: req.t("inventory.hint.choices"), errors: errors),
                    .init("required", req.t("inventory.field.required"), kind: "checkbox", value: form["required"] ?? "1", errors: errors),
                ]),
            ], cancelHref: nil)
        let step = round.statusValue.step
        let rows = providers.map { provider in
            let response = responses[provider.id!]
            return ProviderRow(name: names[provider.id!] ?? "",
                               answerHref: round.statusValue == .open ? AppRoute.inventoryAnswer(id, provider.id!).path : nil,
                               responseHref: response.map { AppRoute.inventoryResponse($0.id!).path },
                               status: response.map { req.t("inventory.response.\($0.status)") } ?? req.t("inventory.not_answered"),
                               statusClass: response == nil ? "warn" : (response!.status == ResponseStatus.approved.rawValue ? "ok" : ""))
        }.sorted { $0.name < $1.name }
        return try await req.page("services/round", titleKey: "inventory.round.title", titleArguments: ["title": round.title], status: status, RoundContent(
            title: round.title, status: req.t("inventory.status.\(round.status)"), closes: DisplayFormat.date(iso: round.closesOn),
            questions: questions.map { QuestionRow(position: $0.position, prompt: $0.prompt, kind: req.t("inventory.kind.\($0.kind)"),
                                                   required: $0.required, choices: $0.choiceList.joined(separator: " · ")) },
            questionForms: questionForm.map { [$0] } ?? [], stepAction: step.map { AppRoute.inventoryStep(id, $0).path }, stepLabel: step.map { req.t("inventory.step.\($0.rawValue)") },
            version: round.version, providers: rows, resultsHref: AppRoute.inventoryResults(id).path, message: message))
    }

    @Sendable package static func round(req: Request) async throws -> Response {
        try await req.require(.manageInventory)
        return try await renderRound(req, try await loadRound(req))
    }

    package struct QuestionInput: Content { package var prompt: String?; package var kind: String?; package var choices: String?; package var required: String? }

    @Sendable package static func addQuestion(req: Request) async throws -> Response {
        try await req.require(.manageInventory)
        let round = try await loadRound(req)
        let input = try req.content.decode(QuestionInput.self)
        let kept = ["prompt": input.prompt ?? "", "kind": input.kind ?? "", "choices": input.choices ?? "", "required": input.required ?? ""]
        return try await req.submitForm(kept: kept, render: { try await renderRound(req, round, form: $0, errors: $1, status: $2) },
                                        conflict: { try await renderRound(req, round, status: .conflict, message: req.t($0)) }) {
            try await req.inventory.addQuestion(to: round, kind: input.kind ?? "", prompt: input.prompt ?? "", required: input.required == "1",
                                                choices: input.choices ?? "")
            return .to(.inventoryRound(round.id!), flash: "inventory.flash.question_added")
        }
    }

    package struct VersionInput: Content { package var version: String?; package var note: String? }

    @Sendable package static func step(req: Request) async throws -> Response {
        try await req.require(.manageInventory)
        let round = try await loadRound(req)
        guard let step = InventoryStep(rawValue: req.parameters.get("step") ?? "") else { throw AppError.notFound }
        let input = try req.content.decode(VersionInput.self)
        do {
            try await req.inventory.move(round, to: step, expectedVersion: input.version.flatMap { Int($0) } ?? -1)
            return req.redirect(to: .inventoryRound(round.id!), flash: "inventory.flash.\(step.rawValue)")
        } catch AppError.conflict(let key) {
            return try await renderRound(req, try await loadRound(req), status: .conflict, message: req.t(key))
        }
    }

    // MARK: answering

    package static func loadProvider(_ req: Request) async throws -> Provider {
        guard let id = req.parameters.get("provider", as: UUID.self), let provider = try await Provider.find(id, on: req.db) else {
            try await req.require(.answerInventory)
            throw AppError.notFound
        }
        try await req.require(.answerInventory, territoryPath: provider.territoryPath, organisationID: provider.id!.uuidString)
        return provider
    }

    package struct AnswerQuestion: Encodable {
        package let name: String
        package let prompt: String
        package let kind: String
        package let required: Bool
        package let value: String
        package let choices: [ServicesView.Option]
        package let cells: [ServicesView.Field]
        package let error: String?
    }
    package struct ServiceUpdateRow: Encodable {
        package let id: String
        package let name: String
        package let capacity: String
        package let occupancy: String
        package let active: Bool
        package let capacityError: String?
        package let occupancyError: String?
    }
    package struct AnswerContent: Encodable {
        package let heading: String
        package let action: String
        package let questions: [AnswerQuestion]
        package let services: [ServiceUpdateRow]
        package let existing: String?
        package let message: String?
        package let backHref: String
    }

    package static func renderAnswer(_ req: Request, round: InventoryRound, provider: Provider, values: [String: String]?, errors: [String: String],
                             status: HTTPResponseStatus, message: String? = nil) async throws -> Response {
        let id = try round.requireID(), providerID = try provider.requireID()
        let organisation = try await Organisation.find(providerID, on: req.db)
        let questions = try await req.inventory.questions(round)
        let units = try await req.inventory.gridUnits(for: provider)
        let queries = req.inventoryQueries
        let (existing, sent) = try await queries.sent(round: round, provider: provider)
        let typed = values ?? sent
        let services = try await queries.services(of: provider)
        let rows = questions.map { question in
            let key = "q-\(question.id!.uuidString)"
            return AnswerQuestion(
                name: key, prompt: question.prompt, kind: question.kind, required: question.required, value: typed[key] ?? "",
                choices: question.choiceList.map { .init(value: $0, label: $0, selected: typed[key] == $0) },
                cells: question.kindValue != .territoryGrid ? [] : units.map { unit in
                    let cell = "g-\(question.id!.uuidString)-\(unit.code)"
                    return ServicesView.Field(cell, unit.name(req.locale), kind: "number", value: typed[cell] ?? "")
                },
                error: errors[key])
        }
        let updates = services.map { service in
            let key = service.id!.uuidString
            return ServiceUpdateRow(id: key, name: service.name,
                                    capacity: values?["cap-\(key)"] ?? service.capacity.map(String.init) ?? "",
                                    occupancy: values?["occ-\(key)"] ?? String(service.occupancy),
                                    active: values.map { $0["act-\(key)"] == "1" } ?? service.active,
                                    capacityError: errors["cap-\(key)"], occupancyError: errors["occ-\(key)"])
        }
        return try await req.page("services/answer", titleKey: "inventory.answer.title", titleArguments: ["title": round.title], status: status, AnswerContent(
            heading: req.t("inventory.answer.heading", ["title": round.title, "provider": organisation?.name ?? ""]),
            action: AppRoute.inventoryAnswer(id, providerID).path, questions: rows, services: updates,
            existing: existing.map { req.t("inventory.answer.existing", ["status": req.t("inventory.response.\($0.status)"), "date": DisplayFormat.dateTime($0.submittedAt)]) },
            message: message, backHref: AppRoute.inventory.path))
    }

    @Sendable package static func answerForm(req: Request) async throws -> Response {
        let provider = try await loadProvider(req)
        let round = try await loadRound(req)
        guard round.statusValue == .open else { throw AppError.notFound }
        return try await renderAnswer(req, round: round, provider: provider, values: nil, errors: [:], status: .ok)
    }

    @Sendable package static func submit(req: Request) async throws -> Response {
        let provider = try await loadProvider(req)
        let round = try await loadRound(req)
        let values = try req.content.decode([String: String].self)
        var submission = InventoryService.Submission()
        for (key, value) in values {
            if key.hasPrefix("q-") { submission.answers[String(key.dropFirst(2))] = value }
            if key.hasPrefix("g-") {
                let rest = key.dropFirst(2)
                let questionID = String(rest.prefix(36)), code = String(rest.dropFirst(37))
                submission.grids[questionID, default: [:]][code] = value
            }
        }
        for service in try await SocialService.query(on: req.db).filter(\.$provider.$id == provider.requireID()).all() {
            let key = service.id!.uuidString
            guard values["occ-\(key)"] != nil else { continue }
            submission.services[key] = (values["cap-\(key)"] ?? "", values["occ-\(key)"] ?? "", values["act-\(key)"] == "1")
        }
        return try await req.submitForm(kept: values, render: {
            try await renderAnswer(req, round: round, provider: provider, values: $0, errors: $1, status: $2)
        }, conflict: {
            try await renderAnswer(req, round: round, provider: provider, values: values, errors: [:], status: .conflict, message: req.t($0))
        }) {
            _ = try await req.inventory.submit(submission, round: round, provider: provider)
            return .to(.inventory, flash: "inventory.flash.answered")
        }
    }

    // MARK: review

    package static func loadResponse(_ req: Request) async throws -> InventoryResponse {
        try await req.require(.manageInventory)
        guard let id = req.parameters.get("id", as: UUID.self), let response = try await InventoryResponse.find(id, on: req.db) else {
            throw AppError.notFound
        }
        return response
    }

    package struct AnswerRow: Encodable { package let prompt: String; package let answer: String }
    package struct ChangeRow: Encodable { package let service: String; package let before: String; package let after: String; package let changed: Bool }
    package struct ResponseContent: Encodable {
        package let heading: String
        package let status: String
        package let submitted: String
        package let answers: [AnswerRow]
        package let changes: [ChangeRow]
        package let reviewable: Bool
        package let approveAction: String
        package let rejectAction: String
        package let version: Int
        package let note: String?
        package let noteError: String?
        package let message: String?
        package let backHref: String
    }

    package static func renderResponse(_ req: Request, _ response: InventoryResponse, status: HTTPResponseStatus = .ok,
                               noteError: String? = nil, message: String? = nil) async throws -> Response {
        let id = try response.requireID()
        let round = try await response.$round.get(on: req.db)
        let organisation = try await Organisation.find(response.$provider.id, on: req.db)
        let questions = try await req.inventory.questions(round)
        let (byQuestion, updates) = try await req.inventoryQueries.review(of: response)
        let rows = questions.map { question in
            let mine = byQuestion[question.id!] ?? []
            let text = question.kindValue == .territoryGrid
                ? mine.compactMap { answer in answer.territoryCode.map { "\($0): \(answer.value)" } }.joined(separator: " · ")
                : mine.first?.value ?? ""
            return AnswerRow(prompt: question.prompt, answer: text.isEmpty ? "—" : text)
        }
        func describe(_ capacity: Int?, _ occupancy: Int, _ active: Bool) -> String {
            req.t("inventory.change.describe", ["capacity": capacity.map(String.init) ?? "—", "occupancy": String(occupancy),
                                                "active": active ? req.t("services.active") : req.t("services.inactive")])
        }
        let changes = updates.map { update, service in
            let before = describe(service.capacity, service.occupancy, service.active), after = describe(update.capacity, update.occupancy, update.active)
            return ChangeRow(service: service.name, before: before, after: after, changed: before != after)
        }
        return try await req.page("services/response", titleKey: "inventory.review.title", status: status, ResponseContent(
            heading: req.t("inventory.answer.heading", ["title": round.title, "provider": organisation?.name ?? ""]),
            status: req.t("inventory.response.\(response.status)"),
            submitted: "\(DisplayFormat.dateTime(response.submittedAt)) · \(response.submittedByName)", answers: rows, changes: changes,
            reviewable: response.status == ResponseStatus.submitted.rawValue,
            approveAction: AppRoute.inventoryReview(id, .approve).path, rejectAction: AppRoute.inventoryReview(id, .reject).path,
            version: response.version, note: response.reviewNote, noteError: noteError, message: message,
            backHref: AppRoute.inventoryRound(round.id!).path))
    }

    @Sendable package static func response(req: Request) async throws -> Response {
        try await renderResponse(req, try await loadResponse(req))
    }

    @Sendable package static func review(req: Request) async throws -> Response {
        let response = try await loadResponse(req)
        guard let decision = ApprovalDecision(rawValue: req.parameters.get("decision") ?? "") else { throw AppError.notFound }
        let input = try req.content.decode(VersionInput.self)
        return try await req.submitForm(kept: (), render: { try await renderResponse(req, response, status: $2, noteError: $1["note"]) },
                                        conflict: { try await renderResponse(req, try await loadResponse(req), status: .conflict, message: req.t($0)) }) {
            try await req.inventory.review(response, approve: decision == .approve, note: input.note ?? "",
                                           expectedVersion: input.version.flatMap { Int($0) } ?? -1)
            return .to(.inventoryResponse(response.id!), flash: "inventory.flash.\(decision.rawValue)")
        }
    }
}
