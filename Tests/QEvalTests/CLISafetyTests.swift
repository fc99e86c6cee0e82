import Foundation
import Testing
import ZIPFoundation

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

/// The built command line (.build/debug/qeval) on bad input and hostile text: a non-zero exit, errors that
/// name file:line, nothing written (an existing report left byte for byte), the input never overwritten,
/// and county names that look like formulas neutralised in CSV and stored as plain strings in workbooks.
@Suite(.serialized) struct CLISafetyTests {
    static let binary = Fixture.path(".build/debug/qeval")

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func qeval(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = Fixture.root
        // English: these tests pin the English rendering; CLILanguageTests pins the Chinese default.
        process.environment = ProcessInfo.processInfo.environment.merging(["QEVAL_LANG": "en"]) { _, new in new }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting, so a full pipe cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh empty folder for one test's files.
    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("qeval-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func files(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    static func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test func binaryIsBuilt() {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "run swift build first")
    }

    /// A malformed input: exit 1, every error on stderr as file:line, and no workbook or CSV.
    @Test func malformedInputWritesNothing() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("several_errors.csv").path
        try FileManager.default.copyItem(atPath: Fixture.fixture("malformed/several_errors.csv"), toPath: input)
        let out = folder.appendingPathComponent("ranking.xlsx").path
        let scores = folder.appendingPathComponent("scores.csv").path
        // The fixture has 15 of the form's columns; the others are allowed to be missing.
        let rulebook = try Fixture.rulebook()
        let run = try Self.qeval(
            ["rank", input, "--out", out, "--scores-csv", scores, "--allow-missing"] + rulebook.fields.map(\.key))
        #expect(run.status != 0)
        // The six errors of the file (see MalformedInputTests), each with its place.
        for line in [3, 3, 4, 5, 6, 7] { #expect(run.stderr.contains("\(input):\(line):"), "line \(line)") }
        #expect(run.stderr.contains("column i04_praise_national (近三年国家级表扬或激励次数)"))
        #expect(run.stderr.contains("value \"9O\""))
        #expect(run.stderr.contains("6 error(s); nothing was written."))
        #expect(run.stdout.isEmpty)
        #expect(try Self.files(in: folder) == ["several_errors.csv"], "no workbook, no CSV, no temporary file")
    }

    /// A report from an earlier run at the output paths stays byte for byte when the new input is bad.
    @Test func existingReportIsLeftUntouched() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("ranking.xlsx").path
        let scores = folder.appendingPathComponent("scores.csv").path
        let good = try Self.qeval([
            "rank", Fixture.path(BundledFiles.sampleRelative), "--out", out, "--scores-csv", scores, "--quiet",
        ])
        #expect(good.status == 0, "\(good.stderr)")
        let workbookBefore = try Self.bytes(out)
        let scoresBefore = try Self.bytes(scores)
        #expect(workbookBefore.count > 1000)
        for bad in ["count_9O.csv", "unterminated_quote.csv", "workbook_renamed.csv", "empty.csv", "utf16_with_bom.csv"] {
            let run = try Self.qeval(["rank", Fixture.fixture("malformed/" + bad), "--out", out, "--scores-csv", scores])
            #expect(run.status != 0, "\(bad)")
            #expect(run.stderr.contains(Fixture.fixture("malformed/" + bad) + ":"), "\(bad): \(run.stderr)")
            #expect(try Self.bytes(out) == workbookBefore, "\(bad): workbook changed")
            #expect(try Self.bytes(scores) == scoresBefore, "\(bad): scores changed")
        }
        #expect(try Self.files(in: folder) == ["ranking.xlsx", "scores.csv"])
    }

    /// The input file is never an output: as --out, as --scores-csv, through another spelling of its path,
    /// a symbolic link or a hard link.
    @Test func outputEqualToInputIsRefused() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("input.csv").path
        try FileManager.default.copyItem(atPath: Fixture.path(BundledFiles.sampleRelative), toPath: input)
        let original = try Self.bytes(input)
        let symlink = folder.appendingPathComponent("link.csv").path
        try FileManager.default.createSymbolicLink(atPath: symlink, withDestinationPath: input)
        let hardlink = folder.appendingPathComponent("hard.csv").path
        try FileManager.default.linkItem(atPath: input, toPath: hardlink)
        let other = folder.appendingPathComponent("ranking.xlsx").path
        let attempts: [[String]] = [
            ["--out", input],
            ["--out", folder.path + "/./input.csv"],
            ["--out", symlink],
            ["--out", hardlink],
            ["--out", other, "--scores-csv", input],
        ]
        for extra in attempts {
            let run = try Self.qeval(["rank", input] + extra)
            #expect(run.status != 0, "\(extra)")
            #expect(run.stderr.contains("is an input file"), "\(extra): \(run.stderr)")
            #expect(try Self.bytes(input) == original, "\(extra): the input changed")
        }
        #expect(!FileManager.default.fileExists(atPath: other))
    }

    /// County names a spreadsheet would run as formulas: the scores CSV starts them with an apostrophe,
    /// the workbook stores them as text (shared or inline strings, never an <f> formula).
    @Test func formulaLikeNamesAreNeutralised() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let hostile = [
            "=HYPERLINK(\"http://example.com/x\",\"点我\")", "+1", "-x", "@sum(A1:A9)", "=1+1", "-2-3", "＝3+3",
        ]
        // The sample with the first rows' counties renamed (cities unchanged, so each stays unique).
        let sample = try [UInt8](Self.bytes(Fixture.path(BundledFiles.sampleRelative)))
        let csv = try CSVReader.parse(try TextDecoder.decode(sample, file: "s").utf8, file: "s")
        var records = (0..<csv.recordCount).map { csv.record($0) }
        let countyColumn = try #require(records[0].firstIndex(of: "county"))
        for (i, name) in hostile.enumerated() { records[i + 1][countyColumn] = name }
        let input = folder.appendingPathComponent("hostile.csv").path
        try Data(records.map { $0.map(CSVReader.quote).joined(separator: ",") }.joined(separator: "\n").utf8)
            .write(to: URL(fileURLWithPath: input))
        let out = folder.appendingPathComponent("ranking.xlsx").path
        let scores = folder.appendingPathComponent("scores.csv").path
        let run = try Self.qeval(["rank", input, "--out", out, "--scores-csv", scores, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")

        // Scores CSV: each name comes back with a leading apostrophe.
        let written = try TextDecoder.decode([UInt8](Self.bytes(scores)), file: scores)
        let table = try CSVReader.parse(written.utf8, file: scores)
        let counties = (1..<table.recordCount).map { table.string(record: $0, field: 0) }
        #expect(table.string(record: 0, field: 0) == "county")
        for name in hostile { #expect(counties.contains("'" + name), "\(name) neutralised") }
        for name in hostile { #expect(!counties.contains(name), "\(name) written as it is") }
        #expect(counties.count == 136)

        // Workbook: the names are strings; no formula anywhere mentions them.
        let archive = try Archive(url: URL(fileURLWithPath: out), accessMode: .read)
        var strings = ""
        var formulas: [String] = []
        for entry in archive where entry.path.hasPrefix("xl/") && entry.path.hasSuffix(".xml") {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            let xml = String(decoding: data, as: UTF8.self)
            if entry.path == "xl/sharedStrings.xml" || entry.path.hasPrefix("xl/worksheets/") {
                strings += Self.unescape(xml)
            }
            if entry.path.hasPrefix("xl/worksheets/") { formulas += Self.elements("f", in: xml).map(Self.unescape) }
        }
        #expect(!formulas.isEmpty, "the workbook has its own formulas (totals), so the check below looks at something")
        for name in hostile {
            #expect(strings.contains(name), "\(name) stored as a string")
            // As a formula the name would be stored without its leading sign: "=1+1" as <f>1+1</f>.
            let body = String(name.trimmingCharacters(in: .whitespaces).dropFirst())
            #expect(!formulas.contains(body), "\(name) stored as a formula")
        }
        #expect(!formulas.contains { $0.uppercased().contains("HYPERLINK") })
    }

    /// The comparison CSV (qeval compare … --csv) neutralises names too.
    @Test func comparisonCSVNeutralises() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = Fixture.csv(
            [["county": "=cmd|' /C calc'!A0", "city": "济南市"], ["county": "历下区", "city": "济南市"]],
            rulebook: try Fixture.rulebook())
        let base = folder.appendingPathComponent("base.csv").path
        let other = folder.appendingPathComponent("other.csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: base))
        try Data(text.utf8).write(to: URL(fileURLWithPath: other))
        let csvPath = folder.appendingPathComponent("compare.csv").path
        let run = try Self.qeval(
            ["compare", base, other, "--out", folder.appendingPathComponent("compare.xlsx").path, "--csv", csvPath])
        #expect(run.status == 0, "\(run.stderr)")
        let written = try TextDecoder.decode([UInt8](Self.bytes(csvPath)), file: csvPath)
        let table = try CSVReader.parse(written.utf8, file: csvPath)
        let cells = (1..<table.recordCount).flatMap { table.record($0) }
        #expect(cells.contains("'=cmd|' /C calc'!A0"))
        #expect(!cells.contains("=cmd|' /C calc'!A0"))
    }

    /// The text inside every <name>…</name> or <name attributes>…</name> element.
    static func elements(_ name: String, in xml: String) -> [String] {
        guard
            let pattern = try? NSRegularExpression(
                pattern: "<\(name)(?:\\s[^>]*)?>(.*?)</\(name)>", options: [.dotMatchesLineSeparators])
        else { return [] }
        let range = NSRange(xml.startIndex..., in: xml)
        return pattern.matches(in: xml, range: range).compactMap { match in
            Range(match.range(at: 1), in: xml).map { String(xml[$0]) }
        }
    }

    static func unescape(_ xml: String) -> String {
        xml.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Neutralising, case by case (OWASP CSV injection).
    @Test func neutraliseRule() {
        for formula in ["=1+1", "+1", "-x", "@sum(A1)", "\t=1", "\r=1", "＝1", "  =1", "\u{3000}+1"] {
            #expect(CSVOutput.neutralise(formula) == "'" + formula, "\(formula)")
        }
        for plain in ["历下区", "", "  ", "a=b", "1-2", "济南市", "'=already"] {
            #expect(CSVOutput.neutralise(plain) == plain, "\(plain)")
        }
        var out = CSVOutput()
        out.append([.text("=1+1"), .number(-0.5), .integer(-3), .formatted("-0.63"), .empty])
        #expect(out.text == "\"'=1+1\",-0.5,-3,-0.63,\n")
    }
}
