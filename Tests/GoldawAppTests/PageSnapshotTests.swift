import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import GoldawCore
@testable import GoldawApp
@testable import GoldawPlatform

/// Every page as it is rendered, kept as reviewed files in `__Snapshots__/`: a change to a
/// template, a string or a page's data shows up as a diff of those files.
///
/// The pages are found the way a person finds them: signed in as each demo role on the demo
/// data (pinned to the test date), starting from the home page and following every link within
/// the site, breadth first. A page is kept once per path pattern (ids replaced by `<id>`), under
/// the first role that reaches it. Values that differ from run to run (record ids, CSRF tokens,
/// clock minutes) are replaced before the comparison.
///
/// `GOLDAW_RECORD_SNAPSHOTS=1 swift test --filter PageSnapshotTests` writes the files anew;
/// review the diff before committing it. A page with no file fails the test until recorded.
@Suite("Every page, rendered") struct PageSnapshotTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")
    /// A record id, also as it appears percent-encoded in a link's query.
    static let uuid = #"[0-9A-Fa-f]{8}(-|%2D)[0-9A-Fa-f]{4}(-|%2D)[0-9A-Fa-f]{4}(-|%2D)[0-9A-Fa-f]{4}(-|%2D)[0-9A-Fa-f]{12}"#
    static var recording: Bool { ProcessInfo.processInfo.environment["GOLDAW_RECORD_SNAPSHOTS"] == "1" }

    /// Roles and where each begins; the public pages are crawled signed out.
    static let crawls: [(username: String?, start: [String])] = [
        (nil, ["/login", "/complaints", "/complaints/track", "/directory", "/complaints/child", "/complaints/child/track"]),
        // The children's complaints: the monitor's, and Çärjew etraby's report of a child at risk.
        ("monitor", ["/"]), ("worker.lebap", ["/cases/intakes"]),
        ("worker.mary", ["/"]), ("supervisor.mary", ["/"]), ("officer.mary", ["/"]), ("approver.mary", ["/"]),
        ("provider.mary", ["/"]), ("analyst", ["/"]), ("admin", ["/"]), ("commission.lebap", ["/"]), ("justice.lebap", ["/"]),
    ]

    /// Paths never followed: they act (sign out, downloads) rather than show a page.
    static func followed(_ path: String) -> Bool {
        !(path.hasPrefix("/logout") || path.hasSuffix(".csv") || path.contains("/export") || path.contains("format=csv")
          || path.hasPrefix("/api/") || path.hasPrefix("/static") || path.hasPrefix("/favicon") || path.hasPrefix("/metrics"))
    }

    static func pattern(_ path: String) -> String {
        var text = path.replacingOccurrences(of: Self.uuid,
                                             with: "<id>", options: .regularExpression)
        // Query strings are kept for the filters a page offers, not for every page number.
        text = text.replacingOccurrences(of: #"page=\d+"#, with: "page=<n>", options: .regularExpression)
        return text
    }

    static func fileName(_ pattern: String, locale: String) -> String {
        let safe = pattern.map { $0.isLetter || $0.isNumber || $0 == "-" ? String($0) : "_" }.joined()
        return "\(locale)\(safe.isEmpty ? "_" : safe).html"
    }

    /// Replaces what differs between runs of the same data.
    static func normalised(_ html: String) -> String {
        var text = html.replacingOccurrences(of: Self.uuid,
                                             with: "<id>", options: .regularExpression)
        text = text.replacingOccurrences(of: #"name="_csrf" value="[^"]*""#, with: #"name="_csrf" value="<csrf>""#, options: .regularExpression)
        // Complaint tracking codes are drawn at random.
        text = text.replacingOccurrences(of: #"\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}\b"#, with: "<tracking>", options: .regularExpression)
        // The pinned clock keeps the date; minutes pass while a test runs.
        text = text.replacingOccurrences(of: #"(\d\d\.\d\d\.\d{4}) \d\d:\d\d"#, with: "$1 <time>", options: .regularExpression)
        text = text.replacingOccurrences(of: #"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z"#, with: "<instant>", options: .regularExpression)
        return text
    }

    static func links(in html: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: ##"href="(/[^"#]*)""##)
        let range = NSRange(html.startIndex..., in: html)
        return regex.matches(in: html, range: range).compactMap { match in
            Range(match.range(at: 1), in: html).map { String(html[$0]).replacingOccurrences(of: "&amp;", with: "&") }
        }
    }

    /// Compares a page with its file, or writes the file when recording.
    static func check(_ html: String, file: String, path: String) throws {
        let url = directory.appendingPathComponent(file)
        let page = normalised(html)
        if recording {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try page.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let kept = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("no snapshot of \(path) (\(file)): record with GOLDAW_RECORD_SNAPSHOTS=1")
            return
        }
        guard kept != page else { return }
        let old = kept.split(separator: "\n", omittingEmptySubsequences: false)
        let new = page.split(separator: "\n", omittingEmptySubsequences: false)
        let line = Array(zip(old, new)).firstIndex { $0 != $1 } ?? min(old.count, new.count)
        Issue.record("""
            \(path) differs from \(file) at line \(line + 1):
              kept: \(line < old.count ? String(old[line].prefix(300)) : "(end)")
              now:  \(line < new.count ? String(new[line].prefix(300)) : "(end)")
            """)
    }

    @Test func everyPageAsEachRoleFindsIt() async throws {
        try await withTestApp(seed: false) { app in
            try await DemoData.load(into: app)
            var seen: Set<String> = []
            var kept: [String] = []
            for crawl in Self.crawls {
                let browser = Browser(app)
                if let username = crawl.username {
                    let signedIn = try await browser.login(username, DemoData.password)
                    #expect(signedIn.status == .seeOther, "\(username) signs in")
                }
                var queue = crawl.start
                var visited: Set<String> = []
                while !queue.isEmpty, visited.count < 400 {
                    let path = queue.removeFirst()
                    guard visited.insert(path).inserted else { continue }
                    let response = try await browser.get(path)
                    #expect(response.status.code < 500, "\(path) as \(crawl.username ?? "the public") answered \(response.status)")
                    guard response.status == .ok, response.headers.contentType?.subType == "html" else { continue }
                    let html = response.body.string
                    for link in Self.links(in: html) where Self.followed(link) && !visited.contains(link) { queue.append(link) }
                    let pattern = Self.pattern(path)
                    guard seen.insert(pattern).inserted else { continue }
                    let file = Self.fileName(pattern, locale: "tk")
                    kept.append(file)
                    try Self.check(html, file: file, path: "\(path) as \(crawl.username ?? "the public")")
                }
            }
            // A file no page matched any more is a page that is gone: remove it, or find why.
            if !Self.recording {
                let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path)
                    .filter { $0.hasPrefix("tk") && $0.hasSuffix(".html") }
                let stale = Set(files).subtracting(kept)
                #expect(stale.isEmpty, "snapshots of pages no longer reached: \(stale.sorted())")
            }
            #expect(kept.count > 60, "the crawl reached \(kept.count) pages")
        }
    }

    /// One page per domain in Russian and English, and the post/redirect/get of a form: the form
    /// refused with its errors, then the same form corrected.
    @Test func onePagePerDomainInRussianAndEnglishAndAFormThatFailsThenPasses() async throws {
        try await withTestApp(seed: false) { app in
            try await DemoData.load(into: app)
            let pages: [(String, String)] = [
                ("supervisor.mary", AppRoute.home.path), ("supervisor.mary", AppRoute.people.path),
                ("officer.mary", AppRoute.applications.path), ("officer.mary", AppRoute.grievances.path),
                ("supervisor.mary", AppRoute.cases.path), ("supervisor.mary", AppRoute.services.path),
                ("analyst", AppRoute.indicators.path),
            ]
            for locale in ["ru", "en"] {
                for (username, path) in pages {
                    let browser = Browser(app)
                    try await browser.login(username, DemoData.password)
                    browser.cookies["goldaw_locale"] = locale
                    let response = try await browser.get(path)
                    guard response.status == .ok else {
                        Issue.record("\(path) in \(locale) answered \(response.status)")
                        continue
                    }
                    try Self.check(response.body.string, file: Self.fileName(Self.pattern(path), locale: locale), path: "\(path) in \(locale)")
                }
            }
            let worker = Browser(app)
            try await worker.login("worker.mary", DemoData.password)
            try await worker.get("/people/new")
            let refused = try await worker.post("/people/new", form: ["surname": "Aman\u{202E}owa", "givenName": "", "sex": "female",
                                                                      "birthDate": "31.02.2020", "territoryCode": "M-MRY",
                                                                      "legalStatus": "citizen", "version": ""])
            #expect(refused.status == .unprocessableEntity)
            try Self.check(refused.body.string, file: "form_person-new_refused.html", path: "the refused person form")
            let saved = try await worker.post("/people/new", form: ["surname": "Amanowa", "givenName": "Bahar", "sex": "female",
                                                                    "birthDate": "28.02.2020", "territoryCode": "M-MRY",
                                                                    "legalStatus": "citizen", "version": "", "confirmNew": "1"])
            #expect(saved.status == .seeOther)
            let shown = try await worker.get(try #require(saved.headers.first(name: .location)))
            try Self.check(shown.body.string, file: "form_person-new_saved.html", path: "the saved person")
        }
    }
}
