import Foundation

/// Where the lessons come from, and the lessons there by number: a folder of lesson files,
/// or the lessons built into tutor (the package's `Lessons/`, compiled in).
public struct LessonLibrary: Sendable {
    public enum Source: Sendable, Equatable {
        case folder(String)
        case builtIn
    }

    public let source: Source

    public init(directory: String) {
        source = .folder(directory)
    }

    private init(source: Source) {
        self.source = source
    }

    /// The lessons compiled into tutor.
    public static let builtIn = LessonLibrary(source: .builtIn)

    /// The folder the built-in lessons name as theirs in diagnostics (`Lessons/01-...md:12`).
    public static let builtInFolder = "Lessons"

    /// The package's `Lessons/` folder in the source tree this file was built from (for
    /// tests and tools that work on the files themselves; tutor uses `builtIn`).
    public static let packageDirectory: String = {
        var url = URL(fileURLWithPath: #filePath)
        // Sources/LessonKit/Lesson/LessonLibrary.swift: four levels below the package.
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Lessons").path
    }()

    /// Where the lessons are, as messages say it.
    public var directory: String {
        switch source {
        case .folder(let dir): return dir
        case .builtIn: return "the lessons built into tutor"
        }
    }

    public var isBuiltIn: Bool { source == .builtIn }

    /// Chooses the lessons: `--lessons DIR`, else `$TUTOR_LESSONS`, else `./Lessons` when it
    /// holds lessons, else the ones built into tutor.
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
        return builtIn
    }

    /// Lesson files (`NN-name.md`) by number, in order.
    public func entries() -> [(number: Int, path: String)] {
        let names: [String]
        switch source {
        case .folder(let dir): names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        case .builtIn: names = EmbeddedLessons.files.map(\.name)
        }
        var result = [(number: Int, path: String)]()
        for name in names where name.hasSuffix(".md") {
            let prefix = name.prefix { $0.isNumber }
            guard !prefix.isEmpty, let n = Int(prefix), name.dropFirst(prefix.count).first == "-" else { continue }
            let folder = isBuiltIn ? Self.builtInFolder : directory
            result.append((n, (folder as NSString).appendingPathComponent(name)))
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
        switch source {
        case .folder:
            return try MarkdownParser.load(path: entry.path, number: number)
        case .builtIn:
            let name = (entry.path as NSString).lastPathComponent
            let text = EmbeddedLessons.files.first { $0.name == name }?.text ?? ""
            return try MarkdownParser.parse(text, path: entry.path, number: number)
        }
    }
}
