import LoupeResults

/// The one-line verdict on a run's gates, worded the same on the overview and in the summary.
public enum GateStatus {
    /// "2 of 7 gates failed", "All 7 gates passed", "The gate passed", "No gates were configured".
    public static func line(_ gates: [GateResult]) -> String {
        let failed = gates.filter { !$0.passed }.count
        switch (gates.count, failed) {
        case (0, _): return "No validation gates were configured"
        case (1, 1): return "The gate failed"
        case (1, _): return "The gate passed"
        case (let total, 0): return "All \(total) gates passed"
        case (let total, let failed): return "\(failed) of \(total) gates failed"
        }
    }
}
