import Foundation

/// Adjusted points from a weights file: a CSV with the header `indicator,points` (or `指标,分值`); only the
/// listed indicators change. Anything doubtful is refused with the file and line.
public enum WeightsFile {
    public static func load(path: String, rulebook: Rulebook) throws(InputError) -> [Double] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw InputError(file: path, RulesMessage.weightsCannotRead(reason: error.localizedDescription).text)
        }
        return try parse(bytes: [UInt8](data), file: path, rulebook: rulebook)
    }

    public static func parse(bytes: [UInt8], file: String, rulebook: Rulebook) throws(InputError) -> [Double] {
        let empty = RulesMessage.weightsEmpty.text
        // Checked before decoding, whose own message for an empty file speaks of applicants.
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            throw InputError(file: file, line: 1, empty)
        }
        let decoded = try TextDecoder.decode(bytes, file: file)
        let csv = try CSVReader.parse(decoded.utf8, file: file)
        guard csv.recordCount > 0 else {
            throw InputError(file: file, line: 1, empty)
        }
        let header = csv.record(0).map { CellParser.normalise($0).lowercased() }
        let expected = [["indicator", "points"], ["指标", "分值"]]
        guard expected.contains(header) else {
            throw InputError(
                file: file, line: csv.recordLines[0],
                RulesMessage.weightsHeader(found: csv.record(0).joined(separator: ",")).text)
        }
        var points = rulebook.defaultPoints
        var errors = Diagnostics()
        var seen: [Int: Int] = [:]
        let numbers = rulebook.indicators.map(\.number)
        if csv.recordCount == 1 {
            throw InputError(file: file, line: csv.recordLines[0], RulesMessage.weightsNoIndicators.text)
        }
        for r in 1..<csv.recordCount {
            let line = csv.recordLines[r]
            let fields = csv.record(r)
            guard fields.count == 2 else {
                errors.error(file: file, line: line, RulesMessage.weightsFieldCount(fields.count).text)
                continue
            }
            let indicatorText = CellParser.normalise(fields[0])
            guard let number = Int(indicatorText), let k = numbers.firstIndex(of: number) else {
                errors.error(
                    file: file, line: line, column: "indicator", value: fields[0],
                    RulesMessage.weightsUnknownIndicator(min: numbers.min() ?? 1, max: numbers.max() ?? 0).text)
                continue
            }
            if let first = seen[number] {
                errors.error(
                    file: file, line: line, column: "indicator", value: fields[0],
                    RulesMessage.weightsIndicatorTwice(number, firstLine: first).text)
                continue
            }
            seen[number] = line
            let pointsText = CellParser.normalise(fields[1])
            guard let value = CellParser.decimal(Substring(pointsText)), value.isFinite else {
                errors.error(
                    file: file, line: line, column: "points", value: fields[1], RulesMessage.weightsNotNumber.text)
                continue
            }
            guard value >= 0 else {
                errors.error(
                    file: file, line: line, column: "points", value: fields[1], RulesMessage.weightsNegative.text)
                continue
            }
            points[k] = value
        }
        if errors.hasErrors { throw InputError(errors) }
        return points
    }
}
