// The input stage under libFuzzer: any bytes through TextDecoder.decode, CSVReader.parse and
// InputReader.read(bytes:) with the bundled rulebook. A crash, a sanitizer report or a broken invariant
// (checked with `precondition`, which traps) is a finding; an InputError is the expected answer to bad bytes.
//
// Built two ways from this one file (compiled with -parse-as-library: there is no main.swift):
// - by scripts/fuzz with `--sanitize=fuzzer --sanitize=address -Xswiftc -DFUZZING`, where libFuzzer supplies
//   main() and calls LLVMFuzzerTestOneInput;
// - in a normal `swift build`, where the @main below replays files (`qeval-fuzz FILE...`), to reproduce a
//   crash the fuzzer saved without the sanitizer toolchain.
import Foundation
import QEval

let fuzzRulebook: Rulebook = {
    let path = ProcessInfo.processInfo.environment["QEVAL_RULES"] ?? BundledFiles.locate(BundledFiles.rulebookRelative)
    do {
        return try RulebookLoader.load(path: path)
    } catch {
        // Without a rulebook there is nothing to fuzz: say why and stop before libFuzzer starts.
        FileHandle.standardError.write(Data("qeval-fuzz: cannot load the rulebook \(path): \(error)\n".utf8))
        exit(2)
    }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzReader.check(bytes)
    return 0
}

enum FuzzReader {
    static func check(_ bytes: [UInt8]) {
        // 1. Decoding, detected and forced: UTF-8 out, or an error that says where.
        for forced in [nil, TextEncoding.utf8, .gb18030] as [TextEncoding?] {
            do {
                let decoded = try TextDecoder.decode(bytes, file: "fuzz.csv", forced: forced)
                precondition(String(validating: decoded.utf8, as: UTF8.self) != nil, "decoded text is not UTF-8")
                if forced == nil { checkCSV(decoded.utf8) }
            } catch {
                checkErrors(error, bytes: bytes)
            }
        }
        // 2. The whole stage: a table whose columns line up, or located errors.
        var diagnostics = Diagnostics()
        do {
            let table = try InputReader.read(bytes: bytes, file: "fuzz.csv", rulebook: fuzzRulebook, diagnostics: &diagnostics)
            precondition(table.count > 0)
            precondition(table.county.count == table.count && table.city.count == table.count)
            precondition(table.tier.count == table.count && table.line.count == table.count)
            precondition(table.tier.allSatisfy { fuzzRulebook.tiers.indices.contains($0) })
            precondition(zip(table.line, table.line.dropFirst()).allSatisfy { $0 < $1 }, "rows out of line order")
            precondition(Set(zip(table.county, table.city).map { "\($0)\u{1F}\($1)" }).count <= table.count)
            for (f, field) in fuzzRulebook.fields.enumerated() {
                precondition(table.present[f].count == table.count)
                if field.type == .text {
                    precondition(table.texts[f].count == table.count)
                    continue
                }
                precondition(table.values[f].count == table.count)
                for r in 0..<table.count where table.present[f][r] {
                    let v = table.values[f][r]
                    precondition(v.isFinite, "non-finite value in \(field.key)")
                    if let lo = field.minimum { precondition(v >= lo, "\(field.key) below its minimum") }
                    if let hi = field.maximum { precondition(v <= hi, "\(field.key) above its maximum") }
                    if field.type == .bool { precondition(v == 0 || v == 1) }
                    if field.type == .count || field.type == .level { precondition(v == v.rounded() && v >= 0) }
                    if field.type == .level { precondition(v <= Double(field.maxLevel ?? 0)) }
                }
                if field.required { precondition(table.present[f].allSatisfy { $0 }, "empty gate cell accepted") }
            }
        } catch {
            checkErrors(error, bytes: bytes)
        }
    }

    /// Records → CSV (libcsv's quoting) → records again must be the identity; line numbers stay in the text.
    static func checkCSV(_ text: [UInt8]) {
        guard let table = try? CSVReader.parse(text, file: "fuzz.csv") else { return }
        let lineBreak: UInt8 = text.contains(0x0A) ? 0x0A : 0x0D
        let lines = text.reduce(1) { $0 + ($1 == lineBreak ? 1 : 0) }
        var previous = 0
        var records: [[String]] = []
        for r in 0..<table.recordCount {
            precondition(table.fieldCount(ofRecord: r) >= 1, "a record without fields")
            let line = table.recordLines[r]
            precondition(line >= 1 && line <= lines, "record line \(line) outside 1...\(lines)")
            precondition(line >= previous, "record lines go backwards")
            previous = line
            records.append(table.record(r))
        }
        let again = records.map { $0.map(CSVReader.quote).joined(separator: ",") }.joined(separator: "\n") + "\n"
        do {
            let reparsed = try CSVReader.parse(Array(again.utf8), file: "again.csv")
            precondition(reparsed.recordCount == records.count, "round trip changed the record count")
            for r in 0..<records.count { precondition(reparsed.record(r) == records[r], "round trip changed record \(r)") }
        } catch {
            preconditionFailure("quoted records do not parse again: \(error)")
        }
    }

    /// Every refusal carries at least one error; every line it names is a line of the file (or the one
    /// after a last line without its line break).
    static func checkErrors(_ error: InputError, bytes: [UInt8]) {
        precondition(error.diagnostics.hasErrors, "an InputError without errors")
        let lines = bytes.reduce(1) { $0 + ($1 == 0x0A || $1 == 0x0D ? 1 : 0) }
        for d in error.diagnostics.errors {
            precondition(!d.message.zh.isEmpty && !d.message.en.isEmpty)
            if let line = d.line { precondition(line >= 1 && line <= lines + 1, "error line \(line) beyond the file") }
        }
        _ = error.description
    }
}

#if !FUZZING
    /// Replays inputs (e.g. a crash file libFuzzer saved) through the same checks, without libFuzzer.
    @main
    struct FuzzReplay {
        static func main() {
            let paths = CommandLine.arguments.dropFirst()
            if paths.isEmpty {
                FileHandle.standardError.write(Data("usage: qeval-fuzz FILE... (replays inputs through the fuzz checks)\n".utf8))
                exit(2)
            }
            for path in paths {
                guard let data = FileManager.default.contents(atPath: path) else {
                    FileHandle.standardError.write(Data("qeval-fuzz: cannot read \(path)\n".utf8))
                    exit(1)
                }
                FuzzReader.check([UInt8](data))
                print("ok: \(path) (\(data.count) bytes)")
            }
        }
    }
#endif
