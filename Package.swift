// swift-tools-version:6.0
import PackageDescription

// Dependencies point one way: LoupeData (reading) and LoupeMetrics (computing) feed LoupeCore,
// which produces a LoupeResults value; LoupeSite renders only that value, drawing with LoupeCharts.
let package = Package(
    name: "Loupe",
    products: [
        .executable(name: "loupe", targets: ["loupe"])
    ],
    targets: [
        .executableTarget(name: "loupe", dependencies: ["LoupeCore"]),
        .target(name: "LoupeData"),
        .target(name: "LoupeMetrics", dependencies: ["LoupeResults"]),
        .target(name: "LoupeResults"),
        .target(name: "LoupeCharts"),
        .target(name: "CLoupeSHA"),
        .target(name: "LoupeDigest", dependencies: ["CLoupeSHA"]),
        .target(
            name: "LoupeSite",
            dependencies: ["LoupeResults", "LoupeCharts", "LoupeDigest"],
            plugins: ["EmbedTemplates"]
        ),
        .target(
            name: "LoupeCore",
            dependencies: ["LoupeData", "LoupeMetrics", "LoupeResults", "LoupeCharts", "LoupeSite", "LoupeDigest"]
        ),
        .executableTarget(name: "TemplateEmbedder"),
        .plugin(name: "EmbedTemplates", capability: .buildTool(), dependencies: ["TemplateEmbedder"]),
        .testTarget(name: "LoupeDataTests", dependencies: ["LoupeData"], resources: [.copy("Fixtures")]),
        .testTarget(name: "LoupeMetricsTests", dependencies: ["LoupeMetrics", "LoupeResults"], resources: [.copy("Fixtures")]),
        .testTarget(name: "LoupeDigestTests", dependencies: ["LoupeDigest"]),
        .testTarget(name: "LoupeChartsTests", dependencies: ["LoupeCharts"], exclude: ["Snapshots"]),
        .testTarget(name: "LoupeSiteTests", dependencies: ["LoupeSite", "LoupeResults"], exclude: ["Snapshots"]),
        .testTarget(name: "LoupeCoreTests", dependencies: ["LoupeCore", "LoupeResults"], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
