import Fluent
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// Referrals, from both ends. Senders (social workers, supervisors, benefits officers) refer
/// from a person's page and follow what they sent; providers see the referrals to their own
/// organisation as a summary limited by the consent, and move them on.
package enum ReferralController {
    package static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.Pattern.personReferral, use: newForm)
        routes.post(AppRoute.Pattern.personReferral, use: create)
        routes.get(AppRoute.components(.referrals), use: sent)
        routes.get(AppRoute.Pattern.referral, use: show)
        routes.get(AppRoute.components(.incoming), use: incoming)
        routes.get(AppRoute.Pattern.incoming, use: incomingShow)
        routes.post(AppRoute.Pattern.incoming + [":action"], use: transition)
    }

    // MARK: sending

    package static func loadPerson(_ req: Request) async throws -> Person {
        try await req.load(Person.self, .sendReferrals)
    }

    package struct Input: Content {
        package var serviceID: String?; package var urgency: String?; package var reason: String?; package var information: String?
        package var consentBy: String?; package var consentScope: String?; package var consentDate: String?; package var override: String?
        package var overrideReason: String?; package var source: String?; package var sourceReference: String?

        package var draft: ReferralService.Draft {
            .init(serviceID: serviceID ?? "", urgency: urgency ?? "", reason: reason ?? "", information: information ?? "",
                  consentBy: consentBy ?? "", consentScope: consentScope ?? "", consentDate: consentDate ?? "",
                  override: override == "1", overrideReason: overrideReason ?? "", source: source ?? "worker",
                  sourceReference: sourceReference ?? "")
        }

        package init(serviceID: String? = nil, urgency: String? = nil, reason: String? = nil, information: String? = nil, consentBy: String? = nil, consentScope: String? = nil, consentDate: String? = nil, override: String? = nil, overrideReason: String? = nil, source: String? = nil, sourceReference: String? = nil) {
            self.serviceID = serviceID
            self.urgency = urgency
            self.reason = reason
            self.information = information
            self.consentBy = consentBy
            self.consentScope = consentScope
            self.consentDate = consentDate
            self.override = override
            self.overrideReason = overrideReason
            self.source = source
            self.sourceReference = sourceReference
        }
    }

    package struct NewContent: Encodable {
        package let heading: String
        package let forms: [ServicesView.Form]
        package let message: String?

        package init(heading: String, forms: [ServicesView.Form], message: String?) {
            self.heading = heading
            self.forms = forms
            self.message = message
        }
    }

    /// Services covering the person's etrap first, then every other active service.
    package static func serviceGroups(_ req: Request, person: Person, selected: String) async throws -> [ServicesView.Group] {
        let services = try await SocialService.query(on: req.db).filter(\.$active == true).sort(\.$name).all()
        let entries = try await req.directoryQueries.entries(services)
        let types = try await ServicesView.typeNames(req)
        func option(_ entry: DirectoryService.Entry) -> ServicesView.Option {
            .init(value: entry.service.id!.uuidString,
                  label: "\(entry.service.name) · \(entry.providerName) · \(types[entry.service.typeCode] ?? "") · \(ServicesView.places(entry.service, req))",
                  selected: entry.service.id!.uuidString == selected)
        }
        let near = entries.filter { entry in entry.areas.contains { person.territoryPath.hasPrefix($0.path) } }
        let nearIDs = Set(near.map { $0.service.id! })
        let others = entries.filter { !nearIDs.contains($0.service.id!) }
        return [ServicesView.Group(label: req.t("referrals.services_near"), options: near.map(option)),
                ServicesView.Group(label: req.t("referrals.services_other"), options: others.map(option))].filter { !$0.options.isEmpty }
    }

    package static func renderNew(_ req: Request, person: Person, draft: ReferralService.Draft, errors: [String: String], status: HTTPResponseStatus) async throws -> Response {
        let me = try await req.require(.sendReferrals)
        var consent: [ServicesView.Field] = [
            .init("consentBy", req.t("referrals.field.consent_by"), kind: "select",
                  options: ServicesView.options(ConsentGiver.allCases, "referrals.consent_by.", selected: [draft.consentBy], req), errors: errors),
            .init("consentScope", req.t("referrals.field.consent_scope"), kind: "select",
                  options: ServicesView.options(ReferralConsentScope.allCases, "referrals.consent_scope.", selected: [draft.consentScope], req),
                  hint: req.t("referrals.hint.consent_scope"), errors: errors),
            .init("consentDate", req.t("referrals.field.consent_date"), value: draft.consentDate, hint: req.t("services.date_hint"), errors: errors),
        ]
        if me.role == .supervisor {
            consent += [
                .init("override", req.t("referrals.field.override"), kind: "checkbox", value: draft.override ? "1" : "", hint: req.t("referrals.hint.override"), errors: errors),
                .init("overrideReason", req.t("referrals.field.override_reason"), kind: "textarea", value: draft.overrideReason, errors: errors),
            ]
        }
        let defaultSource = me.role == .benefitsOfficer ? "benefits" : "worker"
        let form = ServicesView.Form(action: AppRoute.referralNew(person.id!).path, submit: req.t("referrals.send"), version: nil, sections: [
            .init(legend: nil, fields: [
                .init("serviceID", req.t("referrals.field.service"), kind: "groups",
                      groups: try await serviceGroups(req, person: person, selected: draft.serviceID), errors: errors, required: true),
                .init("urgency", req.t("referrals.field.urgency"), kind: "select",
                      options: ServicesView.options(ReferralUrgency.allCases, "referrals.urgency.", selected: [draft.urgency], req), errors: errors, required: true),
                .init("reason", req.t("referrals.field.reason"), kind: "textarea", value: draft.reason, hint: req.t("referrals.hint.reason"), errors: errors, required: true),
                .init("information", req.t("referrals.field.information"), kind: "textarea", value: draft.information, hint: req.t("referrals.hint.information"), errors: errors),
                .init("source", req.t("referrals.field.source"), kind: "select",
                      options: ReferralService.sources.filter { $0 != "case" }.map { .init(value: $0, label: req.t("referrals.source.\($0)"), selected: $0 == (draft.source.isEmpty ? defaultSource : draft.source)) },
                      errors: errors),
                .init("sourceReference", req.t("referrals.field.source_reference"), value: draft.sourceReference, hint: req.t("referrals.hint.source_reference"), errors: errors),
            ]),
            .init(legend: req.t("referrals.section.consent"), fields: consent),
        ], cancelHref: AppRoute.person(person.id!).path)
        return try await req.page("services/form", titleKey: "referrals.new.title", titleArguments: ["name": PersonProfile.fullName(person)],
                                  status: status, NewContent(heading: req.t("referrals.new.title", ["name": PersonProfile.fullName(person)]),
                                                             // Only supervisors have the override field; anyone else is told at the top.
                                                             forms: [form], message: me.role == .supervisor ? nil : errors["override"]))
    }

    @Sendable package static func newForm(req: Request) async throws -> Response {
        let person = try await loadPerson(req)
        var draft = ReferralService.Draft()
        draft.serviceID = ServicesView.query(req, "service")
        // Opened from a case: the referral names it, and is linked to it when sent.
        let source = ServicesView.query(req, "source")
        draft.source = ReferralService.sources.contains(source) ? source : ""
        draft.sourceReference = ServicesView.query(req, "reference")
        return try await renderNew(req, person: person, draft: draft, errors: [:], status: .ok)
    }

    @Sendable package static func create(req: Request) async throws -> Response {
        let person = try await loadPerson(req)
        let draft = try req.content.decode(Input.self).draft
        return try await req.submitForm(kept: draft, render: { try await renderNew(req, person: person, draft: $0, errors: $1, status: $2) }) {
            let referral = try await req.referrals.send(draft, person: person)
            return .to(.referral(referral.id!), flash: "referrals.flash.sent")
        }
    }

    // MARK: lists

    package struct Row: Encodable {
        package let href: String
        package let number: String
        package let person: String
        package let service: String
        package let urgency: String
        package let status: String
        package let statusClass: String
        package let sent: String
        package let deadline: ServicesView.Deadline

        package init(href: String, number: String, person: String, service: String, urgency: String, status: String, statusClass: String, sent: String, deadline: ServicesView.Deadline) {
            self.href = href
            self.number = number
            self.person = person
            self.service = service
            self.urgency = urgency
            self.status = status
            self.statusClass = statusClass
            self.sent = sent
            self.deadline = deadline
        }
    }

    package struct ListContent: Encodable {
        package let heading: String
        package let action: String
        package let form: [String: String]
        package let statuses: [ServicesView.Option]
        package let rows: [Row]
        package let overdue: Int
        package let pager: PageLinks
        package let providerHref: String?

        package init(heading: String, action: String, form: [String: String], statuses: [ServicesView.Option], rows: [Row], overdue: Int, pager: PageLinks, providerHref: String?) {
            self.heading = heading
            self.action = action
            self.form = form
            self.statuses = statuses
            self.rows = rows
            self.overdue = overdue
            self.pager = pager
            self.providerHref = providerHref
        }
    }

    package static func list(_ req: Request, providerID: UUID?, scope: Scope) async throws -> Response {
        var query = ReferralService.ListQuery(status: ServicesView.query(req, "status"), overdueOnly: ServicesView.query(req, "overdue") == "1")
        query.page = req.pageNumber
        let service = req.referrals
        let found = try await service.list(query, scope: scope, providerID: providerID)
        let rows = found.rows
        let overdue = try await service.overdueCount(scope: scope, providerID: providerID)
        let people = Dictionary(uniqueKeysWithValues: try await Person.query(on: req.db).filter(\.$id ~~ Set(rows.map { $0.$person.id })).all().map { ($0.id!, $0) })
        let services = Dictionary(uniqueKeysWithValues: try await SocialService.query(on: req.db).filter(\.$id ~~ Set(rows.map { $0.$service.id })).all().map { ($0.id!, $0.name) })
        let today = service.today.iso
        let base = providerID == nil ? AppRoute.referrals.path : AppRoute.incoming.path
        let items = rows.map { referral in
            Row(href: providerID == nil ? AppRoute.referral(referral.id!).path : AppRoute.incomingReferral(referral.id!).path,
                number: referral.number, person: people[referral.$person.id].map(PersonProfile.fullName) ?? "—",
                service: services[referral.$service.id] ?? "—", urgency: req.t("referrals.urgency.\(referral.urgency)"),
                status: req.t("referrals.status.\(referral.status)"), statusClass: ServicesView.statusClass(referral.statusValue),
                sent: DisplayFormat.date(iso: referral.sentOn), deadline: ServicesView.deadline(referral, today: today))
        }
        let filters = ["status": query.status, "overdue": query.overdueOnly ? "1" : ""]
        var statuses = [ServicesView.Option(value: "all", label: req.t("common.all"), selected: query.status == "all")]
        statuses += ServicesView.options(ReferralStatus.allCases, "referrals.status.", selected: [query.status], req)
        return try await req.page("services/referrals", titleKey: providerID == nil ? "referrals.title" : "referrals.incoming.title", ListContent(
            heading: req.t(providerID == nil ? "referrals.title" : "referrals.incoming.title"), action: base, form: filters,
            statuses: statuses, rows: items, overdue: overdue,
            pager: found.links(base, filters: filters),
            providerHref: providerID.map { AppRoute.provider($0).path }))
    }

    @Sendable package static func sent(req: Request) async throws -> Response {
        let me = try await req.require(.viewReferrals)
        return try await list(req, providerID: nil, scope: me.scope)
    }

    @Sendable package static func incoming(req: Request) async throws -> Response {
        let me = try await req.require(.handleReferrals)
        guard let id = me.scope.organisationID.flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
        return try await list(req, providerID: id, scope: me.scope)
    }

    // MARK: one referral

    package static func loadSent(_ req: Request) async throws -> Referral {
        guard let id = req.parameters.get("id", as: UUID.self), let referral = try await Referral.find(id, on: req.db) else {
            try await req.require(.viewReferrals)
            throw AppError.notFound
        }
        let me = try await req.require(.viewReferrals, territoryPath: referral.territoryPath)
        // A referral made from a case is part of the case: outside its team it does not exist.
        if let caseID = referral.caseID, !(try await req.referrals.readableCases([referral], by: me).contains(caseID)) {
            throw AppError.notFound
        }
        return referral
    }

    /// A referral to the provider user's own organisation; any other answers 404.
    package static func loadIncoming(_ req: Request) async throws -> Referral {
        guard let id = req.parameters.get("id", as: UUID.self), let referral = try await Referral.find(id, on: req.db) else {
            try await req.require(.handleReferrals)
            throw AppError.notFound
        }
        try await req.require(.handleReferrals, territoryPath: nil, organisationID: referral.$provider.id.uuidString)
        return referral
    }

    @Sendable package static func show(req: Request) async throws -> Response {
        let referral = try await loadSent(req)
        try await req.audit.record(.referralViewed, recordType: "referral", recordID: referral.id!.uuidString, detail: referral.number)
        return try await ReferralPage.render(req, referral, providerView: false, status: .ok)
    }

    @Sendable package static func incomingShow(req: Request) async throws -> Response {
        let referral = try await loadIncoming(req)
        try await req.audit.record(.referralViewed, recordType: "referral", recordID: referral.id!.uuidString, detail: "\(referral.number) provider")
        return try await ReferralPage.render(req, referral, providerView: true, status: .ok)
    }

    package struct TransitionForm: Content {
        package var note: String?
        package var version: String?
    }

    @Sendable package static func transition(req: Request) async throws -> Response {
        let referral = try await loadIncoming(req)
        guard let action = ReferralAction(rawValue: req.parameters.get("action") ?? "") else { throw AppError.notFound }
        let form = try req.content.decode(TransitionForm.self)
        return try await req.submitForm(kept: form.note ?? "", render: { note, errors, status in
            try await ReferralPage.render(req, try await loadIncoming(req), providerView: true, status: status, failed: (action, note, errors["note"]))
        }, conflict: { key in
            try await ReferralPage.render(req, try await loadIncoming(req), providerView: true, status: .conflict, message: req.t(key))
        }) {
            try await req.referrals.perform(action, on: referral, note: form.note ?? "", expectedVersion: form.version.flatMap { Int($0) } ?? -1)
            return .to(.incomingReferral(referral.id!), flash: "referrals.flash.\(action.rawValue)")
        }
    }
}
