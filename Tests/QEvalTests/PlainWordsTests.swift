import Foundation
import QEvalReports
import Testing

@testable import QEval
@testable import QEvalEvaluation
@testable import QEvalExplanation
@testable import QEvalSupport

/// What issue 24's tester read as false or unreadable in the arithmetic `explain` prints.
@Suite struct PlainWordsTests {
    /// A negative operand in brackets with a true minus sign: "62.963 − (−95.3271)", not "62.963 − -95.3271".
    @Test func negativeOperandsAreBracketed() {
        let line = ExplanationMessage.higherFormula(x: "62.963", min: "-95.3271", max: "120").localized
        #expect(line.zh == "60 + 40 × (62.963 − (−95.3271)) ÷ (120 − (−95.3271))")
        #expect(line.en == line.zh)
        let growth = ExplanationMessage.growth(label: "增长率", current: "-5", previous: "10", result: "-150").localized
        #expect(growth.zh == "增长率 = ((−5) − 10) ÷ 10 × 100% = -150%")
    }

    /// A count not above its threshold scores 0 and says so in words; no line of the sample's explanations
    /// shows a subtraction that comes out negative as "= 0", or a doubled minus.
    @Test func noExplanationLineShowsFalseArithmetic() throws {
        let cohort = try RankedCohort.load(input: Fixture.path(BundledFiles.sampleRelative), rulebook: try Fixture.rulebook())
        let explainer = Explainer(evaluation: cohort.evaluation, scoreboard: cohort.scoreboard)
        let clamp = try Regex(#"× \(([0-9.]+) − ([0-9.]+)\) = 0(?![.0-9])"#)
        var below = 0
        for row in 0..<cohort.evaluation.count where cohort.evaluation.isRanked(row) {
            for indicator in explainer.explain(row: row).indicators {
                for part in indicator.rows {
                    #expect(!part.line.contains("− -"), "\(part.line)")
                    for match in part.line.matches(of: clamp) {
                        let a = Double(match.output[1].substring!)!
                        let b = Double(match.output[2].substring!)!
                        #expect(a >= b, "\(part.line)")
                    }
                    if part.line.contains("，计 0") && part.line.contains("未超过") { below += 1 }
                }
            }
        }
        #expect(below > 0, "the sample has counts under their threshold")
        #expect(
            ExplanationMessage.countsTermBelow(label: "计量人员", value: "1", above: "3").localized.zh
                == "计量人员 1：未超过 3，计 0")
    }

    /// `--chinese-headers` speaks Chinese in the values too: 参评/不具备资格 and 是/否, not ranked/yes.
    @Test func chineseHeadersHaveChineseValues() throws {
        let cohort = try RankedCohort.load(input: Fixture.path(BundledFiles.sampleRelative), rulebook: try Fixture.rulebook())
        for chinese in [true, false] {
            let text = ScoresCSV.make(cohort.evaluation, cohort.scoreboard, cohort.ranking, chineseHeaders: chinese).text
            let csv = try CSVReader.parse(Array(text.utf8), file: "s.csv")
            let header = csv.record(0)
            let status = try #require(header.firstIndex(of: chinese ? "状态" : "status"))
            let recognised = try #require(header.firstIndex(of: chinese ? "拟认定" : "recognised"))
            let statuses = Set((1..<csv.recordCount).map { csv.string(record: $0, field: status) })
            let marks = Set((1..<csv.recordCount).map { csv.string(record: $0, field: recognised) })
            #expect(statuses == (chinese ? ["参评", "不具备资格"] : ["ranked", "disqualified"]))
            #expect(marks == (chinese ? ["是", "否"] : ["yes", "no"]))
        }
    }
}

extension PlainWordsTests {
    /// A ratio's and a growth rate's zero denominator share one heading, listed once with both counted.
    @Test func oneHeadingPerWarningName() {
        var diagnostics = Diagnostics()
        diagnostics.warning(file: "a.csv", line: 2, EvaluationMessage.undefinedRatio(denominator: "分母"))
        diagnostics.warning(file: "a.csv", line: 3, EvaluationMessage.undefinedGrowth(previous: "上年"))
        let lines = ConsoleSummary.warnings(diagnostics, language: .zh)
        #expect(lines.filter { $0.contains("无法计算（分母为 0，计 0 分）") }.count == 1, "\(lines)")
        #expect(lines.contains("  无法计算（分母为 0，计 0 分）：2 条"))
        #expect(ConsoleSummary.kindCounts(diagnostics, language: .zh) == ["  无法计算（分母为 0，计 0 分）：2 条"])
    }
}
