import Foundation
import Testing

/// Every input the fuzzers (`scripts/fuzz.sh`) ever crashed on, replayed through the same target
/// by the `TutorFuzz` binary: each must now end normally.
@Suite struct FuzzRegressionTests {
    static let crashers = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/Crashers")

    /// The saved inputs of one target, sorted so failures are reported stably.
    static func inputs(_ target: String) -> [String] {
        let dir = crashers.appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { dir.appendingPathComponent($0).path }
    }

    @Test(arguments: ["script", "lesson", "answers"])
    func crashersEndNormally(target: String) throws {
        let files = Self.inputs(target)
        if files.isEmpty { return }
        let binary = TutorBinary.url.deletingLastPathComponent().appendingPathComponent("TutorFuzz")
        let process = Process()
        process.executableURL = binary
        process.arguments = [target] + files
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0,
                "TutorFuzz \(target) crashed: \(String(decoding: stderr.prefix(2000), as: UTF8.self))")
    }
}
