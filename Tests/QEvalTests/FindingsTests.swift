import Foundation
import Testing

@testable import QEval
@testable import QEvalFindings
@testable import QEvalPipeline
@testable import QEvalReports
@testable import QEvalSupport

/// Reviewers' findings (issue 25), on a cohort small enough to score by hand.
///
/// Indicator 31 (R&D经费占比, 2 points) is an efficacy part within the tier, higher is better. The third
/// tier (枣庄, 东营, 德州) declares 丙 3, 丁 2, 己 1: min 1, max 3, so d(3) = 100 → 2, d(2) = 60 + 40 × 1/2 = 80
/// → 1.6, d(1) = 60 → 1.2. 甲 (济南, first tier) is alone in its tier: all equal → full, 2.
///
/// - 己 verified at 0.2 (lowered): min 0.2, max 3; 己 still scores d = 60 → 1.2, but 丁 (no finding)
///   moves: d(2) = 60 + 40 × 1.8/2.8 = 85.714… → 2 × 0.857142… = 1.714285…; 丙 stays 2.
/// - 己 rejected (blank): not reported → 0, and out of the group: min 2, max 3, so 丁 d(2) = 60 → 1.2.
/// - 甲 veto_safety verified 是: disqualified.
/// - 丙 31 verified 3 (as declared): a confirmation, nothing changes.
@Suite struct FindingsTests {
    static let rows: [[String: String]] = [
        ["county": "甲县", "city": "济南市", "i31_rd_intensity": "0.5"],
        ["county": "丙县", "city": "枣庄市", "i31_rd_intensity": "3"],
        ["county": "丁县", "city": "东营市", "i31_rd_intensity": "2"],
        ["county": "己县", "city": "德州市", "i31_rd_intensity": "1"],
    ]
    static let header = "县（市、区）,所属地级市,填报项,核定值,核查理由,佐证材料,核查人,核查日期\n"

    struct Files {
        var dir: URL
        var cohort: String
        var findings: String
    }

    static func files(_ findings: String, name: String = "核查.csv", rows: [[String: String]] = rows) throws -> Files {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qeval-findings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let cohort = dir.appendingPathComponent("申报.csv")
        try Fixture.csv(rows, rulebook: try Fixture.rulebook()).write(to: cohort, atomically: true, encoding: .utf8)
        let file = dir.appendingPathComponent(name)
        try findings.write(to: file, atomically: true, encoding: .utf8)
        return Files(dir: dir, cohort: cohort.path, findings: file.path)
    }

    static func load(_ findings: String) throws -> (RankedCohort, Files) {
        let f = try files(findings)
        return (try RankedCohort.load(input: f.cohort, rulebook: try Fixture.rulebook(), findings: f.findings), f)
    }

    static func score31(_ cohort: RankedCohort, _ county: String) -> Double {
        Fixture.score(cohort, county: county, indicator: 31)
    }

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-12 }

    @Test func loweringAnEfficacyFigureMovesTheTiersMinAndSoAnotherCountysScore() throws {
        let (verified, f) = try Self.load(Self.header + "己县,德州市,规模以上工业企业R&D经费支出占营业收入比重,0.2,佐证显示为 0.2%,统计年报,张三,2026-11-20\n")
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let v = try #require(verified.verification)
        let declared = v.declared
        // Declared, by hand.
        #expect(Self.close(Self.score31(declared, "丙县"), 2))
        #expect(Self.close(Self.score31(declared, "丁县"), 1.6))
        #expect(Self.close(Self.score31(declared, "己县"), 1.2))
        #expect(Self.close(Self.score31(declared, "甲县"), 2))
        // Verified, by hand: 丁 moves although no finding names it.
        #expect(Self.close(Self.score31(verified, "丁县"), 2 * (60 + 40 * 1.8 / 2.8) / 100))
        #expect(Self.close(Self.score31(verified, "己县"), 1.2))
        #expect(Self.close(Self.score31(verified, "丙县"), 2))
        #expect(Self.close(Self.score31(verified, "甲县"), 2))
        // What the finding did, computed once.
        #expect(v.findings.changes == 1 && v.findings.confirmations == 0)
        let effect = try #require(v.effects.first)
        #expect(effect.indicator == 31 && effect.declaredScore == 1.2 && Self.close(effect.verifiedScore!, 1.2))
        #expect(v.affected.map { verified.evaluation.table.county[$0] } == ["丁县"])
        let finding = try #require(v.findings.items.first)
        #expect(finding.declared == "1" && finding.verified == "0.2" && finding.key == "i31_rd_intensity")
        #expect(finding.reviewer == "张三" && finding.evidence == "统计年报" && finding.line == 2)
    }

    @Test func aRejectedFigureScoresZeroAndLeavesTheGroup() throws {
        let (verified, f) = try Self.load(Self.header + "己县,德州市,i31_rd_intensity,,未见佐证材料,,,\n")
        defer { try? FileManager.default.removeItem(at: f.dir) }
        #expect(Self.score31(verified, "己县") == 0)
        // 己 is out of the group: min 2, max 3.
        #expect(Self.close(Self.score31(verified, "丁县"), 1.2))
        #expect(Self.close(Self.score31(verified, "丙县"), 2))
        // Its warning names the finding, not the county's cell.
        let warning = try #require(verified.evaluation.diagnostics.warnings.first { $0.kind == "rejectedFigure" })
        #expect(warning.file == f.findings && warning.line == 2 && warning.affectsScore)
        #expect(warning.render(.zh).contains("核查不予认可（佐证不足），按未提供不得分（计 0 分）。核查理由：未见佐证材料"))
        #expect(
            !verified.evaluation.diagnostics.warnings.contains { $0.kind == "notReported" && $0.column == "i31_rd_intensity" })
        #expect(verified.verification?.findings.items.first?.verified == nil)
    }

    @Test func aFindingOnAVetoFieldDisqualifies() throws {
        let (verified, f) = try Self.load(Self.header + "甲县,济南,近三年发生重大及以上生产安全事故,是,应急管理局通报,通报（2025）3 号,李四,2026-11-21\n")
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let v = try #require(verified.verification)
        let row = Fixture.row(verified, "甲县")
        #expect(!verified.evaluation.isRanked(row) && v.declared.evaluation.isRanked(row))
        #expect(v.disqualified == [row] && v.requalified.isEmpty)
        #expect(verified.evaluation.disqualifications[row].map(\.text).joined().contains("重大及以上生产安全事故"))
        #expect(ConsoleSummary.findings(verified, language: .zh).contains("  因核查不具备资格：甲县（济南市）"))
    }

    /// 戊 (临沂, second tier) declared a three-star share of 10 (< 16): disqualified. Verified at 18 it is ranked,
    /// alone in its tier, so 31 scores full (2); the console names it.
    @Test func aFindingOnAPrerequisiteRequalifies() throws {
        let rows = Self.rows + [["county": "戊县", "city": "临沂市", "pre_star3_share": "10", "i31_rd_intensity": "2"]]
        let f = try Self.files(Self.header + "戊县,临沂市,pre_star3_share,18,复核通过名单为 18%,,,\n", rows: rows)
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let verified = try RankedCohort.load(input: f.cohort, rulebook: try Fixture.rulebook(), findings: f.findings)
        let v = try #require(verified.verification)
        let row = Fixture.row(verified, "戊县")
        #expect(!v.declared.evaluation.isRanked(row) && verified.evaluation.isRanked(row))
        #expect(v.requalified == [row] && v.disqualified.isEmpty)
        #expect(Self.close(Self.score31(verified, "戊县"), 2))
        #expect(ConsoleSummary.findings(verified, language: .zh).contains("  因核查取得资格：戊县（临沂市）"))
    }

    @Test func aConfirmationChangesNothingAndIsCountedApart() throws {
        let (verified, f) = try Self.load(Self.header + "丙县,枣庄市,i31_rd_intensity,3.0,与年报一致,,,\n")
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let v = try #require(verified.verification)
        #expect(v.findings.changes == 0 && v.findings.confirmations == 1)
        #expect(verified.scoreboard.totals == v.declared.scoreboard.totals)
        #expect(v.affected.isEmpty && v.rankChanges.isEmpty)
        #expect(
            ConsoleSummary.findings(verified, language: .zh).first
                == "核查记录：1 条（改变 0 项、确认 1 项），影响 0 个申报单位的得分，0 个名次变化")
        #expect(
            ConsoleSummary.findings(verified, language: .en).first
                == "findings: 1 (0 changed, 1 confirmed), changing the scores of 0 applicants and 0 ranks")
    }

    /// Every way a finding is refused, all reported at once with file, line and column; the CLI writes nothing.
    @Test func everyBadFindingIsALocatedErrorAndNothingIsWritten() throws {
        let bad =
            Self.header
            + [
                "无名县,济南,i31_rd_intensity,1,理由,,,",  // 2: not in the cohort
                "丁县,青岛,i31_rd_intensity,1,理由,,,",  // 3: in another city
                "丁县,东营,自愿认证覆盖率,1,理由,,,",  // 4: not an item (a word missing)
                "丁县,东营,county,乙县,理由,,,",  // 5: identity
                "丁县,东营,i31_rd_intensity,九十五,理由,,,",  // 6: not a number
                "丙县,枣庄,i31_rd_intensity,2,,,,",  // 7: no reason
                "己县,德州,i31_rd_intensity,2,理由,,,",  // 8: first
                "己县,德州,规模以上工业企业R&D经费支出占营业收入比重,2.5,理由,,,",  // 9: the same item again
                "甲县,济南,veto_safety,,理由,,,",  // 10: a gate left blank
            ].joined(separator: "\n") + "\n"
        let f = try Self.files(bad)
        defer { try? FileManager.default.removeItem(at: f.dir) }
        var caught: InputError? = nil
        do {
            _ = try RankedCohort.load(input: f.cohort, rulebook: try Fixture.rulebook(), findings: f.findings)
        } catch {
            caught = error as? InputError
        }
        let errors = try #require(caught).diagnostics.errors
        let kinds = errors.map { "\($0.line ?? 0):\($0.kind)" }
        #expect(
            kinds == [
                "2:unknownApplicant", "3:applicantInOtherCity", "4:unknownField", "5:identityField", "6:badValue",
                "7:noReason", "9:duplicate", "10:blankGate",
            ], "\(kinds)")
        #expect(errors.allSatisfy { $0.file == f.findings })
        let zh = errors.map { $0.render(.zh) }
        let en = errors.map { $0.render(.en) }
        #expect(zh[0].contains("第2行") && zh[0].contains("申报数据中没有“无名县（济南）”"))
        #expect(zh[1].contains("“丁县”属于东营市，不是“青岛”"))
        #expect(zh[2].contains("“自愿认证覆盖率”不是填报表中的填报项") && zh[2].contains("是否指“自愿性认证覆盖率”？"))
        #expect(zh[3].contains("身份信息"))
        #expect(zh[4].contains("“核定值”（value）列") && zh[4].contains("核定值“九十五”无法识别"))
        #expect(zh[5].contains("核查理由为空"))
        #expect(zh[6].contains("已在第8行核定过"))
        #expect(zh[7].contains("核定值不能留空"))
        #expect(en[0].contains("there is no “无名县 (济南)” in the cohort"))
        #expect(en[4].contains("column value (核定值)") && en[4].contains("the verified value “九十五” cannot be read"))
        #expect(en[6].contains("already have a finding at line 8"))

        // The command line: the errors, nothing written.
        let out = f.dir.appendingPathComponent("r.xlsx").path
        let run = try ConsoleLanguageTests.qeval(["rank", f.cohort, "--findings", f.findings, "--out", out])
        #expect(run.status == 1)
        #expect(run.stderr.contains("共 8 处错误，未写出任何文件。"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func aFileWithoutItsColumnsSaysWhichAndAnUnknownColumnIsNamed() throws {
        let f = try Self.files("县（市、区）,所属地级市,填报项,核定值,备注说明\n丁县,东营,i31_rd_intensity,1,x\n")
        defer { try? FileManager.default.removeItem(at: f.dir) }
        var caught: InputError? = nil
        do {
            _ = try RankedCohort.load(input: f.cohort, rulebook: try Fixture.rulebook(), findings: f.findings)
        } catch {
            caught = error as? InputError
        }
        let errors = try #require(caught).diagnostics.errors
        #expect(errors.map(\.kind) == ["unknownColumn", "missingColumn"])
        #expect(errors[1].render(.zh).contains("核查记录缺少“核查理由”一列"))
    }

    /// Findings in a workbook (as a reviewer keeps them in Excel) are read as the CSV is, located by cell.
    @Test func findingsInAWorkbookAreReadLikeTheCSV() throws {
        let f = try Self.files(Self.header + "己县,德州市,i31_rd_intensity,0.2,佐证显示为 0.2%,,,\n")
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let xlsx = f.dir.appendingPathComponent("核查.xlsx").path
        let book = try XLSXWorkbook(path: xlsx, constantMemory: false)
        let sheet = try book.addWorksheet("核查记录")
        for (c, h) in ["县（市、区）", "所属地级市", "填报项", "核定值", "核查理由"].enumerated() { try sheet.write(0, c, h) }
        for (c, v) in ["己县", "德州市", "规模以上工业企业R&D经费支出占营业收入比重"].enumerated() { try sheet.write(1, c, v) }
        try sheet.write(1, 3, 0.2)
        try sheet.write(1, 4, "佐证显示为 0.2%")
        for (c, v) in ["丁县", "东营市", "i31_rd_intensity", "九十五", "x"].enumerated() { try sheet.write(2, c, v) }
        try book.close()
        var caught: InputError? = nil
        do {
            _ = try RankedCohort.load(input: f.cohort, rulebook: try Fixture.rulebook(), findings: xlsx)
        } catch {
            caught = error as? InputError
        }
        let errors = try #require(caught).diagnostics.errors
        #expect(errors.first?.file == xlsx + "!核查记录!D3", "\(errors)")
        // Without the bad row: the same scores as the CSV of the same finding.
        let good = f.dir.appendingPathComponent("good.xlsx").path
        let book2 = try XLSXWorkbook(path: good, constantMemory: false)
        let sheet2 = try book2.addWorksheet("Sheet1")
        for (c, h) in ["county", "city", "field", "value", "reason"].enumerated() { try sheet2.write(0, c, h) }
        for (c, v) in ["己县", "德州市", "i31_rd_intensity"].enumerated() { try sheet2.write(1, c, v) }
        try sheet2.write(1, 3, 0.2)
        try sheet2.write(1, 4, "佐证显示为 0.2%")
        try book2.close()
        let fromXLSX = try RankedCohort.load(input: f.cohort, rulebook: try Fixture.rulebook(), findings: good)
        let fromCSV = try RankedCohort.load(input: f.cohort, rulebook: try Fixture.rulebook(), findings: f.findings)
        #expect(fromXLSX.scoreboard.totals == fromCSV.scoreboard.totals)
        #expect(fromXLSX.verification?.findings.items.first?.verified == "0.2")
    }

    /// compare --findings: declared against verified; its rank changes are those of ranking the CSV edited by
    /// hand with the same figures.
    @Test func compareWithFindingsEqualsRankingTheHandEditedCSV() throws {
        let sample = Fixture.path(BundledFiles.sampleRelative)
        var records = CompareTests.records(try String(contentsOfFile: sample, encoding: .utf8))
        let header = records[0].map { $0.replacingOccurrences(of: "\u{FEFF}", with: "") }
        let coverage = try #require(header.firstIndex(of: "i20_voluntary_cert_coverage"))
        let rd = try #require(header.firstIndex(of: "i31_rd_intensity"))
        let (c1, city1) = (records[1][0], records[1][1])
        let (c2, city2) = (records[5][0], records[5][1])
        let findings =
            Self.header + "\(c1),\(city1),i20_voluntary_cert_coverage,12,佐证显示为 12%,,,\n\(c2),\(city2),i31_rd_intensity,,无佐证,,,\n"
        let f = try Self.files(findings)
        defer { try? FileManager.default.removeItem(at: f.dir) }
        records[1][coverage] = "12"
        records[5][rd] = ""
        var edited = CSVOutput()
        edited.header(header)
        for r in records.dropFirst() { edited.append(r.map { $0.isEmpty ? .empty : .formatted(CSVReader.quote($0)) }) }
        let editedPath = f.dir.appendingPathComponent("edited.csv").path
        try edited.write(to: editedPath)

        let csv = f.dir.appendingPathComponent("c.csv").path
        let run = try ConsoleLanguageTests.qeval([
            "compare", sample, "--findings", f.findings, "--out", f.dir.appendingPathComponent("c.xlsx").path, "--csv", csv,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("核查记录：2 条（改变 2 项、确认 0 项）"))
        let byHand = try RankedCohort.load(input: editedPath, rulebook: try Fixture.rulebook())
        let declared = try RankedCohort.load(input: sample, rulebook: try Fixture.rulebook())
        let rows = CompareTests.records(try String(contentsOfFile: csv, encoding: .utf8))
        #expect(rows[0].prefix(6) == ["county", "city", "tier", "rank_a", "rank_b", "rank_change"])
        var moved = 0
        for r in rows.dropFirst() {
            let row = byHand.evaluation.table.county.indices.first {
                byHand.evaluation.table.county[$0] == r[0] && byHand.evaluation.table.city[$0] == r[1]
            }!
            #expect(r[4] == (byHand.ranking.rank[row].map(String.init) ?? ""), "\(r[0])")
            #expect(r[3] == (declared.ranking.rank[row].map(String.init) ?? ""), "\(r[0])")
            if r[5] != "0" && !r[5].isEmpty { moved += 1 }
        }
        #expect(moved > 0)
        let book = try XLSXTestReader(path: f.dir.appendingPathComponent("c.xlsx").path)
        #expect(book.sheetNames.contains("核查记录"))
        #expect(try book.sheet("核查记录").text(1, 5) == "12")
    }

    /// The ranked workbook carries both: 核查记录, the marked and annotated cell in 原始数据, 核定值 in 计分过程,
    /// the file and its SHA-256 in 说明; the county's feedback workbook lists its own findings.
    @Test func theWorkbooksCarryDeclaredAndVerified() throws {
        let (verified, f) = try Self.load(Self.header + "己县,德州市,i31_rd_intensity,0.2,佐证显示为 0.2%,年报,张三,2026-11-20\n")
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let url = f.dir.appendingPathComponent("r.xlsx")
        try RankingWorkbook(cohort: verified, info: verified.runInfo()).write(to: url.path)
        let book = try XLSXTestReader(url: url)
        #expect(book.sheetNames.contains("核查记录"))
        let sheet = try book.sheet("核查记录")
        #expect(
            sheet.row(1).prefix(11) == [
                "己县", "德州市", "规模以上工业企业R&D经费支出占营业收入比重（%）", "i31_rd_intensity", "1", "0.2", "改变", "佐证显示为 0.2%", "年报", "张三",
                "2026-11-20",
            ])
        #expect(sheet.number(1, 12) == 1.2 && cached(sheet.number(1, 13), 1.2))
        // 原始数据: the cell filled and annotated.
        let comments = try #require(book.part("xl/comments1.xml"))
        #expect(String(decoding: comments, as: UTF8.self).contains("申报 1，核定 0.2：佐证显示为 0.2%"))
        let raw = try book.sheet("原始数据")
        let column = try #require(raw.row(1).firstIndex(of: "i31_rd_intensity"))
        let r = 2 + verified.ranking.order.firstIndex(of: Fixture.row(verified, "己县"))!
        #expect(raw.number(r, column) == 0.2)
        // 计分过程 and 说明.
        #expect(try book.sheet("计分过程").allCells.contains { $0.display.contains("（核定值；申报 1）") })
        let sha = InputReader.sha256([UInt8](try Data(contentsOf: URL(fileURLWithPath: f.findings))))
        #expect(try book.sheet("说明").allCells.contains { $0.display.contains("核查.csv（校验值 SHA-256：\(sha)）：1 条（改变 1 项、确认 0 项）") })

        // Feedback: 己's workbook has its finding; 甲's says it has none.
        let folder = f.dir.appendingPathComponent("fb").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let paths = try FeedbackSet.write(verified, to: folder) { _, _ in }
        let ji = try XLSXTestReader(path: try #require(paths.first { $0.contains("己县") }))
        #expect(try ji.sheet("核查记录").text(1, 3) == "i31_rd_intensity")
        let jia = try XLSXTestReader(path: try #require(paths.first { $0.contains("甲县") }))
        #expect(try jia.sheet("核查记录").text(1, 0) == "本县（市、区）没有核查记录。")
    }

    @Test func theTemplateOffersTheItemsAsADropdown() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qeval-ft-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("t.xlsx").path
        let run = try ConsoleLanguageTests.qeval(["findings", "template", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let book = try XLSXTestReader(path: out)
        #expect(try book.sheet("核查记录").row(0) == ["县（市、区）", "所属地级市", "填报项", "核定值", "核查理由", "佐证材料", "核查人", "核查日期"])
        let rulebook = try Fixture.rulebook()
        let items = rulebook.fields.filter { $0.role != .id }
        #expect(try book.sheet("填报项").text(0, 0) == items[0].label)
        #expect(try book.sheet("填报项").rowCount == items.count)
        let xml = String(decoding: try #require(book.part(try book.partPath(ofSheet: "核查记录"))), as: UTF8.self)
        #expect(xml.contains("sqref=\"C2:C1001\"") && xml.contains("'填报项'!$A$1:$A$\(items.count)"))
        // The template, filled in, is a findings file.
        let csvOut = dir.appendingPathComponent("t.csv").path
        #expect(try ConsoleLanguageTests.qeval(["findings", "template", "--out", csvOut]).status == 0)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: csvOut)))
        #expect(bytes.prefix(3) == [0xEF, 0xBB, 0xBF])  // Excel's “CSV UTF-8”
        #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self).hasPrefix("\"县（市、区）\",\"所属地级市\",\"填报项\""))
    }
}
