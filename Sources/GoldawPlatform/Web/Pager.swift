import Vapor

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
