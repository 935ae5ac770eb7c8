import LoupeData
import LoupeMetrics

/// Maps a label column to positive / negative per row.
///
/// Accepted: numbers 0 and 1 (1 is positive); `true`/`false` or `yes`/`no` in any case (true and
/// yes are positive); or any two values with `--positive-label` naming the positive one. A
/// third value, or two values that say nothing about which is positive, is an error.
enum LabelEncoding {
    /// Per row 1 (positive), 0 (negative) or 2 (missing), and the positive label's text.
    static func encode(_ column: Column, positiveLabel: String?, file: String) throws -> (codes: [UInt8], positive: String) {
        switch column.kind {
        case .numeric:
            let values = Quantiles.distinctValues(column.numbers, atMost: 2)
            guard let values else {
                throw LoupeError.input(
                    "\(file): the label column '\(column.name)' has more than two distinct values; a binary task needs two (regression and multiclass tasks are not supported by this version)"
                )
            }
            let positive: Double
            if let positiveLabel {
                guard let number = Double(positiveLabel), values.contains(number) else {
                    throw LoupeError.usage(
                        "--positive-label \(positiveLabel): the label column '\(column.name)' has the values \(values.map(Slicer.text).joined(separator: ", "))"
                    )
                }
                positive = number
            } else if values.allSatisfy({ $0 == 0 || $0 == 1 }) {
                positive = 1
            } else {
                throw LoupeError.usage(
                    "the label column '\(column.name)' has the values \(values.map(Slicer.text).joined(separator: " and ")); say which is positive with --positive-label"
                )
            }
            let codes = column.numbers.map { value -> UInt8 in value.isNaN ? 2 : value == positive ? 1 : 0 }
            return (codes, Slicer.text(positive))
        case .categorical:
            let dictionary = column.dictionary
            guard dictionary.count <= 2 else {
                let shown = dictionary.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
                throw LoupeError.input(
                    "\(file): the label column '\(column.name)' has \(dictionary.count) distinct values (\(shown)\(dictionary.count > 5 ? ", …" : "")); a binary task needs two"
                )
            }
            let positiveIndex: Int
            if let positiveLabel {
                guard let index = dictionary.firstIndex(of: positiveLabel) else {
                    throw LoupeError.usage(
                        "--positive-label \(positiveLabel): the label column '\(column.name)' has the values \(dictionary.map { "'\($0)'" }.joined(separator: ", "))"
                    )
                }
                positiveIndex = index
            } else if let index = dictionary.firstIndex(where: { ["true", "yes"].contains($0.lowercased()) }),
                dictionary.allSatisfy({ ["true", "false", "yes", "no"].contains($0.lowercased()) })
            {
                positiveIndex = index
            } else {
                throw LoupeError.usage(
                    "the label column '\(column.name)' has the values \(dictionary.map { "'\($0)'" }.joined(separator: " and ")); say which is positive with --positive-label"
                )
            }
            let positive = UInt32(positiveIndex)
            let codes = column.codes.map { code -> UInt8 in code == Column.missingCode ? 2 : code == positive ? 1 : 0 }
            return (codes, dictionary[positiveIndex])
        case .timestamp:
            throw LoupeError.input("\(file): the label column '\(column.name)' holds dates, not labels")
        }
    }
}
