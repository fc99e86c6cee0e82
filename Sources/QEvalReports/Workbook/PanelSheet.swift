import Foundation
import QEval

/// 专家评审 and 专家一致性: the expert panel where the chair looks — per applicant × judged item the declared
/// level, every expert's level and points (dropped ones marked), the panel's points, the spread and its flag;
/// per expert the leniency and agreement; per item Kendall's W with how it is computed. One writer for the
/// ranked workbook, the comparison and (one county's parts) the feedback workbook.
enum PanelSheet {
    static let flaggedStyle = CellStyle(bold: true, background: 0xFFC7CE, fontColor: 0x9C0006, center: true)
    static let droppedStyle = CellStyle(fontColor: 0x808080, center: true)

    /// Writes `parts` from row 0; returns the next free row.
    @discardableResult
    static func writeParts(
        _ sheet: Worksheet, panel: Panel, parts: [Panel.Part], table: ApplicantTable, rulebook: Rulebook, title: String,
        anonymous: Bool = false
    ) throws(Failure) -> Int {
        let experts = panel.expertNames
        let m = PanelMessage.self
        var headers = [
            m.columnCounty, m.columnCity, m.columnField, m.columnKey, m.columnDeclared, m.columnDeclaredPoints,
        ].map(\.text)
        let firstExpert = headers.count
        // A county's feedback names no expert: 专家1, 专家2… in the panel's order.
        headers += anonymous ? experts.indices.map { m.anonymousExpert($0 + 1).text } : experts
        headers += [m.columnPanelPoints, m.columnSpread, m.columnRoundedLevel, m.columnFlag, m.columnRemark].map(\.text)
        let name: (String) -> String = { expert in
            anonymous ? m.anonymousExpert((experts.firstIndex(of: expert) ?? 0) + 1).text : expert
        }
        let panelColumn = firstExpert + experts.count
        try sheet.setUpPrinting(headerRows: 1, title: title)
        sheet.freezePanes(row: 1, column: 3)
        try sheet.autofilter(firstRow: 0, firstColumn: 0, lastRow: max(1, parts.count), lastColumn: headers.count - 1)
        sheet.setRowHeight(0, 32)
        for (c, h) in headers.enumerated() { try sheet.write(0, c, h, Style.header) }
        let column = Dictionary(uniqueKeysWithValues: experts.enumerated().map { ($1, firstExpert + $0) })
        for (i, part) in parts.enumerated() {
            let r = i + 1
            let spec = rulebook.fields[part.field]
            sheet.fitRow(r, [(spec.label, 26 * 0.8), (part.remarks().joined(separator: "\n"), 30 * 0.8)])
            try sheet.write(r, 0, table.county[part.row], Style.text)
            try sheet.write(r, 1, table.city[part.row], Style.text)
            try sheet.write(r, 2, spec.label, Style.wrapped)
            try sheet.write(r, 3, spec.key, Style.grey)
            try sheet.write(r, 4, part.declaredLevel.map(String.init) ?? FindingsMessage.notFilled.text, Style.centered)
            try sheet.write(r, 5, part.declaredPoints, Style.number2)
            for score in part.scores {
                var text = m.expertLevel(level: score.level, points: Points.format(score.points)).text
                if score.dropped { text += "（\(m.dropped.text)）" }
                try sheet.write(r, column[score.expert]!, text, score.dropped ? droppedStyle : Style.centered)
            }
            for expert in experts where !part.scores.contains(where: { $0.expert == expert }) {
                try sheet.write(r, column[expert]!, m.notScored.text, droppedStyle)
            }
            try sheet.write(r, panelColumn, part.points, Style.number4)
            try sheet.write(r, panelColumn + 1, part.spread, part.flagged ? flaggedStyle : Style.number2)
            try sheet.write(r, panelColumn + 2, Double(part.roundedLevel), Style.integer)
            try sheet.write(r, panelColumn + 3, part.flagged ? m.flagText.text : "", part.flagged ? flaggedStyle : Style.centered)
            // The experts' reasons, beside their levels.
            let remarks = part.remarks(naming: name).joined(separator: "\n")
            try sheet.write(r, panelColumn + 4, remarks, Style.wrapped)
        }
        sheet.setColumn(0, 0, width: 12)
        sheet.setColumn(1, 1, width: 9)
        sheet.setColumn(2, 2, width: 26)
        sheet.setColumn(3, 3, width: 14)
        sheet.setColumn(4, 5, width: 9)
        if !experts.isEmpty { sheet.setColumn(firstExpert, panelColumn - 1, width: 18) }
        sheet.setColumn(panelColumn, panelColumn + 3, width: 10)
        sheet.setColumn(panelColumn + 4, panelColumn + 4, width: 30)
        return parts.count + 1
    }

    /// Per expert and per judged item, with how each figure is computed.
    static func writeAgreement(_ sheet: Worksheet, panel: Panel, rulebook: Rulebook, title: String) throws(Failure) {
        let m = PanelMessage.self
        try sheet.setUpPrinting(headerRows: 0, title: title, portrait: true)
        let heading = CellStyle(bold: true, border: false, fontSize: 12)
        var r = 0
        try sheet.write(r, 0, m.expertsHeading.text, heading)
        r += 1
        for (c, h) in [m.columnExpert, m.columnScored, m.columnLeniency, m.columnAgreeing, m.columnStandsOut].enumerated() {
            try sheet.write(r, c, h.text, Style.header)
        }
        sheet.setRowHeight(r, 32)
        r += 1
        for expert in panel.experts {
            try sheet.write(r, 0, expert.name, Style.text)
            try sheet.write(r, 1, Double(expert.scored), Style.integer)
            try sheet.write(r, 2, expert.leniency, CellStyle(numberFormat: .percent, center: true))
            try sheet.write(r, 3, expert.agreeing, CellStyle(numberFormat: .percent, center: true))
            let mark = expert.standsOut ? (expert.leniency > 0 ? m.lenientMark : m.strictMark).text : ""
            try sheet.write(r, 4, mark, expert.standsOut ? flaggedStyle : Style.centered)
            r += 1
        }
        r += 1
        try sheet.write(r, 0, m.fieldsHeading.text, heading)
        r += 1
        for (c, h) in [m.columnField, m.columnExpert, m.columnApplicants, m.columnKendallW, m.columnReading].enumerated() {
            try sheet.write(r, c, h.text, Style.header)
        }
        sheet.setRowHeight(r, 32)
        r += 1
        for a in panel.agreement {
            sheet.fitRow(r, [(rulebook.fields[a.field].label, 22)])
            try sheet.write(r, 0, rulebook.fields[a.field].label, Style.wrapped)
            try sheet.write(r, 1, Double(a.experts), Style.integer)
            try sheet.write(r, 2, Double(a.applicants), Style.integer)
            if let w = a.kendallW {
                try sheet.write(r, 3, w, Style.number4)
                try sheet.write(r, 4, m.kendallReading(String(format: "%.2f", w)).text, Style.wrapped)
            } else {
                try sheet.write(r, 3, m.notScored.text, Style.centered)
                try sheet.write(r, 4, m.kendallUndefined.text, Style.wrapped)
            }
            r += 1
        }
        r += 1
        for note in [m.agreementMethod, m.leniencyMethod] {
            try sheet.mergeRange(
                firstRow: r, firstColumn: 0, lastRow: r, lastColumn: 4, note.text, CellStyle(border: false, wrap: true))
            sheet.setRowHeight(r, 96)
            r += 1
        }
        var sources: [String] = []
        for source in panel.sources {
            sources.append(m.sourceLine(file: URL(fileURLWithPath: source.file).lastPathComponent, sha: source.sha256).text)
        }
        try sheet.mergeRange(
            firstRow: r, firstColumn: 0, lastRow: r, lastColumn: 4, sources.joined(separator: "\n"),
            CellStyle(fontColor: 0x808080, border: false, wrap: true))
        sheet.setRowHeight(r, Double(max(1, sources.count)) * 15)
        sheet.setColumn(0, 0, width: 24)
        sheet.setColumn(1, 3, width: 12)
        sheet.setColumn(4, 4, width: 36)
    }
}
