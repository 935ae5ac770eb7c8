/// The Okabe–Ito colour-blind-safe palette; index i is the i-th model or group everywhere.
public enum Palette {
    public static let colors = [
        "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
    ]

    public static func color(_ index: Int) -> String {
        colors[((index % colors.count) + colors.count) % colors.count]
    }
}
