import Foundation
import Testing

@testable import QEval
@testable import QEvalCompare
@testable import QEvalEvaluation
@testable import QEvalExplanation
@testable import QEvalFindings
@testable import QEvalForms
@testable import QEvalInput
@testable import QEvalPipeline
@testable import QEvalRanking
@testable import QEvalReports
@testable import QEvalRobustness
@testable import QEvalRules
@testable import QEvalSupport
@testable import QEvalWeb

/// The message catalogue: every case of every `Message` enum, in both languages.
@Suite struct CatalogueTests {
    /// Every catalogue enum. `sourcesDeclareNoOtherCatalogue` fails when a new one is not listed here.
    static let catalogue: [any Message.Type] = [
        SupportMessage.self, FileProblem.self, InputMessage.self, CellProblem.self, RegionMessage.self,
        RulesMessage.self, RulesPlace.self, WeightsMessage.self, EvaluationMessage.self, OutputMessage.self,
        WorkbookText.self, ConsoleMessage.self, HelpMessage.self, CommandMessage.self, StandardMessage.self, CompareText.self,
        RulebookTableText.self, RobustnessMessage.self, ExplanationMessage.self, ProcessSheetMessage.self,
        ReportMessage.self, FeedbackMessage.self, FeedbackFileMessage.self,
        WorkbookMessage.self, ParserMessage.self, RuleKindName.self, EncodingName.self, FormsMessage.self, FormsHelp.self,
        WebText.self, WebMessage.self, WebHelp.self, PipelineMessage.self, FindingsMessage.self, AccessText.self,
        AccessMessage.self, PanelMessage.self, PanelText.self, PanelWebMessage.self,
    ]

    struct Rendered {
        var type: String
        var kind: String
        var text: Localized
    }

    static func rendered<M: Message>(_ type: M.Type) -> [Rendered] {
        M.examples.map { Rendered(type: String(describing: M.self), kind: $0.kind, text: $0.localized) }
    }

    static var all: [Rendered] { catalogue.flatMap { rendered($0) } }

    /// Every Swift file of the library targets (the core's stages, QEvalReports, QEvalWeb): Sources/QEval*.
    static func librarySources() throws -> [URL] {
        let sources = Fixture.root.appendingPathComponent("Sources")
        let targets = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { $0.hasPrefix("QEval") }
        #expect(targets.count >= 10, "\(targets)")
        return targets.sorted().flatMap { folder in
            (FileManager.default.enumerator(at: sources.appendingPathComponent(folder), includingPropertiesForKeys: nil)!
                .allObjects as? [URL]) ?? []
        }.filter { $0.pathExtension == "swift" }
    }

    /// The enums conforming to `Message` in the library targets and the names of their cases, read from the
    /// source text (the compiler cannot list them at run time).
    static func declaredCases() throws -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        let files = try librarySources()
        let declaration = try Regex(#"^(?:public )?(?:indirect )?enum (\w+)\s*:[^{]*\bMessage\b[^{]*\{"#)
        for url in files where url.pathExtension == "swift" {
            let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
            var current: String? = nil
            var depth = 0
            for line in lines {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if current == nil, let match = try declaration.firstMatch(in: trimmed) {
                    current = String(match.output[1].substring!)
                    result[current!, default: []] = []
                    depth = 0
                }
                guard let name = current else { continue }
                // Cases at the enum's own level (depth 1), not `case .x:` inside its switches.
                if depth == 1 && trimmed.hasPrefix("case ") && !trimmed.hasPrefix("case .") {
                    let list = trimmed.dropFirst(5)
                    var names: [String] = []
                    var level = 0
                    var word = ""
                    var taking = true
                    for ch in list {
                        if ch == "(" { level += 1 }
                        if ch == ")" { level -= 1 }
                        if level == 0 && ch == "," {
                            names.append(word)
                            word = ""
                            taking = true
                            continue
                        }
                        if taking && (ch.isLetter || ch.isNumber || ch == "_") {
                            word.append(ch)
                        } else if !word.isEmpty || ch == "(" {
                            taking = false
                        }
                    }
                    names.append(word)
                    for n in names where !n.isEmpty { result[name]!.insert(n) }
                }
                depth += line.filter { $0 == "{" }.count - line.filter { $0 == "}" }.count
                if depth <= 0 && line.contains("}") { current = nil }
            }
        }
        return result
    }

    @Test func sourcesDeclareNoOtherCatalogue() throws {
        let declared = Set(try Self.declaredCases().keys)
        let listed = Set(Self.catalogue.map { String(describing: $0) })
        #expect(
            declared == listed,
            "declared but not listed: \(declared.subtracting(listed)); listed but not found: \(listed.subtracting(declared))")
    }

    /// Each enum's `examples` hold every one of its cases: no message escapes the walk below.
    @Test func examplesCoverEveryCase() throws {
        let declared = try Self.declaredCases()
        var seen: [String: Set<String>] = [:]
        for item in Self.all { seen[item.type, default: []].insert(item.kind) }
        for (type, cases) in declared {
            let missing = cases.subtracting(seen[type] ?? [])
            #expect(missing.isEmpty, "\(type).examples lacks \(missing.sorted())")
        }
    }

    static func hasHan(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
    }

    /// Every case renders in both languages: not empty, no placeholder left, the Chinese one in Chinese.
    /// Formulas and data ("60 + 40 × (12.5 − 3.2) ÷ …", "人口 = 52.3万人", "—", "；") read the same in both
    /// languages; a text with an English word in it never may, or it was not translated.
    @Test func everyCaseRendersInBothLanguages() throws {
        let word = try Regex(#"[A-Za-z]{3,}"#)
        let letters = try Regex(#"[A-Za-z]{2,}"#)
        // YAML keys are what the author types, the same in both languages.
        let verbatim: Set<String> = ["RulesPlace.key"]
        for item in Self.all {
            let place = "\(item.type).\(item.kind)"
            #expect(!item.text.zh.isEmpty && !item.text.en.isEmpty, "\(place)")
            for text in [item.text.zh, item.text.en] {
                #expect(!text.contains("Optional("), "\(place): \(text)")
                #expect(!text.contains("\\("), "\(place): \(text)")
                #expect(!text.contains("%@") && !text.contains("%d"), "\(place): \(text)")
            }
            let formula = try letters.firstMatch(in: item.text.zh) == nil
            if !formula && !verbatim.contains(place) {
                #expect(Self.hasHan(item.text.zh), "\(place) has no Chinese: \(item.text.zh)")
            }
            if item.text.zh == item.text.en && !verbatim.contains(place) {
                #expect(try word.firstMatch(in: item.text.zh) == nil, "\(place) is the same English in both languages")
            }
        }
    }

    /// Chinese sentences do not carry English ones: runs of English words are allowed only for option names,
    /// keys, commands, encodings and formats the user types or sees on disk.
    @Test func chineseRenderingsHaveNoEnglishSentences() throws {
        let englishRun = try Regex(#"[A-Za-z]{3,} [a-z]{3,} [a-z]{3,}"#)
        let allowed = [
            "CSV UTF-8", "qeval compare", "qeval template", "qeval rules", "qeval generate", "qeval user add",
            "qeval findings template", "qeval panel sheet", "qeval user list", "qeval user role",
        ]
        for item in Self.all {
            var zh = item.text.zh
            for a in allowed { zh = zh.replacingOccurrences(of: a, with: "") }
            let match = try englishRun.firstMatch(in: zh)
            #expect(match == nil, "\(item.type).\(item.kind): \(item.text.zh)")
        }
    }

    /// Every kind of warning the stages report has its own name in the console's counts (none is "其他").
    @Test func everyWarningKindIsNamed() throws {
        let files = try Self.librarySources()
        // `.warning(` calls: the message is the last argument, a catalogue case such as `InputMessage.blankRow`
        // or `.notReported`; undefined figures pass a variable holding `.undefinedRatio`/`.undefinedGrowth`.
        let call = try Regex(#"\.warning\((?s:.{0,300}?)(?:Message|InputMessage|EvaluationMessage|ConsoleMessage)\.(\w+)"#)
        var kinds: Set<String> = ["undefinedRatio", "undefinedGrowth"]
        for url in files {
            let text = try String(contentsOf: url, encoding: .utf8)
            for match in text.matches(of: call) { kinds.insert(String(match.output[1].substring!)) }
        }
        #expect(kinds.count >= 8, "\(kinds)")
        for kind in kinds {
            #expect(WarningKind.named.contains(kind), "\(kind) has no name of its own")
            #expect(WarningKind.name(kind).zh != "其他", "\(kind)")
        }
    }

    @Test func languageOptionsAreRead() {
        #expect(Language(option: "zh") == .zh)
        #expect(Language(option: "zh_CN") == .zh)
        #expect(Language(option: "中文") == .zh)
        #expect(Language(option: "EN") == .en)
        #expect(Language(option: "en-US") == .en)
        #expect(Language(option: "fr") == nil)
    }
}
