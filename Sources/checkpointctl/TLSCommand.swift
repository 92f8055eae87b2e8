import ArgumentParser
import CheckpointTLS

/// What the `tls` subcommands share: turning ``TLSError`` into the ctl's errors, in English and Chinese, and the
/// report of the files written.
enum TLSCommand {
    /// `--days` as a validity from now; a bad number is a usage error (exit 2).
    static func validity(_ days: Int) throws -> CertificateValidity {
        do {
            return try CertificateValidity.days(days)
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// Runs `body`; a bad argument is a usage error (exit 2), anything else exit 1 with the message in both
    /// languages.
    static func run<Value>(_ body: () throws(TLSError) -> Value) throws -> Value {
        do {
            return try body()
        } catch where error.code == .badArgument {
            throw ValidationError(error.message)
        } catch {
            throw CtlError(.local, "\(error.message) / \(chinese(error.code))")
        }
    }

    /// Lists the files written, with their modes, and says what to do next.
    static func report(_ files: [String], english: String, chinese: String, next: String) throws {
        var text = "\(english) / \(chinese)\n"
        for file in files {
            let kind = file.hasSuffix(".key") ? "0600 private key / 私钥" : "0644 certificate / 证书"
            text += "  \(file)  \(kind)\n"
        }
        text += next + "\n"
        try StandardOutput().write(text)
    }

    /// The Chinese half of an error line: what went wrong and what to do, by kind.
    static func chinese(_ code: TLSError.Code) -> String {
        switch code {
        case .fileExists: "文件已存在，不会覆盖；如需替换，请先移走旧文件"
        case .unreadableFile: "无法读取文件；请检查路径和权限（CA 需先用 checkpointctl tls init-ca 创建）"
        case .noCertificate, .badCertificate: "证书文件无效；请检查文件内容"
        case .badKey: "私钥文件无效或已加密；请使用未加密的私钥"
        case .keyMismatch: "私钥与证书不匹配"
        case .writeFailed: "无法写入文件；请检查目录权限和磁盘空间"
        default: "证书操作失败"
        }
    }
}
