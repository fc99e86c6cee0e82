import CXlsxWriter
import Foundation
import QEval

/// Number formats the workbooks use. An enum, not a string, so that looking up a cell's format (once per
/// cell written) hashes a few bytes instead of a string.
public enum NumberFormat: String, Hashable, Sendable {
    case twoDecimals = "0.00"
    case fourDecimals = "0.0000"
    case integer = "0"
    /// +1.25 / −0.50 / 0.00, for differences.
    case signedTwoDecimals = "+0.00;-0.00;0.00"
    /// 0.0%, for probabilities stored as fractions.
    case percent = "0.0%"
    /// 82.01%, for score rates.
    case percentTwoDecimals = "0.00%"
}

/// The look of a cell; formats are created once per distinct style and reused.
public struct CellStyle: Hashable, Sendable {
    var bold = false
    var numberFormat: NumberFormat? = nil
    var background: UInt32? = nil
    var fontColor: UInt32? = nil
    var border = true
    var wrap = false
    var center = false
    /// Whether the cell is locked when its sheet is protected (Excel's default); value cells of a form are not.
    public var locked = true
    var fontSize: Double? = nil

    public init(
        bold: Bool = false, numberFormat: NumberFormat? = nil, background: UInt32? = nil, fontColor: UInt32? = nil,
        border: Bool = true, wrap: Bool = false, center: Bool = false, locked: Bool = true, fontSize: Double? = nil
    ) {
        self.locked = locked
        self.fontSize = fontSize
        self.bold = bold
        self.numberFormat = numberFormat
        self.background = background
        self.fontColor = fontColor
        self.border = border
        self.wrap = wrap
        self.center = center
    }
}

/// An XLSX file being written through libxlsxwriter. The only place that holds the library's pointers:
/// callers get `Worksheet` and `Chart` values that are valid while the workbook is open.
///
/// The file is written under a temporary name beside `path` and renamed into place by `close()`, so a
/// failed run never leaves a half-written workbook nor damages an existing one.
public final class XLSXWorkbook {
    private var handle: UnsafeMutablePointer<lxw_workbook>?
    private var formats: [CellStyle: UnsafeMutablePointer<lxw_format>] = [:]
    private var lastFormat: (style: CellStyle, format: UnsafeMutablePointer<lxw_format>)? = nil
    public let path: String
    private let temporaryPath: String

    public init(path: String, constantMemory: Bool = true) throws(Failure) {
        self.path = path
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) || !isDirectory.boolValue {
            throw Failure(OutputMessage.folderMissing(output: path, folder: directory))
        }
        // Unique per process and per workbook: two workbooks written at once never share a temporary file.
        temporaryPath = directory + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UUID().uuidString.prefix(8))"
        var options = lxw_workbook_options()
        options.constant_memory = constantMemory ? 1 : 0
        options.use_zip64 = 1
        handle = temporaryPath.withCString { workbook_new_opt($0, &options) }
        // libxlsxwriter opens the file only when closing, and then prints its own error to stderr: make sure
        // the folder can be written now, so that failure is ours, said in words, before any work is done.
        let probe = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        if probe < 0 {
            throw Failure(OutputMessage.cannotWrite(path: path, problem: FileProblem.of(errno: errno, path: temporaryPath)))
        }
        Glibc.close(probe)
        if handle == nil {
            unlink(temporaryPath)
            throw Failure(OutputMessage.cannotWrite(path: path, problem: .other("libxlsxwriter")))
        }
    }

    deinit {
        // Abandoned without close(): free the library's memory and remove the temporary file.
        if let handle {
            lxw_workbook_free(handle)
            unlink(temporaryPath)
        }
    }

    private func workbook() throws(Failure) -> UnsafeMutablePointer<lxw_workbook> {
        guard let handle else { throw Failure(OutputMessage.workbookClosed) }
        return handle
    }

    func addWorksheet(_ name: String) throws(Failure) -> Worksheet {
        let wb = try workbook()
        guard let sheet = name.withCString({ workbook_add_worksheet(wb, $0) }) else {
            throw Failure(OutputMessage.workbookSheet(name: name))
        }
        return Worksheet(handle: sheet, name: name, owner: self)
    }

    public enum ChartKind {
        case bar, barStacked, column
        var code: UInt8 {
            switch self {
            case .bar: return UInt8(LXW_CHART_BAR.rawValue)
            case .barStacked: return UInt8(LXW_CHART_BAR_STACKED.rawValue)
            case .column: return UInt8(LXW_CHART_COLUMN.rawValue)
            }
        }
    }

    func addChart(_ kind: ChartKind) throws(Failure) -> Chart {
        let wb = try workbook()
        guard let chart = workbook_add_chart(wb, kind.code) else { throw Failure(OutputMessage.chartFailed) }
        return Chart(handle: chart, horizontal: kind != .column)
    }

    /// The format for a style, created on first use.
    func format(_ style: CellStyle?) -> UnsafeMutablePointer<lxw_format>? {
        guard let style, let wb = handle else { return nil }
        // Neighbouring cells mostly share a style: a field-by-field compare is cheaper than hashing.
        if let last = lastFormat, last.style == style { return last.format }
        if let existing = formats[style] {
            lastFormat = (style, existing)
            return existing
        }
        let f = workbook_add_format(wb)
        if style.bold { format_set_bold(f) }
        if let nf = style.numberFormat { nf.rawValue.withCString { format_set_num_format(f, $0) } }
        if let bg = style.background {
            format_set_pattern(f, UInt8(LXW_PATTERN_SOLID.rawValue))
            format_set_bg_color(f, bg)
        }
        if let fc = style.fontColor { format_set_font_color(f, fc) }
        if style.border { format_set_border(f, UInt8(LXW_BORDER_THIN.rawValue)) }
        if style.wrap { format_set_text_wrap(f) }
        if style.center { format_set_align(f, UInt8(LXW_ALIGN_CENTER.rawValue)) }
        if !style.locked { format_set_unlocked(f) }
        if let size = style.fontSize { format_set_font_size(f, size) }
        format_set_align(f, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue))
        formats[style] = f
        return f
    }

    /// Document properties shown by Excel's File → Info.
    func setProperties(title: String, subject: String, comments: String) {
        guard let wb = handle else { return }
        title.withCString { t in
            subject.withCString { s in
                comments.withCString { c in
                    "qeval".withCString { a in
                        var p = lxw_doc_properties()
                        p.title = UnsafeMutablePointer(mutating: t)
                        p.subject = UnsafeMutablePointer(mutating: s)
                        p.comments = UnsafeMutablePointer(mutating: c)
                        p.author = UnsafeMutablePointer(mutating: a)
                        _ = workbook_set_properties(wb, &p)
                    }
                }
            }
        }
    }

    /// Writes the file and renames it into place.
    public func close() throws(Failure) {
        let wb = try workbook()
        handle = nil
        let code = workbook_close(wb)
        if code != LXW_NO_ERROR {
            unlink(temporaryPath)
            throw Failure(OutputMessage.workbookFailed(path: path, code: Int(code.rawValue)))
        }
        if rename(temporaryPath, path) != 0 {
            let problem = FileProblem.of(errno: errno, path: path)
            unlink(temporaryPath)
            throw Failure(OutputMessage.cannotWrite(path: path, problem: problem))
        }
    }
}

/// A chart; add series, then insert it into a worksheet.
public struct Chart {
    fileprivate let handle: UnsafeMutablePointer<lxw_chart>
    /// A bar chart (bars run left to right). libxlsxwriter then keeps the horizontal (value) axis in
    /// `x_axis` and the vertical (category) axis in `y_axis`, the other way round from a column chart.
    fileprivate let horizontal: Bool

    private var categoryAxis: UnsafeMutablePointer<lxw_chart_axis> {
        horizontal ? handle.pointee.y_axis : handle.pointee.x_axis
    }
    private var valueAxis: UnsafeMutablePointer<lxw_chart_axis> {
        horizontal ? handle.pointee.x_axis : handle.pointee.y_axis
    }

    /// A series of `values` (a column range) labelled by `categories`, both on `sheet`.
    func addSeries(
        name: String, sheet: String, categories: (first: Int, last: Int, column: Int),
        values: (first: Int, last: Int, column: Int), color: UInt32? = nil, invisible: Bool = false
    ) {
        guard let series = chart_add_series(handle, nil, nil) else { return }
        sheet.withCString { s in
            chart_series_set_categories(
                series, s, lxw_row_t(categories.first), lxw_col_t(categories.column), lxw_row_t(categories.last),
                lxw_col_t(categories.column))
            chart_series_set_values(
                series, s, lxw_row_t(values.first), lxw_col_t(values.column), lxw_row_t(values.last),
                lxw_col_t(values.column))
        }
        name.withCString { chart_series_set_name(series, $0) }
        if invisible {
            // No fill, no border: the offset under a floating bar (a stacked bar's first series).
            var fill = lxw_chart_fill()
            fill.none = 1
            chart_series_set_fill(series, &fill)
            var line = lxw_chart_line()
            line.none = 1
            chart_series_set_line(series, &line)
        } else if let color {
            var fill = lxw_chart_fill()
            fill.color = color
            chart_series_set_fill(series, &fill)
        }
    }

    /// Fixes the value axis's range (e.g. ranks from 0 to the cohort's size).
    func setValueRange(minimum: Double, maximum: Double) {
        chart_axis_set_min(valueAxis, minimum)
        chart_axis_set_max(valueAxis, maximum)
    }

    /// The value axis's number format (e.g. "0%" for rates).
    func setValueFormat(_ format: String) { format.withCString { chart_axis_set_num_format(valueAxis, $0) } }

    /// Gridlines on the value axis at every `step` (e.g. every 10 ranks).
    func setValueStep(_ step: Double) { chart_axis_set_major_unit(valueAxis, step) }

    /// The gap between bars as a percentage of a bar's width (libxlsxwriter's default is 150).
    func setGap(_ percent: Int) { chart_set_series_gap(handle, UInt16(percent)) }

    func setTitle(_ title: String) { title.withCString { chart_title_set_name(handle, $0) } }

    func setAxisNames(category: String?, value: String?) {
        if let category { category.withCString { chart_axis_set_name(categoryAxis, $0) } }
        if let value { value.withCString { chart_axis_set_name(valueAxis, $0) } }
    }

    /// Lists categories top to bottom in a bar chart (the first rank at the top), with the value axis
    /// kept at the bottom (it crosses the reversed category axis at its last category).
    func reverseCategories() {
        chart_axis_set_reverse(categoryAxis)
        chart_axis_set_crossing_max(categoryAxis)
    }

    /// Category labels at the low end of the value axis (the left edge), clear of negative bars.
    func categoryLabelsLow() {
        chart_axis_set_label_position(categoryAxis, UInt8(LXW_CHART_AXIS_LABEL_POSITION_LOW.rawValue))
    }

    /// Labels every category (readers otherwise skip some when they are dense), in a smaller font.
    func labelEveryCategory(fontSize: Double = 8) {
        chart_axis_set_interval_unit(categoryAxis, 1)
        var font = lxw_chart_font()
        font.size = fontSize
        chart_axis_set_num_font(categoryAxis, &font)
    }

    func legendAtBottom() { chart_legend_set_position(handle, UInt8(LXW_CHART_LEGEND_BOTTOM.rawValue)) }
    func hideLegend() { chart_legend_set_position(handle, UInt8(LXW_CHART_LEGEND_NONE.rawValue)) }
}

/// A worksheet of an open `XLSXWorkbook`. Rows and columns are 0-based.
public struct Worksheet {
    fileprivate let handle: UnsafeMutablePointer<lxw_worksheet>
    public let name: String
    fileprivate unowned let owner: XLSXWorkbook

    private func check(_ code: lxw_error, _ row: Int, _ column: Int) throws(Failure) {
        if code != LXW_NO_ERROR {
            throw Failure(
                OutputMessage.workbookCell(
                    sheet: name, cell: Worksheet.cellName(row: row, column: column),
                    code: Int(code.rawValue)))
        }
    }

    /// Text, always written as a string: never interpreted as a formula, whatever it starts with.
    public func write(_ row: Int, _ column: Int, _ text: String, _ style: CellStyle? = nil) throws(Failure) {
        let f = owner.format(style)
        let code = text.withCString { worksheet_write_string(handle, lxw_row_t(row), lxw_col_t(column), $0, f) }
        try check(code, row, column)
    }

    public func write(_ row: Int, _ column: Int, _ number: Double, _ style: CellStyle? = nil) throws(Failure) {
        let code = worksheet_write_number(handle, lxw_row_t(row), lxw_col_t(column), number, owner.format(style))
        try check(code, row, column)
    }

    func writeBlank(_ row: Int, _ column: Int, _ style: CellStyle? = nil) throws(Failure) {
        guard let f = owner.format(style) else { return }
        try check(worksheet_write_blank(handle, lxw_row_t(row), lxw_col_t(column), f), row, column)
    }

    /// A formula with its cached numeric result (what readers show before recalculating).
    func writeFormula(_ row: Int, _ column: Int, _ formula: String, cached: Double, _ style: CellStyle? = nil)
        throws(Failure)
    {
        let f = owner.format(style)
        let code = formula.withCString {
            worksheet_write_formula_num(handle, lxw_row_t(row), lxw_col_t(column), $0, f, cached)
        }
        try check(code, row, column)
    }

    /// A formula with a cached text result.
    func writeFormula(_ row: Int, _ column: Int, _ formula: String, cachedText: String, _ style: CellStyle? = nil)
        throws(Failure)
    {
        let f = owner.format(style)
        let code = formula.withCString { fp in
            cachedText.withCString { vp in
                worksheet_write_formula_str(handle, lxw_row_t(row), lxw_col_t(column), fp, f, vp)
            }
        }
        try check(code, row, column)
    }

    func setColumn(_ first: Int, _ last: Int, width: Double, _ style: CellStyle? = nil, hidden: Bool = false) {
        var options = lxw_row_col_options()
        options.hidden = hidden ? 1 : 0
        _ = worksheet_set_column_opt(handle, lxw_col_t(first), lxw_col_t(last), width, owner.format(style), &options)
    }

    func setRowHeight(_ row: Int, _ height: Double) {
        _ = worksheet_set_row(handle, lxw_row_t(row), height, nil)
    }

    /// Tall enough for its wrapped cells (text, column width); in constant-memory mode, call it before
    /// writing the row.
    func fitRow(_ row: Int, _ cells: [(String, Double)]) {
        if let height = Width.rowHeight(cells) { setRowHeight(row, height) }
    }

    func freezePanes(row: Int, column: Int) {
        worksheet_freeze_panes(handle, lxw_row_t(row), lxw_col_t(column))
    }

    func autofilter(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int) throws(Failure) {
        try check(
            worksheet_autofilter(
                handle, lxw_row_t(firstRow), lxw_col_t(firstColumn), lxw_row_t(lastRow), lxw_col_t(lastColumn)),
            firstRow, firstColumn)
    }

    /// A red–yellow–green colour scale over a range (low to high).
    func colourScale(firstRow: Int, column: Int, lastRow: Int) throws(Failure) {
        guard lastRow >= firstRow else { return }
        var cf = lxw_conditional_format()
        cf.type = UInt8(LXW_CONDITIONAL_3_COLOR_SCALE.rawValue)
        cf.min_color = 0xF8696B
        cf.mid_color = 0xFFEB84
        cf.max_color = 0x63BE7B
        try applyConditionalFormat(&cf, value: nil, firstRow: firstRow, firstColumn: column, lastRow: lastRow, lastColumn: column)
    }

    /// A two-colour scale over a range, from `low` at the smallest value to `high` at the largest (white to
    /// green for a probability: no red for a county that simply is not in contention).
    func colourScale(firstRow: Int, column: Int, lastRow: Int, low: UInt32, high: UInt32) throws(Failure) {
        guard lastRow >= firstRow else { return }
        var cf = lxw_conditional_format()
        cf.type = UInt8(LXW_CONDITIONAL_2_COLOR_SCALE.rawValue)
        cf.min_color = low
        cf.max_color = high
        try applyConditionalFormat(&cf, value: nil, firstRow: firstRow, firstColumn: column, lastRow: lastRow, lastColumn: column)
    }

    /// Starts a new printed page above each of `rows`.
    func pageBreaks(before rows: [Int]) throws(Failure) {
        var breaks = rows.map { lxw_row_t($0) } + [0]
        try check(worksheet_set_h_pagebreaks(handle, &breaks), rows.first ?? 0, 0)
    }

    /// A cell note (Excel's comment, WPS's 批注): shown when the pointer rests on the cell.
    func comment(_ row: Int, _ column: Int, _ text: String) throws(Failure) {
        let code = text.withCString { worksheet_write_comment(handle, lxw_row_t(row), lxw_col_t(column), $0) }
        try check(code, row, column)
    }

    /// Font colour on cells of a range whose text contains `text` (▲ green, ▼ red in comparisons).
    func highlightText(firstRow: Int, column: Int, lastRow: Int, containing text: String, style: CellStyle)
        throws(Failure)
    {
        guard lastRow >= firstRow else { return }
        var cf = lxw_conditional_format()
        cf.type = UInt8(LXW_CONDITIONAL_TYPE_TEXT.rawValue)
        cf.criteria = UInt8(LXW_CONDITIONAL_CRITERIA_TEXT_CONTAINING.rawValue)
        cf.format = owner.format(style)
        try applyConditionalFormat(
            &cf, value: text, firstRow: firstRow, firstColumn: column, lastRow: lastRow, lastColumn: column)
    }

    /// `style` on the cells of a range where `formula` (written for the range's top-left cell, relative
    /// references moving with each cell) is true — e.g. `$F2<>$G2` marks an edited point live.
    func highlight(
        firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int, where formula: String, style: CellStyle
    ) throws(Failure) {
        guard lastRow >= firstRow, lastColumn >= firstColumn else { return }
        var cf = lxw_conditional_format()
        cf.type = UInt8(LXW_CONDITIONAL_TYPE_FORMULA.rawValue)
        cf.format = owner.format(style)
        try applyConditionalFormat(
            &cf, value: formula, firstRow: firstRow, firstColumn: firstColumn, lastRow: lastRow, lastColumn: lastColumn)
    }

    /// Adds `cf` to a range; `value` (text or formula) is lent to libxlsxwriter only for the call, which copies it.
    private func applyConditionalFormat(
        _ cf: inout lxw_conditional_format, value: String?, firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int
    ) throws(Failure) {
        func apply(_ cf: inout lxw_conditional_format) -> lxw_error {
            worksheet_conditional_format_range(
                handle, lxw_row_t(firstRow), lxw_col_t(firstColumn), lxw_row_t(lastRow), lxw_col_t(lastColumn), &cf)
        }
        let code: lxw_error
        if let value {
            code = value.withCString { v -> lxw_error in
                cf.value_string = UnsafeMutablePointer(mutating: v)
                defer { cf.value_string = nil }
                return apply(&cf)
            }
        } else {
            code = apply(&cf)
        }
        try check(code, firstRow, firstColumn)
    }

    /// Accepts only numbers ≥ 0 in a column range, with an input hint and a stop message (the points
    /// of 权重: a word or a negative point would break every total).
    func allowNonNegativeNumbers(firstRow: Int, lastRow: Int, column: Int, title: String, message: String)
        throws(Failure)
    {
        guard lastRow >= firstRow else { return }
        var dv = lxw_data_validation()
        dv.validate = UInt8(LXW_VALIDATION_TYPE_DECIMAL.rawValue)
        dv.criteria = UInt8(LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO.rawValue)
        dv.value_number = 0
        dv.error_type = UInt8(LXW_VALIDATION_ERROR_TYPE_STOP.rawValue)
        let code = title.withCString { t in
            message.withCString { m -> lxw_error in
                dv.input_title = UnsafeMutablePointer(mutating: t)
                dv.input_message = UnsafeMutablePointer(mutating: m)
                dv.error_title = UnsafeMutablePointer(mutating: t)
                dv.error_message = UnsafeMutablePointer(mutating: m)
                return worksheet_data_validation_range(
                    handle, lxw_row_t(firstRow), lxw_col_t(column), lxw_row_t(lastRow), lxw_col_t(column), &dv)
            }
        }
        try check(code, firstRow, column)
    }

    /// The kinds of value a form's cell accepts (Excel's data validation).
    public enum Allowed: Sendable {
        /// One of a list (a dropdown).
        case list([String])
        /// One of the cells a formula names ("=填报项!$A$1:$A$129"): a dropdown longer than Excel's 255
        /// characters of an inline list.
        case listFrom(String)
        /// A whole number within the bounds (nil: open).
        case wholeNumber(minimum: Double?, maximum: Double?)
        /// A number within the bounds (nil: open).
        case decimal(minimum: Double?, maximum: Double?)
    }

    /// Data validation on one cell, with an input message shown when the cell is selected and a stop
    /// message for a value outside `allowed`. Excel limits the title to 32 and the message to 255 characters;
    /// longer texts are cut with "…".
    func allow(
        _ allowed: Allowed, row: Int, column: Int, title: String, message: String, throughRow: Int? = nil
    ) throws(Failure) {
        var dv = lxw_data_validation()
        dv.error_type = UInt8(LXW_VALIDATION_ERROR_TYPE_STOP.rawValue)
        var bounds: (Double?, Double?) = (nil, nil)
        switch allowed {
        case .list: dv.validate = UInt8(LXW_VALIDATION_TYPE_LIST.rawValue)
        case .listFrom: dv.validate = UInt8(LXW_VALIDATION_TYPE_LIST_FORMULA.rawValue)
        case .wholeNumber(let lo, let hi):
            dv.validate = UInt8(LXW_VALIDATION_TYPE_INTEGER.rawValue)
            bounds = (lo, hi)
        case .decimal(let lo, let hi):
            dv.validate = UInt8(LXW_VALIDATION_TYPE_DECIMAL.rawValue)
            bounds = (lo, hi)
        }
        switch bounds {
        case (let lo?, let hi?):
            dv.criteria = UInt8(LXW_VALIDATION_CRITERIA_BETWEEN.rawValue)
            dv.minimum_number = lo
            dv.maximum_number = hi
        case (let lo?, nil):
            dv.criteria = UInt8(LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO.rawValue)
            dv.value_number = lo
        case (nil, let hi?):
            dv.criteria = UInt8(LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO.rawValue)
            dv.value_number = hi
        case (nil, nil):
            switch allowed {
            case .list, .listFrom: break
            default:
                dv.validate = UInt8(LXW_VALIDATION_TYPE_ANY.rawValue)
            }
        }
        func cut(_ text: String, _ limit: Int) -> String {
            text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
        }
        let shortTitle = cut(title, 32)
        let shortMessage = cut(message, 255)
        var items: [String] = []
        if case .list(let values) = allowed { items = values }
        // libxlsxwriter copies the strings during the call: they are lent only for it.
        let cStrings = items.map { strdup($0) }
        defer { for pointer in cStrings { free(pointer) } }
        var list: [UnsafeMutablePointer<CChar>?] = cStrings + [nil]
        let code = shortTitle.withCString { t in
            shortMessage.withCString { m -> lxw_error in
                dv.input_title = UnsafeMutablePointer(mutating: t)
                dv.input_message = UnsafeMutablePointer(mutating: m)
                dv.error_title = UnsafeMutablePointer(mutating: t)
                dv.error_message = UnsafeMutablePointer(mutating: m)
                return list.withUnsafeMutableBufferPointer { buffer -> lxw_error in
                    if !items.isEmpty {
                        dv.value_list = buffer.baseAddress
                    }
                    let apply = { (dv: inout lxw_data_validation) -> lxw_error in
                        guard let last = throughRow, last > row else {
                            return worksheet_data_validation_cell(handle, lxw_row_t(row), lxw_col_t(column), &dv)
                        }
                        return worksheet_data_validation_range(
                            handle, lxw_row_t(row), lxw_col_t(column), lxw_row_t(last), lxw_col_t(column), &dv)
                    }
                    if case .listFrom(let formula) = allowed {
                        return formula.withCString { f in
                            dv.value_formula = UnsafeMutablePointer(mutating: f)
                            return apply(&dv)
                        }
                    }
                    return apply(&dv)
                }
            }
        }
        try check(code, row, column)
    }

    /// Protects the sheet without a password: only unlocked cells can be edited (Review → Unprotect Sheet
    /// lifts it without asking for anything). Columns and rows may still be resized.
    func protectWithoutPassword() {
        var options = lxw_protection()
        options.format_columns = 1
        options.format_rows = 1
        options.no_select_locked_cells = 0
        worksheet_protect(handle, nil, &options)
    }

    /// A4 portrait, one page wide, the rows `repeated` at the top of every page, a page header with the title,
    /// page numbers in the footer (for forms).
    func setUpPortraitPrinting(repeated: ClosedRange<Int>, title: String) throws(Failure) {
        worksheet_set_portrait(handle)
        worksheet_set_paper(handle, 9)  // A4
        worksheet_fit_to_pages(handle, 1, 0)
        worksheet_set_margins(handle, 0.4, 0.4, 0.6, 0.6)
        try check(
            worksheet_repeat_rows(handle, lxw_row_t(repeated.lowerBound), lxw_row_t(repeated.upperBound)),
            repeated.lowerBound, 0)
        try check(Self.pageHeader(title).withCString { worksheet_set_header(handle, $0) }, 0, 0)
        try check(WorkbookText.pageFooter.text.withCString { worksheet_set_footer(handle, $0) }, 0, 0)
    }

    func mergeRange(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int, _ text: String, _ style: CellStyle?)
        throws(Failure)
    {
        let f = owner.format(style)
        let code = text.withCString {
            worksheet_merge_range(
                handle, lxw_row_t(firstRow), lxw_col_t(firstColumn), lxw_row_t(lastRow), lxw_col_t(lastColumn), $0, f)
        }
        try check(code, firstRow, firstColumn)
    }

    /// Printing of a sheet too wide for one page: A3 landscape at a fixed scale, the columns continuing on the
    /// following pages with the first `repeatedColumns` (the county) and the header rows on every page.
    public struct WidePrinting: Sendable {
        var repeatedColumns: Int
        var scale: Int = 60
        public init(repeatedColumns: Int, scale: Int = 60) {
            self.repeatedColumns = repeatedColumns
            self.scale = scale
        }
    }

    /// Landscape (or portrait), a page header with the title, page numbers in the footer, the header rows
    /// repeated (from `repeatedFrom`: a note above the header prints once); one page wide on A4, or `wide` on A3.
    func setUpPrinting(
        headerRows: Int, title: String, wide: WidePrinting? = nil, portrait: Bool = false, repeatedFrom: Int = 0
    ) throws(Failure) {
        if portrait { worksheet_set_portrait(handle) } else { worksheet_set_landscape(handle) }
        if let wide {
            worksheet_set_paper(handle, 8)  // A3
            worksheet_set_print_scale(handle, UInt16(wide.scale))
            if wide.repeatedColumns > 0 {
                try check(worksheet_repeat_columns(handle, 0, lxw_col_t(wide.repeatedColumns - 1)), 0, 0)
            }
        } else {
            worksheet_set_paper(handle, 9)  // A4
            worksheet_fit_to_pages(handle, 1, 0)
        }
        worksheet_set_margins(handle, 0.4, 0.4, 0.6, 0.6)
        if headerRows > repeatedFrom {
            try check(worksheet_repeat_rows(handle, lxw_row_t(repeatedFrom), lxw_row_t(headerRows - 1)), 0, 0)
        }
        try check(Self.pageHeader(title).withCString { worksheet_set_header(handle, $0) }, 0, 0)
        try check(WorkbookText.pageFooter.text.withCString { worksheet_set_footer(handle, $0) }, 0, 0)
    }

    /// Excel's limit on a page header, in characters.
    static let headerLimit = 255

    /// The page header for a title: centred, bold, "&" escaped, and cut with "…" to Excel's 255 characters
    /// (a long rulebook name or file path must not stop the workbook from being written).
    static func pageHeader(_ title: String) -> String {
        // libxlsxwriter counts code points, so the cut is in Unicode scalars.
        let prefix = "&C&\"-,Bold\""
        var escaped = title.replacingOccurrences(of: "&", with: "&&").unicodeScalars
        let room = headerLimit - prefix.unicodeScalars.count
        if escaped.count > room {
            escaped = String.UnicodeScalarView(escaped.prefix(room - 1))
            // Never end on half of an escaped "&&": an odd run of trailing "&" would start a code.
            let trailing = escaped.reversed().prefix { $0 == "&" }.count
            if trailing % 2 == 1 { escaped.removeLast() }
            escaped.append("…")
        }
        return prefix + String(escaped)
    }

    func insertChart(_ chart: Chart, row: Int, column: Int, widthScale: Double = 1, heightScale: Double = 1)
        throws(Failure)
    {
        var options = lxw_chart_options()
        options.x_scale = widthScale
        options.y_scale = heightScale
        try check(worksheet_insert_chart_opt(handle, lxw_row_t(row), lxw_col_t(column), chart.handle, &options), row, column)
    }

    func activate() { worksheet_activate(handle) }
    func setTabColour(_ colour: UInt32) { worksheet_set_tab_color(handle, colour) }

    /// "A1"-style name of a cell.
    static func cellName(row: Int, column: Int, absoluteRow: Bool = false, absoluteColumn: Bool = false)
        -> String
    {
        CellName.of(row: row, column: column, absoluteRow: absoluteRow, absoluteColumn: absoluteColumn)
    }

    static func columnName(_ column: Int) -> String { CellName.column(column) }

    /// A sheet name quoted for use in a formula ('总排名'!A1).
    static func reference(_ sheet: String) -> String {
        "'" + sheet.replacingOccurrences(of: "'", with: "''") + "'!"
    }
}
