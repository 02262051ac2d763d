import Fluent
import SQLKit
import Vapor
import GoldawCore

/// Reading the dated territorial division, and recording its changes (new etrap, rename,
/// merge, abolition) as new dated entries: history is never rewritten.
package struct TerritoryService {
    package let db: any Database

    /// Units valid on a date, parents before children.
    package func valid(on date: String) async throws -> [Territory] {
        try await Territory.query(on: db)
            .filter(\.$validFrom <= date)
            .group(.or) { $0.filter(\.$validTo == nil).filter(\.$validTo >= date) }
            .sort(\.$path)
            .all()
    }

    package func find(code: String) async throws -> Territory? {
        try await Territory.query(on: db).filter(\.$code == code).first()
    }

    /// Changes that opened or closed this unit, oldest first, with the other side loaded.
    package func history(of territory: Territory) async throws -> [TerritoryChangeRecord] {
        let id = try territory.requireID()
        return try await TerritoryChangeRecord.query(on: db)
            .group(.or) { $0.filter(\.$from.$id == id).filter(\.$to.$id == id) }
            .with(\.$from).with(\.$to)
            .sort(\.$effectiveDate)
            .all()
    }

    package struct ChangeDraft {
        package var kind: String
        package var date: String
        package var subjectCode: String
        package var parentCode: String
        package var targetCode: String
        package var newCode: String
        package var level: String
        package var nameTk: String
        package var nameRu: String
        package var nameEn: String
        package var source: String

        package init(kind: String, date: String, subjectCode: String, parentCode: String, targetCode: String, newCode: String, level: String, nameTk: String, nameRu: String, nameEn: String, source: String) {
            self.kind = kind
            self.date = date
            self.subjectCode = subjectCode
            self.parentCode = parentCode
            self.targetCode = targetCode
            self.newCode = newCode
            self.level = level
            self.nameTk = nameTk
            self.nameRu = nameRu
            self.nameEn = nameEn
            self.source = source
        }
    }

    package static func isValidCode(_ code: String) -> Bool {
        (2...16).contains(code.count) && code.unicodeScalars.allSatisfy {
            ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
        }
    }

    /// Applies one change in one transaction, with its audit row. Returns the code of the unit
    /// to show afterwards.
    package func apply(_ draft: ChangeDraft, audit: AuditService, actor: UUID?) async throws -> String {
        var problems: [FieldProblem] = []
        let kind = TerritoryChangeKind(rawValue: draft.kind)
        if kind == nil || ![.created, .renamed, .merged, .abolished].contains(kind!) {
            problems.append(.init(field: "kind", key: "validation.choose"))
        }
        let date = CalendarDate(userInput: draft.date)
        if date == nil { problems.append(.init(field: "date", key: "validation.date")) }
        let source = draft.source.trimmingCharacters(in: .whitespacesAndNewlines)
        if source.isEmpty { problems.append(.init(field: "source", key: "validation.required")) }
        guard let kind, let date, problems.isEmpty else { throw AppError.invalid(problems) }
        let day = date.iso

        func validUnit(_ code: String, field: String) async throws -> Territory? {
            let trimmed = code.trimmingCharacters(in: .whitespaces).uppercased()
            guard let unit = try await find(code: trimmed), unit.isValid(on: day) else {
                problems.append(.init(field: field, key: "territories.not_valid_on_date"))
                return nil
            }
            return unit
        }
        func newUnitFields() async throws -> (code: String, names: (String, String, String))? {
            let code = draft.newCode.trimmingCharacters(in: .whitespaces).uppercased()
            if !Self.isValidCode(code) { problems.append(.init(field: "newCode", key: "territories.code_invalid")) }
            else if try await find(code: code) != nil { problems.append(.init(field: "newCode", key: "territories.code_taken")) }
            let names = [draft.nameTk, draft.nameRu, draft.nameEn].map { $0.trimmingCharacters(in: .whitespaces) }
            for (field, name) in zip(["nameTk", "nameRu", "nameEn"], names) where name.isEmpty || name.count > 120 {
                problems.append(.init(field: field, key: "validation.required"))
            }
            return problems.isEmpty ? (code, (names[0], names[1], names[2])) : nil
        }

        switch kind {
        case .created:
            let parent = try await validUnit(draft.parentCode, field: "parentCode")
            let level = TerritoryLevel(rawValue: draft.level)
            if level == nil || level == .region { problems.append(.init(field: "level", key: "validation.choose")) }
            let fields = try await newUnitFields()
            guard let parent, let level, let fields, problems.isEmpty else { throw AppError.invalid(problems) }
            let unit = Territory(code: fields.code, isoCode: nil, level: level, parentID: try parent.requireID(),
                                 statisticsParentCode: nil, path: parent.path + fields.code + "/",
                                 nameTk: fields.names.0, nameRu: fields.names.1, nameEn: fields.names.2,
                                 validFrom: day, validTo: nil)
            try await db.writing { tx in
                try await unit.create(on: tx)
                try await record(.created, day, from: nil, to: unit, source: source, actor: actor, audit: audit, on: tx)
            }
            return unit.code

        case .renamed:
            let subject = try await validUnit(draft.subjectCode, field: "subjectCode")
            if let subject, subject.validFrom >= day { problems.append(.init(field: "date", key: "territories.date_before_start")) }
            let fields = try await newUnitFields()
            guard let subject, let fields, problems.isEmpty else { throw AppError.invalid(problems) }
            let parentPath = String(subject.path.dropLast(subject.code.count + 1))
            let successor = Territory(code: fields.code, isoCode: subject.isoCode, level: TerritoryLevel(rawValue: subject.level) ?? .district,
                                      parentID: subject.$parent.id, statisticsParentCode: subject.statisticsParentCode,
                                      path: parentPath + fields.code + "/",
                                      nameTk: fields.names.0, nameRu: fields.names.1, nameEn: fields.names.2,
                                      validFrom: day, validTo: nil)
            try await db.writing { tx in
                try await close(subject, before: date, on: tx)
                try await successor.create(on: tx)
                try await moveDependants(from: subject, to: successor, from: day, on: tx)
                try await record(.renamed, day, from: subject, to: successor, source: source, actor: actor, audit: audit, on: tx)
            }
            return successor.code

        case .merged:
            let subject = try await validUnit(draft.subjectCode, field: "subjectCode")
            let target = try await validUnit(draft.targetCode, field: "targetCode")
            if let subject, let target, subject.id == target.id { problems.append(.init(field: "targetCode", key: "territories.merge_self")) }
            if let subject, subject.validFrom >= day { problems.append(.init(field: "date", key: "territories.date_before_start")) }
            guard let subject, let target, problems.isEmpty else { throw AppError.invalid(problems) }
            try await db.writing { tx in
                try await close(subject, before: date, on: tx)
                try await moveDependants(from: subject, to: target, from: day, on: tx)
                try await record(.merged, day, from: subject, to: target, source: source, actor: actor, audit: audit, on: tx)
            }
            return target.code

        case .abolished:
            let subject = try await validUnit(draft.subjectCode, field: "subjectCode")
            if let subject, subject.validFrom >= day { problems.append(.init(field: "date", key: "territories.date_before_start")) }
            guard let subject, problems.isEmpty else { throw AppError.invalid(problems) }
            let id = try subject.requireID()
            let users = try await User.query(on: db).filter(\.$territory.$id == id).filter(\.$isActive == true).count()
            let children = try await Territory.query(on: db).filter(\.$parent.$id == id)
                .group(.or) { $0.filter(\.$validTo == nil).filter(\.$validTo >= day) }.count()
            let people = try await Domains.recordsHeld(inTerritory: id, on: db)
            guard users == 0 && children == 0 && people == 0 else {
                throw AppError.invalid([.init(field: "subjectCode", key: "territories.has_dependants")])
            }
            try await db.writing { tx in
                try await close(subject, before: date, on: tx)
                try await record(.abolished, day, from: subject, to: nil, source: source, actor: actor, audit: audit, on: tx)
            }
            return subject.code

        case .recreated, .moved:
            throw AppError.invalid([.init(field: "kind", key: "validation.choose")])
        }
    }

    private func close(_ unit: Territory, before date: CalendarDate, on tx: any Database) async throws {
        unit.validTo = date.adding(days: -1).iso
        unit.version += 1
        try await unit.save(on: tx)
    }

    /// Units still valid after the change, staff accounts and organisations follow their
    /// territory to its successor, so nobody's scope silently shrinks.
    private func moveDependants(from old: Territory, to new: Territory, from day: String, on tx: any Database) async throws {
        let oldID = try old.requireID(), newID = try new.requireID()
        let children = try await Territory.query(on: tx).filter(\.$parent.$id == oldID)
            .group(.or) { $0.filter(\.$validTo == nil).filter(\.$validTo >= day) }.all()
        for child in children {
            child.$parent.id = newID
            let oldPrefix = child.path
            child.path = new.path + child.code + "/"
            child.version += 1
            try await child.save(on: tx)
            // Grandchildren (boroughs of a city) keep their place under the moved child.
            let descendants = try await Territory.query(on: tx)
                .under(\.$path, oldPrefix)
                .filter(\.$id != child.requireID()).all()
            for descendant in descendants {
                descendant.path = child.path + String(descendant.path.dropFirst(oldPrefix.count))
                try await descendant.save(on: tx)
            }
        }
        try await moveReferences(from: old, to: new, on: tx as! any SQLDatabase)
    }

    /// Every column a domain declares as following its unit moves to the successor: ids that
    /// named the old unit name the new one, and paths inside the old unit's path are re-rooted
    /// under the new one (records of its boroughs too). Nothing outside the old unit changes, so
    /// nobody gains access; the new unit's staff keep every record they had.
    private func moveReferences(from old: Territory, to new: Territory, on sql: any SQLDatabase) async throws {
        let oldID = try old.requireID(), newID = try new.requireID()
        let oldPath = SQLBind(old.path), newPath = SQLBind(new.path), oldLength = SQLLiteral.numeric(String(old.path.count))
        let inOld = SQLBind(TerritoryPath.likePattern(old.path))
        for reference in Domains.territoryReferences where reference.follows {
            let table = SQLIdentifier(reference.table), column = SQLIdentifier(reference.column)
            let sameKey = reference.uniqueWith.map { "t2.\($0) = \(reference.table).\($0)" }.joined(separator: " AND ")
            switch reference.holds {
            case .id:
                if !reference.uniqueWith.isEmpty {
                    // The absorbing unit already has this row: the absorbed copy goes.
                    try await sql.raw("""
                        DELETE FROM \(table) WHERE \(column) = \(bind: oldID) AND EXISTS (SELECT 1 FROM \(table) AS t2 \
                        WHERE t2.\(column) = \(bind: newID) AND \(unsafeRaw: sameKey))
                        """).run()
                }
                try await sql.raw("UPDATE \(table) SET \(column) = \(bind: newID) WHERE \(column) = \(bind: oldID)").run()
            case .path:
                if !reference.uniqueWith.isEmpty {
                    // A row whose key the absorbing unit already holds keeps its unit's code beneath it.
                    let nested = SQLBind(new.path + old.code + "/")
                    try await sql.raw("""
                        UPDATE \(table) SET \(column) = \(nested) || SUBSTR(\(column), \(oldLength) + 1) \
                        WHERE \(column) LIKE \(inOld) AND EXISTS (SELECT 1 FROM \(table) AS t2 \
                        WHERE t2.\(column) = \(newPath) || SUBSTR(\(table).\(column), \(oldLength) + 1) AND \(unsafeRaw: sameKey))
                        """).run()
                }
                try await sql.raw("""
                    UPDATE \(table) SET \(column) = \(newPath) || SUBSTR(\(column), \(oldLength) + 1) WHERE \(column) LIKE \(inOld)
                    """).run()
            case .pathList:
                try await sql.raw("""
                    UPDATE \(table) SET \(column) = REPLACE(\(column), \(oldPath), \(newPath)) WHERE \(column) LIKE \(bind: "%" + old.path + "%")
                    """).run()
            case .code:
                // DomainContractTests refuses such a declaration: a code is an answer or a catalogue
                // reference as given, and a rename gives the unit a new code anyway.
                preconditionFailure("\(reference.table).\(reference.column): a code column cannot follow its unit")
            }
        }
    }

    private func record(_ kind: TerritoryChangeKind, _ day: String, from: Territory?, to: Territory?, source: String,
                        actor: UUID?, audit: AuditService, on tx: any Database) async throws {
        try await TerritoryChangeRecord(kind: kind, date: day, fromID: from?.id, toID: to?.id,
                                        source: source, recordedBy: actor).create(on: tx)
        try await audit.on(tx).record(.territoryChanged, recordType: "territory", recordID: (to ?? from)?.code,
                                      detail: "\(kind.rawValue) \(day) \(from?.code ?? "-") → \(to?.code ?? "-")")
    }

    package init(db: any Database) {
        self.db = db
    }
}
