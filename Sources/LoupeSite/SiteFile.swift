/// One file of the rendered site: a path relative to the site folder and its text.
public struct SiteFile: Sendable, Equatable {
    public var path: String
    public var contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}
