import Foundation
import LoupeMetrics

/// The multiclass benchmark workload (`loupe generate --kind bench-multiclass`): a digit
/// classifier's evaluation file with 10 classes and two models' probability columns, the shape
/// the speed target names (1M rows × 10 classes × 2 models, 3 slicing specs).
///
/// Columns: `label` (the digit 0–9), `a_0` … `a_9` (the model under review) and `b_0` … `b_9`
/// (the baseline), each row's probabilities with 6 decimals summing to exactly 1
/// (`ProbabilityRow`); `ink` (light, normal, heavy), `device` (4 values) and `region` (the 50
/// state codes of `BenchWorkload`, sized by population).
///
/// Planted (model A): 4 and 9 are confused; in `ink = light` A loses most of its signal on 8.
/// B is weaker and stable. Rows come in blocks of 100,000 with their own random streams; the
/// output depends only on (rows, seed).
public enum MulticlassBenchWorkload {
    public static let defaultSeed: UInt64 = 20_240_202
    public static let labelColumn = "label"
    public static let classCount = 10
    public static let scoreColumns: [(name: String, column: String)] = [("a", "a_*"), ("b", "b_*")]
    public static let baselineModel = "b"
    public static let sliceSpecs: [[String]] = [["ink"], ["region"], ["ink", "device"]]
    public static let inks = ["light", "normal", "heavy"]
    public static let devices = ["phone", "scanner", "tablet", "kiosk"]

    public static var header: String {
        (["label"] + (0..<classCount).map { "a_\($0)" } + (0..<classCount).map { "b_\($0)" } + ["ink", "device", "region"])
            .joined(separator: ",")
    }

    /// Writes `rows` data rows (plus the header) to `path`, replacing any file there.
    public static func write(rows: Int, seed: UInt64 = defaultSeed, to path: String) throws {
        try writer(rows: rows, seed: seed).write(to: path)
    }

    /// The whole file in memory; for small row counts.
    public static func bytes(rows: Int, seed: UInt64 = defaultSeed) -> [UInt8] {
        writer(rows: rows, seed: seed).bytes()
    }

    private static let blockRows = 100_000
    private static let inkWeights = [0.2, 0.6, 0.2]
    private static let deviceWeights = [0.45, 0.30, 0.15, 0.10]
    private static let regionPopulation: [Double] = [
        5.0, 0.7, 7.2, 3.0, 39.5, 5.8, 3.6, 1.0, 21.5, 10.7, 1.5, 1.8, 12.8, 6.8, 3.2, 2.9,
        4.5, 4.7, 1.4, 6.2, 7.0, 10.1, 5.7, 3.0, 6.2, 1.1, 2.0, 3.1, 1.4, 9.3, 2.1, 20.2,
        10.4, 0.8, 11.8, 4.0, 4.2, 13.0, 1.1, 5.1, 0.9, 6.9, 29.1, 3.3, 0.6, 8.6, 7.7, 1.8,
        5.9, 0.6,
    ]

    private static func writer(rows: Int, seed: UInt64) -> BlockedCSVWriter {
        // Longest row: 1 + 20 × 9 + 6 + 7 + 2 + 23 commas and newline = 220 bytes.
        BlockedCSVWriter(header: header, rows: max(0, rows), blockRows: blockRows, maxRowBytes: 256) {
            block, _, count, cursor in
            var random = SplitMix64(seed: BlockedCSVWriter.blockSeed(seed, block: block))
            renderRows(count: count, random: &random, cursor: &cursor)
        }
    }

    private static func renderRows(count: Int, random: inout SplitMix64, cursor: inout ByteCursor) {
        let inkSums = SplitMix64.cumulative(inkWeights)
        let deviceSums = SplitMix64.cumulative(deviceWeights)
        let regionSums = SplitMix64.cumulative(regionPopulation)
        let inkText = ByteTable(inks)
        let deviceText = ByteTable(devices)
        let regionText = ByteTable(BenchWorkload.regions)
        var a = ProbabilityRow(classCount: classCount, decimals: 6)
        var b = ProbabilityRow(classCount: classCount, decimals: 6)
        var logitsA = [Double](repeating: 0, count: classCount)
        var logitsB = [Double](repeating: 0, count: classCount)
        let comma = UInt8(ascii: ",")

        for _ in 0..<count {
            let digit = random.nextInt(below: classCount)
            let ink = random.nextIndex(inkSums)
            let device = random.nextIndex(deviceSums)
            let region = random.nextIndex(regionSums)
            for c in stride(from: 0, to: classCount, by: 2) {
                (logitsA[c], logitsA[c + 1]) = random.nextNormalPair()
                (logitsB[c], logitsB[c + 1]) = random.nextNormalPair()
            }
            let signalA = ink == 0 && digit == 8 ? 1.2 : 3.6
            logitsA[digit] += signalA
            logitsB[digit] += 2.5
            if digit == 4 || digit == 9 { logitsA[13 - digit] += 0.6 * signalA }
            a.set(softmaxOf: logitsA)
            b.set(softmaxOf: logitsB)

            cursor.unsigned(UInt64(digit))
            a.write(into: &cursor)
            b.write(into: &cursor)
            cursor.byte(comma)
            cursor.bytes(inkText, ink)
            cursor.byte(comma)
            cursor.bytes(deviceText, device)
            cursor.byte(comma)
            cursor.bytes(regionText, region)
            cursor.byte(UInt8(ascii: "\n"))
        }
    }
}
