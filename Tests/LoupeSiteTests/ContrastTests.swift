import Foundation
import LoupeCharts
import XCTest

@testable import LoupeSite

/// WCAG 2 contrast of every text colour on every background the stylesheet and the charts use,
/// in the light and the dark scheme: 4.5:1 for text (AA), 3:1 for chart lines and dots.
final class ContrastTests: XCTestCase {
    /// The custom properties of the light `:root` block and of the dark one.
    private func schemes() throws -> (light: [String: String], dark: [String: String]) {
        let css = try XCTUnwrap(TemplateLibrary.embeddedSources["style.css"])
        func properties(after marker: String) throws -> [String: String] {
            let start = try XCTUnwrap(css.range(of: marker), marker)
            let block = css[start.upperBound...].prefix { $0 != "}" }
            var out: [String: String] = [:]
            for declaration in block.split(separator: ";") {
                let parts = declaration.split(separator: ":", maxSplits: 1).map {
                    $0.trimmingCharacters(in: .whitespacesAndNewlines)
                }
                if parts.count == 2, parts[0].hasPrefix("--") { out[parts[0]] = parts[1] }
            }
            return out
        }
        return (try properties(after: ":root {"), try properties(after: "@media (prefers-color-scheme: dark) {\n  :root {"))
    }

    static func rgb(_ hex: String) -> (Double, Double, Double)? {
        let digits = hex.hasPrefix("#") ? String(hex.dropFirst()) : hex
        guard digits.count == 6, let value = Int(digits, radix: 16) else { return nil }
        return (Double((value >> 16) & 0xff) / 255, Double((value >> 8) & 0xff) / 255, Double(value & 0xff) / 255)
    }

    static func luminance(_ c: (Double, Double, Double)) -> Double {
        func linear(_ v: Double) -> Double { v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4) }
        return 0.2126 * linear(c.0) + 0.7152 * linear(c.1) + 0.0722 * linear(c.2)
    }

    static func contrast(_ a: (Double, Double, Double), _ b: (Double, Double, Double)) -> Double {
        let (x, y) = (luminance(a), luminance(b))
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }

    /// `top` at `opacity` over `bottom`.
    static func blend(_ top: (Double, Double, Double), _ opacity: Double, over bottom: (Double, Double, Double))
        -> (Double, Double, Double)
    {
        (
            top.0 * opacity + bottom.0 * (1 - opacity), top.1 * opacity + bottom.1 * (1 - opacity),
            top.2 * opacity + bottom.2 * (1 - opacity)
        )
    }

    func testPageTextMeetsAAOnEveryBackgroundInBothSchemes() throws {
        let (light, dark) = try schemes()
        for (name, scheme) in [("light", light), ("dark", dark)] {
            let texts = ["--fg", "--muted", "--accent", "--concern", "--pass", "--fail"]
            for background in ["--bg", "--panel", "--concern-bg"] {
                let bg = try XCTUnwrap(scheme[background].flatMap(Self.rgb), "\(name) \(background)")
                for text in texts {
                    let fg = try XCTUnwrap(scheme[text].flatMap(Self.rgb), "\(name) \(text)")
                    let ratio = Self.contrast(fg, bg)
                    XCTAssertGreaterThanOrEqual(ratio, 4.5, "\(name): \(text) on \(background) is \(ratio):1")
                }
            }
        }
    }

    /// The confusion matrix writes its counts in the page's text colour on cells of the first
    /// palette colour at up to the darkest shade it draws (share 1).
    func testConfusionMatrixCountsMeetAAOnTheDarkestCellInBothSchemes() throws {
        let (light, dark) = try schemes()
        let svg = MatrixChart(
            title: "Confusion", description: "", rowTitle: "Actual", columnTitle: "Predicted", rowLabels: ["a", "b"],
            columnLabels: ["a", "b"], cells: [[10, 0], [0, 10]]
        ).render().markup
        let opacities = svg.components(separatedBy: "fill-opacity=\"").dropFirst().compactMap {
            Double($0.prefix { $0 != "\"" })
        }
        let darkest = try XCTUnwrap(opacities.max())
        XCTAssertFalse(svg.contains("#ffffff"), "counts are drawn in the page's text colour, not white")
        let blue = try XCTUnwrap(Self.rgb(Palette.color(0)))
        for (name, scheme) in [("light", light), ("dark", dark)] {
            let bg = try XCTUnwrap(scheme["--bg"].flatMap(Self.rgb))
            let fg = try XCTUnwrap(scheme["--fg"].flatMap(Self.rgb))
            for opacity in [0.06, darkest / 2, darkest] {
                let ratio = Self.contrast(fg, Self.blend(blue, opacity, over: bg))
                XCTAssertGreaterThanOrEqual(ratio, 4.5, "\(name): text on a cell at opacity \(opacity) is \(ratio):1")
            }
        }
    }

    /// Grey chart text (reference labels, "undefined") is drawn in `--muted` by the stylesheet
    /// and first model's blue lines are lightened in the dark scheme.
    func testChartGreysAndTheFirstModelsBlueReadInBothSchemes() throws {
        let (light, dark) = try schemes()
        let css = try XCTUnwrap(TemplateLibrary.embeddedSources["style.css"])
        XCTAssertTrue(css.contains("svg.chart .ref-label, svg.chart .undefined { fill: var(--muted); }"))
        let lightBG = try XCTUnwrap(light["--bg"].flatMap(Self.rgb)), darkBG = try XCTUnwrap(dark["--bg"].flatMap(Self.rgb))
        let blue = try XCTUnwrap(Self.rgb(Palette.color(0)))
        XCTAssertGreaterThanOrEqual(Self.contrast(blue, lightBG), 3)
        let darkBlue = try XCTUnwrap(
            css.components(separatedBy: "svg.chart [stroke=\"#0072B2\"] { stroke: ").dropFirst().first.map {
                String($0.prefix(7))
            })
        let ratio = Self.contrast(try XCTUnwrap(Self.rgb(darkBlue)), darkBG)
        XCTAssertGreaterThanOrEqual(ratio, 4.5, "dark scheme blue \(darkBlue) is \(ratio):1")
    }
}
