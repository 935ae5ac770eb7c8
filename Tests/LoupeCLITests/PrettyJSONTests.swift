import Foundation
import LoupeMetrics
import LoupeResults
import XCTest

@testable import LoupeEvaluation

/// results.json is written by `PrettyJSON`, not `JSONEncoder`, for speed; the bytes must be
/// `JSONEncoder`'s with the options results.json always had — on every kind of value an
/// `Encodable` can hand an encoder, and on the results of real builds of each task.
final class PrettyJSONTests: XCTestCase {
    private var workspace: TestWorkspace!

    override func setUpWithError() throws { workspace = try TestWorkspace() }
    override func tearDown() { workspace.remove() }

    private static let nonFinite = PrettyJSON.NonFinite(positiveInfinity: "+inf", negativeInfinity: "-inf", nan: "nan")

    private func foundationBytes<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "+inf", negativeInfinity: "-inf", nan: "nan")
        return Array(try encoder.encode(value))
    }

    private func assertSameBytes<T: Encodable>(_ value: T, _ label: String, file: StaticString = #filePath, line: UInt = #line)
        throws
    {
        let expected = try foundationBytes(value)
        let actual = try PrettyJSON.encode(value, nonFinite: Self.nonFinite)
        if actual != expected {
            let at =
                (0..<min(actual.count, expected.count)).first { actual[$0] != expected[$0] } ?? min(actual.count, expected.count)
            let context = { (bytes: [UInt8]) in
                String(decoding: bytes[max(0, at - 80)..<min(bytes.count, at + 80)], as: UTF8.self)
            }
            XCTFail("\(label): differs at byte \(at):\n\(context(actual))\n---\n\(context(expected))", file: file, line: line)
        }
    }

    /// Numbers of every magnitude and form, strings needing every escape, keys that sort
    /// differently by bytes than by locale or numerically, empty and nested containers, absent
    /// and explicit nulls, non-finite numbers, dictionaries with string and integer keys.
    private struct Everything: Encodable {
        var doubles: [Double] = [
            0, -0.0, 0.1, 1, -1, 3, 100, 1e-7, 1e-5, 0.000123, 2.5e-10, 12_345.678, 1e15, 1e16, 1e21,
            123_456_789_012_345_680_000, 4.9406564584124654e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
            0.30000000000000004, 1.0 / 3, -2.5, .nan, .infinity, -.infinity,
        ]
        var optionals: [Double?] = [nil, 1.5, .nan, nil]
        var floats: [Float] = [0.1, 1, 3.4028235e38, .leastNonzeroMagnitude, .infinity]
        var integers: [Int] = [0, -1, .max, .min]
        var unsigned: UInt64 = .max
        var small: [Int8] = [-128, 127]
        var flags: [Bool] = [true, false]
        var strings: [String] = [
            "a/b", "q\"uote", "back\\slash", "tab\tnl\ncr\r", "\u{01}\u{08}\u{0C}\u{1F}\u{7F}", "é ü 中", "\u{2028}", "😀", "",
        ]
        var keyed: [String: Int] = [
            "b": 1, "B": 2, "a": 3, "A": 4, "_x": 5, "10": 6, "9": 7, "é": 8, "z": 9, "aa": 10, "a b": 11, "a-b": 12, "": 13,
        ]
        var byNumber: [Int: String] = [10: "ten", 9: "nine", -1: "minus one"]
        var emptyArray: [Int] = []
        var emptyObject: [String: Double] = [:]
        var nested: [[String: [Double]]] = [[:], ["x": []], ["y": [1, 2], "x": [0]]]
        var absent: Double? = nil
        var present: Double? = 2
        var custom = Custom()
        var matrix: [[Int]] = [[], [1], [2, 3]]
    }

    /// A hand-written `encode(to:)`: nested containers, explicit nulls, a super encoder, and a
    /// container asked for twice.
    private struct Custom: Encodable {
        enum Keys: String, CodingKey { case z, a, nested, list, null, parent }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(1, forKey: .z)
            try c.encodeNil(forKey: .null)
            var inner = c.nestedContainer(keyedBy: Keys.self, forKey: .nested)
            try inner.encode("x", forKey: .a)
            var list = c.nestedUnkeyedContainer(forKey: .list)
            try list.encode(1.5)
            try list.encodeNil()
            var deeper = list.nestedUnkeyedContainer()
            try deeper.encode(true)
            var object = list.nestedContainer(keyedBy: Keys.self)
            try object.encode(Double.nan, forKey: .a)
            try 7.encode(to: c.superEncoder(forKey: .parent))
            var again = encoder.container(keyedBy: Keys.self)
            try again.encode("last", forKey: .a)
        }
    }

    func testEveryKindOfValueIsWrittenAsJSONEncoderWritesIt() throws {
        try assertSameBytes(Everything(), "everything")
        try assertSameBytes([Everything(), Everything()], "an array of objects")
        try assertSameBytes(["only": [String]()], "an object holding an empty array")
        try assertSameBytes(Custom(), "a hand-written encoding")
    }

    /// Random doubles across all magnitudes: the shortest form of each, as `JSONEncoder` gives it.
    func testRandomDoublesAreWrittenAsJSONEncoderWritesThem() throws {
        var rng = SplitMix64(seed: 11)
        var values: [Double] = []
        for _ in 0..<20_000 {
            let bits = rng.next()
            let value = Double(bitPattern: bits)
            values.append(value.isFinite ? value : Double(bits >> 11) * 0x1p-40)
        }
        try assertSameBytes(values, "random doubles")
        try assertSameBytes(values.map { ($0 * 1e6).rounded() / 1e6 }, "doubles of six decimals")
    }

    /// Real results of each task, decoded from the results.json a build wrote and encoded again
    /// both ways.
    func testResultsOfBuildsOfEveryTaskAreWrittenAsJSONEncoderWritesThem() throws {
        var rng = SplitMix64(seed: 5)
        var csv = "y,p_cat,p_dog,p_fox,q_cat,q_dog,q_fox,region\n"
        for i in 0..<400 {
            let y = Int(rng.next() % 3)
            var p = (0..<6).map { _ in (rng.nextUnit() * 1000).rounded() / 1000 + 0.01 }
            p[y] += 1
            let a = p[0] + p[1] + p[2], b = p[3] + p[4] + p[5]
            let row = (0..<3).map { String(p[$0] / a) } + (3..<6).map { String(p[$0] / b) }
            csv += "\(["cat", "dog", "fox"][y]),\(row.joined(separator: ",")),\(["n", "s", "e"][i % 3])\n"
        }
        let multiclass = try workspace.write("mc.csv", csv)
        let binary = try workspace.fixture("eval_small.csv")
        let regression = try workspace.fixture("diabetes_predictions.csv")
        let builds: [(String, [String])] = [
            (
                "binary",
                [
                    "--data", binary, "--label", "y", "--positive-label", "yes", "--score", "a=p_a", "--score", "b=p_b",
                    "--baseline", "b", "--slice", "region", "--slice", "region,segment", "--weight", "w",
                    "--fairness", "segment",
                ]
            ),
            (
                "regression",
                [
                    "--data", regression, "--label", "progression", "--score", "linear", "--score", "simple", "--baseline",
                    "simple",
                ]
            ),
            (
                "multiclass",
                [
                    "--data", multiclass, "--task", "multiclass", "--label", "y", "--score", "a=p_*", "--score", "b=q_*",
                    "--baseline", "b", "--slice", "region",
                ]
            ),
        ]
        for (task, arguments) in builds {
            let out = workspace.path(task)
            let run = workspace.run(["build"] + arguments + ["--out", out, "--quiet", "--bootstrap", "50"])
            XCTAssertEqual(run.status, 0, "\(task): \(run.stderr)")
            let results = try ResultsFile.decode(path: out + "/results.json")
            try assertSameBytes(results, task)
            // And results.json itself is those bytes.
            XCTAssertEqual(
                try Array(Data(contentsOf: URL(fileURLWithPath: out + "/results.json"))), try foundationBytes(results) + [0x0A],
                task)
        }
    }
}
