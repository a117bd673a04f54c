#!/usr/bin/env bash
# Fuzzes tutor's input handling with libFuzzer: builds the TutorFuzz target with
# -sanitize=fuzzer (in .build-fuzz/, release mode) and runs one target for N iterations.
#
#   scripts/fuzz.sh TARGET [RUNS] [extra libFuzzer flags...]
#
# TARGET is script, lesson or answers. The seed corpus is Tests/Fuzz/Seeds/TARGET plus the
# project's own scripts and lessons; crashers are written to .build-fuzz/crashes/TARGET/ —
# commit each one under Tests/Fuzz/Crashers/TARGET/ so FuzzRegressionTests replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz.sh script|lesson|answers [RUNS] [libFuzzer flags]}
runs=${2:-1000000}
shift $(( $# >= 2 ? 2 : 1 ))

# SwiftPM links an executable around its own entry point, which libFuzzer's main would clash
# with: compile the modules with SwiftPM, then link them with libFuzzer here.
build=.build-fuzz/x86_64-unknown-linux-gnu/release
swift build -c release --target TutorFuzz --scratch-path .build-fuzz \
    -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library -Xswiftc -DFUZZING >&2
# The objects of the modules' current sources (a moved or deleted file leaves a stale one).
objects=$(grep -ho '"object": *"[^"]*\.swift\.o"' "$build"/{TensorCore,StepScript,LessonKit,TutorFuzz}.build/output-file-map.json \
    | sed 's/.*: *"\(.*\)"/\1/')
# shellcheck disable=SC2086
swiftc -sanitize=fuzzer -o .build-fuzz/tutor-fuzz $objects $(pkg-config --libs libcmark) >&2

work=.build-fuzz/corpus/$target
crashes=.build-fuzz/crashes/$target
mkdir -p "$work" "$crashes"
seeds=()
[ -d "Tests/Fuzz/Seeds/$target" ] && seeds+=("Tests/Fuzz/Seeds/$target")
case $target in
    script) seeds+=(Tests/StepScriptTests/Scripts) ;;
    lesson) seeds+=(Lessons) ;;
esac

dict=()
[ -f "Tests/Fuzz/$target.dict" ] && dict=(-dict="Tests/Fuzz/$target.dict")
# libFuzzer, not the Swift runtime, must handle a trap, so that it saves the input.
export SWIFT_BACKTRACE=enable=no
TUTOR_FUZZ_TARGET=$target exec .build-fuzz/tutor-fuzz "$work" "${seeds[@]}" \
    -runs="$runs" -max_len=8192 -timeout=10 -rss_limit_mb=3072 -artifact_prefix="$crashes/" \
    -print_final_stats=1 "${dict[@]}" "$@"
