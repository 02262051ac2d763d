import Vapor

/// One choice of a select list or a set of checkboxes, as every form template reads it.
package struct SelectOption: Encodable, Sendable {
    package let value: String
    package let label: String
    package let selected: Bool

    package init(value: String, label: String, selected: Bool) {
        self.value = value
        self.label = label
        self.selected = selected
    }
}

extension Request {
    /// The choices of an enum, each labelled by the locale key `prefix + rawValue`, in the
    /// enum's order; those in `selected` marked.
    package func options<T: RawRepresentable>(_ cases: [T], prefix: String, selected: Set<String>) -> [SelectOption]
        where T.RawValue == String {
        cases.map { SelectOption(value: $0.rawValue, label: t(prefix + $0.rawValue), selected: selected.contains($0.rawValue)) }
    }

    /// `options` with one value selected.
    package func options<T: RawRepresentable>(_ cases: [T], prefix: String, selected: String) -> [SelectOption]
        where T.RawValue == String {
        options(cases, prefix: prefix, selected: [selected])
    }
}
