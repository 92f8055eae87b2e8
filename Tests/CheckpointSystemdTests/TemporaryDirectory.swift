import Foundation

/// A fresh directory under /tmp, removed by ``remove()``. Short paths: a Unix socket path must fit
/// in 108 bytes.
struct TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/cpsd.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        self.path = String(cString: made)
    }

    func file(_ name: String) -> String {
        self.path + "/" + name
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: self.path)
    }
}
