/// Checkpoint, station and grid ids (SPEC §2): `[A-Za-z0-9][A-Za-z0-9_.-]{0,31}`. The one grammar the station
/// protocol (`HELLO station=`), the control commands and the station terminal check ids against.
public enum Identifier {
    /// The longest id, in bytes.
    public static let maximumLength = 32

    public static func isValid(_ text: some StringProtocol) -> Bool {
        let bytes = text.utf8
        guard let first = bytes.first, bytes.count <= maximumLength, isAlphanumeric(first) else { return false }
        return bytes.allSatisfy {
            isAlphanumeric($0) || $0 == ASCII.underscore || $0 == ASCII.dot || $0 == ASCII.minus
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        ASCII.isDigit(byte) || ASCII.isLetter(byte)
    }
}
