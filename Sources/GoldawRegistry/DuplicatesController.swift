import Fluent
import Vapor
import GoldawCore
import GoldawPlatform

/// The supervisors' duplicates queue: compare two records side by side, merge or dismiss;
/// undo a merge from the merged record's page.
package enum DuplicatesController {
    package static func register(on routes: any RoutesBuilder) {
        routes.get(AppRoute.components(.duplicates), use: queue)
        routes.get(AppRoute.Pattern.duplicate, use: compare)
        routes.post(AppRoute.Pattern.duplicate + ["merge"], use: merge)
        routes.post(AppRoute.Pattern.duplicate + ["dismiss"], use: dismiss)
        routes.post(["merges", ":id", "unmerge"], use: unmerge)
    }

    package struct Row: Encodable {
        package let href: String
        package let first: String
        package let second: String
        package let score: Int
        package let source: String
        package let detected: String

        package init(href: String, first: String, second: String, score: Int, source: String, detected: String) {
            self.href = href
            self.first = first
            self.second = second
            self.score = score
            self.source = source
            self.detected = detected
        }
    }

    package struct QueueContent: Encodable { package let rows: [Row]; package init(rows: [Row]) { self.rows = rows } }

    @Sendable package static func queue(req: Request) async throws -> Response {
        let me = try await req.require(.reviewDuplicates)
        let pairs = try await req.registryQueries.openDuplicates(scope: me.scope)
        return try await req.page("registry/duplicates", titleKey: "duplicates.title", QueueContent(rows: pairs.map { pair in
            let (first, second) = pair.inRegistrationOrder
            return Row(href: AppRoute.duplicate(pair.id!).path,
                first: PersonProfile.fullName(first) + " (\(first.number))",
                second: PersonProfile.fullName(second) + " (\(second.number))",
                score: pair.score, source: req.t("duplicates.source.\(pair.source)"), detected: DisplayFormat.dateTime(pair.detectedAt))
        }))
    }

    package static func loadPair(_ req: Request) async throws -> DuplicatePair {
        // (The pair is stored with the smaller id first; pages show the earlier registration first.)
        let me = try await req.require(.reviewDuplicates)
        guard let id = req.parameters.get("id", as: UUID.self),
              let pair = try await DuplicatePair.query(on: req.db).filter(\.$id == id).with(\.$personA).with(\.$personB).first(),
              me.scope.kind == .national || me.scope.contains(territoryPath: pair.personA.territoryPath)
                || me.scope.contains(territoryPath: pair.personB.territoryPath) else {
            throw AppError.notFound
        }
        return pair
    }

    package struct Side: Encodable {
        package let id: String
        package let href: String
        package let name: String
        package let fields: [PersonProfile.Item]
    }

    package struct CompareContent: Encodable {
        package let a: Side
        package let b: Side
        package let score: Int
        package let reasons: [String]
        package let open: Bool
        package let status: String
        package let mergeAction: String
        package let dismissAction: String
        package let backHref: String
    }

    package static func side(_ person: Person, req: Request) async throws -> Side {
        let (documents, links, territory) = try await req.registryQueries.side(person)
        var fields: [PersonProfile.Item] = [
            .init(label: req.t("registry.field.number"), value: person.number, href: nil),
            .init(label: req.t("registry.field.sex"), value: req.t("registry.sex.\(person.sex)"), href: nil),
            .init(label: req.t("registry.field.birth_date"), value: DisplayFormat.date(iso: person.birthDate) + (person.birthDateEstimated ? "*" : ""), href: nil),
            .init(label: req.t("registry.field.address"), value: [territory?.name(req.locale), person.locality, person.street].compactMap { $0 }.joined(separator: ", "), href: nil),
        ]
        if let cyrillic = PersonProfile.cyrillicName(person) { fields.insert(.init(label: req.t("registry.field.cyrillic"), value: cyrillic, href: nil), at: 0) }
        for document in documents { fields.append(.init(label: req.t("registry.document.\(document.type)"), value: document.number, href: nil)) }
        for link in links { fields.append(.init(label: req.t("links.kind.\(link.kind)"), value: PersonProfile.fullName(link.adult), href: nil)) }
        return Side(id: person.id!.path, href: AppRoute.person(person.id!).path, name: PersonProfile.fullName(person), fields: fields)
    }

    @Sendable package static func compare(req: Request) async throws -> Response {
        let pair = try await loadPair(req)
        for person in [pair.personA, pair.personB] {
            try await req.audit.record(.personViewed, recordType: "person", recordID: person.id!.uuidString, detail: "duplicate review")
        }
        let reasons = DuplicateReasons.decode(pair.reasons).map {
            req.t("duplicates.reason.\($0.reason)") + " (\($0.points > 0 ? "+" : "")\($0.points))"
        }
        let (first, second) = pair.inRegistrationOrder
        return try await req.page("registry/duplicate", titleKey: "duplicates.compare", CompareContent(
            a: try await side(first, req: req), b: try await side(second, req: req), score: pair.score,
            reasons: reasons, open: pair.status == "open", status: req.t("duplicates.status.\(pair.status)"),
            mergeAction: AppRoute.duplicateMerge(pair.id!).path, dismissAction: AppRoute.duplicateDismiss(pair.id!).path,
            backHref: AppRoute.duplicates.path))
    }

    package struct MergeForm: Content { package var survivor: String? }

    @Sendable package static func merge(req: Request) async throws -> Response {
        let pair = try await loadPair(req)
        guard pair.status == "open" else { throw AppError.conflict("registry.merge_not_possible") }
        let form = try req.content.decode(MergeForm.self)
        let survivorIsA = form.survivor == pair.personA.id!.path
        guard survivorIsA || form.survivor == pair.personB.id!.path else {
            throw AppError.badRequest("duplicates.choose_survivor")
        }
        let (survivor, merged) = survivorIsA ? (pair.personA, pair.personB) : (pair.personB, pair.personA)
        _ = try await req.merges.merge(survivor: survivor, merged: merged, pair: pair)
        return req.redirect(to: .person(survivor.id!), flash: "duplicates.merged")
    }

    @Sendable package static func dismiss(req: Request) async throws -> Response {
        let pair = try await loadPair(req)
        let me = try await req.require(.reviewDuplicates)
        guard pair.status == "open" else { throw AppError.conflict("registry.merge_not_possible") }
        pair.status = "dismissed"
        pair.reviewedBy = me.id
        pair.reviewedAt = AppClock.now
        try await req.db.writing { tx in
            try await pair.save(on: tx)
            try await req.audit.on(tx).record(.duplicateDismissed, recordType: "duplicate_pair", recordID: pair.id!.uuidString)
        }
        return req.redirect(to: .duplicates, flash: "duplicates.dismissed")
    }

    @Sendable package static func unmerge(req: Request) async throws -> Response {
        let me = try await req.require(.reviewDuplicates)
        guard let id = req.parameters.get("id", as: UUID.self),
              let record = try await PersonMerge.query(on: req.db).filter(\.$id == id).with(\.$merged).first(),
              me.scope.kind == .national || me.scope.contains(territoryPath: record.merged.territoryPath) else {
            throw AppError.notFound
        }
        try await req.merges.unmerge(record)
        return req.redirect(to: .person(record.$merged.id), flash: "duplicates.unmerged")
    }
}

extension DuplicatePair {
    /// The two records, the one registered first (the lower number) first.
    package var inRegistrationOrder: (Person, Person) {
        personA.number <= personB.number ? (personA, personB) : (personB, personA)
    }
}
