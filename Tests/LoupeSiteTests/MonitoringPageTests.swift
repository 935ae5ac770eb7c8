import Foundation
import LoupeResults
import XCTest

@testable import LoupeSite

/// monitoring.html from a hand-made `monitoring` and `detectors`: the verdict sentences, one
/// chart per headline metric with control limits and detector marks, empty windows as gaps,
/// the drift table, escaping of column names, and the page's presence in the navigation.
final class MonitoringPageTests: XCTestCase {
    /// Six weekly windows: 0–1 the reference, 2 empty, 3 where accuracy falls and detectors fire,
    /// 4–5 where a hostile-named feature drifts.
    static func results(hostile: String = "inc<o>me & \"co\"", labelDrifts: Bool = false) -> Results {
        var results = ResultsFixture(includeFairness: false).build()
        let labels = ["2025-01-06", "2025-01-13", "2025-01-20", "2025-01-27", "2025-02-03", "2025-02-10"]
        let accuracy = [0.84, 0.85, nil, 0.71, 0.83, 0.84]
        var windows: [MonitoringWindow] = []
        var first = 0
        for (index, label) in labels.enumerated() {
            let count = accuracy[index] == nil ? 0 : 1_000
            var metrics: [String: MetricSet] = [:]
            if let value = accuracy[index] {
                for model in results.models {
                    metrics[model] = ["accuracy": Metric(value, lower: value - 0.02, upper: value + 0.02)]
                }
            }
            let featureDrifted = index >= 4
            let drift: [WindowDrift] =
                count == 0
                ? []
                : [
                    WindowDrift(
                        column: hostile, role: "feature", model: nil, psi: featureDrifted ? 0.31 : 0.01, jsDistance: nil,
                        hellinger: nil, ks: nil, status: featureDrifted ? "drifted" : "stable"),
                    WindowDrift(
                        column: "defaulted", role: "label", model: nil, psi: labelDrifts && index == 3 ? 0.4 : 0.002,
                        jsDistance: nil, hellinger: nil, ks: nil, status: labelDrifts && index == 3 ? "drifted" : "stable"),
                ]
            windows.append(
                MonitoringWindow(
                    index: index, label: label, start: label + "T00:00:00Z", end: nil, firstRow: count > 0 ? first : nil,
                    lastRow: count > 0 ? first + count - 1 : nil, count: count, reference: index < 2, metrics: metrics,
                    tooSmall: false,
                    labelDistribution: count > 0
                        ? DistributionSummary(count: count, positiveRate: labelDrifts && index == 3 ? 0.3 : 0.18) : nil,
                    predictions: count > 0 ? ["candidate": DistributionSummary(count: count, mean: 0.2, positiveRate: 0.1)] : [:],
                    drift: drift))
            first += count
        }
        let limits = ControlLimit(center: 0.845, sigma: 0.005, lower: 0.83, upper: 0.86, windows: 2, higherIsBetter: true)
        results.monitoring = MonitoringResults(
            window: "week", timestamp: "application_date",
            reference: MonitoringReference(firstWindow: 0, lastWindow: 1, driftAgainst: "windows"), windows: windows,
            controlLimits: ["candidate": ["accuracy": limits], "benchmark": ["accuracy": limits]],
            alarms: [MonitoringAlarm(window: 3, model: "candidate", metric: "accuracy", value: 0.71, side: "below", worse: true)])
        let point = DetectorPoint(index: 2_412, timestamp: "2025-01-28T14:02:00Z", window: 3)
        results.detectors = [
            DetectorResult(
                name: "ddm", parameters: ["warm_start": .number(30), "drift_threshold": .number(3)], stream: "error",
                model: "candidate", length: 5_000, drifts: [point], warnings: [DetectorPoint(index: 2_300, window: 3)]),
            DetectorResult(
                name: "adwin", parameters: ["delta": .number(0.002)], stream: "error", model: "candidate", length: 5_000,
                drifts: [DetectorPoint(index: 2_500, timestamp: "2025-01-29T09:00:00Z", window: 3)], warnings: []),
            DetectorResult(
                name: "page_hinkley", parameters: ["threshold": .number(50)], stream: "error", model: "candidate",
                length: 5_000, drifts: [], warnings: []),
        ]
        return results
    }

    private func page(_ results: Results) throws -> String {
        let files = try SiteRenderer.render(results, templates: TemplateLibrary.embedded())
        return try XCTUnwrap(files.first { $0.path == "monitoring.html" }?.contents)
    }

    func testVerdictNamesTheWindowTheMetricTheAgreeingDetectorsAndTheDriftedFeature() throws {
        let page = try page(Self.results(hostile: "income"))
        XCTAssertTrue(
            page.contains(
                "Accuracy of candidate fell from 0.845 (reference) to 0.710 in the week of 2025-01-27, outside its control limits 0.830–0.860."
            ),
            page)
        XCTAssertTrue(
            page.contains("DDM and ADWIN agree on a change in the week of 2025-01-27, first at row 2,412 (2025-01-28 14:02 UTC).")
        )
        XCTAssertTrue(page.contains("The label rate did not drift in any window."))
        XCTAssertTrue(
            page.contains("income drifted (its largest PSI 0.310) from the week of 2025-02-03 on: covariate shift."), page)
        XCTAssertTrue(page.contains("cannot tell concept drift from the effect of the covariate shift"))
    }

    func testVerdictSpeaksOfTheModelUnderReviewAndCountsOnlyItsLaterAlarms() throws {
        var results = Self.results(hostile: "income")
        let m = try XCTUnwrap(results.monitoring)
        results.monitoring = MonitoringResults(
            window: m.window, timestamp: m.timestamp, reference: m.reference, windows: m.windows,
            controlLimits: m.controlLimits,
            alarms: [
                MonitoringAlarm(window: 3, model: "benchmark", metric: "accuracy", value: 0.70, side: "below", worse: true),
                MonitoringAlarm(window: 4, model: "benchmark", metric: "accuracy", value: 0.70, side: "below", worse: true),
                MonitoringAlarm(window: 4, model: "candidate", metric: "accuracy", value: 0.72, side: "below", worse: true),
            ])
        let page = try page(results)
        XCTAssertTrue(
            page.contains(
                "Accuracy of candidate fell from 0.845 (reference) to 0.720 in the week of 2025-02-03, outside its control limits 0.830–0.860."
            ),
            page)
        XCTAssertFalse(page.contains("later window"))
    }

    func testAgreementCountsTheDetectorsOfTheModelUnderReviewOnce() throws {
        var results = Self.results(hostile: "income")
        let benchmark = DetectorResult(
            name: "ddm", parameters: [:], stream: "error", model: "benchmark", length: 5_000,
            drifts: [DetectorPoint(index: 2_100, timestamp: "2025-01-27T10:00:00Z", window: 3)], warnings: [])
        results.detectors = (results.detectors ?? []) + [benchmark]
        let page = try page(results)
        XCTAssertTrue(page.contains("DDM and ADWIN agree on a change in the week of 2025-01-27, first at row 2,412"), page)
        XCTAssertFalse(page.contains("DDM, ADWIN and DDM"))
    }

    func testWithoutFeatureDriftMeasuredTheVerdictDoesNotSayTheInputsStayed() throws {
        var results = Self.results()
        let m = try XCTUnwrap(results.monitoring)
        let windows = m.windows.map { w in
            MonitoringWindow(
                index: w.index, label: w.label, start: w.start, end: w.end, firstRow: w.firstRow, lastRow: w.lastRow,
                count: w.count, reference: w.reference, metrics: w.metrics, tooSmall: w.tooSmall,
                labelDistribution: w.labelDistribution, predictions: w.predictions, drift: [])
        }
        results.monitoring = MonitoringResults(
            window: m.window, timestamp: m.timestamp, reference: m.reference, windows: windows,
            controlLimits: m.controlLimits, alarms: m.alarms)
        let page = try page(results)
        XCTAssertFalse(page.contains("inputs did not drift"))
        XCTAssertFalse(page.contains("concept drift"))
        XCTAssertTrue(page.contains("feature drift per window was not measured"))
        XCTAssertTrue(
            page.contains(
                "The label rate was 0.180 in the reference period and 0.180 in every window after it (no drift test on the label)."
            ), page)
        XCTAssertFalse(page.contains("between 0.180 and 0.180"), "equal bounds are not a range")
    }

    func testControlLimitsThatDoNotVaryAreNotWrittenAsARange() throws {
        var results = Self.results(hostile: "income")
        let m = try XCTUnwrap(results.monitoring)
        let flat = ControlLimit(center: 0.18, sigma: 0, lower: 0.18, upper: 0.18, windows: 2, higherIsBetter: true)
        results.monitoring = MonitoringResults(
            window: m.window, timestamp: m.timestamp, reference: m.reference, windows: m.windows,
            controlLimits: ["candidate": ["accuracy": flat]],
            alarms: [
                MonitoringAlarm(window: 3, model: "candidate", metric: "accuracy", value: 0.1796, side: "below", worse: true)
            ])
        let page = try page(results)
        XCTAssertFalse(page.contains("0.180–0.180"), page)
        XCTAssertTrue(
            page.contains(
                "Accuracy of candidate fell from 0.1800 (reference) to 0.1796 in the week of 2025-01-27, outside its control limits (both 0.180: the reference windows did not vary)."
            ), page)
    }

    func testDateOnlyTimestampsAreShownAsDatesWithoutAMidnightTime() throws {
        var results = Self.results(hostile: "income")
        results.detectors = results.detectors?.map { d in
            DetectorResult(
                name: d.name, parameters: d.parameters, stream: d.stream, model: d.model, length: d.length,
                drifts: d.drifts.map {
                    DetectorPoint(
                        index: $0.index, timestamp: $0.timestamp.map { String($0.prefix(10)) + "T00:00:00Z" }, window: $0.window)
                },
                warnings: [])
        }
        let page = try page(results)
        XCTAssertTrue(page.contains("first at row 2,412 (2025-01-28)."), page)
        XCTAssertFalse(page.contains("00:00 UTC"))
    }

    func testTimestampsAreShownToTheMinuteInUTCWhileResultsKeepISO() throws {
        XCTAssertEqual(Formatting.timestamp("2025-03-18T14:02:11Z"), "2025-03-18 14:02 UTC")
        XCTAssertEqual(Formatting.timestamp("2025-03-18T14:02:11.250Z"), "2025-03-18 14:02 UTC")
        XCTAssertEqual(Formatting.timestamp("2025-03-18T14:02+01:00"), "2025-03-18 14:02 +01:00")
        XCTAssertEqual(Formatting.timestamp("2025-03-18"), "2025-03-18")
        XCTAssertEqual(Formatting.timestamp("week 12"), "week 12")
        XCTAssertEqual(Formatting.timestamp("2025-04-22T00:00:00Z", dateOnly: true), "2025-04-22")
        XCTAssertEqual(Formatting.timestamp("2025-04-22T14:02:00Z", dateOnly: true), "2025-04-22 14:02 UTC")
        XCTAssertTrue(Formatting.areDates(["2025-04-22T00:00:00Z", "2025-04-23T00:00:00Z"]))
        XCTAssertFalse(Formatting.areDates(["2025-04-22T00:00:00Z", "2025-04-23T00:00:01Z"]))
        XCTAssertFalse(Formatting.areDates(["2025-04-22T00:00:00Z"]), "one midnight instant may be a real midnight")
        let page = try page(Self.results(hostile: "income"))
        XCTAssertFalse(page.contains("T14:02:00Z"), "the page shows no raw ISO instants")
        XCTAssertTrue(page.contains("row 2,412 (2025-01-28 14:02 UTC)"), "the detector table too")
    }

    func testFeaturesThatBeganToDriftInDifferentWindowsEachGetTheirOwn() throws {
        var results = Self.results(hostile: "income")
        let m = try XCTUnwrap(results.monitoring)
        let windows = m.windows.map { w in
            MonitoringWindow(
                index: w.index, label: w.label, start: w.start, end: w.end, firstRow: w.firstRow, lastRow: w.lastRow,
                count: w.count, reference: w.reference, metrics: w.metrics, tooSmall: w.tooSmall,
                labelDistribution: w.labelDistribution, predictions: w.predictions,
                drift: w.drift + [
                    WindowDrift(
                        column: "loan", role: "feature", model: nil, psi: w.index == 5 ? 0.16 : 0.01, jsDistance: nil,
                        hellinger: nil, ks: nil, status: w.index == 5 ? "drifted" : "stable")
                ])
        }
        results.monitoring = MonitoringResults(
            window: m.window, timestamp: m.timestamp, reference: m.reference, windows: windows, controlLimits: m.controlLimits,
            alarms: m.alarms)
        let page = try page(results)
        XCTAssertTrue(
            page.contains(
                "income (from the week of 2025-02-03, largest PSI 0.310) and loan (from the week of 2025-02-10, largest PSI 0.160) drifted: covariate shift."
            ), page)
    }

    func testALabelDriftIsCalledPriorShiftWithBothRates() throws {
        let page = try page(Self.results(labelDrifts: true))
        XCTAssertTrue(
            page.contains("The label rate moved from 0.180 (reference) to 0.300 in the week of 2025-01-27: prior shift."), page)
    }

    func testWithoutAlarmsOrDetectorDriftsTheVerdictSaysSoAndClaimsNoConceptDrift() throws {
        var results = Self.results()
        let monitoring = try XCTUnwrap(results.monitoring)
        results.monitoring = MonitoringResults(
            window: monitoring.window, timestamp: monitoring.timestamp, reference: monitoring.reference,
            windows: monitoring.windows, controlLimits: monitoring.controlLimits, alarms: [])
        results.detectors = results.detectors?.map {
            DetectorResult(
                name: $0.name, parameters: $0.parameters, stream: $0.stream, model: $0.model, length: $0.length, drifts: [],
                warnings: [])
        }
        let page = try page(results)
        XCTAssertTrue(
            page.contains("No window’s metric left its control limits.")
                || page.contains("No window&#39;s metric left its control limits."), page)
        XCTAssertTrue(page.contains("No detector flagged a drift (DDM, ADWIN and Page–Hinkley)."))
        XCTAssertFalse(page.contains("concept drift"))
    }

    func testMetricChartHasControlLimitsDetectorMarksAndAGapForTheEmptyWindow() throws {
        let page = try page(Self.results())
        XCTAssertEqual(page.components(separatedBy: ">Accuracy per window</title>").count, 2)
        XCTAssertTrue(page.contains(">lower limit (candidate)</text>"))
        XCTAssertTrue(page.contains(">upper limit (candidate)</text>"))
        XCTAssertTrue(page.contains(">DDM</text>") && page.contains(">ADWIN</text>"))
        XCTAssertFalse(page.contains(">Page–Hinkley</text>"), "a detector without drifts marks nothing")
        XCTAssertEqual(page.components(separatedBy: "class=\"event drift\"").count - 1, 2, "one drift mark per detector")
        XCTAssertEqual(page.components(separatedBy: "class=\"event warning\"").count - 1, 1, "DDM's warning, lighter")
        XCTAssertTrue(page.contains(">lighter: warning</text>"))
        XCTAssertTrue(page.contains(">2025-01-20</text>"), "the empty window keeps its place on the axis")
        XCTAssertTrue(page.contains("no rows"), "the drift table says the empty window had no rows")
        // The empty window breaks the line: two path pieces for each model's line.
        XCTAssertTrue(page.contains("A gap is a window without rows"))
    }

    func testColumnNamesAreEscapedEverywhere() throws {
        let page = try page(Self.results())
        XCTAssertFalse(page.contains("inc<o>me"))
        XCTAssertTrue(page.contains("inc&lt;o&gt;me &amp; &quot;co&quot;"))
    }

    func testPageIsInTheNavigationOnlyWithMonitoring() throws {
        let with = try SiteRenderer.render(Self.results(), templates: TemplateLibrary.embedded())
        XCTAssertTrue(try XCTUnwrap(with.first { $0.path == "index.html" }?.contents).contains("href=\"monitoring.html\""))
        let without = try SiteRenderer.render(
            ResultsFixture(includeFairness: false).build(), templates: TemplateLibrary.embedded())
        XCTAssertNil(without.first { $0.path == "monitoring.html" })
        XCTAssertFalse(try XCTUnwrap(without.first { $0.path == "index.html" }?.contents).contains("monitoring.html"))
    }

    func testSitePassesTheAuditWithTheMonitoringPage() throws {
        let files = try SiteRenderer.render(Self.results(), templates: TemplateLibrary.embedded())
        XCTAssertEqual(SiteAudit.problems(files.map { ($0.path, $0.contents) }), [])
    }

    func testPageSizeDependsOnWindowsNotRows() throws {
        let small = try page(Self.results())
        var results = Self.results()
        results.rowCount = 5_000_000
        XCTAssertEqual(try page(results).utf8.count, small.utf8.count, accuracy: 64)
    }

    // MARK: The verdict elsewhere

    func testOverviewHasTheVerdictAsOneFindingLinkedToTheMonitoringPage() throws {
        let files = try SiteRenderer.render(Self.results(hostile: "income"), templates: TemplateLibrary.embedded())
        let index = try XCTUnwrap(files.first { $0.path == "index.html" }?.contents)
        let verdict = try XCTUnwrap(MonitoringVerdict(Self.results(hostile: "income")))
        let summary = verdict.summary(try XCTUnwrap(Self.results().monitoring))
        XCTAssertEqual(
            summary,
            "Monitoring (6 week windows): accuracy of candidate fell from 0.845 (reference) to 0.710 in the week of 2025-01-27; DDM and ADWIN agree on a change in the week of 2025-01-27, first at row 2,412 (2025-01-28 14:02 UTC); the label rate did not drift; income drifted (its largest PSI 0.310) from the week of 2025-02-03 on: covariate shift; these numbers cannot tell concept drift from the effect of the covariate shift."
        )
        XCTAssertEqual(index.components(separatedBy: "<strong>Monitoring</strong> (6 week windows): ").count - 1, 1, index)
        let item = try XCTUnwrap(
            index.components(separatedBy: "<strong>Monitoring</strong> (6 week windows): ").last?.components(separatedBy: "</li>")
                .first)
        XCTAssertTrue(item.contains("href=\"monitoring.html\""), item)
        XCTAssertTrue(verdict.concern)
    }

    func testOverviewFindingIsNotAConcernWhenNothingMoved() throws {
        var results = Self.results(hostile: "income")
        let m = try XCTUnwrap(results.monitoring)
        let calm = m.windows.map { w in
            MonitoringWindow(
                index: w.index, label: w.label, start: w.start, end: w.end, firstRow: w.firstRow, lastRow: w.lastRow,
                count: w.count, reference: w.reference, metrics: w.metrics, tooSmall: w.tooSmall,
                labelDistribution: w.labelDistribution, predictions: w.predictions,
                drift: w.drift.map {
                    WindowDrift(
                        column: $0.column, role: $0.role, model: $0.model, psi: 0.01, jsDistance: nil, hellinger: nil, ks: nil,
                        status: "stable")
                })
        }
        results.monitoring = MonitoringResults(
            window: m.window, timestamp: m.timestamp, reference: m.reference, windows: calm, controlLimits: m.controlLimits,
            alarms: [])
        results.detectors = []
        let verdict = try XCTUnwrap(MonitoringVerdict(results))
        XCTAssertFalse(verdict.concern)
        XCTAssertEqual(
            verdict.summary(m),
            "Monitoring (6 week windows): no window’s metric left its control limits; the label rate did not drift; no feature drifted."
        )
    }

    func testModelCardPageAndMarkdownCarryTheVerdictWithItsEvidenceLink() throws {
        let results = Self.results(hostile: "income")
        var card = ModelCard()
        card.modelDetails.name = "Credit model"
        let files = try SiteRenderer.render(results, templates: TemplateLibrary.embedded(), card: card)
        let page = try XCTUnwrap(files.first { $0.path == "model-card.html" }?.contents)
        let sentences = try XCTUnwrap(MonitoringVerdict(results)).sentences
        XCTAssertTrue(page.contains("id=\"card-monitoring\""))
        XCTAssertTrue(
            page.contains("Monitored over 6 week windows of application_date; the reference period is 2025-01-06 to 2025-01-13."))
        XCTAssertTrue(page.contains("<a class=\"evidence\" href=\"monitoring.html\">"))
        XCTAssertTrue(page.contains("DDM and ADWIN agree on a change in the week of 2025-01-27"), page)
        let outputs = ModelCardOutputs.files(results: results, card: card, withSite: true)
        let markdown = try XCTUnwrap(outputs.first { $0.path == ModelCardOutputs.markdownPath }?.contents)
        XCTAssertTrue(markdown.contains("### Monitoring over time"), markdown)
        XCTAssertTrue(markdown.contains("Evidence: [monitoring](monitoring.html)."))
        XCTAssertTrue(markdown.contains("- " + (sentences.first ?? "?")), markdown)
        let hub = try XCTUnwrap(outputs.first { $0.path == ModelCardOutputs.huggingFacePath }?.contents)
        XCTAssertTrue(hub.contains("Monitoring over time"))
        let mct = try XCTUnwrap(outputs.first { $0.path == ModelCardOutputs.mctPath }?.contents)
        XCTAssertTrue(mct.contains("\"slice\": \"monitoring window 2025-01-27, outside the control limits 0.830 to 0.860\""), mct)
        XCTAssertTrue(mct.contains("\"slice\": \"monitoring reference 2025-01-06 to 2025-01-13\""), mct)
        // Without monitoring the card has no such section.
        let plain = try SiteRenderer.render(ResultsFixture().build(), templates: TemplateLibrary.embedded(), card: card)
        XCTAssertFalse(try XCTUnwrap(plain.first { $0.path == "model-card.html" }?.contents).contains("card-monitoring"))
    }

    // MARK: The drift heat map

    /// The heat map's wide SVG on the page (`narrow`: the phone's transposed drawing).
    private func heatMap(_ page: String, narrow: Bool = false) throws -> String {
        let figure = try XCTUnwrap(page.range(of: "<figure class=\"chart heatmap\">"), "the heat map is on the page")
        let marker = narrow ? "<div class=\"chart-narrow\">" : "<div class=\"chart-wide\">"
        let start = try XCTUnwrap(page[figure.upperBound...].range(of: marker))
        let end = try XCTUnwrap(page[start.upperBound...].range(of: "</div>"))
        return String(page[start.upperBound..<end.lowerBound])
    }

    func testDriftHeatMapHasAColumnPerWindowARowPerColumnAndMarksDriftedCells() throws {
        let page = try page(Self.results())
        let svg = try heatMap(page)
        XCTAssertTrue(svg.contains(">Which columns drifted from the reference, and when?</title>"))
        XCTAssertTrue(
            svg.contains(">inc&lt;o&gt;me &amp; &quot;co&quot;</tspan>") || svg.contains("inc&lt;o&gt;me &amp; &quot;c…"), svg)
        XCTAssertTrue(svg.contains(">defaulted (label)</tspan>"))
        XCTAssertTrue(svg.contains(">candidate prediction</tspan>") == false, "the fixture measures no prediction drift")
        XCTAssertEqual(svg.components(separatedBy: "<g class=\"cell").count - 1, 2 * 6, "two columns × six windows")
        XCTAssertEqual(svg.components(separatedBy: "class=\"cell flagged\"").count - 1, 2, "the feature drifted in two windows")
        XCTAssertTrue(svg.contains("the week of 2025-02-03: PSI 0.310, drifted</title>"), svg)
        XCTAssertTrue(svg.contains("the week of 2025-01-20: no rows</title>"))
        XCTAssertTrue(svg.contains("(reference window): PSI 0.010</title>"))
        XCTAssertTrue(svg.contains(">PSI ≥ 0.5</text>") && svg.contains(">drifted</text>"), "a legend with the unit")
        XCTAssertTrue(svg.contains("The grey rule ends the reference period."))
        // On a phone the windows run down the side: the same cells, transposed.
        let phone = try heatMap(page, narrow: true)
        XCTAssertEqual(phone.components(separatedBy: "<g class=\"cell").count - 1, 2 * 6)
        XCTAssertTrue(phone.contains("-drift-narrow-title\""), "ids of its own")
        let first = try XCTUnwrap(phone.range(of: ">2025-01-06</tspan>")),
            second = try XCTUnwrap(phone.range(of: ">2025-01-13</tspan>"))
        XCTAssertTrue(first.lowerBound < second.lowerBound)
        XCTAssertTrue(phone.contains("rotate(-90") && phone.contains(">defaulted (label)</tspan>"))
        XCTAssertTrue(page.contains("caption"), "the sortable table stays as the chart's fallback")
    }

    /// Windows as the demo cuts them: `count` weeks, the first two the reference, `features`
    /// feature columns drifting from the middle on.
    static func manyWindows(_ count: Int, features: Int) -> Results {
        var results = ResultsFixture(includeFairness: false).build()
        let windows = (0..<count).map { index in
            MonitoringWindow(
                index: index, label: "w\(index)", start: nil, end: nil, firstRow: index * 100, lastRow: index * 100 + 99,
                count: 100, reference: index < 2, metrics: [:], tooSmall: false,
                labelDistribution: DistributionSummary(count: 100, positiveRate: 0.2), predictions: [:],
                drift: (0..<features).map { f in
                    WindowDrift(
                        column: "feature_\(f)", role: "feature", model: nil, psi: index > count / 2 ? Double(f) / 100 : 0.01,
                        jsDistance: nil, hellinger: nil, ks: nil, status: index > count / 2 && f > 20 ? "drifted" : "stable")
                })
        }
        results.monitoring = MonitoringResults(
            window: "week", timestamp: "t",
            reference: MonitoringReference(firstWindow: 0, lastWindow: 1, driftAgainst: "windows"),
            windows: windows, controlLimits: [:], alarms: [])
        results.detectors = []
        return results
    }

    func testDriftHeatMapIsCappedInWindowsAndFeaturesSoItsSizeIsBounded() throws {
        let long = try heatMap(try page(Self.manyWindows(200, features: 60)))
        let longer = try heatMap(try page(Self.manyWindows(400, features: 60)))
        let cells = long.components(separatedBy: "<g class=\"cell").count - 1
        XCTAssertEqual(cells, MonitoringPage.heatMapWindows * MonitoringPage.heatMapFeatures)
        XCTAssertTrue(long.contains("The last 52 of 200 windows; the table below has every window."), long)
        XCTAssertTrue(long.contains("The 30 most drifted of 60 features; the table below has the rest."))
        XCTAssertTrue(long.contains(">feature_59</tspan>"), "the most drifted features are kept")
        XCTAssertFalse(long.contains(">feature_0</tspan>"))
        XCTAssertEqual(longer.utf8.count, long.utf8.count, accuracy: 200, "more windows do not make the map larger")
        XCTAssertLessThan(long.utf8.count, 600_000)
    }
}
