import Foundation
import QEval

/// `qeval feedback`: one workbook per applicant, disqualified ones included, named `<rank>-<county>.xlsx`
/// (`不具备资格-<county>.xlsx` for the disqualified; the city added where names repeat).
public enum FeedbackSet {
    /// File names for every applicant, in ranking order.
    public static func fileNames(_ cohort: RankedCohort) -> [(row: Int, name: String)] {
        let e = cohort.evaluation
        var counts: [String: Int] = [:]
        for c in e.table.county { counts[c, default: 0] += 1 }
        let width = String(max(1, cohort.ranking.order.count)).count
        var used = Set<String>()
        var result: [(Int, String)] = []
        for row in cohort.ranking.order {
            let county = e.table.county[row]
            var stem = counts[county, default: 0] > 1 ? "\(county)-\(e.table.city[row])" : county
            stem = safe(stem)
            let prefix: String
            if let rank = cohort.ranking.rank[row] {
                let digits = String(rank)
                prefix = String(repeating: "0", count: max(0, width - digits.count)) + digits
            } else {
                prefix = FeedbackFileMessage.disqualifiedPrefix.text
            }
            var name = "\(prefix)-\(stem).xlsx"
            if used.contains(name) { name = "\(prefix)-\(stem)-\(e.table.line[row]).xlsx" }
            used.insert(name)
            result.append((row, name))
        }
        return result
    }

    /// A name Windows accepts: no \ / : * ? " < > | or control characters, no leading dot, at most 80 characters.
    static func safe(_ name: String) -> String {
        let forbidden = Set("\\/:*?\"<>|")
        var out = String(name.map { forbidden.contains($0) || $0.isNewline || ($0.asciiValue ?? 32) < 32 ? "_" : $0 })
        while out.hasPrefix(".") { out.removeFirst() }
        if out.count > 80 { out = String(out.prefix(80)) }
        return out.isEmpty ? "_" : out
    }

    /// Writes every applicant's workbook into `folder`; `progress(done, total)` after each.
    public static func write(_ cohort: RankedCohort, to folder: String, progress: (Int, Int) -> Void = { _, _ in })
        throws(Failure) -> [String]
    {
        let summary = TierSummary(cohort)
        let explainer = Explainer(cohort)
        let names = fileNames(cohort)
        var paths: [String] = []
        for (i, entry) in names.enumerated() {
            let path = URL(fileURLWithPath: folder).appendingPathComponent(entry.name).path
            try FeedbackWorkbook(cohort: cohort, summary: summary, explainer: explainer, row: entry.row).write(to: path)
            paths.append(path)
            progress(i + 1, names.count)
        }
        return paths
    }
}

/// The file-name word for applicants without a rank.
public enum FeedbackFileMessage: Message {
    case disqualifiedPrefix

    public var localized: Localized {
        switch self {
        case .disqualifiedPrefix: return Localized(zh: "不具备资格", en: "not-eligible")
        }
    }

    public static var examples: [FeedbackFileMessage] { [.disqualifiedPrefix] }
}
