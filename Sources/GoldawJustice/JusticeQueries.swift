import Fluent
import Foundation
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// The reads the justice pages and the API need, callable without HTTP, with the confidentiality
/// rule in one place: who may read which record.
package struct JusticeQueries {
    package let db: any Database

    package init(db: any Database) { self.db = db }

    /// The records `me` may read: justice officers and supervisors in scope; a social worker the
    /// records they are on; the Commission those waiting for a decision and the diversions it
    /// decided; a place of detention the children it holds or held.
    package func records(for me: CurrentUser) async throws -> QueryBuilder<JusticeRecord> {
        let query = JusticeRecord.query(on: db)
        switch me.role {
        case .justiceOfficer, .supervisor:
            return query.within(\.$territoryPath, me.scope)
        case .socialWorker:
            return query.within(\.$territoryPath, me.scope).group(.or) {
                $0.filter(\.$socialWorker.$id == me.id).filter(\.$aftercareWorker.$id == me.id)
            }
        case .commissionMember:
            let decided = try await Diversion.query(on: db).filter(\.$byCommission == true).all(\.$record.$id)
            return query.within(\.$territoryPath, me.scope).group(.or) {
                $0.filter(\.$status == JusticeStatus.apprehended.rawValue).filter(\.$id ~~ decided)
            }
        case .detentionStaff:
            let organisation = me.scope.organisationID.flatMap(UUID.init(uuidString:)) ?? UUID()
            let held = try await Detention.query(on: db).filter(\.$organisationID == organisation).all(\.$record.$id)
            return query.filter(\.$id ~~ held)
        default:
            return query.filter(\.$id == UUID())
        }
    }

    /// The record the route names, if `me` may read it; 404 otherwise, so existence does not leak.
    package func readable(_ id: UUID?, for me: CurrentUser) async throws -> JusticeRecord {
        guard let id, let record = try await records(for: me).filter(\.$id == id).with(\.$child).first() else { throw AppError.notFound }
        return record
    }

    /// Open records first, the newest apprehension first.
    package func list(for me: CurrentUser, open: Bool) async throws -> QueryBuilder<JusticeRecord> {
        var query = try await records(for: me).with(\.$child)
        if open { query = query.filter(\.$status ~~ JusticeStatus.allCases.filter(\.isOpen).map(\.rawValue)) }
        return query.sort(\.$apprehendedAt, .descending).sort(\.$id)
    }

    /// Pre-trial detentions whose review date has passed, in scope.
    package func reviewsOverdue(for me: CurrentUser, today: CalendarDate) async throws -> [PretrialOrder] {
        guard me.role == .justiceOfficer || me.role == .supervisor else { return [] }
        return try await PretrialOrder.query(on: db).within(\.$territoryPath, me.scope).filter(\.$endsOn == nil)
            .filter(\.$nextReviewOn < today.iso).with(\.$record) { $0.with(\.$child) }.sort(\.$nextReviewOn).limit(100).all()
    }

    /// Records whose child is still in police custody past the limit.
    package func custodyOverLimit(for me: CurrentUser, now: Date, limits: JusticeLimits) async throws -> [JusticeRecord] {
        guard me.role == .justiceOfficer || me.role == .supervisor else { return [] }
        let since = now.addingTimeInterval(-Double(limits.custodyHours) * 3600)
        return try await JusticeRecord.query(on: db).within(\.$territoryPath, me.scope).filter(\.$inCustody == true)
            .filter(\.$custodyEndedAt == nil).filter(\.$apprehendedAt < since).with(\.$child).limit(100).all()
    }

    /// Further interviews waiting for a supervisor, in scope.
    package func interviewRequests(for me: CurrentUser) async throws -> [Interview] {
        guard AccessPolicy.allows(me.role, .approveInterviews) else { return [] }
        return try await Interview.query(on: db).within(\.$territoryPath, me.scope).filter(\.$status == InterviewStatus.requested.rawValue)
            .with(\.$witness) { $0.with(\.$child) }.sort(\.$createdAt).limit(100).all()
    }

    /// Children held now at the staff member's place.
    package func heldHere(for me: CurrentUser) async throws -> [Detention] {
        let organisation = me.scope.organisationID.flatMap(UUID.init(uuidString:)) ?? UUID()
        return try await Detention.query(on: db).filter(\.$organisationID == organisation).filter(\.$releasedAt == nil)
            .with(\.$record) { $0.with(\.$child) }.with(\.$place).sort(\.$admittedAt).limit(500).all()
    }

    /// Witnesses in scope (justice officers and supervisors), or those a social worker is on.
    package func witnesses(for me: CurrentUser) -> QueryBuilder<ChildWitness> {
        let query = ChildWitness.query(on: db).within(\.$territoryPath, me.scope)
        switch me.role {
        case .justiceOfficer, .supervisor: return query
        case .socialWorker: return query.filter(\.$worker.$id == me.id)
        default: return query.filter(\.$id == UUID())
        }
    }

    package func places(for me: CurrentUser) -> QueryBuilder<JusticePlace> {
        let query = JusticePlace.query(on: db)
        if me.scope.kind == .organisation {
            return query.filter(\.$organisationID == (me.scope.organisationID.flatMap(UUID.init(uuidString:)) ?? UUID()))
        }
        // Places and their inspections are not confidential: the monitor and administrators see
        // every place of their scope, as do justice officers.
        return query.within(\.$territoryPath, me.scope)
    }

    // MARK: figures for a page of rows, each in one grouped query

    /// Children held now, per place.
    package func heldNow(at places: [UUID]) async throws -> [UUID: Int] {
        guard !places.isEmpty else { return [:] }
        let rows = try await (db as! any SQLDatabase).select().column("place_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(Detention.schema).where("place_id", .in, places).where("released_at", .is, SQLLiteral.null).groupBy("place_id").all()
        return try Dictionary(uniqueKeysWithValues: rows.map { (try $0.decode(column: "place_id", as: UUID.self), try $0.decode(column: "n", as: Int.self)) })
    }

    /// The day of the latest inspection, per place.
    package func lastInspected(_ places: [UUID]) async throws -> [UUID: String] {
        guard !places.isEmpty else { return [:] }
        let rows = try await (db as! any SQLDatabase).select().column("place_id").column(SQLFunction("MAX", args: SQLIdentifier("inspected_on")), as: "last")
            .from(Inspection.schema).where("place_id", .in, places).groupBy("place_id").all()
        return try Dictionary(uniqueKeysWithValues: rows.map { (try $0.decode(column: "place_id", as: UUID.self), try $0.decode(column: "last", as: String.self)) })
    }

    /// Interviews held, per victim or witness.
    package func interviewsHeld(_ witnesses: [UUID]) async throws -> [UUID: Int] {
        guard !witnesses.isEmpty else { return [:] }
        let rows = try await (db as! any SQLDatabase).select().column("witness_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(Interview.schema).where("witness_id", .in, witnesses).where("status", .equal, InterviewStatus.held.rawValue).groupBy("witness_id").all()
        return try Dictionary(uniqueKeysWithValues: rows.map { (try $0.decode(column: "witness_id", as: UUID.self), try $0.decode(column: "n", as: Int.self)) })
    }

    // MARK: home and profile

    package func homeCards(for me: CurrentUser, req: Request) async throws -> [HomeCard] {
        var cards: [HomeCard] = []
        let today = CalendarDate.today
        if me.role == .justiceOfficer || me.role == .supervisor {
            let open = try await list(for: me, open: true).count()
            cards.append(HomeCard(label: req.t("justice.home.open"), count: open, href: AppRoute.justice.path))
            let overdue = try await reviewsOverdue(for: me, today: today).count
            cards.append(HomeCard(label: req.t("justice.home.reviews_overdue"), count: overdue, href: AppRoute.justice.path + "#reviews"))
        }
        if AccessPolicy.allows(me.role, .approveInterviews) {
            let waiting = try await interviewRequests(for: me).count
            cards.append(HomeCard(label: req.t("justice.home.interview_requests"), count: waiting, href: AppRoute.justice.path + "#interviews"))
        }
        if me.role == .commissionMember || me.role == .socialWorker {
            let mine = try await list(for: me, open: true).count()
            if mine > 0 || me.role == .commissionMember {
                cards.append(HomeCard(label: req.t("justice.home.mine"), count: mine, href: AppRoute.justice.path))
            }
        }
        if me.role == .detentionStaff {
            cards.append(HomeCard(label: req.t("justice.home.held_here"), count: try await heldHere(for: me).count, href: AppRoute.justice.path))
        }
        return cards
    }

    package struct ProfileRow: Encodable, Sendable {
        package let href: String
        package let number: String
        package let label: String
        package let on: String
    }

    package struct ProfileSection: Encodable, Sendable {
        package let rows: [ProfileRow]
    }

    package func profile(_ child: UUID, for me: CurrentUser, req: Request) async throws -> ProfileSection? {
        let records = try await records(for: me).filter(\.$child.$id == child).sort(\.$apprehendedAt, .descending).all()
        let witnesses = try await witnesses(for: me).filter(\.$child.$id == child).sort(\.$createdAt, .descending).all()
        let rows = records.map { ProfileRow(href: AppRoute.justiceRecord($0.id!).path, number: $0.number, label: req.t("justice.status.\($0.status)"), on: $0.apprehended.date.display) }
            + witnesses.map { ProfileRow(href: AppRoute.justiceWitness($0.id!).path, number: $0.number, label: req.t("justice.witness_role.\($0.role)"),
                                         on: CalendarDate.ashgabat(secondsSince1970: $0.createdAt.timeIntervalSince1970).display) }
        return rows.isEmpty ? nil : ProfileSection(rows: rows)
    }
}
