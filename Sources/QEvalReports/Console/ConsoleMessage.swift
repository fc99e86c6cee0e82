import QEval

/// What the command line prints for people: summaries, notes and the help of every command and option.
public enum ConsoleMessage: Message {
    // Summary of a ranking run.
    case inputLine(file: String, applicants: Int, encoding: EncodingName, sheet: String?, ranked: Int, disqualified: Int)
    case standardPoints
    case adjustedPoints(file: String, total: String)
    case adjustedIndicators(count: Int, list: String)
    case disqualifiedHeading(Int)
    case moreDisqualified(Int)
    case warningsHeading(total: Int, scoreAffecting: Int)
    case warningKind(kind: Localized, count: Int)
    case andMore(Int)
    case seeSheet
    /// For commands that write no ranked workbook (explain, feedback, robustness).
    case seeRankedWorkbook
    case topHeading(Int)
    case columnRank
    case columnCounty
    case columnCity
    case columnTier
    case columnTotal
    case recognised
    case workbookWritten(String)
    case scoresWritten(String)
    case templateWritten(path: String, columns: Int)
    case generated(path: String, count: Int)
    // Comparison.
    case comparedLine(counties: Int, moved: Int, largest: Int)
    case entering(top: Int, names: String)
    case leaving(top: Int, names: String)
    case csvWritten(String)
    case dataProblemsOf(file: String, warnings: Int, scoreAffecting: Int)
    case scenarioPointsOff(scenario: String, total: String, standard: String)

    public var localized: Localized {
        switch self {
        case .inputLine(let file, let n, let encoding, let sheet, let ranked, let disqualified):
            let zhFormat = sheet.map { "Excel 工作簿，工作表\u{201C}\($0)\u{201D}" } ?? encoding.localized.zh
            let enFormat = sheet.map { "Excel workbook, sheet “\($0)”" } ?? encoding.localized.en
            return Localized(
                zh: "输入：\(file)（\(n) 个申报单位，\(zhFormat)）；参与排名 \(ranked) 个，不具备资格 \(disqualified) 个",
                en: "input: \(file) (\(n) applicants, \(enFormat)); ranked \(ranked), disqualified \(disqualified)")
        case .standardPoints:
            return Localized(zh: "分值：评价标准默认分值（合计 100 分）", en: "points: the standard's own (total 100)")
        case .adjustedPoints(let file, let total):
            return Localized(
                zh: "分值：已按调整权重文件 \(file) 计分（合计 \(total) 分）", en: "points: adjusted, from \(file) (total \(total))")
        case .adjustedIndicators(let count, let list):
            return Localized(zh: "  调整了 \(count) 项指标的分值：\(list)", en: "  points changed for \(count) indicator(s): \(list)")
        case .disqualifiedHeading(let n):
            return Localized(zh: "不具备资格（\(n) 个，不参与排名）：", en: "disqualified (\(n), not ranked):")
        case .moreDisqualified(let n):
            return Localized(
                zh: "  ……另有 \(n) 个，全部列在工作簿\u{201C}总排名\u{201D}表的最后",
                en: "  … and \(n) more, all listed at the end of the Ranking sheet")
        case .warningsHeading(let total, let affecting):
            return Localized(
                zh: "数据问题：共 \(total) 条警告，其中 \(affecting) 条影响得分：",
                en: "data problems: \(total) warning(s), \(affecting) of them change a score:")
        case .warningKind(let kind, let count):
            return Localized(zh: "  \(kind.zh)：\(count) 条", en: "  \(kind.en): \(count)")
        case .andMore(let n):
            return Localized(zh: "      ……另有 \(n) 条", en: "      … and \(n) more")
        case .seeSheet:
            return Localized(
                zh: "  全部警告列在工作簿的\u{201C}数据问题\u{201D}表中。", en: "  every warning is listed in the workbook's 数据问题 sheet.")
        case .seeRankedWorkbook:
            return Localized(
                zh: "  全部警告可在 qeval rank 写出的排名工作簿的\u{201C}数据问题\u{201D}表中查看。",
                en: "  every warning is listed in the 数据问题 sheet of the ranked workbook qeval rank writes.")
        case .topHeading(let n): return Localized(zh: "前 \(n) 名：", en: "top \(n):")
        case .columnRank: return Localized(zh: "排名", en: "rank")
        case .columnCounty: return Localized(zh: "县（市、区）", en: "county")
        case .columnCity: return Localized(zh: "所属地级市", en: "city")
        case .columnTier: return Localized(zh: "梯队", en: "tier")
        case .columnTotal: return Localized(zh: "总分", en: "total")
        case .recognised: return Localized(zh: "拟认定", en: "proposed (拟认定)")
        case .workbookWritten(let path): return Localized(zh: "工作簿：\(path)", en: "workbook: \(path)")
        case .scoresWritten(let path): return Localized(zh: "得分表（CSV）：\(path)", en: "scores:   \(path)")
        case .templateWritten(let path, let columns):
            return Localized(zh: "填报模板：\(path)（\(columns) 列）", en: "template: \(path) (\(columns) columns)")
        case .generated(let path, let count):
            return Localized(
                zh: "已生成 \(count) 个模拟申报单位：\(path)（数据为随机生成，仅供试用和测试）",
                en: "generated \(count) synthetic applicants: \(path) (random figures, for trying and testing only)")
        case .comparedLine(let counties, let moved, let largest):
            return Localized(
                zh: "比较了 \(counties) 个县（市、区）：\(moved) 个名次变化，最大变化 \(largest) 位",
                en: "compared \(counties) counties: \(moved) changed rank, largest move \(largest)")
        case .entering(let top, let names):
            return Localized(zh: "进入前 \(top) 名：\(names)", en: "enter the top \(top): \(names)")
        case .leaving(let top, let names):
            return Localized(zh: "退出前 \(top) 名：\(names)", en: "leave the top \(top): \(names)")
        case .csvWritten(let path): return Localized(zh: "比较表（CSV）：\(path)", en: "csv:      \(path)")
        case .dataProblemsOf(let file, let warnings, let affecting):
            return Localized(
                zh: "\(file)：\(warnings) 条数据问题警告，其中 \(affecting) 条影响得分（见比较工作簿的\u{201C}数据问题\u{201D}表）",
                en:
                    "\(file): \(warnings) data warning(s), \(affecting) of them change a score (see the comparison workbook's 数据问题 sheet)"
            )
        case .scenarioPointsOff(let scenario, let total, let standard):
            return Localized(
                zh: "方案 \(scenario) 的分值合计 \(total) 分，不是 \(standard) 分；其总分按满分 \(total) 分计。",
                en: "scenario \(scenario)'s points add up to \(total), not \(standard); its totals are out of \(total)")
        }
    }

    public static var examples: [ConsoleMessage] {
        [
            .inputLine(file: "a.csv", applicants: 136, encoding: .of(.utf8BOM), sheet: nil, ranked: 132, disqualified: 4),
            .inputLine(file: "a.xlsx", applicants: 136, encoding: .of(.xlsx), sheet: "原始数据", ranked: 132, disqualified: 4),
            .standardPoints,
            .adjustedPoints(file: "w.csv", total: "100"), .adjustedIndicators(count: 1, list: "4 表扬激励与媒体报道（5→3）"),
            .disqualifiedHeading(4), .moreDisqualified(95), .warningsHeading(total: 40, scoreAffecting: 37),
            .warningKind(kind: Localized(zh: "未填报", en: "not reported"), count: 30), .andMore(27), .seeSheet, .seeRankedWorkbook,
            .topHeading(10), .columnRank, .columnCounty, .columnCity, .columnTier, .columnTotal, .recognised,
            .workbookWritten("r.xlsx"), .scoresWritten("s.csv"), .templateWritten(path: "t.csv", columns: 131),
            .generated(path: "g.csv", count: 136), .comparedLine(counties: 136, moved: 20, largest: 5),
            .entering(top: 10, names: "历下区"), .leaving(top: 10, names: "市中区"), .csvWritten("c.csv"),
            .dataProblemsOf(file: "a.csv", warnings: 3, scoreAffecting: 2),
            .scenarioPointsOff(scenario: "B", total: "98", standard: "100"),
        ]
    }
}

/// The name of a kind of warning, for the console's counts ("未填报：30 条"). `named` lists the kinds that
/// have a name of their own; the catalogue test checks that every kind a warning is made of is among them.
public enum WarningKind {
    public static let named: Set<String> = [
        "notReported", "undefinedRatio", "undefinedGrowth", "implausibleFraction", "columnMissingAllowed",
        "countyNotInList", "titleRowSkipped", "blankRow", "unnamedEmptyColumn", "pointsOffTotal",
        "rankedWorkbook", "formGivenAsCohort", "encodingIgnored", "noteColumnsKept", "rejectedFigure", "blankLevel",
    ]

    public static func name(_ kind: String) -> Localized {
        switch kind {
        case "notReported": return Localized(zh: "未填报（计 0 分）", en: "not reported (scores 0)")
        case "undefinedRatio", "undefinedGrowth":
            return Localized(zh: "无法计算（分母为 0，计 0 分）", en: "undefined (a zero denominator; scores 0)")
        case "implausibleFraction": return Localized(zh: "疑似把百分数误填为小数", en: "percentage entered as a fraction?")
        case "columnMissingAllowed": return Localized(zh: "缺少的列（已允许，计 0 分）", en: "missing columns (allowed; score 0)")
        case "countyNotInList": return Localized(zh: "不在行政区划名单中的名称", en: "names not in the list of units")
        case "titleRowSkipped": return Localized(zh: "已跳过的标题行", en: "title row skipped")
        case "blankRow": return Localized(zh: "已跳过的空行", en: "blank rows skipped")
        case "unnamedEmptyColumn": return Localized(zh: "已忽略的无名空列", en: "unnamed empty columns ignored")
        case "pointsOffTotal": return Localized(zh: "分值合计不是满分", en: "points not adding up to the standard's")
        case "rankedWorkbook": return Localized(zh: "读取的是排名工作簿的原始数据", en: "inputs read from a ranked workbook")
        case "formGivenAsCohort": return Localized(zh: "按一个申报单位读取的填报表", en: "a single form read as one applicant")
        case "blankLevel":
            return Localized(zh: "专家未评等级的行（不计入专家组得分）", en: "rows an expert left without a level (not counted by the panel)")
        case "rejectedFigure": return Localized(zh: "核查不予认可的数据（计 0 分）", en: "figures rejected by the reviewers (score 0)")
        case "noteColumnsKept": return Localized(zh: "备注列（保留显示，不计分）", en: "remarks columns (kept, not scored)")
        case "encodingIgnored": return Localized(zh: "对工作簿无效的 --encoding", en: "--encoding ignored for a workbook")
        default: return Localized(zh: "其他", en: "other")
        }
    }
}
