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
