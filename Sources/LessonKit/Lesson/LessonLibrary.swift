import Foundation

/// The folder of lesson files and the lessons in it, by number.
public struct LessonLibrary: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The package's own `Lessons/` folder, found from this source file's place in the package.
    public static let packageDirectory: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Lessons").path
    }()

    /// Chooses the folder: `--lessons DIR`, else `$TUTOR_LESSONS`, else `./Lessons`, else the
    /// package's own `Lessons/`.
    public static func locate(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                              currentDirectory: String = FileManager.default.currentDirectoryPath) throws -> LessonLibrary {
        if let dir = explicit ?? environment["TUTOR_LESSONS"].flatMap({ $0.isEmpty ? nil : $0 }) {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
                throw LessonError.noLessons(directory: dir)
            }
            return LessonLibrary(directory: dir)
        }
        let local = URL(fileURLWithPath: currentDirectory).appendingPathComponent("Lessons").path
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: local, isDirectory: &isDir), isDir.boolValue,
           !(LessonLibrary(directory: local).entries().isEmpty) {
            return LessonLibrary(directory: "Lessons")
        }
        return LessonLibrary(directory: packageDirectory)
    }

    /// Lesson files (`NN-name.md`) by number, in order.
    public func entries() -> [(number: Int, path: String)] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var result = [(number: Int, path: String)]()
        for name in files where name.hasSuffix(".md") {
            let prefix = name.prefix { $0.isNumber }
            guard !prefix.isEmpty, let n = Int(prefix), name.dropFirst(prefix.count).first == "-" else { continue }
            result.append((n, (directory as NSString).appendingPathComponent(name)))
        }
        return result.sorted { $0.number < $1.number }
    }

    /// Parses lesson `number`, or says which lessons exist.
    public func load(_ number: Int) throws -> Lesson {
        let all = entries()
        if all.isEmpty { throw LessonError.noLessons(directory: directory) }
        guard let entry = all.first(where: { $0.number == number }) else {
            throw LessonError.unknownLesson(number, available: all.map(\.number))
        }
        return try MarkdownParser.load(path: entry.path, number: number)
    }
}
