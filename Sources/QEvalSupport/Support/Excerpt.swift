/// Values quoted back to a person are cut to a readable length: a message that echoes a 15 MB cell is as
/// big as the attack that sent it (a page of 30 MB, a console flooded). The cut says how long the value
/// was, so nothing is hidden.
public enum Excerpt {
    /// The most characters of a value any message quotes.
    public static let limit = 200

    /// `value` when it has at most `limit` characters; else its first `limit` characters and
    /// "……（共 N 字）" / "… (N characters)".
    public static func cut(_ value: String, limit: Int = limit, language: Language = .current) -> String {
        // Counting characters of a huge string is itself work: stop counting at the limit first.
        var index = value.startIndex
        var kept = 0
        while kept < limit, index < value.endIndex {
            value.formIndex(after: &index)
            kept += 1
        }
        guard index < value.endIndex else { return value }
        let total = value.count
        switch language {
        case .zh: return String(value[..<index]) + "……（共 \(total) 字）"
        case .en: return String(value[..<index]) + "… (\(total) characters)"
        }
    }

    /// `cut` in both languages, for a message that quotes the value in its Chinese and its English text.
    public static func both(_ value: String, limit: Int = limit) -> (zh: String, en: String) {
        (cut(value, limit: limit, language: .zh), cut(value, limit: limit, language: .en))
    }

    /// `cut` of an optional value.
    public static func cut(_ value: String?) -> String? { value.map { cut($0) } }
}
