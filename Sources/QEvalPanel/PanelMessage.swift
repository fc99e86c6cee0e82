import QEvalSupport

/// The expert panel's messages (专家评审): the scores file's columns, every refusal, the console summary, the
/// sheets, the expert's scoring workbook.
public enum PanelMessage: Message {
    // The scores' columns (the expert's workbook writes them all; a CSV needs the first five).
    case columnExpert, columnCounty, columnCity, columnField, columnLevel, columnRemark
    case columnIndicator, columnDeclared, columnMeanings, columnKey
    // Refusals, each located by file, line (or cell) and column.
    case missingColumn(String)
    case unknownColumn(name: String, allowed: String)
    case noRows
    case tooManyRows(found: Int, limit: Int)
    case noFiles(folder: String)
    case noExpert
    case unknownApplicant(county: String, city: String)
    case applicantInOtherCity(county: String, city: String, cities: String)
    case unknownField(name: String, judged: String)
    case notJudged(label: String, judged: String)
    case badLevel(value: String, label: String, allowed: String)
    case duplicate(expert: String, first: String)
    case tooFewExperts(label: String, count: Int, required: Int, experts: String)
    case findingOnJudged(label: String)
    case textTooLong(length: Int, limit: Int)
    case blankLevel(expert: String, label: String)
    case noJudgedFields
    // What the panel did (console, 说明).
    case summary(experts: Int, applicants: Int, parts: Int, flagged: Int)
    case flaggedPart(applicant: String, label: String, levels: String, spread: String, half: String)
    case flaggedMore(Int)
    case lenient(expert: String, deviation: String, scored: Int)
    case strict(expert: String, deviation: String, scored: Int)
    case agreementLine(String)
    case effect(applicants: Int, rankChanges: Int)
    case enteringRecognised(top: Int, names: String)
    case leavingRecognised(top: Int, names: String)
    case sourceLine(file: String, sha: String)
    case panelScenario(experts: Int)
    case settledByPanel(label: String, points: String)
    // The 专家评审 and 专家一致性 sheets.
    case sheetName, agreementSheetName
    case sheetTitle(String)
    case columnDeclaredPoints, columnPanelPoints, columnSpread, columnFlag, columnRoundedLevel, columnExperts
    case flagText
    case dropped
    case expertLevel(level: Int, points: String)
    case expertsHeading, fieldsHeading
    case columnScored, columnLeniency, columnAgreeing, columnStandsOut
    case columnApplicants, columnKendallW, columnReading
    case lenientMark, strictMark
    case kendallUndefined
    case kendallReading(String)
    case agreementMethod
    case leniencyMethod
    case notScored
    case anonymousExpert(Int)
    case remarkOf(expert: String, remark: String)
    // The expert's scoring workbook (qeval panel sheet).
    case scoringSheetName, instructionsSheetName
    case scoringTitle(expert: String, standard: String)
    case scoringInstructions(blind: Bool)
    case levelInput(label: String)
    case written(path: String, rows: Int, applicants: Int, fields: Int)
    case blindNote
    case combinationNote

    public var localized: Localized {
        switch self {
        case .columnExpert: return Localized(zh: "专家", en: "expert")
        case .columnCounty: return Localized(zh: "县（市、区）", en: "county")
        case .columnCity: return Localized(zh: "所属地级市", en: "city")
        case .columnField: return Localized(zh: "填报项", en: "field")
        case .columnLevel: return Localized(zh: "等级", en: "level")
        case .columnRemark: return Localized(zh: "备注", en: "remark")
        case .columnIndicator: return Localized(zh: "指标", en: "indicator")
        case .columnDeclared: return Localized(zh: "申报等级", en: "declared")
        case .columnMeanings: return Localized(zh: "各等级含义", en: "levels")
        case .columnKey: return Localized(zh: "字段代码", en: "key")
        case .missingColumn(let name):
            return Localized(
                zh: "专家评分缺少“\(name)”一列。请用 qeval panel sheet 生成的评分表，或写成“专家、县（市、区）、所属地级市、填报项、等级”五列的表。",
                en:
                    "the panel scores have no column “\(name)”. Use the workbook qeval panel sheet writes, or a table of five columns: expert, county, city, field, level."
            )
        case .unknownColumn(let name, let allowed):
            return Localized(
                zh: "列名“\(name)”不是专家评分的列。可用的列：\(allowed)。请改正列名或删去该列。",
                en: "“\(name)” is not a column of the panel scores. The columns are: \(allowed). Rename or remove it.")
        case .noRows:
            return Localized(
                zh: "专家评分中只有表头，没有任何一条评分。",
                en: "the panel scores have a header but no score.")
        case .tooManyRows(let found, let limit):
            return Localized(
                zh: "专家评分文件有 \(found) 行，超过上限 \(limit) 行：请检查是否选错了文件。",
                en: "the panel scores have \(found) rows, more than the \(limit) allowed: check that this is the right file.")
        case .noFiles(let folder):
            return Localized(
                zh: "文件夹“\(folder)”中没有专家评分文件（.xlsx 或 .csv）。请把专家交回的评分表放入该文件夹。",
                en: "the folder “\(folder)” holds no panel scores (.xlsx or .csv). Put the experts' returned workbooks in it.")
        case .noExpert:
            return Localized(
                zh: "“专家”为空：每条评分都要写明是哪位专家评的。",
                en: "no expert: every score must name the expert who gave it.")
        case .unknownApplicant(let county, let city):
            return Localized(
                zh: "申报数据中没有“\(county)（\(city)）”：专家只能给申报数据中的县（市、区）评分。请核对县名和所属地级市（与申报数据写法一致）。",
                en:
                    "there is no “\(county) (\(city))” in the cohort: an expert can only score an applicant of the cohort. Check the county and city as the cohort writes them."
            )
        case .applicantInOtherCity(let county, let city, let cities):
            return Localized(
                zh: "申报数据中的“\(county)”属于\(cities)，不是“\(city)”。请改正所属地级市。",
                en: "“\(county)” of the cohort belongs to \(cities), not “\(city)”. Correct the city.")
        case .unknownField(let name, let judged):
            return Localized(
                zh: "“\(name)”不是需专家评审的填报项。专家评审的填报项是：\(judged)。",
                en: "“\(name)” is not an item the panel scores. The panel's items are: \(judged).")
        case .notJudged(let label, let judged):
            return Localized(
                zh: "“\(label)”是按申报（或核查）数据计分的填报项，不由专家评审。专家评审的填报项是：\(judged)。",
                en:
                    "“\(label)” is scored from the declared (or verified) figure, not by the panel. The panel's items are: \(judged)."
            )
        case .badLevel(let value, let label, let allowed):
            return Localized(
                zh: "等级“\(value)”不是“\(label)”的等级；应为以下之一：\(allowed)（写数字即可）。",
                en: "“\(value)” is not a level of “\(label)”; expected one of \(allowed) (the number is enough).")
        case .duplicate(let expert, let first):
            return Localized(
                zh: "专家“\(expert)”已在 \(first) 给这一县（市、区）的这一项评过分：每位专家每项只能有一个等级。请删去其中一条。",
                en:
                    "the expert “\(expert)” already scored this applicant's item at \(first): one level per expert and item. Remove one."
            )
        case .tooFewExperts(let label, let count, let required, let experts):
            let who = experts.isEmpty ? Localized(zh: "", en: "") : Localized(zh: "（\(experts)）", en: " (\(experts))")
            return Localized(
                zh: "“\(label)”只有 \(count) 位专家的评分\(who.zh)，至少需要 \(required) 位。请补齐专家评分后再计算。",
                en:
                    "“\(label)” has scores from \(count) expert\(count == 1 ? "" : "s")\(who.en); at least \(required) are needed. Complete the panel's scores first."
            )
        case .findingOnJudged(let label):
            return Localized(
                zh: "“\(label)”由专家评审确定，不能再有核查记录。请删去这条核查记录，或不加 --panel 按核查记录计算。",
                en:
                    "“\(label)” is settled by the expert panel: it cannot also have a finding. Remove the finding, or leave out --panel."
            )
        case .textTooLong(let length, let limit):
            return Localized(
                zh: "内容有 \(length) 个字，超过 \(limit) 字的上限：请精简。",
                en: "\(length) characters, more than the \(limit) allowed: shorten it.")
        case .blankLevel(let expert, let label):
            return Localized(
                zh: "专家“\(expert)”没有给“\(label)”评等级：这一条不计入专家组的得分。",
                en: "the expert “\(expert)” gave no level for “\(label)”: this row does not count in the panel's points.")
        case .noJudgedFields:
            return Localized(
                zh: "评价标准中没有标为 judged: true 的填报项，没有需要专家评审的内容。",
                en: "the rulebook marks no field judged: true: there is nothing for an expert panel to score.")
        case .summary(let experts, let applicants, let parts, let flagged):
            return Localized(
                zh: "专家评审：\(experts) 位专家，\(applicants) 个申报单位，\(parts) 项按专家组得分计；\(flagged) 项分歧较大（极差超过该项分值的一半），需专家组讨论",
                en:
                    "expert panel: \(experts) experts, \(applicants) applicants, \(parts) parts scored by the panel; \(flagged) with a wide spread (more than half the part's points) for the panel to discuss"
            )
        case .flaggedPart(let applicant, let label, let levels, let spread, let half):
            return Localized(
                zh: "  分歧：\(applicant) “\(label)”：\(levels)；极差 \(spread) 分，超过 \(half) 分",
                en: "  spread: \(applicant) “\(label)”: \(levels); spread \(spread), more than \(half)")
        case .flaggedMore(let n):
            return Localized(zh: "  ……另有 \(n) 项，见工作簿的“专家评审”表", en: "  … \(n) more in the workbook's 专家评审 sheet")
        case .lenient(let expert, let deviation, let scored):
            return Localized(
                zh: "  专家“\(expert)”偏宽：\(scored) 项平均比专家组高 \(deviation)（以该项分值计）",
                en:
                    "  the expert “\(expert)” is lenient: over \(scored) parts, \(deviation) above the panel (of the part's points)"
            )
        case .strict(let expert, let deviation, let scored):
            return Localized(
                zh: "  专家“\(expert)”偏严：\(scored) 项平均比专家组低 \(deviation)（以该项分值计）",
                en:
                    "  the expert “\(expert)” is strict: over \(scored) parts, \(deviation) below the panel (of the part's points)"
            )
        case .agreementLine(let list):
            return Localized(zh: "  各项一致性（肯德尔 W）：\(list)", en: "  agreement per item (Kendall's W): \(list)")
        case .effect(let p, let q):
            return Localized(
                zh: "  专家评审（及核查）后：\(p) 个申报单位的得分变化，\(q) 个名次变化",
                en:
                    "  after the panel (and findings): \(p) applicant\(p == 1 ? "" : "s") changed score, \(q) rank\(q == 1 ? "" : "s") changed"
            )
        case .enteringRecognised(let top, let names):
            return Localized(
                zh: "  因专家评审（及核查）进入拟认定（前 \(top) 名）：\(names)",
                en: "  entering the recognised top \(top) after the panel (and findings): \(names)")
        case .leavingRecognised(let top, let names):
            return Localized(
                zh: "  因专家评审（及核查）退出拟认定（前 \(top) 名）：\(names)",
                en: "  leaving the recognised top \(top) after the panel (and findings): \(names)")
        case .sourceLine(let file, let sha):
            return Localized(zh: "\(file)（校验值 SHA-256：\(sha)）", en: "\(file) (SHA-256 \(sha))")
        case .panelScenario(let experts):
            return Localized(zh: "专家评审后（\(experts) 位专家）", en: "after the expert panel (\(experts) experts)")
        case .settledByPanel(let label, let points):
            return Localized(
                zh: "“\(label)”按专家组评审计 \(points) 分", en: "“\(label)” scored \(points) by the expert panel")
        case .sheetName: return Localized(zh: "专家评审", en: "Panel")
        case .agreementSheetName: return Localized(zh: "专家一致性", en: "Panel agreement")
        case .sheetTitle(let standard): return Localized(zh: "\(standard) — 专家评审", en: "\(standard) — expert panel")
        case .columnDeclaredPoints: return Localized(zh: "按申报得分", en: "Declared points")
        case .columnPanelPoints: return Localized(zh: "专家组得分", en: "Panel points")
        case .columnSpread: return Localized(zh: "极差", en: "Spread")
        case .columnFlag: return Localized(zh: "需讨论", en: "Discuss")
        case .columnRoundedLevel: return Localized(zh: "专家组等级（取整）", en: "Panel level (rounded)")
        case .columnExperts: return Localized(zh: "专家评分", en: "Experts' levels")
        case .flagText: return Localized(zh: "分歧大", en: "wide spread")
        case .dropped: return Localized(zh: "去掉", en: "dropped")
        case .expertLevel(let level, let points):
            return Localized(zh: "\(level) 级（\(points) 分）", en: "level \(level) (\(points))")
        case .expertsHeading: return Localized(zh: "各位专家", en: "Experts")
        case .fieldsHeading: return Localized(zh: "各填报项的一致性", en: "Agreement per item")
        case .columnScored: return Localized(zh: "评分项数", en: "Parts scored")
        case .columnLeniency: return Localized(zh: "平均偏差（宽+ 严−）", en: "Mean deviation (lenient + strict −)")
        case .columnAgreeing: return Localized(zh: "与专家组等级相同", en: "Same level as the panel")
        case .columnStandsOut: return Localized(zh: "提示", en: "Note")
        case .columnApplicants: return Localized(zh: "参与计算的申报单位数", en: "Applicants used")
        case .columnKendallW: return Localized(zh: "肯德尔 W", en: "Kendall's W")
        case .columnReading: return Localized(zh: "解读", en: "Reading")
        case .lenientMark: return Localized(zh: "偏宽", en: "lenient")
        case .strictMark: return Localized(zh: "偏严", en: "strict")
        case .kendallUndefined:
            return Localized(
                zh: "无法计算（少于 2 个申报单位或 2 位专家，或每位专家给所有单位同一等级）",
                en: "undefined (fewer than 2 applicants or 2 experts, or every expert gave every applicant one level)")
        case .kendallReading(let w):
            return Localized(zh: "W = \(w)：0 为毫无一致，1 为完全一致", en: "W = \(w): 0 no agreement, 1 complete agreement")
        case .agreementMethod:
            return Localized(
                zh:
                    "一致性用肯德尔和谐系数 W（Kendall's coefficient of concordance）：每位专家把各申报单位按所给分数排序（同分取平均秩），W = 12S ÷ (m²(n³−n) − m·ΣT)，S 为各单位秩和与其均值之差的平方和，m 为专家数，n 为单位数，T = Σ(t³−t) 为每位专家同分组的校正（Kendall & Babington Smith 1939；Siegel & Castellan《非参数统计》1988 年第 9.4 节）。只用给该项所有单位都评了分的专家和被这些专家都评过的单位。",
                en:
                    "Agreement is Kendall's coefficient of concordance W: each expert's points rank the applicants (ties get mean ranks); W = 12S / (m²(n³−n) − m·ΣT), S the sum of squared deviations of the applicants' rank sums from their mean, m experts, n applicants, T = Σ(t³−t) over each expert's tied groups (Kendall & Babington Smith 1939; Siegel & Castellan, Nonparametric Statistics, 1988, §9.4). Only experts who scored every applicant of the item, and the applicants all of them scored, are used."
            )
        case .leniencyMethod:
            return Localized(
                zh:
                    "平均偏差 = 该专家每项得分与专家组得分之差除以该项分值，再取平均；超过 ±25% 时提示偏宽或偏严。“与专家组等级相同”以专家组得分最接近的等级（居中时取高一级）为专家组等级。极差（最高分 − 最低分）超过该项分值的一半时标为“分歧大”，供专家组讨论；得分仍按上述均值计。",
                en:
                    "Mean deviation = the average, over the expert's parts, of (the expert's points − the panel's points) ÷ the part's points; beyond ±25% the expert is marked lenient or strict. The panel's level is the level whose points are nearest the panel's points (halfway: the higher). A spread (highest − lowest) above half the part's points is marked for the panel to discuss; the score is still the mean."
            )
        case .notScored: return Localized(zh: "—", en: "—")
        case .remarkOf(let expert, let remark): return Localized(zh: "\(expert)：\(remark)", en: "\(expert): \(remark)")
        case .anonymousExpert(let n): return Localized(zh: "专家\(n)", en: "Expert \(n)")
        case .scoringSheetName: return Localized(zh: "专家评分", en: "Scores")
        case .instructionsSheetName: return Localized(zh: "评分说明", en: "Instructions")
        case .scoringTitle(let expert, let standard):
            return Localized(zh: "\(standard) — 专家评分表（\(expert)）", en: "\(standard) — expert scoring sheet (\(expert))")
        case .scoringInstructions(let blind):
            let declared =
                blind
                ? Localized(zh: "本表不显示各县（市、区）的申报等级（盲评）。", en: "This sheet does not show the declared levels (blind).")
                : Localized(zh: "“申报等级”是该县（市、区）自己申报的等级，仅供参考。", en: "“declared” is the applicant's own level, for reference.")
            return Localized(
                zh:
                    "请在“等级”列逐项从下拉列表选择等级（也可只写数字），“各等级含义”列是评价标准对每个等级的表述；需要说明的写在“备注”列。\(declared.zh)其他单元格已锁定。评完请保存并交回本文件，不要改动文件的结构。",
                en:
                    "Choose each level from the list in the column “level” (the number alone is enough); “levels” gives the standard's wording of each level; write any remark in “remark”. \(declared.en) Other cells are locked. Save and return this file when done; do not change its layout."
            )
        case .levelInput(let label):
            return Localized(zh: "“\(label)”的等级", en: "level of “\(label)”")
        case .written(let path, let rows, let applicants, let fields):
            return Localized(
                zh: "已写出专家评分表 \(path)：\(applicants) 个申报单位 × \(fields) 个评审项 = \(rows) 行。",
                en: "wrote the expert scoring sheet \(path): \(applicants) applicants × \(fields) items = \(rows) rows.")
        case .combinationNote:
            return Localized(
                zh: "各位专家所评等级按评价标准折算为分值；专家组得分取平均，5 位及以上专家时先去掉一个最高分和一个最低分。每个申报单位的每一项至少要有 3 位专家评分。专家之间差距超过该项分值一半的项目会提交专家组讨论。",
                en:
                    "Each expert's level becomes its points under the standard; the panel's points are the mean, after dropping one highest and one lowest from five experts on. Every applicant's item needs at least three experts. Items where experts differ by more than half the item's points go to the panel for discussion."
            )
        case .blindNote: return Localized(zh: "（盲评：不显示申报等级）", en: "(blind: declared levels hidden)")
        }
    }

    public static var examples: [PanelMessage] {
        [
            .columnExpert, .columnCounty, .columnCity, .columnField, .columnLevel, .columnRemark, .columnIndicator,
            .columnDeclared, .columnMeanings, .columnKey, .missingColumn("等级"),
            .unknownColumn(name: "分数", allowed: "专家、县（市、区）"), .noRows, .tooManyRows(found: 250_000, limit: 200_000),
            .noFiles(folder: "评分"), .noExpert,
            .unknownApplicant(county: "历城区", city: "青岛"),
            .applicantInOtherCity(county: "历城区", city: "青岛", cities: "济南市"),
            .unknownField(name: "质量模式", judged: "质量发展模式、推进产业计量工作"),
            .notJudged(label: "注册计量师数量", judged: "质量发展模式"),
            .badLevel(value: "3", label: "质量发展模式", allowed: "0 无、1 有模式具备一定推广性、2 明确可推广"),
            .duplicate(expert: "张三", first: "评分.csv 第3行"),
            .tooFewExperts(label: "质量发展模式", count: 2, required: 3, experts: "张三、李四"),
            .tooFewExperts(label: "质量发展模式", count: 0, required: 3, experts: ""),
            .findingOnJudged(label: "质量发展模式"), .textTooLong(length: 300, limit: 200),
            .blankLevel(expert: "张三", label: "质量发展模式"), .noJudgedFields,
            .summary(experts: 5, applicants: 60, parts: 480, flagged: 7),
            .flaggedPart(applicant: "历城区（济南市）", label: "质量发展模式", levels: "张三 0、李四 2", spread: "3", half: "1.5"),
            .flaggedMore(12), .lenient(expert: "张三", deviation: "31%", scored: 480),
            .strict(expert: "李四", deviation: "28%", scored: 480), .agreementLine("质量发展模式 0.62"),
            .effect(applicants: 40, rankChanges: 12), .enteringRecognised(top: 10, names: "历城区（济南市）"),
            .leavingRecognised(top: 10, names: "历下区（济南市）"),
            .sourceLine(file: "评分.csv", sha: "ab12"), .panelScenario(experts: 5),
            .settledByPanel(label: "质量发展模式", points: "2.5"), .sheetName, .agreementSheetName, .sheetTitle("标准"),
            .columnDeclaredPoints, .columnPanelPoints, .columnSpread, .columnFlag, .columnRoundedLevel, .columnExperts,
            .flagText, .dropped, .expertLevel(level: 2, points: "3"), .expertsHeading, .fieldsHeading, .columnScored,
            .columnLeniency, .columnAgreeing, .columnStandsOut, .columnApplicants, .columnKendallW, .columnReading,
            .lenientMark, .strictMark, .kendallUndefined, .kendallReading("0.62"), .agreementMethod, .leniencyMethod,
            .notScored, .anonymousExpert(2), .remarkOf(expert: "张三", remark: "佐证材料只有文件"), .scoringSheetName,
            .instructionsSheetName,
            .scoringTitle(expert: "张三", standard: "标准"),
            .scoringInstructions(blind: true), .scoringInstructions(blind: false), .levelInput(label: "质量发展模式"),
            .written(path: "张三.xlsx", rows: 480, applicants: 60, fields: 8), .blindNote, .combinationNote,
        ]
    }
}
