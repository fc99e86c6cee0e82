import Foundation
import QEvalInput
import QEvalRules
import QEvalSupport

/// A cohort whose header does not fit the standard in use may be another year's table: the 2022 sample
/// under the 2023 standard gives 115 column errors, none of which says the way out. When a bundled standard
/// reads the same header without a single column error, the error report ends by naming it and the option
/// that selects it.
public enum OtherStandard {
    /// The standards shipped with the tool, by their path from the tool's folder.
    public static let bundled = ["data/rules/shandong-2023.yaml", "data/rules/shandong-2022.yaml"]

    /// The errors that are about the header (a column the standard does not know, or lacks).
    static let headerKinds: Set<String> = [
        "unknownColumn", "requiredColumnMissing", "columnMissing", "columnMatchesTwo",
    ]

    /// The advice for `error` (raised reading `bytes` under `rulebook`), or nil when the header was not the
    /// problem or no bundled standard fits it.
    public static func advice(
        for error: InputError, bytes: [UInt8], file: String, rulebook: Rulebook, options: ReadOptions
    ) -> Localized? {
        let headerErrors = error.diagnostics.errors.filter { headerKinds.contains($0.kind) }.count
        // A column or two wrong is a typo the errors already point at, not a different standard.
        guard headerErrors >= 3 else { return nil }
        let current = URL(fileURLWithPath: rulebook.source).standardizedFileURL.resolvingSymlinksInPath().path
        for relative in bundled {
            let path = BundledFiles.locate(relative)
            guard URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path != current,
                let other = try? RulebookLoader.load(path: path), other.name != rulebook.name
            else { continue }
            var diagnostics = Diagnostics(errorCap: 10_000)
            do {
                _ = try RankedCohort.readFile(
                    bytes: bytes, file: file, rulebook: other, options: options, diagnostics: &diagnostics)
            } catch {
                if error.diagnostics.errors.contains(where: { headerKinds.contains($0.kind) }) { continue }
            }
            return PipelineMessage.otherStandardFits(name: other.name, option: "--rules \(relative)").localized
        }
        return nil
    }
}

/// Messages of the pipeline stage.
public enum PipelineMessage: Message {
    case otherStandardFits(name: String, option: String)

    public var localized: Localized {
        switch self {
        case .otherStandardFits(let name, let option):
            return Localized(
                zh: "提示：这些列与随程序附带的另一个评价标准“\(name)”完全对得上，这份数据应按它计分。请在命令中加上 \(option) 后重新运行。",
                en:
                    "hint: these columns are exactly those of another standard shipped with the tool, “\(name)”; this data is meant to be scored under it. Add \(option) to the command and run it again."
            )
        }
    }

    public static var examples: [PipelineMessage] {
        [.otherStandardFits(name: "山东省质量强县（市、区）评价指标（2022）", option: "--rules data/rules/shandong-2022.yaml")]
    }
}
