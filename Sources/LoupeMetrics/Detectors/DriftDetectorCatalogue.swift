/// The kind of stream a detector watches, as recorded in results.json.
public enum DetectorStream: String, Sendable, CaseIterable {
    /// One 0/1 value per row: 1 when the model was wrong.
    case error
    /// One real value per row: regression residuals, or any real-valued error (0/1 errors too).
    case residual
    /// One (label, prediction) pair of a binary classifier per row.
    case confusion
    /// Windows of numeric feature columns.
    case features
    /// Windows of classifier scores.
    case margin
}

/// The data a configured detector runs over; which case fits is given by `DetectorStream`.
public enum DetectorInput: Sendable {
    /// For `error` and `residual` detectors.
    case values([Double])
    /// For `confusion` detectors: paired labels and predictions.
    case confusion(labels: [Bool], predictions: [Bool])
    /// For `features` detectors: windows, each a list of feature columns; window 0 is the reference.
    case featureWindows([[[Double]]])
    /// For `margin` detectors: windows of scores.
    case scoreWindows([[Double]])
}

/// Every drift detector by its command-line name, with the stream it watches and its parameters.
public enum DriftDetectorKind: String, Sendable, CaseIterable {
    case ddm
    case eddm
    case hddmA = "hddm_a"
    case hddmW = "hddm_w"
    case adwin
    case pageHinkley = "page_hinkley"
    case lfr
    case hdddm
    case md3

    /// The detector called `name`, or an error listing the valid names.
    public static func named(_ name: String) throws(DetectorParameterError) -> DriftDetectorKind {
        guard let kind = DriftDetectorKind(rawValue: name) else {
            throw .unknownDetector(name: name, valid: allCases.map(\.rawValue))
        }
        return kind
    }

    /// What the detector reads: River's binary detectors watch the 0/1 error stream, ADWIN and
    /// Page–Hinkley any real-valued stream (residuals or errors).
    public var stream: DetectorStream {
        switch self {
        case .ddm, .eddm, .hddmA, .hddmW: return .error
        case .adwin, .pageHinkley: return .residual
        case .lfr: return .confusion
        case .hdddm: return .features
        case .md3: return .margin
        }
    }

    /// The default configuration.
    public var defaultConfiguration: DriftDetectorConfiguration {
        switch self {
        case .ddm: return .ddm(.init())
        case .eddm: return .eddm(.init())
        case .hddmA: return .hddmA(.init())
        case .hddmW: return .hddmW(.init())
        case .adwin: return .adwin(.init())
        case .pageHinkley: return .pageHinkley(.init())
        case .lfr: return .lfr(.init())
        case .hdddm: return .hdddm(.init())
        case .md3: return .md3(.init())
        }
    }

    /// Every parameter with its default value, in River's order.
    public var defaultSettings: [DetectorParameterSetting] { defaultConfiguration.settings }

    /// The defaults with `pairs` applied (names and texts as on the command line), or the first
    /// unknown name or bad value as an error.
    public func configure(_ pairs: [(name: String, value: String)]) throws(DetectorParameterError) -> DriftDetectorConfiguration {
        switch self {
        case .ddm: return .ddm(try .init(parsing: pairs))
        case .eddm: return .eddm(try .init(parsing: pairs))
        case .hddmA: return .hddmA(try .init(parsing: pairs))
        case .hddmW: return .hddmW(try .init(parsing: pairs))
        case .adwin: return .adwin(try .init(parsing: pairs))
        case .pageHinkley: return .pageHinkley(try .init(parsing: pairs))
        case .lfr: return .lfr(try .init(parsing: pairs))
        case .hdddm: return .hdddm(try .init(parsing: pairs))
        case .md3: return .md3(try .init(parsing: pairs))
        }
    }
}

/// A detector with its parameters: what results.json records, and what runs over a stream.
public enum DriftDetectorConfiguration: Sendable, Equatable {
    case ddm(DDM.Parameters)
    case eddm(EDDM.Parameters)
    case hddmA(HDDMA.Parameters)
    case hddmW(HDDMW.Parameters)
    case adwin(ADWIN.Parameters)
    case pageHinkley(PageHinkley.Parameters)
    case lfr(LinearFourRates.Parameters)
    case hdddm(HDDDM.Parameters)
    case md3(MarginDensity.Parameters)

    public var kind: DriftDetectorKind {
        switch self {
        case .ddm: return .ddm
        case .eddm: return .eddm
        case .hddmA: return .hddmA
        case .hddmW: return .hddmW
        case .adwin: return .adwin
        case .pageHinkley: return .pageHinkley
        case .lfr: return .lfr
        case .hdddm: return .hdddm
        case .md3: return .md3
        }
    }

    /// Every parameter with its effective value, in River's order (results.json's `parameters`).
    public var settings: [DetectorParameterSetting] {
        switch self {
        case .ddm(let p): return p.settings
        case .eddm(let p): return p.settings
        case .hddmA(let p): return p.settings
        case .hddmW(let p): return p.settings
        case .adwin(let p): return p.settings
        case .pageHinkley(let p): return p.settings
        case .lfr(let p): return p.settings
        case .hdddm(let p): return p.settings
        case .md3(let p): return p.settings
        }
    }

    /// Runs a fresh detector over `input`: row positions for row streams, window indices for
    /// window detectors. `nil` when the input is not the kind the detector watches.
    public func run(_ input: DetectorInput) -> DetectorSignals? {
        switch (self, input) {
        case (.ddm(let p), .values(let x)): return DriftDetection.run(DDM(parameters: p), over: x)
        case (.eddm(let p), .values(let x)): return DriftDetection.run(EDDM(parameters: p), over: x)
        case (.hddmA(let p), .values(let x)): return DriftDetection.run(HDDMA(parameters: p), over: x)
        case (.hddmW(let p), .values(let x)): return DriftDetection.run(HDDMW(parameters: p), over: x)
        case (.adwin(let p), .values(let x)): return DriftDetection.run(ADWIN(parameters: p), over: x)
        case (.pageHinkley(let p), .values(let x)): return DriftDetection.run(PageHinkley(parameters: p), over: x)
        case (.lfr(let p), .confusion(let labels, let predictions)):
            return LinearFourRates.run(labels: labels, predictions: predictions, parameters: p)
        case (.hdddm(let p), .featureWindows(let windows)): return HDDDM.run(windows: windows, parameters: p)
        case (.md3(let p), .scoreWindows(let windows)): return MarginDensity.run(windows: windows, parameters: p)
        default: return nil
        }
    }
}
