import Foundation
import LoupeMetrics

/// Loupe's own generator of the reference benchmark workload: binary-classifier predictions of
/// two models with planted problems, in the column layout, categories, proportions and number
/// formats of the reference generator (`bench/gen_data.py`), though not its random stream.
///
/// Columns: `label` (0/1), `score_a` (the model under review) and `score_b` (the benchmark), both
/// with 6 decimals; `weight` (gamma, shape 4, scale 0.25; 4 decimals); `sex` (F 51%, M 49%);
/// `race` (5 values); `age_band` (6 bands); `region` (50 US state codes, sized by population);
/// `income` (log-normal; 2 decimals); `tenure` (whole years, 0...40); `timestamp` (ISO date,
/// 2024-01-01 ... 2024-03-30, uniform).
///
/// Planted (model A only; B is stable): much more score noise in region `NV`; more noise for race
/// `Black`; A miscalibrated for age `65+` (logit × 1.6 + 1.2, ranking intact); from 2024-03-01
/// income drifts up × 1.35 and A loses signal (noise + 0.9, weight on the true logit 0.95 → 0.55).
///
/// Rows come in blocks of 100,000, each with its own random stream, rendered on all cores; the
/// output depends only on (rows, seed, drifted), and a shorter file is a prefix of a longer one.
///
/// `drifted` (`loupe generate --kind bench-drift`) writes the data-drift benchmark's current data
/// set: the same columns, every row as after the drift day (income × 1.35, model A's weaker
/// signal), the reference being a `bench` file.
public enum BenchWorkload {
    public static let header = "label,score_a,score_b,weight,sex,race,age_band,region,income,tenure,timestamp"
    public static let defaultSeed: UInt64 = 20_240_101
    public static let labelColumn = "label"
    public static let scoreColumns: [(name: String, column: String)] = [("a", "score_a"), ("b", "score_b")]
    public static let baselineModel = "b"
    public static let sliceSpecs: [[String]] = [["sex"], ["race"], ["age_band"], ["region"], ["sex", "race"]]
    public static let fairnessColumns = ["race", "sex"]
    public static let timestampColumn = "timestamp"

    public static let sexes = ["F", "M"]
    public static let races = ["White", "Black", "Asian-Pac-Islander", "Amer-Indian-Eskimo", "Other"]
    public static let ageBands = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]
    public static let regions = """
        AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO \
        MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY
        """.split(separator: " ").map(String.init)

    /// Writes `rows` data rows (plus the header) to `path`, replacing any file there.
    public static func write(rows: Int, seed: UInt64 = defaultSeed, drifted: Bool = false, to path: String) throws {
        try writer(rows: rows, seed: seed, drifted: drifted).write(to: path)
    }

    /// The whole file in memory; for small row counts.
    public static func bytes(rows: Int, seed: UInt64 = defaultSeed, drifted: Bool = false) -> [UInt8] {
        writer(rows: rows, seed: seed, drifted: drifted).bytes()
    }

    static let blockRows = 100_000
    static let days = 90
    static let driftDay = 60

    private static let sexWeights = [0.51, 0.49]
    private static let raceWeights = [0.62, 0.14, 0.10, 0.04, 0.10]
    private static let ageWeights = [0.12, 0.22, 0.21, 0.19, 0.15, 0.11]
    /// Population in millions (2020), the regions' relative sizes.
    private static let regionPopulation: [Double] = [
        5.0, 0.7, 7.2, 3.0, 39.5, 5.8, 3.6, 1.0, 21.5, 10.7, 1.5, 1.8, 12.8, 6.8, 3.2, 2.9,
        4.5, 4.7, 1.4, 6.2, 7.0, 10.1, 5.7, 3.0, 6.2, 1.1, 2.0, 3.1, 1.4, 9.3, 2.1, 20.2,
        10.4, 0.8, 11.8, 4.0, 4.2, 13.0, 1.1, 5.1, 0.9, 6.9, 29.1, 3.3, 0.6, 8.6, 7.7, 1.8,
        5.9, 0.6,
    ]
    private static let badRegion = 27  // NV
    private static let badRace = 1  // Black
    private static let badAge = 5  // 65+

    private static func writer(rows: Int, seed: UInt64, drifted: Bool) -> BlockedCSVWriter {
        // Longest row: 1 + 8 + 8 + 26 (weight, clamped) + 1 + 18 + 5 + 2 + 24 (income) + 2 + 10
        // + 10 commas + newline = 116 bytes.
        BlockedCSVWriter(header: header, rows: max(0, rows), blockRows: blockRows, maxRowBytes: 128) {
            block, _, count, cursor in
            var random = SplitMix64(seed: BlockedCSVWriter.blockSeed(seed, block: block))
            renderRows(count: count, drifted: drifted, random: &random, cursor: &cursor)
        }
    }

    private static func renderRows(count: Int, drifted: Bool, random: inout SplitMix64, cursor: inout ByteCursor) {
        let sexFirst = sexWeights[0]
        let raceSums = SplitMix64.cumulative(raceWeights)
        let ageSums = SplitMix64.cumulative(ageWeights)
        let regionSums = SplitMix64.cumulative(regionPopulation)
        let regionEffect = (0..<regions.count).map { sin(Double($0) * 1.7) * 0.35 }
        let sexText = ByteTable(sexes)
        let raceText = ByteTable(races)
        let ageText = ByteTable(ageBands)
        let regionText = ByteTable(regions)
        let dayText = ByteTable((0..<days).map { CivilDate.iso(year: 2024, dayOffset: $0) })
        let drift = log(1.35)
        let logStay = log(1 - 0.12)
        let comma = UInt8(ascii: ",")

        for _ in 0..<count {
            let sex = random.nextUnit() < sexFirst ? 0 : 1
            let race = random.nextIndex(raceSums)
            let age = random.nextIndex(ageSums)
            let region = random.nextIndex(regionSums)
            let day = random.nextInt(below: days)
            let after = drifted || day >= driftDay
            let (incomeNoise, truthNoise) = random.nextNormalPair()
            let (noiseB, noiseA) = random.nextNormalPair()

            // Income: log-normal, a little higher with age; drifts up from the drift day on.
            let logIncomeBefore = 10.75 + 0.08 * Double(age) - (race == badRace ? 0.05 : 0) + 0.55 * incomeNoise
            let income = exp(logIncomeBefore + (after ? drift : 0))
            // Tenure: geometric (p = 0.12, trials ≥ 1) − 1 + age band index, at most 40.
            let trials = Int(log(random.nextOpenUnit()) / logStay) + 1
            let tenure = min(trials - 1 + age, 40)

            // Ground truth from the pre-drift features.
            let zIncome = (logIncomeBefore - 11.0) / 0.6
            var trueLogit = -0.9 + 0.9 * zIncome + 0.05 * Double(tenure) + 0.2 * Double(sex)
            trueLogit += regionEffect[region] - (age == 0 ? 0.25 : 0) + 1.1 * truthNoise
            let label = random.nextUnit() < logistic(trueLogit)

            let scoreB = logistic(0.85 * trueLogit + 1.05 * noiseB)

            var noiseScaleA = region == badRegion ? 2.6 : 0.75
            if race == badRace { noiseScaleA = max(noiseScaleA, 1.7) }
            if after { noiseScaleA += 0.9 }
            var logitA = (after ? 0.55 : 0.95) * trueLogit + noiseScaleA * noiseA
            if age == badAge { logitA = 1.6 * logitA + 1.2 }
            let scoreA = logistic(logitA)

            // Gamma(shape 4, scale 0.25) as a sum of four exponentials.
            let product = random.nextOpenUnit() * random.nextOpenUnit() * random.nextOpenUnit() * random.nextOpenUnit()
            let weight = -0.25 * log(product)

            cursor.byte(label ? UInt8(ascii: "1") : UInt8(ascii: "0"))
            cursor.byte(comma)
            cursor.fixed(scoreA, decimals: 6)
            cursor.byte(comma)
            cursor.fixed(scoreB, decimals: 6)
            cursor.byte(comma)
            cursor.fixed(weight, decimals: 4)
            cursor.byte(comma)
            cursor.bytes(sexText, sex)
            cursor.byte(comma)
            cursor.bytes(raceText, race)
            cursor.byte(comma)
            cursor.bytes(ageText, age)
            cursor.byte(comma)
            cursor.bytes(regionText, region)
            cursor.byte(comma)
            cursor.fixed(income, decimals: 2)
            cursor.byte(comma)
            cursor.unsigned(UInt64(tenure))
            cursor.byte(comma)
            cursor.bytes(dayText, day)
            cursor.byte(UInt8(ascii: "\n"))
        }
    }
}
