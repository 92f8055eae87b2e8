import Glibc

/// The environment of this process, read once from `environ` (only the executables read the environment).
enum ProcessEnvironment {
    static func current() -> [String: String] {
        var variables: [String: String] = [:]
        var cursor = environ
        while let entry = cursor.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                let key = String(text[..<equals])
                if variables[key] == nil {
                    variables[key] = String(text[text.index(after: equals)...])
                }
            }
            cursor += 1
        }
        return variables
    }
}
