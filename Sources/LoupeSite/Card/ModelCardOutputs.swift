import LoupeCharts
import LoupeMarkup
import LoupeResults

/// The model card's text outputs, written beside the site's pages (or alone by `loupe card`):
/// `MODEL_CARD.md` with its charts as SVG files, the Hugging Face `README.md`, and MCT's
/// `model_card.json`. Drawn from `Results` and the `ModelCard` alone.
public enum ModelCardOutputs {
    public static let markdownPath = "MODEL_CARD.md"
    public static let huggingFacePath = "README.md"
    public static let mctPath = "model_card.json"
    static let headlineChartPath = "model-card-headline.svg"
    static let slicesChartPath = "model-card-slices.svg"
    /// At most this many slices in the card's slice chart (weakest first).
    static let chartedSlices = 20

    /// Why the card cannot be drawn on these results (it names a model they do not have), or
    /// `nil` when it can.
    public static func problem(results: Results, card: ModelCard) -> String? {
        guard ModelCardContent(results: results, card: card) == nil else { return nil }
        let named = card.options.model.map { "'\($0)'" } ?? "a model"
        return "loupe.model: the results have no model \(named) (models: \(results.models.joined(separator: ", ")))"
    }

    /// The card's files; `withSite` when they are written beside the report's pages, which the
    /// Markdown then links as evidence. Empty when `problem` is not `nil`.
    public static func files(results: Results, card: ModelCard, withSite: Bool) -> [SiteFile] {
        guard let content = ModelCardContent(results: results, card: card) else { return [] }
        var files: [SiteFile] = []
        var charts: [String: String] = [:]
        if let chart = headlineChart(content) {
            files.append(SiteFile(path: headlineChartPath, contents: standalone(chart.render())))
            charts["headline"] = headlineChartPath
        }
        if let chart = slicesChart(content) {
            files.append(SiteFile(path: slicesChartPath, contents: standalone(chart.render())))
            charts["slices"] = slicesChartPath
        }
        files.append(
            SiteFile(path: markdownPath, contents: ModelCardMarkdown.render(content, charts: charts, withSite: withSite)))
        files.append(
            SiteFile(path: huggingFacePath, contents: HuggingFaceCard.render(content, charts: charts, withSite: withSite)))
        files.append(SiteFile(path: mctPath, contents: MCTCardJSON.render(card, metrics: MCTCardJSON.metrics(content))))
        return files.sorted { $0.path < $1.path }
    }

    /// The headline rates (metrics in [0, 1]) of the card's model and the baseline, with intervals.
    static func headlineChart(_ content: ModelCardContent) -> IntervalChart? {
        let site = content.site
        let keys = content.headline.map(\.key).filter { MetricRegistry.definition($0)?.format == .rate }
        guard !keys.isEmpty else { return nil }
        let models = [content.model] + (site.baseline.map { $0 == content.model ? [] : [$0] } ?? [])
        var rows: [IntervalRow] = []
        for key in keys {
            for (index, model) in models.enumerated() {
                let metric = content.results.overall[model]?[key]
                rows.append(
                    IntervalRow(
                        category: MetricCatalog.name(key), seriesIndex: index, value: metric?.value, lower: metric?.lower,
                        upper: metric?.upper))
            }
        }
        return IntervalChart(
            title: "How well does \(content.model) do overall?",
            description:
                "Headline metrics of \(models.joined(separator: " and ")) on the whole evaluation data with \(site.confidence) intervals.",
            axis: Axis("Metric value", min: 0, max: 1), seriesNames: models,
            seriesColors: models.map { site.modelColors[$0] ?? 0 },
            rows: rows, idSuffix: "card-headline")
    }

    /// The rank metric of the card's model on the slices the card shows, with intervals and the
    /// overall value as the reference line.
    static func slicesChart(_ content: ModelCardContent) -> IntervalChart? {
        let site = content.site
        let rank = site.rankMetric
        var seen: Set<String> = []
        let slices = (content.weakest + content.namedSlices).filter { seen.insert(content.label($0)).inserted }
            .prefix(chartedSlices)
        guard !slices.isEmpty else { return nil }
        let rows = slices.map { slice in
            let metric = slice.metrics[content.model]?[rank]
            let gap = slice.gap[content.model]
            return IntervalRow(
                category: content.label(slice), seriesIndex: 0, value: metric?.value, lower: metric?.lower, upper: metric?.upper,
                flagged: (gap?.significant ?? false) && (gap?.worse ?? 0) > 0)
        }
        var references: [Int: Double] = [:]
        if let overall = site.overall(content.model)[rank]?.value { references[0] = overall }
        return IntervalChart(
            title: "Where is \(content.model) weaker? \(site.rankName) by slice",
            description:
                "\(site.rankName) of \(content.model) per slice with \(site.confidence) intervals, weakest first; the grey line is the overall value, and marked points are significantly worse than overall.",
            axis: Axis(site.rankName), seriesNames: [content.model], seriesColors: [site.modelColors[content.model] ?? 0],
            rows: Array(rows), references: references, idSuffix: "card-slices")
    }

    /// An inline chart as an SVG file of its own: an XML declaration, its design size as its
    /// width and height (an image has no container to fill), and a white background, so it
    /// reads the same in a Markdown viewer's light and dark themes.
    static func standalone(_ svg: HTML) -> String {
        var text = svg.description
        if let box = text.firstRange(of: "viewBox=\"0 0 "), let end = text[box.upperBound...].firstIndex(of: "\""),
            let width = text.firstRange(of: "width=\"100%\" style=\"max-width:"),
            let styleEnd = text[width.upperBound...].firstIndex(of: "\"")
        {
            let size = text[box.upperBound..<end].split(separator: " ")
            if size.count == 2 {
                text.replaceSubrange(width.lowerBound...styleEnd, with: "width=\"\(size[0])\" height=\"\(size[1])\"")
            }
        }
        if let end = text.firstRange(of: "</desc>") {
            text.insert(contentsOf: "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>", at: end.upperBound)
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + text + "\n"
    }
}
