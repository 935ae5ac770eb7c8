import Foundation
import LoupeData
import LoupeMetrics
import LoupeResults
import LoupeSite
import XCTest

@testable import LoupeCLI
@testable import LoupeEvaluation

/// Data validation and dataset comparison end to end (issue 14): every anomaly kind with its
/// exact sentence, the schema's round trip and its located errors, the exit statuses, drift equal
/// to the kernels, drift gates, and the CI outputs.
final class DataValidationTests: XCTestCase {
    private var workspace: TestWorkspace!

    override func setUpWithError() throws {
        workspace = try TestWorkspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    /// The fixture files copied into the workspace: current, reference, schema.
    private func fixtures() throws -> (current: String, reference: String, schema: String) {
        (
            try workspace.fixture("data_current_every_anomaly.csv"),
            try workspace.fixture("data_reference_every_anomaly.csv"),
            try workspace.fixture("data_schema_every_anomaly.json")
        )
    }

    private func results(_ folder: String) throws -> Results {
        try ResultsFile.decode(path: workspace.path("\(folder)/results.json"))
    }

    // MARK: Anomalies

    func testEveryAnomalyKindHasItsExactSentenceAndSeverity() throws {
        let (current, reference, schema) = try fixtures()
        let run = workspace.run([
            "build", "--data", current, "--reference", reference, "--schema", schema, "--environment", "serving",
            "--out", workspace.path("site"), "--quiet",
        ])
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: workspace.path("site/index.html")), "the site is still written")
        let anomalies = try XCTUnwrap(try results("site").anomalies)
        let found = anomalies.map { "\($0.severity) \($0.kind.rawValue) \($0.column): \($0.message)" }
        XCTAssertEqual(
            found,
            [
                "error out_of_range age: Column 'age': expected values in [18, 90], found 2 rows (20%) outside it, e.g. 12 (line 3), 95 (line 5).",
                "error out_of_domain city: Column 'city': expected values in its domain ('Bergen', 'Oslo', 'Trondheim'), found 2 rows (20%) outside it, e.g. 'Tromsø' (2 rows, first on line 4).",
                "error domain_mass region: Column 'region': expected at least 90% of values in its domain ('East', 'North', 'West'), found 80%: 2 rows outside it, e.g. 'South' (2 rows, first on line 5).",
                "warning out_of_domain channel: Column 'channel': expected values in its domain ('app', 'web'), found 1 row (10%) outside it, e.g. 'fax' (1 row, first on line 7).",
                "error missing_share income: Column 'income': expected at least 90% of rows with a value, found 70% (3 of 10 rows missing).",
                "error kind_changed code: Column 'code': expected numeric values, found categorical values in 10 rows, e.g. 'x7' (line 4).",
                "error missing_column score: Column 'score' is missing: the schema requires it in environment 'serving', found no such column in \(current).",
                "error drift tenure: Column 'tenure' drifted: PSI 8.283 ≥ 0.2.",
                "warning unexpected_column note: Column 'note' is not in the schema: expected only the schema's 9 columns, found it in \(current) (categorical, 10 rows).",
            ])
        XCTAssertEqual(Set(anomalies.map(\.kind)), Set(DataAnomaly.Kind.allCases), "every kind is exercised")
        let range = try XCTUnwrap(anomalies.first { $0.kind == .outOfRange })
        XCTAssertEqual(range.expected, "values in [18, 90]")
        XCTAssertEqual(range.found, "2 rows outside")
        XCTAssertEqual(range.rows, 2)
        XCTAssertEqual(range.examples, ["12 (line 3)", "95 (line 5)"])
        // Errors are shown even with --quiet, warnings are not.
        XCTAssertTrue(run.stderr.contains("loupe: data error: Column 'tenure' drifted: PSI 8.283 ≥ 0.2.\n"), run.stderr)
        XCTAssertFalse(run.stderr.contains("data warning"), run.stderr)
    }

    /// `absentIn` frees a column only in the environment named: without `--environment` the
    /// label is required too.
    func testTheEnvironmentDecidesWhetherAnAbsentLabelIsMissing() throws {
        let (current, _, schema) = try fixtures()
        let run = workspace.run(["build", "--data", current, "--schema", schema, "--out", workspace.path("site"), "--quiet"])
        XCTAssertEqual(run.status, 1)
        let missing = try XCTUnwrap(try results("site").anomalies).filter { $0.kind == .missingColumn }.map(\.message)
        XCTAssertEqual(
            missing,
            [
                "Column 'score' is missing: the schema requires it, found no such column in \(current).",
                "Column 'y' is missing: the schema requires it, found no such column in \(current).",
            ])
    }

    /// The config keys `reference`, `schema` and `environment` reach the build, paths relative to
    /// the config file, and provenance records them as flags.
    func testConfigKeysReachTheBuild() throws {
        let (_, reference, schema) = try fixtures()
        let config = try workspace.write(
            "loupe.json",
            """
            {"data": "data_current_every_anomaly.csv", "reference": "data_reference_every_anomaly.csv",
             "schema": "data_schema_every_anomaly.json", "environment": "serving", "out": "site"}
            """)
        let run = workspace.run(["build", config, "--quiet"])
        XCTAssertEqual(run.status, 1, run.stderr)
        let results = try results("site")
        XCTAssertEqual(results.data?.schemaFile, schema)
        XCTAssertEqual(results.data?.reference?.file, reference)
        XCTAssertEqual(results.data?.environment, "serving")
        let flags = results.provenance.configuration
        XCTAssertEqual(flags.suffix(6), ["--reference", reference, "--schema", schema, "--environment", "serving"])
    }

    // MARK: The schema

    /// `loupe schema` writes a schema that reads back equal, is written again byte for byte,
    /// and passes the data it was inferred from (exit 0, no anomaly).
    func testInferredSchemaRoundTripsAndPassesItsOwnData() throws {
        let (_, reference, _) = try fixtures()
        let out = workspace.path("schema.json")
        let run = workspace.run(["schema", reference, "--out", out, "--label", "tenure"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        let schema = try DataSchemaFile.read(path: out)
        XCTAssertEqual(schema.jsonText(), text)
        let table = try TableReader.read(path: reference)
        XCTAssertEqual(schema, DataSchema.infer(from: table, file: reference, absentInServing: ["tenure"]))
        XCTAssertEqual(schema.environments, ["training", "serving"])
        XCTAssertEqual(schema.column("tenure")?.absentIn, ["serving"])
        XCTAssertEqual(schema.column("city")?.domain, ["Bergen", "Oslo", "Tromsø", "Trondheim"])
        XCTAssertEqual(schema.column("income")?.minPresence, 0.7)
        XCTAssertEqual(schema.column("age")?.range, DataSchema.ValueRange(min: 12, max: 95))
        XCTAssertTrue(
            text.hasPrefix("{\n  \"schema\": \"loupe.data-schema/v1\",\n  \"environments\": [\"training\", \"serving\"],"))

        let build = workspace.run(["build", "--data", reference, "--schema", out, "--out", workspace.path("site")])
        XCTAssertEqual(build.status, 0, build.stderr)
        XCTAssertEqual(try results("site").anomalies, [])
        // An existing schema is not overwritten without --force.
        XCTAssertEqual(workspace.run(["schema", reference, "--out", out]).status, 2)
    }

    /// A schema the reader refuses names the file, line and column, exits 2 and writes nothing.
    func testBadSchemaNamesFileLineAndColumnAndWritesNothing() throws {
        let (current, _, _) = try fixtures()
        let cases: [(String, String)] = [
            ("{\"schema\": \"loupe.data-schema/v1\",\n \"columns\": [}", "bad.json:2:14: not valid JSON: "),
            (
                "{\"schema\": \"loupe.data-schema/v1\", \"environments\": [],\n \"columns\": [{\"name\": \"a\", \"kind\": \"numeric\", \"required\": \"yes\"}]}",
                "bad.json:2:59: columns[0].required: expected true or false, got \"yes\""
            ),
            (
                "{\"schema\": \"loupe.data-schema/v1\", \"environments\": [],\n \"columns\": [{\"name\": \"a\", \"kind\": \"numeric\", \"required\": true, \"minPresense\": 1}]}",
                "bad.json:2:80: columns[0]: unknown key 'minPresense' (did you mean 'minPresence'?)"
            ),
            (
                "{\"schema\": \"loupe.data-schema/v1\", \"environments\": [],\n \"columns\": [{\"name\": \"a\", \"kind\": \"number\", \"required\": true}]}",
                "bad.json:2:36: columns[0].kind: expected numeric, categorical or timestamp, got 'number'"
            ),
            (
                "{\"schema\": \"loupe.data-schema/v1\", \"environments\": [],\n \"columns\": [{\"name\": \"a\", \"kind\": \"numeric\", \"required\": true,\n   \"range\": {\"min\": 5, \"max\": 1}}]}",
                "bad.json:3:13: columns[0].range: min 5 is above max 1"
            ),
            (
                "{\"schema\": \"loupe.data-schema/v1\", \"environments\": [\"training\"],\n \"columns\": [{\"name\": \"a\", \"kind\": \"numeric\", \"required\": true, \"absentIn\": [\"serving\"]}]}",
                "bad.json:2:77: columns[0].absentIn: 'serving' is not one of the schema's environments (training)"
            ),
            (
                "{\"schema\": \"loupe.data-schema/v1\", \"environments\": [],\n \"columns\": [{\"name\": \"a\", \"kind\": \"numeric\", \"required\": true, \"minPresence\": 1.5}]}",
                "bad.json:2:80: columns[0].minPresence: expected a share between 0 and 1, got 1.5"
            ),
        ]
        for (text, message) in cases {
            let path = try workspace.write("bad.json", text)
            let run = workspace.run(["build", "--data", current, "--schema", path, "--out", workspace.path("site")])
            XCTAssertEqual(run.status, 2, text)
            XCTAssertTrue(run.stderr.hasPrefix("loupe: \(workspace.path(message))"), "\(run.stderr) ≠ \(message)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: workspace.path("site")), "nothing is written")
        }
        // An environment the schema does not declare is a usage error.
        let (_, _, schema) = try fixtures()
        let run = workspace.run([
            "build", "--data", current, "--schema", schema, "--environment", "prod", "--out", workspace.path("site"),
        ])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("--environment: 'prod' is not one of"), run.stderr)
        XCTAssertEqual(workspace.run(["build", "--data", current, "--environment", "serving"]).status, 2)
    }

    // MARK: Exit statuses

    /// 0 clean, 1 error-level anomalies (site written), 2 bad input (nothing written).
    func testExitStatusesZeroOneTwo() throws {
        let (current, reference, schema) = try fixtures()
        let inferred = workspace.path("inferred.json")
        XCTAssertEqual(workspace.run(["schema", current, "--out", inferred]).status, 0)
        XCTAssertEqual(
            workspace.run(["build", "--data", current, "--schema", inferred, "--out", workspace.path("a"), "--quiet"]).status,
            0)
        XCTAssertEqual(
            workspace.run(["build", "--data", current, "--schema", schema, "--out", workspace.path("b"), "--quiet"]).status, 1)
        XCTAssertTrue(FileManager.default.fileExists(atPath: workspace.path("b/results.json")))
        // Without a schema, drift alone is reported, not an anomaly: exit 0.
        XCTAssertEqual(
            workspace.run(["build", "--data", current, "--reference", reference, "--out", workspace.path("c"), "--quiet"])
                .status, 0)
        XCTAssertNil(try results("c").anomalies)
        // `loupe render` of results with error anomalies exits 1 too, the site written.
        let render = workspace.run(["render", workspace.path("b/results.json"), "--out", workspace.path("r"), "--quiet"])
        XCTAssertEqual(render.status, 1, render.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: workspace.path("r/index.html")))
        let missing = workspace.run([
            "build", "--data", current, "--reference", workspace.path("nope.csv"), "--out", workspace.path("d"),
        ])
        XCTAssertEqual(missing.status, 2)
        XCTAssertFalse(FileManager.default.fileExists(atPath: workspace.path("d")))
    }

    // MARK: Drift

    /// results.json's distances are the kernels' on the same columns, bit for bit.
    func testDriftResultsEqualTheKernels() throws {
        let (current, reference, _) = try fixtures()
        let run = workspace.run(["build", "--data", current, "--reference", reference, "--out", workspace.path("site")])
        XCTAssertEqual(run.status, 0, run.stderr)
        let results = try results("site")
        let drift = try XCTUnwrap(results.drift)
        XCTAssertEqual(drift.map(\.column), ["age", "city", "region", "channel", "income", "tenure", "note"])
        let a = try TableReader.read(path: reference), b = try TableReader.read(path: current)
        let tenure = DataDrift.numericDrift(
            reference: SortedSample(a.column("tenure")!.numbers), current: SortedSample(b.column("tenure")!.numbers))
        let income = DataDrift.numericDrift(
            reference: SortedSample(a.column("income")!.numbers), current: SortedSample(b.column("income")!.numbers))
        let city = DataDrift.categoricalDrift(
            referenceCounts: CategoryCounts(codes: a.column("city")!.codes, names: a.column("city")!.dictionary),
            currentCounts: CategoryCounts(codes: b.column("city")!.codes, names: b.column("city")!.dictionary))
        for (name, kernel) in [("tenure", tenure), ("income", income), ("city", city)] {
            let found = try XCTUnwrap(drift.first { $0.column == name })
            let expected = DriftStage.result(
                column: name, kind: found.kind, role: .feature, kernel, thresholds: .defaults)
            XCTAssertEqual(found, expected, name)
            XCTAssertEqual(found.psi, kernel.populationStabilityIndex)
            XCTAssertEqual(found.ks?.pValue, kernel.kolmogorovSmirnov?.pValue)
            XCTAssertEqual(found.lInfinity, kernel.lInfinity)
        }
        let t = try XCTUnwrap(drift.first { $0.column == "tenure" })
        XCTAssertEqual(t.verdict.status, "drifted")
        XCTAssertEqual(t.verdict.test, "psi")
        XCTAssertEqual(t.referenceMissing, 0)
        XCTAssertEqual(try XCTUnwrap(drift.first { $0.column == "income" }).currentMissing, 3)
        XCTAssertEqual(try XCTUnwrap(drift.first { $0.column == "age" }).verdict.status, "stable")
        // Statistics of both data sets, every column in file order.
        let data = try XCTUnwrap(results.data)
        XCTAssertEqual(data.current.columns.map(\.name), b.columnNames)
        XCTAssertEqual(data.reference?.rowCount, 20)
        XCTAssertEqual(data.current.columns.first { $0.name == "income" }?.missing, 3)
        XCTAssertEqual(data.current.columns.first { $0.name == "income" }?.numeric?.mean, 970.0 / 7)
    }

    /// A significant KS test alone does not flag a column: a million-row-style shift of 0.02 in
    /// the CDF has p ≈ 0 but stays stable under the minimum effect of 0.1; 0.15 drifts on KS.
    func testSignificanceWithoutEffectIsNotDrift() {
        let reference = SortedSample((0..<100_000).map { Double($0) / 100_000 })
        func shifted(_ by: Double) -> SortedSample { SortedSample((0..<100_000).map { Double($0) / 100_000 + by }) }
        let small = DriftStage.verdict(
            column: "x", DataDrift.numericDrift(reference: reference, current: shifted(0.02)), thresholds: .defaults)
        XCTAssertEqual(small.status, "stable")
        XCTAssertEqual(small.test, "psi")
        XCTAssertTrue(small.message.hasPrefix("Column 'x' is stable: PSI "), small.message)
        XCTAssertTrue(small.message.hasSuffix("; KS p < 0.001, D 0.020."), small.message)
        let ks = DataDrift.numericDrift(reference: reference, current: shifted(0.15))
        let strict = DriftThresholds(psi: 100, pValue: 0.05, minimumEffect: 0.1)
        let large = DriftStage.verdict(column: "x", ks, thresholds: strict)
        XCTAssertEqual(large.status, "drifted")
        XCTAssertEqual(large.test, "ks")
        XCTAssertEqual(large.effect, ks.kolmogorovSmirnov?.statistic)
        XCTAssertEqual(large.message, "Column 'x' drifted: KS p < 0.001 (below 0.05) with D 0.150 ≥ 0.1.")
    }

    /// In a model build the label (prior shift) and each model's prediction are compared too.
    func testModelBuildComparesTheLabelAndEachPrediction() throws {
        var rows = ["y,p,q,f"]
        for i in 0..<60 { rows.append("\(i % 2),\(Double(i % 10) / 10),\(Double(i % 7) / 7),\(i)") }
        let reference = try workspace.write("ref.csv", rows.joined(separator: "\n") + "\n")
        let current = try workspace.write("cur.csv", rows.joined(separator: "\n") + "\n")
        let run = workspace.run([
            "build", "--data", current, "--reference", reference, "--label", "y", "--score", "a=p", "--score", "b=q",
            "--bootstrap", "0", "--out", workspace.path("site"), "--quiet",
        ])
        XCTAssertEqual(run.status, 0, run.stderr)
        let drift = try XCTUnwrap(try results("site").drift)
        XCTAssertEqual(
            drift.map { "\($0.column) \($0.role) \($0.model ?? "-")" },
            ["y label -", "p prediction a", "q prediction b", "f feature -"])
        XCTAssertEqual(drift.map(\.psi), [0, 0, 0, 0])
        XCTAssertEqual(drift.map(\.verdict.status), ["stable", "stable", "stable", "stable"])
        // Without --reference or --schema a model build's results.json has none of the data keys.
        let plain = workspace.run([
            "build", "--data", current, "--label", "y", "--score", "a=p", "--bootstrap", "0", "--out",
            workspace.path("plain"), "--quiet",
        ])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        let text = try workspace.read("plain/results.json")
        for key in ["\"data\"", "\"drift\"", "\"anomalies\""] { XCTAssertFalse(text.contains(key), key) }
    }

    // MARK: Gates and CI outputs

    func testDriftGatesJudgeColumnsAndNeedAReference() throws {
        let (current, reference, _) = try fixtures()
        let run = workspace.run([
            "build", "--data", current, "--reference", reference, "--out", workspace.path("site"), "--quiet",
            "--gate", "drift:psi <= 0.2 for tenure", "--gate", "drift:l_infinity <= 0.5", "--gate", "drift:ks < 0.5 for city",
        ])
        XCTAssertEqual(run.status, 1)
        let gates = try results("site").gates
        XCTAssertEqual(
            gates.map { "\($0.passed ? "pass" : "fail") \($0.name): \($0.message)" },
            [
                "fail drift:psi <= 0.2 for tenure: psi of 'tenure' is 8.283, > 0.2 — failed",
                "pass drift:l_infinity <= 0.5 for city: l_infinity of 'city' is 0.000, <= 0.5",
                "pass drift:l_infinity <= 0.5 for region: l_infinity of 'region' is 0.000, <= 0.5",
                "pass drift:l_infinity <= 0.5 for channel: l_infinity of 'channel' is 0.000, <= 0.5",
                "pass drift:l_infinity <= 0.5 for note: l_infinity of 'note' is 0.000, <= 0.5",
                "fail drift:ks < 0.5 for city: ks of 'city' does not apply to a categorical column — failed",
            ])
        XCTAssertEqual(gates.first?.value, try results("site").drift?.first { $0.column == "tenure" }?.psi)
        // Without --reference a drift gate is a usage error; a data-only build takes no model gate.
        let noReference = workspace.run(["build", "--data", current, "--gate", "drift:psi <= 0.2"])
        XCTAssertEqual(noReference.status, 2)
        XCTAssertTrue(noReference.stderr.contains("a drift gate needs --reference FILE"), noReference.stderr)
        let modelGate = workspace.run(["build", "--data", current, "--reference", reference, "--gate", "roc_auc >= 0.7"])
        XCTAssertEqual(modelGate.status, 2)
        XCTAssertTrue(modelGate.stderr.contains("needs a model"), modelGate.stderr)
        XCTAssertThrowsError(
            try GateParser.resolve(
                try GateParser.parse("drift:psi <= baseline"), models: [], baseline: nil, slices: [], task: nil))
    }

    /// With a schema every anomaly is a JUnit test case (errors fail) and a summary line.
    func testEveryAnomalyIsAJUnitCaseAndASummaryLine() throws {
        let (current, reference, schema) = try fixtures()
        let run = workspace.run([
            "build", "--data", current, "--reference", reference, "--schema", schema, "--environment", "serving",
            "--out", workspace.path("site"), "--junit", workspace.path("junit.xml"), "--summary", workspace.path("s.md"),
            "--quiet",
        ])
        XCTAssertEqual(run.status, 1)
        let junit = try workspace.read("junit.xml")
        XCTAssertTrue(junit.contains("<testsuites name=\"loupe\" tests=\"9\" failures=\"7\" errors=\"0\">"), junit)
        XCTAssertTrue(junit.contains("<testsuite name=\"loupe.data\" tests=\"9\" failures=\"7\""), junit)
        XCTAssertTrue(
            junit.contains(
                "<testcase classname=\"loupe.data.drift\" name=\"tenure: drift\">\n      <failure message=\"Column &apos;tenure&apos; drifted: PSI 8.283 ≥ 0.2.\" type=\"data\">"
            ), junit)
        XCTAssertTrue(
            junit.contains("<system-out>warning: Column &apos;note&apos; is not in the schema"), junit)
        let summary = try workspace.read("s.md")
        XCTAssertTrue(
            summary.contains(
                "### Data anomalies\n\n**7 errors, 2 warnings.**\n\n- ❌ Column 'age': expected values in \\[18, 90\\]"), summary)
        XCTAssertTrue(summary.contains("- ⚠️ Column 'note' is not in the schema"), summary)
        XCTAssertTrue(summary.contains("Data only: 10 rows, 8 columns of"), summary)
        // Without a schema there is no data suite.
        XCTAssertFalse(JUnitReport.render(try results("site").withoutAnomalies).contains("loupe.data"))
    }

    /// A data-only build's results.json conforms to the schema, with every field documented.
    func testDataOnlyResultsConformToTheSchema() throws {
        let (current, reference, schema) = try fixtures()
        _ = workspace.run([
            "build", "--data", current, "--reference", reference, "--schema", schema, "--out", workspace.path("site"),
            "--quiet",
        ])
        let text = try workspace.read("site/results.json")
        XCTAssertEqual(try SchemaTests.validator().violations(of: text), [])
        let results = try results("site")
        XCTAssertTrue(results.isDataOnly)
        XCTAssertEqual(results.title, "Data of data_current_every_anomaly.csv")
        XCTAssertFalse(results.provenance.configuration.contains("--label"))
        XCTAssertEqual(results.data?.schemaFile, schema)
        // Values beyond double precision (read as ±infinity) leave statistics null, still conforming.
        let huge = try workspace.write("huge.csv", "a,b\n1e400,x\n1,y\n-1e400,\n")
        let hugeReference = try workspace.write("huge_ref.csv", "a,b\n1,x\n2,x\n")
        let run = workspace.run(["build", "--data", huge, "--reference", hugeReference, "--out", workspace.path("huge")])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try SchemaTests.validator().violations(of: workspace.read("huge/results.json")), [])
        let render = workspace.run(["render", workspace.path("huge/results.json"), "--out", workspace.path("again")])
        XCTAssertEqual(render.status, 0, render.stderr)
    }

    /// A data-only site (with the model-less overview and whatever data pages exist) passes the
    /// site audit: ids unique, every reference and link resolving, chart text inside its chart.
    func testDataOnlySitePassesTheSiteAudit() throws {
        let (current, reference, schema) = try fixtures()
        let run = workspace.run([
            "build", "--data", current, "--reference", reference, "--schema", schema, "--environment", "serving",
            "--out", workspace.path("site"), "--quiet",
        ])
        XCTAssertEqual(run.status, 1, run.stderr)
        let pages = SiteChecksTests.pages(in: workspace.path("site"))
        XCTAssertFalse(pages.isEmpty)
        XCTAssertEqual(SiteAudit.referenceProblems(pages), [])
        XCTAssertEqual(SiteAudit.chartTextProblems(pages), [])
    }

    /// The data schema's JSON Schema documents every key the reader accepts, and an inferred
    /// schema conforms to it.
    func testDataSchemaIsDocumentedByItsJSONSchema() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let validator = try SchemaValidator(
            schemaText: String(contentsOf: root.appendingPathComponent("schema/data-schema.schema.json"), encoding: .utf8))
        let (current, _, schema) = try fixtures()
        XCTAssertEqual(try validator.violations(of: String(contentsOfFile: schema, encoding: .utf8)), [])
        let inferred = DataSchema.infer(from: try TableReader.read(path: current), file: current, absentInServing: ["age"])
        XCTAssertEqual(try validator.violations(of: inferred.jsonText()), [])
        let column = try XCTUnwrap(
            SchemaValidator.member("$defs", of: validator.schema).flatMap { SchemaValidator.member("Column", of: $0) })
        let documented = SchemaValidator.member("properties", of: column).map(SchemaValidator.keys) ?? []
        XCTAssertEqual(documented, Set(DataSchemaFile.columnKeys))
    }

    // MARK: Statistics

    /// Timestamps: first and last instant, rows per UTC day and per Monday-based week.
    func testTimestampStatisticsCountDaysAndMondayWeeks() {
        // 2024-01-06 (Saturday) 23:00, 2024-01-07 (Sunday) 00:30, 2024-01-08 (Monday) 12:00.
        let base = Double(19_728) * 86_400  // 2024-01-06
        let s = TimestampStatistics([base + 82_800, .nan, base + 88_200, base + 2 * 86_400 + 43_200])
        XCTAssertEqual(s.count, 3)
        XCTAssertEqual(s.missingCount, 1)
        XCTAssertEqual(s.perDay, [1, 1, 1])
        XCTAssertEqual(s.perWeek, [2, 1])
        XCTAssertEqual(s.firstWeekStart.map(CivilDay.text), "2024-01-01")
        XCTAssertEqual(CivilDay.text(19_728), "2024-01-06")
        XCTAssertEqual(s.first.map(CivilDay.instant), "2024-01-06T23:00:00Z")
        XCTAssertEqual(CivilDay.instant(0.5), "1970-01-01T00:00:00.5Z")
        XCTAssertEqual(CivilDay.text(-1), "1969-12-31")
    }
}

extension Results {
    fileprivate var withoutAnomalies: Results {
        var copy = self
        copy.anomalies = nil
        return copy
    }
}
