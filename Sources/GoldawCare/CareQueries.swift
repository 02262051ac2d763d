import Fluent
import SQLKit
import Vapor
import GoldawCore
import GoldawPlatform
import GoldawRegistry

/// The reads the care pages and the API need, callable without HTTP.
package struct CareQueries {
    package let db: any Database

    package init(db: any Database) { self.db = db }

    /// A setting's staff see the placements of their organisation; everyone else those of their territory.
    package func placements(for me: CurrentUser) -> QueryBuilder<Placement> {
        let query = Placement.query(on: db)
        if me.scope.kind == .organisation {
            return query.filter(\.$organisationID == me.scope.organisationID.flatMap(UUID.init(uuidString:)) ?? UUID())
        }
        return query.within(\.$territoryPath, me.scope)
    }

    /// Placements that hold tonight.
    package func current(_ query: QueryBuilder<Placement>, on date: CalendarDate) -> QueryBuilder<Placement> {
        query.filter(\.$startDate <= date.iso).group(.or) { $0.filter(\.$endDate == nil).filter(\.$endDate >= date.iso) }
    }

    /// The child's episodes, the latest first: "where and with whom tonight" is the first one that holds.
    package func episodes(of child: UUID) async throws -> [Placement] {
        try await Placement.query(on: db).filter(\.$child.$id == child).with(\.$setting).with(\.$carer) { $0.with(\.$person) }
            .sort(\.$startDate, .descending).all()
    }

    package func whereTonight(_ child: UUID, on date: CalendarDate) async throws -> Placement? {
        try await current(Placement.query(on: db).filter(\.$child.$id == child), on: date).with(\.$setting)
            .with(\.$carer) { $0.with(\.$person) }.first()
    }

    /// Where a placement is: the setting's name or the carer's name and kind.
    package static func whereLabel(_ placement: Placement, req: Request) -> String {
        if let setting = placement.setting { return setting.name }
        if let carer = placement.carer { return PersonProfile.fullName(carer.person) + " · " + req.t("care.carer_kind.\(carer.kind)") }
        return "—"
    }

    // MARK: the profile section

    package struct Episode: Encodable, Sendable {
        package let href: String
        package let type: String
        package let place: String
        package let from: String
        package let to: String
        package let destination: String?
        package let current: Bool
    }

    package struct ProfileSection: Encodable, Sendable {
        package let tonight: String?
        package let episodes: [Episode]
        package let requests: [RequestRow]
        package let newHref: String?
    }

    package func profile(_ subject: ProfileSubject, for me: CurrentUser, req: Request) async throws -> ProfileSection {
        let today = CalendarDate.today
        let all = try await episodes(of: subject.id)
        let visible = all.filter { me.scope.contains(territoryPath: $0.territoryPath) }
        let requests = try await CareRequest.query(on: db).filter(\.$child.$id == subject.id).with(\.$child).sort(\.$createdAt, .descending).all()
            .filter { me.scope.contains(territoryPath: $0.territoryPath) }
        let tonight = visible.first { $0.span?.contains(today) == true }
        let under18 = CalendarDate(iso: subject.birthDate).map { Age.years(born: $0, on: today) < 18 } ?? false
        let canBring = AccessPolicy.allows(me.role, .workCare) && under18 && !subject.isMerged && subject.deathDate == nil
        return ProfileSection(
            tonight: tonight.map { req.t("care.type.\($0.careType)") + " · " + Self.whereLabel($0, req: req) },
            episodes: visible.map { episode(for: $0, req: req, today: today) },
            requests: requests.map { requestRow($0, req: req) },
            newHref: canBring ? AppRoute.careRequestNew(subject.id).path : nil)
    }

    package func episode(for p: Placement, req: Request, today: CalendarDate) -> Episode {
        Episode(href: AppRoute.carePlacement(p.id!).path, type: req.t("care.type.\(p.careType)"), place: Self.whereLabel(p, req: req),
                from: CalendarDate(iso: p.startDate)?.display ?? p.startDate,
                to: p.endDate.flatMap(CalendarDate.init(iso:))?.display ?? "",
                destination: p.destination.map { req.t("care.destination.\($0)") },
                current: p.span?.contains(today) == true)
    }

    // MARK: requests

    package struct RequestRow: Encodable, Sendable {
        package let href: String
        package let number: String
        package let child: String
        package let type: String
        package let status: String
        package let flagged: Bool
        package let assessedOn: String
    }

    package func requestRow(_ r: CareRequest, req: Request) -> RequestRow {
        RequestRow(href: AppRoute.careRequest(r.id!).path, number: r.number, child: PersonProfile.fullName(r.child),
                   type: req.t("care.type.\(r.requestedType)"), status: req.t("care.request_status.\(r.status)"), flagged: r.flagged,
                   assessedOn: CalendarDate(iso: r.assessedOn)?.display ?? r.assessedOn)
    }

    package func openRequests(for me: CurrentUser) async throws -> [CareRequest] {
        try await CareRequest.query(on: db).within(\.$territoryPath, me.scope)
            .filter(\.$status ~~ [CareRequestStatus.prepared.rawValue, CareRequestStatus.onAgenda.rawValue])
            .with(\.$child).sort(\.$createdAt).limit(200).all()
    }

    // MARK: reviews and alerts

    /// Current placements whose review is due within `days` or overdue, the most overdue first.
    package func reviewsDue(for me: CurrentUser, within days: Int = 14, today: CalendarDate = .today) async throws -> [Placement] {
        try await current(placements(for: me), on: today).filter(\.$nextReviewOn <= today.adding(days: days).iso)
            .with(\.$child).with(\.$setting).with(\.$carer) { $0.with(\.$person) }
            .join(Person.self, on: \Placement.$child.$id == \Person.$id)
            .sort(\.$nextReviewOn).sort(Person.self, \.$surname).sort(Person.self, \.$givenName).sort(\.$id).limit(500).all()
    }

    /// Children in residential care tonight who were under 3 when placed or have a disability:
    /// what the welaýat supervisor and the analysts watch. An exception past its date shows as expired.
    package func alerts(for me: CurrentUser, today: CalendarDate = .today) async throws -> [Placement] {
        try await current(placements(for: me), on: today).filter(\.$careType == CareType.residential.rawValue)
            .group(.or) { $0.filter(\.$underThree == true).filter(\.$disability == true) }
            .with(\.$child).with(\.$setting).sort(\.$startDate).limit(500).all()
    }

    package func homeCards(for me: CurrentUser, req: Request) async throws -> [HomeCard] {
        var cards: [HomeCard] = []
        let today = CalendarDate.today
        if AccessPolicy.allows(me.role, .decideCare) {
            let waiting = try await CareRequest.query(on: db).within(\.$territoryPath, me.scope)
                .filter(\.$status ~~ [CareRequestStatus.prepared.rawValue, CareRequestStatus.onAgenda.rawValue]).count()
            cards.append(HomeCard(label: req.t("care.home.requests"), count: waiting, href: AppRoute.care.path))
            let sittings = try await CareSitting.query(on: db).within(\.$territoryPath, me.scope).filter(\.$status != "closed").count()
            cards.append(HomeCard(label: req.t("care.home.sittings"), count: sittings, href: AppRoute.careSittings.path))
        }
        if AccessPolicy.allows(me.role, .viewCare), me.role != .careStaff {
            let overdue = try await current(placements(for: me), on: today).filter(\.$nextReviewOn < today.iso).count()
            cards.append(HomeCard(label: req.t("care.home.reviews_overdue"), count: overdue, href: AppRoute.careReviews.path))
        }
        if me.role == .supervisor || me.role == .nationalAnalyst || me.role == .commissionMember {
            let alerts: Int
            if AccessPolicy.allows(me.role, .viewCare) {
                alerts = try await self.alerts(for: me, today: today).count
            } else {
                alerts = try await current(Placement.query(on: db), on: today).filter(\.$careType == CareType.residential.rawValue)
                    .filter(\.$underThree == true).count()
            }
            cards.append(HomeCard(label: req.t("care.home.alerts"), count: alerts,
                                  href: AccessPolicy.allows(me.role, .viewCare) ? AppRoute.care.path + "#alerts" : AppRoute.careFigures.path))
        }
        if me.role == .careStaff {
            let here = try await current(placements(for: me), on: today).count()
            cards.append(HomeCard(label: req.t("care.home.children_here"), count: here, href: AppRoute.carePlacements.path))
        }
        return cards
    }
}
