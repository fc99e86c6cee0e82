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

/// The CSV reader against the csv-spectrum conformance suite (../shared/conformance/csv-spectrum): every
/// csvs/NAME.csv must parse to exactly the records of json/NAME.json, objects keyed by the header row.
@Suite struct CSVSpectrumTests {
    static let directory = Fixture.shared("conformance/csv-spectrum")

    /// Every CSV of the suite; the test below is run once for each, so a failure names the file.
    static let names: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory + "/csvs")) ?? []
        return files.filter { $0.hasSuffix(".csv") }.map { String($0.dropLast(4)) }.sorted()
    }()

    /// The records `CSVReader.parse` gives, as header-keyed objects.
    static func parsed(_ name: String) throws -> [[String: String]] {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(directory)/csvs/\(name).csv")))
        let table = try CSVReader.parse(bytes, file: "\(name).csv")
        #expect(table.recordCount >= 1, "\(name): no header")
        let header = table.record(0)
        return try (1..<table.recordCount).map { r in
            let record = table.record(r)
            guard record.count == header.count else {
                throw SpectrumMismatch(message: "\(name): record \(r) has \(record.count) fields, header \(header.count)")
            }
            return Dictionary(uniqueKeysWithValues: zip(header, record))
        }
    }

    /// What the suite says `name` must parse to.
    static func expected(_ name: String) throws -> Any {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/json/\(name).json"))
        return try JSONSerialization.jsonObject(with: data)
    }

    struct SpectrumMismatch: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    @Test func theSuiteIsThere() {
        // Twelve files in version 2.0.0; an empty list would make the parameterised test vacuous.
        #expect(Self.names.count == 12, "found \(Self.names) in \(Self.directory)")
        for name in Self.names {
            #expect(FileManager.default.fileExists(atPath: "\(Self.directory)/json/\(name).json"), "\(name).json")
        }
    }

    @Test(arguments: CSVSpectrumTests.names.filter { $0 != "location_coordinates" })
    func recordsMatchTheJSON(name: String) throws {
        let records = try Self.parsed(name)
        let expected = try #require(try Self.expected(name) as? [[String: String]], "\(name).json: an array of objects")
        #expect(records.count == expected.count, "\(name): \(records.count) records, expected \(expected.count)")
        for (i, (got, want)) in zip(records, expected).enumerated() {
            #expect(got == want, "\(name) record \(i + 1)")
        }
    }

    /// location_coordinates is special in the upstream suite itself, so it is handled explicitly:
    /// - its JSON is a single object, not an array of records like every other file;
    /// - its "Contact Phone Number" disagrees with its own CSV: the JSON says 1234567890, the CSV line says
    ///   2095257564. The reader returns what the CSV holds; that field is checked against the CSV text, and
    ///   every other field against the JSON.
    /// Its coordinates hold U+FFFD (where a degree sign was lost upstream) and unescaped double quotes
    /// inside an unquoted field (37°36'37.8"N), which the reader must keep as they are.
    @Test func locationCoordinates() throws {
        let records = try Self.parsed("location_coordinates")
        let expected = try #require(try Self.expected("location_coordinates") as? [String: String], "a single object")
        #expect(records.count == 1)
        let record = try #require(records.first)
        #expect(Set(record.keys) == Set(expected.keys))
        for (key, value) in expected where key != "Contact Phone Number" {
            #expect(record[key] == value, "\(key)")
        }
        #expect(record["Contact Phone Number"] == "2095257564")  // what the CSV says (the JSON's 1234567890 is upstream's slip)
        #expect(record["Location Coordinates"] == "37\u{FFFD}36'37.8\"N 121\u{FFFD}2'17.9\"W")
    }

    /// The CRLF variants must give the same records as the LF ones, except where a line break sits
    /// inside a quoted field (kept byte for byte, CR included).
    @Test func crlfVariantsMatchTheirLFTwins() throws {
        #expect(try Self.parsed("simple_crlf") == Self.parsed("simple"))
        #expect(try Self.parsed("empty_crlf") == Self.parsed("empty"))
        let lf = try Self.parsed("newlines")
        let crlf = try Self.parsed("newlines_crlf")
        #expect(crlf.count == lf.count)
        #expect(crlf[1]["a"] == "Once upon \r\na time")
    }

    /// Records start on the line an editor shows them on, also when a quoted field spans lines.
    @Test func recordLinesFollowTheEditor() throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(Self.directory)/csvs/newlines_crlf.csv")))
        let table = try CSVReader.parse(bytes, file: "newlines_crlf.csv")
        // a,b,c / 1,2,3 / "Once upon ⏎ a time",5,6 / 7,8,9
        #expect(table.recordLines == [1, 2, 3, 5])
    }
}
