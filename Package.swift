// swift-tools-version:6.0
import PackageDescription

// Dependencies point one way. LoupeData reads tables; LoupeMetrics computes statistics into
// LoupeResults values; LoupeEvaluation turns settings and data into a finished Results; LoupeSite
// renders only a Results value (pages, JUnit, Markdown), drawing with LoupeCharts and escaping
// with LoupeMarkup; LoupeDemo generates example data; LoupeCLI is the command line over all of
// them, and the `loupe` executable is a few lines over LoupeCLI. See docs/ARCHITECTURE.md.
let package = Package(
    name: "Loupe",
    products: [
        .executable(name: "loupe", targets: ["loupe"])
    ],
    targets: [
        .executableTarget(name: "loupe", dependencies: ["LoupeCLI"]),
        .target(name: "LoupeData"),
        .target(name: "LoupeResults"),
        .target(name: "LoupeMetrics", dependencies: ["LoupeResults"]),
        .target(name: "LoupeMarkup"),
        .target(name: "LoupeCharts", dependencies: ["LoupeMarkup"]),
        .target(name: "CLoupeSHA"),
        .target(name: "LoupeDigest", dependencies: ["CLoupeSHA"]),
        .target(
            name: "LoupeSite",
            dependencies: ["LoupeResults", "LoupeMarkup", "LoupeCharts", "LoupeDigest"],
            plugins: ["EmbedTemplates"]
        ),
        .target(
            name: "LoupeEvaluation",
            dependencies: ["LoupeData", "LoupeMetrics", "LoupeResults", "LoupeMarkup", "LoupeDigest"]
        ),
        .target(name: "LoupeDemo", dependencies: ["LoupeData", "LoupeMetrics"], plugins: ["EmbedTemplates"]),
        .target(
            name: "LoupeCLI",
            dependencies: ["LoupeEvaluation", "LoupeDemo", "LoupeResults", "LoupeMarkup", "LoupeSite", "LoupeData"]
        ),
        .executableTarget(name: "TemplateEmbedder"),
        .plugin(name: "EmbedTemplates", capability: .buildTool(), dependencies: ["TemplateEmbedder"]),
        .testTarget(name: "LoupeDataTests", dependencies: ["LoupeData"], resources: [.copy("Fixtures")]),
        .testTarget(name: "LoupeMetricsTests", dependencies: ["LoupeMetrics", "LoupeResults"], resources: [.copy("Fixtures")]),
        .testTarget(name: "LoupeDigestTests", dependencies: ["LoupeDigest"]),
        .testTarget(name: "LoupeChartsTests", dependencies: ["LoupeCharts", "LoupeMarkup"], exclude: ["Snapshots"]),
        .testTarget(
            name: "LoupeSiteTests", dependencies: ["LoupeSite", "LoupeResults", "LoupeMarkup"], exclude: ["Snapshots"]),
        .testTarget(
            name: "LoupeCLITests",
            dependencies: ["LoupeCLI", "LoupeEvaluation", "LoupeDemo", "LoupeResults", "LoupeMarkup", "LoupeSite"],
            resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
