import QEvalRules
import QEvalSupport

/// Reads one cell as the type its field of the standard expects (a yes/no, a level of the table, a count,
/// a number or a percentage within the field's range), over `CellParser`'s reading of the text.
public enum FieldCell {
    public enum Outcome: Equatable {
        /// Empty cell: "not reported".
        case empty
        case value(Double)
        /// Present but unreadable: `reason` says what was wrong beyond the column's expectation, if anything.
        case invalid(problem: CellProblem?)
    }

    /// Parses `bytes` (UTF-8) for a field of `spec`'s type and range.
    public static func parse(_ bytes: ArraySlice<UInt8>, as spec: borrowing FieldSpec) -> Outcome {
        if bytes.isEmpty { return .empty }
        if bytes.contains(0) { return .invalid(problem: .nulByte) }
        // Fast path: plain ASCII decimal, the usual case.
        if spec.type != .bool, let v = CellParser.fastDecimal(bytes) {
            return check(v, spec)
        }
        if spec.type == .bool, let b = CellParser.fastBoolean(bytes) { return .value(b) }
        let text = CellParser.normalise(String(decoding: bytes, as: UTF8.self))
        if text.isEmpty { return .empty }
        switch spec.type {
        case .text:
            return .value(0)
        case .bool:
            guard let b = CellParser.boolean(text) else { return .invalid(problem: .notYesNo) }
            return .value(b ? 1 : 0)
        case .level, .count, .number, .percent:
            var body = Substring(text)
            if body.hasSuffix("%") {
                guard spec.type == .percent else {
                    return .invalid(problem: .percentSignInNumber)
                }
                body = body.dropLast()
                while body.last == " " { body = body.dropLast() }
            }
            if body.contains(",") {
                guard let plain = CellParser.withoutThousandsSeparators(body) else {
                    return .invalid(
                        problem: CellParser.decimal(Substring(body.filter { $0 != "," })) != nil
                            ? .badThousandsSeparators : .notANumber)
                }
                body = Substring(plain)
            }
            guard let v = CellParser.decimal(body) else { return .invalid(problem: .notANumber) }
            return check(v, spec)
        }
    }

    static func check(_ value: Double, _ spec: borrowing FieldSpec) -> Outcome {
        // A number too long for a Double ("1" and 400 zeros) must not become infinity in the scores.
        guard value.isFinite else { return .invalid(problem: .tooLarge) }
        let v = value == 0 ? 0 : value  // "-0" is 0, not a negative zero that prints as "-0"
        switch spec.type {
        case .text: return .value(0)
        case .bool:
            if v == 1 { return .value(1) }
            if v == 0 { return .value(0) }
            return .invalid(problem: .notYesNo)
        case .level:
            guard v == v.rounded(), v >= 0, v <= Double(spec.maxLevel ?? 0) else {
                return .invalid(problem: v == v.rounded() && v >= 0 ? .levelBeyondTable(Points.format(v)) : nil)
            }
            return .value(v)
        case .count:
            guard v >= 0 else { return .invalid(problem: .negativeCount) }
            guard v == v.rounded() else { return .invalid(problem: .fractionalCount) }
            if let lo = spec.minimum, v < lo { return .invalid(problem: .belowMinimum(Points.format(lo))) }
            if let hi = spec.maximum, v > hi { return .invalid(problem: .aboveMaximum(Points.format(hi))) }
            return .value(v)
        case .number, .percent:
            if let lo = spec.minimum, v < lo { return .invalid(problem: .belowMinimum(Points.format(lo))) }
            if let hi = spec.maximum, v > hi { return .invalid(problem: .aboveMaximum(Points.format(hi))) }
            return .value(v)
        }
    }
}
