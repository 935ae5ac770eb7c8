import LoupeData
import LoupeMarkup
import LoupeResults

/// The current data's departures from a schema, each as one sentence naming the column, what
/// was expected, what was found, how many rows and a few examples (values with their lines).
///
/// Severities: an unexpected column, and values outside a domain whose mass still meets
/// `minDomainMass`, are warnings; everything else is an error (exit status 1 with `--schema`).
/// Order: the schema's columns in its order (per column: missing, kind, presence, domain, range,
/// drift), then the data's columns the schema does not name, in file order.
enum AnomalyDetector {
    /// Examples per anomaly.
    static let exampleLimit = 5

    static func detect(
        schema: DataSchema, environment: String?, table: Table, profile: DataProfile, drift: [ColumnDrift]?,
        format: DataFormat?
    ) -> [DataAnomaly] {
        var anomalies: [DataAnomaly] = []
        let file = profile.file
        let inEnvironment = environment.map { " in environment '\($0)'" } ?? ""
        var lines = LineFinder(path: table.path, format: format)
        for expected in schema.columns {
            let name = expected.name
            let quoted = "Column '\(name)'"
            guard let column = table.column(name), let stats = profile.column(name)?.statistics else {
                if expected.isRequired(in: environment) {
                    anomalies.append(
                        DataAnomaly(
                            severity: "error", kind: .missingColumn, column: name,
                            message:
                                "\(quoted) is missing: the schema requires it\(inEnvironment), found no such column in \(file).",
                            expected: "a column '\(name)'", found: "no such column", rows: nil, examples: []))
                }
                continue
            }
            if column.kind.rawValue != expected.kind {
                anomalies.append(kindChanged(expected, column, stats, file: file, lines: &lines))
                continue
            }
            let rows = stats.count + stats.missing
            if let least = expected.minPresence, rows > 0, Double(stats.count) / Double(rows) < least {
                let present = Double(stats.count) / Double(rows)
                anomalies.append(
                    DataAnomaly(
                        severity: "error", kind: .missingShare, column: name,
                        message:
                            "\(quoted): expected at least \(percent(least)) of rows with a value, found \(percent(present)) (\(count(stats.missing)) of \(count(rows)) rows missing).",
                        expected: "at least \(percent(least)) present", found: "\(percent(present)) present",
                        rows: stats.missing, examples: []))
            }
            if let domain = expected.domain, column.kind == .categorical {
                if let anomaly = domainAnomaly(expected, domain: domain, column: column, stats: stats, lines: &lines) {
                    anomalies.append(anomaly)
                }
            }
            if let range = expected.range, column.kind == .numeric {
                if let anomaly = rangeAnomaly(expected, range: range, column: column, lines: &lines) { anomalies.append(anomaly) }
            }
        }
        for result in drift ?? [] where result.verdict.drifted {
            let t = result.verdict.test ?? "psi"
            let expectedText =
                t == "psi"
                ? "PSI below \(DriftStage.number(result.thresholds.psi))"
                : "no significant shift of \(DriftStage.number(result.thresholds.minimumEffect)) or more"
            let found =
                t == "psi"
                ? "PSI \(DriftStage.number(result.verdict.value ?? 0))"
                : "p \(DriftStage.pValue(result.verdict.value ?? 0)), effect \(DriftStage.number(result.verdict.effect ?? 0))"
            let role =
                result.role == "label"
                ? " It is the label: prior shift."
                : result.role == "prediction" ? " It is \(result.model ?? "a model")'s prediction." : ""
            anomalies.append(
                DataAnomaly(
                    severity: "error", kind: .drift, column: result.column, message: result.verdict.message + role,
                    expected: expectedText, found: found, rows: nil, examples: []))
        }
        for column in profile.columns where schema.column(column.name) == nil {
            let rows = column.statistics.count + column.statistics.missing
            anomalies.append(
                DataAnomaly(
                    severity: "warning", kind: .unexpectedColumn, column: column.name,
                    message:
                        "Column '\(column.name)' is not in the schema: expected only the schema's \(count(schema.columns.count)) columns, found it in \(file) (\(column.kind), \(count(rows)) rows).",
                    expected: "no such column", found: "a \(column.kind) column", rows: rows, examples: []))
        }
        return anomalies
    }

    private static func kindChanged(
        _ expected: DataSchema.Column, _ column: Column, _ stats: DataColumnStatistics, file: String,
        lines: inout LineFinder
    ) -> DataAnomaly {
        var examples: [String] = []
        let culprit = expected.kind == "timestamp" ? column.firstNonTimestamp : column.firstNonNumeric
        if column.kind == .categorical, expected.kind != "categorical", let location = culprit, let text = location.text {
            examples = ["'\(text)' (line \(location.line))"]
        } else if let row = (0..<column.count).first(where: { !column.isMissing($0) }) {
            let value =
                column.kind == .categorical
                ? "'\(column.dictionary[Int(column.codes[row])])'" : number(column.numbers[row], kind: column.kind)
            examples = [value + (lines.lines(ofRows: [row])[row].map { " (line \($0))" } ?? "")]
        }
        let found = "\(column.kind.rawValue) values"
        return DataAnomaly(
            severity: "error", kind: .kindChanged, column: expected.name,
            message:
                "Column '\(expected.name)': expected \(expected.kind) values, found \(found) in \(count(stats.count)) rows\(examples.isEmpty ? "" : ", e.g. " + examples.joined(separator: ", ")).",
            expected: "\(expected.kind) values", found: found, rows: stats.count, examples: examples)
    }

    private static func domainAnomaly(
        _ expected: DataSchema.Column, domain: [String], column: Column, stats: DataColumnStatistics,
        lines: inout LineFinder
    ) -> DataAnomaly? {
        let allowed = Set(domain)
        var outsideRows = [Int](repeating: 0, count: column.dictionary.count)
        var firstRow = [Int](repeating: -1, count: column.dictionary.count)
        let inside = column.dictionary.map { allowed.contains($0) }
        for (row, code) in column.codes.enumerated() where code != Column.missingCode && !inside[Int(code)] {
            outsideRows[Int(code)] += 1
            if firstRow[Int(code)] < 0 { firstRow[Int(code)] = row }
        }
        var byValue: [String: (count: Int, row: Int)] = [:]
        for (code, n) in outsideRows.enumerated() where n > 0 {
            let value = column.dictionary[code]
            let old = byValue[value]
            byValue[value] = ((old?.count ?? 0) + n, min(old?.row ?? Int.max, firstRow[code]))
        }
        let outside = byValue.values.reduce(0) { $0 + $1.count }
        guard outside > 0, stats.count > 0 else { return nil }
        let ranked = byValue.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key < $1.key }
        let top = ranked.prefix(exampleLimit)
        let found = lines.lines(ofRows: top.map(\.value.row))
        let examples = top.map { value, info in
            "'\(value)' (\(count(info.count)) row\(info.count == 1 ? "" : "s")\(found[info.row].map { ", first on line \($0)" } ?? ""))"
        }
        let mass = Double(stats.count - outside) / Double(stats.count)
        let least = expected.minDomainMass ?? 1
        let domainText = domainSummary(domain)
        let name = expected.name
        let share = percent(Double(outside) / Double(stats.count))
        if least < 1, mass < least {
            return DataAnomaly(
                severity: "error", kind: .domainMass, column: name,
                message:
                    "Column '\(name)': expected at least \(percent(least)) of values in its domain (\(domainText)), found \(percent(mass)): \(count(outside)) rows outside it, e.g. \(examples.joined(separator: ", ")).",
                expected: "at least \(percent(least)) in the domain", found: "\(percent(mass)) in the domain", rows: outside,
                examples: examples)
        }
        return DataAnomaly(
            severity: least < 1 ? "warning" : "error", kind: .outOfDomain, column: name,
            message:
                "Column '\(name)': expected values in its domain (\(domainText)), found \(count(outside)) row\(outside == 1 ? "" : "s") (\(share)) outside it, e.g. \(examples.joined(separator: ", ")).",
            expected: "values in the domain", found: "\(count(outside)) rows outside", rows: outside, examples: examples)
    }

    private static func rangeAnomaly(
        _ expected: DataSchema.Column, range: DataSchema.ValueRange, column: Column, lines: inout LineFinder
    ) -> DataAnomaly? {
        let low = range.min ?? -.infinity, high = range.max ?? .infinity
        var outside = 0, present = 0
        var rows: [Int] = []
        for (row, x) in column.numbers.enumerated() where !x.isNaN {
            present += 1
            if x < low || x > high {
                outside += 1
                if rows.count < exampleLimit { rows.append(row) }
            }
        }
        guard outside > 0 else { return nil }
        let found = lines.lines(ofRows: rows)
        let examples = rows.map { number(column.numbers[$0], kind: .numeric) + (found[$0].map { " (line \($0))" } ?? "") }
        let rangeText: String
        switch (range.min, range.max) {
        case (let a?, let b?): rangeText = "in [\(plain(a)), \(plain(b))]"
        case (let a?, nil): rangeText = "at least \(plain(a))"
        case (nil, let b?): rangeText = "at most \(plain(b))"
        case (nil, nil): rangeText = "any number"
        }
        let name = expected.name
        return DataAnomaly(
            severity: "error", kind: .outOfRange, column: name,
            message:
                "Column '\(name)': expected values \(rangeText), found \(count(outside)) row\(outside == 1 ? "" : "s") (\(percent(Double(outside) / Double(present)))) outside it, e.g. \(examples.joined(separator: ", ")).",
            expected: "values \(rangeText)", found: "\(count(outside)) rows outside", rows: outside, examples: examples)
    }

    /// Up to five values of a domain, then how many more.
    static func domainSummary(_ domain: [String]) -> String {
        let shown = domain.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
        return domain.count > 5 ? "\(shown) and \(count(domain.count - 5)) more" : shown
    }

    static func percent(_ x: Double) -> String {
        let text = NumberFormat.percent(x, digits: 1)
        return text.hasSuffix(".0%") ? String(text.dropLast(3)) + "%" : text
    }

    static func count(_ n: Int) -> String { NumberFormat.count(n) }

    static func plain(_ x: Double) -> String { GateEvaluator.plain(x) }

    static func number(_ x: Double, kind: ColumnKind) -> String {
        kind == .timestamp ? CivilDay.instant(x) : plain(x)
    }
}
