/// A suggested base stylesheet for pages that show charts: sizes the `<svg>` to the column
/// (capped so a chart is not drawn at twice its design size on a wide screen), uses tabular
/// figures, and keeps charts whole when printing. See `ChartFrame` for the classes.
public enum ChartStyle {
    public static let css = """
        svg.chart { display: block; width: 100%; height: auto; max-width: 960px; margin: 1rem 0; overflow: visible; }
        svg.chart.square, svg.chart-reliability { max-width: 560px; }
        svg.chart-matrix { max-width: 520px; }
        svg.chart text { font-variant-numeric: tabular-nums; }
        @media print { svg.chart { break-inside: avoid; page-break-inside: avoid; } }
        """
}
