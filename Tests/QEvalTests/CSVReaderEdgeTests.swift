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

/// CSV reader cases beyond csv-spectrum: line numbering with odd line ends, inputs found by the fuzzer.
@Suite struct CSVReaderEdgeTests {
    /// Found by scripts/fuzz: a lone CR inside an LF file ends a record (libcsv's rule) but not an editor
    /// line, and a last record without a line break stays on the last line (it was numbered one past the
    /// end of the file, 4 of 3).
    @Test func loneCRInAnLFFileAndNoFinalLineBreak() throws {
        let text: [UInt8] = Array("否,c\n,,11\r3,\r\n,,11\r3,是".utf8)
        let table = try CSVReader.parse(text, file: "t.csv")
        #expect(
            (0..<table.recordCount).map { table.record($0) } == [
                ["否", "c"], ["", "", "11"], ["3", ""], ["", "", "11"], ["3", "是"],
            ])
        #expect(table.recordLines == [1, 2, 2, 3, 3])
    }

    @Test func crOnlyLineEndsAreLines() throws {
        let table = try CSVReader.parse(Array("a,b\r1,2\r\r\"x\ry\",4\r5,6".utf8), file: "t.csv")
        #expect((0..<table.recordCount).map { table.record($0) } == [["a", "b"], ["1", "2"], ["x\ry", "4"], ["5", "6"]])
        // line 3 is blank; the quoted field runs over lines 4–5.
        #expect(table.recordLines == [1, 2, 4, 6])
    }

    @Test func onlyBlankLinesGiveNoRecords() throws {
        let table = try CSVReader.parse(Array("\n \n\t\r\n\r\n".utf8), file: "t.csv")
        #expect(table.recordCount == 0)
    }

    /// A 50,000-row file with one bad cell near the end: read in one go, the error on the right line.
    @Test func largeFileKeepsLineNumbers() throws {
        var text =
            "county,city,pre_star3_share,pre_star4_share,veto_safety,veto_quality,veto_environment,veto_statistics,i04_praise_national\n"
        for i in 1...50_000 {
            text += "县\(i),济南市,20,10,否,否,否,否,\(i == 49_999 ? "9O" : "1")\n"
        }
        let rulebook = try Fixture.rulebook()
        var diagnostics = Diagnostics()
        do {
            _ = try InputReader.read(
                bytes: Array(text.utf8), file: "big.csv", rulebook: rulebook,
                options: ReadOptions(allowMissing: Set(rulebook.fields.map(\.key))), diagnostics: &diagnostics)
            Issue.record("read without an error")
        } catch {
            // Row i is on line i + 1.
            #expect(error.diagnostics.errors.map { $0.line } == [50_000])
            #expect(error.diagnostics.errors.first?.column == "i04_praise_national")
        }
    }
}
