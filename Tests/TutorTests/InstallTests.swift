import Foundation
import LessonKit
import Testing

/// tutor carries its lessons: the binary copied anywhere, run from anywhere, has them all.
@Suite struct InstallTests {
    @Test func aCopiedBinaryRunsItsBuiltInLessonsFromAnywhere() throws {
        let dir = try TutorBinary.temporaryDirectory()
        let copy = dir.appendingPathComponent("tutor")
        try FileManager.default.copyItem(at: TutorBinary.url, to: copy)
        let empty = try TutorBinary.temporaryDirectory()
        let process = Process()
        process.executableURL = copy
        process.arguments = ["run", "1", "--json"]
        process.currentDirectoryURL = empty
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "TUTOR_LESSONS")
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let report = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(report?["lesson"] as? Int == 1)
        #expect(report?["path"] as? String == "Lessons/01-attention-without-weights.md")
    }

    @Test func theBuiltInLessonsAreThePackagesFilesByteForByte() throws {
        let folder = LessonLibrary(directory: LessonLibrary.packageDirectory)
        let builtIn = LessonLibrary.builtIn
        #expect(builtIn.entries().map(\.number) == folder.entries().map(\.number))
        #expect(!builtIn.entries().isEmpty)
        for entry in folder.entries() {
            let file = try String(contentsOfFile: entry.path, encoding: .utf8)
            #expect(try builtIn.load(entry.number).source == file)
            #expect(try builtIn.load(entry.number).path == "Lessons/" + (entry.path as NSString).lastPathComponent)
        }
    }

    @Test func builtInLessonsCannotBeRewritten() throws {
        let run = try TutorBinary.run(["check", "--update", "1"], directory: try TutorBinary.temporaryDirectory())
        #expect(run.status == 64)
        #expect(run.stderr.contains("built into tutor"))
    }

    @Test func anEmptyLessonsFolderSaysHowToNameAnother() throws {
        let run = try TutorBinary.run(["list", "--lessons", try TutorBinary.temporaryDirectory().path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("--lessons DIR or $TUTOR_LESSONS"))
    }
}
