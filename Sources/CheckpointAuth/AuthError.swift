/// Why a password hash or the users file was refused, with what to do. Never holds a password.
public struct AuthError: Error, Sendable, CustomStringConvertible, Equatable {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
