import LoupeData
import LoupeMetrics
import LoupeResults

/// Hands one regression model's residual analysis to `ResidualAnalyzer`: the data's other columns
/// become `ResidualFeature`s (timestamps as days since the first one), and the largest errors are
/// described by their line in the file and their columns' values as text.
enum ResidualStage {
    static func analyze(
        labels: [Double], predictions: [Double], rows: [Int], features: [FeatureColumn], order: String?, confidence: Double
    ) -> ResidualAnalysis {
        ResidualAnalyzer.analyze(
            labels: labels, predictions: predictions, features: features.map(residualFeature), order: order,
            confidence: confidence
        ) { i in
            var values: [String: String] = [:]
            for feature in features { if let text = feature.text(at: i) { values[feature.name] = text } }
            return ((rows.indices.contains(i) ? rows[i] : i) + 1, values)
        }
    }

    /// A timestamp column is examined in days since its first time, so its correlation's trend
    /// chart reads in days.
    static func residualFeature(_ feature: FeatureColumn) -> ResidualFeature {
        switch feature.values {
        case .numeric(let values):
            guard feature.isTimestamp, let first = values.filter(\.isFinite).min() else {
                return ResidualFeature(name: feature.name, values: .numeric(values))
            }
            return ResidualFeature(
                name: feature.name, values: .numeric(values.map { $0.isFinite ? ($0 - first) / 86_400 : $0 }),
                unit: "days since " + FeatureColumn.isoText(seconds: first))
        case .categorical(let codes, let dictionary):
            return ResidualFeature(name: feature.name, values: .categorical(codes: codes, dictionary: dictionary))
        }
    }
}
