import Foundation
import Testing

/// `tutor export`'s format and destination: a mismatch between --format and the file's
/// extension is pointed out, and replacing an earlier export written without -o is said.
@Suite struct ExportFormatTests {
    static let lessons = ExportCommandTests.lessonsDirectory.path

    @Test func aFormatTheExtensionContradictsIsAWarning() throws {
        let dir = try TutorBinary.temporaryDirectory()
        let out = dir.appendingPathComponent("l1.html").path
        let run = try TutorBinary.run(["export", "1", "--format", "md", "-o", out, "--lessons", Self.lessons])
        #expect(run.status == 0)
        #expect(run.stderr.contains("tutor: warning: writing Markdown into '\(out)', whose extension says HTML"))
        #expect(try String(contentsOfFile: out, encoding: .utf8).hasPrefix("# "))
        let inferred = try TutorBinary.run(["export", "1", "-o", dir.appendingPathComponent("l1.ipynb").path, "--lessons", Self.lessons])
        #expect(inferred.status == 0)
        #expect(!inferred.stderr.contains("warning"))
    }

    @Test func replacingAnEarlierDefaultExportIsSaid() throws {
        let dir = try TutorBinary.temporaryDirectory()
        let first = try TutorBinary.run(["export", "1", "--format", "ipynb", "--lessons", Self.lessons], directory: dir)
        #expect(first.stderr.hasPrefix("wrote 01-"), "\(first.stderr)")
        let second = try TutorBinary.run(["export", "1", "--format", "ipynb", "--lessons", Self.lessons], directory: dir)
        #expect(second.status == 0)
        #expect(second.stderr.hasPrefix("replaced the earlier 01-"), "\(second.stderr)")
    }
}
