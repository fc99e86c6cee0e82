/// Problems found while reading input or rules, gathered in one place so the user sees them all at once.
///
/// Errors stop a run before anything is written; warnings are reported on the console (and kept in the
/// workbook's `数据问题` sheet) but the run goes on.
public enum Severity: String, Sendable, Codable {
    case error
    case warning
}

/// One located problem: file, line as an editor shows it (the header is line 1), column, value, and what
/// was expected — its text a case of the message catalogue, so it reads in Chinese or English.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public var severity: Severity
    public var file: String?
    public var line: Int?
    /// Column key (as in the rulebook's fields).
    public var column: String?
    /// Column's Chinese label.
    public var columnLabel: String?
    public var value: String?
    /// The applicant the problem belongs to, as "county（city）".
    public var applicant: String?
    /// The catalogue case, kept as it is: its text is made only when someone reads it (a large cohort has
    /// hundreds of thousands of "not reported" warnings, most never rendered, none in both languages).
    let content: any Message
    /// What is wrong and how to fix it, in both languages.
    public var message: Localized { content.localized }
    /// The catalogue case ("notReported"), for counting warnings by kind.
    public var kind: String { content.kind }
    /// Whether the problem can change a score (not reported, undefined, implausible): the console counts these.
    public var affectsScore: Bool
    /// The figure sits on a row of a county's form (填报表), not in a table's column: the field is named as
    /// the form's 项 ("“质量发展模式”（i02_model）项"), as the county sees it.
    public var inForm = false

    public static func == (a: Diagnostic, b: Diagnostic) -> Bool {
        a.severity == b.severity && a.file == b.file && a.line == b.line && a.column == b.column
            && a.columnLabel == b.columnLabel && a.value == b.value && a.applicant == b.applicant
            && a.affectsScore == b.affectsScore && a.inForm == b.inForm && a.message == b.message
    }

    public init(
        severity: Severity, file: String? = nil, line: Int? = nil, column: String? = nil,
        columnLabel: String? = nil, value: String? = nil, applicant: String? = nil, message: some Message,
        affectsScore: Bool = false
    ) {
        self.severity = severity
        self.file = file
        self.line = line
        // Everything a person is shown is cut to a readable length (`Excerpt`): a cell or a header of
        // megabytes must not make the message, the page or the console as big as itself.
        self.column = Excerpt.cut(column)
        self.columnLabel = columnLabel
        self.value = Excerpt.cut(value)
        self.applicant = Excerpt.cut(applicant)
        self.content = message
        self.affectsScore = affectsScore
    }

    public var description: String { render(.current) }

    /// "错误：申报表.csv 第4行，"自愿性认证覆盖率"（i20_voluntary_cert_coverage）列，样本县0003（威海）：…"
    public func render(_ language: Language) -> String {
        let head = Localized(
            zh: severity == .error ? "错误" : "警告", en: severity == .error ? "error" : "warning"
        ).text(language)
        let place = location(language)
        switch language {
        case .zh: return head + "：" + (place.isEmpty ? "" : place + "：") + message.text(.zh)
        case .en: return head + ": " + (place.isEmpty ? "" : place + ": ") + message.text(.en)
        }
    }

    /// Where the problem is, without the message: file, line, column, applicant.
    public func location(_ language: Language) -> String {
        var parts: [String] = []
        switch language {
        case .zh:
            var place = file ?? ""
            if let line { place += (place.isEmpty ? "" : " ") + "第\(line)行" }
            if !place.isEmpty { parts.append(place) }
            if let column {
                let word = inForm ? "项" : "列"
                if let columnLabel, columnLabel != column {
                    parts.append("\u{201C}\(columnLabel)\u{201D}（\(column)）\(word)")
                } else {
                    parts.append("\u{201C}\(column)\u{201D}\(word)")
                }
            }
            if let applicant { parts.append(applicant) }
            return parts.joined(separator: "，")
        case .en:
            var place = file ?? ""
            if let line { place += place.isEmpty ? "line \(line)" : ":\(line)" }
            if !place.isEmpty { parts.append(place) }
            if let column {
                let word = inForm ? "item" : "column"
                if let columnLabel, columnLabel != column {
                    parts.append("\(word) \(column) (\(columnLabel))")
                } else {
                    parts.append("\(word) \(column)")
                }
            }
            if let applicant { parts.append(applicant) }
            return parts.joined(separator: ": ")
        }
    }

    /// Shows control characters (a NUL byte, a stray carriage return) so a message never hides them.
    public static func printable(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar.value {
            case 0: out += "\\0"
            case 9: out += "\\t"
            case 10: out += "\\n"
            case 13: out += "\\r"
            case 0..<32, 127: out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        if out.count > 60 { out = String(out.prefix(57)) + "…" }
        return out
    }
}

/// The single collector every stage reports into.
public struct Diagnostics: Sendable {
    public private(set) var items: [Diagnostic] = []
    /// How many errors are kept; past this the rest are counted, not stored.
    public var errorCap: Int
    public private(set) var droppedErrors = 0

    public init(errorCap: Int = 100) {
        self.errorCap = errorCap
    }

    /// Changes the items from `index` on in place (a stage moving problems back to where they came from).
    public mutating func relocate(from index: Int = 0, _ change: (inout Diagnostic) -> Void) {
        guard index < items.count else { return }
        for i in index..<items.count { change(&items[i]) }
    }

    public var errors: [Diagnostic] { items.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { items.filter { $0.severity == .warning } }
    public var errorCount: Int { errors.count + droppedErrors }
    public var hasErrors: Bool { errorCount > 0 }

    public mutating func report(_ diagnostic: Diagnostic) {
        if diagnostic.severity == .error {
            if errors.count >= errorCap {
                droppedErrors += 1
                return
            }
        }
        items.append(diagnostic)
    }

    public mutating func error(
        file: String? = nil, line: Int? = nil, column: String? = nil, columnLabel: String? = nil,
        value: String? = nil, applicant: String? = nil, _ message: some Message
    ) {
        report(
            Diagnostic(
                severity: .error, file: file, line: line, column: column, columnLabel: columnLabel,
                value: value, applicant: applicant, message: message))
    }

    public mutating func warning(
        file: String? = nil, line: Int? = nil, column: String? = nil, columnLabel: String? = nil,
        value: String? = nil, applicant: String? = nil, affectsScore: Bool = false, _ message: some Message
    ) {
        report(
            Diagnostic(
                severity: .warning, file: file, line: line, column: column, columnLabel: columnLabel,
                value: value, applicant: applicant, message: message, affectsScore: affectsScore))
    }

    /// Errors and warnings in the order of the file (by line, stable), as a reader goes through it.
    public mutating func sortByLine() {
        items = items.enumerated().sorted { a, b in
            let (la, lb) = (a.element.line ?? 0, b.element.line ?? 0)
            return la != lb ? la < lb : a.offset < b.offset
        }.map(\.element)
    }

    public mutating func merge(_ other: Diagnostics) {
        for item in other.items { report(item) }
        droppedErrors += other.droppedErrors
    }

    /// All errors, one per line, with a closing count; what the CLI prints before exiting non-zero.
    func errorReport(_ language: Language = .current) -> String {
        var lines = errors.map { $0.render(language) }
        if droppedErrors > 0 {
            lines.append(SupportMessage.moreErrorsNotShown(droppedErrors, cap: errorCap).text(language))
        }
        lines.append(SupportMessage.errorsNothingWritten(errorCount).text(language))
        return lines.joined(separator: "\n")
    }
}

/// Every error a person sees conforms to this, so the command line (and the web server) catches them in
/// one place and renders them in the run's language.
public protocol UserFacingError: Error, CustomStringConvertible {
    func render(_ language: Language) -> String
}

extension UserFacingError {
    public var description: String { render(.current) }
}

/// A fatal problem that stops a run: carries every error gathered so far.
public struct InputError: UserFacingError {
    public var diagnostics: Diagnostics
    /// A way out that concerns the whole input rather than one place in it ("this is the 2022 standard's
    /// table: add --rules …"), said after the errors, where the eye lands.
    public var advice: [Localized] = []
    public init(_ diagnostics: Diagnostics) { self.diagnostics = diagnostics }
    public init(file: String? = nil, line: Int? = nil, _ message: some Message) {
        var d = Diagnostics()
        d.error(file: file, line: line, message)
        self.diagnostics = d
    }
    public func render(_ language: Language) -> String {
        ([diagnostics.errorReport(language)] + advice.map { $0.text(language) }).joined(separator: "\n")
    }
}

/// A failure with one message and no location beyond what the message says: bad options, a folder that
/// cannot be written, a workbook or CSV that could not be written (the one error type of the output steps).
public struct Failure: UserFacingError {
    public var message: Localized
    public init(_ message: some Message) { self.message = message.localized }
    public func render(_ language: Language) -> String {
        Localized(zh: "错误：" + message.zh, en: "error: " + message.en).text(language)
    }
}

/// Messages of the support layer: the closing lines of an error report.
public enum SupportMessage: Message {
    case moreErrorsNotShown(Int, cap: Int)
    case errorsNothingWritten(Int)

    public var localized: Localized {
        switch self {
        case .moreErrorsNotShown(let n, let cap):
            return Localized(
                zh: "……另有 \(n) 处错误未列出（最多列出 \(cap) 处，可用 --max-errors 调整）。",
                en: "… and \(n) more error(s) not shown (limit \(cap); change it with --max-errors).")
        case .errorsNothingWritten(let n):
            return Localized(zh: "共 \(n) 处错误，未写出任何文件。", en: "\(n) error(s); nothing was written.")
        }
    }

    public static var examples: [SupportMessage] { [.moreErrorsNotShown(3, cap: 100), .errorsNothingWritten(1)] }
}
