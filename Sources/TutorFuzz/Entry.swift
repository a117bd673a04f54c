import Foundation

// `TutorFuzz`: in a fuzzing build (`scripts/fuzz.sh`, compiled with -sanitize=fuzzer and
// -DFUZZING) libFuzzer drives `LLVMFuzzerTestOneInput` with the target named by
// $TUTOR_FUZZ_TARGET. In an ordinary build it replays saved inputs, so a crasher can be rerun:
// `TutorFuzz TARGET FILE...`.

#if FUZZING
let fuzzTarget: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["TUTOR_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        FileHandle.standardError.write(Data("set TUTOR_FUZZ_TARGET to one of: \(FuzzTarget.names)\n".utf8))
        exit(2)
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
    fuzzTarget.run(Data(bytes: bytes, count: count))
    return 0
}
#else
@main
struct Replay {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
            FileHandle.standardError.write(Data("usage: TutorFuzz \(FuzzTarget.names.replacingOccurrences(of: ", ", with: "|")) FILE...\n".utf8))
            exit(64)
        }
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("TutorFuzz: cannot read '\(path)'\n".utf8))
                exit(1)
            }
            target.run(data)
            print("ok \(path)")
        }
    }
}
#endif
