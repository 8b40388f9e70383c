// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "sitegen",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sitegen", targets: ["sitegen"]),
        .library(name: "SitegenKit", targets: ["SitegenKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.14.0"),
    ],
    targets: [
        // The C library, found on the system (Debian's libcmark-gfm-dev or Homebrew's cmark-gfm).
        .systemLibrary(name: "CCmarkGFM", path: "Sources/CCmarkGFM"),
        .target(name: "Diagnostics"),
        .target(
            name: "Rules",
            // Scenario files are also read from libyaml's events (ScenarioFile+Events.swift):
            // Yams builds libyaml as its target CYaml, which comes with its product.
            dependencies: ["Diagnostics", .product(name: "Yams", package: "Yams")]
        ),
        // Directives carry rules expressions and stamp formats, so they build on Rules' types.
        .target(name: "Directives", dependencies: ["Diagnostics", "Rules"]),
        // Reads a node's text where cmark-gfm keeps it, through the library's own node layout
        // where the system installs its headers (Debian does), and its public API elsewhere.
        .target(name: "CmarkNodeAccess", dependencies: ["CCmarkGFM"]),
        .target(
            name: "MarkdownRendering",
            dependencies: ["CCmarkGFM", "CmarkNodeAccess"],
            linkerSettings: [
                // Debian ships the extensions library only under its versioned name (no
                // unversioned link), so it is named exactly; elsewhere the plain name works.
                .linkedLibrary(":libcmark-gfm-extensions.so.0.29.0.gfm.6", .when(platforms: [.linux])),
                .linkedLibrary("cmark-gfm-extensions", .when(platforms: [.macOS])),
            ]
        ),
        .target(
            name: "SitegenKit",
            dependencies: [
                "Diagnostics", "Rules", "Directives", "MarkdownRendering", "Templating",
                .product(name: "Yams", package: "Yams"),
            ],
            // The default templates and the JSON Schemas, compiled into the binary so that no
            // resource bundle has to travel with it. Both are links to the one copy writers
            // edit (`Templates/`, `docs/schemas/`); BuiltInFiles.swift names each file.
            resources: [.embedInCode("Defaults/Templates"), .embedInCode("Defaults/schemas")]
        ),
        .target(
            name: "PreviewServer",
            dependencies: [
                "SitegenKit", "Diagnostics", "MarkdownRendering",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "SitegenCLI",
            dependencies: [
                "SitegenKit", "PreviewServer", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "sitegen",
            dependencies: ["SitegenCLI"],
            // On Linux a release build allocates with gperftools' TCMalloc (Debian's
            // libtcmalloc-minimal4, which scripts/setup installs), named by its versioned file as
            // Debian ships no unversioned link without the -dev package: a build makes millions of
            // small allocations, and glibc's allocator took 11–14 % of its CPU
            // (docs/performance.md, "The allocator"). SITEGEN_MALLOC=system builds with glibc's.
            linkerSettings: Context.environment["SITEGEN_MALLOC"] == "system"
                ? [] : [.linkedLibrary(":libtcmalloc_minimal.so.4", .when(platforms: [.linux], configuration: .release))]
        ),
        // Mustache templates compiled once into render plans over typed values.
        .target(name: "Templating"),
        // `swift run -c release TemplatingBenchmark`: the layout rendered by swift-mustache and
        // by Templating for the same synthetic pages (docs/performance.md).
        .executableTarget(
            name: "TemplatingBenchmark",
            dependencies: ["Templating", .product(name: "Mustache", package: "swift-mustache")],
            path: "scripts/bench/TemplatingBenchmark"
        ),
        // libFuzzer targets (docs/fuzzing.md, scripts/fuzz). Built normally they are replayers that
        // run the files given as arguments; built with -DSITEGEN_FUZZING and -sanitize=fuzzer they
        // are fuzzers.
        .target(name: "FuzzSupport", dependencies: ["Diagnostics", "Rules"]),
        .executableTarget(name: "FuzzExpressions", dependencies: ["Diagnostics", "Rules", "FuzzSupport"]),
        .executableTarget(name: "FuzzDirectives", dependencies: ["Diagnostics", "Rules", "Directives", "FuzzSupport"]),
        .executableTarget(name: "FuzzLoaders", dependencies: ["Diagnostics", "Rules", "SitegenKit", "FuzzSupport"]),
        .executableTarget(name: "FuzzPage", dependencies: ["Diagnostics", "MarkdownRendering", "SitegenKit", "FuzzSupport"]),
        // Shared by the test targets that draw random cases; no product ships it.
        .target(name: "SeededRandom", path: "Tests/SeededRandom"),
        .testTarget(name: "DiagnosticsTests", dependencies: ["Diagnostics", "SeededRandom"]),
        .testTarget(name: "RulesTests", dependencies: ["Rules", "SeededRandom", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "DirectivesTests", dependencies: ["Directives", "SeededRandom"]),
        .testTarget(
            name: "MarkdownRenderingTests",
            dependencies: ["MarkdownRendering", "CmarkNodeAccess", "SeededRandom"],
            resources: [.copy("Conformance")]
        ),
        .testTarget(
            name: "SitegenKitTests",
            dependencies: ["SitegenKit", "SeededRandom"],
            exclude: ["Golden"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "TemplatingTests",
            dependencies: ["Templating", "SeededRandom", .product(name: "Mustache", package: "swift-mustache")],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "PreviewServerTests",
            dependencies: ["PreviewServer", "SitegenKit", "Diagnostics"],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
