import LoupeData
import LoupeMetrics

/// The evaluated rows as plain arrays: labels, each model's scores and the weights of the rows
/// that have a label and every model's score, with the count of rows left out and why.
struct EvaluationInput {
    var rows: [Int]
    var labels: [UInt8]
    var scores: [[Double]]
    var weights: [Double]?
    var positiveLabel: String
    var excluded: [String: Int]
    var warnings: [String]

    static func prepare(_ table: Table, settings: BuildSettings) throws -> EvaluationInput {
        let labelColumn = try column(settings.label, role: "label", in: table)
        let (isPositive, positiveLabel) = try LabelEncoding.encode(labelColumn, positiveLabel: settings.positiveLabel, file: table.path)
        var scoreColumns: [Column] = []
        for spec in settings.scores {
            let score = try column(spec.column, role: "score", in: table)
            try requireNumeric(score, role: "score column '\(spec.column)' of model '\(spec.name)'", file: table.path)
            scoreColumns.append(score)
        }
        var weightColumn: Column?
        if let name = settings.weight {
            let weight = try column(name, role: "weight", in: table)
            try requireNumeric(weight, role: "weight column '\(name)'", file: table.path)
            weightColumn = weight
        }
        if let name = settings.timestamp {
            let timestamp = try column(name, role: "timestamp", in: table)
            if timestamp.kind == .categorical {
                let example = timestamp.firstNonNumeric.map { " such as '\($0.text ?? "")' at line \($0.line)" } ?? ""
                throw LoupeError.input("\(table.path): the timestamp column '\(name)' holds values that are not ISO 8601 dates or times\(example)")
            }
        }

        var rows: [Int] = []
        rows.reserveCapacity(table.rowCount)
        var excluded: [String: Int] = [:]
        let labelMissing = "missing label"
        let scoreMissing = settings.scores.map { "missing score (\($0.name))" }
        var outside = [Bool](repeating: false, count: scoreColumns.count)
        rowLoop: for row in 0..<table.rowCount {
            guard let _ = isPositive(row) else {
                excluded[labelMissing, default: 0] += 1
                continue
            }
            for (m, score) in scoreColumns.enumerated() {
                let value = score.numbers[row]
                if value.isNaN {
                    excluded[scoreMissing[m], default: 0] += 1
                    continue rowLoop
                }
                if value < 0 || value > 1 { outside[m] = true }
            }
            if let weightColumn {
                let weight = weightColumn.numbers[row]
                if weight.isNaN {
                    excluded["missing weight", default: 0] += 1
                    continue
                }
                guard weight >= 0, weight.isFinite else {
                    throw LoupeError.input("\(table.path): data row \(row + 1): the weight column '\(weightColumn.name)' has the value \(weight); weights must be zero or positive")
                }
            }
            rows.append(row)
        }
        guard !rows.isEmpty else {
            throw LoupeError.input("\(table.path): no row has both a label and every model's score, so there is nothing to evaluate")
        }
        var warnings: [String] = []
        for (m, isOutside) in outside.enumerated() where isOutside {
            warnings.append("scores of model '\(settings.scores[m].name)' lie outside [0, 1]; log loss, Brier score and calibration assume probabilities")
        }
        let labels = rows.map { isPositive($0) == true ? UInt8(1) : UInt8(0) }
        // With no row excluded the columns are used as they are (no copy).
        let everyRow = rows.count == table.rowCount
        let scores = scoreColumns.map { column in everyRow ? column.numbers : rows.map { column.numbers[$0] } }
        let weights = weightColumn.map { column in everyRow ? column.numbers : rows.map { column.numbers[$0] } }
        return EvaluationInput(
            rows: rows, labels: labels, scores: scores, weights: weights, positiveLabel: positiveLabel,
            excluded: excluded, warnings: warnings
        )
    }

    private static func column(_ name: String, role: String, in table: Table) throws -> Column {
        guard let column = table.column(name) else {
            throw LoupeError.input("\(table.path): no \(role) column '\(name)' (columns: \(table.columnNames.joined(separator: ", ")))")
        }
        return column
    }

    /// A score or weight column must hold numbers; the error points at the first value that is not one.
    private static func requireNumeric(_ column: Column, role: String, file: String) throws {
        guard column.kind != .numeric else { return }
        if let location = column.firstNonNumeric {
            throw LoupeError.input("\(location.file):\(location.line):\(location.column): the \(role) has a non-numeric value '\(location.text ?? "")'")
        }
        throw LoupeError.input("\(file): the \(role) does not hold numbers (it reads as \(column.kind.rawValue))")
    }
}
