import Foundation
import LoupeMetrics

/// The data set behind `loupe demo`: generated consumer-loan applications with a default label,
/// a candidate model's and a simple benchmark model's default probabilities, and three planted
/// problems that the report must surface.
///
/// Each row is drawn from a latent credit model: a creditworthiness factor drives the bureau score,
/// the debt-to-income ratio and (a little) income; a second factor — behavioural data that only the
/// candidate sees — adds to the risk, as do employment, loan purpose, age and region. The label is
/// a Bernoulli draw of the logistic of that risk plus idiosyncratic noise. The benchmark is a fixed
/// logistic scorecard on two written columns (`bureau_score`, `debt_to_income`); the candidate is a
/// calibrated noisy view of the full systematic risk, except where the problems are planted:
///
/// - region `Mountain`: the candidate's score carries five times the noise (AUC far lower);
/// - age band `65+`: the candidate's logit is shifted up by 1.0 (ranking intact; too-high scores,
///   worse log loss, Brier and ECE);
/// - loan purpose `Small business`: risk there is driven by the bureau score and debt-to-income,
///   which the candidate barely uses, so the benchmark beats it on that slice (and on
///   `Self-employed`, who take most such loans) while losing clearly overall.
///
/// Two changes over time are planted for monitoring (`application_date`): a concept drift in the
/// Southeast from 2025-03-17 (`conceptDriftDay`) and a covariate shift of income from 2025-05-12
/// (`covariateShiftDay`); rows dated before them are those of the data set without them.
///
/// Output depends only on (rows, seed); rows come in blocks of 50,000 with their own random
/// streams, so a shorter file of the same seed is a prefix of a longer one except for the dates,
/// which are spread evenly over the first half of 2025 in row order.
public enum CreditDemo {
    public static let defaultRows = 20_000
    public static let minimumRows = 100
    public static let defaultSeed: UInt64 = 20_250_101

    public static let columns = [
        "application_date", "region", "age", "age_band", "sex", "employment", "loan_purpose",
        "income", "loan_amount", "debt_to_income", "bureau_score", "defaulted", "p_candidate",
        "p_benchmark",
    ]
    public static var header: String { columns.joined(separator: ",") }

    public static let labelColumn = "defaulted"
    /// The models as `loupe build --score NAME=COLUMN` takes them, candidate first.
    public static let scoreColumns: [(name: String, column: String)] = [
        ("candidate", "p_candidate"), ("benchmark", "p_benchmark"),
    ]
    public static let baselineModel = "benchmark"
    public static let timestampColumn = "application_date"
    /// Slicing specs for the demo build: each planted problem's column, two crosses, and two
    /// numeric columns cut into quantile bins.
    public static let suggestedSlices: [[String]] = [
        ["region"], ["age_band"], ["loan_purpose"], ["employment"], ["sex", "age_band"],
        ["employment", "loan_purpose"], ["income"], ["age"],
    ]
    public static let fairnessColumns = ["sex", "age_band"]
    /// The demo's monitoring windows (`--window week`, with the default detectors): the concept
    /// drift and the covariate shift both start on a Monday, at the start of a window.
    public static let monitoringWindow = "week"
    /// The reference period (`--reference-window`): the first eight weeks, January and February,
    /// all before the concept drift (week 11). The default, the first four weeks, estimated the
    /// control limits' σ from four values, too few to tell noise from change.
    public static let referenceWindows = "0..7"
    /// The demo's validation gates, so the report shows some: the candidate beats the benchmark
    /// overall (passes), and reaches ROC AUC 0.7 in every region, which fails by design on the
    /// planted Mountain problem. `loupe demo` still exits 0; the README says why.
    public static let gates = ["roc_auc >= baseline", "roc_auc >= 0.7 for region"]

    /// Where the problems are planted: (column, value, what is wrong with the candidate there).
    public static let plantedProblems: [(column: String, value: String, problem: String)] = [
        ("region", "Mountain", "the candidate's score is much noisier: ROC AUC far below its other regions"),
        ("age_band", "65+", "the candidate over-predicts default: scores too high, ranking intact"),
        ("loan_purpose", "Small business", "the benchmark's scorecard ranks these loans better than the candidate"),
    ]

    public static let title = "Loupe demo: credit default, candidate vs benchmark"

    /// Under `DisplayText.limit` characters, so the overview shows it whole.
    public static let description = """
        A generated credit-default data set: one row per consumer-loan application (January to \
        June 2025) with the applicant's region, age, sex, employment, loan purpose, income, loan \
        amount, debt-to-income ratio and bureau score, whether the loan defaulted within a year \
        (about 18% did), and two models' default probabilities: the benchmark, a two-feature \
        logistic scorecard on bureau score and debt-to-income, and the candidate, which also uses \
        behavioural data and is clearly better overall. Planted for the report to find: in the \
        Mountain region the candidate's data feed is degraded, so its ROC AUC falls well below \
        every other region's; for applicants aged 65+ it over-predicts default (ranking intact, \
        calibration worse); on small-business loans the old scorecard beats it; from 17 March 2025 \
        applicants in the Southeast default more often than the same applicants did before \
        (concept drift); and from 12 May incomes are about a third higher (covariate shift).
        """

    /// The CSV text (header and `max(rows, minimumRows)` rows, `\n` line ends).
    public static func csv(rows: Int = defaultRows, seed: UInt64 = defaultSeed) -> String {
        String(decoding: bytes(rows: rows, seed: seed), as: UTF8.self)
    }

    /// The CSV bytes of `csv(rows:seed:)`.
    public static func bytes(rows: Int = defaultRows, seed: UInt64 = defaultSeed) -> [UInt8] {
        writer(rows: rows, seed: seed).bytes()
    }

    /// Streams the CSV to `path`, replacing any file there.
    public static func write(rows: Int = defaultRows, seed: UInt64 = defaultSeed, to path: String) throws {
        try writer(rows: rows, seed: seed).write(to: path)
    }

    // MARK: - The generating model

    static let regions = [
        "Northeast", "Mid-Atlantic", "Southeast", "Great Lakes", "Plains", "South Central",
        "Mountain", "Pacific", "Northwest",
    ]
    private static let regionWeights = [0.16, 0.12, 0.18, 0.13, 0.05, 0.11, 0.09, 0.12, 0.04]
    private static let regionRisk = [-0.10, 0.0, 0.15, 0.05, -0.10, 0.12, 0.0, -0.12, -0.05]
    private static let degradedRegion = 6

    static let ageBands = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]
    private static let ageBandWeights = [0.12, 0.23, 0.21, 0.18, 0.15, 0.11]
    private static let ageBandStart = [18, 25, 35, 45, 55, 65]
    private static let ageBandWidth = [7, 10, 10, 10, 10, 20]
    private static let ageBandRisk = [0.35, 0.15, 0.0, -0.10, -0.15, -0.20]
    private static let ageBandLogIncome = [-0.35, -0.10, 0.08, 0.15, 0.12, -0.15]
    private static let oldestBand = 5
    private static let overPredictedBand = oldestBand

    static let sexes = ["Female", "Male"]

    static let employments = ["Salaried", "Self-employed", "Part-time", "Contract", "Unemployed", "Retired"]
    private static let workingAgeWeights = [0.61, 0.13, 0.11, 0.10, 0.05]  // the first five
    private static let seniorEmployment = [5, 0, 1, 2]  // Retired, Salaried, Self-employed, Part-time
    private static let seniorWeights = [0.72, 0.12, 0.10, 0.06]
    private static let employmentRisk = [0.0, 0.25, 0.35, 0.30, 0.90, -0.10]
    private static let employmentLogIncome = [0.0, 0.10, -0.45, -0.10, -0.90, -0.30]
    private static let selfEmployed = 1
    private static let retired = 5

    static let purposes = [
        "Debt consolidation", "Home improvement", "Car", "Small business", "Medical", "Education", "Other",
    ]
    private static let smallBusiness = 3
    private static let otherPurposes = [0, 1, 2, 4, 5, 6]
    private static let otherPurposeWeights = [0.35, 0.15, 0.15, 0.07, 0.06, 0.13]
    private static let purposeRisk = [0.15, -0.20, -0.15, 0.35, 0.30, 0.10, 0.0]
    private static let purposeMedianAmount = [14_000.0, 22_000, 19_000, 38_000, 6_000, 16_000, 7_000]

    private static let days = 181  // 2025-01-01 ... 2025-06-30
    /// The planted concept drift: from this day (2025-03-17, a Monday) on, in `conceptRegion`,
    /// the same applicant defaults more often (the risk's logit rises by `conceptShift`: a regional
    /// downturn the inputs do not show). The inputs keep their distribution; the relationship
    /// between them and the label changes, so the candidate, trained before, under-predicts there,
    /// its errors rise, and with them the region's (and a little the overall) default rate.
    static let conceptDriftDay = 75
    static let conceptRegion = 2  // Southeast
    private static let conceptShift = 1.3
    /// The planted covariate shift: from this day (2025-05-12, a Monday) on, applicants earn more
    /// (log income up by `incomeShift`: a new, better-off channel); the risk still follows the
    /// written columns as before, so the candidate stays right and only the inputs move.
    static let covariateShiftDay = 131
    private static let incomeShift = 0.3
    private static let blockRows = 50_000

    /// Intercept of the latent risk (sets the default rate).
    private static let baseRisk = -2.6
    /// The candidate's recalibration of its raw logit.
    private static let candidateSlope = 0.82
    private static let candidateIntercept = -0.12
    /// The benchmark scorecard on standardised bureau score and debt-to-income.
    private static let benchmarkIntercept = -1.76
    private static let benchmarkBureau = -0.30
    private static let benchmarkDebt = 0.35

    private static func writer(rows: Int, seed: UInt64) -> BlockedCSVWriter {
        let rows = max(rows, minimumRows)
        return BlockedCSVWriter(header: header, rows: rows, blockRows: blockRows, maxRowBytes: 192) {
            block, start, count, cursor in
            var random = SplitMix64(seed: BlockedCSVWriter.blockSeed(seed, block: block))
            renderRows(start: start, count: count, of: rows, random: &random, cursor: &cursor)
        }
    }

    private static func renderRows(
        start: Int, count: Int, of rows: Int, random: inout SplitMix64, cursor: inout ByteCursor
    ) {
        let regionSums = SplitMix64.cumulative(regionWeights)
        let ageSums = SplitMix64.cumulative(ageBandWeights)
        let workingSums = SplitMix64.cumulative(workingAgeWeights)
        let seniorSums = SplitMix64.cumulative(seniorWeights)
        let purposeSums = SplitMix64.cumulative(otherPurposeWeights)
        let regionText = ByteTable(regions)
        let ageText = ByteTable(ageBands)
        let sexText = ByteTable(sexes)
        let employmentText = ByteTable(employments)
        let purposeText = ByteTable(purposes)
        let dayText = ByteTable((0..<days).map { CivilDate.iso(year: 2025, dayOffset: $0) })
        let comma = UInt8(ascii: ",")

        for row in start..<(start + count) {
            let day = min(days - 1, Int((Double(row) + random.nextUnit()) * Double(days) / Double(rows)))
            let region = random.nextIndex(regionSums)
            let band = random.nextIndex(ageSums)
            let within = random.nextUnit()
            // Ages are uniform inside a band, except 65+ thins out towards 84.
            let age = ageBandStart[band] + Int(Double(ageBandWidth[band]) * (band == oldestBand ? within * within : within))
            let sex = random.nextUnit() < 0.49 ? 0 : 1
            let employment: Int
            if age >= 65 {
                employment = seniorEmployment[random.nextIndex(seniorSums)]
            } else if age >= 55 && random.nextUnit() < 0.15 {
                employment = retired
            } else {
                employment = random.nextIndex(workingSums)
            }
            let purpose: Int
            if random.nextUnit() < (employment == selfEmployed ? 0.30 : 0.07) {
                purpose = smallBusiness
            } else {
                purpose = otherPurposes[random.nextIndex(purposeSums)]
            }

            let (credit, behaviour) = random.nextNormalPair()  // latent factors
            let (incomeNoise, amountNoise) = random.nextNormalPair()
            let (debtNoise, bureauNoise) = random.nextNormalPair()
            let (outcomeNoise, candidateNoise) = random.nextNormalPair()

            let incomeLevel = day >= covariateShiftDay ? 10.85 + incomeShift : 10.85
            let logIncome =
                incomeLevel + ageBandLogIncome[band] + employmentLogIncome[employment] + 0.12 * credit + 0.45 * incomeNoise
            let income = min(max((exp(logIncome) / 100).rounded() * 100, 5_000), 5_000_000)
            // Loan amounts: log-normal around the purpose's median, larger for larger incomes.
            let rawAmount = purposeMedianAmount[purpose] * exp(0.5 * amountNoise) * pow(income / 65_000, 0.3)
            let amount = min(max((rawAmount / 250).rounded() * 250, 1_000), 500_000)
            let rawDebt = 0.22 - 0.06 * credit + 0.25 * amount / income + 0.07 * debtNoise
            let debtToIncome = (min(max(rawDebt, 0.01), 0.95) * 1_000).rounded() / 1_000
            let bureau = min(max((700 + 45 * credit + 0.6 * Double(age - 40) + 35 * bureauNoise).rounded(), 300), 850)

            // Risk from the written columns, as written, plus the unobserved factors.
            let zDebt = (debtToIncome - 0.29) / 0.1
            let zIncome = (log(income) - 10.8) / 0.5
            let zBureau = (bureau - 700) / 55
            var systematic = baseRisk - 0.45 * credit + 0.25 * zDebt - 0.2 * zIncome + 1.35 * behaviour
            systematic += employmentRisk[employment] + purposeRisk[purpose] + ageBandRisk[band] + regionRisk[region]
            // After the concept drift the region's outcomes follow the reversed behavioural effect;
            // the candidate, trained before, still scores `systematic`.
            let drifted = day >= conceptDriftDay && region == conceptRegion
            let outcomeRisk = drifted ? systematic + conceptShift : systematic
            let risk: Double
            let candidateRaw: Double
            if purpose == smallBusiness {
                // Small-business risk follows the bureau file and leverage; the candidate, trained on
                // consumer loans, sees a damped version of its usual signal.
                risk = baseRisk - 0.3 - 1.2 * zBureau + 0.7 * zDebt + 0.3 * behaviour
                candidateRaw = -1.5 + 0.35 * (systematic + 1.5) + 0.6 * candidateNoise
            } else {
                risk = outcomeRisk
                candidateRaw = systematic + (region == degradedRegion ? 2.4 : 0.45) * candidateNoise
            }
            let defaulted = random.nextUnit() < logistic(risk + 0.7 * outcomeNoise)

            var candidateLogit = candidateSlope * candidateRaw + candidateIntercept
            if band == overPredictedBand { candidateLogit += 1.0 }
            let benchmarkLogit = benchmarkIntercept + benchmarkBureau * zBureau + benchmarkDebt * zDebt

            cursor.bytes(dayText, day)
            cursor.byte(comma)
            cursor.bytes(regionText, region)
            cursor.byte(comma)
            cursor.unsigned(UInt64(age))
            cursor.byte(comma)
            cursor.bytes(ageText, band)
            cursor.byte(comma)
            cursor.bytes(sexText, sex)
            cursor.byte(comma)
            cursor.bytes(employmentText, employment)
            cursor.byte(comma)
            cursor.bytes(purposeText, purpose)
            cursor.byte(comma)
            cursor.unsigned(UInt64(income))
            cursor.byte(comma)
            cursor.unsigned(UInt64(amount))
            cursor.byte(comma)
            cursor.fixed(debtToIncome, decimals: 3)
            cursor.byte(comma)
            cursor.unsigned(UInt64(bureau))
            cursor.byte(comma)
            cursor.byte(defaulted ? UInt8(ascii: "1") : UInt8(ascii: "0"))
            cursor.byte(comma)
            cursor.fixed(probability(candidateLogit), decimals: 4)
            cursor.byte(comma)
            cursor.fixed(probability(benchmarkLogit), decimals: 4)
            cursor.byte(UInt8(ascii: "\n"))
        }
    }

    /// The logistic of `logit`, kept inside [0.0001, 0.9999] so that four decimals never read 0 or 1.
    private static func probability(_ logit: Double) -> Double {
        min(max(logistic(logit), 0.0001), 0.9999)
    }
}
