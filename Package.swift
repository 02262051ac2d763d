// swift-tools-version:6.1
import PackageDescription

// What every server-side target builds on.
let server: [Target.Dependency] = [
    "GoldawCore",
    .product(name: "Vapor", package: "vapor"),
    .product(name: "Fluent", package: "fluent"),
]

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
        // Accounts, sessions, tokens, the access gate, territories, audit, i18n, the web and API kits, the domain contract.
        .target(name: "GoldawPlatform", dependencies: server + [
            .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
            .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
            .product(name: "Leaf", package: "leaf"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        // People, households, functioning, family links, duplicates and merges, imports: depends on no domain built on it.
        .target(name: "GoldawRegistry", dependencies: server + ["GoldawPlatform"]),
        // Child and family cash benefits: programmes, applications, enrolments, payroll.
        .target(name: "GoldawBenefits", dependencies: server + ["GoldawPlatform", "GoldawRegistry"]),
        // Grievances and appeals, and children's complaints; an appeal re-opens a benefits decision, hence
        // Benefits; a report of a child at risk enters child protection's intake queue, hence Cases.
        .target(name: "GoldawGrievances", dependencies: server + ["GoldawPlatform", "GoldawRegistry", "GoldawBenefits", "GoldawCases"]),
        // The services directory, referrals, inventory and the social workforce.
        .target(name: "GoldawSocialServices", dependencies: server + ["GoldawPlatform", "GoldawRegistry"]),
        // Child protection case management; a case refers children to services.
        .target(name: "GoldawCases", dependencies: server + ["GoldawPlatform", "GoldawRegistry", "GoldawSocialServices"]),
        // Alternative care and gatekeeping: settings, carers, commission sittings, placements, reviews.
        .target(name: "GoldawCare", dependencies: server + ["GoldawPlatform", "GoldawRegistry"]),
        // Justice for children: records from apprehension to aftercare, places of detention and
        // interview rooms, child victims and witnesses; a child below the age opens a case, hence Cases.
        .target(name: "GoldawJustice", dependencies: server + ["GoldawPlatform", "GoldawRegistry", "GoldawSocialServices", "GoldawCases"]),
        // National indicators, computed from the registry and the domains' tables by SQL.
        .target(name: "GoldawIndicators", dependencies: server + ["GoldawPlatform", "GoldawRegistry"]),
        // The synthetic population generator (people, households, enrolments, cases, referrals, placements) and the `bench` commands.
        .target(name: "GoldawTools", dependencies: server + [
            "GoldawPlatform", "GoldawRegistry", "GoldawBenefits", "GoldawSocialServices", "GoldawCases", "GoldawCare", "GoldawJustice", "GoldawIndicators",
            .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
        ]),
        // Composes the domains: configure, the route list, the migrations list, commands, demo data.
        .target(name: "GoldawApp", dependencies: server + [
            "GoldawPlatform", "GoldawRegistry", "GoldawBenefits", "GoldawGrievances", "GoldawSocialServices",
            "GoldawCases", "GoldawCare", "GoldawJustice", "GoldawIndicators", "GoldawTools",
            .product(name: "Leaf", package: "leaf"),
        ]),
        // The executable: entry point only.
        .executableTarget(name: "goldaw", dependencies: ["GoldawApp"]),
        .testTarget(name: "GoldawCoreTests", dependencies: ["GoldawCore"]),
        .testTarget(name: "GoldawAppTests", dependencies: [
            "GoldawApp", "GoldawPlatform", "GoldawRegistry", "GoldawBenefits", "GoldawGrievances", "GoldawSocialServices",
            "GoldawCases", "GoldawCare", "GoldawJustice", "GoldawIndicators", "GoldawTools",
            .product(name: "VaporTesting", package: "vapor"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
