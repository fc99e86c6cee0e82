import QEvalInput
import QEvalRules
import QEvalSupport

/// Why an applicant was not ranked.
public struct Disqualification: Sendable, Equatable {
    public enum Gate: String, Sendable {
        /// 前置指标
        case prerequisite
        /// 一票否决
        case veto
    }
    public var gate: Gate
    public var label: String
    /// The figures behind it ("三星级以上…占比 12%，低于 16%").
    public var detail: EvaluationMessage

    /// "前置指标未达标：…" / "一票否决：…", as shown in the workbook and on the console.
    public var localized: Localized {
        switch gate {
        case .prerequisite: return EvaluationMessage.prerequisiteFailed(label: label, detail: detail.localized).localized
        case .veto: return EvaluationMessage.vetoed(label: label).localized
        }
    }
    public var text: String { localized.text() }
}

/// min, max and size of one efficacy comparison group (the whole cohort, or one tier).
public struct EfficacyGroupStats: Sendable {
    public var group: EfficacyGroup
    /// The tier the min/max was taken in; nil for the whole cohort.
    public var tier: Int?
    public var minimum: Double?
    public var maximum: Double?
    public var eligible: Int
}

/// What the Evaluation stage produces: per applicant the gate outcome and, per indicator, the share
/// (得分率, 0–1) fixed by the data and the rules. Points (weights) are applied later by `Scoreboard`, so a
/// re-weighting never re-evaluates.
public struct Evaluation: Sendable {
    public let rulebook: Rulebook
    public let table: ApplicantTable
    /// Reasons per applicant; empty for applicants that pass the gates.
    public var disqualifications: [[Disqualification]]
    /// Derived figures per applicant: `derived[figure][row]`, valid where `derivedDefined[figure][row]`.
    public var derived: [[Double]]
    public var derivedDefined: [[Bool]]
    /// `shares[indicator][row]` in [0, 1]; 0 for disqualified applicants.
    public var shares: [[Double]]
    /// Every efficacy group, for each tier where it is tiered.
    public var groupStats: [EfficacyGroupStats]
    /// Warnings: missing cells, undefined ratios, unknown columns.
    public var diagnostics: Diagnostics
    /// How many of `diagnostics` came with the table (the input stage's), before this stage's own: a
    /// re-evaluation of the same table (the verified cohort) starts again from those.
    public var inputDiagnosticCount = 0

    /// The input stage's warnings alone.
    public var inputDiagnostics: Diagnostics {
        var d = Diagnostics(errorCap: diagnostics.errorCap)
        for item in diagnostics.items.prefix(inputDiagnosticCount) { d.report(item) }
        return d
    }

    public var count: Int { table.count }
    public func isRanked(_ row: Int) -> Bool { disqualifications[row].isEmpty }

    /// Value of a figure for an applicant, nil when not reported or undefined.
    public func figure(_ ref: FigureRef, _ row: Int) -> Double? {
        switch ref {
        case .field(let f): return table.present[f][row] ? table.values[f][row] : nil
        case .derived(let d): return derivedDefined[d][row] ? derived[d][row] : nil
        }
    }

    public func stats(_ group: EfficacyGroup, tier: Int?) -> EfficacyGroupStats? {
        groupStats.first { $0.group == group && $0.tier == (group.tiered ? tier : nil) }
    }
}

/// The Evaluation stage: gates, derived figures, efficacy groups, shares.
public enum Evaluator {
    public static func evaluate(_ table: ApplicantTable, rulebook: Rulebook, diagnostics: Diagnostics = Diagnostics())
        -> Evaluation
    {
        let n = table.count
        var diagnostics = diagnostics
        let before = diagnostics.items.count
        let disqualifications = gates(table, rulebook)
        reportMissing(table, rulebook, disqualifications, &diagnostics)
        let (derived, defined) = derivedFigures(table, rulebook, disqualifications, &diagnostics)
        // A worksheet's or a form's figures are named by their cell, as the input stage names them.
        if table.places != nil { diagnostics.relocate(from: before) { table.place(&$0, rulebook: rulebook) } }
        var evaluation = Evaluation(
            rulebook: rulebook, table: table, disqualifications: disqualifications, derived: derived,
            derivedDefined: defined, shares: [], groupStats: [], diagnostics: diagnostics)
        evaluation.inputDiagnosticCount = before
        evaluation.groupStats = groupStatistics(evaluation)

        let statsIndex = Self.statsIndex(evaluation)

        var shares = [[Double]](repeating: [Double](repeating: 0, count: n), count: rulebook.indicators.count)
        for (k, indicator) in rulebook.indicators.enumerated() {
            for row in 0..<n where disqualifications[row].isEmpty {
                var sum = 0.0
                for part in indicator.parts {
                    sum += partScore(part.rule, row, evaluation, statsIndex)
                }
                let scale = indicator.partsScale
                shares[k][row] = min(scale, max(0, sum)) / scale
            }
        }
        evaluation.shares = shares
        return evaluation
    }

    // MARK: Gates

    public static func gates(_ table: ApplicantTable, _ rulebook: Rulebook) -> [[Disqualification]] {
        var result = [[Disqualification]](repeating: [], count: table.count)
        for row in 0..<table.count {
            for p in rulebook.prerequisites {
                let v = table.values[p.field][row]
                if !table.present[p.field][row] || v < p.minimum {
                    let field = rulebook.fields[p.field]
                    let detail: EvaluationMessage =
                        table.present[p.field][row]
                        ? .gateBelow(
                            label: field.label, value: Points.format(v), minimum: Points.format(p.minimum), unit: field.unit)
                        : .gateNotReported(label: field.label)
                    result[row].append(Disqualification(gate: .prerequisite, label: p.label, detail: detail))
                }
            }
            for veto in rulebook.vetoes where table.present[veto.field][row] && table.values[veto.field][row] == 1 {
                result[row].append(
                    Disqualification(
                        gate: .veto, label: veto.label, detail: .vetoField(label: rulebook.fields[veto.field].label)))
            }
        }
        return result
    }

    /// One warning per empty indicator cell of a ranked applicant (未提供不得分).
    static func reportMissing(
        _ table: ApplicantTable, _ rulebook: Rulebook, _ disq: [[Disqualification]], _ diagnostics: inout Diagnostics
    ) {
        let checked = rulebook.fields.indices.filter { f in
            let field = rulebook.fields[f]
            return table.hasColumn[f] && field.type != .text && !field.required
                && (field.role == .indicator || field.role == .base)
        }
        for row in 0..<table.count where disq[row].isEmpty {
            for f in checked where !table.present[f][row] {
                let field = rulebook.fields[f]
                diagnostics.warning(
                    file: table.file, line: table.line[row], column: field.key, columnLabel: field.label, value: "",
                    applicant: table.name(row), affectsScore: true, EvaluationMessage.notReported)
            }
        }
    }

    // MARK: Derived figures

    static func derivedFigures(
        _ table: ApplicantTable, _ rulebook: Rulebook, _ disq: [[Disqualification]], _ diagnostics: inout Diagnostics
    ) -> ([[Double]], [[Bool]]) {
        let n = table.count
        var values = [[Double]](repeating: [Double](repeating: 0, count: n), count: rulebook.derived.count)
        var defined = [[Bool]](repeating: [Bool](repeating: false, count: n), count: rulebook.derived.count)
        func value(_ ref: FigureRef, _ row: Int) -> Double? {
            switch ref {
            case .field(let f): return table.present[f][row] ? table.values[f][row] : nil
            case .derived(let d): return defined[d][row] ? values[d][row] : nil
            }
        }
        for (d, figure) in rulebook.derived.enumerated() {
            for row in 0..<n {
                var result: Double? = nil
                var undefinedBecause: EvaluationMessage? = nil
                switch figure.formula {
                case .ratio(let num, let den, let scale):
                    if let a = value(num, row), let b = value(den, row) {
                        if b == 0 {
                            undefinedBecause = .undefinedRatio(denominator: rulebook.label(of: den))
                        } else {
                            result = a / b * scale
                        }
                    }
                case .growth(let current, let previous):
                    if let a = value(current, row), let b = value(previous, row) {
                        if b == 0 {
                            undefinedBecause = .undefinedGrowth(previous: rulebook.label(of: previous))
                        } else {
                            result = (a - b) / b * 100
                        }
                    }
                case .weightedSum(let terms, let blanks):
                    var sum = 0.0
                    var reported = 0
                    for term in terms {
                        guard let v = value(term.figure, row) else { continue }
                        sum += term.weight * v
                        reported += 1
                    }
                    switch blanks {
                    case .makeMissing: if reported == terms.count { result = sum }
                    case .addNothing: if reported > 0 { result = sum }
                    }
                }
                if let result, result.isFinite {
                    values[d][row] = result
                    defined[d][row] = true
                } else if let undefinedBecause, disq[row].isEmpty {
                    diagnostics.warning(
                        file: table.file, line: table.line[row], column: figure.key, columnLabel: figure.label,
                        applicant: table.name(row), affectsScore: true, undefinedBecause)
                }
            }
        }
        return (values, defined)
    }

    // MARK: Efficacy groups

    static func eligible(_ x: Double?, _ group: EfficacyGroup) -> Double? {
        guard let x else { return nil }
        if let t = group.threshold {
            switch group.direction {
            case .higherIsBetter: if x < t { return nil }
            case .lowerIsBetter: if x > t { return nil }
            }
        }
        return x
    }

    static func groupStatistics(_ evaluation: Evaluation) -> [EfficacyGroupStats] {
        let rulebook = evaluation.rulebook
        let table = evaluation.table
        var result: [EfficacyGroupStats] = []
        for group in rulebook.efficacyGroups {
            let tiers: [Int?] = group.tiered ? rulebook.tiers.indices.map { $0 } : [nil]
            for tier in tiers {
                var lo = Double.infinity
                var hi = -Double.infinity
                var count = 0
                for row in 0..<table.count where evaluation.isRanked(row) && (tier == nil || table.tier[row] == tier) {
                    guard let x = eligible(evaluation.figure(group.figure, row), group) else { continue }
                    lo = min(lo, x)
                    hi = max(hi, x)
                    count += 1
                }
                result.append(
                    EfficacyGroupStats(
                        group: group, tier: tier, minimum: count > 0 ? lo : nil, maximum: count > 0 ? hi : nil,
                        eligible: count))
            }
        }
        return result
    }

    /// The efficacy coefficient d (60–100) of one applicant in one group, or 0 when it is not eligible.
    public static func coefficient(
        _ x: Double?, group: EfficacyGroup, stats: EfficacyGroupStats, settings: EfficacySettings
    ) -> Double {
        guard let x = eligible(x, group), let lo = stats.minimum, let hi = stats.maximum else { return 0 }
        if hi == lo {
            return settings.allEqual == .full ? 100 : settings.base
        }
        var position = group.direction == .higherIsBetter ? (x - lo) / (hi - lo) : (hi - x) / (hi - lo)
        if !(hi - lo).isFinite {
            // Figures near ±Double.greatestFiniteMagnitude overflow hi − lo to infinity (∞/∞ is NaN): halving is
            // exact, so the halved differences give the same ratio without overflowing.
            let (h, l, v) = (hi / 2, lo / 2, x / 2)
            position = group.direction == .higherIsBetter ? (v - l) / (h - l) : (h - v) / (h - l)
        }
        return settings.base + settings.span * position
    }

    /// Group lookup: index into `groupStats` for (group, tier). The explanation stage uses the same lookup, so
    /// it reads the very statistics the scores were computed with.
    package static func statsIndex(_ evaluation: Evaluation) -> [EfficacyGroup: [Int?: Int]] {
        var index: [EfficacyGroup: [Int?: Int]] = [:]
        for (i, s) in evaluation.groupStats.enumerated() { index[s.group, default: [:]][s.tier] = i }
        return index
    }

    // MARK: Part scores

    package static func partScore(
        _ rule: Rule, _ row: Int, _ e: Evaluation, _ statsIndex: [EfficacyGroup: [Int?: Int]]
    ) -> Double {
        let table = e.table
        @inline(__always) func value(_ f: Int) -> Double? { table.present[f][row] ? table.values[f][row] : nil }
        switch rule {
        case .yesNo(let field, let points):
            return value(field) == 1 ? points : 0
        case .level(let field, let points):
            if let settled = table.panelPoints[field]?[row] { return settled }
            guard let v = value(field) else { return 0 }
            let level = Int(v)
            return level >= 0 && level < points.count ? points[level] : 0
        case .checklist(let fields, let points, let deduction):
            let missing = fields.reduce(0) { $0 + (value($1) == 1 ? 0 : 1) }
            return max(0, points - deduction * Double(missing))
        case .counts(let items, let cap):
            var sum = 0.0
            for item in items {
                guard let v = value(item.field) else { continue }
                var s = item.each * max(0, v - item.above)
                if let c = item.cap { s = min(s, c) }
                sum += s
            }
            if let cap { sum = min(sum, cap) }
            return sum
        case .steps(let figure, let steps):
            guard let v = e.figure(figure, row) else { return 0 }
            return steps.first { v >= $0.atLeast }?.points ?? 0
        case .rating(let field, let points, let fullMarks):
            guard let v = value(field) else { return 0 }
            return points * min(1, max(0, v / fullMarks))
        case .efficacy(let points, let terms):
            var d = 0.0
            for term in terms {
                let tier: Int? = term.group.tiered ? table.tier[row] : nil
                guard let s = statsIndex[term.group]?[tier] else { continue }
                d +=
                    term.weight
                    * coefficient(
                        e.figure(term.group.figure, row), group: term.group, stats: e.groupStats[s],
                        settings: e.rulebook.efficacy)
            }
            return points * d / 100
        }
    }
}
