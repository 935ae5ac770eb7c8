import LoupeCharts
import LoupeMarkup

/// The few bits of inline markup page code builds itself, always from fixed tags and escaped text.
enum Markup {
    static func undefined(_ reason: String) -> HTML {
        HTML(trusted: "<span class=\"undefined\" title=\"\(HTML.escape(reason))\">undefined</span>")
    }

    static func badge(_ text: String) -> HTML {
        HTML(trusted: "<span class=\"badge\">\(HTML.escape(DisplayText.shortened(text)))</span>")
    }

    static func link(_ text: String, href: String) -> HTML {
        HTML(trusted: "<a href=\"\(HTML.escape(href))\">\(HTML.escape(DisplayText.shortened(text)))</a>")
    }

    static func strong(_ text: String) -> HTML { HTML(trusted: "<strong>\(HTML.escape(DisplayText.shortened(text)))</strong>") }

    static func text(_ text: String) -> HTML { HTML(escaping: text) }

    /// Text people wrote (a model card's sections), escaped and shown whole: unlike a data value
    /// it is not cut at `DisplayText.limit`, since there is no results.json copy to point to.
    static func prose(_ text: String) -> HTML { HTML(trusted: HTML.escape(text)) }

    static func swatch(_ colorIndex: Int) -> HTML {
        HTML(trusted: "<span class=\"swatch\" style=\"background:\(Palette.color(colorIndex))\" aria-hidden=\"true\"></span>")
    }
}

extension Markup {
    /// A small grey label beside a name: `reference`.
    static func tag(_ text: String) -> HTML {
        HTML(trusted: "<span class=\"tag\">\(HTML.escape(DisplayText.shortened(text)))</span>")
    }

    /// A muted second line inside a table cell.
    static func sub(_ text: String) -> HTML {
        HTML(trusted: "<span class=\"sub\">\(HTML.escape(DisplayText.shortened(text)))</span>")
    }
}

extension Markup {
    /// An interval chart laid out twice, for the page's full width and for a phone; the
    /// stylesheet shows one (`.chart-wide`, `.chart-narrow`), so text is never scaled down to
    /// an unreadable size. Each drawing has its own element ids.
    static func responsive(_ chart: IntervalChart) -> HTML {
        var wide = chart
        wide.width = 1100
        var narrow = chart
        narrow.width = 400
        narrow.idSuffix = chart.idSuffix.map { $0 + "-narrow" }
        return HTML(trusted: "<div class=\"chart-wide\">") + wide.render()
            + HTML(trusted: "</div><div class=\"chart-narrow\">") + narrow.render() + HTML(trusted: "</div>")
    }

    /// A heat map drawn wide (windows across) for the page and transposed (windows down) for a
    /// phone, which the stylesheet shows instead below 900 px; print shows the wide one.
    static func responsive(_ chart: BandedHeatMapChart) -> HTML {
        HTML(trusted: "<div class=\"chart-wide\">") + chart.render() + HTML(trusted: "</div><div class=\"chart-narrow\">")
            + chart.transposed().render() + HTML(trusted: "</div>")
    }
}
