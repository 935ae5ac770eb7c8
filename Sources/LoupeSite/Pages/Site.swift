import Foundation
import LoupeCharts
import LoupeMarkup
import LoupeResults

/// What every page needs to know about the whole site: file names, anchors, colours and labels,
/// decided once so that links and colours agree across pages.
struct Site {
    let results: Results
    let resultsHref: String
    /// Model name → page file, colour index (its position in `results.models`).
    let modelPages: [String: String]
    let modelColors: [String: Int]
    /// Spec name → anchor id on slices.html.
    let specAnchors: [String: String]
    /// Row id on slices.html per slice, by spec name then slice label.
    let sliceAnchors: [String: [String: String]]
    /// Slices grouped by spec name, in results order.
    let slicesBySpec: [String: [SliceResult]]
    let specs: [SliceSpec]
    let rankMetric: String
    /// The smallest slice that gets numbers, when the results say.
    let minimumSliceSize: Int?
    /// Model name → its slug (the part of its page's file name and of its anchors).
    let modelSlugs: [String: String]
    /// The fairness results by sensitive attribute; empty when there is no fairness page.
    let fairness: [FairnessAttribute]
    /// The human-written parts of the model card (`--card`); without one there is no card page.
    let card: ModelCard?

    init(results: Results, resultsHref: String, card: ModelCard? = nil) {
        self.results = results
        self.resultsHref = resultsHref
        self.card = card
        let slugs = Slug.unique(results.models, fallback: "model")
        var pages: [String: String] = [:]
        var colors: [String: Int] = [:]
        var modelSlugs: [String: String] = [:]
        for (index, model) in results.models.enumerated() where pages[model] == nil {
            pages[model] = "model-\(slugs[index]).html"
            colors[model] = index
            modelSlugs[model] = slugs[index]
        }
        modelPages = pages
        modelColors = colors
        self.modelSlugs = modelSlugs
        fairness = FairnessAttribute.grouped(results.fairness, models: results.models, modelSlugs: modelSlugs)

        // Specs as declared, plus any spec that only appears in the slices (older producers).
        var specs = results.sliceSpecs
        var known = Set(specs.map(\.name))
        var grouped: [String: [SliceResult]] = [:]
        for slice in results.slices {
            let name = Site.specName(slice.spec, in: results.sliceSpecs)
            grouped[name, default: []].append(slice)
            if !known.contains(name) {
                known.insert(name)
                specs.append(SliceSpec(name: name, columns: slice.spec, sliceCount: 0, tooSmallCount: 0))
            }
        }
        self.specs = specs
        slicesBySpec = grouped
        let anchors = Slug.unique(specs.map(\.name), fallback: "spec")
        specAnchors = Dictionary(
            specs.indices.map { (specs[$0].name, "spec-" + anchors[$0]) }, uniquingKeysWith: { first, _ in first })
        var sliceAnchors: [String: [String: String]] = [:]
        for spec in specs {
            let anchor = specAnchors[spec.name] ?? "spec"
            let labels = (grouped[spec.name] ?? []).map { Site.label(of: $0) }
            let slugs = Slug.unique(labels, fallback: "slice")
            for (label, slug) in zip(labels, slugs) where sliceAnchors[spec.name]?[label] == nil {
                sliceAnchors[spec.name, default: [:]][label] = anchor + "--" + slug
            }
        }
        self.sliceAnchors = sliceAnchors
        rankMetric = results.rankMetric
        minimumSliceSize = results.minSliceSize
    }

    /// A slice belongs to the first declared spec with the same columns.
    static func specName(_ columns: [String], in specs: [SliceSpec]) -> String {
        specs.first(where: { $0.columns == columns })?.name ?? columns.joined(separator: " × ")
    }

    var baseline: String? {
        guard let baseline = results.baseline, results.models.contains(baseline) else { return nil }
        return baseline
    }

    func overall(_ model: String) -> MetricSet { results.overall[model] ?? [:] }

    func specHref(_ specName: String) -> String { "slices.html#" + (specAnchors[specName] ?? "") }

    func specName(of slice: SliceResult) -> String { Site.specName(slice.spec, in: results.sliceSpecs) }

    /// The row of `slice` in its spec's table on slices.html.
    func sliceHref(_ slice: SliceResult) -> String {
        let spec = specName(of: slice)
        guard let anchor = sliceAnchors[spec]?[label(of: slice)] else { return specHref(spec) }
        return "slices.html#" + anchor
    }

    func sliceAnchor(_ slice: SliceResult) -> String? { sliceAnchors[specName(of: slice)]?[label(of: slice)] }

    /// The detail page of a spec's slices (`SliceDetailPage`).
    func sliceDetailPath(_ specName: String) -> String {
        let anchor = specAnchors[specName] ?? "spec"
        return "slice-" + (anchor.hasPrefix("spec-") ? String(anchor.dropFirst(5)) : anchor) + ".html"
    }

    /// Where a slice's detail (its curves and confusion matrix, or its per-class metrics) is,
    /// when the results hold them.
    func sliceDetailHref(_ slice: SliceResult) -> String? {
        guard !slice.curves.isEmpty || !slice.perClass.isEmpty, let anchor = sliceAnchor(slice) else { return nil }
        return sliceDetailPath(specName(of: slice)) + "#" + anchor
    }

    func label(of slice: SliceResult) -> String { Site.label(of: slice) }

    /// `region = NV` or `sex = F, age_band = 65+`, columns in spec order.
    static func label(of slice: SliceResult) -> String {
        slice.spec.map { "\($0) = \(slice.key[$0] ?? "(missing)")" }.joined(separator: ", ")
    }

    /// "too few examples (n = 12 < 30)".
    func tooSmallText(_ slice: SliceResult) -> String {
        let bound = minimumSliceSize.map { " < \(Formatting.count($0))" } ?? ""
        return "too few examples (n = \(Formatting.count(slice.count))\(bound))"
    }

    var rankName: String { MetricCatalog.name(rankMetric) }

    /// The intervals' confidence level as people write it: `95%`.
    var confidence: String { NumberFormat.percent(results.intervals.confidence, digits: 0) }

    /// Model names with the baseline marked, for headers.
    func displayName(_ model: String) -> String { model == baseline ? "\(model) (baseline)" : model }

    // MARK: Comparisons with the baseline

    /// The models with paired comparisons against the baseline, in model order.
    var comparedModels: [String] {
        let compared = Set(results.comparisons.map(\.model))
        return results.models.filter(compared.contains)
    }

    /// A model's comparisons (the whole data first, then spec by spec, as results.json has them).
    func comparisons(of model: String) -> [LoupeResults.ComparisonResult] { results.comparisons.filter { $0.model == model } }

    /// The model's comparison on the whole data, when there is one.
    func overallComparison(of model: String) -> LoupeResults.ComparisonResult? {
        results.comparisons.first { $0.model == model && $0.spec.isEmpty }
    }

    /// The row of a comparison in its table on comparison.html.
    func comparisonAnchor(_ comparison: LoupeResults.ComparisonResult) -> String {
        let prefix = "cmp-" + (modelSlugs[comparison.model] ?? "model") + "-"
        guard !comparison.spec.isEmpty else { return prefix + "overall" }
        let spec = Site.specName(comparison.spec, in: results.sliceSpecs)
        let label = comparison.spec.map { "\($0) = \(comparison.key[$0] ?? "(missing)")" }.joined(separator: ", ")
        return prefix + (sliceAnchors[spec]?[label] ?? specAnchors[spec] ?? "spec")
    }

    // MARK: Shared page parts

    /// Whether there are earlier runs to show on history.html.
    var hasHistory: Bool { !(results.history ?? []).isEmpty }

    /// The navigation bar: the site's pages, the same entries in the same order on every page,
    /// the one at `current`'s path marked.
    func navigation(_ pages: [any SitePage], current: any SitePage) -> TemplateValue {
        .list(
            pages.filter(\.inNavigation).map { page in
                .object([
                    "label": .text(page.navigationLabel), "href": .text(page.path),
                    "current": .bool(page.path == current.path),
                ])
            })
    }

    /// The provenance footer. `dataAbove`: the page already lists the data file, its SHA-256
    /// and the row counts (the overview), so the footer points there instead of repeating them.
    func footer(dataAbove: Bool = false) -> TemplateValue {
        let provenance = results.provenance
        let intervals = results.intervals
        let excluded = provenance.rowsExcluded.keys.sorted().compactMap { reason -> TemplateValue? in
            guard let count = provenance.rowsExcluded[reason], count > 0 else { return nil }
            return .object(["reason": .text(reason), "count": .text(Formatting.count(count))])
        }
        let stamp = results.run.map { run in
            [run.id.map { "id \($0)" }, run.modelVersion.map { "model version \($0)" }, run.date.map { "dated \($0)" }]
                .compactMap { $0 }.joined(separator: ", ")
        }
        return .object([
            "run": .optional(stamp.flatMap { $0.isEmpty ? nil : .text($0) }),
            "hasData": .bool(!provenance.dataFile.isEmpty && !dataAbove),
            "dataAbove": .bool(!provenance.dataFile.isEmpty && dataAbove),
            "dataFile": .text(provenance.dataFile),
            "sha256": .text(provenance.dataSHA256),
            "dataSize": .text(Formatting.count(provenance.dataBytes) + " bytes"),
            "rowsRead": .text(Formatting.count(provenance.rowsRead)),
            "rowsUsed": .text(Formatting.count(results.rowCount)),
            "excluded": .list(excluded),
            "toolVersion": .text(provenance.toolVersion.isEmpty ? "(version not recorded)" : provenance.toolVersion),
            // One element per flag with its value, so a line never breaks inside either.
            "configuration": .list(Site.flagGroups(provenance.configuration).map { .text($0) }),
            "hasConfiguration": .bool(!provenance.configuration.isEmpty),
            // A data-only report estimates no metric, so it has no intervals to describe.
            "hasIntervals": .bool(!results.isDataOnly),
            "confidence": .text(NumberFormat.percent(intervals.confidence, digits: 0)),
            "replicates": .text(Formatting.count(intervals.bootstrapReplicates)),
            "seed": .text(String(intervals.seed)),
            "resultsHref": .text(resultsHref),
        ])
    }

    /// The arguments shell-quoted, each flag joined with the value after it (`--slice age`).
    static func flagGroups(_ arguments: [String]) -> [String] {
        var groups: [String] = []
        var pendingFlag = false
        for argument in arguments {
            let quoted = shellQuoted(argument)
            if pendingFlag && (!argument.hasPrefix("-") || Double(argument) != nil), let flag = groups.popLast() {
                groups.append(flag + " " + quoted)
                pendingFlag = false
            } else {
                groups.append(quoted)
                pendingFlag = argument.hasPrefix("-") && !argument.contains("=")
            }
        }
        return groups
    }

    /// An argument as a shell would need it, so the configuration line can be pasted back.
    static func shellQuoted(_ argument: String) -> String {
        let plain =
            !argument.isEmpty
            && argument.unicodeScalars.allSatisfy { scalar in
                scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_=./,:+@%".unicodeScalars.contains(scalar)
            }
        if plain { return argument }
        return "'" + argument.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    /// The context every page's layout gets; `content` is the page body, already rendered.
    ///
    /// `script` is the page's inline script (rendered `sort.js`), allowed by the page's
    /// Content-Security-Policy through its SHA-256 hash; pages without one allow no script.
    func layoutContext(page: any SitePage, navigation pages: [any SitePage], content: String, script: String?)
        -> TemplateValue
    {
        .object([
            "siteTitle": .text(results.title),
            "pageTitle": .text(page.title),
            "nav": navigation(pages, current: page),
            "footer": footer(dataAbove: page.path == IndexPage().path),
            "toolVersion": .text(results.provenance.toolVersion),
            // The body is template output: every data string in it was escaped when it was rendered.
            "content": .html(HTML(trusted: content)),
            "script": .optional(script.map { .object(["code": .html(HTML(trusted: $0))]) }),
            // Quotes, letters, digits and base64's `+/=` only: nothing to escape.
            "scriptSource": .html(HTML(trusted: script.map(ScriptHash.contentSecurityPolicySource(for:)) ?? "'none'")),
        ])
    }
}
