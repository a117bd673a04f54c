// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "AttentionTutor",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tutor", targets: ["tutor"]),
        .library(name: "TensorCore", targets: ["TensorCore"]),
        .library(name: "StepScript", targets: ["StepScript"]),
        .library(name: "LessonKit", targets: ["LessonKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        .target(name: "TensorCore"),
        .target(name: "StepScript", dependencies: ["TensorCore"]),
        .target(
            name: "LessonKit",
            dependencies: ["CCmark", "StepScript", "TensorCore"],
            // The lessons are compiled in, so the binary needs no folder beside it.
            plugins: ["EmbedLessons"]
        ),
        .executableTarget(name: "EmbedLessonsTool"),
        .plugin(name: "EmbedLessons", capability: .buildTool(), dependencies: ["EmbedLessonsTool"]),
        .executableTarget(
            name: "tutor",
            dependencies: [
                "LessonKit",
                "StepScript",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "TutorFuzz",
            dependencies: ["LessonKit", "StepScript"]
        ),
        .testTarget(
            name: "TensorCoreTests",
            dependencies: ["TensorCore"],
            resources: [.copy("Reference")]
        ),
        .testTarget(
            name: "StepScriptTests",
            dependencies: ["StepScript", "TensorCore"],
            resources: [.copy("Scripts")]
        ),
        .testTarget(
            name: "LessonKitTests",
            dependencies: ["LessonKit", "StepScript"],
            resources: [.copy("Resources")]
        ),
        .testTarget(
            name: "TutorTests",
            // The tests run these programs: building the tests builds them.
            dependencies: ["tutor", "TutorFuzz"]
        ),
    ]
)
