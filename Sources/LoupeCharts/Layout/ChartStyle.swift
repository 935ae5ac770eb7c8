/// A suggested base stylesheet for pages that show charts: sizes the `<svg>` to the column
/// (capped so a chart is not drawn at twice its design size on a wide screen), uses tabular
/// figures, keeps charts whole when printing, and on narrow screens keeps charts wide enough
/// to read inside a horizontally scrolling `.chart-frame` (wrap each chart in
/// `<div class="chart-frame">` for that). See `ChartFrame` for the classes on the SVG.
public enum ChartStyle {
    public static let css = """
        .chart-frame { overflow-x: auto; }
        svg.chart { display: block; width: 100%; height: auto; max-width: 800px; margin: 1rem 0; }
        svg.chart.square, svg.chart-reliability { max-width: 560px; }
        svg.chart-matrix { max-width: 520px; }
        svg.chart text { font-variant-numeric: tabular-nums; }
        @media (max-width: 40rem) { svg.chart { min-width: 30rem; } svg.chart-matrix { min-width: 0; } }
        @media print { svg.chart { break-inside: avoid; page-break-inside: avoid; max-width: 100%; } }
        """
}
