import Fluent
import Vapor

/// One page of a list: which page, how many to a page, and the rows of it.
///
/// A page is read with one row more than it shows: whether that row came back says whether
/// there is a next page, without counting the whole table.
package struct Pager: Sendable {
    package let page: Int
    package let perPage: Int

    package init(page: Int, perPage: Int) {
        self.page = Paging.clamp(page)
        self.perPage = perPage
    }

    /// The page the request's `page` parameter asks for.
    package init(_ req: Request, perPage: Int) {
        self.init(page: req.pageNumber, perPage: perPage)
    }

    /// The rows to read: this page and one more.
    package var probe: Range<Int> { (page - 1) * perPage..<(page * perPage + 1) }
    package var offset: Int { (page - 1) * perPage }

    /// This page's rows from what `probe` read.
    package func page<Row>(of rows: [Row]) -> ListPage<Row> {
        ListPage(rows: Array(rows.prefix(perPage)), hasMore: rows.count > perPage, number: page, perPage: perPage)
    }

    /// Reads this page of `query`.
    package func fetch<M: Model>(_ query: QueryBuilder<M>) async throws -> ListPage<M> {
        page(of: try await query.range(probe).all())
    }
}

package struct ListPage<Row> {
    package let rows: [Row]
    package let hasMore: Bool
    package let number: Int
    package let perPage: Int

    package func map<T>(_ transform: (Row) throws -> T) rethrows -> ListPage<T> {
        ListPage<T>(rows: try rows.map(transform), hasMore: hasMore, number: number, perPage: perPage)
    }

    /// The previous and next links of a list page; `href` makes the link to page n.
    package func links(_ href: (Int) -> String) -> PageLinks {
        PageLinks(prevHref: number > 1 ? href(number - 1) : nil, nextHref: hasMore ? href(number + 1) : nil, page: number)
    }

    package init(rows: [Row], hasMore: Bool, number: Int, perPage: Int) {
        self.rows = rows
        self.hasMore = hasMore
        self.number = number
        self.perPage = perPage
    }
}

extension ListPage: Sendable where Row: Sendable {}

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

    package init(_ page: ListPage<Item>) {
        self.init(items: page.rows, page: page.number, perPage: page.perPage, hasMore: page.hasMore)
    }
}
