import Foundation
import LoupeCharts
import LoupeResults

/// The body of a regression model's page (`ModelPage`): its metrics, then what its residuals
/// (label − prediction) say — findings first, each linked to its chart — then the charts:
/// residuals against the prediction, predicted against actual, the residual distribution,
/// residuals against every other column, autocorrelation in time order, the spread against the
/// prediction, and the largest errors.
enum ResidualsPage {
    /// How many columns get a chart of their own (the table lists them all).
    static let featureCharts = 4
    /// Points of the fitted normal curve over the histogram.
    static let curvePoints = 81

    static func context(_ site: Site, model: String, analysis: ResidualAnalysis) -> TemplateValue {
        let color = site.modelColors[model] ?? 0
        let metrics = site.overall(model)
        let label = site.results.label
        let findings = ResidualFindings.derive(site, model: model, analysis: analysis)
        let ranked = ResidualFindings.rankedFeatures(analysis)
        return .object([
            "model": .text(model),
            "swatch": .html(Markup.swatch(color)),
            "isBaseline": .bool(model == site.baseline),
            "baseline": .optional(site.baseline.flatMap { $0 == model ? nil : .text($0) }),
            "rankMetric": .text(site.rankName),
            "rankValue": .text(Formatting.estimate(metrics[site.rankMetric])),
            "r2": .text(Formatting.estimate(metrics["r2"])),
            "metrics": ModelPage.metricsTable(site, model: model).templateValue,
            "confidence": .text(site.confidence),
            "label": .text(label),
            "count": .text(Formatting.count(analysis.count)),
            "order": .text(orderText(analysis)),
            "findings": .list(
                findings.map { finding in
                    .object([
                        "sentence": .html(finding.sentence), "href": .text(finding.href), "concern": .bool(finding.concern),
                    ])
                }),
            "vsPredicted": .html(residualsVsPredicted(analysis, model: model, label: label, color: color).render()),
            "actual": .html(
                predictedVsActual(analysis, model: model, label: label, r2: metrics["r2"]?.value, color: color).render()),
            "histogram": .html(histogram(analysis, model: model, color: color).render()),
            "qq": .html(quantilePlot(analysis, model: model, color: color).render()),
            "shape": shapeTable(analysis).templateValue,
            "features": .optional(ranked.isEmpty ? nil : featureTable(site, ranked).templateValue),
            "featureCharts": .list(
                ranked.prefix(featureCharts).map { name, correlation in
                    .object([
                        "anchor": .text(ResidualFindings.featureAnchor(name)),
                        "chart": .html(featureChart(site, name: name, correlation, model: model, color: color).render()),
                    ])
                }),
            "autocorrelation": .optional(
                analysis.autocorrelation.map { acf in
                    .object([
                        "chart": .html(
                            autocorrelationChart(acf, model: model, order: orderText(analysis), color: color).render()),
                        "table": serialTable(analysis, acf).templateValue,
                    ])
                }),
            "spread": .html(spreadChart(analysis, model: model, label: label, color: color).render()),
            "breuschPagan": .optional(
                analysis.breuschPagan.map { test in
                    .text(
                        "Breusch–Pagan (Koenker) LM = \(Formatting.decimal(test.statistic)), p \(Formatting.pValue(test.pValue, inline: true))"
                            + (test.fStatistic.map { "; F = \(Formatting.decimal($0))" } ?? ""))
                }),
            "largest": .optional(analysis.largestErrors.isEmpty ? nil : largestTable(analysis).templateValue),
            "largestCount": .text(Formatting.count(analysis.largestErrors.count)),
        ])
    }

    static func orderText(_ analysis: ResidualAnalysis) -> String {
        if analysis.order == "timestamp", let column = analysis.orderColumn { return "in \(column) order" }
        return "in file row order"
    }

    // MARK: Charts

    static func density(_ grid: ResidualDensity?, color: Int) -> DensityCells? {
        grid.map { DensityCells(xEdges: $0.xEdges, yEdges: $0.yEdges, counts: $0.counts.map(Double.init), colorIndex: color) }
    }

    static func outsideNote(_ grid: ResidualDensity?) -> String? {
        guard let outside = grid?.outside, outside > 0 else { return nil }
        return "\(Formatting.count(outside)) row\(outside == 1 ? "" : "s") outside the plotted range"
    }

    static func residualsVsPredicted(_ analysis: ResidualAnalysis, model: String, label: String, color: Int) -> ScatterChart {
        let bins = analysis.trend
        let x = bins.map(\.x)
        var series = [Series(name: "mean residual", x: x, y: bins.map { Optional($0.mean) }, colorIndex: color)]
        if bins.allSatisfy({ $0.quantiles.count == 5 }) && !bins.isEmpty {
            series.append(
                Series(name: "10% quantile", x: x, y: bins.map { Optional($0.quantiles[0]) }, colorIndex: 7, dashed: true))
            series.append(
                Series(name: "90% quantile", x: x, y: bins.map { Optional($0.quantiles[4]) }, colorIndex: 7, dashed: true))
        }
        return ScatterChart(
            title: "Residuals against the prediction (\(model))",
            description:
                "Where the rows fall (darker cells hold more rows), the mean residual per prediction bin, and the 10% and 90% quantiles. Residuals that look like noise centre on the zero line everywhere.",
            xAxis: Axis("Predicted \(label)"), yAxis: Axis("Residual (actual − predicted)"),
            density: density(analysis.residualDensity, color: color),
            series: series, references: [ReferenceLine(.horizontal(0), label: "zero")],
            note: outsideNote(analysis.residualDensity),
            idSuffix: "vs-predicted")
    }

    static func predictedVsActual(_ analysis: ResidualAnalysis, model: String, label: String, r2: Double?, color: Int)
        -> ScatterChart
    {
        var note = r2.map { "R² = \(Formatting.decimal($0))" }
        if let outside = outsideNote(analysis.actualDensity) {
            note = [note, outside].compactMap { $0 }.joined(separator: " · ")
        }
        return ScatterChart(
            title: "Predicted against actual (\(model))",
            description:
                "Each cell counts the rows with that prediction and actual value; a perfect model puts every row on the diagonal.",
            xAxis: Axis("Predicted \(label)"), yAxis: Axis("Actual \(label)"),
            density: density(analysis.actualDensity, color: color),
            references: [ReferenceLine(.identity, label: "actual = predicted")], note: note, idSuffix: "actual")
    }

    static func histogram(_ analysis: ResidualAnalysis, model: String, color: Int) -> HistogramChart {
        let edges = analysis.histogram?.edges ?? []
        let counts = analysis.histogram?.counts.map(Double.init) ?? []
        var curve: Series?
        if let mean = analysis.moments.mean, let sd = analysis.moments.standardDeviation, sd > 0, edges.count > 1 {
            // The normal density with the residuals' mean and sd, scaled to rows per bin.
            let width = edges[1] - edges[0]
            let rows = Double(counts.reduce(0, +))
            let low = edges[0], high = edges[edges.count - 1]
            let x = (0..<curvePoints).map { low + (high - low) * Double($0) / Double(curvePoints - 1) }
            let y = x.map { v -> Double? in
                let z = (v - mean) / sd
                return rows * width * exp(-(z * z) / 2) / (sd * (2 * Double.pi).squareRoot())
            }
            curve = Series(name: "normal fit", x: x, y: y, colorIndex: 7)
        }
        return HistogramChart(
            title: "Distribution of the residuals (\(model))",
            description: "Rows per residual bin, with the normal distribution of the same mean and standard deviation.",
            xAxis: Axis("Residual (actual − predicted)"), yAxis: Axis("Rows"), edges: edges,
            series: [(name: "residuals", counts: counts, colorIndex: color)], curve: curve, idSuffix: "histogram")
    }

    static func quantilePlot(_ analysis: ResidualAnalysis, model: String, color: Int) -> ScatterChart {
        var chart = ScatterChart(
            title: "Normal Q–Q plot (\(model))",
            description:
                "Standardized residuals against the quantiles of a standard normal distribution; points on the diagonal mean normal residuals, an S-shape heavy tails.",
            xAxis: Axis("Standard normal quantile"), yAxis: Axis("Standardized residual"),
            points: [
                ScatterPoints(
                    name: "residual quantiles", x: analysis.quantiles.map(\.theoretical), y: analysis.quantiles.map(\.sample),
                    colorIndex: color)
            ],
            references: [ReferenceLine(.identity, label: "normal")], idSuffix: "qq")
        // Heavy tails reach far beyond the normal quantiles: each axis fits its own data.
        chart.sharedRange = false
        return chart
    }

    static func featureChart(_ site: Site, name: String, _ correlation: FeatureCorrelation, model: String, color: Int)
        -> any Chart
    {
        if correlation.kind == "categorical" {
            let rows = correlation.categories.map { category in
                IntervalRow(
                    category: "\(category.category) (\(Formatting.count(category.count)))", seriesIndex: 0,
                    value: category.mean.value, lower: category.mean.lower, upper: category.mean.upper,
                    flagged: (category.mean.lower ?? 0) > 0 || (category.mean.upper ?? 0) < 0)
            }
            return IntervalChart(
                title: "Mean residual by \(name) (\(model))",
                description:
                    "Mean residual per value of \(name) with \(site.confidence) intervals; ▲ marks values whose interval excludes zero, where the model is biased.",
                axis: Axis("Mean residual (actual − predicted)"), seriesNames: [model], seriesColors: [color], rows: rows,
                references: [0: 0], referenceLabel: "zero", idSuffix: "feature-" + ResidualFindings.featureAnchor(name))
        }
        let bins = correlation.trend
        let series = Series(
            name: "mean residual", x: bins.map(\.x), y: bins.map { Optional($0.mean) }, lower: bins.map(\.lower),
            upper: bins.map(\.upper), colorIndex: color)
        return ScatterChart(
            title: "Mean residual against \(name) (\(model))",
            description:
                "The mean residual per quantile bin of \(name), with its \(site.confidence) interval. A flat line on zero means the model has used what this column knows.",
            xAxis: Axis(name, unit: correlation.unit), yAxis: Axis("Mean residual (actual − predicted)"), series: [series],
            references: [ReferenceLine(.horizontal(0), label: "zero")],
            idSuffix: "feature-" + ResidualFindings.featureAnchor(name))
    }

    static func autocorrelationChart(_ acf: ResidualAutocorrelation, model: String, order: String, color: Int) -> StemChart {
        StemChart(
            title: "Autocorrelation of the residuals (\(model))",
            description:
                "The correlation of each residual with the one k rows earlier, \(order), with Bartlett's 95% band; lags outside the band mean errors come in runs.",
            lags: acf.lags, values: acf.values, band: .perLag(acf.bartlettBand), colorIndex: color, idSuffix: "acf")
    }

    static func spreadChart(_ analysis: ResidualAnalysis, model: String, label: String, color: Int) -> LineChart {
        let bins = analysis.trend
        let x = bins.map(\.x)
        var series = [Series(name: "standard deviation", x: x, y: bins.map(\.standardDeviation), colorIndex: color)]
        if bins.allSatisfy({ $0.quantiles.count == 5 }) && !bins.isEmpty {
            series.append(
                Series(
                    name: "10–90% range", x: x, y: bins.map { Optional($0.quantiles[4] - $0.quantiles[0]) }, colorIndex: 7,
                    dashed: true))
        }
        var references: [ReferenceLine] = []
        if let sd = analysis.moments.standardDeviation {
            references.append(ReferenceLine(.horizontal(sd), label: "overall sd \(Formatting.decimal(sd))"))
        }
        return LineChart(
            title: "Residual spread against the prediction (\(model))",
            description:
                "The standard deviation and the 10–90% range of the residuals per prediction bin. A flat line means errors of the same size everywhere; a rising one, errors that grow with the prediction.",
            xAxis: Axis("Predicted \(label)"), yAxis: Axis("Residual spread", min: 0), series: series, references: references,
            idSuffix: "spread")
    }

    // MARK: Tables

    static func shapeTable(_ analysis: ResidualAnalysis) -> Table {
        let m = analysis.moments
        func number(_ x: Double?) -> Table.Cell { x.map { .text(Formatting.decimal($0)) } ?? .text("undefined") }
        var rows = [
            Table.Row(cells: [.header(Markup.text("Mean")), number(m.mean), .text("0 when the model is unbiased")]),
            Table.Row(cells: [.header(Markup.text("Standard deviation")), number(m.standardDeviation), .text("")]),
            Table.Row(cells: [.header(Markup.text("Skewness")), number(m.skewness), .text("0 for a symmetric distribution")]),
            Table.Row(cells: [
                .header(Markup.text("Excess kurtosis")), number(m.kurtosis), .text("0 for a normal; above 0, heavy tails"),
            ]),
        ]
        if let jb = m.jarqueBera {
            rows.append(
                Table.Row(cells: [
                    .header(Markup.text("Jarque–Bera")), .text(Formatting.decimal(jb.statistic)),
                    .text("p \(Formatting.pValue(jb.pValue, inline: true)) (normality)"),
                ]))
        }
        return Table(
            columns: [
                Table.Column(label: "Statistic"), Table.Column(label: "Value", numeric: true), Table.Column(label: "Reading"),
            ],
            rows: rows, sortable: false)
    }

    static func featureTable(_ site: Site, _ ranked: [(String, FeatureCorrelation)]) -> Table {
        let columns = [
            Table.Column(label: "Column"), Table.Column(label: "Kind"),
            Table.Column(
                label: "Strength", sub: "r or η", numeric: true,
                note:
                    "Pearson's r with the residual for a numeric column (with its \(site.confidence) interval); the correlation ratio η for a categorical one."
            ),
            Table.Column(
                label: "p-value", numeric: true, note: "Pearson's t-test, or the one-way ANOVA F-test for a categorical column."),
            Table.Column(label: "Holm p", numeric: true, note: "Adjusted for testing every column."),
            Table.Column(label: "Spearman ρ", numeric: true),
            Table.Column(label: "Rows", numeric: true),
        ]
        let rows = ranked.enumerated().map { index, item -> Table.Row in
            let (name, c) = item
            let strength = Metric(c.value, lower: c.lower, upper: c.upper)
            let significant = (c.holmPValue ?? 1) < 0.05
            let anchor = index < featureCharts ? "#" + ResidualFindings.featureAnchor(name) : nil
            var nameCell = Table.Cell.header(anchor.map { Markup.link(name, href: $0) } ?? Markup.text(name), sortValue: name)
            nameCell.flag = significant
            var strengthCell = Table.Cell.metric("correlation", strength)
            strengthCell.flag = significant
            func p(_ x: Double?) -> Table.Cell {
                guard let x else { return .text("—") }
                var cell = Table.Cell.text(Formatting.pValue(x))
                cell.numeric = true
                cell.sortValue = Formatting.exact(x)
                return cell
            }
            var spearman = Table.Cell.text(c.spearman.map(Formatting.decimal) ?? "—")
            spearman.numeric = true
            spearman.sortValue = c.spearman.map(Formatting.exact)
            return Table.Row(cells: [
                nameCell, .text(c.kind), strengthCell, p(c.pValue), p(c.holmPValue), spearman, .count(c.count),
            ])
        }
        return Table(
            columns: columns, rows: rows,
            caption: "Every other column of the data against the residual, strongest first. Marked: Holm-adjusted p below 0.05.")
    }

    static func serialTable(_ analysis: ResidualAnalysis, _ acf: ResidualAutocorrelation) -> Table {
        var rows: [Table.Row] = []
        if let dw = analysis.durbinWatson {
            rows.append(
                Table.Row(cells: [
                    .header(Markup.text("Durbin–Watson")), .text(Formatting.decimal(dw)),
                    .text("2 when residuals are uncorrelated; below 2, positive autocorrelation"),
                ]))
        }
        for lag in [1, 5, 10, 20] where lag <= acf.ljungBox.count {
            let test = acf.ljungBox[lag - 1]
            rows.append(
                Table.Row(cells: [
                    .header(Markup.text("Ljung–Box, lags 1–\(lag)")), .text(Formatting.decimal(test.statistic)),
                    .text("p \(Formatting.pValue(test.pValue, inline: true))"),
                ]))
        }
        return Table(
            columns: [
                Table.Column(label: "Test"), Table.Column(label: "Statistic", numeric: true), Table.Column(label: "Reading"),
            ],
            rows: rows, sortable: false)
    }

    static func largestTable(_ analysis: ResidualAnalysis) -> Table {
        let names = analysis.largestErrors.flatMap(\.values.keys).reduce(into: [String]()) { names, name in
            if !names.contains(name) { names.append(name) }
        }.sorted()
        // A column whose shown values are all numbers is right-aligned and sorts by value.
        let numericColumns = Set(
            names.filter { name in
                analysis.largestErrors.allSatisfy { error in error.values[name].map { Double($0) != nil } ?? true }
            })
        let columns =
            [
                Table.Column(label: "Row", numeric: true, note: "The data row (1 = the first row after the header)."),
                Table.Column(label: "Actual", numeric: true), Table.Column(label: "Predicted", numeric: true),
                Table.Column(label: "Residual", numeric: true),
            ] + names.map { Table.Column(label: $0, numeric: numericColumns.contains($0)) }
        let rows = analysis.largestErrors.map { error in
            func number(_ x: Double) -> Table.Cell {
                var cell = Table.Cell.text(Formatting.decimal(x))
                cell.numeric = true
                cell.sortValue = Formatting.exact(x)
                cell.number = Table.Cell.Number(kind: "value", value: x, lower: nil, upper: nil)
                return cell
            }
            return Table.Row(
                cells: [.count(error.row), number(error.label), number(error.prediction), number(error.residual)]
                    + names.map { name in
                        guard let text = error.values[name] else { return .text("—") }
                        guard numericColumns.contains(name), let x = Double(text) else { return .text(text) }
                        var cell = Table.Cell.text(text)
                        cell.numeric = true
                        cell.sortValue = Formatting.exact(x)
                        return cell
                    })
        }
        return Table(columns: columns, rows: rows, caption: "The rows with the largest absolute residuals, largest first.")
    }
}
