import ArgumentParser
import Foundation
import QEval

struct Feedback: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "为每个参评县（市、区）写一个可直接打印的评价结果反馈工作簿（含不具备资格者）。",
        discussion: "文件名为 <排名>-<县（市、区）>.xlsx，同名县区加所属地级市；不具备资格者为 不具备资格-<县（市、区）>.xlsx。")

    @Argument(help: "输入 CSV 文件，每行一个参评县（市、区）。默认：自带的样例数据。")
    var input: String?

    @Option(name: .long, help: "调整后的分值：表头为 indicator,points 的 CSV。")
    var weights: String?

    @Option(name: .long, help: "写出反馈工作簿的文件夹（不存在时新建）。")
    var out: String

    @OptionGroup var rules: RulesOption
    @OptionGroup var inputOptions: InputOptions

    func run() throws {
        try reportingFailures {
            let rulebook = try rules.load()
            let input = self.input ?? Bundled.locate(Bundled.sampleRelative)
            let cohort = try RankedCohort.load(
                input: input, rulebook: rulebook, options: try inputOptions.readOptions(), weights: weights)
            do {
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            } catch {
                throw Failure(FeedbackCommandMessage.cannotCreate(folder: out, reason: error.localizedDescription).text)
            }
            let sources = [input, rulebook.source] + (weights.map { [$0] } ?? [])
            let names = FeedbackSet.fileNames(cohort).map { URL(fileURLWithPath: out).appendingPathComponent($0.name).path }
            try OutputFile.checkDistinct(inputs: sources, outputs: names)
            let total = cohort.evaluation.count
            // Progress every 5% (and at the end) for large cohorts; small ones only get the summary.
            let step = max(1, total / 20)
            let paths = try FeedbackSet.write(cohort, to: out) { done, total in
                if total >= 200 && (done % step == 0 || done == total) {
                    note(FeedbackMessage.progress(done: done, total: total).text)
                }
            }
            print(FeedbackMessage.written(count: paths.count, folder: out).text)
        }
    }
}

/// Texts of `qeval feedback` that only the command line shows.
enum FeedbackCommandMessage: Message {
    case cannotCreate(folder: String, reason: String)

    var localized: Localized {
        switch self {
        case .cannotCreate(let folder, let reason):
            return Localized(
                zh: "无法创建文件夹 \(folder)：\(reason)。请换一个可写的位置（--out）。",
                en: "cannot create the folder \(folder): \(reason). Choose a writable place with --out.")
        }
    }

    static var examples: [FeedbackCommandMessage] { [.cannotCreate(folder: "reports/feedback", reason: "权限不足")] }
}
