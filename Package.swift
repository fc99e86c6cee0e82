// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "qeval",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "qeval", targets: ["qeval"]),
        .library(name: "QEval", targets: ["QEval"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        // The web workspace (`qeval serve`): HTTP server, templates, accounts, storage, form uploads.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // HTTPS off loopback (issue 26): certificates and keys from PEM files.
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // libxlsxwriter from Debian's libxlsxwriter-dev (pkg-config name `xlsxwriter`).
        .systemLibrary(
            name: "CXlsxWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        // libcsv from Debian's libcsv-dev (no pkg-config file: the module map links `csv`).
        .systemLibrary(
            name: "CCsv",
            providers: [.apt(["libcsv-dev"])]
        ),
        // libxml2 from Debian's libxml2-dev: the SAX parser that streams a worksheet (pkg-config `libxml-2.0`).
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // The scoring core, one target per stage so that a stage reaching back into a later one does not
        // compile (docs/ARCHITECTURE.md): Support → Rules → Input → Forms / Evaluation → Ranking → Pipeline →
        // Explanation, Compare, Robustness. No workbook writer, no console, no HTTP anywhere in it.
        // What every stage may use: the message catalogue, diagnostics, text decoding, CSV reading and writing,
        // number formatting, atomic file writing.
        .target(name: "QEvalSupport", dependencies: ["CCsv"]),
        // The standard as data: rulebooks, weights files, the regions list.
        .target(
            name: "QEvalRules",
            dependencies: [
                "QEvalSupport",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // One row per applicant from a table: header resolution, cells read as their fields expect, checks.
        .target(
            name: "QEvalInput",
            dependencies: [
                "QEvalRules", "CLibXML2", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // The county forms (a folder of filled-in forms) gathered into the applicant table.
        .target(
            name: "QEvalForms",
            dependencies: ["QEvalInput", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // Reviewers' findings (核查记录): read, checked against the declared cohort, applied as the verified one.
        .target(name: "QEvalFindings", dependencies: ["QEvalInput"]),
        // The rules applied to every applicant: gates, parts, the efficacy coefficient over the cohort.
        .target(name: "QEvalEvaluation", dependencies: ["QEvalInput"]),
        // The expert panel (专家评审): the experts' levels read, checked and combined into the judged parts' points.
        .target(name: "QEvalPanel", dependencies: ["QEvalEvaluation", "QEvalFindings"]),
        // Totals ordered, ties, tiers, the recognised set.
        .target(name: "QEvalRanking", dependencies: ["QEvalEvaluation"]),
        // Every door (a file, bytes, a folder of forms) to one ranked cohort; the sample generator.
        .target(
            name: "QEvalPipeline",
            dependencies: ["QEvalRanking", "QEvalForms", "QEvalFindings", "QEvalPanel"]
        ),
        // The analyses of a ranked cohort, siblings that do not use each other.
        .target(name: "QEvalExplanation", dependencies: ["QEvalPipeline"]),
        .target(name: "QEvalCompare", dependencies: ["QEvalPipeline"]),
        .target(name: "QEvalRobustness", dependencies: ["QEvalPipeline"]),
        // The core as one module for the reports, the web and the CLI (`import QEval`).
        .target(
            name: "QEval",
            dependencies: ["QEvalPipeline", "QEvalExplanation", "QEvalCompare", "QEvalRobustness"]
        ),
        // What people read, over the core: the workbooks (libxlsxwriter), the CSV outputs, the feedback
        // workbooks, the fill-in form, and the console's summaries and help.
        .target(
            name: "QEvalReports",
            dependencies: ["QEval", "CXlsxWriter"]
        ),
        // The web workspace over the same library: pages and handlers only wire library calls to HTTP.
        .target(
            name: "QEvalWeb",
            dependencies: [
                "QEval",
                "QEvalReports",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            // Templates, the stylesheet and the script, as files (read once at start).
            resources: [.copy("Resources")]
        ),
        .executableTarget(
            name: "qeval",
            dependencies: [
                "QEval",
                "QEvalReports",
                "QEvalWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // libFuzzer target for the input stage (scripts/fuzz builds it with -sanitize=fuzzer into .build-fuzz);
        // in a normal build it is a small tool that replays saved inputs through the same checks.
        .executableTarget(
            name: "qeval-fuzz",
            dependencies: ["QEval"],
            path: "Sources/qeval-fuzz"
        ),
        .testTarget(
            name: "QEvalTests",
            dependencies: [
                "QEval",
                "QEvalReports",
                "QEvalWeb",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [.copy("Fixtures")]
        ),
    ]
)
