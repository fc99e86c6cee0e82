import QEvalRules
import QEvalSupport

/// Every text of the robustness stage a person reads: errors, progress, the console summary, and the
/// workbook's sheet names, headers and notes.
public enum RobustnessMessage: Message, Equatable {
    case errorPrefix
    case badSamples(String)
    case badSpread(String)
    case badSeed(String)
    case badSensitivitySamples(String)
    case zeroPoints
    case pointsUnusable
    case cancelled
    case nothingRanked
    case progress(done: Int, total: Int)
    case pointsRescaled(given: Double, standard: Double)
    case summary(counties: Int, samples: Int, spread: Double, seed: UInt64)
    case summaryColumns
    case summaryColumnsExplained
    case summaryLeaving(mean: Double, unchanged: Double, recognised: Int)
    case workbookWritten(String)
    case csvWritten(String)
    case took(seconds: Double)

    // The workbook.
    case sheet(Sheet)
    case header(Header)
    case pageTitle(String, Sheet)
    case intervalChartTitle(shown: Int, of: Int)
    case intervalAxis
    case intervalSeries
    case sensitivityChartTitle
    case firstOrderSeries
    case totalSeries
    case outputLeaving(recognised: Int)
    case outputRank(String)
    case totalIndexOf(String)
    case undefinedIndex
    case noSensitivity
    case noChange
    case cannotDrop
    case moveEntry(name: String, rank: Int)
    case about(About)
    case aboutMethod(spread: Double, total: Double, decimals: Int, recognition: Int)
    case aboutIntervals
    case aboutSensitivity(baseSamples: Int, rankings: Int, borderline: Int)
    case aboutDrops(total: Double)
    case aboutPoints(source: String, given: Double, standard: Double)
    case aboutLeaving(mean: Double, unchanged: Double, recognised: Int)
    case aboutDisqualified(Int)
    case aboutInput(file: String, sha256: String)

    public enum Sheet: CaseIterable, Sendable {
        case robustness, intervals, sensitivity, drops, about
    }

    public enum Header: CaseIterable, Sendable {
        case rank, county, city, tier, total, medianRank, p5Rank, p95Rank, pRecognised
        case tierRank, tierMedianRank, tierP5Rank, tierP95Rank
        case intervalStart, intervalWidth
        case indicator, indicatorName, points, firstOrder, totalIndex
        case entering, leaving, item, content
    }

    public enum About: CaseIterable, Sendable {
        case method, samples, spread, seed, intervals, sensitivity, drops, points, leaving, disqualified
        case rulebook, input, time, version
    }

    public var localized: Localized {
        switch self {
        case .errorPrefix: return Localized(zh: "错误：", en: "error: ")
        case .badSamples(let v):
            return Localized(
                zh:
                    "--samples（抽样次数）的值“\(Excerpt.cut(v, language: .zh))”无效：应为 \(RobustnessSettings.samplesRange.lowerBound) 到 \(RobustnessSettings.samplesRange.upperBound) 之间的整数，如 10000。",
                en:
                    "--samples (draws) \(Excerpt.cut(v, language: .en)): expected a whole number from \(RobustnessSettings.samplesRange.lowerBound) to \(RobustnessSettings.samplesRange.upperBound), e.g. 10000."
            )
        case .badSpread(let v):
            return Localized(
                zh: "--spread（分值浮动幅度）的值“\(Excerpt.cut(v, language: .zh))”无效：应为不小于 0、小于 1 的数，如 0.2（即 ±20%）。",
                en:
                    "--spread \(Excerpt.cut(v, language: .en)): expected a number from 0 up to (not including) 1, e.g. 0.2 for ±20%."
            )
        case .badSeed(let v):
            return Localized(
                zh: "--seed（随机种子）的值“\(Excerpt.cut(v, language: .zh))”无效：应为非负整数，如 42。",
                en: "--seed \(Excerpt.cut(v, language: .en)): expected a whole number, 0 or more, e.g. 42.")
        case .badSensitivitySamples(let v):
            return Localized(
                zh:
                    "--sensitivity-samples 的值“\(Excerpt.cut(v, language: .zh))”无效：应为 \(RobustnessSettings.sensitivitySamplesRange.lowerBound) 到 \(RobustnessSettings.sensitivitySamplesRange.upperBound) 之间的整数，如 1000。",
                en:
                    "--sensitivity-samples \(Excerpt.cut(v, language: .en)): expected a whole number from \(RobustnessSettings.sensitivitySamplesRange.lowerBound) to \(RobustnessSettings.sensitivitySamplesRange.upperBound), e.g. 1000."
            )
        case .zeroPoints:
            return Localized(
                zh: "各指标分值之和为 0，无法按分值比例抽样：请检查权重文件。",
                en: "the points add up to 0, so there is nothing to vary: check the weights file.")
        case .pointsUnusable:
            return Localized(
                zh: "分值无法用于抽样：每个分值都应是不小于 0 的有限数，且合计不能小到无法按比例换算为标准满分；请检查分值。",
                en:
                    "the points cannot be varied: each must be a finite number of 0 or more, and their sum must not be too small to rescale to the standard's total; check the points."
            )
        case .cancelled:
            return Localized(zh: "稳健性分析已取消，没有结果。", en: "the robustness analysis was cancelled; there is no result.")
        case .nothingRanked:
            return Localized(
                zh: "没有参与排名的县（全部不具备资格），无法做稳健性分析。",
                en: "no county is ranked (all are disqualified): there is no ranking to analyse.")
        case .progress(let d, let t):
            return Localized(zh: "稳健性分析：已完成 \(d)/\(t) 次排名计算", en: "robustness: \(d) of \(t) rankings done")
        case .pointsRescaled(let g, let s):
            return Localized(
                zh: "注意：给定分值合计 \(Wording.number(g))，不是标准满分 \(Wording.number(s))；给定分值和每次抽样的分值都按比例换算为合计 \(Wording.number(s))。",
                en:
                    "note: the given points add up to \(Wording.number(g)), not the standard's \(Wording.number(s)); the centre points and every draw are rescaled to \(Wording.number(s))."
            )
        case .summary(let c, let n, let s, let k):
            return Localized(
                zh: "\(c) 个参与排名的县，抽样 \(n) 次，各指标分值浮动 ±\(Wording.number(s * 100))%，随机种子 \(k)",
                en: "\(c) ranked counties, \(n) draws, each indicator's points varied by ±\(Wording.number(s * 100))%, seed \(k)")
        case .summaryColumns:
            return Localized(
                zh: "排名  县（市、区）  名次中间值  九成抽样的名次  拟认定概率", en: "rank  county  median  5%–95% rank  P(recognised)")
        case .summaryColumnsExplained:
            return Localized(
                zh: "名次中间值：一半抽样中名次比它靠前、一半比它靠后；九成抽样的名次：去掉名次最好和最差的各 5% 抽样后，名次所在的范围。",
                en:
                    "median: half the draws rank the county higher, half lower; 5%–95% rank: the range of its ranks once the best and the worst 5% of draws are left out."
            )
        case .summaryLeaving(let mean, let unchanged, let r):
            return Localized(
                zh: "按原分值拟认定的 \(r) 个县，平均每次抽样有 \(Self.fixed(mean, 2)) 个落选；\(Self.fixed(unchanged * 100, 1))% 的抽样中这 \(r) 个县全部保留。",
                en:
                    "on average \(Self.fixed(mean, 2)) of the centre's recognised counties drop out per draw; in \(Self.fixed(unchanged * 100, 1))% of draws all \(r) stay."
            )
        case .workbookWritten(let p): return Localized(zh: "工作簿：\(p)", en: "workbook: \(p)")
        case .csvWritten(let p): return Localized(zh: "结果表（CSV）：\(p)", en: "csv:      \(p)")
        case .took(let s):
            return Localized(zh: "用时 \(Self.fixed(s, 1)) 秒", en: "took \(Self.fixed(s, 1)) s")

        case .sheet(let s):
            switch s {
            case .robustness: return Localized(zh: "稳健性", en: "Robustness")
            case .intervals: return Localized(zh: "排名区间图", en: "Rank intervals")
            case .sensitivity: return Localized(zh: "敏感性", en: "Sensitivity")
            case .drops: return Localized(zh: "逐项剔除", en: "One at a time")
            case .about: return Localized(zh: "说明", en: "About")
            }
        case .header(let h):
            switch h {
            case .rank: return Localized(zh: "排名", en: "Rank")
            case .county: return Localized(zh: "县（市、区）", en: "County")
            case .city: return Localized(zh: "所属地级市", en: "City")
            case .tier: return Localized(zh: "梯队", en: "Tier")
            case .total: return Localized(zh: "总分", en: "Total")
            case .medianRank: return Localized(zh: "名次中间值", en: "Median rank")
            case .p5Rank: return Localized(zh: "九成抽样的名次：最好", en: "5th percentile rank")
            case .p95Rank: return Localized(zh: "九成抽样的名次：最差", en: "95th percentile rank")
            case .pRecognised: return Localized(zh: "拟认定概率", en: "P(recognised)")
            case .tierRank: return Localized(zh: "梯队内排名", en: "Rank in tier")
            case .tierMedianRank: return Localized(zh: "梯队内名次中间值", en: "Median rank in tier")
            case .tierP5Rank: return Localized(zh: "梯队内九成抽样的名次：最好", en: "5th percentile in tier")
            case .tierP95Rank: return Localized(zh: "梯队内九成抽样的名次：最差", en: "95th percentile in tier")
            case .intervalStart: return Localized(zh: "区间起点", en: "Interval start")
            case .intervalWidth: return Localized(zh: "区间宽度", en: "Interval width")
            case .indicator: return Localized(zh: "指标", en: "Indicator")
            case .indicatorName: return Localized(zh: "名称", en: "Name")
            case .points: return Localized(zh: "分值", en: "Points")
            case .firstOrder: return Localized(zh: "单独的影响（一阶指数）", en: "First-order index")
            case .totalIndex: return Localized(zh: "全部影响（总效应指数）", en: "Total index")
            case .entering: return Localized(zh: "进入拟认定（剔除后排名）", en: "Enter the recognised set (rank after)")
            case .leaving: return Localized(zh: "退出拟认定（剔除后排名）", en: "Leave the recognised set (rank after)")
            case .item: return Localized(zh: "项目", en: "Item")
            case .content: return Localized(zh: "内容", en: "Content")
            }
        case .pageTitle(let name, let s):
            let sheet = RobustnessMessage.sheet(s).localized
            return Localized(zh: "\(name) — 排名稳健性：\(sheet.zh)", en: "\(name) — robustness of the ranking: \(sheet.en)")
        case .intervalChartTitle(let shown, let of):
            return shown < of
                ? Localized(zh: "九成抽样的名次范围，按原分值排名前 \(shown) 名", en: "Rank intervals (5%–95%), the first \(shown) by centre rank")
                : Localized(zh: "九成抽样的名次范围", en: "Rank intervals (5%–95%)")
        case .intervalAxis: return Localized(zh: "排名", en: "Rank")
        case .intervalSeries: return Localized(zh: "九成抽样的名次范围", en: "5%–95% rank interval")
        case .sensitivityChartTitle:
            return Localized(zh: "各指标分值对拟认定名单变化的影响", en: "How much each indicator's points move the recognised set")
        case .firstOrderSeries: return Localized(zh: "单独的影响", en: "First order")
        case .totalSeries: return Localized(zh: "全部影响", en: "Total")
        case .outputLeaving(let r):
            return Localized(zh: "按原分值拟认定的 \(r) 个县中落选的个数", en: "counties of the centre's \(r) recognised that drop out")
        case .outputRank(let name): return Localized(zh: "\(name)的排名", en: "rank of \(name)")
        case .totalIndexOf(let what): return Localized(zh: "全部影响：\(what)", en: "Total: \(what)")
        case .undefinedIndex: return Localized(zh: "—", en: "—")
        case .noSensitivity:
            return Localized(
                zh: "抽样中这一结果没有变化（如浮动幅度为 0），敏感性指数无定义。",
                en: "this output never changed in the draws (e.g. a spread of 0): the indices are undefined.")
        case .noChange: return Localized(zh: "拟认定名单不变", en: "the recognised set does not change")
        case .cannotDrop:
            return Localized(zh: "不能剔除：其余指标分值合计为 0", en: "cannot drop: the other indicators have no points")
        case .moveEntry(let name, let rank): return Localized(zh: "\(name)（第 \(rank) 名）", en: "\(name) (rank \(rank))")
        case .about(let a):
            switch a {
            case .method: return Localized(zh: "方法", en: "Method")
            case .samples: return Localized(zh: "抽样次数 N", en: "Draws N")
            case .spread: return Localized(zh: "浮动幅度 S", en: "Spread S")
            case .seed: return Localized(zh: "随机种子", en: "Seed")
            case .intervals: return Localized(zh: "排名区间", en: "Rank intervals")
            case .sensitivity: return Localized(zh: "敏感性指数", en: "Sensitivity indices")
            case .drops: return Localized(zh: "逐项剔除", en: "One at a time")
            case .points: return Localized(zh: "原分值（抽样围绕它浮动）", en: "Centre points")
            case .leaving: return Localized(zh: "名单变化", en: "Changes to the recognised set")
            case .disqualified: return Localized(zh: "未参与分析", en: "Not analysed")
            case .rulebook: return Localized(zh: "评价标准", en: "Standard")
            case .input: return Localized(zh: "输入数据", en: "Input")
            case .time: return Localized(zh: "运行时间", en: "Run at")
            case .version: return Localized(zh: "工具版本", en: "Tool version")
            }
        case .aboutMethod(let s, let t, let d, let r):
            let pct = Wording.number(s * 100)
            return Localized(
                zh:
                    "每次抽样把每个指标的分值乘以一个独立的、在 [1 − S, 1 + S]（即 ±\(pct)%）内均匀分布的随机系数，再按比例换算使分值合计为标准满分 \(Wording.number(t))；各县得分率不随分值变化，总分 = Σ 得分率 × 分值；按评价规则排名（总分保留 \(d) 位小数比较，相同者并列）；排名在前 \(r) 名（含并列）即为拟认定。",
                en:
                    "Each draw multiplies every indicator's points by an independent factor, uniform in [1 − S, 1 + S] (±\(pct)%), and rescales them to the standard's total of \(Wording.number(t)); shares do not change with points, so total = Σ share × points; ranks follow the policy (totals compared at \(d) decimals, equal totals share a rank); rank \(r) or better (ties included) is proposed for recognition."
            )
        case .aboutIntervals:
            return Localized(
                zh:
                    "名次中间值：一半抽样中名次比它靠前、一半比它靠后。九成抽样的名次：去掉名次最好和最差的各 5% 抽样后，名次所在的范围（最好、最差两列；即 5% 与 95% 分位：满足“排名不超过 r 的抽样比例 ≥ 5%（95%）”的最小 r）。拟认定概率：排名在拟认定名额内的抽样比例。梯队内各列为同一梯队内的名次。",
                en:
                    "Median, 5th and 95th percentile rank: the smallest r with P(rank ≤ r) ≥ 0.5 (0.05, 0.95). P(recognised): the share of draws ranked within the recognition count. The tier columns are the same within the county's tier."
            )
        case .aboutSensitivity(let n, let rankings, let b):
            return Localized(
                zh:
                    "看每个指标的分值对结果有多大影响。单独的影响（一阶指数）：结果的变化中，只由这一指标分值的浮动造成的比例；全部影响（总效应指数）：再加上它与其他指标一起浮动造成的部分。两者都在 0 到 1 之间，接近 0 表示这一指标的分值怎么调都不影响结果。它们是由抽样估计的，本应为 0 的值可能估出略小于 0 的数（如 −0.01），这是抽样误差，表中一律显示为 0。考察的结果：按原分值拟认定的县中落选的个数，以及 \(b) 个临界县（拟认定概率在 5%–95% 之间，最多 \(Self.borderlineLimitText) 个）各自的排名。计算方法：Saltelli 抽样设计，Jansen 估计量（与 COINr 的 get_sensitivity 相同），基础样本 \(n) 个，共 \(rankings) 次排名计算。",
                en:
                    "Saltelli design, Jansen estimators (as COINr's get_sensitivity): \(n) base samples, \(rankings) rankings. First order: the share of variance due to the indicator's points alone; total: with its interactions (near 0: the indicator's points do not matter to the output). Both are estimates: one that is truly 0 can come out slightly below 0 (e.g. −0.01), which is sampling noise, so negative estimates are shown as 0. Outputs: how many of the centre's recognised counties drop out, and the rank of each of \(b) borderline counties (P(recognised) between 5% and 95%, at most \(Self.borderlineLimitText))."
            )
        case .aboutDrops(let t):
            return Localized(
                zh: "每次剔除一个指标（分值设为 0），其余指标分值按比例换算为合计 \(Wording.number(t))，列出进入和退出拟认定名单的县。",
                en:
                    "Each indicator dropped in turn (points 0), the others rescaled to add up to \(Wording.number(t)); the counties that enter or leave the recognised set."
            )
        case .aboutPoints(let source, let g, let s):
            return abs(g - s) < 1e-9
                ? Localized(zh: "\(source)，合计 \(Wording.number(g))", en: "\(source), adding up to \(Wording.number(g))")
                : Localized(
                    zh: "\(source)，合计 \(Wording.number(g))，已按比例换算为合计 \(Wording.number(s))",
                    en: "\(source), adding up to \(Wording.number(g)), rescaled to \(Wording.number(s))")
        case .aboutLeaving(let mean, let unchanged, let r):
            return Localized(
                zh: "按原分值拟认定 \(r) 个县；平均每次抽样有 \(Self.fixed(mean, 2)) 个落选，\(Self.fixed(unchanged * 100, 1))% 的抽样全部保留。",
                en:
                    "\(r) counties are recognised under the centre points; on average \(Self.fixed(mean, 2)) drop out per draw, and in \(Self.fixed(unchanged * 100, 1))% of draws all stay."
            )
        case .aboutDisqualified(let n):
            return Localized(
                zh: "\(n) 个不具备资格的县（前置指标或一票否决）不参与排名，也不参与本分析。",
                en: "\(n) disqualified applicants (prerequisite or veto) are not ranked and not analysed.")
        case .aboutInput(let f, let h): return Localized(zh: "\(f)（校验值 SHA-256：\(h)）", en: "\(f) (SHA-256 \(h))")
        }
    }

    static var borderlineLimitText: String { String(RobustnessAnalysis.borderlineLimit) }

    /// A number with a fixed count of decimals.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        let text = String(rounded)
        let parts = text.split(separator: ".", maxSplits: 1)
        let whole = parts.first.map(String.init) ?? text
        if decimals == 0 { return whole }
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        return whole + "." + String((fraction + String(repeating: "0", count: decimals)).prefix(decimals))
    }

    public static var examples: [RobustnessMessage] {
        [
            .errorPrefix, .badSamples("0"), .badSpread("1.5"), .badSeed("abc"), .badSensitivitySamples("1"), .zeroPoints,
            .pointsUnusable, .cancelled,
            .nothingRanked, .progress(done: 1, total: 2), .pointsRescaled(given: 103, standard: 100),
            .summary(counties: 136, samples: 10_000, spread: 0.2, seed: 1), .summaryColumns, .summaryColumnsExplained,
            .summaryLeaving(mean: 1.5, unchanged: 0.2, recognised: 10), .workbookWritten("a.xlsx"), .csvWritten("a.csv"),
            .took(seconds: 1.25), .pageTitle("标准", .robustness), .intervalChartTitle(shown: 60, of: 136),
            .intervalAxis, .intervalSeries, .sensitivityChartTitle, .firstOrderSeries, .totalSeries,
            .outputLeaving(recognised: 10), .outputRank("历下区（济南市）"), .totalIndexOf("历下区（济南市）的排名"),
            .undefinedIndex, .noSensitivity, .noChange, .cannotDrop, .moveEntry(name: "历下区（济南市）", rank: 9),
            .aboutMethod(spread: 0.2, total: 100, decimals: 4, recognition: 10), .aboutIntervals,
            .aboutSensitivity(baseSamples: 1000, rankings: 45_000, borderline: 6), .aboutDrops(total: 100),
            .aboutPoints(source: "评价标准默认分值", given: 100, standard: 100), .aboutLeaving(mean: 1.2, unchanged: 0.3, recognised: 10),
            .aboutDisqualified(3), .aboutInput(file: "a.csv", sha256: "00"),
        ] + Sheet.allCases.map { .sheet($0) } + Header.allCases.map { .header($0) } + About.allCases.map { .about($0) }
    }
}
