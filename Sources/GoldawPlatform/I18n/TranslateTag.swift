import Leaf
import Vapor
import GoldawCore

/// `#t("key")` in a template: the text in the request's language.
package struct TranslateTag: LeafTag {
    package let localizer: Localizer

    package func render(_ ctx: LeafContext) throws -> LeafData {
        guard let key = ctx.parameters.first?.string else {
            throw "#t needs a string key"
        }
        let locale = ctx.request?.locale ?? .default
        return .string(localizer.t(key, locale))
    }

    package init(localizer: Localizer) {
        self.localizer = localizer
    }
}
