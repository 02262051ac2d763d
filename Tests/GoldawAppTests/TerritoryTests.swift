import Fluent
import Testing
import Vapor
import VaporTesting
import GoldawCore
@testable import GoldawApp
@testable import GoldawPlatform
@testable import GoldawRegistry
@testable import GoldawBenefits
@testable import GoldawGrievances
@testable import GoldawSocialServices
@testable import GoldawCases
@testable import GoldawIndicators
@testable import GoldawTools

@Suite("Territories") struct TerritoryTests {
    @Test func loadedTerritoriesHaveIntegrity() async throws {
        try await withTestApp(seed: false) { app in
            let units = try await Territory.query(on: app.db).all()
            #expect(units.count == TerritoryCatalog.entries.count)
            let byID = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0) })
            #expect(Set(units.map(\.code)).count == units.count, "codes are unique")
            for unit in units {
                if let end = unit.validTo { #expect(unit.validFrom <= end, "\(unit.code) ends before it starts") }
                if unit.level == TerritoryLevel.region.rawValue {
                    #expect(unit.$parent.id == nil)
                    continue
                }
                let parent = try #require(unit.$parent.id.flatMap { byID[$0] }, "\(unit.code) has no parent")
                #expect(parent.validFrom <= unit.validFrom, "\(unit.code) starts before its parent")
                #expect((parent.validTo ?? "9999") >= (unit.validTo ?? "9999"), "\(unit.code) outlives its parent")
                #expect(unit.path == parent.path + unit.code + "/")
            }
            // Successions never overlap: the old unit ends before its successor begins.
            let changes = try await TerritoryChangeRecord.query(on: app.db).all()
            for change in changes where ["renamed", "recreated", "moved"].contains(change.kind) {
                let from = try #require(change.$from.id.flatMap { byID[$0] })
                let to = try #require(change.$to.id.flatMap { byID[$0] })
                #expect((from.validTo ?? "9999") < to.validFrom, "\(from.code) → \(to.code) overlap")
            }
            // Two units under one parent never carry the same name at the same time.
            for a in units { for b in units where a.code < b.code && a.$parent.id == b.$parent.id && a.nameTk == b.nameTk {
                let overlap = a.validFrom <= (b.validTo ?? "9999") && b.validFrom <= (a.validTo ?? "9999")
                #expect(!overlap, "\(a.code) and \(b.code) overlap with the same name")
            } }
            let today = try await TerritoryService(db: app.db).valid(on: "2025-10-01")
            #expect(today.filter { $0.level == "region" }.count == 7)
            #expect(Set(today.filter { $0.isoCode != nil }.compactMap(\.isoCode)) == ["TM-A", "TM-B", "TM-D", "TM-L", "TM-M", "TM-S"])
        }
    }

    @Test func everyFormLooksATerritoryCodeUpTheSameWay() async throws {
        try await withTestApp(seed: false) { app in
            let today = CalendarDate.today.iso
            let mary = Scope(kind: .district, territoryPath: "/TM-M/M-MRY/")
            // Typed in lower case with spaces around: the unit in force.
            let found = try await TerritoryLookup.find("  m-mry ", on: today, levels: TerritoryLookup.etrapLevels, within: mary, db: app.db)
            #expect(found.unit?.code == "M-MRY")
            // A region where an etrap is asked for, nothing typed, a code that does not exist.
            #expect(try await TerritoryLookup.find("TM-M", on: today, levels: TerritoryLookup.etrapLevels, db: app.db) == .unknown)
            #expect(try await TerritoryLookup.find("   ", on: today, db: app.db) == .unknown)
            #expect(try await TerritoryLookup.find("M-NOWHERE", on: today, db: app.db) == .unknown)
            // Another etrap is real, but not the user's.
            #expect(try await TerritoryLookup.find("L-CAR", on: today, within: mary, db: app.db) == .outsideScope)
            #expect(try await TerritoryLookup.find("L-CAR", on: today, within: .national, db: app.db).unit?.code == "L-CAR")
            // Before the unit existed it is not in force.
            let unit = try #require(found.unit)
            let before = CalendarDate(iso: unit.validFrom)!.adding(days: -1).iso
            #expect(TerritoryLookup.check(unit, on: before) == .unknown)
        }
    }

    @Test func treeOnADateShowsTheUnitsThenInForce() async throws {
        try await withTestApp { app in
            let browser = Browser(app)
            try await browser.login("t.social_worker")
            let now = try await browser.get("/territories")
            #expect(now.body.string.contains("Gyzylarbat"))
            let before = try await browser.get("/territories?on=01.01.2020")
            #expect(before.body.string.contains("Serdar"))
            let history = try await browser.get("/territories/L-CAR")
            #expect(history.status == .ok)
            #expect(history.body.string.contains("timeline"))
        }
    }

    @Test func administratorRecordsARenameAndStaffFollow() async throws {
        try await withTestApp { app in
            let admin = Browser(app)
            try await admin.login("t.administrator")
            try await admin.get("/territories/changes/new")
            let invalid = try await admin.post("/territories/changes/new", form: [
                "kind": "renamed", "date": "31.02.2026", "subjectCode": "M-MRY", "newCode": "m mry", "source": ""])
            #expect(invalid.status == .unprocessableEntity)
            #expect(invalid.body.string.contains(#"value="m mry""#), "typed input is kept")
            #expect(invalid.body.string.contains("field-error"))
            try await admin.get("/territories/changes/new")
            let saved = try await admin.post("/territories/changes/new", form: [
                "kind": "renamed", "date": "01.01.2026", "subjectCode": "M-MRY", "newCode": "M-MRY2",
                "nameTk": "Täze Mary etraby", "nameRu": "Новый Марыйский этрап", "nameEn": "New Mary District",
                "source": "Mejlis decision No. 1 of 20.12.2025"])
            #expect(saved.status == .seeOther)
            #expect(saved.headers.first(name: .location) == "/territories/M-MRY2")
            let old = try await Territory.query(on: app.db).filter(\.$code == "M-MRY").first()!
            #expect(old.validTo == "2025-12-31")
            let worker = try await Fixtures.user(app, "t.social_worker")
            let new = try await Territory.query(on: app.db).filter(\.$code == "M-MRY2").first()!
            #expect(worker.$territory.id == new.id, "staff follow their etrap to its new entry")
            let page = try await admin.get("/territories/M-MRY")
            #expect(page.body.string.contains("Täze Mary etraby"))
            #expect(try await auditCount(app, action: .territoryChanged) == 1)
            // The worker still sees colleagues: scope follows the rename.
            let browser = Browser(app)
            try await browser.login("t.social_worker")
            #expect(try await browser.get(AppRoute.staff(try await Fixtures.user(app, "t.supervisor").id!).path).status == .ok)
        }
    }

    @Test func abolishingAUnitWithStaffIsRefused() async throws {
        try await withTestApp { app in
            let admin = Browser(app)
            try await admin.login("t.administrator")
            try await admin.get("/territories/changes/new")
            let refused = try await admin.post("/territories/changes/new", form: [
                "kind": "abolished", "date": "01.01.2026", "subjectCode": "M-MRY", "source": "test"])
            #expect(refused.status == .unprocessableEntity)
            #expect(try await Territory.query(on: app.db).filter(\.$code == "M-MRY").first()!.validTo == nil, "nothing half-saved")
            #expect(try await TerritoryChangeRecord.query(on: app.db).filter(\.$recordedBy != nil).count() == 0)
        }
    }
}
