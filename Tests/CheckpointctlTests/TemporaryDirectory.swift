import Foundation

/// A fresh directory under /tmp, removed by ``remove()``. Short paths: a Unix socket path must fit in 108 bytes.
struct TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/cpctl.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        self.path = String(cString: made)
    }

    func file(_ name: String) -> String {
        path + "/" + name
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
