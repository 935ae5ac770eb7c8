/// A suggested base stylesheet for pages that show charts: tabular figures, charts kept whole
/// when printing, and on narrow screens charts kept wide enough to read inside a horizontally
/// scrolling `.chart-frame` (wrap each chart in `<div class="chart-frame">` for that). Each
/// `<svg>` already caps its own width inline. See `ChartFrame` for the classes on the SVG.
public enum ChartStyle {
    public static let css = """
        .chart-frame { overflow-x: auto; }
        svg.chart { display: block; height: auto; }
        svg.chart text { font-variant-numeric: tabular-nums; }
        @media (max-width: 40rem) { svg.chart { min-width: 30rem; } svg.chart-matrix { min-width: 0; } }
        @media print { svg.chart { break-inside: avoid; page-break-inside: avoid; } }
        """
}
