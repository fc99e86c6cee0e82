/// `qeval rules`: the rulebook as a readable table.
public enum RulebookTable {
    public static func render(_ rulebook: Rulebook) -> String {
        var lines: [String] = []
        lines.append(rulebook.name + "  (" + rulebook.source + ")")
        lines.append("")
        let header =
            pad("No.", 4) + pad("名称", 26) + pad("一级指标", 14) + pad("分值", 7) + pad("规则", 34) + pad("梯队内", 7)
            + StandardMessage.provisionalMark.text
        lines.append(header)
        lines.append(String(repeating: "-", count: 104))
        for indicator in rulebook.indicators {
            lines.append(
                pad(String(indicator.number), 4) + pad(indicator.shortName, 26) + pad(indicator.category, 14)
                    + pad(Points.format(indicator.points), 7) + pad(indicator.kinds.joined(separator: ","), 34)
                    + pad(indicator.tiered ? "是" : "", 7) + (indicator.provisional ? StandardMessage.provisionalMark.text : ""))
        }
        lines.append(String(repeating: "-", count: 104))
        for category in rulebook.categories {
            let sum = rulebook.indicators.filter { $0.category == category }.reduce(0.0) { $0 + $1.points }
            lines.append(pad("", 4) + pad(category, 26) + pad("", 14) + Points.format(sum))
        }
        lines.append(pad("", 4) + pad("合计", 26) + pad("", 14) + Points.format(rulebook.totalPoints))
        lines.append("")
        lines.append("梯队: " + rulebook.tiers.map { "\($0.name)（\($0.cities.joined(separator: "、"))）" }.joined(separator: "；"))
        lines.append(
            "前置指标: " + rulebook.prerequisites.map(\.label).joined(separator: "；") + "    一票否决: "
                + rulebook.vetoes.map(\.label).joined(separator: "；"))
        lines.append("拟认定: 前 \(rulebook.recognitionCount) 名；总分比较精度 \(rulebook.rankDecimals) 位小数")
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

    /// Pads to a display width, counting a CJK character as two columns.
    static func pad(_ text: String, _ width: Int) -> String {
        var w = 0
        for scalar in text.unicodeScalars { w += scalar.value > 0x2E80 ? 2 : 1 }
        return text + String(repeating: " ", count: max(1, width - w))
    }
}

/// `qeval template`: the header row of the input form, plus a second row with each field's expectation.
public enum InputTemplate {
    public static func make(_ rulebook: Rulebook, chineseHeaders: Bool) -> CSVOutput {
        var csv = CSVOutput()
        csv.header(rulebook.fields.map { chineseHeaders ? $0.label : $0.key })
        return csv
    }
}
