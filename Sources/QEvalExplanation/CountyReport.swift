import Foundation
import QEvalInput
import QEvalPipeline
import QEvalRules
import QEvalSupport

/// Texts of a county's report: `qeval explain` in the terminal and the feedback workbooks.
public enum ReportMessage: Message {
    case heading(county: String, city: String, tier: String)
    case total(total: String, maximum: String)
    case ranks(rank: Int, ranked: Int, tier: String, tierRank: Int, tierRanked: Int)
    case recognised(gap: String, line: String, count: Int)
    case belowLine(gap: String, line: String, count: Int)
    case noLine
    case notRanked(reasons: String)
    case indicatorLine(number: Int, name: String, score: String, points: String, lost: String)
    case ambiguous(name: String, cities: String)
    case notInCity(name: String, city: String, cities: String)
    case unknown(name: String, suggestions: String)
    case unknownNoSuggestion(name: String)
    case unknownIndicator(number: Int, numbers: String)
    case statusRecognised
    case statusBelow(gap: String)
    case statusDisqualified
    case largestLosses([String])
    case lossItem(number: Int, name: String, lost: String)

    public var localized: Localized {
        switch self {
        case .heading(let county, let city, let tier):
            return Localized(zh: "\(county)（\(city)，\(tier)）", en: "\(county) (\(city), \(tier))")
        case .total(let total, let maximum): return Localized(zh: "总分 \(total) / \(maximum)", en: "total \(total) of \(maximum)")
        case .ranks(let rank, let ranked, let tier, let tierRank, let tierRanked):
            return Localized(
                zh: "全省第 \(rank) 名（共 \(ranked) 个参评），\(tier)第 \(tierRank) 名（共 \(tierRanked) 个）",
                en: "rank \(rank) of \(ranked) overall, \(tierRank) of \(tierRanked) in \(tier)")
        case .recognised(let gap, let line, let count):
            return Localized(
                zh: "拟认定：高于认定线 \(gap) 分（认定线为第 \(count) 名的总分 \(line)）",
                en: "proposed for recognition: \(gap) points above the line (the total of rank \(count), \(line))")
        case .belowLine(let gap, let line, let count):
            return Localized(
                zh: "未进入拟认定：低于认定线 \(gap) 分（认定线为第 \(count) 名的总分 \(line)）",
                en: "not proposed: \(gap) points below the line (the total of rank \(count), \(line))")
        case .noLine: return Localized(zh: "本次无拟认定名额", en: "no county is proposed for recognition")
        case .notRanked(let reasons):
            return Localized(zh: "不具备资格，不计分、不排名：\(reasons)", en: "not eligible, not scored or ranked: \(reasons)")
        case .indicatorLine(let number, let name, let score, let points, let lost):
            return Localized(
                zh: "\(number). \(name)：得分 \(score) / \(points)，失分 \(lost)",
                en: "\(number). \(name): \(score) of \(points), \(lost) lost")
        case .ambiguous(let name, let cities):
            return Localized(
                zh: "“\(name)”不止一个，分属 \(cities)。请用 --city 指定所属地级市，例如 --city \(cities.split(separator: "、").first ?? "")。",
                en:
                    "“\(name)” is in more than one city (\(cities)). Say which with --city, e.g. --city \(cities.split(separator: "、").first ?? "")."
            )
        case .notInCity(let name, let city, let cities):
            return Localized(
                zh: "\(city)没有“\(name)”；“\(name)”所属的地级市：\(cities)。",
                en: "there is no “\(name)” in \(city); “\(name)” is in: \(cities).")
        case .unknown(let name, let suggestions):
            return Localized(
                zh: "输入文件中没有“\(name)”。是否要找：\(suggestions)？",
                en: "the input has no county “\(name)”. Did you mean: \(suggestions)?")
        case .unknownNoSuggestion(let name):
            return Localized(
                zh: "输入文件中没有“\(name)”，也没有相近的名称；请核对县（市、区）名称。",
                en: "the input has no county “\(name)” and no similar name; check the name.")
        case .unknownIndicator(let number, let numbers):
            return Localized(
                zh: "没有第 \(number) 项指标；指标编号为 \(numbers)。",
                en: "there is no indicator \(number); the indicators are \(numbers).")
        case .statusRecognised: return Localized(zh: "拟认定", en: "proposed for recognition")
        case .statusBelow(let gap): return Localized(zh: "距认定线 \(gap) 分", en: "\(gap) points below the line")
        case .statusDisqualified: return Localized(zh: "不具备资格", en: "not eligible")
        case .largestLosses(let items):
            return Localized(
                zh: "失分最多的五项：" + items.joined(separator: "；"), en: "the five largest losses: " + items.joined(separator: "; "))
        case .lossItem(let number, let name, let lost):
            return Localized(zh: "\(number). \(name) 失 \(lost) 分", en: "\(number). \(name) −\(lost)")
        }
    }

    public static var examples: [ReportMessage] {
        [
            .heading(county: "市中区", city: "枣庄市", tier: "第三梯队"), .total(total: "78.12", maximum: "100"),
            .ranks(rank: 12, ranked: 132, tier: "第三梯队", tierRank: 3, tierRanked: 40),
            .recognised(gap: "1.23", line: "79.35", count: 10), .belowLine(gap: "1.23", line: "79.35", count: 10), .noLine,
            .notRanked(reasons: "一票否决：重大及以上生产安全事故"),
            .indicatorLine(number: 20, name: "自愿性认证覆盖率", score: "1.64", points: "2", lost: "0.36"),
            .ambiguous(name: "市中区", cities: "济南市、枣庄市"), .notInCity(name: "市中区", city: "青岛市", cities: "济南市、枣庄市"),
            .unknown(name: "历下县", suggestions: "历下区、历城区"), .unknownNoSuggestion(name: "某某县"),
            .unknownIndicator(number: 44, numbers: "1–43"), .statusRecognised, .statusBelow(gap: "1.23"), .statusDisqualified,
            .largestLosses(["20. 自愿性认证覆盖率 失 0.36 分", "3. 质量月等活动 失 0.20 分"]),
            .lossItem(number: 20, name: "自愿性认证覆盖率", lost: "0.36"),
        ]
    }
}

/// A county name that does not pick exactly one applicant.
public struct CountyLookupError: Error, Sendable {
    public var message: ReportMessage
    public var text: String { message.text }
}

/// Finds an applicant by name (and city where the name repeats: 市中区 is in 济南 and in 枣庄).
public enum CountyLookup {
    public static func find(_ name: String, city: String? = nil, in table: ApplicantTable) -> Result<Int, CountyLookupError> {
        let wanted = name.trimmingCharacters(in: .whitespacesAndNewlines)
        let matches = table.county.indices.filter { table.county[$0] == wanted }
        let cities = { (rows: [Int]) in Wording.list(rows.map { table.city[$0] }, .current) }
        if let city {
            let key = Tier.normalise(city)
            let inCity = matches.filter { Tier.normalise(table.city[$0]) == key }
            if inCity.count == 1 { return .success(inCity[0]) }
            if !matches.isEmpty && inCity.isEmpty {
                return .failure(CountyLookupError(message: .notInCity(name: wanted, city: city, cities: cities(matches))))
            }
        }
        if matches.count == 1 { return .success(matches[0]) }
        if matches.count > 1 {
            return .failure(CountyLookupError(message: .ambiguous(name: wanted, cities: cities(matches))))
        }
        let suggestions = nearest(wanted, in: table)
        if suggestions.isEmpty { return .failure(CountyLookupError(message: .unknownNoSuggestion(name: wanted))) }
        return .failure(CountyLookupError(message: .unknown(name: wanted, suggestions: Wording.list(suggestions, .current))))
    }

    /// Up to five names close to `name`: by edit distance (at most half the name), names containing it first.
    static func nearest(_ name: String, in table: ApplicantTable) -> [String] {
        let query = Array(name)
        var seen = Set<String>()
        var scored: [(Int, String)] = []
        let repeated = Dictionary(grouping: table.county, by: { $0 }).filter { $0.value.count > 1 }
        for row in table.county.indices {
            let county = table.county[row]
            let shown = repeated[county] != nil ? "\(county)（\(table.city[row])）" : county
            guard !seen.contains(shown) else { continue }
            let distance = EditDistance.between(query, Array(county))
            let contains = !name.isEmpty && (county.contains(name) || name.contains(county))
            if contains || distance <= max(1, query.count / 2) {
                seen.insert(shown)
                scored.append((contains ? 0 : distance, shown))
            }
        }
        return scored.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.prefix(5).map(\.1)
    }
}

/// `qeval explain` as text: the county's standing, then each indicator with its score, points, 失分 and the
/// arithmetic of each part.
public enum ExplainReport {
    public static func render(_ cohort: RankedCohort, row: Int, indicator: Int? = nil) -> String {
        let e = cohort.evaluation
        let standing = Standing(cohort, row: row)
        var lines: [String] = [
            ReportMessage.heading(county: e.table.county[row], city: e.table.city[row], tier: standing.tierName).text
        ]
        guard let total = standing.total, let rank = standing.rank, let tierRank = standing.tierRank else {
            let reasons = e.disqualifications[row].map(\.text).joined(separator: "；")
            lines.append(ReportMessage.notRanked(reasons: reasons).text)
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append(ReportMessage.total(total: String(format: "%.2f", total), maximum: Points.format(standing.maximum)).text)
        lines.append(
            ReportMessage.ranks(
                rank: rank, ranked: standing.ranked, tier: standing.tierName, tierRank: tierRank,
                tierRanked: standing.tierRanked
            ).text)
        lines.append(standing.lineText)
        let indicators = cohort.rulebook.indicators
        if !standing.largestLosses.isEmpty {
            lines.append(
                ReportMessage.largestLosses(
                    standing.largestLosses.map { loss in
                        ReportMessage.lossItem(
                            number: indicators[loss.indicator].number, name: indicators[loss.indicator].shortName,
                            lost: String(format: "%.2f", loss.lost)
                        ).text
                    }
                ).text)
        }
        lines.append("")
        let explainer = Explainer(cohort)
        for k in cohort.rulebook.indicators.indices where indicator == nil || indicator == k {
            let x = explainer.explain(row: row, indicator: k)
            let name = cohort.rulebook.indicators[k].shortName
            lines.append(
                ReportMessage.indicatorLine(
                    number: x.number, name: name, score: String(format: "%.2f", x.score),
                    points: Points.format(x.points), lost: String(format: "%.2f", x.points - x.score)
                ).text)
            for part in x.rows { lines.append("    " + part.line) }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
