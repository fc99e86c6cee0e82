import ArgumentParser
import Foundation
import QEval

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "说明一个县（市、区）的得分：总分、排名、与认定线的差距，以及每项指标的计分过程。",
        discussion: "同名的县（市、区）（如济南、枣庄都有市中区）须用 --city 指定所属地级市。")

    @Argument(help: "县（市、区）名称，与输入文件中的写法相同。")
    var county: String

    @Argument(help: "输入 CSV 文件，每行一个参评县（市、区）。默认：自带的样例数据。")
    var input: String?

    @Option(name: .long, help: "所属地级市（同名县区时必填），如 济南 或 济南市。")
    var city: String?

    @Option(name: .long, help: "只显示这一项指标（编号）。")
    var indicator: Int?

    @Option(name: .long, help: "调整后的分值：表头为 indicator,points 的 CSV。")
    var weights: String?

    @OptionGroup var rules: RulesOption
    @OptionGroup var inputOptions: InputOptions

    func run() throws {
        try reportingFailures {
            let rulebook = try rules.load()
            let input = self.input ?? Bundled.locate(Bundled.sampleRelative)
            let cohort = try RankedCohort.load(
                input: input, rulebook: rulebook, options: try inputOptions.readOptions(), weights: weights)
            let row: Int
            switch CountyLookup.find(county, city: city, in: cohort.evaluation.table) {
            case .success(let found): row = found
            case .failure(let error): throw Failure(error.text)
            }
            var k: Int? = nil
            if let indicator {
                guard let index = rulebook.indicators.firstIndex(where: { $0.number == indicator }) else {
                    let numbers = rulebook.indicators.map(\.number)
                    let range = "\(numbers.min() ?? 0)–\(numbers.max() ?? 0)"
                    throw Failure(ReportMessage.unknownIndicator(number: indicator, numbers: range).text)
                }
                k = index
            }
            print(ExplainReport.render(cohort, row: row, indicator: k), terminator: "")
        }
    }
}
