import ArgumentParser
import Foundation
import LessonKit

/// When to colour the output.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

/// Options every lesson command shares.
struct LessonOptions: ParsableArguments {
    @Option(name: .long, help: "Folder of lesson files (default: $TUTOR_LESSONS, ./Lessons, or the package's Lessons).",
            completion: .directory)
    var lessons: String?

    @Option(name: .long, help: "Colour output: auto (when stdout is a terminal and NO_COLOR is unset), always or never.")
    var color: ColorChoice = .auto

    func library() throws -> LessonLibrary {
        try LessonLibrary.locate(explicit: lessons)
    }

    /// Whether to use ANSI colours on stdout.
    var useColor: Bool {
        switch color {
        case .always: return true
        case .never: return false
        case .auto:
            let env = ProcessInfo.processInfo.environment
            if let v = env["NO_COLOR"], !v.isEmpty { return false }
            return isatty(STDOUT_FILENO) == 1 && env["TERM"] != "dumb"
        }
    }
}

/// Runs a command body, turning lesson errors into a diagnostic and exit status 1 (64 for
/// a lesson number that does not exist: a usage error).
func reportingLessonErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let e as LessonError {
        printError(e.description)
        if case .unknownLesson = e { throw ExitCode(64) }
        throw ExitCode(1)
    }
}

/// The width to lay text out in: `$COLUMNS` when set, else the terminal's width when stdout
/// is one, else 80; kept between 40 and 100 columns so prose stays readable.
func terminalWidth(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
    var width = 80
    var size = winsize()
    if let columns = environment["COLUMNS"].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), columns > 0 {
        width = columns
    } else if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
        width = Int(size.ws_col)
    }
    return min(max(width, 40), 100)
}

/// Shell completion for a lesson number: the lessons in the folder `--lessons` names among
/// the words typed so far, else `$TUTOR_LESSONS`, `./Lessons` or the package's own.
let lessonNumberCompletion = CompletionKind.custom { words, _, _ in
    var explicit: String? = nil
    for (i, word) in words.enumerated() {
        if word == "--lessons", i + 1 < words.count { explicit = words[i + 1] }
        if word.hasPrefix("--lessons=") { explicit = String(word.dropFirst("--lessons=".count)) }
    }
    guard let library = try? LessonLibrary.locate(explicit: explicit) else { return [] }
    return library.entries().map { String($0.number) }
}
