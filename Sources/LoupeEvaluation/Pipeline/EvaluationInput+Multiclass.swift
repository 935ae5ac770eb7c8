import LoupeData
import LoupeMarkup
import LoupeMetrics

extension EvaluationInput {
    /// Rows off 1 by more than this are an input error: they are not probabilities.
    static let probabilityTolerance = 1e-3
    /// Rows off 1 by more than this (rounded exports) are counted in a warning, and used as given.
    static let roundingTolerance = 1e-6

    /// The multiclass rows: classes from the first model's probability columns (the rest of each
    /// name after the prefix) or, for hard predictions, the label's and predictions' values in
    /// natural order. A label value is matched to a class as text, or as a number when both are
    /// numbers (`1` matches `p_1` and `p_1.0`); a label value with no class is an input error
    /// naming a line. A row with a missing label, probability or prediction is left out.
    static func prepareMulticlass(_ table: Table, settings: BuildSettings) throws -> EvaluationInput {
        let labelColumn = try column(settings.label, role: "label", in: table)
        // Each distinct label value as text once (a label column has a handful of values).
        var labelMemo = TextMemo(labelColumn)
        var classNames: [String] = []
        if let first = settings.scores.first(where: \.isPrefix) {
            classNames = first.classColumns.map(first.className)
            for score in settings.scores where score.isPrefix {
                let names = score.classColumns.map(score.className)
                guard Set(names) == Set(classNames) else {
                    throw LoupeError.input(
                        "\(table.path): model '\(score.name)' has probabilities for the classes \(names.joined(separator: ", ")), model '\(first.name)' for \(classNames.joined(separator: ", "))"
                    )
                }
            }
        } else {
            for row in 0..<table.rowCount { _ = labelMemo.key(row: row) }
            var seen = Set(labelMemo.texts.values)
            for score in settings.scores {
                let predicted = try column(score.column, role: "score", in: table)
                for row in 0..<table.rowCount { if let value = text(of: predicted, row: row) { seen.insert(value) } }
            }
            classNames = seen.sorted(by: NaturalOrder.less)
        }
        func classIndex(_ value: String) -> Int? {
            if let index = classNames.firstIndex(of: value) { return index }
            guard let number = Double(value) else { return nil }
            return classNames.firstIndex { Double($0) == number }
        }
        let k = classNames.count
        guard k >= 2 else { throw LoupeError.input("\(table.path): a multiclass task needs at least two classes") }
        var keep = [Bool](repeating: true, count: table.rowCount)
        var excluded: [String: Int] = [:]
        var labels = [Int32](repeating: -1, count: table.rowCount)
        var labelClasses: [UInt64: Int?] = [:]
        // The class of a label value seen before, by a small index (`fastKey`): a dictionary
        // look-up per row cost more than the rest of the loop.
        var known = [Int32](repeating: -1, count: labelColumn.kind == .categorical ? labelColumn.dictionary.count : 4096)
        for row in 0..<table.rowCount {
            let fast = fastKey(labelColumn, row: row, limit: known.count)
            if let fast, known[fast] >= 0 {
                labels[row] = known[fast]
                continue
            }
            guard let key = labelMemo.key(row: row), let value = labelMemo.texts[key] else {
                keep[row] = false
                excluded["missing label", default: 0] += 1
                continue
            }
            if labelClasses[key] == nil { labelClasses[key] = .some(classIndex(value)) }
            guard let index = labelClasses[key] ?? nil else {
                throw LoupeError.input(
                    "\(table.path): line \(RecordLine.line(ofRow: row, path: table.path, format: settings.format).map(String.init) ?? "?"): the label '\(TerminalText.quoted(value))' is none of the classes the models predict (\(classNames.joined(separator: ", ")))"
                )
            }
            labels[row] = Int32(index)
            if let fast { known[fast] = Int32(index) }
        }
        var warnings: [String] = []
        var perModel: [Either] = []
        // Every probability model's rows checked at once, models and blocks of rows on all
        // cores; what they find is applied below in the models' order.
        let checked = try probabilityChecks(settings.scores, classNames: classNames, table: table, keep: keep)
        for (m, score) in settings.scores.enumerated() {
            if let (numbers, checks) = checked[m] {
                var offRows = 0, largest = 0.0
                for check in checks {
                    for row in check.missing where keep[row] {
                        keep[row] = false
                        excluded["missing score (\(score.name))", default: 0] += 1
                    }
                }
                for check in checks {
                    for (row, sum) in check.off where keep[row] {
                        let off = (sum - 1).magnitude
                        if off > probabilityTolerance {
                            throw LoupeError.input(
                                "\(table.path): line \(RecordLine.line(ofRow: row, path: table.path, format: settings.format).map(String.init) ?? "?"): the probabilities of model '\(score.name)' sum to \(sum), not 1"
                            )
                        }
                        offRows += 1
                        largest = max(largest, off)
                    }
                }
                if offRows > 0 {
                    warnings.append(
                        "\(NumberFormat.count(offRows)) rows of model '\(score.name)' have probabilities summing to 1 only within \(largest); they are used as given, as scikit-learn does"
                    )
                }
                perModel.append(.probabilities(numbers))
            } else {
                let predicted = try column(score.column, role: "score", in: table)
                var codes = [Int32](repeating: -1, count: table.rowCount)
                for row in 0..<table.rowCount where keep[row] {
                    guard let value = text(of: predicted, row: row), let index = classIndex(value) else {
                        keep[row] = false
                        excluded["missing score (\(score.name))", default: 0] += 1
                        continue
                    }
                    codes[row] = Int32(index)
                }
                perModel.append(.classes(codes))
            }
        }
        var weights: [Double]?
        if let name = settings.weight {
            let weight = try column(name, role: "weight", in: table)
            for row in 0..<table.rowCount where keep[row] && weight.numbers[row].isNaN {
                keep[row] = false
                excluded["missing weight", default: 0] += 1
            }
            weights = weight.numbers
        }
        // Usually every row is kept: then the table's columns serve as they are (no copy).
        let everyRow = !keep.contains(false)
        let rows = everyRow ? Array(0..<table.rowCount) : (0..<table.rowCount).filter { keep[$0] }
        guard !rows.isEmpty else {
            throw LoupeError.input("\(table.path): no row has a label and every model's predictions")
        }
        // Each model's class columns: the kept rows of each, models on all cores.
        let predictions: [MulticlassPredictions] = Parallel.map(perModel) { model in
            switch model {
            case .probabilities(let numbers):
                // Every column is numeric here: a row of text has no probability, and no row is left.
                let all = ClassProbabilities(columns: numbers)
                return .probabilities(everyRow ? all : all.rows(rows))
            case .classes(let codes):
                return .classes(everyRow ? codes : rows.map { codes[$0] })
            }
        }
        return EvaluationInput(
            task: .multiclass, rows: rows, rowsInFileOrder: true, labels: [], targets: [], scores: [],
            weights: weights.map { w in everyRow ? w : rows.map { w[$0] } }, positiveLabel: "", excluded: excluded,
            warnings: warnings, classNames: classNames, classLabels: everyRow ? labels : rows.map { labels[$0] },
            classPredictions: predictions)
    }

    /// What a block of one model's rows holds, in row order: the rows with a probability missing
    /// (or not finite), and the rows whose probabilities sum further from 1 than rounding, with
    /// their sums.
    private struct SumCheck: Sendable {
        var missing: [Int] = []
        var off: [(row: Int, sum: Double)] = []
    }

    /// Per model, `nil` for hard predictions, or its class columns' numbers (in `classNames`
    /// order; none for a column of text) and the checks of its rows where `keep` holds, a block of
    /// rows at a time (in row order): every model's blocks on all cores. The sums take the classes
    /// in order, as the file lists them.
    private static func probabilityChecks(
        _ scores: [ScoreSpec], classNames: [String], table: Table, keep: [Bool]
    ) throws -> [(numbers: [[Double]], checks: [SumCheck])?] {
        let models: [[[Double]]?] = try scores.map { score in
            guard score.isPrefix else { return nil }
            let names = score.classColumns.map(score.className)
            return try classNames.map { name in
                try column(score.classColumns[names.firstIndex(of: name)!], role: "score", in: table).numbers
            }
        }
        let n = table.rowCount
        // A column of text holds no numbers: every row of its model misses a probability.
        let numeric = models.map { $0?.allSatisfy { $0.count == n } ?? false }
        let blockRows = 1 << 16
        let blocks = stride(from: 0, to: n, by: blockRows).map { $0..<min($0 + blockRows, n) }
        let jobs = models.indices.flatMap { m in models[m] == nil ? [] : blocks.map { (model: m, rows: $0) } }
        let checks = Parallel.map(jobs) { job in
            var check = SumCheck()
            guard numeric[job.model], let numbers = models[job.model] else {
                check.missing = job.rows.filter { keep[$0] }
                return check
            }
            ClassProbabilities(columns: numbers).withColumns { p in
                for row in job.rows where keep[row] {
                    var sum = 0.0, missing = false
                    for c in numbers.indices {
                        let value = p[c][row]
                        if !value.isFinite { missing = true }
                        sum += value
                    }
                    if missing {
                        check.missing.append(row)
                    } else if (sum - 1).magnitude > roundingTolerance {
                        check.off.append((row, sum))
                    }
                }
            }
            return check
        }
        var next = 0
        return models.map { numbers in
            guard let numbers else { return nil }
            defer { next += blocks.count }
            return (numbers, Array(checks[next..<(next + blocks.count)]))
        }
    }

    private enum Either: Sendable {
        case probabilities([[Double]])
        case classes([Int32])
    }

    /// `text(of:row:)` of one column, each distinct value formatted once: a row's key is its
    /// category code or its number's bits (`nil` when missing), `texts` the text of every key seen.
    private struct TextMemo {
        let column: Column
        private(set) var texts: [UInt64: String] = [:]

        init(_ column: Column) { self.column = column }

        mutating func key(row: Int) -> UInt64? {
            let key: UInt64
            switch column.kind {
            case .categorical:
                let code = column.codes[row]
                guard code != Column.missingCode else { return nil }
                key = UInt64(code)
            case .numeric, .timestamp:
                let value = column.numbers[row]
                guard !value.isNaN else { return nil }
                key = value.bitPattern
            }
            if texts[key] == nil, let text = text(of: column, row: row) { texts[key] = text }
            return key
        }
    }

    /// A small index for a row's value, the same for equal values and different for different
    /// ones: a category's code, or a whole number in `0..<limit` (not −0, whose text differs);
    /// `nil` for any other value.
    @inline(__always) private static func fastKey(_ column: Column, row: Int, limit: Int) -> Int? {
        switch column.kind {
        case .categorical:
            let code = column.codes[row]
            return code == Column.missingCode || Int(code) >= limit ? nil : Int(code)
        case .numeric, .timestamp:
            let value = column.numbers[row]
            guard value >= 0, value < Double(limit), value.sign == .plus else { return nil }
            let whole = Int(value)
            return Double(whole) == value ? whole : nil
        }
    }

    /// A value as text: the category, or the number in shortest form; `nil` when missing.
    private static func text(of column: Column, row: Int) -> String? {
        switch column.kind {
        case .categorical:
            let code = column.codes[row]
            return code == Column.missingCode ? nil : column.dictionary[Int(code)]
        case .numeric, .timestamp:
            let value = column.numbers[row]
            return value.isNaN ? nil : Slicer.text(value)
        }
    }
}
