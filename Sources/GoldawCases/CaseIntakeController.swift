import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry
import GoldawSocialServices

/// The intake queue's pages: the list of reports of a child at risk in scope, one report, and
/// its two outcomes. Opening a case means finding the child in the registry (or registering
/// them first) and then the ordinary case-open form, which carries the intake along; closing
/// it as not a concern needs a reason and a supervisor. Every read is audited.
package enum CaseIntakeController {
    package static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.caseIntakes), use: list)
        routes.get(AppRoute.Pattern.caseIntake, use: show)
        routes.post(AppRoute.Pattern.caseIntake + ["child"], use: chooseChild)
        routes.post(AppRoute.Pattern.caseIntake + ["close"], use: close)
    }

    /// Who may open a case from an intake: a social worker, or the supervisor (the case then
    /// waits for them to assign a worker, as any case nobody holds).
    package static func mayOpen(_ role: Role) -> Bool {
        AccessPolicy.allows(role, .workCases) || AccessPolicy.allows(role, .superviseCases)
    }

    package static func load(_ req: Request) async throws -> CaseIntake {
        try await req.load(CaseIntake.self, .viewCases)
    }

    // MARK: list

    package struct Row: Encodable {
        package let href: String
        package let number: String
        package let received: String
        package let place: String
        package let text: String
        package let status: String
        package let statusClass: String
    }

    package struct ListContent: Encodable {
        package let rows: [Row]
        package let showAll: Bool
        package let waitingHref: String
        package let allHref: String
        package let pager: PageLinks
    }

    package static func statusClass(_ status: CaseIntakeStatus) -> String {
        switch status {
        case .new: "warn"
        case .opened: "ok"
        case .notAConcern: "off"
        }
    }

    /// The label of an intake's status, by literal key so that the locale test sees each one.
    package static func statusKey(_ status: CaseIntakeStatus) -> String {
        switch status {
        case .new: "case.intake.status.new"
        case .opened: "case.intake.status.opened"
        case .notAConcern: "case.intake.status.not_a_concern"
        }
    }

    @Sendable package static func list(req: Request) async throws -> Response {
        let me = try await req.require(.viewCases)
        let all = (try? req.query.get(String.self, at: "status")) == "all"
        let found = try await CaseIntakeQueries(db: req.db).list(scope: me.scope, waitingOnly: !all, page: req.pageNumber)
        let names = try await territoryNames(found.rows.compactMap { $0.$territory.id }, req)
        try await req.audit.record(.caseIntakeViewed, recordType: "case_intake", detail: "list page \(req.pageNumber) \(found.rows.count) rows")
        let rows = found.rows.map { intake in
            Row(href: AppRoute.caseIntake(intake.id!).path, number: intake.number, received: DisplayFormat.dateTime(intake.receivedAt),
                place: intake.$territory.id.flatMap { names[$0] } ?? "—", text: String(intake.text.prefix(140)),
                status: req.t(statusKey(intake.statusValue)), statusClass: statusClass(intake.statusValue))
        }
        return try await req.page("cases/intakes", titleKey: "case.intake.list_title", ListContent(
            rows: rows, showAll: all, waitingHref: AppRoute.caseIntakes.path, allHref: AppRoute.caseIntakes.path + "?status=all",
            pager: found.links(AppRoute.caseIntakes.path, filters: ["status": all ? "all" : ""])))
    }

    static func territoryNames(_ ids: [UUID], _ req: Request) async throws -> [UUID: String] {
        let units = try await Territory.query(on: req.db).filter(\.$id ~~ Set(ids)).all()
        return Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0.name(req.locale)) })
    }

    // MARK: one intake

    package struct Item: Encodable { package let label: String; package let value: String; package let href: String? }

    package struct ShowContent: Encodable {
        package let number: String
        package let status: String
        package let statusClass: String
        package let details: [Item]
        package let text: String
        package let waiting: Bool
        package let childAction: String?
        package let closeAction: String?
        package let searchHref: String
        package let registerHref: String?
        package let version: Int
        package let form: [String: String]
        package let errors: [String: String]
        package let message: String?
        package let backHref: String
    }

    package static func render(_ req: Request, _ intake: CaseIntake, form: [String: String] = [:], errors: [String: String] = [:],
                               message: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let me = try await req.require(.viewCases)
        let id = try intake.requireID()
        let territory = try await intake.$territory.get(on: req.db)
        let record = try await intake.$caseRecord.get(on: req.db)
        var details: [Item] = [
            Item(label: req.t("case.intake.received"), value: DisplayFormat.dateTime(intake.receivedAt), href: nil),
            Item(label: req.t("field.territory"), value: territory?.name(req.locale) ?? "—", href: nil),
            Item(label: req.t("case.intake.source"), value: req.t("case.intake.source.child_complaint"), href: nil),
        ]
        if let reference = intake.sourceReference {
            details.append(Item(label: req.t("case.intake.reference"), value: reference, href: nil))
        }
        if let record, me.scope.contains(territoryPath: record.territoryPath) {
            details.append(Item(label: req.t("case.intake.case"), value: record.number, href: AppRoute.caseRecord(record.id!).path))
        }
        if let reason = intake.reason { details.append(Item(label: req.t("case.intake.reason"), value: reason, href: nil)) }
        if let when = intake.decidedAt {
            details.append(Item(label: req.t("case.intake.decided"),
                                value: DisplayFormat.dateTime(when) + (intake.decidedByName.map { " · \($0)" } ?? ""), href: nil))
        }
        let waiting = intake.statusValue.isWaiting
        return try await req.page("cases/intake", titleKey: "case.intake.title", titleArguments: ["number": intake.number],
                                  status: status, ShowContent(
            number: intake.number, status: req.t(statusKey(intake.statusValue)), statusClass: statusClass(intake.statusValue),
            details: details, text: intake.text, waiting: waiting,
            childAction: waiting && mayOpen(me.role) ? AppRoute.caseIntakeChild(id).path : nil,
            closeAction: waiting && AccessPolicy.allows(me.role, .superviseCases) ? AppRoute.caseIntakeClose(id).path : nil,
            searchHref: AppRoute.people.path,
            registerHref: AccessPolicy.allows(me.role, .editPeople) ? AppRoute.personNew.path : nil,
            version: intake.version, form: form, errors: errors, message: message, backHref: AppRoute.caseIntakes.path))
    }

    @Sendable package static func show(req: Request) async throws -> Response {
        let intake = try await load(req)
        try await req.audit.record(.caseIntakeViewed, recordType: "case_intake", recordID: intake.id!.uuidString, detail: intake.number)
        return try await render(req, intake)
    }

    // MARK: the child, then the case-open form

    package struct ChildForm: Content { package var personNumber: String? }

    /// Finds the child by registry number in the user's scope and goes on to the case-open form
    /// with the intake attached. Someone outside the scope is "unknown", as everywhere.
    @Sendable package static func chooseChild(req: Request) async throws -> Response {
        let intake = try await load(req)
        let me = try await req.require(.viewCases)
        guard mayOpen(me.role) else { throw AppError.forbidden }
        let typed = (try req.content.decode(ChildForm.self).personNumber ?? "").trimmingCharacters(in: .whitespaces)
        guard intake.statusValue.isWaiting else {
            return try await render(req, intake, message: req.t("case.intake.already_decided"), status: .conflict)
        }
        let person = typed.isEmpty ? nil : try await Person.query(on: req.db).filter(\.$number == typed.uppercased())
            .filter(\.$mergedIntoID == nil).first()
        guard let person, me.scope.contains(territoryPath: person.territoryPath) else {
            let key = typed.isEmpty ? "validation.required" : "registry.person_unknown"
            return try await render(req, intake, form: ["personNumber": typed], errors: ["personNumber": req.t(key)], status: .unprocessableEntity)
        }
        return req.redirect(toPath: newCaseHref(person: person.id!, intake: intake.id!))
    }

    /// The ordinary case-open form for the child, carrying the intake.
    package static func newCaseHref(person: UUID, intake: UUID) -> String {
        AppRoute.caseNew(person).path + "?intake=" + intake.path
    }

    // MARK: not a concern

    package struct CloseForm: Content { package var reason: String?; package var version: String? }

    @Sendable package static func close(req: Request) async throws -> Response {
        let intake = try await load(req)
        try await req.require(.superviseCases, territoryPath: intake.territoryPath)
        let form = try req.content.decode(CloseForm.self)
        return try await req.submitForm(kept: ["reason": form.reason ?? ""], render: { kept, errors, status in
            try await render(req, intake, form: kept, errors: errors, status: status)
        }, conflict: { key in
            try await render(req, try await load(req), message: req.t(key), status: .conflict)
        }) {
            try await req.caseIntakes.closeAsNotAConcern(intake, reason: form.reason ?? "",
                                                         expectedVersion: form.version.flatMap { Int($0) } ?? -1)
            return .to(.caseIntake(intake.id!), flash: "case.intake.flash.closed")
        }
    }

    /// The intake named by the case-open form's `intake` (query or field), if the user may open
    /// a case from it: nil when none is named; 404 when it is unknown or outside the scope.
    package static func attached(_ req: Request, _ raw: String?) async throws -> CaseIntake? {
        guard let raw, !raw.isEmpty else { return nil }
        guard let id = UUID(uuidString: raw), let intake = try await CaseIntake.find(id, on: req.db) else { throw AppError.notFound }
        try await req.require(.viewCases, territoryPath: intake.territoryPath)
        return intake
    }
}
