/// Every text the ranked workbook shows that is not county data: sheet names, headers, notes and the 说明
/// sheet, in Chinese and English.
public enum WorkbookText: Message {
    // Sheets.
    case overallSheet, scoresSheet, sharesSheet, weightsSheet, inputSheet, efficacySheet, problemsSheet, aboutSheet
    case chartSheet
    case currentOrderSheet, currentOrderNote, writtenRank, rankChange
    case sheetTitle(rulebook: String, sheet: String)
    case tierSheetTitle(rulebook: String, tier: String)
    case documentTitle(rulebook: String)
    case pageFooter
    // Ranking sheets.
    case rank, county, city, tier, total, status, overallRank, roundedTotal
    case recognised
    case disqualified(reasons: String)
    case reasonSeparator
    // Charts.
    case chartNoteSome(shown: Int, of: Int)
    case chartNoteAll(Int)
    case totalsChart
    case compositionChart
    // Matrix sheets.
    case category, points, number
    case indicatorHeader(number: Int, name: String, points: String)
    // 权重.
    case indicator, name, subcategory, sources, standardPoints, adjustedMark, ruleKinds, tiered
    case adjustedFrom(String)
    case yes, no
    case totalRow
    case totalDiffers(String)
    case pointsInputTitle
    case pointsInputMessage
    case weightsNote
    // 原始数据.
    case line
    case ranked
    /// The status word of a disqualified applicant, alone (the scores CSV with Chinese headers).
    case disqualifiedStatus
    case derivedLabel(String)
    /// The 说明 sheet's input format for a workbook input.
    case sheetNamed(String)
    // 功效系数.
    case indicatorName, figure, key, group, threshold, direction, minimum, maximum, eligible
    case wholeCohort
    case higherIsBetter, lowerIsBetter
    case efficacyNote
    // 数据问题.
    case severity, file, lineShort, fieldLabel, value, message, error, warning, none
    // 说明.
    case item, content
    case aboutRulebook, aboutRulebookFile, aboutInput, aboutSHA, aboutEncoding, aboutWeights, aboutMaximum
    case maximumAdjusted(String)
    case aboutAdjusted, aboutApplicants
    case applicantsLine(total: Int, ranked: Int, disqualified: Int)
    case aboutRecognition
    case recognitionLine(Int)
    case aboutTime, aboutVersion, aboutMethod, methodText, aboutEfficacy
    case efficacyText(base: String, span: String, allEqual: String)
    case allEqualFull
    case allEqualBase(String)
    case aboutTiers, aboutTiered
    case tieredText(String)
    case aboutRanking
    case rankingText(Int)
    case aboutMissing, missingText, aboutReweighting, reweightingText, aboutPrecision, precisionText
    case aboutUnknownColumns
    case standardWeights
    case weightsFile(String)

    public var localized: Localized {
        switch self {
        case .overallSheet: return Localized(zh: "总排名", en: "Ranking")
        case .currentOrderSheet: return Localized(zh: "按当前分值排序", en: "Order by current points")
        case .currentOrderNote:
            return Localized(
                zh:
                    "本表按“权重”表中当前的分值，把参与排名的县按名次从高到低排列：修改分值后自动重新排列，无需宏。（“总排名”和各梯队表的名次也会重算，但各行不会移动位置；也可以在那里点“排名”列标题的筛选按钮，选“升序”。）",
                en:
                    "The ranked counties in rank order under the points now in the Weights sheet: change a point and this list re-sorts by itself, without macros. (The ranks on the Ranking and tier sheets recalculate too, but their rows stay where they are; there, the Rank column's filter button and “Sort ascending” re-sort them.)"
            )
        case .writtenRank: return Localized(zh: "生成时的名次", en: "Rank as written")
        case .rankChange: return Localized(zh: "名次变化（正数为上升）", en: "Change (positive: up)")
        case .scoresSheet: return Localized(zh: "指标得分", en: "Scores")
        case .sharesSheet: return Localized(zh: "得分率", en: "Shares")
        case .weightsSheet: return Localized(zh: "权重", en: "Points")
        case .inputSheet: return Localized(zh: "原始数据", en: "Inputs")
        case .efficacySheet: return Localized(zh: "功效系数", en: "Efficacy")
        case .problemsSheet: return Localized(zh: "数据问题", en: "Data problems")
        case .aboutSheet: return Localized(zh: "说明", en: "About")
        case .chartSheet: return Localized(zh: "图表", en: "Charts")
        case .sheetTitle(let rulebook, let sheet): return Localized(verbatim: "\(rulebook) — \(sheet)")
        case .tierSheetTitle(let rulebook, let tier):
            return Localized(zh: "\(rulebook) — \(tier)排名", en: "\(rulebook) — ranking in \(tier)")
        case .documentTitle(let rulebook): return Localized(zh: "\(rulebook) 排名", en: "\(rulebook): ranking")
        case .pageFooter: return Localized(zh: "&C第 &P 页，共 &N 页", en: "&CPage &P of &N")
        case .rank: return Localized(zh: "排名", en: "Rank")
        case .county: return Localized(zh: "县（市、区）", en: "County")
        case .city: return Localized(zh: "所属地级市", en: "City")
        case .tier: return Localized(zh: "梯队", en: "Tier")
        case .total: return Localized(zh: "总分", en: "Total")
        case .status: return Localized(zh: "状态", en: "Status")
        case .overallRank: return Localized(zh: "全省排名", en: "Overall rank")
        case .roundedTotal: return Localized(zh: "总分（四位小数，排名用）", en: "Total (4 decimals, for ranking)")
        case .recognised: return Localized(zh: "拟认定", en: "Proposed")
        case .disqualified(let reasons):
            return Localized(zh: "不具备资格：\(reasons)", en: "Disqualified: \(reasons)")
        case .reasonSeparator: return Localized(zh: "；", en: "; ")
        case .chartNoteSome(let shown, let of):
            return Localized(
                zh: "图表显示前 \(shown) 名（共 \(of) 个参评县（市、区）），完整排名见\u{201C}总排名\u{201D}。",
                en: "The charts show the top \(shown) of \(of) ranked counties; the full ranking is on the Ranking sheet.")
        case .chartNoteAll(let n):
            return Localized(zh: "图表显示全部 \(n) 个参评县（市、区）。", en: "The charts show all \(n) ranked counties.")
        case .totalsChart: return Localized(zh: "总分排名", en: "Totals")
        case .compositionChart: return Localized(zh: "一级指标得分构成", en: "Scores by first-level category")
        case .category: return Localized(zh: "一级指标", en: "Category")
        case .points: return Localized(zh: "分值", en: "Points")
        case .number: return Localized(zh: "序号", en: "No.")
        case .indicatorHeader(let number, let name, let points):
            return Localized(zh: "\(number) \(name)（\(points)分）", en: "\(number) \(name) (\(points) pt)")
        case .indicator: return Localized(zh: "指标", en: "Indicator")
        case .name: return Localized(zh: "名称", en: "Name")
        case .subcategory: return Localized(zh: "二级指标", en: "Subcategory")
        case .sources: return Localized(zh: "责任单位（数据来源）", en: "Responsible unit (source)")
        case .standardPoints: return Localized(zh: "标准分值", en: "Standard points")
        case .adjustedMark: return Localized(zh: "调整", en: "Adjusted")
        case .ruleKinds: return Localized(zh: "规则类型", en: "Rule kinds")
        case .tiered: return Localized(zh: "梯队内比较", en: "Within tier")
        case .adjustedFrom(let points):
            return Localized(zh: "已调整（标准 \(points) 分）", en: "adjusted (standard \(points))")
        case .yes: return Localized(zh: "是", en: "yes")
        case .no: return Localized(zh: "否", en: "no")
        case .totalRow: return Localized(zh: "合计（满分）", en: "Total (full marks)")
        case .totalDiffers(let total):
            return Localized(zh: "分值合计与标准满分 \(total) 分不同", en: "the points do not add up to the standard's \(total)")
        case .pointsInputTitle: return Localized(zh: "分值", en: "Points")
        case .pointsInputMessage:
            return Localized(
                zh: "输入 0 或正数；修改后各县得分、总分与排名自动重算。",
                en: "Enter 0 or more; every score, total and rank recalculates.")
        case .weightsNote:
            return Localized(
                zh:
                    "修改\u{201C}分值\u{201D}列即可重新计算各县的指标得分、总分与排名（得分 = 得分率 × 分值）。与标准分值不同的分值标为红色。排名表的行不会自动移动位置：按新名次排列的名单见\u{201C}按当前分值排序\u{201D}表。",
                en:
                    "Change the Points column to recalculate every score, total and rank (score = share × points). Points that differ from the standard are marked red. The rows of the ranking sheets do not move: the sheet “Order by current points” lists the new order."
            )
        case .line: return Localized(zh: "行号", en: "Line")
        case .ranked: return Localized(zh: "参评", en: "ranked")
        case .disqualifiedStatus: return Localized(zh: "不具备资格", en: "disqualified")
        case .derivedLabel(let label): return Localized(zh: "【派生】\(label)", en: "[derived] \(label)")
        case .sheetNamed(let sheet):
            return Localized(zh: "Excel 工作簿，工作表\u{201C}\(sheet)\u{201D}", en: "Excel workbook, sheet “\(sheet)”")
        case .indicatorName: return Localized(zh: "指标名称", en: "Indicator name")
        case .figure: return Localized(zh: "计算项", en: "Figure")
        case .key: return Localized(zh: "字段", en: "Key")
        case .group: return Localized(zh: "比较范围", en: "Comparison group")
        case .threshold: return Localized(zh: "达标门槛", en: "Threshold")
        case .direction: return Localized(zh: "方向", en: "Direction")
        case .minimum: return Localized(zh: "最小值", en: "Minimum")
        case .maximum: return Localized(zh: "最大值", en: "Maximum")
        case .eligible: return Localized(zh: "参与计算数", en: "Eligible")
        case .wholeCohort: return Localized(zh: "全体参评", en: "whole cohort")
        case .higherIsBetter: return Localized(zh: "越高越好", en: "higher is better")
        case .lowerIsBetter: return Localized(zh: "越低越好", en: "lower is better")
        case .efficacyNote:
            return Localized(
                zh: "功效系数 d = 60 + 40 ×（x − 最小值）/（最大值 − 最小值），得分 = 分值 × d / 100；最小值、最大值取自达到门槛且具备资格的参评县；全部相等时得满分。",
                en:
                    "Efficacy coefficient d = 60 + 40 × (x − min)/(max − min), score = points × d / 100; min and max over the eligible applicants that reach the threshold; all equal → full points."
            )
        case .severity: return Localized(zh: "级别", en: "Severity")
        case .file: return Localized(zh: "文件", en: "File")
        case .lineShort: return Localized(zh: "行", en: "Line")
        case .fieldLabel: return Localized(zh: "字段名称", en: "Label")
        case .value: return Localized(zh: "值", en: "Value")
        case .message: return Localized(zh: "说明", en: "Message")
        case .error: return Localized(zh: "错误", en: "error")
        case .warning: return Localized(zh: "警告", en: "warning")
        case .none: return Localized(zh: "无", en: "none")
        case .item: return Localized(zh: "项目", en: "Item")
        case .content: return Localized(zh: "内容", en: "Content")
        case .aboutRulebook: return Localized(zh: "评价标准", en: "Standard")
        case .aboutRulebookFile: return Localized(zh: "规则文件", en: "Rulebook file")
        case .aboutInput: return Localized(zh: "输入文件", en: "Input file")
        case .aboutSHA: return Localized(zh: "输入文件 SHA-256", en: "Input SHA-256")
        case .aboutEncoding: return Localized(zh: "输入编码", en: "Input encoding")
        case .aboutWeights: return Localized(zh: "权重来源", en: "Points from")
        case .aboutMaximum: return Localized(zh: "满分", en: "Full marks")
        case .maximumAdjusted(let standard):
            return Localized(zh: "（标准满分 \(standard)，权重已调整）", en: " (the standard's \(standard); points adjusted)")
        case .aboutAdjusted: return Localized(zh: "已调整的指标", en: "Adjusted indicators")
        case .aboutApplicants: return Localized(zh: "参评县（市、区）", en: "Applicants")
        case .applicantsLine(let total, let ranked, let disqualified):
            return Localized(
                zh: "\(total) 个，其中具备资格 \(ranked) 个，不具备资格 \(disqualified) 个",
                en: "\(total): \(ranked) ranked, \(disqualified) disqualified")
        case .aboutRecognition: return Localized(zh: "拟认定", en: "Proposed for recognition")
        case .recognitionLine(let n): return Localized(zh: "排名前 \(n) 名", en: "the top \(n)")
        case .aboutTime: return Localized(zh: "运行时间", en: "Run at")
        case .aboutVersion: return Localized(zh: "工具版本", en: "Tool version")
        case .aboutMethod: return Localized(zh: "评价方法", en: "Method")
        case .methodText:
            return Localized(
                zh: "先核查前置指标与一票否决项，不达标者取消资格、不参与排名与功效系数计算；其余按各指标评价标准计分，指标得分 = 得分率 × 分值，总分为各指标得分之和。",
                en:
                    "Gates first: an applicant failing a prerequisite or hit by a veto is disqualified, unranked and out of every min/max; the others are scored indicator by indicator, score = share × points, total = the sum of the scores."
            )
        case .aboutEfficacy: return Localized(zh: "功效系数法", en: "Efficacy coefficient")
        case .efficacyText(let base, let span, let allEqual):
            return Localized(
                zh:
                    "d = \(base) + \(span) ×（x − 最小值）/（最大值 − 最小值），得分 = 分值 × d / 100。最小值、最大值取自具备资格、数据有效且达到门槛的参评县；未达门槛、未填报或无法计算者该项得 0 分且不参与最小值、最大值；最大值等于最小值时\(allEqual)。",
                en:
                    "d = \(base) + \(span) × (x − min)/(max − min), score = points × d / 100. min and max run over the eligible applicants with a valid figure that reach the threshold; below the threshold, not reported or undefined scores 0 and enters no min/max; when max = min, \(allEqual)."
            )
        case .allEqualFull: return Localized(zh: "得满分", en: "full points")
        case .allEqualBase(let base): return Localized(zh: "d 取 \(base)", en: "d = \(base)")
        case .aboutTiers: return Localized(zh: "梯队", en: "Tiers")
        case .aboutTiered: return Localized(zh: "梯队内比较的指标", en: "Indicators compared within the tier")
        case .tieredText(let numbers):
            return Localized(zh: "\(numbers)（最小值、最大值在所属梯队内取）", en: "\(numbers) (min and max within the tier)")
        case .aboutRanking: return Localized(zh: "排名", en: "Ranking")
        case .rankingText(let decimals):
            return Localized(
                zh: "按总分从高到低，总分取 \(decimals) 位小数比较，相同者并列（如 1、2、2、4），并列者按输入顺序列出；不具备资格者列于最后。",
                en:
                    "By total, highest first, compared at \(decimals) decimals; equal totals share a rank (1, 2, 2, 4) in input order; the disqualified come last."
            )
        case .aboutMissing: return Localized(zh: "缺失数据", en: "Missing data")
        case .missingText:
            return Localized(
                zh: "空白单元格视为未填报，相关项不得分，并在\u{201C}数据问题\u{201D}中列出。",
                en: "An empty cell is not reported: its part scores 0, and it is listed under Data problems.")
        case .aboutReweighting: return Localized(zh: "重新加权", en: "Re-weighting")
        case .reweightingText:
            return Localized(
                zh: "在\u{201C}权重\u{201D}表中修改分值，\u{201C}总排名\u{201D}、各梯队表、\u{201C}指标得分\u{201D}中的总分、一级指标得分、排名与拟认定标记随之重新计算。",
                en:
                    "Change a point on the Points sheet and the totals, subtotals, ranks and the proposed mark recalculate on every sheet."
            )
        case .aboutPrecision: return Localized(zh: "显示精度", en: "Precision")
        case .precisionText:
            return Localized(zh: "得分显示两位小数，计算保留全部精度。", en: "Scores are shown at 2 decimals and computed in full precision.")
        case .aboutUnknownColumns: return Localized(zh: "未识别的列", en: "Unknown columns")
        case .standardWeights: return Localized(zh: "评价标准默认分值", en: "the standard's points")
        case .weightsFile(let file): return Localized(zh: "调整权重文件：\(file)", en: "adjusted points: \(file)")
        }
    }

    public static var examples: [WorkbookText] {
        [
            .overallSheet, .scoresSheet, .sharesSheet, .weightsSheet, .inputSheet, .efficacySheet, .problemsSheet,
            .aboutSheet, .chartSheet, .currentOrderSheet, .currentOrderNote, .writtenRank, .rankChange,
            .sheetTitle(rulebook: "标准", sheet: "总排名"),
            .tierSheetTitle(rulebook: "标准", tier: "第一梯队"), .documentTitle(rulebook: "标准"), .pageFooter, .rank, .county,
            .city, .tier, .total, .status, .overallRank, .roundedTotal, .recognised, .disqualified(reasons: "一票否决"),
            .reasonSeparator, .chartNoteSome(shown: 60, of: 132), .chartNoteAll(50), .totalsChart, .compositionChart,
            .category, .points, .number, .indicatorHeader(number: 1, name: "口号", points: "2"), .indicator, .name,
            .subcategory, .sources, .standardPoints, .adjustedMark, .ruleKinds, .tiered, .adjustedFrom("2"), .yes, .no,
            .totalRow, .totalDiffers("100"), .pointsInputTitle, .pointsInputMessage, .weightsNote, .line, .ranked,
            .disqualifiedStatus,
            .derivedLabel("增长率"), .sheetNamed("Sheet1"), .indicatorName, .figure, .key, .group, .threshold, .direction, .minimum,
            .maximum,
            .eligible, .wholeCohort, .higherIsBetter, .lowerIsBetter, .efficacyNote, .severity, .file, .lineShort, .fieldLabel,
            .value, .message,
            .error, .warning, .none, .item, .content, .aboutRulebook, .aboutRulebookFile, .aboutInput, .aboutSHA,
            .aboutEncoding, .aboutWeights, .aboutMaximum, .maximumAdjusted("100"), .aboutAdjusted, .aboutApplicants,
            .applicantsLine(total: 136, ranked: 132, disqualified: 4), .aboutRecognition, .recognitionLine(10),
            .aboutTime, .aboutVersion, .aboutMethod, .methodText, .aboutEfficacy,
            .efficacyText(base: "60", span: "40", allEqual: "得满分"), .allEqualFull, .allEqualBase("60"), .aboutTiers,
            .aboutTiered, .tieredText("31、35"), .aboutRanking, .rankingText(4), .aboutMissing, .missingText,
            .aboutReweighting, .reweightingText, .aboutPrecision, .precisionText, .aboutUnknownColumns, .standardWeights,
            .weightsFile("w.csv"),
        ]
    }
}
