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

/// The lines `qeval rank --timings` prints for scripts/bench, and the memory probe behind the second one.
@Suite struct StageTimingsTests {
    @Test func linesScriptsBenchParses() {
        var t = StageTimings()
        t.rules = .milliseconds(6)
        t.read = .microseconds(12_340)
        t.evaluate = .milliseconds(1)
        t.write = .seconds(2)
        #expect(t.line == "timings_ms rules=6.0 read=12.3 evaluate=1.0 write=2000.0")
        #expect(t.memoryLine == nil)  // no line until every stage has its figure
        t.peakAfterRules = 24.5
        t.peakAfterRead = 38
        t.peakAfterEvaluate = 38.04
        t.peakAfterWrite = 39.45
        #expect(t.memoryLine == "peak_mib rules=24.5 read=38.0 evaluate=38.0 write=39.5")
    }

    /// Touching 64 MiB more than the process ever held raises the high-water mark by about that much.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/status")))
    func highWaterMarkFollowsTouchedMemory() throws {
        let before = try #require(PeakMemory.highWaterMiB())
        #expect(before > 1)
        let size = 64 << 20
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: Int(before * 1_048_576) + size, alignment: 4096)
        defer { block.deallocate() }
        // Write every page so the memory is resident, not just reserved.
        for offset in stride(from: 0, to: block.count, by: 4096) { block[offset] = 1 }
        let after = try #require(PeakMemory.highWaterMiB())
        #expect(after - before >= 60, "before \(before) MiB, after \(after) MiB")
    }
}
