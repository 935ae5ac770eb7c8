import LoupeData
import LoupeMetrics
import LoupeResults

/// Monitoring without a model (`--data` and `--window` without `--label` and `--score`): the
/// windows with their row counts, every feature's drift per window, and the feature detectors
/// (HDDDM). No metrics, so no control limits and no alarms: those collections are empty.
extension MonitoringStage {
    /// The reference period as written to results.json: what drift is measured against.
    static func reference(_ plan: Plan) -> MonitoringReference {
        var reference = MonitoringReference(
            firstWindow: plan.reference.first, lastWindow: plan.reference.last,
            driftAgainst: plan.referenceFile == nil ? "windows" : "reference file")
        reference.referenceFile = plan.referenceFile?.path
        return reference
    }

    /// `monitoring` and `detectors` of a data-only build over `table` (every row, every column
    /// but the timestamp and the weight a feature), or `nil` without `--window`; `referenceTable`
    /// is the `--reference` data, read by the data stage.
    static func dataOnly(
        _ settings: BuildSettings, table: Table, referenceTable: Table?
    ) throws -> (MonitoringResults, [DetectorResult])? {
        guard settings.window != nil else { return nil }
        // Checked here, as a model build's input is: a column of dates, times or numbers.
        if let name = settings.timestamp { try EvaluationInput.checkTimestamp(name, in: table) }
        let rows = Array(0..<table.rowCount)
        guard var plan = try plan(settings, table: table, rows: rows, inFileOrder: true) else { return nil }
        let roles = Set([settings.weight, settings.timestamp].compactMap { $0 })
        addFeatures(
            table.columnNames.filter { !roles.contains($0) }.compactMap { table.column($0) }, rows: rows, inFileOrder: true,
            to: &plan)
        if let referenceTable, let path = settings.referencePath {
            plan.referenceFile = referenceFile(referenceTable, path: path, plan: plan, input: nil, settings: settings)
        }
        let drift = allWindowDrift(plan, input: nil, settings: settings)
        let windows = plan.windows.windows.enumerated().map { w, cut in
            MonitoringWindow(
                index: w, label: cut.label, start: cut.start.map(TimeWindows.instantText),
                end: cut.end.map(TimeWindows.instantText), firstRow: cut.positions.isEmpty ? nil : cut.positions.lowerBound,
                lastRow: cut.positions.isEmpty ? nil : cut.positions.upperBound - 1, count: cut.positions.count,
                reference: plan.reference.first <= w && w <= plan.reference.last, metrics: [:], tooSmall: false,
                labelDistribution: nil, predictions: [:], drift: drift[w])
        }
        let monitoring = MonitoringResults(
            window: settings.window?.name ?? "rows",
            rowsPerWindow: { if case .rows(let n) = settings.window { return n } else { return nil } }(),
            timestamp: settings.timestamp, reference: reference(plan), windows: windows, controlLimits: [:], alarms: [])
        let detectors = DetectorStage.run(plan, input: nil, settings: settings, features: plan.features)
        return (monitoring, detectors)
    }
}
