/// Problems found while reading input or rules, gathered in one place so the user sees them all at once.
///
/// Errors stop a run before anything is written; warnings are reported (and kept in the workbook's
/// `数据问题` sheet) but the run goes on.
public enum Severity: String, Sendable, Codable {
    case error
    case warning
}

/// One located problem: file, line as an editor shows it (the header is line 1), column, value, and what
/// was expected.
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
    public var message: String

    public init(
        severity: Severity, file: String? = nil, line: Int? = nil, column: String? = nil,
        columnLabel: String? = nil, value: String? = nil, applicant: String? = nil, message: String
    ) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.columnLabel = columnLabel
        self.value = value
        self.applicant = applicant
        self.message = message
    }

    public var description: String {
        var place = ""
        if let file { place += file }
        if let line { place += place.isEmpty ? "line \(line)" : ":\(line)" }
        var parts: [String] = []
        if !place.isEmpty { parts.append(place) }
        if let column {
            if let columnLabel, columnLabel != column {
                parts.append("column \(column)（\(columnLabel)）")
            } else {
                parts.append("column \(column)")
            }
        }
        if let applicant { parts.append(applicant) }
        if let value { parts.append("value \"\(Diagnostic.printable(value))\"") }
        let head = severity == .error ? "error" : "warning"
        return ([head] + parts).joined(separator: ": ") + ": " + message
    }

    /// Shows control characters (a NUL byte, a stray carriage return) so a message never hides them.
    static func printable(_ value: String) -> String {
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
        value: String? = nil, applicant: String? = nil, _ message: String
    ) {
        report(
            Diagnostic(
                severity: .error, file: file, line: line, column: column, columnLabel: columnLabel,
                value: value, applicant: applicant, message: message))
    }

    public mutating func warning(
        file: String? = nil, line: Int? = nil, column: String? = nil, columnLabel: String? = nil,
        value: String? = nil, applicant: String? = nil, _ message: String
    ) {
        report(
            Diagnostic(
                severity: .warning, file: file, line: line, column: column, columnLabel: columnLabel,
                value: value, applicant: applicant, message: message))
    }

    public mutating func merge(_ other: Diagnostics) {
        for item in other.items { report(item) }
        droppedErrors += other.droppedErrors
    }

    /// All errors, one per line, with a closing count; what the CLI prints before exiting non-zero.
    public func errorReport() -> String {
        var lines = errors.map(\.description)
        if droppedErrors > 0 {
            lines.append("… and \(droppedErrors) more error(s) not shown (limit \(errorCap)).")
        }
        lines.append("\(errorCount) error(s); nothing was written.")
        return lines.joined(separator: "\n")
    }
}

/// A fatal problem that stops a run: carries every error gathered so far.
public struct InputError: Error, CustomStringConvertible {
    public var diagnostics: Diagnostics
    public init(_ diagnostics: Diagnostics) { self.diagnostics = diagnostics }
    public init(file: String? = nil, line: Int? = nil, _ message: String) {
        var d = Diagnostics()
        d.error(file: file, line: line, message)
        self.diagnostics = d
    }
    public var description: String { diagnostics.errorReport() }
}
