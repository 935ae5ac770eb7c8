import Foundation
import LoupeMetrics
import LoupeResults
import LoupeSite
import XCTest

@testable import LoupeCLI
@testable import LoupeEvaluation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Gates on multiclass metrics: `METRIC[CLASS]` parsed (quoting, escaping, malformed brackets),
/// checked (unknown class or per-class metric, the wrong task), judged on the per-class results
/// overall and per slice (pass, fail, undefined), and `loupe build` end to end.
final class PerClassGateTests: XCTestCase {
    // MARK: Grammar

    func testBracketedClassParsesWithTheRestOfTheGrammar() throws {
        let plain = try GateParser.parse("recall[cat] >= 0.8")
        XCTAssertEqual(plain.metric, "recall")
        XCTAssertEqual(plain.className, "cat")
        XCTAssertEqual(plain.classPosition, 7)
        XCTAssertEqual(plain.bound, .number(0.8))
        XCTAssertEqual(plain.name(rowsLabel: nil), "recall[cat] >= 0.8")

        let sliced = try GateParser.parse("m:f1[8] >= 0.7 for ink if significant")
        XCTAssertEqual(sliced.model, "m")
        XCTAssertEqual(sliced.className, "8")
        XCTAssertEqual(sliced.slice?.columns, ["ink"])
        XCTAssertTrue(sliced.requiresSignificance)
        XCTAssertEqual(sliced.name(rowsLabel: "ink = light"), "m:f1[8] >= 0.7 for ink = light if significant")

        // Spaces inside an unquoted name are kept, around it dropped; a ':' in a class is no model.
        XCTAssertEqual(try GateParser.parse("recall[ big cat ] >= 0.8").className, "big cat")
        let colon = try GateParser.parse("recall[a:b] >= 0.8")
        XCTAssertNil(colon.model)
        XCTAssertEqual(colon.className, "a:b")
        XCTAssertEqual(try GateParser.parse("m:x:roc_auc[a:b]<0.9").model, "m:x")
        // A '<' or '>' inside the brackets is part of the class.
        let arrow = try GateParser.parse("precision[a>b] > 0.5")
        XCTAssertEqual(arrow.className, "a>b")
        XCTAssertEqual(arrow.comparison, .greater)
    }

    /// Quoted names hold brackets, quotes, backslashes and outer spaces; the canonical spelling
    /// in the gate's name quotes exactly when needed and parses back to the same class.
    func testQuotedClassNamesAndTheirCanonicalSpellingRoundTrip() throws {
        XCTAssertEqual(try GateParser.parse(#"recall["a [b]"] >= 0.8"#).className, "a [b]")
        XCTAssertEqual(try GateParser.parse(#"recall['say "hi"'] >= 0.8"#).className, #"say "hi""#)
        XCTAssertEqual(try GateParser.parse(#"recall["x\"y\\z"] >= 0.8"#).className, #"x"y\z"#)
        XCTAssertEqual(try GateParser.parse(#"recall[ " padded " ] >= 0.8"#).className, " padded ")

        for name in ["cat", "big cat", "a [b]", #"say "hi""#, #"x"y\z"#, " padded ", "it's", "]", "<b>&", "a:b"] {
            let gate = Gate(
                text: "", metric: "recall", comparison: .atLeast, bound: .number(0.5), boundText: "0.5", className: name)
            let spelled = gate.name(rowsLabel: nil)
            XCTAssertEqual(try GateParser.parse(spelled).className, name, spelled)
        }
        XCTAssertEqual(Gate.classSpelling("big cat"), "big cat")
        XCTAssertEqual(Gate.classSpelling("a [b]"), #""a [b]""#)
        XCTAssertEqual(Gate.classSpelling(#"x"y\z"#), #""x\"y\\z""#)
    }

    func testMalformedClassesNameTheColumn() {
        let cases: [(String, Int, String)] = [
            ("recall[cat >= 0.8", 7, "expected ']' to close the class name opened here"),
            ("recall[] >= 0.8", 7, "expected a class name between the brackets"),
            ("recall[  ] >= 0.8", 7, "expected a class name between the brackets"),
            ("recall[a[b]] >= 0.8", 9, "'[' in a class name must be quoted"),
            (#"recall[a"b] >= 0.8"#, 9, #"'"' in a class name must be quoted"#),
            (#"recall["cat >= 0.8"#, 8, "unterminated quoted class name: expected a closing \""),
            (#"recall["cat\"] >= 0.8"#, 8, "unterminated quoted class name"),
            (#"recall[""] >= 0.8"#, 8, "expected a class name between the quotes, found an empty one"),
            (#"recall["cat" x] >= 0.8"#, 14, "expected ']' after the quoted class name, found 'x]'"),
            ("recall[cat] => 0.8", 13, "expected a comparison"),
        ]
        for (text, column, message) in cases {
            XCTAssertThrowsError(try GateParser.parse(text), text) { error in
                guard case LoupeError.usage(let got) = error else { return XCTFail("\(text): \(error)") }
                XCTAssertTrue(got.hasPrefix("gate '\(text)': column \(column): "), "\(text): \(got)")
                XCTAssertTrue(got.contains(message), "\(text): \(got)")
            }
        }
    }

    private func usage(_ text: String, task: ModelTask?, classes: [String]? = nil) -> String? {
        do {
            let gate = try GateParser.resolve(
                GateParser.parse(text), models: ["m", "b"], baseline: "b", slices: [try SliceRequest.parse("ink")],
                task: task)
            if let classes { _ = try GateParser.resolveClass(gate, classes: classes) }
            return nil
        } catch LoupeError.usage(let message) {
            return message
        } catch {
            return "\(error)"
        }
    }

    func testUnknownClassesMetricsAndTasksAreUsageErrors() throws {
        let classes = ["cat", "dog", "big fox"]
        XCTAssertNil(usage("recall[cat] >= 0.8 for ink", task: .multiclass, classes: classes))
        XCTAssertNil(usage("recall[big fox] >= 0.8", task: nil, classes: classes))
        XCTAssertEqual(
            usage("recall[dogs] >= 0.8", task: .multiclass, classes: classes),
            "gate 'recall[dogs] >= 0.8': column 7: 'dogs' is not one of the classes (did you mean 'dog'?) (cat, dog, big fox)")
        XCTAssertEqual(
            usage("recal[cat] >= 0.8", task: .multiclass),
            "gate 'recal[cat] >= 0.8': column 1: unknown per-class metric 'recal' (did you mean 'recall'?) "
                + "(per class: precision, recall, f1, roc_auc, average_precision)")
        XCTAssertEqual(
            usage("accuracy[cat] >= 0.8", task: nil).map { $0.contains("unknown per-class metric 'accuracy'") }, true)
        XCTAssertEqual(
            usage("recall[cat] >= 0.8", task: .binary),
            "gate 'recall[cat] >= 0.8': column 7: a per-class metric ('recall[cat]') needs a multiclass task, "
                + "and this is a binary task; write 'recall' without a class")
        XCTAssertEqual(usage("rmse[cat] <= 1", task: .regression).map { $0.contains("unknown per-class metric") }, true)
        XCTAssertEqual(
            usage("recall >= 0.8", task: .multiclass),
            "gate 'recall >= 0.8': column 1: 'recall' is measured per class in a multiclass task; write 'recall[CLASS]', "
                + "or an average: macro_recall, weighted_recall")
        XCTAssertEqual(
            usage("recall[cat] >= previous", task: .multiclass).map { $0.contains("earlier runs keep no per-class") }, true)
        XCTAssertEqual(
            usage("tpr[cat] <= 0.3", task: .multiclass),
            "gate 'tpr[cat] <= 0.3': column 1: 'tpr' is a fairness rate, measured per group of a fairness attribute; "
                + "write 'tpr[cat] <= 0.3 for fairness COLUMN'")
        XCTAssertEqual(
            usage("tpr[cat] <= 0.3 for fairness ink", task: .binary),
            "gate 'tpr[cat] <= 0.3 for fairness ink': column 4: a class ('tpr[cat]') needs a multiclass task, and this is "
                + "a binary task; write 'tpr' without a class")
        // A number matches a class numerically, as a label does.
        let resolved = try GateParser.resolveClass(try GateParser.parse("f1[1] >= 0.7"), classes: ["0.0", "1.0", "2.0"])
        XCTAssertEqual(resolved.className, "1.0")
    }

    /// Every averaged multiclass metric of the registry is a valid gate metric on a multiclass task.
    func testEveryAveragedMulticlassMetricIsAGateMetric() {
        for name in MetricRegistry.names(for: .multiclass) {
            XCTAssertNil(usage("\(name) >= 0", task: .multiclass), name)
        }
        XCTAssertEqual(MetricRegistry.definition("log_loss")?.direction, .lowerIsBetter)
    }

    // MARK: Judged on results

    private func perClass(_ recall: [Double?], support: [Int]) -> [ClassMetrics] {
        zip(["cat", "big [fox]"], zip(recall, support)).map { name, pair in
            ClassMetrics(
                className: name, support: pair.1,
                metrics: ["recall": Metric(pair.0, lower: pair.0.map { $0 - 0.05 }, upper: pair.0.map { $0 + 0.05 })])
        }
    }

    /// Two models over classes `cat` and `big [fox]`, sliced by ink; in `ink = light` no fox.
    private func results() -> Results {
        let averaged: MetricSet = [
            "accuracy": Metric(0.8, lower: 0.78, upper: 0.82), "log_loss": Metric(0.45, lower: 0.4, upper: 0.5),
            "macro_ovr_auc": Metric(0.9),
        ]
        let slices = [
            SliceResult(
                spec: ["ink"], key: ["ink": "dark"], count: 200, tooSmall: false, metrics: ["m": averaged, "b": averaged],
                gap: [:],
                perClass: ["m": perClass([0.9, 0.6], support: [100, 100]), "b": perClass([0.8, 0.7], support: [100, 100])]),
            SliceResult(
                spec: ["ink"], key: ["ink": "light"], count: 100, tooSmall: false, metrics: ["m": averaged, "b": averaged],
                gap: [:],
                perClass: ["m": perClass([0.85, nil], support: [100, 0]), "b": perClass([0.8, nil], support: [100, 0])]),
        ]
        var results = Results(
            title: "t", task: .multiclass, label: "y", threshold: 0.5, rowCount: 300, models: ["m", "b"], baseline: "b",
            rankMetric: "accuracy", minSliceSize: 30, overall: ["m": averaged, "b": averaged], slices: slices,
            sliceSpecs: [SliceSpec(name: "ink", columns: ["ink"], sliceCount: 2, tooSmallCount: 0)], comparisons: [],
            curves: [:], intervals: IntervalSettings(confidence: 0.95, bootstrapReplicates: 0, seed: 0, methods: [:]),
            provenance: Provenance(
                dataFile: "d.csv", dataSHA256: "", dataBytes: 0, rowsRead: 300, rowsExcluded: [:], toolVersion: "0",
                configuration: []),
            columns: [], warnings: [])
        func analysis(_ recall: [Double?]) -> MulticlassAnalysis {
            MulticlassAnalysis(
                classes: ["cat", "big [fox]"], perClass: perClass(recall, support: [200, 100]), confusion: [[0, 0], [0, 0]],
                confusedPairs: [], roc: [], reliability: [])
        }
        results.multiclass = ["m": analysis([0.88, 0.6]), "b": analysis([0.8, 0.7])]
        return results
    }

    private func judge(_ text: String) throws -> [GateResult] {
        GateEvaluator.evaluate([try GateParser.parse(text)], results: results())
    }

    func testPerClassGatesPassFailAndNameTheClass() throws {
        let pass = try XCTUnwrap(try judge("recall[cat] >= 0.8").first)
        XCTAssertTrue(pass.passed)
        XCTAssertEqual(pass.className, "cat")
        XCTAssertEqual(pass.metric, "recall")
        XCTAssertEqual(pass.value, 0.88)
        XCTAssertEqual(pass.message, "m: recall[cat] 0.880 >= 0.800 — passed")

        let fail = try XCTUnwrap(try judge(#"recall["big [fox]"] >= baseline"#).first)
        XCTAssertFalse(fail.passed)
        XCTAssertEqual(fail.name, #"recall["big [fox]"] >= baseline"#)
        XCTAssertEqual(fail.className, "big [fox]")
        XCTAssertEqual(fail.message, #"m: recall["big [fox]"] 0.600 < 0.700 (baseline b) — failed"#)

        // With `if significant` a baseline bound is judged on the class's own interval (results
        // hold no paired comparison per class).
        let significant = try XCTUnwrap(try judge(#"recall["big [fox]"] >= baseline if significant"#).first)
        XCTAssertFalse(significant.passed, significant.message)
        XCTAssertTrue(
            significant.message.hasSuffix("— failed, significantly: the 95% interval 0.550 to 0.650 excludes 0.700"),
            significant.message)
    }

    /// Per slice, a class without rows in the slice has an undefined recall: the gate fails, as an
    /// undefined metric does, saying the class has no rows there.
    func testPerSliceGatesAndAClassWithoutRowsInTheSlice() throws {
        let results = try judge(#"recall["big [fox]"] >= 0.5 for ink"#)
        XCTAssertEqual(results.map(\.passed), [true, false])
        XCTAssertEqual(results.map(\.key), [["ink": "dark"], ["ink": "light"]])
        XCTAssertEqual(results[1].name, #"recall["big [fox]"] >= 0.5 for ink = light"#)
        XCTAssertNil(results[1].value)
        XCTAssertEqual(
            results[1].message,
            #"m: recall["big [fox]"] for ink = light is undefined (null): class "big [fox]" has no rows here, so the gate cannot pass — failed"#
        )
        let missing = try XCTUnwrap(try judge("recall[owl] >= 0.5").first)
        XCTAssertFalse(missing.passed)
        XCTAssertEqual(missing.message, "m: recall[owl] is missing from the results — failed")
    }

    /// The averaged metrics judge as any task's; a lower-is-better one with a relative bound.
    func testAveragedMulticlassMetricsAreJudged() throws {
        XCTAssertEqual(try judge("accuracy >= 0.75").map(\.passed), [true])
        XCTAssertEqual(try judge("log_loss <= baseline * 0.9").map(\.passed), [false])
        XCTAssertEqual(try judge("macro_ovr_auc >= 0.85 for ink").map(\.passed), [true, true])
    }

    func testJUnitAndSummaryEscapeTheClass() throws {
        var results = results()
        results.gates = try judge(#"recall["<b>&|*'"] >= 0.5"#)
        let xml = JUnitReport.render(results)
        XCTAssertTrue(xml.contains(#"name="recall[&quot;&lt;b&gt;&amp;|*&apos;&quot;] &gt;= 0.5""#), xml)
        XCTAssertNoThrow(try XMLDocument(xmlString: xml))
        let summary = MarkdownSummary.render(results)
        XCTAssertTrue(summary.contains(#"recall\["\<b>&\|\*'"\] >= 0.5"#), summary)
    }

    // MARK: End to end

    func testBuildExitsOneOnAFailingPerClassGateWithGatesFromTheConfigFile() throws {
        let workspace = try TestWorkspace()
        defer { workspace.remove() }
        var rng = SplitMix64(seed: 12)
        var csv = "y,p_cat,p_dog,p_big fox,ink\n"
        let classes = ["cat", "dog", "big fox"]
        for i in 0..<300 {
            let y = Int(rng.next() % 3)
            var p = (0..<3).map { _ in rng.nextUnit() + 0.05 }
            // dog is hard to tell from cat.
            p[y] += y == 1 ? 0.1 : 1
            let total = p.reduce(0, +)
            p = p.map { ($0 / total * 1000).rounded() / 1000 }
            p[2] = 1 - p[0] - p[1]
            csv += "\(classes[y]),\(p[0]),\(p[1]),\(p[2]),\(i % 2 == 0 ? "dark" : "light")\n"
        }
        _ = try workspace.write("mc.csv", csv)
        let config = try workspace.write(
            "loupe.json",
            """
            {"data": "mc.csv", "label": "y", "scores": {"m": "p_*"}, "task": "multiclass", "slices": ["ink"],
             "gates": ["recall[cat] >= 0.5", "recall[dog] >= 0.9 for ink", "recall[big fox] >= 0.5", "log_loss <= 5",
                       "macro_ovr_auc >= 0.5"]}
            """)
        let run = workspace.run([
            "build", config, "--out", workspace.path("site"), "--junit", workspace.path("junit.xml"), "--summary",
            workspace.path("summary.md"), "--quiet",
        ])
        XCTAssertEqual(run.status, 1, run.stderr)
        let results = try ResultsFile.decode(path: workspace.path("site/results.json"))
        XCTAssertEqual(
            results.gates.map(\.name),
            [
                "recall[cat] >= 0.5", "recall[dog] >= 0.9 for ink = dark", "recall[dog] >= 0.9 for ink = light",
                "recall[big fox] >= 0.5", "log_loss <= 5", "macro_ovr_auc >= 0.5",
            ])
        XCTAssertEqual(results.gates.map(\.passed), [true, false, false, true, true, true])
        XCTAssertEqual(results.gates.map(\.className), ["cat", "dog", "dog", "big fox", nil, nil])
        let dark = try XCTUnwrap(results.slices.first { $0.key == ["ink": "dark"] }?.perClass["m"]?[1].metrics["recall"]?.value)
        XCTAssertEqual(results.gates[1].value, dark)
        XCTAssertTrue(try workspace.read("junit.xml").contains(#"name="recall[dog] &gt;= 0.9 for ink = dark""#))
        // The overview's verdict names the class and shows the class's own interval as evidence.
        let index = try workspace.read("site/index.html")
        XCTAssertTrue(index.contains("Recall (TPR) of dog <strong>"), "the figures name the class")
        let recall = try XCTUnwrap(
            results.slices.first { $0.key == ["ink": "dark"] }?.perClass["m"]?[1].metrics["recall"])
        let lower = try XCTUnwrap(recall.lower).formatted3, upper = try XCTUnwrap(recall.upper).formatted3
        XCTAssertTrue(
            index.contains("Recall (TPR) of dog \(dark.formatted3) (\(lower)–\(upper)), 95% interval."),
            "the evidence is the class's interval")
        XCTAssertTrue(try workspace.read("summary.md").contains(#"recall\[dog\] >= 0.9 for ink = dark"#))

        // A multiclass fairness gate, judged once per class and group, names the class too.
        let fair = workspace.run([
            "build", config, "--fairness", "ink", "--gate", "tpr <= 1 for fairness ink", "--out", workspace.path("fair"),
            "--quiet",
        ])
        XCTAssertEqual(fair.status, 0, fair.stderr)
        let fairGates = try ResultsFile.decode(path: workspace.path("fair/results.json")).gates
        XCTAssertEqual(fairGates.count, 3 * 2)
        XCTAssertEqual(Set(fairGates.compactMap(\.className)), ["cat", "dog", "big fox"])
        XCTAssertTrue(fairGates.contains { $0.name == "tpr <= 1 for fairness ink = dark, class big fox" })
        // `tpr[dog]` narrows a multiclass fairness gate to one class: one result per group.
        let one = workspace.run([
            "build", config, "--fairness", "ink", "--gate", "tpr[dog] >= 0.99 for fairness ink", "--out",
            workspace.path("fair1"), "--quiet",
        ])
        XCTAssertEqual(one.status, 1, one.stderr)
        let oneGates = try ResultsFile.decode(path: workspace.path("fair1/results.json")).gates
        XCTAssertEqual(
            oneGates.map(\.name),
            ["tpr[dog] >= 0.99 for fairness ink = dark", "tpr[dog] >= 0.99 for fairness ink = light"])
        XCTAssertEqual(oneGates.map(\.className), ["dog", "dog"])
        XCTAssertEqual(oneGates.map(\.passed), [false, false])

        // An unknown class is a usage error before any work, naming the classes; nothing written.
        let out = workspace.path("bad")
        let bad = workspace.run(["build", config, "--gate", "recall[dogs] >= 0.5", "--out", out])
        XCTAssertEqual(bad.status, 2)
        XCTAssertEqual(
            bad.stderr,
            "loupe: gate 'recall[dogs] >= 0.5': column 7: 'dogs' is not one of the classes (did you mean 'dog'?) "
                + "(cat, dog, big fox)\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }
}

extension Double {
    /// Three decimals, as the pages print a rate.
    fileprivate var formatted3: String { String(format: "%.3f", self) }
}
