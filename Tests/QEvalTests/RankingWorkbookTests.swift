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

/// A cohort small enough to score by hand (default points: indicator 1 = 2, 2 = 3, 20 = 2).
///
/// - 1 质量口号 (yes/no, 2 points): 是 → 2.
/// - 2 质量发展模式 (level 0/1/2 → 0, 1.5, 3).
/// - 20 自愿性认证覆盖率 (efficacy, whole cohort, 2 points): the eligible values are 90, 50, 70, 70, 50 (丁 is
///   vetoed and 戊 fails a prerequisite, so 丁's 100 does not enter); min 50, max 90, so
///   d(90) = 100 → 2, d(70) = 60 + 40 × 20/40 = 80 → 1.6, d(50) = 60 → 1.2.
///
/// | county | 1 | 2   | 20  | total | rank | tier rank            |
/// | 甲县    | 2 | 3   | 2   | 7     | 1    | 1 (第一梯队)          |
/// | 乙县    | 2 | 1.5 | 1.2 | 4.7   | 2    | 1 (第二梯队)          |
/// | 己县    | 2 | 1.5 | 1.2 | 4.7   | 2    | 1 (第三梯队)          |
/// | 丙县    | 0 | 3   | 1.6 | 4.6   | 4    | 2 (第三梯队)          |
/// | =1+1   | 2 | 0   | 1.6 | 3.6   | 5    | 3 (第三梯队)          |
/// | 丁县    | vetoed (重大及以上生产安全事故)                      |
/// | 戊县    | prerequisite: three-star share 10 < 16               |
///
/// 乙 and 己 tie and are listed in input order (乙 is above 己 in the file).
enum SmallCohort {
    static let rows: [[String: String]] = [
        ["county": "甲县", "city": "济南市", "i01_slogan": "是", "i02_model": "2", "i20_voluntary_cert_coverage": "90"],
        ["county": "乙县", "city": "淄博市", "i01_slogan": "是", "i02_model": "1", "i20_voluntary_cert_coverage": "50"],
        ["county": "丙县", "city": "枣庄市", "i01_slogan": "否", "i02_model": "2", "i20_voluntary_cert_coverage": "70"],
        ["county": "=1+1", "city": "东营市", "i01_slogan": "是", "i20_voluntary_cert_coverage": "70"],
        [
            "county": "丁县", "city": "青岛市", "veto_safety": "是", "i01_slogan": "是", "i02_model": "2",
            "i20_voluntary_cert_coverage": "100",
        ],
        ["county": "戊县", "city": "临沂市", "pre_star3_share": "10", "i01_slogan": "是"],
        ["county": "己县", "city": "德州市", "i01_slogan": "是", "i02_model": "1", "i20_voluntary_cert_coverage": "50"],
    ]

    /// Display order: ranked by total, ties in input order, then the disqualified in input order.
    /// Parts of the 2023 rulebook: the 计分过程 rows of one ranked county without cap rows.
    static var cohortPartCount: Int { (try? Fixture.rulebook().indicators.reduce(0) { $0 + $1.parts.count }) ?? 0 }

    static let order = ["甲县", "乙县", "己县", "丙县", "=1+1", "丁县", "戊县"]
    static let totals: [String: Double] = ["甲县": 7, "乙县": 4.7, "己县": 4.7, "丙县": 4.6, "=1+1": 3.6]
    static let ranks: [String: Int] = ["甲县": 1, "乙县": 2, "己县": 2, "丙县": 4, "=1+1": 5]
    static let tierRanks: [String: Int] = ["甲县": 1, "乙县": 1, "己县": 1, "丙县": 2, "=1+1": 3]
    static let tiers: [String: String] = [
        "甲县": "第一梯队", "丁县": "第一梯队", "乙县": "第二梯队", "戊县": "第二梯队", "丙县": "第三梯队", "=1+1": "第三梯队",
        "己县": "第三梯队",
    ]
    /// 质量发展理念 (indicators 1–5) and 质量发展基础 (12–27) by hand; the other two categories are 0.
    static let idea: [String: Double] = ["甲县": 5, "乙县": 3.5, "己县": 3.5, "丙县": 3, "=1+1": 2]
    static let basis: [String: Double] = ["甲县": 2, "乙县": 1.2, "己县": 1.2, "丙县": 1.6, "=1+1": 1.6]

    static func cohort(points: [Double]? = nil, recognition: Int? = nil) throws -> RankedCohort {
        var rulebook = try Fixture.rulebook()
        if let recognition { rulebook.recognitionCount = recognition }
        return try Fixture.cohort(rows, rulebook: rulebook, points: points)
    }
}

/// A cached value as libxlsxwriter stores it ("%.16g": 16 significant digits, one short of a round trip)
/// against the engine's double: equal to within a few units in the 16th digit.
func cached(_ value: Double?, _ engine: Double) -> Bool {
    guard let value else { return false }
    return abs(value - engine) <= 1e-14 * max(1, abs(engine))
}

/// Helpers for writing workbooks into a fresh temporary folder.
enum WorkbookFixture {
    static func temporaryDirectory(_ label: String = "qeval-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func info(_ cohort: RankedCohort, time: Date = Date()) -> RunInfo {
        var info = cohort.runInfo()
        info.time = time
        return info
    }

    @discardableResult
    static func write(_ cohort: RankedCohort, to url: URL, info: RunInfo? = nil) throws -> XLSXTestReader {
        try RankingWorkbook(
            evaluation: cohort.evaluation, scoreboard: cohort.scoreboard, ranking: cohort.ranking, info: info ?? self.info(cohort)
        ).write(to: url.path)
        return try XLSXTestReader(url: url)
    }

    /// SHA-256 of a file by the system's `sha256sum` (a path independent of the tool's swift-crypto).
    static func sha256sum(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }

    static var sample: RankedCohort {
        get throws {
            try RankedCohort.load(input: Fixture.path(BundledFiles.sampleRelative), rulebook: Fixture.rulebook())
        }
    }
}

@Suite struct RankingWorkbookTests {
    static let expectedSheets = [
        "总排名", "第一梯队", "第二梯队", "第三梯队", "图表", "指标得分", "得分率", "权重", "按当前分值排序", "原始数据", "功效系数", "计分过程", "数据问题", "说明",
    ]

    /// Parses "…'得分率'!$E$4:$AU$4)" style references: the row numbers (1-based) a formula reads on `sheet`.
    static func rows(in formula: String, sheet: String) -> [Int] {
        var out: [Int] = []
        var rest = Substring(formula)
        let marker = "'\(sheet)'!"
        while let range = rest.range(of: marker) {
            rest = rest[range.upperBound...]
            let reference = rest.prefix { $0 == "$" || $0.isLetter || $0.isNumber || $0 == ":" }
            for part in reference.split(separator: ":") {
                if let (r, _) = XLSXTestReader.position(String(part)) { out.append(r + 1) }
            }
        }
        return out
    }

    @Test func sheetsAreTheIssuesInItsOrderPlusTheChartSheet() throws {
        let dir = try WorkbookFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = try WorkbookFixture.write(try SmallCohort.cohort(), to: dir.appendingPathComponent("r.xlsx"))
        #expect(book.sheetNames == Self.expectedSheets)
        #expect(
            book.sheetNames.filter { $0 != "图表" && $0 != "按当前分值排序" } == [
                "总排名", "第一梯队", "第二梯队", "第三梯队", "指标得分", "得分率", "权重", "原始数据", "功效系数", "计分过程", "数据问题", "说明",
            ])
    }

    /// 按当前分值排序 as written lists the ranked counties in rank order with their totals and 拟认定, no change
    /// against the written ranks, and says on its first row why it is there (issue 24).
    @Test func currentOrderSheetListsTheRankedInRankOrder() throws {
        let dir = try WorkbookFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cohort = try SmallCohort.cohort(recognition: 2)
        let book = try WorkbookFixture.write(cohort, to: dir.appendingPathComponent("r.xlsx"))
        let sheet = try book.sheet("按当前分值排序")
        #expect(sheet.text(0, 0).contains("修改分值后自动重新排列，无需宏"))
        #expect(Array(sheet.row(1).prefix(8)) == ["排名", "县（市、区）", "所属地级市", "梯队", "总分", "状态", "生成时的名次", "名次变化（正数为上升）"])
        let e = cohort.evaluation
        let ranked = cohort.ranking.order.filter { e.isRanked($0) }
        for (k, row) in ranked.enumerated() {
            #expect(sheet.text(2 + k, 1) == e.table.county[row])
            #expect(sheet.number(2 + k, 0) == Double(SmallCohort.ranks[e.table.county[row]]!))
            #expect(sheet.number(2 + k, 6) == sheet.number(2 + k, 0) && sheet.number(2 + k, 7) == 0)
            #expect(sheet.text(2 + k, 5) == (SmallCohort.ranks[e.table.county[row]]! <= 2 ? "拟认定" : ""))
        }
        // A disqualified applicant is not listed.
        #expect(sheet.text(2 + ranked.count, 1) == "")
        #expect(try book.sheet("权重").allCells.contains { $0.display.contains("按新名次排列的名单见“按当前分值排序”表") })
    }

    @Test func overallSheetHasHandWorkedTotalsRanksAndDisqualifiedLast() throws {
        let dir = try WorkbookFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = try WorkbookFixture.write(try SmallCohort.cohort(), to: dir.appendingPathComponent("r.xlsx"))
        let sheet = try book.sheet("总排名")
        #expect(
            Array(sheet.row(0).prefix(10)) == [
                "排名", "县（市、区）", "所属地级市", "梯队", "总分", "质量发展理念", "质量发展保障", "质量发展基础", "质量发展成效", "状态",
            ])
        #expect(sheet.rowCount == 1 + SmallCohort.order.count)
        for (i, county) in SmallCohort.order.enumerated() {
            let r = i + 1
            #expect(sheet.text(r, 1) == county)
            #expect(sheet.text(r, 3) == SmallCohort.tiers[county])
            if let total = SmallCohort.totals[county] {
                let totalCell = try #require(sheet.cell(r, 4))
                #expect(totalCell.formula?.hasPrefix("SUMPRODUCT('得分率'!") == true)
                #expect(close(try #require(totalCell.number), total), "\(county) total")
                let rankCell = try #require(sheet.cell(r, 0))
                #expect(rankCell.formula?.hasPrefix("RANK(") == true)
                #expect(rankCell.number == Double(SmallCohort.ranks[county]!), "\(county) rank")
                #expect(close(sheet.number(r, 5) ?? -1, SmallCohort.idea[county]!), "\(county) 质量发展理念")
                #expect(close(sheet.number(r, 6) ?? -1, 0))
                #expect(close(sheet.number(r, 7) ?? -1, SmallCohort.basis[county]!), "\(county) 质量发展基础")
                #expect(close(sheet.number(r, 8) ?? -1, 0))
                // The recognition count is 10: every ranked county of five is proposed.
                #expect(sheet.text(r, 9) == "拟认定")
                #expect(sheet.cell(r, 9)?.formula?.contains("<=10") == true)
            } else {
                #expect(sheet.text(r, 0) == "—")
                #expect(sheet.text(r, 4) == "—")
                #expect(sheet.cell(r, 4)?.formula == nil)
            }
        }
        // Readers do not grow rows for wrapped text on opening: a reason of more than one line gets the
        // height of its lines (「不具备资格：前置指标未达标：…」 is far wider than the 26-wide column).
        #expect((sheet.heights[7] ?? 15) >= 45)
        #expect(sheet.heights[1] == nil)
        #expect(sheet.text(6, 9) == "不具备资格：一票否决：重大及以上生产安全事故")
        #expect(sheet.text(7, 9).hasPrefix("不具备资格：前置指标未达标：三星市场监管所占比"))
        #expect(sheet.text(7, 9).contains("10"))
    }

    @Test func recognitionFollowsTheTopNAndTiesShareIt() throws {
        let dir = try WorkbookFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Top 2: 甲 (1), 乙 and 己 (tied at 2) are proposed; 丙 (4) and =1+1 (5) are not.
        let book = try WorkbookFixture.write(try SmallCohort.cohort(recognition: 2), to: dir.appendingPathComponent("r.xlsx"))
        let sheet = try book.sheet("总排名")
        let status = Dictionary(uniqueKeysWithValues: (1...5).map { (sheet.text($0, 1), sheet.text($0, 9)) })
        #expect(status == ["甲县": "拟认定", "乙县": "拟认定", "己县": "拟认定", "丙县": "", "=1+1": ""])
        #expect(sheet.cell(1, 9)?.formula == "IF(A2<=2,\"拟认定\",\"\")")
    }

    /// The formulas are checked by evaluating them here from the workbook's own cells: each total is
    /// Σ share × point over the 得分率 row of the same county, each subtotal the same over its category,
    /// and each rank counts the higher rounded totals.
    @Test func formulasReadTheRightRowsAndTheirCachedValuesFollowFromTheCells() throws {
        let dir = try WorkbookFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = try WorkbookFixture.write(try SmallCohort.cohort(), to: dir.appendingPathComponent("r.xlsx"))
        let overall = try book.sheet("总排名")
        let shares = try book.sheet("得分率")
        let first = RankingWorkbook.matrixFirstColumn
        let indicators = 0..<43
        let points = indicators.map { shares.number(1, first + $0) ?? .nan }
        let rounded = (1...5).map { overall.number($0, 10) ?? .nan }
        for r in 1...5 {
            let formula = try #require(overall.cell(r, 4)?.formula)
            let referenced = Self.rows(in: formula, sheet: "得分率")
            #expect(referenced.count == 4 && referenced[0] == 2 && referenced[1] == 2)
            let m = referenced[2] - 1
            #expect(shares.text(m, 1) == overall.text(r, 1), "the total of row \(r) reads another county's shares")
            let sum = indicators.reduce(0.0) { $0 + (shares.number(m, first + $1) ?? 0) * points[$1] }
            #expect(close(sum, overall.number(r, 4) ?? .nan))
            for c in 0..<4 {
                let category = overall.text(0, 5 + c)
                let subtotal = indicators.filter { shares.text(0, first + $0) == category }
                    .reduce(0.0) { $0 + (shares.number(m, first + $1) ?? 0) * points[$1] }
                #expect(close(subtotal, overall.number(r, 5 + c) ?? .nan), "row \(r) \(category)")
                let f = overall.cell(r, 5 + c)?.formula ?? ""
                #expect(f.hasPrefix("SUMPRODUCT(('得分率'!$E$1:$AU$1="), "\(f)")
            }
            #expect(overall.cell(r, 10)?.formula == "ROUND(E\(r + 1),4)")
            #expect(overall.cell(r, 0)?.formula == "RANK(K\(r + 1),$K$2:$K$6,0)")
            let higher = rounded.filter { $0 > rounded[r - 1] }.count
            #expect(overall.number(r, 0) == Double(higher + 1))
        }
    }

    @Test func tierSheetsRankWithinTierAndLinkToTheOverallSheet() throws {
        let dir = try WorkbookFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = try WorkbookFixture.write(try SmallCohort.cohort(), to: dir.appendingPathComponent("r.xlsx"))
        let expected: [String: [String]] = [
            "第一梯队": ["甲县", "丁县"], "第二梯队": ["乙县", "戊县"], "第三梯队": ["己县", "丙县", "=1+1"],
        ]
        let overall = try book.sheet("总排名")
        for (name, counties) in expected {
            let sheet = try book.sheet(name)
            #expect(sheet.text(0, 10) == "全省排名")
            #expect(sheet.rowCount == 1 + counties.count)
            for (i, county) in counties.enumerated() {
                let r = i + 1
                #expect(sheet.text(r, 1) == county)
                if let total = SmallCohort.totals[county] {
                    #expect(sheet.number(r, 0) == Double(SmallCohort.tierRanks[county]!), "\(county) tier rank")
                    #expect(sheet.cell(r, 0)?.formula?.hasPrefix("RANK(") == true)
                    #expect(sheet.cell(r, 4)?.formula?.hasPrefix("SUMPRODUCT('得分率'!") == true)
                    #expect(close(sheet.number(r, 4) ?? .nan, total))
                    #expect(sheet.number(r, 10) == Double(SmallCohort.ranks[county]!), "\(county) overall rank")
                    let link = try #require(sheet.cell(r, 10)?.formula)
                    let overallRow = try #require(Self.rowsOfPlainReference(link, sheet: "总排名"))
                    #expect(overall.text(overallRow - 1, 1) == county)
                } else {
                    #expect(sheet.text(r, 9).hasPrefix("不具备资格："))
                }
            }
        }
    }

    /// "'总排名'!A5" → 5
    static func rowsOfPlainReference(_ formula: String, sheet: String) -> Int? {
        guard let range = formula.range(of: "'\(sheet)'!") else { return nil }
        return XLSXTestReader.position(String(formula[range.upperBound...])).map { $0.0 + 1 }
    }

    @Test func scoresAndSharesSheetsShowNumberShortNameAndPointsAndTheEngineValues() throws {
        let dir = try WorkbookFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cohort = try SmallCohort.cohort()
        let book = try WorkbookFixture.write(cohort, to: dir.appendingPathComponent("r.xlsx"))
        let scores = try book.sheet("指标得分")
        let shares = try book.sheet("得分率")
        let first = RankingWorkbook.matrixFirstColumn
        for sheet in [scores, shares] {
            #expect(sheet.text(0, first) == "质量发展理念")
            #expect(sheet.text(2, first) == "1 质量口号（2分）")
            #expect(sheet.text(2, first + 19) == "20 自愿性认证覆盖率（2分）")
            #expect(sheet.text(2, first + 42) == "43 质量激励（7分）")
            #expect(Array(sheet.row(2).prefix(4)) == ["序号", "县（市、区）", "所属地级市", "梯队"])
            // Row 2: the points, linked to 权重 column F.
            #expect(sheet.cell(1, first)?.formula == "'权重'!$F$2")
            #expect(sheet.cell(1, first + 42)?.formula == "'权重'!$F$44")
            #expect(sheet.number(1, first + 42) == 7)
            #expect(sheet.frozenPane?.rows == 3)
        }
        // 甲 (row 4): shares 1, 1, 1 on indicators 1, 2, 20; 乙 (row 5): 1, 0.5, 0.6 (d = 60).
        #expect(shares.text(3, 1) == "甲县")
        #expect([shares.number(3, first), shares.number(3, first + 1), shares.number(3, first + 19)] == [1, 1, 1])
        #expect(shares.text(4, 1) == "乙县")
        #expect(close(shares.number(4, first + 1) ?? .nan, 0.5))
        #expect(close(shares.number(4, first + 19) ?? .nan, 0.6))
        #expect(scores.cell(4, first + 19)?.formula == "'得分率'!X5*X$2")
        #expect(close(scores.number(4, first + 19) ?? .nan, 1.2))
        #expect(close(scores.number(4, first + 1) ?? .nan, 1.5))
        // Every cached score and share is the engine's; shares lie in [0, 1].
        for (i, row) in cohort.ranking.order.enumerated() where cohort.evaluation.isRanked(row) {
            for k in 0..<43 {
                #expect(cached(scores.number(3 + i, first + k), cohort.scoreboard.scores[k][row]))
                let share = try #require(shares.number(3 + i, first + k))
                #expect(share == cohort.evaluation.shares[k][row] && (0...1).contains(share))
            }
        }
        // The disqualified (rows 9 and 10: 丁, 戊) show "—", never a number.
        #expect(shares.text(8, 1) == "丁县" && shares.text(8, first) == "—" && scores.text(9, first) == "—")
        let two = try book.numberFormat(style: scores.cell(4, first + 19)?.style)
        #expect(two == "0.00")
    }

    @Test func weightsSheetListsTheStandardPointsEditableAndMarksAdjustedOnes() throws {
        let dir = try WorkbookFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var points = try Fixture.rulebook().defaultPoints
        points[0] = 5  // indicator 1: 2 → 5
        points[19] = 0  // indicator 20: 2 → 0
        let book = try WorkbookFixture.write(
            try SmallCohort.cohort(points: points), to: dir.appendingPathComponent("r.xlsx"))
        let sheet = try book.sheet("权重")
        let header = sheet.row(0)
        #expect(Array(header.prefix(6)) == ["指标", "名称", "一级指标", "二级指标", "责任单位（数据来源）", "分值"])
        #expect((1...43).map { sheet.number($0, 0) } == (1...43).map { Double($0) })
        #expect(sheet.text(1, 2) == "质量发展理念" && sheet.text(1, 3) == "质量理念")
        #expect(sheet.text(1, 4) == "区政府办、区质量强区办")
        #expect(sheet.number(1, 5) == 5 && sheet.number(20, 5) == 0 && sheet.number(2, 5) == 3)
        // Points are plain numbers a reviewer types over, never formulas.
        #expect((1...43).allSatisfy { sheet.cell($0, 5)?.formula == nil && sheet.number($0, 5) != nil })
        #expect(sheet.text(1, 7) == "已调整（标准 2 分）")
        #expect(sheet.text(20, 7) == "已调整（标准 2 分）")
        #expect(sheet.text(2, 7) == "")
        #expect(sheet.cell(1, 7)?.formula == "IF(F2=G2,\"\",\"已调整（标准 2 分）\")")
        // A live mark as well: a formula format on the points that differ from the standard.
        #expect(sheet.conditionalFormats.contains { $0.range == "F2:F44" && $0.type == "expression" && $0.formula == "$F2<>$G2" })
        // 100 + 3 − 2 = 101.
        #expect(sheet.text(44, 1) == "合计（满分）")
        #expect(sheet.cell(44, 5)?.formula == "SUM(F2:F44)")
        #expect(sheet.number(44, 5) == 101)
        #expect(sheet.number(44, 6) == 100)
        #expect(sheet.text(44, 7) == "分值合计与标准满分 100 分不同")
        #expect(sheet.root.first("dataValidation")?["sqref"] == "F2:F44")

        // The score headers show the points in force; row 2 links them to 权重.
        let scores = try book.sheet("指标得分")
        #expect(scores.text(2, 4) == "1 质量口号（5分）" && scores.text(2, 23) == "20 自愿性认证覆盖率（0分）")
        #expect(scores.number(1, 4) == 5 && scores.number(1, 23) == 0)
        let overall = try book.sheet("总排名")
        #expect(overall.text(1, 1) == "甲县" && close(overall.number(1, 4) ?? .nan, 8))  // 5 + 3 + 0

        let about = try book.sheet("说明")
        let facts = Dictionary(uniqueKeysWithValues: (1..<about.rowCount).map { (about.text($0, 0), about.text($0, 1)) })
        #expect(facts["满分"] == "101（标准满分 100，权重已调整）")
        #expect(facts["已调整的指标"] == "1 质量口号（2→5）、20 自愿性认证覆盖率（2→0）")
    }

    @Test func standardWeightsSumTo100AndNothingIsMarked() throws {
        let dir = try WorkbookFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = try WorkbookFixture.write(try SmallCohort.cohort(), to: dir.appendingPathComponent("r.xlsx"))
        let sheet = try book.sheet("权重")
        #expect(sheet.number(44, 5) == 100)
        #expect((1...44).allSatisfy { sheet.text($0, 7) == "" })
    }

    @Test func aCountyNamedLikeAFormulaIsAStringEverywhere() throws {
        let dir = try WorkbookFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = try WorkbookFixture.write(try SmallCohort.cohort(), to: dir.appendingPathComponent("r.xlsx"))
        var seen = 0
        for name in book.sheetNames {
            for cell in try book.sheet(name).allCells {
                #expect(cell.formula?.contains("1+1") != true, "\(name)!\(cell.reference) runs \(cell.formula ?? "")")
                if cell.text == "=1+1" {
                    // 计分过程 names the county on each of its part rows; counted apart below.
                    if name != "计分过程" { seen += 1 }
                    if name == "按当前分值排序" {
                        // The name as the cached result of INDEX over 总排名's text cell, never as a formula.
                        #expect(cell.formula?.hasPrefix("INDEX(") == true, "\(name)!\(cell.reference)")
                    } else {
                        #expect(cell.type == "inlineStr" && cell.formula == nil, "\(name)!\(cell.reference)")
                    }
                }
            }
        }
        // 总排名, 第三梯队, 按当前分值排序, 指标得分, 得分率, 原始数据, and 数据问题 (the name is not in the list of
        // units): once each.
        #expect(seen == 7)
        // 计分过程: once per part row of its indicators (plus cap rows), as text.
        let process = try book.sheet("计分过程").allCells.filter { $0.text == "=1+1" }
        #expect(process.count >= SmallCohort.cohortPartCount)
        let part = try #require(book.part(try book.partPath(ofSheet: "总排名")))
        #expect(!String(decoding: part, as: UTF8.self).contains("<f>=1+1"))
    }

    @Test func writingLeavesOnlyTheTargetAndReplacesAnOldFile() throws {
        let dir = try WorkbookFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("r.xlsx")
        try Data("an older report".utf8).write(to: target)
        try WorkbookFixture.write(try SmallCohort.cohort(), to: target)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["r.xlsx"])
        #expect(try XLSXTestReader(url: target).sheetNames.first == "总排名")
    }

    @Test func aMissingFolderIsAnErrorAndWritesNothing() throws {
        let dir = try WorkbookFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("no-such-folder/r.xlsx")
        let cohort = try SmallCohort.cohort()
        #expect(throws: Failure.self) {
            try RankingWorkbook(
                evaluation: cohort.evaluation, scoreboard: cohort.scoreboard, ranking: cohort.ranking,
                info: WorkbookFixture.info(cohort)
            ).write(to: target.path)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    /// A failure half-way (a cell libxlsxwriter refuses) leaves the old file as it was and no temporary.
    @Test func aFailureWhileWritingKeepsTheOldFileIntact() throws {
        let dir = try WorkbookFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("r.xlsx")
        let old = Data("the report reviewers already have".utf8)
        try old.write(to: target)
        do {
            let workbook = try XLSXWorkbook(path: target.path)
            let sheet = try workbook.addWorksheet("总排名")
            try sheet.write(0, 0, "县（市、区）")
            // Excel's limit is 32,767 characters a cell.
            #expect(throws: Failure.self) { try sheet.write(1, 0, String(repeating: "县", count: 40_000)) }
        }
        #expect(try Data(contentsOf: target) == old)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["r.xlsx"])
    }

    /// The rename at the end fails (the target is a folder with a file in it): an error, the folder as it
    /// was, and the temporary file removed.
    @Test func aFailedRenameRemovesTheTemporaryFile() throws {
        let dir = try WorkbookFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("r.xlsx")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        try Data("keep".utf8).write(to: target.appendingPathComponent("inside.txt"))
        let cohort = try SmallCohort.cohort()
        #expect(throws: Failure.self) {
            try RankingWorkbook(
                evaluation: cohort.evaluation, scoreboard: cohort.scoreboard, ranking: cohort.ranking,
                info: WorkbookFixture.info(cohort)
            ).write(to: target.path)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["r.xlsx"])
        #expect(try Data(contentsOf: target.appendingPathComponent("inside.txt")) == Data("keep".utf8))
    }

    /// Excel refuses a page header over 255 characters; a long rulebook name is cut, never an error, and
    /// an escaped "&&" is never split.
    @Test func aLongTitleIsCutToTheHeaderLimit() throws {
        var rulebook = try Fixture.rulebook()
        rulebook.name = String(repeating: "质量&", count: 150)
        let dir = try WorkbookFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = try WorkbookFixture.write(
            try Fixture.cohort(SmallCohort.rows, rulebook: rulebook), to: dir.appendingPathComponent("r.xlsx"))
        for name in book.sheetNames {
            let header = try book.sheet(name).header
            #expect(header.unicodeScalars.count <= 255 && header.hasSuffix("…"), "\(name): \(header.count)")
            let ampersands = header.dropLast().reversed().prefix { $0 == "&" }.count
            #expect(ampersands % 2 == 0)
        }
        let short = try WorkbookFixture.write(try SmallCohort.cohort(), to: dir.appendingPathComponent("s.xlsx"))
        #expect(try short.sheet("总排名").header == "&C&\"-,Bold\"山东省质量强县（市、区）评价标准（2023） — 总排名")
    }

    // MARK: The sample

    @Test func sampleCachedValuesAreTheEnginesAndTheAboutSheetNamesTheInput() throws {
        let dir = try WorkbookFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cohort = try WorkbookFixture.sample
        let time = Date(timeIntervalSince1970: 1_700_000_000)  // 2023-11-14T22:13:20Z
        let book = try WorkbookFixture.write(
            cohort, to: dir.appendingPathComponent("r.xlsx"), info: WorkbookFixture.info(cohort, time: time))
        let e = cohort.evaluation
        let overall = try book.sheet("总排名")
        let ranked = (0..<e.count).filter { e.isRanked($0) }
        #expect(overall.rowCount == 1 + e.count)
        for (i, row) in cohort.ranking.order.enumerated() {
            let r = i + 1
            #expect(overall.text(r, 1) == e.table.county[row])
            #expect(overall.text(r, 2) == e.table.city[row])
            if e.isRanked(row) {
                #expect(i < ranked.count, "a ranked county listed after a disqualified one")
                #expect(cached(overall.number(r, 4), cohort.scoreboard.totals[row]))
                #expect(overall.number(r, 0) == Double(cohort.ranking.rank[row]!))
                for c in 0..<4 { #expect(cached(overall.number(r, 5 + c), cohort.scoreboard.subtotals[c][row])) }
                #expect(overall.text(r, 9) == (cohort.ranking.recognised[row] ? "拟认定" : ""))
            } else {
                #expect(i >= ranked.count)
                #expect(overall.text(r, 9).hasPrefix("不具备资格："))
                #expect(overall.text(r, 9).count > "不具备资格：".count)
            }
        }
        #expect((1...ranked.count).filter { overall.text($0, 9) == "拟认定" }.count >= 10)
        // Ranks are 1, 2, … with ties sharing: non-decreasing down the sheet, and the first is 1.
        let ranks = (1...ranked.count).map { overall.number($0, 0)! }
        #expect(ranks.first == 1 && zip(ranks, ranks.dropFirst()).allSatisfy { $0 <= $1 })
        for tier in 0..<3 {
            let sheet = try book.sheet(cohort.rulebook.tiers[tier].name)
            for (i, row) in cohort.ranking.tierOrder[tier].enumerated() {
                #expect(sheet.text(i + 1, 1) == e.table.county[row])
                if let rank = cohort.ranking.tierRank[row] { #expect(sheet.number(i + 1, 0) == Double(rank)) }
            }
        }

        let about = try book.sheet("说明")
        let facts = Dictionary(uniqueKeysWithValues: (1..<about.rowCount).map { (about.text($0, 0), about.text($0, 1)) })
        let sha = try WorkbookFixture.sha256sum(Fixture.path(BundledFiles.sampleRelative))
        #expect(sha.count == 64)
        #expect(facts["输入文件 SHA-256"] == sha)
        #expect(facts["输入文件"]?.hasSuffix("shandong-2023.csv") == true)
        #expect(facts["评价标准"] == "山东省质量强县（市、区）评价标准（2023）")
        #expect(facts["规则文件"]?.hasSuffix("shandong-2023.yaml") == true)
        #expect(facts["权重来源"] == "评价标准默认分值")
        #expect(facts["满分"] == "100")
        #expect(facts["运行时间"] == "2023-11-15T06:13:20+08:00")  // 22:13:20 UTC + 8 h
        #expect(facts["工具版本"] == "qeval \(qevalVersion)")
        #expect(facts["评价方法"]?.contains("得分率 × 分值") == true)

        let problems = try book.sheet("数据问题")
        #expect(Array(problems.row(0).prefix(8)) == ["级别", "县（市、区）", "文件", "行", "字段", "字段名称", "值", "说明"])
        #expect(problems.rowCount == 1 + e.diagnostics.items.count)
        for (i, item) in e.diagnostics.items.enumerated() {
            #expect(problems.text(i + 1, 1) == (item.applicant ?? ""))
            #expect(problems.text(i + 1, 4) == (item.column ?? ""))
            #expect(problems.text(i + 1, 7) == item.message.zh)
        }

        let inputs = try book.sheet("原始数据")
        #expect(inputs.rowCount == 2 + e.count)
        let keys = inputs.row(1)
        let derivedKeys = cohort.rulebook.derived.map(\.key)
        #expect(Array(keys.suffix(derivedKeys.count)) == derivedKeys)
        #expect(keys.contains("i20_voluntary_cert_coverage"))

        let efficacy = try book.sheet("功效系数")
        #expect(Array(efficacy.row(0).suffix(3)) == ["最小值", "最大值", "参与计算数"])
        let groups = (1..<efficacy.rowCount).filter { efficacy.number($0, 0) != nil }
        #expect(!groups.isEmpty)
        for r in groups {
            // Tiered groups are compared within 第一/二/三梯队, the others over 全体参评.
            let scope = efficacy.text(r, 4)
            let tiered = [31, 35, 36, 38, 40, 41, 42].contains(Int(efficacy.number(r, 0)!))
            #expect(tiered ? scope.hasSuffix("梯队") : scope == "全体参评", "row \(r)")
            if let lo = efficacy.number(r, 7), let hi = efficacy.number(r, 8) { #expect(lo <= hi) }
            #expect((efficacy.number(r, 9) ?? -1) <= Double(ranked.count))
        }
    }

    @Test func presentationFrozenFilteredFormattedPrintableCharted() throws {
        let dir = try WorkbookFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cohort = try WorkbookFixture.sample
        let book = try WorkbookFixture.write(cohort, to: dir.appendingPathComponent("r.xlsx"))
        let n = cohort.evaluation.count
        let ranked = (0..<n).filter { cohort.evaluation.isRanked($0) }.count
        let overall = try book.sheet("总排名")
        #expect(overall.frozenPane?.rows == 1)
        #expect(overall.autofilter == "A1:J\(n + 1)")
        #expect(overall.conditionalFormats.contains { $0.range == "E2:E\(ranked + 1)" && $0.type == "colorScale" })
        #expect(try book.numberFormat(style: overall.cell(1, 4)?.style) == "0.00")
        #expect(try book.numberFormat(style: overall.cell(1, 5)?.style) == "0.00")
        // County column wide enough for the longest name (a CJK character is about two widths).
        let longest = cohort.evaluation.table.county.map(\.count).max()!
        #expect((overall.widths[1] ?? 0) >= Double(2 * longest))
        for name in Self.expectedSheets where name != "图表" {
            let sheet = try book.sheet(name)
            // 按当前分值排序 has eight narrow columns: A4 portrait fits them and more rows per page.
            #expect(sheet.pageSetup["orientation"] == (name == "按当前分值排序" ? "portrait" : "landscape"), "\(name)")
            if ["指标得分", "得分率", "原始数据"].contains(name) {
                // Too wide for a page: A3 at 60 %, the columns continuing on following pages.
                #expect(sheet.pageSetup["paperSize"] == "8", "\(name)")
                #expect(sheet.pageSetup["scale"] == "60", "\(name)")
                #expect(!sheet.fitToPage, "\(name)")
            } else {
                #expect(sheet.pageSetup["paperSize"] == "9", "\(name)")
                #expect(sheet.pageSetup["fitToWidth"] ?? "1" == "1" && sheet.pageSetup["fitToHeight"] == "0", "\(name)")
                #expect(sheet.fitToPage, "\(name)")
            }
            #expect(sheet.footer.contains("&P") && sheet.footer.contains("&N"), "\(name)")
        }
        let sheetIndex = try #require(book.sheetNames.firstIndex(of: "总排名"))
        #expect(
            book.definedNames.contains { $0.name == "_xlnm.Print_Titles" && $0.sheet == sheetIndex && $0.value == "'总排名'!$1:$1" })

        let charts = try book.sheet("图表").charts
        #expect(charts.count == 2)
        let bar = try #require(charts.first { $0.first("grouping")?["val"] == "clustered" })
        #expect(bar.first("barDir")?["val"] == "bar")
        #expect(bar.all("ser").count == 1)
        let values = bar.first("val")?.first("f")?.text
        #expect(values == "'总排名'!$E$2:$E$\(min(ranked, RankingWorkbook.chartLimit) + 1)")
        let stacked = try #require(charts.first { $0.first("grouping")?["val"] == "stacked" })
        #expect(stacked.all("ser").count == 4)
        for chart in [bar, stacked] {
            // Rank 1 at the top: the category axis runs max to min; the values still grow to the right.
            #expect(chart.first("catAx")?.first("orientation")?["val"] == "maxMin")
            #expect(chart.first("valAx")?.first("orientation")?["val"] == "minMax")
            #expect(chart.first("catAx")?.first("axPos")?["val"] == "l")
        }
        // Side by side, not one over the other.
        let anchors = try book.sheet("图表").drawings.flatMap { $0.all("twoCellAnchor") }
        #expect(anchors.count == 2)
        let columns = anchors.map { a in
            (Int(a.first("from")?.first("col")?.text ?? "") ?? -1, Int(a.first("to")?.first("col")?.text ?? "") ?? -1)
        }.sorted { $0.0 < $1.0 }
        #expect(columns.count == 2 && columns[0].1 < columns[1].0, "\(columns)")
    }
}
