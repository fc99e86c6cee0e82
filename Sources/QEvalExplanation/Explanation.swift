import Foundation
import QEvalEvaluation
import QEvalInput
import QEvalPanel
import QEvalPipeline
import QEvalRules
import QEvalSupport

/// One figure a part read, as a person would check it against the reporting form.
public struct InputTrace: Sendable {
    public var label: String
    public var key: String
    /// The value used; nil when not reported or undefined.
    public var value: Double?
    /// "label = value unit", "label 未填报", or the derivation of a derived figure.
    public var text: String
}

/// One term of an efficacy part: the figure, its comparison group and the coefficient d it earned.
public struct TermTrace: Sendable {
    public var label: String
    public var x: Double?
    /// "全体" or the tier's name ("第二梯队").
    public var groupName: String
    public var minimum: Double?
    public var maximum: Double?
    public var eligible: Int
    public var threshold: Double?
    public var direction: Direction
    /// Whether x reached the threshold; nil without a threshold or without x.
    public var reached: Bool?
    public var weight: Double
    /// The coefficient, from `Evaluator.coefficient` (0 when not eligible).
    public var d: Double
}

/// Why a part scored what it did, beyond its arithmetic.
public enum PartStatus: Sendable, Equatable {
    case scored
    case notReported
    case undefined
    case belowThreshold
}

/// One row of the 计分过程: a part of an indicator, or the cap adjustment that makes the rows add up.
public struct PartExplanation: Sendable {
    public var label: String
    /// 规则 (有无, 等级, …, 封顶).
    public var kind: String
    public var inputs: [InputTrace]
    /// Efficacy terms, empty for other kinds.
    public var terms: [TermTrace]
    public var status: PartStatus
    /// The part's score in the standard's points: `Evaluator.partScore`, the number the Evaluator added up.
    var standardScore: Double
    /// The most the part can give under the standard (infinite for uncapped counts).
    public var standardMaximum: Double
    /// The part's points and score under the points in force (scaled by points in force ÷ standard points).
    public var points: Double?
    public var score: Double
    /// 得分率: score ÷ points, where the part has finite points.
    public var share: Double?
    /// The arithmetic, in the run's language.
    public var line: String

    /// The combined d of an efficacy part (Σ weight × d).
    public var d: Double? {
        terms.isEmpty ? nil : terms.reduce(0) { $0 + $1.weight * $1.d }
    }
}

/// Why one county has its score on one indicator: the parts, and a cap row when the cap (or the floor at 0)
/// changed the sum. The rows' scores add up to `score`, the Scoreboard's number (to rounding in the last bit).
public struct IndicatorExplanation: Sendable {
    public var indicator: Int
    public var number: Int
    public var name: String
    public var standardPoints: Double
    public var points: Double
    /// Σ parts in the standard's points, before the cap.
    public var partSum: Double
    /// share × points: the Scoreboard's score.
    public var score: Double
    public var share: Double
    public var rows: [PartExplanation]
}

/// A county's whole explanation: its indicators, or why it was not scored.
public struct CountyExplanation: Sendable {
    public var row: Int
    public var county: String
    public var city: String
    public var disqualifications: [Disqualification]
    public var indicators: [IndicatorExplanation]
}

/// Numbers as the arithmetic lines write them.
package enum Figures {
    package static func number(_ x: Double) -> String { Points.format(x) }
    /// d to two decimals, as in the standard's worked example.
    package static func d(_ x: Double) -> String { Points.fixed(x, decimals: 2) }
    /// Efficacy scores to three decimals, so 2 × 82.01% = 1.640 can be checked.
    package static func score(_ x: Double) -> String { Points.fixed(x, decimals: 3) }
    package static func signed(_ x: Double) -> String { (x >= 0 ? "+" : "−") + Points.format(abs(x)) }
}

/// The Explanation stage: for each county × indicator × part, the inputs, the comparison group, d and the
/// arithmetic, built from an Evaluation and its Scoreboard. Part scores come from `Evaluator.partScore` and
/// coefficients from `Evaluator.coefficient` — the functions that computed the scores — never from a second
/// scorer.
public struct Explainer: Sendable {
    public let evaluation: Evaluation
    public let scoreboard: Scoreboard
    package let statsIndex: [EfficacyGroup: [Int?: Int]]

    /// When the cohort is the verified one: the findings, so a figure a reviewer settled reads "核定值".
    public var verification: Verification? = nil
    /// Whether the panel's experts are named (the reviewers' workbooks) or numbered 专家1, 专家2… in the panel's
    /// order (a county's feedback names no expert).
    public var namesExperts = true

    public init(evaluation: Evaluation, scoreboard: Scoreboard) {
        self.evaluation = evaluation
        self.scoreboard = scoreboard
        self.statsIndex = Evaluator.statsIndex(evaluation)
    }

    /// The explainer of a ranked cohort, its findings included.
    public init(_ cohort: RankedCohort) {
        self.init(evaluation: cohort.evaluation, scoreboard: cohort.scoreboard)
        self.verification = cohort.verification
    }

    var rulebook: Rulebook { evaluation.rulebook }
    var table: ApplicantTable { evaluation.table }

    public func explain(row: Int) -> CountyExplanation {
        let ranked = evaluation.isRanked(row)
        return CountyExplanation(
            row: row, county: table.county[row], city: table.city[row], disqualifications: evaluation.disqualifications[row],
            indicators: ranked ? rulebook.indicators.indices.map { explain(row: row, indicator: $0) } : [])
    }

    /// The explanation of a ranked county's score on indicator `k` (its index in the rulebook).
    public func explain(row: Int, indicator k: Int) -> IndicatorExplanation {
        let indicator = rulebook.indicators[k]
        let standard = indicator.points
        let inForce = scoreboard.points[k]
        let factor = inForce / standard
        var rows: [PartExplanation] = []
        var sum = 0.0
        for part in indicator.parts {
            let score = Evaluator.partScore(part.rule, row, evaluation, statsIndex)
            sum += score
            rows.append(explain(part, score: score, row: row, factor: factor, standard: standard, inForce: inForce))
        }
        let capped = min(standard, max(0, sum))
        if capped != sum {
            let adjustment = capped - sum
            var line =
                sum > standard
                ? ExplanationMessage.capLine(
                    sum: Figures.number(sum), points: Figures.number(standard), adjustment: Figures.signed(adjustment)
                ).text
                : ExplanationMessage.floorLine(sum: Figures.number(sum), adjustment: Figures.signed(adjustment)).text
            if inForce != standard {
                line =
                    ExplanationMessage.reweighted(
                        line: line, score: Figures.signed(adjustment), inForce: Figures.number(inForce),
                        standard: Figures.number(standard), result: Figures.signed(adjustment * factor)
                    ).text
            }
            rows.append(
                PartExplanation(
                    label: ExplanationMessage.capLabel.text, kind: ExplanationMessage.kindCap.text, inputs: [], terms: [],
                    status: .scored, standardScore: adjustment, standardMaximum: 0, points: nil, score: adjustment * factor,
                    share: nil, line: line))
        }
        return IndicatorExplanation(
            indicator: k, number: indicator.number, name: indicator.name, standardPoints: standard, points: inForce,
            partSum: sum, score: scoreboard.scores[k][row], share: evaluation.shares[k][row], rows: rows)
    }

    // MARK: Parts

    func explain(_ part: Part, score: Double, row: Int, factor: Double, standard: Double, inForce: Double)
        -> PartExplanation
    {
        var inputs: [InputTrace] = []
        var terms: [TermTrace] = []
        var status = PartStatus.scored
        // The rule kind's name as `qeval rules` and the 权重 sheet say it (`RuleKindName`).
        let kind = part.rule.kindLabel
        let line: ExplanationMessage
        switch part.rule {
        case .yesNo(let field, let points):
            let input = trace(.field(field), row)
            inputs = [input]
            if input.value == nil { status = .notReported }
            line = .yesNoLine(
                label: rulebook.fields[field].label, value: words(.field(field), row), score: Figures.number(score),
                points: Figures.number(points))
        case .level(let field, let points):
            let input = trace(.field(field), row)
            inputs = [input]
            if let settled = verification?.panel?.part(row: row, field: field) {
                let order = verification?.panel?.expertNames ?? []
                let experts = settled.scores.map { score in
                    let who =
                        namesExperts
                        ? score.expert : PanelMessage.anonymousExpert((order.firstIndex(of: score.expert) ?? 0) + 1).text
                    var text =
                        who + " " + PanelMessage.expertLevel(level: score.level, points: Figures.number(score.points)).text
                    if score.dropped { text += "（" + PanelMessage.dropped.text + "）" }
                    return text
                }
                line = .levelPanelLine(
                    label: rulebook.fields[field].label, declared: words(.field(field), row),
                    experts: Wording.list(experts, .current), trimmed: settled.scores.contains(where: \.dropped),
                    score: Figures.number(score))
                break
            }
            if input.value == nil { status = .notReported }
            line = .levelLine(
                label: rulebook.fields[field].label, value: words(.field(field), row),
                table: Wording.list(points.map(Figures.number), .current), score: Figures.number(score))
        case .checklist(let fields, let points, let deduction):
            inputs = fields.map { trace(.field($0), row) }
            let notDone = fields.filter { evaluation.figure(.field($0), row) != 1 }
            if fields.contains(where: { evaluation.figure(.field($0), row) == nil }) { status = .notReported }
            if notDone.isEmpty {
                line = .checklistAllDone(items: fields.count, score: Figures.number(score))
            } else {
                let names = notDone.map { rulebook.fields[$0].label + "：" + words(.field($0), row) }
                line = .checklistLine(
                    items: fields.count, missing: notDone.count, names: Wording.list(names, .current),
                    points: Figures.number(points), deduction: Figures.number(deduction),
                    raw: Figures.number(points - deduction * Double(notDone.count)), score: Figures.number(score))
            }
        case .counts(let items, let cap):
            inputs = items.map { trace(.field($0.field), row) }
            var parts: [String] = []
            var sum = 0.0
            for item in items {
                let label = rulebook.fields[item.field].label
                guard let v = evaluation.figure(.field(item.field), row) else {
                    status = .notReported
                    parts.append(ExplanationMessage.countsTermMissing(label: label).text)
                    continue
                }
                let raw = item.each * max(0, v - item.above)
                if v < item.above {
                    parts.append(
                        ExplanationMessage.countsTermBelow(
                            label: label, value: Figures.number(v), above: Figures.number(item.above)
                        ).text)
                } else if let c = item.cap, raw > c {
                    sum += c
                    parts.append(
                        ExplanationMessage.countsTermCapped(
                            label: label, value: Figures.number(v), each: Figures.number(item.each),
                            above: Figures.number(item.above), raw: Figures.number(raw), cap: Figures.number(c)
                        ).text)
                } else {
                    sum += raw
                    parts.append(
                        ExplanationMessage.countsTerm(
                            label: label, value: Figures.number(v), each: Figures.number(item.each),
                            above: Figures.number(item.above), result: Figures.number(raw)
                        ).text)
                }
            }
            let joined = parts.joined(separator: "；")
            if let cap, sum > cap {
                line = .countsLineCapped(
                    terms: joined, sum: Figures.number(sum), cap: Figures.number(cap), score: Figures.number(score))
            } else {
                line = .countsLine(terms: joined, score: Figures.number(score))
            }
        case .steps(let figure, let steps):
            let input = trace(figure, row)
            inputs = [input]
            let label = rulebook.label(of: figure)
            if let v = input.value {
                if let step = steps.first(where: { v >= $0.atLeast }) {
                    line = .stepsLine(
                        label: label, value: Figures.number(v), step: Figures.number(step.atLeast),
                        score: Figures.number(score))
                } else {
                    line = .stepsBelow(
                        label: label, value: Figures.number(v),
                        lowest: Figures.number(steps.map(\.atLeast).min() ?? 0))
                }
            } else {
                status = undefinedOrMissing(figure, row)
                line = .stepsMissing(label: label, value: words(figure, row))
            }
        case .rating(let field, let points, let fullMarks):
            let input = trace(.field(field), row)
            inputs = [input]
            let label = rulebook.fields[field].label
            if let v = input.value {
                line = .ratingLine(
                    label: label, value: Figures.number(v), full: Figures.number(fullMarks), points: Figures.number(points),
                    score: Figures.number(score))
            } else {
                status = .notReported
                line = .ratingMissing(label: label)
            }
        case .efficacy(let points, let efficacyTerms):
            var texts: [String] = []
            for term in efficacyTerms {
                let (traced, text) = explain(term, row)
                terms.append(traced)
                texts.append(text)
                inputs.append(trace(term.group.figure, row))
                if traced.x == nil {
                    status = undefinedOrMissing(term.group.figure, row)
                } else if traced.reached == false, status == .scored {
                    status = .belowThreshold
                }
            }
            let d = terms.reduce(0) { $0 + $1.weight * $1.d }
            if terms.count == 1 && terms[0].weight == 1 {
                line = .efficacyLine(
                    term: texts[0], points: Figures.number(points), d: Figures.d(d), score: Figures.score(score))
            } else {
                let weighted = terms.map { "\(Figures.number($0.weight)) × \(Figures.d($0.d))" }.joined(separator: " + ")
                line = .efficacyWeightedLine(
                    terms: texts.joined(separator: "；"), weighted: weighted, d: Figures.d(d),
                    points: Figures.number(points), score: Figures.score(score))
            }
        }
        let maximum = part.rule.maximum
        var text = line.text
        if inForce != standard {
            text =
                ExplanationMessage.reweighted(
                    line: text, score: Figures.number(score), inForce: Figures.number(inForce),
                    standard: Figures.number(standard), result: Figures.number(score * factor)
                ).text
        }
        return PartExplanation(
            label: part.label, kind: kind.text(), inputs: inputs, terms: terms, status: status, standardScore: score,
            standardMaximum: maximum, points: maximum.isFinite ? maximum * factor : nil, score: score * factor,
            share: maximum.isFinite && maximum > 0 ? score / maximum : nil, line: text)
    }

    /// One efficacy term: its group's statistics and d, and the words for it.
    func explain(_ term: EfficacyTerm, _ row: Int) -> (TermTrace, String) {
        let group = term.group
        let tier: Int? = group.tiered ? table.tier[row] : nil
        let groupName = tier.map { rulebook.tiers[$0].name } ?? ExplanationMessage.wholeCohort.text
        var label = rulebook.label(of: group.figure)
        let x = evaluation.figure(group.figure, row)
        if case .field(let f) = group.figure, let marker = verifiedMarker(row: row, field: f) { label += marker }
        let stats = statsIndex[group]?[tier].map { evaluation.groupStats[$0] }
        let d = stats.map { Evaluator.coefficient(x, group: group, stats: $0, settings: rulebook.efficacy) } ?? 0
        var reached: Bool? = nil
        if let t = group.threshold, let x {
            reached = group.direction == .higherIsBetter ? x >= t : x <= t
        }
        let traced = TermTrace(
            label: label, x: x, groupName: groupName, minimum: stats?.minimum, maximum: stats?.maximum,
            eligible: stats?.eligible ?? 0, threshold: group.threshold, direction: group.direction, reached: reached,
            weight: term.weight, d: d)
        let text: String
        if let x {
            if reached == false, let t = group.threshold {
                let threshold: ExplanationMessage =
                    group.direction == .higherIsBetter
                    ? .thresholdAtLeast(Figures.number(t)) : .thresholdAtMost(Figures.number(t))
                text =
                    ExplanationMessage.efficacyBelowThreshold(label: label, x: Figures.number(x), threshold: threshold.text)
                    .text
            } else if let lo = stats?.minimum, let hi = stats?.maximum {
                let statsText = ExplanationMessage.groupStats(
                    group: groupName, min: Figures.number(lo), max: Figures.number(hi), n: stats?.eligible ?? 0
                ).text
                if hi == lo {
                    text =
                        ExplanationMessage.efficacyAllEqual(
                            label: label, x: Figures.number(x), stats: statsText, d: Figures.d(d)
                        ).text
                } else {
                    let formula: ExplanationMessage =
                        group.direction == .higherIsBetter
                        ? .higherFormula(x: Figures.number(x), min: Figures.number(lo), max: Figures.number(hi))
                        : .lowerFormula(x: Figures.number(x), min: Figures.number(lo), max: Figures.number(hi))
                    text =
                        ExplanationMessage.efficacyTerm(
                            label: label, x: Figures.number(x), stats: statsText, formula: formula.text, d: Figures.d(d)
                        ).text
                }
            } else {
                text =
                    ExplanationMessage.efficacyMissing(
                        label: label, value: ExplanationMessage.emptyGroup(group: groupName).text
                    ).text
            }
        } else {
            text = ExplanationMessage.efficacyMissing(label: label, value: words(group.figure, row)).text
        }
        return (traced, text)
    }

    // MARK: Inputs

    func undefinedOrMissing(_ figure: FigureRef, _ row: Int) -> PartStatus {
        if case .derived = figure, undefinedReason(figure, row) != nil { return .undefined }
        return .notReported
    }

    /// A figure's value in words: 是/否, 第 k 级, the number with its unit, 未填报, or why it is undefined.
    func words(_ figure: FigureRef, _ row: Int) -> String {
        guard let v = evaluation.figure(figure, row) else {
            if let reason = undefinedReason(figure, row) {
                return ExplanationMessage.undefinedValue(reason: reason).text
            }
            return ExplanationMessage.notReported.text
        }
        if case .field(let f) = figure {
            switch rulebook.fields[f].type {
            case .bool: return (v == 1 ? ExplanationMessage.yes : ExplanationMessage.no).text
            case .level: return ExplanationMessage.level(Int(v)).text
            default: break
            }
        }
        return Figures.number(v) + rulebook.unit(of: figure)
    }

    /// Why a derived figure has no value although its inputs were reported (a zero denominator or base).
    func undefinedReason(_ figure: FigureRef, _ row: Int) -> String? {
        guard case .derived(let d) = figure else { return nil }
        switch rulebook.derived[d].formula {
        case .ratio(let num, let den, _):
            if evaluation.figure(num, row) != nil, evaluation.figure(den, row) == 0 {
                return ExplanationMessage.zeroDenominator(label: rulebook.label(of: den)).text
            }
        case .growth(let current, let previous):
            if evaluation.figure(current, row) != nil, evaluation.figure(previous, row) == 0 {
                return ExplanationMessage.zeroBase(label: rulebook.label(of: previous)).text
            }
        case .weightedSum: break
        }
        return nil
    }

    /// The input as a person checks it; for a derived figure, its derivation with the numbers entered.
    func trace(_ figure: FigureRef, _ row: Int) -> InputTrace {
        let label = rulebook.label(of: figure)
        let value = evaluation.figure(figure, row)
        var text: String
        switch figure {
        case .field:
            text =
                value == nil
                ? ExplanationMessage.labelNotReported(label: label).text
                : ExplanationMessage.value(label: label, value: words(figure, row), unit: "").text
        case .derived(let d):
            text = derivation(d, row)
        }
        if case .field(let f) = figure, let marker = verifiedMarker(row: row, field: f) { text += marker }
        if text.utf8.contains(0x0A) { text = text.replacingOccurrences(of: "\n", with: " ") }
        return InputTrace(label: label, key: rulebook.key(of: figure), value: value, text: text)
    }

    /// "（核定值；申报 95）" after a figure a reviewer changed; nil for a declared (or confirmed) one.
    func verifiedMarker(row: Int, field: Int) -> String? {
        guard let found = verification?.finding(row: row, field: field), !found.finding.isConfirmation else { return nil }
        return ExplanationMessage.verifiedValue(declared: found.finding.declared ?? ExplanationMessage.notReported.text).text
    }

    func derivation(_ d: Int, _ row: Int) -> String {
        let figure = rulebook.derived[d]
        let value = evaluation.figure(.derived(d), row)
        func shown(_ ref: FigureRef) -> String {
            evaluation.figure(ref, row).map(Figures.number) ?? ExplanationMessage.notReported.text
        }
        func missing(_ refs: [FigureRef]) -> String {
            let absent = refs.filter { evaluation.figure($0, row) == nil }.map {
                ExplanationMessage.labelNotReported(label: rulebook.label(of: $0)).text
            }
            return ExplanationMessage.derivedMissing(label: figure.label, terms: Wording.list(absent, .current)).text
        }
        switch figure.formula {
        case .growth(let current, let previous):
            guard let value else {
                if let reason = undefinedReason(.derived(d), row) {
                    return ExplanationMessage.undefined(label: figure.label, reason: reason).text
                }
                return missing([current, previous])
            }
            return ExplanationMessage.growth(
                label: figure.label, current: shown(current), previous: shown(previous), result: Figures.number(value)
            ).text
        case .ratio(let num, let den, let scale):
            guard let value else {
                if let reason = undefinedReason(.derived(d), row) {
                    return ExplanationMessage.undefined(label: figure.label, reason: reason).text
                }
                return missing([num, den])
            }
            return ExplanationMessage.ratio(
                label: figure.label, numerator: shown(num), denominator: shown(den), scale: Figures.number(scale),
                result: Figures.number(value) + figure.unit
            ).text
        case .weightedSum(let terms, _):
            // Each term with its value or 未填报; the result is the Evaluation's, whatever its blank-cell policy.
            let parts = terms.map {
                ExplanationMessage.weightedTerm(
                    weight: Figures.number($0.weight), label: rulebook.label(of: $0.figure), value: shown($0.figure)
                ).text
            }
            return ExplanationMessage.weightedSum(
                label: figure.label, terms: parts.joined(separator: " + "),
                result: value.map { Figures.number($0) + figure.unit } ?? ExplanationMessage.notReported.text
            ).text
        }
    }
}
