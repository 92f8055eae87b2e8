import CheckpointCore

/// How a record kind is stored in `records.kind` (one byte instead of a string). A new `RecordKind` case makes
/// `code(of:)` fail to compile until it has a code; codes never change (they are on disk).
enum RecordKindCode {
    static func code(of kind: RecordKind) -> Int {
        switch kind {
        case .temp: return 0
        case .entry: return 1
        case .exit: return 2
        }
    }

    static func kind(of code: Int) -> RecordKind? {
        switch code {
        case 0: return .temp
        case 1: return .entry
        case 2: return .exit
        default: return nil
        }
    }
}
