import LoupeMetrics
import LoupeResults

/// Per-window slices (`--window` with `--slice`): each window's worst slice per model, from every
/// slicing spec crossed with the windows (group = window × slice) evaluated without the
/// bootstrap, which the rank metrics' intervals do not need. A binary model's crossed groups are
/// evaluated on the rows its own evaluation sorted (`SortedCrossing`); another task's by its
/// evaluator, beside the build's evaluation (`evaluateCrossed`).
extension MonitoringStage {
    /// A spec is crossed with the windows only when windows × its slices is at most this many
    /// groups; a larger spec is skipped and named in `monitoring.windowSlices.skipped`.
    static let maximumWindowSliceGroups = 10_000

    /// The specs of `slices` that cross with the plan's windows within the cap, and the columns
    /// of those that do not.
    static func crossable(_ plan: Plan, slices: [Slicer.SlicedSpec]) -> (crossed: [Int], skipped: [[String]]) {
        let windowCount = plan.spec.grouping.groupCount
        var crossed: [Int] = [], skipped: [[String]] = []
        for (s, spec) in slices.enumerated() {
            if windowCount * spec.grouping.groupCount <= maximumWindowSliceGroups {
                crossed.append(s)
            } else {
                skipped.append(spec.request.columns)
            }
        }
        return (crossed, skipped)
    }

    /// Each spec of `slices` that fits the cap crossed with the plan's windows, in the order of
    /// `crossable`: group `w × slices + k` holds the rows of slice `k` in window `w` (rows outside
    /// a window or a slice belong to none).
    static func crossSlices(_ plan: Plan, slices: [Slicer.SlicedSpec]) -> [Slicer.SlicedSpec] {
        let windowCodes = plan.spec.grouping.codes
        let windowCount = plan.spec.grouping.groupCount
        return crossable(plan, slices: slices).crossed.map { s in
            let spec = slices[s]
            let keys = spec.grouping.groupCount
            let codes = zip(windowCodes, spec.grouping.codes).map { w, k -> UInt32 in
                w == Grouping.none || k == Grouping.none ? Grouping.none : w * UInt32(keys) + k
            }
            return Slicer.SlicedSpec(
                request: SliceRequest(parts: [.init(column: "(window)")] + spec.request.parts),
                grouping: Grouping(codes: codes, groupCount: windowCount * keys), keys: [], binEdges: [:])
        }
    }

    /// The same crossing on the rows a binary model's evaluation sorted by score: the evaluation
    /// keeps the crossed specs' codes and the windows' in its sorted order (`kept`), and the
    /// crossed groups are evaluated from them, with no second sort or gather of the rows.
    struct SortedCrossing: Sendable {
        /// Grouping indices the evaluation keeps in sorted order: the crossed specs', then the windows'.
        var kept: [Int]
        var keyCounts: [Int]
        var windowCount: Int

        /// `prepared` as the task evaluator gets it (the windows the last grouping); `nil` without
        /// windows or slices to cross.
        init?(_ prepared: PreparedData) {
            guard let plan = prepared.monitoring, prepared.sliced.count > 1 else { return nil }
            let slices = Array(prepared.sliced.dropLast())
            let crossed = MonitoringStage.crossable(plan, slices: slices).crossed
            guard !crossed.isEmpty else { return nil }
            kept = crossed + [slices.count]
            keyCounts = crossed.map { slices[$0].grouping.groupCount }
            windowCount = plan.spec.grouping.groupCount
        }

        /// The crossed groups' ROC AUC and counts (all `worstSlices` reads of a binary model), from
        /// `sorted`, whose groups from index `first` on are `kept`'s.
        func evaluate(_ sorted: SortedRows, from first: Int, options: EvaluationOptions) -> GroupedMetrics {
            // Codes at or above a grouping's count are its rows in no group.
            let windows = Grouping(codes: sorted.groups[first + keyCounts.count], groupCount: windowCount)
            let slices = keyCounts.enumerated().map { c, keys in Grouping(codes: sorted.groups[first + c], groupCount: keys) }
            return BinaryEvaluator.rocAUCs(sorted: sorted, groupings: slices, crossedWith: windows, options: options)
        }
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
    /// group without the bootstrap, which the rank metrics' intervals do not need.
    /// `evaluated` are the watched models' window × slice groups when the task evaluator
    /// evaluated them (`TaskEvaluator.monitorsSortedRows`); otherwise they are evaluated here.
    static func worstSlices(
        plan: Plan, prepared: PreparedData, settings: BuildSettings, options: EvaluationOptions,
        evaluated: [GroupedMetrics]? = nil
    ) -> WorstSlices? {
        guard !prepared.sliced.isEmpty else { return nil }
        let task = prepared.input.task
        let metric = MetricRegistry.rankMetric(for: task)
        let higherIsBetter = MetricRegistry.higherIsBetter(metric) ?? true
        let (crossed, skipped) = crossable(plan, slices: prepared.sliced)
        let windowCount = plan.spec.grouping.groupCount
        var found = WorstSlices(
            slicing: WindowSlicing(
                metric: metric, specs: crossed.map { prepared.sliced[$0].request.columns },
                skipped: skipped, maximumGroups: maximumWindowSliceGroups),
            perWindow: Array(repeating: [:], count: windowCount))
        guard !crossed.isEmpty else { return found }
        // The rank metric of every window × slice, without the bootstrap, for every model but the
        // baseline (a benchmark is there to compare with, not to watch).
        let watched = settings.scores.indices.filter { settings.scores[$0].name != settings.baseline }
        let models = watched.map { settings.scores[$0].name }
        let values = evaluated ?? evaluateCrossed(plan: plan, prepared: prepared, settings: settings, options: options)
        // The rank metrics' intervals (DeLong, Wilson, normal; a registry test keeps them free of
        // the bootstrap) come with that pass: a slice's interval depends on its rows alone.
        for (m, model) in models.enumerated() {
            for w in 0..<windowCount {
                var best: (value: Double, crossed: Int, slice: Int)?
                for (c, s) in crossed.enumerated() {
                    let keys = prepared.sliced[s].keys.count
                    for k in 0..<keys {
                        guard let x = values[m].groups[c][w * keys + k]?[metric]?.value, x.isFinite else { continue }
                        if let best, higherIsBetter ? x >= best.value : x <= best.value { continue }
                        best = (x, c, k)
                    }
                }
                guard let best else { continue }
                let spec = prepared.sliced[crossed[best.crossed]]
                let group = w * spec.keys.count + best.slice
                guard let value = values[m].groups[best.crossed][group]?[metric] else { continue }
                found.perWindow[w][model] = WindowSlice(
                    spec: spec.request.columns, key: sliceKey(spec, best.slice),
                    count: values[m].groupCounts[best.crossed][group], value: value)
            }
        }
        return found
    }

    /// The watched models' window × slice groups, without the bootstrap, by the task's evaluator
    /// on the crossed groupings.
    static func evaluateCrossed(
        plan: Plan, prepared: PreparedData, settings: BuildSettings, options: EvaluationOptions
    ) -> [GroupedMetrics] {
        let watched = settings.scores.indices.filter { settings.scores[$0].name != settings.baseline }
        var narrowed = settings
        narrowed.scores = watched.map { settings.scores[$0] }
        narrowed.baseline = nil
        var pass = prepared
        pass.sliced = crossSlices(plan, slices: prepared.sliced)
        pass.fairness = []
        pass.features = []
        pass.monitoring = nil
        if pass.input.scores.count == settings.scores.count { pass.input.scores = watched.map { prepared.input.scores[$0] } }
        if pass.input.classPredictions.count == settings.scores.count {
            pass.input.classPredictions = watched.map { prepared.input.classPredictions[$0] }
        }
        var quick = options
        quick.bootstrapReplicates = 0
        return prepared.evaluator.evaluate(pass, settings: narrowed, options: quick, progress: Progress(enabled: false))
            .evaluations.map { GroupedMetrics(groups: $0.groups, groupCounts: $0.groupCounts) }
    }

    /// Slice `slice` of `spec` as column → value.
    static func sliceKey(_ spec: Slicer.SlicedSpec, _ slice: Int) -> [String: String] {
        var key: [String: String] = [:]
        for (column, text) in zip(spec.request.columns, spec.keys[slice]) { key[column] = text }
        return key
    }
}
