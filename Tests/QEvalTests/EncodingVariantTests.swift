import Foundation
import Testing

@testable import QEval
@testable import QEvalCompare
@testable import QEvalEvaluation
@testable import QEvalExplanation
@testable import QEvalForms
@testable import QEvalInput
@testable import QEvalPipeline
@testable import QEvalRanking
@testable import QEvalReports
@testable import QEvalRobustness
@testable import QEvalRules
@testable import QEvalSupport

/// The bundled sample (data/sample/shandong-2023.csv, 136 counties) rewritten the ways county offices'
/// files differ — GB18030 as WPS/Excel save it on Chinese Windows, with or without a UTF-8 byte-order
/// mark, full-width digits and signs, Chinese column labels, 95%, thousands separators, other yes/no
/// words, CRLF or CR line ends — must read to the same table and score exactly (bit for bit) like the
/// plain file.
@Suite struct EncodingVariantTests {
    /// The sample as records (header first), parsed once.
    static func sample() throws -> (bytes: [UInt8], records: [[String]]) {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixture.path(BundledFiles.sampleRelative))))
        let decoded = try TextDecoder.decode(bytes, file: "sample.csv")
        let csv = try CSVReader.parse(decoded.utf8, file: "sample.csv")
        return (bytes, (0..<csv.recordCount).map { csv.record($0) })
    }

    /// Records back to CSV text, every field in double quotes (libcsv's quoting).
    static func text(_ records: [[String]], lineEnd: String = "\n") -> String {
        records.map { $0.map(CSVReader.quote).joined(separator: ",") }.joined(separator: lineEnd) + lineEnd
    }

    /// Rewrites every non-empty data cell of the given types with `change` (header left alone).
    static func mapCells(
        _ records: [[String]], _ rulebook: Rulebook, types: Set<FieldType>, _ change: (String, Int) -> String
    ) -> [[String]] {
        let fields = records[0].map { rulebook.field($0) }
        var out = records
        for r in 1..<out.count {
            for c in out[r].indices where !out[r][c].isEmpty {
                if let field = fields[c], types.contains(field.type) { out[r][c] = change(out[r][c], r) }
            }
        }
        return out
    }

    /// ASCII digits and . - + % to their full-width forms (０–９ ． － ＋ ％), as a Chinese IME types them.
    static func fullWidth(_ s: String) -> String {
        String(
            String.UnicodeScalarView(
                s.unicodeScalars.map { u in
                    switch u {
                    case "0"..."9", ".", "-", "+", "%", ",": return Unicode.Scalar(u.value + 0xFEE0)!
                    default: return u
                    }
                }))
    }

    /// "1234567.89" → "1,234,567.89"; shorter integer parts unchanged.
    static func withThousands(_ s: String) -> String {
        var sign = ""
        var body = Substring(s)
        if body.first == "-" {
            sign = "-"
            body = body.dropFirst()
        }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        var integer = String(parts[0])
        var grouped = ""
        while integer.count > 3 {
            grouped = "," + integer.suffix(3) + grouped
            integer = String(integer.dropLast(3))
        }
        return sign + integer + grouped + (parts.count > 1 ? "." + parts[1] : "")
    }

    struct Variant: CustomTestStringConvertible, Sendable {
        var name: String
        var encoding: TextEncoding
        var testDescription: String { name }
    }

    static let variants: [Variant] = [
        Variant(name: "utf-8 without BOM", encoding: .utf8),
        Variant(name: "utf-8 with BOM, requoted", encoding: .utf8BOM),
        Variant(name: "gb18030", encoding: .gb18030),
        Variant(name: "gb18030 with its BOM", encoding: .gb18030),
        Variant(name: "full-width digits and signs", encoding: .utf8),
        Variant(name: "chinese header labels with spaces around", encoding: .utf8),
        Variant(name: "percent signs", encoding: .utf8),
        Variant(name: "thousands separators", encoding: .utf8),
        Variant(name: "other yes/no words", encoding: .utf8),
        Variant(name: "crlf line ends", encoding: .utf8),
        Variant(name: "cr line ends", encoding: .utf8),
        Variant(name: "wps on chinese windows: gb18030, chinese header, full-width", encoding: .gb18030),
    ]

    /// The bytes of variant `name`, built from the sample's records.
    static func bytes(of name: String, rulebook: Rulebook) throws -> [UInt8] {
        let (raw, records) = try sample()
        let numeric: Set<FieldType> = [.number, .percent, .count, .level]
        func chineseHeader(_ records: [[String]]) -> [[String]] {
            var out = records
            out[0] = records[0].map { key in "  " + (rulebook.field(key)?.label ?? key) + "\u{3000}" }
            return out
        }
        switch name {
        case "utf-8 without BOM":
            // The sample is saved with a BOM; this is the same file without it, byte for byte.
            #expect(raw.starts(with: [0xEF, 0xBB, 0xBF]))
            return Array(raw.dropFirst(3))
        case "utf-8 with BOM, requoted":
            return [0xEF, 0xBB, 0xBF] + Array(text(records).utf8)
        case "gb18030":
            return try #require(TextDecoder.utf8ToGB18030(text(records)))
        case "gb18030 with its BOM":
            return [0x84, 0x31, 0x95, 0x33] + (try #require(TextDecoder.utf8ToGB18030(text(records))))
        case "full-width digits and signs":
            return Array(text(mapCells(records, rulebook, types: numeric) { v, _ in fullWidth(v) }).utf8)
        case "chinese header labels with spaces around":
            return Array(text(chineseHeader(records)).utf8)
        case "percent signs":
            return Array(text(mapCells(records, rulebook, types: [.percent]) { v, _ in v + "%" }).utf8)
        case "thousands separators":
            return Array(text(mapCells(records, rulebook, types: [.number]) { v, _ in withThousands(v) }).utf8)
        case "other yes/no words":
            // Row by row a different pair, so every spelling is read somewhere.
            let pairs = [("有", "无"), ("1", "0"), ("Y", "N"), ("yes", "no"), ("true", "false"), ("√", "×"), ("是", "否")]
            return Array(
                text(
                    mapCells(records, rulebook, types: [.bool]) { v, r in
                        let (yes, no) = pairs[r % pairs.count]
                        return v == "是" ? yes : v == "否" ? no : v
                    }
                ).utf8)
        case "crlf line ends":
            return Array(text(records, lineEnd: "\r\n").utf8)
        case "cr line ends":
            return Array(text(records, lineEnd: "\r").utf8)
        case "wps on chinese windows: gb18030, chinese header, full-width":
            let changed = chineseHeader(mapCells(records, rulebook, types: numeric) { v, _ in fullWidth(v) })
            return try #require(TextDecoder.utf8ToGB18030(text(changed)))
        default:
            Issue.record("no variant \(name)")
            return []
        }
    }

    static func read(_ bytes: [UInt8], _ file: String, _ rulebook: Rulebook, encoding: TextEncoding? = nil) throws
        -> RankedCohort
    {
        var diagnostics = Diagnostics()
        let table = try InputReader.read(
            bytes: bytes, file: file, rulebook: rulebook, options: ReadOptions(encoding: encoding),
            diagnostics: &diagnostics)
        return RankedCohort(evaluation: Evaluator.evaluate(table, rulebook: rulebook, diagnostics: diagnostics))
    }

    static func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }

    /// Same applicants, same typed cells, same shares and totals to the last bit.
    static func expectSame(_ variant: RankedCohort, _ plain: RankedCohort, _ name: String) {
        let a = variant.evaluation.table
        let b = plain.evaluation.table
        #expect(a.count == b.count, "\(name)")
        #expect(a.county == b.county, "\(name)")
        #expect(a.city == b.city, "\(name)")
        #expect(a.tier == b.tier, "\(name)")
        #expect(a.line == b.line, "\(name)")
        #expect(a.hasColumn == b.hasColumn, "\(name)")
        for f in plain.rulebook.fields.indices {
            #expect(a.present[f] == b.present[f], "\(name): \(plain.rulebook.fields[f].key) reported")
            #expect(bits(a.values[f]) == bits(b.values[f]), "\(name): \(plain.rulebook.fields[f].key) values")
            #expect(a.texts[f] == b.texts[f], "\(name): \(plain.rulebook.fields[f].key) text")
        }
        #expect(variant.evaluation.shares.map(bits) == plain.evaluation.shares.map(bits), "\(name): shares")
        #expect(bits(variant.scoreboard.totals) == bits(plain.scoreboard.totals), "\(name): totals")
        #expect(variant.ranking.rank == plain.ranking.rank, "\(name): ranks")
    }

    @Test(arguments: EncodingVariantTests.variants)
    func scoresExactlyLikeThePlainFile(_ v: Variant) throws {
        let rulebook = try Fixture.rulebook()
        let plain = try Self.read(try Self.sample().bytes, "plain.csv", rulebook)
        let bytes = try Self.bytes(of: v.name, rulebook: rulebook)
        #expect(bytes != (try Self.sample().bytes), "the variant differs from the file")
        let variant = try Self.read(bytes, v.name + ".csv", rulebook)
        #expect(variant.evaluation.table.encoding == v.encoding)
        Self.expectSame(variant, plain, v.name)
        // The same warnings (missing cells, not reported), whatever the spelling.
        #expect(variant.evaluation.diagnostics.warnings.count == plain.evaluation.diagnostics.warnings.count)
    }

    /// The sanity of the comparison itself: the plain file has numbers, reported cells and ranked
    /// counties to compare, and one changed cell does change the result.
    @Test func theComparisonCanFail() throws {
        let rulebook = try Fixture.rulebook()
        let plain = try Self.read(try Self.sample().bytes, "plain.csv", rulebook)
        #expect(plain.evaluation.table.count == 136)
        #expect(plain.scoreboard.totals.contains { $0 > 50 })
        var records = try Self.sample().records
        let column = try #require(records[0].firstIndex(of: "i02_model"))
        records[1][column] = records[1][column] == "2" ? "1" : "2"
        let changed = try Self.read(Array(Self.text(records).utf8), "changed.csv", rulebook)
        #expect(Self.bits(changed.scoreboard.totals) != Self.bits(plain.scoreboard.totals))
    }

    /// --encoding overrides detection: GB18030 forced reads the GB18030 file; forcing UTF-8 on it fails
    /// with a message that suggests gb18030.
    @Test func encodingOptionOverridesDetection() throws {
        let rulebook = try Fixture.rulebook()
        let gb = try Self.bytes(of: "gb18030", rulebook: rulebook)
        let forced = try Self.read(gb, "gb.csv", rulebook, encoding: .gb18030)
        Self.expectSame(forced, try Self.read(try Self.sample().bytes, "plain.csv", rulebook), "forced gb18030")
        var diagnostics = Diagnostics()
        #expect {
            try InputReader.read(
                bytes: gb, file: "gb.csv", rulebook: rulebook, options: ReadOptions(encoding: .utf8),
                diagnostics: &diagnostics)
        } throws: { error in
            (error as? InputError)?.render(.en).contains("try --encoding gb18030") == true
        }
        #expect(TextEncoding(option: "GBK") == .gb18030)
        #expect(TextEncoding(option: "UTF8") == .utf8)
        #expect(TextEncoding(option: "latin1") == nil)
    }

    /// The pieces the variants rely on, one by one, worked out by hand.
    @Test func cellSpellings() throws {
        let rulebook = try Fixture.rulebook()
        let percent = try #require(rulebook.field("i17_class_a_coverage"))
        let number = try #require(rulebook.field("i32_green_building_area"))
        let count = try #require(rulebook.field("i04_praise_national"))
        let level = try #require(rulebook.field("i02_model"))
        let bool = try #require(rulebook.field("i01_slogan"))
        let drop = try #require(rulebook.field("i38_energy_intensity_drop"))
        func p(_ s: String, _ f: FieldSpec) -> FieldCell.Outcome { FieldCell.parse(Array(s.utf8)[...], as: f) }
        #expect(p("９５．５", percent) == .value(95.5))
        #expect(p("９５％", percent) == .value(95))
        #expect(p("95 %", percent) == .value(95))
        #expect(p("\"95\"", percent) != .value(95))  // quotes are CSV syntax, not part of a cell
        #expect(p("－０．６３", drop) == .value(-0.63))
        #expect(p("−0.63", drop) == .value(-0.63))  // U+2212 MINUS SIGN
        #expect(p("1,234,567.5", number) == .value(1_234_567.5))
        #expect(p("１，２３４", number) == .value(1234))
        #expect(p(" 12 ", count) == .value(12))
        #expect(p("-0", count) == .value(0))
        #expect(p("２", level) == .value(2))
        #expect(p("2.0", level) == .value(2))
        #expect(p("", number) == .empty)
        #expect(p("\u{3000}", number) == .empty)
        // Surrounding Unicode white space (no-break space, line separator, tab) is trimmed, inner text is not.
        #expect(p("\u{A0}12\u{2028}", count) == .value(12))
        #expect(p("\t是\u{3000}", bool) == .value(1))
        #expect(p("1 2", count) == .invalid(problem: .notANumber))
        #expect(p("是否", bool) == .invalid(problem: .notYesNo))
        for yes in ["是", "有", "1", "Y", "y", "yes", "YES", "true", "True", "√", "Ｙ"] {
            #expect(p(yes, bool) == .value(1), "\(yes)")
        }
        for no in ["否", "无", "0", "N", "no", "false", "FALSE", "×"] { #expect(p(no, bool) == .value(0), "\(no)") }
        for bad in ["1e3", "nan", "inf", "0x10", "1.2.3", "--1", "1,2345", ",123", "1" + String(repeating: "0", count: 400)] {
            guard case .invalid = p(bad, number) else {
                Issue.record("\(bad) was read")
                continue
            }
        }
    }
}
