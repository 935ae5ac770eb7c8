/// An autocorrelation plot: one vertical stem with a dot per lag, a shaded band of ±b(lag)
/// around zero (e.g. Bartlett's 95% band), and the stems outside the band drawn filled in
/// `flaggedColorIndex` and named in the `<desc>`, so a reader of either the picture or the
/// text learns which lags matter.
public struct StemChart: Chart {
    /// Half-width of the band around zero: one for every lag, or one per lag (Bartlett's band
    /// widens with the lag). A missing or non-finite half-width leaves that lag without a band
    /// and unflagged.
    public enum Band: Sendable, Equatable {
        case constant(Double)
        case perLag([Double])

        func halfWidth(at index: Int) -> Double? {
            let b: Double?
            switch self {
            case .constant(let value): b = value
            case .perLag(let values): b = values[safe: index]
            }
            guard let b, b.isFinite, b >= 0 else { return nil }
            return b
        }
    }

    public var title: String
    public var description: String
    public var xAxis: Axis
    public var yAxis: Axis
    /// The lags, usually 1…k; `values[i]` is the autocorrelation at `lags[i]` (`nil` or
    /// non-finite: not drawn).
    public var lags: [Int]
    public var values: [Double?]
    public var band: Band
    /// The band's legend entry: "95% band (Bartlett)".
    public var bandLabel: String
    public var colorIndex: Int
    public var flaggedColorIndex: Int

    /// Makes the chart's element ids `chart-<title slug>-<idSuffix>`; without it the suffix is a
    /// hash of the chart, which is enough unless a page shows the same chart twice.
    public var idSuffix: String?

    public init(
        title: String, description: String, xAxis: Axis = Axis("Lag"), yAxis: Axis = Axis("Autocorrelation"),
        lags: [Int], values: [Double?], band: Band, bandLabel: String = "95% band", colorIndex: Int = 0,
        flaggedColorIndex: Int = 5, idSuffix: String? = nil
    ) {
        self.title = title
        self.description = description
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.lags = lags
        self.values = values
        self.band = band
        self.bandLabel = bandLabel
        self.colorIndex = colorIndex
        self.flaggedColorIndex = flaggedColorIndex
        self.idSuffix = idSuffix
    }

    /// The lags whose value lies strictly outside ±b(lag), in the given order.
    public var lagsOutsideBand: [Int] {
        lags.indices.compactMap { i in
            guard let v = values[safe: i] ?? nil, v.isFinite, let b = band.halfWidth(at: i), abs(v) > b else { return nil }
            return lags[i]
        }
    }
}
