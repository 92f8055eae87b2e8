/// Ways a grammar's bytes reach it: as a buffer of exactly the bytes, in the middle of a larger buffer (so a
/// word-wide read past either end would be seen), as a `String.UTF8View`, and as a collection with no contiguous
/// storage.
enum ByteFeeding: CaseIterable, CustomStringConvertible {
    case exactBuffer
    case insideLargerBuffer
    case utf8View
    case nonContiguous

    var description: String {
        switch self {
        case .exactBuffer: "exact buffer"
        case .insideLargerBuffer: "inside a larger buffer"
        case .utf8View: "UTF-8 view"
        case .nonContiguous: "non-contiguous collection"
        }
    }

    /// `parse` applied to `text`'s bytes fed this way.
    func feed<Result>(
        _ text: String,
        buffer parse: (UnsafeBufferPointer<UInt8>) -> Result,
        collection parseCollection: (any Collection<UInt8>) -> Result
    ) -> Result {
        let bytes = Array(text.utf8)
        switch self {
        case .exactBuffer:
            return bytes.withUnsafeBufferPointer(parse)
        case .insideLargerBuffer:
            // Digits on both sides: a parser that read outside its range would see a longer number.
            let padding = Array("98765432".utf8)
            let padded = padding + bytes + padding
            return padded.withUnsafeBufferPointer { all in
                parse(UnsafeBufferPointer(rebasing: all[padding.count..<padding.count + bytes.count]))
            }
        case .utf8View:
            return parseCollection(text.utf8)
        case .nonContiguous:
            return parseCollection(bytes.lazy.map { $0 })
        }
    }
}
