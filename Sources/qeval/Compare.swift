import ArgumentParser
import Foundation
import QEval
import QEvalReports

struct Compare: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(abstract: HelpMessage.compare.text, discussion: HelpMessage.compareDiscussion.text)
    }

    @Argument(help: ArgumentHelp(HelpMessage.compareInputs.text))
    var inputs: [String]

    @OptionGroup var rules: RulesOption
    @OptionGroup var inputOptions: InputOptions
    @OptionGroup var findingsOption: FindingsOption
    @OptionGroup var language: LanguageOption

    @Option(name: .long, help: ArgumentHelp(HelpMessage.compareRulesA.text))
    var rulesA: String?

    @Option(name: .long, help: ArgumentHelp(HelpMessage.compareRulesB.text))
    var rulesB: String?

    @Option(name: .long, help: ArgumentHelp(HelpMessage.compareWeights.text))
    var weights: String?

    @Option(name: .long, help: ArgumentHelp(HelpMessage.compareBaseWeights.text))
    var baseWeights: String?

    @Option(name: .long, help: ArgumentHelp(HelpMessage.compareOut.text))
    var out: String?

    @Option(name: .long, help: ArgumentHelp(HelpMessage.compareCsv.text))
    var csv: String?

    func run() throws {
        try reportingFailures {
            let rulebook = try rules.load()
            let rulebookA = try rulesA.map { try RulesOption.load($0) } ?? rulebook
            let rulebookB = try rulesB.map { try RulesOption.load($0) } ?? rulebook
            let options = try inputOptions.readOptions()
            if inputs.count == 1 && (rulesA != nil || rulesB != nil) {
                throw Failure(StandardMessage.rulesOptionsNeedTwoInputs)
            }
            let a: RankedCohort
            let b: RankedCohort
            if !findingsOption.files.isEmpty {
                // Declared against verified: one cohort, before and after the reviewers' findings and the expert
                // panel, under the same points (--weights, if given, for both).
                guard inputs.count == 1 else { throw Failure(FindingsMessage.compareNeedsOneInput) }
                let out = try self.out ?? defaultReport(prefix: "compare", input: inputs[0])
                try OutputFile.checkDistinct(
                    inputs: inputs + findingsOption.files + (weights.map { [$0] } ?? []) + [rulebook.source],
                    outputs: [out] + (csv.map { [$0] } ?? []))
                b = try RankedCohort.load(
                    input: inputs[0], rulebook: rulebook, options: options, weights: weights,
                    findings: findingsOption.findings, panel: findingsOption.panel)
                a = b.verification!.declared
                // The verified side named by what verified it: the findings file, the panel, or both.
                var names: [String] = []
                var titles: [String] = []
                if let findings = findingsOption.findings {
                    names.append(FindingsMessage.verifiedScenario(findings).text)
                    titles.append(FindingsMessage.verifiedScenario(fileName(findings)).text)
                }
                if let panel = b.verification?.panel {
                    names.append(PanelMessage.panelScenario(experts: panel.experts.count).text)
                    titles.append(PanelMessage.panelScenario(experts: panel.experts.count).text)
                }
                try write(
                    Comparison(
                        a: a, b: b, nameA: FindingsMessage.declaredScenario.text,
                        nameB: names.joined(separator: "，"), titleA: FindingsMessage.declaredScenario.text,
                        titleB: titles.joined(separator: "，")),
                    out: out)
                return
            }
            switch inputs.count {
            case 1:
                guard let weights else {
                    throw Failure(CommandMessage.needWeightsOrSecondInput)
                }
                let out = try self.out ?? defaultReport(prefix: "compare", input: inputs[0])
                try OutputFile.checkDistinct(
                    inputs: inputs + [weights] + (baseWeights.map { [$0] } ?? []) + [rulebook.source],
                    outputs: [out] + (csv.map { [$0] } ?? []))
                a = try RankedCohort.load(input: inputs[0], rulebook: rulebook, options: options, weights: baseWeights)
                let bPoints = try WeightsFile.load(path: weights, rulebook: rulebook)
                b = RankedCohort(evaluation: a.evaluation, points: bPoints, weightsSource: WorkbookText.weightsFile(weights).text)
                try write(
                    Comparison(
                        a: a, b: b, nameA: baseWeights ?? WorkbookText.standardWeights.text, nameB: weights,
                        titleA: baseWeights.map(fileName) ?? WorkbookText.standardWeights.text, titleB: fileName(weights)),
                    out: out)
            case 2:
                if baseWeights != nil {
                    throw Failure(CommandMessage.baseWeightsWithTwoInputs)
                }
                if weights != nil && rulebookA.source != rulebookB.source {
                    throw Failure(StandardMessage.weightsNeedOneStandard)
                }
                let out = try self.out ?? defaultReport(prefix: "compare", input: inputs[1])
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
                try write(
                    Comparison(
                        a: a, b: b, nameA: inputs[0], nameB: inputs[1], titleA: fileName(inputs[0]),
                        titleB: fileName(inputs[1])),
                    out: out)
            default:
                throw Failure(CommandMessage.oneOrTwoInputs)
            }
        }
    }

    func write(_ comparison: Comparison, out: String) throws {
        let csvOutput = csv.map { _ in comparison.csv() }
        try ComparisonWorkbook(comparison: comparison, toolVersion: qevalVersion).write(to: out)
        if let csv, let csvOutput { try csvOutput.write(to: csv) }
        for (label, cohort) in [("A", comparison.a), ("B", comparison.b)]
        where cohort.pointsTotal.differs {
            let standard = cohort.rulebook.totalPoints
            note(
                Localized(zh: "警告：", en: "warning: ").text()
                    + ConsoleMessage.scenarioPointsOff(
                        scenario: label, total: Points.format(cohort.scoreboard.maximum), standard: Points.format(standard)
                    ).text)
        }
        // Each data set's problems: counted on the console, listed in the workbook.
        let sameData =
            comparison.a.evaluation.table.file == comparison.b.evaluation.table.file && comparison.b.verification == nil
        for cohort in sameData ? [comparison.a] : [comparison.a, comparison.b] {
            let d = cohort.evaluation.diagnostics
            print(
                ConsoleMessage.dataProblemsOf(
                    file: cohort.evaluation.table.file, warnings: d.warnings.count,
                    scoreAffecting: d.warnings.filter(\.affectsScore).count
                ).text)
            for line in ConsoleSummary.kindCounts(d) { print(line) }
        }
        if comparison.crossStandard {
            let (onlyA, onlyB) = comparison.unmatched
            print(StandardMessage.twoStandardsTitle(a: comparison.rulebook.name, b: comparison.rulebookB.name).text)
            print(StandardMessage.matchedIndicators(count: comparison.pairs.count, onlyA: onlyA, onlyB: onlyB).text)
        }
        if comparison.b.verification != nil {
            for line in ConsoleSummary.findings(comparison.b) { print(line) }
        } else if !sameData {
            // What changed in the data, before what it changed in the ranks.
            let changes = comparison.inputChanges
            if changes.isEmpty {
                print(CompareText.noInputChanges.text)
            } else {
                print(
                    CompareText.inputChangesLine(changes: changes.count, counties: Set(changes.map(\.name)).count).text)
                let shown = 10
                for c in changes.prefix(shown) {
                    let empty = CompareText.notFilled.text
                    let item = c.label + (c.unit.isEmpty ? "" : "（\(c.unit)）")
                    print(
                        CompareText.inputChangeItem(county: c.name, item: item, a: c.valueA ?? empty, b: c.valueB ?? empty)
                            .text)
                }
                if changes.count > shown { print(CompareText.moreInputChanges(changes.count - shown).text) }
            }
        }
        let s = comparison.summary
        print(ConsoleMessage.comparedLine(counties: comparison.rows.count, moved: s.moved, largest: s.largestMove).text)
        if !comparison.entering.isEmpty {
            print(
                ConsoleMessage.entering(top: comparison.topN, names: comparison.entering.map(\.name).joined(separator: "、")).text)
        }
        if !comparison.leaving.isEmpty {
            print(ConsoleMessage.leaving(top: comparison.topN, names: comparison.leaving.map(\.name).joined(separator: "、")).text)
        }
        print(ConsoleMessage.workbookWritten(out).text)
        if let csv { print(ConsoleMessage.csvWritten(csv).text) }
    }
}

/// A path's last component, for titles.
private func fileName(_ path: String) -> String { URL(fileURLWithPath: path).lastPathComponent }
