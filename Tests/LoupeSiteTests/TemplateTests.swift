import LoupeCharts
import LoupeMarkup
import XCTest

@testable import LoupeSite

final class TemplateTests: XCTestCase {
    private func render(_ source: String, _ context: TemplateValue, partials: [String: String] = [:]) throws -> String {
        let parsed = try partials.mapValues { _ in () }.keys.reduce(into: [String: Template]()) { result, name in
            result[name] = try Template(name: name, source: partials[name]!)
        }
        return try Template(name: "page.html", source: source).render(context, partials: parsed)
    }

    /// Asserts that `body` throws a template error whose description is exactly `expected`.
    private func assertError(_ expected: String, file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            XCTAssertEqual("\(error)", expected, file: file, line: line)
        }
    }

    // MARK: Variables

    func testVariableTextIsEscaped() throws {
        XCTAssertEqual(
            try render("<p>{{name}}</p>", ["name": "<script>\"'&"]),
            "<p>&lt;script&gt;&quot;&#39;&amp;</p>")
    }

    func testHTMLValueIsInsertedAsIs() throws {
        let markup = HTML(trusted: "<svg></svg>")
        XCTAssertEqual(try render("{{chart}}", ["chart": .html(markup)]), "<svg></svg>")
    }

    func testDottedNamesAndWhitespaceInTags() throws {
        XCTAssertEqual(try render("{{ a.b.c }}", ["a": ["b": ["c": "deep"]]]), "deep")
    }

    func testDottedNameDoesNotFallBackDownTheStack() {
        assertError("page.html:1:7: unknown variable 'a.b'") {
            _ = try render("{{#a}}{{a.b}}{{/a}}", ["a": ["x": "1"], "b": "outer"])
        }
    }

    /// An object's fields are kept in order, not in a dictionary (`TemplateFields`); a repeated
    /// name still means its last value, as in a dictionary assignment, for lookups, changes and
    /// equality (which ignores order).
    func testARepeatedNameMeansItsLastValueAsInADictionary() throws {
        XCTAssertEqual(try render("{{x}}", ["x": "first", "y": "other", "x": "last"]), "last")
        var fields: TemplateFields = ["a": "1", "b": "2", "a": "3"]
        XCTAssertEqual(fields["a"], "3")
        fields["a"] = "4"
        fields["c"] = "5"
        XCTAssertEqual(fields.dictionary, ["a": "4", "b": "2", "c": "5"])
        fields["a"] = nil
        XCTAssertNil(fields["a"])
        XCTAssertEqual(fields, ["c": "5", "b": "2"])
        XCTAssertNotEqual(fields, ["c": "5", "b": "3"])
        XCTAssertEqual(try render("{{#o}}{{b}}{{c}}{{/o}}", ["o": .object(fields)]), "25")
    }

    func testMustacheSyntaxInDataIsNotInterpreted() throws {
        XCTAssertEqual(try render("{{x}}", ["x": "{{x}}"]), "{{x}}")
    }

    func testCommentsRenderNothing() throws {
        XCTAssertEqual(try render("a{{! a note, with {braces} }}b", [:]), "ab")
    }

    // MARK: Sections

    func testListSectionIteratesWithItemAsContext() throws {
        let context: TemplateValue = ["rows": [["n": "1"], ["n": "2"]], "sep": ","]
        XCTAssertEqual(try render("{{#rows}}{{n}}{{sep}}{{/rows}}", context), "1,2,")
    }

    func testCurrentItem() throws {
        XCTAssertEqual(try render("{{#xs}}[{{.}}]{{/xs}}", ["xs": ["a", "<b>"]]), "[a][&lt;b&gt;]")
    }

    func testBoolSectionGatesWithoutPushing() throws {
        XCTAssertEqual(try render("{{#on}}yes {{x}}{{/on}}{{#off}}no{{/off}}", ["on": true, "off": false, "x": "1"]), "yes 1")
    }

    func testObjectSectionPushesContext() throws {
        XCTAssertEqual(try render("{{#m}}{{name}} {{title}}{{/m}}", ["m": ["name": "candidate"], "title": "T"]), "candidate T")
    }

    func testInvertedSection() throws {
        let template = "{{^xs}}none{{/xs}}{{^flag}}off{{/flag}}{{^ys}}hidden{{/ys}}"
        XCTAssertEqual(try render(template, ["xs": [], "flag": false, "ys": ["1"]]), "noneoff")
    }

    func testOptionalHelper() throws {
        XCTAssertEqual(try render("{{#d}}<{{text}}>{{/d}}", ["d": .optional(nil)]), "")
        XCTAssertEqual(try render("{{#d}}<{{text}}>{{/d}}", ["d": .optional(["text": "x"])]), "<x>")
    }

    func testStandaloneTagsTakeTheirLine() throws {
        let source = """
            <ul>
              {{#xs}}
              <li>{{.}}</li>
              {{/xs}}
              {{! note }}
            </ul>
            """
        XCTAssertEqual(try render(source, ["xs": ["a", "b"]]), "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>")
    }

    func testInlineSectionTagsKeepTheirLine() throws {
        XCTAssertEqual(try render("a {{#t}}b{{/t}} c\n", ["t": true]), "a b c\n")
    }

    // MARK: Partials

    func testPartialSeesTheCallersContext() throws {
        let output = try render("{{#m}}{{>row.html}}{{/m}}", ["m": [["n": "1"], ["n": "2"]]], partials: ["row.html": "<{{n}}>"])
        XCTAssertEqual(output, "<1><2>")
    }

    func testErrorInPartialNamesThePartial() {
        assertError("row.html:1:4: unknown variable 'missing'") {
            _ = try render("{{>row.html}}", [:], partials: ["row.html": "ok {{missing}}"])
        }
    }

    func testRecursivePartialIsAnError() {
        XCTAssertThrowsError(try render("{{>a}}", [:], partials: ["a": "{{>a}}"])) { error in
            XCTAssertTrue("\(error)".hasPrefix("a:1:1: partials nested more than"), "\(error)")
        }
    }

    // MARK: Strict errors with locations

    func testUnknownVariableNamesFileLineAndColumn() {
        assertError("page.html:2:7: unknown variable 'sliceCount'") {
            _ = try render("<h1>\n<p id={{sliceCount}}>", [:])
        }
    }

    func testColumnCountsCharactersNotBytes() {
        assertError("page.html:1:4: unknown variable 'x'") { _ = try render("é→ {{x}}", [:]) }
    }

    func testUnknownSection() {
        assertError("page.html:1:1: unknown section 'rows'") { _ = try render("{{#rows}}{{/rows}}", [:]) }
        assertError("page.html:1:1: unknown section 'rows'") { _ = try render("{{^rows}}{{/rows}}", [:]) }
    }

    func testUnknownPartial() {
        assertError("page.html:1:3: unknown partial 'nav.html'") { _ = try render("  {{>nav.html}}", [:]) }
    }

    func testListAsVariableIsAnError() {
        assertError("page.html:1:1: 'xs' is a list; {{…}} shows only text or HTML") { _ = try render("{{xs}}", ["xs": []]) }
    }

    func testTextAsSectionIsAnError() {
        assertError("page.html:1:1: section 'x' is text; sections need a list, a bool or an object") {
            _ = try render("{{#x}}{{/x}}", ["x": "y"])
        }
    }

    func testUnclosedSection() {
        assertError("page.html:2:3: section 'rows' is never closed") {
            _ = try Template(name: "page.html", source: "a\n  {{#rows}}x")
        }
    }

    func testMismatchedClose() {
        assertError("page.html:1:13: '{{/a}}' does not match section 'b' opened at 1:7") {
            _ = try Template(name: "page.html", source: "{{#a}}{{#b}}{{/a}}{{/b}}")
        }
    }

    func testCloseWithoutOpen() {
        assertError("page.html:1:2: '{{/a}}' closes no open section") { _ = try Template(name: "page.html", source: "x{{/a}}") }
    }

    func testUnclosedTag() {
        assertError("page.html:1:3: unclosed tag: '{{' without a matching '}}'") {
            _ = try Template(name: "page.html", source: "ab{{name")
        }
    }

    func testTripleMustacheIsRejected() {
        assertError("page.html:1:1: '{{{' is not supported: raw markup must come from an HTML value") {
            _ = try Template(name: "page.html", source: "{{{raw}}}")
        }
        assertError("page.html:1:1: '{{&' is not supported: raw markup must come from an HTML value") {
            _ = try Template(name: "page.html", source: "{{& raw}}")
        }
    }

    func testInvalidNames() {
        assertError("page.html:1:1: empty tag name") { _ = try Template(name: "page.html", source: "{{}}") }
        assertError("page.html:1:1: invalid name 'a b'") { _ = try Template(name: "page.html", source: "{{a b}}") }
        assertError("page.html:1:1: invalid name 'a..b'") { _ = try Template(name: "page.html", source: "{{a..b}}") }
    }

    func testParseOnceRenderMany() throws {
        let template = try Template(name: "t", source: "{{x}}")
        XCTAssertEqual(try template.render(["x": "1"]), "1")
        XCTAssertEqual(try template.render(["x": "2"]), "2")
    }
}
