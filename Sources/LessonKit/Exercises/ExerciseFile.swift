import Foundation

/// The file a learner writes a lesson's exercises in: where it goes and what it starts as.
public enum ExerciseFile {
    /// `tutor-exercises/01-attention-without-weights.py`, under the current folder.
    public static func defaultPath(for lesson: Lesson) -> String {
        let name = ((lesson.path as NSString).lastPathComponent as NSString).deletingPathExtension
        return "tutor-exercises/\(name).py"
    }

    /// The starter file: a header saying how to check it, then each exercise's task as
    /// comments followed by its starter code.
    public static func starter(for lesson: Lesson) -> String {
        let exercises = lesson.exercises
        var out = [
            "# Lesson \(lesson.number): \(lesson.title) - exercises",
            "#",
            "# Write each exercise below, then check your work with",
            "#     tutor exercise \(lesson.number)",
            "# or keep checking while you edit with",
            "#     tutor exercise \(lesson.number) --watch",
            "# This file runs inside the lesson, at each exercise's place in it, so the",
            "# lesson's names (torch, nn, the tensors its steps made) are there to use.",
        ]
        for exercise in exercises {
            out += ["", "", "# " + String(repeating: "-", count: 70),
                    "# Exercise \(exercise.index + 1) of \(exercises.count): \(exercise.name)", "#"]
            out += exercise.task.markdown.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "#" : "# " + $0 }
            out += ["", exercise.starter.text.trimmingCharacters(in: .newlines)]
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// A short stable digest of code (FNV-1a, 64 bits), to tell whether it changed.
    public static func digest(_ code: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in code.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}

/// The hints an exercise shows, a step at a time.
public enum ExerciseHints {
    /// The hint to show after a check, with its number, and the exercise's record after it.
    ///
    /// A failing check shows the next hint, a nudge first; checking the same code again shows
    /// the same hint, so only a new attempt earns a more precise one. Passing, an error in
    /// the file and an exercise not started show none.
    public static func next(_ result: ExerciseResult, record before: ExerciseRecord?, code: String,
                            date: String) -> (hint: (text: String, number: Int)?, record: ExerciseRecord) {
        var record = before ?? ExerciseRecord()
        record.status = result.status.rawValue
        record.checks += 1
        record.date = date
        if result.status == .pass { record.passed = true }
        let hints = result.exercise.hints
        guard result.status == .fail, !hints.isEmpty else { return (nil, record) }
        let digest = ExerciseFile.digest(code)
        if record.hintedCode != digest || record.hintsShown == 0 {
            record.hintsShown = min(record.hintsShown + 1, hints.count)
            record.hintedCode = digest
        }
        let number = min(max(record.hintsShown, 1), hints.count)
        return ((hints[number - 1], number), record)
    }
}
