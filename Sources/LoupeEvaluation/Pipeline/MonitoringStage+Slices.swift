import LoupeMetrics
import LoupeResults

/// Per-window slices (`--window` with `--slice`): each window's worst slice per model. Two
/// evaluations beside the main one keep the cost bounded: every slicing spec crossed with the
/// windows (group = window × slice) evaluated without intervals to find the worst slice, then,
/// per model, one grouping of each window's worst slice evaluated with the build's intervals.
extension MonitoringStage {
    /// A spec is crossed with the windows only when windows × its slices is at most this many
    /// groups; a larger spec is skipped and named in `monitoring.windowSlices.skipped`.
    static let maximumWindowSliceGroups = 10_000

    /// The groupings of windows × slices, one per spec that fits the cap.
    struct SliceCrossing {
        /// Evaluator groupings, in the order of `crossed`.
        var specs: [Slicer.SlicedSpec] = []
        /// For each grouping: the index of its spec among the slicing specs.
        var crossed: [Int] = []
        /// The specs' columns left out by the cap.
        var skipped: [[String]] = []
    }

    /// Each spec of `slices` crossed with the plan's windows: group `w × slices + k` holds the
    /// rows of slice `k` in window `w` (rows outside a window or a slice belong to none).
    static func crossSlices(_ plan: Plan, slices: [Slicer.SlicedSpec]) -> SliceCrossing {
        var crossing = SliceCrossing()
        let windowCodes = plan.spec.grouping.codes
        let windowCount = plan.spec.grouping.groupCount
        for (s, spec) in slices.enumerated() {
            let keys = spec.grouping.groupCount
            guard windowCount * keys <= maximumWindowSliceGroups else {
                crossing.skipped.append(spec.request.columns)
                continue
            }
            let codes = zip(windowCodes, spec.grouping.codes).map { w, k -> UInt32 in
                w == Grouping.none || k == Grouping.none ? Grouping.none : w * UInt32(keys) + k
            }
            crossing.specs.append(
                Slicer.SlicedSpec(
                    request: SliceRequest(parts: [.init(column: "(window)")] + spec.request.parts),
                    grouping: Grouping(codes: codes, groupCount: windowCount * keys), keys: [], binEdges: [:]))
            crossing.crossed.append(s)
        }
        return crossing
    }

    /// Each window's worst slices and how they were found, for `monitoring.windowSlices` and each
    /// window's `worstSlices`; `nil` without `--slice`.
    struct WorstSlices: Sendable {
        var slicing: WindowSlicing
        /// Per window, per model.
        var perWindow: [[String: WindowSlice]]

        func apply(to monitoring: inout MonitoringResults) {
            monitoring.windowSlices = slicing
            for w in monitoring.windows.indices { monitoring.windows[w].worstSlices = perWindow[w] }
        }
    }

    /// Per model but the baseline, each window's worst slice: the one with the worst rank metric
    /// among those with metrics (at least the minimum slice size of rows), the earliest spec and
    /// slice on a tie; its value and interval come from one evaluation of every window × slice
    /// group without the bootstrap, which the rank metrics' intervals do not need. It needs only
    /// the prepared data, so it runs beside the build's evaluation.
    static func worstSlices(
        plan: Plan, prepared: PreparedData, settings: BuildSettings, options: EvaluationOptions
    ) -> WorstSlices? {
        guard !prepared.sliced.isEmpty else { return nil }
        let task = prepared.input.task
        let metric = MetricRegistry.rankMetric(for: task)
        let higherIsBetter = MetricRegistry.higherIsBetter(metric) ?? true
        let crossing = crossSlices(plan, slices: prepared.sliced)
        let windowCount = plan.spec.grouping.groupCount
        var found = WorstSlices(
            slicing: WindowSlicing(
                metric: metric, specs: crossing.crossed.map { prepared.sliced[$0].request.columns },
                skipped: crossing.skipped, maximumGroups: maximumWindowSliceGroups),
            perWindow: Array(repeating: [:], count: windowCount))
        guard !crossing.specs.isEmpty else { return found }
        // The rank metric of every window × slice, without the bootstrap, for every model but the
        // baseline (a benchmark is there to compare with, not to watch).
        let watched = settings.scores.indices.filter { settings.scores[$0].name != settings.baseline }
        var narrowed = settings
        narrowed.scores = watched.map { settings.scores[$0] }
        narrowed.baseline = nil
        var pass = prepared
        pass.sliced = crossing.specs
        pass.fairness = []
        pass.features = []
        pass.monitoring = nil
        if pass.input.scores.count == settings.scores.count { pass.input.scores = watched.map { prepared.input.scores[$0] } }
        if pass.input.classPredictions.count == settings.scores.count {
            pass.input.classPredictions = watched.map { prepared.input.classPredictions[$0] }
        }
        var quick = options
        quick.bootstrapReplicates = 0
        let silent = Progress(enabled: false)
        let values = prepared.evaluator.evaluate(pass, settings: narrowed, options: quick, progress: silent).evaluations
        let models = narrowed.scores.map(\.name)
        // The rank metrics' intervals (DeLong, Wilson, normal; a registry test keeps them free of
        // the bootstrap) come with that pass: a slice's interval depends on its rows alone.
        for (m, model) in models.enumerated() {
            for w in 0..<windowCount {
                var best: (value: Double, crossed: Int, slice: Int)?
                for (c, s) in crossing.crossed.enumerated() {
                    let keys = prepared.sliced[s].keys.count
                    for k in 0..<keys {
                        guard let x = values[m].groups[c][w * keys + k]?[metric]?.value, x.isFinite else { continue }
                        if let best, higherIsBetter ? x >= best.value : x <= best.value { continue }
                        best = (x, c, k)
                    }
                }
                guard let best else { continue }
                let spec = prepared.sliced[crossing.crossed[best.crossed]]
                let group = w * spec.keys.count + best.slice
                guard let value = values[m].groups[best.crossed][group]?[metric] else { continue }
                found.perWindow[w][model] = WindowSlice(
                    spec: spec.request.columns, key: sliceKey(spec, best.slice),
                    count: values[m].groupCounts[best.crossed][group], value: value)
            }
        }
        return found
    }

    /// Slice `slice` of `spec` as column → value.
    static func sliceKey(_ spec: Slicer.SlicedSpec, _ slice: Int) -> [String: String] {
        var key: [String: String] = [:]
        for (column, text) in zip(spec.request.columns, spec.keys[slice]) { key[column] = text }
        return key
    }
}
