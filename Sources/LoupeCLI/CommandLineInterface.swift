import Foundation
import LoupeEvaluation
import LoupeMarkup

/// Entry point of the `loupe` executable: parses arguments, runs the command, returns the exit
/// status. Help goes to stdout; errors go to stderr as `loupe: MESSAGE`, exit status 2; warnings
/// as `loupe: warning: MESSAGE`. With no arguments the usage goes to stderr, exit status 2.
public enum CommandLineInterface {
    /// The commands, for the unknown-command message and its "did you mean".
    static let commands = ["build", "render", "card", "schema", "demo", "init", "generate", "help"]

    public static func run(_ arguments: [String]) -> Int32 {
        var output = StandardStreams()
        return run(arguments, streams: &output)
    }

    /// The same, writing to `streams` (tests pass a buffer).
    public static func run<S: OutputStreams>(_ arguments: [String], streams: inout S) -> Int32 {
        guard let command = arguments.first else {
            streams.err(HelpText.overview)
            return 2
        }
        let rest = Array(arguments.dropFirst())
        do {
            switch command {
            case "build": return try BuildCommand.run(rest, streams: &streams)
            case "render": return try RenderCommand.run(rest, streams: &streams)
            case "card": return try CardCommand.run(rest, streams: &streams)
            case "schema": return try SchemaCommand.run(rest, streams: &streams)
            case "demo": return try DemoCommand.run(rest, streams: &streams)
            case "init": return try InitCommand.run(rest, streams: &streams)
            case "generate": return try GenerateCommand.run(rest, streams: &streams)
            case "help", "--help", "-h":
                streams.out(try HelpText.text(for: rest.first))
                return 0
            case "--version", "-V", "version":
                streams.out("loupe \(Loupe.version)\n")
                return 0
            default:
                let hint =
                    DidYouMean.closest(to: command, among: commands + ["--help", "--version"])
                    .map { "; did you mean '\($0)'?" } ?? ""
                throw LoupeError.usage(
                    "unknown command '\(command)'\(hint) (commands: \(commands.joined(separator: ", ")))")
            }
        } catch let error as LoupeError {
            streams.err("loupe: \(TerminalText.line(error.description))\n")
            return error.exitStatus
        } catch {
            streams.err("loupe: \(TerminalText.line("\(error)"))\n")
            return 2
        }
    }
}

/// Where a command writes: stdout for results and help, stderr for errors, warnings, progress.
public protocol OutputStreams {
    mutating func out(_ text: String)
    mutating func err(_ text: String)
}

/// The process's real stdout and stderr.
public struct StandardStreams: OutputStreams {
    public init() {}
    public mutating func out(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }
    public mutating func err(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}

/// Captures both streams as text, for tests.
public struct CapturedStreams: OutputStreams {
    public var stdout = ""
    public var stderr = ""
    public init() {}
    public mutating func out(_ text: String) { stdout += text }
    public mutating func err(_ text: String) { stderr += text }
}
