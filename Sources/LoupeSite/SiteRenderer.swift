import LoupeCharts
import LoupeResults

/// Draws the report site from a `Results` value alone.
///
/// Pages: `index.html` (verdict, findings, weakest slices, what was evaluated), `slices.html`
/// (when there are slices), `fairness.html` (when there is a fairness analysis), `comparison.html`
/// (when models were compared with the baseline, paired), `history.html` (when earlier runs were
/// given with `--history`), and
/// `model-<slug>.html` per model (for a regression, its residual analysis). Output depends only on the input:
/// no clock, no randomness, dictionaries walked in sorted order, so the same results give
/// byte-identical files.
public enum SiteRenderer {
    /// - Parameter resultsHref: where the footer's link to the exact values points, relative
    ///   to the site folder.
    public static func render(_ results: Results, templates: TemplateLibrary, resultsHref: String = "results.json") throws
        -> [SiteFile]
    {
        let site = Site(results: results, resultsHref: resultsHref)
        var files: [SiteFile] = []
        // The sort script is a template too (it can be overridden), rendered once for all pages.
        let script = try templates.render("sort.js", .object([:]))

        func page(_ path: String, template: String, title: String, id: Site.PageID, context: TemplateValue, sortable: Bool) throws
        {
            let body = try templates.render(template, context)
            let layout = site.layoutContext(pageTitle: title, page: id, content: body, script: sortable ? script : nil)
            files.append(SiteFile(path: path, contents: try templates.render("layout.html", layout)))
        }

        try page(
            "index.html", template: "index.html", title: "Overview", id: .overview,
            context: IndexPage.context(site), sortable: true)
        if !results.slices.isEmpty {
            try page(
                "slices.html", template: "slices.html", title: "Slices", id: .slices,
                context: SlicesPage.context(site), sortable: true)
        }
        if !site.fairness.isEmpty {
            try page(
                "fairness.html", template: "fairness.html", title: "Fairness", id: .fairness,
                context: FairnessPage.context(site), sortable: true)
        }
        if !site.comparedModels.isEmpty {
            try page(
                "comparison.html", template: "comparison.html", title: "Comparison", id: .comparison,
                context: ComparisonPage.context(site), sortable: true)
        }
        if site.hasHistory {
            try page(
                "history.html", template: "history.html", title: "History", id: .history,
                context: HistoryPage.context(site), sortable: true)
        }
        for model in results.models {
            guard let path = site.modelPages[model], !files.contains(where: { $0.path == path }) else { continue }
            if let analysis = results.residuals[model] {
                try page(
                    path, template: "residuals.html", title: "\(model): residuals", id: .model(model),
                    context: ResidualsPage.context(site, model: model, analysis: analysis), sortable: true)
            } else {
                try page(
                    path, template: "model.html", title: model, id: .model(model),
                    context: ModelPage.context(site, model: model), sortable: false)
            }
        }
        return files
    }
}
