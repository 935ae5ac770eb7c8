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
            return Cell(
                content: HTML(escaping: text), numeric: true, sortValue: Formatting.exact(value),
                interval: Formatting.interval(metric))
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
                interval: Formatting.interval(gap.difference, signed: true))
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

    /// Each cell's column label (with its sub-label), for the phone layout that shows a row as
    /// a card of `label value` lines; empty for a cell spanning several columns.
    func columnLabels(_ row: Row) -> [String] {
        var position = 0
        return row.cells.map { cell in
            defer { position += cell.columnSpan ?? 1 }
            guard (cell.columnSpan ?? 1) == 1, columns.indices.contains(position) else { return "" }
            let column = columns[position]
            return column.sub.map { "\(column.label) · \($0)" } ?? column.label
        }
    }

    var templateValue: TemplateValue {
        .object([
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
                            zip(row.cells, columnLabels(row)).map { cell, label in
                                .object([
                                    "label": .optional(label.isEmpty ? nil : .text(label)),
                                    "content": .html(cell.content),
                                    "rowHeader": .bool(cell.rowHeader),
                                    "align": .text(cell.numeric ? "num" : "text"),
                                    "flag": .bool(cell.flag),
                                    "sortKey": .optional(cell.sortValue.map(TemplateValue.text)),
                                    "ci": .optional(cell.interval.map(TemplateValue.text)),
                                    "span": .optional(cell.columnSpan.map { .text(String($0)) }),
                                ])
                            }),
                    ])
                }),
        ])
    }
}
