import QEval

/// `qeval rules`: the rulebook as a readable table.
public enum RulebookTable {
    public static func render(_ rulebook: Rulebook) -> String {
        var lines: [String] = []
        lines.append(rulebook.name + "  (" + rulebook.source + ")")
        let t = { (m: RulebookTableText) in m.text }
        lines.append("")
        let header =
            pad(t(.number), 4) + pad(t(.name), 26) + pad(t(.category), 14) + pad(t(.points), 7) + pad(t(.rules), 34)
            + pad(t(.tiered), 7)
            + StandardMessage.provisionalMark.text
        lines.append(header)
        lines.append(String(repeating: "-", count: 104))
        for indicator in rulebook.indicators {
            lines.append(
                pad(String(indicator.number), 4) + pad(indicator.shortName, 26) + pad(indicator.category, 14)
                    + pad(Points.format(indicator.points), 7) + pad(indicator.kindLabels, 34)
                    + pad(indicator.tiered ? WorkbookText.yes.text : "", 7)
                    + (indicator.provisional ? StandardMessage.provisionalMark.text : ""))
        }
        lines.append(String(repeating: "-", count: 104))
        for category in rulebook.categories {
            let sum = rulebook.indicators.filter { $0.category == category }.reduce(0.0) { $0 + $1.points }
            lines.append(pad("", 4) + pad(category, 26) + pad("", 14) + Points.format(sum))
        }
        lines.append(pad("", 4) + pad(t(.total), 26) + pad("", 14) + Points.format(rulebook.totalPoints))
        lines.append("")
        lines.append(
            RulebookTableText.tiers(
                rulebook.tiers.map { "\($0.name)（\($0.cities.joined(separator: "、"))）" }.joined(separator: "；")
            ).text)
        lines.append(
            RulebookTableText.gates(
                prerequisites: rulebook.prerequisites.map(\.label).joined(separator: "；"),
                vetoes: rulebook.vetoes.map(\.label).joined(separator: "；")
            ).text)
        lines.append(RulebookTableText.recognition(count: rulebook.recognitionCount, decimals: rulebook.rankDecimals).text)
        let provisional = rulebook.indicators.filter(\.provisional)
        if !provisional.isEmpty {
            lines.append("")
            lines.append(StandardMessage.provisionalHeading(count: provisional.count).text)
            for indicator in provisional {
                let outOf = indicator.partsOutOf.map { "（" + StandardMessage.scoredOutOf(outOf: $0).text + "）" } ?? ""
                lines.append(pad(String(indicator.number), 4) + indicator.note + outOf)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Pads to a display width (a CJK character takes two columns), at least one space after.
    static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(1, width - DisplayWidth.of(text)))
    }
}

/// `qeval template`: the header row of the input form — keys, or (`--chinese`) labels with their units in
/// brackets as the 原始数据 sheet writes them ("常住人口（人）"), which the input stage reads back as the keys.
public enum InputTemplate {
    public static func make(_ rulebook: Rulebook, chineseHeaders: Bool) -> CSVOutput {
        var csv = CSVOutput()
        csv.header(
            rulebook.fields.map { field in
                guard chineseHeaders else { return field.key }
                return field.label + (field.unit.isEmpty ? "" : "（\(field.unit)）")
            })
        return csv
    }
}

/// The texts of `qeval rules`.
public enum RulebookTableText: Message {
    case number, name, category, points, rules, tiered, total
    case tiers(String)
    case gates(prerequisites: String, vetoes: String)
    case recognition(count: Int, decimals: Int)

    public var localized: Localized {
        switch self {
        case .number: return Localized(zh: "序号", en: "No.")
        case .name: return Localized(zh: "名称", en: "Name")
        case .category: return Localized(zh: "一级指标", en: "Category")
        case .points: return Localized(zh: "分值", en: "Points")
        case .rules: return Localized(zh: "规则", en: "Rules")
        case .tiered: return Localized(zh: "梯队内", en: "In tier")
        case .total: return Localized(zh: "合计", en: "Total")
        case .tiers(let list): return Localized(zh: "梯队：\(list)", en: "tiers: \(list)")
        case .gates(let p, let v):
            return Localized(zh: "前置指标：\(p)    一票否决：\(v)", en: "prerequisites: \(p)    vetoes: \(v)")
        case .recognition(let n, let d):
            return Localized(
                zh: "拟认定：前 \(n) 名；总分比较精度 \(d) 位小数", en: "proposed for recognition: the top \(n); totals compared at \(d) decimals"
            )
        }
    }

    public static var examples: [RulebookTableText] {
        [
            .number, .name, .category, .points, .rules, .tiered, .total, .tiers("第一梯队（济南、青岛）"),
            .gates(prerequisites: "三星", vetoes: "事故"), .recognition(count: 10, decimals: 4),
        ]
    }
}
