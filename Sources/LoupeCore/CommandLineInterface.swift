/// Entry point of the `loupe` executable: parses arguments, runs the command, returns the exit status.
public enum CommandLineInterface {
    public static func run(_ arguments: [String]) -> Int32 {
        0
    }
}
