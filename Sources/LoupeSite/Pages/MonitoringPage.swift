import LoupeCharts
import LoupeMarkup
import LoupeResults

/// Continuous evaluation (`--window`): the verdict in sentences (which window left its control
/// limits, which detectors agree on a change, whether the label rate or the features moved),
/// then each headline metric per window with intervals and control limits (the detectors' drift
/// points marked on the first), the feature × window drift table, and the label and prediction
/// rates per window. Every number comes from results.json's `monitoring` and `detectors`; a
/// window without rows is a gap in every chart, never a zero. The page grows with windows,
/// features and detector points, not with rows.
struct MonitoringPage: SingleSitePage {
    let path = "monitoring.html"
    let title = "Monitoring"
    let template = "monitoring.html"

    static func applies(to site: Site) -> Bool { site.results.monitoring != nil }

    func context(_ site: Site) -> TemplateValue {
        guard let monitoring = site.results.monitoring else { return .object([:]) }
        let detectors = site.results.detectors ?? []
        let windows = monitoring.windows
        let verdict = MonitoringVerdict(site.results, monitoring, detectors)
        // The chart marks the detectors that watched the model under review, and the feature ones.
        let watched = detectors.filter { $0.model == nil || $0.model == Self.focusModel(site.results) }
        let metrics = MetricRegistry.headline.filter { key in
            windows.contains { window in site.results.models.contains { window.metrics[$0]?[key] != nil } }
        }
        // The detectors' marks go on the accuracy chart (accuracy is one minus the error rate
        // the error detectors watch), else on the first chart.
        let marked = metrics.contains("accuracy") ? "accuracy" : metrics.first
        let charts = metrics.map { key -> TemplateValue in
            .object([
                "chart": .html(
                    Self.metricChart(site, monitoring, detectors: key == marked ? watched : [], metric: key).render())
            ])
        }
        let reference = monitoring.reference
        let limits =
            site.results.isDataOnly
            ? " No model, so no metrics or control limits: each window's rows, drift and the feature detectors."
            : " Control limits are the reference windows' mean ± 3σ, σ no smaller than their typical standard error; a window is an alarm when it lies outside them and its own \(site.confidence) interval (the band) does not reach the reference mean."
        return .object([
            "lede": .text(
                "\(windows.count) \(Self.windowNoun(monitoring)) windows\(monitoring.timestamp.map { " of \($0)" } ?? ", in file order"); the reference period is windows \(windows[safe: reference.firstWindow]?.label ?? "?") to \(windows[safe: reference.lastWindow]?.label ?? "?").\(limits) \(Self.driftBasis(monitoring))"
            ),
            "hasCharts": .bool(!charts.isEmpty),
            "summary": .list(verdict.sentences.map(TemplateValue.text)),
            "charts": .list(charts),
            "hasDrift": .bool(windows.contains { !$0.drift.isEmpty }),
            "drift": Self.driftTable(monitoring).templateValue,
            "driftMap": .optional(Self.driftHeatMap(monitoring).map { .html(Markup.responsive($0)) }),
            "worstSlices": .optional(
                Self.worstSliceTable(monitoring, focus: Self.focusModel(site.results)).map(\.templateValue)),
            "rates": .optional(Self.rateChart(site, monitoring).map { .html($0.render()) }),
            "detectors": Self.detectorTable(monitoring, detectors).templateValue,
            "hasDetectors": .bool(!detectors.isEmpty),
        ])
    }

    /// What each window's drift is measured against, in a sentence.
    static func driftBasis(_ monitoring: MonitoringResults) -> String {
        monitoring.reference.driftAgainst == "reference file"
            ? "Drift per window is measured against the reference file\(monitoring.reference.referenceFile.map { " \(DisplayText.shortened($0))" } ?? "")."
            : "Drift per window is measured against the rows of the reference windows."
    }

    static func windowNoun(_ monitoring: MonitoringResults) -> String {
        monitoring.window == "rows" ? "row" : monitoring.window
    }

    /// "the week of 2025-03-17", "the month 2025-03", "rows 1–1000".
    static func name(_ window: MonitoringWindow, _ monitoring: MonitoringResults) -> String {
        switch monitoring.window {
        case "week": return "the week of \(window.label)"
        case "day": return window.label
        case "rows": return window.label
        default: return "the \(monitoring.window) \(window.label)"
        }
    }

    // MARK: Verdict

    /// The model the verdict speaks of: the first that is not the baseline.
    static func focusModel(_ results: Results) -> String? {
        results.models.first { $0 != results.baseline } ?? results.models.first
    }

    /// Whether the detectors' timestamps are all midnight UTC (the data's timestamps are dates),
    /// so that the page shows dates rather than a spurious "00:00 UTC".
    static func datesOnly(_ detectors: [DetectorResult]) -> Bool {
        Formatting.areDates(detectors.flatMap { ($0.drifts + $0.warnings).compactMap(\.timestamp) })
    }

    static func detectorName(_ name: String) -> String {
        switch name {
        case "page_hinkley": return "Page–Hinkley"
        case "hddm_a": return "HDDM_A"
        case "hddm_w": return "HDDM_W"
        default: return name.uppercased()
        }
    }

    static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + (items.last ?? "")
    }

    // MARK: Charts

    private static func xAxis(_ monitoring: MonitoringResults) -> Axis {
        Axis("Window", categories: monitoring.windows.map(\.label))
    }

    /// Where a row-indexed point falls on the window axis: its window's position, moved within
    /// the window by its place among the window's rows.
    static func position(_ point: DetectorPoint, _ monitoring: MonitoringResults) -> Double? {
        guard let index = point.window, let window = monitoring.windows[safe: index] else { return nil }
        guard let row = point.index, let first = window.firstRow, let last = window.lastRow, last > first else {
            return Double(index)
        }
        return Double(index) - 0.5 + Double(row - first) / Double(last - first + 1)
    }

    static func metricChart(
        _ site: Site, _ monitoring: MonitoringResults, detectors: [DetectorResult], metric key: String
    ) -> LineChart {
        let name = MetricCatalog.name(key)
        let windows = monitoring.windows
        let series = site.results.models.compactMap { model -> Series? in
            let values = windows.map { $0.metrics[model]?[key] }
            guard values.contains(where: { $0?.value != nil }) else { return nil }
            return Series(
                name: model, x: windows.indices.map(Double.init), y: values.map { $0?.value },
                lower: values.map { $0?.lower }, upper: values.map { $0?.upper },
                colorIndex: site.modelColors[model] ?? 0, markers: true)
        }
        var references: [ReferenceLine] = []
        if let model = focusModel(site.results), let limit = monitoring.controlLimits[model]?[key] {
            references.append(ReferenceLine(.horizontal(limit.lower), label: "lower limit (\(model))"))
            references.append(ReferenceLine(.horizontal(limit.upper), label: "upper limit (\(model))"))
        }
        references.append(
            ReferenceLine(.vertical(Double(monitoring.reference.lastWindow) + 0.5), label: "end of reference"))
        var events: [ChartEvent] = []
        var marked: [String] = []
        for (style, detector) in detectors.enumerated() {
            let name = detectorName(detector.name)
            let drifts = firstPerWindow(detector.drifts).compactMap { point in
                position(point, monitoring).map { ChartEvent(x: $0, name: name, style: style) }
            }
            let warnings = firstPerWindow(detector.warnings).compactMap { point in
                position(point, monitoring).map { ChartEvent(x: $0, name: name, style: style, warning: true) }
            }
            if !drifts.isEmpty || !warnings.isEmpty { marked.append(name) }
            events += warnings + drifts
        }
        var description =
            "\(name) of each model in each window with \(site.confidence) intervals as bands; grey lines are the control limits (the reference windows' mean ± 3σ) and the end of the reference period. A gap is a window without rows or with too few."
        if !marked.isEmpty {
            description +=
                " Marks above the plot: the first drift (solid) and the first warning (lighter) in each window of \(list(marked)) on the model under review (and of the feature detectors), one symbol per detector."
        }
        var chart = LineChart(
            title: "\(name) per window", description: description, xAxis: xAxis(monitoring), yAxis: Axis(name),
            series: series, references: references)
        chart.events = events
        return chart
    }

    /// A detector's first point in each window, so the marks grow with windows, not rows.
    static func firstPerWindow(_ points: [DetectorPoint]) -> [DetectorPoint] {
        var seen: Set<Int> = []
        return points.filter { point in point.window.map { seen.insert($0).inserted } ?? false }
    }

    /// The label's positive rate and each model's predicted-positive rate per window.
    static func rateChart(_ site: Site, _ monitoring: MonitoringResults) -> LineChart? {
        let windows = monitoring.windows
        var series: [Series] = []
        let label = windows.map { $0.count > 0 ? $0.labelDistribution?.positiveRate : nil }
        if label.contains(where: { $0 != nil }) {
            series.append(Series(name: "label rate", x: windows.indices.map(Double.init), y: label, colorIndex: 7, markers: true))
        }
        for model in site.results.models {
            let values = windows.map { $0.count > 0 ? ($0.predictions[model]?.positiveRate ?? $0.predictions[model]?.mean) : nil }
            guard values.contains(where: { $0 != nil }) else { continue }
            series.append(
                Series(
                    name: "\(model) prediction", x: windows.indices.map(Double.init), y: values,
                    colorIndex: site.modelColors[model] ?? 0, dashed: true, markers: true))
        }
        guard !series.isEmpty else { return nil }
        return LineChart(
            title: "Did the label rate or the predictions move?",
            description:
                "The share of positive labels (prior shift) and each model's share of predictions at or above the threshold (or mean prediction) per window. A gap is a window without rows.",
            xAxis: xAxis(monitoring), yAxis: Axis("Rate", percent: true), series: series,
            references: [ReferenceLine(.vertical(Double(monitoring.reference.lastWindow) + 0.5), label: "end of reference")])
    }

    // MARK: Drift heat map

    /// The heat map's most recent windows; earlier ones are left out (the table has them all), so
    /// the chart stays legible and its size bounded (52: a year of weeks).
    static let heatMapWindows = 52
    /// The heat map's feature rows, most drifted first; the label and the predictions are always
    /// shown, the rest of the features are counted in the note (the table has them all).
    static let heatMapFeatures = 30

    /// The colour bands: PSI's customary reading (below 0.1 no change, 0.1–0.25 a moderate
    /// change, above 0.25 a large one), with 0.5 splitting the large ones.
    static let psiBands = [
        BandedHeatMapChart.Band(below: 0.1, label: "PSI < 0.1"),
        BandedHeatMapChart.Band(below: 0.25, label: "PSI 0.1–0.25"),
        BandedHeatMapChart.Band(below: 0.5, label: "PSI 0.25–0.5"),
        BandedHeatMapChart.Band(below: nil, label: "PSI ≥ 0.5"),
    ]

    /// Column × window: each cell's PSI against the reference as a colour band, drifted cells
    /// (the build's drift rule) marked ▲, windows without rows –. Rows are the features, most
    /// drifted first (the largest PSI over the windows), then the label and each model's
    /// predictions; columns are the windows in time order with a grey rule after the reference
    /// period. `nil` when no window has drift measured.
    static func driftHeatMap(_ monitoring: MonitoringResults) -> BandedHeatMapChart? {
        struct Row {
            var column: String
            var role: String
            var model: String?
            var largest: Double
        }
        var rows: [Row] = []
        for window in monitoring.windows {
            for drift in window.drift {
                if let index = rows.firstIndex(where: {
                    $0.column == drift.column && $0.role == drift.role && $0.model == drift.model
                }) {
                    rows[index].largest = max(rows[index].largest, window.reference ? 0 : drift.psi ?? 0)
                } else {
                    rows.append(
                        Row(
                            column: drift.column, role: drift.role, model: drift.model,
                            largest: window.reference ? 0 : drift.psi ?? 0))
                }
            }
        }
        guard !rows.isEmpty else { return nil }
        let allFeatures = rows.enumerated().filter { $0.element.role == "feature" }
            .sorted { $0.element.largest != $1.element.largest ? $0.element.largest > $1.element.largest : $0.offset < $1.offset }
            .map(\.element)
        let features = Array(allFeatures.prefix(heatMapFeatures))
        let shownRows = features + rows.filter { $0.role == "label" } + rows.filter { $0.role == "prediction" }
        let windows = Array(monitoring.windows.suffix(heatMapWindows))
        let rowLabel = { (row: Row) -> String in
            switch row.role {
            case "label": return "\(row.column) (label)"
            case "prediction": return row.model.map { "\($0) prediction" } ?? row.column
            default: return row.column
            }
        }
        let cells = shownRows.map { row in
            windows.map { window -> BandedHeatMapChart.Cell in
                let place = "\(rowLabel(row)), \(name(window, monitoring))"
                guard window.count > 0 else { return BandedHeatMapChart.Cell(value: nil, tooltip: "\(place): no rows") }
                let drift = window.drift.first { $0.column == row.column && $0.role == row.role && $0.model == row.model }
                guard let drift, let psi = drift.psi else {
                    return BandedHeatMapChart.Cell(value: nil, tooltip: "\(place): PSI undefined")
                }
                let flagged = drift.status == "drifted"
                let reference = window.reference ? " (reference window)" : ""
                return BandedHeatMapChart.Cell(
                    value: psi, flagged: flagged,
                    tooltip: "\(place)\(reference): PSI \(Formatting.decimal(psi))\(flagged ? ", drifted" : "")")
            }
        }
        let lastReference = windows.lastIndex { $0.reference }.map { $0 + 1 }
        var notes: [String] = []
        if let lastReference, lastReference < windows.count {
            notes.append("The grey rule ends the reference period.")
        }
        if monitoring.windows.count > windows.count {
            notes.append("The last \(windows.count) of \(monitoring.windows.count) windows; the table below has every window.")
        }
        if allFeatures.count > features.count {
            notes.append("The \(features.count) most drifted of \(allFeatures.count) features; the table below has the rest.")
        }
        return BandedHeatMapChart(
            title: "Which columns drifted from the reference, and when?",
            description:
                "PSI of each feature, the label and each model's predictions in each window against the reference period (windows across; down the side on a phone), as colour bands (darker is more drift); ▲ marks a window where the column drifted by the build's drift rule, – a window without rows or with PSI undefined. The table below gives every value.",
            rowTitle: "Column", columnTitle: "Window", rowLabels: shownRows.map(rowLabel), columnLabels: windows.map(\.label),
            cells: cells, bands: psiBands, flagLabel: "drifted", undefinedLabel: "no rows or undefined",
            separatorAfter: lastReference, note: notes.joined(separator: " "), idSuffix: "drift")
    }

    // MARK: Tables

    /// Window × column (features, the label, predictions): PSI in each cell, drifted cells
    /// flagged; a window without rows reads "no rows". Windows are rows so that the table grows
    /// downwards with time and reads as cards on a phone.
    static func driftTable(_ monitoring: MonitoringResults) -> Table {
        let againstFile = monitoring.reference.driftAgainst == "reference file"
        // Against the reference windows those windows are the baseline; against a file, every window is compared.
        let windows = monitoring.windows.filter { againstFile || !$0.reference }
        var columns: [(column: String, role: String, model: String?)] = []
        for window in monitoring.windows {
            for drift in window.drift
            where !columns.contains(where: { $0.column == drift.column && $0.role == drift.role && $0.model == drift.model }) {
                columns.append((drift.column, drift.role, drift.model))
            }
        }
        let header =
            [Table.Column(label: "Window"), Table.Column(label: "Rows", numeric: true)]
            + columns.map { entry in
                Table.Column(
                    label: entry.column, sub: entry.role == "feature" ? "PSI" : "\(entry.role) PSI", numeric: true,
                    note: entry.model.map { "Predictions of \($0)" })
            }
        let rows = windows.map { window -> Table.Row in
            var cells: [Table.Cell] = [
                .header(HTML(escaping: window.label), sortValue: String(window.index)), .count(window.count),
            ]
            for entry in columns {
                guard window.count > 0 else {
                    var cell = Table.Cell.text("no rows")
                    cell.numeric = true
                    cells.append(cell)
                    continue
                }
                let drift = window.drift.first { $0.column == entry.column && $0.role == entry.role && $0.model == entry.model }
                guard let drift, let psi = drift.psi else {
                    cells.append(Table.Cell(content: Markup.undefined("Undefined for this window."), numeric: true))
                    continue
                }
                let flagged = drift.status == "drifted"
                var content = HTML(escaping: Formatting.decimal(psi))
                if flagged { content = Markup.badge("drifted") + HTML(trusted: " ") + content }
                cells.append(Table.Cell(content: content, numeric: true, flag: flagged, sortValue: Formatting.exact(psi)))
            }
            return Table.Row(cells: cells)
        }
        return Table(
            columns: header, rows: rows,
            caption: againstFile
                ? "Drift from the reference file per window (PSI; drifted cells flagged)"
                : "Drift from the reference windows per window after the reference period (PSI; drifted cells flagged)",
            sortable: true)
    }

    /// With `--slice`: each window's worst slice for the model under review (by the rank
    /// metric, among slices with enough rows), `nil` when no window has one.
    static func worstSliceTable(_ monitoring: MonitoringResults, focus: String?) -> Table? {
        guard let model = focus, let slicing = monitoring.windowSlices,
            monitoring.windows.contains(where: { $0.worstSlices?[model] != nil })
        else { return nil }
        let metric = MetricCatalog.name(slicing.metric)
        let columns = [
            Table.Column(label: "Window"), Table.Column(label: "Rows", numeric: true), Table.Column(label: "Worst slice"),
            Table.Column(label: metric, numeric: true), Table.Column(label: "Slice rows", numeric: true),
        ]
        let rows = monitoring.windows.map { window -> Table.Row in
            var cells: [Table.Cell] = [
                .header(HTML(escaping: window.label), sortValue: String(window.index)), .count(window.count),
            ]
            if let slice = window.worstSlices?[model] {
                let key = slice.spec.map { "\($0) = \(slice.key[$0] ?? "")" }.joined(separator: ", ")
                var value = Table.Cell.text(Formatting.estimate(slice.value, of: slicing.metric))
                value.numeric = true
                cells += [.text(key), value, .count(slice.count)]
            } else {
                var none = Table.Cell.text(window.count == 0 ? "no rows" : "no slice with enough rows")
                none.numeric = false
                cells += [none, .text(""), .text("")]
            }
            return Table.Row(cells: cells)
        }
        let skipped =
            slicing.skipped.isEmpty
            ? ""
            : "; not crossed (windows × slices above \(NumberFormat.count(slicing.maximumGroups))): "
                + slicing.skipped.map { $0.joined(separator: " × ") }.joined(separator: ", ")
        let caption = "The slice of \(model) with the worst \(metric) in each window, among slices with enough rows"
        return Table(columns: columns, rows: rows, caption: caption + skipped, sortable: true)
    }

    static func detectorTable(_ monitoring: MonitoringResults, _ detectors: [DetectorResult]) -> Table {
        let dates = datesOnly(detectors)
        let columns = [
            Table.Column(label: "Detector"), Table.Column(label: "Stream"), Table.Column(label: "Parameters"),
            Table.Column(label: "Drifts", numeric: true), Table.Column(label: "Drift points"),
            Table.Column(label: "Warnings", numeric: true),
        ]
        let rows = detectors.map { detector -> Table.Row in
            let parameters = detector.parameters.keys.sorted().map { key -> String in
                switch detector.parameters[key]! {
                case .number(let v):
                    let whole = v.magnitude < 1e15 && v == v.rounded()
                    return "\(key)=\(whole ? String(Int(v)) : Formatting.exact(v))"
                case .flag(let v): return "\(key)=\(v)"
                case .text(let v): return "\(key)=\(v)"
                }
            }.joined(separator: ", ")
            let points =
                detector.drifts.prefix(5).map { point -> String in
                    var text = point.index.map { "row \(Formatting.count($0))" } ?? ""
                    if let stamp = point.timestamp { text += " (\(Formatting.timestamp(stamp, dateOnly: dates)))" }
                    if text.isEmpty, let w = point.window, let window = monitoring.windows[safe: w] { text = window.label }
                    return text
                }.joined(separator: "; ") + (detector.drifts.count > 5 ? "; …" : "")
            return Table.Row(cells: [
                .header(HTML(escaping: detectorName(detector.name))),
                .text(detector.model.map { "\(detector.stream) (\($0))" } ?? detector.stream),
                .text(parameters.isEmpty ? "—" : parameters), .count(detector.drifts.count),
                .text(points.isEmpty ? "—" : points), .count(detector.warnings.count),
            ])
        }
        return Table(columns: columns, rows: rows, caption: "Streaming detectors", sortable: true)
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
