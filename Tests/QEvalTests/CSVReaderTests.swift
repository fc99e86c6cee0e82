import Testing

@testable import QEval
@testable import QEvalCompare
@testable import QEvalEvaluation
@testable import QEvalExplanation
@testable import QEvalForms
@testable import QEvalInput
@testable import QEvalPipeline
@testable import QEvalRanking
@testable import QEvalReports
@testable import QEvalRobustness
@testable import QEvalRules
@testable import QEvalSupport

@Suite struct CSVReaderTests {
    @Test func quotedFieldsKeepCommasQuotesAndLineBreaks() throws {
        let text = "a,b\n1,\"x, y\"\n2,\"say \"\"hi\"\"\nthere\"\n"
        let table = try CSVReader.parse(Array(text.utf8), file: "t.csv")
        #expect(table.recordCount == 3)
        #expect(table.record(1) == ["1", "x, y"])
        #expect(table.record(2) == ["2", "say \"hi\"\nthere"])
        // The record starting on line 3 spans lines 3–4; the line numbers are where records start.
        #expect(table.recordLines == [1, 2, 3])
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        let table = try CSVReader.parse(Array("a,b\n\n1,2\r\n\r\n3,4".utf8), file: "t.csv")
        #expect(table.recordCount == 3)
        #expect(table.recordLines == [1, 3, 5])
        #expect(table.record(2) == ["3", "4"])
    }

    @Test func unterminatedQuoteNamesTheLineItStartsOn() throws {
        #expect(throws: InputError.self) { try CSVReader.parse(Array("a,b\n1,2\n3,\"open\n4,5\n".utf8), file: "t.csv") }
        do {
            _ = try CSVReader.parse(Array("a,b\n1,2\n3,\"open\n4,5\n".utf8), file: "t.csv")
        } catch {
            #expect(error.diagnostics.errors.first?.line == 3)
            #expect(error.render(.en).contains("never closed"))
        }
    }

    @Test func libcsvQuotingRoundTrips() throws {
        let value = "he said \"a, b\"\nok"
        let text = "x\n" + CSVReader.quote(value) + "\n"
        let table = try CSVReader.parse(Array(text.utf8), file: "t.csv")
        #expect(table.record(1) == [value])
    }
}
