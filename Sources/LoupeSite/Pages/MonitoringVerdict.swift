import LoupeResults

/// The monitoring verdict, worded once from results.json's `monitoring` and `detectors` and
/// shown in three places: the top of monitoring.html (every sentence), the overview's findings
/// (`clauses` joined into one sentence, linked to monitoring.html) and the model card.
///
/// Each part is a sentence for the page and the card and a short clause for the overview, in the
/// issue's order: the metric that left its control limits, the detectors that agree on a change,
/// the label rate, the features that drifted, and what the evidence allows about concept drift.
/// Claims stay within the evidence: a label rate without a drift test is described, not judged;
/// errors changing while the inputs drifted too is not called concept drift.
struct MonitoringVerdict {
    struct Part {
        /// A full sentence, capitalised and ending with a full stop.
        var sentence: String
        /// The same finding as a short lower-case clause, for the one-sentence summary.
        var clause: String
    }

    let parts: [Part]
    /// Whether the verdict reports a problem: a metric worse than its control limits, a detector
    /// drift on the model under review, or a drifted label or feature.
    let concern: Bool

    var sentences: [String] { parts.map(\.sentence) }

    /// The overview's one sentence: "Monitoring (27 week windows): accuracy of candidate fell
    /// …; DDM and ADWIN agree on …; the label rate did not drift; income drifted …".
    func summary(_ monitoring: MonitoringResults) -> String {
        let noun = MonitoringPage.windowNoun(monitoring)
        let count = monitoring.windows.count
        let windows = "\(Formatting.count(count)) \(noun) window\(count == 1 ? "" : "s")"
        return "Monitoring (\(windows)): " + parts.map(\.clause).joined(separator: "; ") + "."
    }

    /// What was monitored, for the card: "Monitored over 27 week windows of application_date; the
    /// reference period is 2024-12-30 to 2025-01-20."
    static func scope(_ monitoring: MonitoringResults) -> String {
        let noun = MonitoringPage.windowNoun(monitoring)
        let count = monitoring.windows.count
        var text = "Monitored over \(Formatting.count(count)) \(noun) window\(count == 1 ? "" : "s")"
        text += monitoring.timestamp.map { " of \($0)" } ?? ", in file order"
        let first = monitoring.windows[safe: monitoring.reference.firstWindow]?.label
        let last = monitoring.windows[safe: monitoring.reference.lastWindow]?.label
        if let first, let last {
            text += first == last ? "; the reference period is window \(first)" : "; the reference period is \(first) to \(last)"
        }
        return text + "."
    }

    /// `nil` without `monitoring` in the results. `model` is the model the verdict speaks of (a
    /// model card's); by default the first that is not the baseline.
    init?(_ results: Results, model: String? = nil) {
        guard let monitoring = results.monitoring else { return nil }
        self.init(results, monitoring, results.detectors ?? [], model: model)
    }

    init(_ results: Results, _ monitoring: MonitoringResults, _ detectors: [DetectorResult], model: String? = nil) {
        var parts: [Part] = []
        var concern = false
        let windows = monitoring.windows
        let name = { (window: MonitoringWindow) in MonitoringPage.name(window, monitoring) }
        // 1. Control limits. The focus model's alarms first: the verdict speaks of the model under review.
        let focus = model ?? MonitoringPage.focusModel(results)
        let worse =
            monitoring.alarms.filter { $0.worse && $0.model == focus }
            + monitoring.alarms.filter { $0.worse && $0.model != focus }
        if let first = worse.first, let window = windows[safe: first.window] {
            concern = true
            let metric = MetricCatalog.name(first.metric)
            let limit = monitoring.controlLimits[first.model]?[first.metric]
            let verb = (limit?.higherIsBetter ?? true) ? "fell" : "rose"
            var clause = "\(metric) of \(first.model) \(verb)"
            if let limit {
                let (before, after) = Self.distinct(limit.center, first.value)
                clause += " from \(before) (reference) to \(after)"
            } else {
                clause += " to \(Formatting.decimal(first.value))"
            }
            clause += " in \(name(window))"
            var sentence = clause
            if let limit {
                let (lower, upper) = Self.distinct(limit.lower, limit.upper)
                sentence +=
                    lower == upper
                    ? ", outside its control limits (both \(lower): the reference windows did not vary)"
                    : ", outside its control limits \(lower)–\(upper)"
            }
            let others = Set(
                worse.filter { $0.model == first.model && $0.metric == first.metric && $0.window > first.window }.map(\.window)
            ).count
            if others > 0 { sentence += "; \(others) later window\(others == 1 ? "" : "s") also outside them" }
            parts.append(Part(sentence: Self.capitalised(sentence) + ".", clause: Self.lowercased(clause)))
        } else if results.isDataOnly {
            // No model: nothing to hold to control limits.
        } else if monitoring.alarms.isEmpty {
            parts.append(
                Part(
                    sentence: "No window’s metric left its control limits.", clause: "no window’s metric left its control limits")
            )
        } else {
            parts.append(
                Part(
                    sentence: "Some windows left their control limits, but only in the better direction.",
                    clause: "metrics left their control limits only in the better direction"))
        }
        // 2. Detectors that agree on a change (a drift in the same window).
        let watched = detectors.filter { $0.model == nil || $0.model == focus }
        if let agreement = Self.agreement(watched, monitoring) {
            parts.append(agreement.part)
            if agreement.drift && watched.contains(where: { $0.model == focus && !$0.drifts.isEmpty }) { concern = true }
        }
        // 3. Label and features.
        let later = windows.filter { !$0.reference && $0.count > 0 }
        let labelDrift = later.first { w in w.drift.contains { $0.role == "label" && $0.status == "drifted" } }
        let referenceRate = Self.rate(windows.filter(\.reference))
        if let labelDrift {
            concern = true
            var clause = "the label rate moved"
            if let before = referenceRate, let after = labelDrift.labelDistribution?.positiveRate {
                let (b, a) = Self.distinct(before, after)
                clause += " from \(b) (reference) to \(a)"
            }
            clause += " in \(name(labelDrift)): prior shift"
            parts.append(Part(sentence: Self.capitalised(clause) + ".", clause: clause))
        } else if later.contains(where: { w in w.drift.contains { $0.role == "label" } }) {
            parts.append(Part(sentence: "The label rate did not drift in any window.", clause: "the label rate did not drift"))
        } else if let before = referenceRate {
            // No drift test on the label: describe the rates, claim nothing.
            let after = later.compactMap { $0.labelDistribution?.positiveRate }
            if let low = after.min(), let high = after.max() {
                let (l, h) = (Formatting.decimal(low), Formatting.decimal(high))
                let range = l == h ? "\(l) in every window after it" : "between \(l) and \(h) in the windows after it"
                parts.append(
                    Part(
                        sentence:
                            "The label rate was \(Formatting.decimal(before)) in the reference period and \(range) (no drift test on the label).",
                        clause:
                            "the label rate was \(Formatting.decimal(before)) in the reference period and \(range) (not tested)"))
            }
        }
        var features: [(column: String, psi: Double, window: MonitoringWindow)] = []
        for window in later {
            for drift in window.drift where drift.role == "feature" && drift.status == "drifted" {
                let psi = drift.psi ?? 0
                if let index = features.firstIndex(where: { $0.column == drift.column }) {
                    if psi > features[index].psi { features[index].psi = psi }
                } else {
                    features.append((drift.column, psi, window))
                }
            }
        }
        features.sort { $0.psi > $1.psi }
        if !features.isEmpty, let earliest = features.prefix(Self.namedFeatures).min(by: { $0.window.index < $1.window.index }) {
            concern = true
            let shown = features.prefix(Self.namedFeatures)
            let names = MonitoringPage.list(shown.map(\.column))
            let values = MonitoringPage.list(shown.map { Formatting.decimal($0.psi) })
            let more = features.count > shown.count ? " and \(features.count - shown.count) more" : ""
            let clause: String
            if Set(shown.map(\.window.index)).count == 1 {
                let which = shown.count == 1 ? "its largest PSI \(values)" : "largest PSI \(values) respectively"
                clause = "\(names)\(more) drifted (\(which)) from \(name(earliest.window)) on"
            } else {
                // Each from its own first window: one date for all would claim more than the data show.
                let each = shown.map { "\($0.column) (from \(name($0.window)), largest PSI \(Formatting.decimal($0.psi)))" }
                clause = "\(MonitoringPage.list(each))\(more) drifted"
            }
            parts.append(Part(sentence: clause + ": covariate shift.", clause: clause + ": covariate shift"))
        } else if later.contains(where: { w in w.drift.contains { $0.role == "feature" } }) {
            parts.append(Part(sentence: "No feature drifted in any window.", clause: "no feature drifted"))
        }
        // 4. What the evidence allows about concept drift.
        let errorsChanged =
            !worse.isEmpty || detectors.contains { $0.model == focus && $0.stream != "features" && !$0.drifts.isEmpty }
        let inputsMeasured = later.contains { w in w.drift.contains { $0.role == "feature" } }
        if errorsChanged && !inputsMeasured {
            parts.append(
                Part(
                    sentence:
                        "The errors changed; feature drift per window was not measured, so these numbers cannot say whether the inputs moved too.",
                    clause: "feature drift was not measured"))
        } else if errorsChanged && features.isEmpty {
            parts.append(
                Part(
                    sentence: "The errors changed while the inputs did not drift: consistent with concept drift.",
                    clause: "errors changed while the inputs did not drift: consistent with concept drift"))
        } else if errorsChanged {
            parts.append(
                Part(
                    sentence:
                        "The errors changed and inputs drifted too: these numbers alone cannot tell concept drift from the effect of the covariate shift; compare the windows in which each began.",
                    clause: "these numbers cannot tell concept drift from the effect of the covariate shift")
            )
        }
        self.parts = parts
        self.concern = concern
    }

    /// How many drifted features the verdict names (largest PSI first); the rest are counted.
    static let namedFeatures = 4

    /// The count-weighted label rate over `windows`.
    static func rate(_ windows: [MonitoringWindow]) -> Double? {
        var sum = 0.0
        var count = 0
        for w in windows {
            if let r = w.labelDistribution?.positiveRate, let n = w.labelDistribution?.count { sum += r * Double(n); count += n }
        }
        return count > 0 ? sum / Double(count) : nil
    }

    /// The window where the most detectors flag a drift (the earliest on a tie), with the first
    /// drift point there: "DDM and ADWIN agree on a change in the week of …, first at row 6,789
    /// (2025-03-18 14:02 UTC)". `drift` is false when no detector flagged one.
    static func agreement(_ detectors: [DetectorResult], _ monitoring: MonitoringResults) -> (part: Part, drift: Bool)? {
        guard !detectors.isEmpty else { return nil }
        var byWindow: [Int: [(detector: String, point: DetectorPoint)]] = [:]
        for detector in detectors {
            var seen: Set<Int> = []
            for point in detector.drifts {
                guard let window = point.window, seen.insert(window).inserted else { continue }
                byWindow[window, default: []].append((MonitoringPage.detectorName(detector.name), point))
            }
        }
        guard
            let best = byWindow.keys.sorted().max(by: {
                byWindow[$0]!.count < byWindow[$1]!.count || (byWindow[$0]!.count == byWindow[$1]!.count && $0 > $1)
            }),
            let flags = byWindow[best], let window = monitoring.windows[safe: best]
        else {
            let names = MonitoringPage.list(detectors.map { MonitoringPage.detectorName($0.name) })
            return (
                Part(sentence: "No detector flagged a drift (\(names)).", clause: "no detector flagged a drift (\(names))"), false
            )
        }
        let names = MonitoringPage.list(flags.map(\.detector))
        let first = flags.compactMap(\.point.index).min()
        let firstPoint = flags.first { $0.point.index == first }?.point
        var at = ""
        if let first {
            at = ", first at row \(Formatting.count(first))"
            if let stamp = firstPoint?.timestamp {
                at += " (\(Formatting.timestamp(stamp, dateOnly: MonitoringPage.datesOnly(detectors))))"
            }
        }
        let place = MonitoringPage.name(window, monitoring)
        if flags.count == 1 {
            return (
                Part(
                    sentence: "Only \(names) flags a drift in \(place)\(at); no other detector agrees in that window.",
                    clause: "only \(names) flags a drift (\(place))"), true
            )
        }
        return (
            Part(sentence: "\(names) agree on a change in \(place)\(at).", clause: "\(names) agree on a change in \(place)\(at)"),
            true
        )
    }

    /// Two numbers with enough decimals to differ when they do (0.1804 and 0.1796 read as
    /// `0.1804` and `0.1796`, not both `0.180`); equal text means equal to six decimals.
    static func distinct(_ a: Double, _ b: Double) -> (String, String) {
        var (x, y) = (Formatting.decimal(a), Formatting.decimal(b))
        guard x == y, a != b, a.magnitude < 99.95, b.magnitude < 99.95 else { return (x, y) }
        for digits in 4...6 where x == y {
            x = Formatting.fixed(a, digits: digits)
            y = Formatting.fixed(b, digits: digits)
        }
        return (x, y)
    }

    /// A sentence's first letter upper-cased ("Average precision of …").
    static func capitalised(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }

    /// Lower-cases a metric's name at the start of a clause ("average precision of …"), but not
    /// an acronym ("ROC AUC", "ECE").
    static func lowercased(_ text: String) -> String {
        let word = text.prefix { $0 != " " }
        guard word.count > 1, word.dropFirst().allSatisfy(\.isLowercase) else { return text }
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
