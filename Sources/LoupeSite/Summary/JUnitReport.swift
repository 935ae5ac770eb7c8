import LoupeMarkup
import LoupeResults

/// Gate results as JUnit XML, the format CI systems show as test results: one `<testcase>` per
/// gate result (class `loupe.gates.<model>`, name the gate's name), a `<failure>` with the
/// gate's message when it failed, inside one `<testsuite>` with the counts.
public enum JUnitReport {
    public static func render(_ results: Results) -> String {
        let gates = results.gates
        let failures = gates.filter { !$0.passed }.count
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"loupe\" tests=\"\(gates.count)\" failures=\"\(failures)\" errors=\"0\">\n"
        xml +=
            "  <testsuite name=\"loupe.gates\" tests=\"\(gates.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\">\n"
        xml += "    <properties>\n"
        xml += "      <property name=\"title\" value=\"\(XML.escape(results.title))\"/>\n"
        xml += "      <property name=\"data\" value=\"\(XML.escape(results.provenance.dataFile))\"/>\n"
        xml += "    </properties>\n"
        for gate in gates {
            let opening =
                "    <testcase classname=\"\(XML.escape("loupe.gates." + gate.model))\" name=\"\(XML.escape(gate.name))\""
            if gate.passed {
                xml += opening + "/>\n"
            } else {
                xml += opening + ">\n"
                xml +=
                    "      <failure message=\"\(XML.escape(gate.message))\" type=\"gate\">\(XML.escape(gate.message))</failure>\n"
                xml += "    </testcase>\n"
            }
        }
        xml += "  </testsuite>\n</testsuites>\n"
        return xml
    }

}
