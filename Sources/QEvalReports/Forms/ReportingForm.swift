import Foundation
import QEval

/// The county reporting form (附件2) as a workbook: one row per figure of the rulebook, the value typed into
/// column E, with data validation by type, an input message per cell, every other cell locked (sheet
/// protection without a password) and empty value cells highlighted. `FormCollector` reads it back.
public struct ReportingForm {
    public let rulebook: Rulebook

    public init(rulebook: Rulebook) { self.rulebook = rulebook }

    /// Columns of the form (0-based).
    public enum Column {
        public static let number = 0
        public static let indicator = 1
        public static let item = 2
        static let unit = 3
        public static let value = 4
        public static let note = 5
        public static let key = 6
    }

    /// The header row (0-based); the figures start on the next row.
    static let headerRow = 2
    static var firstFieldRow: Int { headerRow + 1 }

    /// The prefecture cities of the rulebook's tiers, in their order.
    var cities: [String] {
        var seen = Set<String>()
        return rulebook.tiers.flatMap(\.cities).filter { seen.insert($0).inserted }
    }

    /// What the value may be, for data validation; nil: any text.
    public func allowed(_ field: FieldSpec) -> Worksheet.Allowed? {
        switch field.type {
        case .text:
            return field.key == "city" && !cities.isEmpty ? .list(cities) : nil
        case .bool: return .list(["是", "否"])
        case .level: return .list((0...max(0, field.maxLevel ?? 0)).map(String.init))
        case .count: return .wholeNumber(minimum: max(0, field.minimum ?? 0), maximum: field.maximum)
        case .percent: return .decimal(minimum: field.minimum ?? 0, maximum: field.maximum ?? 100)
        case .number:
            return field.minimum == nil && field.maximum == nil
                ? nil : .decimal(minimum: field.minimum, maximum: field.maximum)
        }
    }

    /// The 填报说明 of a field: what to enter (the rulebook's expectation, with the level meanings), the city
    /// list for the city, and that an unknown figure is left empty.
    public func note(_ field: FieldSpec) -> Localized {
        if field.key == "city", !cities.isEmpty {
            return FormsMessage.cityNote(Wording.list(cities, .current)).localized
        }
        // The cell's dropdown offers 是/否 only; the note says the same (a CSV may also say 有/无, 1/0, √/×).
        var text = field.type == .bool ? FormsMessage.boolNote.localized : field.expectation
        if field.role == .gate {
            text.zh += "。" + FormsMessage.gateNote.localized.zh
            text.en += ". " + FormsMessage.gateNote.localized.en
        } else if field.role != .id {
            text.zh += "。" + FormsMessage.notReportedNote.localized.zh
            text.en += ". " + FormsMessage.notReportedNote.localized.en
        }
        return text
    }

    /// "12 自愿性认证覆盖率" for a field feeding an indicator; the id fields say they describe the applicant.
    func indicatorText(_ field: FieldSpec) -> String {
        if let number = field.indicator, let indicator = rulebook.indicators.first(where: { $0.number == number }) {
            return "\(number) \(indicator.name)"
        }
        if field.role == .id { return FormsMessage.idNote.text }
        if let i = rulebook.fieldIndex[field.key] {
            if let gate = rulebook.prerequisites.first(where: { $0.field == i }) {
                return FormsMessage.prerequisiteRow(gate.label).text
            }
            if let veto = rulebook.vetoes.first(where: { $0.field == i }) { return FormsMessage.vetoRow(veto.label).text }
        }
        return ""
    }

    public func write(to path: String) throws(Failure) {
        let workbook = try XLSXWorkbook(path: path, constantMemory: false)
        let title = FormsMessage.title(rulebook: rulebook.name).text
        workbook.setProperties(title: title, subject: rulebook.name, comments: FormsMessage.instructions.text)
        let sheet = try workbook.addWorksheet(FormsMessage.sheetName.text)
        // The field code is for the program, not the county: narrow, small and grey, last.
        let widths: [Double] = [5, 20, 26, 8, 14, 40, 9]
        for (i, w) in widths.enumerated() { sheet.setColumn(i, i, width: w) }

        let titleStyle = CellStyle(bold: true, border: false, center: true, fontSize: 14)
        let noteStyle = CellStyle(border: false, wrap: true)
        let header = CellStyle(bold: true, background: 0xD9E1F2, wrap: true, center: true)
        let label = CellStyle(wrap: true)
        let centred = CellStyle(wrap: true, center: true)
        let keyStyle = CellStyle(fontColor: 0x808080, wrap: true, fontSize: 8)
        let value = CellStyle(locked: false)

        sheet.setRowHeight(0, 24)
        try sheet.mergeRange(firstRow: 0, firstColumn: 0, lastRow: 0, lastColumn: Column.key, title, titleStyle)
        let instructions = FormsMessage.instructions.text
        sheet.setRowHeight(1, Width.rowHeight([(instructions, widths.reduce(0, +))]) ?? 30)
        try sheet.mergeRange(firstRow: 1, firstColumn: 0, lastRow: 1, lastColumn: Column.key, instructions, noteStyle)
        let headers: [FormsMessage] = [
            .headerNumber, .headerIndicator, .headerItem, .headerUnit, .headerValue, .headerNote, .headerKey,
        ]
        for (i, h) in headers.enumerated() { try sheet.write(Self.headerRow, i, h.text, header) }

        let inputTitle = FormsMessage.inputTitle.text
        for (i, field) in rulebook.fields.enumerated() {
            let row = Self.firstFieldRow + i
            let note = self.note(field).text()
            let indicator = indicatorText(field)
            // Narrower than the columns: CJK text sets wider in print than the estimate, and a clipped note is unreadable.
            sheet.fitRow(
                row, [(indicator, widths[1] * 0.8), (field.label + "（必填）", widths[2] * 0.8), (note, widths[5] * 0.8)])
            try sheet.write(row, Column.number, Double(i + 1), centred)
            try sheet.write(row, Column.indicator, indicator, label)
            let item = field.required ? field.label + FormsMessage.requiredMark.text : field.label
            try sheet.write(row, Column.item, item, label)
            try sheet.write(row, Column.unit, field.unit, centred)
            try sheet.writeBlank(row, Column.value, value)
            try sheet.write(row, Column.note, note, label)
            try sheet.write(row, Column.key, field.key, keyStyle)
            try sheet.allow(
                allowed(field) ?? .decimal(minimum: nil, maximum: nil), row: row, column: Column.value,
                title: inputTitle, message: field.label + "：" + note)
        }
        let lastRow = Self.firstFieldRow + rulebook.fields.count - 1
        let firstCell = Worksheet.cellName(row: Self.firstFieldRow, column: Column.value, absoluteColumn: true)
        try sheet.highlight(
            firstRow: Self.firstFieldRow, firstColumn: Column.value, lastRow: lastRow, lastColumn: Column.value,
            where: "LEN(TRIM(\(firstCell)))=0", style: CellStyle(background: 0xFFF2CC, locked: false))
        sheet.freezePanes(row: Self.firstFieldRow, column: 0)
        sheet.protectWithoutPassword()
        try sheet.setUpPortraitPrinting(repeated: Self.headerRow...Self.headerRow, title: title)
        try workbook.close()
    }
}
