import LoupeCharts
import LoupeMarkup
import LoupeResults

/// This run beside earlier ones (`--history`): a sentence per model on the rank metric against
/// the previous run, a chart per headline metric across runs (one line per model, intervals as
/// bands, this run marked), the same for each slicing spec's weakest slices, and a table of runs.
///
/// Runs come in the order results.json lists them (oldest first), this run last. A model or
/// slice that a run does not have leaves a gap in its line, never a zero.
struct HistoryPage: SingleSitePage {
    let path = "history.html"
    let title = "History"
    let template = "history.html"

    static func applies(to site: Site) -> Bool { site.hasHistory }

    /// One run as the page draws it: earlier runs and this one alike.
    struct Run {
        var label: String
        var stamp: RunStamp
        var source: String?
        var models: [String]
        var overall: [String: MetricSet]
        var slices: [SliceResult]
        var rowCount: Int?
        var isCurrent: Bool

        func slice(_ spec: [String], _ key: [String: String]) -> SliceResult? {
            slices.first { $0.spec == spec && $0.key == key }
        }
    }

    /// Earlier runs then this one; each labelled by its id, else its model version, else its
    /// date, else its file name (with as many folders as tell it from the other runs' files).
    static func runs(_ results: Results) -> [Run] {
        let files = fileLabels((results.history ?? []).map(\.source))
        var runs = (results.history ?? []).map { run in
            Run(
                label: label(run.run) ?? files[run.source] ?? fileLabel(run.source), stamp: run.run, source: run.source,
                models: run.models,
                overall: run.overall, slices: run.slices, rowCount: run.rowCount ?? count(run.overall, run.models),
                isCurrent: false)
        }
        let stamp = results.run ?? RunStamp()
        runs.append(
            Run(
                label: label(stamp) ?? "this run", stamp: stamp, source: nil, models: results.models,
                overall: results.overall, slices: results.slices, rowCount: results.rowCount, isCurrent: true))
        return runs
    }

    static func label(_ stamp: RunStamp) -> String? {
        [stamp.id, stamp.modelVersion, stamp.date].compactMap { $0 }.first { !$0.isEmpty }
    }

    /// Each file's label: `runs/r1.json` → `r1`; `a/results.json` beside `b/results.json` →
    /// `a/results` and `b/results`, so unstamped runs in folders of their own are told apart.
    static func fileLabels(_ sources: [String]) -> [String: String] {
        let parts = sources.map { source -> [String] in
            var components = source.split(separator: "/").map(String.init)
            if let last = components.last, last.hasSuffix(".json"), last.count > 5 {
                components[components.count - 1] = String(last.dropLast(5))
            }
            return components
        }
        var labels: [String: String] = [:]
        for (index, source) in sources.enumerated() {
            let own = parts[index]
            var depth = 1
            while depth < own.count,
                parts.enumerated().contains(where: { other in
                    other.offset != index && other.element != own && other.element.suffix(depth) == own.suffix(depth)
                })
            {
                depth += 1
            }
            labels[source] = own.suffix(depth).joined(separator: "/")
        }
        return labels
    }

    /// `runs/r1.json` → `r1`.
    static func fileLabel(_ source: String) -> String {
        let name = source.split(separator: "/").last.map(String.init) ?? source
        return name.hasSuffix(".json") && name.count > 5 ? String(name.dropLast(5)) : name
    }

    private static func count(_ overall: [String: MetricSet], _ models: [String]) -> Int? {
        models.lazy.compactMap { overall[$0]?["count"]?.value }.first.flatMap { Int(safely: $0.rounded()) }
    }

    /// Models of this run first (in its order), then models only earlier runs had.
    static func models(_ site: Site, _ runs: [Run]) -> [String] {
        var models = site.results.models
        for run in runs { for model in run.models where !models.contains(model) { models.append(model) } }
        return models
    }

    func context(_ site: Site) -> TemplateValue {
        let runs = Self.runs(site.results)
        let models = Self.models(site, runs)
        var colors = site.modelColors
        for model in models where colors[model] == nil { colors[model] = colors.count }
        let metrics = MetricRegistry.headline.filter { key in
            runs.contains { run in run.models.contains { run.overall[$0]?[key] != nil } }
        }
        let earlier = runs.count - 1
        let sentences = Self.summary(site, runs)
        return .object([
            "lede": .text(
                "This run beside \(earlier) earlier run\(earlier == 1 ? "" : "s"), oldest first. Each line is a model; bands are each run's \(site.confidence) intervals; the last point, marked “this run”, is this report's."
            ),
            "summary": .list(sentences.map(TemplateValue.text)),
            "hasSummary": .bool(!sentences.isEmpty),
            "charts": .list(
                metrics.map { key in
                    .object(["chart": .html(Self.overallChart(site, runs, models: models, colors: colors, metric: key).render())])
                }),
            "slices": .list(Self.sliceSections(site, runs, models: models, colors: colors)),
            "table": Self.runTable(site, runs, models: models).templateValue,
        ])
    }

    // MARK: Summary

    /// "ROC AUC of candidate: 0.712 now, 0.731 in the previous run (v1.3, 2026-10-01): −0.019."
    static func summary(_ site: Site, _ runs: [Run]) -> [String] {
        guard runs.count > 1 else { return [] }
        let current = runs[runs.count - 1]
        let previous = runs[runs.count - 2]
        let key = site.rankMetric
        let name = MetricCatalog.name(key)
        let which = "the previous run (\(describe(previous)))"
        return current.models.map { model in
            let now = current.overall[model]?[key]?.value
            let nowText = now.map(Formatting.decimal) ?? "undefined"
            guard previous.models.contains(model) else {
                return "\(name) of \(model): \(nowText) now; \(model) was not in \(which)."
            }
            let before = previous.overall[model]?[key]?.value
            let beforeText = before.map(Formatting.decimal) ?? "undefined"
            var sentence = "\(name) of \(model): \(nowText) now, \(beforeText) in \(which)"
            if let now, let before { sentence += ": \(Formatting.signed(now - before))" }
            return sentence + "."
        }
    }

    /// `v1.3, 2026-10-01`, or the run's id, or its file name.
    static func describe(_ run: Run) -> String {
        let parts = [run.stamp.modelVersion, run.stamp.date].compactMap { $0 }.filter { !$0.isEmpty }
        if !parts.isEmpty { return parts.joined(separator: ", ") }
        return run.label
    }

    // MARK: Charts

    private static func xAxis(_ runs: [Run]) -> Axis {
        Axis("Run (oldest first)", categories: runs.map(\.label))
    }

    private static func thisRun(_ runs: [Run]) -> ReferenceLine {
        ReferenceLine(.vertical(Double(runs.count - 1)), label: "this run")
    }

    /// One series per model over the runs: `values(run, model)` gives the metric or nil (a gap).
    private static func series(
        _ runs: [Run], models: [String], colors: [String: Int], values: (Run, String) -> Metric?
    ) -> [Series] {
        models.compactMap { model in
            let metrics = runs.map { values($0, model) }
            guard metrics.contains(where: { $0?.value != nil }) else { return nil }
            let hasBands = metrics.contains { $0?.lower != nil && $0?.upper != nil }
            return Series(
                name: model, x: runs.indices.map(Double.init), y: metrics.map { $0?.value },
                lower: hasBands ? metrics.map { $0?.lower } : nil, upper: hasBands ? metrics.map { $0?.upper } : nil,
                colorIndex: colors[model] ?? 0, markers: true)
        }
    }

    static func overallChart(_ site: Site, _ runs: [Run], models: [String], colors: [String: Int], metric key: String)
        -> LineChart
    {
        let name = MetricCatalog.name(key)
        return LineChart(
            title: "\(name) across runs",
            description:
                "\(name) of each model in each run, oldest first, with \(site.confidence) intervals as bands; the dashed grey line marks this run. A gap means the model was not in that run or the metric was undefined.",
            xAxis: xAxis(runs), yAxis: Axis(name),
            series: series(runs, models: models, colors: colors) { run, model in run.overall[model]?[key] },
            references: [thisRun(runs)])
    }

    /// Per slicing spec of this run: its weakest slice for each model on the rank metric (the
    /// largest gap to overall), charted across runs.
    static func sliceSections(_ site: Site, _ runs: [Run], models: [String], colors: [String: Int]) -> [TemplateValue] {
        let key = site.rankMetric
        let earlier = runs.dropLast()
        return site.specs.compactMap { spec -> TemplateValue? in
            let slices = (site.slicesBySpec[spec.name] ?? []).filter { !$0.tooSmall }
            var chosen: [SliceResult] = []
            var weakestFor: [[String]] = []
            for model in site.results.models {
                let weakest = slices.filter { $0.gap[model]?.worse != nil }.max { a, b in
                    (a.gap[model]?.worse ?? 0) < (b.gap[model]?.worse ?? 0)
                }
                guard let weakest else { continue }
                if let index = chosen.firstIndex(of: weakest) {
                    weakestFor[index].append(model)
                } else {
                    chosen.append(weakest)
                    weakestFor.append([model])
                }
            }
            guard !chosen.isEmpty else { return nil }
            let columns = chosen[0].spec
            let withoutSpec = earlier.filter { run in !run.slices.contains { $0.spec == columns } }.map(\.label)
            var notes: [String] = []
            if !withoutSpec.isEmpty {
                notes.append("Not sliced by \(spec.name) in \(list(withoutSpec)).")
            }
            let charts = zip(chosen, weakestFor).map { slice, weakModels -> TemplateValue in
                let label = site.label(of: slice)
                let why = "The weakest \(spec.name) slice of \(weakModels.joined(separator: " and ")) in this run."
                let missing = earlier.filter { run in
                    run.slices.contains { $0.spec == columns } && run.slice(slice.spec, slice.key) == nil
                }.map(\.label)
                let chart = LineChart(
                    title: "\(MetricCatalog.name(key)) on \(label) across runs",
                    description:
                        "\(MetricCatalog.name(key)) of each model on the slice \(label) in each run, oldest first, with \(site.confidence) intervals as bands; the dashed grey line marks this run. A gap means the run did not have this slice or model, or the slice was too small.",
                    xAxis: xAxis(runs), yAxis: Axis(MetricCatalog.name(key)),
                    series: series(runs, models: models, colors: colors) { run, model in
                        run.slice(slice.spec, slice.key)?.metrics[model]?[key]
                    },
                    references: [thisRun(runs)])
                return .object([
                    "chart": .html(chart.render()),
                    "why": .text(why),
                    "note": .optional(missing.isEmpty ? nil : .text("\(label) was not among the slices of \(list(missing)).")),
                ])
            }
            return .object([
                "name": .text(spec.name),
                "href": .text(site.specHref(spec.name)),
                "notes": .list(notes.map(TemplateValue.text)),
                "charts": .list(charts),
            ])
        }
    }

    private static func list(_ labels: [String]) -> String {
        let quoted = labels.map { "run \($0)" }
        guard quoted.count > 1 else { return quoted.first ?? "" }
        return quoted.dropLast().joined(separator: ", ") + " and " + (quoted.last ?? "")
    }

    // MARK: Table

    static func runTable(_ site: Site, _ runs: [Run], models: [String]) -> Table {
        let key = site.rankMetric
        var columns = [
            Table.Column(label: "Run"), Table.Column(label: "ID"), Table.Column(label: "Model version"),
            Table.Column(label: "Date"), Table.Column(label: "Results file"), Table.Column(label: "Rows", numeric: true),
        ]
        columns += models.map { Table.Column(label: $0, sub: MetricCatalog.name(key), numeric: true) }
        let rows = runs.map { run -> Table.Row in
            var cells: [Table.Cell] = [
                .header(
                    run.isCurrent ? Markup.text(run.label) + HTML(trusted: " ") + Markup.tag("this run") : Markup.text(run.label)),
                .text(run.stamp.id ?? "—"), .text(run.stamp.modelVersion ?? "—"), .text(run.stamp.date ?? "—"),
                .text(run.source ?? "—"),
            ]
            cells.append(run.rowCount.map(Table.Cell.count) ?? .text("—"))
            for model in models {
                if run.models.contains(model) {
                    cells.append(.metric(key, run.overall[model]?[key]))
                } else {
                    var cell = Table.Cell.text("not evaluated")
                    cell.numeric = true
                    cells.append(cell)
                }
            }
            return Table.Row(cells: cells, className: run.isCurrent ? "current-run" : nil)
        }
        return Table(columns: columns, rows: rows, caption: "Runs, oldest first", sortable: true)
    }
}
