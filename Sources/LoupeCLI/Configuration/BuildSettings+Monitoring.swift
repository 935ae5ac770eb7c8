import LoupeEvaluation
import LoupeMetrics

extension BuildSettings {
    /// `--window`, `--reference-window` and `--detector`: the last two need a window; a calendar
    /// window needs `--timestamp`; each detector must fit the task (when known) and a data-only
    /// build (windows, feature drift and HDDDM, no metrics) runs only HDDDM.
    mutating func resolveMonitoring(_ options: BuildOptions) throws {
        window = options.window
        referenceWindows = options.referenceWindow
        detectors = options.detectors
        guard let window else {
            if options.referenceWindow != nil {
                throw LoupeError.usage("--reference-window: needs --window (the windows it names)")
            }
            if let request = options.detectors?.first {
                throw LoupeError.usage("--detector \(request.flagText): needs --window (detectors run over the windowed stream)")
            }
            return
        }
        if window.isCalendar, timestamp == nil {
            throw LoupeError.usage(
                "--window \(window.flagText): a calendar window needs --timestamp COL (or give a number of rows)")
        }
        for request in options.detectors ?? [] {
            try DetectorRequest.check(request, task: isDataOnly ? nil : task, dataOnly: isDataOnly)
        }
    }
}
