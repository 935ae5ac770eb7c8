import LoupeCharts
import LoupeMarkup
import LoupeResults

/// A table as the `table.html` partial draws it: one header row, cells that are either a row
/// header or data, numbers right-aligned with their exact value in `data-value` for sorting.
struct Table {
    struct Column {
        var label: String
        var sub: String? = nil
        var numeric: Bool = false
        /// A tooltip for the header (e.g. how a column is defined).
        var note: String? = nil
    }

    struct Cell {
        var content: HTML
        var rowHeader = false
        var numeric = false
        var flag = false
        var sortValue: String? = nil
        var interval: String? = nil
        var columnSpan: Int? = nil
        /// A number whose decimals the table sets per column (`Formatting.decimal(_:scale:)`),
        /// so a column reads with one convention and an interval never mixes two. The table
        /// redraws the content from it: markup added to `content` goes in `number.prefix` too.
        var number: Number? = nil
        /// Where the evidence for the cell is (a page and anchor): the value links there, its
        /// interval beneath it. The model card links each number to the page that proves it.
        var href: String? = nil

        struct Number {
            /// What the number is (a metric's name): a column takes one convention per kind, so
            /// a column that lists several metrics (R² beside MSE) keeps each its own.
            var kind: String
            var value: Double
            var lower: Double?
            var upper: Double?
            var signed = false
            /// Markup before the number (a "significant" badge).
            var prefix: HTML? = nil
            /// The largest magnitude in the cell.
            var magnitude: Double { [value, lower ?? 0, upper ?? 0].map(\.magnitude).max() ?? 0 }
        }

        /// The content and interval of `number` at the column's `scale`.
        func formatted(scale: Double) -> Cell {
            guard let number else { return self }
            var cell = self
            let text =
                number.signed ? Formatting.signed(number.value, scale: scale) : Formatting.decimal(number.value, scale: scale)
            cell.content = (number.prefix.map { $0 + HTML(trusted: " ") } ?? HTML(trusted: "")) + HTML(escaping: text)
            cell.interval = Formatting.interval(
                Metric(number.value, lower: number.lower, upper: number.upper), signed: number.signed, scale: scale)
            return cell
        }

        static func header(_ content: HTML, sortValue: String? = nil) -> Cell {
            Cell(content: content, rowHeader: true, sortValue: sortValue)
        }

        static func text(_ text: String) -> Cell { Cell(content: HTML(escaping: text)) }

        static func count(_ n: Int) -> Cell {
            Cell(content: HTML(escaping: Formatting.count(n)), numeric: true, sortValue: String(n))
        }

        /// A metric with its interval, or "undefined" with the reason as a tooltip.
        static func metric(_ key: String, _ metric: Metric?) -> Cell {
            guard let metric, let value = metric.value, let text = Formatting.value(of: key, metric) else {
                return Cell(content: Markup.undefined(MetricCatalog.info(key).undefinedReason), numeric: true)
            }
            var cell = Cell(
                content: HTML(escaping: text), numeric: true, sortValue: Formatting.exact(value),
                interval: Formatting.interval(of: key, metric))
            if MetricRegistry.definition(key)?.format != .percentage && !MetricCatalog.info(key).isCount {
                cell.number = Number(kind: key, value: value, lower: metric.lower, upper: metric.upper)
            }
            return cell
        }

        /// A slice's gap to overall, signed, flagged with a word when significant and worse.
        static func gap(_ gap: SliceGap?) -> Cell {
            guard let gap, let difference = gap.difference.value else {
                return Cell(content: Markup.undefined("The slice or overall value is undefined."), numeric: true)
            }
            let worse = gap.significant && (gap.worse ?? 0) > 0
            var content = HTML(escaping: Formatting.signed(difference))
            if worse { content = Markup.badge("significant") + HTML(trusted: " ") + content }
            return Cell(
                content: content, numeric: true, flag: worse,
                sortValue: Formatting.exact(gap.worse.map { -$0 } ?? difference),
                interval: Formatting.interval(gap.difference, signed: true),
                number: Number(
                    kind: "gap " + gap.metric, value: difference, lower: gap.difference.lower, upper: gap.difference.upper,
                    signed: true,
                    prefix: worse ? Markup.badge("significant") : nil))
        }
    }

    struct Row {
        var cells: [Cell]
        var id: String? = nil
        var className: String? = nil
    }

    var columns: [Column]
    var rows: [Row]
    var caption: String? = nil
    var sortable = true

    /// A cell's column label (with its sub-label), for the phone layout that shows a row as a
    /// card of `label value` lines; `nil` for a cell spanning several columns.
    func columnLabel(at position: Int, of cell: Cell) -> String? {
        guard (cell.columnSpan ?? 1) == 1, columns.indices.contains(position) else { return nil }
        let column = columns[position]
        return column.sub.map { "\(column.label) · \($0)" } ?? column.label
    }

    /// Each column's largest magnitude over its cells' numbers of one kind: the scale their
    /// decimals follow.
    var columnScales: [String: Double] {
        var scales: [String: Double] = [:]
        for row in rows {
            for (position, cell) in Self.positioned(row.cells) {
                guard let number = cell.number else { continue }
                let key = "\(position) \(number.kind)"
                scales[key] = max(scales[key] ?? 0, number.magnitude)
            }
        }
        return scales
    }

    var templateValue: TemplateValue {
        let scales = columnScales
        return .object([
            "caption": .optional(caption.map(TemplateValue.text)),
            "sortable": .bool(sortable),
            "columns": .list(
                columns.map { column in
                    .object([
                        "label": .text(column.label),
                        "sub": .optional(column.sub.map(TemplateValue.text)),
                        "note": .optional(column.note.map(TemplateValue.text)),
                        "align": .text(column.numeric ? "num" : "text"),
                    ])
                }),
            "rows": .list(
                rows.map { row in
                    .object([
                        "id": .optional(row.id.map(TemplateValue.text)),
                        "rowClass": .optional(row.className.map(TemplateValue.text)),
                        "cells": .list(
                            Self.positioned(row.cells).map { position, cell in
                                let label = columnLabel(at: position, of: cell)
                                let scale = cell.number.flatMap { scales["\(position) \($0.kind)"] }
                                let cell = scale.map { cell.formatted(scale: $0) } ?? cell
                                return TemplateValue.object([
                                    "label": .optional(label.map(TemplateValue.text)),
                                    "content": .html(cell.content),
                                    "rowHeader": .bool(cell.rowHeader),
                                    "align": .text(cell.numeric ? "num" : "text"),
                                    "flag": .bool(cell.flag),
                                    "sortKey": .optional(cell.sortValue.map(TemplateValue.text)),
                                    "ci": .optional(cell.interval.map(TemplateValue.text)),
                                    "span": .optional(cell.columnSpan.map { .text(String($0)) }),
                                    "href": .optional(cell.href.map(TemplateValue.text)),
                                ])
                            }),
                    ])
                }),
        ])
    }

    /// Each cell with the column it starts in.
    static func positioned(_ cells: [Cell]) -> [(Int, Cell)] {
        var position = 0
        return cells.map { cell in
            defer { position += cell.columnSpan ?? 1 }
            return (position, cell)
        }
    }
}
