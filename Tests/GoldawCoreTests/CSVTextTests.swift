import Testing
@testable import GoldawCore

@Suite("CSV") struct CSVTextTests {
    @Test func parsesQuotesSeparatorsAndLineEnds() throws {
        let rows = try CSVText.parse("\u{FEFF}a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\n\nlast,\"multi\nline\",z")
        #expect(rows == [["a", "b", "c"], ["x, y", "say \"hi\"", ""], ["last", "multi\nline", "z"]])
    }

    @Test func semicolonFilesFromSpreadsheets() throws {
        #expect(try CSVText.parse("maşgala;ady\nA;Aýna\n") == [["maşgala", "ady"], ["A", "Aýna"]])
    }

    @Test func unterminatedQuoteIsAProblem() {
        #expect(throws: CSVText.Problem.unterminatedQuote(line: 2)) { try CSVText.parse("a,b\n\"open,c\n") }
    }

    @Test(arguments: [("=SUM(A1)", "\"'=SUM(A1)\""), ("+993", "\"'+993\""), ("-1", "\"'-1\""), ("@x", "\"'@x\""),
                      ("Aýna", "\"Aýna\""), ("a\"b", "\"a\"\"b\"")])
    func fieldsAreQuotedAndFormulasNeutralised(raw: String, written: String) {
        #expect(CSVText.field(raw) == written)
    }
}

@Suite("Synthetic names") struct SyntheticNamesTests {
    @Test func sameSeedSameSequence() {
        var a = SeededRandom(seed: 42), b = SeededRandom(seed: 42), c = SeededRandom(seed: 43)
        let first = (0..<5).map { _ in a.next() }
        #expect(first == (0..<5).map { _ in b.next() })
        #expect(first != (0..<5).map { _ in c.next() })
    }

    @Test func cyrillicSpellingsFoldToTheSameKeys() {
        for stem in SyntheticNames.surnameStems {
            #expect(NameFolding.surnameKey(stem) == NameFolding.surnameKey(SyntheticNames.cyrillic(stem)), "\(stem) / \(SyntheticNames.cyrillic(stem))")
        }
        #expect(SyntheticNames.cyrillic("Öwezow") == "Овезов")
        #expect(SyntheticNames.patronymic(father: "Merdan", female: false) == "Merdanowiç")
        #expect(SyntheticNames.patronymic(father: "Kerim", female: true) == "Kerimowna")
        #expect(SyntheticNames.patronymic(father: "Anna", female: false) == "Annaýewiç")
    }
}
