import Foundation

/// Reports the stages of a long run on stderr, only when stderr is a terminal and not `--quiet`,
/// so logs and CI output stay clean. Elapsed time goes to the terminal only, never into the site.
public struct Progress: Sendable {
    let enabled: Bool
    private let start = DispatchTime.now()

    public init(enabled: Bool) {
        self.enabled = enabled
    }

    public static func forTerminal(quiet: Bool) -> Progress {
        Progress(enabled: !quiet && isatty(STDERR_FILENO) == 1)
    }

    public func stage(_ message: String) {
        guard enabled else { return }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        FileHandle.standardError.write(Data("[\(String(format: "%5.1fs", seconds))] \(message)\n".utf8))
    }
}
