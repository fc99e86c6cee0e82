import ArgumentParser
import Foundation
import QEval

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two scenarios: other weights on the same data, or the same rules on two data sets.",
        discussion: """
            qeval compare INPUT --weights B.csv [--base-weights A.csv]   re-weighting on one data set
            qeval compare BASE.csv OTHER.csv                              the same rules on two data sets
            qeval compare A.csv B.csv --rules-a X.yaml --rules-b Y.yaml   两份数据在两套评价标准下（指标按 id 对应）
            """)

    @Argument(help: "One input CSV (with --weights), or two (base and other).")
    var inputs: [String]

    @OptionGroup var rules: RulesOption
    @OptionGroup var inputOptions: InputOptions

    @Option(name: .long, help: "方案 A 所用的评价标准（规则文件 YAML），用于两份输入在两套标准下的比较。默认：--rules。")
    var rulesA: String?

    @Option(name: .long, help: "方案 B 所用的评价标准（规则文件 YAML）。默认：--rules。")
    var rulesB: String?

    @Option(name: .long, help: "Scenario B's points (indicator,points).")
    var weights: String?

    @Option(name: .long, help: "Scenario A's points (default: the rulebook's).")
    var baseWeights: String?

    @Option(name: .long, help: "The comparison workbook. Default: reports/compare-<input name>.xlsx")
    var out: String?

    @Option(name: .long, help: "Also write one CSV row per county with ranks and totals under A and B.")
    var csv: String?

    func run() throws {
        try reportingFailures {
            let rulebook = try rules.load()
            let rulebookA = try rulesA.map { try RulesOption.load($0) } ?? rulebook
            let rulebookB = try rulesB.map { try RulesOption.load($0) } ?? rulebook
            let options = try inputOptions.readOptions()
            if inputs.count == 1 && (rulesA != nil || rulesB != nil) {
                throw Failure(StandardMessage.rulesOptionsNeedTwoInputs.text)
            }
            let a: RankedCohort
            let b: RankedCohort
            switch inputs.count {
            case 1:
                guard let weights else {
                    throw Failure("error: with one input, give --weights FILE for scenario B (or give two input files)")
                }
                let out = self.out ?? defaultReport(prefix: "compare", input: inputs[0])
                try OutputFile.checkDistinct(
                    inputs: inputs + [weights] + (baseWeights.map { [$0] } ?? []) + [rulebook.source],
                    outputs: [out] + (csv.map { [$0] } ?? []))
                a = try RankedCohort.load(input: inputs[0], rulebook: rulebook, options: options, weights: baseWeights)
                let bPoints = try WeightsFile.load(path: weights, rulebook: rulebook)
                b = RankedCohort(evaluation: a.evaluation, points: bPoints, weightsSource: "调整权重文件：\(weights)")
                try write(Comparison(a: a, b: b, nameA: baseWeights ?? "标准分值", nameB: weights), out: out)
            case 2:
                if baseWeights != nil {
                    throw Failure(
                        "error: with two inputs, --base-weights is not used (--weights FILE applies the same points to both); compare weights on one input instead"
                    )
                }
                if weights != nil && rulebookA.source != rulebookB.source {
                    throw Failure(StandardMessage.weightsNeedOneStandard.text)
                }
                let out = self.out ?? defaultReport(prefix: "compare", input: inputs[1])
                try OutputFile.checkDistinct(
                    inputs: inputs + (weights.map { [$0] } ?? []) + [rulebookA.source, rulebookB.source],
                    outputs: [out] + (csv.map { [$0] } ?? []))
                var errors = Diagnostics(errorCap: options.errorCap)
                var loadedA: RankedCohort? = nil
                var loadedB: RankedCohort? = nil
                do {
                    loadedA = try RankedCohort.load(input: inputs[0], rulebook: rulebookA, options: options, weights: weights)
                } catch let error as InputError {
                    errors.merge(error.diagnostics)
                }
                do {
                    loadedB = try RankedCohort.load(input: inputs[1], rulebook: rulebookB, options: options, weights: weights)
                } catch let error as InputError {
                    errors.merge(error.diagnostics)
                }
                guard let loadedA, let loadedB else { throw InputError(errors) }
                a = loadedA
                b = loadedB
                try write(Comparison(a: a, b: b, nameA: inputs[0], nameB: inputs[1]), out: out)
            default:
                throw Failure("error: give one input with --weights, or two inputs to compare")
            }
        }
    }

    func write(_ comparison: Comparison, out: String) throws {
        let csvOutput = csv.map { _ in comparison.csv() }
        try ComparisonWorkbook(comparison: comparison, toolVersion: qevalVersion).write(to: out)
        if let csv, let csvOutput { try csvOutput.write(to: csv) }
        for (label, cohort) in [("A", comparison.a), ("B", comparison.b)]
        where abs(cohort.board.maximum - cohort.rulebook.totalPoints) > 1e-9 {
            let standard = cohort.rulebook.totalPoints
            note(
                "warning: scenario \(label)'s points add up to \(Points.format(cohort.board.maximum)), not \(Points.format(standard)); its totals are out of \(Points.format(cohort.board.maximum))"
            )
        }
        if comparison.crossStandard {
            let (onlyA, onlyB) = comparison.unmatched
            print(StandardMessage.twoStandardsTitle(a: comparison.rulebook.name, b: comparison.rulebookB.name).text)
            print(StandardMessage.matchedIndicators(count: comparison.pairs.count, onlyA: onlyA, onlyB: onlyB).text)
        }
        let s = comparison.summary
        print("compared \(comparison.rows.count) counties: \(s.moved) changed rank, largest move \(s.largestMove)")
        if !comparison.entering.isEmpty {
            print("enter the top \(comparison.topN): " + comparison.entering.map(\.name).joined(separator: "、"))
        }
        if !comparison.leaving.isEmpty {
            print("leave the top \(comparison.topN): " + comparison.leaving.map(\.name).joined(separator: "、"))
        }
        print("workbook: \(out)")
        if let csv { print("csv:      \(csv)") }
    }
}
