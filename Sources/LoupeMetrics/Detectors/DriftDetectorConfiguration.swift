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
