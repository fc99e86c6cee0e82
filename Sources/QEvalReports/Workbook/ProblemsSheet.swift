import Foundation
import QEval

/// The 数据问题 sheet: every warning (and error) with its county, file, line, column, value and message.
/// The ranked workbook has one; the comparison workbook one per data set.
enum ProblemsSheet {
    static func write(_ sheet: Worksheet, items: [Diagnostic], title: String) throws(Failure) {
        let headers = [
            WorkbookText.severity, .county, .file, .lineShort, .key, .fieldLabel, .value, .message,
        ].map(\.text)
        sheet.freezePanes(row: 1, column: 0)
        try sheet.autofilter(firstRow: 0, firstColumn: 0, lastRow: max(1, items.count), lastColumn: headers.count - 1)
        try sheet.setUpPrinting(headerRows: 1, title: title)
        for (c, h) in headers.enumerated() { try sheet.write(0, c, h, Style.header) }
        var r = 1
        for item in items {
            let message = item.message.text()
            sheet.fitRow(r, [(item.columnLabel ?? "", 30), (message, 60)])
            try sheet.write(r, 0, (item.severity == .error ? WorkbookText.error : .warning).text, Style.centered)
            try sheet.write(r, 1, item.applicant ?? "", Style.text)
            try sheet.write(r, 2, item.file.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "", Style.text)
            if let line = item.line {
                try sheet.write(r, 3, Double(line), Style.integer)
            } else {
                try sheet.write(r, 3, "", Style.text)
            }
            try sheet.write(r, 4, item.column ?? "", Style.grey)
            try sheet.write(r, 5, item.columnLabel ?? "", Style.wrapped)
            try sheet.write(r, 6, item.value ?? "", Style.text)
            try sheet.write(r, 7, message, Style.wrapped)
            r += 1
        }
        if r == 1 { try sheet.write(1, 0, WorkbookText.none.text, Style.text) }
        sheet.setColumn(0, 0, width: 6)
        sheet.setColumn(1, 1, width: 20)
        sheet.setColumn(2, 2, width: 18)
        sheet.setColumn(3, 3, width: 6)
        sheet.setColumn(4, 4, width: 24)
        sheet.setColumn(5, 5, width: 30)
        sheet.setColumn(6, 6, width: 10)
        sheet.setColumn(7, 7, width: 60)
    }
}
