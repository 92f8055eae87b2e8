import CheckpointTestSupport
import Glibc

/// Whether something accepts TCP connections on 127.0.0.1:`port` right now (one attempt, no retry).
func acceptsTCP(port: Int) -> Bool {
    guard let client = try? LineClient.tcp(port: port, timeout: 1) else { return false }
    client.close()
    return true
}

/// Whether `path` exists and is a socket (`lstat`).
func isSocketFile(_ path: String) -> Bool {
    var status = stat()
    guard lstat(path, &status) == 0 else { return false }
    return status.st_mode & S_IFMT == S_IFSOCK
}

/// Whether `path` exists at all (`lstat`).
func fileExists(_ path: String) -> Bool {
    var status = stat()
    return lstat(path, &status) == 0
}
