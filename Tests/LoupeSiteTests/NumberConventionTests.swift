import LoupeResults
import XCTest

@testable import LoupeSite

/// One decimal convention per column and per estimate with its interval; MAPE as a percentage;
/// numbers right-aligned in every table.
final class NumberConventionTests: XCTestCase {
    /// "(81.904–4,384)" read as eighty-one thousand: both bounds take the larger one's convention.
    func testAnIntervalNeverMixesTwoConventions() {
        XCTAssertEqual(Formatting.interval(Metric(1_200, lower: 81.904, upper: 4_384)), "(82–4,384)")
        XCTAssertEqual(Formatting.estimate(Metric(150.26, lower: 81.904, upper: 240.5)), "150.3 (81.9–240.5)")
        XCTAssertEqual(Formatting.interval(Metric(0.712, lower: 0.698, upper: 0.726)), "(0.698–0.726)")
        XCTAssertEqual(Formatting.interval(Metric(5, lower: -2.5, upper: 1_700), signed: true), "(−3 to +1,700)")
    }

    func testAColumnOfOneMetricReadsWithOneConventionAndMixedMetricsKeepTheirOwn() {
        let table = Table(
            columns: [Table.Column(label: "Slice"), Table.Column(label: "RMSE", numeric: true)],
            rows: [
                Table.Row(cells: [.text("a"), .metric("rmse", Metric(950.25, lower: 900.5, upper: 990.75))]),
                Table.Row(cells: [.text("b"), .metric("rmse", Metric(1_250.5, lower: 1_100, upper: 1_400))]),
                Table.Row(cells: [.text("c"), .metric("r2", Metric(0.8123, lower: 0.8, upper: 0.82))]),
            ])
        guard case .object(let object) = table.templateValue, case .list(let rows)? = object["rows"] else {
            return XCTFail("a table")
        }
        func cell(_ row: Int) -> (content: String, ci: String?) {
            guard case .object(let r) = rows[row], case .list(let cells)? = r["cells"], case .object(let c) = cells[1],
                case .html(let html)? = c["content"]
            else { return ("", nil) }
            var ci: String?
            if case .list(let items)? = c["ci"], case .text(let text)? = items.first { ci = text }
            return (html.markup, ci)
        }
        XCTAssertEqual(cell(0).content, "950", "the column's largest RMSE has no decimals, so none has")
        XCTAssertEqual(cell(0).ci, "(901–991)")
        XCTAssertEqual(cell(1).content, "1,251")
        XCTAssertEqual(cell(2).content, "0.812", "R² in the same column keeps its own convention")
    }

    func testMAPEReadsAsAPercentage() {
        let cell = Table.Cell.metric("mape", Metric(0.1204, lower: 0.119, upper: 0.122))
        XCTAssertEqual(cell.content.markup, "12.0%")
        XCTAssertEqual(cell.interval, "(11.9%–12.2%)")
        XCTAssertEqual(Formatting.estimate(Metric(0.1204, lower: 0.119, upper: 0.122), of: "mape"), "12.0% (11.9%–12.2%)")
        XCTAssertEqual(Formatting.percentagePoints(-0.004), "−0.4 pp")
    }
}
