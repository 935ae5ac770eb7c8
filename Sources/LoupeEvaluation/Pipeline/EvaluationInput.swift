import LoupeData
import LoupeMarkup
import LoupeMetrics
import LoupeResults

/// The evaluated rows as plain arrays: labels, each model's scores and the weights of the rows
/// that have a label and every model's score, with the count of rows left out and why.
///
/// A regression's rows are in timestamp order when there is a timestamp (ties and missing times
/// in file order, missing times last), so serial statistics such as Durbin–Watson read them in time.
struct EvaluationInput {
    var task: ModelTask
    /// Evaluated rows of the table, in evaluation order.
    var rows: [Int]
    var rowsInFileOrder: Bool
    /// Binary: 0/1 per row. Empty for a regression.
    var labels: [UInt8]
    /// Regression: the label value per row. Empty for a binary task.
    var targets: [Double]
    var scores: [[Double]]
    var weights: [Double]?
    var positiveLabel: String
    var excluded: [String: Int]
    var warnings: [String]
    /// Multiclass: the classes in order, each row's class code, and per model its probabilities
    /// (a column per class) or its predicted class codes (see `EvaluationInput+Multiclass`).
    var classNames: [String] = []
    var classLabels: [Int32] = []
    var classPredictions: [MulticlassPredictions] = []

    /// The task the settings name or, when they name none, the label suggests: a numeric label
    /// with more than two distinct values (and no `--positive-label`) is a regression's.
    static func task(of table: Table, settings: BuildSettings) throws -> ModelTask {
        if let task = settings.task { return task }
        if settings.scores.contains(where: \.isPrefix) { return .multiclass }
        let label = try column(settings.label, role: "label", in: table)
        let regression = label.kind == .numeric && label.distinctCount > 2 && settings.positiveLabel == nil
        if regression, let request = settings.fairness.first {
            throw LoupeError.usage(
                "--fairness \(request.flagText): the label '\(settings.label)' has more than two values, so this is a regression; the fairness analysis needs a binary task (give --task binary with --positive-label to treat it as one)"
            )
        }
        return regression ? .regression : .binary
    }

    /// The most rows one evaluation takes, 4,294,967,294: the evaluators index rows with `UInt32`
    /// and require fewer than `UInt32.max` of them. Checked against the table's rows, of which the
    /// evaluated rows are a subset.
    static let maxRows = Int(UInt32.max) - 1

    /// The error for a table of `rowCount` rows read from `file` when at most `limit` rows can be
    /// evaluated, or `nil` when it fits. Checked before anything is evaluated, so a table too
    /// big is a message, not a trap in an evaluator.
    static func rowCountError(file: String, rowCount: Int, limit: Int = maxRows) -> LoupeError? {
        guard rowCount > limit else { return nil }
        return LoupeError.input(
            "\(file): \(NumberFormat.count(rowCount)) rows; this version evaluates at most \(NumberFormat.count(limit)) rows")
    }

    /// `rowLimit` is `maxRows` except in tests, which lower it rather than make a file of four
    /// billion rows.
    static func prepare(
        _ table: Table, settings: BuildSettings, task: ModelTask, rowLimit: Int = maxRows
    ) throws -> EvaluationInput {
        if let error = rowCountError(file: table.path, rowCount: table.rowCount, limit: rowLimit) { throw error }
        if task == .multiclass { return try prepareMulticlass(table, settings: settings) }
        let labelColumn = try column(settings.label, role: "label", in: table)
        var labelCodes: [UInt8] = [], positiveLabel = ""
        if task == .binary {
            (labelCodes, positiveLabel) = try LabelEncoding.encode(
                labelColumn, positiveLabel: settings.positiveLabel, file: table.path)
        } else {
            if labelColumn.kind == .categorical, let location = labelColumn.firstNonNumeric {
                throw LoupeError.input(
                    "\(location.file):\(location.line):\(location.column): a regression needs a numeric label, but the label column '\(labelColumn.name)' has the value '\(location.text ?? "")'"
                )
            }
            try requireNumeric(labelColumn, role: "label column '\(labelColumn.name)'", file: table.path)
        }
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
        if let name = settings.timestamp { try checkTimestamp(name, in: table) }

        // One tight pass: a row is evaluated when its label, every score and its weight are present.
        var reason = [UInt8](repeating: 0, count: table.rowCount)  // 0 kept, 1 label, 2 + m score m, 255 weight
        if task == .binary {
            labelCodes.withUnsafeBufferPointer { labels in
                reason.withUnsafeMutableBufferPointer { reason in
                    for row in 0..<table.rowCount where labels[row] > 1 { reason[row] = 1 }
                }
            }
        } else {
            labelColumn.numbers.withUnsafeBufferPointer { labels in
                reason.withUnsafeMutableBufferPointer { reason in
                    for row in 0..<table.rowCount where !labels[row].isFinite { reason[row] = 1 }
                }
            }
        }
        var outside = [Bool](repeating: false, count: scoreColumns.count)
        for (m, column) in scoreColumns.enumerated() {
            let code = UInt8(min(2 + m, 254))
            column.numbers.withUnsafeBufferPointer { scores in
                reason.withUnsafeMutableBufferPointer { reason in
                    var isOutside = false
                    for row in 0..<scores.count {
                        let value = scores[row]
                        if !value.isFinite {
                            if reason[row] == 0 { reason[row] = code }
                        } else if value < 0 || value > 1 {
                            isOutside = true
                        }
                    }
                    outside[m] = isOutside
                }
            }
        }
        if let weightColumn {
            for row in 0..<table.rowCount {
                let weight = weightColumn.numbers[row]
                if weight.isNaN {
                    if reason[row] == 0 { reason[row] = 255 }
                } else if !(weight >= 0) || !weight.isFinite {
                    let line = RecordLine.line(ofRow: row, path: table.path, format: settings.format)
                    let place = line.map { "line \($0)" } ?? "data row \(row + 1)"
                    throw LoupeError.input(
                        "\(table.path): \(place): the weight column '\(weightColumn.name)' has the value \(weight); weights must be zero or positive"
                    )
                }
            }
        }
        var excluded: [String: Int] = [:]
        var rows: [Int] = []
        rows.reserveCapacity(table.rowCount)
        var counts = [Int](repeating: 0, count: 256)
        reason.withUnsafeBufferPointer { reason in
            for row in 0..<reason.count {
                let r = reason[row]
                if r == 0 { rows.append(row) } else { counts[Int(r)] += 1 }
            }
        }
        if counts[1] > 0 { excluded["missing label"] = counts[1] }
        for m in settings.scores.indices where counts[min(2 + m, 254)] > 0 {
            excluded["missing score (\(settings.scores[m].name))"] = counts[min(2 + m, 254)]
        }
        if counts[255] > 0 { excluded["missing weight"] = counts[255] }
        guard !rows.isEmpty else {
            throw LoupeError.input(
                "\(table.path): no row has both a label and every model's score, so there is nothing to evaluate")
        }
        var warnings: [String] = []
        for (m, isOutside) in outside.enumerated() where isOutside && task == .binary {
            warnings.append(
                "scores of model '\(settings.scores[m].name)' lie outside [0, 1]; log loss, Brier score and calibration assume probabilities"
            )
        }
        var inFileOrder = true
        if task == .regression, let name = settings.timestamp, let times = table.column(name)?.numbers {
            // A stable sort by time; missing times sort last (timestamps are finite otherwise).
            let order = RadixSort.argsort(rows.map { times[$0].isNaN ? .infinity : times[$0] }).order
            rows = order.map { rows[Int($0)] }
            inFileOrder = false
        }
        // With no row excluded or moved the columns are used as they are (no copy).
        func gather<T>(_ values: [T]) -> [T] { values.gathered(at: rows, inFileOrder: inFileOrder) }
        return EvaluationInput(
            task: task, rows: rows, rowsInFileOrder: inFileOrder, labels: task == .binary ? gather(labelCodes) : [],
            targets: task == .regression ? gather(labelColumn.numbers) : [], scores: scoreColumns.map { gather($0.numbers) },
            weights: weightColumn.map { gather($0.numbers) }, positiveLabel: positiveLabel, excluded: excluded,
            warnings: warnings
        )
    }

    /// The `--timestamp` column must exist and hold dates, times or numbers (seconds); the error
    /// points at the first value that is none of them.
    static func checkTimestamp(_ name: String, in table: Table) throws {
        let timestamp = try column(name, role: "timestamp", in: table)
        guard timestamp.kind == .categorical else { return }
        guard let first = timestamp.firstNonTimestamp ?? timestamp.firstNonNumeric else {
            throw LoupeError.input(
                "\(table.path): the timestamp column '\(name)' holds values that are not ISO 8601 dates or times")
        }
        throw LoupeError.input(
            "\(first.prefix): the timestamp column '\(name)' holds values that are not ISO 8601 dates or times such as '2024-06-01' or '2024-06-01T13:45:00Z', here '\(TerminalText.quoted(first.text ?? ""))'"
        )
    }

    static func column(_ name: String, role: String, in table: Table) throws -> Column {
        guard let column = table.column(name) else {
            throw LoupeError.input(
                "\(table.path): no \(role) column '\(name)' (columns: \(table.columnNames.joined(separator: ", ")))")
        }
        return column
    }

    /// A score or weight column must hold numbers; the error points at the first value that is not one.
    private static func requireNumeric(_ column: Column, role: String, file: String) throws {
        guard column.kind != .numeric else { return }
        if let location = column.firstNonNumeric {
            throw LoupeError.input(
                "\(location.file):\(location.line):\(location.column): the \(role) has a non-numeric value '\(location.text ?? "")'"
            )
        }
        throw LoupeError.input("\(file): the \(role) does not hold numbers (it reads as \(column.kind.rawValue))")
    }
}
