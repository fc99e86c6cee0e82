import Foundation

/// The language a run speaks to people in. Chinese is the default everywhere; `--lang en` or
/// `QEVAL_LANG=en` switches a whole run to English.
public enum Language: String, Sendable, CaseIterable {
    case zh
    case en

    /// Reads a `--lang` value or `QEVAL_LANG`: zh, zh-CN, chinese, 中文 / en, en-US, english.
    public init?(option: String) {
        let word = option.trimmingCharacters(in: .whitespaces).lowercased()
        if word == "zh" || word.hasPrefix("zh-") || word.hasPrefix("zh_") || word == "chinese" || word == "中文" {
            self = .zh
        } else if word == "en" || word.hasPrefix("en-") || word.hasPrefix("en_") || word == "english" || word == "英文" {
            self = .en
        } else {
            return nil
        }
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var chosen: Language = Language.fromEnvironment() ?? .zh

    /// The language one piece of work asked for, bound for its duration (the web binds each request's), so
    /// one server answers one visitor in Chinese and another in English. Nil: the run's language.
    @TaskLocal public static var requested: Language?

    /// The language of this piece of work: the one `requested` binds, else the run's — set once by the command
    /// line (`--lang`), else `QEVAL_LANG`, else Chinese.
    public static var current: Language {
        get { requested ?? lock.withLock { chosen } }
        set { lock.withLock { chosen = newValue } }
    }

    /// The run's language, whatever a piece of work bound.
    public static var run: Language { lock.withLock { chosen } }

    /// `QEVAL_LANG` (also `zh_CN.UTF-8`-style values), nil when unset or unreadable.
    public static func fromEnvironment() -> Language? {
        guard let value = ProcessInfo.processInfo.environment["QEVAL_LANG"], !value.isEmpty else { return nil }
        return Language(option: value.split(separator: ".").first.map(String.init) ?? value)
    }
}

/// One text in both languages, side by side. Every text a person reads is made from one of these, so no
/// message can exist in one language only.
public struct Localized: Sendable, Hashable, CustomStringConvertible {
    public var zh: String
    public var en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    /// The same text in both languages (numbers, file names).
    public init(verbatim: String) {
        self.zh = verbatim
        self.en = verbatim
    }

    public func text(_ language: Language = .current) -> String {
        switch language {
        case .zh: return zh
        case .en: return en
        }
    }

    public var description: String { text() }
}

/// A case of the typed message catalogue: one enum per stage, whose `localized` switch gives the Chinese
/// and English rendering of each case together. The compiler sees every message; the catalogue test walks
/// every case (through `examples`) in both languages.
public protocol Message: Sendable {
    var localized: Localized { get }
    /// One instance of every case, placeholders filled, for the catalogue test.
    static var examples: [Self] { get }
}

extension Message {
    /// The text in the run's language.
    public var text: String { localized.text() }
    public func text(_ language: Language) -> String { localized.text(language) }

    /// The case's name ("emptyCounty"), so warnings can be counted by kind.
    public var kind: String {
        let mirror = Mirror(reflecting: self)
        if let label = mirror.children.first?.label { return label }
        let described = String(describing: self)
        return String(described.prefix { $0 != "(" })
    }
}

/// Helpers for writing catalogue entries: lists and numbers as each language writes them.
public enum Wording {
    /// "a、b、c" / "a, b, c"
    public static func list(_ items: [String], _ language: Language) -> String {
        items.joined(separator: language == .zh ? "、" : ", ")
    }

    /// A number for people: at most 4 decimals, trailing zeros dropped.
    public static func number(_ value: Double) -> String { Points.format(value) }
}
