import Testing
@testable import QEval

@Test func parsesQuotedFields() throws {
    let table = try CSVReader.parse(Array("a,b\n1,\"x, y\"\n".utf8), file: "t.csv")
    #expect(table.recordCount == 2)
    #expect(table.record(1) == ["1", "x, y"])
}
