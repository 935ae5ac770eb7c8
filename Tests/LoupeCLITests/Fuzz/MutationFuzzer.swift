import Foundation

/// A deterministic mutation fuzzer: seed corpus files are damaged by byte flips, inserts,
/// deletes, duplications, splices with other seeds, extreme numbers and hostile strings, with a
/// SplitMix64 stream per case, so a case number reproduces its input exactly.
///
/// `LOUPE_FUZZ_CASES` (default 200 per target) and `LOUPE_FUZZ_SECONDS` (no limit by default)
/// bound a run, `LOUPE_FUZZ_SEED` picks another stream; `scripts/fuzz.sh` sets them.
struct MutationFuzzer {
    struct Generator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    }

    static let extremeNumbers = [
        "1e308", "1.7976931348623157e308", "-1.7976931348623157e308", "1e309", "-1e400", "1e-400", "4.9e-324", "9e15",
        "1e16", "9007199254740993", "1e20", "-9223372036854775809", "18446744073709551616", "1e200", "1e160", "-0", "0.0",
        "NaN", "inf", "-Infinity", "0x1p3", "1e", "1.", ".5", "+1", "00", "1e+99999", "2147483648", "4294967296", "-1",
    ]

    static let hostileStrings = [
        "\u{1B}]0;owned\u{07}", "\u{1B}[2J", "\n::error file=a.swift,line=1::boom", "\r\n::warning::x",
        "<script>alert(1)</script>",
        "\"", "\"\"", ",", "\t", "\r", "\n", "\u{0}", "\u{FEFF}", "\u{2028}", "{{", "}}", "{{>", "{{#", "{{/", "{{^", "{{!",
        "{{>page.html}}{{>page.html}}", "[[[[[[[[[[", "{\"a\":", "\\u", "\\ud800", "//", "/*", "é", "𝔘", "NA", "null", ":",
        " for ",
        ">=", "<= baseline *", "baseline", "'", "&amp;", "../../etc/passwd", String(repeating: "A", count: 5000),
    ]

    static let invalidUTF8: [[UInt8]] = [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]]

    let corpus: [[UInt8]]

    /// The input of case `index`: a seed as it is for the first cases, then mutated 1–8 times.
    func input(_ index: Int, seed: UInt64) -> [UInt8] {
        var random = Generator(state: seed ^ (UInt64(index) &* 0xD6E8_FEB8_6659_FD93))
        if index < corpus.count { return corpus[index] }
        var bytes = corpus[random.below(corpus.count)]
        // Mostly one mutation, so most inputs stay readable and reach the deeper code.
        for _ in 0..<(random.chance(70) ? 1 : 1 + random.below(8)) { mutate(&bytes, &random) }
        return bytes
    }

    private func mutate(_ bytes: inout [UInt8], _ random: inout Generator) {
        let at = random.below(bytes.count + 1)
        switch random.below(9) {
        case 0 where !bytes.isEmpty:
            bytes[min(at, bytes.count - 1)] ^= UInt8(truncatingIfNeeded: 1 << random.below(8))
        case 1:
            bytes.insert(contentsOf: (0..<(1 + random.below(4))).map { _ in UInt8(truncatingIfNeeded: random.next()) }, at: at)
        case 2 where !bytes.isEmpty:
            let length = min(bytes.count - min(at, bytes.count - 1), 1 + random.below(16))
            bytes.removeSubrange(min(at, bytes.count - 1)..<(min(at, bytes.count - 1) + length))
        case 3 where !bytes.isEmpty:
            let start = min(at, bytes.count - 1)
            let piece = Array(bytes[start..<min(bytes.count, start + 1 + random.below(64))])
            bytes.insert(contentsOf: piece, at: random.below(bytes.count + 1))
        case 4:
            let other = corpus[random.below(corpus.count)]
            let start = random.below(other.count + 1)
            let piece = other[start..<min(other.count, start + random.below(256))]
            bytes.insert(contentsOf: piece, at: at)
        case 5:
            // An extreme number over a number, or anywhere.
            let number = Array(Self.extremeNumbers[random.below(Self.extremeNumbers.count)].utf8)
            if let digit = bytes.indices.dropFirst(min(at, bytes.count)).first(where: { (0x30...0x39).contains(bytes[$0]) }) {
                var end = digit
                while end < bytes.count && "0123456789.eE+-".utf8.contains(bytes[end]) { end += 1 }
                bytes.replaceSubrange(digit..<end, with: number)
            } else {
                bytes.insert(contentsOf: number, at: at)
            }
        case 6:
            bytes.insert(contentsOf: Array(Self.hostileStrings[random.below(Self.hostileStrings.count)].utf8), at: at)
        case 7:
            bytes.insert(contentsOf: Self.invalidUTF8[random.below(Self.invalidUTF8.count)], at: at)
        default:
            // Repeat a line or a token many times (wide rows, deep nesting, long values).
            let start = min(at, max(0, bytes.count - 1))
            let piece = Array(bytes[start..<min(bytes.count, start + 1 + random.below(8))])
            guard !piece.isEmpty else { return }
            let times = 1 + random.below(400)
            bytes.insert(contentsOf: (0..<times).flatMap { _ in piece }, at: random.below(bytes.count + 1))
        }
    }
}

/// Settings of a run from the environment.
struct FuzzSettings {
    var cases: Int
    var seconds: Double?
    var seed: UInt64
    /// A case slower than this counts as a hang.
    var caseLimit: Double

    static func fromEnvironment(defaultCases: Int) -> FuzzSettings {
        let environment = ProcessInfo.processInfo.environment
        return FuzzSettings(
            cases: environment["LOUPE_FUZZ_CASES"].flatMap { Int($0) } ?? defaultCases,
            seconds: environment["LOUPE_FUZZ_SECONDS"].flatMap { Double($0) },
            seed: environment["LOUPE_FUZZ_SEED"].flatMap { UInt64($0) } ?? 11,
            caseLimit: environment["LOUPE_FUZZ_CASE_SECONDS"].flatMap { Double($0) } ?? 10)
    }
}

/// Ends the process, naming the case, when one case runs longer than its limit: a hang must not
/// pass for a slow test. The input of the current case is kept in a file for reproduction.
final class FuzzWatchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var started: Date?
    private var label = ""
    private let limit: Double
    private var running = true

    init(limit: Double) {
        self.limit = limit
        let thread = Thread { [weak self] in
            while let self, self.isRunning {
                self.check()
                Thread.sleep(forTimeInterval: 0.25)
            }
        }
        thread.start()
    }

    private var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        return running
    }

    func begin(_ label: String) {
        lock.lock()
        defer { lock.unlock() }
        self.label = label
        started = Date()
    }

    func end() {
        lock.lock()
        defer { lock.unlock() }
        started = nil
    }

    func stop() {
        lock.lock()
        defer { lock.unlock() }
        running = false
    }

    private func check() {
        lock.lock()
        let overdue = started.map { Date().timeIntervalSince($0) > limit } ?? false
        let label = self.label
        lock.unlock()
        guard overdue else { return }
        FileHandle.standardError.write(Data("fuzz: HANG: \(label) ran longer than \(limit) s\n".utf8))
        exit(70)
    }
}
