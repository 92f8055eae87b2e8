import Glibc

/// The text of a roster or staff-list file from its bytes: UTF-8 (a byte order mark dropped), or GBK, the encoding
/// Excel saves a CSV file in on Chinese Windows, read as GB18030 (its superset) through glibc's iconv.
///
/// Every failure is one problem about the file as a whole (line 0) that says what to do instead.
enum TextEncodingConversion {
    /// The UTF-8 byte order mark (U+FEFF) that Excel's "CSV UTF-8" and Notepad put first.
    static let utf8ByteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// `bytes` as UTF-8 text, without a leading byte order mark.
    static func utf8(_ bytes: [UInt8]) -> Result<String, RosterFileProblem> {
        if let problem = utf16Problem(bytes) { return .failure(problem) }
        let body = bytes.starts(with: utf8ByteOrderMark) ? bytes[utf8ByteOrderMark.count...] : bytes[...]
        if let text = String(validating: body, as: UTF8.self) { return .success(text) }
        var message = "the file is not UTF-8"
        if let offset = firstInvalidUTF8Offset(body) {
            message += " (the first bad byte is on line \(lineNumber(ofOffset: offset, in: body)))"
        }
        message +=
            ": if Excel saved it on Chinese Windows (\"CSV (逗号分隔)\"), pass --encoding gbk; "
            + "or save it again as \"CSV UTF-8\""
        return .failure(RosterFileProblem(line: 0, message: message))
    }

    /// `bytes` as GBK text (decoded as GB18030), without a leading UTF-8 or GB18030 byte order mark.
    ///
    /// `initialCapacity` is the first size of the output buffer (tests make it tiny to exercise `E2BIG`); by
    /// default it fits any GB18030 input (a 2-byte character is at most 3 UTF-8 bytes, a 4-byte one at most 4).
    static func gbk(_ bytes: [UInt8], initialCapacity: Int? = nil) -> Result<String, RosterFileProblem> {
        if let problem = utf16Problem(bytes) { return .failure(problem) }
        let skipped = bytes.starts(with: utf8ByteOrderMark) ? utf8ByteOrderMark.count : 0
        let body = Array(bytes[skipped...])
        let converted: [UInt8]
        switch GB18030Converter.utf8(from: body, initialCapacity: initialCapacity ?? body.count * 3 / 2 + 16) {
        case .success(let output):
            converted = output
        case .failure(.unavailable):
            return .failure(
                RosterFileProblem(
                    line: 0,
                    message: "this system's iconv cannot read GBK (glibc's GB18030 converter is not installed): "
                        + "install the glibc gconv modules, or save the file as \"CSV UTF-8\" and leave out --encoding"
                ))
        case .failure(.invalidSequence(let offset)):
            return .failure(
                RosterFileProblem(
                    line: 0,
                    message: "byte \(skipped + offset + 1) (line \(lineNumber(ofOffset: offset, in: body[...]))) "
                        + "is not GBK: check that the file was saved as \"CSV (逗号分隔)\" on Chinese Windows; "
                        + "a UTF-8 file is read without --encoding"))
        case .failure(.truncatedSequence(let offset)):
            return .failure(
                RosterFileProblem(
                    line: 0,
                    message: "the file ends in the middle of a GBK character (byte \(skipped + offset + 1)): "
                        + "it was cut short; save it again"))
        }
        // iconv's UTF-8 output is valid; `decoding` would only repair a converter bug, not hide the file's fault.
        var text = String(validating: converted, as: UTF8.self) ?? String(decoding: converted, as: UTF8.self)
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        return .success(text)
    }

    /// A problem when the file starts with a UTF-16 byte order mark (Excel's "Unicode Text"), which neither UTF-8
    /// nor GBK can read.
    private static func utf16Problem(_ bytes: [UInt8]) -> RosterFileProblem? {
        guard bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) else { return nil }
        return RosterFileProblem(
            line: 0,
            message: "the file is UTF-16 (Excel's \"Unicode Text\"): save it as \"CSV UTF-8\", "
                + "or as \"CSV (逗号分隔)\" and pass --encoding gbk")
    }

    /// The offset in `bytes` of the first byte that does not start a valid UTF-8 scalar.
    private static func firstInvalidUTF8Offset(_ bytes: ArraySlice<UInt8>) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .error: return offset
            case .emptyInput: return nil
            }
        }
    }

    /// The 1-based line of the byte at `offset`. Counting LF bytes is right for GBK too: 0x0A is never part of a
    /// GBK or GB18030 multi-byte character (trail bytes are 0x30-0x39 and 0x40-0xFE).
    private static func lineNumber(ofOffset offset: Int, in bytes: ArraySlice<UInt8>) -> Int {
        let end = bytes.index(bytes.startIndex, offsetBy: min(offset, bytes.count))
        return bytes[..<end].reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    }
}

/// One conversion from GB18030 to UTF-8 through glibc's `iconv(3)`.
enum GB18030Converter {
    enum Failure: Error {
        /// `iconv_open` refused the pair (the gconv module is missing).
        case unavailable
        /// `EILSEQ`: the byte at this offset of the input does not start a GB18030 character.
        case invalidSequence(offset: Int)
        /// `EINVAL`: the input ends inside a character that starts at this offset.
        case truncatedSequence(offset: Int)
    }

    /// `input` converted; the output buffer starts at `initialCapacity` bytes and doubles on each `E2BIG`.
    static func utf8(from input: [UInt8], initialCapacity: Int) -> Result<[UInt8], Failure> {
        guard !input.isEmpty else { return .success([]) }
        let descriptor = iconv_open("UTF-8", "GB18030")
        // > iconv_open returns (iconv_t) -1 and sets errno on failure.
        guard let converter = descriptor, Int(bitPattern: converter) != -1 else { return .failure(.unavailable) }
        defer { iconv_close(converter) }
        var source = input
        var output = [UInt8](repeating: 0, count: max(initialCapacity, 1))
        var written = 0
        var consumed = 0
        while true {
            let (result, code) = source.withUnsafeMutableBufferPointer { sourceBytes in
                output.withUnsafeMutableBufferPointer { outputBytes in
                    sourceBytes.withMemoryRebound(to: CChar.self) { sourceChars in
                        outputBytes.withMemoryRebound(to: CChar.self) { outputChars in
                            // Safe because the buffers are not empty (checked above; capacity is at least 1).
                            var inPointer: UnsafeMutablePointer<CChar>? = sourceChars.baseAddress! + consumed
                            var inLeft = sourceChars.count - consumed
                            var outPointer: UnsafeMutablePointer<CChar>? = outputChars.baseAddress! + written
                            var outLeft = outputChars.count - written
                            let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                            let code = errno
                            consumed = sourceChars.count - inLeft
                            written = outputChars.count - outLeft
                            return (result, code)
                        }
                    }
                }
            }
            // > iconv returns (size_t) -1 and sets errno on error.
            guard result == -1 else { break }
            switch code {
            case E2BIG: output += [UInt8](repeating: 0, count: output.count)
            case EINVAL: return .failure(.truncatedSequence(offset: consumed))
            default: return .failure(.invalidSequence(offset: consumed))
            }
        }
        // GB18030 has no shift states, so there is nothing to flush with a null input buffer.
        output.removeLast(output.count - written)
        return .success(output)
    }
}
