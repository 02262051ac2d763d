// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "goldaw",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "goldaw", targets: ["goldaw"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // Pure domain rules (territories, dates, money, access policy table): no Vapor, no Fluent, no I/O.
        .target(name: "GoldawCore"),
        // The Vapor application as a library, so tests and commands reach it without a process.
        .target(
            name: "GoldawApp",
            dependencies: [
                "GoldawCore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // The executable: entry point only.
        .executableTarget(
            name: "goldaw",
            dependencies: ["GoldawApp"]
        ),
        .testTarget(name: "GoldawCoreTests", dependencies: ["GoldawCore"]),
        .testTarget(
            name: "GoldawAppTests",
            dependencies: [
                "GoldawApp",
                .product(name: "VaporTesting", package: "vapor"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
