import Foundation
import QEval

/// 核查记录: every reviewers' finding — applicant, the item (label and key), declared and verified values,
/// whether it changed the figure, reason, evidence, reviewer, date, and its indicator's score declared →
/// verified — in the ranked workbook, the comparison of declared against verified, and (one county's) the
/// feedback workbook. One writer, so the three cannot disagree.
enum FindingsSheet {
    static let headers: [FindingsMessage] = [
        .columnCounty, .columnCity, .columnField, .columnKey, .columnDeclared, .columnValue, .columnResult, .columnReason,
        .columnEvidence, .columnReviewer, .columnDate, .columnIndicator, .columnDeclaredScore, .columnVerifiedScore,
        .columnPlace,
    ]

    /// Writes `items` (all findings, or one county's) from row 0; returns the next free row.
    @discardableResult
    static func write(
        _ sheet: Worksheet, items: [(finding: Finding, effect: Verification.Effect)], title: String, firstRow: Int = 0
    ) throws(Failure) -> Int {
        try sheet.setUpPrinting(headerRows: firstRow + 1, title: title, repeatedFrom: firstRow)
        sheet.freezePanes(row: firstRow + 1, column: 1)
        try sheet.autofilter(
            firstRow: firstRow, firstColumn: 0, lastRow: firstRow + max(1, items.count), lastColumn: headers.count - 1)
        sheet.setRowHeight(firstRow, 32)
        for (c, h) in headers.enumerated() { try sheet.write(firstRow, c, h.text, Style.header) }
        let empty = FindingsMessage.notFilled.text
        for (i, item) in items.enumerated() {
            let (f, e) = item
            let r = firstRow + 1 + i
            sheet.fitRow(r, [(f.reason, 30), (f.evidence, 24)])
            try sheet.write(r, 0, f.county, Style.text)
            try sheet.write(r, 1, f.city, Style.text)
            try sheet.write(r, 2, f.label + (f.unit.isEmpty ? "" : "（\(f.unit)）"), Style.wrapped)
            try sheet.write(r, 3, f.key, Style.grey)
            try sheet.write(r, 4, f.declared ?? empty, Style.centered)
            try sheet.write(r, 5, f.verified ?? empty, f.isConfirmation ? Style.centered : Style.verified)
            try sheet.write(
                r, 6, (f.isConfirmation ? FindingsMessage.confirmation : .changed).text,
                f.isConfirmation ? Style.centered : CellStyle(fontColor: 0x9C5700, center: true))
            try sheet.write(r, 7, f.reason, Style.wrapped)
            try sheet.write(r, 8, f.evidence, Style.wrapped)
            try sheet.write(r, 9, f.reviewer, Style.text)
            try sheet.write(r, 10, f.date, Style.text)
            try sheet.write(r, 11, e.indicator.map { "\($0) \(e.indicatorName ?? "")" } ?? "—", Style.text)
            if let d = e.declaredScore {
                try sheet.write(r, 12, d, Style.number2)
            } else {
                try sheet.write(r, 12, "—", Style.centered)
            }
            if let v = e.verifiedScore {
                try sheet.write(r, 13, v, Style.number2)
            } else {
                try sheet.write(r, 13, "—", Style.centered)
            }
            let place = f.line.map { FindingsMessage.recordedAt(file: f.file, line: $0).text } ?? f.file
            try sheet.write(r, 14, place, Style.grey)
        }
        sheet.setColumn(0, 0, width: Width.fit(items.map(\.finding.county) + [WorkbookText.county.text], maximum: 24))
        sheet.setColumn(1, 1, width: 10)
        sheet.setColumn(2, 2, width: 26)
        sheet.setColumn(3, 3, width: 26)
        sheet.setColumn(4, 5, width: 11)
        sheet.setColumn(6, 6, width: 7)
        sheet.setColumn(7, 7, width: 30)
        sheet.setColumn(8, 8, width: 24)
        sheet.setColumn(9, 10, width: 11)
        sheet.setColumn(11, 11, width: 18)
        sheet.setColumn(12, 13, width: 11)
        sheet.setColumn(14, 14, width: 24)
        return firstRow + 1 + items.count
    }
}
