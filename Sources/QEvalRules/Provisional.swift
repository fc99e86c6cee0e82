import QEvalSupport

extension StandardMessage {
    /// The notice for a standard's provisional indicators (their numbers, or "all" when every one is); nil when
    /// none is provisional.
    public static func provisional(_ rulebook: Rulebook, _ language: Language = .current) -> StandardMessage? {
        let numbers = rulebook.indicators.filter(\.provisional).map { String($0.number) }
        if numbers.isEmpty { return nil }
        if numbers.count == rulebook.indicators.count { return .provisionalNoticeAll(count: numbers.count) }
        return .provisionalNotice(count: numbers.count, numbers: numbers.joined(separator: language == .zh ? "、" : ", "))
    }
}
