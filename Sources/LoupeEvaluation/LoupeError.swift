/// A failure that ends a command, with the exit status the contract assigns to it.
///
/// Every case reads as one sentence; where a file is involved it comes first
/// (`eval.csv:1042:17: unterminated quoted field`), so editors and CI logs can jump to it.
public enum LoupeError: Error, Equatable, CustomStringConvertible {
    /// Bad flags or arguments: the message names the flag.
    case usage(String)
    /// A configuration file that cannot be read or does not make sense.
    case configuration(file: String, message: String)
    /// Data that cannot be evaluated as asked (a missing column, a non-numeric score, ...).
    case input(String)
    /// The output could not be written.
    case output(String)

    public var description: String {
        switch self {
        case .usage(let message): return message
        case .configuration(let file, let message): return "\(file): \(message)"
        case .input(let message): return message
        case .output(let message): return message
        }
    }

    /// Usage, configuration and input errors are the user's to fix: exit 2, as the contract says.
    /// An output folder that cannot be written is an environment problem, reported the same way.
    public var exitStatus: Int32 { 2 }
}
