import LoupeMetrics
import LoupeResults

/// Per-window slices (`--window` with `--slice`): each slicing spec crossed with the windows is
/// one more grouping for the task's evaluator, and each window names its worst slice per model.
extension MonitoringStage {
    /// A spec is crossed with the windows only when windows × its slices is at most this many
    /// groups, so the evaluator's cost stays bounded; a larger spec is skipped and named in
    /// `monitoring.windowSlices.skipped`.
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
            let names = plan.spec.keys.flatMap { window in spec.keys.map { window + $0 } }
            crossing.specs.append(
                Slicer.SlicedSpec(
                    request: SliceRequest(parts: [.init(column: "(window)")] + spec.request.parts),
                    grouping: Grouping(codes: codes, groupCount: windowCount * keys), keys: names, binEdges: [:]))
            crossing.crossed.append(s)
        }
        return crossing
    }

    /// Sets each window's `worstSlices` from the evaluations of the crossed groupings (the first
    /// at `firstGrouping`): per model, the slice with the worst rank metric among those with
    /// metrics (at least the minimum slice size), the earliest spec and slice on a tie.
    static func addWorstSlices(
        _ monitoring: inout MonitoringResults, crossing: SliceCrossing, slices: [Slicer.SlicedSpec],
        evaluations: [any ModelEvaluation], firstGrouping: Int, task: ModelTask, settings: BuildSettings
    ) {
        guard !crossing.specs.isEmpty || !crossing.skipped.isEmpty else { return }
        let metric = MetricRegistry.rankMetric(for: task)
        let higherIsBetter = MetricRegistry.higherIsBetter(metric) ?? true
        for w in monitoring.windows.indices {
            var worst: [String: WindowSlice] = [:]
            for (m, model) in settings.scores.map(\.name).enumerated() {
                var best: (value: Double, slice: WindowSlice)?
                for (c, spec) in crossing.crossed.map({ slices[$0] }).enumerated() {
                    let grouping = firstGrouping + c
                    let keys = spec.keys.count
                    for k in 0..<keys {
                        let g = w * keys + k
                        guard let set = evaluations[m].groups[grouping][g], let value = set[metric], let x = value.value,
                            x.isFinite
                        else { continue }
                        if let best, higherIsBetter ? x >= best.value : x <= best.value { continue }
                        var key: [String: String] = [:]
                        for (column, text) in zip(spec.request.columns, spec.keys[k]) { key[column] = text }
                        best = (
                            x,
                            WindowSlice(
                                spec: spec.request.columns, key: key, count: evaluations[0].groupCounts[grouping][g],
                                value: value)
                        )
                    }
                }
                if let best { worst[model] = best.slice }
            }
            monitoring.windows[w].worstSlices = worst
        }
        monitoring.windowSlices = WindowSlicing(
            metric: metric, specs: crossing.crossed.map { slices[$0].request.columns }, skipped: crossing.skipped,
            maximumGroups: maximumWindowSliceGroups)
    }
}
