extension Strings {
    /// Simplified Chinese: for `LC_ALL`/`LC_MESSAGES`/`LANG` starting with `zh` (`zh_CN.UTF-8`).
    static let chinese: [String: String] = [
        "errorNoStation": "未指定站点：请用 --station ID 指定（管理员用 checkpointctl station add 登记的站点名）",
        "errorBadStation": "--station {1} 不是有效的站点名：1–32 个 A-Z a-z 0-9 _ . - 字符，以字母或数字开头",
        "errorBadBackoff": "--backoff-max 必须在 0.1 到 3600 秒之间",
        "errorBadRetention": "--retention-days 必须是 1 到 3650 之间的整数天数",
        "errorBadRetryFor": "--retry-for 必须是 0 秒或更多",
        "errorNoSpool": "找不到暂存目录：请设置 HOME 或 XDG_STATE_HOME，或用 --spool DIR 指定",
        "errorNoToken":
            "站点 {1} 没有令牌：请把令牌放进只有您能读的文件（chmod 600）并用 --token-file FILE "
            + "指定，或设置环境变量 CHECKPOINT_TOKEN；不要写在命令行上",
        "hintTokenFile": "请检查 --token-file 的路径和权限",
        "errorTokenFileMissing":
            "令牌文件 {1} 不存在；请向管理员索取站点令牌（checkpointctl station add 或 rotate）并保存到该文件",
        "errorTokenFileEmpty": "令牌文件 {1} 为空或包含多个词；文件里只能有令牌本身",
        "errorInputMissing": "文件 {1} 不存在；请指定 CSV 文件，或用 - 从标准输入读取",
        "hintInputFile": "请检查文件名和权限",
        "errorRefused":
            "服务器拒绝了站点 {1}（{2}）；记录仍保存在暂存区。请管理员核对站点（checkpointctl station "
            + "list）并发给您新令牌（checkpointctl station rotate {1}）",
        "errorNotTerminal": "交互界面需要在终端中运行；处理文件或脚本请用：checkpoint-station send FILE",
        "errorNotSaved": "未保存：{1}",
        "flashProblem": "故障：{1}",
        "unreadableSpoolLines": "{1} 行暂存记录无法读取，已移至 {2}",
        "summaryCounts": "已上传 {1} · 发烧 {2} · 违反隔离 {3} · 新隔离 {4} · 被拒 {5} · 待上传 {6}",
        "summaryRejectedLine": "第 {1} 行被拒：{2}",
        "summaryRejectedSeq": "序号 {1}（之前的运行）被拒：{2}",
        "summaryRejectedFile": "被拒记录保存在 {1}",
        "summaryWaiting":
            "{1} 条记录在暂存区 {2} 等待上传：无法连接服务器。记录是安全的；请稍后再次运行 "
            + "checkpoint-station send（send /dev/null 只上传这些记录）。",
        "summaryRenumbered": "{1} 条记录的序号以前用过（新的或被重置的暂存区），已用新序号上传",
        "summaryCheckID": "{1} 条记录的手机号为多人共用（check-id）：请在 id 列填写与手机号一同扫描的身份证号后重新上传",
        "flashRenumbered": "序号 {1} 以前用过（新的或被重置的暂存区）；已改用序号 {2} 重新上传",
        "quitWaiting": "{1} 条记录在暂存区 {2} 等待上传；下次运行 checkpoint-station 时自动上传。",
        "feverThreshold": "发烧 ≥ {1}",
        "stateOnline": "在线",
        "stateConnecting": "连接中…",
        "stateOffline": "离线 — {1} 秒后重试",
        "stateRefused": "令牌被拒（{1}）— 请联系管理员",
        "statusSent": "今日已上传 {1}",
        "statusFevers": "今日发烧 {1}",
        "statusWaiting": "待上传 {1}",
        "modeLabel": "模式",
        "modeTemp": "仅测温",
        "modeIn": "进",
        "modeOut": "出",
        "outsideNext": "下一位来自市外（按 x 取消）",
        "keysHelp": "i 进 · o 出 · t 仅测温 · x 来自市外 · : 护照/其他证件 · Esc 清除 · Ctrl-C 退出",
        "promptPerson": "人员",
        "promptTemperature": "体温 °C",
        "hintPerson": "输入或扫描手机号/身份证号，按回车",
        "hintTemperature": "输入体温（36.6 或 366），按回车",
        "hintTemperatureOptional": "输入体温，或直接按回车（不记录体温）",
        "noticeBadPerson": "手机号或证件号无效 — 请重新扫描或输入",
        "noticeBadTemperature": "体温无效（30.0–45.0 °C）— 请重新测量",
        "noticeNeedTemperature": "请先输入体温",
        "noticeAbandoned": "已扫描新人员；上一位没有体温，未记录",
        "readyHint": "请下一位",
        "recentTitle": "最近记录",
        "kindTemp": "测温",
        "kindEntry": "进",
        "kindEntryOutside": "进（来自市外）",
        "kindExit": "出",
        "temperatureValue": "{1} °C",
        "verdictPass": "通过",
        "verdictFever": "发烧",
        "verdictViolation": "违反隔离",
        "verdictMayNotStartWork": "未满14天 不得上岗",
        "checkpointWorkplace": "单位卡点",
        "checkpointVisit": "入户走访",
        "verdictQuarantine": "新隔离 至 {1}",
        "verdictCheckID": "请扫身份证（多人共用手机号）",
        "verdictOffline": "已离线保存 — 未核验",
        "verdictChecking": "核验中…",
        "verdictRejected": "被拒（{1}）",
        "flashLate": "之前的记录 {1}：{2}",
        "flashRejected": "{1} 被拒（{2}）：{3} — 已存入被拒记录文件",
        "errorTLSOptionsWithoutTLS":
            "--tls-ca、--tls-cert 和 --tls-key 需与 --server tls:HOST:PORT 一起使用；请指定它，或去掉这些选项",
        "errorTLSNoCA": "--server {1} 需要 --tls-ca FILE：签发服务器证书的区级 CA（ca.pem）",
        "errorTLSFiles": "TLS 文件无法使用：{1}",
        "tlsUntrustedServer":
            "服务器 {1} 不可信：其证书不是区级 CA（--tls-ca）签发的，或已过期。未发送任何数据；记录仍保存在暂存区。"
            + "请联系管理员",
        "tlsWrongHostName":
            "服务器 {1} 不可信：其证书是为其他主机名或地址签发的。未发送任何数据；记录仍保存在暂存区。请检查 --server，"
            + "或联系管理员",
        "tlsClientCertificateRefused":
            "服务器 {1} 拒绝了本站点的证书（缺少、来自其他 CA 或已过期）：请指定本站点的 --tls-cert 和 --tls-key。"
            + "记录仍保存在暂存区",
        "tlsFailed": "与 {1} 的 TLS 连接失败（{2}）；记录仍保存在暂存区",
        "stateUntrusted": "服务器不可信 — 记录已保存；请联系管理员",
        "errorUntrusted": "{1}。问题解决后请再次运行 checkpoint-station send；记录不会丢失。",
        "flashFeverOverride": "{1} 达到或超过发烧阈值 {2}，但服务器判为通过：按发烧显示 — 请联系管理员",
    ]
}
