import Foundation
import QEvalReports
import Testing
import ZIPFoundation

@testable import QEval
@testable import QEvalForms
@testable import QEvalInput
@testable import QEvalPipeline
@testable import QEvalSupport

/// .xlsx cohorts as reviewers keep them (issue 23): the same cohort written by three writers ranks exactly as
/// its CSV; cells as Excel stores them; every refused workbook says what it is and what to save it as.
@Suite(.serialized) struct XLSXInputTests {
    static let sample = Fixture.path("data/sample/shandong-2023.csv")
    static let writer = Fixture.fixture("writers/openpyxl_cohort.py")

    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("qeval-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func load(_ path: String, sheet: String? = nil) throws -> RankedCohort {
        var options = ReadOptions()
        options.sheet = sheet
        return try RankedCohort.load(input: path, rulebook: try Fixture.rulebook(), options: options)
    }

    /// Every applicant (matched by name: a ranked workbook lists them in rank order): every figure, present
    /// or not, the total and the rank.
    static func expectSameScores(_ a: RankedCohort, _ b: RankedCohort, _ label: String) {
        let ta = a.evaluation.table
        let tb = b.evaluation.table
        #expect(ta.count == tb.count, "\(label): applicants")
        let rowOf = Dictionary(tb.count == 0 ? [] : (0..<tb.count).map { (tb.name($0), $0) }, uniquingKeysWith: { x, _ in x })
        var differences: [String] = []
        for row in 0..<ta.count {
            guard let other = rowOf[ta.name(row)] else {
                differences.append("\(ta.name(row)) missing")
                continue
            }
            for (f, field) in a.rulebook.fields.enumerated() {
                if ta.present[f][row] != tb.present[f][other]
                    || (field.type == .text ? ta.texts[f][row] != tb.texts[f][other] : ta.values[f][row] != tb.values[f][other])
                {
                    differences.append("\(ta.name(row)) \(field.key)")
                }
            }
            if a.scoreboard.totals[row] != b.scoreboard.totals[other] || a.ranking.rank[row] != b.ranking.rank[other] {
                differences.append("\(ta.name(row)) total or rank")
            }
        }
        #expect(differences.isEmpty, "\(label): \(differences.count) differences, first \(differences.prefix(5))")
    }

    /// Runs the openpyxl writer (scripts/setup --test installs openpyxl).
    static func openpyxl(_ csv: String, _ out: URL, _ options: [String] = []) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", writer, csv, out.path] + options
        let err = Pipe()
        process.standardError = err
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw XLSXTestReader.Failure("openpyxl writer failed (scripts/setup --test installs openpyxl): \(message)")
        }
    }

    static func keys(of type: FieldType...) throws -> String {
        try Fixture.rulebook().fields.filter { type.contains($0.type) }.map(\.key).joined(separator: ",")
    }

    /// The errors a load throws (none: an empty list).
    static func errors(_ body: () throws -> Void) -> [Diagnostic] {
        do {
            try body()
            return []
        } catch let error as InputError {
            return error.diagnostics.errors
        } catch {
            return [Diagnostic(severity: .error, message: InputMessage.csvUnparsable(reason: "\(error)"))]
        }
    }

    // MARK: three writers, one cohort

    @Test func theRankedWorkbookReadsBackAsTheCSVItCameFrom() throws {
        let dir = try Self.folder()
        let csv = try Self.load(Self.sample)
        let ranked = dir.appendingPathComponent("ranking-shandong-2023.xlsx")
        try WorkbookFixture.write(csv, to: ranked)
        let back = try Self.load(ranked.path)
        Self.expectSameScores(csv, back, "ranked workbook")
        #expect(back.evaluation.table.sheet == "原始数据")
        #expect(back.evaluation.diagnostics.warnings.contains { $0.kind == "rankedWorkbook" })
        // Its first sheet is 总排名, yet naming the sheet is not needed; naming it gives the same.
        Self.expectSameScores(csv, try Self.load(ranked.path, sheet: "原始数据"), "ranked workbook, --sheet")
    }

    @Test func aWorkbookSavedByLibreOfficeRanksAsItsCSV() throws {
        let dir = try Self.folder()
        let input = URL(fileURLWithPath: Self.sample)
        let converted: URL
        do {
            converted = try LibreOffice.convert(input, into: dir, timeout: 120, importFilter: "CSV:44,34,76,1")
        } catch {
            converted = try LibreOffice.convert(input, into: dir, timeout: 120, importFilter: "CSV:44,34,76,1")
        }
        Self.expectSameScores(try Self.load(Self.sample), try Self.load(converted.path), "LibreOffice")
    }

    @Test func workbooksWrittenByOpenpyxlRankAsTheirCSV() throws {
        let dir = try Self.folder()
        let csv = try Self.load(Self.sample)
        let percent = try Self.keys(of: .percent)
        let counts = try Self.keys(of: .count, .number)
        let variants: [(String, [String])] = [
            ("plain", []),
            // A reviewer's styled sheet: a merged title above the header, a notes sheet after the data.
            ("title-and-notes", ["--title", "2023年山东省质量强县申报汇总", "--notes-sheet"]),
            // 95% typed into a percentage cell is stored as 0.95; counts typed with thousands separators.
            ("percent-and-thousands", ["--percent", percent, "--thousands", counts]),
            // Numbers stored as text (Excel's green triangle).
            ("numbers-as-text", ["--text-numbers"]),
        ]
        for (name, options) in variants {
            let out = dir.appendingPathComponent("\(name).xlsx")
            try Self.openpyxl(Self.sample, out, options)
            Self.expectSameScores(csv, try Self.load(out.path), "openpyxl \(name)")
        }
    }

    @Test func chineseLabelsWithUnitsAsTheHeaderReadAsKeys() throws {
        let dir = try Self.folder()
        let rulebook = try Fixture.rulebook()
        let text = try String(contentsOfFile: Self.sample, encoding: .utf8)
        let body = text.drop { $0 != "\n" }
        let header = try CSVReader.parse(Array(text.utf8), file: "s.csv").record(0).map { key in
            let field = rulebook.fields[rulebook.fieldIndex[key]!]
            return field.label + (field.unit.isEmpty ? "" : "[\(field.unit)]")
        }
        let labelled = dir.appendingPathComponent("labels.csv")
        try Data((header.map(CSVReader.quote).joined(separator: ",") + body).utf8).write(to: labelled)
        let out = dir.appendingPathComponent("labels.xlsx")
        try Self.openpyxl(
            labelled.path, out,
            ["--title", "申报汇总", "--keys", try CSVReader.parse(Array(text.utf8), file: "s.csv").record(0).joined(separator: ",")])
        Self.expectSameScores(try Self.load(Self.sample), try Self.load(out.path), "labels with units")
    }

    // MARK: cells that are not values

    @Test func aFormulaWithoutItsResultAndADateAreErrorsNamingTheCell() throws {
        let dir = try Self.folder()
        let rulebook = try Fixture.rulebook()
        let count = try #require(rulebook.fields.first { $0.type == .count && $0.role == .indicator })
        let header = try CSVReader.parse(
            Array(try String(contentsOfFile: Self.sample, encoding: .utf8).utf8), file: "s.csv"
        ).record(0)
        let column = try #require(header.firstIndex(of: count.key))
        let cell = CellName.of(row: 4, column: column)  // data row 4 is sheet row 5
        for (option, kind) in [("--formula", CellProblem.formulaWithoutValue(formula: "1+2")), ("--date", .dateInNumber)] {
            let out = dir.appendingPathComponent("\(option.dropFirst(2)).xlsx")
            try Self.openpyxl(Self.sample, out, [option, "\(count.key):4"])
            let errors = Self.errors { _ = try Self.load(out.path) }
            #expect(errors.count == 1, "\(option): \(errors)")
            let error = try #require(errors.first)
            #expect(error.file == "\(out.path)!申报汇总!\(cell)", "\(option)")
            #expect(error.column == count.key && error.columnLabel == count.label)
            #expect(error.message.zh.contains(kind.localized.zh), "\(option): \(error.message.zh)")
            #expect(error.message.en.contains(kind.localized.en), "\(option): \(error.message.en)")
        }
    }

    @Test func theSheetOptionPicksASheetAndAnUnknownOneListsThem() throws {
        let dir = try Self.folder()
        let written = dir.appendingPathComponent("notes-last.xlsx")
        let out = dir.appendingPathComponent("notes-first.xlsx")
        try Self.openpyxl(Self.sample, written, ["--notes-sheet"])
        // Move the notes sheet first, as a reviewer's workbook may have it: the data is then the second sheet.
        try XLSXTestReader.rewrite(
            written, to: out,
            transform: { name, data in
                guard name == "xl/workbook.xml" else { return data }
                var xml = String(decoding: data, as: UTF8.self)
                let sheets = xml.matches(of: try! Regex("<sheet [^>]*/>")).map { String(xml[$0.range]) }
                guard sheets.count == 2 else { return data }
                xml = xml.replacingOccurrences(of: sheets[0] + sheets[1], with: sheets[1] + sheets[0])
                return Data(xml.utf8)
            })
        let first = Self.errors { _ = try Self.load(out.path) }
        #expect(!first.isEmpty, "the notes sheet is not a cohort")
        Self.expectSameScores(try Self.load(Self.sample), try Self.load(out.path, sheet: "申报汇总"), "--sheet")
        let unknown = Self.errors { _ = try Self.load(out.path, sheet: "数据") }
        #expect(unknown.map(\.kind) == ["sheetNotFound"])
        #expect(unknown.first?.message.zh.contains("“填表说明”、“申报汇总”") == true, "\(unknown)")
        let onCSV = Self.errors { _ = try Self.load(Self.sample, sheet: "数据") }
        #expect(onCSV.map(\.kind) == ["sheetOnlyForWorkbooks"])
    }

    // MARK: refused workbooks

    @Test func oldAndForeignFormatsAreRefusedWithTheWayOut() throws {
        let dir = try Self.folder()
        let plain = dir.appendingPathComponent("plain.xlsx")
        try Self.openpyxl(Self.sample, plain)
        let xls: URL
        do {
            xls = try LibreOffice.convert(plain, into: dir, timeout: 120, to: "xls:MS Excel 97")
        } catch {
            xls = try LibreOffice.convert(plain, into: dir, timeout: 120, to: "xls:MS Excel 97")
        }
        let ods = try LibreOffice.convert(plain, into: dir, timeout: 120, to: "ods")
        let et = dir.appendingPathComponent("wps.et")
        try FileManager.default.copyItem(at: xls, to: et)
        // An encrypted Office file: the compound-file container with an EncryptionInfo stream.
        var encrypted = Data(WorkbookFormat.compoundFile) + Data(repeating: 0, count: 504)
        encrypted += Data("EncryptionInfo".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        encrypted += Data(repeating: 0, count: 1024)
        let locked = dir.appendingPathComponent("locked.xlsx")
        try encrypted.write(to: locked)
        let bytes = try Data(contentsOf: plain)
        let truncated = dir.appendingPathComponent("truncated.xlsx")
        try bytes.prefix(bytes.count / 2).write(to: truncated)
        let cases: [(URL, String, String, String)] = [
            (xls, "legacyExcel", "另存为", "Save As"), (et, "legacyExcel", "WPS 表格（.et）", "WPS"),
            (ods, "openDocument", "另存为", "save it as"), (locked, "encrypted", "取消密码", "remove the password"),
            (truncated, "truncatedWorkbook", "重新获取", "Get it again"),
        ]
        for (file, kind, zh, en) in cases {
            let errors = Self.errors { _ = try Self.load(file.path) }
            #expect(errors.map(\.kind) == [kind], "\(file.lastPathComponent): \(errors)")
            #expect(errors.first?.file == file.path)
            #expect(errors.first?.message.zh.contains(zh) == true, "\(file.lastPathComponent)")
            #expect(errors.first?.message.en.contains(en) == true, "\(file.lastPathComponent)")
        }
    }

    /// A small workbook of `entries` parts, one of them a sheet of `sheetBytes` spaces.
    static func zip(sheetBytes: Int, entries: Int = 3) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        func add(_ name: String, _ data: Data) throws {
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate,
                provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
        }
        try add("[Content_Types].xml", Data("<Types/>".utf8))
        try add("xl/worksheets/sheet1.xml", Data(repeating: 0x20, count: sheetBytes))
        for i in 0..<max(0, entries - 2) { try add("xl/extra\(i).xml", Data("<x/>".utf8)) }
        return [UInt8](archive.data!)
    }

    @Test func aZipBombAndTooManyPartsAreRefusedBeforeTheyAreInflated() throws {
        let limits = XLSXLimits(sheetBytes: 1_000_000, partBytes: 1_000_000, totalBytes: 2_000_000, entries: 50)
        let bomb = try Self.zip(sheetBytes: 3_000_000)
        #expect(bomb.count < 50_000, "3 MB of spaces deflate to a few KB")
        var book = try XLSXPackage(bytes: bomb, file: "bomb.xlsx", limits: limits)
        let refused = Self.errors {
            try book.readRows(
                "xl/worksheets/sheet1.xml", sheetName: "Sheet1", strings: [], formats: CellFormats(percent: [], date: [])
            ) { (_: SheetRow) throws(InputError) in }
        }
        #expect(refused.map(\.kind) == ["partTooLarge"])
        #expect(refused.first?.message.zh.contains("压缩炸弹") == true)
        let many = Self.errors {
            _ = try XLSXPackage(bytes: try Self.zip(sheetBytes: 10, entries: 60), file: "many.xlsx", limits: limits)
        }
        #expect(many.map(\.kind) == ["tooManyEntries"])
        // The standard limits take a real cohort's sheet.
        #expect(XLSXLimits.standard.sheetBytes >= 330 * 1024 * 1024)
    }

    @Test func aRowBeyondExcelsLastIsRefused() throws {
        let dir = try Self.folder()
        let written = dir.appendingPathComponent("plain.xlsx")
        let out = dir.appendingPathComponent("rows.xlsx")
        try Self.openpyxl(Self.sample, written)
        try XLSXTestReader.rewrite(
            written, to: out,
            transform: { name, data in
                guard name.hasPrefix("xl/worksheets/") else { return data }
                let xml = String(decoding: data, as: UTF8.self).replacingOccurrences(
                    of: "</sheetData>",
                    with: "<row r=\"1048577\"><c r=\"A1048577\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData>")
                return Data(xml.utf8)
            })
        let errors = Self.errors { _ = try Self.load(out.path) }
        #expect(errors.map(\.kind) == ["beyondExcelRows"], "\(errors)")
        #expect(errors.first?.file == "\(out.path)!申报汇总")
    }

    // MARK: forms where a cohort is expected

    @Test func aSingleFormIsOneApplicantAndAZipOfFormsIsTheirCohort() throws {
        let dir = try FormsTests.folder()
        let rulebook = try Fixture.rulebook()
        let (rows, _) = try FormsTests.cohortRows(count: 3, seed: 11)
        var files: [FormCollector.FormFile] = []
        for (i, row) in rows.enumerated() {
            let form = dir.appendingPathComponent("form\(i + 1).xlsx")
            try FormsTests.fill(try FormsTests.blankForm(in: dir), to: form, values: row)
            files.append(FormCollector.FormFile(name: form.lastPathComponent, bytes: [UInt8](try Data(contentsOf: form))))
        }
        let one = try Self.load(dir.appendingPathComponent("form1.xlsx").path)
        #expect(one.evaluation.count == 1)
        #expect(one.evaluation.table.county == [rows[0]["county"]!])
        #expect(one.evaluation.diagnostics.warnings.contains { $0.kind == "formGivenAsCohort" })
        // Not-reported figures are named by the form's cell, as collect names them.
        let notReported = one.evaluation.diagnostics.warnings.filter { $0.kind == "notReported" }
        #expect(notReported.allSatisfy { $0.file?.contains("form1.xlsx!填报表!E") == true }, "\(notReported.prefix(2))")

        try FileManager.default.removeItem(at: dir.appendingPathComponent("blank-form.xlsx"))
        let folder = try RankedCohort.load(input: dir.path, rulebook: rulebook)
        let zipped = try RankedCohort.load(bytes: try FormArchive.pack(files), file: "forms.zip", rulebook: rulebook)
        Self.expectSameScores(folder, zipped, "zip of forms")
        #expect(zipped.evaluation.count == 3)
    }

    @Test func zipEntryNamesInGB18030AsChineseWindowsWritesThem() throws {
        // "历城区.csv" in GB18030 without the UTF-8 flag, as Windows' "compressed folder" writes it on a Chinese
        // system (Python's zipfile keeps a cp437-decodable name's bytes and sets no flag).
        let dir = try Self.folder()
        let zip = dir.appendingPathComponent("forms.zip")
        // Python's zipfile would flag a non-ASCII name as UTF-8: write an ASCII name of the same length, then
        // put the GB18030 bytes in its place (local header and central directory; no offset moves).
        let script = """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w") as z:
                z.writestr("XXXXXX.csv", "county,city\\n")
            data = open(sys.argv[1], "rb").read().replace(b"XXXXXX.csv", bytes([0xC0, 0xFA, 0xB3, 0xC7, 0xC7, 0xF8]) + b".csv")
            open(sys.argv[1], "wb").write(data)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, zip.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let unpacked = try FormArchive.unpack(
            FormCollector.FormFile(name: "forms.zip", bytes: [UInt8](try Data(contentsOf: zip))))
        #expect(unpacked.map(\.name) == ["forms.zip/历城区.csv"])
    }

    // MARK: the fixtures of Tests/QEvalTests/Fixtures/xlsx (scripts/make-xlsx-fixtures; README there)

    static func fixture(_ name: String) -> String { Fixture.fixture("xlsx/" + name) }

    /// The sample's first 12 applicants as CSV: the cohort every fixture holds.
    static func twelve() throws -> RankedCohort {
        let lines = try String(contentsOfFile: Self.sample, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        let url = try Self.folder().appendingPathComponent("twelve.csv")
        try Data((lines.prefix(13).joined(separator: "\n") + "\n").utf8).write(to: url)
        return try Self.load(url.path)
    }

    @Test func cellsAsExcelAndWPSStoreThemReadAsTheirCSV() throws {
        let csv = try Self.twelve()
        for name in ["cohort-plain.xlsx", "cohort-labels-title.xlsx", "cohort-excel-storage.xlsx"] {
            let book = try Self.load(Self.fixture(name))
            Self.expectSameScores(csv, book, name)
            let kinds = Set(book.evaluation.diagnostics.warnings.map(\.kind))
            #expect(!kinds.contains("blankRow") && !kinds.contains("unnamedEmptyColumn"), "\(name): \(kinds)")
            #expect(kinds.contains("titleRowSkipped") == (name == "cohort-labels-title.xlsx"), "\(name)")
        }
        // A percentage without a percent format is read as the number typed (0.95 %), as a CSV's 0.95 is,
        // with the same warning that it looks like a fraction.
        let unformatted = try Self.load(Self.fixture("percent-no-format.xlsx"))
        let field = try #require(unformatted.rulebook.fieldIndex["i17_class_a_coverage"])
        #expect(unformatted.evaluation.table.values[field][0] == 0.95)
        #expect(unformatted.evaluation.diagnostics.warnings.contains { $0.kind == "implausibleFraction" })
        // Data on the second sheet, instructions on the first.
        #expect(Self.errors { _ = try Self.load(Self.fixture("two-sheets.xlsx")) }.map(\.kind) == ["titleRowNotHeader"])
        Self.expectSameScores(csv, try Self.load(Self.fixture("two-sheets.xlsx"), sheet: "申报数据"), "--sheet 申报数据")
    }

    @Test func refusedFixturesNameWhatTheyAreAndWhere() throws {
        let cases: [(String, String, String)] = [
            ("formula-no-cache.xlsx", "badCell", "!Sheet1!CX5"), ("date-in-number.xlsx", "badCell", "!Sheet1!T3"),
            ("too-many-rows.xlsx", "beyondExcelRows", "!Sheet1"), ("legacy.xls", "legacyExcel", ""),
            ("legacy.et", "legacyExcel", ""), ("cohort.ods", "openDocument", ""), ("corrupt.xlsx", "truncatedWorkbook", ""),
            ("encrypted.xlsx", "encrypted", ""), ("not-a-zip.xlsx", "notAWorkbook", ""),
        ]
        for (name, kind, place) in cases {
            let errors = Self.errors { _ = try Self.load(Self.fixture(name)) }
            #expect(errors.map(\.kind) == [kind], "\(name): \(errors)")
            #expect(errors.first?.file == Self.fixture(name) + place, "\(name)")
        }
        let date = Self.errors { _ = try Self.load(Self.fixture("date-in-number.xlsx")) }
        #expect(date.first?.column == "i04_praise_national" && date.first?.message.zh.contains("日期格式") == true)
    }
}

extension XLSXInputTests {
    /// A reviewer's workbook that happens to name sheets 原始数据 and 说明 (but is no ranked workbook: its
    /// second row is data, not keys) is read as any table, not with its first data row taken for keys.
    @Test func aLookAlikeOfTheRankedWorkbookIsReadAsATable() throws {
        let dir = try Self.folder()
        let out = dir.appendingPathComponent("look-alike.xlsx")
        let script = """
            import csv, sys, openpyxl
            book = openpyxl.Workbook()
            data = book.active
            data.title = "原始数据"
            with open(sys.argv[1], encoding="utf-8-sig") as f:
                for i, row in enumerate(csv.reader(f)):
                    data.append([(float(x) if i and x.replace('.', '', 1).isdigit() else (x or None)) for x in row])
            book.create_sheet("总排名")["A1"] = "（空）"
            book.create_sheet("说明")["A1"] = "本表由评审组整理"
            book.save(sys.argv[2])
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, Self.sample, out.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let book = try Self.load(out.path)
        Self.expectSameScores(try Self.load(Self.sample), book, "look-alike")
        #expect(!book.evaluation.diagnostics.warnings.contains { $0.kind == "rankedWorkbook" })
    }
}
