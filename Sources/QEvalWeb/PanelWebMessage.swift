import QEval

/// The expert panel's texts in the workspace, as `{{t.<case>}}` in the templates (with `WebText`'s).
public enum PanelText: String, Message, CaseIterable {
    case navPanel, panelTitle, panelHint, assignTitle, assignHint, noExpertAccounts, blindLabel, assignButton
    case progressTitle, colExpert, colScored, colSubmittedAt, stateNotStarted, stateScoring, stateSubmitted
    case spreadTitle, spreadHint, onlyFlagged, showAll, colDeclaredLevel, colPanelPoints, colSpread, colFlag
    case flagWide, reopenButton, reopenedTitle, reopenedHint, closeDiscussion, colOpenedBy, colOpenedAt, noSubmissions
    case exportPanel, changesTitle, colLevel, colRemark
    case scoreTitle, scoreHint, scoreHintBlind, saveLevels, submitLevels, submittedNote, reopenedNote, declaredLabel
    case notDeclared, yourPanels, noPanels, openScoring, discussing, historyTitle
    case actionPanelAssign, actionPanelSave, actionPanelSubmit, actionPanelReopen, actionPanelClose, actionPanelExport

    public var localized: Localized {
        switch self {
        case .navPanel: return Localized(zh: "专家评审", en: "Panel")
        case .panelTitle: return Localized(zh: "专家评审（主持）", en: "Expert panel (chair)")
        case .panelHint:
            return Localized(
                zh: "需专家评判的填报项由专家组独立评分：每位专家给出等级，专家组得分取各位专家所评分值的平均（5 位及以上专家去掉一个最高分和一个最低分）。专家提交之前，其他人看不到他的评分；全部专家提交后，排名才采用专家评审结果。",
                en:
                    "The judged items are scored by the panel: each expert gives a level; the panel's points are the mean of the experts' points (from five experts on, one highest and one lowest dropped). Nobody sees an expert's levels before they submit; the ranking uses the panel once every expert has submitted."
            )
        case .assignTitle: return Localized(zh: "分配专家", en: "Assign experts")
        case .assignHint:
            return Localized(
                zh: "勾选参加本次评审的专家账号（至少 3 位）。专家账号由管理员在“账号管理”中建立，角色为“专家”。",
                en: "Tick the expert accounts on this panel (at least three). A 管理员 makes them under Accounts, with the role 专家.")
        case .noExpertAccounts:
            return Localized(
                zh: "还没有角色为“专家”的账号：请管理员先建立专家账号。", en: "There is no account with the role 专家 yet: a 管理员 must add them first.")
        case .blindLabel: return Localized(zh: "盲评（专家看不到各县的申报等级）", en: "Blind (experts do not see the declared levels)")
        case .assignButton: return Localized(zh: "保存分配", en: "Save")
        case .progressTitle: return Localized(zh: "各位专家的进度", en: "Progress per expert")
        case .colExpert: return Localized(zh: "专家", en: "Expert")
        case .colScored: return Localized(zh: "已评", en: "Scored")
        case .colSubmittedAt: return Localized(zh: "提交时间", en: "Submitted")
        case .stateNotStarted: return Localized(zh: "未开始", en: "not started")
        case .stateScoring: return Localized(zh: "评分中", en: "scoring")
        case .stateSubmitted: return Localized(zh: "已提交", en: "submitted")
        case .spreadTitle: return Localized(zh: "评分分歧", en: "Spread of the experts' levels")
        case .spreadHint:
            return Localized(
                zh: "只列已提交专家的评分。极差（最高分 − 最低分）超过该项分值一半的标为“分歧大”，供专家组讨论；得分仍按平均计。需要讨论时可“重新打开”该项，专家可修改等级，改动保留历史。",
                en:
                    "Only submitted experts' levels are listed. A spread (highest − lowest) above half the item's points is marked for discussion; the score is still the mean. Re-open an item for the experts to change their level; every change is kept."
            )
        case .onlyFlagged: return Localized(zh: "只看分歧大的项", en: "Only wide spreads")
        case .showAll: return Localized(zh: "显示全部", en: "Show all")
        case .colDeclaredLevel: return Localized(zh: "申报等级", en: "Declared")
        case .colPanelPoints: return Localized(zh: "专家组得分", en: "Panel points")
        case .colSpread: return Localized(zh: "极差", en: "Spread")
        case .colFlag: return Localized(zh: "分歧", en: "Flag")
        case .flagWide: return Localized(zh: "分歧大", en: "wide")
        case .reopenButton: return Localized(zh: "重新打开", en: "Re-open")
        case .reopenedTitle: return Localized(zh: "讨论中的项", en: "Items under discussion")
        case .reopenedHint:
            return Localized(
                zh: "这些项已重新打开：已提交的专家可以修改其等级。讨论结束后请点“结束讨论”。",
                en:
                    "These items are open again: experts who submitted may change their level. Close each when the discussion is over."
            )
        case .closeDiscussion: return Localized(zh: "结束讨论", en: "Close")
        case .colOpenedBy: return Localized(zh: "打开人", en: "Opened by")
        case .colOpenedAt: return Localized(zh: "打开时间", en: "Opened")
        case .noSubmissions: return Localized(zh: "还没有专家提交评分。", en: "No expert has submitted yet.")
        case .exportPanel:
            return Localized(zh: "导出已提交的专家评分（CSV，可用于命令行 --panel）", en: "Export the submitted levels (CSV, for --panel)")
        case .changesTitle: return Localized(zh: "提交后的改动", en: "Changes after submission")
        case .colLevel: return Localized(zh: "等级", en: "Level")
        case .colRemark: return Localized(zh: "备注", en: "Remark")
        case .scoreTitle: return Localized(zh: "专家评分", en: "Expert scoring")
        case .scoreHint:
            return Localized(
                zh: "请为每个申报单位的每一项选择等级，每个等级后是评价标准的表述；“申报”是该县自己申报的等级，仅供参考。可以先“保存”，评完后“提交”。提交后不能再改，除非主持人重新打开某一项。",
                en:
                    "Choose a level for every item of every applicant; each level shows the standard's wording; “declared” is the county's own level, for reference. Save as you go and submit when done. After submission only items the chair re-opens can change."
            )
        case .scoreHintBlind:
            return Localized(
                zh: "请为每个申报单位的每一项选择等级，每个等级后是评价标准的表述（本次为盲评，不显示申报等级）。可以先“保存”，评完后“提交”。提交后不能再改，除非主持人重新打开某一项。",
                en:
                    "Choose a level for every item of every applicant; each level shows the standard's wording (blind: the declared levels are not shown). Save as you go and submit when done. After submission only items the chair re-opens can change."
            )
        case .saveLevels: return Localized(zh: "保存", en: "Save")
        case .submitLevels: return Localized(zh: "提交全部评分", en: "Submit")
        case .submittedNote: return Localized(zh: "您已提交评分。", en: "You have submitted.")
        case .reopenedNote: return Localized(zh: "主持人已重新打开，可修改", en: "re-opened by the chair: you may change it")
        case .declaredLabel: return Localized(zh: "申报", en: "declared")
        case .notDeclared: return Localized(zh: "未填", en: "not reported")
        case .yourPanels: return Localized(zh: "分配给您的专家评审", en: "Panels you are on")
        case .noPanels:
            return Localized(
                zh: "目前没有分配给您的评审任务。主持人分配后会显示在这里。", en: "No panel yet. It shows here once the chair assigns you.")
        case .openScoring: return Localized(zh: "去评分", en: "Score")
        case .discussing: return Localized(zh: "讨论中", en: "under discussion")
        case .historyTitle: return Localized(zh: "改动历史", en: "History")
        case .actionPanelAssign: return Localized(zh: "分配专家", en: "panel assigned")
        case .actionPanelSave: return Localized(zh: "专家保存评分", en: "expert saved levels")
        case .actionPanelSubmit: return Localized(zh: "专家提交评分", en: "expert submitted")
        case .actionPanelReopen: return Localized(zh: "重新打开评审项", en: "item re-opened")
        case .actionPanelClose: return Localized(zh: "结束讨论", en: "discussion closed")
        case .actionPanelExport: return Localized(zh: "导出专家评分", en: "panel exported")
        }
    }

    public static var examples: [PanelText] { allCases }
}

/// The panel's messages with values.
public enum PanelWebMessage: Message {
    case tooFewAssigned(count: Int, required: Int)
    case unknownExpert(String)
    case assigned(experts: String, blind: Bool)
    case progress(submitted: Int, members: Int)
    case inUse(experts: Int, parts: Int, flagged: Int)
    case pending(submitted: Int, members: Int)
    case notEnough(members: Int, required: Int)
    case notUsable(problem: String, count: Int)
    case scored(done: Int, total: Int)
    case saved(added: Int)
    case missingLevels(count: Int)
    case notAssigned
    case closedForChanges(applicant: String, label: String)
    case badLevel(value: String, label: String)
    case auditSave(added: Int, total: Int)
    case auditSubmit(parts: Int)
    case auditAssign(experts: String, blind: Bool)
    case auditReopen(applicant: String, label: String)
    case auditExport(levels: Int)
    case exportFileName(evaluation: Int64)
    case panelSource(Int64)
    case viewingPanel(findings: Int)

    public var localized: Localized {
        switch self {
        case .tooFewAssigned(let count, let required):
            return Localized(
                zh: "只勾选了 \(count) 位专家：专家评审至少需要 \(required) 位。",
                en: "\(count) expert(s) ticked: a panel needs at least \(required).")
        case .unknownExpert(let name):
            return Localized(
                zh: "“\(name)”不是启用中的专家账号。", en: "“\(name)” is not an enabled expert account.")
        case .assigned(let experts, let blind):
            return Localized(
                zh: "已分配专家：\(experts)\(blind ? "（盲评）" : "")。", en: "Panel: \(experts)\(blind ? " (blind)" : "").")
        case .progress(let s, let m):
            return Localized(zh: "已提交 \(s) / \(m) 位专家", en: "\(s) of \(m) experts submitted")
        case .inUse(let experts, let parts, let flagged):
            return Localized(
                zh: "排名已采用专家评审结果：\(experts) 位专家，\(parts) 项按专家组得分计，其中 \(flagged) 项分歧较大。",
                en:
                    "The ranking uses the panel: \(experts) experts, \(parts) parts scored by the panel, \(flagged) with a wide spread."
            )
        case .pending(let s, let m):
            return Localized(
                zh: "专家评审进行中：已提交 \(s) / \(m) 位专家。全部专家提交后排名才采用专家评审结果，目前需专家评审的项按申报等级计。",
                en:
                    "The panel is under way: \(s) of \(m) experts submitted. The ranking uses it once all have; until then the judged items count the declared levels."
            )
        case .notEnough(let m, let required):
            return Localized(
                zh: "专家评审只分配了 \(m) 位专家，至少需要 \(required) 位；排名按申报等级计。",
                en: "The panel has \(m) expert(s); at least \(required) are needed. The ranking counts the declared levels.")
        case .notUsable(let problem, let count):
            return Localized(
                zh: "专家评审结果未能采用（共 \(count) 个问题，见专家评审页）：\(problem) 排名按申报等级计。",
                en:
                    "The panel cannot be used (\(count) problem(s), see the panel page): \(problem) The ranking counts the declared levels."
            )
        case .scored(let done, let total):
            return Localized(zh: "已评 \(done) / \(total) 项", en: "\(done) of \(total) scored")
        case .saved(let added):
            return Localized(zh: "已保存（\(added) 项有改动）。", en: "Saved (\(added) changed).")
        case .missingLevels(let count):
            return Localized(
                zh: "还有 \(count) 项没有选择等级：全部评完才能提交。已评的等级已保存。",
                en: "\(count) item(s) have no level yet: submit once all are scored. The levels given are saved.")
        case .notAssigned:
            return Localized(zh: "您不是这次评审的专家。", en: "You are not on this evaluation's panel.")
        case .closedForChanges(let applicant, let label):
            return Localized(
                zh: "\(applicant)“\(label)”：您已提交，该项未被重新打开，不能修改。",
                en: "\(applicant) “\(label)”: you have submitted and the item is not re-opened; it cannot change.")
        case .badLevel(let value, let label):
            return Localized(zh: "“\(value)”不是“\(label)”的等级。", en: "“\(value)” is not a level of “\(label)”.")
        case .auditSave(let added, let total):
            return Localized(zh: "保存 \(added) 项改动（已评 \(total) 项）", en: "saved \(added) change(s) (\(total) scored)")
        case .auditSubmit(let parts): return Localized(zh: "提交 \(parts) 项评分", en: "submitted \(parts) levels")
        case .auditAssign(let experts, let blind):
            return Localized(zh: "专家：\(experts)\(blind ? "；盲评" : "")", en: "experts: \(experts)\(blind ? "; blind" : "")")
        case .auditReopen(let applicant, let label): return Localized(zh: "\(applicant)“\(label)”", en: "\(applicant) “\(label)”")
        case .auditExport(let levels): return Localized(zh: "\(levels) 条评分", en: "\(levels) levels")
        case .exportFileName(let id): return Localized(zh: "专家评分-评审\(id).csv", en: "panel-evaluation\(id).csv")
        case .panelSource(let id): return Localized(zh: "工作台专家评分（评审 \(id)）", en: "workspace panel (evaluation \(id))")
        case .viewingPanel(let n):
            return Localized(
                zh: "当前显示：需专家评审的项按专家组得分计\(n > 0 ? "，并已计入 \(n) 条核查记录" : "")。下载的工作簿同样如此，并附“专家评审”表。",
                en:
                    "Showing the judged items scored by the panel\(n > 0 ? ", with \(n) finding(s) applied" : ""). Downloads are computed the same way, with a 专家评审 sheet."
            )
        }
    }

    public static var examples: [PanelWebMessage] {
        [
            .tooFewAssigned(count: 2, required: 3), .unknownExpert("张三"), .assigned(experts: "张三、李四、王五", blind: true),
            .assigned(experts: "张三", blind: false), .progress(submitted: 1, members: 3),
            .inUse(experts: 3, parts: 1056, flagged: 12), .pending(submitted: 1, members: 3),
            .notEnough(members: 2, required: 3), .notUsable(problem: "“质量发展模式”只有 2 位专家的评分。", count: 1),
            .scored(done: 10, total: 1056), .saved(added: 3), .missingLevels(count: 5), .notAssigned,
            .closedForChanges(applicant: "历下区（济南市）", label: "质量发展模式"),
            .badLevel(value: "9", label: "质量发展模式"), .auditSave(added: 3, total: 10), .auditSubmit(parts: 1056),
            .auditAssign(experts: "张三、李四", blind: true), .auditAssign(experts: "张三", blind: false),
            .auditReopen(applicant: "历下区（济南市）", label: "质量发展模式"), .auditExport(levels: 3168),
            .exportFileName(evaluation: 3), .panelSource(3), .viewingPanel(findings: 0), .viewingPanel(findings: 2),
        ]
    }
}
