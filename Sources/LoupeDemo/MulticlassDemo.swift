import Foundation
import LoupeMetrics

/// The multiclass example of `loupe demo`: generated business documents, each with its true type
/// (8 classes), the document's source, language and page count, and two document classifiers'
/// class probabilities — a candidate and a weaker keyword benchmark — with two planted problems.
///
/// Each model's logits are a signal on the true class plus independent normal noise per class;
/// its probabilities are their softmax (`ProbabilityRow`: 4 decimals summing to exactly 1). The
/// candidate's signal is strong; the benchmark's weaker, and weaker still outside English. The
/// problems:
///
/// - **a confusable pair**: invoices and receipts look alike to both models (each gets a share of
///   the other's signal), so a good part of each is predicted as the other;
/// - **a degraded slice**: faxed forms lose their layout; on `source = Fax` the candidate's signal
///   for `form` falls to a third and leans to `letter`, so its recall of forms collapses there
///   while the benchmark, which reads words and not layout, is unaffected.
///
/// Output depends only on (rows, seed); rows come in blocks of 50,000 with their own random
/// streams.
public enum MulticlassDemo {
    public static let defaultRows = 20_000
    public static let minimumRows = 100
    public static let defaultSeed: UInt64 = 20_260_101

    public static let classes = [
        "invoice", "receipt", "purchase_order", "contract", "letter", "resume", "form", "report",
    ]
    static let sources = ["Email PDF", "Scanner", "Phone photo", "Fax"]
    static let languages = ["English", "German", "French", "Spanish"]

    public static let labelColumn = "doc_type"
    /// The models as `loupe build --score NAME=PREFIX*` takes them, candidate first.
    public static let scoreColumns: [(name: String, column: String)] = [
        ("candidate", "candidate_*"), ("benchmark", "benchmark_*"),
    ]
    public static let baselineModel = "benchmark"
    public static let columns: [String] =
        ["source", "language", "pages", labelColumn] + classes.map { "candidate_" + $0 }
        + classes.map { "benchmark_" + $0 }
    public static var header: String { columns.joined(separator: ",") }

    /// Slicing specs for the demo build: the degraded slice's column, the benchmark's weak
    /// spot, the page count in quantile bins, and a cross.
    public static let suggestedSlices: [[String]] = [["source"], ["language"], ["pages"], ["source", "language"]]
    /// The page count's bins (`--bins pages=2,5,20`): single pages, short, long and very long
    /// documents (quartiles would mostly cut at 1 and 2).
    public static let bins: [String: [Double]] = ["pages": [2, 5, 20]]
    /// The demo's gates: the candidate beats the benchmark overall (passes), and keeps macro F1
    /// at 0.85 from every source, which fails by design on faxes.
    public static let gates = ["accuracy >= baseline", "macro_f1 >= 0.85 for source"]

    /// The planted confusable pair and the degraded slice.
    public static let confusedPair = ("invoice", "receipt")
    public static let degradedSlice = (column: "source", value: "Fax", weakClass: "form")

    public static let title = "Loupe demo: document types, candidate vs benchmark"

    public static let description = """
        A generated document-classification data set: one row per incoming business document with \
        its source (email PDF, scanner, phone photo or fax), language and page count; its true \
        type (invoice, receipt, purchase order, contract, letter, resume, form or report); and two \
        classifiers' probabilities for each type. The benchmark is a keyword model, weaker overall \
        and weaker still outside English; the candidate reads layout as well as words and is \
        clearly better. Two problems are planted for the report to find: invoices and receipts \
        look alike, so both models predict a good share of each as the other; and faxed forms \
        lose the layout the candidate relies on, so on faxes its recall of forms collapses (most \
        are taken for letters) while the benchmark's does not.
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

    private static let classWeights = [0.20, 0.14, 0.10, 0.10, 0.16, 0.08, 0.12, 0.10]
    /// Median page count of each class (log-normal, at least 1).
    private static let classPages = [1.6, 1.0, 1.8, 12.0, 1.4, 2.0, 2.5, 18.0]
    private static let sourceWeights = [0.40, 0.30, 0.18, 0.12]
    private static let languageWeights = [0.55, 0.20, 0.15, 0.10]

    private static let invoice = 0, receipt = 1, purchaseOrder = 2, letter = 4, form = 6
    private static let fax = 3

    private static let candidateSignal = 3.4
    private static let benchmarkSignal = 2.4
    private static let benchmarkSignalAbroad = 2.1
    /// The share of an invoice's signal a receipt gets, and the other way round.
    private static let pairLeak = 0.62
    /// The factors on the logits before the softmax.
    private static let candidateTemperature = 3.0
    private static let benchmarkTemperature = 3.2
    private static let blockRows = 50_000

    private static func writer(rows: Int, seed: UInt64) -> BlockedCSVWriter {
        // Longest row: 11 + 7 + 3 + 14 + 16 × 7 + 19 commas and newline = 166 bytes.
        BlockedCSVWriter(header: header, rows: max(rows, minimumRows), blockRows: blockRows, maxRowBytes: 192) {
            block, _, count, cursor in
            var random = SplitMix64(seed: BlockedCSVWriter.blockSeed(seed, block: block))
            renderRows(count: count, random: &random, cursor: &cursor)
        }
    }

    private static func renderRows(count: Int, random: inout SplitMix64, cursor: inout ByteCursor) {
        let classSums = SplitMix64.cumulative(classWeights)
        let sourceSums = SplitMix64.cumulative(sourceWeights)
        let languageSums = SplitMix64.cumulative(languageWeights)
        let sourceText = ByteTable(sources)
        let languageText = ByteTable(languages)
        let classText = ByteTable(classes)
        let k = classes.count
        var candidate = ProbabilityRow(classCount: k, decimals: 4)
        var benchmark = ProbabilityRow(classCount: k, decimals: 4)
        var candidateLogits = [Double](repeating: 0, count: k)
        var benchmarkLogits = [Double](repeating: 0, count: k)
        let comma = UInt8(ascii: ",")

        for _ in 0..<count {
            let truth = random.nextIndex(classSums)
            let source = random.nextIndex(sourceSums)
            let language = random.nextIndex(languageSums)
            let (pageNoise, _) = random.nextNormalPair()
            let pages = min(max(Int((classPages[truth] * exp(0.7 * pageNoise)).rounded()), 1), 120)
            for c in stride(from: 0, to: k, by: 2) {
                (candidateLogits[c], candidateLogits[c + 1]) = random.nextNormalPair()
                (benchmarkLogits[c], benchmarkLogits[c + 1]) = random.nextNormalPair()
            }

            var signal = candidateSignal
            if source == fax && truth == form {
                signal /= 3
                candidateLogits[letter] += 1.6
            }
            candidateLogits[truth] += signal
            let benchmarkStrength = language == 0 ? benchmarkSignal : benchmarkSignalAbroad
            benchmarkLogits[truth] += benchmarkStrength
            if truth == invoice || truth == receipt {
                let partner = truth == invoice ? receipt : invoice
                candidateLogits[partner] += pairLeak * signal
                benchmarkLogits[partner] += pairLeak * benchmarkStrength
            }
            // Purchase orders share a little with invoices.
            if truth == purchaseOrder { candidateLogits[invoice] += 0.8 }
            // With unit-variance noise, softmax(signal × logits) is the posterior: the candidate
            // is close to calibrated, the benchmark overconfident.
            for c in 0..<k {
                candidateLogits[c] *= candidateTemperature
                benchmarkLogits[c] *= benchmarkTemperature
            }
            candidate.set(softmaxOf: candidateLogits)
            benchmark.set(softmaxOf: benchmarkLogits)

            cursor.bytes(sourceText, source)
            cursor.byte(comma)
            cursor.bytes(languageText, language)
            cursor.byte(comma)
            cursor.unsigned(UInt64(pages))
            cursor.byte(comma)
            cursor.bytes(classText, truth)
            candidate.write(into: &cursor)
            benchmark.write(into: &cursor)
            cursor.byte(UInt8(ascii: "\n"))
        }
    }
}
