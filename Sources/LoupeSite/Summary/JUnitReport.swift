import LoupeMarkup
import LoupeResults

/// Gate results as JUnit XML, the format CI systems show as test results: one `<testcase>` per
/// gate result (class `loupe.gates.<model>`, name the gate's name), a `<failure>` with the
/// gate's message when it failed, inside one `<testsuite>` with the counts; with a data schema,
/// a second suite `loupe.data` with one case per anomaly.
public enum JUnitReport {
    public static func render(_ results: Results) -> String {
        let gates = results.gates
        let anomalies = results.anomalies ?? []
        let failures = gates.filter { !$0.passed }.count
        let anomalyFailures = anomalies.filter(\.isError).count
        let tests = gates.count + anomalies.count
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"loupe\" tests=\"\(tests)\" failures=\"\(failures + anomalyFailures)\" errors=\"0\">\n"
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
        xml += "  </testsuite>\n"
        if results.anomalies != nil { xml += anomalySuite(anomalies, failures: anomalyFailures) }
        xml += "</testsuites>\n"
        return xml
    }

    /// With a schema, one test case per anomaly (class `loupe.data.<kind>`, name `column: kind`):
    /// an error is a `<failure>`, a warning passes with its sentence as `<system-out>`.
    static func anomalySuite(_ anomalies: [DataAnomaly], failures: Int) -> String {
        var xml =
            "  <testsuite name=\"loupe.data\" tests=\"\(anomalies.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\">\n"
        for anomaly in anomalies {
            let kind = anomaly.kind.rawValue
            xml +=
                "    <testcase classname=\"\(XML.escape("loupe.data." + kind))\" name=\"\(XML.escape(anomaly.column + ": " + kind))\">\n"
            let message = XML.escape(anomaly.message)
            if anomaly.isError {
                xml += "      <failure message=\"\(message)\" type=\"data\">\(message)</failure>\n"
            } else {
                xml += "      <system-out>warning: \(message)</system-out>\n"
            }
            xml += "    </testcase>\n"
        }
        return xml + "  </testsuite>\n"
    }

}
