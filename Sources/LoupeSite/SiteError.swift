/// Everything that can go wrong while loading templates or rendering a site.
///
/// Each case reads as one sentence that starts with where the problem is, so the CLI can print
/// it as it is: `slices.html:12:7: unknown variable 'sliceCount'`.
public enum SiteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A template could not be parsed or rendered; `line` and `column` are 1-based and point at
    /// the `{{` of the offending tag.
    case template(file: String, line: Int, column: Int, message: String)
    /// The `--templates` folder or one of its files could not be read.
    case templateDirectory(path: String, message: String)
    /// A page needs a template that neither the binary nor the override folder provides.
    case missingTemplate(String)

    public var description: String {
        switch self {
        case let .template(file, line, column, message): return "\(file):\(line):\(column): \(message)"
        case let .templateDirectory(path, message): return "\(path): \(message)"
        case let .missingTemplate(name): return "\(name): no such template (it is required to render the site)"
        }
    }
}
