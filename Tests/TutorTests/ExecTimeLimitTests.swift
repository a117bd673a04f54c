import Foundation
import Testing

/// `tutor exec --time-limit`: a usable number of seconds, or a usage error (exit 64).
@Suite struct ExecTimeLimitTests {
    func script() throws -> String {
        let url = try TutorBinary.temporaryDirectory().appendingPathComponent("step.py")
        try Data("print(1 + 1)\n".utf8).write(to: url)
        return url.path
    }

    /// `nan` once meant no limit at all: `nan <= 0` is false.
    @Test(arguments: ["nan", "NaN", "inf", "-inf", "infinity", "0", "-0", "-1", "-1e-9", "86400.5", "1e300", "1e9"])
    func unusableLimitsAreUsageErrors(_ value: String) throws {
        let run = try TutorBinary.run(["exec", "--time-limit=\(value)", try script()])
        #expect(run.status == 64, "\(value): \(run.stderr)")
        #expect(run.stderr.contains("--time-limit must be a number of seconds greater than 0 and at most 86400"), "\(value)")
        #expect(run.stdout.isEmpty)
    }

    @Test(arguments: ["0.5", "1e-1", "86400", "10"])
    func usableLimitsRun(_ value: String) throws {
        let run = try TutorBinary.run(["exec", "--time-limit", value, try script()])
        #expect(run.status == 0, "\(value): \(run.stderr)")
        #expect(run.stdout == "2\n")
    }

    @Test func aWordIsAUsageError() throws {
        let run = try TutorBinary.run(["exec", "--time-limit", "soon", try script()])
        #expect(run.status == 64)
    }
}
