import Foundation
import LoupeMarkup
import LoupeResults

/// Reads earlier runs' results.json files for `--history`, in run order.
///
/// A folder stands for every `*.json` file in it (hidden files skipped), by name; each must be a
/// Loupe results file, so a stray JSON file is an error naming it rather than a silently missing
/// run. Runs are ordered by run date, then model version (numbers inside compared as numbers, so
/// `v1.10` follows `v1.9`), then run id, then file name; runs without a date come first, in file
/// name order. Of each run only what the history page draws is kept (`HistoryRun`).
public enum HistoryReader {
    /// - Parameter excluding: files that are this run's own output (its results file): skipped
    ///   when a folder lists them, so rebuilding a run does not show it as its own history.
    public static func read(_ paths: [String], excluding: [String]) throws -> [HistoryRun] {
        try readWithData(paths, excluding: excluding).map(\.run)
    }

    /// An earlier run and what it was computed from, to tell runs on other data apart.
    public struct Entry: Sendable {
        public var run: HistoryRun
        /// The data file's SHA-256 (empty when the producer did not record it) and rows read.
        public var dataSHA256: String
        public var rowsRead: Int
    }

    /// The runs, as `read`, with the provenance of their data.
    public static func readWithData(_ paths: [String], excluding: [String]) throws -> [Entry] {
        let excluded = Set(excluding.map(standardized))
        var seen = Set<String>()
        var runs: [Entry] = []
        for path in try files(paths) where !excluded.contains(standardized(path)) {
            guard seen.insert(standardized(path)).inserted else { continue }
            let results: Results
            do {
                results = try ResultsFile.decode(path: path)
            } catch let error as LoupeError {
                // The decoder's message starts with the file and, where there is one, line:column.
                let description = error.description
                guard description.hasPrefix(path + ":") else {
                    throw LoupeError.input("--history: \(path) is not a Loupe results file: \(description)")
                }
                let rest = description.dropFirst(path.count)
                let location = rest.prefix { ":0123456789".contains($0) }.dropLast()
                let detail = rest.dropFirst(location.count + 1).drop { $0 == " " }
                throw LoupeError.input("\(path)\(location): --history: not a Loupe results file: \(detail)")
            }
            let run = HistoryRun(
                run: results.run ?? RunStamp(), source: path, models: results.models, overall: results.overall,
                slices: results.slices.map(compact), rowCount: results.rowCount)
            runs.append(
                Entry(run: run, dataSHA256: results.provenance.dataSHA256, rowsRead: results.provenance.rowsRead))
        }
        return runs.sorted { precedes($0.run, $1.run) }
    }

    /// A warning per earlier run computed from other data than this run (another SHA-256 or
    /// another number of rows): its numbers are not comparable without saying so. Runs whose
    /// producer recorded neither are not judged.
    public static func dataWarnings(_ entries: [Entry], dataSHA256: String, rowsRead: Int) -> [String] {
        entries.compactMap { entry in
            var differences: [String] = []
            if !entry.dataSHA256.isEmpty, !dataSHA256.isEmpty, entry.dataSHA256 != dataSHA256 {
                differences.append(
                    "its data's SHA-256 is \(entry.dataSHA256.prefix(12))…, this run's \(dataSHA256.prefix(12))…")
            }
            if entry.rowsRead > 0, entry.rowsRead != rowsRead {
                differences.append("it read \(NumberFormat.count(entry.rowsRead)) rows, this run \(NumberFormat.count(rowsRead))")
            }
            guard !differences.isEmpty else { return nil }
            return "--history \(entry.run.source) was computed from different data (\(differences.joined(separator: "; "))); "
                + "its numbers are compared with this run's as they are"
        }
    }

    /// The files the arguments name: a folder's `*.json` files sorted by name, a file as given.
    static func files(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw LoupeError.input("--history \(path): no such file or folder")
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: path)
            } catch {
                throw LoupeError.input("--history \(path): cannot list the folder")
            }
            files += names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
                .sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
                .map { (path as NSString).appendingPathComponent($0) }
        }
        return files
    }

    /// A slice without its gaps to overall: the history draws values, not rankings.
    private static func compact(_ slice: SliceResult) -> SliceResult {
        SliceResult(
            spec: slice.spec, key: slice.key, count: slice.count, weightedCount: slice.weightedCount,
            tooSmall: slice.tooSmall, metrics: slice.metrics, gap: [:])
    }

    private static func standardized(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Date, then model version, then id, then file name; a missing field sorts first.
    static func precedes(_ a: HistoryRun, _ b: HistoryRun) -> Bool {
        if let order = compare(a.run.date, b.run.date, by: { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }) {
            return order
        }
        if let order = compare(a.run.modelVersion, b.run.modelVersion, by: versionPrecedes) { return order }
        if let order = compare(a.run.id, b.run.id, by: versionPrecedes) { return order }
        let (nameA, nameB) = ((a.source as NSString).lastPathComponent, (b.source as NSString).lastPathComponent)
        if nameA != nameB { return nameA.unicodeScalars.lexicographicallyPrecedes(nameB.unicodeScalars) }
        return a.source.unicodeScalars.lexicographicallyPrecedes(b.source.unicodeScalars)
    }

    /// `nil` when the two are equal (the next key decides).
    private static func compare(_ a: String?, _ b: String?, by less: (String, String) -> Bool) -> Bool? {
        switch (a, b) {
        case (nil, nil): return nil
        case (nil, .some): return true
        case (.some, nil): return false
        case (let x?, let y?): return x == y ? nil : less(x, y)
        }
    }

    /// Texts compared piece by piece, runs of digits as numbers: `v1.9` < `v1.10` < `v2`.
    static func versionPrecedes(_ a: String, _ b: String) -> Bool {
        let (x, y) = (pieces(a), pieces(b))
        for (p, q) in zip(x, y) where p != q {
            switch (p, q) {
            case (.number(let m), .number(let n)): return m < n
            case (.number, .text): return true
            case (.text, .number): return false
            case (.text(let s), .text(let t)): return s.unicodeScalars.lexicographicallyPrecedes(t.unicodeScalars)
            }
        }
        return x.count != y.count ? x.count < y.count : a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }

    private enum Piece: Equatable {
        case number(Double), text(String)
    }

    private static func pieces(_ text: String) -> [Piece] {
        var pieces: [Piece] = []
        var current = ""
        var inDigits = false
        func flush() {
            guard !current.isEmpty else { return }
            pieces.append(inDigits ? .number(Double(current) ?? 0) : .text(current))
            current = ""
        }
        for character in text {
            let digit = character.isASCII && character.isNumber
            if digit != inDigits { flush() }
            inDigits = digit
            current.append(character)
        }
        flush()
        return pieces
    }
}
