import LoupeCharts
import LoupeResults

/// Draws the report site from a `Results` value alone.
///
/// The pages are those of `pageKinds` that apply to the results, drawn and listed in the
/// navigation bar in that order. Output depends only on the input: no clock, no randomness,
/// dictionaries walked in sorted order, so the same results give byte-identical files.
public enum SiteRenderer {
    /// Every kind of page, in navigation order: `index.html` (verdict, findings, weakest slices,
    /// what was evaluated); `comparison.html` (when models were compared with the baseline,
    /// paired); `slices.html` (when there are slices); `fairness.html` (when there is a fairness
    /// analysis); `history.html` (when earlier runs were given with `--history`); `monitoring.html`
    /// (when the results have `monitoring`: `--window`); `data.html`
    /// (when the results describe the data: statistics, drift from a reference, anomalies);
    /// `model-card.html` (when a model card was given); and `model-<slug>.html` per model (for a
    /// regression, its residual analysis).
    static var pageKinds: [any SitePage.Type] {
        [
            IndexPage.self, ComparisonPage.self, SlicesPage.self, FairnessPage.self, HistoryPage.self, MonitoringPage.self,
            DataPage.self,
            ModelCardPage.self,
            ModelPage.self, SliceDetailPage.self,
        ]
    }

    /// The pages these results have, in navigation order.
    static func pages(for site: Site) -> [any SitePage] {
        pageKinds.flatMap { kind -> [any SitePage] in kind.pages(for: site) }
    }

    /// - Parameters:
    ///   - resultsHref: where the footer's link to the exact values points, relative to the site
    ///     folder.
    ///   - card: the model card's human-written parts; with one the site has `model-card.html`.
    public static func render(
        _ results: Results, templates: TemplateLibrary, resultsHref: String = "results.json", card: ModelCard? = nil
    ) throws -> [SiteFile] {
        let rendering = try rendering(results, templates: templates, resultsHref: resultsHref, card: card)
        return try (0..<rendering.pageCount).map { try rendering.page($0) }
    }

    /// `render`'s pages as independent jobs (`SiteRendering.page(_:)`), for a caller that draws
    /// them on several cores: drawn one after another, the pages of a large build were its last
    /// tenth of a second, on one core.
    public static func rendering(
        _ results: Results, templates: TemplateLibrary, resultsHref: String = "results.json", card: ModelCard? = nil
    ) throws -> SiteRendering {
        let site = Site(results: results, resultsHref: resultsHref, card: card)
        // A model named twice is listed twice; its one file is drawn once.
        var drawn: Set<String> = []
        let navigation = pages(for: site)
        return SiteRendering(
            site: site, navigation: navigation, pages: navigation.filter { drawn.insert($0.path).inserted },
            // The sort script is a template too (it can be overridden), rendered once for all pages.
            script: try templates.render("sort.js", .object([:])), templates: templates)
    }
}

/// The pages of one site, each drawn by `page(_:)` in any order or on any thread: it only reads
/// the site, the page list and the templates, all fixed when this is made (hence
/// `@unchecked Sendable`: `Site` and the pages hold the results by value).
public struct SiteRendering: @unchecked Sendable {
    let site: Site
    let navigation: [any SitePage]
    let pages: [any SitePage]
    let script: String
    let templates: TemplateLibrary

    /// The files `page(_:)` draws, in navigation order.
    public var pageCount: Int { pages.count }

    /// The pages' indices, the costliest to draw first (`SitePage.renderCost`; ties in
    /// navigation order): the order to hand them to the cores in.
    public var renderOrder: [Int] {
        let costs = pages.map { $0.renderCost(site) }
        return pages.indices.sorted { costs[$0] > costs[$1] || (costs[$0] == costs[$1] && $0 < $1) }
    }

    /// Page `index`'s file.
    public func page(_ index: Int) throws -> SiteFile {
        let page = pages[index]
        let body = try templates.render(page.template, page.context(site))
        let layout = site.layoutContext(
            page: page, navigation: navigation, content: body, script: page.sortsTables ? script : nil)
        return SiteFile(path: page.path, contents: try templates.render("layout.html", layout))
    }
}
