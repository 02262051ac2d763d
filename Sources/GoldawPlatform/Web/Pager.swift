import Fluent
import Vapor

extension Request {
    /// The `page` query parameter, at least 1 and at most 100,000: an offset computed from it
    /// can never overflow, whatever a client sends.
    package var pageNumber: Int { Paging.clamp((try? query.get(Int.self, at: "page")) ?? 1) }
}

package enum Paging {
    package static let maxPage = 100_000
    package static func clamp(_ page: Int) -> Int { min(max(page, 1), maxPage) }

    /// How many rows come before `page`.
    package static func offset(page: Int, perPage: Int) -> Int { (page - 1) * perPage }

    /// The rows to read for `page`: its own and one more, which tells whether another page follows.
    package static func window(page: Int, perPage: Int) -> Range<Int> {
        offset(page: page, perPage: perPage)..<(page * perPage + 1)
    }
}

/// One page of a list: its rows, and whether another page follows. Every list page and API list
/// reads its rows through this, so the offset, the look-ahead row and the links are written once.
package struct Pager<Row> {
    package let rows: [Row]
    package let page: Int
    package let perPage: Int
    package let hasMore: Bool

    /// From the rows read starting at the page's first row (`Paging.window`, or any longer list
    /// that starts there): the first `perPage` are the page; one more means another page follows.
    package init(reading rows: some Collection<Row>, page: Int, perPage: Int) {
        self.init(rows: Array(rows.prefix(perPage)), page: page, perPage: perPage, hasMore: rows.count > perPage)
    }

    /// Page `page` of a list already in memory.
    package init(slicing all: some Collection<Row>, page: Int, perPage: Int) {
        self.init(reading: all.dropFirst(Paging.offset(page: page, perPage: perPage)), page: page, perPage: perPage)
    }

    package init(rows: [Row], page: Int, perPage: Int, hasMore: Bool) {
        self.rows = rows
        self.page = page
        self.perPage = perPage
        self.hasMore = hasMore
    }

    /// An empty first page, for a list the user may not see at all.
    package static func empty(page: Int = 1, perPage: Int) -> Pager { Pager(rows: [], page: page, perPage: perPage, hasMore: false) }

    /// The same page with each row transformed (a model to a table row, a record to a DTO).
    package func map<T>(_ transform: (Row) throws -> T) rethrows -> Pager<T> {
        Pager<T>(rows: try rows.map(transform), page: page, perPage: perPage, hasMore: hasMore)
    }

    package func map<T>(_ transform: (Row) async throws -> T) async rethrows -> Pager<T> {
        var mapped: [T] = []
        mapped.reserveCapacity(rows.count)
        for row in rows { mapped.append(try await transform(row)) }
        return Pager<T>(rows: mapped, page: page, perPage: perPage, hasMore: hasMore)
    }

    /// The same page with rows transformed all at once (a batch read for the page's rows).
    package func withRows<T>(_ rows: [T]) -> Pager<T> { Pager<T>(rows: rows, page: page, perPage: perPage, hasMore: hasMore) }

    /// The neighbours' links of this page of the list at `path`, its filters kept.
    package func links(_ path: String, filters: [String: String] = [:]) -> PageLinks {
        PageLinks(page: page, hasMore: hasMore, path: path, filters: filters)
    }
}

extension Pager: Sendable where Row: Sendable {}

extension Pager where Row: Content {
    /// The page as the API answers it.
    package var api: APIPage<Row> { APIPage(items: rows, page: page, perPage: perPage, hasMore: hasMore) }
}

extension QueryBuilder {
    /// Page `page` of this query, `perPage` rows to a page (sort the query first).
    package func readPage(_ page: Int, perPage: Int) async throws -> Pager<Model> {
        Pager(reading: try await range(Paging.window(page: page, perPage: perPage)).all(), page: page, perPage: perPage)
    }
}

/// What a list template needs to page: the links, and the page it is on.
package struct PageLinks: Encodable, Sendable {
    package let prevHref: String?
    package let nextHref: String?
    package let page: Int

    /// The links around `page` of a list at `path` filtered by `filters` (empty ones left out).
    package init(page: Int, hasMore: Bool, path: String, filters: [String: String]) {
        self.init(prevHref: page > 1 ? Self.href(path, filters: filters, page: page - 1) : nil,
                  nextHref: hasMore ? Self.href(path, filters: filters, page: page + 1) : nil, page: page)
    }

    /// A list page's address: the filters in a stable order, percent-encoded, then the page.
    package static func href(_ path: String, filters: [String: String], page: Int) -> String {
        var items = URLComponents()
        items.queryItems = filters.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
            + [URLQueryItem(name: "page", value: String(page))]
        return path + "?" + (items.percentEncodedQuery ?? "")
    }

    package init(prevHref: String?, nextHref: String?, page: Int) {
        self.prevHref = prevHref
        self.nextHref = nextHref
        self.page = page
    }
}

/// A page of an API list: the same shape for every list operation.
package struct APIPage<Item: Content>: Content {
    package let items: [Item]
    package let page: Int
    package let perPage: Int
    package let hasMore: Bool

    package init(items: [Item], page: Int, perPage: Int, hasMore: Bool) {
        self.items = items
        self.page = page
        self.perPage = perPage
        self.hasMore = hasMore
    }
}
