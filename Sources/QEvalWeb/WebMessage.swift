import QEval

/// The web pages' fixed texts: headings, buttons, column names. Templates use them as `{{t.<case>}}`;
/// a test checks every such name in the templates is a case here.
public enum WebText: String, Message, CaseIterable {
    case product, homeTitle, newEvaluation, rulebookInForce, chooseFile, encoding, encodingAuto, upload, useSample
    case earlierEvaluations, noEvaluations, unnamedUpload, localUser
    case colNumber, colFile, colApplicants, colRulebook, colWho, colWhen, colAction, colDetail
    case uploadRefusedTitle, colLine, colColumn, colValue, colApplicant, colProblem, fixAndRetry, backHome
    case errorTitle, navRanking, navWeights, navCompare, navRobustness, navAudit, logout
    case rankingTitle, dataWarnings, pointsInForce, apply, filterTier, allTiers, downloads, downloadRanking
    case downloadScores, downloadFeedback, downloadCompare, downloadRobustness, downloadCountyFeedback
    case colRank, colShift, colCounty, colCity, colTier, colTierRank, colTotal, colStatus
    case statusRecognised, draftPoints, draftBanner
    case largestLosses, lost, rateChart, processTitle, colIndicator, colScore, colPoints, colLost, colTierMean
    case colTierBest, colReasoning, notesTitle, notesHint
    case weightsTitle, weightsHint, subtotal, standardShort, pointsTotal, pointsOffTotal, scenarioName, saveScenario
    case resetPoints, compareWithStandard, reweighBusy, reweighDone
    case compareTitle, compareGo, enteringTop, leavingTop, rankChart, rankChartHint, colRankA, colRankB, colTotalA
    case colTotalB, colStatusB
    case robustnessTitle, robustnessHint, samples, spread, seed, runRobustness, running, intervalChartHint
    case colMedianRank, colInterval, colPRecognised
    case auditTitle, actionUpload, actionUploadRefused, actionViewRanking, actionSaveScenario, actionCompare
    case actionRobustness, actionDownload, actionLogin, actionLoginFailed, actionLoginLocked, actionCancel
    case cancelRobustness, queued
    case loginTitle, loginFailed, userName, password, loginButton, loginHint, otherLanguage
    case navFindings, findingsTitle, findingsHint, verificationTitle, verificationHint, colItem, colDeclared
    case colVerified, colReason, colEvidence, colReviewer, colVersion, recordFinding, findingField, findingValue
    case findingValueHint, findingReason, findingEvidence, exportFindings, importFindings, importButton
    case findingsHistory, noFindings, filterFindings, allItems, showDeclared, showVerified, rejectedValue
    case actionRecordFinding, actionImportFindings, actionExportFindings, allFigures
    case navAdmin, navAccount, adminTitle, accountsTitle, colRole, colState, colLastSignIn, colSessions, addAccount
    case firstPassword, passwordAgainLabel, saveRole, disableAccount, enableAccount, resetPassword, backupTitle
    case noBackup, backupHint, serverTitle, serverHTTPS, serverProxy, serverPlain, idleLabel, accountTitle
    case currentPassword, newPassword, changePassword, deleteEvaluation, deleteConfirm, viewerNote
    case colAddress, actionAccountAdded, actionRoleChanged, actionAccountDisabled, actionAccountEnabled
    case actionPasswordReset, actionPasswordChanged, actionDeleteEvaluation, actionBackup, yourRole, colBytes
    case forbiddenTitle

    public static var examples: [WebText] { allCases }

    public var localized: Localized {
        switch self {
        case .product: return Localized(zh: "山东省质量强县评审", en: "Shandong quality county review")
        case .homeTitle: return Localized(zh: "评审工作台", en: "Review workspace")
        case .newEvaluation: return Localized(zh: "新建评审", en: "New evaluation")
        case .rulebookInForce: return Localized(zh: "评分标准：", en: "Standard: ")
        case .chooseFile: return Localized(zh: "申报数据（CSV、Excel 或填报表）", en: "Cohort data (CSV, Excel or forms)")
        case .encoding: return Localized(zh: "CSV 编码", en: "CSV encoding")
        case .encodingAuto: return Localized(zh: "自动识别", en: "Detect")
        case .upload: return Localized(zh: "上传并评分", en: "Upload and score")
        case .useSample: return Localized(zh: "使用内置样例数据", en: "Use the bundled sample")
        case .earlierEvaluations: return Localized(zh: "已有评审", en: "Evaluations")
        case .noEvaluations: return Localized(zh: "还没有评审。上传一份申报数据开始。", en: "No evaluations yet. Upload a cohort to begin.")
        case .unnamedUpload: return Localized(zh: "未命名文件", en: "unnamed file")
        case .localUser: return Localized(zh: "本机", en: "this machine")
        case .colNumber: return Localized(zh: "编号", en: "No.")
        case .colFile: return Localized(zh: "文件", en: "File")
        case .colApplicants: return Localized(zh: "申报单位数", en: "Applicants")
        case .colRulebook: return Localized(zh: "评分标准", en: "Standard")
        case .colWho: return Localized(zh: "操作人", en: "By")
        case .colWhen: return Localized(zh: "时间", en: "When")
        case .colAction: return Localized(zh: "操作", en: "Action")
        case .colDetail: return Localized(zh: "详情", en: "Detail")
        case .uploadRefusedTitle: return Localized(zh: "数据有误，未保存", en: "The data has errors; nothing was saved")
        case .colLine: return Localized(zh: "位置", en: "Place")
        case .colColumn: return Localized(zh: "列", en: "Column")
        case .colValue: return Localized(zh: "值", en: "Value")
        case .colApplicant: return Localized(zh: "申报单位", en: "Applicant")
        case .colProblem: return Localized(zh: "问题", en: "Problem")
        case .fixAndRetry:
            return Localized(zh: "请在原文件中改正以上各处后重新上传。", en: "Correct each place above in the file and upload it again.")
        case .backHome: return Localized(zh: "返回评审工作台", en: "Back to the workspace")
        case .errorTitle: return Localized(zh: "无法完成", en: "Could not be done")
        case .navRanking: return Localized(zh: "排名", en: "Ranking")
        case .navWeights: return Localized(zh: "调整分值", en: "Weights")
        case .navCompare: return Localized(zh: "对比", en: "Compare")
        case .navRobustness: return Localized(zh: "稳健性", en: "Robustness")
        case .navAudit: return Localized(zh: "操作记录", en: "Audit log")
        case .logout: return Localized(zh: "退出", en: "Sign out")
        case .rankingTitle: return Localized(zh: "排名", en: "Ranking")
        case .dataWarnings: return Localized(zh: "数据提示（影响得分的在前）", en: "Data warnings (score-changing first)")
        case .pointsInForce: return Localized(zh: "分值：", en: "Points: ")
        case .apply: return Localized(zh: "应用", en: "Apply")
        case .filterTier: return Localized(zh: "梯队：", en: "Tier: ")
        case .allTiers: return Localized(zh: "全部", en: "All")
        case .downloads: return Localized(zh: "下载：", en: "Download: ")
        case .downloadRanking: return Localized(zh: "排名工作簿", en: "Ranked workbook")
        case .downloadScores: return Localized(zh: "得分 CSV", en: "Scores CSV")
        case .downloadFeedback: return Localized(zh: "各县反馈工作簿（ZIP）", en: "Feedback workbooks (ZIP)")
        case .downloadCompare: return Localized(zh: "下载对比工作簿", en: "Download the comparison workbook")
        case .downloadRobustness: return Localized(zh: "下载稳健性工作簿", en: "Download the robustness workbook")
        case .downloadCountyFeedback: return Localized(zh: "下载本县反馈工作簿", en: "Download this county's feedback workbook")
        case .colRank: return Localized(zh: "名次", en: "Rank")
        case .colShift: return Localized(zh: "名次变化", en: "Move")
        case .colCounty: return Localized(zh: "县（市、区）", en: "County")
        case .colCity: return Localized(zh: "市", en: "City")
        case .colTier: return Localized(zh: "梯队", en: "Tier")
        case .colTierRank: return Localized(zh: "梯队名次", en: "Tier rank")
        case .colTotal: return Localized(zh: "总分", en: "Total")
        case .colStatus: return Localized(zh: "状态", en: "Status")
        case .statusRecognised: return Localized(zh: "拟认定", en: "Recognised")
        case .draftPoints: return Localized(zh: "未保存的调整分值", en: "Unsaved adjusted points")
        case .draftBanner:
            return Localized(
                zh: "本页按你未保存的调整分值计算（仅你可见）。", en: "This page uses your unsaved adjusted points (visible to you only).")
        case .largestLosses: return Localized(zh: "失分最多的五项", en: "The five largest losses")
        case .lost: return Localized(zh: "失分", en: "lost")
        case .rateChart: return Localized(zh: "二级指标得分率", en: "Score rate by second-level category")
        case .processTitle: return Localized(zh: "计分过程", en: "How each score was reached")
        case .notesTitle: return Localized(zh: "备注", en: "Remarks")
        case .notesHint:
            return Localized(zh: "申报数据中备注列的内容，原样显示，不参与计分。", en: "The input's remarks columns as written; not scored.")
        case .colIndicator: return Localized(zh: "指标", en: "Indicator")
        case .colScore: return Localized(zh: "得分", en: "Score")
        case .colPoints: return Localized(zh: "分值", en: "Points")
        case .colLost: return Localized(zh: "失分", en: "Lost")
        case .colTierMean: return Localized(zh: "梯队平均", en: "Tier mean")
        case .colTierBest: return Localized(zh: "梯队最高", en: "Tier best")
        case .colReasoning: return Localized(zh: "计分过程", en: "Working")
        case .weightsTitle: return Localized(zh: "调整分值", en: "Adjust the points")
        case .weightsHint:
            return Localized(
                zh: "改动任一指标的分值，右侧的总分与名次随即按新分值重算（名次变化相对于标准分值）。调整只对你可见，保存为方案后才留存。",
                en:
                    "Change any indicator's points and the totals and ranks on the right are recomputed at once (moves are against the standard's points). Changes are yours alone until saved as a scenario."
            )
        case .subtotal: return Localized(zh: "小计", en: "subtotal")
        case .standardShort: return Localized(zh: "标准", en: "standard")
        case .pointsTotal: return Localized(zh: "分值合计", en: "Total points")
        case .pointsOffTotal: return Localized(zh: "分值合计与标准总分不同", en: "the total differs from the standard's")
        case .scenarioName: return Localized(zh: "方案名称", en: "Scenario name")
        case .saveScenario: return Localized(zh: "保存为方案", en: "Save as scenario")
        case .resetPoints: return Localized(zh: "恢复标准分值", en: "Reset to the standard")
        case .compareWithStandard: return Localized(zh: "与标准分值对比", en: "Compare with the standard")
        case .reweighBusy: return Localized(zh: "正在重新计算…", en: "Recomputing…")
        case .reweighDone:
            return Localized(
                zh: "已按调整后的分值重新排名：{moved} 个单位名次变化，分值合计 {total}。",
                en: "Re-ranked under the adjusted points: {moved} applicants moved; total points {total}.")
        case .compareTitle: return Localized(zh: "对比", en: "Compare")
        case .compareGo: return Localized(zh: "对比", en: "Compare")
        case .enteringTop: return Localized(zh: "进入拟认定：", en: "Entering the recognised: ")
        case .leavingTop: return Localized(zh: "退出拟认定：", en: "Leaving the recognised: ")
        case .rankChart: return Localized(zh: "名次对照图", en: "Ranks, A against B")
        case .rankChartHint:
            return Localized(
                zh: "横轴为 A 的名次，纵轴为 B 的名次；对角线上的点名次不变，红色为拟认定，虚线为认定线。",
                en:
                    "Across: rank under A; down: rank under B. Points on the diagonal did not move; red are recognised; dashed lines mark the recognition line."
            )
        case .colRankA: return Localized(zh: "A 名次", en: "Rank A")
        case .colRankB: return Localized(zh: "B 名次", en: "Rank B")
        case .colTotalA: return Localized(zh: "A 总分", en: "Total A")
        case .colTotalB: return Localized(zh: "B 总分", en: "Total B")
        case .colStatusB: return Localized(zh: "B 状态", en: "Status B")
        case .robustnessTitle: return Localized(zh: "稳健性分析", en: "Robustness")
        case .robustnessHint:
            return Localized(
                zh: "按当前分值，将各指标分值随机上下浮动（幅度为“浮动”），重复排名，统计每个单位的名次区间与进入拟认定的概率。",
                en:
                    "Under the points in force, each indicator's points are varied at random (by the spread) and the cohort re-ranked many times: each applicant's rank interval and chance of being recognised."
            )
        case .samples: return Localized(zh: "抽样次数", en: "Draws")
        case .spread: return Localized(zh: "浮动", en: "Spread")
        case .seed: return Localized(zh: "随机种子", en: "Seed")
        case .runRobustness: return Localized(zh: "开始分析", en: "Run")
        case .running: return Localized(zh: "正在计算…", en: "Running…")
        case .intervalChartHint:
            return Localized(
                zh: "横线为九成抽样的名次范围（去掉名次最好和最差的各 5% 抽样），红点为名次中间值（一半抽样比它靠前、一半靠后），白点为当前分值下的名次，虚线为认定线。",
                en:
                    "Bars: rank from the 5th to the 95th percentile; red dot: median rank; white dot: rank under the points in force; dashed: the recognition line."
            )
        case .colMedianRank: return Localized(zh: "名次中间值", en: "Median rank")
        case .colInterval: return Localized(zh: "九成抽样的名次", en: "Rank interval (P5–P95)")
        case .colPRecognised: return Localized(zh: "拟认定概率", en: "P(recognised)")
        case .auditTitle: return Localized(zh: "操作记录", en: "Audit log")
        case .actionUpload: return Localized(zh: "上传数据", en: "upload")
        case .actionUploadRefused: return Localized(zh: "上传被拒（数据有误）", en: "upload refused (errors)")
        case .actionViewRanking: return Localized(zh: "查看排名", en: "viewed the ranking")
        case .actionSaveScenario: return Localized(zh: "保存分值方案", en: "saved a scenario")
        case .actionCompare: return Localized(zh: "对比", en: "compared")
        case .actionRobustness: return Localized(zh: "稳健性分析", en: "robustness run")
        case .actionDownload: return Localized(zh: "下载", en: "download")
        case .actionLogin: return Localized(zh: "登录", en: "signed in")
        case .actionLoginFailed: return Localized(zh: "登录失败", en: "sign-in failed")
        case .actionLoginLocked: return Localized(zh: "登录锁定", en: "sign-in locked")
        case .actionCancel: return Localized(zh: "取消稳健性分析", en: "robustness run cancelled")
        case .cancelRobustness: return Localized(zh: "取消", en: "Cancel")
        case .queued: return Localized(zh: "排队中……", en: "Queued…")
        case .navFindings: return Localized(zh: "核查记录", en: "Findings")
        case .findingsTitle: return Localized(zh: "核查记录（申报 → 核定）", en: "Findings (declared → verified)")
        case .findingsHint:
            return Localized(
                zh: "每一项核查结果都有记录：谁、何时、改为多少、为什么。修改即新增一个版本，旧版本保留在下方的历史中。导出和导入的 CSV 与命令行 --findings 使用的格式相同；导入时逐条检查，有任何错误则整批不保存。",
                en:
                    "Every finding is kept: who, when, what value, why. A change adds a version; earlier ones stay in the history below. The exported and imported CSV is the command line's --findings format; an import is checked finding by finding and stored only when all are valid."
            )
        case .verificationTitle: return Localized(zh: "核查（申报 → 核定）", en: "Verification (declared → verified)")
        case .verificationHint:
            return Localized(
                zh: "核定值按填报表的要求填写；留空表示不予认可（佐证不足），该项按未提供计 0 分。核查理由必填。保存后本页显示按核定数据重新计算的得分和名次。",
                en:
                    "Enter the verified value as the form asks for it; leave it empty to reject the figure (not enough evidence: it scores 0). A reason is required. The page then shows the score and rank recomputed on the verified data."
            )
        case .colItem: return Localized(zh: "填报项", en: "Item")
        case .colDeclared: return Localized(zh: "申报值", en: "Declared")
        case .colVerified: return Localized(zh: "核定值", en: "Verified")
        case .colReason: return Localized(zh: "核查理由", en: "Reason")
        case .colEvidence: return Localized(zh: "佐证材料", en: "Evidence")
        case .colReviewer: return Localized(zh: "核查人", en: "Reviewer")
        case .colVersion: return Localized(zh: "版本", en: "Version")
        case .recordFinding: return Localized(zh: "保存核查结果", en: "Save the finding")
        case .findingField: return Localized(zh: "填报项", en: "Item")
        case .findingValue: return Localized(zh: "核定值", en: "Verified value")
        case .findingValueHint: return Localized(zh: "留空＝不予认可", en: "empty = rejected")
        case .findingReason: return Localized(zh: "核查理由（必填）", en: "Reason (required)")
        case .findingEvidence: return Localized(zh: "佐证材料", en: "Evidence")
        case .exportFindings: return Localized(zh: "导出核查记录（CSV）", en: "Export the findings (CSV)")
        case .importFindings: return Localized(zh: "导入核查记录（CSV 或 .xlsx）", en: "Import findings (CSV or .xlsx)")
        case .importButton: return Localized(zh: "导入", en: "Import")
        case .findingsHistory: return Localized(zh: "全部版本（历史）", en: "Every version (history)")
        case .noFindings: return Localized(zh: "还没有核查记录。", en: "No finding yet.")
        case .filterFindings: return Localized(zh: "筛选", en: "Filter")
        case .allItems: return Localized(zh: "全部填报项", en: "All items")
        case .showDeclared: return Localized(zh: "改看申报数据", en: "Show the declared data")
        case .showVerified: return Localized(zh: "改看核定数据", en: "Show the verified data")
        case .rejectedValue: return Localized(zh: "（不予认可）", en: "(rejected)")
        case .actionRecordFinding: return Localized(zh: "记录核查结果", en: "recorded a finding")
        case .actionImportFindings: return Localized(zh: "导入核查记录", en: "imported findings")
        case .actionExportFindings: return Localized(zh: "导出核查记录", en: "exported findings")
        case .allFigures: return Localized(zh: "本县全部填报数据（申报与核定）", en: "Every figure of this county (declared and verified)")
        case .navAdmin: return Localized(zh: "账号管理", en: "Accounts")
        case .navAccount: return Localized(zh: "我的账号", en: "My account")
        case .adminTitle: return Localized(zh: "账号与备份", en: "Accounts and backups")
        case .accountsTitle: return Localized(zh: "账号", en: "Accounts")
        case .colRole: return Localized(zh: "角色", en: "Role")
        case .colState: return Localized(zh: "状态", en: "State")
        case .colLastSignIn: return Localized(zh: "最近登录", en: "Last sign-in")
        case .colSessions: return Localized(zh: "在线会话", en: "Sessions")
        case .addAccount: return Localized(zh: "新建账号", en: "Add an account")
        case .firstPassword: return Localized(zh: "初始密码（至少 8 位）", en: "First password (8 characters or more)")
        case .passwordAgainLabel: return Localized(zh: "再输入一次", en: "Again")
        case .saveRole: return Localized(zh: "改角色", en: "Change role")
        case .disableAccount: return Localized(zh: "停用", en: "Disable")
        case .enableAccount: return Localized(zh: "恢复", en: "Enable")
        case .resetPassword: return Localized(zh: "重设密码", en: "Reset password")
        case .backupTitle: return Localized(zh: "备份", en: "Backups")
        case .noBackup: return Localized(zh: "还没有备份过。", en: "No backup has been made yet.")
        case .backupHint:
            return Localized(
                zh: "备份由服务器上的命令完成，服务运行时也可以做：qeval backup --data 数据文件夹 --out 备份文件。建议每天一次，并把备份文件复制到另一台机器。",
                en:
                    "Backups are made on the server, also while it serves: qeval backup --data FOLDER --out FILE. Make one daily and copy it to another machine."
            )
        case .serverTitle: return Localized(zh: "服务设置", en: "Server")
        case .serverHTTPS: return Localized(zh: "以 HTTPS 服务（本程序的证书）", en: "HTTPS (this server's certificate)")
        case .serverProxy: return Localized(zh: "在做 HTTPS 的反向代理之后", en: "behind a TLS reverse proxy")
        case .serverPlain: return Localized(zh: "仅本机（HTTP，127.0.0.1）", en: "this machine only (HTTP, loopback)")
        case .idleLabel: return Localized(zh: "无操作自动退出：", en: "Idle sign-out: ")
        case .accountTitle: return Localized(zh: "我的账号", en: "My account")
        case .currentPassword: return Localized(zh: "当前密码", en: "Current password")
        case .newPassword: return Localized(zh: "新密码（至少 8 位）", en: "New password (8 characters or more)")
        case .changePassword: return Localized(zh: "修改密码", en: "Change password")
        case .deleteEvaluation: return Localized(zh: "删除", en: "Delete")
        case .deleteConfirm:
            return Localized(
                zh: "删除这个评审及其分值方案、核查记录和稳健性结果？此操作不能撤销（操作记录保留）。",
                en:
                    "Delete this evaluation with its scenarios, findings and robustness results? This cannot be undone (the audit log keeps its rows)."
            )
        case .viewerNote:
            return Localized(
                zh: "您的账号是只读账号：可以查看和下载，不能上传、调整或记录。",
                en: "Yours is a read-only account: you can view and download, not upload, adjust or record.")
        case .colAddress: return Localized(zh: "网络地址", en: "Address")
        case .actionAccountAdded: return Localized(zh: "新建账号", en: "added an account")
        case .actionRoleChanged: return Localized(zh: "修改角色", en: "changed a role")
        case .actionAccountDisabled: return Localized(zh: "停用账号", en: "disabled an account")
        case .actionAccountEnabled: return Localized(zh: "恢复账号", en: "enabled an account")
        case .actionPasswordReset: return Localized(zh: "重设密码", en: "reset a password")
        case .actionPasswordChanged: return Localized(zh: "修改自己的密码", en: "changed own password")
        case .actionDeleteEvaluation: return Localized(zh: "删除评审", en: "deleted an evaluation")
        case .actionBackup: return Localized(zh: "备份", en: "backup")
        case .yourRole: return Localized(zh: "角色：", en: "Role: ")
        case .colBytes: return Localized(zh: "大小", en: "Size")
        case .forbiddenTitle: return Localized(zh: "没有权限", en: "Not allowed")
        case .loginTitle: return Localized(zh: "登录", en: "Sign in")
        case .otherLanguage: return Localized(zh: "English（英文）", en: "中文 (Chinese)")
        case .loginFailed: return Localized(zh: "用户名或密码不正确。", en: "The name or the password is wrong.")
        case .userName: return Localized(zh: "用户名", en: "Name")
        case .password: return Localized(zh: "密码", en: "Password")
        case .loginButton: return Localized(zh: "登录", en: "Sign in")
        case .loginHint:
            return Localized(
                zh: "账号由管理员在服务器上用 qeval user add 用户名 创建。",
                en: "Accounts are created on the server with qeval user add NAME.")
        }
    }
}

/// The web workspace's messages with values: errors, summaries, labels.
public enum WebMessage: Message {
    case cannotCreateDataFolder(String, FileProblem)
    case cannotOpenDatabase(String, String)
    case uploadTooLarge(limitMB: Int)
    case uploadHint(limitMB: Int)
    case severalFiles(first: String, count: Int)
    case noFileChosen
    case uploadRefused(errors: Int)
    case moreErrors(Int)
    case sampleMissing(String)
    case csrfFailed
    case loginRequired
    case notFound
    case badRequest
    case internalError
    case noSuchEvaluation(Int64)
    case noSuchScenario(Int64)
    case scenarioLabel(String)
    case evaluationLabel(id: Int64, file: String)
    case scenarioNameNeeded
    case badPoints(number: Int, value: String)
    case unknownIndicator(String)
    case disqualified(String)
    case rankingMeta(applicants: Int, ranked: Int, disqualified: Int, recognised: Int, points: String, maximum: String)
    case rankOf(rank: Int, of: Int)
    case tierRankOf(tier: String, rank: Int, of: Int)
    case tierMean(String)
    case compareSummary(counties: Int, moved: Int, largest: Int)
    case serving(address: String, data: String, rulebook: String)
    case accountsNeeded(host: String)
    case noAccounts(host: String)
    case passwordPrompt
    case passwordAgain
    case passwordsDiffer
    case passwordTooShort(Int)
    case userSaved(name: String, database: String)
    case badUserName(String)
    case serverStopped(String)
    case portInUse(host: String, port: Int)
    case portNotAllowed(port: Int)
    case auditUpload(file: String, sha256: String, applicants: Int)
    case auditRefused(file: String, errors: Int)
    case auditPoints(String)
    case auditScenario(id: Int64, name: String, total: String)
    case auditCompare(a: String, b: String)
    case auditRobustness(samples: Int, spread: Double, seed: UInt64, points: String, job: String)
    case auditDownload(file: String, points: String)
    case rulebookChanged(id: Int64, file: String, name: String, current: String)
    case foreignHost(String)
    case foreignOrigin(String)
    case bodyTooLarge(limitKB: Int)
    case badBoundary
    case userNameTooLong(Int)
    case badScenarioName(limit: Int)
    case pointsSumOutOfRange(sum: String, low: String, high: String)
    case serverBusy
    case robustnessPerSession(Int)
    case robustnessQueueFull(Int)
    case jobQueued(ahead: Int)
    case jobCancelled
    case jobInterrupted
    case signInWait(seconds: Int)
    case signInLocked(minutes: Int)
    case auditSignInBurst(failures: Int, locked: Bool)
    case auditLongUserName(Int)
    case resourceMissing(String)
    case viewingVerified(findings: Int)
    case viewingDeclared(findings: Int)
    case findingsSource(Int64)
    case auditFinding(county: String, item: String, value: String, reason: String)
    case auditImport(file: String, findings: Int, added: Int)
    case auditExport(findings: Int)
    case importRefused(errors: Int)
    case findingsCount(current: Int, versions: Int)
    case countyFindingRefused(errors: Int)
    case accountExists(String)

    public static var examples: [WebMessage] {
        [
            .viewingVerified(findings: 3), .viewingDeclared(findings: 3), .findingsSource(2),
            .auditFinding(county: "历城区（济南市）", item: "自愿性认证覆盖率", value: "62", reason: "佐证材料显示为 62%"),
            .auditImport(file: "核查记录.csv", findings: 5, added: 4), .auditExport(findings: 5), .importRefused(errors: 2),
            .findingsCount(current: 5, versions: 7), .countyFindingRefused(errors: 1), .accountExists("zhang"),
            .cannotCreateDataFolder("qeval-data", .notFound), .cannotOpenDatabase("qeval-data/qeval.sqlite", "disk I/O error"),
            .uploadTooLarge(limitMB: 20), .uploadHint(limitMB: 20), .severalFiles(first: "历城区.xlsx", count: 3), .noFileChosen,
            .uploadRefused(errors: 3), .moreErrors(5),
            .sampleMissing("data/sample/shandong-2023.csv"), .csrfFailed, .loginRequired, .notFound, .badRequest,
            .internalError, .noSuchEvaluation(7), .noSuchScenario(3), .scenarioLabel("方案一"),
            .evaluationLabel(id: 2, file: "2024.csv"), .scenarioNameNeeded, .badPoints(number: 20, value: "-1"),
            .unknownIndicator("99"), .disqualified("一票否决：重大及以上突发环境事件"),
            .rankingMeta(applicants: 136, ranked: 132, disqualified: 4, recognised: 10, points: "标准分值", maximum: "100"),
            .rankOf(rank: 3, of: 132), .tierRankOf(tier: "第一梯队", rank: 1, of: 40), .tierMean("第一梯队"),
            .compareSummary(counties: 136, moved: 40, largest: 12),
            .serving(address: "http://127.0.0.1:8080", data: "qeval-data", rulebook: "山东省质量强县评价指标（2023）"),
            .accountsNeeded(host: "0.0.0.0"), .noAccounts(host: "0.0.0.0"), .passwordPrompt, .passwordAgain, .passwordsDiffer,
            .passwordTooShort(8), .userSaved(name: "zhang", database: "qeval-data/qeval.sqlite"), .badUserName("a b"),
            .serverStopped("connection reset"), .portInUse(host: "127.0.0.1", port: 8080), .portNotAllowed(port: 80),
            .auditUpload(file: "shandong-2023.csv", sha256: "a7f4754d", applicants: 136),
            .auditRefused(file: "bad.csv", errors: 1),
            .auditPoints("评价标准默认分值"), .auditScenario(id: 1, name: "方案一", total: "106"),
            .auditCompare(a: "评价标准默认分值", b: "方案：方案一"),
            .auditRobustness(samples: 2000, spread: 0.2, seed: 2023, points: "评价标准默认分值", job: "10fab92a"),
            .auditDownload(file: "ranking-1-shandong-2023.xlsx", points: "评价标准默认分值"),
            .rulebookChanged(id: 3, file: "shandong-2023.yaml", name: "山东省质量强县（市、区）评价标准（2023）", current: "shandong-2022.yaml"),
            .foreignHost("attacker.example:8080"), .foreignOrigin("http://attacker.example:8080"), .bodyTooLarge(limitKB: 64),
            .badBoundary, .userNameTooLong(64), .badScenarioName(limit: 60),
            .pointsSumOutOfRange(sum: "0.5", low: "1", high: "1000"), .serverBusy, .robustnessPerSession(1),
            .robustnessQueueFull(4), .jobQueued(ahead: 2), .jobCancelled, .jobInterrupted, .signInWait(seconds: 8),
            .signInLocked(minutes: 15),
            .auditSignInBurst(failures: 12, locked: true), .auditLongUserName(19_000_000),
            .resourceMissing("templates/home.mustache"),
        ]
    }

    public var localized: Localized {
        switch self {
        case .cannotCreateDataFolder(let folder, let problem):
            return Localized(
                zh: "无法创建数据文件夹 \(folder)：\(problem.text(.zh))。请用 --data 指定一个可写的文件夹。",
                en: "cannot create the data folder \(folder): \(problem.text(.en)). Give a writable folder with --data.")
        case .cannotOpenDatabase(let path, let detail):
            return Localized(
                zh: "无法打开数据库 \(path)（\(detail)）。请确认该文件未被其他程序占用、所在文件夹可写。",
                en: "cannot open the database \(path) (\(detail)). Check no other program holds it and its folder is writable.")
        case .uploadTooLarge(let mb):
            return Localized(
                zh: "上传的文件超过 \(mb) MB，未接收。申报数据一般不足 1 MB，请确认选择的是申报数据 CSV 文件。",
                en:
                    "the upload is larger than \(mb) MB and was refused. Cohort data is usually under 1 MB; check the file is the cohort CSV."
            )
        case .severalFiles(let first, let count):
            return Localized(zh: "\(first) 等 \(count) 个文件.zip", en: "\(first) and \(count - 1) more.zip")
        case .uploadHint(let mb):
            return Localized(
                zh:
                    "可以上传：申报汇总表（CSV 文件，UTF-8 或 GBK 编码；或 Excel 工作簿 .xlsx，读第一个工作表；也可以是本工具生成的排名工作簿），每行一个申报单位，表头可用字段名或中文名称；或各县的填报表（可一次选多个 .xlsx/.csv 文件，或一个装有填报表的 .zip 压缩包）。合计不超过 \(mb) MB。有错误时列出每一处（文件、工作表和单元格），不保存。",
                en:
                    "You can upload: the applicants' table (a CSV file, UTF-8 or GBK; or an Excel workbook .xlsx, its first sheet; a ranked workbook this tool wrote, too), one row per applicant, headers as keys or Chinese labels; or the counties' forms (several .xlsx/.csv files at once, or one .zip of them). At most \(mb) MB in all. Errors are listed place by place (file, sheet and cell) and nothing is saved."
            )
        case .noFileChosen:
            return Localized(zh: "没有选择文件：请先选择申报数据 CSV 文件再上传。", en: "no file was chosen: choose the cohort CSV, then upload.")
        case .uploadRefused(let errors):
            return Localized(zh: "共 \(errors) 处错误，未保存任何内容。", en: "\(errors) error(s); nothing was saved.")
        case .moreErrors(let n):
            return Localized(
                zh: "另有 \(n) 处错误未列出（改正以上各处后再上传可见）。", en: "\(n) more error(s) not listed (upload again after correcting these).")
        case .sampleMissing(let path):
            return Localized(zh: "找不到内置样例数据 \(path)。", en: "the bundled sample \(path) is missing.")
        case .csrfFailed:
            return Localized(
                zh: "页面已过期或来源不明（校验码不符），未执行。请刷新页面后重试。",
                en:
                    "the page has expired or did not come from this server (token mismatch); nothing was done. Reload the page and try again."
            )
        case .loginRequired:
            return Localized(zh: "请先登录。", en: "please sign in first.")
        case .notFound:
            return Localized(zh: "没有这个页面或文件。", en: "no such page or file.")
        case .badRequest:
            return Localized(zh: "请求无法识别，请刷新页面后重试。", en: "the request could not be read; reload the page and try again.")
        case .internalError:
            return Localized(
                zh: "服务器内部出错，未完成。请把操作步骤告知管理员（服务器日志中有详细信息）。",
                en: "the server failed and nothing was done. Tell the administrator what you did (the server log has details).")
        case .noSuchEvaluation(let id):
            return Localized(zh: "没有编号为 \(id) 的评审。", en: "there is no evaluation number \(id).")
        case .noSuchScenario(let id):
            return Localized(zh: "本评审没有编号为 \(id) 的分值方案。", en: "this evaluation has no scenario number \(id).")
        case .scenarioLabel(let name):
            return Localized(zh: "方案：\(name)", en: "scenario: \(name)")
        case .evaluationLabel(let id, let file):
            return Localized(zh: "评审 \(id)（\(file)，标准分值）", en: "evaluation \(id) (\(file), standard points)")
        case .foreignHost(let host):
            return Localized(
                zh:
                    "本工作台未设账号，只接受本机地址（127.0.0.1、localhost 或 [::1]）的访问；此请求的地址是“\(Excerpt.cut(host, limit: 80, language: .zh))”，已拒绝。请在本机浏览器中打开 http://127.0.0.1:端口。要供其他电脑访问，请由管理员建立账号并以 --host 启动。",
                en:
                    "this workspace has no accounts and answers only this machine's addresses (127.0.0.1, localhost or [::1]); this request was for \"\(Excerpt.cut(host, limit: 80, language: .en))\" and is refused. Open http://127.0.0.1:PORT in a browser on this machine; to serve other computers, create accounts and start with --host."
            )
        case .foreignOrigin(let origin):
            return Localized(
                zh: "此请求来自其他网站（“\(Excerpt.cut(origin, limit: 80, language: .zh))”），已拒绝，未做任何更改。请从本工作台自己的页面提交。",
                en:
                    "this request came from another site (\"\(Excerpt.cut(origin, limit: 80, language: .en))\") and is refused; nothing was changed. Submit from the workspace's own pages."
            )
        case .bodyTooLarge(let kb):
            return Localized(
                zh: "提交的内容超过 \(kb) KB 的上限，已拒绝，未做任何更改。",
                en: "what was sent is over the limit of \(kb) KB and is refused; nothing was changed.")
        case .badBoundary:
            return Localized(
                zh: "上传的表单格式有误（分隔符缺失或超过 70 个字符），无法读取；请用本页面的上传按钮重新上传。",
                en:
                    "the uploaded form is malformed (its boundary is missing or longer than 70 characters); upload again with this page's button."
            )
        case .userNameTooLong(let limit):
            return Localized(
                zh: "用户名不能超过 \(limit) 个字。", en: "a user name has at most \(limit) characters.")
        case .badScenarioName(let limit):
            return Localized(
                zh: "方案名称应为 1 到 \(limit) 个可打印的字（不能含换行、制表符等控制字符）；请改后再保存。",
                en:
                    "a scenario name has 1 to \(limit) printable characters (no line breaks, tabs or other control characters); change it and save again."
            )
        case .pointsSumOutOfRange(let sum, let low, let high):
            return Localized(
                zh: "各指标分值合计为 \(sum)，不在 \(low) 到 \(high) 之间，无法用于排名；请检查是否多输或少输了位数。",
                en:
                    "the points add up to \(sum), outside \(low) to \(high), and cannot be used to rank; check for a digit too many or too few."
            )
        case .serverBusy:
            return Localized(
                zh: "服务器正忙：排队的计算已满。请稍等一分钟后再试，已提交的内容没有保存。",
                en: "the server is busy: the queue of computations is full. Try again in a minute; nothing was saved.")
        case .robustnessPerSession(let n):
            return Localized(
                zh: "您已有 \(n) 项稳健性分析在进行或排队；请等它完成，或在稳健性页面取消后再开始新的。",
                en:
                    "you already have \(n) robustness run(s) running or queued; wait for it, or cancel it on the robustness page, before starting another."
            )
        case .robustnessQueueFull(let n):
            return Localized(
                zh: "已有 \(n) 项稳健性分析在进行或排队，已达上限；请稍后再试。",
                en: "\(n) robustness runs are already running or queued, the most allowed; try again later.")
        case .jobQueued(let ahead):
            return Localized(
                zh: ahead == 0 ? "排队中：即将开始" : "排队中：前面还有 \(ahead) 项",
                en: ahead == 0 ? "queued: starting next" : "queued: \(ahead) ahead")
        case .jobCancelled:
            return Localized(zh: "已取消，没有结果。", en: "cancelled; there is no result.")
        case .jobInterrupted:
            return Localized(
                zh: "这次分析进行中时服务器重新启动了，没有结果。请重新开始分析。",
                en: "the server restarted while this analysis was running; there is no result. Start it again.")
        case .signInWait(let seconds):
            return Localized(
                zh: "登录失败次数过多，请 \(seconds) 秒后再试。", en: "too many failed sign-ins; try again in \(seconds) seconds.")
        case .signInLocked(let minutes):
            return Localized(
                zh: "登录失败次数过多，该账号（或本机地址）已暂时锁定 \(minutes) 分钟；如忘记密码，请管理员用 qeval user add 重设。",
                en:
                    "too many failed sign-ins: the account (or this address) is locked for \(minutes) minutes; an administrator can reset a forgotten password with qeval user add."
            )
        case .auditSignInBurst(let failures, let locked):
            return Localized(
                zh: "连续登录失败 \(failures) 次" + (locked ? "，已暂时锁定" : ""),
                en: "\(failures) failed sign-ins in a row" + (locked ? ", locked for a while" : ""))
        case .resourceMissing(let path):
            return Localized(
                zh: "找不到网页工作台的文件 \(path)（安装不完整：qeval 旁边的资源文件夹缺失）；请重新安装或重新构建 qeval。",
                en:
                    "the web workspace's file \(path) is missing (the resource folder beside qeval was not installed); reinstall or rebuild qeval."
            )
        case .viewingVerified(let n):
            return Localized(
                zh: "当前显示：核定数据（已计入 \(n) 条核查记录）。下载的工作簿同样按核定数据计算，并附“核查记录”表。",
                en:
                    "Showing the verified data (\(n) finding(s) applied). Downloads are computed on the verified data too, with a Findings sheet."
            )
        case .viewingDeclared(let n):
            return Localized(
                zh: "当前显示：申报数据（未计入 \(n) 条核查记录），仅供对照；下载的工作簿按核定数据计算。",
                en: "Showing the declared data (\(n) finding(s) not applied), for reference; downloads use the verified data.")
        case .findingsSource(let id): return Localized(zh: "工作台核查记录（评审 \(id)）", en: "workspace findings (evaluation \(id))")
        case .auditFinding(let county, let item, let value, let reason):
            return Localized(zh: "\(county) \(item) → \(value)：\(reason)", en: "\(county) \(item) → \(value): \(reason)")
        case .auditImport(let file, let n, let added):
            return Localized(zh: "\(file)：\(n) 条，新增 \(added) 个版本", en: "\(file): \(n) finding(s), \(added) new version(s)")
        case .auditExport(let n): return Localized(zh: "\(n) 条", en: "\(n) finding(s)")
        case .importRefused(let n):
            return Localized(
                zh: "核查记录有 \(n) 处错误，一条也没有保存。请改正后重新导入。",
                en: "the findings have \(n) error(s); none was saved. Correct them and import again.")
        case .findingsCount(let current, let versions):
            return Localized(
                zh: "\(current) 条核查记录（共 \(versions) 个版本）", en: "\(current) finding(s) (\(versions) version(s) in all)")
        case .accountExists(let name):
            return Localized(
                zh: "已有名为“\(name)”的账号。要重设它的密码，请在下面的账号列表中操作。",
                en: "there is already an account named \"\(name)\". Reset its password in the list below.")
        case .countyFindingRefused(let n):
            return Localized(zh: "核查结果未保存（\(n) 处错误）：", en: "the finding was not saved (\(n) error(s)):")
        case .auditLongUserName(let length):
            return Localized(
                zh: "用户名过长（\(length) 个字），未记录原文", en: "user name too long (\(length) characters), not recorded")
        case .scenarioNameNeeded:
            return Localized(zh: "请给方案起一个名称（不超过 60 个字）。", en: "give the scenario a name (at most 60 characters).")
        case .badPoints(let number, let value):
            return Localized(
                zh: "指标 \(number) 的分值“\(Excerpt.cut(value, limit: 40, language: .zh))”不可用：应为 0 到总分之间的数。",
                en:
                    "indicator \(number)'s points \"\(Excerpt.cut(value, limit: 40, language: .en))\" cannot be used: give a number from 0 to the total."
            )
        case .unknownIndicator(let key):
            return Localized(
                zh: "没有编号为 \(Excerpt.cut(key, limit: 40, language: .zh)) 的指标。",
                en: "there is no indicator \(Excerpt.cut(key, limit: 40, language: .en)).")
        case .disqualified(let reasons):
            return Localized(zh: "不具备资格：\(reasons)", en: "not eligible: \(reasons)")
        case .rankingMeta(let applicants, let ranked, let disqualified, let recognised, let points, let maximum):
            return Localized(
                zh:
                    "共 \(applicants) 个申报单位，\(ranked) 个参与排名，\(disqualified) 个不具备资格；前 \(recognised) 名拟认定。分值：\(points)（合计 \(maximum)）。",
                en:
                    "\(applicants) applicants, \(ranked) ranked, \(disqualified) not eligible; the first \(recognised) are recognised. Points: \(points) (total \(maximum))."
            )
        case .rankOf(let rank, let of):
            return Localized(zh: "第 \(rank) 名（共 \(of) 个）", en: "rank \(rank) of \(of)")
        case .tierRankOf(let tier, let rank, let of):
            return Localized(zh: "\(tier)第 \(rank) 名（共 \(of) 个）", en: "\(tier): rank \(rank) of \(of)")
        case .tierMean(let tier):
            return Localized(zh: "\(tier)平均", en: "\(tier) mean")
        case .compareSummary(let counties, let moved, let largest):
            return Localized(
                zh: "\(counties) 个单位，\(moved) 个名次变化，最大变化 \(largest) 位。",
                en: "\(counties) applicants, \(moved) moved, the largest move \(largest) places.")
        case .serving(let address, let data, let rulebook):
            return Localized(
                zh: "评审工作台已启动：请在浏览器中打开 \(address)\n数据保存在 \(data)；评分标准：\(rulebook)。按 Ctrl+C 停止。",
                en:
                    "The review workspace is running: open \(address) in a browser.\nData is kept in \(data); standard: \(rulebook). Press Ctrl+C to stop."
            )
        case .accountsNeeded(let host):
            return Localized(
                zh: "在 \(host) 上服务时，每个页面都需要登录。",
                en: "serving on \(host): every page requires signing in.")
        case .noAccounts(let host):
            return Localized(
                zh: "要在 \(host)（非本机地址）上服务，需要先创建账号：qeval user add 用户名 --data 同一数据文件夹。",
                en: "to serve on \(host) (not loopback) create an account first: qeval user add NAME --data THE-SAME-FOLDER.")
        case .passwordPrompt: return Localized(zh: "密码：", en: "Password: ")
        case .passwordAgain: return Localized(zh: "再输入一次：", en: "Again: ")
        case .passwordsDiffer: return Localized(zh: "两次输入的密码不同，未保存。", en: "the two passwords differ; nothing was saved.")
        case .passwordTooShort(let n):
            return Localized(zh: "密码至少 \(n) 个字符，未保存。", en: "the password needs at least \(n) characters; nothing was saved.")
        case .userSaved(let name, let database):
            return Localized(zh: "已保存账号 \(name)（\(database)）。", en: "saved the account \(name) (\(database)).")
        case .portInUse(let host, let port):
            return Localized(
                zh: "端口 \(port) 已被占用（\(host) 上已有程序在用这个端口，可能是另一个 qeval serve）。请关闭那个程序，或用 --port 换一个端口，例如 --port \(port + 1)。",
                en:
                    "port \(port) is already in use (another program on \(host), perhaps another qeval serve, listens on it). Stop that program or choose another port, e.g. --port \(port + 1)."
            )
        case .portNotAllowed(let port):
            return Localized(
                zh: "没有权限使用端口 \(port)（1024 以下的端口需要管理员权限）。请用 --port 选择 1024 以上的端口，例如 --port 8080。",
                en:
                    "no permission to use port \(port) (ports below 1024 need administrator rights). Choose one above 1024, e.g. --port 8080."
            )
        case .serverStopped(let detail):
            return Localized(
                zh: "服务器未能启动或意外停止（\(detail)）。请查看上面的提示；问题持续时请把这行文字发给管理员。",
                en:
                    "the server could not start or stopped (\(detail)). See the lines above; if it persists, send this line to the administrator."
            )
        case .rulebookChanged(let id, let file, let name, let current):
            return Localized(
                zh:
                    "评审 \(id) 是按评分标准文件 \(file)（\(name)）评分的，该文件已改动或服务器现在使用 \(current)；为免分数悄然改变，不予显示。请用 --rules 指定原文件重新启动服务器，或在新标准下重新上传数据。",
                en:
                    "evaluation \(id) was scored under the rulebook \(file) (\(name)), which has changed or the server now uses \(current); it is not shown, so no score changes silently. Restart the server with --rules naming the original file, or upload the data again under the new standard."
            )
        case .auditUpload(let file, let sha256, let applicants):
            return Localized(
                zh: "\(file)，\(applicants) 个申报单位，SHA-256 \(sha256)", en: "\(file), \(applicants) applicants, SHA-256 \(sha256)")
        case .auditRefused(let file, let errors):
            return Localized(zh: "\(file)：\(errors) 处错误，未保存", en: "\(file): \(errors) error(s), nothing saved")
        case .auditPoints(let label):
            return Localized(zh: "分值：\(label)", en: "points: \(label)")
        case .auditScenario(let id, let name, let total):
            return Localized(zh: "方案 \(id)“\(name)”，分值合计 \(total)", en: "scenario \(id) \"\(name)\", total points \(total)")
        case .auditCompare(let a, let b):
            return Localized(zh: "A：\(a)；B：\(b)", en: "A: \(a); B: \(b)")
        case .auditRobustness(let samples, let spread, let seed, let points, let job):
            return Localized(
                zh: "抽样 \(samples) 次，浮动 ±\(Wording.number(spread * 100))%，随机种子 \(seed)；分值：\(points)（任务 \(job.prefix(8))）",
                en:
                    "\(samples) draws, spread ±\(Wording.number(spread * 100))%, seed \(seed); points: \(points) (job \(job.prefix(8)))"
            )
        case .auditDownload(let file, let points):
            return Localized(zh: "\(file)（分值：\(points)）", en: "\(file) (points: \(points))")
        case .badUserName(let name):
            return Localized(
                zh: "用户名“\(name)”不可用：请用 1 到 40 个字母、数字、汉字、点、下划线或连字符。",
                en:
                    "the name \"\(name)\" cannot be used: use 1 to 40 letters, digits, Chinese characters, dots, underscores or hyphens."
            )
        }
    }
}

/// The help of `qeval serve` and `qeval user`.
public enum WebHelp: String, Message, CaseIterable {
    case serve, serveDiscussion, host, port, data, user, userAdd, userName
    case tlsCert, tlsKey, behindProxy, idleMinutes, config, role, userList, userDisable, userEnable, userRole
    case backup, backupOut, restore, restoreFrom, restoreData

    public static var examples: [WebHelp] { allCases }

    public var localized: Localized {
        switch self {
        case .serve: return Localized(zh: "启动网页评审工作台。", en: "Start the web review workspace.")
        case .serveDiscussion:
            return Localized(
                zh:
                    "默认只在本机（127.0.0.1）以 HTTP 服务，本机用户即管理员，无需登录。向局域网服务时（--host 0.0.0.0 或本机地址），必须用 --tls-cert 和 --tls-key 启用 HTTPS，或在做 HTTPS 的反向代理之后用 --behind-proxy；此时每个页面都需登录，账号用 qeval user add 创建。评审、分值方案、核查记录、登录会话、未保存的分值草稿、稳健性分析结果和操作记录都保存在 --data 文件夹的 SQLite 数据库中，重启后仍在。部署说明见 docs/DEPLOY.md。",
                en:
                    "Serves plain HTTP on this machine only (127.0.0.1) by default, where its user is the administrator and nothing asks for a password. To serve the office network (--host 0.0.0.0 or an address) give --tls-cert and --tls-key for HTTPS, or --behind-proxy behind a TLS reverse proxy; every page then requires signing in, with accounts made by qeval user add. Evaluations, scenarios, findings, sign-ins, unsaved drafts of points, robustness results and the audit log are kept in an SQLite database in the --data folder and survive a restart. Deployment: docs/DEPLOY.md."
            )
        case .host:
            return Localized(
                zh: "监听地址（127.0.0.1 为仅本机）。", en: "The address to listen on (127.0.0.1: this machine only).")
        case .port: return Localized(zh: "端口。", en: "The port.")
        case .data:
            return Localized(
                zh: "数据文件夹（评审、方案、核查记录和操作记录保存在这里）。",
                en: "The data folder (evaluations, scenarios, findings and the audit log are kept there).")
        case .user: return Localized(zh: "管理网页工作台的账号。", en: "Manage the web workspace's accounts.")
        case .userAdd:
            return Localized(
                zh: "创建账号或重设其密码（密码在提示后输入，屏幕上不显示；程序不保存密码本身，只保存由它算出、无法反推出密码的校验串）。",
                en: "Add an account or reset its password (typed at the prompt, not echoed; only its bcrypt hash is kept).")
        case .userName: return Localized(zh: "用户名。", en: "The account's name.")
        case .tlsCert:
            return Localized(
                zh: "HTTPS 证书文件（PEM，可含中间证书链）。", en: "The HTTPS certificate (PEM; a chain may follow it).")
        case .tlsKey: return Localized(zh: "证书的私钥文件（PEM）。", en: "The certificate's private key (PEM).")
        case .behindProxy:
            return Localized(
                zh: "前面有做 HTTPS 的反向代理（如 nginx）：采用它传来的 X-Forwarded-For/-Proto，每个页面都需登录。",
                en:
                    "A TLS reverse proxy (nginx) is in front: its X-Forwarded-For/-Proto are used and every page requires signing in."
            )
        case .idleMinutes:
            return Localized(
                zh: "登录后无操作多少分钟自动退出（默认 30）。", en: "Minutes without a request before a sign-in ends (default 30).")
        case .config:
            return Localized(
                zh: "设置文件（每行“设置项 = 值”，如 /etc/qeval/qeval.conf）；命令行上给出的选项优先。",
                en: "A settings file (\"key = value\" lines, e.g. /etc/qeval/qeval.conf); options on the command line win.")
        case .role:
            return Localized(
                zh: "角色：管理员、评审、专家或只读（也可写 admin、reviewer、expert、viewer）。",
                en: "The role: admin, reviewer, expert or viewer (管理员、评审、专家、只读).")
        case .userList: return Localized(zh: "列出账号、角色和状态。", en: "List the accounts, their roles and states.")
        case .userDisable:
            return Localized(
                zh: "停用账号：不能再登录，已登录的会话立即结束；其数据和操作记录保留。",
                en: "Disable an account: it cannot sign in and its sessions end at once; its work and audit rows stay.")
        case .userEnable: return Localized(zh: "恢复已停用的账号。", en: "Enable a disabled account again.")
        case .userRole: return Localized(zh: "修改账号的角色。", en: "Change an account's role.")
        case .backup:
            return Localized(
                zh: "备份工作台的数据库（服务运行时也可以做，备份是某一时刻的完整副本）。",
                en: "Back up the workspace's database (also while serving: the copy is whole, of one moment).")
        case .backupOut: return Localized(zh: "备份文件。", en: "The backup file.")
        case .restore:
            return Localized(
                zh: "把备份恢复到一个新的数据文件夹（不会覆盖已有数据）。",
                en: "Restore a backup into a new data folder (never over existing data).")
        case .restoreFrom: return Localized(zh: "备份文件。", en: "The backup file.")
        case .restoreData: return Localized(zh: "恢复到的新数据文件夹。", en: "The new data folder to restore into.")
        }
    }
}
