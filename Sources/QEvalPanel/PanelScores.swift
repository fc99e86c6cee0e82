import Foundation
import QEvalInput
import QEvalRules
import QEvalSupport

/// One expert's level for one judged field of one applicant, as read.
public struct ExpertLevel: Sendable, Equatable {
    public var expert: String
    /// The applicant's row in the declared table, and the field's index in the rulebook.
    public var row: Int
    public var field: Int
    public var level: Int
    public var remark: String
    /// Where it was read: "评分.csv" with its line, or "张三.xlsx!专家评分!G5".
    public var file: String
    public var line: Int?

    public init(
        expert: String, row: Int, field: Int, level: Int, remark: String = "", file: String = "", line: Int? = nil
    ) {
        self.expert = expert
        self.row = row
        self.field = field
        self.level = level
        self.remark = remark
        self.file = file
        self.line = line
    }

}

/// The experts' levels read from every file given to `--panel` and checked against the declared cohort and
/// the rulebook's judged fields: what `Panel.combine` turns into the panel's points.
public struct PanelScores: Sendable {
    /// Each file read and the SHA-256 of its bytes (说明 names them).
    public struct Source: Sendable, Equatable {
        public var file: String
        public var sha256: String
    }
    public var sources: [Source]
    public var levels: [ExpertLevel]
    /// Rows an expert left without a level (a returned workbook not finished): shown on the console.
    public var warnings: Diagnostics

    public init(sources: [Source], levels: [ExpertLevel], warnings: Diagnostics = Diagnostics()) {
        self.sources = sources
        self.levels = levels
        self.warnings = warnings
    }
}

/// Reads the experts' scores — the workbooks `qeval panel sheet` writes, returned, or any CSV or workbook in the
/// long form `expert,county,city,field,level` (Chinese headers accepted) — one row per expert × applicant ×
/// judged field. Every problem is an input error located by file, line (or cell) and column, all reported at
/// once; nothing is used when there is one.
public enum PanelFile {
    /// The columns: the key a CSV may use and the Chinese header the expert's workbook writes.
    public enum Column: String, CaseIterable, Sendable {
        case expert, county, city, field, level, remark
        /// Written by the expert's workbook for the reader's eye, ignored when read back.
        case indicator, declared, meanings, key

        public var message: PanelMessage {
            switch self {
            case .expert: return .columnExpert
            case .county: return .columnCounty
            case .city: return .columnCity
            case .field: return .columnField
            case .level: return .columnLevel
            case .remark: return .columnRemark
            case .indicator: return .columnIndicator
            case .declared: return .columnDeclared
            case .meanings: return .columnMeanings
            case .key: return .columnKey
            }
        }

        public var header: String { message.text }
        public var required: Bool { [.expert, .county, .city, .field, .level].contains(self) }

        static func named(_ text: String) -> Column? {
            let key = InputReader.headerKey(text)
            return allCases.first { column in
                [column.rawValue, column.message.localized.zh, column.message.localized.en].contains {
                    InputReader.headerKey($0) == key
                }
            }
        }
    }

    /// Rows in one file: a province's panel is 136 × 8 × up to 20 experts = 21,760; the limit leaves room for the
    /// largest cohorts the tool reads (2,850 units × 8 items × 8 experts = 182,400).
    static let rowLimit = 200_000

    /// Every file given: a folder contributes its .xlsx and .csv files (not hidden ones, not Excel's ~$ locks).
    public static func read(paths: [String], table: ApplicantTable, rulebook: Rulebook) throws(InputError) -> PanelScores {
        var files: [(name: String, bytes: [UInt8])] = []
        var errors = Diagnostics()
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                let names = ((try? fm.contentsOfDirectory(atPath: path)) ?? []).filter { name in
                    let lower = name.lowercased()
                    return !name.hasPrefix(".") && !name.hasPrefix("~$") && (lower.hasSuffix(".xlsx") || lower.hasSuffix(".csv"))
                }.sorted()
                if names.isEmpty { errors.error(file: path, PanelMessage.noFiles(folder: path)) }
                for name in names {
                    let file = (path as NSString).appendingPathComponent(name)
                    do throws(InputError) { files.append((file, try bytes(of: file))) } catch { errors.merge(error.diagnostics) }
                }
            } else {
                do throws(InputError) { files.append((path, try bytes(of: path))) } catch { errors.merge(error.diagnostics) }
            }
        }
        if errors.hasErrors { throw InputError(errors) }
        return try read(files: files, table: table, rulebook: rulebook)
    }

    static func bytes(of path: String) throws(InputError) -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw InputError(file: path, InputMessage.cannotRead(FileProblem.of(path: path, error: error)))
        }
    }

    /// Files already in memory (the workspace's uploads and its own stored scores): the same checks, and a
    /// level given twice by one expert for one item is refused across files too.
    public static func read(files: [(name: String, bytes: [UInt8])], table: ApplicantTable, rulebook: Rulebook)
        throws(InputError) -> PanelScores
    {
        var errors = Diagnostics()
        var scores = PanelScores(sources: [], levels: [])
        var firstPlace: [String: String] = [:]
        if rulebook.judgedFields.isEmpty { throw InputError(file: rulebook.source, PanelMessage.noJudgedFields) }
        for file in files {
            do throws(InputError) {
                try read(
                    bytes: file.bytes, file: file.name, table: table, rulebook: rulebook, into: &scores, firstPlace: &firstPlace)
                scores.sources.append(PanelScores.Source(file: file.name, sha256: InputReader.sha256(file.bytes)))
            } catch {
                errors.merge(error.diagnostics)
            }
        }
        if errors.hasErrors { throw InputError(errors) }
        return scores
    }

    /// The judged items by label, for messages: "质量发展模式、…".
    static func judgedList(_ rulebook: Rulebook) -> String {
        Wording.list(rulebook.judgedFields.map { rulebook.fields[$0].label }, .current)
    }

    /// "0 无、1 有模式具备一定推广性、2 明确可推广": a judged field's levels with the standard's wording.
    public static func levelChoices(_ spec: FieldSpec) -> [String] {
        (0...max(0, spec.maxLevel ?? 0)).map { level in
            let meaning = spec.levelMeanings.flatMap { level < $0.count ? $0[level] : nil }
            return meaning.map { "\(level) \($0)" } ?? "\(level)"
        }
    }

    /// A level as an expert writes it: the number ("2"), the workbook's choice ("2 明确可推广") or the
    /// standard's wording alone ("明确可推广"); nil when it is none of the field's levels.
    public static func level(_ text: String, of spec: FieldSpec) -> Int? {
        let written = CellParser.normalise(text).trimmingCharacters(in: .whitespaces)
        let top = spec.maxLevel ?? 0
        if case .value(let v) = FieldCell.parse(Array(written.utf8)[...], as: spec) { return Int(v) }
        let meanings = spec.levelMeanings ?? []
        if let i = meanings.firstIndex(where: { CellParser.normalise($0) == written }) { return i }
        // "2 明确可推广", "2、明确可推广", "2级": the number, then the wording of that very level (or nothing).
        let digits = written.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let n = Int(digits), n >= 0, n <= top else { return nil }
        let rest = written.dropFirst(digits.count).drop { " 、.．:：-—级".contains($0) }
        if rest.isEmpty { return n }
        return n < meanings.count && CellParser.normalise(String(rest)) == CellParser.normalise(meanings[n]) ? n : nil
    }

    static func read(
        bytes: [UInt8], file: String, table: ApplicantTable, rulebook: Rulebook, into scores: inout PanelScores,
        firstPlace: inout [String: String]
    ) throws(InputError) {
        let records = try RecordTable(bytes: bytes, file: file, rulebook: rulebook, rowLimit: rowLimit)
        let csv = records.csv
        func place(_ line: Int?, _ column: Int?) -> (file: String, line: Int?) { records.place(line, column) }
        guard csv.recordCount > 1 else { throw InputError(file: file, PanelMessage.noRows) }
        if csv.recordCount - 1 > rowLimit {
            throw InputError(file: file, PanelMessage.tooManyRows(found: csv.recordCount - 1, limit: rowLimit))
        }
        let allowed = Column.allCases.map { "“\($0.message.localized.zh)”（\($0.rawValue)）" }.joined(separator: "、")
        let columnOf = try records.columns(
            named: Column.named, required: Column.allCases.filter(\.required),
            unknown: { PanelMessage.unknownColumn(name: $0, allowed: allowed) },
            missing: { PanelMessage.missingColumn($0.message.localized.zh) })
        var errors = Diagnostics()
        let applicants = ApplicantLookup(table)
        let lookup = InputReader.headerLookup(rulebook)
        let judged = judgedList(rulebook)
        var foundOf: [String: (county: String, city: String, found: ApplicantLookup.Found)] = [:]
        var matchesOf: [String: [Int]] = [:]
        for r in 1..<csv.recordCount {
            let record = csv.record(r)
            let line = csv.recordLines[r]
            func cell(_ column: Column) -> String {
                guard let c = columnOf[column], c < record.count else { return "" }
                return record[c].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            if record.allSatisfy({ $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) { continue }
            func at(_ column: Column?) -> (file: String, line: Int?) { place(line, column.flatMap { columnOf[$0] }) }
            func error(_ column: Column?, value: String? = nil, _ message: PanelMessage) {
                let where_ = at(column)
                errors.error(
                    file: where_.file, line: where_.line, column: column?.rawValue,
                    columnLabel: column?.message.localized.zh, value: value, message)
            }
            let expert = InputReader.trimmedName(CellParser.normalise(cell(.expert)))
            if expert.isEmpty { error(.expert, value: "", .noExpert) }
            for column in [Column.expert, .remark] where cell(column).count > Excerpt.limit {
                error(column, value: cell(column), .textTooLong(length: cell(column).count, limit: Excerpt.limit))
            }
            // The same county, city and item recur on every expert's rows: each written form is resolved once.
            let writtenApplicant = cell(.county) + "\u{1F}" + cell(.city)
            let found = foundOf[writtenApplicant] ?? applicants.find(county: cell(.county), city: cell(.city))
            foundOf[writtenApplicant] = found
            let row: Int?
            switch found.found {
            case .row(let r): row = r
            case .otherCity(let cities):
                row = nil
                error(
                    .city, value: found.city,
                    .applicantInOtherCity(county: found.county, city: found.city, cities: Wording.list(cities, .current)))
            case .unknown:
                row = nil
                error(.county, value: found.county, .unknownApplicant(county: found.county, city: found.city))
            }
            let fieldName = cell(.field)
            let matches = matchesOf[fieldName] ?? InputReader.fieldsNamed(fieldName, lookup)
            matchesOf[fieldName] = matches
            var field: Int? = matches.count == 1 ? matches[0] : nil
            if field == nil {
                error(.field, value: fieldName, .unknownField(name: Diagnostic.printable(fieldName), judged: judged))
            } else if !rulebook.fields[field!].judged {
                error(.field, value: fieldName, .notJudged(label: rulebook.fields[field!].label, judged: judged))
                field = nil
            }
            guard let f = field else { continue }
            let spec = rulebook.fields[f]
            let written = cell(.level)
            if written.isEmpty {
                // An unfinished workbook: the row does not count; the console says so (the coverage check
                // then refuses the run if fewer than three experts remain).
                let where_ = at(.level)
                scores.warnings.warning(
                    file: where_.file, line: where_.line, column: Column.level.rawValue,
                    columnLabel: Column.level.message.localized.zh, value: "",
                    applicant: row.map { table.name($0) }, affectsScore: true,
                    PanelMessage.blankLevel(expert: expert, label: spec.label))
                continue
            }
            guard let level = level(written, of: spec) else {
                error(
                    .level, value: written,
                    .badLevel(
                        value: Diagnostic.printable(written), label: spec.label,
                        allowed: levelChoices(spec).map { "“\($0)”" }.joined(separator: "、")))
                continue
            }
            guard let row, !expert.isEmpty else { continue }
            let here = at(.level)
            let key = "\(expert)\u{1F}\(row)\u{1F}\(f)"
            let shown = here.line.map { "\(here.file) 第\($0)行" } ?? here.file
            if let first = firstPlace[key] {
                error(.level, value: written, .duplicate(expert: expert, first: first))
                continue
            }
            firstPlace[key] = shown
            scores.levels.append(
                ExpertLevel(
                    expert: expert, row: row, field: f, level: level, remark: cell(.remark), file: here.file,
                    line: here.line))
        }
        if errors.hasErrors {
            errors.sortByLine()
            throw InputError(errors)
        }
    }
}
