import ArgumentParser
import CheckpointAuth
import Foundation
import Glibc

/// `checkpointctl http passwd`: a user of the dashboard's `http_auth = basic` (issue 18, docs/dashboard.md). Works on
/// the users file only; checkpointd reads it at start.
struct HTTP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http",
        abstract: "Manage the users of the dashboard and /metrics (http_auth = basic).",
        subcommands: [Passwd.self]
    )
}

extension HTTP {
    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "passwd",
            abstract: "Add a user to http_users_file, or change their password.",
            discussion: """
                The password is read from the terminal (asked twice, not shown), or as the first line of standard \
                input when that is not a terminal. The file keeps NAME:HASH lines, the hash scrypt (N=2^15, r=8, \
                p=1); a new file is made 0600: give it to the daemon's group (chgrp checkpointd, chmod 0640). \
                Restart checkpointd to use it.

                Example:
                  checkpointctl http passwd duty-officer --file /etc/checkpointd/http-users
                  printf '%s\\n' "$PASSWORD" | checkpointctl http passwd prometheus --file /etc/checkpointd/http-users
                """
        )

        @Argument(help: ArgumentHelp("The user's name (letters, digits, _ . @ -).", valueName: "name"))
        var name: String

        @Option(help: ArgumentHelp("The users file (http_users_file).", valueName: "path"))
        var file: String

        func validate() throws {
            guard HTTPUsers.isValidName(name) else {
                throw ValidationError("'\(name)' is not a user name: use 1-64 of letters, digits, _ . @ -")
            }
        }

        func run() throws {
            let existing = try Self.read(file)
            if !existing.isEmpty {
                do {
                    _ = try HTTPUsers(parsing: existing, source: file)
                } catch {
                    throw CtlError(.local, "\(error.message) / 用户文件有误，请先修正")
                }
            }
            let password = try Self.password()
            let hash: PasswordHash
            do {
                hash = try PasswordHash(hashing: password)
            } catch {
                throw CtlError(.local, "\(error.message) / 无法计算密码散列")
            }
            try Self.write(HTTPUsers.text(existing, setting: name, to: hash), to: file, isNew: existing.isEmpty)
            try StandardOutput().write(
                "user \(name) set in \(file); restart checkpointd to use it / 已在 \(file) 中设置用户 \(name)，"
                    + "重启 checkpointd 后生效\n")
        }

        /// The file's text; empty when it does not exist yet.
        static func read(_ path: String) throws -> String {
            guard let handle = fopen(path, "r") else {
                if errno == ENOENT { return "" }
                throw CtlError(.local, "cannot read \(path): \(String(cString: strerror(errno))) / 无法读取用户文件")
            }
            defer { fclose(handle) }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = fread(&chunk, 1, chunk.count, handle)
                if count == 0 { break }
                bytes += chunk[..<count]
            }
            return String(decoding: bytes, as: UTF8.self)
        }

        /// Writes through a temporary file renamed over the old one; a new file is 0600, an old one keeps its mode.
        static func write(_ text: String, to path: String, isNew: Bool) throws {
            let existing = isNew ? nil : try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]
            let mode = mode_t((existing as? Int) ?? 0o600)
            let temporary = path + ".new"
            let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
            guard fd >= 0 else {
                throw CtlError(.local, "cannot write \(temporary): \(String(cString: strerror(errno))) / 无法写入用户文件")
            }
            let bytes = Array(text.utf8)
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            let synced = fsync(fd) == 0
            fchmod(fd, mode)
            close(fd)
            guard written == bytes.count, synced, rename(temporary, path) == 0 else {
                unlink(temporary)
                throw CtlError(.local, "cannot write \(path): \(String(cString: strerror(errno))) / 无法写入用户文件")
            }
        }

        /// From the terminal, twice and not echoed; else the first line of standard input.
        static func password() throws -> String {
            guard isatty(STDIN_FILENO) == 1 else {
                guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                    throw CtlError(.local, "no password on standard input / 标准输入中没有密码")
                }
                return line
            }
            let first = try prompt("password / 密码: ")
            let second = try prompt("again / 再次输入: ")
            guard first == second else { throw CtlError(.local, "the two passwords differ / 两次输入的密码不一致") }
            guard first.count >= 8 else {
                throw CtlError(.local, "use at least 8 characters / 密码至少 8 个字符")
            }
            return first
        }

        private static func prompt(_ text: String) throws -> String {
            StandardError.write(text)
            var saved = termios()
            tcgetattr(STDIN_FILENO, &saved)
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
            defer {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
                StandardError.write("\n")
            }
            return readLine(strippingNewline: true) ?? ""
        }
    }
}
