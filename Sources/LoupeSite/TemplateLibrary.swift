/// The page templates compiled into the binary.
public enum TemplateLibrary {
    public static var embedded: [String: String] { EmbeddedTemplates.files }
}
