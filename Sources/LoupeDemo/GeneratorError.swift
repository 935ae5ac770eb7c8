/// Why a generated data file could not be written.
public enum GeneratorError: Error, Equatable, CustomStringConvertible {
    case cannotCreate(path: String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotCreate(let path): return "\(path): cannot create the file"
        case .cannotWrite(let path, let reason): return "\(path): write failed: \(reason)"
        }
    }
}
