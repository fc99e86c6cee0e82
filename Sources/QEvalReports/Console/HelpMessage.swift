import QEval

/// The help of every command and option (`qeval --help`, `qeval help rank`), and the command line's own
/// refusals of bad options.
public enum HelpMessage: Message {
    case tool
    case lang
    case rules
    case encoding
    case sheet
    case maxErrors
    case allowMissing
    case findings
    case panel
    case panelCommand, panelSheet, panelSheetExpert, panelSheetInput, panelSheetBlind, panelSheetOut
    case panelSheetFindings
    case findingsCommand
    case findingsTemplate
    case findingsTemplateOut
    case rank
    case rankInput
    case weights
    case out
    case scoresCsv
    case quiet
    case chineseHeaders
    case timings
    case compare
    case compareDiscussion
    case compareInputs
    case compareWeights
    case compareBaseWeights
    case compareOut
    case compareCsv
    case compareRulesA
    case compareRulesB
    case rulesCommand
    case template
    case templateOut
    case templateChinese
    case generate
    case generateCount
    case generateSeed
    case generateOut
    case robustness, robustnessDiscussion, samples, spread, seed, sensitivitySamples, robustnessWeights
    case robustnessOut, robustnessCsv, threads, sharesOut, robustnessQuiet
    case explain, explainDiscussion, explainCounty, explainCity, explainIndicator
    case feedback, feedbackDiscussion, feedbackOut

    public var localized: Localized {
        switch self {
        case .tool:
            return Localized(
                zh: "山东省质量强县（市、区）评价排名工具：按评价标准计分、排名，写出评审用工作簿。",
                en: "Evaluate and rank applicants for 山东省质量强县（市、区）.")
        case .lang:
            return Localized(
                zh: "界面语言：zh（中文，默认）或 en（英文）；也可设环境变量 QEVAL_LANG。",
                en: "Language of every message and workbook: zh (Chinese, the default) or en; also QEVAL_LANG.")
        case .rules:
            return Localized(
                zh: "评价标准文件（YAML）。默认：随程序附带的 2023 年评价标准。",
                en: "The rulebook (YAML). Default: the bundled 2023 standard.")
        case .encoding:
            return Localized(
                zh: "输入文件的编码：utf-8 或 gb18030（默认自动识别）。", en: "Input encoding: utf-8 or gb18030 (default: detected).")
        case .sheet:
            return Localized(
                zh: "读取 Excel 工作簿（.xlsx）中的哪个工作表（默认第一个；qeval 的排名工作簿默认读“原始数据”表）。",
                en:
                    "Which sheet of an Excel workbook (.xlsx) to read (default: the first; a qeval ranked workbook's Inputs sheet)."
            )
        case .maxErrors:
            return Localized(zh: "最多列出多少处输入错误。", en: "Report at most this many input errors.")
        case .findings:
            return Localized(
                zh: "核查记录文件（CSV 或 .xlsx，每行一条：县（市、区）、所属地级市、填报项、核定值、核查理由……）：按核定后的数据计分排名，并列出核查改变了什么。",
                en:
                    "Reviewers' findings (CSV or .xlsx, one per row: county, city, field, value, reason…): the verified data are scored and ranked, and what the findings changed is listed."
            )
        case .panel:
            return Localized(
                zh:
                    "专家评审的评分（专家交回的评分表 .xlsx，或“专家、县（市、区）、所属地级市、填报项、等级”五列的 CSV；也可给一个文件夹；可重复）：需专家评审的填报项按专家组得分计（5 位及以上专家去掉一个最高分和一个最低分后取平均），并列出专家的一致性。",
                en:
                    "The expert panel's scores (the experts' returned workbooks, or a CSV of expert, county, city, field, level; or a folder of them; repeatable): the judged items score the panel's points (the mean; from five experts on, one highest and one lowest dropped), and the experts' agreement is listed."
            )
        case .panelCommand:
            return Localized(zh: "专家评审（专家评分表）。", en: "The expert panel (scoring sheets).")
        case .panelSheet:
            return Localized(
                zh: "为一位专家写出评分表：每个参与排名的申报单位 × 每个需专家评审的填报项一行，等级从下拉列表选择。",
                en:
                    "Writes one expert's scoring workbook: one row per ranked applicant × judged item, the level chosen from a list."
            )
        case .panelSheetExpert: return Localized(zh: "专家姓名（写入评分表的每一行）。", en: "The expert's name (on every row).")
        case .panelSheetInput:
            return Localized(
                zh: "申报数据（CSV、.xlsx 或填报表文件夹；默认为自带的样例）。",
                en: "The cohort (CSV, .xlsx or a folder of forms; default: the bundled sample).")
        case .panelSheetBlind:
            return Localized(zh: "盲评：不显示各县（市、区）的申报等级。", en: "Blind: the declared levels are not shown.")
        case .panelSheetFindings:
            return Localized(
                zh: "核查记录文件：评分表列出按核定数据参与排名的申报单位（核查可能使某个县取得或失去资格）。",
                en:
                    "Reviewers' findings: the sheet lists the applicants that pass the gates on the verified data (a finding may qualify or disqualify one)."
            )
        case .panelSheetOut: return Localized(zh: "评分表写到此 .xlsx 文件。", en: "Write the scoring workbook to this .xlsx file.")
        case .findingsCommand:
            return Localized(
                zh: "核查记录（申报 → 核定）的辅助命令。", en: "Helpers for reviewers' findings (declared → verified).")
        case .findingsTemplate:
            return Localized(
                zh: "写出空白的核查记录表（.xlsx 时“填报项”为下拉列表；.csv 时只有表头）。",
                en: "Write an empty findings file (.xlsx: the field column is a dropdown; .csv: the header only).")
        case .findingsTemplateOut:
            return Localized(
                zh: "保存位置（.xlsx 或 .csv）。默认：核查记录.xlsx", en: "Where to write it (.xlsx or .csv). Default: findings.xlsx")
        case .allowMissing:
            return Localized(
                zh: "允许缺少这些列（字段名或中文名称，可多个）：缺少时所有申报单位该项计 0 分，并在屏幕上提示。",
                en:
                    "Columns that may be missing (keys or Chinese labels): every applicant then scores 0 there, with a warning on the console."
            )
        case .rank:
            return Localized(
                zh: "按评价标准计分并排名，写出排名工作簿。", en: "Score and rank a cohort; write the ranked workbook.")
        case .rankInput:
            return Localized(
                zh: "申报数据：CSV 文件或 Excel 工作簿（.xlsx，每个申报单位一行；也可以是 qeval 生成的排名工作簿），一份县级填报表，或存放各县填报表的文件夹。默认：附带的样例数据。",
                en:
                    "The applicants: a CSV file or an Excel workbook (.xlsx, one row per applicant; a ranked workbook qeval wrote too), one county form, or a folder of county forms. Default: the bundled sample."
            )
        case .weights:
            return Localized(
                zh: "调整后的分值：CSV 文件，表头为 指标,分值（或 indicator,points），也可用工作簿\u{201C}权重\u{201D}表另存的 CSV。",
                en: "Adjusted points: a CSV with the header indicator,points (or 指标,分值), or the 权重 sheet saved as CSV.")
        case .out:
            return Localized(
                zh: "写出的工作簿。默认：当前文件夹下的 reports/ranking-<输入文件名>.xlsx。",
                en: "The workbook to write. Default: reports/ranking-<input name>.xlsx under the current folder.")
        case .scoresCsv:
            return Localized(
                zh: "另写一个 CSV 文件，每个申报单位一行，含全部得分。", en: "Also write one CSV row per applicant with every score.")
        case .quiet:
            return Localized(
                zh: "不在屏幕上打印摘要（影响得分的警告仍会显示）。", en: "Print no summary (warnings that change a score are still shown).")
        case .chineseHeaders:
            return Localized(
                zh: "--scores-csv 的表头用中文名称（默认用字段名，便于其他程序读取）。",
                en: "Chinese headers in the --scores-csv file (default: the keys other programs read).")
        case .timings:
            return Localized(
                zh: "在标准错误输出中打印各阶段耗时（毫秒）和内存峰值。",
                en: "Print how long reading, evaluating and writing took (milliseconds) to standard error.")
        case .compare:
            return Localized(
                zh: "比较两个方案：同一数据的两套分值，或同一评价标准下的两份数据。",
                en: "Compare two scenarios: other weights on the same data, or the same rules on two data sets.")
        case .compareDiscussion:
            return Localized(
                zh: """
                    qeval compare 输入.csv --weights 方案B.csv [--base-weights 方案A.csv]   同一数据、两套分值
                    qeval compare 基准.csv 对比.csv                                         同一评价标准、两份数据
                    qeval compare A.csv B.csv --rules-a X.yaml --rules-b Y.yaml            两份数据、两套评价标准（指标按 id 对应）
                    """,
                en: """
                    qeval compare INPUT --weights B.csv [--base-weights A.csv]   re-weighting on one data set
                    qeval compare BASE.csv OTHER.csv                              the same rules on two data sets
                    qeval compare A.csv B.csv --rules-a X.yaml --rules-b Y.yaml   two data sets under two standards (indicators matched by id)
                    """)
        case .compareInputs:
            return Localized(
                zh: "一个输入（CSV 或 .xlsx，配合 --weights），或两个（基准和对比）。",
                en: "One input (CSV or .xlsx, with --weights), or two (base and other).")
        case .compareWeights:
            return Localized(zh: "方案 B 的分值文件（指标,分值）。", en: "Scenario B's points (indicator,points).")
        case .compareBaseWeights:
            return Localized(zh: "方案 A 的分值文件（默认：评价标准的分值）。", en: "Scenario A's points (default: the rulebook's).")
        case .compareOut:
            return Localized(
                zh: "比较工作簿。默认：当前文件夹下的 reports/compare-<输入文件名>.xlsx。",
                en: "The comparison workbook. Default: reports/compare-<input name>.xlsx under the current folder.")
        case .compareCsv:
            return Localized(
                zh: "另写一个 CSV，每个县一行，含两个方案下的名次和总分。",
                en: "Also write one CSV row per county with ranks and totals under A and B.")
        case .compareRulesA:
            return Localized(
                zh: "方案 A 所用的评价标准（规则文件 YAML），用于两份输入在两套标准下的比较。默认：--rules。",
                en: "Scenario A's rulebook, to compare two inputs under two standards. Default: --rules.")
        case .compareRulesB:
            return Localized(
                zh: "方案 B 所用的评价标准（规则文件 YAML）。默认：--rules。", en: "Scenario B's rulebook. Default: --rules.")
        case .rulesCommand:
            return Localized(zh: "以表格显示评价标准（指标、分值、规则类型）。", en: "Show the rulebook as a table.")
        case .template:
            return Localized(zh: "写出空白的申报数据 CSV 模板，供各县填报。", en: "Write a blank input CSV for counties to fill in.")
        case .templateOut:
            return Localized(zh: "写到哪个文件（默认：打印到屏幕）。", en: "Where to write it (default: standard output).")
        case .templateChinese:
            return Localized(zh: "表头用中文名称而不是字段名。", en: "Use the Chinese labels as headers instead of the keys.")
        case .generate:
            return Localized(
                zh: "生成一组模拟申报数据（同一随机种子结果相同），用于测试和性能评估。",
                en: "Write a synthetic cohort (deterministic for a seed) for tests and benchmarks.")
        case .generateCount: return Localized(zh: "申报单位个数。", en: "How many applicants.")
        case .generateSeed: return Localized(zh: "随机种子。", en: "Random seed.")
        case .robustness:
            return Localized(
                zh: "排名稳健性：分值浮动时的排名区间、拟认定概率，以及哪些指标的分值决定名单。",
                en:
                    "How robust the ranking is: rank intervals and the chance of recognition when points vary, and which indicators' points decide the list."
            )
        case .robustnessDiscussion:
            return Localized(
                zh: """
                    每次抽样把每个指标的分值乘以 [1 − S, 1 + S] 内均匀分布的独立随机系数，再换算为标准满分，按评价规则重新排名。
                    默认抽样 10000 次、S = 0.2、固定随机种子：重复运行结果相同。方法见 docs/ROBUSTNESS.md。
                    """,
                en: """
                    Each draw multiplies every indicator's points by an independent uniform factor in [1 − S, 1 + S], rescales them to
                    the standard's total and ranks as the rules rank. Defaults: 10,000 draws, S = 0.2, a fixed seed, so a rerun is
                    identical. Method: docs/ROBUSTNESS.md.
                    """)
        case .samples: return Localized(zh: "抽样次数 N（正整数，默认 10000）。", en: "Draws N (a whole number above 0; default 10000).")
        case .spread:
            return Localized(
                zh: "分值浮动幅度 S：系数在 [1 − S, 1 + S] 内（0 ≤ S < 1，默认 0.2，也可写 20%）。",
                en: "Spread S: factors in [1 − S, 1 + S] (0 ≤ S < 1; default 0.2; 20% also works).")
        case .seed:
            return Localized(
                zh: "随机种子（非负整数）；相同种子结果相同。", en: "Random seed (a whole number ≥ 0); the same seed gives the same result.")
        case .sensitivitySamples:
            return Localized(
                zh: "敏感性分析的基础样本数（默认为抽样次数的十分之一，至少 100、至多 1000）。",
                en: "Base samples of the sensitivity analysis (default: a tenth of the draws, 100 to 1000).")
        case .robustnessWeights:
            return Localized(
                zh: "中心分值：CSV（指标,分值），抽样围绕它进行。默认：标准分值。",
                en: "Centre points: a CSV (indicator,points) the draws vary around. Default: the standard's.")
        case .robustnessOut:
            return Localized(
                zh: "要写入的工作簿。默认：当前文件夹下的 reports/robustness-<输入文件名>.xlsx。",
                en: "The workbook to write. Default: reports/robustness-<input name>.xlsx under the current folder.")
        case .robustnessCsv:
            return Localized(zh: "另写一个 CSV，每个参与排名的县一行。", en: "Also write a CSV, one row per ranked county.")
        case .threads:
            return Localized(zh: "计算线程数（默认：全部核心；结果与线程数无关）。", en: "Threads (default: every core; results do not depend on it).")
        case .sharesOut:
            return Localized(
                zh: "把各县得分率写成纯文本，供 scripts/bench-robustness 的 C 对照程序读取。",
                en: "Write the shares as plain text for the C floor of scripts/bench-robustness.")
        case .robustnessQuiet: return Localized(zh: "不打印摘要。", en: "Print no summary.")
        case .explain:
            return Localized(
                zh: "说明一个县（市、区）的得分：总分、排名、与认定线的差距，以及每项指标的计分过程。",
                en: "Explain one county's score: total, ranks, distance to the recognition line and each indicator's arithmetic.")
        case .explainDiscussion:
            return Localized(
                zh: "同名的县（市、区）（如济南、枣庄都有市中区）须用 --city 指定所属地级市。",
                en: "A name in two cities (市中区 is in 济南 and in 枣庄) needs --city.")
        case .explainCounty:
            return Localized(zh: "县（市、区）名称，与输入文件中的写法相同。", en: "The county's name as the input file writes it.")
        case .explainCity:
            return Localized(
                zh: "所属地级市（同名县区时必填），如 济南 或 济南市。", en: "Its city (needed where names repeat), e.g. 济南 or 济南市.")
        case .explainIndicator: return Localized(zh: "只显示这一项指标（编号）。", en: "Show this indicator only (its number).")
        case .feedback:
            return Localized(
                zh: "为每个参评县（市、区）写一个可直接打印的评价结果反馈工作簿（含不具备资格者）。",
                en: "Write a print-ready feedback workbook for every applicant, the disqualified included.")
        case .feedbackDiscussion:
            return Localized(
                zh: "文件名为 <排名>-<县（市、区）>.xlsx，同名县区加所属地级市；不具备资格者为 不具备资格-<县（市、区）>.xlsx。",
                en:
                    "Files are named <rank>-<county>.xlsx, with the city where names repeat; the disqualified 不具备资格-<county>.xlsx."
            )
        case .feedbackOut:
            return Localized(zh: "写出反馈工作簿的文件夹（不存在时新建）。", en: "The folder for the feedback workbooks (created when missing).")
        case .generateOut:
            return Localized(zh: "写到哪个 CSV 文件（默认：打印到屏幕）。", en: "Where to write the CSV (default: standard output).")
        }
    }

    public static var examples: [HelpMessage] {
        [
            .tool, .lang, .rules, .encoding, .sheet, .maxErrors, .allowMissing, .findings, .panel, .panelCommand, .panelSheet,
            .panelSheetExpert,
            .panelSheetInput, .panelSheetBlind, .panelSheetOut, .panelSheetFindings, .findingsCommand, .findingsTemplate,
            .findingsTemplateOut, .rank, .rankInput, .weights, .out, .scoresCsv,
            .quiet, .chineseHeaders, .timings, .compare, .compareDiscussion, .compareInputs, .compareWeights, .compareBaseWeights,
            .compareOut, .compareCsv, .compareRulesA, .compareRulesB, .rulesCommand, .template, .templateOut, .templateChinese,
            .generate, .generateCount,
            .generateSeed, .generateOut, .robustness, .robustnessDiscussion, .samples, .spread, .seed, .sensitivitySamples,
            .robustnessWeights, .robustnessOut, .robustnessCsv, .threads, .sharesOut, .robustnessQuiet,
            .explain, .explainDiscussion, .explainCounty, .explainCity, .explainIndicator, .feedback, .feedbackDiscussion,
            .feedbackOut,
        ]
    }
}

/// The command line's refusals of options that do not fit.
public enum CommandMessage: Message {
    case badLanguage(String)
    case badEncoding(String)
    case countTooSmall
    case needWeightsOrSecondInput
    case baseWeightsWithTwoInputs
    case oneOrTwoInputs
    case cannotCreateFolder(String, FileProblem)

    public var localized: Localized {
        switch self {
        case .badLanguage(let value):
            return Localized(
                zh: "--lang 的值\u{201C}\(value)\u{201D}无法识别：应为 zh（中文）或 en（英文）。",
                en: "--lang \(value): expected zh (Chinese) or en (English)")
        case .badEncoding(let value):
            return Localized(
                zh: "--encoding 的值\u{201C}\(value)\u{201D}无法识别：应为 utf-8 或 gb18030。",
                en: "--encoding \(value): expected utf-8 or gb18030")
        case .countTooSmall:
            return Localized(zh: "--count 至少为 1。", en: "--count must be at least 1")
        case .needWeightsOrSecondInput:
            return Localized(
                zh: "只给了一个输入文件时，请用 --weights 指定方案 B 的分值文件（或给出两个输入文件进行比较）。",
                en: "with one input, give --weights FILE for scenario B (or give two input files)")
        case .baseWeightsWithTwoInputs:
            return Localized(
                zh: "给了两个输入文件时不使用 --base-weights（--weights 对两份数据使用同一套分值）；比较两套分值请只给一个输入文件。",
                en:
                    "with two inputs, --base-weights is not used (--weights FILE applies the same points to both); compare weights on one input instead"
            )
        case .oneOrTwoInputs:
            return Localized(
                zh: "请给出一个输入文件和 --weights，或两个输入文件。", en: "give one input with --weights, or two inputs to compare")
        case .cannotCreateFolder(let folder, let problem):
            return Localized(
                zh: "无法建立文件夹 \(folder)：\(problem.localized.zh)。",
                en: "cannot create the folder \(folder): \(problem.localized.en).")
        }
    }

    public static var examples: [CommandMessage] {
        [
            .badLanguage("fr"), .badEncoding("latin1"), .countTooSmall, .needWeightsOrSecondInput,
            .baseWeightsWithTwoInputs, .oneOrTwoInputs, .cannotCreateFolder("reports", .noPermission),
        ]
    }
}
