/// Facts about this build of Loupe.
public enum Loupe {
    public static let version = "0.1.0"
}
