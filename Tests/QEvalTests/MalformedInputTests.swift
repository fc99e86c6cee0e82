import Foundation
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

/// Every file under Fixtures/malformed must be refused with an `InputError` whose diagnostics hold the
/// located error a reader of the file expects: the line as an editor shows it (header = line 1), the
/// column key (with its Chinese label), the value and a fragment of the message.
///
/// Most files use a 15-column header (the ids, the six gate columns and one column of each type:
/// i01_slogan bool, i02_model level 0–2, i04_praise_national count, i17_class_a_coverage percent,
/// i32_green_building_area number); the missing indicator columns are only warnings, so each file has
/// exactly the one error it was made for. Line 2 is a good row (历下区), line 3 the bad one (市中区)
/// unless the case says otherwise.
@Suite struct MalformedInputTests {
    /// The fixtures carry 15 of the form's columns: the others are allowed to be missing (`--allow-missing`).
    static func narrow(_ rulebook: Rulebook) -> ReadOptions { ReadOptions(allowMissing: Set(rulebook.fields.map(\.key))) }

    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        /// nil: the error is about the whole file (empty, binary, wrong encoding).
        var line: Int?
        /// nil: the error is about a row or the file, not one column.
        var column: String?
        /// The cell as written, for cell errors.
        var value: String?
        var fragment: String
        var testDescription: String { file }

        init(_ file: String, line: Int?, column: String? = nil, value: String? = nil, _ fragment: String) {
            self.file = file
            self.line = line
            self.column = column
            self.value = value
            self.fragment = fragment
        }
    }

    static let cases: [Case] = [
        // Cells that are present but malformed.
        Case("count_9O.csv", line: 3, column: "i04_praise_national", value: "9O", "expected a whole number of 次"),
        Case("bool_maybe.csv", line: 3, column: "i01_slogan", value: "maybe", "expected 是/否"),
        Case("bool_two.csv", line: 3, column: "veto_safety", value: "2", "expected 是/否"),
        Case("count_negative.csv", line: 3, column: "i04_praise_national", value: "-3", "a count cannot be negative"),
        Case("count_fraction.csv", line: 3, column: "i04_praise_national", value: "2.5", "a count must be a whole number"),
        Case("level_beyond_table.csv", line: 3, column: "i02_model", value: "3", "level 3 is beyond the table"),
        Case("level_fraction.csv", line: 3, column: "i02_model", value: "1.5", "expected a level: 0, 1 or 2 (0 = 无"),
        Case("nul_in_cell.csv", line: 3, column: "i32_green_building_area", value: "80\u{0}00", "NUL byte"),
        Case("nul_in_county.csv", line: 3, column: "county", value: "市中\u{0}区", "NUL byte"),
        Case(
            "percent_above_100.csv", line: 3, column: "i17_class_a_coverage", value: "105", "above the highest allowed value 100"),
        Case("percent_negative.csv", line: 3, column: "i17_class_a_coverage", value: "-5%", "below the lowest allowed value 0"),
        Case(
            "percent_sign_in_number.csv", line: 3, column: "i32_green_building_area", value: "95%",
            "a % sign belongs only in percentage columns"),
        Case("bad_thousands_separator.csv", line: 3, column: "i32_green_building_area", value: "1,23", "groups of three digits"),
        Case("number_with_words.csv", line: 3, column: "population", value: "约77万", "expected a number of 0 or more"),
        // Who the applicant is.
        Case("unknown_city.csv", line: 3, column: "city", value: "北京市", "unknown city"),
        Case("empty_city.csv", line: 3, column: "city", value: "", "the city is empty"),
        Case("empty_county.csv", line: 3, column: "county", value: "", "the county name is empty"),
        // 市中区 of 济南市 on line 3, again on line 5 with the city written 济南 (the same city).
        Case("duplicate_county_city.csv", line: 5, column: "county", value: "市中区", "appear twice (first on line 3)"),
        // Gates must be reported.
        Case("empty_gate_percent.csv", line: 3, column: "pre_star3_share", value: "", "gate figure is required"),
        Case("empty_gate_veto.csv", line: 3, column: "veto_quality", value: "", "gate figure is required"),
        // Row shapes: 8,000 unquoted splits into two fields (16); a row cut after 12 fields; a 131-column
        // header (from `qeval template`) with a row holding only its county cell.
        Case("too_many_fields.csv", line: 3, "the row has 16 fields but the header has 15"),
        Case("too_few_fields.csv", line: 3, "the row has 12 fields but the header has 15"),
        Case("county_only_row.csv", line: 3, "the row has 1 field but the header has 131"),
        Case("unterminated_quote.csv", line: 3, "never closed"),
        // Header problems.
        Case("missing_county_column.csv", line: 1, column: "county", "required column is missing"),
        Case("missing_gate_column.csv", line: 1, column: "pre_star4_share", "required column is missing"),
        // i01_slogan as column 11 by its key and as column 16 by its Chinese label.
        Case("duplicate_column.csv", line: 1, column: "i01_slogan", "appears twice (header columns 11 and 16)"),
        Case("unnamed_column_with_values.csv", line: 1, "header column 16 has no name but holds values (first on line 3)"),
        // Files that are not a table of applicants.
        Case("empty.csv", line: nil, "the file is empty"),
        Case("header_only.csv", line: 1, "the header has no rows below it"),
        Case("blank_lines_only.csv", line: nil, "the file has no rows"),
        // A workbook is read as one whatever its name; this one is a ZIP with no workbook part.
        Case("workbook_renamed.csv", line: nil, "the workbook has no part xl/workbook.xml"),
        Case("pdf_renamed.csv", line: nil, "it looks like a PDF document"),
        Case("utf16_with_bom.csv", line: nil, "the file is UTF-16 (little-endian)"),
        Case("utf16_without_bom.csv", line: nil, "UTF-16 (little-endian, no byte-order mark)"),
        // Line 3 is UTF-8 until byte 0xFF, which neither UTF-8 nor GB18030 allows.
        Case("invalid_bytes.csv", line: 3, "neither UTF-8 nor GB18030"),
        // A UTF-8 BOM, then C3 28 (a lead byte without its continuation) at the start of line 3.
        Case("bom_then_invalid_utf8.csv", line: 3, "byte-order mark but is not valid UTF-8"),
        // Decoded from GB18030, the value is shown as the county office typed it.
        Case("gb18030_bool_maybe.csv", line: 3, column: "i01_slogan", value: "也许", "expected 是/否"),
        // The bad row starts on line 6: line 3's quoted code runs on to line 4, line 5 is blank.
        Case("lines_after_multiline_cell.csv", line: 6, column: "i04_praise_national", value: "9O", "expected a whole number"),
        // Lines ended by CR alone (old Mac Excel) are counted as lines too.
        Case("cr_line_endings.csv", line: 3, column: "i04_praise_national", value: "9O", "expected a whole number"),
    ]

    @Test func everyFixtureHasACase() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Fixture.fixture("malformed"))
            .filter { $0.hasSuffix(".csv") }
        let covered = Set(Self.cases.map(\.file) + ["several_errors.csv"])
        #expect(Set(files) == covered)
        #expect(Self.cases.count >= 25)
    }

    @Test(arguments: MalformedInputTests.cases)
    func refusedWithALocatedError(_ c: Case) throws {
        let rulebook = try Fixture.rulebook()
        let path = Fixture.fixture("malformed/" + c.file)
        var diagnostics = Diagnostics()
        do {
            _ = try InputReader.read(path: path, rulebook: rulebook, options: Self.narrow(rulebook), diagnostics: &diagnostics)
            Issue.record("\(c.file) was read without an error")
        } catch {
            let errors = error.diagnostics.errors
            #expect(errors.count == 1, "\(c.file): \(error.render(.en))")
            let match = errors.first { d in
                d.file == path && d.line == c.line && d.column == c.column && d.message.en.contains(c.fragment)
            }
            guard let match else {
                Issue.record(
                    "\(c.file): no error at line \(c.line.map(String.init) ?? "-") column \(c.column ?? "-") containing \"\(c.fragment)\"; got:\n\(error.render(.en))"
                )
                return
            }
            if let value = c.value { #expect(match.value == value) }
            if let column = c.column {
                #expect(match.columnLabel == rulebook.field(column)?.label, "the Chinese label goes with the key")
                #expect(match.render(.en).contains("column \(column) ("))
                #expect(match.render(.zh).contains("（\(column)）列"))
            }
            // What the user reads: the file, then the line as "file:line".
            let place = c.line.map { "\(path):\($0):" } ?? "\(path):"
            #expect(match.render(.en).hasPrefix("error: " + place), "\(match.render(.en))")
            #expect(match.render(.zh).hasPrefix("错误：" + path), "\(match.render(.zh))")
            #expect(error.render(.en).hasSuffix("nothing was written."))
            #expect(error.render(.zh).hasSuffix("未写出任何文件。"))
        }
    }

    /// Six errors on five lines of one file are all reported, each located, in file order.
    @Test func allErrorsOfAFileAreReportedTogether() throws {
        let rulebook = try Fixture.rulebook()
        let path = Fixture.fixture("malformed/several_errors.csv")
        var diagnostics = Diagnostics()
        #expect(throws: InputError.self) {
            try InputReader.read(path: path, rulebook: rulebook, options: Self.narrow(rulebook), diagnostics: &diagnostics)
        }
        do {
            _ = try InputReader.read(path: path, rulebook: rulebook, options: Self.narrow(rulebook), diagnostics: &diagnostics)
        } catch {
            let found = error.diagnostics.errors.map { "\($0.line ?? 0) \($0.column ?? "-")" }
            #expect(
                found == [
                    "3 i01_slogan",  // maybe
                    "3 i04_praise_national",  // 9O
                    "4 city",  // 北京市
                    "5 -",  // 8 fields of 15
                    "6 county",  // 历下区 of 济南 again (line 2)
                    "7 pre_star3_share",  // empty gate cell
                ])
            #expect(error.diagnostics.errorCount == 6)
            #expect(error.render(.en).contains("6 error(s); nothing was written."))
            let duplicate = error.diagnostics.errors.first { $0.line == 6 }
            #expect(duplicate?.message.en.contains("first on line 2") == true)
        }
    }

    /// Past the cap the errors are counted, not listed; the count stays right.
    @Test func errorsBeyondTheCapAreCounted() throws {
        let rulebook = try Fixture.rulebook()
        var diagnostics = Diagnostics()
        do {
            _ = try InputReader.read(
                path: Fixture.fixture("malformed/several_errors.csv"), rulebook: rulebook,
                options: ReadOptions(errorCap: 2, allowMissing: Set(rulebook.fields.map(\.key))), diagnostics: &diagnostics)
            Issue.record("read without an error")
        } catch {
            #expect(error.diagnostics.errors.count == 2)
            #expect(error.diagnostics.errorCount == 6)
            #expect(error.render(.en).contains("and 4 more error(s) not shown"))
        }
    }

    /// Header problems and row problems come in one report, not one run at a time.
    @Test func headerAndRowErrorsComeTogether() throws {
        let rulebook = try Fixture.rulebook()
        let text = """
            county,city,pre_star3_share,veto_safety,veto_quality,veto_environment,veto_statistics,i04_praise_national
            历下区,济南市,34.5,否,否,否,否,9O

            """
        var diagnostics = Diagnostics()
        do {
            _ = try InputReader.read(
                bytes: Array(text.utf8), file: "mixed.csv", rulebook: rulebook, options: Self.narrow(rulebook),
                diagnostics: &diagnostics)
            Issue.record("read without an error")
        } catch {
            let found = error.diagnostics.errors.map { "\($0.line ?? 0) \($0.column ?? "-")" }
            #expect(found == ["1 pre_star4_share", "2 i04_praise_national"])
        }
    }
}
