import Foundation
import LoupeMetrics

/// The regression example of `loupe demo`: generated home sales in 2024 with the sale price, a
/// candidate model's predicted price and a simple benchmark's, and three planted defects that the
/// residual analysis must make obvious.
///
/// Each sale's log price is a neighbourhood level plus effects of floor area, age, condition and
/// the distance to the nearest transit stop, plus a market movement over the year and
/// multiplicative noise. The candidate predicts from everything except the transit distance; the
/// benchmark is the neighbourhood's price per square foot times the floor area. The defects:
///
/// - **an unused feature**: `transit_km` (0 to 6 km) lowers prices by about 5% per kilometre, and the
///   candidate ignores it, so its residuals correlate with that column;
/// - **heteroscedastic noise**: the noise is multiplicative (about 12% of the price), so errors in
///   dollars grow with the predicted price (Breusch–Pagan);
/// - **an autocorrelated stretch**: from June to August a market swing the candidate does not
///   know moves all prices together, day by day, so residuals in time order are autocorrelated
///   (Durbin–Watson below 2, Ljung–Box).
///
/// Output depends only on (rows, seed): rows come in blocks with their own random streams and the
/// market swing is a fixed function of the day, drawn once from the seed.
public enum HouseDemo {
    public static let defaultRows = 20_000
    public static let minimumRows = 100
    public static let defaultSeed: UInt64 = 20_240_101

    public static let columns = [
        "sale_date", "neighbourhood", "sqft", "bedrooms", "year_built", "condition", "transit_km", "price",
        "predicted_price", "benchmark_price",
    ]
    public static var header: String { columns.joined(separator: ",") }

    public static let labelColumn = "price"
    public static let scoreColumns: [(name: String, column: String)] = [
        ("candidate", "predicted_price"), ("benchmark", "benchmark_price"),
    ]
    public static let baselineModel = "benchmark"
    public static let timestampColumn = "sale_date"
    public static let suggestedSlices: [[String]] = [["neighbourhood"], ["condition"], ["sqft"], ["transit_km"]]
    /// The column the candidate does not use although prices depend on it.
    public static let unusedFeature = "transit_km"

    public static let title = "Loupe demo: house prices, candidate vs benchmark"

    public static let description = """
        A generated house-sales data set: one row per sale in 2024 with the neighbourhood, floor \
        area, bedrooms, year built, condition and the distance to the nearest transit stop; the \
        sale price; and two models' predicted prices. The benchmark multiplies the floor area by \
        the neighbourhood's price per square foot; the candidate uses every column except the \
        transit distance. Three defects are planted for the residual analysis to find: prices fall \
        about 5% per kilometre from transit, which the candidate ignores; the noise is a share of \
        the price, so errors grow with the predicted price; and from June to August a market swing \
        moves all prices together, so the candidate's errors are autocorrelated in time.
        """

    /// The CSV bytes (header and `max(rows, minimumRows)` rows, `\n` line ends).
    public static func bytes(rows: Int = defaultRows, seed: UInt64 = defaultSeed) -> [UInt8] {
        writer(rows: rows, seed: seed).bytes()
    }

    /// Streams the CSV to `path`, replacing any file there.
    public static func write(rows: Int = defaultRows, seed: UInt64 = defaultSeed, to path: String) throws {
        try writer(rows: rows, seed: seed).write(to: path)
    }

    // MARK: - The generating model

    static let neighbourhoods = ["Old Town", "Riverside", "Hillcrest", "Eastgate", "Parkview", "Northfield"]
    private static let neighbourhoodWeights = [0.12, 0.18, 0.14, 0.22, 0.16, 0.18]
    /// Log price per square foot of each neighbourhood.
    private static let neighbourhoodLevel = [6.05, 5.80, 5.95, 5.30, 5.55, 5.45]
    /// Neighbourhoods further out have homes further from transit.
    private static let transitMean = [0.6, 1.0, 1.4, 1.8, 1.3, 2.4]

    static let conditions = ["Poor", "Fair", "Good", "Excellent"]
    private static let conditionWeights = [0.08, 0.27, 0.45, 0.20]
    private static let conditionEffect = [-0.18, -0.07, 0.0, 0.08]

    private static let days = 366  // 2024 is a leap year
    private static let blockRows = 50_000
    /// Log-price change per kilometre to transit (the candidate's blind spot).
    private static let transitEffect = -0.05
    /// Mean transit distance, absorbed by the candidate's intercept.
    private static let transitCentre = 1.45
    /// The sd of the multiplicative noise on the log price.
    private static let noise = 0.12
    /// June 1 to August 31: days 152 ..< 244 of 2024.
    private static let swingDays = 152..<244

    /// The market swing by day: zero outside June–August; inside, an AR(1) walk (coefficient
    /// 0.97, innovations sd 0.03 on the log price) around +6% drawn from the seed, faded in and out
    /// over a week, so consecutive sales share most of it.
    static func marketSwing(seed: UInt64) -> [Double] {
        var random = SplitMix64(seed: seed ^ 0x5EED_5EED_5EED_5EED)
        var swing = [Double](repeating: 0, count: days)
        var level = 0.0
        for day in swingDays {
            level = 0.97 * level + 0.03 * random.nextNormalPair().0
            let fade = min(1.0, Double(min(day - swingDays.lowerBound, swingDays.upperBound - 1 - day) + 1) / 7)
            swing[day] = (0.06 + level) * fade
        }
        return swing
    }

    private static func writer(rows: Int, seed: UInt64) -> BlockedCSVWriter {
        let rows = max(rows, minimumRows)
        let swing = marketSwing(seed: seed)
        return BlockedCSVWriter(header: header, rows: rows, blockRows: blockRows, maxRowBytes: 128) {
            block, start, count, cursor in
            var random = SplitMix64(seed: BlockedCSVWriter.blockSeed(seed, block: block))
            renderRows(start: start, count: count, of: rows, swing: swing, random: &random, cursor: &cursor)
        }
    }

    private static func renderRows(
        start: Int, count: Int, of rows: Int, swing: [Double], random: inout SplitMix64, cursor: inout ByteCursor
    ) {
        let neighbourhoodSums = SplitMix64.cumulative(neighbourhoodWeights)
        let conditionSums = SplitMix64.cumulative(conditionWeights)
        let neighbourhoodText = ByteTable(neighbourhoods)
        let conditionText = ByteTable(conditions)
        let dayText = ByteTable((0..<days).map { CivilDate.iso(year: 2024, dayOffset: $0) })
        let comma = UInt8(ascii: ",")

        for row in start..<(start + count) {
            let day = min(days - 1, Int((Double(row) + random.nextUnit()) * Double(days) / Double(rows)))
            let hood = random.nextIndex(neighbourhoodSums)
            let condition = random.nextIndex(conditionSums)
            let (areaNoise, ageNoise) = random.nextNormalPair()
            let (priceNoise, modelNoise) = random.nextNormalPair()
            let sqft = min(max((1_700 * exp(0.35 * areaNoise) / 10).rounded() * 10, 450), 9_000)
            let bedrooms = min(max(Int((sqft / 650).rounded()), 1), 7)
            let yearBuilt = min(max(Int(1_975 + 25 * ageNoise), 1_890), 2_023)
            let transit = (min(-transitMean[hood] * log(random.nextOpenUnit()), 6) * 100).rounded() / 100

            // The log price per square foot from what the candidate sees, then the rest.
            let age = Double(2_024 - yearBuilt)
            let seen =
                neighbourhoodLevel[hood] + conditionEffect[condition] - 0.0015 * age - 0.08 * log(sqft / 1_700)
            let logPrice = seen + transitEffect * (transit - transitCentre) + swing[day] + noise * priceNoise
            let price = (exp(logPrice) * sqft / 100).rounded() * 100
            // The candidate: everything but transit and the swing, a little noise of its own, and
            // the log-normal mean correction.
            let predicted = (exp(seen + 0.02 + 0.03 * modelNoise + noise * noise / 2) * sqft).rounded()
            let benchmark = (exp(neighbourhoodLevel[hood] - 0.02) * sqft).rounded()

            cursor.bytes(dayText, day)
            cursor.byte(comma)
            cursor.bytes(neighbourhoodText, hood)
            cursor.byte(comma)
            cursor.unsigned(UInt64(sqft))
            cursor.byte(comma)
            cursor.unsigned(UInt64(bedrooms))
            cursor.byte(comma)
            cursor.unsigned(UInt64(yearBuilt))
            cursor.byte(comma)
            cursor.bytes(conditionText, condition)
            cursor.byte(comma)
            cursor.fixed(transit, decimals: 2)
            cursor.byte(comma)
            cursor.unsigned(UInt64(price))
            cursor.byte(comma)
            cursor.unsigned(UInt64(predicted))
            cursor.byte(comma)
            cursor.unsigned(UInt64(benchmark))
            cursor.byte(UInt8(ascii: "\n"))
        }
    }
}
