import Foundation
import QEval

/// The words swift-argument-parser prints itself — help headings, its two built-in options, defaults, usage
/// errors — in the run's language. The parser has no translation hook, so `ParserMessage.translate` rewrites
/// its English output with these texts (the command line's `main` sends everything through it); in English
/// the parser's own text is kept.
public enum ParserMessage: Message, Equatable {
    case overview, usage, arguments, options, subcommands
    case showVersion, showHelp
    case defaultValue(String)
    case seeSubcommandHelp(command: String)
    case errorPrefix, helpPrefix, usagePrefix
    case seeHelp(command: String)
    case unknownOption(String)
    case unknownOptionSuggestion(option: String, suggestion: String)
    case missingArgument(String)
    case unexpectedArgument(String)
    case invalidValue(value: String, option: String)
    case missingValue(option: String)
    /// A value's placeholder in usage lines ("<input>" → "<申报数据>"); the option-named ones ("<out>") stay.
    case placeholder(String)

    public var localized: Localized {
        switch self {
        case .overview: return Localized(zh: "说明：", en: "OVERVIEW:")
        case .usage: return Localized(zh: "用法：", en: "USAGE:")
        case .arguments: return Localized(zh: "参数：", en: "ARGUMENTS:")
        case .options: return Localized(zh: "选项：", en: "OPTIONS:")
        case .subcommands: return Localized(zh: "子命令：", en: "SUBCOMMANDS:")
        case .showVersion: return Localized(zh: "显示版本号。", en: "Show the version.")
        case .showHelp: return Localized(zh: "显示本帮助。", en: "Show help information.")
        case .defaultValue(let value): return Localized(zh: "（默认：\(value)）", en: "(default: \(value))")
        case .placeholder(let name):
            let zh = [
                "options": "选项", "subcommand": "子命令", "input": "申报数据", "inputs": "文件", "county": "县名",
                "KEY": "字段", "NAME": "工作表", "FILE": "文件", "name": "用户名", "PATH": "文件或文件夹",
            ][name]
            return Localized(zh: zh.map { "<\($0)>" } ?? "<\(name)>", en: "<\(name)>")
        case .seeSubcommandHelp(let command):
            return Localized(
                zh: "  用 \(command) <子命令> 查看某个子命令的完整帮助。", en: "  See '\(command) <subcommand>' for detailed help.")
        case .errorPrefix: return Localized(zh: "错误：", en: "Error: ")
        case .helpPrefix: return Localized(zh: "说明：", en: "Help:  ")
        case .usagePrefix: return Localized(zh: "用法：", en: "Usage: ")
        case .seeHelp(let command):
            return Localized(zh: "  用 \(command) --help 查看完整帮助。", en: "  See '\(command) --help' for more information.")
        case .unknownOption(let option):
            return Localized(zh: "没有选项“\(option)”。", en: "Unknown option '\(option)'")
        case .unknownOptionSuggestion(let option, let suggestion):
            return Localized(
                zh: "没有选项“\(option)”，是否指“\(suggestion)”？", en: "Unknown option '\(option)'. Did you mean '\(suggestion)'?")
        case .missingArgument(let argument):
            return Localized(zh: "缺少参数 \(argument)。", en: "Missing expected argument '\(argument)'")
        case .unexpectedArgument(let argument):
            return Localized(
                zh: "多余的参数“\(argument)”（文件名含空格时请加引号）。", en: "Unexpected argument '\(argument)'")
        case .invalidValue(let value, let option):
            return Localized(zh: "\(option) 的值“\(value)”无效。", en: "The value '\(value)' is invalid for '\(option)'")
        case .missingValue(let option):
            return Localized(zh: "\(option) 后面缺少值。", en: "Missing value for '\(option)'")
        }
    }

    public static var examples: [ParserMessage] {
        [
            .placeholder("input"),
            .overview, .usage, .arguments, .options, .subcommands, .showVersion, .showHelp, .defaultValue("100"),
            .seeSubcommandHelp(command: "qeval help"), .errorPrefix, .helpPrefix, .usagePrefix, .seeHelp(command: "qeval rank"),
            .unknownOption("--bogus"), .unknownOptionSuggestion(option: "--bogus", suggestion: "--out"),
            .missingArgument("<county>"), .unexpectedArgument("b"),
            .invalidValue(value: "abc", option: "--max-errors <max-errors>"), .missingValue(option: "--out <out>"),
        ]
    }

    /// The parser's English output in `language`: each fixed phrase replaced by its catalogue text, the
    /// quoted names and values carried over. English is returned as it is.
    public static func translate(_ text: String, _ language: Language = .current) -> String {
        guard language == .zh else { return text }
        var out = text
        // Whole-line headings and fixed phrases first.
        let fixed: [(String, ParserMessage)] = [
            ("OVERVIEW:", .overview), ("USAGE:", .usage), ("ARGUMENTS:", .arguments), ("OPTIONS:", .options),
            ("SUBCOMMANDS:", .subcommands), ("Show the version.", .showVersion), ("Show help information.", .showHelp),
        ]
        for (english, message) in fixed {
            // "OVERVIEW: text": the full-width colon needs no space after it.
            out = out.replacingOccurrences(of: english + " ", with: message.localized.zh)
            out = out.replacingOccurrences(of: english, with: message.localized.zh)
        }
        // Phrases with names in quotes, longest first (the suggestion before the bare unknown option).
        let patterns: [(String, ([String]) -> ParserMessage)] = [
            (#" ?\(default: ([^)]*)\)"#, { .defaultValue($0[0]) }),
            (#"  See '([^']+) <subcommand>' for detailed help\."#, { .seeSubcommandHelp(command: $0[0]) }),
            (#"  See '([^']+) --help' for more information\."#, { .seeHelp(command: $0[0]) }),
            (
                #"Unknown option '([^']*)'\. Did you mean '([^']*)'\?"#,
                { .unknownOptionSuggestion(option: $0[0], suggestion: $0[1]) }
            ),
            (#"Unknown option '([^']*)'"#, { .unknownOption($0[0]) }),
            (#"Missing expected argument '([^']*)'"#, { .missingArgument($0[0]) }),
            (#"Unexpected argument '([^']*)'"#, { .unexpectedArgument($0[0]) }),
            (#"The value '([^']*)' is invalid for '([^']*)'"#, { .invalidValue(value: $0[0], option: $0[1]) }),
            (#"Missing value for '([^']*)'"#, { .missingValue(option: $0[0]) }),
        ]
        for (pattern, message) in patterns {
            guard let regex = try? NSRegularExpression(pattern: pattern) else { continue }
            var result = ""
            var last = out.startIndex
            for match in regex.matches(in: out, range: NSRange(out.startIndex..., in: out)) {
                guard let range = Range(match.range, in: out) else { continue }
                let groups = (1..<match.numberOfRanges).compactMap { Range(match.range(at: $0), in: out).map { String(out[$0]) } }
                result += out[last..<range.lowerBound] + message(groups).localized.zh
                last = range.upperBound
            }
            out = result + out[last...]
        }
        // Placeholders in Chinese, the spaces after one shortened by the extra width its characters take, so
        // the descriptions stay in their column.
        if let regex = try? NSRegularExpression(pattern: #"<([A-Za-z-]+)>( *)"#) {
            var result = ""
            var last = out.startIndex
            for match in regex.matches(in: out, range: NSRange(out.startIndex..., in: out)) {
                guard let range = Range(match.range, in: out), let nameRange = Range(match.range(at: 1), in: out),
                    let spaceRange = Range(match.range(at: 2), in: out)
                else { continue }
                let name = String(out[nameRange])
                let english = "<\(name)>"
                let chinese = ParserMessage.placeholder(name).localized.zh
                var spaces = out[spaceRange].count
                if chinese != english, spaces >= 2 {
                    let width = chinese.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E80 ? 2 : 1) }
                    spaces = max(1, spaces - (width - english.count))
                }
                result += out[last..<range.lowerBound] + chinese + String(repeating: " ", count: spaces)
                last = range.upperBound
            }
            out = result + out[last...]
        }
        // Line prefixes of usage errors.
        let prefixes: [(String, ParserMessage)] = [
            ("Error: ", .errorPrefix), ("Help:  ", .helpPrefix), ("Usage: ", .usagePrefix),
        ]
        out = out.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            for (english, message) in prefixes where line.hasPrefix(english) {
                return message.localized.zh + line.dropFirst(english.count)
            }
            return String(line)
        }.joined(separator: "\n")
        return out
    }
}
