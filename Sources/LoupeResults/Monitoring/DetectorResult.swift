/// One streaming drift detector's run (results.json `detectors`): which detector with which
/// parameters, the stream it watched, and where it flagged drifts and warnings.
public struct DetectorResult: Codable, Sendable, Equatable {
    /// `ddm`, `eddm`, `hddm_a`, `hddm_w`, `adwin`, `page_hinkley`, `lfr`, `hdddm` or `md3`.
    public let name: String
    /// Every parameter with its effective value, by River's constructor argument names.
    public let parameters: [String: DetectorParameter]
    /// `error`, `residual`, `confusion`, `features` or `margin`.
    public let stream: String
    /// The model whose predictions made the stream; `nil` for `features`.
    public let model: String?
    /// Values fed to the detector: rows for row streams, windows for `features` and `margin`.
    public let length: Int
    /// In increasing order.
    public let drifts: [DetectorPoint]
    /// In increasing order; for row streams, runs of consecutive warning rows (`lastIndex`).
    public let warnings: [DetectorPoint]

    public init(
        name: String, parameters: [String: DetectorParameter], stream: String, model: String?, length: Int,
        drifts: [DetectorPoint], warnings: [DetectorPoint]
    ) {
        self.name = name
        self.parameters = parameters
        self.stream = stream
        self.model = model
        self.length = length
        self.drifts = drifts
        self.warnings = warnings
    }
}

/// Where a detector raised a flag. Row detectors give `index` (the 0-based position in time
/// order, ties by row order), `timestamp` (the row's, ISO 8601 in UTC, with a `--timestamp`) and
/// `window` (the window holding the row, with `--window`); window detectors give `window` only.
/// A row detector's warnings are runs of consecutive warning rows: the point is the run's first
/// row, and `lastIndex` the run's last position when the run is longer than one row.
public struct DetectorPoint: Codable, Sendable, Equatable {
    public let index: Int?
    public let timestamp: String?
    public let window: Int?
    public let lastIndex: Int?

    public init(index: Int? = nil, timestamp: String? = nil, window: Int? = nil, lastIndex: Int? = nil) {
        self.index = index
        self.timestamp = timestamp
        self.window = window
        self.lastIndex = lastIndex
    }
}

/// A detector parameter's value as JSON: a number, a boolean or a string (`mode: "both"`).
public enum DetectorParameter: Codable, Sendable, Equatable {
    case number(Double)
    case flag(Bool)
    case text(String)

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let value = try? c.decode(Bool.self) {
            self = .flag(value)
        } else if let value = try? c.decode(Double.self) {
            self = .number(value)
        } else {
            self = .text(try c.decode(String.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .number(let value): try c.encode(value)
        case .flag(let value): try c.encode(value)
        case .text(let value): try c.encode(value)
        }
    }
}
