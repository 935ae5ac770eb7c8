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
        xml += "      <property name=\"title\" value=\"\(escape(results.title))\"/>\n"
        xml += "      <property name=\"data\" value=\"\(escape(results.provenance.dataFile))\"/>\n"
        xml += "    </properties>\n"
        for gate in gates {
            let opening = "    <testcase classname=\"\(escape("loupe.gates." + gate.model))\" name=\"\(escape(gate.name))\""
            if gate.passed {
                xml += opening + "/>\n"
            } else {
                xml += opening + ">\n"
                xml += "      <failure message=\"\(escape(gate.message))\" type=\"gate\">\(escape(gate.message))</failure>\n"
                xml += "    </testcase>\n"
            }
        }
        xml += "  </testsuite>\n</testsuites>\n"
        return xml
    }

    /// Text for an XML attribute or element: `& < > " '` as entities, line breaks as character
    /// references (so attributes keep them), and characters XML 1.0 cannot carry as U+FFFD.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            case "\t": out += "&#9;"
            default:
                let value = scalar.value
                let allowed =
                    value >= 0x20 && !(0xD800...0xDFFF).contains(value) && value != 0xFFFE && value != 0xFFFF
                out.unicodeScalars.append(allowed ? scalar : "\u{FFFD}")
            }
        }
        return out
    }
}
