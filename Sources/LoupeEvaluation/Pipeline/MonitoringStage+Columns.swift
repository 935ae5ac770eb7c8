import LoupeData
import LoupeMetrics
import LoupeResults

/// The columns monitoring compares per window beyond the numeric ones of `windowDrift`:
/// categorical features and a multiclass model's predicted class, and the `--reference` file's
/// rows when drift is measured against it.
extension MonitoringStage {
    /// A categorical feature over the evaluated rows, in evaluation order.
    struct CategoricalFeature: Sendable {
        var name: String
        var codes: [UInt32]
        var names: [String]
    }

    /// The `--reference` file's rows of every compared column, keyed by `key(column:role:model:)`.
    struct ReferenceFile: Sendable {
        var path: String
        var numeric: [String: SortedSample] = [:]
        var categorical: [String: CategoryCounts] = [:]
    }

    /// A categorical column with more categories than this is not compared per window (an
    /// identifier, a free-text field): its per-window shares say nothing and cost much.
    static let maximumCategories = 1_000

    static func key(column: String, role: String, model: String?) -> String {
        role + "\u{1}" + column + "\u{1}" + (model ?? "")
    }

    /// Adds each of `columns` as a feature of the plan: numeric ones (for HDDDM and the numeric
    /// drift), categorical ones with at most `maximumCategories` categories; timestamps are not
    /// compared. `rows` are the evaluated rows in evaluation order (`inFileOrder` when ascending).
    static func addFeatures(_ columns: [Column], rows: [Int], inFileOrder: Bool, to plan: inout Plan) {
        // Each column gathered over the evaluated rows, columns on all cores.
        let gathered = Parallel.map(columns) { column -> (numbers: [Double]?, codes: [UInt32]?) in
            switch column.kind {
            case .numeric:
                return (column.numbers.gathered(at: rows, inFileOrder: inFileOrder), nil)
            case .categorical where column.dictionary.count <= maximumCategories:
                return (nil, column.codes.gathered(at: rows, inFileOrder: inFileOrder))
            default: return (nil, nil)
            }
        }
        for (column, values) in zip(columns, gathered) {
            if let numbers = values.numbers {
                plan.features.append(numbers)
                plan.featureNames.append(column.name)
            } else if let codes = values.codes {
                plan.categorical.append(CategoricalFeature(name: column.name, codes: codes, names: column.dictionary))
            }
        }
    }

    /// The reference file's rows of the plan's features, and (with a model) of the label and each
    /// binary or regression prediction, encoded as the evaluated rows are (a binary label as 1
    /// for the positive label, a multiclass label as its class's index). A column the file lacks,
    /// or holds with another kind, is left out, so its drift is not measured.
    static func referenceFile(
        _ table: Table, path: String, plan: Plan, input: EvaluationInput?, settings: BuildSettings
    ) -> ReferenceFile {
        var file = ReferenceFile(path: path)
        for name in plan.featureNames {
            guard let column = table.column(name), column.kind == .numeric else { continue }
            file.numeric[key(column: name, role: "feature", model: nil)] = SortedSample(column.numbers)
        }
        for feature in plan.categorical {
            guard let column = table.column(feature.name), column.kind == .categorical else { continue }
            file.categorical[key(column: feature.name, role: "feature", model: nil)] = CategoryCounts(
                codes: column.codes, names: column.dictionary)
        }
        guard let input, let label = table.column(settings.label) else { return file }
        let labelKey = key(column: settings.label, role: "label", model: nil)
        let text: (Int) -> String? = { row in
            label.kind == .categorical ? label.text(at: row) : label.numbers[row].isNaN ? nil : Slicer.text(label.numbers[row])
        }
        switch input.task {
        case .binary:
            file.numeric[labelKey] = SortedSample(
                (0..<label.count).map { row in text(row).map { $0 == input.positiveLabel ? 1 : 0 } ?? .nan })
        case .regression:
            if label.kind == .numeric { file.numeric[labelKey] = SortedSample(label.numbers) }
        case .multiclass:
            file.numeric[labelKey] = SortedSample(
                (0..<label.count).map { row in
                    text(row).flatMap { input.classNames.firstIndex(of: $0) }.map(Double.init) ?? .nan
                })
        }
        for score in settings.scores {
            if input.task == .multiclass {
                if let counts = referencePredictedClasses(table, score: score, classes: input.classNames) {
                    file.categorical[key(column: score.name, role: "prediction", model: score.name)] = counts
                }
                continue
            }
            guard let column = table.column(score.column), column.kind == .numeric else { continue }
            file.numeric[key(column: score.column, role: "prediction", model: score.name)] = SortedSample(column.numbers)
        }
        return file
    }

    /// A multiclass model's predicted classes over the reference file: the argmax (lowest class
    /// on ties) of its probability columns, found by the same prefix, or its predicted-class
    /// column; `nil` when the file lacks a column. A row with a missing probability, or a class
    /// the data does not have, is missing.
    static func referencePredictedClasses(_ table: Table, score: ScoreSpec, classes: [String]) -> CategoryCounts? {
        guard score.isPrefix else {
            guard let column = table.column(score.column) else { return nil }
            var counts: [String: Int] = [:]
            var missing = 0
            for row in 0..<column.count {
                let text =
                    column.kind == .categorical
                    ? column.text(at: row) : column.numbers[row].isNaN ? nil : Slicer.text(column.numbers[row])
                if let text, let name = classes.first(where: { $0 == text || Double($0).map { $0 == Double(text) } == true }) {
                    counts[name, default: 0] += 1
                } else {
                    missing += 1
                }
            }
            return CategoryCounts(counts: counts, missingCount: missing)
        }
        var columns: [[Double]] = []
        for name in classes {
            guard let column = table.column(score.column + name), column.kind == .numeric else { return nil }
            columns.append(column.numbers)
        }
        var counts = [Int](repeating: 0, count: classes.count)
        var missing = 0
        for row in 0..<table.rowCount {
            guard columns.allSatisfy({ $0[row].isFinite }) else {
                missing += 1
                continue
            }
            var best = 0
            for c in 1..<max(classes.count, 1) where columns[c][row] > columns[best][row] { best = c }
            counts[best] += 1
        }
        var byName: [String: Int] = [:]
        for (c, name) in classes.enumerated() { byName[name] = counts[c] }
        return CategoryCounts(counts: byName, missingCount: missing)
    }

    /// The class model `m` predicts for each evaluated row (the argmax, lowest class on ties), or
    /// -1 where it predicts none: one pass over its probabilities (`MulticlassFairness.decisions`).
    static func predictedClasses(_ m: Int, input: EvaluationInput) -> [Int32] {
        MulticlassFairness.decisions(input.classPredictions[m], classCount: input.classNames.count)
    }

    /// Per window: each categorical feature's and each multiclass model's predicted class's drift
    /// (the categorical distances of `drift`) from the reference windows' rows, or the reference
    /// file's, to the window's rows. Empty for a gap.
    static func categoricalWindowDrift(_ plan: Plan, input: EvaluationInput?, settings: BuildSettings) -> [[WindowDrift]] {
        let cuts = plan.windows.windows
        var columns: [(name: String, role: String, model: String?, codes: [UInt32], names: [String])] = plan.categorical.map {
            ($0.name, "feature", nil, $0.codes, $0.names)
        }
        if let input, input.task == .multiclass {
            for (m, score) in settings.scores.enumerated() {
                let codes = predictedClasses(m, input: input).map { c in c < 0 ? Column.missingCode : UInt32(c) }
                columns.append((score.name, "prediction", score.name, codes, input.classNames))
            }
        }
        let windowOfRow = plan.spec.grouping.codes
        let windowCount = cuts.count
        let perColumn = Parallel.map(columns) { column -> [WindowDrift?] in
            // One pass: each window's count per code, the last slot the missing codes.
            let slots = column.names.count + 1
            var counts = [Int](repeating: 0, count: windowCount * slots)
            counts.withUnsafeMutableBufferPointer { counts in
                for (row, code) in column.codes.enumerated() {
                    let w = windowOfRow[row]
                    guard w != Grouping.none else { continue }
                    counts[Int(w) * slots + min(Int(code), slots - 1)] += 1
                }
            }
            let reference: CategoryCounts
            if let file = plan.referenceFile {
                guard let counts = file.categorical[key(column: column.name, role: column.role, model: column.model)] else {
                    return cuts.map { _ in nil }
                }
                reference = counts
            } else {
                var pooled = [Int](repeating: 0, count: slots)
                for w in plan.reference.first...plan.reference.last {
                    for c in 0..<slots { pooled[c] += counts[w * slots + c] }
                }
                reference = CategoryCounts(perCode: pooled, names: column.names)
            }
            return cuts.indices.map { w -> WindowDrift? in
                guard !cuts[w].positions.isEmpty else { return nil }
                let current = CategoryCounts(perCode: counts[(w * slots)..<((w + 1) * slots)], names: column.names)
                let d = DataDrift.categoricalDrift(referenceCounts: reference, currentCounts: current)
                let verdict = DriftStage.verdict(column: column.name, d, thresholds: .defaults)
                var drift = WindowDrift(
                    column: column.name, role: column.role, model: column.model, psi: d.populationStabilityIndex,
                    jsDistance: d.jensenShannonDistance, hellinger: d.hellingerDistance, ks: nil, status: verdict.status)
                drift.kind = "categorical"
                return drift
            }
        }
        return cuts.indices.map { w in perColumn.compactMap { $0[w] } }
    }

    /// `windowDrift` and `categoricalWindowDrift` together, per window: the features first (in
    /// column order, numeric before categorical), then the label, then the predictions.
    static func allWindowDrift(
        _ plan: Plan, input: EvaluationInput?, settings: BuildSettings, predictions: Bool = true
    ) -> [[WindowDrift]] {
        let numeric = windowDrift(plan, input: input, settings: settings, predictions: predictions)
        let categorical = categoricalWindowDrift(plan, input: input, settings: settings)
        let rank = ["feature": 0, "label": 1, "prediction": 2]
        return zip(numeric, categorical).map { a, b in
            var merged: [WindowDrift] = []
            for role in rank.keys.sorted(by: { rank[$0]! < rank[$1]! }) {
                merged += a.filter { $0.role == role } + b.filter { $0.role == role }
            }
            return merged
        }
    }
}
