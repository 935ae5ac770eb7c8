import LoupeCharts
import LoupeMarkup
import LoupeResults

/// Plain sentences about a regression model's residuals, each linked to the chart that shows it:
/// columns the residuals depend on, bias, autocorrelation, errors that grow with the prediction,
/// and a non-normal shape; or that no structure was found.
///
/// A test finding is reported when its p-value (Holm-adjusted over the columns, for columns) is
/// below `alpha` and the effect is large enough to matter: |r| or η at least `minimumCorrelation`,
/// an autocorrelation outside the band. With millions of rows tiny effects are significant; the
/// effect floor keeps the list to what is worth acting on.
enum ResidualFindings {
    static let alpha = 0.05
    static let minimumCorrelation = 0.05
    /// Skewness or excess kurtosis beyond these is called out.
    static let skewLimit = 0.5
    static let kurtosisLimit = 1.0
    /// How many columns the findings name at most.
    static let columnFindings = 3

    struct Finding {
        var sentence: HTML
        var href: String
        var concern: Bool
    }

    /// Columns strongest first (|value|, then name); undefined strengths last.
    static func rankedFeatures(_ analysis: ResidualAnalysis) -> [(String, FeatureCorrelation)] {
        analysis.featureCorrelations.sorted { a, b in
            let x = a.value.value.map(\.magnitude) ?? -1, y = b.value.value.map(\.magnitude) ?? -1
            return x != y ? x > y : a.key < b.key
        }
    }

    static func featureAnchor(_ name: String) -> String { "feature-" + Slug.make(name, fallback: "column") }

    static func derive(_ site: Site, model: String, analysis: ResidualAnalysis, page: String = "") -> [Finding] {
        var findings: [Finding] = []
        let ranked = rankedFeatures(analysis)
        for (index, (name, c)) in ranked.enumerated() where findings.count < columnFindings {
            guard let value = c.value, value.magnitude >= minimumCorrelation, let p = c.holmPValue ?? c.pValue, p < alpha
            else { continue }
            let href = page + (index < ResidualsPage.featureCharts ? "#" + featureAnchor(name) : "#features")
            let pText = "p \(Formatting.pValue(p, inline: true))"
            if c.kind == "categorical" {
                let worst = c.categories.max { ($0.mean.value ?? 0).magnitude < ($1.mean.value ?? 0).magnitude }
                var text = "The mean residual differs by \(name) (η = \(Formatting.decimal(value)), ANOVA \(pText))"
                if let worst, let mean = worst.mean.value {
                    text +=
                        "; the model \(mean > 0 ? "under" : "over")-predicts most for \(name) = \(worst.category) (mean residual \(Formatting.signed(mean)))"
                }
                findings.append(Finding(sentence: Markup.text(text + "."), href: href, concern: true))
            } else {
                let text =
                    "Residuals correlate with \(name) (r = \(Formatting.decimal(value)), \(pText)), a column the model may be missing or using too little."
                findings.append(Finding(sentence: Markup.text(text), href: href, concern: true))
            }
        }
        let metrics = site.overall(model)
        if let bias = metrics["mean_residual"], let mean = bias.value, let lower = bias.lower, let upper = bias.upper,
            lower > 0 || upper < 0
        {
            let text =
                "The model \(mean > 0 ? "under" : "over")-predicts on average: mean residual \(Formatting.signed(mean)) \(Formatting.interval(bias, signed: true) ?? "")."
            findings.append(Finding(sentence: Markup.text(text), href: page + "#distribution", concern: true))
        }
        if let acf = analysis.autocorrelation {
            let outside = zip(acf.lags, zip(acf.values, acf.bartlettBand)).compactMap { lag, pair -> Int? in
                guard let value = pair.0 else { return nil }
                return value.magnitude > pair.1 ? lag : nil
            }
            let ljung = acf.ljungBox.last
            if let ljung, ljung.pValue < alpha, !outside.isEmpty {
                var text = "Residuals are autocorrelated \(ResidualsPage.orderText(analysis))"
                var details: [String] = []
                if let dw = analysis.durbinWatson { details.append("Durbin–Watson \(Formatting.decimal(dw))") }
                details.append("Ljung–Box p \(Formatting.pValue(ljung.pValue, inline: true)) at \(acf.ljungBox.count) lags")
                let shown = outside.prefix(5).map(String.init).joined(separator: ", ")
                details.append("lag\(outside.count == 1 ? "" : "s") \(shown)\(outside.count > 5 ? ", …" : "") outside the band")
                text +=
                    " (" + details.joined(separator: "; ")
                    + "): errors come in runs, which a feature of time or a lagged value may explain."
                findings.append(Finding(sentence: Markup.text(text), href: page + "#autocorrelation", concern: true))
            }
        }
        if let bp = analysis.breuschPagan, bp.pValue < alpha {
            let sds = analysis.trend.compactMap(\.standardDeviation)
            let third = max(1, sds.count / 3)
            let low = sds.prefix(third).reduce(0, +) / Double(third), high = sds.suffix(third).reduce(0, +) / Double(third)
            let verb = high > low * 1.2 ? "grow with" : high < low / 1.2 ? "shrink as" : "change with"
            var text = "Errors \(verb) the prediction (Breusch–Pagan p \(Formatting.pValue(bp.pValue, inline: true))"
            if sds.count >= 3 && low > 0 {
                text +=
                    "; residual sd \(Formatting.decimal(low)) in the lowest third of predictions, \(Formatting.decimal(high)) in the highest"
            }
            text += "): intervals of a single width will be too wide for some rows and too narrow for others."
            findings.append(Finding(sentence: Markup.text(text), href: page + "#spread", concern: true))
        }
        let moments = analysis.moments
        if let skew = moments.skewness, let kurtosis = moments.kurtosis,
            skew.magnitude > skewLimit || kurtosis > kurtosisLimit
        {
            var parts: [String] = []
            if skew.magnitude > skewLimit {
                parts.append(
                    "skewed \(skew > 0 ? "right (large under-predictions)" : "left (large over-predictions)"), skewness \(Formatting.decimal(skew))"
                )
            }
            if kurtosis > kurtosisLimit { parts.append("heavy-tailed, excess kurtosis \(Formatting.decimal(kurtosis))") }
            let text = "The residuals are not normal: " + parts.joined(separator: "; ") + "."
            findings.append(Finding(sentence: Markup.text(text), href: page + "#distribution", concern: false))
        }
        if findings.isEmpty {
            findings.append(
                Finding(
                    sentence: Markup.text(
                        "No structure found in the residuals: no column, trend, run or change of spread stands out at p < \(Formatting.decimal(alpha))."
                    ), href: page + "#vs-predicted", concern: false))
        }
        return findings
    }
}
