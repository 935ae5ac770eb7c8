import LoupeMarkup
import LoupeMetrics
import LoupeResults

/// Reference → current distances for every column both data sets have with the same kind
/// (numeric or categorical; timestamps are not compared: time always moves), from the kernels of
/// `DataDrift`, with each column's verdict.
enum DriftStage {
    /// What a column is to the build: a feature, the label, or a model's prediction.
    struct Role: Sendable {
        let name: String
        let model: String?
        static let feature = Role(name: "feature", model: nil)
    }

    static func compare(
        reference: DataProfile, current: DataProfile, roles: [String: Role], thresholds: [String: DriftThresholds]
    ) -> [ColumnDrift] {
        let pairs = current.columns.compactMap { column -> (DataProfile.ColumnProfile, DataProfile.ColumnProfile)? in
            guard let old = reference.column(column.name), old.kind == column.kind, column.kind != "timestamp" else { return nil }
            return (old, column)
        }
        return Parallel.map(pairs.indices.map { $0 }) { i -> ColumnDrift? in
            let (old, new) = pairs[i]
            let distances: DriftDistances
            if let a = old.sorted, let b = new.sorted {
                distances = DataDrift.numericDrift(reference: a, current: b)
            } else if let a = old.counts, let b = new.counts {
                distances = DataDrift.categoricalDrift(referenceCounts: a, currentCounts: b)
            } else {
                return nil
            }
            return result(
                column: new.name, kind: new.kind, role: roles[new.name] ?? .feature, distances,
                thresholds: thresholds[new.name] ?? .defaults)
        }.compactMap { $0 }
    }

    static func result(
        column: String, kind: String, role: Role, _ d: DriftDistances, thresholds t: DriftThresholds
    ) -> ColumnDrift {
        ColumnDrift(
            column: column, role: role.name, model: role.model, kind: kind, referenceCount: d.referenceCount,
            currentCount: d.currentCount, referenceMissing: d.referenceMissingCount, currentMissing: d.currentMissingCount,
            binEdges: d.binEdges.flatMap { $0.allSatisfy(\.isFinite) ? $0 : nil }, categories: d.categories,
            referenceCounts: d.referenceBinCounts,
            currentCounts: d.currentBinCounts, psi: d.populationStabilityIndex,
            ks: d.kolmogorovSmirnov.map {
                KolmogorovSmirnovResult(statistic: $0.statistic, pValue: $0.pValue, method: $0.method.rawValue)
            },
            wasserstein: d.wasserstein, normalizedWasserstein: d.normalizedWasserstein,
            jsDistance: d.jensenShannonDistance, hellinger: d.hellingerDistance,
            chiSquare: d.chiSquare.map {
                ChiSquareResult(statistic: $0.statistic, dof: $0.degreesOfFreedom, pValue: $0.pValue, yates: $0.yatesCorrected)
            },
            lInfinity: d.lInfinity, lInfinityCategory: d.lInfinityCategory, thresholds: t,
            verdict: verdict(column: column, d, thresholds: t))
    }

    /// PSI ≥ its threshold decides first; then the significance test (KS for numbers, χ² for
    /// categories) with p below its threshold **and** an effect (KS D, or L-infinity) at least
    /// `minimumEffect`. Stable columns name the PSI (or, without one, the test).
    static func verdict(column: String, _ d: DriftDistances, thresholds t: DriftThresholds) -> DriftVerdict {
        let name = "Column '\(column)'"
        guard d.referenceCount > 0, d.currentCount > 0 else {
            let empty = d.referenceCount == 0 ? "the reference" : "the current data"
            return DriftVerdict(
                status: "undefined", test: nil, value: nil, threshold: nil, effect: nil,
                message: "\(name) cannot be compared: \(empty) has no values in it.")
        }
        let test: (name: String, label: String, p: Double, effect: Double, effectLabel: String)?
        if let ks = d.kolmogorovSmirnov {
            test = ("ks", "KS", ks.pValue, ks.statistic, "D")
        } else if let chi = d.chiSquare, let effect = d.lInfinity {
            test = ("chi_square", "χ²", chi.pValue, effect, "L∞")
        } else {
            test = nil
        }
        if let psi = d.populationStabilityIndex, psi >= t.psi {
            return DriftVerdict(
                status: "drifted", test: "psi", value: psi, threshold: t.psi, effect: nil,
                message: "\(name) drifted: PSI \(number(psi)) ≥ \(number(t.psi)).")
        }
        if let test, test.p < t.pValue, test.effect >= t.minimumEffect {
            return DriftVerdict(
                status: "drifted", test: test.name, value: test.p, threshold: t.pValue, effect: test.effect,
                message:
                    "\(name) drifted: \(test.label) p \(pValue(test.p)) (below \(number(t.pValue))) with \(test.effectLabel) \(number(test.effect)) ≥ \(number(t.minimumEffect))."
            )
        }
        let testPhrase = test.map { "; \($0.label) p \(pValue($0.p)), \($0.effectLabel) \(number($0.effect))" } ?? ""
        if let psi = d.populationStabilityIndex {
            return DriftVerdict(
                status: "stable", test: "psi", value: psi, threshold: t.psi, effect: nil,
                message: "\(name) is stable: PSI \(number(psi)) < \(number(t.psi))\(testPhrase).")
        }
        return DriftVerdict(
            status: "stable", test: test?.name, value: test?.p, threshold: test == nil ? nil : t.pValue, effect: test?.effect,
            message: "\(name) is stable\(testPhrase.isEmpty ? "" : ":" + testPhrase.dropFirst()).")
    }

    /// Three decimals, or the plain number when it is a round threshold (0.2, 0.05).
    static func number(_ x: Double) -> String {
        let plain = GateEvaluator.plain(x)
        return plain.count <= 5 ? plain : NumberFormat.decimal(x, digits: 3)
    }

    /// A p-value as `= 0.234`, or `< 0.001`.
    static func pValue(_ p: Double) -> String {
        if p >= 0.001 { return "= " + NumberFormat.decimal(p, digits: 3) }
        return "< 0.001"
    }
}
