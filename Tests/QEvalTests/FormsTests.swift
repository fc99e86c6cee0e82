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

/// `qeval form` and `qeval collect`: the form's layout and checks, filled forms merged into a cohort that
/// scores exactly as the same figures typed into a CSV, and every refusal located in its file and cell.
@Suite struct FormsTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("qeval-forms-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func blankForm(in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent("blank-form.xlsx")
        try ReportingForm(rulebook: try Fixture.rulebook()).write(to: url.path)
        return url
    }

    /// A generated cohort as key → text rows, and its CSV bytes.
    static func cohortRows(count: Int, seed: UInt64) throws -> (rows: [[String: String]], csv: [UInt8]) {
        let rulebook = try Fixture.rulebook()
        let text = CohortGenerator(count: count, seed: seed).csv(for: rulebook).text
        let table = try CSVReader.parse(Array(text.utf8), file: "generated.csv")
        let header = table.record(0)
        var rows: [[String: String]] = []
        for r in 1..<table.recordCount {
            let record = table.record(r)
            var row: [String: String] = [:]
            for (c, key) in header.enumerated() where c < record.count { row[key] = record[c] }
            rows.append(row)
        }
        return (rows, Array(text.utf8))
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Fills the value cells of a form written by `ReportingForm` (as a program would): numbers as numbers
    /// (or, with `numbersAsText`, as inline strings), everything else as inline strings.
    static func fill(
        _ form: URL, to out: URL, values: [String: String], numbersAsText: Bool = false, raw: [String: String] = [:]
    ) throws {
        let rulebook = try Fixture.rulebook()
        let reader = try XLSXTestReader(url: form)
        let part = try reader.partPath(ofSheet: "填报表")
        var xml = String(decoding: reader.part(part)!, as: UTF8.self)
        for (i, field) in rulebook.fields.enumerated() {
            guard let value = raw[field.key] ?? values[field.key], !value.isEmpty else { continue }
            let reference = "E\(ReportingForm.firstFieldRow + i + 1)"
            let pattern = try Regex("<c r=\"\(reference)\" s=\"([0-9]+)\"/>")
            guard let match = xml.firstMatch(of: pattern), let style = match.output[1].substring else {
                throw XLSXTestReader.Failure("no blank value cell \(reference) in the form")
            }
            let numeric = !numbersAsText && field.type != .text && field.type != .bool && Double(value) != nil
            let typed =
                numeric
                ? "<c r=\"\(reference)\" s=\"\(style)\"><v>\(value)</v></c>"
                : "<c r=\"\(reference)\" s=\"\(style)\" t=\"inlineStr\"><is><t>\(escape(value))</t></is></c>"
            let cell = raw[field.key].map { "<c r=\"\(reference)\" s=\"\(style)\" \($0)</c>" } ?? typed
            xml.replaceSubrange(match.range, with: cell)
        }
        try XLSXTestReader.rewrite(form, to: out, replacing: [part: Data(xml.utf8)])
    }

    static func scores(_ table: ApplicantTable, _ diagnostics: Diagnostics) throws -> String {
        let cohort = RankedCohort(
            evaluation: Evaluator.evaluate(table, rulebook: try Fixture.rulebook(), diagnostics: diagnostics))
        return ScoresCSV.make(cohort.evaluation, cohort.scoreboard, cohort.ranking, chineseHeaders: false).text
    }

    static func directScores(_ csv: [UInt8]) throws -> String {
        var diagnostics = Diagnostics()
        let table = try InputReader.read(
            bytes: csv, file: "typed.csv", rulebook: try Fixture.rulebook(), diagnostics: &diagnostics)
        return try scores(table, diagnostics)
    }

    static func errors(_ body: () throws -> Void) -> [Diagnostic] {
        do {
            try body()
        } catch let error as InputError {
            return error.diagnostics.errors
        } catch {
            Issue.record("unexpected error \(error)")
        }
        return []
    }

    // MARK: The form

    @Test func formListsEveryFieldWithItsUnitNoteAndKey() throws {
        let rulebook = try Fixture.rulebook()
        let dir = try Self.folder()
        let reader = try XLSXTestReader(url: try Self.blankForm(in: dir))
        #expect(reader.sheetNames == ["填报表"])
        let sheet = try reader.sheet("填报表")
        #expect(sheet.text(0, 0).contains("填报表（附件2）"))
        #expect(sheet.row(ReportingForm.headerRow).prefix(7) == ["序号", "指标", "填报项", "单位", "填报值", "填报说明", "字段代码"])
        for (i, field) in rulebook.fields.enumerated() {
            let row = ReportingForm.firstFieldRow + i
            #expect(sheet.number(row, 0) == Double(i + 1))
            // A required item (the applicant's name and city, every gate) says so where the county reads it.
            #expect(sheet.text(row, 2) == field.label + (field.required ? "（必填）" : ""))
            #expect(sheet.text(row, 3) == field.unit)
            #expect(sheet.text(row, 4) == "")
            #expect(sheet.text(row, 6) == field.key)
            if let number = field.indicator {
                #expect(sheet.text(row, 1).hasPrefix("\(number) "))
            }
        }
        // The level meanings reach the notes.
        let level = try #require(rulebook.fields.firstIndex { $0.type == .level && ($0.levelMeanings?.count ?? 0) > 1 })
        let meaning = rulebook.fields[level].levelMeanings![1]
        #expect(sheet.text(ReportingForm.firstFieldRow + level, 5).contains("1 = \(meaning)"))
        let city = try #require(rulebook.fieldIndex["city"])
        #expect(sheet.text(ReportingForm.firstFieldRow + city, 5).contains("济南"))
        // The gate rows name their gate in 指标, are marked required, and their yes/no note matches the
        // dropdown (是/否 only).
        let star3 = ReportingForm.firstFieldRow + rulebook.fieldIndex["pre_star3_share"]!
        #expect(sheet.text(star3, 1) == "前置指标：三星市场监管所占比不低于16%")
        #expect(sheet.text(star3, 2) == "新评定或复核通过的三星市场监管所占比（必填）")
        #expect(sheet.text(star3, 5).contains("必填，不能留空"))
        let veto = ReportingForm.firstFieldRow + rulebook.fieldIndex["veto_safety"]!
        #expect(sheet.text(veto, 1) == "一票否决：重大及以上生产安全事故")
        #expect(sheet.text(veto, 5).hasPrefix("从下拉列表选择“是”或“否”"))
        #expect(!sheet.text(veto, 5).contains("√"))
        let gatesRequired = rulebook.fields.filter { $0.role == .gate }.allSatisfy { $0.required }
        #expect(gatesRequired)
    }

    @Test func formValidatesEachValueCellByTypeAndLocksTheRest() throws {
        let rulebook = try Fixture.rulebook()
        let dir = try Self.folder()
        let reader = try XLSXTestReader(url: try Self.blankForm(in: dir))
        let xml = String(decoding: reader.part(try reader.partPath(ofSheet: "填报表"))!, as: UTF8.self)
        #expect(xml.contains("<sheetProtection"))
        #expect(!xml.contains("password="))
        #expect(xml.ranges(of: "<dataValidation ").count == rulebook.fields.count)
        func validation(_ key: String) throws -> String {
            let row = ReportingForm.firstFieldRow + rulebook.fieldIndex[key]! + 1
            let ranges = xml.ranges(of: "sqref=\"E\(row)\"")
            let at = try #require(ranges.first)
            let start = xml[..<at.lowerBound].range(of: "<dataValidation ", options: .backwards)!
            let end = xml[at.upperBound...].range(of: "</dataValidation>")!
            return String(xml[start.lowerBound..<end.upperBound])
        }
        let bool = try #require(rulebook.fields.first { $0.type == .bool })
        #expect(try validation(bool.key).contains("<formula1>\"是,否\"</formula1>"))
        let count = try #require(rulebook.fields.first { $0.type == .count })
        let countRule = try validation(count.key)
        #expect(countRule.contains("type=\"whole\"") && countRule.contains("<formula1>0</formula1>"))
        let percent = try #require(rulebook.fields.first { $0.type == .percent })
        let percentRule = try validation(percent.key)
        let top = Points.format(percent.maximum ?? 100)
        #expect(percentRule.contains("type=\"decimal\"") && percentRule.contains("<formula2>\(top)</formula2>"))
        let level = try #require(rulebook.fields.first { $0.type == .level })
        let levels = (0...level.maxLevel!).map(String.init).joined(separator: ",")
        #expect(try validation(level.key).contains("<formula1>\"\(levels)\"</formula1>"))
        #expect(try validation("city").contains("济南"))
        // The value cells are unlocked; blank ones are highlighted; A4 portrait.
        let styles = String(decoding: reader.part("xl/styles.xml")!, as: UTF8.self)
        #expect(styles.contains("locked=\"0\""))
        #expect(xml.contains("LEN(TRIM($E\(ReportingForm.firstFieldRow + 1)))=0"))
        #expect(xml.contains("paperSize=\"9\"") && !xml.contains("orientation=\"landscape\""))
    }

    // MARK: Collecting

    @Test func filledFormsScoreExactlyLikeTheSameFiguresTypedInACSV() throws {
        let (rows, csv) = try Self.cohortRows(count: 4, seed: 11)
        let dir = try Self.folder()
        let blank = try Self.blankForm(in: dir)
        let forms = dir.appendingPathComponent("forms")
        try FileManager.default.createDirectory(at: forms, withIntermediateDirectories: true)
        for (i, row) in rows.enumerated() {
            try Self.fill(
                blank, to: forms.appendingPathComponent("\(i + 1)-\(row["county"]!).xlsx"), values: row, numbersAsText: i % 2 == 1
            )
        }
        let collected = try FormCollector.collect(paths: [forms.path], rulebook: try Fixture.rulebook())
        #expect(collected.files.count == 4)
        #expect(collected.table.county == rows.map { $0["county"]! })
        #expect(try Self.scores(collected.table, collected.diagnostics) == Self.directScores(csv))
        // The merged CSV reads the same again, as rank reads it.
        #expect(try Self.directScores(Array(collected.csv.text.utf8)) == Self.directScores(csv))
        // rank takes the folder itself.
        let ranked = try RankedCohort.load(input: forms.path, rulebook: try Fixture.rulebook())
        // Named as what the reviewer gave (workbooks), not the UTF-8 of the merge (issue 24).
        #expect(ranked.evaluation.table.encoding == .xlsx)
        #expect(
            ScoresCSV.make(ranked.evaluation, ranked.scoreboard, ranked.ranking, chineseHeaders: false).text
                == (try Self.directScores(csv)))
    }

    @Test(.enabled(if: LibreOffice.executable != nil, "soffice not found"), .timeLimit(.minutes(3)))
    func aFormSavedAgainByLibreOfficeIsReadTheSame() throws {
        let (rows, csv) = try Self.cohortRows(count: 3, seed: 5)
        let dir = try Self.folder()
        let blank = try Self.blankForm(in: dir)
        let forms = dir.appendingPathComponent("forms")
        try FileManager.default.createDirectory(at: forms, withIntermediateDirectories: true)
        for (i, row) in rows.enumerated() {
            let name = "\(i + 1)-\(row["county"]!).xlsx"
            if i == 1 {
                let filled = dir.appendingPathComponent(name)
                try Self.fill(blank, to: filled, values: row)
                let saved = try LibreOffice.convert(filled, into: dir.appendingPathComponent("lo"), timeout: 150)
                try FileManager.default.copyItem(at: saved, to: forms.appendingPathComponent(name))
                // LibreOffice keeps the texts as shared strings.
                let resaved = String(decoding: try XLSXTestReader(url: saved).part("xl/worksheets/sheet1.xml")!, as: UTF8.self)
                #expect(resaved.contains("t=\"s\""))
            } else {
                try Self.fill(blank, to: forms.appendingPathComponent(name), values: row)
            }
        }
        let collected = try FormCollector.collect(paths: [forms.path], rulebook: try Fixture.rulebook())
        #expect(try Self.scores(collected.table, collected.diagnostics) == Self.directScores(csv))
    }

    @Test func aBadCellIsLocatedByFileSheetAndCellWithItsLabel() throws {
        let rulebook = try Fixture.rulebook()
        var (rows, _) = try Self.cohortRows(count: 1, seed: 3)
        let percent = try #require(rulebook.fields.firstIndex { $0.type == .percent })
        rows[0][rulebook.fields[percent].key] = "九十五"
        let dir = try Self.folder()
        let form = dir.appendingPathComponent("历城区.xlsx")
        try Self.fill(try Self.blankForm(in: dir), to: form, values: rows[0])
        let errors = Self.errors { _ = try FormCollector.collect(paths: [form.path], rulebook: rulebook) }
        let cell = "E\(ReportingForm.firstFieldRow + percent + 1)"
        #expect(errors.count == 1)
        #expect(errors.first?.file == form.path + "!填报表!" + cell)
        #expect(errors.first?.line == nil)
        #expect(errors.first?.render(.zh).contains(rulebook.fields[percent].label) == true)
        #expect(errors.first?.render(.zh).contains("历城区.xlsx!填报表!\(cell)") == true)
        // On a form the figure is a row (项), not a column (issue 24).
        let key = rulebook.fields[percent].key
        #expect(errors.first?.render(.zh).contains("“\(rulebook.fields[percent].label)”（\(key)）项") == true)
        #expect(errors.first?.render(.en).contains("item \(key) (") == true)
        #expect(errors.first?.render(.zh).contains("）列") == false)
    }

    /// collect names the items each county left empty, not only how many (issue 24).
    @Test func collectNamesTheEmptyItems() throws {
        let rulebook = try Fixture.rulebook()
        var (rows, _) = try Self.cohortRows(count: 1, seed: 3)
        let count = try #require(rulebook.fields.first { $0.type == .count && $0.role == .indicator })
        rows[0][count.key] = ""
        let dir = try Self.folder()
        let form = dir.appendingPathComponent("a.xlsx")
        try Self.fill(try Self.blankForm(in: dir), to: form, values: rows[0])
        let collected = try FormCollector.collect(paths: [form.path], rulebook: rulebook)
        let blanks = try #require(collected.blanks.first)
        #expect(blanks.items == [count.label])
        #expect(
            FormsMessage.blanks(county: blanks.county, items: blanks.items).text(.zh)
                == "  \(blanks.county)：1 项未填——\(count.label)")
        let many = FormsMessage.blanks(county: "历城区（济南）", items: ["a", "b", "c", "d", "e", "f", "g"]).text(.zh)
        #expect(many == "  历城区（济南）：7 项未填——a、b、c、d、e 等")
    }

    /// A form sent out before the key column was headed 字段代码 (it said 字段) is still read.
    @Test func aFormWithTheOldKeyHeaderIsStillRead() throws {
        let (rows, csv) = try Self.cohortRows(count: 1, seed: 3)
        let dir = try Self.folder()
        let filled = dir.appendingPathComponent("filled.xlsx")
        try Self.fill(try Self.blankForm(in: dir), to: filled, values: rows[0])
        let strings = String(decoding: try XLSXTestReader(url: filled).part("xl/sharedStrings.xml")!, as: UTF8.self)
        #expect(strings.contains("<t>字段代码</t>"))
        let old = dir.appendingPathComponent("old.xlsx")
        try XLSXTestReader.rewrite(
            filled, to: old,
            replacing: ["xl/sharedStrings.xml": Data(strings.replacingOccurrences(of: "<t>字段代码</t>", with: "<t>字段</t>").utf8)])
        let collected = try FormCollector.collect(paths: [old.path], rulebook: try Fixture.rulebook())
        #expect(try Self.scores(collected.table, collected.diagnostics) == Self.directScores(csv))
    }

    @Test func aFormWithNoCountyIsRefusedAtTheCountyCell() throws {
        var (rows, _) = try Self.cohortRows(count: 1, seed: 3)
        rows[0]["county"] = ""
        let dir = try Self.folder()
        let form = dir.appendingPathComponent("无名.xlsx")
        try Self.fill(try Self.blankForm(in: dir), to: form, values: rows[0])
        let errors = Self.errors { _ = try FormCollector.collect(paths: [form.path], rulebook: try Fixture.rulebook()) }
        let county = try Fixture.rulebook().fieldIndex["county"]!
        #expect(
            errors.contains {
                $0.file == form.path + "!填报表!E\(ReportingForm.firstFieldRow + county + 1)" && $0.column == "county"
            })
    }

    @Test func twoFormsForOneCountyNameBothFiles() throws {
        let (rows, _) = try Self.cohortRows(count: 1, seed: 3)
        let dir = try Self.folder()
        let blank = try Self.blankForm(in: dir)
        let a = dir.appendingPathComponent("a.xlsx")
        let b = dir.appendingPathComponent("b.xlsx")
        try Self.fill(blank, to: a, values: rows[0])
        try Self.fill(blank, to: b, values: rows[0], numbersAsText: true)
        let errors = Self.errors { _ = try FormCollector.collect(paths: [a.path, b.path], rulebook: try Fixture.rulebook()) }
        #expect(errors.count == 1)
        let text = errors.first?.render(.zh) ?? ""
        #expect(text.contains(a.path + "!填报表!E") && text.contains(b.path + "!填报表!E"))
        #expect(errors.first?.kind == "sameCounty")
    }

    /// A county twice and a bad cell are reported together, not the cell only after the duplicate is removed
    /// (issue 24).
    @Test func aDuplicateCountyDoesNotHideCellErrors() throws {
        let rulebook = try Fixture.rulebook()
        let (rows, _) = try Self.cohortRows(count: 1, seed: 3)
        let count = try #require(rulebook.fields.first { $0.type == .count && $0.role == .indicator })
        let dir = try Self.folder()
        let blank = try Self.blankForm(in: dir)
        let a = dir.appendingPathComponent("a.xlsx")
        let b = dir.appendingPathComponent("b.xlsx")
        try Self.fill(blank, to: a, values: rows[0])
        var bad = rows[0]
        bad[count.key] = "9O"
        try Self.fill(blank, to: b, values: bad, numbersAsText: true)
        let errors = Self.errors { _ = try FormCollector.collect(paths: [a.path, b.path], rulebook: rulebook) }
        #expect(errors.map(\.kind).sorted() == ["badCell", "sameCounty"], "\(errors)")
        let cell = "E\(ReportingForm.firstFieldRow + rulebook.fieldIndex[count.key]! + 1)"
        #expect(errors.contains { $0.kind == "badCell" && $0.file == b.path + "!填报表!" + cell })
    }

    @Test func notAWorkbookATruncatedOneAndAZipBombAreRefusedNamingTheFile() throws {
        let dir = try Self.folder()
        let blank = try Self.blankForm(in: dir)
        let text = dir.appendingPathComponent("renamed.xlsx")
        try Data("县（市、区）,所属地级市\n历城区,济南\n".utf8).write(to: text)
        let bytes = try Data(contentsOf: blank)
        let truncated = dir.appendingPathComponent("truncated.xlsx")
        try bytes.prefix(bytes.count / 2).write(to: truncated)
        let bomb = dir.appendingPathComponent("bomb.xlsx")
        try XLSXTestReader.rewrite(
            blank, to: bomb, replacing: ["xl/sharedStrings.xml": Data(repeating: 0x20, count: XLSXLimits.form.partBytes + 1)])
        for (file, kind) in [
            (text, "notAWorkbook"), (truncated, "truncatedWorkbook"), (bomb, "partTooLarge"), (blank, "emptyForm"),
        ] {
            let errors = Self.errors { _ = try FormCollector.collect(paths: [file.path], rulebook: try Fixture.rulebook()) }
            #expect(errors.map(\.kind) == [kind], "\(file.lastPathComponent)")
            #expect(errors.first?.file?.hasPrefix(file.path) == true)
        }
        // A blank form says what to do about it.
        #expect(FormsMessage.emptyForm.text(.zh).contains("移出文件夹后重新汇总"))
    }

    /// Booleans, formula strings and percentage-formatted numbers, as spreadsheets store them.
    @Test func booleansFormulaStringsAndPercentFormattedNumbersAreReadAsAPersonSeesThem() throws {
        let rulebook = try Fixture.rulebook()
        let (rows, _) = try Self.cohortRows(count: 1, seed: 3)
        let bool = try #require(rulebook.fields.first { $0.type == .bool && $0.role == .indicator })
        let count = try #require(rulebook.fields.first { $0.type == .count })
        let percent = try #require(rulebook.fields.first { $0.type == .percent })
        let dir = try Self.folder()
        let form = dir.appendingPathComponent("a.xlsx")
        try Self.fill(
            try Self.blankForm(in: dir), to: form, values: rows[0],
            raw: [bool.key: "t=\"b\"><v>1</v>", count.key: "t=\"str\"><f>1+2</f><v>3</v>", percent.key: "><v>0.57</v>"])
        let collected = try FormCollector.collect(paths: [form.path], rulebook: rulebook)
        let csv = try CSVReader.parse(Array(collected.csv.text.utf8), file: "m.csv")
        #expect(csv.string(record: 1, field: rulebook.fieldIndex[bool.key]!) == "是")
        #expect(csv.string(record: 1, field: rulebook.fieldIndex[count.key]!) == "3")
        // 95% typed into a cell Excel formats as a percentage is stored as 0.95: read as 95%, not 0.95.
        var parts = try XLSXPackage(path: form.path, limits: .form)
        let style = try #require(try Self.valueStyle(form, percent.key).flatMap { Int($0) })
        let row = ReportingForm.firstFieldRow + rulebook.fieldIndex[percent.key]!
        func valueCell(percentStyles: Set<Int>) throws -> String? {
            var found: String? = nil
            try parts.readRows(
                "xl/worksheets/sheet1.xml", sheetName: "填报表", strings: [],
                formats: CellFormats(percent: percentStyles, date: [])
            ) { (sheetRow: SheetRow) throws(InputError) in
                if sheetRow.number == row + 1 {
                    found = sheetRow.cells.first { $0.column == ReportingForm.Column.value }?.text
                }
            }
            return found
        }
        #expect(try valueCell(percentStyles: [style]) == "57%")
        #expect(try valueCell(percentStyles: []) == "0.57")
    }

    static func valueStyle(_ form: URL, _ key: String) throws -> String? {
        let rulebook = try Fixture.rulebook()
        let reader = try XLSXTestReader(url: form)
        let xml = String(decoding: reader.part(try reader.partPath(ofSheet: "填报表"))!, as: UTF8.self)
        let reference = "E\(ReportingForm.firstFieldRow + rulebook.fieldIndex[key]! + 1)"
        let match = xml.firstMatch(of: try Regex("<c r=\"\(reference)\" s=\"([0-9]+)\""))
        return match?.output[1].substring.map(String.init)
    }

    /// Rows are matched by the key column, not by position: two rows moved (as when a reviewer sorts or
    /// inserts rows) read the same figures.
    @Test func rowsAreMatchedByTheirKeyNotTheirPosition() throws {
        let rulebook = try Fixture.rulebook()
        let (rows, csv) = try Self.cohortRows(count: 1, seed: 9)
        let dir = try Self.folder()
        let filled = dir.appendingPathComponent("filled.xlsx")
        try Self.fill(try Self.blankForm(in: dir), to: filled, values: rows[0])
        let reader = try XLSXTestReader(url: filled)
        let part = try reader.partPath(ofSheet: "填报表")
        var xml = String(decoding: reader.part(part)!, as: UTF8.self)
        let a = ReportingForm.firstFieldRow + rulebook.fieldIndex["population"]! + 1
        let b = ReportingForm.firstFieldRow + rulebook.fields.count
        // Swap the whole rows a and b: each cell keeps its contents under the other row's number.
        for column in ["A", "B", "C", "D", "E", "F", "G"] {
            xml = xml.replacingOccurrences(of: "<c r=\"\(column)\(a)\"", with: "<c r=\"\(column)TMP\"")
            xml = xml.replacingOccurrences(of: "<c r=\"\(column)\(b)\"", with: "<c r=\"\(column)\(a)\"")
            xml = xml.replacingOccurrences(of: "<c r=\"\(column)TMP\"", with: "<c r=\"\(column)\(b)\"")
        }
        let moved = dir.appendingPathComponent("moved.xlsx")
        try XLSXTestReader.rewrite(filled, to: moved, replacing: [part: Data(xml.utf8)])
        let sheet = try XLSXTestReader(url: moved).sheet("填报表")
        #expect(sheet.text(b - 1, ReportingForm.Column.key) == "population")
        let collected = try FormCollector.collect(paths: [moved.path], rulebook: rulebook)
        #expect(try Self.scores(collected.table, collected.diagnostics) == Self.directScores(csv))
    }

    @Test func aOneRowCSVIsCollectedWithTheForms() throws {
        let (rows, csv) = try Self.cohortRows(count: 2, seed: 21)
        let dir = try Self.folder()
        let form = dir.appendingPathComponent("1.xlsx")
        try Self.fill(try Self.blankForm(in: dir), to: form, values: rows[0])
        let rulebook = try Fixture.rulebook()
        var out = CSVOutput()
        out.header(rulebook.fields.map(\.label))
        out.append(rulebook.fields.map { .formatted(CSVReader.quote(rows[1][$0.key] ?? "")) })
        let second = dir.appendingPathComponent("2.csv")
        try out.write(to: second.path)
        let collected = try FormCollector.collect(paths: [form.path, second.path], rulebook: rulebook)
        #expect(try Self.scores(collected.table, collected.diagnostics) == Self.directScores(csv))
    }
}
