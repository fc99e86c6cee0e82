import Foundation
import QEvalSupport

/// Adjusted points from a weights file: a CSV whose header has `indicator` and `points` (or `指标` and `分值`),
/// other columns allowed (the 权重 sheet saved as CSV); only the listed indicators change. Anything doubtful is refused with the file and line.
public enum WeightsFile {
    /// The 权重 sheet's total row label, in both languages.
    static let totalRowLabels: Set<String> = [
        CellParser.normalise(WorkbookText.totalRow.localized.zh), CellParser.normalise(WorkbookText.totalRow.localized.en),
    ]

    public static func load(path: String, rulebook: Rulebook) throws(InputError) -> [Double] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw InputError(file: path, WeightsMessage.cannotRead(FileProblem.of(path: path, error: error)))
        }
        return try parse(bytes: [UInt8](data), file: path, rulebook: rulebook)
    }

    public static func parse(bytes: [UInt8], file: String, rulebook: Rulebook) throws(InputError) -> [Double] {
        // Checked before decoding, whose own message for an empty file speaks of applicants.
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            throw InputError(file: file, line: 1, WeightsMessage.empty)
        }
        let decoded = try TextDecoder.decode(bytes, file: file)
        let csv = try CSVReader.parse(decoded.utf8, file: file)
        guard csv.recordCount > 0 else { throw InputError(file: file, line: 1, WeightsMessage.empty) }
        // The header names the indicator and points columns; other columns (名称, 一级指标 … of the workbook's
        // 权重 sheet saved as CSV) are allowed and ignored.
        let header = csv.record(0).map { CellParser.normalise($0).lowercased() }
        let indicatorColumn = header.firstIndex { $0 == "indicator" || $0 == "指标" }
        let pointsColumn = header.firstIndex { $0 == "points" || $0 == "分值" }
        guard let indicatorColumn, let pointsColumn else {
            throw InputError(file: file, line: csv.recordLines[0], WeightsMessage.header(csv.record(0).joined(separator: ",")))
        }
        // Errors name the columns as the file's own header does (指标/分值 or indicator/points).
        let indicatorName = CellParser.normalise(csv.string(record: 0, field: indicatorColumn))
        let pointsName = CellParser.normalise(csv.string(record: 0, field: pointsColumn))
        var points = rulebook.defaultPoints
        var errors = Diagnostics()
        var seen: [Int: Int] = [:]
        let numbers = rulebook.indicators.map(\.number)
        var listed = 0
        for r in 1..<max(1, csv.recordCount) {
            let line = csv.recordLines[r]
            let fields = csv.record(r)
            // Blank rows (",", or a row of empty cells) are skipped.
            if fields.allSatisfy({ CellParser.normalise($0).isEmpty }) { continue }
            guard fields.count == header.count else {
                errors.error(file: file, line: line, WeightsMessage.fieldCount(found: fields.count, expected: header.count))
                continue
            }
            let indicatorText = CellParser.normalise(fields[indicatorColumn])
            // The 权重 sheet saved as CSV: its total row (合计（满分）) and the note below it name no indicator.
            if indicatorText.isEmpty
                && (CellParser.normalise(fields[pointsColumn]).isEmpty
                    || fields.contains { Self.totalRowLabels.contains(CellParser.normalise($0)) })
            {
                continue
            }
            listed += 1
            guard let number = Int(indicatorText), let k = numbers.firstIndex(of: number) else {
                errors.error(
                    file: file, line: line, column: indicatorName, value: fields[indicatorColumn],
                    WeightsMessage.unknownIndicator(
                        value: fields[indicatorColumn], lowest: numbers.min() ?? 1, highest: numbers.max() ?? 0))
                continue
            }
            if let first = seen[number] {
                errors.error(
                    file: file, line: line, column: indicatorName, value: fields[indicatorColumn],
                    WeightsMessage.listedTwice(indicator: number, firstLine: first))
                continue
            }
            seen[number] = line
            let pointsText = CellParser.normalise(fields[pointsColumn])
            guard let value = CellParser.decimal(Substring(pointsText)), value.isFinite else {
                errors.error(
                    file: file, line: line, column: pointsName, value: fields[pointsColumn],
                    WeightsMessage.notPoints(fields[pointsColumn]))
                continue
            }
            guard value >= 0 else {
                errors.error(
                    file: file, line: line, column: pointsName, value: fields[pointsColumn],
                    WeightsMessage.negative(fields[pointsColumn]))
                continue
            }
            points[k] = value
        }
        if listed == 0 && !errors.hasErrors {
            throw InputError(file: file, line: csv.recordLines[0], WeightsMessage.noIndicators)
        }
        if errors.hasErrors { throw InputError(errors) }
        return points
    }
}

/// The indicators whose points in force differ from the standard's, in the standard's order: the one list the
/// console, the 说明 sheet and the comparison show ("4（5→3）").
public struct PointsChanges: Sendable, Equatable {
    public struct Change: Sendable, Equatable {
        public var indicator: Int
        public var number: Int
        public var name: String
        public var standard: Double
        public var inForce: Double
        /// "4 表扬激励与媒体报道（5→3）".
        public var named: String { "\(number) \(name)（\(Points.format(standard))→\(Points.format(inForce))）" }
        /// "4（5→3）".
        public var short: String { "\(number)（\(Points.format(standard))→\(Points.format(inForce))）" }
    }

    public let changes: [Change]

    public init(points: [Double], rulebook: Rulebook) {
        changes = rulebook.indicators.indices.compactMap { k in
            let indicator = rulebook.indicators[k]
            guard k < points.count, abs(points[k] - indicator.points) > 1e-12 else { return nil }
            return Change(
                indicator: k, number: indicator.number, name: indicator.shortName, standard: indicator.points,
                inForce: points[k])
        }
    }
}

/// Whether the points in force add up to the standard's total: the one place this is decided. Every door
/// (a file, an upload, a folder of forms, the web's drafts and scenarios) reads it from `RankedCohort`.
public struct PointsTotal: Sendable, Equatable {
    /// The sum of the points in force, and the standard's total.
    public let given: Double
    public let standard: Double

    public init(points: [Double], rulebook: Rulebook) {
        given = points.reduce(0, +)
        standard = rulebook.totalPoints
    }

    /// True when they differ by more than rounding (10⁻⁹ of a point).
    public var differs: Bool { abs(given - standard) > 1e-9 }

    /// The warning every door shows when they differ; nil when they agree.
    public var warning: WeightsMessage? {
        differs ? .pointsOffTotal(total: Points.format(given), standard: Points.format(standard)) : nil
    }
}

public enum WeightsMessage: Message {
    case cannotRead(FileProblem)
    case pointsOffTotal(total: String, standard: String)
    case empty
    case header(String)
    case noIndicators
    case fieldCount(found: Int, expected: Int)
    case unknownIndicator(value: String, lowest: Int, highest: Int)
    case listedTwice(indicator: Int, firstLine: Int)
    case notPoints(String)
    case negative(String)

    public var localized: Localized {
        switch self {
        case .cannotRead(let problem):
            return Localized(
                zh: "无法读取分值文件：\(problem.localized.zh)。", en: "cannot read the weights file: \(problem.localized.en).")
        case .empty:
            return Localized(
                zh: "分值文件是空的：应有表头 指标,分值（或 indicator,points），其下每个要调整的指标一行。",
                en:
                    "the weights file is empty: expected the header indicator,points (or 指标,分值) and one line per indicator to change"
            )
        case .header(let found):
            return Localized(
                zh: "表头是\u{201C}\(found)\u{201D}，应含有\u{201C}指标\u{201D}和\u{201C}分值\u{201D}两列（或 indicator 和 points）。",
                en: "the header is \"\(found)\"; expected columns indicator and points (or 指标 and 分值)")
        case .pointsOffTotal(let total, let standard):
            return Localized(
                zh: "调整后的分值合计 \(total) 分，不是 \(standard) 分；总分按满分 \(total) 分计。",
                en: "the adjusted points add up to \(total), not \(standard); totals are out of \(total)")
        case .noIndicators:
            return Localized(
                zh: "分值文件在表头下没有列出任何指标。", en: "the weights file lists no indicator below its header")
        case .fieldCount(let found, let expected):
            return Localized(
                zh: "该行有 \(found) 个单元格，而表头有 \(expected) 列。",
                en: "the line has \(found) fields; expected \(expected) as in the header (indicator,points)")
        case .unknownIndicator(let value, let lowest, let highest):
            return Localized(
                zh: "值\u{201C}\(value)\u{201D}不是指标序号：应为 \(lowest) 到 \(highest) 之间的整数。",
                en: "unknown indicator \"\(value)\": expected a number from \(lowest) to \(highest)")
        case .listedTwice(let indicator, let firstLine):
            return Localized(
                zh: "指标 \(indicator) 列了两次（第一次在第 \(firstLine) 行）；请只保留一行。",
                en: "indicator \(indicator) is listed twice (first on line \(firstLine))")
        case .notPoints(let value):
            return Localized(
                zh: "值\u{201C}\(value)\u{201D}不是分值：应填 0 或以上的数。", en: "value \"\(value)\": expected a number of points, 0 or more")
        case .negative(let value):
            return Localized(
                zh: "值\u{201C}\(value)\u{201D}为负数：分值不能为负。", en: "value \"\(value)\": points cannot be negative")
        }
    }

    public static var examples: [WeightsMessage] {
        [
            .cannotRead(.notFound), .empty, .header("a,b"), .noIndicators, .fieldCount(found: 3, expected: 2),
            .unknownIndicator(value: "44", lowest: 1, highest: 43), .listedTwice(indicator: 20, firstLine: 2),
            .notPoints("两分"), .negative("-1"), .pointsOffTotal(total: "98", standard: "100"),
        ]
    }
}
