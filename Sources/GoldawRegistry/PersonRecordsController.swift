import Fluent
import Vapor
import GoldawCore
import GoldawPlatform

/// Functioning, official disability status and family links, recorded from the profile.
package enum PersonRecordsController {
    package static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.Pattern.person + ["functioning", "new"], use: functioningForm)
        routes.post(AppRoute.Pattern.person + ["functioning", "new"], use: recordFunctioning)
        routes.get(AppRoute.Pattern.person + ["functioning", ":record"], use: showFunctioning)
        routes.get(AppRoute.Pattern.person + ["disability", "new"], use: disabilityForm)
        routes.post(AppRoute.Pattern.person + ["disability", "new"], use: recordDisability)
        routes.get(AppRoute.Pattern.person + ["links", "new"], use: linkForm)
        routes.post(AppRoute.Pattern.person + ["links", "new"], use: addLink)
    }

    // MARK: functioning

    package struct Question: Encodable {
        package let id: String
        package let text: String
        package let domain: String
        package let options: [TerritoryController.Option]
        package let error: String?
    }

    package struct FunctioningFormContent: Encodable {
        package let action: String
        package let name: String
        package let instrument: String
        package let instrumentLabel: String
        package let instrumentNote: String
        package let questions: [Question]
        package let respondents: [TerritoryController.Option]
        package let form: [String: String]
        package let errors: [String: String]
        package let cancelHref: String
    }

    package static func age(of person: Person, on date: CalendarDate) -> Int? {
        CalendarDate(iso: person.birthDate).map { Age.years(born: $0, on: date) }
    }

    package static func renderFunctioningForm(_ req: Request, person: Person, answers: [String: Int], form: [String: String],
                                      errors: [String: String], status: HTTPResponseStatus) async throws -> Response {
        let today = CalendarDate.today
        guard let years = age(of: person, on: CalendarDate(userInput: form["interviewDate"] ?? "") ?? today),
              let instrument = FunctioningInstrument.forAge(years) else {
            throw AppError.badRequest("functioning.too_young")
        }
        let questions = FunctioningRules.questions(for: instrument).map { question in
            Question(id: question.id, text: req.t(question.labelKey), domain: req.t("functioning.domain.\(question.domain.rawValue)"),
                     options: question.scale.codes.map { code in
                        .init(value: String(code), label: req.t("functioning.scale.\(question.scale.rawValue).\(code)"), selected: answers[question.id] == code)
                     } + [.init(value: "9", label: req.t("functioning.unknown"), selected: answers[question.id] == 9)],
                     error: errors[question.id])
        }
        return try await req.page("registry/functioning-form", titleKey: "functioning.record", status: status, FunctioningFormContent(
            action: AppRoute.functioningNew(person.id!).path, name: PersonProfile.fullName(person),
            instrument: instrument.rawValue, instrumentLabel: req.t("functioning.instrument.\(instrument.rawValue)"),
            instrumentNote: req.t("functioning.note.\(instrument.rawValue)"),
            questions: questions,
            respondents: PersonRecordsService.respondents.map { .init(value: $0, label: req.t("functioning.respondent.\($0)"), selected: form["respondent"] == $0) },
            form: form, errors: errors, cancelHref: AppRoute.person(person.id!).path))
    }

    @Sendable package static func functioningForm(req: Request) async throws -> Response {
        let person = try await PeopleController.load(req, .editPeople)
        let today = CalendarDate.today
        return try await renderFunctioningForm(req, person: person, answers: [:], form: ["interviewDate": today.display],
                                               errors: [:], status: .ok)
    }

    @Sendable package static func recordFunctioning(req: Request) async throws -> Response {
        let person = try await PeopleController.load(req, .editPeople)
        let fields = try req.content.decode([String: String].self)
        var answers: [String: Int] = [:]
        for (key, value) in fields where key.hasPrefix("q_") {
            if let code = Int(value) { answers[String(key.dropFirst(2))] = code }
        }
        let form = ["interviewDate": fields["interviewDate"] ?? "", "respondent": fields["respondent"] ?? ""]
        let instrument = FunctioningInstrument(rawValue: fields["instrument"] ?? "")
        return try await req.submitForm(kept: form, render: {
            try await renderFunctioningForm(req, person: person, answers: answers, form: $0, errors: $1, status: $2)
        }) {
            guard let instrument else { throw AppError.invalid([.init(field: "instrument", key: "validation.choose")]) }
            let (record, _) = try await req.personRecords.recordFunctioning(
                for: person, instrument: instrument, date: form["interviewDate"]!, respondent: form["respondent"]!, answers: answers)
            return .to(.functioning(person.id!, record.id!), flash: "functioning.saved")
        }
    }

    package struct DomainRow: Encodable {
        package let domain: String
        package let difficulty: Bool?
        package let status: String
        package let because: String
    }

    package struct FunctioningContent: Encodable {
        package let name: String
        package let personHref: String
        package let date: String
        package let instrument: String
        package let respondent: String
        package let summary: String
        package let difficulty: Bool?
        package let ruleVersion: String
        package let rule: String
        package let domains: [DomainRow]
        package let socialModel: String
    }

    @Sendable package static func showFunctioning(req: Request) async throws -> Response {
        let person = try await PeopleController.load(req)
        guard let recordID = req.parameters.get("record", as: UUID.self),
              let record = try await FunctioningRecord.query(on: req.db).filter(\.$id == recordID)
                .filter(\.$person.$id == person.id!).first(),
              let instrument = FunctioningInstrument(rawValue: record.instrument) else { throw AppError.notFound }
        try await req.audit.record(.personViewed, recordType: "person", recordID: person.id!.uuidString, detail: "functioning \(recordID)")
        // Re-evaluated from the stored raw answers with the stored rule version's rules; the
        // stored result is what was decided at the time and is what we show.
        let result = (try? JSONDecoder().decode(FunctioningResult.self, from: Data(record.result.utf8)))
            ?? FunctioningRules.evaluate(instrument, answers: PersonRecordsService.decode(record.answers))
        let questions = Dictionary(uniqueKeysWithValues: FunctioningRules.questions(for: instrument).map { ($0.id, $0) })
        let domains = result.domains.map { domain -> DomainRow in
            var because = req.t("functioning.because.missing")
            if let id = domain.decidingQuestion, let answer = domain.decidingAnswer, let question = questions[id] {
                because = req.t("functioning.because", ["question": req.t(question.labelKey),
                                                        "answer": req.t("functioning.scale.\(question.scale.rawValue).\(answer)")])
            }
            return DomainRow(domain: req.t("functioning.domain.\(domain.domain.rawValue)"), difficulty: domain.difficulty,
                             status: domain.difficulty.map { req.t($0 ? "functioning.domain_yes" : "functioning.domain_no") } ?? req.t("functioning.result.missing"),
                             because: because)
        }
        return try await req.page("registry/functioning", titleKey: "functioning.title", FunctioningContent(
            name: PersonProfile.fullName(person), personHref: AppRoute.person(person.id!).path,
            date: DisplayFormat.date(iso: record.interviewDate), instrument: req.t("functioning.instrument.\(record.instrument)"),
            respondent: req.t("functioning.respondent.\(record.respondent)"),
            summary: result.hasFunctionalDifficulty.map { req.t($0 ? "functioning.summary.yes" : "functioning.summary.no") } ?? req.t("functioning.summary.missing"),
            difficulty: result.hasFunctionalDifficulty, ruleVersion: record.ruleVersion,
            rule: req.t("functioning.rule.\(record.instrument)"), domains: domains,
            socialModel: req.t("functioning.social_model")))
    }

    // MARK: disability status

    package struct DisabilityContent: Encodable {
        package let action: String
        package let name: String
        package let form: [String: String]
        package let errors: [String: String]
        package let groups: [TerritoryController.Option]
        package let explanation: String
        package let cancelHref: String
    }

    package static func renderDisability(_ req: Request, person: Person, form: [String: String], errors: [String: String],
                                 status: HTTPResponseStatus) async throws -> Response {
        try await req.page("registry/disability-form", titleKey: "disability.record", status: status, DisabilityContent(
            action: AppRoute.disabilityNew(person.id!).path, name: PersonProfile.fullName(person), form: form, errors: errors,
            groups: PersonRecordsService.disabilityGroups.map { .init(value: $0, label: req.t("disability.group.\($0)"), selected: form["group"] == $0) },
            explanation: req.t("disability.explanation"), cancelHref: AppRoute.person(person.id!).path))
    }

    @Sendable package static func disabilityForm(req: Request) async throws -> Response {
        let person = try await PeopleController.load(req, .editPeople)
        return try await renderDisability(req, person: person, form: [:], errors: [:], status: .ok)
    }

    package struct DisabilityForm: Content {
        package var certificateNumber: String?
        package var group: String?
        package var validFrom: String?
        package var validTo: String?
        package var issuedBy: String?
    }

    @Sendable package static func recordDisability(req: Request) async throws -> Response {
        let person = try await PeopleController.load(req, .editPeople)
        let form = try req.content.decode(DisabilityForm.self)
        let kept = ["certificateNumber": form.certificateNumber ?? "", "group": form.group ?? "", "validFrom": form.validFrom ?? "",
                    "validTo": form.validTo ?? "", "issuedBy": form.issuedBy ?? ""]
        return try await req.submitForm(kept: kept, render: { try await renderDisability(req, person: person, form: $0, errors: $1, status: $2) }) {
            _ = try await req.personRecords.recordDisability(
                for: person, certificate: form.certificateNumber ?? "", group: form.group ?? "",
                from: form.validFrom ?? "", to: form.validTo ?? "", issuedBy: form.issuedBy ?? "")
            return .to(.person(person.id!), flash: "disability.saved")
        }
    }

    // MARK: family links

    package struct LinkContent: Encodable {
        package let action: String
        package let name: String
        package let form: [String: String]
        package let errors: [String: String]
        package let kinds: [TerritoryController.Option]
        package let states: [TerritoryController.Option]
        package let cancelHref: String
    }

    package static func renderLink(_ req: Request, person: Person, form: [String: String], errors: [String: String],
                           status: HTTPResponseStatus) async throws -> Response {
        try await req.page("registry/link-form", titleKey: "links.add", status: status, LinkContent(
            action: AppRoute.linkNew(person.id!).path, name: PersonProfile.fullName(person), form: form, errors: errors,
            kinds: PersonRecordsService.linkKinds.map { .init(value: $0, label: req.t("links.kind.\($0)"), selected: form["kind"] == $0) },
            states: req.options(ParentState.allCases.filter { $0 != .dead }, prefix: "links.state.", selected: form["parentState"] ?? "alive"),
            cancelHref: AppRoute.person(person.id!).path))
    }

    @Sendable package static func linkForm(req: Request) async throws -> Response {
        let person = try await PeopleController.load(req, .editPeople)
        return try await renderLink(req, person: person, form: [:], errors: [:], status: .ok)
    }

    package struct LinkForm: Content {
        package var adultNumber: String?
        package var kind: String?
        package var parentState: String?
        package var decisionNumber: String?
        package var decisionDate: String?
        package var from: String?
    }

    @Sendable package static func addLink(req: Request) async throws -> Response {
        let child = try await PeopleController.load(req, .editPeople)
        let form = try req.content.decode(LinkForm.self)
        let kept = ["adultNumber": form.adultNumber ?? "", "kind": form.kind ?? "", "parentState": form.parentState ?? "",
                    "decisionNumber": form.decisionNumber ?? "", "decisionDate": form.decisionDate ?? "", "from": form.from ?? ""]
        return try await req.submitForm(kept: kept, render: { try await renderLink(req, person: child, form: $0, errors: $1, status: $2) }) {
            let number = (form.adultNumber ?? "").trimmingCharacters(in: .whitespaces).uppercased()
            let me = try await req.require(.editPeople)
            guard let adult = try await Person.query(on: req.db).filter(\.$number == number).filter(\.$mergedIntoID == nil).first(),
                  me.scope.kind == .national || me.scope.contains(territoryPath: adult.territoryPath) else {
                throw AppError.invalid([.init(field: "adultNumber", key: "registry.person_unknown")])
            }
            let saved = try await req.personRecords.addLink(child: child, adult: adult, kind: form.kind ?? "",
                                                    parentState: form.parentState ?? "alive", decisionNumber: form.decisionNumber ?? "",
                                                    decisionDate: form.decisionDate ?? "", from: form.from ?? "")
            return .to(.person(child.id!), flash: saved.opened == 0 ? "links.saved" : "links.saved_applications")
        }
    }
}

// MARK: circumstances

extension PersonRecordsController {
    package static func registerCircumstances(on routes: any RoutesBuilder) {
        routes.get(AppRoute.Pattern.person + ["circumstances", "new"], use: circumstanceForm)
        routes.post(AppRoute.Pattern.person + ["circumstances", "new"], use: recordCircumstance)
        routes.post(AppRoute.Pattern.person + ["circumstances", "new", ":circumstance", "end"], use: endCircumstance)
    }

    package struct CircumstanceContent: Encodable {
        package let action: String
        package let name: String
        package let form: [String: String]
        package let errors: [String: String]
        package let kinds: [TerritoryController.Option]
        package let cancelHref: String
    }

    package static func renderCircumstance(_ req: Request, person: Person, form: [String: String], errors: [String: String],
                                   status: HTTPResponseStatus) async throws -> Response {
        try await req.page("registry/circumstance-form", titleKey: "circumstance.record", status: status, CircumstanceContent(
            action: AppRoute.circumstanceNew(person.id!).path, name: PersonProfile.fullName(person), form: form, errors: errors,
            kinds: req.options(Circumstance.allCases, prefix: "circumstance.", selected: form["kind"] ?? ""),
            cancelHref: AppRoute.person(person.id!).path))
    }

    @Sendable package static func circumstanceForm(req: Request) async throws -> Response {
        let person = try await PeopleController.load(req, .editPeople)
        return try await renderCircumstance(req, person: person, form: [:], errors: [:], status: .ok)
    }

    package struct CircumstanceForm: Content {
        package var kind: String?
        package var from: String?
        package var to: String?
        package var note: String?
    }

    @Sendable package static func recordCircumstance(req: Request) async throws -> Response {
        let person = try await PeopleController.load(req, .editPeople)
        let form = try req.content.decode(CircumstanceForm.self)
        let kept = ["kind": form.kind ?? "", "from": form.from ?? "", "to": form.to ?? "", "note": form.note ?? ""]
        return try await req.submitForm(kept: kept, render: { try await renderCircumstance(req, person: person, form: $0, errors: $1, status: $2) }) {
            _ = try await req.personRecords.recordCircumstance(for: person, kind: form.kind ?? "", from: form.from ?? "",
                                                               to: form.to ?? "", note: form.note ?? "")
            return .to(.person(person.id!), flash: "circumstance.saved")
        }
    }

    @Sendable package static func endCircumstance(req: Request) async throws -> Response {
        let person = try await PeopleController.load(req, .editPeople)
        guard let id = req.parameters.get("circumstance", as: UUID.self),
              let row = try await PersonCircumstance.query(on: req.db).filter(\.$id == id).filter(\.$person.$id == person.id!).first() else {
            throw AppError.notFound
        }
        do {
            try await req.personRecords.endCircumstance(row, of: person, on: (try? req.content.get(String.self, at: "to")) ?? "")
        } catch AppError.invalid {
            return req.redirect(to: .person(person.id!), flash: "circumstance.end_date_invalid", kind: "alert")
        }
        return req.redirect(to: .person(person.id!), flash: "circumstance.ended")
    }
}
