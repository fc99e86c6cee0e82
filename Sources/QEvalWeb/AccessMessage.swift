import QEval

/// The names of the roles and of what each permission lets one do.
public enum AccessText: String, Message, CaseIterable {
    case roleAdmin, roleReviewer, roleExpert, roleViewer
    case actionEnter, actionOwnAccount, actionView, actionDownload, actionAnalyse, actionUpload, actionRecord
    case actionManageAccounts, actionDeleteEvaluation, actionAudit, actionChairPanel, actionScorePanel
    case stateEnabled, stateDisabled, neverSignedIn, commandLine

    public static var examples: [AccessText] { allCases }

    public var localized: Localized {
        switch self {
        case .roleAdmin: return Localized(zh: "管理员", en: "administrator")
        case .roleReviewer: return Localized(zh: "评审", en: "reviewer")
        case .roleExpert: return Localized(zh: "专家", en: "expert")
        case .roleViewer: return Localized(zh: "只读", en: "read-only")
        case .actionEnter: return Localized(zh: "进入评审工作台", en: "enter the workspace")
        case .actionOwnAccount: return Localized(zh: "修改自己的密码", en: "change your own password")
        case .actionView: return Localized(zh: "查看评审的排名和数据", en: "view an evaluation's ranking and figures")
        case .actionDownload: return Localized(zh: "下载工作簿和导出文件", en: "download workbooks and exports")
        case .actionAnalyse:
            return Localized(zh: "调整分值、保存方案或运行稳健性分析", en: "adjust points, save scenarios or run analyses")
        case .actionUpload: return Localized(zh: "上传申报数据、新建评审", en: "upload data and create evaluations")
        case .actionRecord: return Localized(zh: "记录或导入核查结果", en: "record or import findings")
        case .actionManageAccounts: return Localized(zh: "管理账号", en: "manage accounts")
        case .actionDeleteEvaluation: return Localized(zh: "删除评审", en: "delete evaluations")
        case .actionAudit: return Localized(zh: "查看操作记录", en: "view the audit log")
        case .actionChairPanel: return Localized(zh: "主持专家评审", en: "chair the expert panel")
        case .actionScorePanel: return Localized(zh: "作为专家评分", en: "score as an expert")
        case .stateEnabled: return Localized(zh: "正常", en: "enabled")
        case .stateDisabled: return Localized(zh: "已停用", en: "disabled")
        case .neverSignedIn: return Localized(zh: "从未登录", en: "never")
        case .commandLine: return Localized(zh: "命令行", en: "command line")
        }
    }
}

/// Roles, accounts, the network (TLS, a proxy), the settings file, backup and restore: the workspace as an
/// office runs it.
public enum AccessMessage: Message {
    case forbidden(role: Role, action: Permission)
    case noSuchAccount(String)
    case lastAdmin(String)
    case badRole(String)
    case userSaved(name: String, role: Role, database: String)
    case passwordReset(name: String, database: String)
    case roleSet(name: String, role: Role)
    case accountDisabled(name: String, sessions: Int)
    case accountEnabled(String)
    case accountLine(name: String, role: Role, disabled: Bool, lastSignIn: String)
    case noAccountsYet(database: String)
    case noAdminAccount
    case tlsNeeded(host: String)
    case tlsPairIncomplete
    case tlsFileUnreadable(path: String, key: Bool, problem: FileProblem?)
    case tlsRejected(detail: String)
    case behindProxyNote(host: String)
    case configMissing(String)
    case configUnknownKey(file: String, line: Int, key: String, known: String)
    case configBadLine(file: String, line: Int, text: String)
    case configBadValue(file: String, line: Int, key: String, value: String, expected: String)
    case backupDone(file: String, bytes: Int64, evaluations: Int, findings: Int, accounts: Int, seconds: Double)
    case backupFailed(file: String, String)
    case restoreDone(folder: String, evaluations: Int, findings: Int, accounts: Int)
    case restoreMissing(String)
    case restoreTargetExists(String)
    case restoreNotBackup(String, String)
    case restoreFailed(file: String, String)
    case notIntact(String, String)
    case notWorkspace(String)
    case passwordChanged
    case passwordWrong
    case accountCreatedWeb(String)
    case auditAccountAdded(name: String, role: Role)
    case auditRoleChanged(name: String, from: Role, to: Role)
    case auditDisabled(String)
    case auditEnabled(String)
    case auditPasswordReset(String)
    case evaluationDeleted(id: Int64, file: String)
    case idleMinutes(Int)
    case httpsThroughProxy(String)
    case noDatabase(String)

    public static var examples: [AccessMessage] {
        [
            .forbidden(role: .viewer, action: .upload), .noSuchAccount("zhang"), .lastAdmin("admin"), .badRole("boss"),
            .userSaved(name: "张三", role: .reviewer, database: "/var/lib/qeval/qeval.sqlite"),
            .passwordReset(name: "张三", database: "/var/lib/qeval/qeval.sqlite"), .roleSet(name: "张三", role: .viewer),
            .accountDisabled(name: "张三", sessions: 2), .accountEnabled("张三"),
            .accountLine(name: "张三", role: .admin, disabled: false, lastSignIn: "2026-12-01 09:30"),
            .noAccountsYet(database: "qeval-data/qeval.sqlite"), .noAdminAccount, .tlsNeeded(host: "0.0.0.0"),
            .tlsPairIncomplete, .tlsFileUnreadable(path: "/etc/qeval/cert.pem", key: false, problem: .notFound),
            .tlsFileUnreadable(path: "/etc/qeval/key.pem", key: true, problem: nil),
            .tlsRejected(detail: "SSL_CTX_check_private_key"),
            .behindProxyNote(host: "127.0.0.1"), .configMissing("/etc/qeval/qeval.conf"),
            .configUnknownKey(file: "qeval.conf", line: 3, key: "hots", known: "host, port"),
            .configBadLine(file: "qeval.conf", line: 4, text: "port 8080"),
            .configBadValue(file: "qeval.conf", line: 5, key: "port", value: "八〇八〇", expected: "1–65535"),
            .backupDone(file: "backup.sqlite", bytes: 1_234_567, evaluations: 3, findings: 12, accounts: 4, seconds: 0.4),
            .backupFailed(file: "/mnt/backup/q.sqlite", "disk full"),
            .restoreDone(folder: "qeval-data-restored", evaluations: 3, findings: 12, accounts: 4),
            .restoreMissing("backup.sqlite"), .restoreTargetExists("qeval-data/qeval.sqlite"),
            .restoreNotBackup("notes.txt", "file is not a database"), .restoreFailed(file: "b.sqlite", "disk full"),
            .notIntact("b.sqlite", "第 3 页损坏"), .notWorkspace("other.sqlite"), .passwordChanged,
            .passwordWrong, .accountCreatedWeb("李四"), .auditAccountAdded(name: "李四", role: .expert),
            .auditRoleChanged(name: "李四", from: .reviewer, to: .viewer), .auditDisabled("李四"), .auditEnabled("李四"),
            .auditPasswordReset("李四"), .evaluationDeleted(id: 3, file: "2024.csv"), .idleMinutes(30), .httpsThroughProxy("http"),
            .httpsThroughProxy(""), .noDatabase("/var/lib/qeval"),
        ]
    }

    public var localized: Localized {
        switch self {
        case .forbidden(let role, let action):
            let zh = action.roles.map { $0.name.localized.zh }.joined(separator: "、")
            let en = action.roles.map { $0.name.localized.en }.joined(separator: ", ")
            return Localized(
                zh: "您的账号角色是“\(role.name.localized.zh)”，不能\(action.action.localized.zh)。可以这样做的角色：\(zh)。如确需此权限，请联系本工作台的管理员调整您的角色。",
                en:
                    "Your account's role is \(role.name.localized.en): it cannot \(action.action.localized.en). Roles that can: \(en). Ask the workspace's administrator if you need it."
            )
        case .noSuchAccount(let name):
            return Localized(
                zh: "没有名为“\(name)”的账号。用 qeval user list 查看已有账号。",
                en: "there is no account named \"\(name)\". qeval user list shows the accounts.")
        case .lastAdmin(let name):
            return Localized(
                zh: "“\(name)”是唯一可用的管理员账号，不能停用或改为其他角色，否则没有人能再管理账号。请先让另一个账号成为管理员。",
                en:
                    "\"\(name)\" is the only enabled administrator: disabling or demoting it would leave nobody to manage accounts. Make another account administrator first."
            )
        case .badRole(let given):
            return Localized(
                zh: "角色“\(given)”不存在。可选：管理员、评审、专家、只读（也可写 admin、reviewer、expert、viewer）。",
                en:
                    "there is no role \"\(given)\". Choose administrator (admin), reviewer, expert or read-only (viewer); the Chinese names 管理员、评审、专家、只读 work too."
            )
        case .userSaved(let name, let role, let database):
            return Localized(
                zh: "已保存账号 \(name)，角色：\(role.name.localized.zh)（\(database)）。",
                en: "Saved the account \(name), role: \(role.name.localized.en) (\(database)).")
        case .passwordReset(let name, let database):
            return Localized(
                zh: "已重设账号 \(name) 的密码，角色未变（\(database)）。",
                en: "Reset the password of \(name); its role is unchanged (\(database)).")
        case .roleSet(let name, let role):
            return Localized(
                zh: "账号 \(name) 的角色已改为“\(role.name.localized.zh)”，下一次打开页面即生效。",
                en: "\(name) is now \(role.name.localized.en); it takes effect on their next page.")
        case .accountDisabled(let name, let sessions):
            return Localized(
                zh: "账号 \(name) 已停用，不能再登录；已结束其 \(sessions) 个登录会话。数据和操作记录都保留。",
                en:
                    "Disabled \(name): it can no longer sign in, and its \(sessions) signed-in session(s) ended. Its work and audit rows are kept."
            )
        case .accountEnabled(let name):
            return Localized(zh: "账号 \(name) 已恢复使用。", en: "Enabled \(name) again.")
        case .accountLine(let name, let role, let disabled, let last):
            let state = disabled ? AccessText.stateDisabled.localized : AccessText.stateEnabled.localized
            return Localized(
                zh: "\(name)\t\(role.name.localized.zh)\t\(state.zh)\t最近登录：\(last)",
                en: "\(name)\t\(role.name.localized.en)\t\(state.en)\tlast sign-in: \(last)")
        case .noAccountsYet(let database):
            return Localized(
                zh: "还没有账号（\(database)）。用 qeval user add 姓名 --role 管理员 创建第一个。",
                en: "No accounts yet (\(database)). Create the first with qeval user add NAME --role admin.")
        case .noAdminAccount:
            return Localized(
                zh: "提示：还没有可用的管理员账号，网页上无人能管理账号。用 qeval user role 姓名 管理员 指定一个。",
                en:
                    "Note: there is no enabled administrator account, so nobody can manage accounts on the web. Make one with qeval user role NAME admin."
            )
        case .tlsNeeded(let host):
            return Localized(
                zh:
                    "不能在 \(host) 上以明文 HTTP 服务：局域网上的密码和登录凭据会被他人截获。请用 --tls-cert 证书.pem --tls-key 私钥.pem 启用 HTTPS；如果前面已有做 HTTPS 的反向代理（如 nginx），加 --behind-proxy 并让 qeval 只监听 127.0.0.1（见 docs/DEPLOY.md）。",
                en:
                    "will not serve plain HTTP on \(host): passwords and sign-ins would cross the network in clear. Give --tls-cert cert.pem --tls-key key.pem for HTTPS; if a TLS reverse proxy (nginx) is in front, add --behind-proxy and listen on 127.0.0.1 (docs/DEPLOY.md)."
            )
        case .tlsPairIncomplete:
            return Localized(
                zh: "--tls-cert 和 --tls-key 要一起给出：一个是证书（可含证书链），一个是它的私钥，都是 PEM 文件。",
                en: "--tls-cert and --tls-key go together: the certificate (a chain allowed) and its private key, both PEM files."
            )
        case .tlsFileUnreadable(let path, let key, let problem):
            let why = problem?.localized ?? Localized(zh: "不是可用的 PEM 文件", en: "not a usable PEM file")
            return Localized(
                zh: "无法读取\(key ? "私钥" : "证书")文件 \(path)：\(why.zh)。请确认路径正确、运行 qeval 的用户有读取权限，且文件是 PEM 格式（以 -----BEGIN 开头）。",
                en:
                    "cannot read the \(key ? "private key" : "certificate") file \(path): \(why.en). Check the path, that the user running qeval may read it, and that it is PEM (starting -----BEGIN)."
            )
        case .tlsRejected(let detail):
            return Localized(
                zh: "证书和私钥不能一起使用（\(detail)）。请确认私钥是这张证书的私钥、证书链的第一张是服务器证书。",
                en:
                    "the certificate and key cannot be used together (\(detail)). Check that the key is this certificate's and that the chain starts with the server's certificate."
            )
        case .behindProxyNote(let host):
            return Localized(
                zh: "在反向代理后服务（--behind-proxy）：每个页面都需登录；请确认代理做 HTTPS，且只有代理能连到 \(host)。",
                en:
                    "Serving behind a reverse proxy (--behind-proxy): every page requires signing in; make sure the proxy does HTTPS and only it can reach \(host)."
            )
        case .configMissing(let file):
            return Localized(
                zh: "找不到设置文件 \(file)。请确认路径，或去掉 --config 直接用命令行选项。",
                en: "the settings file \(file) does not exist. Check the path, or give the options on the command line.")
        case .configUnknownKey(let file, let line, let key, let known):
            return Localized(
                zh: "设置文件 \(file) 第\(line)行：不认识的设置项“\(key)”。可用的设置项：\(known)。",
                en: "\(file):\(line): unknown setting \"\(key)\". Known settings: \(known).")
        case .configBadLine(let file, let line, let text):
            return Localized(
                zh: "设置文件 \(file) 第\(line)行：“\(text)”不是“设置项 = 值”的写法。以 # 开头的行是注释。",
                en: "\(file):\(line): \"\(text)\" is not \"key = value\". Lines starting with # are comments.")
        case .configBadValue(let file, let line, let key, let value, let expected):
            return Localized(
                zh: "设置文件 \(file) 第\(line)行：“\(key)”的值“\(value)”不对，应为\(expected)。",
                en: "\(file):\(line): \"\(value)\" is not a valid \(key); expected \(expected).")
        case .backupDone(let file, let bytes, let evaluations, let findings, let accounts, let seconds):
            let mb = String(format: "%.1f", Double(bytes) / 1_048_576)
            let s = String(format: "%.1f", seconds)
            return Localized(
                zh: "已备份到 \(file)（\(mb) MB，\(evaluations) 个评审、\(findings) 条核查记录版本、\(accounts) 个账号，用时 \(s) 秒）。备份已通过完整性检查。",
                en:
                    "Backed up to \(file) (\(mb) MB: \(evaluations) evaluations, \(findings) finding versions, \(accounts) accounts, \(s) s). The copy passed the integrity check."
            )
        case .backupFailed(let file, let detail):
            return Localized(
                zh: "备份到 \(file) 失败：\(detail)。没有留下不完整的备份文件；请检查目标文件夹是否存在、可写、空间是否足够。",
                en:
                    "the backup to \(file) failed: \(detail). No partial file was left; check that the folder exists, is writable and has room."
            )
        case .restoreDone(let folder, let evaluations, let findings, let accounts):
            return Localized(
                zh: "已恢复到 \(folder)（\(evaluations) 个评审、\(findings) 条核查记录版本、\(accounts) 个账号）。用 qeval serve --data \(folder) 启动。",
                en:
                    "Restored into \(folder) (\(evaluations) evaluations, \(findings) finding versions, \(accounts) accounts). Start it with qeval serve --data \(folder)."
            )
        case .restoreMissing(let file):
            return Localized(zh: "找不到备份文件 \(file)。", en: "the backup file \(file) does not exist.")
        case .restoreTargetExists(let path):
            return Localized(
                zh: "\(path) 已存在：恢复不会覆盖正在使用的数据。请恢复到一个新的空文件夹，确认无误后再让 --data 指向它。",
                en:
                    "\(path) exists: a restore never overwrites a workspace. Restore into a new, empty folder and point --data at it once checked."
            )
        case .restoreNotBackup(let file, let detail):
            return Localized(
                zh: "\(file) 不是 qeval 的备份文件（\(detail)）。请选择 qeval backup 生成的文件。",
                en: "\(file) is not a qeval backup (\(detail)). Choose a file made by qeval backup.")
        case .restoreFailed(let file, let detail):
            return Localized(
                zh: "从 \(file) 恢复失败：\(detail)。目标文件夹里没有留下数据库。",
                en: "restoring from \(file) failed: \(detail). No database was left in the target folder.")
        case .notIntact(let file, let detail):
            return Localized(
                zh: "\(file) 没有通过 SQLite 完整性检查（\(detail)），不能使用。请换一个备份。",
                en: "\(file) failed SQLite's integrity check (\(detail)) and cannot be used. Choose another backup.")
        case .notWorkspace(let file):
            return Localized(
                zh: "\(file) 是 SQLite 数据库，但不是 qeval 工作台的数据库（没有评审表）。",
                en: "\(file) is an SQLite database but not a qeval workspace's (it has no evaluation table).")
        case .passwordChanged:
            return Localized(
                zh: "密码已修改。您在其他地方的登录已结束。", en: "Your password was changed. Your other sign-ins have ended.")
        case .passwordWrong:
            return Localized(zh: "当前密码不对，密码没有修改。", en: "The current password is wrong; nothing was changed.")
        case .accountCreatedWeb(let name):
            return Localized(
                zh: "已创建账号 \(name)。请把初始密码当面或电话告诉本人，并请其登录后在“我的账号”里修改。",
                en:
                    "Created \(name). Give them the first password in person or by phone, and ask them to change it under My account."
            )
        case .auditAccountAdded(let name, let role):
            return Localized(
                zh: "新账号 \(name)（\(role.name.localized.zh)）", en: "new account \(name) (\(role.name.localized.en))")
        case .auditRoleChanged(let name, let from, let to):
            return Localized(
                zh: "\(name)：\(from.name.localized.zh) → \(to.name.localized.zh)",
                en: "\(name): \(from.name.localized.en) → \(to.name.localized.en)")
        case .auditDisabled(let name): return Localized(zh: "停用 \(name)", en: "disabled \(name)")
        case .auditEnabled(let name): return Localized(zh: "恢复 \(name)", en: "enabled \(name)")
        case .auditPasswordReset(let name): return Localized(zh: "重设 \(name) 的密码", en: "reset the password of \(name)")
        case .evaluationDeleted(let id, let file):
            return Localized(
                zh: "评审 \(id)（\(file)）及其分值方案、核查记录和稳健性结果已删除；操作记录保留。",
                en:
                    "Deleted evaluation \(id) (\(file)) with its scenarios, findings and robustness results; the audit log keeps its rows."
            )
        case .httpsThroughProxy(let proto):
            let got =
                proto.isEmpty
                ? Localized(zh: "代理没有传来 X-Forwarded-Proto", en: "the proxy sent no X-Forwarded-Proto")
                : Localized(zh: "代理传来的是 \(proto)", en: "the proxy says \(proto)")
            return Localized(
                zh:
                    "请用 https:// 地址访问本工作台（\(got.zh)）。如果您是信息中心的同事：反向代理须只以 HTTPS 接入，并设置 proxy_set_header X-Forwarded-Proto $scheme（见 docs/DEPLOY.md）。",
                en:
                    "Use the https:// address of this workspace (\(got.en)). For the IT office: the reverse proxy must accept HTTPS only and set proxy_set_header X-Forwarded-Proto $scheme (docs/DEPLOY.md)."
            )
        case .noDatabase(let folder):
            return Localized(
                zh: "数据文件夹 \(folder) 里没有工作台的数据库（qeval.sqlite）。请检查 --data 是否写对（安装包的数据在 /var/lib/qeval）。",
                en:
                    "the data folder \(folder) holds no workspace database (qeval.sqlite). Check --data (the package keeps its data in /var/lib/qeval)."
            )
        case .idleMinutes(let minutes):
            return Localized(
                zh: "登录后 \(minutes) 分钟无操作即需重新登录。", en: "Signed-in sessions end after \(minutes) idle minutes.")
        }
    }
}
