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

/// Everyday slips that used to change a score silently (issue "Nothing changes a score silently"): each is
/// now a located error, or a warning the console shows.
@Suite struct InputTrustTests {
    static func read(_ text: String, options: ReadOptions = ReadOptions()) throws(InputError) -> (ApplicantTable, Diagnostics) {
        var diagnostics = Diagnostics()
        let table = try InputReader.read(
            bytes: Array(text.utf8), file: "申报表.csv", rulebook: try! Fixture.rulebook(), options: options,
            diagnostics: &diagnostics)
        return (table, diagnostics)
    }

    static func errors(_ text: String, options: ReadOptions = ReadOptions()) -> [Diagnostic] {
        do {
            _ = try read(text, options: options)
            return []
        } catch {
            return error.diagnostics.errors
        }
    }

    static func csv(_ rows: [[String: String]]) throws -> String { Fixture.csv(rows, rulebook: try Fixture.rulebook()) }

    /// The sample with its header rewritten by `header` (the data rows as they are).
    static func sample(header: (FieldSpec) -> String) throws -> String {
        let rulebook = try Fixture.rulebook()
        let text = try String(contentsOfFile: Fixture.path(BundledFiles.sampleRelative), encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        let keys = lines[0].replacingOccurrences(of: "\u{FEFF}", with: "").split(separator: ",").map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        lines[0] = keys.map { key in header(rulebook.field(key)!) }.map { CSVReader.quote($0) }.joined(separator: ",")
        return lines.joined(separator: "\n")
    }

    static func totals(_ text: String) throws -> [Double] {
        let (table, diagnostics) = try read(text)
        return RankedCohort(evaluation: Evaluator.evaluate(table, rulebook: try Fixture.rulebook(), diagnostics: diagnostics))
            .scoreboard.totals
    }

    // MARK: Columns

    @Test func aMissingColumnIsAnErrorNamingItUnlessAllowed() throws {
        let rulebook = try Fixture.rulebook()
        let keys = rulebook.fields.map(\.key).filter { $0 != "i20_voluntary_cert_coverage" }
        let text =
            keys.joined(separator: ",") + "\n"
            + keys.map { $0 == "county" ? "历下区" : $0 == "city" ? "济南" : "" }
            .joined(separator: ",") + "\n"
        let refused = Self.errors(text)
        let missing = try #require(refused.first { $0.column == "i20_voluntary_cert_coverage" })
        #expect(missing.line == 1 && missing.columnLabel == "自愿性认证覆盖率")
        #expect(missing.render(.zh).contains("“自愿性认证覆盖率”（i20_voluntary_cert_coverage）列"))
        #expect(missing.message.zh.contains("--allow-missing i20_voluntary_cert_coverage"))
        #expect(missing.message.en.contains("--allow-missing i20_voluntary_cert_coverage"))

        // Allowed: a warning that says the score is affected, and the console shows it.
        let gates = Fixture.passingGates
        let filled =
            keys.joined(separator: ",") + "\n"
            + keys.map { $0 == "county" ? "历下区" : $0 == "city" ? "济南" : gates[$0] ?? "" }.joined(separator: ",") + "\n"
        let (_, warnings) = try Self.read(filled, options: ReadOptions(allowMissing: ["i20_voluntary_cert_coverage"]))
        let warning = try #require(warnings.warnings.first { $0.column == "i20_voluntary_cert_coverage" })
        #expect(warning.affectsScore && warning.kind == "columnMissingAllowed")
        #expect(ConsoleSummary.warnings(warnings, language: .zh).contains { $0.contains("缺少的列（已允许，计 0 分）：1 条") })
        // The column may be named by its label, as every input names it (issue 24).
        for name in ["自愿性认证覆盖率", "自愿性认证覆盖率（%）"] {
            let (_, byLabel) = try Self.read(filled, options: ReadOptions(allowMissing: [name]))
            #expect(byLabel.warnings.contains { $0.column == "i20_voluntary_cert_coverage" && $0.kind == "columnMissingAllowed" })
        }
    }

    @Test func anUnknownColumnIsAnErrorWithTheNearestLabel() throws {
        let text = try Self.csv([SK.row("历下区", "济南")]).replacingOccurrences(of: "population", with: "常驻人口")
        let errors = Self.errors(text)
        let unknown = try #require(errors.first { $0.column == "常驻人口" })
        #expect(unknown.message.zh.contains("是否指“常住人口”？"))
        #expect(unknown.message.en.contains("Did you mean \"常住人口\"?"))
    }

    /// Headers as the workbook's 原始数据 sheet writes them — label with its unit in brackets — and in
    /// half-width brackets, 【】 and with spaces: the same columns, the same scores bit for bit.
    @Test func unitSuffixedHeadersScoreLikeThePlainFile() throws {
        let plain = try Self.totals(try String(contentsOfFile: Fixture.path(BundledFiles.sampleRelative), encoding: .utf8))
        let styles: [(FieldSpec) -> String] = [
            { $0.label + ($0.unit.isEmpty ? "" : "（\($0.unit)）") },
            { " " + $0.label + ($0.unit.isEmpty ? "" : " (\($0.unit))") },
            { $0.label + ($0.unit.isEmpty ? "" : "【\($0.unit)】") },
        ]
        for style in styles {
            #expect(try Self.totals(try Self.sample(header: style)) == plain)
        }
    }

    @Test func aTitleRowIsSkippedAndScoresLikeThePlainFile() throws {
        let text = try String(contentsOfFile: Fixture.path(BundledFiles.sampleRelative), encoding: .utf8)
            .replacingOccurrences(of: "\u{FEFF}", with: "")
        let plain = try Self.totals(text)
        let titled = "2023年山东省质量强县申报数据汇总表" + String(repeating: ",", count: 130) + "\n" + text
        #expect(try Self.totals(titled) == plain)
        let (_, diagnostics) = try Self.read(titled)
        let note = try #require(diagnostics.warnings.first { $0.kind == "titleRowSkipped" })
        #expect(note.line == 1 && note.message.zh.contains("标题行"))
    }

    @Test func aTitleAboveSomethingElseIsNamedAsTheProblem() throws {
        let text = "申报汇总表\n甲,乙,丙\n1,2,3\n"
        let errors = Self.errors(text)
        #expect(errors.count == 1)
        #expect(errors.first?.line == 1)
        #expect(errors.first?.message.zh.contains("看起来是标题而不是表头") == true)
        #expect(errors.first?.message.en.contains("looks like a title rather than the header") == true)
    }

    // MARK: Where an applicant belongs

    @Test func aListedCountyUnderAnotherCityIsAnError() throws {
        let errors = Self.errors(try Self.csv([SK.row("历下区", "济南"), SK.row("寿光市", "济南市")]))
        #expect(errors.count == 1)
        let e = try #require(errors.first)
        #expect(e.line == 3 && e.column == "city" && e.value == "济南市")
        #expect(e.message.zh == "寿光市属于潍坊市，不属于济南市：请把所属地级市改为潍坊市（地级市决定梯队和功效系数的比较组）。")
    }

    @Test func aNameInTwoCitiesIsAcceptedInEither() throws {
        // 市中区 is in 济南 and in 枣庄; under 青岛 the error names both.
        #expect(Self.errors(try Self.csv([SK.row("市中区", "济南"), SK.row("市中区", "枣庄")])).isEmpty)
        let errors = Self.errors(try Self.csv([SK.row("市中区", "青岛")]))
        #expect(errors.first?.message.zh.contains("济南市或枣庄市") == true)
    }

    @Test func oneCountyWithAndWithoutItsSuffixIsOneApplicantTwice() throws {
        let errors = Self.errors(try Self.csv([SK.row("寿光", "潍坊"), SK.row("奎文区", "潍坊"), SK.row("寿光市", "潍坊市")]))
        #expect(errors.count == 1)
        let e = try #require(errors.first)
        #expect(e.line == 4 && e.column == "county")
        #expect(e.message.zh.contains("与第 2 行的“寿光”是同一个县（市、区）"))
    }

    @Test func aCodeOfAnotherCityIsAnError() throws {
        let ok = Self.errors(try Self.csv([SK.row("寿光市", "潍坊", ["code": "370783"])]))
        #expect(ok.isEmpty)
        let errors = Self.errors(try Self.csv([SK.row("寿光市", "潍坊", ["code": "370112"])]))
        #expect(errors.count == 1)
        #expect(errors.first?.column == "code" && errors.first?.value == "370112")
        #expect(errors.first?.message.zh.contains("潍坊市的代码以 3707 开头") == true)
    }

    @Test func aNameNotInTheListIsAConsoleWarning() throws {
        let (_, diagnostics) = try Self.read(try Self.csv([SK.row("样本县0003", "威海")]))
        let w = try #require(diagnostics.warnings.first { $0.kind == "countyNotInList" })
        #expect(w.line == 2 && w.message.zh.contains("样本县0003不在威海市的县级行政区划名单中"))
        #expect(ConsoleSummary.warnings(diagnostics, language: .zh).contains { $0.contains("不在行政区划名单中的名称：1 条") })
    }

    // MARK: Plausibility

    @Test func aFractionTypedForAPercentageIsReported() throws {
        let rows = [
            SK.row("历下区", "济南", ["i20_voluntary_cert_coverage": "62.5"]),
            SK.row("市中区", "济南", ["i20_voluntary_cert_coverage": "0.5155"]),
            SK.row("槐荫区", "济南", ["i20_voluntary_cert_coverage": "71"]),
            SK.row("天桥区", "济南", ["i20_voluntary_cert_coverage": "55"]),
            SK.row("历城区", "济南", ["i20_voluntary_cert_coverage": "80"]),
        ]
        let (_, diagnostics) = try Self.read(try Self.csv(rows))
        let w = try #require(diagnostics.warnings.first { $0.kind == "implausibleFraction" })
        #expect(w.applicant == "市中区（济南）" && w.column == "i20_voluntary_cert_coverage" && w.value == "0.5155")
        #expect(w.affectsScore)
        // median of 0.5155, 55, 62.5, 71, 80 is 62.5
        #expect(w.message.zh.contains("值 0.5155 远小于其他申报县（中位数 62.5）：是否误填为小数？"))
        #expect(ConsoleSummary.warnings(diagnostics, language: .zh).contains { $0.contains("疑似把百分数误填为小数：1 条") })
    }

    // MARK: Indicator 42 and 39: figures built from several cells

    @Test func blankAwardCellsAddNothingAndOnlyAllBlankIsMissing() throws {
        let c = try SK.cohort([
            // 2 national first prizes (3 each) = 6; the other seven cells blank.
            SK.row("历下区", "济南", ["i42_national_first_lead": "2"]),
            // one provincial second prize (1) and one national first, not the first unit (1.5) = 2.5.
            SK.row("市中区", "济南", ["i42_provincial_second_lead": "1", "i42_national_first_joint": "1"]),
            // nothing reported: the figure is missing.
            SK.row("槐荫区", "济南"),
        ])
        // tier 1 (济南): min 2.5, max 6 among the two with a figure; 槐荫 is out of min/max.
        SK.expectScore(c, "历下区", 42, 3)  // d = 100
        SK.expectScore(c, "市中区", 42, 1.8)  // d = 60 → 3 × 0.6
        SK.expectScore(c, "槐荫区", 42, 0)
        let d = try #require(c.rulebook.derivedIndex["i42_award_points"])
        let row = Fixture.row(c, "历下区")
        #expect(c.evaluation.derived[d][row] == 6)
        #expect(!c.evaluation.derivedDefined[d][Fixture.row(c, "槐荫区")])
        // Every blank award cell is still listed as not reported.
        #expect(SK.warnings(c, county: "历下区", column: "i42_national_second_lead").first?.kind == "notReported")
    }

    @Test func aBlankAirMeasurementMakesTheCompositeMissing() throws {
        let c = try SK.cohort([
            SK.row("历下区", "济南", ["i39_good_air_days": "80", "i39_pm25_improvement": "5"]),  // 32 + 3 = 35
            SK.row("牡丹区", "菏泽", ["i39_good_air_days": "90"]),  // PM2.5 blank: missing, not 36
            SK.row("芝罘区", "烟台", ["i39_good_air_days": "70", "i39_pm25_improvement": "15"]),  // 28 + 9 = 37
        ])
        // min 35, max 37 over the two composites; 牡丹 scores 0 and is out of min/max.
        SK.expectScore(c, "历下区", 39, 1.2)
        SK.expectScore(c, "芝罘区", 39, 2)
        SK.expectScore(c, "牡丹区", 39, 0)
    }

    @Test func aSumMustSayWhatABlankCellMeans() throws {
        let yaml = try String(contentsOfFile: Fixture.rulebookPath, encoding: .utf8)
            .replacingOccurrences(of: "    blank_cells: add_nothing", with: "    blank_cells: zero")
        do {
            _ = try RulebookLoader.load(yaml: yaml, file: "r.yaml")
            Issue.record("accepted")
        } catch {
            #expect(error.render(.en).contains("blank_cells"))
            #expect(error.render(.en).contains("add_nothing"))
        }
    }

    // MARK: Weights files

    @Test func blankRowsAreSkippedAndTheWeightsSheetSavedAsCSVIsAccepted() throws {
        let rulebook = try Fixture.rulebook()
        let blank = try WeightsFile.parse(
            bytes: Array("indicator,points\n,\n20,3\n\n,\n".utf8), file: "w.csv", rulebook: rulebook)
        #expect(blank[rulebook.indicators.firstIndex { $0.number == 20 }!] == 3)
        // The 权重 sheet's columns, as Excel saves them: 指标,名称,一级指标,二级指标,责任单位,分值,标准分值,调整,…
        let sheet = """
            指标,名称,一级指标,二级指标,责任单位（数据来源）,分值,标准分值,调整,规则类型,梯队内比较
            1,县委、县政府将质量强县写入…,质量发展理念,,县委办,4,2,已调整（标准 2 分）,是否项,
            2,质量发展模式,质量发展理念,,县政府,3,3,,等级,
            ,合计（满分）,,,,102,100,,,

            """
        // Its total row and the note below it name no indicator: skipped. Another row without one is refused.
        let points = try WeightsFile.parse(
            bytes: Array((sheet + ",修改“分值”列即可重新计算,,,,,,,,\n").utf8), file: "权重.csv", rulebook: rulebook)
        #expect(points[0] == 4 && points[1] == 3)
        #expect(points[2...] == rulebook.defaultPoints[2...])
        #expect(throws: InputError.self) {
            try WeightsFile.parse(bytes: Array((sheet + ",别的,,,,5,,,,\n").utf8), file: "权重.csv", rulebook: rulebook)
        }
    }
}
