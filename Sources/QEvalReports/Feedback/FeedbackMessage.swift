import Foundation
import QEval

/// Texts of the feedback workbooks sent to each applicant.
public enum FeedbackMessage: Message {
    case sheetName
    case title(String)
    case county
    case city
    case tier
    case total
    case overallRank
    case tierRank
    case status
    case line
    case reason
    case rankText(rank: Int, ranked: Int)
    case indicatorsHeading
    case number
    case name
    case score
    case points
    case lost
    case tierMean
    case tierBest
    case largestLossesHeading
    case countyScore
    case categoriesHeading
    case subcategory
    case countyRate
    case tierMeanRate
    case chartTitle(tier: String)
    case disqualifiedNote
    case progress(done: Int, total: Int)
    case written(count: Int, folder: String)

    public var localized: Localized {
        switch self {
        case .sheetName: return Localized(zh: "评价结果", en: "Result")
        case .title(let name): return Localized(zh: "\(name) 评价结果反馈", en: "\(name): evaluation result")
        case .county: return Localized(zh: "县（市、区）", en: "County")
        case .city: return Localized(zh: "所属地级市", en: "City")
        case .tier: return Localized(zh: "梯队", en: "Tier")
        case .total: return Localized(zh: "总分", en: "Total")
        case .overallRank: return Localized(zh: "全省排名", en: "Overall rank")
        case .tierRank: return Localized(zh: "梯队排名", en: "Rank in tier")
        case .status: return Localized(zh: "状态", en: "Status")
        case .line: return Localized(zh: "认定线", en: "Recognition line")
        case .reason: return Localized(zh: "原因", en: "Reason")
        case .rankText(let rank, let ranked): return Localized(zh: "第 \(rank) 名（共 \(ranked) 个）", en: "\(rank) of \(ranked)")
        case .indicatorsHeading: return Localized(zh: "各项指标得分", en: "Scores per indicator")
        case .number: return Localized(zh: "指标", en: "No.")
        case .name: return Localized(zh: "名称", en: "Indicator")
        case .score: return Localized(zh: "得分", en: "Score")
        case .points: return Localized(zh: "分值", en: "Points")
        case .lost: return Localized(zh: "失分", en: "Lost")
        case .tierMean: return Localized(zh: "梯队平均", en: "Tier mean")
        case .tierBest: return Localized(zh: "梯队最高", en: "Tier best")
        case .largestLossesHeading: return Localized(zh: "失分最多的五项", en: "The five largest losses")
        case .countyScore: return Localized(zh: "本县得分", en: "Score")
        case .categoriesHeading: return Localized(zh: "二级指标得分率", en: "Score rate per category")
        case .subcategory: return Localized(zh: "二级指标", en: "Category")
        case .countyRate: return Localized(zh: "本县得分率", en: "Score rate")
        case .tierMeanRate: return Localized(zh: "梯队平均得分率", en: "Tier mean rate")
        case .chartTitle(let tier):
            return Localized(zh: "二级指标得分率：本县与\(tier)平均", en: "Score rate per category: county and \(tier) mean")
        case .disqualifiedNote:
            return Localized(
                zh: "未通过资格审查，不计分、不排名；详见“计分过程”。",
                en: "Did not pass the eligibility check: not scored or ranked; see the scoring steps.")
        case .progress(let done, let total):
            return Localized(zh: "已写出 \(done) / \(total) 个反馈工作簿", en: "\(done) of \(total) feedback workbooks written")
        case .written(let count, let folder):
            return Localized(zh: "共写出 \(count) 个反馈工作簿：\(folder)", en: "\(count) feedback workbooks written to \(folder)")
        }
    }

    public static var examples: [FeedbackMessage] {
        [
            .sheetName, .title("山东省质量强县（市、区）评价标准（2023）"), .county, .city, .tier, .total, .overallRank, .tierRank,
            .status, .line, .reason, .rankText(rank: 12, ranked: 132), .indicatorsHeading, .number, .name, .score, .points, .lost,
            .tierMean, .tierBest, .largestLossesHeading, .countyScore, .categoriesHeading, .subcategory, .countyRate,
            .tierMeanRate, .chartTitle(tier: "第二梯队"), .disqualifiedNote, .progress(done: 300, total: 1000),
            .written(count: 136, folder: "reports/feedback"),
        ]
    }
}
