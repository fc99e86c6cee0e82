import Foundation

/// CSV the tool writes (scores, comparisons, templates): fields quoted by libcsv, text cells neutralised
/// against formula injection, written to a temporary file and renamed into place.
public struct CSVOutput {
    private var lines: [String] = []

    public init() {}

    /// Text that a spreadsheet would run as a formula gets a leading apostrophe (OWASP "CSV injection"):
    /// text starting with =, +, -, @ (also their full-width forms, which some spreadsheets fold), with a
    /// tab, CR or LF (which some apps strip), or with spaces before any of these (which some apps trim).
    /// Text cells only: numbers are written by `.number`/`.integer` and stay numbers.
    static func neutralise(_ text: String) -> String {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠": return "'" + text
            case " ", "\u{3000}", "\u{A0}": continue
            default: return text
            }
        }
        return text
    }

    public enum Cell {
        case text(String)
        case number(Double)
        case integer(Int)
        /// A number already formatted (e.g. "-0.63"): written as it is, not neutralised.
        case formatted(String)
        case empty
    }

    public mutating func append(_ cells: [Cell]) {
        lines.append(
            cells.map { cell -> String in
                switch cell {
                case .text(let t): return CSVReader.quote(CSVOutput.neutralise(t))
                case .number(let v): return v.isFinite ? Self.full(v) : ""
                case .integer(let i): return String(i)
                case .formatted(let t): return t
                case .empty: return ""
                }
            }.joined(separator: ","))
    }

    public mutating func header(_ names: [String]) {
        append(names.map { .text($0) })
    }

    /// Full precision, shortest round-tripping form.
    public static func full(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    public var text: String { lines.joined(separator: "\n") + "\n" }

    /// Writes with a UTF-8 byte-order mark so Excel on Chinese Windows shows the Chinese text.
    public func write(to path: String) throws(Failure) {
        try OutputFile.writeAtomically(Array("\u{FEFF}".utf8) + Array(text.utf8), to: path)
    }
}

public enum OutputFile {
    /// Writes `bytes` beside `path` under a temporary name, then renames: a failure never leaves a
    /// half-written file or damages an existing one.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws(Failure) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        do {
            try Data(bytes).write(to: temporary)
        } catch {
            throw Failure(OutputMessage.cannotWrite(path: path, problem: FileProblem.of(path: temporary.path, error: error)))
        }
        if rename(temporary.path, path) != 0 {
            let problem = FileProblem.of(errno: errno, path: path)
            unlink(temporary.path)
            throw Failure(OutputMessage.cannotWrite(path: path, problem: problem))
        }
    }

    /// Refuses output paths that would overwrite an input or each other, also through a symbolic or
    /// hard link (same device and inode).
    public static func checkDistinct(inputs: [String], outputs: [String]) throws(Failure) {
        let inputPaths = inputs.map(canonical)
        let inputFiles = inputs.compactMap(fileIdentity)
        var seen: [String: String] = [:]
        for output in outputs {
            let c = canonical(output)
            let sameFile = fileIdentity(output).map { id in inputFiles.contains { $0 == id } } ?? false
            if inputPaths.contains(c) || sameFile {
                throw Failure(OutputMessage.outputIsInput(path: output))
            }
            if let other = seen[c] { throw Failure(OutputMessage.sameOutputTwice(other, output)) }
            seen[c] = output
            let directory = URL(fileURLWithPath: output).deletingLastPathComponent().path
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) || !isDirectory.boolValue {
                throw Failure(OutputMessage.folderMissing(output: output, folder: directory))
            }
        }
    }

    /// Device and inode of an existing file (nil when there is none).
    static func fileIdentity(_ path: String) -> [UInt64]? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return [UInt64(info.st_dev), UInt64(info.st_ino)]
    }

    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
